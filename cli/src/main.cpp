// The retort command line. Thin: each command is one call into the libraries.
#include <CLI/CLI.hpp>
#include <iostream>

#include "retort/retort.hpp"
#include "retort_version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"retort: schema migrations for SQLite, PostgreSQL and MySQL/MariaDB", "retort"};
  app.set_version_flag("--version", std::string("retort ") + RETORT_VERSION_STRING);
  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (app.get_subcommands().empty()) {
    std::cout << app.help();
    return 0;
  }
  return 0;
}
