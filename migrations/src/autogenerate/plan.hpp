// Internal: what the autogenerate files share. The comparison of each kind
// of object (columns.cpp, constraints.cpp, indexes.cpp, enums.cpp, ...)
// records its changes and adds Steps to a Plan: an upgrade operation (or a
// few) with the downgrade operations that undo it, and a phase that orders
// it (order.cpp). The downgrade is the steps' downgrades in reverse order.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "retort/engine/schema.hpp"
#include "retort/engine/schema_compare.hpp"
#include "retort/migrations/autogenerate.hpp"
#include "schema_yaml/doc.hpp"

namespace retort::migrations::autogen {

using schema_yaml::Doc;

// An operation: its name and its argument map.
struct Op {
  std::string name;
  Doc args = Doc::map(false);
  std::vector<std::string> comments;
};

// When a step runs in the upgrade (the downgrade runs them backwards).
enum class Phase {
  DropForeignKey,     // keys that change or go, before what they name goes
  Rename,             // tables, then columns
  CreateEnum,         // enum types and values, before columns use them
  CreateTable,        // in foreign-key order
  DropIndex,          // indexes and constraints that change or go
  AddColumn,
  AlterColumn,
  CreateConstraint,   // primary keys, unique and check constraints
  CreateIndex,
  TableComment,
  CreateForeignKey,   // after every table and column exists
  DropColumn,
  DropTable,          // in reverse foreign-key order
  DropEnum,
};

struct Step {
  Phase phase;
  std::vector<Op> up;
  std::vector<Op> down;
};

// An enum type where enums are objects of their own (PostgreSQL), keyed by
// enum_key: its schema (none: the default one), name and values.
struct EnumType {
  std::optional<std::string> schema;
  std::string name;
  std::vector<std::string> values;
};
using EnumTypes = std::map<std::string, EnumType>;
std::string enum_key(const std::optional<std::string>& schema, const std::string& name);

struct Plan {
  const MetaData& declared;
  const MetaData& reflected;
  const SchemaComparator& cmp;
  const AutogenerateOptions& options;
  SchemaDiff& diff;
  std::string option_prefix;  // this dialect's Index::dialect_options keys: "<name>_"
  std::vector<Step> steps;
  // Where enums are types of their own: the types the model uses, the live
  // ones, the live ones compared tables use, and the types whose values
  // were compared already (enum_key).
  EnumTypes declared_enums, live_enums, used_live_enums;
  std::set<std::string> enums_handled;
  // Live enum types that relations autogenerate does not compare use (tables
  // include_tables/exclude_tables leave out, views, tables of other
  // schemas): enum_key -> those relations. Never dropped nor renamed.
  std::map<std::string, std::vector<std::string>> enums_used_elsewhere;

