// Schema YAML -> MetaData: one pass over the document that builds the tables
// and checks each entry where it stands, then the checks that need the whole
// document (foreign-key targets, names given by the naming convention).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "retort/engine/schema.hpp"
#include "schema_yaml/reader.hpp"

namespace retort::schema_yaml {

class Loader {
 public:
  Loader(std::string_view text, std::string source) : r_(text, std::move(source)) {}
  MetaData load();
  // One table or column outside a whole document (detail/schema_yaml_table.hpp).
  Table load_single_table(const std::string& name, const YAML::Node& key, const YAML::Node& value);
  Column load_single_column(const YAML::Node& node, const std::string& table) {
    return load_column(r_.adopt(node), table);
  }

 private:
  // A foreign key whose target is checked once every table is known.
  struct PendingForeignKey {
    Table* table;
    std::size_t index;
    YAML::Mark references;
  };
  // Where a column was declared, and whether it said nullable: itself.
  struct ColumnSite {
    YAML::Mark mark;
    bool nullable_given = false;
  };
  struct TableInfo {
    Table* table;
    YAML::Mark mark;
  };

  void load_table(const std::string& name, const Node& key, const Node& value);
  Column load_column(const Node& node, const std::string& table);
  void load_primary_key(Table& t, const Field& f, const std::map<std::string, ColumnSite>& sites);
  void load_indexes(Table& t, const Field& f);
  void load_foreign_keys(Table& t, const Field& f);
  void load_unique_constraints(Table& t, const Field& f);
  void load_check_constraints(Table& t, const Field& f);
  // A list field's entries, each checked to be a map with `allowed` keys.
  std::vector<Node> entries(const Field& f, const std::vector<std::string_view>& allowed,
                                  const std::string& noun);
  // Columns named by a constraint must be the table's (indexes may also
  // name expressions such as lower(email)).
  void check_columns(const Table& t, const Field& f, const std::vector<std::string>& cols,
                     const std::string& what, bool expressions_allowed) const;
  void check_foreign_key_targets() const;
  void check_generated_names() const;

  Reader r_;
  MetaData md_;
  std::vector<TableInfo> tables_;
  std::vector<PendingForeignKey> pending_;
  YAML::Mark naming_mark_;
  // Names given in the document, per table: indexes, and the constraint
  // namespace (primary key, unique, check, foreign key), with their lines.
  std::map<std::string, int> index_names_, constraint_names_;
};

}  // namespace retort::schema_yaml
