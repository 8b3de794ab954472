// PostgreSQL for migration runs: the lock is a session advisory lock
// (pg_try_advisory_lock, polled every 100 ms) on a connection of its own,
// keyed on a hash of database, schema and lock name. DDL is transactional and
// foreign keys are checked by the server: nothing else to do.
#include <cstdint>
#include <thread>

#include "dialects/postgresql/dialect.hpp"
#include "retort/engine/engine.hpp"

namespace retort {

namespace {

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

class PostgresqlAdvisoryLock final : public AdvisoryLock {
public:
  PostgresqlAdvisoryLock(Connection conn, std::int64_t key)
      : conn_(std::move(conn)), key_(key) {}
  ~PostgresqlAdvisoryLock() override {
    try {
      conn_.rollback();
      conn_.execute("SELECT pg_advisory_unlock(:k)", {{"k", key_}});
      conn_.commit();
    } catch (...) {
      // A connection that may still hold the lock must not go back to the pool.
      try {
        conn_.invalidate();
      } catch (...) {
      }
    }
  }
  bool per_transaction() const override { return false; }
  bool begin_write(Connection &, Deadline) override { return true; }

private:
  Connection conn_;
  std::int64_t key_;
};

class PostgresqlMigrationSupport final : public MigrationSupport {
public:
  std::unique_ptr<AdvisoryLock>
  acquire_lock(const Engine &engine, std::string_view name, Deadline deadline,
               const std::function<void()> &on_wait) const override {
    Connection c = engine.connect();
    auto where =
        c.execute("SELECT current_database() || '.' || current_schema()").one();
    const auto key = static_cast<std::int64_t>(fnv1a(
        where.get<std::string>(0).value_or("") + "." + std::string(name)));
    c.commit();
    bool said_waiting = false;
    for (;;) {
      bool got = c.execute("SELECT pg_try_advisory_lock(:k)", {{"k", key}})
                     .scalar_as<bool>()
                     .value_or(false);
      c.commit();
      if (got)
        return std::make_unique<PostgresqlAdvisoryLock>(std::move(c), key);
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
