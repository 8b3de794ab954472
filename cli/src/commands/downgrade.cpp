// retort downgrade REV: run downgrades back to REV (Alembic's `alembic
// downgrade`).
#include <CLI/CLI.hpp>

#include "project.hpp"

namespace retort::cli {

void register_downgrade(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<MigrateOptions>();
  auto* cmd = app.add_subcommand("downgrade", "Revert to a previous revision");
  add_migrate_options(*cmd, *opts, false);
  cmd->callback(
      [opts, &ctx, &run] { run = [opts, &ctx] { return run_migrate(ctx, *opts, false); }; });
}

}  // namespace retort::cli
