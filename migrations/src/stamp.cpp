// plan_stamp: a port of Alembic 1.8's ScriptDirectory._stamp_revs (which rows
// a stamp moves) and of HeadMaintainer.update_to_step for a StampStep (how).
// Where Alembic would fail with a KeyError or an assertion, a RevisionError
// says which row was missing.
#include "retort/migrations/stamp.hpp"

#include <algorithm>
#include <set>

#include "detail/graph.hpp"
#include "detail/resolver.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations {

using detail::Edges;
using detail::NodeId;
using detail::NodeSet;
using detail::Ref;
using detail::Resolver;
using detail::Spec;

namespace {

std::string joined(const std::vector<std::string>& v) {
  return v.empty() ? std::string("base") : detail::join(v);
}

[[noreturn]] void out_of_step(const StampStep& s, const std::string& why) {
  throw RevisionError("cannot stamp " + joined(s.from) + " -> " + s.to.value_or("base") + ": " +
                      why + " (several revisions of one branch stamped at once?)");
}

// HeadMaintainer.update_to_step for a StampStep, on `heads`.
VersionChange change_for(const StampStep& s, bool branch_move, std::set<std::string>& heads) {
  VersionChange c;
  auto has = [&](const std::string& r) { return heads.count(r) > 0; };
  auto remove = [&](const std::string& r) {
    if (!has(r)) out_of_step(s, "the version table no longer holds " + r);
    heads.erase(r);
  };
  auto update = [&](const std::string& from, const std::string& to) {
    if (has(to)) out_of_step(s, "the version table already holds " + to);
    remove(from);
    heads.insert(to);
    c.update = std::make_pair(from, to);
  };
  const bool any_from_missing =
      std::any_of(s.from.begin(), s.from.end(), [&](const std::string& f) { return !has(f); });
  if (!s.is_upgrade && branch_move) {
    c.kind = VersionChange::Kind::remove;
    remove(s.from.front());
    c.deletes.push_back(s.from.front());
  } else if (s.is_upgrade && (branch_move || any_from_missing) && s.to && !has(*s.to)) {
    c.kind = VersionChange::Kind::insert;
    heads.insert(*s.to);
    c.inserts.push_back(*s.to);
  } else if (s.from.size() > 1) {
    c.kind = VersionChange::Kind::merge;
    for (std::size_t i = 0; i + 1 < s.from.size(); ++i) {
      remove(s.from[i]);
      c.deletes.push_back(s.from[i]);
    }
    update(s.from.back(), *s.to);
  } else {
    if (s.from.size() != 1 || !s.to) out_of_step(s, "it names no single row to update");
    c.kind = VersionChange::Kind::update;
    update(s.from.front(), *s.to);
  }
  return c;
}

}  // namespace

std::vector<StampStep> plan_stamp(const RevisionMap& map,
                                  const std::vector<std::string>& current_heads,
                                  const std::vector<std::string>& revisions) {
  const detail::Graph& g = map.graph();
  Resolver r(g);
  std::vector<NodeId> heads_revs;
  for (Ref ref : r.get_revisions(Spec::tuple(current_heads)))
    if (ref.is_node()) heads_revs.push_back(ref.v);

  std::vector<std::string> wanted = revisions;
  if (wanted.empty()) wanted.push_back("base");
  // The current heads on the lineage of any stamped identifier.
  std::vector<NodeId> filtered;
  for (const auto& rev : wanted) {
    if (rev.empty()) continue;
    for (NodeId n : r.filter_for_lineage(heads_revs, rev, true))
      if (std::find(filtered.begin(), filtered.end(), n) == filtered.end()) filtered.push_back(n);
  }
  std::vector<std::string> filtered_ids;
  for (NodeId n : filtered) filtered_ids.push_back(g.id(n));

  std::vector<Ref> dests = r.get_revisions(Spec::tuple(wanted));
  if (dests.empty()) dests.push_back(Ref{Ref::kNone});

  struct Pending {
    StampStep step;
    bool branch_move = false;
  };
  std::vector<Pending> pending;
  NodeSet below(g.size());
  NodeSet above(g.size());
  for (Ref dest : dests) {
    if (dest.is_base())  // a relative walk that ends below the first revision
      throw RevisionError("cannot stamp " + detail::join(wanted) +
                          ": a relative identifier that reaches base; stamp base instead");
    if (!dest.is_node()) {
      // base: delete the row of every head on the lineage.
      for (const auto& id : filtered_ids)
        pending.push_back({{{id}, std::nullopt, false, {}}, true});
      continue;
    }
    if (std::find(filtered.begin(), filtered.end(), dest.v) != filtered.end()) continue;
    above.clear();
    below.clear();
    detail::reach(g, {dest.v}, Edges::all_next, above);
    detail::reach(g, {dest.v}, Edges::norm_down, below);
    const std::string& id = g.id(dest.v);
    const bool heads_above = std::any_of(filtered.begin(), filtered.end(),
                                         [&](NodeId n) { return above.contains(n); });
    const bool heads_below = std::any_of(filtered.begin(), filtered.end(),
                                         [&](NodeId n) { return below.contains(n); });
    if (heads_above && heads_below)  // only through depends_on; Alembic asserts here
      throw RevisionError("cannot stamp " + id + ": of the current heads " +
                          detail::join(filtered_ids) +
                          " some are above it and some below it; stamp --purge, or name them");
    if (heads_above) {
      pending.push_back({{filtered_ids, id, false, {}}, false});  // the heads move down to it
    } else if (heads_below) {
      pending.push_back({{filtered_ids, id, true, {}}, false});  // the heads move up to it
    } else {
      pending.push_back({{{}, id, true, {}}, true});  // a branch the table does not hold
    }
  }

  std::set<std::string> heads(current_heads.begin(), current_heads.end());
  std::vector<StampStep> steps;
  for (auto& p : pending) {
    p.step.change = change_for(p.step, p.branch_move, heads);
    steps.push_back(std::move(p.step));
  }
  return steps;
}

std::vector<std::string> heads_after(const std::vector<std::string>& current_heads,
                                     const std::vector<StampStep>& steps) {
  std::vector<std::string> heads = current_heads;
  for (const auto& s : steps) {
    for (const auto& r : s.change.removed()) std::erase(heads, r);
    for (const auto& a : s.change.added()) heads.push_back(a);
  }
  std::sort(heads.begin(), heads.end());
  return heads;
}

}  // namespace retort::migrations
