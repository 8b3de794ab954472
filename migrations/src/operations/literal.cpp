// Values as SQL literals for offline scripts (bulk_insert --sql), and values
// read from YAML. Online, values are bound, never spliced.
#include <cmath>
#include <cstdio>

#include "operations/op_support.hpp"

namespace retort::migrations::ops {

namespace {

std::string quoted(std::string_view s, bool backslash_escapes) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || (backslash_escapes && c == '\\')) out += c;
    out += c;
  }
  return out + "'";
}

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string date_text(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string time_text(const Time& t) {
  std::string out = two(t.hour) + ":" + two(t.minute) + ":" + two(t.second);
  if (t.microsecond) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%06d", t.microsecond);
    out += buf;
  }
  return out;
}

}  // namespace

std::string render_literal(const Value& value, std::string_view dialect) {
  const bool mysql = dialect == "mysql";
  switch (value.kind()) {
    case Value::Kind::Null: return "NULL";
    case Value::Kind::Bool:
      // SQLite stores booleans as 0/1 (and has TRUE/FALSE only since 3.23).
      if (dialect == "sqlite") return value.get_raw<bool>() ? "1" : "0";
      return value.get_raw<bool>() ? "TRUE" : "FALSE";
    case Value::Kind::Int: return std::to_string(value.get_raw<std::int64_t>());
    case Value::Kind::Double: {
      const double d = value.get_raw<double>();
      if (!std::isfinite(d)) {
        if (dialect == "postgresql")
          return std::isnan(d) ? "'NaN'" : d > 0 ? "'Infinity'" : "'-Infinity'";
        return "NULL";
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", d);
      return buf;
    }
    case Value::Kind::Decimal: return value.get_raw<Decimal>().text;
    case Value::Kind::Text: return quoted(value.get_raw<std::string>(), mysql);
    case Value::Kind::Bytes: {
      const std::string h = hex(value.get_raw<Bytes>().data);
      if (dialect == "postgresql") return "'\\x" + h + "'::bytea";
      return "X'" + h + "'";
    }
    case Value::Kind::Date: return quoted(date_text(value.get_raw<Date>()), mysql);
    case Value::Kind::Time: return quoted(time_text(value.get_raw<Time>()), mysql);
    case Value::Kind::DateTime: {
      const DateTime& dt = value.get_raw<DateTime>();
      std::string s = date_text(dt.date) + " " + time_text(dt.time);
      if (dt.utc_offset_seconds && !mysql) {
        const int off = *dt.utc_offset_seconds, a = off < 0 ? -off : off;
        s += (off < 0 ? "-" : "+") + two(a / 3600) + ":" + two(a / 60 % 60);
      }
      return quoted(s, mysql);
    }
    case Value::Kind::Uuid: return quoted(value.get_raw<Uuid>().str(), mysql);
    case Value::Kind::Json: return quoted(value.get_raw<Json>().text, mysql);
  }
  return "NULL";
}

Value yaml_value(const OpReader& r, const YAML::Node& node) {
  if (!node || node.IsNull()) return Value();
  if (!node.IsScalar())
    r.fail(node.Mark(), "a value must be null, a boolean, a number, a string or !!binary");
  const std::string& s = node.Scalar();
  if (node.Tag() == "tag:yaml.org,2002:binary") {
    const auto data = YAML::DecodeBase64(s);
    return Bytes{std::string(data.begin(), data.end())};
  }
  if (node.Tag() == "!") return Value(s);  // quoted: always a string
  bool b = false;
  if (YAML::convert<bool>::decode(node, b)) return Value(b);
  std::int64_t i = 0;
  if (YAML::convert<std::int64_t>::decode(node, i)) return Value(i);
  double d = 0;
  if (YAML::convert<double>::decode(node, d)) return Value(d);
  return Value(s);
}

}  // namespace retort::migrations::ops
