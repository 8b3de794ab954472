// retort check: whether the database at the heads matches target_metadata
// (Alembic's `alembic check`), plus several heads, applied revision files
// that changed, and the lint of pending revisions; --roundtrip runs every
// revision up, down and up again on a scratch database (docs/check.md).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <future>
#include <iostream>
#include <optional>

#include "project.hpp"
#include "retort/engine/engine.hpp"
#include "retort/migrations/autogenerate.hpp"
#include "retort/migrations/check.hpp"
#include "retort/migrations/multidb.hpp"

namespace retort::cli {

namespace {

struct CheckFlags {
  bool json = false;
  bool strict = false;
  bool roundtrip = false;
  std::string scratch;  // --scratch URL: where pending revisions are run for the comparison
};

// A temporary SQLite file, removed when this goes out of scope.
class TempSqlite {
 public:
  TempSqlite() {
    path_ = std::filesystem::temp_directory_path() /
            ("retort-check-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++) +
             ".db");
    std::filesystem::remove(path_);
  }
  ~TempSqlite() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  std::string url() const { return "sqlite:///" + path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

std::string json_change(const migrations::SchemaChange& c) {
  return "{\"kind\": " + json_string(migrations::change_kind_name(c.kind)) +
         ", \"table\": " + json_string(c.table) + ", \"object\": " + json_string(c.object) +
         ", \"detail\": " + json_string(c.detail) + ", \"description\": " +
         json_string(c.describe()) + "}";
}

std::string json_finding(const migrations::LintFinding& f) {
  return std::string("{\"id\": ") + json_string(f.id) + ", \"title\": " + json_string(f.title) +
         ", \"revision\": " + json_string(f.revision) + ", \"location\": " +
         json_string(f.location) + ", \"message\": " + json_string(f.message) +
         ", \"acknowledged\": " + (f.acknowledged ? "true" : "false") + "}";
}

template <class T, class F>
std::string json_array(const std::vector<T>& v, F&& each) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + each(v[i]);
  return out + "]";
}

std::string json_roundtrip(const migrations::RoundtripResult& result, const std::string& database) {
  return std::string("{") +
         (database.empty() ? "" : "\"database\": " + json_string(database) + ", ") +
         "\"ok\": " + (result.ok() ? "true" : "false") +
         ", \"revisions\": " + json_list(result.revisions) + ", \"failures\": " +
         json_array(result.failures,
                    [](const migrations::RoundtripFailure& x) {
                      return "{\"revision\": " + json_string(x.revision) +
                             ", \"step\": " + json_string(x.step) +
                             ", \"differences\": " + json_list(x.differences) + "}";
                    }) +
         "}";
}

// "engine1: " before each line about one database of a multidb project.
std::string prefix_of(const std::string& database) {
  return database.empty() ? std::string() : database + ": ";
}

int run_roundtrip(Context& ctx, const CheckFlags& f) {
  const auto& config = require_config(ctx);
  auto scripts = load_scripts(config);
  bool ok = true;
  std::vector<std::string> json;
  // Each database of a multidb project on a scratch database of its own: --url
  // (which needs exactly one --db) or a temporary SQLite file.
  // (The configured urls are never used: a single-database project needs none.)
  std::vector<TargetDatabase> dbs{{"", ""}};
  if (config.is_multidb()) dbs = target_databases(ctx, config);
  for (const auto& db : dbs) {
    TempSqlite temp;
    // Never the configured database: --url names the scratch one.
    const std::string url = ctx.url ? *ctx.url : temp.url();
    const migrations::Config dbconfig =
        db.name.empty() ? config : migrations::database_config(config, db.name);
    std::optional<migrations::ScriptDirectory> own;
    const migrations::ScriptDirectory& dbscripts =
        db.name.empty() ? scripts : own.emplace(migrations::database_scripts(scripts, db.name));
    if (!db.name.empty()) info("Round trip of database " + db.name);
    auto result = migrations::roundtrip(dbconfig, create_engine(url), dbscripts, info);
    ok = ok && result.ok();
    if (f.json) {
      json.push_back(json_roundtrip(result, db.name));
      continue;
    }
    const std::string p = prefix_of(db.name);
    for (const auto& x : result.failures) {
      std::cout << p << "FAIL "
                << (x.revision.empty() ? std::string("") : "revision " + x.revision + ": ")
                << x.step << ":\n";
      for (const auto& d : x.differences) std::cout << "  " << d << '\n';
    }
    if (result.ok())
      std::cout << p << "Roundtrip OK: " << result.revisions.size()
                << " revision(s) upgraded, downgraded and upgraded again with the same schema.\n";
  }
  if (f.json) {
    if (config.is_multidb())
      std::cout << "{\"ok\": " << (ok ? "true" : "false") << ", \"databases\": [" << join(json)
                << "]}\n";
    else
      std::cout << json.front() << '\n';
  }
  return ok ? kExitOk : kExitCheck;
}

// The schema the database has once the pending revisions run: they run on
// the scratch database (--scratch, else a temporary SQLite file).
MetaData schema_at_heads(const migrations::Config& config, const migrations::ScriptDirectory& scripts,
                         const std::string& scratch_url, migrations::AutogenerateOptions& options) {
  auto engine = create_engine(scratch_url);
  {
    auto conn = engine.connect();
    auto live = migrations::reflect_live_schema(conn, config, options);
    conn.rollback();
    if (!live.tables().empty())
      throw ArgumentError("the scratch database is not empty (it has table " +
                          live.tables().front()->name + "); check --scratch needs an empty one");
  }
  migrations::MigrationContext mc(config, engine, scripts);
  mc.upgrade("heads");
  auto conn = engine.connect();
  auto m = migrations::reflect_live_schema(conn, config, options);
  conn.rollback();
  return m;
}

// What `retort check` found in one database.
struct DatabaseCheck {
  std::string name;  // "" in a single-database project
  bool compared = true;  // false: it has no target_metadata (multidb), the model is not compared
  std::vector<std::string> current;
  std::vector<std::string> pending;
  std::vector<migrations::ChangedRevision> changed;
  std::vector<migrations::LintFinding> findings;
  migrations::SchemaDiff diff;
  std::string scratch_error;  // the pending revisions failed on the scratch database

