// MetaData -> document tree: the fixed key order and the omitted defaults of
// docs/schema-yaml.md, so that the output depends only on the schema.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "retort/engine/error.hpp"
#include "schema_yaml/doc.hpp"

namespace retort::schema_yaml {

namespace {

std::string format_double(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest text that reads back
  std::string s(buf, end);
  // A fraction or exponent keeps it a number with a point when read back.
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

Doc literal(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
      return Doc::null();
    case Value::Kind::Bool:
      return Doc::boolean(v.get_raw<bool>());
    case Value::Kind::Int:
      return Doc::integer(std::to_string(v.get_raw<std::int64_t>()));
    case Value::Kind::Double:
      return Doc::number(format_double(v.get_raw<double>()));
    case Value::Kind::Decimal:
      return Doc::number(v.get_raw<Decimal>().text);
    case Value::Kind::Text:
      return Doc::str(v.get_raw<std::string>());
    case Value::Kind::Bytes:
      return Doc::str(v.get_raw<Bytes>().data);
    case Value::Kind::Date:
      return Doc::str(to_iso(v.get_raw<Date>()));
    case Value::Kind::Time:
      return Doc::str(to_iso(v.get_raw<Time>()));
    case Value::Kind::DateTime:
      return Doc::str(to_iso(v.get_raw<DateTime>()));
    case Value::Kind::Uuid:
      return Doc::str(v.get_raw<Uuid>().str());
    case Value::Kind::Json:
      return Doc::str(v.get_raw<Json>().text);
  }
  return Doc::null();
}

Doc name_list(const std::vector<std::string>& names) {
  Doc l = Doc::list(true);
  for (const auto& n : names) l.items.push_back(Doc::str(n));
  return l;
}

// Named entries sorted by name (reflection returns them in catalog order,
// which differs between databases); unnamed ones after, as given.
template <class T, class NameOf>
std::vector<const T*> by_name(const std::vector<T>& items, NameOf name_of) {
  std::vector<const T*> out;
  for (const auto& i : items) out.push_back(&i);
  std::stable_sort(out.begin(), out.end(), [&](const T* a, const T* b) {
    const std::string* na = name_of(*a);
    const std::string* nb = name_of(*b);
    if (!na || !nb) return na && !nb;
    return *na < *nb;
  });
  return out;
}

const std::string* opt_name(const std::optional<std::string>& n) { return n ? &*n : nullptr; }

}  // namespace

Doc column_doc(const Column& c, bool in_primary_key) {
  Doc d = Doc::map(true);
  d.add("name", Doc::str(c.name));
  d.add("type", Doc::str(c.type.str()));
  if (in_primary_key) d.add("primary_key", Doc::boolean(true));
  // Primary key columns are NOT NULL unless said otherwise.
  if (c.nullable == in_primary_key) d.add("nullable", Doc::boolean(c.nullable));
  // A NULL default is no default: loading reads `default: null` that way.
  if (c.default_value && !c.default_value->is_null()) d.add("default", literal(*c.default_value));
  if (c.server_default) d.add("server_default", Doc::str(*c.server_default));
  if (c.onupdate && !c.onupdate->is_null()) d.add("onupdate", literal(*c.onupdate));
  if (c.autoincrement) d.add("autoincrement", Doc::boolean(*c.autoincrement));
  if (c.comment) d.add("comment", Doc::str(*c.comment));
  if (c.index) d.add("index", Doc::boolean(true));
  if (c.unique) d.add("unique", Doc::boolean(true));
  if (c.renamed_from) d.add("renamed_from", Doc::str(*c.renamed_from));
  return d;
}

Doc table_doc(const Table& t, const MetaData& md) {
  Doc d = Doc::map(false);
  if (t.schema && t.schema != md.schema) d.add("schema", Doc::str(*t.schema));

  const auto pk = t.primary_key_columns();
  if (!t.columns.empty()) {
    Doc& cols = d.add("columns", Doc::list(false));
    for (const auto& c : t.columns) {
      const bool in_pk = std::find(pk.begin(), pk.end(), c.name) != pk.end();
      cols.items.push_back(column_doc(c, in_pk));
    }
  }

  // The columns' primary_key flags say which columns; the table-level entry
  // is written only for what they cannot say: a name, or a different order.
  std::vector<std::string> flag_order;
  for (const auto& c : t.columns) {
    if (std::find(pk.begin(), pk.end(), c.name) != pk.end()) flag_order.push_back(c.name);
  }
  const bool pk_named = t.primary_key && t.primary_key->name;
  if (!pk.empty() && (pk_named || flag_order != pk)) {
    Doc& p = d.add("primary_key", Doc::map(true));
    if (pk_named) p.add("name", Doc::str(*t.primary_key->name));
    if (flag_order != pk) p.add("columns", name_list(pk));
  }

  if (!t.indexes.empty()) {
    Doc& l = d.add("indexes", Doc::list(false));
    for (const Index* ix :
         by_name(t.indexes, [](const Index& i) { return i.name.empty() ? nullptr : &i.name; })) {
      Doc e = Doc::map(true);
      if (!ix->name.empty()) e.add("name", Doc::str(ix->name));
      e.add("columns", name_list(ix->columns));
      if (ix->unique) e.add("unique", Doc::boolean(true));
      if (ix->where) e.add("where", Doc::str(*ix->where));
      if (std::any_of(ix->orders.begin(), ix->orders.end(),
                      [](const auto& o) { return !o.empty(); })) {
        e.add("orders", name_list(ix->orders));
      }
      if (!ix->dialect_options.empty()) {
        Doc& o = e.add("dialect_options", Doc::map(true));
        for (const auto& [k, v] : ix->dialect_options) o.add(k, Doc::str(v));  // std::map: sorted
      }
      l.items.push_back(std::move(e));
    }
  }
  if (!t.foreign_keys.empty()) {
    Doc& l = d.add("foreign_keys", Doc::list(false));
    for (const auto* fk :
         by_name(t.foreign_keys, [](const ForeignKeyConstraint& f) { return opt_name(f.name); })) {
      Doc e = Doc::map(true);
      if (fk->name) e.add("name", Doc::str(*fk->name));
      e.add("columns", name_list(fk->columns));
      e.add("references", Doc::str(format_references(*fk)));
      if (fk->ondelete) e.add("ondelete", Doc::str(*fk->ondelete));
      if (fk->onupdate) e.add("onupdate", Doc::str(*fk->onupdate));
      if (fk->deferrable) e.add("deferrable", Doc::boolean(*fk->deferrable));
      if (fk->initially) e.add("initially", Doc::str(*fk->initially));
      if (fk->use_alter) e.add("use_alter", Doc::boolean(true));
      l.items.push_back(std::move(e));
    }
  }
  if (!t.unique_constraints.empty()) {
    Doc& l = d.add("unique_constraints", Doc::list(false));
    for (const auto* uq : by_name(t.unique_constraints,
                                  [](const UniqueConstraint& u) { return opt_name(u.name); })) {
      Doc e = Doc::map(true);
      if (uq->name) e.add("name", Doc::str(*uq->name));
      e.add("columns", name_list(uq->columns));
      l.items.push_back(std::move(e));
    }
  }
  if (!t.check_constraints.empty()) {
    Doc& l = d.add("check_constraints", Doc::list(false));
    for (const auto* ck :
         by_name(t.check_constraints, [](const CheckConstraint& c) { return opt_name(c.name); })) {
      Doc e = Doc::map(true);
      if (ck->name) e.add("name", Doc::str(*ck->name));
      e.add("sqltext", Doc::str(ck->sqltext));
      l.items.push_back(std::move(e));
    }
  }
  if (t.comment) d.add("comment", Doc::str(*t.comment));
  if (t.renamed_from) d.add("renamed_from", Doc::str(*t.renamed_from));
  return d;
}

Doc to_doc(const MetaData& given) {
  // The document shows the metadata as loading it would give it back: with
  // the naming convention applied (column index=/unique= shorthands written
  // as entries, generated names filled in), so that dump -> load -> dump is
  // byte-identical. Metadata the convention cannot complete (an unnamed
  // index and no "ix" template) is written as it is, and loading it reports
  // the problem.
  MetaData md(given);
  try {
    md.apply_naming_convention();
  } catch (const SchemaError&) {
    md = given;
  }
  Doc root = Doc::map(false);
  if (md.schema) root.add("schema", Doc::str(*md.schema));
  if (!md.naming_convention.empty()) {
    Doc& nc = root.add("naming_convention", Doc::map(false));
    for (const auto& [k, v] : md.naming_convention) nc.add(k, Doc::str(v));  // std::map: sorted
  }
  std::vector<const Table*> tables;
  for (const auto& t : md.tables()) tables.push_back(t.get());
  std::stable_sort(tables.begin(), tables.end(), [](const Table* a, const Table* b) {
    return a->name != b->name ? a->name < b->name : a->schema < b->schema;
  });
  Doc& tl = root.add("tables", Doc::map(false));
  for (const Table* t : tables) tl.add(t->name, table_doc(*t, md));
  return root;
}

}  // namespace retort::schema_yaml
