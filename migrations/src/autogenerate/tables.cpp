// Tables created and dropped: created in foreign-key order, dropped in the
// reverse order; foreign keys that close a cycle are separate operations
// (create_foreign_key after the tables, drop_constraint before them), and so
// are PostgreSQL enum types (enums.cpp).
#include <algorithm>

#include "autogenerate/plan.hpp"

namespace retort::migrations::autogen {

namespace {

// The tables in foreign-key order, with the keys (table name, index) that
// close a cycle.
std::vector<const Table*> fk_order(const std::vector<const Table*>& tables,
                                   std::map<std::string, std::set<std::size_t>>& cycle_fks) {
  MetaData md;
  std::map<std::string, const Table*> by_name;
  for (const Table* t : tables) {
    Table copy = *t;
    copy.schema.reset();  // ordering is by name within what is compared
    md.add_table(std::move(copy));
    by_name[t->name] = t;
  }
  std::vector<std::pair<const Table*, std::size_t>> cycles;
  std::vector<const Table*> out;
  for (const Table* t : md.sorted_tables(&cycles)) out.push_back(by_name.at(t->name));
  for (const auto& [t, i] : cycles) cycle_fks[t->name].insert(i);
  // use_alter keys order nothing in sorted_tables: they are created apart too.
  for (const Table* t : tables)
    for (std::size_t i = 0; i < t->foreign_keys.size(); ++i)
      if (t->foreign_keys[i].use_alter) cycle_fks[t->name].insert(i);
  return out;
}

// Where enum types are objects of their own, create_enum and drop_enum
// (enums.cpp) take care of them, once each, whatever number of tables share
// them: create_table says create_type: false.
bool creates_types(const Plan& plan, const Table& t) {
  return !plan.cmp.enum_types_are_objects() || enum_types(t).empty();
}

}  // namespace

void plan_new_tables(Plan& plan, const std::vector<const Table*>& created) {
  std::map<std::string, std::set<std::size_t>> cycles;
  auto order = fk_order(created, cycles);
  if (!plan.cmp.needs_referred_tables()) cycles.clear();
  for (const Table* t : order) {
    const auto& skip = cycles[t->name];
    plan.change(ChangeKind::AddTable, *t);
    plan.step(Phase::CreateTable, {create_table(*t, skip, creates_types(plan, *t))},
              {drop_table(*t)});
    for (std::size_t i : skip) {
      const auto& fk = t->foreign_keys[i];
      plan.step(Phase::CreateForeignKey, {create_foreign_key(*t, fk)},
                drop_foreign_key(plan, *t, fk));
    }
  }
}

void plan_dropped_tables(Plan& plan, const std::vector<const Table*>& dropped) {
  std::map<std::string, std::set<std::size_t>> cycles;
  auto order = fk_order(dropped, cycles);
  std::reverse(order.begin(), order.end());
  if (!plan.cmp.needs_referred_tables()) cycles.clear();
  for (const Table* t : order) {
    const auto& skip = cycles[t->name];
    plan.change(ChangeKind::DropTable, *t);
    for (std::size_t i : skip) {
      const auto& fk = t->foreign_keys[i];
      if (!fk.name) continue;  // SQLite: dropping the tables drops it
      plan.step(Phase::DropForeignKey, {drop_constraint(*t, *fk.name, "foreignkey")},
                {create_foreign_key(*t, fk)});
    }
    std::set<std::size_t> skip_named;
    for (std::size_t i : skip)
      if (t->foreign_keys[i].name) skip_named.insert(i);
    plan.step(Phase::DropTable, {drop_table(*t)},
              {create_table(*t, skip_named, creates_types(plan, *t))});
  }
}

}  // namespace retort::migrations::autogen
