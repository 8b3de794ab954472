// The migration lock, per dialect (the one place in the runtime that names
// them: the engine has no lock primitive).
#include "runtime/migration_lock.hpp"

#include <cstdint>
#include <thread>

#include "retort/engine/error.hpp"
#include "retort/migrations/runtime.hpp"

namespace retort::migrations::runtime {
namespace {

using Clock = std::chrono::steady_clock;

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

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
  const auto dialect = engine_.dialect().name();
  if (dialect == "sqlite") return;
  lock_conn_.emplace(engine_.connect());
  Connection& c = *lock_conn_;
  const auto deadline = Clock::now() + timeout_;
  bool said_waiting = false;
  auto waiting = [&] {
    if (!said_waiting && log_)
      log_("Waiting for the migration lock on " + version_table_ +
           " (another retort run holds it; timeout " + seconds(timeout_) + ")");
    said_waiting = true;
  };
  if (dialect == "postgresql") {
    auto where = c.execute("SELECT current_database() || '.' || current_schema()").one();
    auto key = static_cast<std::int64_t>(
        fnv1a(where.get<std::string>(0).value_or("") + "." + version_table_));
    c.commit();
    for (;;) {
      bool got = c.execute("SELECT pg_try_advisory_lock(:k)", {{"k", key}})
                     .scalar_as<bool>()
                     .value_or(false);
      c.commit();
      if (got) break;
      if (Clock::now() >= deadline) timed_out();
      waiting();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    unlock_sql_ = "SELECT pg_advisory_unlock(" + std::to_string(key) + ")";
  } else {
    auto db = c.execute("SELECT DATABASE()").scalar_as<std::string>().value_or("");
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(fnv1a(db + "." + version_table_)));
    std::string name = "retort_migrate_" + std::string(hex);
    auto got = c.execute("SELECT GET_LOCK(:n, 0)", {{"n", name}}).scalar_as<std::int64_t>();
    if (got.value_or(0) != 1) {
      waiting();
      auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline - Clock::now());
      got = c.execute("SELECT GET_LOCK(:n, :t)",
                      {{"n", name}, {"t", std::max<std::int64_t>(1, left.count())}})
                .scalar_as<std::int64_t>();
      if (got.value_or(0) != 1) timed_out();
    }
    c.commit();
    unlock_sql_ = "SELECT RELEASE_LOCK('" + name + "')";
  }
}

MigrationLock::~MigrationLock() {
  if (!lock_conn_ || unlock_sql_.empty()) return;
  try {
    lock_conn_->rollback();
    lock_conn_->execute(unlock_sql_);
    lock_conn_->commit();
  } catch (...) {
    // A connection that may still hold the lock must not go back to the pool.
    try {
      lock_conn_->invalidate();
    } catch (...) {
    }
  }
}

void MigrationLock::timed_out() const {
  throw LockTimeout("could not get the migration lock on " + version_table_ + " in " +
                    engine_.url().str() + " within " + seconds(timeout_) +
                    ": another retort run holds it (wait for it, or raise --lock-timeout)");
}

void MigrationLock::begin_write(Connection& conn) {
  if (conn.dialect().name() != "sqlite") return;
  const auto q = conn.dialect().quote_identifier(version_table_);
  const auto deadline = Clock::now() + timeout_;
  bool said_waiting = false;
  conn.execute("PRAGMA busy_timeout = 200");
  for (;;) {
    try {
      conn.execute(
          "CREATE TABLE IF NOT EXISTS " + q + " (version_num VARCHAR(32) NOT NULL, CONSTRAINT " +
          conn.dialect().quote_identifier(version_table_ + "_pkc") + " PRIMARY KEY (version_num))");
      // A write that changes nothing takes SQLite's RESERVED lock: BEGIN
      // IMMEDIATE.
      conn.execute("UPDATE " + q + " SET version_num = version_num WHERE 1 = 0");
      return;
    } catch (const OperationalError&) {
      conn.rollback();
      if (Clock::now() >= deadline) timed_out();
      if (!said_waiting && log_)
        log_("Waiting for the migration lock on " + version_table_ +
             " (another retort run holds the database's write lock; timeout " + seconds(timeout_) +
             ")");
      said_waiting = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}

}  // namespace retort::migrations::runtime
