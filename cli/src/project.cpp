#include "project.hpp"

#include <algorithm>
#include <cstdio>

#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/json.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/multidb.hpp"

namespace retort::cli {

using migrations::Revision;
using migrations::RevisionMap;

const migrations::Config& require_config(Context& ctx) {
  const auto& c = ctx.config();
  if (!c)
    throw ArgumentError(
        "no retort.yaml here: run `retort init DIR` to create "
        "one, or point at it with -c");
  return *c;
}

std::vector<std::filesystem::path> version_locations(const migrations::Config& config) {
  std::vector<std::filesystem::path> out;
  for (const auto& v : config.version_locations) out.push_back(config.resolve(v));
  if (out.empty()) out.push_back(config.resolve(config.script_location) / "versions");
  return out;
}

migrations::ScriptDirectory load_scripts(const migrations::Config& config) {
  auto scripts = migrations::ScriptDirectory::load(version_locations(config));
  migrations::check_database_sections(scripts, config);
  return scripts;
}

std::vector<TargetDatabase> target_databases(Context& ctx, const migrations::Config& config) {
  if (!config.is_multidb()) return {{"", ctx.database_url()}};
  std::string names;
  for (const auto& db : config.databases) names += (names.empty() ? "" : ", ") + db.name;
  for (const auto& n : ctx.db_names) {
    bool known = false;
    for (const auto& db : config.databases) known = known || db.name == n;
    if (!known) throw ArgumentError("--db " + n + ": no such database (databases: " + names + ")");
  }
  if (ctx.url && ctx.db_names.size() != 1)
    throw ArgumentError("--url names one database; this project has several (" + names +
                        "): pick the one it replaces with --db NAME");
  std::vector<TargetDatabase> out;
  for (const auto& db : config.databases) {
    if (!ctx.db_names.empty() &&
        std::find(ctx.db_names.begin(), ctx.db_names.end(), db.name) == ctx.db_names.end())
      continue;
    out.push_back({db.name, ctx.url.value_or(db.url)});
  }
  return out;
}

std::vector<ModelledDatabase> modelled_databases(Context& ctx, const migrations::Config& config,
                                                 const std::string& command) {
  std::vector<ModelledDatabase> out;
  bool any = false;
  for (const auto& t : target_databases(ctx, config)) {
    auto dbconfig = migrations::database_config(config, t.name);
    const bool has_model = ctx.metadata || dbconfig.has_target_metadata();
    if (!has_model &&
        std::find(ctx.db_names.begin(), ctx.db_names.end(), t.name) != ctx.db_names.end())
      throw migrations::ConfigError(config.file.string() + ": database " + t.name +
                                    " has no target_metadata (give it one under databases: " +
                                    t.name +
                                    ": {url: ..., target_metadata: [...]}, or a top-level "
                                    "target_metadata)");
    any = any || has_model;
    out.push_back({t, std::move(dbconfig), has_model});
  }
  if (!any)
    throw migrations::ConfigError(config.file.string() + ": no database has target_metadata: " +
                                  command +
                                  " compares each database with its declared schema (databases: "
                                  "NAME: {url: ..., target_metadata: [...]}, or a top-level "
                                  "target_metadata for all)");
  return out;
}

void for_each_database(
    Context& ctx, const migrations::Config& config, const migrations::ScriptDirectory& scripts,
    const std::function<void(const TargetDatabase&, const migrations::ScriptDirectory&)>& fn) {
  for (const auto& db : target_databases(ctx, config)) {
    if (db.name.empty()) {
      fn(db, scripts);
    } else {
      fn(db, migrations::database_scripts(scripts, db.name));
    }
  }
}

std::vector<std::string> current_heads_of_all(Context& ctx, const migrations::Config& config,
                                              const migrations::ScriptDirectory& scripts) {
  std::vector<std::string> out;
  for_each_database(ctx, config, scripts,
                    [&](const TargetDatabase& db, const migrations::ScriptDirectory& s) {
                      migrations::MigrationContext mc(config, create_engine(db.url), s);
                      for (auto& h : mc.current_heads()) out.push_back(std::move(h));
                    });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string format_down(const Revision& rev) {
  return rev.down_revisions.empty() ? std::string("<base>") : join(rev.down_revisions);
}

namespace {
bool real_head(const RevisionMap& map, const Revision& rev) {
  return map.is_head(rev) && map.dependents(rev).empty();
}
}  // namespace

std::string head_only(const RevisionMap& map, const Revision& rev, const FormatOptions& o) {
  std::string text = rev.id;
  if (o.include_parents) {
    if (!rev.depends_on.empty())
      text = format_down(rev) + " (" + join(rev.depends_on) + ") -> " + text;
    else
      text = format_down(rev) + " -> " + text;
  }
  if (o.include_branches) {
    auto labels = map.branch_labels(rev);  // inherited ones too, as Alembic prints them
    if (!labels.empty()) text += " (" + join(labels) + ")";
  }
  if (o.head_indicators || o.tree_indicators) {
    bool real = real_head(map, rev);
    if (real) text += " (head)";
    if (map.is_head(rev) && !real) text += " (effective head)";
    if (o.current) text += " (current)";
  }
  if (o.tree_indicators) {
    if (map.is_branch_point(rev)) text += " (branchpoint)";
    if (rev.is_merge_point()) text += " (mergepoint)";
  }
  if (o.include_doc) text += ", " + rev.message;
  return text;
}

std::string log_entry(const RevisionMap& map, const Revision& rev, bool current) {
  std::string e = "Rev: " + rev.id + (map.is_head(rev) ? " (head)" : "") +
                  (map.is_branch_point(rev) ? " (branchpoint)" : "") +
                  (rev.is_merge_point() ? " (mergepoint)" : "") + (current ? " (current)" : "") +
                  "\n";
  e += (rev.is_merge_point() ? "Merges: " : "Parent: ") + format_down(rev) + "\n";
  if (!rev.depends_on.empty()) e += "Also depends on: " + join(rev.depends_on) + "\n";
  if (map.is_branch_point(rev)) e += "Branches into: " + join(map.next_revisions(rev)) + "\n";
  if (auto labels = map.branch_labels(rev); !labels.empty())
    e += "Branch names: " + join(labels) + "\n";
  e += "Path: " + rev.path.string() + "\n";
  e += "\n";
  std::string msg = rev.message;
  std::size_t start = 0;
  while (start <= msg.size()) {
    auto nl = msg.find('\n', start);
    if (nl == std::string::npos) nl = msg.size();
    if (nl > start || !msg.empty()) e += "    " + msg.substr(start, nl - start) + "\n";
    start = nl + 1;
  }
  return e;
}

std::string json_string(std::string_view s) { return retort::json_quote(s); }

std::string json_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + json_string(v[i]);
  return out + "]";
}

std::string json_revision(const RevisionMap& map, const Revision& rev, bool current) {
  auto b = [](bool v) { return v ? std::string("true") : std::string("false"); };
  return "{\"revision\": " + json_string(rev.id) +
         ", \"down_revisions\": " + json_list(rev.down_revisions) +
         ", \"branch_labels\": " + json_list(rev.branch_labels) +
         ", \"depends_on\": " + json_list(rev.depends_on) +
         ", \"message\": " + json_string(rev.message) +
         ", \"create_date\": " + json_string(rev.create_date) +
         ", \"path\": " + json_string(rev.path.string()) + ", \"is_head\": " + b(map.is_head(rev)) +
         ", \"is_branch_point\": " + b(map.is_branch_point(rev)) +
         ", \"is_merge_point\": " + b(rev.is_merge_point()) +
         ", \"next_revisions\": " + json_list(map.next_revisions(rev)) +
         ", \"current\": " + b(current) + "}";
}

std::string json_results(const std::vector<std::string>& results, bool multidb) {
  if (!multidb) return results.empty() ? std::string("{}") : results.front();
  return "{\"databases\": [" + join(results) + "]}";
}

std::string json_run_result(const migrations::RunResult& r, const std::string& database) {
  std::string out = std::string("{") +
                    (database.empty() ? "" : "\"database\": " + json_string(database) + ", ") +
                    "\"heads_before\": " + json_list(r.heads_before) +
                    ", \"heads_after\": " + json_list(r.heads_after) + ", \"steps\": [";
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    const auto& s = r.steps[i];
    out += std::string(i ? ", " : "") + "{\"revision\": " + json_string(s.revision) +
           ", \"direction\": " + json_string(s.upgrade ? "upgrade" : "downgrade") +
           ", \"from\": " + json_list(s.from) + ", \"to\": " + json_list(s.to) +
           ", \"message\": " + json_string(s.message) +
           ", \"duration_ms\": " + std::to_string(s.duration_ms) +
           ", \"statements\": " + std::to_string(s.statements) + "}";
  }
  return out + "]}";
}

}  // namespace retort::cli
