// The version table through a run: one row per head, and what each step inserts, updates or
// deletes. A port of Alembic 1.8's HeadMaintainer.update_to_step and RevisionStep's
// should_*/..._idents rules, as a pure function of the current heads. Where Alembic picks from
// a Python set (which of several rows a merge UPDATEs), the down_revision order decides here.
#include <algorithm>
#include <climits>
#include <string>

#include "detail/resolver.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/walk.hpp"

namespace retort::migrations {

using detail::Graph;
using detail::NodeId;
using detail::NodeSet;

std::vector<std::string> VersionChange::removed() const {
  std::vector<std::string> out = deletes;
  if (update) out.push_back(update->first);
  return out;
}

std::vector<std::string> VersionChange::added() const {
  std::vector<std::string> out = inserts;
  if (update) out.push_back(update->second);
  return out;
}

const char* to_string(VersionChange::Kind kind) {
  switch (kind) {
    case VersionChange::Kind::insert:
      return "insert";
    case VersionChange::Kind::remove:
      return "delete";
    case VersionChange::Kind::update:
      return "update";
    case VersionChange::Kind::merge:
      return "merge";
    case VersionChange::Kind::unmerge:
      return "unmerge";
  }
  return "?";
}

// anc*(heads) by reference counting: count[v] = (v is a head) + (children of v, through
// down_revision and normalized dependencies, that are in the closure). v is an ancestor of
// some head exactly when count[v] > 0. A step changes a few heads, so keeping the counts
// costs what enters or leaves the closure; "is c below the heads other than X" removes X,
// reads c, and puts X back, cascading only down to c's topological rank.
struct HeadMaintainer::Closure {
  bool known = true;  // every head is a revision of the map (false: check each time)
  std::vector<std::int32_t> count;
  std::vector<NodeId> touched;  // decremented during a query, to restore
  std::vector<NodeId> stack;

  void add(const Graph& g, NodeId h) {
    stack.assign(1, h);
    while (!stack.empty()) {
      const NodeId v = stack.back();
      stack.pop_back();
      if (count[static_cast<std::size_t>(v)]++ == 0) {
        for (NodeId d : g.node(v).norm_down) stack.push_back(d);
      }
    }
  }
  // Removes one reason for h; cascades below nodes that leave, down to rank `floor`. With
  // `log`, every decrement is remembered for restore().
  void remove(const Graph& g, NodeId h, std::int32_t floor, bool log) {
    stack.assign(1, h);
    while (!stack.empty()) {
      const NodeId v = stack.back();
      stack.pop_back();
      if (log) touched.push_back(v);
      if (--count[static_cast<std::size_t>(v)] == 0 && g.node(v).rank >= floor) {
        for (NodeId d : g.node(v).norm_down) stack.push_back(d);
      }
    }
  }
  void restore() {
    for (NodeId v : touched) ++count[static_cast<std::size_t>(v)];
    touched.clear();
  }
};

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string list(const std::set<std::string>& heads) {
  std::string out;
  for (const auto& h : heads) out += (out.empty() ? "" : ", ") + h;
  return out.empty() ? "(none)" : out;
}

NodeId find_node(const Graph& g, const std::string& id) {
  const auto it = g.ids.find(id);
  return it == g.ids.end() ? -1 : it->second;
}

}  // namespace

HeadMaintainer::HeadMaintainer(const RevisionMap& map, std::vector<std::string> heads)
    : map_(map), heads_(heads.begin(), heads.end()), closure_(std::make_unique<Closure>()) {
  const Graph& g = map_.graph();
  closure_->count.assign(g.size(), 0);
  for (const auto& h : heads_) {
    const NodeId n = find_node(g, h);
    if (n >= 0) {
      closure_->add(g, n);
    } else {
      closure_->known = false;
    }
  }
}

HeadMaintainer::~HeadMaintainer() = default;

