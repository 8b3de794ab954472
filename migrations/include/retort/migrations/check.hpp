// `retort check` (docs/check.md): the lint of pending revisions (findings
// with stable ids such as DS102 "drop column"), the revisions not yet applied
// to a database, applied revision files whose checksum changed, and the
// round trip of every revision on a scratch database.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "retort/engine/engine.hpp"
#include "retort/engine/schema.hpp"
#include "retort/migrations/config.hpp"
#include "retort/migrations/revision_map.hpp"
#include "retort/migrations/script_directory.hpp"

namespace retort::migrations {

// One lint finding on an operation of a pending revision's upgrade.
struct LintFinding {
  std::string id;        // "DS102"
  std::string title;     // "drop column"
  std::string revision;  // the revision id
  std::string location;  // "path:line"
  std::string message;   // "drop_column account.nickname: the column's data is lost"
  bool acknowledged = false;  // the revision allows it (allow: / destructive: true)
};

// The lint ids, their titles and explanations (docs/check.md has the same).
struct LintRule {
  std::string id;
  std::string title;
  bool destructive;  // acknowledged by `destructive: true` in the revision
};
const std::vector<LintRule>& lint_rules();
// Whether `id` is one of lint_rules().
bool is_lint_id(std::string_view id);

// Lints the upgrades of `pending` (in upgrade order). `live` is the schema the
// database has now (for a changed column's current type and whether a table
// already existed); tables created by an earlier pending revision count as
// new. RevisionFileError for an operation that does not parse.
std::vector<LintFinding> lint_revisions(const std::vector<const Revision*>& pending,
                                        const MetaData& live);

// The revisions not applied to a database at `current_heads`, in an order
// they can be applied in (each after its down revisions and dependencies).
std::vector<const Revision*> pending_revisions(const RevisionMap& map,
                                               const std::vector<std::string>& current_heads);

// An applied revision whose file changed since it was applied.
struct ChangedRevision {
  std::string revision;
  std::string path;
  std::string applied_checksum;  // hex sha256, as recorded in retort_history
  std::string file_checksum;     // of the file now
};
// Compares the recorded checksum of each applied revision at or below
// `current_heads` (its latest applied upgrade) with its file now.
std::vector<ChangedRevision> changed_revisions(const Config& config, Engine engine,
                                               const ScriptDirectory& scripts,
                                               const std::vector<std::string>& current_heads);

// A difference found by the round trip.
struct RoundtripFailure {
  std::string revision;  // the revision that caused it ("" for the whole run)
  std::string step;      // "downgrade", "upgrade again", "downgrade to base", ...
  std::vector<std::string> differences;  // "add_column account.nickname (String(40))", ...
};
struct RoundtripResult {
  std::vector<std::string> revisions;  // in the order they were upgraded
  std::vector<RoundtripFailure> failures;
  bool ok() const { return failures.empty(); }
};

// On `scratch` (must hold no table; ArgumentError otherwise), for each
// revision in an upgrade order where it comes after what it needs (down
// revisions, depends_on), with every revision before it applied: upgrade to
// it, downgrade exactly it (MigrationContext::downgrade_revision: the schema
// must be the one before it), upgrade it again (the same as after it). Then
// downgrade to base (no table may be left) and upgrade to heads again (the
// same schema as the first time). Any graph: branches, merges, depends_on. A
// revision that fails to run is a failure naming it. `log` gets progress
// lines.
RoundtripResult roundtrip(const Config& config, Engine scratch, const ScriptDirectory& scripts,
                          const std::function<void(const std::string&)>& log = {});

}  // namespace retort::migrations
