// The revision graph as Graphviz DOT (`retort graph`): one node per revision,
// down_revision edges solid, depends_on edges dashed, heads, bases, merge
// points, branch labels and (optionally) the applied revisions marked.
#pragma once

#include <set>
#include <string>

#include "retort/migrations/revision_map.hpp"

namespace retort::migrations {

struct DotOptions {
  // Revisions to mark as applied (the version table's heads and everything
  // below them); empty: none marked.
  std::set<std::string> applied;
  // Revisions that are version-table rows (marked "current").
  std::set<std::string> current;
  std::size_t short_id_length = 12;  // ids longer than this are cut in labels
};

// A `digraph revisions { ... }` document; deterministic (load order).
std::string render_dot(const RevisionMap& map, const DotOptions& options = {});

// The revisions at or below `heads` through down_revision and depends_on.
std::set<std::string> revisions_below(const RevisionMap& map, const std::set<std::string>& heads);

}  // namespace retort::migrations
