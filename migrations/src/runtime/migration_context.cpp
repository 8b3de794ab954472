// The runner: plans with plan_upgrade/plan_downgrade, runs each step's
// operations and its version-table change in one transaction (transactional
// DDL), or operation by operation with recorded progress (MySQL), under the
// migration lock.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "detail/revision_body.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/operations.hpp"
#include "retort/migrations/runtime.hpp"
#include "retort/migrations/stamp.hpp"
#include "retort/migrations/walk.hpp"
#include "runtime/foreign_key_guard.hpp"
#include "runtime/half_applied.hpp"
#include "runtime/history_table.hpp"
#include "runtime/migration_lock.hpp"
#include "runtime/undo_log.hpp"
#include "runtime/version_table.hpp"

namespace retort::migrations {
namespace {

using Clock = std::chrono::steady_clock;
using runtime::ForeignKeyGuard;
using runtime::HistoryTable;
using runtime::MigrationLock;
using runtime::VersionTable;

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string heads_text(const std::vector<std::string>& heads) {
  return heads.empty() ? std::string("base") : join(heads);
}

std::string checksum_of(const Revision& rev) {
  return rev.body ? sha256_hex(rev.body->text) : std::string();
}

// Revisions at or below `heads` (down_revision and depends_on links).
std::set<std::string> applied_set(const RevisionMap& map, const std::vector<std::string>& heads) {
  std::set<std::string> seen;
  std::vector<std::string> stack(heads.begin(), heads.end());
  while (!stack.empty()) {
    auto id = std::move(stack.back());
    stack.pop_back();
    if (!seen.insert(id).second) continue;
    const Revision* rev = map.find(id);
    if (!rev) continue;
    for (const auto& d : rev->down_revisions) stack.push_back(d);
    for (const auto& d : rev->depends_on) {
      if (const Revision* dep = map.find(d)) {
        stack.push_back(dep->id);
      } else {
        try {
          if (const Revision* r = map.get_revision(d)) stack.push_back(r->id);
        } catch (const RevisionError&) {
        }
      }
    }
  }
  return seen;
}

void apply_to(std::vector<std::string>& heads, const VersionChange& change) {
  for (const auto& r : change.removed())
    heads.erase(std::remove(heads.begin(), heads.end(), r), heads.end());
  for (const auto& r : change.added()) heads.push_back(r);
  std::sort(heads.begin(), heads.end());
}

// Collects the SQL one connection sends while recording is on.
class StatementRecorder {
 public:
  StatementRecorder(Engine engine, Connection& conn) : engine_(std::move(engine)) {
    dbapi_ = &conn.dbapi();
    id_ = engine_.events().listen(EventKind::AfterCursorExecute, [this](const Event& e) {
      if (on_ && e.dbapi_connection == dbapi_) statements_.emplace_back(e.statement);
    });
  }
  ~StatementRecorder() { engine_.events().remove(id_); }
  StatementRecorder(const StatementRecorder&) = delete;
  StatementRecorder& operator=(const StatementRecorder&) = delete;
  void start() {
    statements_.clear();
    on_ = true;
  }
  void pause() { on_ = false; }
  void resume() { on_ = true; }
  void stop() { on_ = false; }
  void add(std::string sql) { statements_.push_back(std::move(sql)); }
  std::string text() const { return join(statements_, ";\n"); }
  int count() const { return static_cast<int>(statements_.size()); }

