// Private: what the migration commands share: the config they need, the script
// directory, the Alembic-style one-line and verbose revision formats, and JSON
// output.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "context.hpp"
#include "retort/migrations/revision_map.hpp"
#include "retort/migrations/runtime.hpp"
#include "retort/migrations/script_directory.hpp"

namespace retort::cli {

// Exit codes of the migration commands beyond context.hpp's (docs/cli.md).
inline constexpr int kExitChecksum = 3;     // an applied revision's file changed
inline constexpr int kExitLockTimeout = 4;  // the migration lock was not free in time
inline constexpr int kExitMigration = 5;    // a revision failed while running
inline constexpr int kExitCheck = 6;        // retort check found a problem (docs/check.md)

// The config; ArgumentError when there is none.
const migrations::Config& require_config(Context& ctx);
std::vector<std::filesystem::path> version_locations(const migrations::Config& config);
// The revision files, with their per-database sections checked against the
// config (migrations/multidb.hpp).
migrations::ScriptDirectory load_scripts(const migrations::Config& config);

// A database a command acts on: the project's one database (name empty), or
// the databases of a multidb project that --db picks (all by default), in the
// config's order. --url overrides the url of the one database picked.
struct TargetDatabase {
  std::string name;
  std::string url;
};
std::vector<TargetDatabase> target_databases(Context& ctx, const migrations::Config& config);
// The target databases of a multidb project as autogenerate and check see
// them: each one's single-database config (migrations::database_config),
// and whether it has a model (its own target_metadata, the top level's, or
// the application's compiled-in metadata). ConfigError, naming retort.yaml,
// when a database --db names has no model, or when none has one (`command`,
// "autogenerate" or "check", says what needs them).
struct ModelledDatabase {
  TargetDatabase target;
  migrations::Config config;
  bool has_model = false;
};
std::vector<ModelledDatabase> modelled_databases(Context& ctx, const migrations::Config& config,
                                                 const std::string& command);
// Calls fn for each target database with the scripts it runs (in a multidb
// project, each revision with that database's own operations).
void for_each_database(
    Context& ctx, const migrations::Config& config, const migrations::ScriptDirectory& scripts,
    const std::function<void(const TargetDatabase&, const migrations::ScriptDirectory&)>& fn);

// Alembic's Script._head_only and Script.log_entry.
struct FormatOptions {
  bool include_branches = false;
  bool include_doc = false;
  bool include_parents = false;
  bool tree_indicators = true;
  bool head_indicators = true;
  bool current = false;  // " (current)"
};
std::string head_only(const migrations::RevisionMap& map, const migrations::Revision& rev,
                      const FormatOptions& o);
std::string log_entry(const migrations::RevisionMap& map, const migrations::Revision& rev,
                      bool current);
std::string format_down(const migrations::Revision& rev);  // "<base>" or "a, b"

// JSON.
std::string json_string(std::string_view s);
std::string json_list(const std::vector<std::string>& v);
std::string json_revision(const migrations::RevisionMap& map, const migrations::Revision& rev,
                          bool current);
// {"heads_before": ..., "heads_after": ..., "steps": [...]}; with a database
// name, {"database": name, ...}.
std::string json_run_result(const migrations::RunResult& r, const std::string& database = "");
// One result as it is, or a multidb project's {"databases": [results...]}.
std::string json_results(const std::vector<std::string>& results, bool multidb);

std::string join(const std::vector<std::string>& v, const char* sep = ", ");

// The version-table rows of the database(s) the command acts on, sorted, each
// once.
std::vector<std::string> current_heads_of_all(Context& ctx, const migrations::Config& config,
                                              const migrations::ScriptDirectory& scripts);

}  // namespace retort::cli

namespace CLI {
class App;
}

namespace retort::cli {

// upgrade and downgrade: the same options and the same run.
struct MigrateOptions {
  std::string target;
  bool json = false;
  bool ignore_checksums = false;
  bool sql = false;          // offline: print the SQL instead of running it
  double lock_timeout = 60;  // seconds
};
void add_migrate_options(CLI::App& cmd, MigrateOptions& o, bool upgrade);
int run_migrate(Context& ctx, const MigrateOptions& o, bool upgrade);
// Progress lines on stderr, as Alembic logs them: the runner's
// (retort.runtime.migration), and what autogenerate detects
// (retort.autogenerate.compare).
void info(const std::string& line);
void compare_info(const std::string& line);

}  // namespace retort::cli
