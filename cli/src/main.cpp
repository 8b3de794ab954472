// The retort command line. Thin: each command is one call into the libraries;
// errors become one line on stderr and a non-zero exit code (docs/cli.md).
#include <CLI/CLI.hpp>
#include <iostream>

#include "context.hpp"
#include "project.hpp"
#include "retort/engine/error.hpp"
#include "retort_version.hpp"

int main(int argc, char** argv) {
  using namespace retort::cli;
  CLI::App app{"retort: schema migrations for SQLite, PostgreSQL and MySQL/MariaDB", "retort"};
  app.set_version_flag("--version", std::string("retort ") + RETORT_VERSION_STRING);
  Context ctx;
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
  } catch (const retort::migrations::ChecksumMismatch& e) {
    std::cerr << "retort: error: " << e.what() << '\n';
    return kExitChecksum;
  } catch (const retort::migrations::LockTimeout& e) {
    std::cerr << "retort: error: " << e.what() << '\n';
    return kExitLockTimeout;
  } catch (const retort::migrations::MigrationFailed& e) {
    std::cerr << "retort: error: " << e.what() << '\n';
    return kExitMigration;
  } catch (const retort::Error& e) {
    std::cerr << "retort: error: " << e.what() << '\n';
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "retort: internal error: " << e.what() << '\n';
    return kExitError;
  }
}
