#include "dialects/reflection_support.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "retort/engine/error.hpp"

namespace retort::reflection {

std::string str(const Row& row, std::size_t i) {
  auto v = row[i].as<std::string>();
  return v ? std::move(*v) : std::string();
}

std::optional<std::string> opt_str(const Row& row, std::size_t i) {
  return row[i].as<std::string>();
}

std::int64_t num(const Row& row, std::size_t i) { return row[i].as<std::int64_t>().value_or(0); }

bool flag(const Row& row, std::size_t i) { return row[i].as<bool>().value_or(false); }

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Whether the '(' at s[0] is closed by the last character, skipping quoted
// text ('..', "..", `..`) so that a parenthesis inside a literal does not count.
bool encloses_all(std::string_view s) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote re-enters at once: same effect
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) return i == s.size() - 1;
    }
  }
  return false;
}
}  // namespace

std::string strip_outer_parens(std::string_view s) {
  s = trim(s);
  while (s.size() >= 2 && s.front() == '(' && encloses_all(s)) s = trim(s.substr(1, s.size() - 2));
  return std::string(s);
}

std::optional<std::string> non_empty(std::optional<std::string> s) {
  if (s && s->empty()) return std::nullopt;
  return s;
}

Table& TableSet::add(const std::string& name) {
  if (auto* t = find(name)) return *t;
  tables_.push_back(std::make_unique<Table>(name, schema_));
  by_name_.emplace(name, tables_.back().get());
  return *tables_.back();
}

Table* TableSet::find(std::string_view name) {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : it->second;
}

MetaData TableSet::finish(const ReflectOptions& options) {
  const std::set<std::string> excluded(options.exclude.begin(), options.exclude.end());
  std::set<std::string> chosen;
  if (options.only.empty()) {
    for (const auto& t : tables_)
      if (!excluded.count(t->name)) chosen.insert(t->name);
  } else {
    std::vector<std::string> missing;
    std::vector<const Table*> todo;
    for (const auto& name : options.only) {
      const Table* t = find(name);
      if (!t) {
        missing.push_back(name);
      } else if (!excluded.count(name) && chosen.insert(name).second) {
        todo.push_back(t);
      }
    }
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
      throw InvalidRequestError("could not reflect: requested table(s) not found" +
                                (schema_ ? " in schema " + *schema_ : std::string()) + ": " + list);
    }
    // Referred tables come along, as SQLAlchemy's reflect(only=...) does, so
    // that every foreign key of the result points at a table in it.
    while (!todo.empty()) {
      const Table* t = todo.back();
      todo.pop_back();
      for (const auto& fk : t->foreign_keys) {
        if (fk.referred_schema != schema_) continue;
        const Table* ref = find(fk.referred_table);
        if (ref && !excluded.count(ref->name) && chosen.insert(ref->name).second)
          todo.push_back(ref);
      }
    }
  }
  std::vector<Table*> ordered;
  for (const auto& t : tables_)
    if (chosen.count(t->name)) ordered.push_back(t.get());
  std::sort(ordered.begin(), ordered.end(),
            [](const Table* a, const Table* b) { return a->name < b->name; });
  MetaData md;
  for (Table* t : ordered) {
    finish_table(*t);
    md.add_table(std::move(*t));
  }
  return md;
}

bool is_integer_type(const Type& type) {
  const Type& t = type.storage();
  if (t.kind == TypeKind::Integer || t.kind == TypeKind::BigInteger ||
      t.kind == TypeKind::SmallInteger)
    return true;
  if (t.kind != TypeKind::Dialect) return false;
  static const char* const kInts[] = {"INTEGER", "BIGINT",    "SMALLINT",
                                      "TINYINT", "MEDIUMINT", "INT"};
  return std::any_of(std::begin(kInts), std::end(kInts),
                     [&](const char* n) { return t.name == n; });
}

namespace {
// Named constraints by name, then unnamed ones (SQLite) in the order declared.
template <class T>
void sort_by_name(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) {
    if (a.name.has_value() != b.name.has_value()) return a.name.has_value();
    return a.name && *a.name < *b.name;
  });
}
}  // namespace

void finish_table(Table& table) {
  sort_by_name(table.foreign_keys);
  sort_by_name(table.unique_constraints);
  sort_by_name(table.check_constraints);
  std::stable_sort(table.indexes.begin(), table.indexes.end(),
                   [](const Index& a, const Index& b) { return a.name < b.name; });
  if (table.primary_key) {
    for (const auto& name : table.primary_key->columns)
      if (auto* c = table.column(name)) c->primary_key = true;
  }
  const bool single = table.primary_key && table.primary_key->columns.size() == 1;
  for (auto& c : table.columns) {
    if (c.autoincrement == true) continue;
    if (single && c.primary_key && is_integer_type(c.type))
      c.autoincrement = false;
    else
      c.autoincrement.reset();
  }
}

QueryScope::~QueryScope() {
  if (!began_) return;
  try {
    conn_.rollback();
  } catch (...) {
    // Reflection only read; a failed rollback leaves nothing to undo, and a
    // destructor must not throw. A broken connection is handled by the pool.
  }
}

}  // namespace retort::reflection
