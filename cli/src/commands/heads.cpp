// retort heads: the head revisions of the scripts (Alembic's `alembic heads`).
#include <CLI/CLI.hpp>
#include <iostream>

#include "project.hpp"

namespace retort::cli {

namespace {
struct HeadsOptions {
  bool verbose = false;
  bool resolve_dependencies = false;
  bool json = false;
};
}  // namespace

void register_heads(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<HeadsOptions>();
  auto* cmd = app.add_subcommand("heads", "Show the current head revisions of the scripts");
  cmd->add_flag("-v,--verbose", opts->verbose, "Full details of each revision");
  cmd->add_flag("--resolve-dependencies", opts->resolve_dependencies,
                "Treat depends_on as down revisions (effective heads only)");
  cmd->add_flag("--json", opts->json, "Print JSON");
  cmd->callback([opts, &ctx, &run] {
    run = [opts, &ctx] {
      auto scripts = load_scripts(require_config(ctx));
      const auto& map = scripts.revision_map();
      auto ids = opts->resolve_dependencies ? map.effective_heads() : map.heads();
      if (opts->json) {
        std::string out = "[";
        for (std::size_t i = 0; i < ids.size(); ++i)
          out += (i ? ", " : "") + json_revision(map, *map.find(ids[i]), false);
        std::cout << out << "]\n";
        return kExitOk;
      }
      FormatOptions fo;
      fo.include_branches = true;
      fo.tree_indicators = false;
      for (const auto& id : ids) {
        const auto& rev = *map.find(id);
        std::cout << (opts->verbose ? log_entry(map, rev, false) : head_only(map, rev, fo)) << '\n';
      }
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
