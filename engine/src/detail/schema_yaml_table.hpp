// Internal, shared with retort::migrations (its create_table and add_column
// operations): one table or column of schema YAML read from a node of a
// larger document, so that a revision file reuses the schema format and its
// checks. Errors are SchemaError "source:line:column: problem".
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/schema.hpp"

namespace retort::schema_yaml {

// `value` is a table map as under tables.<name> (columns, indexes, ...);
// `keys_ignored` are keys of `value` that belong to the caller. `text` is the
// whole document the node came from, `source` names it in messages.
Table load_table_node(const std::string& name, const YAML::Node& key, const YAML::Node& value,
                      const std::vector<std::string>& keys_ignored, std::string_view text,
                      const std::string& source);
// One column map ({name: id, type: Integer, ...}) of table `table`.
Column load_column_node(const YAML::Node& node, const std::string& table, std::string_view text,
                        const std::string& source);

}  // namespace retort::schema_yaml
