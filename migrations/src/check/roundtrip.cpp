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
  // Each revision in an order where what it needs (down revisions and
  // depends_on) comes first, on top of every revision before it: upgrading to
  // it runs just it, and downgrade_revision takes back just it, whatever the
  // graph (branches, merges, depends_on).
  for (const Revision* r : order) {
    const MetaData before = s.reflect();
    say("roundtrip: " + r->id + " up, down, up");
    if (!attempt(r->id, "upgrade", [&] { mc.upgrade(r->id); })) return result;
    const MetaData after = s.reflect();
    if (!attempt(r->id, "downgrade", [&] { mc.downgrade_revision(r->id); })) return result;
    if (!compare(r->id, "downgrade (the schema before it)", before)) return result;
    if (!attempt(r->id, "upgrade again", [&] { mc.upgrade(r->id); })) return result;
    if (!compare(r->id, "upgrade again (the schema after it)", after)) return result;
  }
  const MetaData at_heads = s.reflect();
  say("roundtrip: downgrade to base");
  if (!attempt("", "downgrade to base", [&] { mc.downgrade("base"); })) return result;
  if (!compare("", "downgrade to base (no table may be left)", empty)) return result;
  say("roundtrip: upgrade to heads again");
  if (!attempt("", "upgrade to heads again", [&] { mc.upgrade("heads"); })) return result;
  compare("", "upgrade to heads again (the schema of the first upgrade)", at_heads);
  return result;
}

}  // namespace retort::migrations
