// Internal: what the operation files share. OpReader reads one operation's
// YAML map with errors "file:line: problem"; FnOperation is an Operation made
// of a name, a description and a run function; run_sql executes a statement
// online or hands it to `emit` offline.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "detail/revision_body.hpp"
#include "retort/engine/ddl.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/schema.hpp"
#include "retort/migrations/operations.hpp"

namespace retort::migrations::ops {

class OpReader {
 public:
  OpReader(const Revision& revision, std::string op, YAML::Node key, YAML::Node value)
      : rev_(revision), op_(std::move(op)), key_(std::move(key)), value_(std::move(value)) {}

  const std::string& op() const { return op_; }
  const Revision& revision() const { return rev_; }
  int line() const { return key_.Mark().line + 1; }
  // "file:line" of the operation, for errors raised while it runs.
  std::string where() const { return rev_.location(line()); }
  [[noreturn]] void fail(const YAML::Mark& at, const std::string& problem) const;
  [[noreturn]] void fail(const std::string& problem) const { fail(key_.Mark(), problem); }

  // The value must be a map with the `required` keys and no keys outside
  // required + optional.
  void expect_keys(const std::vector<std::string>& required,
                   const std::vector<std::string>& optional) const;
  bool has(const std::string& key) const { return bool(value_[key]); }
  YAML::Node node(const std::string& key) const { return value_[key]; }
  const YAML::Node& value() const { return value_; }
  const YAML::Node& key() const { return key_; }

  std::string string(const std::string& key) const;                          // required, non-empty
  std::optional<std::string> optional_string(const std::string& key) const;  // null: nullopt
  bool boolean(const std::string& key, bool fallback) const;
  std::optional<bool> optional_boolean(const std::string& key) const;
  std::vector<std::string> string_list(const std::string& key) const;  // required, non-empty
  Type type(const std::string& key) const;

  // Schema YAML pieces (docs/schema-yaml.md), with the same checks.
  Column column(const YAML::Node& node, const std::string& table) const;
  Table table(const std::string& name, const std::vector<std::string>& own_keys) const;

 private:
  const Revision& rev_;
  std::string op_;
  YAML::Node key_, value_;
};

using OperationParser = std::function<std::unique_ptr<Operation>(const OpReader&)>;

// The registry (registry.cpp): operation name -> parser.
const std::map<std::string, OperationParser, std::less<>>& operation_parsers();

class FnOperation final : public Operation {
 public:
  using Run = std::function<void(OperationContext&)>;
  using Undo = std::function<std::vector<std::string>(OperationContext&)>;
  FnOperation(std::string name, std::string description, Run run, bool autocommit = false)
      : name_(std::move(name)),
        description_(std::move(description)),
        run_(std::move(run)),
        autocommit_(autocommit) {}
  std::string_view name() const override { return name_; }
  std::string describe() const override { return description_; }
  bool needs_autocommit() const override { return autocommit_; }
  void run(OperationContext& ctx) const override { run_(ctx); }
  std::optional<std::vector<std::string>> undo_sql(OperationContext& ctx) const override {
    if (!undo_) return std::nullopt;
    return undo_(ctx);
  }
  // The inverse (undo_sql); without one the operation cannot be undone automatically.
  void set_undo(Undo undo) { undo_ = std::move(undo); }

 private:
  std::string name_, description_;
  Run run_;
  Undo undo_;
  bool autocommit_;
};

std::unique_ptr<FnOperation> make_op(const OpReader& r, std::string description,
                                     FnOperation::Run run, bool autocommit = false);

// Runs (online) or emits (offline) one statement; empty statements are skipped.
void run_sql(OperationContext& ctx, const std::string& sql);
void run_sql(OperationContext& ctx, const std::vector<std::string>& sql);
// The dialect the operation runs on (or renders for, offline), its
// capabilities (ALTER TABLE's limits) and its DDL compiler. Operations ask
// these and never name a dialect.
const Dialect& dialect_of(const OperationContext& ctx);
const DialectCapabilities& capabilities(const OperationContext& ctx);
const DDLCompiler& compiler(const OperationContext& ctx);
// The live table (online only); OperationError naming
// `where` when it does not exist.
Table reflect_table(OperationContext& ctx, const std::string& table, const std::string& where);

// The copy-and-move where ALTER TABLE cannot make a change (table_copy.cpp,
// MigrationSupport::copy_table): applies `change` to the reflected table and
// rebuilds it, keeping every row (by column name: a rename is done after, by
// RENAME COLUMN). Online only: offline it raises a clear error naming `what`.
void copy_table(OperationContext& ctx, const std::string& table,
                const std::function<void(Table&)>& change, const std::string& what);

// A column's value for bulk_insert, from YAML (null, bool, int, float, string,
// !!binary); and a value as a SQL literal for the context's dialect
// (literal.cpp), OperationError naming `where` for one it cannot write.
Value yaml_value(const OpReader& r, const YAML::Node& node);
std::string render_literal(const OperationContext& ctx, const Value& value,
                           const std::string& where);

}  // namespace retort::migrations::ops
