// Enum types where they are objects of their own (PostgreSQL). Autogenerate
// states every type change as an operation of its own, as a schema shared by
// several tables needs: a new type is created once (create_enum) before the
// tables and columns that use it, and the tables are created with
// create_type: false; values are added (ALTER TYPE ... ADD VALUE, in the
// model's order), removed values flagged (they cannot be removed); a type
// renamed in the model, unambiguously, is renamed (rename_enum); a type
// nothing uses any more is dropped once (drop_enum) after the tables, unless
// a table autogenerate leaves out still uses it.
#include <algorithm>
#include <iterator>

#include "autogenerate/plan.hpp"
#include "retort/engine/ddl.hpp"

namespace retort::migrations::autogen {

namespace {

// Adds the values of `want` that `have` lacks, each after its predecessor in
// `want`; notes values `want` no longer lists. `t` and `column` say where the
// change was found (an empty table: the type itself).
void add_values(Plan& plan, const EnumType& have_type, const std::vector<std::string>& want,
                const Table& t, const std::string& column) {
  const std::string& name = have_type.name;
  std::vector<std::string> have = have_type.values;
  std::vector<std::string> removed;
  for (const auto& v : have)
    if (std::find(want.begin(), want.end(), v) == want.end()) removed.push_back(v);
  std::vector<Op> ups;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& v = want[i];
    if (std::find(have.begin(), have.end(), v) != have.end()) continue;
    std::optional<std::string> after, before;
    if (i > 0) after = want[i - 1];
    else if (!have.empty()) before = have.front();
    Op op = add_enum_value(have_type.schema, name, v, after, before);
    op.comments.push_back("PostgreSQL cannot remove an enum value: the downgrade leaves '" + v +
                          "' in type " + name);
    ups.push_back(std::move(op));
    plan.change(ChangeKind::AddEnumValue, t, column.empty() ? name : column,
                name + " + '" + v + "'");
    auto at = after ? std::find(have.begin(), have.end(), *after) + 1 : have.begin();
    have.insert(at, v);
  }
  if (!removed.empty()) {
    std::string list;
    for (const auto& v : removed) list += (list.empty() ? "'" : ", '") + v + "'";
    plan.note("enum type " + name + " has values the model no longer lists (" + list +
              "): PostgreSQL cannot remove enum values; rows may still hold them. Recreate the "
              "type by hand (execute) if they must go");
  }
  if (!ups.empty()) plan.step(Phase::CreateEnum, std::move(ups), {});
}

}  // namespace

std::string enum_key(const std::optional<std::string>& schema, const std::string& name) {
  return schema ? *schema + "." + name : name;
}

EnumTypes enum_types(const Table& t) {
  EnumTypes out;
  for (const auto& c : t.columns) {
    if (c.type.storage().kind != TypeKind::Enum) continue;
    const std::string name = enum_type_name(t, c);
    out.emplace(enum_key(t.schema, name), EnumType{t.schema, name, c.type.storage().enum_values});
  }
  return out;
}

bool compare_enum_values(Plan& plan, const Table& d, const Column& dc, const Table& r,
                         const Column& rc) {
  if (!plan.cmp.enum_types_are_objects()) return false;
  const std::string name = enum_type_name(r, rc);
  if (enum_type_name(d, dc) != name) return false;  // another type: change the column's type
  if (!plan.enums_handled.insert(enum_key(r.schema, name)).second) return true;
  add_values(plan, {r.schema, name, rc.type.storage().enum_values}, dc.type.storage().enum_values,
             d, dc.name);
  return true;
}

