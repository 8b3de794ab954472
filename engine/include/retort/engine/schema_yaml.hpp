// The schema YAML format (docs/schema-yaml.md): declared model metadata, and
// what `retort inspect` prints. Output is deterministic; dump -> load -> dump
// is byte-identical.
#pragma once

#include <string>
#include <string_view>

#include "retort/engine/schema.hpp"

namespace retort {

// Parses schema YAML. `source` names the file in errors. Throws SchemaError
// with "file:line:column: problem" for syntax errors, unknown keys, unknown
// types, duplicates, dangling foreign keys and out-of-range type arguments.
MetaData parse_schema_yaml(std::string_view text, const std::string& source = "<string>");
MetaData load_schema_yaml(const std::string& path);

std::string dump_schema_yaml(const MetaData& metadata);
// The same document as JSON (for `retort inspect --json`).
std::string dump_schema_json(const MetaData& metadata);

}  // namespace retort
