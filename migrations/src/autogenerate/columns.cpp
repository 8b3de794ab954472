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

// A value every row can take for a column of this type, as a server
// default every dialect accepts: what the downgrade of a dropped NOT NULL
// column without a default fills the rows with. None for a type without an
// obvious one.
std::optional<std::string> fill_value(const Type& type) {
  const Type& t = type.storage();
  auto quoted = [](const std::string& v) {
    std::string out = "'";
    for (char c : v) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  };
  switch (t.kind) {
    case TypeKind::Integer:
    case TypeKind::BigInteger:
    case TypeKind::SmallInteger:
    case TypeKind::Float:
    case TypeKind::Numeric: return "0";
    case TypeKind::Boolean: return "false";
    case TypeKind::String:
    case TypeKind::Text:
    case TypeKind::LargeBinary: return "''";
    case TypeKind::Date: return "'1970-01-01'";
    case TypeKind::DateTime: return "'1970-01-01 00:00:00'";
    case TypeKind::Time: return "'00:00:00'";
    case TypeKind::JSON: return "'{}'";
    case TypeKind::Uuid: return "'00000000-0000-0000-0000-000000000000'";
    case TypeKind::Enum:
      if (t.enum_values.empty()) return std::nullopt;
      return quoted(t.enum_values.front());
    case TypeKind::Dialect: {
      static const std::set<std::string> numbers = {
          "TINYINT", "MEDIUMINT", "INT", "INT2", "INT4", "INT8", "SMALLINT", "BIGINT",
          "DOUBLE", "DOUBLE PRECISION", "REAL", "FLOAT4", "FLOAT8", "DECIMAL"};
      static const std::set<std::string> texts = {
          "CHAR", "VARCHAR", "NCHAR", "NVARCHAR", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT",
          "CITEXT", "BYTEA", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BINARY", "VARBINARY"};
      if (numbers.count(t.name)) return "0";
      if (texts.count(t.name)) return "''";
      if (t.name == "JSONB") return "'{}'";
      return std::nullopt;
    }
    case TypeKind::Decorated: return std::nullopt;
  }
  return std::nullopt;
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
    std::vector<Op> down{add_column(r, full)};
    // NOT NULL without a default cannot come back into a table with rows:
    // it is added with a temporary default, which is then dropped.
    if (!full.nullable && !full.server_default && !in_primary_key(r, *rc)) {
      const std::string col = table_key(r, plan.reflected) + "." + rc->name;
      if (auto fill = fill_value(rc->type)) {
        Column filled = full;
        filled.server_default = fill;
        down = {add_column(r, filled), alter_column(r, filled, full, false, false, true, false)};
        down.front().comments.push_back(
            "the values of " + col + " are not restored: every row gets " + *fill +
            " (a temporary server_default, dropped by the next operation); change it here if "
            "another value fits better");
        for (const auto& fk : r.foreign_keys)
          if (std::find(fk.columns.begin(), fk.columns.end(), rc->name) != fk.columns.end())
            down.front().comments.push_back(
                "it is in foreign key " + default_fk_name(r, fk) + " to " + fk.referred_table +
                ", re-created below: that fails unless the value is a key of " +
                fk.referred_table + " (or the table has no rows)");
      } else {
        down.front().comments.push_back(
            col + " is NOT NULL without a server_default: this fails on a table with rows; "
            "give it a server_default here (and drop it afterwards with alter_column)");
      }
    }
    plan.step(Phase::DropColumn, {std::move(up)}, std::move(down));
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
