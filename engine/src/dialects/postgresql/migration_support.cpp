// PostgreSQL for migration runs: the lock is a session advisory lock
// (pg_try_advisory_lock, polled every 100 ms) on a connection of its own,
// keyed on a hash of database, schema and lock name. DDL is transactional and
// foreign keys are checked by the server: nothing else to do.
#include <cstdint>
#include <thread>

#include "dialects/postgresql/dialect.hpp"
#include "dialects/session_lock.hpp"
#include "retort/engine/engine.hpp"

namespace retort {

namespace {

class PostgresqlMigrationSupport final : public MigrationSupport {
public:
  std::unique_ptr<AdvisoryLock>
  acquire_lock(const Engine &engine, std::string_view name, Deadline deadline,
               const std::function<void()> &on_wait) const override {
    Connection c = engine.connect();
    auto where =
        c.execute("SELECT current_database() || '.' || current_schema()").one();
    const auto key = static_cast<std::int64_t>(lock_key_hash(
        where.get<std::string>(0).value_or("") + "." + std::string(name)));
    c.commit();
    bool said_waiting = false;
    for (;;) {
      bool got = c.execute("SELECT pg_try_advisory_lock(:k)", {{"k", key}})
                     .scalar_as<bool>()
                     .value_or(false);
      c.commit();
      if (got)
        return std::make_unique<SessionLock>(
            std::move(c), "SELECT pg_advisory_unlock(:k)", Value(key));
      if (std::chrono::steady_clock::now() >= deadline)
        return nullptr;
      if (on_wait && !said_waiting)
        on_wait();
      said_waiting = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::string utc_now_sql() const override {
    return "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')";
  }
};

} // namespace

std::unique_ptr<MigrationSupport> make_postgresql_migration_support() {
  return std::make_unique<PostgresqlMigrationSupport>();
}

} // namespace retort
