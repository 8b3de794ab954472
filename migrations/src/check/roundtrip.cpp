// `retort check --roundtrip` (docs/check.md): every revision run up, down and
// up again on a scratch database, the reflected schema compared at each step.
#include "retort/engine/inspector.hpp"
#include "retort/migrations/autogenerate.hpp"
#include "retort/migrations/check.hpp"
#include "retort/migrations/runtime.hpp"

namespace retort::migrations {

namespace {

class Scratch {
 public:
  Scratch(const Config& config, Engine engine)
      : config_(config), engine_(std::move(engine)), options_(autogenerate_options(config)) {}

  MetaData reflect() {
    auto conn = engine_.connect();
    auto options = options_;
    options.live_enums.clear();  // this reflection's, not an earlier one's
    MetaData m = reflect_live_schema(conn, config_, options);
    conn.rollback();
    options_.live_enums = options.live_enums;
    options_.default_schema = options.default_schema;
    return m;
  }
  // How `now` differs from `expected`, one line per difference.
  std::vector<std::string> differences(const MetaData& expected, const MetaData& now) {
    auto conn = engine_.connect();
    auto diff = compare_schema(expected, now, conn.dialect(), options_);
    conn.rollback();
    std::vector<std::string> out;
    // The changes that would turn `now` into `expected`, said the other way
    // round: what the step did wrong.
    for (const auto& c : diff.changes) out.push_back(c.describe());
    return out;
  }
  Engine& engine() { return engine_; }

 private:
  const Config& config_;
  Engine engine_;
  AutogenerateOptions options_;
};

bool linear(const RevisionMap& map) {
  for (const auto& r : map.revisions())
    if (r.down_revisions.size() > 1 || !r.depends_on.empty() || map.is_branch_point(r))
      return false;
  return map.bases().size() <= 1;
}

}  // namespace

RoundtripResult roundtrip(const Config& config, Engine scratch_engine,
                          const ScriptDirectory& scripts,
                          const std::function<void(const std::string&)>& log) {
  auto say = [&](const std::string& s) {
    if (log) log(s);
  };
  {
    auto conn = scratch_engine.connect();
    auto names = Inspector(conn).table_names();
    conn.rollback();
    if (!names.empty())
      throw ArgumentError("the scratch database is not empty (it has table " + names.front() +
                          "); check --roundtrip needs an empty one");
  }
  Scratch s(config, scratch_engine);
  RunOptions ro;
  ro.log = log;
  MigrationContext mc(config, scratch_engine, scripts, ro);
  RoundtripResult result;
  const auto& map = scripts.revision_map();
  const auto order = pending_revisions(map, {});
  for (const Revision* r : order) result.revisions.push_back(r->id);
  const bool per_revision = linear(map);

  auto fail = [&](const std::string& rev, const std::string& step,
                  std::vector<std::string> diffs) {
    result.failures.push_back({rev, step, std::move(diffs)});
  };
  auto compare = [&](const std::string& rev, const std::string& step, const MetaData& expected) {
    auto diffs = s.differences(expected, s.reflect());
    if (!diffs.empty()) {
      fail(rev, step, std::move(diffs));
      return false;
    }
    return true;
  };
  // A revision that fails to run is a failure naming it.
  auto attempt = [&](const std::string& rev, const std::string& step, auto&& fn) {
    try {
      fn();
      return true;
    } catch (const Error& e) {
      fail(rev, step, {e.what()});
      return false;
    }
  };

  MetaData empty;
  if (!compare("", "the empty database", empty)) return result;
  MetaData at_heads;
  if (per_revision) {
    for (const Revision* r : order) {
      const std::string down = r->down_revisions.empty() ? "base" : r->down_revisions.front();
      const MetaData before = s.reflect();
      say("roundtrip: " + r->id + " up, down, up");
      if (!attempt(r->id, "upgrade", [&] { mc.upgrade(r->id); })) return result;
      const MetaData after = s.reflect();
      if (!attempt(r->id, "downgrade", [&] { mc.downgrade(down); })) return result;
      if (!compare(r->id, "downgrade (the schema before it)", before)) return result;
      if (!attempt(r->id, "upgrade again", [&] { mc.upgrade(r->id); })) return result;
      if (!compare(r->id, "upgrade again (the schema after it)", after)) return result;
    }
  } else {
    // Branches and merges: each revision from base with only what it needs
    // below it, so that downgrading to one of its down revisions takes back
    // just it (the other parents of a merge are not above that one).
    for (const Revision* r : order) {
      if (!r->depends_on.empty()) {
        say("roundtrip: " + r->id + " has depends_on: checked as part of the whole run");
        continue;
      }
      say("roundtrip: " + r->id + " up, down, up (from base)");
      if (!attempt("", "downgrade to base", [&] { mc.downgrade("base"); })) return result;
      if (!compare("", "downgrade to base (no table may be left)", empty)) return result;
      for (const auto& d : r->down_revisions)
        if (!attempt(d, "upgrade", [&] { mc.upgrade(d); })) return result;
      const MetaData before = s.reflect();
      if (!attempt(r->id, "upgrade", [&] { mc.upgrade(r->id); })) return result;
      const MetaData after = s.reflect();
      const std::string down = r->down_revisions.empty() ? "base" : r->down_revisions.front();
      if (!attempt(r->id, "downgrade", [&] { mc.downgrade(down); })) return result;
      if (!compare(r->id, "downgrade (the schema before it)", before)) return result;
      if (!attempt(r->id, "upgrade again", [&] { mc.upgrade(r->id); })) return result;
      if (!compare(r->id, "upgrade again (the schema after it)", after)) return result;
    }
    if (!attempt("", "downgrade to base", [&] { mc.downgrade("base"); })) return result;
    if (!attempt("", "upgrade to heads", [&] { mc.upgrade("heads"); })) return result;
  }
  at_heads = s.reflect();
  say("roundtrip: downgrade to base");
  if (!attempt("", "downgrade to base", [&] { mc.downgrade("base"); })) return result;
  if (!compare("", "downgrade to base (no table may be left)", empty)) return result;
  say("roundtrip: upgrade to heads again");
  if (!attempt("", "upgrade to heads again", [&] { mc.upgrade("heads"); })) return result;
  compare("", "upgrade to heads again (the schema of the first upgrade)", at_heads);
  return result;
}

}  // namespace retort::migrations