 private:
  Engine engine_;
  DriverConnection* dbapi_ = nullptr;
  ListenerId id_ = 0;
  bool on_ = false;
  std::vector<std::string> statements_;
};

void verify_checksums(const RevisionMap& map, const std::vector<std::string>& heads,
                      HistoryTable& history) {
  auto applied = history.applied_upgrades();
  if (applied.empty()) return;
  for (const auto& id : applied_set(map, heads)) {
    auto it = applied.find(id);
    const Revision* rev = map.find(id);
    if (it == applied.end() || !rev || !rev->body || it->second.checksum.empty()) continue;
    auto now = checksum_of(*rev);
    if (now != it->second.checksum)
      throw ChecksumMismatch(rev->path.string() + ": revision " + id +
                             " was changed after it was applied (" + it->second.applied_at +
                             " UTC, sha256 " + it->second.checksum.substr(0, 12) + ", file now " +
                             now.substr(0, 12) + "); restore the file, or pass --ignore-checksums");
  }
}

}  // namespace

MigrationContext::MigrationContext(const Config& config, Engine engine,
                                   const ScriptDirectory& scripts, RunOptions options)
    : config_(config),
      engine_(std::move(engine)),
      scripts_(scripts),
      options_(std::move(options)),
      history_table_(runtime::history_table_name(config.version_table)) {}

std::vector<std::string> MigrationContext::current_heads() {
  auto conn = engine_.connect();
  VersionTable vt(conn, config_.version_table);
  if (!vt.exists()) return {};
  auto heads = vt.read();
  conn.rollback();
  return heads;
}

std::vector<HistoryEntry> MigrationContext::applied_history() {
  auto conn = engine_.connect();
  HistoryTable ht(conn, history_table_);
  if (!ht.exists()) return {};
  auto rows = ht.read();
  conn.rollback();
  return rows;
}

RunResult MigrationContext::upgrade(std::string_view target) { return run(target, true); }
RunResult MigrationContext::downgrade(std::string_view target) { return run(target, false); }
RunResult MigrationContext::downgrade_revision(std::string_view revision) {
  return run(revision, false, true);
}

RunResult MigrationContext::run(std::string_view target, bool is_upgrade, bool exact) {
  const auto& map = scripts_.revision_map();
  auto log = [this](const std::string& line) {
    if (options_.log) options_.log(line);
  };
  MigrationLock lock(engine_, config_.version_table, options_.lock_timeout, options_.log);
  auto conn = engine_.connect();
  // Before the run's first transaction: foreign keys off where the dialect
  // needs it (SQLite's table copy), checked before every COMMIT instead.
  ForeignKeyGuard fk(conn);
  const bool transactional = conn.dialect().capabilities().transactional_ddl;
  const bool single = transactional && !config_.transaction_per_migration;
  VersionTable vt(conn, config_.version_table);
  HistoryTable ht(conn, history_table_);
  const std::string direction = is_upgrade ? "upgrade" : "downgrade";

  lock.begin_write(conn);
  vt.create();
  ht.create();
  conn.commit();

  lock.begin_write(conn);
  auto heads = vt.read();
  RunResult result;
  result.heads_before = heads;
  auto replan = [&](const std::vector<std::string>& from) {
    if (exact) return plan_downgrade_revision(map, from, target);
    return is_upgrade ? plan_upgrade(map, from, target) : plan_downgrade(map, from, target);
  };
  auto plan = replan(heads);
  if (is_upgrade && !options_.ignore_checksums) verify_checksums(map, heads, ht);
  // A downgrade first undoes a revision whose upgrade stopped part way on top
  // of the current heads (non-transactional DDL), then goes on as usual.
  std::vector<HistoryEntry> half;
  if (!is_upgrade) half = runtime::find_half_applied(ht, map, applied_set(map, heads));
  conn.commit();

  // Every file is parsed before anything runs: a broken revision fails the run
  // up front.
  std::map<std::string, OperationList> parsed;
  auto operations_of = [&](const Revision& rev) -> const OperationList& {
    auto it = parsed.find(rev.id);
    if (it == parsed.end())
      it = parsed
               .emplace(rev.id, parse_operations(
                                    rev, is_upgrade ? Direction::Upgrade : Direction::Downgrade))
               .first;
    return it->second;
  };
  for (const auto& ps : plan) operations_of(*ps.step.revision);

  log(std::string("Context impl ") + std::string(conn.dialect().name()) + ".");
  log(transactional ? "Will assume transactional DDL." : "Will assume non-transactional DDL.");

  for (const auto& h : half)
    result.steps.push_back(runtime::undo_half_applied(conn, lock, ht, h, map, options_.log));

  StatementRecorder recorder(engine_, conn);
  auto expected = heads;
  std::size_t i = 0;
  if (single) lock.begin_write(conn);
  for (;;) {
    if (!single) lock.begin_write(conn);
    if (lock.per_transaction()) {
      // Another runner may have moved the version table between our
      // transactions.
      auto now = vt.read();
      if (now != expected) {
        plan = replan(now);
        for (const auto& ps : plan) operations_of(*ps.step.revision);
        expected = now;
        i = 0;
      }
    }
    if (i >= plan.size()) {
      if (!single) {
        conn.commit();
        break;
      }
      try {
        fk.commit();
      } catch (const Error& e) {
        try {
          conn.rollback();
        } catch (...) {
        }
        throw MigrationFailed(std::string(e.what()) +
                              " at the end of the run; the whole run was rolled back: the "
                              "database is at " +
                              heads_text(result.heads_before));
      }
      break;
    }
    const PlannedStep& ps = plan[i];
    const Revision& rev = *ps.step.revision;
    const OperationList& ops = operations_of(rev);
    AppliedStep applied;
    applied.revision = rev.id;
    applied.upgrade = is_upgrade;
    applied.from = ps.step.from_revisions_no_deps;
    applied.to = ps.step.to_revisions_no_deps;
    applied.message = rev.message;
    std::string line = "Running " + direction + " " + join(applied.from) + " -> " +
                       join(applied.to) + (rev.message.empty() ? "" : ", " + rev.message);

    HistoryEntry entry;
    entry.revision = rev.id;
    entry.direction = direction;
    entry.checksum = checksum_of(rev);
    entry.applied_at = runtime::utc_now();
    entry.applied_by = runtime::current_user();
    entry.status = "applied";

    const auto t0 = Clock::now();
    auto elapsed = [&] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    };
    std::size_t k = 0;
    std::int64_t history_id = 0;
    std::vector<runtime::UndoEntry> undo;  // non-transactional upgrades: how to undo each op
    OperationContext octx;
    octx.dialect = &conn.dialect();
    octx.conn = &conn;
    octx.x_arguments = &config_.x_arguments;
    try {
      if (!transactional) {
        // MySQL: DDL commits by itself, so progress is committed after every
        // operation and a rerun resumes after the last one that ran.
        auto prior = ht.latest(rev.id, direction);
        if (prior && prior->status == "incomplete") {
          k = static_cast<std::size_t>(prior->operations_done);
          history_id = prior->id;
          if (is_upgrade) {
            undo = runtime::decode_undo_log(prior->undo_log);
            undo.resize(std::min(undo.size(), k));
          }
          line += " (resuming at operation " + std::to_string(k + 1) + " of " +
                  std::to_string(ops.size()) + ")";
        } else {
          entry.status = "incomplete";
          history_id = ht.insert(entry);
        }
        conn.commit();
      }
      log(line);
      recorder.start();
      for (; k < ops.size(); ++k) {
        const Operation& op = *ops[k];
        if (!transactional && is_upgrade) {
          // Before it runs, while the live schema still has what it may destroy.
          runtime::UndoEntry u{op.describe(), std::nullopt};
          recorder.pause();
          try {
            u.statements = op.undo_sql(octx);
          } catch (const Error&) {
            // No inverse from here; undoing this revision will say so.
          }
          recorder.resume();
          undo.resize(k);
          undo.push_back(std::move(u));
        }
        if (op.needs_autocommit()) {
          // Outside any transaction (Alembic's autocommit_block): commit what
          // came before.
          recorder.pause();
          fk.commit();
          recorder.resume();
          auto ac = engine_.connect();
          ac.set_isolation_level("AUTOCOMMIT");
          StatementRecorder ac_recorder(engine_, ac);
          ac_recorder.start();
          OperationContext actx;
          actx.dialect = &ac.dialect();
          actx.conn = &ac;
          actx.x_arguments = &config_.x_arguments;
          op.run(actx);
          ac_recorder.stop();
          if (ac_recorder.count() > 0) recorder.add(ac_recorder.text());
          ac.close();
        } else {
          op.run(octx);
        }
        if (!transactional) {
          recorder.pause();
          conn.commit();
          ht.update_progress(history_id, static_cast<int>(k + 1), recorder.text(), "incomplete",
                             elapsed(), is_upgrade ? runtime::encode_undo_log(undo) : "");
          conn.commit();
          recorder.resume();
        }
      }
      recorder.stop();
      vt.apply(ps.change);
      entry.duration_ms = elapsed();
      entry.statements = recorder.text();
      entry.operations_done = static_cast<int>(ops.size());
      if (transactional)
        ht.insert(entry);
      else
        ht.update_progress(history_id, entry.operations_done, entry.statements, "applied",
                           entry.duration_ms, is_upgrade ? runtime::encode_undo_log(undo) : "");
      if (!single) fk.commit();
    } catch (const std::exception& e) {
      recorder.stop();
      try {
        conn.rollback();
      } catch (...) {
      }
      std::string what = "revision " + rev.id + " failed";
      if (k < ops.size())
        what += " in " + direction + " operation " + std::to_string(k + 1) + " of " +
                std::to_string(ops.size()) + " (" + rev.location(ops[k]->line) + ": " +
                ops[k]->describe() + ")";
      what += ": " + std::string(e.what()) + "; ";
      if (single)
        what +=
            "the whole run was rolled back: the database is at " + heads_text(result.heads_before);
      else if (transactional)
        what += "nothing of it was kept: the database is at " + heads_text(expected);
      else
        what += (k == 0 ? std::string("none of its operations ran")
                        : "operations 1-" + std::to_string(k) + " of it ran and stayed (" +
                              std::string(conn.dialect().name()) + " DDL is not transactional)") +
                "; the version table is at " + heads_text(expected) +
                "; fix the revision and run the same command again to resume "
                "at operation " +
                std::to_string(k + 1) +
                (k > 0 && is_upgrade ? ", or run `retort downgrade " +
                                           (rev.down_revisions.size() == 1 ? rev.down_revisions[0]
                                            : rev.down_revisions.empty() ? std::string("base")
                                                                          : std::string("heads")) +
                                           "` to undo operations 1-" + std::to_string(k)
                                     : std::string());
      if (!single) result.heads_after = expected;
      throw MigrationFailed(what);
    }
    applied.duration_ms = entry.duration_ms;
    applied.statements = recorder.count();
    result.steps.push_back(std::move(applied));
    apply_to(expected, ps.change);
    ++i;
  }
  result.heads_after = expected;
  return result;
}

