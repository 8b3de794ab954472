// Private: what SQLite keeps only in the CREATE statement text of
// sqlite_master. It has no catalog for CHECK constraints, constraint names,
// DEFERRABLE, index expressions or partial-index predicates, so reflection
// reads them from the SQL with a small tokenizer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort::sqlite {

struct ParsedCheck {
  std::optional<std::string> name;
  std::string sqltext;  // the text between CHECK's parentheses, as written
};

struct ParsedUnique {
  std::optional<std::string> name;
  std::vector<std::string> columns;
};

struct ParsedForeignKey {
  std::optional<std::string> name;
  std::vector<std::string> columns;
  std::string referred_table;
  std::vector<std::string> referred_columns;  // empty: the referred table's primary key
  bool deferrable = false;
  bool initially_deferred = false;
};

// The constraints of a CREATE TABLE, in the order written (column
// constraints first for their column, then table constraints as they come).
struct ParsedTable {
  std::optional<std::string> primary_key_name;
  std::vector<ParsedCheck> checks;
  std::vector<ParsedUnique> uniques;
  std::vector<ParsedForeignKey> foreign_keys;
  bool without_rowid = false;  // WITHOUT ROWID: an INTEGER PRIMARY KEY is no rowid alias
};

// Never throws: text it cannot follow yields what was understood so far
// (reflection then reports fewer names, not an error).
ParsedTable parse_create_table(std::string_view sql);

// CREATE [UNIQUE] INDEX ... ON t (elements) [WHERE predicate]
struct ParsedIndex {
  // Per element: a column name (unquoted) or an expression as written, with
  // COLLATE and ASC/DESC removed.
  std::vector<std::string> elements;
  std::optional<std::string> where;
};
ParsedIndex parse_create_index(std::string_view sql);

// "col IN ('a', 'b')" -> {col, {a, b}}; nullopt for any other expression.
// How the DDL compiler spells an Enum's CHECK, recognised to reflect an Enum.
std::optional<std::pair<std::string, std::vector<std::string>>> parse_in_list(
    std::string_view sqltext);

// "x", `x`, [x] -> x; other text as is.
std::string unquote_identifier(std::string_view token);

}  // namespace retort::sqlite
