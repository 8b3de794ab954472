// The SchemaComparator of each registered dialect, by name. Adding a dialect:
// its make_<name>_comparator() in dialects/<name>/compare.cpp, and one line
// below.
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "retort/engine/ddl.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/schema_compare.hpp"

namespace retort {

std::unique_ptr<SchemaComparator> make_sqlite_comparator(const DDLCompiler& ddl);
std::unique_ptr<SchemaComparator> make_postgresql_comparator(const DDLCompiler& ddl);
std::unique_ptr<SchemaComparator> make_mysql_comparator(const DDLCompiler& ddl);

const SchemaComparator& schema_comparator(const Dialect& dialect) {
  using Make = std::unique_ptr<SchemaComparator> (*)(const DDLCompiler&);
  static const std::pair<const char*, Make> kMakers[] = {
      {"sqlite", &make_sqlite_comparator},
      {"postgresql", &make_postgresql_comparator},
      {"mysql", &make_mysql_comparator},
  };
  // Built once per dialect name, never destroyed: comparators are stateless.
  static auto* made = new std::vector<std::pair<std::string, std::unique_ptr<SchemaComparator>>>();
  static std::mutex lock;
  std::lock_guard<std::mutex> guard(lock);
  for (const auto& [name, c] : *made)
    if (name == dialect.name()) return *c;
  for (const auto& [name, make] : kMakers) {
    if (dialect.name() != name) continue;
    made->emplace_back(name, make(ddl_compiler(dialect)));
    return *made->back().second;
  }
  throw ArgumentError("no schema comparator for dialect '" + std::string(dialect.name()) + "'");
}

}  // namespace retort
