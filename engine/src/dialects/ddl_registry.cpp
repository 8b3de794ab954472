// The DDL compiler of each registered dialect, by name. Adding a dialect: its
// make_<name>_ddl() factory in dialects/<name>/ddl.cpp, and one line below.
#include <string>
#include <utility>
#include <vector>

#include "dialects/ddl_common.hpp"
#include "dialects/mysql/dialect.hpp"
#include "dialects/postgresql/dialect.hpp"
#include "dialects/sqlite/dialect.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/error.hpp"

namespace retort {

namespace ddl {

const BaseDDLCompiler& base_compiler(const Dialect& dialect) {
  struct Entry {
    const char* name;
    std::unique_ptr<DDLCompiler> (*make)();
  };
  static constexpr Entry kCompilers[] = {
      {"sqlite", &make_sqlite_ddl},
      {"postgresql", &make_postgresql_ddl},
      {"mysql", &make_mysql_ddl},
  };
  // Built once, on first use, and never destroyed: compilers are stateless.
  static const auto* compilers = [] {
    auto* v = new std::vector<std::pair<std::string, std::unique_ptr<DDLCompiler>>>();
    for (const auto& e : kCompilers) v->emplace_back(e.name, e.make());
    return v;
  }();
  for (const auto& [name, c] : *compilers) {
    // Every compiler made above derives from BaseDDLCompiler.
    if (name == dialect.name()) return static_cast<const BaseDDLCompiler&>(*c);
  }
  throw ArgumentError("no DDL compiler for dialect '" + std::string(dialect.name()) + "'");
}

}  // namespace ddl

const DDLCompiler& ddl_compiler(const Dialect& dialect) { return ddl::base_compiler(dialect); }

}  // namespace retort
