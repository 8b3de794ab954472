// The migration lock: the dialect's lock (MigrationSupport), the wait, and the
// messages.
#include "runtime/migration_lock.hpp"

#include "retort/migrations/runtime.hpp"

namespace retort::migrations::runtime {
namespace {

using Clock = std::chrono::steady_clock;

std::string seconds(std::chrono::milliseconds ms) {
  auto s = std::to_string(ms.count() / 1000);
  if (ms.count() % 1000) s += "." + std::to_string(ms.count() % 1000 / 100);
  return s + " s";
}

}  // namespace

MigrationLock::MigrationLock(Engine engine, std::string version_table,
                             std::chrono::milliseconds timeout,
                             std::function<void(const std::string&)> log)
    : engine_(std::move(engine)),
      version_table_(std::move(version_table)),
      timeout_(timeout),
      log_(std::move(log)) {
  lock_ = migration_support(engine_.dialect())
              .acquire_lock(engine_, version_table_, Clock::now() + timeout_,
                            [this] { waiting(); });
  if (!lock_) timed_out();
}

void MigrationLock::waiting() const {
  if (log_)
    log_("Waiting for the migration lock on " + version_table_ +
         " (another retort run holds it; timeout " + seconds(timeout_) + ")");
}

void MigrationLock::timed_out() const {
  throw LockTimeout("could not get the migration lock on " + version_table_ + " in " +
                    engine_.url().str() + " within " + seconds(timeout_) +
                    ": another retort run holds it (wait for it, or raise --lock-timeout)");
}

void MigrationLock::begin_write(Connection& conn) {
  if (!lock_->begin_write(conn, Clock::now() + timeout_)) timed_out();
}

}  // namespace retort::migrations::runtime
