// compare_schema: the declared tables matched with the reflected ones (by
// name, or by renamed_from), then each kind of object compared
// (columns.cpp, constraints.cpp, indexes.cpp, enums.cpp, tables.cpp) and the
// operations ordered (order.cpp).
#include <algorithm>

#include "autogenerate/plan.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/error.hpp"

namespace retort::migrations::autogen {

std::string table_key(const Table& t, const MetaData& md) {
  const auto schema = t.schema ? t.schema : md.schema;
  return schema ? *schema + "." + t.name : t.name;
}

std::string referred_table_key(const Table& t, const ForeignKeyConstraint& fk,
                               const MetaData& md) {
  const auto schema = fk.referred_schema ? fk.referred_schema : t.schema ? t.schema : md.schema;
  return schema ? *schema + "." + fk.referred_table : fk.referred_table;
}

namespace {

// A table as compared: in the document's schema when it names none, and in
// no schema where it names the connection's default one (its foreign keys
// too), so that `schema: public` is the table the database reflects
// without a schema.
Table normalised(const Table& t, const MetaData& md, const std::optional<std::string>& dflt) {
  Table out = t;
  if (!out.schema) out.schema = md.schema;
  if (dflt && out.schema == dflt) out.schema.reset();
  for (auto& fk : out.foreign_keys)
    if (dflt && fk.referred_schema == dflt) fk.referred_schema.reset();
  return out;
}

}  // namespace

void Plan::change(ChangeKind kind, const Table& t, std::string object, std::string detail) {
  diff.changes.push_back(
      {kind, t.name.empty() ? std::string() : table_key(t, declared), std::move(object),
       std::move(detail)});
}

void compare_table_comment(Plan& plan, const Table& d, const Table& r) {
  if (!plan.cmp.keeps_comments()) return;
  auto norm = [](const std::optional<std::string>& c) {
    return c && !c->empty() ? c : std::nullopt;
  };
  if (norm(d.comment) == norm(r.comment)) return;
  plan.change(ChangeKind::ChangeTableComment, d);
  plan.step(Phase::TableComment, {table_comment(d, norm(d.comment), norm(r.comment))},
            {table_comment(d, norm(r.comment), norm(d.comment))});
}

}  // namespace retort::migrations::autogen