VersionChange HeadMaintainer::update_to_step(const MigrationStep& step) {
  const Graph& g = map_.graph();
  if (step.revision == nullptr) throw ArgumentError("a migration step needs a revision");
  const std::string& rev = step.revision->id;
  const std::vector<std::string>& downrevs =
      step.is_upgrade ? step.from_revisions : step.to_revisions;

  // Which of `candidates` are not ancestors of the heads other than `exclude` (Alembic:
  // ancestors of get_revisions(heads - exclude)).
  auto not_below_others = [&](const std::vector<std::string>& candidates,
                              const std::vector<std::string>& exclude) {
    std::size_t excluded = 0;
    for (const auto& x : exclude) excluded += heads_.count(x);
    if (heads_.size() == excluded) return candidates;
    for (const auto& h : heads_) {
      if (find_node(g, h) < 0 && !contains(exclude, h)) {
        throw RevisionNotFound("the version table holds '" + h +
                               "', which is not a known revision");
      }
      if (closure_->known) break;
    }
    std::int32_t floor = INT32_MAX;
    for (const auto& c : candidates) {
      if (const NodeId n = find_node(g, c); n >= 0) floor = std::min(floor, g.node(n).rank);
    }
    for (const auto& x : exclude) {
      const NodeId n = find_node(g, x);
      if (n >= 0 && heads_.count(x) != 0) closure_->remove(g, n, floor, true);
    }
    std::vector<std::string> out;
    for (const auto& c : candidates) {
      const NodeId n = find_node(g, c);
      if (n < 0 || closure_->count[static_cast<std::size_t>(n)] == 0) out.push_back(c);
    }
    closure_->restore();
    return out;
  };

  auto fail = [&](const std::string& what) {
    throw RevisionError("version table out of step: " + what + " (" +
                        (step.is_upgrade ? "upgrade " : "downgrade ") + rev + ", current heads " +
                        list(heads_) + ")");
  };
  auto add = [&](const std::string& v) {
    if (const NodeId n = find_node(g, v); n >= 0) closure_->add(g, n);
  };
  auto drop = [&](const std::string& v) {
    if (const NodeId n = find_node(g, v); n >= 0) closure_->remove(g, n, INT32_MIN, false);
  };
  auto do_delete = [&](const std::string& v) {
    if (heads_.erase(v) == 0) fail("no row " + v + " to delete");
    drop(v);
  };
  auto do_insert = [&](const std::string& v) {
    if (!heads_.insert(v).second) fail("row " + v + " already present");
    add(v);
  };
  // (Steps only ever add revisions of the map, so `known` never turns false here.)
  auto do_update = [&](const std::string& from, const std::string& to) {
    if (heads_.count(to) != 0) fail("row " + to + " already present");
    if (heads_.erase(from) == 0) fail("no row " + from + " to update");
    heads_.insert(to);
    add(to);
    drop(from);
  };

  VersionChange change;
  std::size_t present = 0;
  for (const auto& d : downrevs) present += heads_.count(d);
  const bool in_heads = heads_.count(rev) != 0;

  if (!step.is_upgrade && in_heads &&
      (downrevs.empty() || not_below_others(step.to_revisions, {rev}).empty())) {
    change.kind = VersionChange::Kind::remove;
    change.deletes = {rev};
    do_delete(rev);
  } else if (step.is_upgrade && (downrevs.empty() || present == 0)) {
    change.kind = VersionChange::Kind::insert;
    change.inserts = {rev};
    do_insert(rev);
  } else if (step.is_upgrade && downrevs.size() > 1 && present > 1) {
    std::vector<std::string> from = not_below_others(step.from_revisions, step.from_revisions);
    if (from.empty()) fail("no current head to merge into " + rev);
    change.kind = VersionChange::Kind::merge;
    change.deletes.assign(from.begin(), from.end() - 1);
    change.update = {{from.back(), rev}};
    for (const auto& d : change.deletes) do_delete(d);
    do_update(from.back(), rev);
  } else if (!step.is_upgrade && in_heads && downrevs.size() > 1) {
    std::vector<std::string> to = not_below_others(step.to_revisions, {rev});
    change.kind = VersionChange::Kind::unmerge;
    change.inserts.assign(to.begin(), to.end() - 1);
    change.update = {{rev, to.back()}};
    for (const auto& i : change.inserts) do_insert(i);
    do_update(rev, to.back());
  } else {
    std::string down;
    if (downrevs.size() == 1) {
      down = downrevs.front();
    } else {
      std::vector<std::string> hits;
      for (const auto& d : downrevs) {
        if (heads_.count(d) != 0) hits.push_back(d);
      }
      if (hits.size() != 1) fail("cannot UPDATE because the revision below is ambiguous");
      down = hits.front();
    }
    change.kind = VersionChange::Kind::update;
    change.update = step.is_upgrade ? std::pair{down, rev} : std::pair{rev, down};
    do_update(change.update->first, change.update->second);
  }
  return change;
}

VersionChange version_change(const RevisionMap& map, const MigrationStep& step,
                             const std::vector<std::string>& heads) {
  HeadMaintainer maintainer(map, heads);
  return maintainer.update_to_step(step);
}

}  // namespace retort::migrations
