// Internal: revisions whose upgrade stopped part way where DDL is not
// transactional (MySQL): the history row says which operations ran
// (operations_done, status incomplete) and how to undo each (undo_log).
// `retort downgrade` undoes them, last operation first, before its own steps.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "retort/engine/engine.hpp"
#include "retort/migrations/revision_map.hpp"
#include "retort/migrations/runtime.hpp"
#include "runtime/history_table.hpp"
#include "runtime/migration_lock.hpp"

namespace retort::migrations::runtime {

// The incomplete upgrades sitting right on top of the applied revisions
// `applied` (every down_revision applied, the revision itself not).
std::vector<HistoryEntry>
find_half_applied(HistoryTable &ht, const RevisionMap &map,
                  const std::set<std::string> &applied);

// Undoes the operations `half` records as done, in reverse, committing and
// recording progress after each (the upgrade row's operations_done goes down,
// to status "undone" at 0; a downgrade row records what was undone), so that a
// failure part way can be resumed by running the same command again.
// MigrationFailed when an operation has no automatic inverse or an undo
// statement fails. `conn` must not be in a transaction.
AppliedStep
undo_half_applied(Connection &conn, MigrationLock &lock, HistoryTable &ht,
                  const HistoryEntry &half, const RevisionMap &map,
                  const std::function<void(const std::string &)> &log);

} // namespace retort::migrations::runtime
