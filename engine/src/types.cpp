// Column types: construction with range checks, parsing of the schema YAML
// spelling, the canonical spelling, and the TypeDecorator registry.
#include "retort/engine/types.hpp"

#include <array>
#include <charconv>
#include <map>
#include <mutex>
#include <shared_mutex>

#include "detail/type_syntax.hpp"
#include "retort/engine/error.hpp"

namespace retort {

namespace {

using detail::keyword_arg;
using detail::quote_arg_if_needed;
using detail::trim;
using detail::unquote;

struct GenericName {
  std::string_view name;
  TypeKind kind;
};

constexpr std::array<GenericName, 15> kGenericNames{{
    {"Integer", TypeKind::Integer},
    {"BigInteger", TypeKind::BigInteger},
    {"SmallInteger", TypeKind::SmallInteger},
    {"Boolean", TypeKind::Boolean},
    {"String", TypeKind::String},
    {"Text", TypeKind::Text},
    {"Float", TypeKind::Float},
    {"Numeric", TypeKind::Numeric},
    {"Date", TypeKind::Date},
    {"DateTime", TypeKind::DateTime},
    {"Time", TypeKind::Time},
    {"LargeBinary", TypeKind::LargeBinary},
    {"JSON", TypeKind::JSON},
    {"Uuid", TypeKind::Uuid},
    {"Enum", TypeKind::Enum},
}};

constexpr std::array<std::string_view, 3> kDialects{"mysql", "postgresql", "sqlite"};

// SQL spellings people write out of habit, mapped to the generic name to suggest.
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kSqlHints{{
    {"int", "Integer"},       {"integer", "Integer"},
    {"bigint", "BigInteger"}, {"smallint", "SmallInteger"},
    {"bool", "Boolean"},      {"boolean", "Boolean"},
    {"varchar", "String"},    {"char", "String"},
    {"text", "Text"},         {"real", "Float"},
    {"double", "Float"},      {"decimal", "Numeric"},
    {"numeric", "Numeric"},   {"timestamp", "DateTime"},
    {"datetime", "DateTime"}, {"blob", "LargeBinary"},
    {"bytea", "LargeBinary"}, {"uuid", "Uuid"},
    {"json", "JSON"},         {"jsonb", "postgresql.JSONB"},
}};

std::string_view generic_name(TypeKind k) {
  for (const auto& g : kGenericNames) {
    if (g.kind == k) return g.name;
  }
  return {};
}

[[noreturn]] void out_of_range(std::string_view what, long long got, long long lo, long long hi) {
  throw ArgumentError("type argument out of range: " + std::string(what) + " " +
                      std::to_string(got) + " (allowed " + std::to_string(lo) + ".." +
                      std::to_string(hi) + ")");
}

void check_range(const std::optional<int>& v, std::string_view what, int lo, int hi) {
  if (v && (*v < lo || *v > hi)) out_of_range(what, *v, lo, hi);
}

void check_numeric(const std::optional<int>& precision, const std::optional<int>& scale) {
  check_range(precision, "Numeric precision", 1, 1000);
  if (scale) {
    if (!precision) throw ArgumentError("Numeric scale needs a precision: Numeric(p,s)");
    check_range(scale, "Numeric scale", 0, *precision);
  }
}

void check_enum(const std::vector<std::string>& values) {
  if (values.empty()) throw ArgumentError("Enum needs at least one value: Enum(a,b,c)");
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (values[i] == values[j]) throw ArgumentError("duplicate Enum value '" + values[i] + "'");
    }
  }
}

int int_arg(std::string_view spelled, std::string_view what, int lo, int hi) {
  const auto text = unquote(trim(spelled));
  long long v = 0;
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec == std::errc::result_out_of_range) {
    throw ArgumentError("type argument out of range: " + std::string(what) + " " + text +
                        " (allowed " + std::to_string(lo) + ".." + std::to_string(hi) + ")");
  }
  if (ec != std::errc{} || p != end || text.empty()) {
    throw ArgumentError("invalid " + std::string(what) + " '" + std::string(spelled) +
                        "': expected an integer");
  }
  if (v < lo || v > hi) out_of_range(what, v, lo, hi);
  return static_cast<int>(v);
}

bool bool_arg(std::string_view spelled, std::string_view what) {
  const auto v = unquote(trim(spelled));
  if (v == "true" || v == "True" || v == "TRUE") return true;
  if (v == "false" || v == "False" || v == "FALSE") return false;
  throw ArgumentError("invalid " + std::string(what) + " '" + std::string(spelled) +
                      "': expected true or false");
}

