// SQLite keeps a column's type as the text it was declared with. A name the
// DDL compiler renders for a generic type maps back to that generic type; any
// other name is kept as a sqlite.NAME dialect type, so that re-creating the
// table declares the same text (and so the same type affinity).
#include "dialects/sqlite/reflect_types.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "retort/engine/error.hpp"

namespace retort::sqlite {

namespace {

struct Declared {
  std::string name;               // upper case, single spaces
  std::vector<std::string> args;  // trimmed
  bool well_formed = true;
};

Declared split(std::string_view s) {
  Declared d;
  const auto open = s.find('(');
  const std::string_view head = s.substr(0, open);
  for (char c : head) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!d.name.empty() && d.name.back() != ' ') d.name += ' ';
    } else {
      d.name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  if (!d.name.empty() && d.name.back() == ' ') d.name.pop_back();
  if (open == std::string_view::npos) return d;
  const auto close = s.rfind(')');
  if (close == std::string_view::npos || close < open) {
    d.well_formed = false;
    return d;
  }
  for (char c : s.substr(close + 1))
    if (!std::isspace(static_cast<unsigned char>(c))) d.well_formed = false;
  std::string arg;
  for (char c : s.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      d.args.push_back(arg);
      arg.clear();
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      arg += c;
    }
  }
  d.args.push_back(arg);
  for (const auto& a : d.args)
    if (a.empty()) d.well_formed = false;
  return d;
}

std::optional<int> number(const std::string& s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

bool valid_dialect_name(const std::string& n) {
  if (n.empty() || std::isdigit(static_cast<unsigned char>(n[0]))) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ')) return false;
  return true;
}

// SQLite's own rules (datatype3.html, 3.1) for a name we cannot spell back.
Type by_affinity(const std::string& n) {
  if (n.find("INT") != std::string::npos) return types::Integer();
  if (n.find("CHAR") != std::string::npos || n.find("CLOB") != std::string::npos ||
      n.find("TEXT") != std::string::npos)
    return types::Text();
  if (n.empty() || n.find("BLOB") != std::string::npos) return types::LargeBinary();
  if (n.find("REAL") != std::string::npos || n.find("FLOA") != std::string::npos ||
      n.find("DOUB") != std::string::npos)
    return types::Float();
  return types::Numeric();
}

// The generic type for a declared name with numeric arguments, when that
// is exactly what the DDL compiler renders for it.
std::optional<Type> generic(const std::string& n, const std::vector<int>& a) {
  const std::size_t k = a.size();
  auto arg = [&](std::size_t i) { return i < k ? std::optional<int>(a[i]) : std::nullopt; };
  if (k == 0) {
    if (n == "INTEGER") return types::Integer();
    if (n == "BIGINT") return types::BigInteger();
    if (n == "SMALLINT") return types::SmallInteger();
    if (n == "BOOLEAN") return types::Boolean();
    if (n == "TEXT") return types::Text();
    if (n == "DATE") return types::Date();
    if (n == "DATETIME") return types::DateTime();
    if (n == "TIME") return types::Time();
    if (n == "JSON") return types::JSON();
  }
  if (n == "VARCHAR" && k <= 1) return types::String(arg(0));
  // How Uuid is stored: a CHAR(36) comes back as Uuid (docs/reflection.md).
  if (n == "CHAR" && k == 1 && a[0] == 36) return types::Uuid();
  if (n == "FLOAT" && k <= 1) return types::Float(arg(0));
  if (n == "NUMERIC" && k <= 2) return types::Numeric(arg(0), arg(1));
  if (n == "BLOB" && k <= 1) return types::LargeBinary(arg(0));
  return std::nullopt;
}

}  // namespace

Type type_from_declared(std::string_view declared) {
  const Declared d = split(declared);
  if (!d.well_formed || !valid_dialect_name(d.name)) return by_affinity(d.name);
  std::vector<int> nums;
  for (const auto& a : d.args) {
    auto v = number(a);
    if (!v) break;
    nums.push_back(*v);
  }
  if (nums.size() == d.args.size()) {
    try {
      if (auto t = generic(d.name, nums)) return *t;
    } catch (const ArgumentError&) {
      // An argument out of the generic type's range (VARCHAR(100000)): the
      // dialect type below keeps it as declared.
    }
  }
  return types::DialectType("sqlite", d.name, d.args);
}

}  // namespace retort::sqlite
