// Primary key, indexes, foreign keys, unique and check constraints of a table.
#include <algorithm>

#include "detail/type_syntax.hpp"
#include "retort/engine/error.hpp"
#include "schema_yaml/doc.hpp"
#include "schema_yaml/loader.hpp"

namespace retort::schema_yaml {

namespace {

const std::vector<std::string_view> kPrimaryKeyKeys{"name", "columns"};
const std::vector<std::string_view> kIndexKeys{"name",  "columns", "unique",
                                               "where", "orders",  "dialect_options"};
const std::vector<std::string_view> kForeignKeyKeys{"name",      "columns",  "references",
                                                    "ondelete",  "onupdate", "deferrable",
                                                    "initially", "use_alter"};
const std::vector<std::string_view> kUniqueKeys{"name", "columns"};
const std::vector<std::string_view> kCheckKeys{"name", "sqltext"};

std::string upper_words(std::string_view s) {
  std::string out;
  for (char c : detail::trim(s)) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return out;
}

bool looks_like_expression(std::string_view s) {
  return s.find_first_of("() +-*/|:'\"<>=,") != std::string_view::npos;
}

std::vector<std::string_view> column_names(const Table& t) {
  std::vector<std::string_view> out;
  for (const auto& c : t.columns) out.push_back(c.name);
  return out;
}

}  // namespace

std::vector<Node> Loader::entries(const Field& f,
                                        const std::vector<std::string_view>& allowed,
                                        const std::string& noun) {
  std::vector<Node> out;
  if (!f || f.value.IsNull()) return out;
  if (!f.value.IsSequence()) r_.fail(Reader::mark(f), noun + "s must be a list of maps");
  for (const auto& node : f.value) {
    if (!node.IsMap()) r_.fail(node.Mark(), "each entry of " + noun + "s is a map");
    r_.check_keys(node, allowed, noun);
    out.push_back(node);
  }
  return out;
}

void Loader::check_columns(const Table& t, const Field& f, const std::vector<std::string>& cols,
                           const std::string& what, bool expressions_allowed) const {
  if (cols.empty()) r_.fail(Reader::mark(f), what + " names no columns");
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (t.column(cols[i])) continue;
    if (expressions_allowed && looks_like_expression(cols[i])) continue;
    std::string message =
        what + " names column '" + cols[i] + "', which table '" + t.name + "' does not have";
    if (auto best = detail::closest_match(cols[i], column_names(t)))
      message += " (did you mean '" + *best + "'?)";
    r_.fail(f.value[i].Mark(), message);
  }
  for (std::size_t i = 0; i < cols.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (cols[i] == cols[j])
        r_.fail(f.value[i].Mark(), what + " names column '" + cols[i] + "' twice");
    }
  }
}

namespace {

// One namespace of names within a table: a second use is an error that
// points back at the first.
void claim(const Reader& r, std::map<std::string, int>& names, const std::string& name,
           const YAML::Mark& at, const std::string& what, const std::string& table) {
  if (auto [pos, fresh] = names.emplace(name, Reader::line_of(at)); !fresh) {
    r.fail(at, "duplicate " + what + " name '" + name + "' in table '" + table +
                   "' (first at line " + std::to_string(pos->second) + ")");
  }
}

}  // namespace

void Loader::load_primary_key(Table& t, const Field& f,
                              const std::map<std::string, ColumnSite>& sites) {
  if (!f || f.value.IsNull()) return;
  const std::string noun = "the primary_key of table '" + t.name + "'";
  if (!f.value.IsMap())
    r_.fail(Reader::mark(f), noun + " must be a map, e.g. {name: pk_x, columns: [id]}");
  r_.check_keys(f.value, kPrimaryKeyKeys, noun);
  PrimaryKeyConstraint pk;
  if (const Field n = Reader::field(f.value, "name"); n && !n.value.IsNull()) {
    pk.name = r_.name(n, "the name of " + noun);
    claim(r_, constraint_names_, *pk.name, Reader::mark(n), "constraint", t.name);
  }
  if (const Field cols = Reader::field(f.value, "columns"); cols && !cols.value.IsNull()) {
    pk.columns = r_.name_list(cols, "columns of " + noun);
    check_columns(t, cols, pk.columns, noun, false);
    for (auto& c : t.columns) {
      const bool listed =
          std::find(pk.columns.begin(), pk.columns.end(), c.name) != pk.columns.end();
      if (c.primary_key && !listed) {
        r_.fail(sites.at(c.name).mark,
                "column '" + c.name + "' says primary_key: true but " + noun + " does not list it");
      }
      if (listed && !c.primary_key) {
        c.primary_key = true;
        if (!sites.at(c.name).nullable_given) c.nullable = false;
      }
    }
  } else {
    pk.columns = t.primary_key_columns();
  }
  t.primary_key = std::move(pk);
}

