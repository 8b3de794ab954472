// The MigrationSupport of each registered dialect, by name, and the defaults
// (nothing to do about foreign keys). Adding a dialect: its
// make_<name>_migration_support() in dialects/<name>/migration_support.cpp,
// and one line below.
#include <string>
#include <utility>
#include <vector>

#include "dialects/mysql/dialect.hpp"
#include "dialects/postgresql/dialect.hpp"
#include "dialects/sqlite/dialect.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/migration_support.hpp"

namespace retort {

bool MigrationSupport::suspend_foreign_keys(Connection &) const {
  return false;
}
void MigrationSupport::restore_foreign_keys(Connection &) const {}
std::vector<ForeignKeyViolation>
MigrationSupport::foreign_key_violations(Connection &) const {
  return {};
}
std::vector<std::string> MigrationSupport::offline_run_start() const {
  return {};
}
std::vector<std::string> MigrationSupport::offline_before_commit() const {
  return {};
}
std::vector<std::string> MigrationSupport::offline_run_end() const {
  return {};
}

void MigrationSupport::copy_table(Connection &conn, const std::string &,
                                  const std::function<void(Table &)> &,
                                  const std::string &what) const {
  throw ArgumentError(what + ": " + std::string(conn.dialect().name()) +
                      " changes tables with ALTER TABLE, not by copying them");
}

const MigrationSupport &migration_support(const Dialect &dialect) {
  struct Entry {
    const char *name;
    std::unique_ptr<MigrationSupport> (*make)();
  };
  static constexpr Entry kSupports[] = {
      {"sqlite", &make_sqlite_migration_support},
      {"postgresql", &make_postgresql_migration_support},
      {"mysql", &make_mysql_migration_support},
  };
  // Built once, on first use, and never destroyed: they are stateless.
  static const auto *supports = [] {
    auto *v = new std::vector<
        std::pair<std::string, std::unique_ptr<MigrationSupport>>>();
    for (const auto &e : kSupports)
      v->emplace_back(e.name, e.make());
    return v;
  }();
  for (const auto &[name, s] : *supports)
    if (name == dialect.name())
      return *s;
  throw ArgumentError("no migration support for dialect '" +
                      std::string(dialect.name()) + "'");
}

} // namespace retort
