// create_all / drop_all and single-object DDL over any dialect: orders tables
// by foreign keys, breaks cycles with ALTER TABLE where the dialect can,
// creates a shared enum type once, and runs the statements in one
// transaction where the dialect's DDL is transactional.
#include "retort/engine/ddl.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "dialects/ddl_common.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/inspector.hpp"

namespace retort {

namespace {

using ddl::BaseDDLCompiler;
using ddl::EnumTypeDDL;

struct ForeignKeyRef {
  const Table* table;
  std::size_t index;
};

// The metadata as DDL sees it: a copy with column shorthands expanded, names
// from the naming convention, the default schema applied, and the order.
struct Plan {
  MetaData md;
  std::vector<const Table*> order;
  std::vector<ForeignKeyRef> alter_fks;  // added by ALTER TABLE after all tables
  bool inline_cycle = false;             // a cycle left inline (SQLite)

  std::vector<std::size_t> skipped_fks(const Table* t) const {
    std::vector<std::size_t> out;
    for (const auto& r : alter_fks)
      if (r.table == t) out.push_back(r.index);
    return out;
  }
};

Plan prepare(const MetaData& metadata, const BaseDDLCompiler& c) {
  Plan p{metadata, {}, {}, false};
  for (const auto& owned : p.md.tables())
    if (!owned->schema && p.md.schema) owned->schema = p.md.schema;
  // Qualify references the way MetaData::sorted_tables resolves them (the
  // referring table's schema first, then the default), since the database
  // would look an unqualified name up in its search path instead.
  for (const auto& owned : p.md.tables()) {
    for (auto& fk : owned->foreign_keys) {
      if (fk.referred_schema) continue;
      if (owned->schema && p.md.table(fk.referred_table, std::string_view(*owned->schema)))
        fk.referred_schema = owned->schema;
      else
        fk.referred_schema = p.md.schema;
    }
  }
  // Also turns Column::index/unique into an Index/UniqueConstraint.
  p.md.apply_naming_convention();
  for (const auto& owned : p.md.tables()) ddl::name_unnamed_indexes(*owned);

  std::vector<std::pair<const Table*, std::size_t>> cycles;
  p.order = p.md.sorted_tables(&cycles);
  if (!c.can_alter_foreign_keys()) {
    p.inline_cycle = !cycles.empty();
    return p;
  }
  for (const auto& [t, i] : cycles) p.alter_fks.push_back({t, i});
  for (const Table* t : p.order) {
    for (std::size_t i = 0; i < t->foreign_keys.size(); ++i) {
      bool listed = false;
      for (const auto& r : p.alter_fks) listed = listed || (r.table == t && r.index == i);
      if (t->foreign_keys[i].use_alter && !listed) p.alter_fks.push_back({t, i});
    }
  }
  // A foreign key added by ALTER TABLE is dropped by name before its tables,
  // so one without a name gets a deterministic one.
  for (const auto& owned : p.md.tables()) {
    for (const auto& r : p.alter_fks) {
      if (r.table != owned.get()) continue;
      auto& fk = owned->foreign_keys[r.index];
      if (!fk.name || fk.name->empty())
        fk.name = "fk_" + owned->name + "_" + (fk.columns.empty() ? "" : fk.columns[0]) + "_" +
                  fk.referred_table;
    }
  }
  return p;
}

// What exists in the database: the reflector's table names and enum types,
// read once per schema.
class Catalog {
 public:
  explicit Catalog(Connection& conn) : conn_(conn), r_(reflector(conn.dialect())) {}
  bool has_table(const Table& t) { return lookup(tables_, t.schema, false).count(t.name) > 0; }
  bool has_type(const EnumTypeDDL& e) { return lookup(types_, e.schema, true).count(e.name) > 0; }

