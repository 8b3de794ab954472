// ALTER TABLE as the SQL standard (and PostgreSQL) spells it; the MySQL and
// SQLite compilers override the statements they spell differently or lack.
#include "dialects/ddl_common.hpp"
#include "retort/engine/error.hpp"

namespace retort::ddl {

std::string BaseDDLCompiler::column_definition(const Table& table, const Column& column) const {
  const bool ai = column.autoincrement.value_or(false);
  return quote(column.name) + " " + column_type_sql(table, column, ai) +
         column_suffix(table, column, ai);
}

std::vector<std::string> BaseDDLCompiler::add_column(const Table& table,
                                                     const Column& column) const {
  std::vector<std::string> out{"ALTER TABLE " + table_name(table) + " ADD COLUMN " +
                               column_definition(table, column)};
  Table only(table.name, table.schema);
  only.columns.push_back(column);
  for (auto& s : comment_statements(only)) out.push_back(std::move(s));
  return out;
}

std::string BaseDDLCompiler::drop_column(const Table& table, std::string_view column) const {
  return "ALTER TABLE " + table_name(table) + " DROP COLUMN " + quote(column);
}

std::string BaseDDLCompiler::rename_table(const Table& table, std::string_view new_name) const {
  return "ALTER TABLE " + table_name(table) + " RENAME TO " + quote(new_name);
}

std::string BaseDDLCompiler::rename_column(const Table& table, std::string_view column,
                                           std::string_view new_name) const {
  return "ALTER TABLE " + table_name(table) + " RENAME COLUMN " + quote(column) + " TO " +
         quote(new_name);
}

std::vector<std::string> BaseDDLCompiler::alter_column(const Table& table, const Column& from,
                                                       const Column& to) const {
  std::vector<std::string> out;
  const std::string head = "ALTER TABLE " + table_name(table) + " ALTER COLUMN " + quote(from.name);
  if (!(from.type == to.type))
    out.push_back(head + " TYPE " + column_type_sql(table, to, false) +
                  type_change_using(table, from, to));
  if (from.nullable != to.nullable)
    out.push_back(head + (to.nullable ? " DROP NOT NULL" : " SET NOT NULL"));
  if (from.server_default != to.server_default)
    out.push_back(to.server_default ? head + " SET" + default_sql(*to.server_default)
                                    : head + " DROP DEFAULT");
  if (from.comment != to.comment)
    out.push_back("COMMENT ON COLUMN " + table_name(table) + "." + quote(from.name) + " IS " +
                  (to.comment ? string_literal(*to.comment) : std::string("NULL")));
  if (from.name != to.name) out.push_back(rename_column(table, from.name, to.name));
  return out;
}

std::string BaseDDLCompiler::add_unique_constraint(const Table& table,
                                                   const UniqueConstraint& uq) const {
  return "ALTER TABLE " + table_name(table) + " ADD " + constraint_prefix(uq.name) + "UNIQUE (" +
         column_list(uq.columns) + ")";
}

std::string BaseDDLCompiler::add_check_constraint(const Table& table,
                                                  const CheckConstraint& ck) const {
  return "ALTER TABLE " + table_name(table) + " ADD " + constraint_prefix(ck.name) + "CHECK (" +
         ck.sqltext + ")";
}

std::string BaseDDLCompiler::add_primary_key(const Table& table,
                                             const PrimaryKeyConstraint& pk) const {
  return "ALTER TABLE " + table_name(table) + " ADD " + constraint_prefix(pk.name) +
         "PRIMARY KEY (" + column_list(pk.columns) + ")";
}

std::string BaseDDLCompiler::drop_constraint(const Table& table, std::string_view name,
                                             ConstraintKind) const {
  return "ALTER TABLE " + table_name(table) + " DROP CONSTRAINT " + quote(name);
}

std::vector<std::string> BaseDDLCompiler::set_table_comment(
    const Table& table, const std::optional<std::string>& comment) const {
  return {"COMMENT ON TABLE " + table_name(table) + " IS " +
          (comment ? string_literal(*comment) : std::string("NULL"))};
}

}  // namespace retort::ddl
