// RevisionMap construction: checks the revisions, resolves their links into an index-based
// graph, and derives what Alembic's RevisionMap._revision_map derives (heads, bases,
// normalized dependencies, effective branch labels), each in one linear pass.
#include "retort/migrations/revision_map.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <utility>

#include "detail/graph.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations {
namespace detail {

NodeId Graph::lookup(std::string_view key) const {
  const std::string k(key);
  if (auto it = ids.find(k); it != ids.end()) return it->second;
  if (auto it = labels.find(k); it != labels.end()) return it->second;
  return -1;
}

void reach(const Graph& g, const std::vector<NodeId>& starts, Edges e, NodeSet& out) {
  std::vector<NodeId> stack;
  for (NodeId s : starts) {
    if (out.insert(s)) stack.push_back(s);
  }
  while (!stack.empty()) {
    const NodeId n = stack.back();
    stack.pop_back();
    for (NodeId m : edges(g.node(n), e)) {
      if (out.insert(m)) stack.push_back(m);
    }
  }
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string describe(const Graph& g, const std::vector<NodeId>& nodes, std::size_t limit) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < nodes.size() && i < limit; ++i) {
    const Revision& r = g.rev(nodes[i]);
    parts.push_back(r.path.empty() ? r.id : r.id + " (" + r.location(r.lines.revision) + ")");
  }
  std::string out = join(parts);
  if (nodes.size() > limit) out += " and " + std::to_string(nodes.size() - limit) + " more";
  return out;
}

}  // namespace detail