 private:
  using Names = std::map<std::optional<std::string>, std::set<std::string>>;
  const std::set<std::string>& lookup(Names& cache, const std::optional<std::string>& schema,
                                      bool types) {
    auto it = cache.find(schema);
    if (it != cache.end()) return it->second;
    std::set<std::string> names;
    if (types) {
      for (auto& [name, labels] : r_.enums(conn_, schema)) names.insert(name);
    } else {
      for (auto& name : r_.table_names(conn_, schema)) names.insert(name);
    }
    return cache.emplace(schema, std::move(names)).first->second;
  }
  Connection& conn_;
  const Reflector& r_;
  Names tables_, types_;
};

// A statement to run; a DROP TYPE is skipped when something else still uses
// the type (or it is already gone).
struct Step {
  std::string sql;
  bool drop_type = false;
};

// With a catalog, enum types that exist are reused, and existing tables are
// skipped when `checkfirst`.
std::vector<Step> create_steps(const Plan& p, const BaseDDLCompiler& c, Catalog* catalog,
                               bool checkfirst) {
  std::vector<Step> out;
  std::map<std::pair<std::string, std::string>, const std::vector<std::string>*> types;
  std::vector<std::vector<EnumTypeDDL>> enums;
  for (const Table* t : p.order) enums.push_back(c.enum_types(*t));
  for (std::size_t k = 0; k < p.order.size(); ++k) {
    for (const auto& e : enums[k]) {
      auto [it, fresh] = types.emplace(std::make_pair(e.schema.value_or(""), e.name), &e.values);
      if (!fresh && *it->second != e.values)
        throw SchemaError("enum type " + e.name + " is declared with different values in table " +
                          p.order[k]->fullname() + " than in another table");
    }
  }

  std::set<std::pair<std::string, std::string>> created_types;
  std::set<const Table*> created;
  for (std::size_t k = 0; k < p.order.size(); ++k) {
    const Table* t = p.order[k];
    if (catalog && checkfirst && catalog->has_table(*t)) continue;
    created.insert(t);
    ddl::TableDDL d = c.table_ddl(*t, p.skipped_fks(t));
    for (auto& e : d.enum_types) {
      // An enum type that exists already, or that an earlier table brought, is reused.
      if (!created_types.emplace(e.schema.value_or(""), e.name).second) continue;
      if (catalog && catalog->has_type(e)) continue;
      out.push_back({std::move(e.create_sql)});
    }
    out.push_back({std::move(d.create_table)});
    for (auto& s : d.after) out.push_back({std::move(s)});
  }
  for (const auto& r : p.alter_fks) {
    if (created.count(r.table))
      out.push_back({c.add_foreign_key(*r.table, r.table->foreign_keys[r.index])});
  }
  return out;
}

std::vector<Step> drop_steps(const Plan& p, const BaseDDLCompiler& c, Catalog* catalog) {
  std::vector<Step> out;
  std::set<const Table*> present;
  for (const Table* t : p.order)
    if (!catalog || catalog->has_table(*t)) present.insert(t);
  for (const auto& r : p.alter_fks) {
    if (present.count(r.table))
      out.push_back({c.drop_foreign_key(*r.table, r.table->foreign_keys[r.index])});
  }
  if (p.inline_cycle && !present.empty() && !c.cycle_drop_prologue().empty())
    out.push_back({c.cycle_drop_prologue()});
  for (auto it = p.order.rbegin(); it != p.order.rend(); ++it) {
    if (present.count(*it)) out.push_back({c.drop_table_sql(**it)});
  }
  std::set<std::pair<std::string, std::string>> dropped;
  for (auto it = p.order.rbegin(); it != p.order.rend(); ++it) {
    for (auto& e : c.enum_types(**it)) {
      if (!dropped.emplace(e.schema.value_or(""), e.name).second) continue;
      if (catalog && !catalog->has_type(e)) continue;
      out.push_back({std::move(e.drop_sql), true});
    }
  }
  return out;
}

std::vector<std::string> sql_of(std::vector<Step> steps) {
  std::vector<std::string> out;
  for (auto& s : steps) out.push_back(std::move(s.sql));
  return out;
}

// PostgreSQL: dependent_objects_still_exist, undefined_object.
bool type_still_used_or_gone(const DBAPIError& e) {
  return e.code() == "2BP01" || e.code() == "42704";
}

// Runs the steps and commits; on failure rolls back what the dialect allows
// (everything on PostgreSQL and SQLite; MySQL commits each DDL statement).
void run(Connection& conn, const std::vector<Step>& steps) {
  try {
    for (const auto& s : steps) {
      if (!s.drop_type) {
        conn.exec_driver_sql(s.sql);
        continue;
      }
      Transaction savepoint = conn.begin_nested();
      try {
        conn.exec_driver_sql(s.sql);
        savepoint.commit();
      } catch (const DBAPIError& e) {
        if (!type_still_used_or_gone(e)) throw;
        savepoint.rollback();
      }
    }
    conn.commit();
  } catch (...) {
    try {
      conn.rollback();
    } catch (const Error&) {
      // The original error says more than a failed rollback would.
    }
    throw;
  }
}

}  // namespace

std::vector<std::string> create_all_sql(const MetaData& metadata, const Dialect& dialect) {
  const auto& c = ddl::base_compiler(dialect);
  return sql_of(create_steps(prepare(metadata, c), c, nullptr, false));
}

std::vector<std::string> drop_all_sql(const MetaData& metadata, const Dialect& dialect) {
  const auto& c = ddl::base_compiler(dialect);
  return sql_of(drop_steps(prepare(metadata, c), c, nullptr));
}

void create_all(const MetaData& metadata, Connection& conn, bool checkfirst) {
  const auto& c = ddl::base_compiler(conn.dialect());
  Catalog catalog(conn);
  run(conn, create_steps(prepare(metadata, c), c, &catalog, checkfirst));
}

void drop_all(const MetaData& metadata, Connection& conn, bool checkfirst) {
  const auto& c = ddl::base_compiler(conn.dialect());
  Catalog catalog(conn);
  run(conn, drop_steps(prepare(metadata, c), c, checkfirst ? &catalog : nullptr));
}

void create_table(const Table& table, Connection& conn, bool checkfirst) {
  const auto& c = ddl::base_compiler(conn.dialect());
  Catalog catalog(conn);
  if (checkfirst && catalog.has_table(table)) return;
  ddl::TableDDL d = c.table_ddl(table, {});
  std::vector<Step> steps;
  for (auto& e : d.enum_types)
    if (!catalog.has_type(e)) steps.push_back({std::move(e.create_sql)});
  steps.push_back({std::move(d.create_table)});
  for (auto& s : d.after) steps.push_back({std::move(s)});
  run(conn, steps);
}

void drop_table(const Table& table, Connection& conn, bool checkfirst) {
  const auto& c = ddl::base_compiler(conn.dialect());
  if (checkfirst && !Catalog(conn).has_table(table)) return;
  std::vector<Step> steps{{c.drop_table_sql(table)}};
  for (auto& e : c.enum_types(table)) steps.push_back({std::move(e.drop_sql), true});
  run(conn, steps);
}

void create_index(const Table& table, const Index& index, Connection& conn) {
  run(conn, {{ddl::base_compiler(conn.dialect()).create_index(table, index)}});
}

void drop_index(const Table& table, const Index& index, Connection& conn) {
  run(conn, {{ddl::base_compiler(conn.dialect()).drop_index(table, index)}});
}

}  // namespace retort
