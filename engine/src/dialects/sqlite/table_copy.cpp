// SQLite's "copy and move" for what its ALTER TABLE cannot do: create the
// changed table under a temporary name, copy the rows, drop the old table,
// rename the new one, then recreate indexes and triggers. Foreign keys stay
// enforced: violations are looked for at the end (PRAGMA foreign_key_check).
// A migration run turns foreign_keys off around its transactions and checks
// them before each COMMIT (migration_support.cpp), so inside a run the copy
// only checks the copied table's own references.
#include <algorithm>
#include <functional>

#include "dialects/sqlite/dialect.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/inspector.hpp"

namespace retort {

namespace {

std::vector<std::string> copy_statements(const DDLCompiler& c, const Table& old_table,
                                         const Table& new_table,
                                         const std::vector<std::string>& triggers) {
  // The new definition under its own name (so that names derived from the
  // table name, such as an enum's CHECK, come out right), created as the
  // temporary table; its indexes follow the rename.
  Table def = new_table;
  def.indexes.clear();
  for (auto& col : def.columns) {
    col.index = false;
    col.unique = false;
  }
  const std::string tmp_name = "_retort_tmp_" + new_table.name;
  std::vector<std::string> out = c.create_table(def);
  const std::string head = "CREATE TABLE " + c.quote(new_table.name);
  if (out.empty() || out[0].rfind(head, 0) != 0)
    throw ArgumentError("cannot copy table '" + new_table.name + "': unexpected DDL");
  out[0] = "CREATE TABLE " + c.quote(tmp_name) + out[0].substr(head.size());
  out.resize(1);
  std::string into, from;
  for (const auto& col : new_table.columns) {
    if (!old_table.column(col.name)) continue;  // a new column takes its default
    into += (into.empty() ? "" : ", ") + c.quote(col.name);
    from += (from.empty() ? "" : ", ") + c.quote(col.name);
  }
  if (!into.empty())
    out.push_back("INSERT INTO " + c.quote(tmp_name) + " (" + into + ") SELECT " + from + " FROM " +
                  c.quote(old_table.name));
  out.push_back("DROP TABLE " + c.quote(old_table.name));
  out.push_back(c.rename_table(Table(tmp_name), new_table.name));
  for (const auto& index : new_table.indexes) out.push_back(c.create_index(new_table, index));
  for (const auto& t : triggers) out.push_back(t);
  return out;
}

std::int64_t scalar_int(Connection& conn, const std::string& sql, const Params& p = {}) {
  auto v = conn.execute(sql, p).scalar();
  return v && !v->is_null() ? v->as<std::int64_t>().value_or(0) : 0;
}

}  // namespace

void sqlite_copy_table(Connection& conn, const std::string& table,
                       const std::function<void(Table&)>& change, const std::string& what) {
  const DDLCompiler& ddl = ddl_compiler(conn.dialect());
  // PRAGMA foreign_keys cannot change inside a transaction: outside one the
  // copy turns it off around its own transaction, inside one it defers the
  // checks to COMMIT and must not drop a table other tables' rows point at
  // (DROP TABLE deletes its rows, which counts against those references).
  const bool had_transaction = conn.in_transaction();
  const bool fk_on = scalar_int(conn, "PRAGMA foreign_keys") != 0;
  bool switched_off = false;
  if (fk_on && !had_transaction) {
    conn.rollback();  // the PRAGMA read above began one
    conn.dbapi().execute("PRAGMA foreign_keys = OFF", {});
    switched_off = true;
  } else if (fk_on) {
    auto referrers =
        conn.execute(
                "SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
                "WHERE m.type = 'table' AND m.name <> :t AND f.\"table\" = :t",
                {{"t", table}})
            .all();
    for (const auto& row : referrers) {
      const std::string child = *row.get<std::string>(0);
      if (scalar_int(conn, "SELECT count(*) FROM " + ddl.quote(child)) > 0)
        throw ArgumentError(what + ": table '" + child + "' has rows that reference '" + table +
                             "', and sqlite cannot copy a referenced table inside a transaction "
                             "with foreign_keys on; run it outside a transaction or with "
                             "foreign_keys=off");
    }
    conn.execute("PRAGMA defer_foreign_keys = ON");
  }
  try {
    auto live = Inspector(conn).table(table);
    if (!live) throw ArgumentError(what + ": table '" + table + "' does not exist");
    Table changed = *live;
    change(changed);
    std::vector<std::string> triggers;
    for (const auto& row : conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                        "AND tbl_name = :t AND sql IS NOT NULL",
                                        {{"t", table}})
                               .all())
      triggers.push_back(*row.get<std::string>(0));
    for (const auto& sql : copy_statements(ddl, *live, changed, triggers))
      conn.exec_driver_sql(sql);
    // With foreign_keys off on entry, whoever turned them off checks the rest
    // (the runtime before its COMMIT): here only the copied table's references.
    const std::string check =
        fk_on ? std::string("PRAGMA foreign_key_check")
              : "PRAGMA foreign_key_check(" + ddl.quote(table) + ")";
    auto bad = conn.execute(check).all();
    if (!bad.empty()) {
      const std::string child = *bad.front().get<std::string>(0);
      const std::string parent = *bad.front().get<std::string>(2);
      throw IntegrityError(what + ": foreign key violated after copying table '" + table +
                           "': rows of '" + child + "' reference missing rows of '" + parent + "'");
    }
    if (switched_off) {
      conn.commit();
      conn.dbapi().execute("PRAGMA foreign_keys = ON", {});
    }
  } catch (...) {
    if (switched_off) {
      conn.rollback();
      conn.dbapi().execute("PRAGMA foreign_keys = ON", {});
    }
    throw;
  }
}

}  // namespace retort
