// The standard SQL spellings the dialects start from.
#include "sql/dialect_rules.hpp"

#include <cmath>
#include <cstdio>

#include "retort/engine/ddl.hpp"
#include "retort/engine/sql/compiler.hpp"

namespace retort::sql {

std::string DialectRules::cast_type(const Type& type, const Dialect& dialect) const {
  return ddl_compiler(dialect).type_sql(type.storage());
}

std::string DialectRules::string_literal(std::string_view s) const {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    if (backslash_escapes && c == '\\') out += '\\';
    if (c == '\0') {
      if (!backslash_escapes) throw CompileError("a string with a NUL character cannot be written inline");
      out += "\\0";
      continue;
    }
    out += c;
  }
  return out + "'";
}

std::string DialectRules::bytes_literal(std::string_view b) const {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "X'";
  for (unsigned char c : b) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out + "'";
}

std::string DialectRules::float_literal(double d) const {
  if (!std::isfinite(d)) throw CompileError("a non-finite float cannot be written inline");
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

std::string DialectRules::literal(const Value& v) const {
  struct V {
    const DialectRules& r;
    std::string operator()(const Null&) const { return "NULL"; }
    std::string operator()(bool b) const {
      if (!r.native_boolean) return b ? "1" : "0";
      return b ? "TRUE" : "FALSE";
    }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return r.float_literal(d); }
    std::string operator()(const Decimal& d) const { return d.text; }
    std::string operator()(const std::string& s) const { return r.string_literal(s); }
    std::string operator()(const Bytes& b) const { return r.bytes_literal(b.data); }
    std::string operator()(const Date& d) const { return r.string_literal(to_iso(d)); }
    std::string operator()(const Time& t) const { return r.string_literal(to_iso(t)); }
    std::string operator()(const DateTime& t) const {
      return r.string_literal(to_iso(r.time_zone_offsets ? t : to_utc(t)));
    }
    std::string operator()(const Uuid& u) const { return r.string_literal(u.str()); }
    std::string operator()(const Json& j) const { return r.string_literal(j.text); }
  };
  return std::visit(V{*this}, v.storage());
}

std::string render_literal(const Value& value, const Dialect& dialect) {
  return rules_for(dialect).literal(value);
}

}  // namespace retort::sql
