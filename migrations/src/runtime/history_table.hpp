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
                       const std::string& status, std::int64_t duration_ms);
  // The newest row for `revision` in `direction`, if any.
  std::optional<HistoryEntry> latest(const std::string& revision, const std::string& direction);
  // revision -> checksum of its newest applied upgrade.
  std::map<std::string, HistoryEntry> applied_upgrades();

 private:
  std::string quoted() const;
  Connection& conn_;
  std::string name_;
};

// "YYYY-MM-DD HH:MM:SS" in UTC, now.
std::string utc_now();
// The operating-system user running retort.
std::string current_user();

}  // namespace retort::migrations::runtime
