// Private: what the three reflectors share. Each dialect's reflection.cpp
// runs its batched catalog queries, fills a TableSet, and lets finish() pick
// the tables asked for and hand them over as a MetaData.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "retort/engine/engine.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/engine/result.hpp"
#include "retort/engine/schema.hpp"

namespace retort::reflection {

// Cell readers that tolerate NULL and drivers that return numbers as text.
std::string str(const Row& row, std::size_t i);  // "" for NULL
std::optional<std::string> opt_str(const Row& row, std::size_t i);
std::int64_t num(const Row& row, std::size_t i);  // 0 for NULL
bool flag(const Row& row, std::size_t i);         // false for NULL

std::string upper(std::string_view s);
std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// "(a > 0)" -> "a > 0"; only when the outer pair encloses the whole text.
std::string strip_outer_parens(std::string_view s);
// An empty comment is no comment (MySQL cannot tell them apart).
std::optional<std::string> non_empty(std::optional<std::string> s);

// The tables of one schema while the batched queries fill them in, looked up
// by name. Rows about a table that is not in the set (created after the
// table query ran, or filtered out) are simply skipped by the callers.
class TableSet {
 public:
  explicit TableSet(std::optional<std::string> schema) : schema_(std::move(schema)) {}
  Table& add(const std::string& name);
  Table* find(std::string_view name);
  std::size_t size() const { return tables_.size(); }
  const std::optional<std::string>& schema() const { return schema_; }

  // The MetaData for `options`: the tables in `only` (all when empty) plus,
  // transitively, the tables of this schema their foreign keys refer to,
  // minus `exclude`; sorted by name (byte order) so that the result does not
  // depend on a server's collation. Also applies finish_table to each.
  MetaData finish(const ReflectOptions& options);

 private:
  std::optional<std::string> schema_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::unordered_map<std::string, Table*> by_name_;
};

// Normalisation common to every dialect, run once per reflected table:
// - constraints and indexes sorted by name (unnamed ones last, as declared),
//   so that every dialect lists them in the same order;
// - Column::primary_key mirrors the primary key constraint;
// - autoincrement stays true where the database generates values, becomes
//   false on a lone integer primary key column that does not (so that "auto"
//   is not mistaken for it), and stays unset everywhere else.
void finish_table(Table& table);

// Whether a type is one SQLAlchemy's "auto" autoincrement applies to.
bool is_integer_type(const Type& type);

// Rolls back on scope exit the transaction that reflection's own queries
// began, so that reflection leaves a connection as it found it.
class QueryScope {
 public:
  explicit QueryScope(Connection& conn) : conn_(conn), began_(!conn.in_transaction()) {}
  QueryScope(const QueryScope&) = delete;
  QueryScope& operator=(const QueryScope&) = delete;
  ~QueryScope();

 private:
  Connection& conn_;
  bool began_;
};

}  // namespace retort::reflection