  int unacknowledged() const {
    int n = 0;
    for (const auto& x : findings)
      if (!x.acknowledged) ++n;
    return n;
  }
  bool ok(bool strict) const {
    return changed.empty() && diff.empty() && scratch_error.empty() &&
           !(strict && unacknowledged() > 0);
  }
};

// Changed applied files, the lint of pending revisions and, given a model,
// the comparison at the heads (pending revisions run on `scratch_url`, else a
// temporary SQLite file).
DatabaseCheck check_database(const migrations::Config& config, const std::string& url,
                             const migrations::ScriptDirectory& scripts,
                             const std::function<const std::optional<MetaData>&()>& model,
                             const std::string& scratch_url) {
  DatabaseCheck out;
  const auto& map = scripts.revision_map();
  auto engine = create_engine(url);
  {
    migrations::MigrationContext mc(config, engine, scripts);
    out.current = mc.current_heads();
  }
  const auto pending = migrations::pending_revisions(map, out.current);
  for (const auto* r : pending) out.pending.push_back(r->id);
  out.changed = migrations::changed_revisions(config, engine, scripts, out.current);

  auto options = migrations::autogenerate_options(config);
  auto conn = engine.connect();
  const auto live = migrations::reflect_live_schema(conn, config, options);
  conn.rollback();
  out.findings = migrations::lint_revisions(pending, live);
  const auto& declared = model();
  if (!declared) {
    out.compared = false;
    return out;
  }
  if (pending.empty()) {
    out.diff = migrations::compare_schema(*declared, live, conn.dialect(), options);
    return out;
  }
  TempSqlite temp;
  const std::string url_of_scratch = scratch_url.empty() ? temp.url() : scratch_url;
  auto scratch_options = migrations::autogenerate_options(config);
  try {
    const auto at_heads = schema_at_heads(config, scripts, url_of_scratch, scratch_options);
    auto scratch = create_engine(url_of_scratch);
    auto sconn = scratch.connect();
    out.diff = migrations::compare_schema(*declared, at_heads, sconn.dialect(), scratch_options);
    sconn.rollback();
  } catch (const migrations::MigrationFailed& e) {
    // The pending revisions do not run: a finding of the check, not an
    // error that hides the others.
    out.scratch_error = e.what();
  }
  return out;
}

std::string json_check(const DatabaseCheck& d, bool ok, const std::vector<std::string>& heads,
                       bool several_heads) {
  return std::string("{") +
         (d.name.empty() ? "" : "\"database\": " + json_string(d.name) + ", ") +
         "\"ok\": " + (ok ? "true" : "false") + ", \"current\": " + json_list(d.current) +
         ", \"heads\": " + json_list(heads) +
         ", \"several_heads\": " + (several_heads ? "true" : "false") +
         ", \"pending\": " + json_list(d.pending) + ", \"changed_revisions\": " +
         json_array(d.changed,
                    [](const migrations::ChangedRevision& c) {
                      return "{\"revision\": " + json_string(c.revision) +
                             ", \"path\": " + json_string(c.path) +
                             ", \"applied_checksum\": " + json_string(c.applied_checksum) +
                             ", \"file_checksum\": " + json_string(c.file_checksum) + "}";
                    }) +
         ", \"operations\": " + json_array(d.diff.changes, json_change) +
         ", \"pending_failed\": " + json_string(d.scratch_error) +
         ", \"notes\": " + json_list(d.diff.notes) +
         ", \"findings\": " + json_array(d.findings, json_finding) +
         (d.name.empty() ? "" : std::string(", \"compared\": ") + (d.compared ? "true" : "false")) +
         "}";
}

void print_check(const DatabaseCheck& d, bool strict) {
  const std::string p = prefix_of(d.name);
  for (const auto& c : d.changed)
    std::cout << p << "ERROR " << c.path << ": revision " << c.revision
              << " was changed after it was applied (sha256 " << c.applied_checksum.substr(0, 12)
              << ", file now " << c.file_checksum.substr(0, 12) << ")\n";
  if (!d.pending.empty())
    std::cout << p << "Pending revisions (not applied to the database): " << join(d.pending)
              << '\n';
  for (const auto& x : d.findings)
    std::cout << p << (x.acknowledged ? "ALLOWED " : (strict ? "ERROR " : "WARNING ")) << x.id
              << " " << x.title << ": " << x.location << ": " << x.message << " (revision "
              << x.revision << ")\n";
  if (!d.compared) {
    std::cout << p << "Note: no target_metadata for this database: its schema is not compared\n";
    return;
  }
  for (const auto& n : d.diff.notes) std::cout << p << "Note: " << n << '\n';
  if (!d.scratch_error.empty()) {
    std::cout << p << "ERROR the pending revisions fail on the scratch database: "
              << d.scratch_error << '\n';
  } else if (!d.diff.empty()) {
    std::cout << p << "ERROR New upgrade operations detected:\n";
    for (const auto& c : d.diff.changes) std::cout << "  " << c.describe() << '\n';
  } else {
    std::cout << p << "No new upgrade operations detected.\n";
  }
}

int run_check(Context& ctx, const CheckFlags& f) {
  const auto& config = require_config(ctx);
  auto scripts = load_scripts(config);
  auto heads = scripts.revision_map().effective_heads();
  std::sort(heads.begin(), heads.end());
  const bool several_heads = heads.size() > 1;

  std::vector<DatabaseCheck> checks;
  if (!config.is_multidb()) {
    // The model loads on a second thread while the database is read; a
    // model's error is reported first, as if it had loaded first.
    auto loading = std::async(std::launch::async, [&ctx, &config] {
      return std::optional<MetaData>(ctx.target_metadata(config));
    });
    std::optional<MetaData> declared;
    auto model = [&]() -> const std::optional<MetaData>& {
      if (loading.valid()) declared = loading.get();
      return declared;
    };
    try {
      checks.push_back(check_database(config, ctx.database_url(), scripts, model, f.scratch));
    } catch (...) {
      if (loading.valid()) loading.get();
      throw;
    }
  } else {
    auto dbs = modelled_databases(ctx, config, "check");
    if (!f.scratch.empty() && dbs.size() > 1)
      throw ArgumentError("--scratch names one scratch database and this check covers several (" +
                          std::to_string(dbs.size()) + "): pick one with --db NAME");
    // Every model is loaded before any database is read. A database without
    // one is checked without the comparison.
    std::vector<std::optional<MetaData>> models;
    for (const auto& m : dbs)
      models.push_back(m.has_model ? std::optional<MetaData>(ctx.target_metadata(m.config))
                                   : std::nullopt);
    for (std::size_t i = 0; i < dbs.size(); ++i) {
      info("Checking database " + dbs[i].target.name);
      checks.push_back(check_database(dbs[i].config, dbs[i].target.url,
                                      migrations::database_scripts(scripts, dbs[i].target.name),
                                      [&m = models[i]]() -> const std::optional<MetaData>& {
                                        return m;
                                      },
                                      f.scratch));
      checks.back().name = dbs[i].target.name;
    }
  }

  bool ok = !several_heads;
  for (const auto& d : checks) ok = ok && d.ok(f.strict);
  if (f.json) {
    if (!config.is_multidb()) {
      std::cout << json_check(checks.front(), ok, heads, several_heads) << '\n';
    } else {
      std::vector<std::string> each;
      for (const auto& d : checks)
        each.push_back(json_check(d, !several_heads && d.ok(f.strict), heads, several_heads));
      std::cout << "{\"ok\": " << (ok ? "true" : "false") << ", \"heads\": " << json_list(heads)
                << ", \"several_heads\": " << (several_heads ? "true" : "false")
                << ", \"databases\": [" << join(each) << "]}\n";
    }
    return ok ? kExitOk : kExitCheck;
  }
  if (several_heads)
    std::cout << "ERROR several heads: " << join(heads)
              << " (join them with retort merge -m MSG heads)\n";
  for (const auto& d : checks) print_check(d, f.strict);
  return ok ? kExitOk : kExitCheck;
}

}  // namespace

void register_check(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto flags = std::make_shared<CheckFlags>();
  auto* cmd = app.add_subcommand(
      "check", "Check that the revisions and the database match target_metadata (docs/check.md)");
  cmd->add_flag("--json", flags->json, "Print the result as JSON");
  cmd->add_flag("--strict", flags->strict, "Lint findings not allowed by their revision fail");
  cmd->add_flag("--roundtrip", flags->roundtrip,
                "Run every revision up, down and up again on a scratch database (--url, else a "
                "temporary SQLite file) and compare the schemas");
  cmd->add_option("--scratch", flags->scratch,
                  "Empty database where pending revisions run for the comparison (default: a "
                  "temporary SQLite file)");
  cmd->callback([flags, &ctx, &run] {
    run = [flags, &ctx] {
      if (flags->roundtrip) return run_roundtrip(ctx, *flags);
      return run_check(ctx, *flags);
    };
  });
}

}  // namespace retort::cli
