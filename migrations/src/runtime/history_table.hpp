// Internal: retort_history, one row per revision run (or stamp), with the
// checksum of the file as it was applied. Ids are MAX(id)+1: rows are only
// written under the migration lock.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "retort/engine/engine.hpp"
#include "retort/migrations/runtime.hpp"

namespace retort::migrations::runtime {

class HistoryTable {
 public:
  HistoryTable(Connection& conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  bool exists();
  void create();
  std::vector<HistoryEntry> read();
  // Inserts `entry` (its id is assigned and returned).
  std::int64_t insert(HistoryEntry entry);
  void update_progress(std::int64_t id, int operations_done, const std::string& statements,
                       const std::string& status, std::int64_t duration_ms,
                       const std::string& undo = {});
  // Upgrades that stopped part way (status incomplete), newest row per revision.
  std::vector<HistoryEntry> incomplete_upgrades();
  // The newest row for `revision` in `direction`, if any.
  std::optional<HistoryEntry> latest(const std::string& revision, const std::string& direction);
  // revision -> checksum of its newest applied upgrade.
  std::map<std::string, HistoryEntry> applied_upgrades();

 private:
  std::string quoted() const;
  Connection& conn_;
  std::string name_;
};

// retort_history for the default version table, else <version_table>_history.
std::string history_table_name(const std::string& version_table);
// CREATE TABLE IF NOT EXISTS of the history table (online and offline).
std::string create_history_table_sql(const Dialect& dialect, const std::string& name);
// The history table's columns, in the order of HistoryEntry (undo last; offline
// scripts write all but undo).
extern const char* const kHistoryColumns;
extern const char* const kHistoryColumnsWithUndo;

// "YYYY-MM-DD HH:MM:SS" in UTC, now.
std::string utc_now();
// The operating-system user running retort.
std::string current_user();

}  // namespace retort::migrations::runtime
