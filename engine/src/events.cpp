// Event listeners. The listener list is copy-on-write: listen() and remove()
// build a new vector and swap the shared_ptr under the mutex, so dispatch()
// only holds the mutex long enough to copy the pointer and then runs the
// listeners unlocked. A listener may therefore add or remove listeners (even
// itself) without deadlocking, and a slow listener never blocks another thread.
#include "retort/engine/events.hpp"

#include <algorithm>
#include <utility>

namespace retort {

ListenerId Events::listen(EventKind kind, Listener fn) {
  std::lock_guard lk(mu_);
  auto next = std::make_shared<std::vector<Entry>>();
  next->reserve(entries_->size() + 1);
  *next = *entries_;
  const ListenerId id = next_id_++;
  next->push_back(Entry{id, kind, std::move(fn)});
  entries_ = std::move(next);
  // Incremented after the entry is published: has() may briefly say "no
  // listener" for one that is being added, which is the same as the listener
  // arriving a moment later.
  counts_[static_cast<std::size_t>(kind)].fetch_add(1, std::memory_order_relaxed);
  return id;
}

bool Events::remove(ListenerId id) {
  std::lock_guard lk(mu_);
  const auto it = std::find_if(entries_->begin(), entries_->end(),
                               [id](const Entry& e) { return e.id == id; });
  if (it == entries_->end()) return false;
  const EventKind kind = it->kind;
  auto next = std::make_shared<std::vector<Entry>>();
  next->reserve(entries_->size() - 1);
  for (const Entry& e : *entries_) {
    if (e.id != id) next->push_back(e);
  }
  entries_ = std::move(next);
  counts_[static_cast<std::size_t>(kind)].fetch_sub(1, std::memory_order_relaxed);
  return true;
}

void Events::dispatch(const Event& e) const {
  if (!has(e.kind)) return;  // the common case: nobody listens, no lock taken
  std::shared_ptr<const std::vector<Entry>> snapshot;
  {
    std::lock_guard lk(mu_);
    snapshot = entries_;
  }
  // The snapshot keeps the listeners alive even if they are removed while
  // running; a listener removed concurrently may thus still see this event.
  for (const Entry& entry : *snapshot) {
    if (entry.kind == e.kind) entry.fn(e);
  }
}

}  // namespace retort
