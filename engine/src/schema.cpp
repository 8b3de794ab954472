// Table and MetaData: lookups, deep copy, and the foreign-key dependency order
// that create_all/drop_all follow.
#include "retort/engine/schema.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <set>
#include <unordered_map>
#include <utility>

#include "retort/engine/error.hpp"

namespace retort {

// ---- Table ---------------------------------------------------------------

Column& Table::add_column(Column c) {
  if (column(c.name)) {
    throw ArgumentError("table '" + fullname() + "' already has a column '" + c.name + "'");
  }
  columns.push_back(std::move(c));
  return columns.back();
}

Column* Table::column(std::string_view n) {
  for (auto& c : columns) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

const Column* Table::column(std::string_view n) const {
  for (const auto& c : columns) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

std::vector<std::string> Table::primary_key_columns() const {
  if (primary_key && !primary_key->columns.empty()) return primary_key->columns;
  std::vector<std::string> out;
  for (const auto& c : columns) {
    if (c.primary_key) out.push_back(c.name);
  }
  return out;
}

std::string Table::fullname() const { return schema ? *schema + "." + name : name; }

// ---- MetaData ------------------------------------------------------------

MetaData::MetaData(const MetaData& o) : schema(o.schema), naming_convention(o.naming_convention) {
  tables_.reserve(o.tables_.size());
  for (const auto& t : o.tables_) {
    tables_.push_back(std::make_unique<Table>(*t));
    by_name_[tables_.back()->name].push_back(tables_.back().get());
  }
}

MetaData& MetaData::operator=(const MetaData& o) {
  if (this != &o) {
    MetaData copy(o);
    *this = std::move(copy);
  }
  return *this;
}

namespace {

// A table's schema as seen from its MetaData: its own, else the default.
std::optional<std::string_view> effective(const std::optional<std::string>& table_schema,
                                          const std::optional<std::string>& default_schema) {
  if (table_schema) return std::string_view(*table_schema);
  if (default_schema) return std::string_view(*default_schema);
  return std::nullopt;
}

}  // namespace

Table& MetaData::add_table(Table t) {
  if (table(t.name, t.schema ? std::optional<std::string_view>(*t.schema) : std::nullopt)) {
    throw ArgumentError("table '" + t.fullname() + "' is already in this MetaData");
  }
  tables_.push_back(std::make_unique<Table>(std::move(t)));
  by_name_[tables_.back()->name].push_back(tables_.back().get());
  return *tables_.back();
}

Table* MetaData::table(std::string_view name, std::optional<std::string_view> s) {
  return const_cast<Table*>(std::as_const(*this).table(name, s));
}

const Table* MetaData::table(std::string_view name, std::optional<std::string_view> s) const {
  const std::optional<std::string_view> want = s ? s : effective(std::nullopt, schema);
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return nullptr;
  for (const Table* t : it->second) {
    if (effective(t->schema, schema) == want) return t;
  }
  return nullptr;
}

void MetaData::remove_table(std::string_view name, std::optional<std::string_view> s) {
  const Table* t = table(name, s);
  if (!t) return;
  auto named = by_name_.find(name);
  std::erase(named->second, t);
  if (named->second.empty()) by_name_.erase(named);
  tables_.erase(std::find_if(tables_.begin(), tables_.end(),
                             [t](const std::unique_ptr<Table>& p) { return p.get() == t; }));
}

std::vector<const Table*> MetaData::sorted_tables(
    std::vector<std::pair<const Table*, std::size_t>>* cycle_fks) const {
  const std::size_t n = tables_.size();
  std::unordered_map<const Table*, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) index.emplace(tables_[i].get(), i);

  // An unqualified reference means the referring table's schema first, as
  // search_path would have it, then the MetaData's default.
  auto resolve = [this](const Table& t, const ForeignKeyConstraint& fk) -> const Table* {
    if (fk.referred_schema) return table(fk.referred_table, std::string_view(*fk.referred_schema));
    if (const Table* in_own = table(fk.referred_table, effective(t.schema, schema))) return in_own;
    return table(fk.referred_table);
  };

  // unresolved[i]: the tables i still waits for; dependents[j]: who waits for j.
  std::vector<std::set<std::size_t>> unresolved(n);
  std::vector<std::vector<std::size_t>> dependents(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Table& t = *tables_[i];
    for (const auto& fk : t.foreign_keys) {
      // use_alter keys are created after all tables anyway, so they order nothing.
      if (fk.use_alter) continue;
      const Table* target = resolve(t, fk);
      if (!target) continue;  // a table outside this MetaData orders nothing
      const std::size_t j = index.at(target);
      if (j == i) continue;  // self-reference: not a cycle between tables
      if (unresolved[i].insert(j).second) dependents[j].push_back(i);
    }
  }

  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  std::vector<bool> done(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (unresolved[i].empty()) ready.push(i);
  }

  std::vector<const Table*> out;
  out.reserve(n);
  while (out.size() < n) {
    if (ready.empty()) {
      // Every remaining table waits on another: break one cycle. Pick a
      // strongly connected component that waits on nothing outside itself,
      // the one holding the earliest-added table, and let that table's keys
      // into its component be added later with ALTER TABLE.
      std::vector<int> comp(n, -1), low(n, 0), order(n, -1);
      std::vector<std::size_t> stack;
      std::vector<bool> on_stack(n, false);
      int counter = 0, comps = 0;
      std::function<void(std::size_t)> strongconnect = [&](std::size_t v) {
        order[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = true;
        for (std::size_t w : unresolved[v]) {
          if (order[w] < 0) {
            strongconnect(w);
            low[v] = std::min(low[v], low[w]);
          } else if (on_stack[w]) {
            low[v] = std::min(low[v], order[w]);
          }
        }
        if (low[v] == order[v]) {
          std::size_t w;
          do {
            w = stack.back();
            stack.pop_back();
            on_stack[w] = false;
            comp[w] = comps;
          } while (w != v);
          ++comps;
        }
      };
      for (std::size_t v = 0; v < n; ++v) {
        if (!done[v] && order[v] < 0) strongconnect(v);
      }
      std::vector<bool> waits_outside(static_cast<std::size_t>(comps), false);
      for (std::size_t v = 0; v < n; ++v) {
        if (done[v]) continue;
        for (std::size_t w : unresolved[v]) {
          if (comp[w] != comp[v]) waits_outside[static_cast<std::size_t>(comp[v])] = true;
        }
      }
      std::size_t pick = n;
      for (std::size_t v = 0; v < n && pick == n; ++v) {
        if (!done[v] && !waits_outside[static_cast<std::size_t>(comp[v])]) pick = v;
      }
      const Table& t = *tables_[pick];
      for (std::size_t k = 0; k < t.foreign_keys.size(); ++k) {
        const auto& fk = t.foreign_keys[k];
        if (fk.use_alter) continue;
        const Table* target = resolve(t, fk);
        if (!target || target == &t) continue;
        if (comp[index.at(target)] == comp[pick] && cycle_fks) cycle_fks->emplace_back(&t, k);
      }
      unresolved[pick].clear();
      ready.push(pick);
    }
    const std::size_t i = ready.top();
    ready.pop();
    if (done[i]) continue;
    done[i] = true;
    out.push_back(tables_[i].get());
    for (std::size_t d : dependents[i]) {
      if (!done[d] && unresolved[d].erase(i) && unresolved[d].empty()) ready.push(d);
    }
  }
  return out;
}

}  // namespace retort
