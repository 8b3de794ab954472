// Internal: the migration lock that keeps concurrent runners from applying a
// revision twice. PostgreSQL: a session advisory lock (pg_try_advisory_lock,
// polled) and MySQL: GET_LOCK, both on a connection of their own, keyed on
// database + schema + version table. SQLite has no session lock: every
// migration transaction starts by taking the database's write lock
// (begin_write), and the runner re-reads the version table inside it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "retort/engine/engine.hpp"

namespace retort::migrations::runtime {

class MigrationLock {
 public:
  MigrationLock(Engine engine, std::string version_table, std::chrono::milliseconds timeout,
                std::function<void(const std::string&)> log);
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

  // SQLite: begins a write transaction on `conn` (the version table is created
  // if missing), waiting up to the timeout. Elsewhere a no-op.
  void begin_write(Connection& conn);
  // True when the lock lasts one transaction (SQLite), so that another runner may move the
  // version table between two of ours: the runner re-reads it after begin_write().
  bool per_transaction() const noexcept { return !lock_conn_; }

 private:
  [[noreturn]] void timed_out() const;
  Engine engine_;
  std::string version_table_;
  std::chrono::milliseconds timeout_;
  std::function<void(const std::string&)> log_;
  std::optional<Connection> lock_conn_;
  std::string unlock_sql_;
};

}  // namespace retort::migrations::runtime
