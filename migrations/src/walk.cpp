// Which revisions an upgrade, downgrade or history range covers: a port of Alembic 1.8's
// iterate_revisions (_collect_upgrade_revisions, _collect_downgrade_revisions); the order
// comes from topological_sort.cpp. Also the public step functions built on them.
#include "retort/migrations/walk.hpp"

#include <algorithm>
#include <string>

#include "detail/resolver.hpp"
#include "detail/topological_sort.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/identifiers.hpp"

namespace retort::migrations {
namespace {

using detail::Collected;
using detail::Edges;
using detail::Graph;
using detail::NodeId;
using detail::NodeSet;
using detail::Ref;
using detail::Resolver;
using detail::Spec;

std::string spec_text(const Spec& s) {
  if (s.kind == Spec::Kind::none) return "base";
  if (s.is_str()) return s.items.front();
  return s.items.empty() ? std::string("base") : detail::join(s.items);
}

NodeId require_node(Ref r, std::string_view what) {
  if (r.is_node()) return r.v;
  throw RevisionError(std::string(what) +
                      (r.is_base() ? " is 'base', not a revision"
                                   : " does not name a revision: the walk leaves the history"));
}

// Alembic's _iterate_related_revisions: a depth-first walk from each target in turn, sharing
// one seen-set. With `check`, a target whose walk runs into another target is an error.
std::vector<NodeId> related(const Graph& g, const std::vector<NodeId>& targets, Edges e, bool check,
                            NodeSet& seen) {
  std::vector<NodeId> out;
  std::vector<NodeId> stack;
  NodeSet is_target(check ? g.size() : 0);
  if (check) {
    for (NodeId t : targets) is_target.insert(t);
  }
  for (NodeId t : targets) {
    std::vector<NodeId> overlaps;
    stack.push_back(t);
    while (!stack.empty()) {
      const NodeId n = stack.back();
      stack.pop_back();
      if (check && n != t && is_target.contains(n) &&
          std::find(overlaps.begin(), overlaps.end(), n) == overlaps.end()) {
        overlaps.push_back(n);
      }
      if (!seen.insert(n)) continue;
      const auto& next = edges(g.node(n), e);
      stack.insert(stack.end(), next.begin(), next.end());
      out.push_back(n);
    }
    if (!overlaps.empty()) {
      std::vector<std::string> ids;
      for (NodeId n : overlaps) ids.push_back(g.id(n));
      std::sort(ids.begin(), ids.end());
      throw RevisionError("requested revision " + g.id(t) +
                          " overlaps with other requested revisions " + detail::join(ids) +
                          " (one is below the other)");
    }
  }
  return out;
}

Collected collect_upgrade(Resolver& res, const Spec& upper, Spec lower, bool inclusive,
                          bool implicit_base, bool assert_relative_length) {
  const Graph& g = res.graph();
  std::vector<NodeId> targets;
  for (const Ref& r : res.parse_upgrade_target(lower, upper, assert_relative_length)) {
    targets.push_back(require_node(r, "upgrade target '" + spec_text(upper) + "'"));
  }
  if (lower.is_str() && lower.items.front().find('@') != std::string::npos) {
    // "label@..." as the lower end keeps only the targets on that branch.
    std::string branch = lower.items.front().substr(0, lower.items.front().find('@'));
    const Ref br = res.get_revision(branch);
    if (br.is_node() && g.id(br.v) == branch) {
      const auto& labels = g.node(br.v).labels;
      if (labels.size() != 1) {
        throw RevisionError("revision " + branch + " used as a branch name carries " +
                            std::to_string(labels.size()) + " branch labels; name one of them");
      }
      branch = labels.front();
    }
    std::vector<NodeId> kept;
    for (NodeId t : targets) {
      const auto& labels = g.node(t).labels;
      if (std::binary_search(labels.begin(), labels.end(), branch) &&
          std::find(kept.begin(), kept.end(), t) == kept.end()) {
        kept.push_back(t);
      }
    }
    std::sort(kept.begin(), kept.end());
    targets = std::move(kept);
  }
  NodeSet required(g.size());
  const std::vector<NodeId> required_list = related(g, targets, Edges::norm_down, true, required);

  std::vector<Ref> current = res.get_revisions(lower);
  if (!implicit_base) {
    for (const Ref& r : current) {
      if (!r.is_none() && !(r.is_node() && required.contains(r.v))) {
        throw RangeNotAncestor("requested range " + spec_text(lower) + ":" + spec_text(upper) +
                               " does not refer to ancestor/descendant revisions along the "
                               "same branch");
      }
    }
  }
  if (!current.empty() && current.front().is_none()) {
    // A relative lower end that get_revisions could not place.
    if (!lower.is_str()) throw RevisionError("cannot resolve " + spec_text(lower));
    const auto parsed = res.parse_downgrade_target(Spec::tuple(upper.items), lower.items.front(),
                                                   assert_relative_length);
    const Ref rev = parsed.second;
    if (rev.is_none()) throw RevisionError("cannot resolve " + spec_text(lower));
    if (rev.is_base()) {
      current.clear();
      lower = Spec::none();
    } else {
      current = {rev};
      lower = Spec::str(g.id(rev.v));
    }
  }
  std::vector<NodeId> current_nodes;
  for (const Ref& r : current) current_nodes.push_back(require_node(r, "current revision"));
  NodeSet applied(g.size());
  related(g, current_nodes, Edges::norm_down, true, applied);

  std::vector<char> in(g.size(), 0);
  for (NodeId n : required_list) {
    if (!applied.contains(n)) in[static_cast<std::size_t>(n)] = 1;
  }
  if (inclusive) {
    for (const Ref& r : res.get_revisions(lower)) {
      in[static_cast<std::size_t>(require_node(r, "lower revision"))] = 1;
    }
  }
  if (!current_nodes.empty() && !implicit_base) {
    NodeSet above(g.size());
    related(g, current_nodes, Edges::next, true, above);
    for (NodeId n = 0; n < static_cast<NodeId>(g.size()); ++n) {
      if (!above.contains(n)) in[static_cast<std::size_t>(n)] = 0;
    }
  }
  Collected out;
  for (NodeId n = 0; n < static_cast<NodeId>(g.size()); ++n) {
    if (in[static_cast<std::size_t>(n)]) out.todo.push_back(n);
  }
  for (NodeId t : targets) out.heads.push_back(Ref{t});
  return out;
}

Collected collect_downgrade(Resolver& res, const Spec& upper, const Spec& target, bool inclusive,
                            bool implicit_base, bool assert_relative_length) {
  const Graph& g = res.graph();
  if (target.kind == Spec::Kind::tuple) {
    throw RevisionError("a downgrade target is one identifier");
  }
  std::optional<std::string_view> target_text;
  if (target.is_str()) target_text = target.items.front();
  auto [label, target_rev] = res.parse_downgrade_target(upper, target_text, assert_relative_length);
  if (target_rev.is_base()) target_rev = Ref{Ref::kNone};

  std::vector<NodeId> roots;
  if (target_rev.is_none()) {
    roots = g.bases;
  } else if (inclusive) {
    roots = {target_rev.v};
  } else {
    roots = g.node(target_rev.v).next;
  }
  if (label && !label->empty() && roots.size() > 1) {
    NodeSet anc(g.size());
    detail::reach(g, {res.resolve_branch(*label)}, Edges::down, anc);
    std::erase_if(roots, [&](NodeId n) { return !anc.contains(n); });
    if (roots.empty()) {
      throw RevisionError("'" + spec_text(target) +
                          "' is not a valid downgrade target from the current heads");
    }
  }
  const std::vector<Ref> heads = res.get_revisions(upper);
  std::vector<NodeId> head_nodes;
  for (const Ref& h : heads) head_nodes.push_back(require_node(h, "current head"));

  NodeSet dropped(g.size()), active(g.size());
  detail::reach(g, roots, Edges::all_next, dropped);
  detail::reach(g, head_nodes, Edges::norm_down, active);
  std::vector<char> in(g.size(), 0);
  for (NodeId n = 0; n < static_cast<NodeId>(g.size()); ++n) {
    in[static_cast<std::size_t>(n)] = dropped.contains(n) && active.contains(n);
  }
  if (implicit_base) {
    NodeSet below_roots(g.size());
    detail::reach(g, roots, Edges::norm_down, below_roots);
    for (NodeId n = 0; n < static_cast<NodeId>(g.size()); ++n) {
      if (active.contains(n) && !below_roots.contains(n)) in[static_cast<std::size_t>(n)] = 1;
    }
  }
  Collected out;
  for (NodeId n = 0; n < static_cast<NodeId>(g.size()); ++n) {
    if (in[static_cast<std::size_t>(n)]) out.todo.push_back(n);
  }
  if (target_rev.is_node() && out.todo.empty() &&
      std::find(head_nodes.begin(), head_nodes.end(), target_rev.v) == head_nodes.end()) {
    throw RangeNotAncestor(
        "destination " + spec_text(target) +
        " is not a valid downgrade target from current head(s) " +
        (upper.items.empty() ? std::string("(none)") : detail::join(upper.items)));
  }
  out.heads = heads;
  return out;
}

struct IterateOptions {
  bool implicit_base = false;
  bool inclusive = false;
  bool assert_relative_length = true;
  bool select_for_downgrade = false;
};

std::vector<NodeId> iterate_revisions(const Graph& g, const Spec& upper, const Spec& lower,
                                      const IterateOptions& o) {
  Resolver res(g);
  const Collected c = o.select_for_downgrade
                          ? collect_downgrade(res, upper, lower, o.inclusive, o.implicit_base,
                                              o.assert_relative_length)
                          : collect_upgrade(res, upper, lower, o.inclusive, o.implicit_base,
                                            o.assert_relative_length);
  return detail::topological_sort(g, c);
}

std::vector<std::string> ids_of(const Graph& g, const std::vector<NodeId>& nodes) {
  std::vector<std::string> out;
  out.reserve(nodes.size());
  for (NodeId n : nodes) out.push_back(g.id(n));
  return out;
}

MigrationStep make_step(const Graph& g, NodeId n, bool upgrade) {
  MigrationStep s;
  s.revision = &g.rev(n);
  s.is_upgrade = upgrade;
  std::vector<std::string> self{g.id(n)};
  std::vector<std::string> norm = ids_of(g, g.node(n).norm_down);
  std::vector<std::string> down = ids_of(g, g.node(n).down);
  s.from_revisions = upgrade ? norm : self;
  s.to_revisions = upgrade ? self : norm;
  s.from_revisions_no_deps = upgrade ? down : self;
  s.to_revisions_no_deps = upgrade ? self : down;
  return s;
}

std::vector<const Revision*> revisions_of(const Graph& g, const std::vector<NodeId>& nodes) {
  std::vector<const Revision*> out;
  out.reserve(nodes.size());
  for (NodeId n : nodes) out.push_back(&g.rev(n));
  return out;
}

}  // namespace

std::vector<MigrationStep> upgrade_steps(const RevisionMap& map,
                                         const std::vector<std::string>& current_heads,
                                         std::string_view target) {
  const Graph& g = map.graph();
  IterateOptions o;
  o.implicit_base = true;
  std::vector<NodeId> order =
      iterate_revisions(g, Spec::str(std::string(target)), Spec::tuple(current_heads), o);
  std::vector<MigrationStep> steps;
  steps.reserve(order.size());
  for (auto it = order.rbegin(); it != order.rend(); ++it) steps.push_back(make_step(g, *it, true));
  return steps;
}

std::vector<MigrationStep> downgrade_steps(const RevisionMap& map,
                                           const std::vector<std::string>& current_heads,
                                           std::string_view target) {
  const Graph& g = map.graph();
  IterateOptions o;
  o.select_for_downgrade = true;
  std::vector<NodeId> order =
      iterate_revisions(g, Spec::tuple(current_heads), Spec::str(std::string(target)), o);
  std::vector<MigrationStep> steps;
  steps.reserve(order.size());
  for (NodeId n : order) steps.push_back(make_step(g, n, false));
  return steps;
}

namespace {
std::vector<const Revision*> walk(const RevisionMap& map, const Spec& base, const Spec& head) {
  IterateOptions o;
  o.inclusive = true;
  o.assert_relative_length = false;
  return revisions_of(map.graph(), iterate_revisions(map.graph(), head, base, o));
}
}  // namespace

std::vector<const Revision*> walk_revisions(const RevisionMap& map, std::string_view base,
                                            std::string_view head) {
  return walk(map, Spec::str(std::string(base)), Spec::str(std::string(head)));
}

std::vector<const Revision*> history(const RevisionMap& map, std::string_view range,
                                     const std::vector<std::string>& current_heads) {
  const RevisionRange r = parse_revision_range(range);
  const auto side = [](const std::string& text, const char* fallback) {
    return Spec::str(text.empty() ? std::string(fallback) : text);
  };
  const auto current_or = [&](const char* fallback) {
    return current_heads.empty() ? Spec::str(fallback) : Spec::tuple(current_heads);
  };
  if (r.end == "current") return walk(map, side(r.start, "base"), current_or("heads"));
  if (r.start == "current") return walk(map, current_or("base"), side(r.end, "heads"));
  return walk(map, side(r.start, "base"), side(r.end, "heads"));
}

std::vector<PlannedStep> plan_upgrade(const RevisionMap& map,
                                      const std::vector<std::string>& current_heads,
                                      std::string_view target) {
  HeadMaintainer heads(map, current_heads);
  std::vector<PlannedStep> out;
  for (MigrationStep& s : upgrade_steps(map, current_heads, target)) {
    VersionChange change = heads.update_to_step(s);
    out.push_back({std::move(s), std::move(change)});
  }
  return out;
}

std::vector<PlannedStep> plan_downgrade(const RevisionMap& map,
                                        const std::vector<std::string>& current_heads,
                                        std::string_view target) {
  HeadMaintainer heads(map, current_heads);
  std::vector<PlannedStep> out;
  for (MigrationStep& s : downgrade_steps(map, current_heads, target)) {
    VersionChange change = heads.update_to_step(s);
    out.push_back({std::move(s), std::move(change)});
  }
  return out;
}

std::vector<PlannedStep> plan_downgrade_revision(const RevisionMap& map,
                                                 const std::vector<std::string>& current_heads,
                                                 std::string_view revision) {
  const Graph& g = map.graph();
  auto it = g.ids.find(std::string(revision));
  if (it == g.ids.end())
    throw RevisionNotFound("no revision '" + std::string(revision) + "' to downgrade");
  const NodeId n = it->second;
  std::vector<NodeId> head_nodes;
  for (const auto& h : current_heads) {
    auto hit = g.ids.find(h);
    if (hit == g.ids.end())
      throw RevisionNotFound("the version table names revision '" + h +
                             "', which no revision file declares");
    head_nodes.push_back(hit->second);
  }
  NodeSet applied(g.size());
  detail::reach(g, head_nodes, Edges::all_down, applied);
  const std::string at = current_heads.empty() ? std::string("base") : detail::join(current_heads);
  if (!applied.contains(n))
    throw RevisionError("revision " + g.id(n) + " is not applied (the database is at " + at + ")");
  for (NodeId m : g.node(n).all_next)
    if (applied.contains(m))
      throw RevisionError("revision " + g.id(n) + " cannot be downgraded alone: " + g.id(m) +
                          " is applied and needs it");
  HeadMaintainer heads(map, current_heads);
  MigrationStep step = make_step(g, n, false);
  VersionChange change = heads.update_to_step(step);
  std::vector<PlannedStep> out;
  out.push_back({std::move(step), std::move(change)});
  return out;
}

}  // namespace retort::migrations
