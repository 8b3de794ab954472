// Primary keys, foreign keys (with their actions), unique constraints and
// named check constraints of a table on both sides. A changed constraint is
// dropped and created again.
#include <algorithm>

#include "autogenerate/plan.hpp"

namespace retort::migrations::autogen {

namespace {

std::string fk_signature(const Table& t, const ForeignKeyConstraint& fk, const MetaData& md) {
  std::string s = fk.referred_schema.value_or(t.schema.value_or(md.schema.value_or(""))) + "." +
                  fk.referred_table + "(";
  for (const auto& c : fk.columns) s += c + ",";
  s += ")->(";
  for (const auto& c : fk.referred_columns) s += c + ",";
  return s + ")";
}

std::string fk_options(const Plan& plan, const ForeignKeyConstraint& fk) {
  return "ondelete=" + plan.cmp.fk_action_key(fk.ondelete) +
         " onupdate=" + plan.cmp.fk_action_key(fk.onupdate) +
         " deferrable=" + (fk.deferrable.value_or(false) ? "1" : "0") +
         " initially=" + (fk.initially && *fk.initially == "DEFERRED" ? "DEFERRED" : "");
}

const UniqueConstraint* find_unique(const std::vector<UniqueConstraint>& v,
                                    const std::string& name) {
  for (const auto& u : v)
    if (u.name && *u.name == name) return &u;
  return nullptr;
}

bool unique_index_named(const Table& t, const std::string& name,
                        const std::vector<std::string>& cols) {
  for (const auto& i : t.indexes)
    if (i.name == name && i.unique && i.columns == cols) return true;
  return false;
}

// Whether an index, unique constraint or the primary key of `t` leads with
// the key's columns (then the database made no index for the key).
bool served(const Table& t, const ForeignKeyConstraint& fk) {
  auto leads = [&](const std::vector<std::string>& cols) {
    return cols.size() >= fk.columns.size() &&
           std::equal(fk.columns.begin(), fk.columns.end(), cols.begin());
  };
  if (leads(t.primary_key_columns())) return true;
  for (const auto& i : t.indexes)
    if (leads(i.columns)) return true;
  for (const auto& u : t.unique_constraints)
    if (leads(u.columns)) return true;
  return false;
}

}  // namespace

std::vector<Op> drop_foreign_key(const Plan& plan, const Table& t, const ForeignKeyConstraint& fk) {
  const std::string name = default_fk_name(t, fk);
  std::vector<Op> out{drop_constraint(t, name, "foreignkey")};
  if (plan.cmp.foreign_keys_make_indexes() && !served(t, fk)) {
    Index ix;
    ix.name = name;
    out.push_back(drop_index(t, ix));
  }
  return out;
}

void compare_primary_key(Plan& plan, const Table& d, const Table& r) {
  const auto dcols = d.primary_key_columns();
  const auto rcols = r.primary_key_columns();
  const auto dname = d.primary_key ? d.primary_key->name : std::nullopt;
  const auto rname = r.primary_key ? r.primary_key->name : std::nullopt;
  const bool renamed = plan.cmp.keeps_primary_key_names() && dname && rname && *dname != *rname;
  if (dcols == rcols && !renamed) return;
  if (!rcols.empty()) {
    PrimaryKeyConstraint old{rname.value_or(default_pk_name(r)), rcols};
    plan.change(ChangeKind::DropPrimaryKey, d, *old.name);
    plan.step(Phase::DropIndex, {drop_constraint(d, *old.name, "primary")},
              {create_primary_key(d, old)});
  }
  if (!dcols.empty()) {
    PrimaryKeyConstraint now{dname.value_or(default_pk_name(d)), dcols};
    plan.change(ChangeKind::AddPrimaryKey, d, *now.name);
    plan.step(Phase::CreateConstraint, {create_primary_key(d, now)},
              {drop_constraint(d, *now.name, "primary")});
  }
}

void compare_foreign_keys(Plan& plan, const Table& d, const Table& r, const Table& live) {
  std::set<std::size_t> used;
  auto add = [&](const ForeignKeyConstraint& fk) {
    plan.change(ChangeKind::AddForeignKey, d, default_fk_name(d, fk),
                "-> " + fk.referred_table);
    plan.step(Phase::CreateForeignKey, {create_foreign_key(d, fk)}, drop_foreign_key(plan, d, fk));
  };
  // Dropped before the renames and re-created after they are undone: under
  // the names the database has now.
  auto drop = [&](std::size_t i) {
    const ForeignKeyConstraint& fk = live.foreign_keys[i];
    if (!fk.name) {
      plan.note("table " + table_key(d, plan.declared) + ": an unnamed foreign key to " +
                fk.referred_table + " is not in the model; it has no name to drop it by, so "
                "it is left alone");
      return;
    }
    plan.change(ChangeKind::DropForeignKey, d, *fk.name, "-> " + r.foreign_keys[i].referred_table);
    plan.step(Phase::DropForeignKey, drop_foreign_key(plan, live, fk),
              {create_foreign_key(live, fk)});
  };
  for (const auto& dfk : d.foreign_keys) {
    const std::string sig = fk_signature(d, dfk, plan.declared);
    std::optional<std::size_t> hit;
    for (std::size_t i = 0; i < r.foreign_keys.size() && !hit; ++i) {
      if (used.count(i)) continue;
      const auto& rfk = r.foreign_keys[i];
      if (dfk.name ? (rfk.name == dfk.name) : fk_signature(r, rfk, plan.reflected) == sig)
        hit = i;
    }
    if (!hit) {
      add(dfk);
      continue;
    }
    used.insert(*hit);
    const auto& rfk = r.foreign_keys[*hit];
    if (fk_signature(r, rfk, plan.reflected) == sig &&
        fk_options(plan, rfk) == fk_options(plan, dfk))
      continue;
    drop(*hit);
    if (rfk.name) add(dfk);
  }
  for (std::size_t i = 0; i < r.foreign_keys.size(); ++i)
    if (!used.count(i)) drop(i);
}

void compare_unique_constraints(Plan& plan, const Table& d, const Table& r) {
  std::set<const UniqueConstraint*> used;
  auto add = [&](const UniqueConstraint& uq) {
    plan.change(ChangeKind::AddUniqueConstraint, d, default_unique_name(d, uq));
    plan.step(Phase::CreateConstraint, {create_unique(d, uq)},
              {drop_constraint(d, default_unique_name(d, uq), "unique")});
  };
  auto drop = [&](const UniqueConstraint& uq) {
    if (!uq.name) {
      plan.note("table " + table_key(d, plan.declared) +
                ": an unnamed unique constraint is not in the model; it has no name to drop "
                "it by, so it is left alone");
      return;
    }
    plan.change(ChangeKind::DropUniqueConstraint, d, *uq.name);
    plan.step(Phase::DropIndex, {drop_constraint(d, *uq.name, "unique")}, {create_unique(d, uq)});
  };
  for (const auto& duq : d.unique_constraints) {
    const UniqueConstraint* hit = nullptr;
    if (duq.name) {
      hit = find_unique(r.unique_constraints, *duq.name);
      if (!hit && unique_index_named(r, *duq.name, duq.columns)) continue;  // MySQL: one object
    } else {
      for (const auto& ruq : r.unique_constraints)
        if (!used.count(&ruq) && ruq.columns == duq.columns) {
          hit = &ruq;
          break;
        }
    }
    if (!hit) {
      add(duq);
      continue;
    }
    used.insert(hit);
    if (hit->columns == duq.columns) continue;
    drop(*hit);
    add(duq);
  }
  for (const auto& ruq : r.unique_constraints) {
    if (used.count(&ruq)) continue;
    if (ruq.name && unique_index_named(d, *ruq.name, ruq.columns)) continue;
    drop(ruq);
  }
}

void compare_check_constraints(Plan& plan, const Table& d, const Table& r) {
  std::size_t unnamed = 0;
  for (const auto& ck : d.check_constraints)
    if (!ck.name) ++unnamed;
  auto find = [](const Table& t, const std::string& name) -> const CheckConstraint* {
    for (const auto& ck : t.check_constraints)
      if (ck.name && *ck.name == name) return &ck;
    return nullptr;
  };
  for (const auto& ck : d.check_constraints) {
    if (!ck.name || find(r, *ck.name)) continue;
    plan.change(ChangeKind::AddCheckConstraint, d, *ck.name);
    plan.step(Phase::CreateConstraint, {create_check(d, ck)},
              {drop_constraint(d, *ck.name, "check")});
  }
  // The database names a check the model left unnamed: with such checks in
  // the model, a live check of another name may be one of them.
  if (unnamed) return;
  for (const auto& ck : r.check_constraints) {
    if (!ck.name || find(d, *ck.name)) continue;
    plan.change(ChangeKind::DropCheckConstraint, d, *ck.name);
    plan.step(Phase::DropIndex, {drop_constraint(d, *ck.name, "check")}, {create_check(d, ck)});
  }
}

}  // namespace retort::migrations::autogen