namespace retort::migrations {

using namespace autogen;

std::string_view change_kind_name(ChangeKind kind) {
  static constexpr const char* kNames[] = {
      "add_table", "drop_table", "rename_table", "add_column", "drop_column", "rename_column",
      "change_type", "change_nullable", "change_default", "change_comment",
      "change_table_comment", "add_primary_key", "drop_primary_key", "add_foreign_key",
      "drop_foreign_key", "add_unique_constraint", "drop_unique_constraint", "add_index",
      "drop_index", "add_check_constraint", "drop_check_constraint", "add_enum_type",
      "add_enum_value", "drop_enum_type", "rename_enum_type"};
  return kNames[static_cast<int>(kind)];
}

std::string SchemaChange::describe() const {
  std::string out(change_kind_name(kind));
  if (!table.empty()) out += " " + table;
  if (!object.empty()) out += (table.empty() ? " " : ".") + object;
  if (!detail.empty()) out += " (" + detail + ")";
  return out;
}

SchemaDiff compare_schema(const MetaData& declared, const MetaData& reflected,
                          const Dialect& dialect, const AutogenerateOptions& options) {
  SchemaDiff diff;
  const auto& dflt = options.default_schema;
  // Tables outside the default schema are compared when include_schemas
  // names their schema (or, declared, when it is the document's).
  auto schema_ok = [&](const Table& t, const MetaData& md) {
    if (!t.schema || t.schema == md.schema || t.schema == dflt) return true;
    const auto& s = options.include_schemas;
    return std::find(s.begin(), s.end(), *t.schema) != s.end();
  };
  MetaData dmd, rmd;  // the compared tables, normalised
  dmd.naming_convention = declared.naming_convention;
  rmd.naming_convention = reflected.naming_convention;
  for (const auto& t : declared.tables()) {
    if (!table_included(t->name, options) || !schema_ok(*t, declared)) continue;
    Table n = normalised(*t, declared, dflt);
    if (dmd.table(n.name, n.schema))
      throw SchemaError("the declared schema has table '" + n.fullname() + "' twice ('" +
                        dflt.value_or("") + "' is the default schema): name it one way");
    dmd.add_table(std::move(n));
  }
  std::vector<const Table*> uncompared;  // live tables include/exclude_tables leave out
  for (const auto& t : reflected.tables()) {
    if (!table_included(t->name, options) || !schema_ok(*t, reflected)) {
      uncompared.push_back(t.get());
      continue;
    }
    Table n = normalised(*t, reflected, dflt);
    if (!rmd.table(n.name, n.schema)) rmd.add_table(std::move(n));
  }
  Plan plan{dmd, rmd, schema_comparator(dialect), options, diff,
            std::string(dialect.name()) + "_", {}, {}, {}, {}, {}, {}};
  if (plan.cmp.enum_types_are_objects())
    for (const auto* t : uncompared)
      for (const auto& [k, e] : enum_types(normalised(*t, reflected, dflt))) {
        auto& users = plan.enums_used_elsewhere[k];
        if (std::find(users.begin(), users.end(), t->name) == users.end())
          users.push_back(t->name);
      }
  for (const auto& e : options.live_enums) {
    const auto schema = e.schema == dflt ? std::nullopt : e.schema;
    const std::string key = enum_key(schema, e.name);
    plan.live_enums[key] = {schema, e.name, e.values};
    if (!plan.cmp.enum_types_are_objects()) continue;
    for (const auto& [s, name] : e.used_by) {
      const auto user_schema = s == dflt ? std::nullopt : s;
      if (rmd.table(name, user_schema)) continue;  // compared
      auto& users = plan.enums_used_elsewhere[key];
      const std::string user = user_schema ? *user_schema + "." + name : name;
      if (std::find(users.begin(), users.end(), user) == users.end()) users.push_back(user);
    }
  }

  std::map<std::string, const Table*> dtables;
  std::map<std::string, Table> rtables;  // copies: renames are applied to them
  for (const auto& t : dmd.tables()) dtables[table_key(*t, dmd)] = t.get();
  for (const auto& t : rmd.tables()) rtables.emplace(table_key(*t, rmd), *t);

  // The live tables as they are, before renames: a foreign key that changes
  // is dropped before the renames and re-created after they are undone, so
  // under the old names.
  std::map<std::string, const Table*> as_is;
  for (const auto& t : rmd.tables()) as_is.emplace(table_key(*t, rmd), t.get());
  std::map<std::string, std::string> key_before;  // renamed tables: new key -> old key

  // Renamed tables: the live table under its old name becomes the new one,
  // and foreign keys that name it follow.
  for (const auto& [key, d] : dtables) {
    if (rtables.count(key) || !d->renamed_from) continue;
    Table old_name = *d;
    old_name.name = *d->renamed_from;
    const std::string old_key = table_key(old_name, dmd);
    auto it = rtables.find(old_key);
    if (it == rtables.end() || dtables.count(old_key)) continue;
    Table moved = std::move(it->second);
    rtables.erase(it);
    plan.change(ChangeKind::RenameTable, *d, "", moved.name + " -> " + d->name);
    plan.step(Phase::Rename, {rename_table(*d, moved.name, d->name)},
              {rename_table(*d, d->name, moved.name)});
    for (auto& [k, t] : rtables)
      for (auto& fk : t.foreign_keys)
        if (fk.referred_table == moved.name) fk.referred_table = d->name;
    for (auto& fk : moved.foreign_keys)
      if (fk.referred_table == moved.name) fk.referred_table = d->name;
    moved.name = d->name;
    rtables.emplace(key, std::move(moved));
    key_before[key] = old_key;
  }

  for (const auto& [key, d] : dtables)
    for (auto& [k, e] : enum_types(*d)) plan.declared_enums.emplace(k, std::move(e));
  plan_enum_renames(plan, dtables, rtables);
  for (const auto& [key, r] : rtables)
    for (auto& [k, e] : enum_types(r)) {
      plan.used_live_enums.emplace(k, e);
      if (plan.cmp.enum_types_are_objects()) plan.live_enums.emplace(k, std::move(e));
    }

  // Columns first: the foreign keys of every table that refer to a renamed
  // column follow it, as the database renames them along.
  std::vector<const Table*> created, dropped;
  std::vector<std::pair<std::string, const Table*>> matched;
  std::map<std::string, std::map<std::string, std::string>> renamed_columns;  // table key ->
  for (const auto& [key, d] : dtables) {
    auto it = rtables.find(key);
    if (it == rtables.end()) {
      created.push_back(d);
      continue;
    }
    auto renamed = compare_columns(plan, *d, it->second);
    if (!renamed.empty()) renamed_columns.emplace(key, std::move(renamed));
    matched.emplace_back(key, d);
  }
  for (auto& [k, t] : rtables)
    for (auto& fk : t.foreign_keys) {
      auto it = renamed_columns.find(referred_table_key(t, fk, plan.reflected));
      if (it == renamed_columns.end()) continue;
      for (auto& c : fk.referred_columns)
        if (auto r = it->second.find(c); r != it->second.end()) c = r->second;
    }
  for (const auto& [key, d] : matched) {
    auto renamed = renamed_columns.find(key);
    const Table r = renamed == renamed_columns.end()
                        ? rtables.at(key)
                        : with_renamed_columns(rtables.at(key), renamed->second);
    compare_primary_key(plan, *d, r);
    auto was = key_before.find(key);
    compare_foreign_keys(plan, *d, r, *as_is.at(was == key_before.end() ? key : was->second));
    compare_unique_constraints(plan, *d, r);
    compare_check_constraints(plan, *d, r);
    compare_indexes(plan, *d, r);
    compare_table_comment(plan, *d, r);
  }
  for (const auto& [key, r] : rtables)
    if (!dtables.count(key)) dropped.push_back(&r);

  plan_new_tables(plan, created);
  plan_dropped_tables(plan, dropped);
  plan_enum_types(plan);
  write_operations(plan);
  return diff;
}

}  // namespace retort::migrations
