// What a schema-migration runner needs from a dialect beyond DDL: a lock that
// keeps concurrent runners apart, and how foreign keys are kept while tables
// are rebuilt inside a transaction. retort::migrations asks for these instead
// of naming dialects. Each dialect implements MigrationSupport in
// engine/src/dialects/<name>/migration_support.cpp, registered by one line in
// engine/src/dialects/migration_support_registry.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

class Connection;
class Dialect;
class Engine;
class Table;

// A lock held by one migration run; released when destroyed.
class AdvisoryLock {
public:
  using Deadline = std::chrono::steady_clock::time_point;
  virtual ~AdvisoryLock() = default;
  // True when the lock lasts one transaction only (SQLite's write lock): the
  // runner takes it again with begin_write() at the start of each of its
  // transactions, and re-reads its version table inside, since another runner
  // may have moved it in between.
  virtual bool per_transaction() const = 0;
  // Begins a transaction on `conn` that holds the lock until it ends; false
  // when the lock was not free by `deadline`. Session locks return true at once
  // (the next statement begins the transaction as usual).
  virtual bool begin_write(Connection &conn, Deadline deadline) = 0;
};

// One row that breaks a foreign key (SQLite's PRAGMA foreign_key_check).
struct ForeignKeyViolation {
  std::string table;                 // the referencing table
  std::optional<std::int64_t> rowid; // its row, when the database names it
  std::string parent;                // the table it should reference
};

class MigrationSupport {
public:
  using Deadline = AdvisoryLock::Deadline;
  virtual ~MigrationSupport() = default;

  // Takes the migration lock named `name` (with the database and schema the
  // engine points at, so that projects sharing a server do not collide),
  // waiting until `deadline`; nullptr when it was still held then. `on_wait`
  // is called once, when the lock is found busy.
  virtual std::unique_ptr<AdvisoryLock>
  acquire_lock(const Engine &engine, std::string_view name, Deadline deadline,
               const std::function<void()> &on_wait) const = 0;

  // Foreign keys during a run. Called on `conn` outside any transaction before
  // the run: turns enforcement off where rebuilding a referenced table inside a
  // transaction needs it (SQLite: PRAGMA foreign_keys, which cannot change
  // inside one) and returns true; restore_foreign_keys() turns it back on. In
  // between, the runner asks foreign_key_violations() before every COMMIT.
  virtual bool suspend_foreign_keys(Connection &conn) const;
  virtual void restore_foreign_keys(Connection &conn) const;
  virtual std::vector<ForeignKeyViolation>
  foreign_key_violations(Connection &conn) const;

  // The same for offline scripts (--sql): statements at the start and the end
  // of the script, and before every COMMIT.
  virtual std::vector<std::string> offline_run_start() const;
  virtual std::vector<std::string> offline_before_commit() const;
  virtual std::vector<std::string> offline_run_end() const;
  // A SQL expression for the current UTC time as 'YYYY-MM-DD HH:MM:SS' text
  // (the applied_at of history rows written by offline scripts).
  virtual std::string utc_now_sql() const = 0;

  // Rebuilds `table` on `conn` with `change` applied to its live definition,
  // keeping its rows, for what ALTER TABLE cannot do here
  // (DialectCapabilities::alter_constraints, alter_column_definition): the
  // changed table is created under a temporary name, the rows copied, the old
  // table dropped and the new one renamed. `what` begins error messages:
  // ArgumentError when the copy cannot be made (no such table, or SQLite's
  // referenced table inside a transaction), IntegrityError when rows break a
  // foreign key afterwards. The default, for dialects that need no copy,
  // raises ArgumentError.
  virtual void copy_table(Connection &conn, const std::string &table,
                          const std::function<void(Table &)> &change,
                          const std::string &what) const;
};

// The dialect's MigrationSupport; ArgumentError when it has none.
const MigrationSupport &migration_support(const Dialect &dialect);

} // namespace retort
