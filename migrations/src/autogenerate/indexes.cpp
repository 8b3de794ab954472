// Indexes of a table on both sides, by name: columns, order, uniqueness,
// whether partial, and this dialect's options. Expression indexes are
// reported and left alone.
#include <algorithm>
#include <cctype>

#include "autogenerate/plan.hpp"

namespace retort::migrations::autogen {

namespace {

bool is_expression(const Table& t, const Index& ix) {
  for (const auto& c : ix.columns)
    if (!t.column(c)) return true;
  return false;
}

std::vector<std::string> orders(const Index& ix) {
  std::vector<std::string> out;
  bool any = false;
  for (const auto& o : ix.orders) {
    std::string u;
    for (char c : o) u += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u == "ASC") u.clear();
    any = any || !u.empty();
    out.push_back(u);
  }
  return any ? out : std::vector<std::string>{};
}

std::map<std::string, std::string> options(const Plan& plan, const Index& ix) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : ix.dialect_options)
    if (k.rfind(plan.option_prefix, 0) == 0) out[k] = v;
  return out;
}

bool same(const Plan& plan, const Index& a, const Index& b) {
  return a.columns == b.columns && a.unique == b.unique && orders(a) == orders(b) &&
         a.where.has_value() == b.where.has_value() && options(plan, a) == options(plan, b);
}

const Index* find(const Table& t, const std::string& name) {
  for (const auto& i : t.indexes)
    if (i.name == name) return &i;
  return nullptr;
}

// MySQL keeps a unique constraint as a unique index: one object, either kind.
bool unique_constraint_like(const Table& t, const Index& ix) {
  if (!ix.unique) return false;
  for (const auto& u : t.unique_constraints)
    if (u.name && *u.name == ix.name && u.columns == ix.columns) return true;
  return false;
}

}  // namespace

void compare_indexes(Plan& plan, const Table& d, const Table& r) {
  const std::string table = table_key(d, plan.declared);
  auto add = [&](const Index& ix) {
    plan.change(ChangeKind::AddIndex, d, ix.name);
    plan.step(Phase::CreateIndex, {create_index(d, ix)}, {drop_index(d, ix)});
  };
  auto drop = [&](const Index& ix) {
    plan.change(ChangeKind::DropIndex, d, ix.name);
    plan.step(Phase::DropIndex, {drop_index(d, ix)}, {create_index(d, ix)});
  };
  for (const auto& dix : d.indexes) {
    const Index* rix = find(r, dix.name);
    if (!rix) {
      if (!unique_constraint_like(r, dix)) add(dix);
      continue;
    }
    if (is_expression(d, dix) || is_expression(r, *rix)) {
      plan.note("table " + table + ": expression index " + dix.name +
                " is not compared (the database rewrites expressions); left alone");
      continue;
    }
    if (same(plan, dix, *rix)) continue;
    drop(*rix);
    add(dix);
  }
  for (const auto& rix : r.indexes) {
    if (find(d, rix.name) || unique_constraint_like(d, rix)) continue;
    if (is_expression(r, rix)) {
      plan.note("table " + table + ": expression index " + rix.name +
                " is not in the model; expression indexes are left alone");
      continue;
    }
    drop(rix);
  }
}

}  // namespace retort::migrations::autogen
