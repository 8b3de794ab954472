// How SQLite's SQL differs from the standard forms the compiler starts from.
#include <memory>

#include "retort/engine/sql/compiler.hpp"
#include "sql/dialect_rules.hpp"

namespace retort {

namespace {
class SqliteRules : public sql::DialectRules {
 public:
  SqliteRules() {
    concat_function = false;        // concat() arrived in SQLite 3.44
    for_update = false;             // SQLite locks the database, not rows
    offset_without_limit = "-1";
    native_boolean = false;         // TRUE/FALSE only since 3.23; booleans are stored as 0/1
    functions["now"] = {"CURRENT_TIMESTAMP", true};
  }
  // SQL text ends at a NUL, so such a string is written as a BLOB cast to TEXT.
  std::string string_literal(std::string_view s) const override {
    if (s.find('\0') == std::string_view::npos) return DialectRules::string_literal(s);
    return "CAST(" + bytes_literal(s) + " AS TEXT)";
  }
};
}  // namespace

std::unique_ptr<sql::DialectRules> make_sqlite_sql_rules() { return std::make_unique<SqliteRules>(); }

}  // namespace retort
