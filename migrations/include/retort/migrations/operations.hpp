// Migration operations: what the upgrade/downgrade lists of a revision file
// hold, each a one-key YAML map (create_table, add_column, execute, ...),
// rendered per dialect, online against a connection or offline as SQL text.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/migrations/revision.hpp"

namespace retort {
class Connection;
class Dialect;
}  // namespace retort

namespace retort::migrations {

enum class Direction { Upgrade, Downgrade };

// Where operations run. Online: conn is set and statements execute on it (in
// the caller's transaction). Offline (--sql): conn is null and each statement
// is passed to `emit` instead, rendered with literal values.
struct OperationContext {
  const Dialect* dialect = nullptr;
  Connection* conn = nullptr;
  std::function<void(const std::string& sql)> emit;  // offline only
  // -x key=value from the command line (Config::x_arguments): `execute` SQL
  // may say {{x.key}}, replaced by the value as a string literal.
  const std::map<std::string, std::string>* x_arguments = nullptr;
};

class Operation {
 public:
  virtual ~Operation() = default;
  virtual std::string_view name() const = 0;     // "create_table"
  // One line for logs and progress: "create_table account".
  virtual std::string describe() const = 0;
  // Statements run outside any transaction (PostgreSQL CREATE INDEX
  // CONCURRENTLY, ALTER TYPE ... ADD VALUE): the runtime commits first.
  virtual bool needs_autocommit() const { return false; }
  // Runs (online) or renders (offline) the operation.
  virtual void run(OperationContext& ctx) const = 0;
  // Online, just before the operation runs: the statements that would undo it,
  // rendered against the live schema (what a drop or an alter destroys is read
  // from it); std::nullopt when it cannot be undone automatically (execute).
  // The runtime records them where DDL is not transactional (MySQL), so that
  // `retort downgrade` can undo a half-applied revision.
  virtual std::optional<std::vector<std::string>> undo_sql(OperationContext& ctx) const;
  int line = 0;  // in the revision file
};

using OperationList = std::vector<std::unique_ptr<Operation>>;

// The operations of one direction of a revision, validated. RevisionFileError
// naming file:line for an unknown operation, a missing or unknown key, or a
// bad value.
OperationList parse_operations(const Revision& revision, Direction direction);

}  // namespace retort::migrations