  void change(ChangeKind kind, const Table& t, std::string object = {}, std::string detail = {});
  void note(std::string text) { diff.notes.push_back(std::move(text)); }
  void step(Phase phase, std::vector<Op> up, std::vector<Op> down) {
    steps.push_back({phase, std::move(up), std::move(down)});
  }
};

// Table keys: "schema.name" or "name", the schema being the table's or the
// document's.
std::string table_key(const Table& t, const MetaData& md);
// The key of the table a foreign key of `t` refers to.
std::string referred_table_key(const Table& t, const ForeignKeyConstraint& fk,
                               const MetaData& md);

// Operation builders (ops.cpp). `t` gives the table name and schema.
// create_type: false where the enum types are operations of their own.
Op create_table(const Table& t, const std::set<std::size_t>& skip_fks = {},
                bool create_type = true);
Op drop_table(const Table& t);
Op rename_table(const Table& t, const std::string& from, const std::string& to);
Op add_column(const Table& t, const Column& c);
Op drop_column(const Table& t, const Column& c);
Op rename_column(const Table& t, const std::string& from, const std::string& to);
// alter_column from -> to: only what differs is stated (type, nullable,
// server_default, comment), with existing_* from `from`.
Op alter_column(const Table& t, const Column& from, const Column& to, bool type, bool nullable,
                bool server_default, bool comment);
Op create_index(const Table& t, const Index& ix);
Op drop_index(const Table& t, const Index& ix);
Op create_unique(const Table& t, const UniqueConstraint& uq);
Op create_check(const Table& t, const CheckConstraint& ck);
Op create_primary_key(const Table& t, const PrimaryKeyConstraint& pk);
Op create_foreign_key(const Table& t, const ForeignKeyConstraint& fk);
// drop_constraint of a foreign key, and the index the database made for it
// where it keeps that (constraints.cpp).
struct Plan;
std::vector<Op> drop_foreign_key(const Plan& plan, const Table& t, const ForeignKeyConstraint& fk);
// kind: "foreignkey", "unique", "check", "primary".
Op drop_constraint(const Table& t, const std::string& name, const char* kind);
Op table_comment(const Table& t, const std::optional<std::string>& comment,
                 const std::optional<std::string>& existing);
Op create_enum(const std::optional<std::string>& schema, const std::string& name,
               const std::vector<std::string>& values);
Op drop_enum(const std::optional<std::string>& schema, const std::string& name);
Op add_enum_value(const std::optional<std::string>& schema, const std::string& name,
                  const std::string& value, const std::optional<std::string>& after,
                  const std::optional<std::string>& before);
Op rename_enum(const std::optional<std::string>& schema, const std::string& name,
               const std::string& new_name);

// Names for what the model leaves unnamed but an operation must name.
std::string default_fk_name(const Table& t, const ForeignKeyConstraint& fk);
std::string default_unique_name(const Table& t, const UniqueConstraint& uq);
std::string default_pk_name(const Table& t);

// The comparisons, for one table present on both sides (declared `d`,
// reflected `r`).
// Returns the columns renamed, old name -> new name.
std::map<std::string, std::string> compare_columns(Plan& plan, const Table& d, const Table& r);
// The table with its columns renamed, in its keys, indexes and constraints.
Table with_renamed_columns(const Table& t, const std::map<std::string, std::string>& renamed);
void compare_primary_key(Plan& plan, const Table& d, const Table& r);
// `live` is `r` as the database has it now, before renames (its foreign keys
// in the same order).
void compare_foreign_keys(Plan& plan, const Table& d, const Table& r, const Table& live);
void compare_unique_constraints(Plan& plan, const Table& d, const Table& r);
void compare_check_constraints(Plan& plan, const Table& d, const Table& r);
void compare_indexes(Plan& plan, const Table& d, const Table& r);
void compare_table_comment(Plan& plan, const Table& d, const Table& r);
// Enum columns whose values differ, on a dialect with enum types
// (enums.cpp). Returns whether the type change is handled there.
bool compare_enum_values(Plan& plan, const Table& d, const Column& dc, const Table& r,
                         const Column& rc);
// The enum types a table's columns use, in the table's schema.
EnumTypes enum_types(const Table& t);
// Enum types renamed in the model (enums.cpp): a live type no table will use
// and a new type with the same values, schema and columns, each the only
// match of the other, are one rename (rename_enum). The live columns
// (`rtables`, keyed as `dtables`) then name the new type, and live_enums has
// it in the old one's place.
void plan_enum_renames(Plan& plan, const std::map<std::string, const Table*>& dtables,
                       std::map<std::string, Table>& rtables);
// New enum types new columns or tables need (created once, before them),
// values a type that exists lacks, and types nothing uses after the upgrade
// (dropped once, after the tables).
void plan_enum_types(Plan& plan);

// Tables created and dropped, in foreign-key order (tables.cpp).
void plan_new_tables(Plan& plan, const std::vector<const Table*>& created);
void plan_dropped_tables(Plan& plan, const std::vector<const Table*>& dropped);

// Whether two columns' types are the same in the database.
bool same_type(const Plan& plan, const Table& d, const Column& dc, const Table& r,
               const Column& rc);

// The steps in phase order, into diff.upgrade / diff.downgrade (order.cpp).
void write_operations(Plan& plan);

}  // namespace retort::migrations::autogen
