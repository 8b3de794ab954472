// The schema YAML format's entry points (docs/schema-yaml.md).
#include "retort/engine/schema_yaml.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "retort/engine/error.hpp"
#include "schema_yaml/doc.hpp"
#include "schema_yaml/loader.hpp"

namespace retort {

MetaData parse_schema_yaml(std::string_view text, const std::string& source) {
  return schema_yaml::Loader(text, source).load();
}

MetaData load_schema_yaml(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SchemaError(path + ": cannot read: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_schema_yaml(text.str(), path);
}

std::string dump_schema_yaml(const MetaData& metadata) {
  return schema_yaml::emit_yaml(schema_yaml::to_doc(metadata));
}

std::string dump_schema_json(const MetaData& metadata) {
  return schema_yaml::emit_json(schema_yaml::to_doc(metadata));
}

}  // namespace retort
