// One revision: the header of a revision file (migrations/versions/<rev>_<slug>.yaml), where
// it came from, and an opaque handle on its upgrade/downgrade operations.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace retort::migrations {

// The parsed upgrade/downgrade sections; only the operations layer looks inside.
class RevisionBody;

// 1-based line numbers of the header keys in the file; 0 when unknown or absent.
struct RevisionLines {
  int revision = 0;
  int down_revision = 0;
  int branch_labels = 0;
  int depends_on = 0;
  int upgrade = 0;
  int downgrade = 0;
};

struct Revision {
  std::string id;                           // `revision:`
  std::vector<std::string> down_revisions;  // empty for a base, two or more for a merge
  std::vector<std::string> branch_labels;   // labels declared by this revision
  std::vector<std::string> depends_on;      // revision ids or branch labels
  std::string message;
  std::string create_date;     // as written in the file
  // Lint acknowledgements (docs/check.md): `destructive: true` allows every
  // destructive finding (DS*, NT*); `allow: [BC102, ...]` the ids listed.
  bool destructive = false;
  std::vector<std::string> allow;
  std::filesystem::path path;  // empty when not loaded from a file
  RevisionLines lines;
  std::shared_ptr<const RevisionBody> body;  // null when not loaded from a file

  bool is_base() const noexcept { return down_revisions.empty(); }
  bool is_merge_point() const noexcept { return down_revisions.size() > 1; }

  // "path:line" for error messages ("path" alone without a line; "revision <id>" without a
  // file).
  std::string location(int line = 0) const;
};

// Characters Alembic forbids in revision ids; ':' is reserved for ranges here as well.
// Returns an empty string when `id` is acceptable, otherwise why not.
std::string check_revision_id(std::string_view id);

}  // namespace retort::migrations
