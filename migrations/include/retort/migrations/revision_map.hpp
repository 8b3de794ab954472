// RevisionMap: the revision graph (Alembic's alembic.script.revision.RevisionMap). Built
// once from a list of revisions, checked (duplicates, missing targets, cycles, labels), then
// read-only and safe to share between threads.
//
// Two kinds of edges: down_revision (the "versioned" history; one version-table row per
// head) and depends_on (must be applied first, but does not merge branches). Heads, bases,
// branch labels and identifiers follow Alembic 1.8 exactly; docs/revisions.md has the
// details.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/migrations/revision.hpp"

namespace retort::migrations {

namespace detail {
struct Graph;
}

class RevisionMap {
 public:
  RevisionMap();  // no revisions
  // Takes the revisions in load order (the order breaks ties when ordering). Throws
  // DuplicateRevision, DuplicateBranchLabel, RevisionNotFound (a down_revision or depends_on
  // target that is not present), CycleDetected, DependencyCycleDetected or RevisionError.
  explicit RevisionMap(std::vector<Revision> revisions);
  ~RevisionMap();
  RevisionMap(RevisionMap&&) noexcept;
  RevisionMap& operator=(RevisionMap&&) noexcept;
  RevisionMap(const RevisionMap&) = delete;
  RevisionMap& operator=(const RevisionMap&) = delete;

  std::size_t size() const noexcept;
  const std::vector<Revision>& revisions() const noexcept;  // load order
  const Revision* find(std::string_view id) const;          // exact id; nullptr if absent

  // Ids in load order.
  std::vector<std::string> heads() const;            // no down_revision points at them
  std::vector<std::string> effective_heads() const;  // nor any depends_on ("heads")
  std::vector<std::string> bases() const;            // down_revision is null
  std::vector<std::string> effective_bases() const;  // and depends_on is empty

  std::vector<std::string> next_revisions(const Revision& rev) const;  // down_revision -> rev
  std::vector<std::string> dependents(const Revision& rev) const;      // depends_on -> rev
  // The labels a revision carries: its own, those of the labelled revisions it descends
  // from, and (Alembic's rule) those of an unbranched line above it.
  std::vector<std::string> branch_labels(const Revision& rev) const;
  bool is_head(const Revision& rev) const;
  bool is_branch_point(const Revision& rev) const;  // several next revisions

  // One revision for an identifier (docs/revisions.md): nullptr for "base". Throws
  // RevisionNotFound, AmbiguousRevision, MultipleHeads or ResolutionError.
  const Revision* get_revision(std::string_view identifier) const;
  // Every revision an identifier names ("heads", "label@heads", "-1" from each head);
  // nullptr entries stand for base.
  std::vector<const Revision*> get_revisions(std::string_view identifier) const;
  // The single head (of one branch); std::nullopt when empty; MultipleHeads when several.
  std::optional<std::string> current_head(std::string_view branch_label = {}) const;

  const detail::Graph& graph() const noexcept { return *graph_; }  // internal

 private:
  std::unique_ptr<detail::Graph> graph_;
};

}  // namespace retort::migrations
