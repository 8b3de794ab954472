// How PostgreSQL's SQL differs from the standard forms the compiler starts from.
#include <cmath>
#include <memory>

#include "retort/engine/sql/compiler.hpp"
#include "sql/dialect_rules.hpp"

namespace retort {

namespace {
class PostgresqlRules : public sql::DialectRules {
 public:
  PostgresqlRules() {
    native_ilike = true;
    cast_binds_in_columns = true;
  }
  // standard_conforming_strings is on: only quotes are doubled. Text cannot hold NUL.
  std::string string_literal(std::string_view s) const override {
    if (s.find('\0') != std::string_view::npos)
      throw sql::CompileError("PostgreSQL text cannot contain a NUL character");
    return DialectRules::string_literal(s);
  }
  std::string float_literal(double d) const override {
    if (std::isnan(d)) return "'NaN'";
    if (std::isinf(d)) return d > 0 ? "'Infinity'" : "'-Infinity'";
    return DialectRules::float_literal(d);
  }
  std::string bytes_literal(std::string_view b) const override {
    std::string hex = DialectRules::bytes_literal(b);  // X'..'
    return "'\\x" + hex.substr(2, hex.size() - 3) + "'::bytea";
  }
};
}  // namespace

std::unique_ptr<sql::DialectRules> make_postgresql_sql_rules() {
  return std::make_unique<PostgresqlRules>();
}

}  // namespace retort
