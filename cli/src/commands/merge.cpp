// retort merge -m MSG REVS...: a revision joining several heads (Alembic's
// `alembic merge`).
#include <CLI/CLI.hpp>

#include "project.hpp"
#include "script_writer.hpp"

namespace retort::cli {

void register_merge(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto spec = std::make_shared<NewRevision>();
  auto revs = std::make_shared<std::vector<std::string>>();
  auto rev_id = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("merge", "Merge two or more heads into one revision");
  cmd->add_option("revisions", *revs, "Revisions to merge (e.g. heads)")->required();
  cmd->add_option("-m,--message", spec->message, "What the merge is for");
  cmd->add_option("--branch-label", spec->branch_labels, "Branch label for the new revision");
  cmd->add_option("--rev-id", *rev_id, "Revision id instead of a random one");
  cmd->callback([=, &ctx, &run] {
    run = [=, &ctx] {
      const auto& config = require_config(ctx);
      auto scripts = load_scripts(config);
      NewRevision s = *spec;
      s.heads = *revs;
      s.splice = true;  // Alembic's merge accepts any revisions
      if (!rev_id->empty()) s.rev_id = *rev_id;
      generate_revision(config, scripts, s);
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
