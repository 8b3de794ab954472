// The syntax of revision identifiers, as Alembic accepts them (docs/revisions.md):
//   a1b2c3d4e5f6   a full id          a1b2     a unique prefix (4 characters or more)
//   head / heads   the single head / every head      base      below the first revision
//   feature        a branch label (names the revision that declares it)
//   feature@head   feature@base   a1b2@head   the head / base of one branch
//   +2  -1         relative to the current heads (upgrade/downgrade)
//   a1b2+2  a1b2-1  feature@+1  feature@-1  relative to a revision or within a branch
//   start:end      a range (history, offline SQL)
// Resolution itself lives on RevisionMap (get_revision, get_revisions).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace retort::migrations {

// "[label@][symbol](+|-)N", matched the way Alembic's regular expression does (anchored at
// the start only). std::nullopt when `text` is not relative.
struct RelativeIdentifier {
  std::optional<std::string> branch_label;
  std::optional<std::string> symbol;
  std::string steps_text;  // "+2", "-1" as written
  long steps = 0;
};
std::optional<RelativeIdentifier> parse_relative_identifier(std::string_view text);

// "start:end", "start:", ":end". Throws ArgumentError unless there is exactly one ':'.
struct RevisionRange {
  std::string start;  // empty: base
  std::string end;    // empty: heads
};
RevisionRange parse_revision_range(std::string_view text);

}  // namespace retort::migrations
