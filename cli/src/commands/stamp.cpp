// retort stamp REV...: set the version table without running anything.
#include <CLI/CLI.hpp>
#include <iostream>

#include "project.hpp"
#include "retort/engine/engine.hpp"

namespace retort::cli {

namespace {
struct StampOptions {
  std::vector<std::string> revisions;
  bool purge = false;
  bool json = false;
  double lock_timeout = 60;
};
}  // namespace

void register_stamp(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<StampOptions>();
  auto* cmd = app.add_subcommand("stamp", "Set the version table to revisions, running nothing");
  cmd->add_option("revisions", opts->revisions, "Revisions (head, heads, ids, base)")->required();
  cmd->add_flag("--purge", opts->purge, "Empty the version table first");
  cmd->add_flag("--json", opts->json, "Print the result as JSON");
  cmd->add_option("--lock-timeout", opts->lock_timeout, "Seconds to wait for the migration lock");
  cmd->callback([opts, &ctx, &run] {
    run = [opts, &ctx] {
      const auto& config = require_config(ctx);
      auto scripts = load_scripts(config);
      migrations::RunOptions ro;
      ro.lock_timeout =
          std::chrono::milliseconds(static_cast<std::int64_t>(opts->lock_timeout * 1000));
      ro.log = info;
      migrations::MigrationContext mc(config, create_engine(ctx.database_url()), scripts, ro);
      auto r = mc.stamp(opts->revisions, opts->purge);
      if (opts->json) std::cout << json_run_result(r) << '\n';
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
