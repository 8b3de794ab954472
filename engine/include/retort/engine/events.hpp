// Engine and pool events, after SQLAlchemy's event.listen(engine, "...", fn).
// Listeners may be added and removed from any thread; dispatch is lock-free
// when an event has no listeners.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "retort/engine/value.hpp"

namespace retort {

class DriverConnection;

enum class EventKind {
  Connect,              // a new DBAPI connection was opened by the pool
  Checkout,             // a connection left the pool
  Checkin,              // a connection came back to the pool
  BeforeCursorExecute,  // a statement is about to run
  AfterCursorExecute,   // a statement ran without error
  HandleError,          // a statement or transaction command failed
  Begin,
  Commit,
  Rollback,
};
inline constexpr std::size_t kEventKindCount = 9;

struct Event {
  EventKind kind;
  DriverConnection* dbapi_connection = nullptr;
  std::string_view statement;              // cursor events: SQL as sent to the driver
  std::span<const Value> parameters;       // cursor events: positional values (flat when many)
  bool executemany = false;
  const std::exception* error = nullptr;   // HandleError: what was thrown
};

using Listener = std::function<void(const Event&)>;
using ListenerId = std::uint64_t;

class Events {
 public:
  Events() = default;
  Events(const Events&) = delete;
  Events& operator=(const Events&) = delete;

  ListenerId listen(EventKind kind, Listener fn);
  // Returns false when no listener has that id.
  bool remove(ListenerId id);
  bool has(EventKind kind) const noexcept {
    return counts_[static_cast<std::size_t>(kind)].load(std::memory_order_relaxed) != 0;
  }
  void dispatch(const Event& e) const;

 private:
  struct Entry {
    ListenerId id;
    EventKind kind;
    Listener fn;
  };
  mutable std::mutex mu_;
  std::shared_ptr<const std::vector<Entry>> entries_ = std::make_shared<std::vector<Entry>>();
  std::atomic<std::size_t> counts_[kEventKindCount] = {};
  ListenerId next_id_ = 1;
};

}  // namespace retort
