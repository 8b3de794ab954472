// Shared by the DDL tests: facts read straight from each database's catalog
// (not through reflection, which is tested on its own), and small builders
// for metadata.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "retort/engine/ddl.hpp"
#include "support/backends.hpp"

namespace retort::testing {

class DDLTestBase : public BackendTest {
 protected:
  std::string q(Connection& conn, std::string_view ident) const {
    return ddl_compiler(conn.dialect()).quote(ident);
  }

  // ---- catalog facts, read without the reflection layer ----------------------

  std::int64_t count(Connection& conn, const std::string& sql, const Params& params = {}) {
    auto n = conn.execute(sql, params).scalar_as<std::int64_t>();
    conn.commit();
    return n.value_or(-1);
  }

  bool table_exists(Connection& conn, const std::string& table) {
    if (is("postgresql"))
      return count(conn,
                   "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                   "AND tablename = :t",
                   {{"t", table}}) == 1;
    if (is("mysql"))
      return count(conn,
                   "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                   "AND table_name = :t",
                   {{"t", table}}) == 1;
    return count(conn, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :t",
                 {{"t", table}}) == 1;
  }

  std::vector<std::string> index_names(Connection& conn, const std::string& table) {
    std::string sql;
    if (is("postgresql"))
      sql = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND "
            "tablename = :t ORDER BY 1";
    else if (is("mysql"))
      sql = "SELECT DISTINCT index_name FROM information_schema.statistics WHERE "
            "table_schema = DATABASE() AND table_name = :t ORDER BY 1";
    else
      sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t ORDER BY 1";
    std::vector<std::string> out;
    for (const auto& row : conn.execute(sql, {{"t", table}})) out.push_back(*row.get<std::string>(0));
    conn.commit();
    return out;
  }

  std::int64_t foreign_key_count(Connection& conn, const std::string& table) {
    if (is("postgresql"))
      return count(conn,
                   "SELECT count(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                   "WHERE c.contype = 'f' AND t.relname = :t AND "
                   "t.relnamespace = current_schema()::regnamespace",
                   {{"t", table}});
    if (is("mysql"))
      return count(conn,
                   "SELECT count(*) FROM information_schema.referential_constraints WHERE "
                   "constraint_schema = DATABASE() AND table_name = :t",
                   {{"t", table}});
    return count(conn, "SELECT count(DISTINCT id) FROM pragma_foreign_key_list(:t)",
                 {{"t", table}});
  }

  std::optional<std::string> table_comment(Connection& conn, const std::string& table) {
    std::optional<std::string> out;
    if (is("postgresql"))
      out = conn.execute("SELECT obj_description(c.oid, 'pg_class') FROM pg_class c WHERE "
                         "c.relname = :t AND c.relnamespace = current_schema()::regnamespace",
                         {{"t", table}})
                .scalar_as<std::string>();
    else
      out = conn.execute("SELECT table_comment FROM information_schema.tables WHERE "
                         "table_schema = DATABASE() AND table_name = :t",
                         {{"t", table}})
                .scalar_as<std::string>();
    conn.commit();
    return out;
  }

  std::optional<std::string> column_comment(Connection& conn, const std::string& table,
                                            const std::string& column) {
    std::optional<std::string> out;
    if (is("postgresql"))
      out = conn.execute("SELECT col_description(c.oid, a.attnum) FROM pg_class c JOIN "
                         "pg_attribute a ON a.attrelid = c.oid WHERE c.relname = :t AND "
                         "a.attname = :c AND c.relnamespace = current_schema()::regnamespace",
                         {{"t", table}, {"c", column}})
                .scalar_as<std::string>();
    else
      out = conn.execute("SELECT column_comment FROM information_schema.columns WHERE "
                         "table_schema = DATABASE() AND table_name = :t AND column_name = :c",
                         {{"t", table}, {"c", column}})
                .scalar_as<std::string>();
    conn.commit();
    return out;
  }

  // The column's type as the catalog spells it.
  std::string column_type(Connection& conn, const std::string& table, const std::string& column) {
    std::optional<std::string> out;
    if (is("postgresql"))
      out = conn.execute("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_class c JOIN "
                         "pg_attribute a ON a.attrelid = c.oid WHERE c.relname = :t AND "
                         "a.attname = :c AND c.relnamespace = current_schema()::regnamespace",
                         {{"t", table}, {"c", column}})
                .scalar_as<std::string>();
    else if (is("mysql"))
      out = conn.execute("SELECT column_type FROM information_schema.columns WHERE "
                         "table_schema = DATABASE() AND table_name = :t AND column_name = :c",
                         {{"t", table}, {"c", column}})
                .scalar_as<std::string>();
    else
      out = conn.execute("SELECT type FROM pragma_table_info(:t) WHERE name = :c",
                         {{"t", table}, {"c", column}})
                .scalar_as<std::string>();
    conn.commit();
    return out.value_or("<none>");
  }

  bool enum_type_exists(Connection& conn, const std::string& name) {
    return count(conn, "SELECT count(*) FROM pg_type WHERE typname = :n AND typtype = 'e'",
                 {{"n", name}}) == 1;
  }

  // Runs `sql` expecting the database to refuse it; rolls the failure back.
  template <class E>
  void expect_refused(Connection& conn, const std::string& sql, const Params& params = {}) {
    EXPECT_THROW(conn.execute(sql, params), E) << sql;
    conn.rollback();
  }
};

inline Column col(std::string name, Type type) { return Column(std::move(name), std::move(type)); }

inline Column pk(std::string name, Type type = types::Integer()) {
  Column c(std::move(name), std::move(type));
  c.primary_key = true;
  return c;
}

inline ForeignKeyConstraint fk(std::vector<std::string> columns, std::string table,
                        std::vector<std::string> referred) {
  ForeignKeyConstraint f;
  f.columns = std::move(columns);
  f.referred_table = std::move(table);
  f.referred_columns = std::move(referred);
  return f;
}

inline Index index(std::string name, std::vector<std::string> columns, bool unique = false,
                   std::optional<std::string> where = std::nullopt,
                   std::vector<std::string> orders = {}) {
  Index ix;
  ix.name = std::move(name);
  ix.columns = std::move(columns);
  ix.unique = unique;
  ix.where = std::move(where);
  ix.orders = std::move(orders);
  return ix;
}

}  // namespace retort::testing
