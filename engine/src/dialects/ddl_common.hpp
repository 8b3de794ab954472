// Private: what the three DDL compilers share. BaseDDLCompiler renders the
// parts that are the same everywhere (column lists, constraint clauses,
// quoting when needed) and asks its dialect for the rest through a few hooks.
// The generic create_all/drop_all (engine/src/ddl.cpp) talk to it through
// TableDDL, which keeps a PostgreSQL enum type apart from its table so that
// a type shared by several tables is created once and dropped last.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/ddl.hpp"

namespace retort::ddl {

// A named enum type a table needs (PostgreSQL's CREATE TYPE ... AS ENUM).
struct EnumTypeDDL {
  std::optional<std::string> schema;
  std::string name;
  std::vector<std::string> values;
  std::string create_sql;
  std::string drop_sql;
};

// Everything creating one table takes, in the order it has to run.
struct TableDDL {
  std::vector<EnumTypeDDL> enum_types;  // before the table
  std::string create_table;
  std::vector<std::string> after;       // COMMENT ON, CREATE INDEX
};

// How a dialect quotes names: its quote character, and the words (lower
// case) that must be quoted to be used as names.
struct QuoteRules {
  char quote = '"';
  const std::set<std::string, std::less<>>* reserved = nullptr;
  // Longest name the database keeps whole: PostgreSQL truncates longer ones
  // silently (which breaks dropping by name), MySQL refuses them. 0: no limit.
  std::size_t max_length = 0;
  bool length_in_bytes = false;  // else in characters
};

class BaseDDLCompiler : public DDLCompiler {
 public:
  explicit BaseDDLCompiler(QuoteRules rules) : rules_(rules) {}

  std::string quote(std::string_view ident) const override;
  std::vector<std::string> create_table(const Table& table,
                                        const std::vector<std::size_t>& skip_fks = {},
                                        bool enum_types = true) const override;
  std::vector<std::string> drop_table(const Table& table, bool enum_types = true) const override;
  std::string create_index(const Table& table, const Index& index) const override;
  std::string drop_index(const Table& table, const Index& index) const override;
  std::string add_foreign_key(const Table& table, const ForeignKeyConstraint& fk) const override;
  std::string drop_foreign_key(const Table& table, const ForeignKeyConstraint& fk) const override;
  // ALTER TABLE (engine/src/dialects/alter_common.cpp): the SQL standard's
  // forms, which PostgreSQL speaks; MySQL and SQLite override what differs.
  std::vector<std::string> add_column(const Table& table, const Column& column) const override;
  std::string drop_column(const Table& table, std::string_view column) const override;
  std::string rename_table(const Table& table, std::string_view new_name) const override;
  std::string rename_column(const Table& table, std::string_view column,
                            std::string_view new_name) const override;
  std::vector<std::string> alter_column(const Table& table, const Column& from,
                                        const Column& to) const override;
  std::string add_unique_constraint(const Table& table, const UniqueConstraint& uq) const override;
  std::string add_check_constraint(const Table& table, const CheckConstraint& ck) const override;
  std::string add_primary_key(const Table& table, const PrimaryKeyConstraint& pk) const override;
  std::string drop_constraint(const Table& table, std::string_view name,
                              ConstraintKind kind) const override;
  std::vector<std::string> set_table_comment(
      const Table& table, const std::optional<std::string>& comment) const override;
  // "name TYPE DEFAULT ... NOT NULL ..." as in CREATE TABLE.
  std::string column_definition(const Table& table, const Column& column) const;

  virtual std::string_view dialect_name() const = 0;
  // The statements for one table, its enum types kept apart.
  TableDDL table_ddl(const Table& table, const std::vector<std::size_t>& skip_fks) const;
  // Enum types the table needs, and the statements that drop them.
  virtual std::vector<EnumTypeDDL> enum_types(const Table&) const { return {}; }
  // Whether ALTER TABLE can add a foreign key later (cycles are broken so).
  virtual bool can_alter_foreign_keys() const { return true; }
  // Run before drop_all's DROP TABLEs when the tables' foreign keys form a
  // cycle that could not be broken with ALTER TABLE (SQLite); empty elsewhere.
  virtual std::string cycle_drop_prologue() const { return {}; }
  // DROP TABLE alone, without the enum types that go with it.
  std::string drop_table_sql(const Table& table) const;

  // SQL pieces.
  std::string qualified(const std::optional<std::string>& schema, std::string_view name) const;
  std::string table_name(const Table& table) const { return qualified(table.schema, table.name); }
  virtual std::string string_literal(std::string_view text) const;
  std::string column_list(const std::vector<std::string>& columns) const;

