// retort history: the revisions, newest first (Alembic's `alembic history`).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "project.hpp"
#include "retort/engine/engine.hpp"
#include "retort/migrations/walk.hpp"

namespace retort::cli {

namespace {
struct HistoryOptions {
  std::string range;
  bool verbose = false;
  bool indicate_current = false;
  bool json = false;
};
}  // namespace

void register_history(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<HistoryOptions>();
  auto* cmd = app.add_subcommand("history", "List revisions in order, newest first");
  cmd->add_option("-r,--rev-range", opts->range, "start:end (either may be empty, or current)");
  cmd->add_flag("-v,--verbose", opts->verbose, "Full details of each revision");
  cmd->add_flag("-i,--indicate-current", opts->indicate_current,
                "Mark the database's current revisions");
  cmd->add_flag("--json", opts->json, "Print JSON");
  cmd->callback([opts, &ctx, &run] {
    run = [opts, &ctx] {
      const auto& config = require_config(ctx);
      auto scripts = load_scripts(config);
      const auto& map = scripts.revision_map();
      std::vector<std::string> current;
      if (opts->indicate_current || opts->range.find("current") != std::string::npos) {
        current = current_heads_of_all(ctx, config, scripts);
      }
      auto revs = opts->range.empty() ? migrations::walk_revisions(map)
                                      : migrations::history(map, opts->range, current);
      auto is_current = [&](const migrations::Revision& r) {
        return opts->indicate_current &&
               std::find(current.begin(), current.end(), r.id) != current.end();
      };
      if (opts->json) {
        std::string out = "[";
        for (std::size_t i = 0; i < revs.size(); ++i)
          out += (i ? ", " : "") + json_revision(map, *revs[i], is_current(*revs[i]));
        std::cout << out << "]\n";
        return kExitOk;
      }
      FormatOptions fo;
      fo.include_branches = fo.include_doc = fo.include_parents = true;
      for (const auto* rev : revs) {
        fo.current = is_current(*rev);
        std::cout << (opts->verbose ? log_entry(map, *rev, fo.current) : head_only(map, *rev, fo))
                  << '\n';
      }
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
