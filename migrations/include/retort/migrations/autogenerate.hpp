// Autogenerate (docs/autogenerate.md): the declared schema (target_metadata)
// compared with the reflected live one, as a list of changes and the
// operations of a revision that makes the database match, with an exact
// downgrade. compare_schema is a pure function of its inputs, so that
// `retort revision --autogenerate`, `retort check` and a C++ entry point
// can share it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/engine/schema.hpp"
#include "retort/migrations/config.hpp"

namespace retort {
class Connection;
class Dialect;
}  // namespace retort

namespace retort::migrations {

// A column the model lacks and one it gains, of the same type, in one table:
// maybe a rename.
struct PossibleRename {
  std::string table;
  std::string from;  // the live column
  std::string to;    // the declared column
};

struct AutogenerateOptions {
  std::vector<std::string> include_tables;  // globs (* ? [abc]); empty: every table
  std::vector<std::string> exclude_tables;  // globs
  std::vector<std::string> ignore_tables;   // exact names: the version and history tables
  // Schemas compared besides the default one (a table naming another schema
  // is left out).
  std::vector<std::string> include_schemas;
  // The live database's enum types (Reflector::enums), where enums are types
  // of their own: tells a new type from an existing one.
  struct LiveEnum {
    std::optional<std::string> schema;  // none: the default schema
    std::string name;
    std::vector<std::string> values;
    // The relations with a column of the type (Reflector::enum_users),
    // {schema (none: the default one), name}: such a type is not dropped
    // while one autogenerate does not compare still uses it.
    std::vector<std::pair<std::optional<std::string>, std::string>> used_by;
  };
  std::vector<LiveEnum> live_enums;
  // The connection's default schema (Reflector::default_schema_name):
  // a table or foreign key naming it is compared as one naming no schema.
  std::optional<std::string> default_schema;
  // Asked for each possible rename (--interactive); true makes it a rename.
  // Unset: the operations carry a comment naming the possible rename.
  std::function<bool(const PossibleRename&)> confirm_rename;
};

enum class ChangeKind {
  AddTable, DropTable, RenameTable,
  AddColumn, DropColumn, RenameColumn,
  ChangeType, ChangeNullable, ChangeDefault, ChangeComment, ChangeTableComment,
  AddPrimaryKey, DropPrimaryKey,
  AddForeignKey, DropForeignKey,
  AddUniqueConstraint, DropUniqueConstraint,
  AddIndex, DropIndex,
  AddCheckConstraint, DropCheckConstraint,
  AddEnumType, AddEnumValue, DropEnumType, RenameEnumType,
};
// "add_table", "change_type", ... (for --json and messages).
std::string_view change_kind_name(ChangeKind kind);

struct SchemaChange {
  ChangeKind kind;
  std::string table;   // "schema.table" or "table"
  std::string object;  // the column, index or constraint ("" for a table)
  std::string detail;  // "String(50) -> String(80)", ...
  // "add_column account.nickname (String(40))"
  std::string describe() const;
};

// One operation of a revision file, already written as YAML: `yaml` is the
// list item ("- add_column:\n    table: ...\n"), `comments` lines to put
// above it (without '#').
struct PlannedOperation {
  std::string name;
  std::string yaml;
  std::vector<std::string> comments;
};

struct SchemaDiff {
  std::vector<SchemaChange> changes;
  // What was seen and deliberately left alone (expression indexes, enum
  // values PostgreSQL cannot remove, unnamed constraints that cannot be
  // dropped by name, possible renames).
  std::vector<std::string> notes;
  std::vector<PossibleRename> possible_renames;
  std::vector<PlannedOperation> upgrade;
  std::vector<PlannedOperation> downgrade;
  bool empty() const { return changes.empty(); }
};

// Compares `declared` (the model) with `reflected` (the live schema) for
// `dialect`. Tables the filters leave out are not compared.
SchemaDiff compare_schema(const MetaData& declared, const MetaData& reflected,
                          const Dialect& dialect, const AutogenerateOptions& options = {});

// Whether a table takes part: not ignored, matching include (when given) and
// no exclude glob.
bool table_included(const std::string& name, const AutogenerateOptions& options);
// fnmatch-style: * any run, ? one character, [abc] / [a-z] / [!a] a class.
bool glob_match(std::string_view pattern, std::string_view text);

// The upgrade: and downgrade: sections of a revision file.
std::string render_operations(const SchemaDiff& diff);
// The same for a multidb revision file: each database's operations under its
// name, in the order given ("engine2: []" when it has none).
std::string render_database_operations(
    const std::vector<std::pair<std::string, SchemaDiff>>& databases);

// The declared schema of a project: config.target_metadata's files merged
// (a table in two files is an error naming both), or the schema YAML that
// config.target_metadata_command prints. ConfigError naming the file or the
// command.
MetaData load_target_metadata(const Config& config);

// The options for `config` (its filters; the version and history tables
// ignored).
AutogenerateOptions autogenerate_options(const Config& config);

// The live schema as autogenerate compares it: the default schema and each
// of config.include_schemas, with the live enum types put in `options`.
MetaData reflect_live_schema(Connection& conn, const Config& config,
                             AutogenerateOptions& options);

}  // namespace retort::migrations