namespace {

using detail::Edges;
using detail::Graph;
using detail::Node;
using detail::NodeId;
using detail::NodeSet;

std::string where(const Revision& r, int line) {
  return r.path.empty() ? std::string() : " (" + r.location(line) + ")";
}

void add_unique(std::vector<NodeId>& v, NodeId n) {
  if (std::find(v.begin(), v.end(), n) == v.end()) v.push_back(n);
}

// Checks each revision on its own: its id, and links to itself (Alembic's Revision()).
void check_revisions(const std::vector<Revision>& revisions) {
  for (const Revision& r : revisions) {
    if (std::find(r.down_revisions.begin(), r.down_revisions.end(), r.id) !=
        r.down_revisions.end()) {
      throw CycleDetected("self-loop: revision " + r.id + " lists itself in down_revision" +
                              where(r, r.lines.down_revision),
                          {r.id});
    }
    if (std::find(r.depends_on.begin(), r.depends_on.end(), r.id) != r.depends_on.end()) {
      throw DependencyCycleDetected("dependency self-loop: revision " + r.id +
                                        " lists itself in depends_on" +
                                        where(r, r.lines.depends_on),
                                    {r.id});
    }
    if (std::string why = check_revision_id(r.id); !why.empty()) {
      throw RevisionError(why + where(r, r.lines.revision));
    }
    std::unordered_set<std::string_view> downs;
    for (const std::string& d : r.down_revisions) {
      if (!downs.insert(d).second) {
        throw RevisionError("revision " + r.id + " lists down_revision " + d + " twice" +
                            where(r, r.lines.down_revision));
      }
    }
  }
}

// Follows `e` from `start` until a node repeats, and returns the loop.
std::vector<NodeId> find_loop(const Graph& g, NodeId start, Edges e) {
  std::vector<NodeId> path;
  std::unordered_map<NodeId, std::size_t> at;
  NodeId n = start;
  while (at.find(n) == at.end()) {
    at[n] = path.size();
    path.push_back(n);
    const auto& out = edges(g.node(n), e);
    if (out.empty()) return {};
    n = out.front();
  }
  return {path.begin() + static_cast<std::ptrdiff_t>(at[n]), path.end()};
}

// Alembic's _detect_cycles for one kind of edge: every revision must be reachable both
// downwards from a head and upwards from a base.
template <class Error>
void detect_cycles(const Graph& g, const std::vector<NodeId>& heads,
                   const std::vector<NodeId>& bases, Edges down, Edges up, const char* kind,
                   const char* key) {
  if (g.size() == 0) return;
  std::vector<NodeId> cut;
  NodeSet from_heads(g.size()), from_bases(g.size());
  reach(g, heads, down, from_heads);
  reach(g, bases, up, from_bases);
  for (NodeId n = 0; n < static_cast<NodeId>(g.size()); ++n) {
    if (!from_heads.contains(n) || !from_bases.contains(n)) cut.push_back(n);
  }
  if (cut.empty()) return;
  std::vector<std::string> ids;
  for (NodeId n : cut) ids.push_back(g.id(n));
  std::sort(ids.begin(), ids.end());
  // Name one actual loop: follow the edges that never reach a base (or never a head).
  const NodeId first = cut.front();
  std::vector<NodeId> loop =
      from_bases.contains(first) ? find_loop(g, first, up) : find_loop(g, first, down);
  if (from_bases.contains(first)) std::reverse(loop.begin(), loop.end());
  std::string message = std::string(kind) + " detected in revisions (" + detail::join(ids) + ")";
  if (!loop.empty()) {
    std::string chain;
    for (NodeId n : loop) chain += g.id(n) + " -> ";
    chain += g.id(loop.front());
    message += ": " + chain + " through " + key;
    std::vector<std::string> places;
    for (NodeId n : loop) {
      const Revision& r = g.rev(n);
      if (!r.path.empty()) {
        places.push_back(r.location(std::string_view(key) == "down_revision" ? r.lines.down_revision
                                                                             : r.lines.depends_on));
      }
    }
    if (!places.empty()) message += " (" + detail::join(places) + ")";
  }
  throw Error(message, std::move(ids));
}

// A topological order over all_down (every dependency and down_revision first).
std::vector<NodeId> topological_order(const Graph& g) {
  std::vector<std::int32_t> pending(g.size());
  std::vector<NodeId> order;
  order.reserve(g.size());
  for (NodeId n = 0; n < static_cast<NodeId>(g.size()); ++n) {
    pending[static_cast<std::size_t>(n)] = static_cast<std::int32_t>(g.node(n).all_down.size());
    if (pending[static_cast<std::size_t>(n)] == 0) order.push_back(n);
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (NodeId m : g.node(order[i]).all_next) {
      if (--pending[static_cast<std::size_t>(m)] == 0) order.push_back(m);
    }
  }
  return order;
}

// Alembic's _normalize_depends_on: a dependency is dropped when a down_revision ancestor
// already depends on the same revision. One topological pass carrying, for each revision,
// the dependencies its ancestors declare (only targets named by two or more revisions).
void normalize_dependencies(Graph& g, const std::vector<NodeId>& order) {
  std::vector<std::int32_t> users(g.size(), 0);
  for (const Node& n : g.nodes) {
    for (NodeId d : n.deps) ++users[static_cast<std::size_t>(d)];
  }
  std::vector<std::vector<NodeId>> inherited(g.size());
  for (NodeId n : order) {
    Node& node = g.nodes[static_cast<std::size_t>(n)];
    std::vector<NodeId>& mine = inherited[static_cast<std::size_t>(n)];
    for (NodeId p : node.down) {
      const auto& from = inherited[static_cast<std::size_t>(p)];
      mine.insert(mine.end(), from.begin(), from.end());
      for (NodeId d : g.node(p).deps) {
        if (users[static_cast<std::size_t>(d)] > 1) mine.push_back(d);
      }
    }
    std::sort(mine.begin(), mine.end());
    mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
    for (NodeId d : node.deps) {
      if (!std::binary_search(mine.begin(), mine.end(), d)) add_unique(node.norm_deps, d);
    }
    node.norm_down = node.down;
    for (NodeId d : node.norm_deps) add_unique(node.norm_down, d);
  }
  for (NodeId n = 0; n < static_cast<NodeId>(g.size()); ++n) {
    for (NodeId d : g.node(n).norm_down)
      g.nodes[static_cast<std::size_t>(d)].norm_next.push_back(n);
  }
}

// Alembic's _add_branches. A labelled revision passes its labels to everything above it
// (down_revision descendants); and when everything above it is one unbranched line, the
// labels also run down below it until a branch point or merge point. Worked out per line
// rather than per label: every revision of such a line gets the labels of the line's tip.
void assign_labels(Graph& g, const std::vector<NodeId>& order) {
  for (NodeId n : order) {
    Node& node = g.nodes[static_cast<std::size_t>(n)];
    node.labels = g.rev(n).branch_labels;
    for (NodeId p : node.down) {
      const auto& from = g.node(p).labels;
      node.labels.insert(node.labels.end(), from.begin(), from.end());
    }
    std::sort(node.labels.begin(), node.labels.end());
    node.labels.erase(std::unique(node.labels.begin(), node.labels.end()), node.labels.end());
  }
  auto stops = [&](NodeId n) { return g.node(n).all_next.size() > 1 || g.node(n).down.size() > 1; };
  std::vector<char> clean(g.size(), 0);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const Node& node = g.node(*it);
    clean[static_cast<std::size_t>(*it)] =
        !stops(*it) && (node.next.empty() ||
                        (node.next.size() == 1 && clean[static_cast<std::size_t>(node.next[0])]));
  }
  for (NodeId tip = 0; tip < static_cast<NodeId>(g.size()); ++tip) {
    if (!g.node(tip).next.empty() || !clean[static_cast<std::size_t>(tip)]) continue;
    const std::vector<std::string> labels = g.node(tip).labels;
    if (labels.empty()) continue;
    for (NodeId p = tip; !stops(p);) {
      g.nodes[static_cast<std::size_t>(p)].labels = labels;
      if (g.node(p).down.empty()) break;
      p = g.node(p).down[0];
    }
  }
}

}  // namespace

