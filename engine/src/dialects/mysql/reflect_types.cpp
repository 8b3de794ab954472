// MySQL/MariaDB column types and defaults mapped back to retort's model.
// docs/reflection.md has the tables. Integer display widths ("int(11)") are
// dropped: they only ever affected ZEROFILL output, and MySQL 8 no longer
// reports them; tinyint(1) is the exception, MySQL's boolean.
#include <cctype>
#include <charconv>
#include <vector>

#include "dialects/mysql/reflection.hpp"
#include "retort/engine/error.hpp"

namespace retort::mysql {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

struct ColumnType {
  std::string name;               // lower case: "int", "varchar", "enum"
  std::vector<std::string> args;  // as written; enum/set values still quoted
  bool has_args = false;
  bool is_unsigned = false;
  bool zerofill = false;
};

// Splits "decimal(10,2) unsigned zerofill", keeping quoted values (which
// may hold commas and parentheses) whole.
ColumnType split(std::string_view s) {
  ColumnType t;
  std::size_t i = 0;
  while (i < s.size() && s[i] != '(' && s[i] != ' ') ++i;
  t.name = lower(s.substr(0, i));
  if (i < s.size() && s[i] == '(') {
    t.has_args = true;
    std::string arg;
    char quote = 0;
    for (++i; i < s.size(); ++i) {
      const char c = s[i];
      if (quote) {
        arg += c;
        if (c == quote) {
          if (i + 1 < s.size() && s[i + 1] == quote) {
            arg += s[++i];
          } else {
            quote = 0;
          }
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        arg += c;
      } else if (c == ',') {
        t.args.push_back(arg);
        arg.clear();
      } else if (c == ')') {
        ++i;
        break;
      } else {
        arg += c;
      }
    }
    t.args.push_back(arg);
  }
  const std::string rest = lower(s.substr(std::min(i, s.size())));
  t.is_unsigned = rest.find("unsigned") != std::string::npos;
  t.zerofill = rest.find("zerofill") != std::string::npos;
  return t;
}

// 'y''s' -> y's
std::string unquote_value(std::string_view v) {
  if (v.size() < 2 || (v.front() != '\'' && v.front() != '"')) return std::string(v);
  const char q = v.front();
  std::string out;
  for (std::size_t i = 1; i + 1 < v.size(); ++i) {
    out += v[i];
    if (v[i] == q && v[i + 1] == q) ++i;
  }
  return out;
}

std::optional<int> int_of(const std::vector<std::string>& args, std::size_t i) {
  if (i >= args.size()) return std::nullopt;
  int v = 0;
  const auto& s = args[i];
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

Type my(const std::string& name, std::vector<std::string> args, bool is_unsigned) {
  if (is_unsigned) args.emplace_back("unsigned=true");
  return types::DialectType("mysql", upper(name), std::move(args));
}

Type generic_or_dialect(const ColumnType& t) {
  if (t.zerofill) {  // ZEROFILL keeps the display width, which matters only with it
    std::vector<std::string> args = t.args;
    if (t.is_unsigned) args.emplace_back("unsigned=true");
    args.emplace_back("zerofill=true");
    return my(t.name == "int" ? "INTEGER" : t.name, std::move(args), false);
  }
  const auto& n = t.name;
  const auto& a = t.args;
  const bool u = t.is_unsigned;
  if (n == "tinyint")
    return a == std::vector<std::string>{"1"} && !u ? types::Boolean() : my(n, {}, u);
  if (n == "smallint") return u ? my(n, {}, u) : types::SmallInteger();
  if (n == "int" || n == "integer") return u ? my("INTEGER", {}, u) : types::Integer();
  if (n == "bigint") return u ? my(n, {}, u) : types::BigInteger();
  if (n == "mediumint") return my(n, {}, u);
  if (n == "decimal" || n == "numeric")
    return u ? my("DECIMAL", a, u) : types::Numeric(int_of(a, 0), int_of(a, 1));
  if (n == "double" || n == "double precision" || n == "real")
    return a.empty() && !u ? types::Float() : my("DOUBLE", a, u);
  if (n == "float") return my(n, a, u);
  // How Uuid is stored: a CHAR(36) comes back as Uuid (docs/reflection.md).
  if (n == "char" && a == std::vector<std::string>{"36"}) return types::Uuid();
  if (n == "varchar") return t.has_args ? types::String(int_of(a, 0)) : my(n, a, false);
  if (n == "text" && !t.has_args) return types::Text();
  if (n == "blob" && !t.has_args) return types::LargeBinary();
  if (n == "date") return types::Date();
  if (n == "datetime") return a.empty() ? types::DateTime() : my(n, a, false);
  if (n == "time") return a.empty() ? types::Time() : my(n, a, false);
  if (n == "year") return my(n, {}, false);  // year(4) is the only width left
  if (n == "json") return types::JSON();
  if (n == "enum") {
    std::vector<std::string> values;
    for (const auto& v : a) values.push_back(unquote_value(v));
    return types::Enum(std::move(values));
  }
  if (n == "set") {
    std::vector<std::string> values;
    for (const auto& v : a) {
      std::string q = "'";
      for (char c : unquote_value(v)) q += c == '\'' ? std::string("''") : std::string(1, c);
      values.push_back(q + "'");
    }
    return my(n, std::move(values), false);
  }
  return my(n, a, u);
}

bool is_numeric_kind(const Type& t) {
  switch (t.kind) {
    case TypeKind::Integer:
    case TypeKind::BigInteger:
    case TypeKind::SmallInteger:
    case TypeKind::Boolean:
    case TypeKind::Float:
    case TypeKind::Numeric:
      return true;
    case TypeKind::Dialect: {
      for (const char* n : {"TINYINT", "SMALLINT", "MEDIUMINT", "INTEGER", "BIGINT", "DECIMAL",
                            "DOUBLE", "FLOAT", "BIT", "YEAR"})
        if (t.name == n) return true;
      return false;
    }
    default:
      return false;
  }
}

// current_timestamp() / now() / localtimestamp -> CURRENT_TIMESTAMP (with
// its precision, if any); other text as is.
std::string canonical_now(std::string_view v) {
  const std::string l = lower(v);
  for (const char* name : {"current_timestamp", "now", "localtimestamp", "localtime"}) {
    const std::string n(name);
    if (l.rfind(n, 0) != 0) continue;
    const std::string rest = l.substr(n.size());
    if (rest.empty() || rest == "()") return "CURRENT_TIMESTAMP";
    if (rest.size() > 2 && rest.front() == '(' && rest.back() == ')')
      return "CURRENT_TIMESTAMP" + rest;
  }
  return std::string(v);
}

}  // namespace

Type type_from_column_type(std::string_view column_type) {
  const ColumnType t = split(column_type);
  try {
    return generic_or_dialect(t);
  } catch (const ArgumentError&) {
    // Out of the generic type's range (an enum with duplicate values
    // differing only in trailing spaces, say): keep MySQL's spelling.
    return my(t.name, t.args, t.is_unsigned);
  }
}

std::optional<std::string> normalize_default(const std::optional<std::string>& column_default,
                                             std::string_view extra, const Type& type,
                                             bool mariadb) {
  std::optional<std::string> out;
  if (column_default) {
    const std::string& v = *column_default;
    const bool expression = lower(extra).find("default_generated") != std::string::npos;
    if (mariadb) {
      if (v != "NULL") out = canonical_now(v);
    } else if (expression || is_numeric_kind(type)) {
      out = canonical_now(v);
    } else {
      std::string q = "'";
      for (char c : v) q += c == '\'' ? std::string("''") : std::string(1, c);
      out = q + "'";
    }
  }
  const std::string e = lower(extra);
  if (const auto at = e.find("on update "); at != std::string::npos) {
    std::string on = std::string(extra.substr(at + 10));
    if (const auto sp = on.find(' '); sp != std::string::npos) on.resize(sp);
    out = out.value_or("NULL") + " ON UPDATE " + canonical_now(on);
  }
  return out;
}

}  // namespace retort::mysql
