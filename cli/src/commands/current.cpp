// retort current: the revisions in the version table (Alembic's `alembic
// current`).
#include <CLI/CLI.hpp>
#include <iostream>

#include "project.hpp"
#include "retort/engine/engine.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::cli {

namespace {
struct CurrentOptions {
  bool verbose = false;
  bool check_heads = false;
  bool json = false;
};
}  // namespace

void register_current(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<CurrentOptions>();
  auto* cmd = app.add_subcommand("current", "Show the current revision(s) of the database");
  cmd->add_flag("-v,--verbose", opts->verbose, "Full details of each revision");
  cmd->add_flag("--check-heads", opts->check_heads, "Fail unless the database is at the heads");
  cmd->add_flag("--json", opts->json, "Print JSON");
  cmd->callback([opts, &ctx, &run] {
    run = [opts, &ctx] {
      const auto& config = require_config(ctx);
      auto scripts = load_scripts(config);
      const auto& map = scripts.revision_map();
      migrations::MigrationContext mc(config, create_engine(ctx.database_url()), scripts);
      auto heads = mc.current_heads();
      std::vector<const migrations::Revision*> revs;
      for (const auto& h : heads) {
        const auto* rev = map.find(h);
        if (!rev)
          throw migrations::RevisionNotFound("the version table " + config.version_table +
                                             " holds '" + h + "', which no revision file has");
        revs.push_back(rev);
      }
      if (opts->check_heads) {
        auto want = map.effective_heads();
        std::sort(want.begin(), want.end());
        if (want != heads)
          throw migrations::RevisionError("the database is not at the heads: it is at " +
                                          (heads.empty() ? std::string("base") : join(heads)) +
                                          ", the heads are " + join(want));
      }
      if (opts->json) {
        std::string out = "{\"current\": [";
        for (std::size_t i = 0; i < revs.size(); ++i)
          out += (i ? ", " : "") + json_revision(map, *revs[i], true);
        std::cout << out << "]}\n";
        return kExitOk;
      }
      for (const auto* rev : revs)
        std::cout << (opts->verbose ? log_entry(map, *rev, false) : head_only(map, *rev, {}))
                  << '\n';
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
