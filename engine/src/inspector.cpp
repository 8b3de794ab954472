// Inspector: SQLAlchemy's inspect(engine) in short, over the dialect's
// batched Reflector.
#include "retort/engine/inspector.hpp"

#include <algorithm>

#include "retort/engine/engine.hpp"

namespace retort {

Inspector::Inspector(Connection& conn) : conn_(conn) {}

std::string Inspector::default_schema_name() {
  return reflector(conn_.dialect()).default_schema_name(conn_);
}

std::vector<std::string> Inspector::table_names(const std::optional<std::string>& schema) {
  return reflector(conn_.dialect()).table_names(conn_, schema);
}

bool Inspector::has_table(const std::string& name, const std::optional<std::string>& schema) {
  const auto names = table_names(schema);
  return std::find(names.begin(), names.end(), name) != names.end();
}

MetaData Inspector::reflect(const ReflectOptions& options) {
  return reflector(conn_.dialect()).reflect(conn_, options);
}

std::optional<Table> Inspector::table(const std::string& name,
                                      const std::optional<std::string>& schema) {
  // Asked for one table, the reflector also brings the tables it refers to;
  // only the one asked for is returned.
  if (!has_table(name, schema)) return std::nullopt;
  ReflectOptions options;
  options.schema = schema;
  options.only = {name};
  MetaData md = reflect(options);
  const Table* t = md.table(name, schema);
  if (!t) return std::nullopt;  // dropped between the two queries
  return *t;
}

}  // namespace retort
