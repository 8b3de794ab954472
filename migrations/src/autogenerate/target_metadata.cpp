// What autogenerate compares: the declared schema of retort.yaml's
// target_metadata (schema YAML files, or a command printing schema YAML), and
// the live schema reflected with the same filters.
#include <sys/wait.h>

#include <cstdio>
#include <map>

#include "retort/engine/engine.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/engine/schema_yaml.hpp"
#include "retort/migrations/autogenerate.hpp"

namespace retort::migrations {

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string run_command(const Config& config, const std::string& command) {
  const std::string what = "target_metadata command '" + command + "'";
  const std::string line = "cd " + shell_quote(config.root.string()) + " && " + command;
  FILE* pipe = ::popen(line.c_str(), "r");
  if (!pipe) throw ConfigError(what + ": cannot be started");
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  if (status == -1) throw ConfigError(what + ": cannot be waited for");
  if (WIFSIGNALED(status))
    throw ConfigError(what + " was killed by signal " + std::to_string(WTERMSIG(status)));
  if (WEXITSTATUS(status) != 0)
    throw ConfigError(what + " failed with exit status " + std::to_string(WEXITSTATUS(status)));
  if (out.empty()) throw ConfigError(what + " printed nothing (expected schema YAML)");
  return out;
}

std::string history_table_name(const std::string& version_table) {
  return version_table == "retort_version" ? "retort_history" : version_table + "_history";
}

}  // namespace

MetaData load_target_metadata(const Config& config) {
  if (config.target_metadata_command)
    return parse_schema_yaml(run_command(config, *config.target_metadata_command),
                             "output of target_metadata command '" +
                                 *config.target_metadata_command + "'");
  if (config.target_metadata.empty())
    throw ConfigError((config.file.empty() ? std::string("retort.yaml") : config.file.string()) +
                      ": target_metadata is not set: autogenerate compares the database with "
                      "the declared schema (schema YAML files, or {command: ...})");
  // One file: its MetaData as it is (merging copies every table).
  if (config.target_metadata.size() == 1)
    return load_schema_yaml(config.resolve(config.target_metadata.front()).string());
  MetaData merged;
  std::map<std::string, std::string> origin;  // table -> file
  bool first = true;
  for (const auto& f : config.target_metadata) {
    const std::string path = config.resolve(f).string();
    MetaData md = load_schema_yaml(path);
    if (first) {
      merged.schema = md.schema;
      merged.naming_convention = md.naming_convention;
      first = false;
    }
    for (const auto& t : md.tables()) {
      Table copy = *t;
      if (!copy.schema && md.schema != merged.schema) copy.schema = md.schema;
      const std::string key = (copy.schema ? *copy.schema + "." : "") + copy.name;
      if (auto it = origin.find(key); it != origin.end())
        throw ConfigError("table '" + key + "' is declared in both " + it->second + " and " +
                          path);
      origin[key] = path;
      merged.add_table(std::move(copy));
    }
  }
  return merged;
}

AutogenerateOptions autogenerate_options(const Config& config) {
  AutogenerateOptions o;
  o.include_tables = config.include_tables;
  o.exclude_tables = config.exclude_tables;
  o.include_schemas = config.include_schemas;
  o.ignore_tables = {config.version_table, history_table_name(config.version_table)};
  return o;
}

MetaData reflect_live_schema(Connection& conn, const Config& config,
                             AutogenerateOptions& options) {
  Inspector inspector(conn);
  options.default_schema = inspector.default_schema_name();
  ReflectOptions ro;
  ro.exclude = options.ignore_tables;
  MetaData md = inspector.reflect(ro);
  const Reflector& refl = reflector(conn.dialect());
  // The enum types of a schema, each with the relations that use it.
  auto add_enums = [&](const std::optional<std::string>& schema) {
    const std::size_t first = options.live_enums.size();
    for (auto& [name, values] : refl.enums(conn, schema))
      options.live_enums.push_back({schema, std::move(name), std::move(values), {}});
    for (auto& [type, user] : refl.enum_users(conn, schema))
      for (std::size_t i = first; i < options.live_enums.size(); ++i)
        if (options.live_enums[i].name == type)
          options.live_enums[i].used_by.emplace_back(
              user.first == options.default_schema ? std::nullopt
                                                   : std::optional<std::string>(user.first),
              user.second);
  };
  add_enums(std::nullopt);
  for (const auto& schema : config.include_schemas) {
    if (schema == options.default_schema) continue;  // reflected above, without a schema
    ReflectOptions so = ro;
    so.schema = schema;
    MetaData other = inspector.reflect(so);
    for (const auto& t : other.tables()) {
      Table copy = *t;
      copy.schema = schema;
      if (!md.table(copy.name, schema)) md.add_table(std::move(copy));
    }
    add_enums(schema);
  }
  return md;
}

}  // namespace retort::migrations
