// retort revision -m MSG: a new revision file (Alembic's `alembic
// revision`); with --autogenerate, its operations come from comparing the
// database with target_metadata (docs/autogenerate.md).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <iostream>

#include "project.hpp"
#include "retort/migrations/autogenerate.hpp"
#include "retort/migrations/errors.hpp"
#include "script_writer.hpp"

namespace retort::cli {

namespace {

struct AutogenerateFlags {
  bool autogenerate = false;
  bool interactive = false;
};

// Asks on the terminal whether a possible rename is one.
bool ask_rename(const migrations::PossibleRename& r) {
  std::cerr << "Was column " << r.table << "." << r.from << " renamed to " << r.to
            << "? [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

// The operations for the new revision: the database (at every head) compared
// with target_metadata.
std::string autogenerate(Context& ctx, const migrations::Config& config,
                         const migrations::ScriptDirectory& scripts, bool interactive) {
  if (interactive && !::isatty(STDIN_FILENO))
    throw ArgumentError("--interactive asks about possible renames on a terminal, and stdin is "
                        "not one");
  if (config.is_multidb())
    throw ArgumentError("--autogenerate does not handle multidb projects yet (one model per "
                        "database is not configurable): write the per-database operations by hand");
  const auto declared = ctx.target_metadata(config);
  auto engine = create_engine(ctx.database_url());
  {
    migrations::MigrationContext mc(config, engine, scripts);
    auto heads = mc.current_heads();
    auto want = scripts.revision_map().effective_heads();
    std::sort(want.begin(), want.end());
    if (heads != want)
      throw migrations::RevisionError(
          "Target database is not up to date: it is at " +
          (heads.empty() ? std::string("base") : join(heads)) + ", the heads are " +
          (want.empty() ? std::string("base") : join(want)) + " (run retort upgrade heads first)");
  }
  auto conn = engine.connect();
  auto options = migrations::autogenerate_options(config);
  const auto live = migrations::reflect_live_schema(conn, config, options);
  conn.rollback();
  if (interactive) options.confirm_rename = ask_rename;
  const auto diff = migrations::compare_schema(declared, live, conn.dialect(), options);
  for (const auto& c : diff.changes) info("Detected " + c.describe());
  for (const auto& n : diff.notes) info("Note: " + n);
  if (diff.empty()) info("No changes in schema detected.");
  std::string text;
  for (const auto& n : diff.notes) text += "# note: " + n + "\n";
  return text + migrations::render_operations(diff);
}

}  // namespace

void register_revision(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto spec = std::make_shared<NewRevision>();
  auto head = std::make_shared<std::string>("head");
  auto rev_id = std::make_shared<std::string>();
  auto version_path = std::make_shared<std::string>();
  auto flags = std::make_shared<AutogenerateFlags>();
  auto* cmd = app.add_subcommand("revision", "Create a new revision file");
  cmd->add_option("-m,--message", spec->message, "What the revision does");
  cmd->add_option("--head", *head, "The revision to build on (default: head)");
  cmd->add_flag("--splice", spec->splice, "Allow --head to name a non-head revision");
  cmd->add_option("--branch-label", spec->branch_labels, "Branch label for the new revision");
  cmd->add_option("--depends-on", spec->depends_on, "Revisions this one depends on");
  cmd->add_option("--rev-id", *rev_id, "Revision id instead of a random one");
  cmd->add_option("--version-path", *version_path, "Folder of version_locations to write to");
  cmd->add_flag("--autogenerate", flags->autogenerate,
                "Fill in the operations by comparing the database with target_metadata");
  cmd->add_flag("--interactive", flags->interactive,
                "With --autogenerate: ask on the terminal about possible column renames");
  cmd->callback([=, &ctx, &run] {
    run = [=, &ctx] {
      const auto& config = require_config(ctx);
      auto scripts = load_scripts(config);
      NewRevision s = *spec;
      s.heads = {*head};
      if (!rev_id->empty()) s.rev_id = *rev_id;
      if (!version_path->empty()) s.version_path = *version_path;
      if (flags->interactive && !flags->autogenerate)
        throw ArgumentError("--interactive goes with --autogenerate");
      if (flags->autogenerate) s.operations = autogenerate(ctx, config, scripts, flags->interactive);
      generate_revision(config, scripts, s);
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