RunResult MigrationContext::stamp(const std::vector<std::string>& revisions, bool purge) {
  // The steps are Alembic's (plan_stamp, stamp.cpp); this only applies them.
  const auto& map = scripts_.revision_map();
  MigrationLock lock(engine_, config_.version_table, options_.lock_timeout, options_.log);
  auto conn = engine_.connect();
  VersionTable vt(conn, config_.version_table);
  HistoryTable ht(conn, history_table_);
  lock.begin_write(conn);
  vt.create();
  ht.create();
  conn.commit();
  lock.begin_write(conn);
  RunResult result;
  auto heads = vt.read();
  result.heads_before = heads;
  if (purge) heads.clear();
  const auto steps = plan_stamp(map, heads, revisions);
  if (purge) vt.clear();
  for (const StampStep& s : steps) {
    if (options_.log)
      options_.log("Running stamp_revision " + join(s.from) + " -> " + s.to.value_or(""));
    vt.apply(s.change);
    AppliedStep applied;
    applied.revision = s.to.value_or("base");
    applied.upgrade = s.is_upgrade;
    applied.from = s.from;
    if (s.to) applied.to = {*s.to};
    if (const Revision* rev = s.to ? map.find(*s.to) : nullptr) {
      applied.message = rev->message;
      HistoryEntry e;
      e.revision = rev->id;
      e.direction = "stamp";
      e.checksum = checksum_of(*rev);
      e.applied_at = runtime::utc_now();
      e.applied_by = runtime::current_user();
      e.status = "applied";
      ht.insert(e);
    }
    result.steps.push_back(std::move(applied));
  }
  conn.commit();
  result.heads_after = heads_after(heads, steps);
  return result;
}

}  // namespace retort::migrations