void Loader::load_indexes(Table& t, const Field& f) {
  const std::string noun = "index of table '" + t.name + "'";
  for (const auto& node : entries(f, kIndexKeys, noun)) {
    Index ix;
    if (const Field n = Reader::field(node, "name"); n && !n.value.IsNull()) {
      ix.name = r_.name(n, "the name of an " + noun);
      claim(r_, index_names_, ix.name, Reader::mark(n), "index", t.name);
    } else if (!md_.naming_convention.count("ix")) {
      r_.fail(node.Mark(), "an " + noun + " has no name: give it one, or set naming_convention.ix");
    }
    const std::string what = ix.name.empty() ? "an " + noun : "index '" + ix.name + "'";
    const Field cols = Reader::field(node, "columns");
    if (!cols) r_.fail(node.Mark(), what + " has no columns");
    ix.columns = r_.name_list(cols, "columns of " + what);
    check_columns(t, cols, ix.columns, what, true);
    if (const Field u = Reader::field(node, "unique"))
      ix.unique = r_.boolean(u, "unique of " + what);
    if (const Field w = Reader::field(node, "where"); w && !w.value.IsNull()) {
      ix.where = r_.name(w, "where of " + what);
    }
    if (const Field o = Reader::field(node, "orders"); o && !o.value.IsNull()) {
      if (!o.value.IsSequence())
        r_.fail(Reader::mark(o), "orders of " + what + " must be a list, e.g. [ASC, DESC]");
      for (const auto& item : o.value) {
        const std::string v = item.IsScalar() ? upper_words(item.Scalar()) : "?";
        if (v != "" && v != "ASC" && v != "DESC") {
          r_.fail(item.Mark(), "orders of " + what + ": each entry is ASC, DESC or \"\"");
        }
        ix.orders.push_back(v);
      }
      if (ix.orders.size() != ix.columns.size()) {
        r_.fail(Reader::mark(o), "orders of " + what + " has " + std::to_string(ix.orders.size()) +
                                     " entries for " + std::to_string(ix.columns.size()) +
                                     " columns");
      }
    }
    if (const Field o = Reader::field(node, "dialect_options"); o && !o.value.IsNull()) {
      if (!o.value.IsMap()) {
        r_.fail(Reader::mark(o),
                "dialect_options of " + what + " must be a map, e.g. {postgresql_using: gin}");
      }
      for (const auto& kv : o.value) {
        const std::string key =
            r_.name(Field{kv.first, kv.first, true}, "a dialect option of " + what);
        if (!key.starts_with("postgresql_") && !key.starts_with("mysql_") &&
            !key.starts_with("sqlite_")) {
          r_.fail(kv.first.Mark(),
                  "dialect option '" + key + "' of " + what +
                      " must start with its dialect: postgresql_, mysql_ or sqlite_");
        }
        if (!ix.dialect_options
                 .emplace(key, r_.string(Field{kv.first, kv.second, true}, key + " of " + what))
                 .second) {
          r_.fail(kv.first.Mark(), "duplicate dialect option '" + key + "' of " + what);
        }
      }
    }
    t.indexes.push_back(std::move(ix));
  }
}

