// Walking the revision graph: the revisions an upgrade or downgrade runs and in which order,
// history ranges, and how the version table (one row per head) changes at each step. The
// orders are Alembic 1.8's for the same graph and command (tests/migrations/alembic_oracle.py
// checks that against the real Alembic).
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/migrations/revision_map.hpp"

namespace retort::migrations {

// One revision to run in one direction.
struct MigrationStep {
  const Revision* revision = nullptr;
  bool is_upgrade = true;
  // Version-table view: what the step moves from and to. With deps: down_revision plus the
  // depends_on targets not already implied by an ancestor (Alembic's normalized form).
  std::vector<std::string> from_revisions;
  std::vector<std::string> to_revisions;
  std::vector<std::string> from_revisions_no_deps;
  std::vector<std::string> to_revisions_no_deps;
};

// What one step does to the version table.
struct VersionChange {
  enum class Kind {
    insert,   // a new branch (a base, or nothing below it is a current head): INSERT
    remove,   // a downgrade that ends a branch: DELETE
    update,   // moving one row: UPDATE
    merge,    // an upgrade joining heads: DELETE all but one, UPDATE the last
    unmerge,  // a downgrade splitting a merge: UPDATE one, INSERT the others
  };
  Kind kind = Kind::update;
  std::vector<std::string> deletes;                           // rows to DELETE, in order
  std::vector<std::string> inserts;                           // rows to INSERT, in order
  std::optional<std::pair<std::string, std::string>> update;  // UPDATE from -> to

  std::vector<std::string> removed() const;  // deletes + update source
  std::vector<std::string> added() const;    // inserts + update target
};

const char* to_string(VersionChange::Kind kind);

// The version table as a set of heads, advanced step by step exactly the way Alembic's
// HeadMaintainer does. Pure: it never touches a database; the runtime applies each returned
// change to the table. Throws RevisionError when a step does not fit the current heads.
class HeadMaintainer {
 public:
  // `heads`: the version table's rows. `map` must outlive the maintainer.
  HeadMaintainer(const RevisionMap& map, std::vector<std::string> heads);
  ~HeadMaintainer();
  HeadMaintainer(const HeadMaintainer&) = delete;
  HeadMaintainer& operator=(const HeadMaintainer&) = delete;

  VersionChange update_to_step(const MigrationStep& step);
  const std::set<std::string>& heads() const noexcept { return heads_; }

 private:
  struct Closure;  // which revisions are below the heads, kept up to date step by step
  const RevisionMap& map_;
  std::set<std::string> heads_;
  std::unique_ptr<Closure> closure_;
};

// The change one step makes to a version table holding `heads` (the pure function).
VersionChange version_change(const RevisionMap& map, const MigrationStep& step,
                             const std::vector<std::string>& heads);

// Steps to go from the version table's `current_heads` (full ids) up to `target` ("heads",
// "head", an id, "label@head", "+2", "ae10+1", ...), in the order to run them.
std::vector<MigrationStep> upgrade_steps(const RevisionMap& map,
                                         const std::vector<std::string>& current_heads,
                                         std::string_view target);
// Steps to go down to `target` ("base", an id, "-1", "label@-1", "label@base", ...).
std::vector<MigrationStep> downgrade_steps(const RevisionMap& map,
                                           const std::vector<std::string>& current_heads,
                                           std::string_view target);

// Steps paired with the version-table change each makes, starting from `current_heads`.
struct PlannedStep {
  MigrationStep step;
  VersionChange change;
};
std::vector<PlannedStep> plan_upgrade(const RevisionMap& map,
                                      const std::vector<std::string>& current_heads,
                                      std::string_view target);
std::vector<PlannedStep> plan_downgrade(const RevisionMap& map,
                                        const std::vector<std::string>& current_heads,
                                        std::string_view target);

// The one step downgrading exactly `revision` (a full id) from `current_heads`, leaving
// everything else applied (what `check --roundtrip` needs in a graph with branches, merges
// and depends_on). RevisionError when it is not applied, or an applied revision needs it
// (its down_revision or depends_on names it).
std::vector<PlannedStep> plan_downgrade_revision(const RevisionMap& map,
                                                 const std::vector<std::string>& current_heads,
                                                 std::string_view revision);

// Revisions from `head` down to `base` inclusive, newest first (Alembic's walk_revisions,
// what `history` prints). Throws RangeNotAncestor when base is not below head.
std::vector<const Revision*> walk_revisions(const RevisionMap& map, std::string_view base = "base",
                                            std::string_view head = "heads");

// `history -r start:end`: either side may be empty (base / heads) or "current", which
// stands for `current_heads`.
std::vector<const Revision*> history(const RevisionMap& map, std::string_view range,
                                     const std::vector<std::string>& current_heads = {});

}  // namespace retort::migrations