// Positional and keyword arguments of a generic type, checked against the
// parameter names it accepts (positional ones in order).
struct Args {
  std::string type_name;
  std::vector<std::string> positional;
  std::map<std::string, std::string> keyword;

  std::optional<std::string> take(std::size_t pos, const std::string& key) {
    std::optional<std::string> v;
    if (pos < positional.size()) v = positional[pos];
    if (auto it = keyword.find(key); it != keyword.end()) {
      if (v) throw ArgumentError(type_name + ": '" + key + "' given twice");
      v = it->second;
      keyword.erase(it);
    }
    return v;
  }
  void expect_at_most(std::size_t n) const {
    if (positional.size() > n) {
      throw ArgumentError(type_name + (n == 0 ? " takes no arguments"
                                              : " takes at most " + std::to_string(n) +
                                                    " argument" + (n == 1 ? "" : "s")));
    }
  }
  void expect_no_more_keywords() const {
    if (!keyword.empty()) {
      throw ArgumentError(type_name + ": unknown argument '" + keyword.begin()->first + "'");
    }
  }
};

Args classify(const std::string& type_name, const std::vector<std::string>& raw) {
  Args a{type_name, {}, {}};
  for (const auto& r : raw) {
    if (auto kw = keyword_arg(r)) {
      if (!a.keyword.emplace(kw->first, kw->second).second) {
        throw ArgumentError(type_name + ": '" + kw->first + "' given twice");
      }
    } else {
      if (!a.keyword.empty()) {
        throw ArgumentError(type_name + ": positional argument '" + r +
                            "' after a keyword argument");
      }
      a.positional.push_back(r);
    }
  }
  return a;
}

Type parse_generic(TypeKind kind, const std::string& name, const std::vector<std::string>& raw) {
  Args a = classify(name, raw);
  Type t;
  t.kind = kind;
  switch (kind) {
    case TypeKind::String:
    case TypeKind::LargeBinary: {
      a.expect_at_most(1);
      if (auto v = a.take(0, "length")) {
        t.length = kind == TypeKind::String ? int_arg(*v, "String length", 1, 65535)
                                            : int_arg(*v, "LargeBinary length", 1, 2147483647);
      }
      break;
    }
    case TypeKind::Float: {
      a.expect_at_most(1);
      if (auto v = a.take(0, "precision")) t.precision = int_arg(*v, "Float precision", 1, 53);
      break;
    }
    case TypeKind::Numeric: {
      a.expect_at_most(2);
      if (auto v = a.take(0, "precision")) t.precision = int_arg(*v, "Numeric precision", 1, 1000);
      if (auto v = a.take(1, "scale")) {
        if (!t.precision) throw ArgumentError("Numeric scale needs a precision: Numeric(p,s)");
        t.scale = int_arg(*v, "Numeric scale", 0, *t.precision);
      }
      break;
    }
    case TypeKind::DateTime:
    case TypeKind::Time: {
      a.expect_at_most(0);
      if (auto v = a.take(0, "timezone")) t.timezone = bool_arg(*v, name + " timezone");
      break;
    }
    case TypeKind::Enum: {
      if (auto v = a.take(std::size_t(-1), "name")) {
        bool quoted = false;
        auto n = unquote(*v, &quoted);
        if (n.empty()) throw ArgumentError("Enum name must not be empty");
        t.enum_name = std::move(n);
      }
      for (const auto& p : a.positional) t.enum_values.push_back(unquote(p));
      check_enum(t.enum_values);
      break;
    }
    default:
      a.expect_at_most(0);
      break;
  }
  a.expect_no_more_keywords();
  return t;
}

bool is_dialect_type_name(std::string_view n) {
  // Letters, digits and underscores, in words separated by single spaces
  // ("DOUBLE PRECISION"), so that the names the databases use can be written.
  if (n.empty() || n.front() == ' ' || n.back() == ' ') return false;
  if (std::isdigit(static_cast<unsigned char>(n.front()))) return false;
  char prev = 0;
  for (char c : n) {
    if (c == ' ' && prev == ' ') return false;
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ')) return false;
    prev = c;
  }
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    if ((c == ' ' || c == '\t') && !out.empty() && out.back() == ' ') continue;
    out += (c == '\t' ? ' ' : c);
  }
  return out;
}