RevisionMap::RevisionMap() : graph_(std::make_unique<detail::Graph>()) {}
RevisionMap::~RevisionMap() = default;
RevisionMap::RevisionMap(RevisionMap&&) noexcept = default;
RevisionMap& RevisionMap::operator=(RevisionMap&&) noexcept = default;

RevisionMap::RevisionMap(std::vector<Revision> revisions)
    : graph_(std::make_unique<detail::Graph>()) {
  Graph& g = *graph_;
  check_revisions(revisions);
  g.revisions = std::move(revisions);
  const auto count = static_cast<NodeId>(g.revisions.size());
  g.nodes.resize(g.revisions.size());
  g.ids.reserve(g.revisions.size());
  for (NodeId n = 0; n < count; ++n) {
    const Revision& r = g.rev(n);
    auto [it, fresh] = g.ids.emplace(r.id, n);
    if (!fresh) {
      const Revision& first = g.rev(it->second);
      throw DuplicateRevision("revision " + r.id + " is present more than once: in " +
                              first.location(first.lines.revision) + " and in " +
                              r.location(r.lines.revision));
    }
  }
  for (NodeId n = 0; n < count; ++n) {
    const Revision& r = g.rev(n);
    for (const std::string& label : r.branch_labels) {
      const NodeId other = g.lookup(label);
      if (other >= 0) {
        const Revision& o = g.rev(other);
        throw DuplicateBranchLabel(
            "branch label '" + label + "' of revision " + r.id + where(r, r.lines.branch_labels) +
            " is already used by revision " + o.id + where(o, o.lines.branch_labels));
      }
      g.labels.emplace(label, n);
    }
  }
  for (NodeId n = 0; n < count; ++n) {
    const Revision& r = g.rev(n);
    Node& node = g.nodes[static_cast<std::size_t>(n)];
    for (const std::string& dep : r.depends_on) {
      const NodeId d = g.lookup(dep);
      if (d < 0) {
        throw RevisionNotFound("depends_on '" + dep + "' of revision " + r.id + " is not present" +
                               where(r, r.lines.depends_on));
      }
      add_unique(node.deps, d);
    }
  }
  for (NodeId n = 0; n < count; ++n) {
    const Revision& r = g.rev(n);
    Node& node = g.nodes[static_cast<std::size_t>(n)];
    for (const std::string& down : r.down_revisions) {
      const auto it = g.ids.find(down);
      if (it == g.ids.end()) {
        const bool label = g.labels.count(down) > 0;
        throw RevisionNotFound(
            "down_revision '" + down + "' of revision " + r.id +
            (label ? " is a branch label, not a revision id" : " is not present") +
            where(r, r.lines.down_revision));
      }
      node.down.push_back(it->second);
    }
    node.all_down = node.down;
    for (NodeId d : node.deps) add_unique(node.all_down, d);
    for (NodeId d : node.down) g.nodes[static_cast<std::size_t>(d)].next.push_back(n);
    for (NodeId d : node.all_down) g.nodes[static_cast<std::size_t>(d)].all_next.push_back(n);
  }
  for (NodeId n = 0; n < count; ++n) {
    const Node& node = g.node(n);
    if (node.next.empty()) g.heads.push_back(n);
    if (node.all_next.empty()) g.real_heads.push_back(n);
    if (node.down.empty()) g.bases.push_back(n);
    if (node.down.empty() && g.rev(n).depends_on.empty()) g.real_bases.push_back(n);
  }
  detect_cycles<CycleDetected>(g, g.heads, g.bases, Edges::down, Edges::next, "cycle",
                               "down_revision");
  detect_cycles<DependencyCycleDetected>(g, g.real_heads, g.real_bases, Edges::all_down,
                                         Edges::all_next, "dependency cycle", "depends_on");
  const std::vector<NodeId> order = topological_order(g);
  for (std::size_t i = 0; i < order.size(); ++i) {
    g.nodes[static_cast<std::size_t>(order[i])].rank = static_cast<std::int32_t>(i);
  }
  normalize_dependencies(g, order);
  assign_labels(g, order);
  g.keys.reserve(g.ids.size() + g.labels.size());
  for (const auto& [key, n] : g.ids) g.keys.emplace_back(key, n);
  for (const auto& [key, n] : g.labels) g.keys.emplace_back(key, n);
  std::sort(g.keys.begin(), g.keys.end());
}

