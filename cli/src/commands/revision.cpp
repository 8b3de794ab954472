// retort revision -m MSG: a new revision file (Alembic's `alembic
// revision`); with --autogenerate, its operations come from comparing the
// database with target_metadata (docs/autogenerate.md).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <future>
#include <iostream>
#include <memory>

#include "project.hpp"
#include "retort/migrations/autogenerate.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/multidb.hpp"
#include "script_writer.hpp"

namespace retort::cli {

namespace {

struct AutogenerateFlags {
  bool autogenerate = false;
  bool interactive = false;
};

// Asks on the terminal whether a possible rename is one (in `database` of a
// multidb project, when not empty).
bool ask_rename(const migrations::PossibleRename& r, const std::string& database) {
  std::cerr << "Was column " << r.table << "." << r.from << " renamed to " << r.to
            << (database.empty() ? std::string() : " (database " + database + ")") << "? [y/N] "
            << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

// One database to compare: its config (a multidb project's as database_config
// gives it), its url and the scripts it runs.
struct Compared {
  std::string name;  // "" in a single-database project
  migrations::Config config;
  std::string url;
  const migrations::ScriptDirectory* scripts;
  std::unique_ptr<migrations::ScriptDirectory> own;  // a multidb database's projection
  MetaData declared;
};

// The database must be at every head, or the comparison would repeat what
// pending revisions do.
void require_up_to_date(const Compared& db, const Engine& engine) {
  migrations::MigrationContext mc(db.config, engine, *db.scripts);
  auto heads = mc.current_heads();
  auto want = db.scripts->revision_map().effective_heads();
  std::sort(want.begin(), want.end());
  if (heads != want)
    throw migrations::RevisionError(
        "Target database " + (db.name.empty() ? std::string() : db.name + " ") +
        "is not up to date: it is at " + (heads.empty() ? std::string("base") : join(heads)) +
        ", the heads are " + (want.empty() ? std::string("base") : join(want)) +
        " (run retort upgrade heads first)");
}

// A database's live schema, reflected.
struct Live {
  Engine engine;
  MetaData schema;
  migrations::AutogenerateOptions options;
};

// On the engine the heads were read with: its pooled connection has already
// read the catalog (SQLite parses the whole schema once per connection).
void reflect(const Compared& db, Live& live) {
  auto conn = live.engine.connect();
  live.schema = migrations::reflect_live_schema(conn, db.config, live.options);
  conn.rollback();
}

migrations::SchemaDiff compare(const Compared& db, Live& live, bool interactive) {
  auto& options = live.options;
  if (interactive)
    options.confirm_rename = [name = db.name](const migrations::PossibleRename& r) {
      return ask_rename(r, name);
    };
  if (!db.name.empty()) info("Comparing database " + db.name);
  auto diff = migrations::compare_schema(db.declared, live.schema, live.engine.dialect(), options);
  for (const auto& c : diff.changes) compare_info("Detected " + c.describe());
  for (const auto& n : diff.notes) compare_info("Note: " + n);
  if (diff.empty()) compare_info("No changes in schema detected.");
  return diff;
}

// The databases of a multidb project that are compared: those --db picks (all
// by default) that have a model. A database --db names must have one; one it
// does not name is skipped with a note.
std::vector<Compared> multidb_targets(Context& ctx, const migrations::Config& config,
                                      const migrations::ScriptDirectory& scripts) {
  std::vector<Compared> out;
  for (auto& m : modelled_databases(ctx, config, "autogenerate")) {
    if (!m.has_model) {
      info("Database " + m.target.name +
           " has no target_metadata: not compared (its sections stay empty)");
      continue;
    }
    auto own = std::make_unique<migrations::ScriptDirectory>(
        migrations::database_scripts(scripts, m.target.name));
    const auto* projected = own.get();
    out.push_back({m.target.name, std::move(m.config), m.target.url, projected, std::move(own), {}});
  }
  return out;
}

// The operations for the new revision: each database (at every head)
// compared with its target_metadata.
std::string autogenerate(Context& ctx, const migrations::Config& config,
                         const migrations::ScriptDirectory& scripts, bool interactive) {
  if (interactive && !::isatty(STDIN_FILENO))
    throw ArgumentError("--interactive asks about possible renames on a terminal, and stdin is "
                        "not one");
  std::vector<Compared> dbs;
  if (config.is_multidb())
    dbs = multidb_targets(ctx, config, scripts);
  else
    dbs.push_back({"", config, ctx.database_url(), &scripts, nullptr, {}});
  // Every model loaded and every database checked before anything is
  // compared. The models load on a second thread while the databases are
  // checked and reflected: neither needs the other, so on two cores the wall
  // time is about the longer of the two (docs/benchmarks.md, autogenerate).
  auto models = std::async(std::launch::async, [&ctx, &dbs] {
    for (auto& db : dbs) db.declared = ctx.target_metadata(db.config);
  });
  std::vector<Live> lives;
  std::exception_ptr failed;
  try {
    for (const auto& db : dbs) {
      lives.push_back({create_engine(db.url), {}, migrations::autogenerate_options(db.config)});
      require_up_to_date(db, lives.back().engine);
    }
    for (std::size_t i = 0; i < dbs.size(); ++i) reflect(dbs[i], lives[i]);
  } catch (...) {
    failed = std::current_exception();
  }
  models.get();  // a model's error first, then the database's
  if (failed) std::rethrow_exception(failed);
  if (!config.is_multidb()) {
    const auto diff = compare(dbs.front(), lives.front(), interactive);
    std::string text;
    for (const auto& n : diff.notes) text += "# note: " + n + "\n";
    return text + migrations::render_operations(diff);
  }
  std::vector<std::pair<std::string, migrations::SchemaDiff>> diffs;
  for (const auto& d : config.databases) diffs.push_back({d.name, {}});
  for (std::size_t i = 0; i < dbs.size(); ++i)
    for (auto& [name, diff] : diffs)
      if (name == dbs[i].name) diff = compare(dbs[i], lives[i], interactive);
  std::string text;
  for (const auto& [name, diff] : diffs)
    for (const auto& n : diff.notes) text += "# note: " + name + ": " + n + "\n";
  return text + migrations::render_database_operations(diffs);
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