// The decorator registry: process-wide, read far more often than written.
struct Registry {
  std::shared_mutex mu;
  std::map<std::string, std::unique_ptr<TypeDecorator>, std::less<>> by_name;
};

Registry& registry() {
  static Registry r;
  return r;
}

const TypeDecorator* find_decorator(std::string_view name) {
  auto& r = registry();
  std::shared_lock lock(r.mu);
  auto it = r.by_name.find(name);
  return it == r.by_name.end() ? nullptr : it->second.get();
}

}  // namespace

Type Type::parse(std::string_view spelling) {
  const auto sp = detail::split_spelling(spelling, "type");
  if (sp.head.empty())
    throw ArgumentError("empty type name in '" + std::string(trim(spelling)) + "'");

  if (const auto dot = sp.head.find('.'); dot != std::string::npos) {
    const std::string prefix = sp.head.substr(0, dot);
    bool known = false;
    for (auto d : kDialects) known = known || d == prefix;
    if (!known) {
      throw ArgumentError("unknown dialect prefix '" + prefix + "' in type '" +
                          std::string(trim(spelling)) + "' (known: mysql, postgresql, sqlite)");
    }
    const std::string name = collapse_spaces(sp.head.substr(dot + 1));
    if (!is_dialect_type_name(name)) {
      throw ArgumentError("invalid dialect type name '" + name + "' in type '" +
                          std::string(trim(spelling)) + "'");
    }
    return types::DialectType(prefix, name, sp.args);
  }

  for (const auto& g : kGenericNames) {
    if (g.name == sp.head) return parse_generic(g.kind, sp.head, sp.args);
  }
  if (find_decorator(sp.head)) {
    if (sp.has_parens) throw ArgumentError("type " + sp.head + " takes no arguments");
    Type t;
    t.kind = TypeKind::Decorated;
    t.name = sp.head;
    return t;
  }

  std::string message = "unknown type '" + std::string(trim(spelling)) + "'";
  std::optional<std::string> hint;
  for (const auto& [sql, generic] : kSqlHints) {
    if (iequals(sql, sp.head)) hint = std::string(generic);
  }
  if (!hint) {
    std::vector<std::string_view> names;
    for (const auto& g : kGenericNames) names.push_back(g.name);
    hint = detail::closest_match(sp.head, names);
  }
  if (hint) message += " (did you mean " + *hint + "?)";
  throw ArgumentError(message);
}

std::string Type::str() const {
  auto with_args = [](std::string head, const std::vector<std::string>& args) {
    if (args.empty()) return head;
    head += '(';
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i) head += ',';
      head += args[i];
    }
    head += ')';
    return head;
  };
  std::vector<std::string> args;
  switch (kind) {
    case TypeKind::String:
    case TypeKind::LargeBinary:
      if (length) args.push_back(std::to_string(*length));
      break;
    case TypeKind::Float:
      if (precision) args.push_back(std::to_string(*precision));
      break;
    case TypeKind::Numeric:
      if (precision) args.push_back(std::to_string(*precision));
      if (precision && scale) args.push_back(std::to_string(*scale));
      break;
    case TypeKind::DateTime:
    case TypeKind::Time:
      if (timezone) args.emplace_back("timezone=true");
      break;
    case TypeKind::Enum:
      for (const auto& v : enum_values) args.push_back(quote_arg_if_needed(v));
      if (enum_name) args.push_back("name=" + quote_arg_if_needed(*enum_name));
      break;
    case TypeKind::Dialect:
      return with_args(dialect + "." + name, this->args);
    case TypeKind::Decorated:
      return name;
    default:
      break;
  }
  return with_args(std::string(generic_name(kind)), args);
}

const TypeDecorator* Type::decorator() const {
  return kind == TypeKind::Decorated ? find_decorator(name) : nullptr;
}

const Type& Type::storage() const {
  const Type* t = this;
  // Registered decorators are never removed, so the chain is finite and stable.
  while (const TypeDecorator* d = t->decorator()) t = &d->impl;
  return *t;
}

namespace {
// The decorators of a type, outermost first.
std::vector<const TypeDecorator*> decorator_chain(const Type& type) {
  std::vector<const TypeDecorator*> chain;
  const Type* t = &type;
  while (const TypeDecorator* d = t->decorator()) {
    chain.push_back(d);
    t = &d->impl;
  }
  return chain;
}
}  // namespace

Value Type::to_db(const Value& v) const {
  Value out = v;
  for (const TypeDecorator* d : decorator_chain(*this))
    if (d->process_bind) out = d->process_bind(out);
  return out;
}

