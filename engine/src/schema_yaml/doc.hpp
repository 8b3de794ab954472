// The schema document as a small tree, built once from a MetaData and then
// written as YAML or as JSON, so that both have exactly the same structure.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "retort/engine/schema.hpp"

namespace retort::schema_yaml {

struct Doc {
  enum class Kind { Null, Bool, Int, Number, Str, List, Map };
  Kind kind = Kind::Null;
  std::string text;        // scalars: "true", "42", "1.5", or the string itself
  std::vector<Doc> items;  // List
  std::vector<std::pair<std::string, Doc>> entries;  // Map, in output order
  bool flow = false;                                 // YAML: on one line ({...} or [...])

  static Doc null() { return {}; }
  static Doc boolean(bool b) { return {Kind::Bool, b ? "true" : "false", {}, {}, false}; }
  static Doc integer(std::string t) { return {Kind::Int, std::move(t), {}, {}, false}; }
  static Doc number(std::string t) { return {Kind::Number, std::move(t), {}, {}, false}; }
  static Doc str(std::string s) { return {Kind::Str, std::move(s), {}, {}, false}; }
  static Doc list(bool flow) { return {Kind::List, {}, {}, {}, flow}; }
  static Doc map(bool flow) { return {Kind::Map, {}, {}, {}, flow}; }

  Doc& add(std::string key, Doc value) {
    entries.emplace_back(std::move(key), std::move(value));
    return entries.back().second;
  }
  bool is_scalar() const { return kind != Kind::List && kind != Kind::Map; }
  bool empty_container() const { return items.empty() && entries.empty(); }
};

// The document for `metadata` (docs/schema-yaml.md: key order, omitted defaults).
Doc to_doc(const MetaData& metadata);

// One column ({name, type, ...}, flow style) and one table (the map under
// tables.<name>), as the document writes them. Shared with
// retort::migrations, whose autogenerate writes operations in this format.
Doc column_doc(const Column& column, bool in_primary_key);
Doc table_doc(const Table& table, const MetaData& metadata);

std::string emit_yaml(const Doc& doc);
std::string emit_json(const Doc& doc);

// "schema.table(col1,col2)": the foreign-key target as schema YAML writes it.
// Names with '.', '(', ')', ',', '"' or edge spaces are double-quoted.
std::string format_references(const ForeignKeyConstraint& fk);
struct References {
  std::optional<std::string> schema;
  std::string table;
  std::vector<std::string> columns;
};
// ArgumentError with the problem for text that is not table(col, ...).
References parse_references(std::string_view text);

}  // namespace retort::schema_yaml
