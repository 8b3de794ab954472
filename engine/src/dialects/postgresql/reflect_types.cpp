// PostgreSQL catalog types and defaults mapped back to retort's model. The
// generic type is used where the DDL compiler renders exactly that type;
// everything else stays a postgresql.NAME(args) dialect type spelled the way
// PostgreSQL accepts it back. docs/reflection.md has the tables.
#include <cctype>
#include <charconv>

#include "dialects/postgresql/reflection.hpp"
#include "retort/engine/error.hpp"

namespace retort::postgresql {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "numeric(10,2)" -> {"10","2"}; "timestamp(3) with time zone" -> {"3"}.
std::vector<std::string> typmod_args(std::string_view formatted) {
  std::vector<std::string> out;
  const auto open = formatted.find('(');
  const auto close = formatted.find(')', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return out;
  std::string arg;
  for (char c : formatted.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      out.push_back(arg);
      arg.clear();
    } else if (c != ' ') {
      arg += c;
    }
  }
  out.push_back(arg);
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

bool valid_dialect_name(std::string_view n) {
  if (n.empty() || std::isdigit(static_cast<unsigned char>(n[0])) || n.back() == ' ') return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ')) return false;
  return true;
}

Type pg(std::string name, std::vector<std::string> args = {}) {
  return types::DialectType("postgresql", std::move(name), std::move(args));
}

// A type spelled the way format_type prints it: "inet", "bit varying(5)",
// "interval day to second(3)". Schema-qualified or quoted names (user
// types) keep just their upper-cased typname.
Type by_spelling(const CatalogType& t) {
  auto args = typmod_args(t.formatted);
  std::string head = t.formatted.substr(0, t.formatted.find('('));
  if (args.empty() || t.formatted.back() == ')') {
    const std::string name = upper(head);
    if (valid_dialect_name(name)) return pg(name, std::move(args));
  }
  const std::string name = upper(t.typname);
  if (valid_dialect_name(name)) return pg(name, std::move(args));
  return types::Text();  // a name retort cannot spell; the column still holds text
}

// timestamp(3) -> postgresql.TIMESTAMP(3); with time zone adds timezone=true.
Type with_precision(const char* name, const std::vector<std::string>& args, bool tz) {
  std::vector<std::string> a = args;
  if (tz) a.emplace_back("timezone=true");
  return pg(name, std::move(a));
}

Type scalar(const CatalogType& t, const EnumLabels& labels) {
  const std::string& n = t.typname;
  const auto args = typmod_args(t.formatted);
  if (t.typtype == 'e') {
    auto it = labels.find(t.oid);
    if (it != labels.end() && !it->second.empty()) return types::Enum(it->second, n);
    return by_spelling(t);
  }
  if (t.typtype != 'b') return by_spelling(t);
  try {
    if (n == "int4") return types::Integer();
    if (n == "int8") return types::BigInteger();
    if (n == "int2") return types::SmallInteger();
    if (n == "bool") return types::Boolean();
    if (n == "text") return types::Text();
    if (n == "float8") return types::Float();
    if (n == "float4") return pg("REAL");
    if (n == "date") return types::Date();
    if (n == "bytea") return types::LargeBinary();
    if (n == "uuid") return types::Uuid();
    if (n == "json") return types::JSON();
    if (n == "jsonb") return pg("JSONB");
    if (n == "varchar") return types::String(int_of(args, 0));
    if (n == "numeric") return types::Numeric(int_of(args, 0), int_of(args, 1));
    if (n == "timestamp")
      return args.empty() ? types::DateTime() : with_precision("TIMESTAMP", args, false);
    if (n == "timestamptz")
      return args.empty() ? types::DateTime(true) : with_precision("TIMESTAMP", args, true);
    if (n == "time") return args.empty() ? types::Time() : with_precision("TIME", args, false);
    if (n == "timetz") return args.empty() ? types::Time(true) : with_precision("TIME", args, true);
    if (n == "bpchar") return pg("CHAR", args);
  } catch (const ArgumentError&) {
    // Outside the generic type's range (varchar(100000), numeric(5,-2)):
    // the dialect type keeps the database's spelling.
    if (n == "varchar") return pg("VARCHAR", args);
    if (n == "numeric") return pg("NUMERIC", args);
  }
  return by_spelling(t);
}

bool is_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      digits = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else if ((s[i] == 'e' || s[i] == 'E') && digits) {
      std::size_t j = i + 1;
      if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
      if (j == s.size()) return false;
      for (; j < s.size(); ++j)
        if (!std::isdigit(static_cast<unsigned char>(s[j]))) return false;
      return true;
    } else {
      return false;
    }
  }
  return digits;
}

bool numeric_type_name(std::string_view t) {
  for (const char* n : {"integer", "bigint", "smallint", "numeric", "real", "double precision"})
    if (t == n || t.substr(0, t.find('(')) == n) return true;
  return false;
}

// The type names a cast may carry: words, dots, quotes, brackets, typmods.
bool cast_type_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ' || c == '.' ||
         c == '"' || c == '[' || c == ']' || c == '(' || c == ')' || c == ',' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

Type type_from_catalog(const CatalogType& type, const std::optional<CatalogType>& element,
                       int dimensions, const EnumLabels& labels) {
  if (!element) return scalar(type, labels);
  const Type item = scalar(*element, labels);
  std::vector<std::string> args{item.str()};
  if (dimensions > 1 && dimensions <= 9) args.push_back("dimensions=" + std::to_string(dimensions));
  return pg("ARRAY", std::move(args));
}

std::optional<std::string> normalize_default(std::string_view expr) {
  if (expr.empty()) return std::nullopt;
  std::size_t end = 0;
  bool null = false;
  if (expr.front() == '\'') {
    end = 1;
    while (end < expr.size()) {
      if (expr[end] == '\'') {
        if (end + 1 < expr.size() && expr[end + 1] == '\'') {
          end += 2;
          continue;
        }
        break;
      }
      ++end;
    }
    if (end >= expr.size()) return std::string(expr);
    ++end;  // past the closing quote
  } else if (expr.substr(0, 4) == "NULL") {
    end = 4;
    null = true;
  } else {
    return std::string(expr);
  }
  // One or more ::type casts, and nothing else, may follow the literal.
  std::string_view last_type;
  std::size_t i = end;
  while (i < expr.size()) {
    if (expr.substr(i, 2) != "::") return std::string(expr);
    std::size_t j = i + 2;
    while (j < expr.size() && expr.substr(j, 2) != "::" && cast_type_char(expr[j])) ++j;
    if (j < expr.size() && expr.substr(j, 2) != "::") return std::string(expr);
    last_type = expr.substr(i + 2, j - i - 2);
    i = j;
  }
  if (null) return std::nullopt;
  const std::string_view literal = expr.substr(0, end);
  const std::string_view inner = literal.substr(1, literal.size() - 2);
  if (!last_type.empty() && numeric_type_name(last_type) && is_number(inner))
    return std::string(inner);
  return std::string(literal);
}

}  // namespace retort::postgresql