Value Type::from_db(const Value& v) const {
  const auto chain = decorator_chain(*this);
  Value out = v;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    if ((*it)->process_result) out = (*it)->process_result(out);
  return out;
}

bool Type::operator==(const Type& o) const {
  if (kind != o.kind || length != o.length || precision != o.precision || scale != o.scale ||
      timezone != o.timezone || enum_values != o.enum_values || enum_name != o.enum_name ||
      dialect != o.dialect || name != o.name || args != o.args) {
    return false;
  }
  if (item && o.item) return *item == *o.item;
  return !item && !o.item;
}

namespace {
Type of_kind(TypeKind k) {
  Type t;
  t.kind = k;
  return t;
}
}  // namespace

namespace types {

Type Integer() { return of_kind(TypeKind::Integer); }
Type BigInteger() { return of_kind(TypeKind::BigInteger); }
Type SmallInteger() { return of_kind(TypeKind::SmallInteger); }
Type Boolean() { return of_kind(TypeKind::Boolean); }
Type Text() { return of_kind(TypeKind::Text); }
Type Date() { return of_kind(TypeKind::Date); }
Type JSON() { return of_kind(TypeKind::JSON); }
Type Uuid() { return of_kind(TypeKind::Uuid); }

Type String(std::optional<int> length) {
  check_range(length, "String length", 1, 65535);
  Type t = of_kind(TypeKind::String);
  t.length = length;
  return t;
}

Type LargeBinary(std::optional<int> length) {
  check_range(length, "LargeBinary length", 1, 2147483647);
  Type t = of_kind(TypeKind::LargeBinary);
  t.length = length;
  return t;
}

Type Float(std::optional<int> precision) {
  check_range(precision, "Float precision", 1, 53);
  Type t = of_kind(TypeKind::Float);
  t.precision = precision;
  return t;
}

Type Numeric(std::optional<int> precision, std::optional<int> scale) {
  check_numeric(precision, scale);
  Type t = of_kind(TypeKind::Numeric);
  t.precision = precision;
  t.scale = scale;
  return t;
}

Type DateTime(bool timezone) {
  Type t = of_kind(TypeKind::DateTime);
  t.timezone = timezone;
  return t;
}

Type Time(bool timezone) {
  Type t = of_kind(TypeKind::Time);
  t.timezone = timezone;
  return t;
}

Type Enum(std::vector<std::string> values, std::optional<std::string> name) {
  check_enum(values);
  if (name && name->empty()) throw ArgumentError("Enum name must not be empty");
  Type t = of_kind(TypeKind::Enum);
  t.enum_values = std::move(values);
  t.enum_name = std::move(name);
  return t;
}

Type DialectType(std::string dialect, std::string name, std::vector<std::string> args) {
  Type t = of_kind(TypeKind::Dialect);
  for (auto& a : args) {
    // "k = v" and "k=v" are one spelling; the value is kept as written.
    if (auto kw = keyword_arg(a)) a = kw->first + "=" + kw->second;
  }
  if (iequals(name, "ARRAY") && !args.empty()) {
    // The element type is a type of its own: parsed, and spelled canonically.
    t.item = std::make_shared<const Type>(Type::parse(args[0]));
    args[0] = t.item->str();
  }
  t.dialect = std::move(dialect);
  t.name = std::move(name);
  t.args = std::move(args);
  return t;
}

}  // namespace types

Type register_type_decorator(TypeDecorator decorator) {
  const std::string name = decorator.name;
  bool identifier =
      !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name)
    identifier = identifier && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!identifier) {
    throw ArgumentError("type decorator name '" + name +
                        "' must be letters, digits and underscores, starting with a letter");
  }
  for (const auto& g : kGenericNames) {
    if (g.name == name)
      throw ArgumentError("type decorator name '" + name + "' is a built-in type");
  }
  if (decorator.impl.kind == TypeKind::Decorated && !decorator.impl.decorator()) {
    throw ArgumentError("type decorator '" + name + "': its impl '" + decorator.impl.name +
                        "' is not a registered decorator");
  }
  auto& r = registry();
  std::unique_lock lock(r.mu);
  if (r.by_name.count(name)) {
    throw ArgumentError("type decorator '" + name + "' is already registered");
  }
  r.by_name.emplace(name, std::make_unique<TypeDecorator>(std::move(decorator)));
  Type t;
  t.kind = TypeKind::Decorated;
  t.name = name;
  return t;
}

}  // namespace retort
