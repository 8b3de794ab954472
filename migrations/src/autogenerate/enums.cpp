// Enum types where they are objects of their own (PostgreSQL): new types,
// added values (ALTER TYPE ... ADD VALUE, in the model's order), removed
// values flagged (they cannot be removed), types nothing uses any more.
#include <algorithm>

#include "autogenerate/plan.hpp"
#include "retort/engine/ddl.hpp"

namespace retort::migrations::autogen {

std::map<std::string, std::vector<std::string>> enum_types(const Table& t) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& c : t.columns)
    if (c.type.storage().kind == TypeKind::Enum)
      out.emplace(enum_type_name(t, c), c.type.storage().enum_values);
  return out;
}

bool compare_enum_values(Plan& plan, const Table& d, const Column& dc, const Table& r,
                         const Column& rc) {
  if (!plan.cmp.enum_types_are_objects()) return false;
  const std::string name = enum_type_name(r, rc);
  if (enum_type_name(d, dc) != name) return false;  // another type: change the column's type
  if (!plan.enums_handled.insert(name).second) return true;
  const auto& want = dc.type.storage().enum_values;
  std::vector<std::string> have = rc.type.storage().enum_values;
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
    Op op = add_enum_value(r.schema, name, v, after, before);
    op.comments.push_back("PostgreSQL cannot remove an enum value: the downgrade leaves '" + v +
                          "' in type " + name);
    ups.push_back(std::move(op));
    plan.change(ChangeKind::AddEnumValue, d, dc.name, name + " + '" + v + "'");
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
  return true;
}

void plan_enum_types(Plan& plan) {
  if (!plan.cmp.enum_types_are_objects()) return;
  for (const auto& [name, values] : plan.declared_enums) {
    if (plan.live_enums.count(name) || plan.enums_handled.count(name)) continue;
    plan.change(ChangeKind::AddEnumType, Table(""), name);
    plan.step(Phase::CreateEnum, {create_enum(std::nullopt, name, values)},
              {drop_enum(std::nullopt, name)});
  }
  for (const auto& [name, values] : plan.used_live_enums) {
    if (plan.declared_enums.count(name) || plan.enums_handled.count(name)) continue;
    plan.change(ChangeKind::DropEnumType, Table(""), name);
    plan.step(Phase::DropEnum, {drop_enum(std::nullopt, name)},
              {create_enum(std::nullopt, name, values)});
  }
}

}  // namespace retort::migrations::autogen
