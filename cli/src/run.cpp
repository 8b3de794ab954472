// The retort command line (retort/cli/run.hpp). Thin: each command is one
// call into the libraries; errors become one line on stderr and a non-zero
// exit code (docs/cli.md).
#include "retort/cli/run.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "context.hpp"
#include "project.hpp"
#include "retort/engine/error.hpp"
#include "retort_version.hpp"

namespace retort::cli {

namespace {

int run_with(int argc, char** argv, const MetaData* metadata) {
  CLI::App app{"retort: schema migrations for SQLite, PostgreSQL and MySQL/MariaDB", "retort"};
  app.set_version_flag("--version", std::string("retort ") + RETORT_VERSION_STRING);
  Context ctx;
  ctx.metadata = metadata;
  app.add_option("-c,--config", ctx.config_path,
                 "Config file (default: $RETORT_CONFIG, else ./retort.yaml)");
  app.add_option("--url", ctx.url, "Database URL; overrides the config's url");
  app.add_option("-x", ctx.x_args, "key=value passed to migrations (repeatable)");
  app.add_option("--db", ctx.db_names,
                 "Multidb projects: act on this database only (repeatable; default: all)");
  app.require_subcommand(0, 1);
  app.fallthrough();  // global options may come after the command, as with alembic

  std::function<int()> run;
  for (auto reg : commands()) reg(app, ctx, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (!run) {
    std::cout << app.help();
    return kExitOk;
  }
  try {
    return run();
  } catch (const migrations::ChecksumMismatch& e) {
    std::cerr << "retort: error: " << e.what() << '\n';
    return kExitChecksum;
  } catch (const migrations::LockTimeout& e) {
    std::cerr << "retort: error: " << e.what() << '\n';
    return kExitLockTimeout;
  } catch (const migrations::MigrationFailed& e) {
    std::cerr << "retort: error: " << e.what() << '\n';
    return kExitMigration;
  } catch (const Error& e) {
    std::cerr << "retort: error: " << e.what() << '\n';
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "retort: internal error: " << e.what() << '\n';
    return kExitError;
  }
}

}  // namespace

int run(int argc, char** argv) { return run_with(argc, argv, nullptr); }

int run(int argc, char** argv, const MetaData& metadata) {
  return run_with(argc, argv, &metadata);
}

}  // namespace retort::cli
