// retort stamp REV...: set the version table without running anything.
#include "retort/migrations/stamp.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "project.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"

namespace retort::cli {

namespace {
struct StampOptions {
  std::vector<std::string> revisions;
  bool purge = false;
  bool json = false;
  bool sql = false;
  double lock_timeout = 60;
};
}  // namespace

void register_stamp(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<StampOptions>();
  auto* cmd = app.add_subcommand("stamp", "Set the version table to revisions, running nothing");
  cmd->add_option("revisions", opts->revisions, "Revisions (head, heads, ids, base)")->required();
  cmd->add_flag("--purge", opts->purge, "Empty the version table first");
  cmd->add_flag("--json", opts->json, "Print the result as JSON");
  cmd->add_flag("--sql", opts->sql,
                "Offline: print the version-table SQL for the URL's dialect (START:REV)");
  cmd->add_option("--lock-timeout", opts->lock_timeout, "Seconds to wait for the migration lock");
  cmd->callback([opts, &ctx, &run] {
    run = [opts, &ctx] {
      const auto& config = require_config(ctx);
      auto scripts = load_scripts(config);
      if (opts->sql && opts->purge) throw ArgumentError("--purge cannot be used with --sql");
      std::vector<std::string> json;
      for_each_database(
          ctx, config, scripts,
          [&](const TargetDatabase& db, const migrations::ScriptDirectory& own) {
            if (opts->sql) {
              auto url = URL::parse(db.url);
              if (!db.name.empty()) std::cout << "-- Database: " << db.name << "\n\n";
              std::cout << migrations::render_offline_stamp_sql(config, own, dialect_for(url),
                                                                opts->revisions, info);
              return;
            }
            if (!db.name.empty()) info("Stamping database " + db.name);
            migrations::RunOptions ro;
            ro.lock_timeout =
                std::chrono::milliseconds(static_cast<std::int64_t>(opts->lock_timeout * 1000));
            ro.log = info;
            migrations::MigrationContext mc(config, create_engine(db.url), own, ro);
            json.push_back(json_run_result(mc.stamp(opts->revisions, opts->purge), db.name));
          });
      if (opts->json && !opts->sql) std::cout << json_results(json, config.is_multidb()) << '\n';
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
