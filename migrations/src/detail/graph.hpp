// Internal: the revision graph behind RevisionMap, as index-based adjacency lists. Node i is
// revisions[i]; the load order is the index order. The field names follow Alembic's Revision
// attributes so that the ported algorithms read alike.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "retort/migrations/revision.hpp"

namespace retort::migrations::detail {

using NodeId = std::int32_t;

struct Node {
  std::vector<NodeId> down;         // _versioned_down_revisions (down_revision)
  std::vector<NodeId> deps;         // _resolved_dependencies (depends_on, labels resolved)
  std::vector<NodeId> norm_deps;    // _normalized_resolved_dependencies
  std::vector<NodeId> norm_down;    // _normalized_down_revisions: down + norm_deps
  std::vector<NodeId> all_down;     // _all_down_revisions: down + deps
  std::vector<NodeId> next;         // nextrev: revisions whose down_revision is this one
  std::vector<NodeId> all_next;     // _all_nextrev: ... whose down_revision or deps name it
  std::vector<NodeId> norm_next;    // inverse of norm_down (for ordering)
  std::vector<std::string> labels;  // effective branch_labels, sorted
  std::int32_t rank = 0;            // topological rank over all_down: below < above
};

struct Graph {
  std::vector<Revision> revisions;
  std::vector<Node> nodes;
  std::unordered_map<std::string, NodeId> ids;     // revision id -> node
  std::unordered_map<std::string, NodeId> labels;  // declared branch label -> node
  // Every id and label, sorted, for prefix lookups of partial identifiers.
  std::vector<std::pair<std::string, NodeId>> keys;
  std::vector<NodeId> heads, real_heads, bases, real_bases;

  std::size_t size() const noexcept { return nodes.size(); }
  const std::string& id(NodeId n) const { return revisions[static_cast<std::size_t>(n)].id; }
  const Node& node(NodeId n) const { return nodes[static_cast<std::size_t>(n)]; }
  const Revision& rev(NodeId n) const { return revisions[static_cast<std::size_t>(n)]; }
  // An exact revision id or branch label (Alembic's _revision_map[key]); -1 when absent.
  NodeId lookup(std::string_view key) const;
};

// A per-call set of nodes that is cheap to clear (generation stamps).
class NodeSet {
 public:
  explicit NodeSet(std::size_t n) : stamp_(n, 0) {}
  bool contains(NodeId n) const { return stamp_[static_cast<std::size_t>(n)] == gen_; }
  // Returns true when newly inserted.
  bool insert(NodeId n) {
    auto& s = stamp_[static_cast<std::size_t>(n)];
    if (s == gen_) return false;
    s = gen_;
    return true;
  }
  void erase(NodeId n) { stamp_[static_cast<std::size_t>(n)] = 0; }
  void clear() {
    if (++gen_ == 0) {
      std::fill(stamp_.begin(), stamp_.end(), 0);
      gen_ = 1;
    }
  }

 private:
  std::vector<std::uint32_t> stamp_;
  std::uint32_t gen_ = 1;
};

// Which adjacency a traversal follows.
enum class Edges {
  down,       // down_revision only (_versioned_down_revisions)
  norm_down,  // down_revision + normalized dependencies (ancestors "with dependencies")
  all_down,   // down_revision + every dependency
  next,       // nextrev
  all_next,   // _all_nextrev
};

inline const std::vector<NodeId>& edges(const Node& n, Edges e) {
  switch (e) {
    case Edges::down:
      return n.down;
    case Edges::norm_down:
      return n.norm_down;
    case Edges::all_down:
      return n.all_down;
    case Edges::next:
      return n.next;
    case Edges::all_next:
      return n.all_next;
  }
  return n.down;
}

// Marks every node reachable from `starts` (inclusive) along `e` in `out` (not cleared).
void reach(const Graph& g, const std::vector<NodeId>& starts, Edges e, NodeSet& out);

// "a (path:line), b (path:line)" for messages; at most `limit` entries then "and N more".
std::string describe(const Graph& g, const std::vector<NodeId>& nodes, std::size_t limit = 8);
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

}  // namespace retort::migrations::detail
