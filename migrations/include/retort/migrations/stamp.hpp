// Stamping: setting the version table to revisions without running them,
// step by step the way Alembic 1.8 does (ScriptDirectory._stamp_revs applied
// by HeadMaintainer). A stamp to an ancestor of a current head moves that row
// down, to a descendant moves it up, to a revision on a branch the table does
// not hold adds a row, and to base removes the rows of the branches named.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <functional>

#include "retort/migrations/config.hpp"
#include "retort/migrations/revision_map.hpp"
#include "retort/migrations/script_directory.hpp"
#include "retort/migrations/walk.hpp"

namespace retort {
class Dialect;
}

namespace retort::migrations {

// One stamp step (Alembic's StampStep) with the version-table change it makes.
struct StampStep {
  std::vector<std::string> from;  // the rows it moves from (empty: a new branch)
  std::optional<std::string> to;  // the revision it moves to (none: base)
  bool is_upgrade = true;
  VersionChange change;
};

// The steps that stamp `revisions` (identifiers: ids, heads, label@head, base,
// ...; several at once) onto a version table holding `current_heads`. Pass no
// heads for a purged table. Throws the identifier errors of RevisionMap, and
// RevisionError where a step does not fit the rows (Alembic fails there too:
// several revisions of one branch stamped at once).
std::vector<StampStep> plan_stamp(const RevisionMap& map,
                                  const std::vector<std::string>& current_heads,
                                  const std::vector<std::string>& revisions);

// The rows after the steps, sorted.
std::vector<std::string> heads_after(const std::vector<std::string>& current_heads,
                                     const std::vector<StampStep>& steps);

// Offline mode (`stamp --sql`): the version-table statements of the stamp for
// `dialect`, without a database. Each entry of `revisions` may be
// "start:target"; all starts must be the same (the table's rows before the
// stamp; none: an empty table, created first). Transactions as
// render_offline_sql; the table is dropped when the stamp leaves it empty.
std::string render_offline_stamp_sql(const Config& config, const ScriptDirectory& scripts,
                                     const Dialect& dialect,
                                     const std::vector<std::string>& revisions,
                                     const std::function<void(const std::string&)>& log = {});

}  // namespace retort::migrations
