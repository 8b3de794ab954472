// MySQL/MariaDB for migration runs: the lock is a named lock
// (GET_LOCK('retort_migrate_<hash>', timeout)) on a connection of its own,
// keyed on a hash of database and lock name. DDL commits by itself, so there
// is no transaction to protect; foreign keys are checked by the server.
#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "dialects/mysql/dialect.hpp"
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

class MysqlNamedLock final : public AdvisoryLock {
public:
  MysqlNamedLock(Connection conn, std::string name)
      : conn_(std::move(conn)), name_(std::move(name)) {}
  ~MysqlNamedLock() override {
    try {
      conn_.rollback();
      conn_.execute("SELECT RELEASE_LOCK(:n)", {{"n", name_}});
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
  std::string name_;
};

class MysqlMigrationSupport final : public MigrationSupport {
public:
  std::unique_ptr<AdvisoryLock>
  acquire_lock(const Engine &engine, std::string_view name, Deadline deadline,
               const std::function<void()> &on_wait) const override {
    Connection c = engine.connect();
    auto db =
        c.execute("SELECT DATABASE()").scalar_as<std::string>().value_or("");
    char hex[17];
    std::snprintf(
        hex, sizeof hex, "%016llx",
        static_cast<unsigned long long>(fnv1a(db + "." + std::string(name))));
    std::string lock = "retort_migrate_" + std::string(hex);
    auto got = c.execute("SELECT GET_LOCK(:n, 0)", {{"n", lock}})
                   .scalar_as<std::int64_t>();
    if (got.value_or(0) != 1) {
      if (on_wait)
        on_wait();
      auto left = std::chrono::duration_cast<std::chrono::seconds>(
          deadline - std::chrono::steady_clock::now());
      got = c.execute(
                 "SELECT GET_LOCK(:n, :t)",
                 {{"n", lock}, {"t", std::max<std::int64_t>(1, left.count())}})
                .scalar_as<std::int64_t>();
      if (got.value_or(0) != 1)
        return nullptr;
    }
    c.commit();
    return std::make_unique<MysqlNamedLock>(std::move(c), std::move(lock));
  }
  std::string utc_now_sql() const override {
    return "DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s')";
  }
};

} // namespace

std::unique_ptr<MigrationSupport> make_mysql_migration_support() {
  return std::make_unique<MysqlMigrationSupport>();
}

} // namespace retort