void plan_enum_renames(Plan& plan, const std::map<std::string, const Table*>& dtables,
                       std::map<std::string, Table>& rtables) {
  if (!plan.cmp.enum_types_are_objects()) return;
  // The columns that use each type: "table key.column", a declared column by
  // the live name it has now (renamed_from, where the live table lacks it).
  struct Use {
    EnumType type;
    std::set<std::string> columns;
  };
  std::map<std::string, Use> old_types, new_types;
  for (const auto& [key, r] : rtables)
    for (const auto& c : r.columns) {
      if (c.type.storage().kind != TypeKind::Enum) continue;
      const std::string name = enum_type_name(r, c);
      auto& u = old_types[enum_key(r.schema, name)];
      u.type = {r.schema, name, c.type.storage().enum_values};
      u.columns.insert(key + "." + c.name);
    }
  for (const auto& [key, d] : dtables) {
    auto live = rtables.find(key);
    for (const auto& c : d->columns) {
      if (c.type.storage().kind != TypeKind::Enum) continue;
      const std::string name = enum_type_name(*d, c);
      auto& u = new_types[enum_key(d->schema, name)];
      u.type = {d->schema, name, c.type.storage().enum_values};
      const bool live_has = live != rtables.end() &&
                            std::any_of(live->second.columns.begin(), live->second.columns.end(),
                                        [&](const Column& lc) { return lc.name == c.name; });
      u.columns.insert(key + "." + (live_has ? c.name : c.renamed_from.value_or(c.name)));
    }
  }
  // Types that go (no declared table uses them, nor an uncompared one) and
  // types that are new.
  for (auto it = old_types.begin(); it != old_types.end();)
    it = plan.declared_enums.count(it->first) || plan.enums_used_elsewhere.count(it->first)
             ? old_types.erase(it)
             : std::next(it);
  for (auto it = new_types.begin(); it != new_types.end();)
    it = plan.live_enums.count(it->first) || old_types.count(it->first) ? new_types.erase(it)
                                                                        : std::next(it);
  auto same = [](const Use& a, const Use& b) {
    return a.type.schema == b.type.schema && a.type.values == b.type.values &&
           a.columns == b.columns;
  };
  for (const auto& [okey, o] : old_types) {
    const Use* match = nullptr;
    std::string nkey;
    int n = 0;
    for (const auto& [k, u] : new_types)
      if (same(o, u)) ++n, match = &u, nkey = k;
    if (n != 1) continue;
    int back = 0;
    for (const auto& [k, u] : old_types) back += same(u, *match);
    if (back != 1) continue;
    const EnumType& to = match->type;
    plan.change(ChangeKind::RenameEnumType, Table(""), nkey, o.type.name + " -> " + to.name);
    plan.step(Phase::Rename, {rename_enum(o.type.schema, o.type.name, to.name)},
              {rename_enum(o.type.schema, to.name, o.type.name)});
    for (auto& [key, r] : rtables)
      for (auto& c : r.columns)
        if (c.type.kind == TypeKind::Enum && enum_key(r.schema, enum_type_name(r, c)) == okey)
          c.type.enum_name = to.name;
    plan.live_enums.erase(okey);
    plan.live_enums[nkey] = to;
  }
}

void plan_enum_types(Plan& plan) {
  if (!plan.cmp.enum_types_are_objects()) return;
  for (const auto& [key, e] : plan.declared_enums) {
    if (!plan.enums_handled.insert(key).second) continue;
    if (auto live = plan.live_enums.find(key); live != plan.live_enums.end()) {
      // Used only by new tables or columns: the type must have their values.
      if (live->second.values != e.values) add_values(plan, live->second, e.values, Table(""), "");
      continue;
    }
    plan.change(ChangeKind::AddEnumType, Table(""), key);
    plan.step(Phase::CreateEnum, {create_enum(e.schema, e.name, e.values)},
              {drop_enum(e.schema, e.name)});
  }
  for (const auto& [key, e] : plan.used_live_enums) {
    if (plan.declared_enums.count(key) || !plan.enums_handled.insert(key).second) continue;
    if (auto used = plan.enums_used_elsewhere.find(key); used != plan.enums_used_elsewhere.end()) {
      std::string tables;
      for (const auto& t : used->second) tables += (tables.empty() ? "" : ", ") + t;
      plan.note("enum type " + e.name + " is not dropped: no compared table uses it any more, "
                "but " + tables + ", which autogenerate does not compare (include_tables/" +
                "exclude_tables, views, other schemas), still " +
                (used->second.size() == 1 ? "uses" : "use") + " it");
      continue;
    }
    plan.change(ChangeKind::DropEnumType, Table(""), key);
    plan.step(Phase::DropEnum, {drop_enum(e.schema, e.name)},
              {create_enum(e.schema, e.name, e.values)});
  }
}

}  // namespace retort::migrations::autogen