std::size_t RevisionMap::size() const noexcept { return graph_->size(); }
const std::vector<Revision>& RevisionMap::revisions() const noexcept { return graph_->revisions; }

const Revision* RevisionMap::find(std::string_view id) const {
  const auto it = graph_->ids.find(std::string(id));
  return it == graph_->ids.end() ? nullptr : &graph_->rev(it->second);
}

namespace {
std::vector<std::string> ids_of(const Graph& g, const std::vector<NodeId>& nodes) {
  std::vector<std::string> out;
  out.reserve(nodes.size());
  for (NodeId n : nodes) out.push_back(g.id(n));
  return out;
}
NodeId node_of(const Graph& g, const Revision& rev) {
  const auto* base = g.revisions.data();
  if (&rev >= base && &rev < base + g.revisions.size()) return static_cast<NodeId>(&rev - base);
  const auto it = g.ids.find(rev.id);
  if (it == g.ids.end()) throw RevisionNotFound("revision " + rev.id + " is not in this map");
  return it->second;
}
}  // namespace

std::vector<std::string> RevisionMap::heads() const { return ids_of(*graph_, graph_->heads); }
std::vector<std::string> RevisionMap::effective_heads() const {
  return ids_of(*graph_, graph_->real_heads);
}
std::vector<std::string> RevisionMap::bases() const { return ids_of(*graph_, graph_->bases); }
std::vector<std::string> RevisionMap::effective_bases() const {
  return ids_of(*graph_, graph_->real_bases);
}

std::vector<std::string> RevisionMap::next_revisions(const Revision& rev) const {
  return ids_of(*graph_, graph_->node(node_of(*graph_, rev)).next);
}

std::vector<std::string> RevisionMap::dependents(const Revision& rev) const {
  const NodeId n = node_of(*graph_, rev);
  std::vector<NodeId> out;
  for (NodeId m : graph_->node(n).all_next) {
    const auto& deps = graph_->node(m).deps;
    if (std::find(deps.begin(), deps.end(), n) != deps.end()) out.push_back(m);
  }
  return ids_of(*graph_, out);
}

std::vector<std::string> RevisionMap::branch_labels(const Revision& rev) const {
  return graph_->node(node_of(*graph_, rev)).labels;
}

bool RevisionMap::is_head(const Revision& rev) const {
  return graph_->node(node_of(*graph_, rev)).next.empty();
}

bool RevisionMap::is_branch_point(const Revision& rev) const {
  return graph_->node(node_of(*graph_, rev)).next.size() > 1;
}

}  // namespace retort::migrations
