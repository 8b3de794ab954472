// Internal: the migration lock that keeps concurrent runners from applying a
// revision twice, keyed on database + schema + version table. The dialect
// provides it (MigrationSupport::acquire_lock): a session lock held for the
// whole run, or a lock that lasts one transaction, which begin_write() takes
// at the start of each migration transaction; the runner then re-reads the
// version table inside it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "retort/engine/engine.hpp"
#include "retort/engine/migration_support.hpp"

namespace retort::migrations::runtime {

class MigrationLock {
 public:
  // Waits up to `timeout`; LockTimeout when the lock is still held then.
  MigrationLock(Engine engine, std::string version_table, std::chrono::milliseconds timeout,
                std::function<void(const std::string&)> log);
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

  // Begins a migration transaction on `conn` (outside any transaction), holding
  // a per-transaction lock for it; LockTimeout when it is not free in time.
  void begin_write(Connection& conn);
  // True when the lock lasts one transaction, so that another runner may move
  // the version table between two of ours: the runner re-reads it after
  // begin_write().
  bool per_transaction() const noexcept { return lock_->per_transaction(); }

 private:
  [[noreturn]] void timed_out() const;
  void waiting() const;
  Engine engine_;
  std::string version_table_;
  std::chrono::milliseconds timeout_;
  std::function<void(const std::string&)> log_;
  std::unique_ptr<AdvisoryLock> lock_;
};

}  // namespace retort::migrations::runtime
