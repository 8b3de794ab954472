// retort check: whether the database at the heads matches target_metadata
// (Alembic's `alembic check`), plus several heads, applied revision files
// that changed, and the lint of pending revisions; --roundtrip runs every
// revision up, down and up again on a scratch database (docs/check.md).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "project.hpp"
#include "retort/engine/engine.hpp"
#include "retort/migrations/autogenerate.hpp"
#include "retort/migrations/check.hpp"

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

int run_roundtrip(Context& ctx, const CheckFlags& f) {
  const auto& config = require_config(ctx);
  auto scripts = load_scripts(config);
  TempSqlite temp;
  // Never the configured database: --url names the scratch one.
  const std::string url = ctx.url ? *ctx.url : temp.url();
  auto result = migrations::roundtrip(config, create_engine(url), scripts, info);
  if (f.json) {
    std::cout << "{\"ok\": " << (result.ok() ? "true" : "false")
              << ", \"revisions\": " << json_list(result.revisions) << ", \"failures\": "
              << json_array(result.failures,
                            [](const migrations::RoundtripFailure& x) {
                              return "{\"revision\": " + json_string(x.revision) +
                                     ", \"step\": " + json_string(x.step) +
                                     ", \"differences\": " + json_list(x.differences) + "}";
                            })
              << "}\n";
  } else {
    for (const auto& x : result.failures) {
      std::cout << "FAIL " << (x.revision.empty() ? std::string("") : "revision " + x.revision + ": ")
                << x.step << ":\n";
      for (const auto& d : x.differences) std::cout << "  " << d << '\n';
    }
    if (result.ok())
      std::cout << "Roundtrip OK: " << result.revisions.size()
                << " revision(s) upgraded, downgraded and upgraded again with the same schema.\n";
  }
  return result.ok() ? kExitOk : kExitCheck;
}

// The schema the database has once the pending revisions run: they run on
// the scratch database (--scratch, else a temporary SQLite file).
MetaData schema_at_heads(const migrations::Config& config, const migrations::ScriptDirectory& scripts,
                         const std::string& scratch_url, migrations::AutogenerateOptions& options,
                         std::string& dialect_name) {
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
  dialect_name = std::string(conn.dialect().name());
  auto m = migrations::reflect_live_schema(conn, config, options);
  conn.rollback();
  return m;
}

int run_check(Context& ctx, const CheckFlags& f) {
  const auto& config = require_config(ctx);
  auto scripts = load_scripts(config);
  const auto declared = ctx.target_metadata(config);
  const auto& map = scripts.revision_map();
  auto heads = map.effective_heads();
  std::sort(heads.begin(), heads.end());

  auto engine = create_engine(ctx.database_url());
  std::vector<std::string> current;
  {
    migrations::MigrationContext mc(config, engine, scripts);
    current = mc.current_heads();
  }
  const auto pending = migrations::pending_revisions(map, current);
  const auto changed = migrations::changed_revisions(config, engine, scripts, current);

  auto options = migrations::autogenerate_options(config);
  auto conn = engine.connect();
  const auto live = migrations::reflect_live_schema(conn, config, options);
  conn.rollback();
  const auto findings = migrations::lint_revisions(pending, live);

  migrations::SchemaDiff diff;
  std::string scratch_error;  // the pending revisions failed on the scratch database
  TempSqlite temp;
  if (pending.empty()) {
    diff = migrations::compare_schema(declared, live, conn.dialect(), options);
  } else {
    auto scratch_options = migrations::autogenerate_options(config);
    std::string dialect_name;
    const std::string url = f.scratch.empty() ? temp.url() : f.scratch;
    try {
      const auto at_heads = schema_at_heads(config, scripts, url, scratch_options, dialect_name);
      auto scratch = create_engine(url);
      auto sconn = scratch.connect();
      diff = migrations::compare_schema(declared, at_heads, sconn.dialect(), scratch_options);
      sconn.rollback();
    } catch (const migrations::MigrationFailed& e) {
      // The pending revisions do not run: a finding of the check, not an
      // error that hides the others.
      scratch_error = e.what();
    }
  }

  const bool several_heads = heads.size() > 1;
  int unacknowledged = 0;
  for (const auto& x : findings)
    if (!x.acknowledged) ++unacknowledged;
  const bool ok = !several_heads && changed.empty() && diff.empty() && scratch_error.empty() &&
                  !(f.strict && unacknowledged > 0);

  std::vector<std::string> pending_ids;
  for (const auto* r : pending) pending_ids.push_back(r->id);
  if (f.json) {
    std::cout << "{\"ok\": " << (ok ? "true" : "false") << ", \"current\": " << json_list(current)
              << ", \"heads\": " << json_list(heads)
              << ", \"several_heads\": " << (several_heads ? "true" : "false")
              << ", \"pending\": " << json_list(pending_ids) << ", \"changed_revisions\": "
              << json_array(changed,
                            [](const migrations::ChangedRevision& c) {
                              return "{\"revision\": " + json_string(c.revision) +
                                     ", \"path\": " + json_string(c.path) +
                                     ", \"applied_checksum\": " + json_string(c.applied_checksum) +
                                     ", \"file_checksum\": " + json_string(c.file_checksum) + "}";
                            })
              << ", \"operations\": " << json_array(diff.changes, json_change)
              << ", \"pending_failed\": " << json_string(scratch_error)
              << ", \"notes\": " << json_list(diff.notes)
              << ", \"findings\": " << json_array(findings, json_finding) << "}\n";
    return ok ? kExitOk : kExitCheck;
  }
  if (several_heads)
    std::cout << "ERROR several heads: " << join(heads)
              << " (join them with retort merge -m MSG heads)\n";
  for (const auto& c : changed)
    std::cout << "ERROR " << c.path << ": revision " << c.revision
              << " was changed after it was applied (sha256 " << c.applied_checksum.substr(0, 12)
              << ", file now " << c.file_checksum.substr(0, 12) << ")\n";
  if (!pending.empty())
    std::cout << "Pending revisions (not applied to the database): " << join(pending_ids) << '\n';
  for (const auto& x : findings)
    std::cout << (x.acknowledged ? "ALLOWED " : (f.strict ? "ERROR " : "WARNING ")) << x.id << " "
              << x.title << ": " << x.location << ": " << x.message << " (revision "
              << x.revision << ")\n";
  for (const auto& n : diff.notes) std::cout << "Note: " << n << '\n';
  if (!scratch_error.empty()) {
    std::cout << "ERROR the pending revisions fail on the scratch database: " << scratch_error
              << '\n';
  } else if (!diff.empty()) {
    std::cout << "ERROR New upgrade operations detected:\n";
    for (const auto& c : diff.changes) std::cout << "  " << c.describe() << '\n';
  } else {
    std::cout << "No new upgrade operations detected.\n";
  }
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
