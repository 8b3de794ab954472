// Internal: Alembic's _topological_sort, the order of every upgrade, downgrade and history.
#pragma once

#include <vector>

#include "detail/graph.hpp"
#include "detail/resolver.hpp"

namespace retort::migrations::detail {

// The revisions to order, and the revisions the walk starts from (Alembic's `heads`).
struct Collected {
  std::vector<NodeId> todo;
  std::vector<Ref> heads;
};

// `todo` ordered so that every revision comes after everything above it (heads first), with
// ties broken exactly as Alembic 1.8 breaks them.
std::vector<NodeId> topological_sort(const Graph& g, const Collected& c);

}  // namespace retort::migrations::detail
