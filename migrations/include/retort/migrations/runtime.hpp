// Applying revisions to a database: Alembic's MigrationContext, plus what
// Alembic lacks (a migration lock, an applied-history table with checksums,
// resumable runs on MySQL). docs/migrations.md describes the tables and the
// guarantees per dialect.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"
#include "retort/migrations/config.hpp"
#include "retort/migrations/script_directory.hpp"

namespace retort::migrations {

// An applied revision's file changed since it was applied; what() names the
// file.
class ChecksumMismatch : public Error {
 public:
  using Error::Error;
};

// Another runner held the migration lock for longer than the lock timeout.
class LockTimeout : public Error {
 public:
  using Error::Error;
};

// A revision failed; what() names it, the operation and file:line, and says
// where the database was left.
class MigrationFailed : public Error {
 public:
  using Error::Error;
};

struct RunOptions {
  bool ignore_checksums = false;                  // --ignore-checksums
  std::chrono::milliseconds lock_timeout{60000};  // --lock-timeout
  // Progress lines ("Running upgrade a -> b, message"); none when empty.
  std::function<void(const std::string&)> log;
};

// One revision run by upgrade() or downgrade().
struct AppliedStep {
  std::string revision;
  bool upgrade = true;
  std::vector<std::string> from;  // version-table view, as Alembic prints it
  std::vector<std::string> to;
  std::string message;
  std::int64_t duration_ms = 0;
  int statements = 0;
};

struct RunResult {
  std::vector<std::string> heads_before;
  std::vector<std::string> heads_after;
  std::vector<AppliedStep> steps;
};

// One row of retort_history.
struct HistoryEntry {
  std::int64_t id = 0;
  std::string revision;
  std::string direction;   // "upgrade", "downgrade", "stamp"
  std::string checksum;    // sha256 of the revision file (hex)
  std::string applied_at;  // UTC, "YYYY-MM-DD HH:MM:SS"
  std::int64_t duration_ms = 0;
  std::string applied_by;
  // "applied"; "incomplete" for a revision that failed part way where DDL is
  // not transactional (operations_done ran and stayed), "undone" once
  // `downgrade` undid those.
  std::string status;
  int operations_done = 0;
  std::string statements;  // the SQL that ran, separated by ";\n"
  // Where DDL is not transactional (MySQL), upgrades only: for each operation
  // that ran, the statements undoing it (JSON; docs/migrations.md).
  std::string undo_log;
};

// Runs revisions of `scripts` against `engine`, keeping the version table
// (config's version_table, one row per head) and retort_history. Each public
// call takes the migration lock for its duration.
class MigrationContext {
 public:
  MigrationContext(const Config& config, Engine engine, const ScriptDirectory& scripts,
                   RunOptions options = {});

  // The version table's rows, sorted; empty when the table does not exist.
  std::vector<std::string> current_heads();
  RunResult upgrade(std::string_view target);
  // First undoes a revision half-applied on top of the current heads, where DDL
  // is not transactional (docs/migrations.md), then runs the downgrades.
  RunResult downgrade(std::string_view target);
  // Downgrades exactly `revision` (a full id), which must be applied with no
  // applied revision needing it; everything else stays (plan_downgrade_revision).
  RunResult downgrade_revision(std::string_view revision);
  // Sets the version table to `revisions` without running anything (purge:
  // empty it first).
  RunResult stamp(const std::vector<std::string>& revisions, bool purge);
  // retort_history, oldest first; empty when the table does not exist.
  std::vector<HistoryEntry> applied_history();

  const std::string& history_table() const noexcept { return history_table_; }

 private:
  // exact: downgrade exactly the revision `target` names.
  RunResult run(std::string_view target, bool upgrade, bool exact = false);

  const Config& config_;
  Engine engine_;
  const ScriptDirectory& scripts_;
  RunOptions options_;
  std::string history_table_ = "retort_history";
};

// Offline mode (--sql): the script an upgrade or downgrade would run, for
// `dialect`, without a database. `range` is "target" or "start:target" (start
// defaults to base for an upgrade; a downgrade needs it). Transactions as
// online (BEGIN/COMMIT per revision, or one pair for the run when
// transaction_per_migration is off; none where DDL is not transactional), the
// version table created from base and dropped back at base, the history table
// created if needed and one history row per revision, and the dialect's
// MigrationSupport lines (SQLite's foreign-key PRAGMAs).
std::string render_offline_sql(const Config& config, const ScriptDirectory& scripts,
                               const Dialect& dialect, std::string_view range, bool upgrade,
                               const std::function<void(const std::string&)>& log = {});

// Hex SHA-256 of `data` (the checksum of a revision file's text).
std::string sha256_hex(std::string_view data);

}  // namespace retort::migrations
