// retort inspect: reflect the live database and print its schema YAML (or
// JSON), the way `atlas schema inspect` does.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "context.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/engine/schema_yaml.hpp"

namespace retort::cli {

namespace {
struct InspectOptions {
  std::vector<std::string> tables;
  std::vector<std::string> exclude;
  std::optional<std::string> schema;
  std::optional<std::string> output;
  bool json = false;
};
}  // namespace

void register_inspect(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<InspectOptions>();
  auto* cmd = app.add_subcommand("inspect", "Reflect the live database and print its schema YAML");
  cmd->add_option("--table", opts->tables, "Only these tables (repeatable)");
  cmd->add_option("--exclude", opts->exclude, "Leave these tables out (repeatable)");
  cmd->add_option("--schema", opts->schema, "PostgreSQL schema / MySQL database (default: current)");
  cmd->add_option("-o,--output", opts->output, "Write to this file instead of standard output");
  cmd->add_flag("--json", opts->json, "Print JSON instead of YAML");
  cmd->callback([cmd, opts, &ctx, &run] {
    (void)cmd;
    run = [opts, &ctx] {
      auto engine = create_engine(ctx.database_url());
      auto conn = engine.connect();
      ReflectOptions ro;
      ro.schema = opts->schema;
      ro.only = opts->tables;
      ro.exclude = opts->exclude;
      Inspector inspector(conn);
      if (!opts->tables.empty()) {
        auto names = inspector.table_names(opts->schema);
        for (const auto& t : opts->tables)
          if (std::find(names.begin(), names.end(), t) == names.end())
            throw ArgumentError("no table named '" + t + "' in the database " +
                                engine.url().str());
      }
      MetaData md = inspector.reflect(ro);
      conn.rollback();
      std::string text = opts->json ? dump_schema_json(md) : dump_schema_yaml(md);
      if (opts->output) {
        std::ofstream out(*opts->output, std::ios::binary);
        if (!out) throw ArgumentError(*opts->output + ": cannot write the output file");
        out << text;
        if (!out.flush()) throw ArgumentError(*opts->output + ": write failed");
      } else {
        std::cout << text;
      }
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
