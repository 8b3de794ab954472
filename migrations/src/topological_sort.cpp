// Alembic 1.8's _topological_sort, the order of every upgrade, downgrade and history, in
// linear time for real histories.
//
// Alembic keeps a list of "current heads" (cursors) and walks down from one of them: a
// revision is emitted only when no other cursor descends from it; otherwise the walk switches
// to the first such cursor in the list. When a revision is emitted its cursor moves to the
// first revision below it (the others below are appended to the list), or, with nothing left
// below, the cursor is dropped and the walk resumes at the previous cursor in the list.
// Alembic recomputes ancestor sets to ask "does another cursor descend from it"; here a count
// of not-yet-emitted revisions directly above each revision answers that in O(1). Only when
// the walk must switch is the list searched, from both ends at once: upwards from the blocked
// revision through what is still waiting above it, and downwards from the cursors in list
// order; whichever finishes first gives the answer.
#include "detail/topological_sort.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <utility>

#include "retort/migrations/errors.hpp"

namespace retort::migrations::detail {
namespace {

enum State : std::uint8_t { kOut = 0, kTodo = 1, kHull = 2, kDone = 3 };

class Sorter {
 public:
  Sorter(const Graph& g, const Collected& c)
      : g_(g),
        c_(c),
        state_(g.size(), kOut),
        pending_(g.size(), 0),
        slot_of_(g.size(), -1),
        up_seen_(g.size()),
        down_seen_(g.size()) {}

  std::vector<NodeId> run();

 private:
  bool live(NodeId m) const {
    const auto s = state_[static_cast<std::size_t>(m)];
    return s == kTodo || s == kHull;
  }
  void mark_hull();
  void append(NodeId n);
  void start_cursors();
  std::int32_t switch_target(std::int32_t cur);
  std::int32_t emit(std::int32_t cur);

