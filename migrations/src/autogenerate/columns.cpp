// Columns of a table on both sides: added, dropped, renamed (renamed_from,
// or a confirmed possible rename), and changed in type, nullability, server
// default or comment.
#include <algorithm>

#include "autogenerate/plan.hpp"
#include "retort/engine/ddl.hpp"

namespace retort::migrations::autogen {

namespace {

bool in_primary_key(const Table& t, const Column& c) {
  const auto pk = t.primary_key_columns();
  return std::find(pk.begin(), pk.end(), c.name) != pk.end();
}

bool nullable(const Table& t, const Column& c) { return c.nullable && !in_primary_key(t, c); }

std::optional<std::string> comment_of(const std::optional<std::string>& c) {
  return c && !c->empty() ? c : std::nullopt;
}

// Compares one column present on both sides (rc may have the old name of a
// rename: the alteration names the column by its new name).
void compare_column(Plan& plan, const Table& d, const Column& dc, const Table& r,
                    const Column& rc) {
  bool type = false;
  const Type& dt = dc.type.storage();
  const Type& rt = rc.type.storage();
  if (dt.kind == TypeKind::Enum && rt.kind == TypeKind::Enum) {
    // Where enums are named types, another name is another type, whatever
    // its values (the table renamed, for an Enum named after its column).
    if (plan.cmp.enum_types_are_objects() && enum_type_name(d, dc) != enum_type_name(r, rc))
      type = true;
    else if (dt.enum_values != rt.enum_values && !compare_enum_values(plan, d, dc, r, rc))
      type = true;
  } else if (!same_type(plan, d, dc, r, rc)) {
    type = true;
  }
  const bool null = nullable(d, dc) != nullable(r, rc);
  const bool dflt = plan.cmp.default_key(d, dc) != plan.cmp.default_key(r, rc);
  const bool comment =
      plan.cmp.keeps_comments() && comment_of(dc.comment) != comment_of(rc.comment);
  if (!type && !null && !dflt && !comment) return;
  Column from = rc;
  from.name = dc.name;
  from.nullable = nullable(r, rc);
  Column to = dc;
  to.nullable = nullable(d, dc);
  if (type)
    plan.change(ChangeKind::ChangeType, d, dc.name, rc.type.str() + " -> " + dc.type.str());
  if (null)
    plan.change(ChangeKind::ChangeNullable, d, dc.name,
                std::string(from.nullable ? "NULL" : "NOT NULL") + " -> " +
                    (to.nullable ? "NULL" : "NOT NULL"));
  if (dflt)
    plan.change(ChangeKind::ChangeDefault, d, dc.name,
                rc.server_default.value_or("none") + " -> " + dc.server_default.value_or("none"));
  if (comment) plan.change(ChangeKind::ChangeComment, d, dc.name);
  plan.step(Phase::AlterColumn, {alter_column(d, from, to, type, null, dflt, comment)},
            {alter_column(d, to, from, type, null, dflt, comment)});
}

}  // namespace

bool same_type(const Plan& plan, const Table& d, const Column& dc, const Table& r,
               const Column& rc) {
  return plan.cmp.type_key(d, dc) == plan.cmp.type_key(r, rc);
}

std::map<std::string, std::string> compare_columns(Plan& plan, const Table& d, const Table& r) {
  std::set<std::string> matched;  // reflected columns accounted for
  std::vector<const Column*> added;
  std::vector<std::pair<const Column*, const Column*>> renamed;  // declared, reflected
  for (const auto& dc : d.columns) {
    if (const Column* rc = r.column(dc.name)) {
      matched.insert(rc->name);
      continue;
    }
    if (dc.renamed_from && !d.column(*dc.renamed_from)) {
      if (const Column* rc = r.column(*dc.renamed_from)) {
        matched.insert(rc->name);
        renamed.emplace_back(&dc, rc);
        continue;
      }
    }
    added.push_back(&dc);
  }
  std::vector<const Column*> dropped;
  for (const auto& rc : r.columns)
    if (!matched.count(rc.name)) dropped.push_back(&rc);

  // A column dropped and one added of the same type: maybe a rename.
  std::map<const Column*, std::string> hint;  // column -> comment
  for (auto a = added.begin(); a != added.end();) {
    auto same = std::find_if(dropped.begin(), dropped.end(), [&](const Column* rc) {
      return same_type(plan, d, **a, r, *rc);
    });
    if (same == dropped.end()) {
      ++a;
      continue;
    }
    PossibleRename pr{table_key(d, plan.declared), (*same)->name, (*a)->name};
    if (plan.options.confirm_rename && plan.options.confirm_rename(pr)) {
      renamed.emplace_back(*a, *same);
      dropped.erase(same);
      a = added.erase(a);
      continue;
    }
    plan.diff.possible_renames.push_back(pr);
    const std::string text = "possible rename: " + pr.table + "." + pr.from + " -> " + pr.to +
                             " (same type); if so, declare renamed_from: " + pr.from +
                             " on column " + pr.to + " and autogenerate again";
    plan.note(text);
    hint[*a] = text;
    hint[*same] = text;
    ++a;
  }

  for (const auto& [dc, rc] : renamed) {
    plan.change(ChangeKind::RenameColumn, d, dc->name, rc->name + " -> " + dc->name);
    plan.step(Phase::Rename, {rename_column(d, rc->name, dc->name)},
              {rename_column(d, dc->name, rc->name)});
    compare_column(plan, d, *dc, r, *rc);
  }
  for (const auto& dc : d.columns)
    if (const Column* rc = r.column(dc.name)) compare_column(plan, d, dc, r, *rc);
  for (const Column* dc : added) {
    plan.change(ChangeKind::AddColumn, d, dc->name, dc->type.str());
    Op up = add_column(d, *dc);
    if (hint.count(dc)) up.comments.push_back(hint[dc]);
    plan.step(Phase::AddColumn, {std::move(up)}, {drop_column(d, *dc)});
  }
  for (const Column* rc : dropped) {
    plan.change(ChangeKind::DropColumn, d, rc->name, rc->type.str());
    Op up = drop_column(r, *rc);
    if (hint.count(rc)) up.comments.push_back(hint[rc]);
    Column full = *rc;
    full.nullable = nullable(r, *rc);
    plan.step(Phase::DropColumn, {std::move(up)}, {add_column(r, full)});
  }
  std::map<std::string, std::string> out;
  for (const auto& [dc, rc] : renamed) out[rc->name] = dc->name;
  return out;
}

Table with_renamed_columns(const Table& t, const std::map<std::string, std::string>& renamed) {
  if (renamed.empty()) return t;
  Table out = t;
  auto fix = [&](std::vector<std::string>& cols) {
    for (auto& c : cols)
      if (auto it = renamed.find(c); it != renamed.end()) c = it->second;
  };
  for (auto& c : out.columns)
    if (auto it = renamed.find(c.name); it != renamed.end()) c.name = it->second;
  if (out.primary_key) fix(out.primary_key->columns);
  for (auto& i : out.indexes) fix(i.columns);
  for (auto& u : out.unique_constraints) fix(u.columns);
  for (auto& f : out.foreign_keys) fix(f.columns);
  return out;
}

}  // namespace retort::migrations::autogen
