// The registered dialects. Adding one: a folder under dialects/ with a
// make_<name>_dialect() factory, and one line below.
#include <functional>
#include <string>

#include "dialects/mysql/dialect.hpp"
#include "dialects/postgresql/dialect.hpp"
#include "dialects/sqlite/dialect.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/url.hpp"

namespace retort {

namespace {
struct Entry {
  const char* name;
  std::unique_ptr<Dialect> (*make)();
};
constexpr Entry kDialects[] = {
    {"sqlite", &make_sqlite_dialect},
    {"postgresql", &make_postgresql_dialect},
    {"mysql", &make_mysql_dialect},
};
}  // namespace

bool Dialect::wants_single_connection(const URL&) const { return false; }

const Dialect& dialect_for(const URL& url) {
  // Built once, on first use, and never destroyed: dialects are stateless.
  static const auto* dialects = [] {
    auto* v = new std::vector<std::pair<std::string, std::unique_ptr<Dialect>>>();
    for (const auto& e : kDialects) v->emplace_back(e.name, e.make());
    return v;
  }();
  std::string name = url.dialect_name();
  for (const auto& [n, d] : *dialects)
    if (n == name) return *d;
  throw ArgumentError("unknown dialect '" + name + "' in URL " + url.str());
}

}  // namespace retort
