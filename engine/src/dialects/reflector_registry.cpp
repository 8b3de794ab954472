// The reflector of each registered dialect, found by the dialect's name.
// Adding a dialect: its make_<name>_reflector() and one line below.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dialects/mysql/dialect.hpp"
#include "dialects/postgresql/dialect.hpp"
#include "dialects/sqlite/dialect.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/inspector.hpp"

namespace retort {

namespace {
struct Entry {
  const char* name;
  std::unique_ptr<Reflector> (*make)();
};
constexpr Entry kReflectors[] = {
    {"sqlite", &make_sqlite_reflector},
    {"postgresql", &make_postgresql_reflector},
    {"mysql", &make_mysql_reflector},
};
}  // namespace

const Reflector& reflector(const Dialect& dialect) {
  // Built once, thread-safely, and never destroyed: reflectors are stateless.
  static const auto* reflectors = [] {
    auto* v = new std::vector<std::pair<std::string, std::unique_ptr<Reflector>>>();
    for (const auto& e : kReflectors) v->emplace_back(e.name, e.make());
    return v;
  }();
  for (const auto& [name, r] : *reflectors)
    if (name == dialect.name()) return *r;
  throw ArgumentError("no reflection for dialect '" + std::string(dialect.name()) + "'");
}

}  // namespace retort
