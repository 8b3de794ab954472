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
      std::vector<std::string> json;
      for_each_database(
          ctx, config, scripts,
          [&](const TargetDatabase& db, const migrations::ScriptDirectory& own) {
            migrations::MigrationContext mc(config, create_engine(db.url), own);
            auto heads = mc.current_heads();
            const std::string where = db.name.empty() ? "" : "database " + db.name + ": ";
            std::vector<const migrations::Revision*> revs;
            for (const auto& h : heads) {
              const auto* rev = map.find(h);
              if (!rev)
                throw migrations::RevisionNotFound(where + "the version table " +
                                                   config.version_table + " holds '" + h +
                                                   "', which no revision file has");
              revs.push_back(rev);
            }
            if (opts->check_heads) {
              auto want = map.effective_heads();
              std::sort(want.begin(), want.end());
              if (want != heads)
                throw migrations::RevisionError(
                    where + "the database is not at the heads: it is at " +
                    (heads.empty() ? std::string("base") : join(heads)) + ", the heads are " +
                    join(want));
            }
            if (opts->json) {
              std::string out =
                  db.name.empty() ? "{" : "{\"database\": " + json_string(db.name) + ", ";
              out += "\"current\": [";
              for (std::size_t i = 0; i < revs.size(); ++i)
                out += (i ? ", " : "") + json_revision(map, *revs[i], true);
              json.push_back(out + "]}");
              return;
            }
            const std::string prefix = db.name.empty() ? "" : db.name + ": ";
            for (const auto* rev : revs)
              std::cout << prefix
                        << (opts->verbose ? log_entry(map, *rev, false) : head_only(map, *rev, {}))
                        << '\n';
          });
      if (opts->json) std::cout << json_results(json, config.is_multidb()) << '\n';
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
