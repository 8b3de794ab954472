// retort show REV: one revision in full (Alembic's `alembic show`).
#include <CLI/CLI.hpp>
#include <iostream>

#include "project.hpp"

namespace retort::cli {

namespace {
struct ShowOptions {
  std::string revision;
  bool json = false;
};
}  // namespace

void register_show(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<ShowOptions>();
  auto* cmd = app.add_subcommand("show", "Show the revision(s) an identifier names");
  cmd->add_option("revision", opts->revision, "An id, head, label@head, ...")->required();
  cmd->add_flag("--json", opts->json, "Print JSON");
  cmd->callback([opts, &ctx, &run] {
    run = [opts, &ctx] {
      auto scripts = load_scripts(require_config(ctx));
      const auto& map = scripts.revision_map();
      std::string json = "[";
      bool first = true;
      for (const auto* rev : map.get_revisions(opts->revision)) {
        if (!rev) continue;  // base
        if (opts->json) {
          json += (first ? "" : ", ") + json_revision(map, *rev, false);
          first = false;
        } else {
          std::cout << log_entry(map, *rev, false);
        }
      }
      if (opts->json) std::cout << json << "]\n";
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
