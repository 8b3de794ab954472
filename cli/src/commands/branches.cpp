// retort branches: the branch points (Alembic's `alembic branches`).
#include <CLI/CLI.hpp>
#include <iostream>

#include "project.hpp"

namespace retort::cli {

namespace {
struct BranchesOptions {
  bool verbose = false;
  bool json = false;
};
}  // namespace

void register_branches(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<BranchesOptions>();
  auto* cmd = app.add_subcommand("branches", "Show the branch points");
  cmd->add_flag("-v,--verbose", opts->verbose, "Full details of each revision");
  cmd->add_flag("--json", opts->json, "Print JSON");
  cmd->callback([opts, &ctx, &run] {
    run = [opts, &ctx] {
      auto scripts = load_scripts(require_config(ctx));
      const auto& map = scripts.revision_map();
      std::string json = "[";
      bool first = true;
      for (const auto& rev : map.revisions()) {
        if (!map.is_branch_point(rev)) continue;
        if (opts->json) {
          json += (first ? "" : ", ") + json_revision(map, rev, false);
          first = false;
          continue;
        }
        FormatOptions fo;
        fo.include_branches = true;
        std::cout << (opts->verbose ? log_entry(map, rev, false) : head_only(map, rev, fo)) << '\n';
        FormatOptions child;
        child.include_branches = true;
        child.include_doc = opts->verbose;
        for (const auto& next : map.next_revisions(rev))
          std::cout << std::string(rev.id.size(), ' ') << " -> "
                    << head_only(map, *map.find(next), child) << '\n';
        std::cout << '\n';
      }
      if (opts->json) std::cout << json << "]\n";
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
