// retort.yaml: what alembic.ini is to Alembic (docs/config.md).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/error.hpp"

namespace retort::migrations {

// A bad retort.yaml: what() is "file:line:column: problem" where it has a place.
class ConfigError : public retort::Error {
 public:
  using retort::Error::Error;
};

// One database of a multidb project (the `databases:` map of retort.yaml):
// `name: url`, or `name: {url: ..., target_metadata: ..., include_tables: ...}`.
struct DatabaseConfig {
  std::string name;  // the key: names the per-database sections of revision files
  std::string url;   // after ${VAR} expansion
  // This database's declared schema and autogenerate filters; unset: the
  // top-level ones apply (database_config).
  std::optional<std::vector<std::string>> target_metadata;
  std::optional<std::string> target_metadata_command;
  std::optional<std::vector<std::string>> include_tables;
  std::optional<std::vector<std::string>> exclude_tables;
  std::optional<std::vector<std::string>> include_schemas;
};

struct Config {
  std::filesystem::path file;                 // the retort.yaml read ("" when none)
  std::filesystem::path root;                 // its folder: relative paths start here
  std::string script_location = "migrations";
  std::optional<std::string> url;             // after ${VAR} expansion
  // A multidb project's databases, in file order; empty for a single-database
  // project (which uses url). The two settings exclude each other.
  std::vector<DatabaseConfig> databases;
  std::vector<std::string> target_metadata;   // schema YAML files
  std::optional<std::string> target_metadata_command;  // or a command printing schema YAML
  // Autogenerate filters (docs/autogenerate.md): table globs, and the
  // PostgreSQL schemas compared besides the default one.
  std::vector<std::string> include_tables;
  std::vector<std::string> exclude_tables;
  std::vector<std::string> include_schemas;
  std::string version_table = "retort_version";
  bool transaction_per_migration = true;
  std::vector<std::string> version_locations;  // empty: <script_location>/versions
  std::string file_template = "%(rev)s_%(slug)s";
  int truncate_slug_length = 40;
  std::map<std::string, std::string> x_arguments;  // -x key=value

  bool is_multidb() const noexcept { return !databases.empty(); }
  bool has_target_metadata() const noexcept {
    return !target_metadata.empty() || target_metadata_command.has_value();
  }
  // A path from the file, made absolute against root.
  std::filesystem::path resolve(const std::string& p) const;
};

// Reads `path`; ConfigError naming file:line:column for bad YAML, unknown
// keys, wrong value types, or a bad ${...} expansion.
Config load_config(const std::filesystem::path& path);

// The config as database `name` of a multidb project sees it, a
// single-database config: its url, and its own target_metadata and filters
// where it gives them, else the top-level ones. ConfigError for a name the
// config does not list.
Config database_config(const Config& config, const std::string& name);

// Finds the config the way the CLI does: explicit path, else $RETORT_CONFIG,
// else ./retort.yaml. Returns std::nullopt when no file is named and
// ./retort.yaml does not exist; ConfigError when a named file is missing.
std::optional<Config> find_config(const std::optional<std::string>& explicit_path);

// Expands ${VAR} and ${VAR:-default} from the environment ($$ is a literal $).
// An unset variable without a default is an error naming it.
std::string expand_env(std::string_view text, const std::string& where);

}  // namespace retort::migrations
