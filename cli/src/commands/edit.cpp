// retort edit [REV]: open a revision file in $VISUAL or $EDITOR (Alembic's
// `alembic edit`).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "project.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"
#include "retort/migrations/errors.hpp"
#include "subprocess.hpp"

namespace retort::cli {

namespace {
struct EditOptions {
  std::string revision = "head";
};

struct Editor {
  std::string variable;  // "VISUAL" or "EDITOR"
  std::string command;   // may hold arguments, as in "code --wait"
};

// $VISUAL, else $EDITOR.
Editor find_editor(const std::filesystem::path& file) {
  for (const char* var : {"VISUAL", "EDITOR"}) {
    const char* v = std::getenv(var);
    if (v && *v) return {var, v};
  }
  throw ArgumentError("no editor to open " + file.string() +
                      ": set $VISUAL or $EDITOR (for example EDITOR=vi)");
}

void open_in_editor(const std::filesystem::path& file) {
  const Editor editor = find_editor(file);
  // The program is the first word; a missing one is our one-line error rather
  // than the shell's.
  std::string program = editor.command.substr(0, editor.command.find_first_of(" \t"));
  if (!find_program(program))
    throw ArgumentError("editor '" + program + "' (from $" + editor.variable +
                        ") was not found; cannot edit " + file.string());
  // Through the shell, as git runs $EDITOR, so that arguments in it work; the
  // file is passed as "$1", never spliced into the command.
  int status = run_program({"/bin/sh", "-c", editor.command + " \"$1\"", "sh", file.string()});
  if (status == 0) return;
  std::string why = status < 0 ? std::string("could not be started")
                               : "exited with status " + std::to_string(status);
  throw ArgumentError("editor '" + editor.command + "' (from $" + editor.variable + ") " + why +
                      " while editing " + file.string());
}
}  // namespace

void register_edit(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<EditOptions>();
  auto* cmd = app.add_subcommand("edit", "Open a revision file in $VISUAL or $EDITOR");
  cmd->add_option("revision", opts->revision,
                  "The revision: an id, head (the default), heads, label@head, current, ...");
  cmd->callback([opts, &ctx, &run] {
    run = [opts, &ctx] {
      const auto& config = require_config(ctx);
      auto scripts = load_scripts(config);
      const auto& map = scripts.revision_map();
      std::vector<const migrations::Revision*> revs;
      if (opts->revision == "current") {
        for (const auto& h : current_heads_of_all(ctx, config, scripts)) {
          const auto* rev = map.find(h);
          if (!rev)
            throw migrations::RevisionNotFound("the version table holds '" + h +
                                               "', which no revision file has");
          revs.push_back(rev);
        }
        if (revs.empty())
          throw migrations::RevisionError("no current revisions: the database is at base");
      } else {
        for (const auto* rev : map.get_revisions(opts->revision))
          if (rev) revs.push_back(rev);
        if (revs.empty())
          throw migrations::RevisionError("no revision files indicated by '" + opts->revision +
                                          "'");
      }
      for (const auto* rev : revs) open_in_editor(rev->path);
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
