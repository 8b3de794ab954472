// How MySQL/MariaDB's SQL differs from the standard forms the compiler starts from.
#include <memory>

#include "retort/engine/sql/compiler.hpp"
#include "sql/dialect_rules.hpp"

namespace retort {

namespace {
class MysqlRules : public sql::DialectRules {
 public:
  MysqlRules() {
    concat_operator = false;       // || is OR unless PIPES_AS_CONCAT
    native_nulls_order = false;
    full_outer_join = false;
    returning_update = false;      // MariaDB has INSERT/DELETE ... RETURNING only
    for_update_of = false;         // MariaDB locks every table of the query
    upsert_on_duplicate_key = true;
    backslash_escapes = true;      // unless NO_BACKSLASH_ESCAPES
    time_zone_offsets = false;     // DATETIME has no zone: in UTC, as a bound value is stored
    offset_without_limit = "18446744073709551615";
    insert_default_values = " () VALUES ()";
    functions["random"] = {"rand", false};
    functions["length"] = {"char_length", false};  // characters, as elsewhere
  }
  // CAST takes only a few target types on MySQL.
  std::string cast_type(const Type& type, const Dialect&) const override {
    const Type& t = type.storage();
    switch (t.kind) {
      case TypeKind::Integer:
      case TypeKind::BigInteger:
      case TypeKind::SmallInteger:
      case TypeKind::Boolean:
        return "SIGNED";
      case TypeKind::Numeric:
        if (t.precision)
          return "DECIMAL(" + std::to_string(*t.precision) + "," + std::to_string(t.scale.value_or(0)) + ")";
        return "DECIMAL";
      case TypeKind::Float:
        return "DOUBLE";
      case TypeKind::Date:
        return "DATE";
      case TypeKind::DateTime:
        return "DATETIME";
      case TypeKind::Time:
        return "TIME";
      case TypeKind::LargeBinary:
        return "BINARY";
      default:
        return "CHAR";
    }
  }
};
}  // namespace

std::unique_ptr<sql::DialectRules> make_mysql_sql_rules() { return std::make_unique<MysqlRules>(); }

}  // namespace retort
