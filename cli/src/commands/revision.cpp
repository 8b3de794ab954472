// retort revision -m MSG: a new, empty revision file (Alembic's `alembic
// revision`).
#include <CLI/CLI.hpp>

#include "project.hpp"
#include "script_writer.hpp"

namespace retort::cli {

void register_revision(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto spec = std::make_shared<NewRevision>();
  auto head = std::make_shared<std::string>("head");
  auto rev_id = std::make_shared<std::string>();
  auto version_path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("revision", "Create a new revision file");
  cmd->add_option("-m,--message", spec->message, "What the revision does");
  cmd->add_option("--head", *head, "The revision to build on (default: head)");
  cmd->add_flag("--splice", spec->splice, "Allow --head to name a non-head revision");
  cmd->add_option("--branch-label", spec->branch_labels, "Branch label for the new revision");
  cmd->add_option("--depends-on", spec->depends_on, "Revisions this one depends on");
  cmd->add_option("--rev-id", *rev_id, "Revision id instead of a random one");
  cmd->add_option("--version-path", *version_path, "Folder of version_locations to write to");
  cmd->callback([=, &ctx, &run] {
    run = [=, &ctx] {
      const auto& config = require_config(ctx);
      auto scripts = load_scripts(config);
      NewRevision s = *spec;
      s.heads = {*head};
      if (!rev_id->empty()) s.rev_id = *rev_id;
      if (!version_path->empty()) s.version_path = *version_path;
      generate_revision(config, scripts, s);
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
