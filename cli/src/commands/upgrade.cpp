// retort upgrade REV: run revisions up to REV (Alembic's `alembic upgrade`).
#include <CLI/CLI.hpp>

#include "project.hpp"

namespace retort::cli {

void register_upgrade(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<MigrateOptions>();
  auto* cmd = app.add_subcommand("upgrade", "Upgrade to a later revision");
  add_migrate_options(*cmd, *opts, true);
  cmd->callback(
      [opts, &ctx, &run] { run = [opts, &ctx] { return run_migrate(ctx, *opts, true); }; });
}

}  // namespace retort::cli
