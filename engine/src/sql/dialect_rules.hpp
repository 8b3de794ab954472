// Private: what the SQL compiler asks a dialect. Each dialect builds one of
// these in engine/src/dialects/<name>/sql_rules.cpp; the compiler never
// names a dialect.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "retort/engine/types.hpp"
#include "retort/engine/value.hpp"

namespace retort {
class Dialect;
}

namespace retort::sql {

// A generic function as a dialect spells it: random() is rand() on MySQL.
struct FunctionSpelling {
  std::string name;
  bool no_parens = false;  // CURRENT_TIMESTAMP
};

class DialectRules {
 public:
  virtual ~DialectRules() = default;
  bool concat_operator = true;       // a || b; else concat(a, b)
  bool concat_function = true;       // has concat(); else func.concat renders ||
  bool native_ilike = false;         // ILIKE; else lower(a) LIKE lower(b)
  bool native_nulls_order = true;    // NULLS FIRST/LAST; else emulated with IS NULL
  bool full_outer_join = true;
  bool for_update = true;            // SELECT ... FOR UPDATE (SQLite: ignored)
  bool for_update_of = true;         // FOR UPDATE OF t (not MariaDB)
  bool returning_insert = true;
  bool returning_update = true;
  bool returning_delete = true;
  bool upsert_on_duplicate_key = false;   // MySQL; else ON CONFLICT
  bool backslash_escapes = false;         // string literals escape backslashes (MySQL)
  bool native_boolean = true;             // TRUE/FALSE literals; else 1/0 (SQLite)
  bool time_zone_offsets = true;          // DateTime literals keep a UTC offset; else in UTC (MySQL)
  // Bound values in a select list get CAST(? AS type): PostgreSQL cannot
  // infer the type of a parameter that is only selected (SELECT $1 AS n).
  bool cast_binds_in_columns = false;
  std::string offset_without_limit;       // "LIMIT <this> OFFSET n" ("" : no LIMIT needed)
  std::string insert_default_values = " DEFAULT VALUES";
  std::map<std::string, FunctionSpelling, std::less<>> functions;

  // The type name in CAST(x AS ...).
  virtual std::string cast_type(const Type& type, const Dialect& dialect) const;
  // A value written inline (literal-binds mode). CompileError if it cannot be.
  virtual std::string literal(const Value& v) const;
  virtual std::string string_literal(std::string_view s) const;
  virtual std::string bytes_literal(std::string_view b) const;
  // A float: finite as %.17g; NaN and infinities only where the dialect has
  // literals for them (CompileError elsewhere).
  virtual std::string float_literal(double d) const;
};

// The rules of `dialect`; CompileError when it has none registered.
const DialectRules& rules_for(const Dialect& dialect);

}  // namespace retort::sql