  const Graph& g_;
  const Collected& c_;
  std::vector<std::uint8_t> state_;
  std::vector<std::int32_t> pending_;  // live revisions directly above
  // The cursor list as a linked list of slots. A slot keeps its place when its cursor moves
  // down, and new slots go to the end, so slot numbers increase along the list.
  struct Slot {
    NodeId node;
    std::int32_t prev, next;
  };
  std::vector<Slot> slots_;
  std::int32_t first_ = -1, last_ = -1;
  std::vector<std::int32_t> slot_of_;  // node -> its slot while it is a cursor, else -1
  NodeSet up_seen_, down_seen_;
  std::vector<NodeId> stack_;
  std::vector<std::pair<NodeId, std::size_t>> up_stack_, down_stack_;  // (node, next edge)
  std::vector<NodeId> out_;
};

// Revisions outside the set that lie between two of its members still order them (Alembic
// asks about ancestors in the whole graph): mark them as the "hull", pruned by rank.
void Sorter::mark_hull() {
  std::int32_t min_rank = INT32_MAX;
  for (NodeId t : c_.todo) {
    state_[static_cast<std::size_t>(t)] = kTodo;
    min_rank = std::min(min_rank, g_.node(t).rank);
  }
  std::vector<NodeId> outside;
  NodeSet seen(g_.size());
  auto visit_below = [&](NodeId v) {
    for (NodeId d : g_.node(v).norm_down) {
      if (state_[static_cast<std::size_t>(d)] == kOut && g_.node(d).rank > min_rank &&
          seen.insert(d)) {
        stack_.push_back(d);
      }
    }
  };
  for (NodeId t : c_.todo) visit_below(t);
  while (!stack_.empty()) {
    const NodeId x = stack_.back();
    stack_.pop_back();
    outside.push_back(x);
    visit_below(x);
  }
  std::sort(outside.begin(), outside.end(),
            [&](NodeId a, NodeId b) { return g_.node(a).rank < g_.node(b).rank; });
  for (NodeId x : outside) {
    const auto& down = g_.node(x).norm_down;
    if (std::any_of(down.begin(), down.end(), [&](NodeId d) { return live(d); })) {
      state_[static_cast<std::size_t>(x)] = kHull;
    }
  }
  auto count_above = [&](NodeId v) {
    for (NodeId d : g_.node(v).norm_down) {
      if (live(d)) ++pending_[static_cast<std::size_t>(d)];
    }
  };
  for (NodeId t : c_.todo) count_above(t);
  for (NodeId x : outside) {
    if (state_[static_cast<std::size_t>(x)] == kHull) count_above(x);
  }
}

void Sorter::append(NodeId n) {
  const auto slot = static_cast<std::int32_t>(slots_.size());
  slots_.push_back({n, last_, -1});
  if (last_ >= 0) {
    slots_[static_cast<std::size_t>(last_)].next = slot;
  } else {
    first_ = slot;
  }
  last_ = slot;
  slot_of_[static_cast<std::size_t>(n)] = slot;
}

// The starting cursors: the heads that are in the set, in load order.
void Sorter::start_cursors() {
  std::vector<NodeId> heads;
  for (const Ref& h : c_.heads) {
    if (!h.is_node()) throw RevisionError("cannot order revisions from 'base'");
    if (state_[static_cast<std::size_t>(h.v)] == kTodo) heads.push_back(h.v);
  }
  std::sort(heads.begin(), heads.end());
  heads.erase(std::unique(heads.begin(), heads.end()), heads.end());
  for (NodeId h : heads) append(h);
}

// The slot of the first cursor (in list order) that descends from the blocked cursor in
// `cur`. Two searches run in alternation with doubling budgets; the first to finish answers.
std::int32_t Sorter::switch_target(std::int32_t cur) {
  const NodeId cand = slots_[static_cast<std::size_t>(cur)].node;
  const std::int32_t floor = g_.node(cand).rank;
  // Upwards: every live revision above `cand`; the first slot among them.
  std::int32_t up_best = INT32_MAX;
  up_seen_.clear();
  up_seen_.insert(cand);
  up_stack_.assign(1, {cand, 0});
  // Downwards: cursors in list order, each searched down to `cand`'s rank; revisions seen by
  // an earlier, failed search cannot reach `cand` and are not searched again.
  down_seen_.clear();
  down_stack_.clear();
  std::int32_t j = first_;
  bool down_done = false;
  std::int32_t found = -1;

  for (std::size_t budget = 32;; budget *= 2) {
    // One edge per step, so that a revision with thousands of children costs its share.
    for (std::size_t step = 0; step < budget && !up_stack_.empty(); ++step) {
      auto& [v, edge] = up_stack_.back();
      const auto& next = g_.node(v).norm_next;
      if (edge == next.size()) {
        up_stack_.pop_back();
        continue;
      }
      const NodeId m = next[edge++];
      if (live(m) && up_seen_.insert(m)) {
        if (slot_of_[static_cast<std::size_t>(m)] >= 0) {
          up_best = std::min(up_best, slot_of_[static_cast<std::size_t>(m)]);
        }
        up_stack_.push_back({m, 0});
      }
    }
    if (up_stack_.empty()) {
      found = up_best == INT32_MAX ? -1 : up_best;
      break;
    }
    for (std::size_t step = 0; step < budget && !down_done && found < 0; ++step) {
      if (down_stack_.empty()) {
        // Next cursor to test.
        while (j >= 0) {
          const NodeId n = slots_[static_cast<std::size_t>(j)].node;
          if (j != cur && g_.node(n).rank > floor && down_seen_.insert(n)) break;
          j = slots_[static_cast<std::size_t>(j)].next;
        }
        if (j < 0) {
          down_done = true;
          break;
        }
        down_stack_.push_back({slots_[static_cast<std::size_t>(j)].node, 0});
      }
      auto& [v, edge] = down_stack_.back();
      const auto& down = g_.node(v).norm_down;
      if (edge == down.size()) {
        down_stack_.pop_back();
        if (down_stack_.empty()) j = slots_[static_cast<std::size_t>(j)].next;
        continue;
      }
      const NodeId d = down[edge++];
      if (d == cand) {
        found = j;
      } else if (live(d) && g_.node(d).rank > floor && down_seen_.insert(d)) {
        down_stack_.push_back({d, 0});
      }
    }
    if (found >= 0 || down_done) break;
  }
  if (found < 0) {
    throw RevisionError("cannot order the revisions: " + g_.id(cand) +
                        " waits for revisions that are never reached");
  }
  return found;
}

// Emits the cursor in `cur` and moves the cursor list on, as Alembic does; returns the
// cursor to look at next (-1 when the list is empty).
std::int32_t Sorter::emit(std::int32_t cur) {
  Slot& slot = slots_[static_cast<std::size_t>(cur)];
  const NodeId cand = slot.node;
  out_.push_back(cand);
  state_[static_cast<std::size_t>(cand)] = kDone;
  slot_of_[static_cast<std::size_t>(cand)] = -1;
  // Release what is below; hull revisions with nothing left above are done too.
  stack_.assign(g_.node(cand).norm_down.begin(), g_.node(cand).norm_down.end());
  while (!stack_.empty()) {
    const NodeId d = stack_.back();
    stack_.pop_back();
    if (!live(d)) continue;
    if (--pending_[static_cast<std::size_t>(d)] == 0 &&
        state_[static_cast<std::size_t>(d)] == kHull) {
      state_[static_cast<std::size_t>(d)] = kDone;
      stack_.insert(stack_.end(), g_.node(d).norm_down.begin(), g_.node(d).norm_down.end());
    }
  }
  std::vector<NodeId> add;
  for (NodeId d : g_.node(cand).norm_down) {
    if (state_[static_cast<std::size_t>(d)] == kTodo && slot_of_[static_cast<std::size_t>(d)] < 0) {
      add.push_back(d);
    }
  }
  if (add.empty()) {
    // Drop the cursor; Alembic goes on with the previous one (or the new first one).
    const std::int32_t prev = slot.prev, next = slot.next;
    if (prev >= 0) {
      slots_[static_cast<std::size_t>(prev)].next = next;
    } else {
      first_ = next;
    }
    if (next >= 0) {
      slots_[static_cast<std::size_t>(next)].prev = prev;
    } else {
      last_ = prev;
    }
    return prev >= 0 ? prev : first_;
  }
  slot.node = add.front();
  slot_of_[static_cast<std::size_t>(add.front())] = cur;
  for (std::size_t i = 1; i < add.size(); ++i) append(add[i]);
  return cur;
}

std::vector<NodeId> Sorter::run() {
  mark_hull();
  start_cursors();
  out_.reserve(c_.todo.size());
  std::int32_t cur = first_;
  while (cur >= 0) {
    if (pending_[static_cast<std::size_t>(slots_[static_cast<std::size_t>(cur)].node)] > 0) {
      cur = switch_target(cur);
    } else {
      cur = emit(cur);
    }
  }
  if (out_.size() != c_.todo.size()) {
    std::vector<NodeId> left;
    for (NodeId t : c_.todo) {
      if (state_[static_cast<std::size_t>(t)] == kTodo) left.push_back(t);
    }
    throw RevisionError("cannot order the revisions: " + describe(g_, left) +
                        " cannot be reached from the upper end through down_revision");
  }
  return std::move(out_);
}

}  // namespace

std::vector<NodeId> topological_sort(const Graph& g, const Collected& c) {
  return Sorter(g, c).run();
}

}  // namespace retort::migrations::detail
