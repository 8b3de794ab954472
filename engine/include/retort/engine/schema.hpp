// Schema metadata: MetaData, Table, Column, constraints and indexes as plain
// runtime objects, the meeting point of DDL, reflection, YAML and the ORM.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/types.hpp"
#include "retort/engine/value.hpp"

namespace retort {

struct Column {
  std::string name;
  Type type;
  bool nullable = true;
  bool primary_key = false;
  std::optional<Value> default_value;                  // client-side literal default
  std::function<Value()> default_fn;                    // client-side callable default
  std::optional<std::string> server_default;            // SQL text, e.g. "0", "CURRENT_TIMESTAMP"
  std::optional<Value> onupdate;                        // client-side value on UPDATE
  std::optional<bool> autoincrement;                    // nullopt: "auto" as SQLAlchemy
  std::optional<std::string> comment;
  bool index = false;                                   // shorthand: a one-column index
  bool unique = false;                                  // shorthand: a one-column unique constraint
  std::optional<std::string> renamed_from;              // autogenerate: rename, not drop+add

  Column() = default;
  Column(std::string n, Type t) : name(std::move(n)), type(std::move(t)) {}
};

struct PrimaryKeyConstraint {
  std::optional<std::string> name;
  std::vector<std::string> columns;
};

struct ForeignKeyConstraint {
  std::optional<std::string> name;
  std::vector<std::string> columns;
  std::optional<std::string> referred_schema;
  std::string referred_table;
  std::vector<std::string> referred_columns;
  std::optional<std::string> ondelete;    // CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION
  std::optional<std::string> onupdate;
  std::optional<bool> deferrable;         // PostgreSQL
  std::optional<std::string> initially;   // PostgreSQL: DEFERRED or IMMEDIATE
  bool use_alter = false;                 // created by ALTER TABLE after the tables (cycles)
};

struct UniqueConstraint {
  std::optional<std::string> name;
  std::vector<std::string> columns;
};

struct CheckConstraint {
  std::optional<std::string> name;
  std::string sqltext;
};

struct Index {
  std::string name;
  std::vector<std::string> columns;       // column names, or SQL expressions such as "lower(email)"
  bool unique = false;
  std::optional<std::string> where;       // PostgreSQL partial index predicate
  std::vector<std::string> orders;        // per column: "" , "ASC" or "DESC" (empty: all default)
  // What only one dialect can express, with SQLAlchemy's keyword names:
  // "postgresql_using" (gist, gin, ...), "postgresql_ops.<element>" (a
  // non-default operator class), "mysql_prefix" (FULLTEXT, SPATIAL),
  // "mysql_length.<column>" (a prefix length). Other dialects ignore them.
  std::map<std::string, std::string> dialect_options;
};

class MetaData;

class Table {
 public:
  Table(std::string name, std::optional<std::string> schema = std::nullopt)
      : name(std::move(name)), schema(std::move(schema)) {}

  std::string name;
  std::optional<std::string> schema;      // PostgreSQL schema (MySQL: database)
  std::vector<Column> columns;
  std::optional<PrimaryKeyConstraint> primary_key;  // from Column::primary_key when unset
  std::vector<ForeignKeyConstraint> foreign_keys;
  std::vector<UniqueConstraint> unique_constraints;
  std::vector<CheckConstraint> check_constraints;
  std::vector<Index> indexes;
  std::optional<std::string> comment;
  std::optional<std::string> renamed_from;

  Column& add_column(Column c);
  Column* column(std::string_view name);
  const Column* column(std::string_view name) const;
  // The primary key columns, from primary_key or the columns' primary_key flags.
  std::vector<std::string> primary_key_columns() const;
  // "schema.name" or "name".
  std::string fullname() const;
};

// Naming conventions with SQLAlchemy's tokens: %(table_name)s,
// %(column_0_name)s, %(column_0N_name)s, %(column_0_N_name)s,
// %(referred_table_name)s, %(referred_column_0_name)s, %(constraint_name)s.
// Keys: "ix", "uq", "ck", "fk", "pk".
using NamingConvention = std::map<std::string, std::string>;

class MetaData {
 public:
  MetaData() = default;
  MetaData(const MetaData& o);
  MetaData& operator=(const MetaData& o);
  MetaData(MetaData&&) noexcept = default;
  MetaData& operator=(MetaData&&) noexcept = default;

  std::optional<std::string> schema;      // default schema for tables without one
  NamingConvention naming_convention;

  // Adds a table; ArgumentError if one with that (schema, name) exists.
  // Tables are found by the name they had when added (as SQLAlchemy keys
  // MetaData.tables): to rename one, remove it and add it again.
  Table& add_table(Table t);
  Table* table(std::string_view name, std::optional<std::string_view> schema = std::nullopt);
  const Table* table(std::string_view name,
                     std::optional<std::string_view> schema = std::nullopt) const;
  void remove_table(std::string_view name, std::optional<std::string_view> schema = std::nullopt);
  // Tables in the order they were added (addresses stay valid).
  const std::vector<std::unique_ptr<Table>>& tables() const { return tables_; }
  // Tables ordered so that each comes after the tables it references (ties:
  // insertion order); foreign keys that close a cycle are returned in
  // `cycle_fks` (table, index) and should be created with ALTER TABLE after
  // all tables. use_alter keys and self-references order nothing and are not
  // listed; neither are references to tables outside this MetaData.
  std::vector<const Table*> sorted_tables(
      std::vector<std::pair<const Table*, std::size_t>>* cycle_fks = nullptr) const;
  // Fills in unnamed constraint and index names from the naming convention
  // (docs/schema-yaml.md). Column index=/unique= shorthands become Index /
  // UniqueConstraint objects first (index names default to ix_<table>_<col>).
  // An unnamed Index with no "ix" template is a SchemaError; other unnamed
  // constraints without a template stay unnamed. Applying twice is a no-op.
  void apply_naming_convention();

 private:
  std::vector<std::unique_ptr<Table>> tables_;
  // The tables by name, each list in the order they were added: table() is
  // a lookup, not a scan, so loading and comparing stay linear in the table
  // count.
  std::map<std::string, std::vector<Table*>, std::less<>> by_name_;
};

}  // namespace retort
