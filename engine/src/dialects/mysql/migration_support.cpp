// MySQL/MariaDB for migration runs: the lock is a named lock
// (GET_LOCK('retort_migrate_<hash>', timeout)) on a connection of its own,
// keyed on a hash of database and lock name. DDL commits by itself, so there
// is no transaction to protect; foreign keys are checked by the server.
#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "dialects/mysql/dialect.hpp"
#include "dialects/session_lock.hpp"
#include "retort/engine/engine.hpp"

namespace retort {

namespace {

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
        static_cast<unsigned long long>(lock_key_hash(db + "." + std::string(name))));
    std::string lock = "retort_migrate_" + std::string(hex);
    auto got = c.execute("SELECT GET_LOCK(:k, 0)", {{"k", lock}})
                   .scalar_as<std::int64_t>();
    if (got.value_or(0) != 1) {
      if (on_wait)
        on_wait();
      auto left = std::chrono::duration_cast<std::chrono::seconds>(
          deadline - std::chrono::steady_clock::now());
      got = c.execute(
                 "SELECT GET_LOCK(:k, :t)",
                 {{"k", lock}, {"t", std::max<std::int64_t>(1, left.count())}})
                .scalar_as<std::int64_t>();
      if (got.value_or(0) != 1)
        return nullptr;
    }
    c.commit();
    return std::make_unique<SessionLock>(std::move(c), "SELECT RELEASE_LOCK(:k)",
                                         Value(std::move(lock)));
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
