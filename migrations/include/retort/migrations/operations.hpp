// Migration operations: what the upgrade/downgrade lists of a revision file
// hold, each a one-key YAML map (create_table, add_column, execute, ...),
// rendered per dialect, online against a connection or offline as SQL text.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
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
  int line = 0;  // in the revision file
};

using OperationList = std::vector<std::unique_ptr<Operation>>;

// The operations of one direction of a revision, validated. RevisionFileError
// naming file:line for an unknown operation, a missing or unknown key, or a
// bad value.
OperationList parse_operations(const Revision& revision, Direction direction);

}  // namespace retort::migrations
