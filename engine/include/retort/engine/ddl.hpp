// DDL: CREATE/DROP for tables, indexes and constraints, rendered per dialect.
#pragma once

#include <string>
#include <vector>

#include "retort/engine/schema.hpp"

namespace retort {

class Connection;
class Dialect;

// The kinds of constraint ALTER TABLE ... DROP names (Alembic's type_).
enum class ConstraintKind { ForeignKey, Unique, Check, PrimaryKey };

// Renders DDL statements for one dialect. Each dialect implements one
// (engine/src/dialects/<name>/ddl.cpp). Identifiers are quoted when needed.
class DDLCompiler {
 public:
  virtual ~DDLCompiler() = default;
  // The column type as this dialect spells it ("VARCHAR(50)", "JSONB", ...).
  virtual std::string type_sql(const Type& type) const = 0;
  // Quotes an identifier only when it needs it (reserved word, mixed case,
  // characters other than [a-z0-9_], leading digit).
  virtual std::string quote(std::string_view ident) const = 0;
  // CREATE TABLE plus what must accompany it (CREATE TYPE for PostgreSQL
  // enums before it unless `enum_types` is false, COMMENT ON after it, its
  // CREATE INDEX statements). Foreign keys with use_alter, or listed in
  // `skip_fks`, are left out.
  virtual std::vector<std::string> create_table(const Table& table,
                                                const std::vector<std::size_t>& skip_fks = {},
                                                bool enum_types = true) const = 0;
  // DROP TABLE plus what goes with it (PostgreSQL: DROP TYPE of its enum
  // types, unless `enum_types` is false).
  virtual std::vector<std::string> drop_table(const Table& table, bool enum_types = true) const = 0;
  virtual std::string create_index(const Table& table, const Index& index) const = 0;
  virtual std::string drop_index(const Table& table, const Index& index) const = 0;
  // The same without blocking writes (PostgreSQL's CONCURRENTLY, which runs
  // outside a transaction); the plain statements where there is no such form.
  virtual std::string create_index_concurrently(const Table& table, const Index& index) const;
  virtual std::string drop_index_concurrently(const Table& table, const Index& index) const;
  // ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY; empty when the dialect
  // cannot (SQLite).
  virtual std::string add_foreign_key(const Table& table, const ForeignKeyConstraint& fk) const = 0;
  virtual std::string drop_foreign_key(const Table& table, const ForeignKeyConstraint& fk) const = 0;

  // ALTER TABLE for migrations (docs/ddl.md, "ALTER TABLE"). Only the table's
  // name and schema are read unless said otherwise. An empty result means the
  // dialect cannot do it with ALTER TABLE (SQLite: the table is copied).
  // ADD COLUMN, with what must follow it (PostgreSQL: COMMENT ON COLUMN).
  virtual std::vector<std::string> add_column(const Table& table, const Column& column) const = 0;
  virtual std::string drop_column(const Table& table, std::string_view column) const = 0;
  virtual std::string rename_table(const Table& table, std::string_view new_name) const = 0;
  virtual std::string rename_column(const Table& table, std::string_view column,
                                    std::string_view new_name) const = 0;
  // Changes column `from` into `to` (type, nullable, server_default, comment,
  // name). MySQL restates the whole column; empty on SQLite for anything
  // beyond a rename.
  virtual std::vector<std::string> alter_column(const Table& table, const Column& from,
                                                const Column& to) const = 0;
  virtual std::string add_unique_constraint(const Table& table, const UniqueConstraint& uq) const = 0;
  virtual std::string add_check_constraint(const Table& table, const CheckConstraint& ck) const = 0;
  virtual std::string add_primary_key(const Table& table, const PrimaryKeyConstraint& pk) const = 0;
  virtual std::string drop_constraint(const Table& table, std::string_view name,
                                      ConstraintKind kind) const = 0;
  // Named enum types (PostgreSQL's CREATE TYPE ... AS ENUM, DROP TYPE, ALTER
  // TYPE ... ADD VALUE [BEFORE|AFTER v], ALTER TYPE ... RENAME TO). Empty where the dialect keeps an
  // enum's values with its column (SQLite, MySQL).
  virtual std::string create_enum_type(const std::optional<std::string>& schema,
                                       std::string_view name,
                                       const std::vector<std::string>& values) const;
  virtual std::string drop_enum_type(const std::optional<std::string>& schema,
                                     std::string_view name) const;
  virtual std::string add_enum_value(const std::optional<std::string>& schema,
                                     std::string_view name, std::string_view value,
                                     const std::optional<std::string>& before,
                                     const std::optional<std::string>& after) const;
  virtual std::string rename_enum_type(const std::optional<std::string>& schema,
                                       std::string_view name, std::string_view new_name) const;
  // Sets (or with nullopt removes) the table comment; empty on SQLite.
  virtual std::vector<std::string> set_table_comment(
      const Table& table, const std::optional<std::string>& comment) const = 0;
};

// The DDL compiler of a dialect.
const DDLCompiler& ddl_compiler(const Dialect& dialect);

// The PostgreSQL type name of an Enum column: its enum_name, or
// "<table>_<column>_enum" when it has none (docs/ddl.md).
std::string enum_type_name(const Table& table, const Column& column);

// Statements that create every table of `metadata` in foreign-key order,
// cycles broken with ALTER TABLE ADD CONSTRAINT where the dialect allows.
std::vector<std::string> create_all_sql(const MetaData& metadata, const Dialect& dialect);
std::vector<std::string> drop_all_sql(const MetaData& metadata, const Dialect& dialect);

// Runs them. checkfirst: skip tables that exist (create) / do not exist (drop).
// Commits on success; on failure rolls back what the dialect allows.
void create_all(const MetaData& metadata, Connection& conn, bool checkfirst = true);
void drop_all(const MetaData& metadata, Connection& conn, bool checkfirst = true);
void create_table(const Table& table, Connection& conn, bool checkfirst = false);
void drop_table(const Table& table, Connection& conn, bool checkfirst = false);
void create_index(const Table& table, const Index& index, Connection& conn);
void drop_index(const Table& table, const Index& index, Connection& conn);

}  // namespace retort
