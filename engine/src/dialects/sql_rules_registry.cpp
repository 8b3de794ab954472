// The SQL compiler rules of each registered dialect, by name. Adding a
// dialect: its make_<name>_sql_rules() in dialects/<name>/sql_rules.cpp, and one line below.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "retort/engine/dialect.hpp"
#include "retort/engine/sql/compiler.hpp"
#include "sql/dialect_rules.hpp"

namespace retort {
std::unique_ptr<sql::DialectRules> make_sqlite_sql_rules();
std::unique_ptr<sql::DialectRules> make_postgresql_sql_rules();
std::unique_ptr<sql::DialectRules> make_mysql_sql_rules();
}  // namespace retort

namespace retort::sql {

const DialectRules& rules_for(const Dialect& dialect) {
  struct Entry {
    const char* name;
    std::unique_ptr<DialectRules> (*make)();
  };
  static constexpr Entry kRules[] = {
      {"sqlite", &make_sqlite_sql_rules},
      {"postgresql", &make_postgresql_sql_rules},
      {"mysql", &make_mysql_sql_rules},
  };
  // Built once, on first use, and never destroyed: rules are stateless.
  static const auto* all = [] {
    auto* v = new std::vector<std::pair<std::string, std::unique_ptr<DialectRules>>>();
    for (const auto& e : kRules) v->emplace_back(e.name, e.make());
    return v;
  }();
  for (const auto& [name, r] : *all)
    if (name == dialect.name()) return *r;
  throw CompileError("no SQL compiler for dialect '" + std::string(dialect.name()) + "'");
}

}  // namespace retort::sql