 protected:
  // The type of a column, with its table for enum names and error messages.
  virtual std::string column_type_sql(const Table& table, const Column& column,
                                      bool autoincrement) const;
  // What follows ALTER COLUMN .. TYPE <type> when the column's type changes
  // (PostgreSQL: a USING cast where no implicit one exists).
  virtual std::string type_change_using(const Table&, const Column&, const Column&) const {
    return {};
  }
  // What follows "name TYPE" in a column definition.
  virtual std::string column_suffix(const Table& table, const Column& column,
                                    bool autoincrement) const;
  virtual std::string default_sql(const std::string& server_default) const;
  // Extra table constraints the dialect adds (SQLite: CHECK for enums).
  virtual std::vector<std::string> extra_constraints(const Table&) const { return {}; }
  // Text after the closing parenthesis of CREATE TABLE (MySQL: COMMENT=).
  virtual std::string table_options(const Table&) const { return {}; }
  // Statements after CREATE TABLE other than indexes (PostgreSQL: COMMENT ON).
  virtual std::vector<std::string> comment_statements(const Table&) const { return {}; }
  // A dialect type (postgresql.JSONB, mysql.INTEGER(unsigned=true)) as
  // NAME(positional args) followed by what keyword_type_arg makes of the rest.
  std::string dialect_type_sql(const Type& type) const;
  // " UNSIGNED" for unsigned=true, ...; SchemaError for an argument it does not know.
  virtual std::string keyword_type_arg(const Type& type, const std::string& key,
                                       const std::string& value) const;
  virtual std::string referred_table(const Table& table, const ForeignKeyConstraint& fk) const;
  // The FOREIGN KEY clause without the CONSTRAINT name.
  virtual std::string foreign_key_clause(const Table& table, const ForeignKeyConstraint& fk) const;
  virtual std::string deferrable_clause(const ForeignKeyConstraint& fk) const;
  virtual void check_index(const Table& table, const Index& index) const;
  virtual void check_key_columns(const Table&, const std::vector<std::string>&,
                                 std::string_view) const {}
  // CREATE INDEX's "name ON table" part (SQLite puts the schema on the name).
  virtual std::string index_target(const Table& table, const Index& index) const;
  // Index::dialect_options of this dialect (keys "<dialect>_..."): the keys
  // it knows, the word before INDEX (FULLTEXT), the method (USING gin), and
  // what follows one element (an operator class, a prefix length).
  virtual bool known_index_option(std::string_view) const { return false; }
  virtual std::string index_prefix(const Table&, const Index&) const { return {}; }
  virtual std::string index_method(const Table&, const Index&) const { return {}; }
  virtual std::string index_element_option(const Table&, const Index&,
                                           const std::string&) const {
    return {};
  }
  virtual std::string drop_foreign_key_sql(const Table& table, const std::string& name) const;

  std::string constraint_prefix(const std::optional<std::string>& name) const;
  std::string index_element(const Table& table, const Index& index, std::size_t i) const;

 private:
  QuoteRules rules_;
};

// "table.column" for messages.
std::string where(const Table& table, const Column& column);
std::string upper(std::string_view s);
// Validates a referential action (CASCADE, SET NULL, ...), returned upper case.
std::string referential_action(std::string_view action, const Table& table,
                               std::string_view what);
bool is_integer(const Type& type);
// The column that gets an identity / AUTO_INCREMENT / rowid, after SQLAlchemy's
// rules (see docs/ddl.md); nullptr when none. SchemaError for contradictions.
const Column* autoincrement_column(const Table& table);
// A copy of `table` with Column::index and Column::unique turned into an
// (unnamed) Index and UniqueConstraint, as MetaData::apply_naming_convention does.
Table expand_column_shorthands(const Table& table);
// Unnamed indexes get the default name ix_<table>_<first column>.
void name_unnamed_indexes(Table& table);
// An index's dialect option, if set.
const std::string* index_option(const Index& index, const std::string& key);
// Checks that an option's value is a plain word ([A-Za-z0-9_.]); SchemaError otherwise.
const std::string& word_option(const Table& table, const Index& index, const std::string& key,
                               const std::string& value);
// "true"/"false" as a type argument; SchemaError otherwise.
bool bool_type_arg(const Type& type, const std::string& key, const std::string& value);
// Whether a server_default can follow DEFAULT as is: a literal, a signed
// number, NULL/TRUE/FALSE, CURRENT_*, or one parenthesised group. SQLite and
// MySQL 8 need parentheses around anything else.
bool is_plain_default(std::string_view sql);
// The length in characters of UTF-8 text.
std::size_t utf8_length(std::string_view s);

// The DDL compiler of a dialect, with the internals create_all needs.
const BaseDDLCompiler& base_compiler(const Dialect& dialect);

}  // namespace retort::ddl
