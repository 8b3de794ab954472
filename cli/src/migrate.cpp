// What upgrade and downgrade share: options, the MigrationContext run, and the
// output.
#include <CLI/CLI.hpp>
#include <iostream>

#include "project.hpp"
#include "retort/engine/engine.hpp"

namespace retort::cli {

void info(const std::string& line) {
  // One write per line: std::cerr is unbuffered, and an upgrade logs a line per revision.
  std::cerr << ("INFO  [retort.runtime.migration] " + line + '\n');
}

void compare_info(const std::string& line) {
  std::cerr << ("INFO  [retort.autogenerate.compare] " + line + '\n');
}

void add_migrate_options(CLI::App& cmd, MigrateOptions& o, bool upgrade) {
  cmd.add_option("revision", o.target,
                 upgrade ? "Target: head, heads, an id, label@head, +N, ..."
                         : "Target: base, an id, -N, label@base, ...")
      ->required();
  cmd.add_flag("--json", o.json, "Print the result as JSON");
  cmd.add_flag("--sql", o.sql,
               "Offline: print the SQL script for the URL's dialect (start:end ranges)");
  cmd.add_option("--lock-timeout", o.lock_timeout,
                 "Seconds to wait for the migration lock (default 60)")
      ->check(CLI::NonNegativeNumber);
  if (upgrade)
    cmd.add_flag("--ignore-checksums", o.ignore_checksums,
                 "Run even when applied revision files changed since they were applied");
}

int run_migrate(Context& ctx, const MigrateOptions& o, bool upgrade) {
  const auto& config = require_config(ctx);
  auto scripts = load_scripts(config);
  std::vector<std::string> json;
  for_each_database(
      ctx, config, scripts, [&](const TargetDatabase& db, const migrations::ScriptDirectory& own) {
        if (o.sql) {
          auto url = URL::parse(db.url);
          if (!db.name.empty()) std::cout << "-- Database: " << db.name << "\n\n";
          std::cout << migrations::render_offline_sql(config, own, dialect_for(url), o.target,
                                                      upgrade, info);
          return;
        }
        if (!db.name.empty()) info("Migrating database " + db.name);
        migrations::RunOptions ro;
        ro.ignore_checksums = o.ignore_checksums;
        ro.lock_timeout =
            std::chrono::milliseconds(static_cast<std::int64_t>(o.lock_timeout * 1000));
        ro.log = info;
        migrations::MigrationContext mc(config, create_engine(db.url), own, ro);
        auto result = upgrade ? mc.upgrade(o.target) : mc.downgrade(o.target);
        json.push_back(json_run_result(result, db.name));
      });
  if (o.json && !o.sql) std::cout << json_results(json, config.is_multidb()) << '\n';
  return kExitOk;
}

}  // namespace retort::cli