void Loader::load_foreign_keys(Table& t, const Field& f) {
  const std::string noun = "foreign key of table '" + t.name + "'";
  for (const auto& node : entries(f, kForeignKeyKeys, noun)) {
    ForeignKeyConstraint fk;
    if (const Field n = Reader::field(node, "name"); n && !n.value.IsNull()) {
      fk.name = r_.name(n, "the name of a " + noun);
      claim(r_, constraint_names_, *fk.name, Reader::mark(n), "constraint", t.name);
    }
    const std::string what = fk.name ? "foreign key '" + *fk.name + "'" : "a " + noun;
    const Field cols = Reader::field(node, "columns");
    if (!cols) r_.fail(node.Mark(), what + " has no columns");
    fk.columns = r_.name_list(cols, "columns of " + what);
    check_columns(t, cols, fk.columns, what, false);

    const Field refs = Reader::field(node, "references");
    if (!refs) r_.fail(node.Mark(), what + " has no references, e.g. references: org(id)");
    try {
      References target = parse_references(r_.string(refs, "references of " + what));
      fk.referred_schema = std::move(target.schema);
      fk.referred_table = std::move(target.table);
      fk.referred_columns = std::move(target.columns);
    } catch (const SchemaError&) {
      throw;
    } catch (const ArgumentError& e) {
      r_.fail(Reader::mark(refs), e.what());
    }
    if (fk.referred_columns.size() != fk.columns.size()) {
      r_.fail(Reader::mark(refs), what + " has " + std::to_string(fk.columns.size()) +
                                      " column(s) but references " +
                                      std::to_string(fk.referred_columns.size()));
    }
    for (std::string_view key : {"ondelete", "onupdate"}) {
      const Field a = Reader::field(node, key);
      if (!a || a.value.IsNull()) continue;
      const std::string v = upper_words(r_.string(a, std::string(key) + " of " + what));
      if (v != "CASCADE" && v != "SET NULL" && v != "SET DEFAULT" && v != "RESTRICT" &&
          v != "NO ACTION") {
        r_.fail(Reader::mark(a),
                std::string(key) + " of " + what + " is '" + a.value.Scalar() +
                    "': expected CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION");
      }
      (key == "ondelete" ? fk.ondelete : fk.onupdate) = v;
    }
    if (const Field d = Reader::field(node, "deferrable"); d && !d.value.IsNull()) {
      fk.deferrable = r_.boolean(d, "deferrable of " + what);
    }
    if (const Field i = Reader::field(node, "initially"); i && !i.value.IsNull()) {
      const std::string v = upper_words(r_.string(i, "initially of " + what));
      if (v != "DEFERRED" && v != "IMMEDIATE") {
        r_.fail(Reader::mark(i), "initially of " + what + " is '" + i.value.Scalar() +
                                     "': expected DEFERRED or IMMEDIATE");
      }
      fk.initially = v;
    }
    if (const Field u = Reader::field(node, "use_alter"))
      fk.use_alter = r_.boolean(u, "use_alter of " + what);
    t.foreign_keys.push_back(std::move(fk));
    pending_.push_back({&t, t.foreign_keys.size() - 1, Reader::mark(refs)});
  }
}

void Loader::load_unique_constraints(Table& t, const Field& f) {
  const std::string noun = "unique constraint of table '" + t.name + "'";
  for (const auto& node : entries(f, kUniqueKeys, noun)) {
    UniqueConstraint uq;
    if (const Field n = Reader::field(node, "name"); n && !n.value.IsNull()) {
      uq.name = r_.name(n, "the name of a " + noun);
      claim(r_, constraint_names_, *uq.name, Reader::mark(n), "constraint", t.name);
    }
    const std::string what = uq.name ? "unique constraint '" + *uq.name + "'" : "a " + noun;
    const Field cols = Reader::field(node, "columns");
    if (!cols) r_.fail(node.Mark(), what + " has no columns");
    uq.columns = r_.name_list(cols, "columns of " + what);
    check_columns(t, cols, uq.columns, what, false);
    t.unique_constraints.push_back(std::move(uq));
  }
}

void Loader::load_check_constraints(Table& t, const Field& f) {
  const std::string noun = "check constraint of table '" + t.name + "'";
  for (const auto& node : entries(f, kCheckKeys, noun)) {
    CheckConstraint ck;
    if (const Field n = Reader::field(node, "name"); n && !n.value.IsNull()) {
      ck.name = r_.name(n, "the name of a " + noun);
      claim(r_, constraint_names_, *ck.name, Reader::mark(n), "constraint", t.name);
    }
    const std::string what = ck.name ? "check constraint '" + *ck.name + "'" : "a " + noun;
    const Field sql = Reader::field(node, "sqltext");
    if (!sql) r_.fail(node.Mark(), what + " has no sqltext, e.g. sqltext: \"age >= 0\"");
    ck.sqltext = r_.name(sql, "sqltext of " + what);
    t.check_constraints.push_back(std::move(ck));
  }
}

}  // namespace retort::schema_yaml
