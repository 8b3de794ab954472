// Connection pools after SQLAlchemy's QueuePool / NullPool / StaticPool.
//
// Accounting: `total` counts slots, i.e. connections that are open or being
// opened, idle or checked out. A checkout takes an idle record or reserves a
// slot under the mutex, then does all network I/O (Creator, ping, reset,
// closing) with the mutex released; a failed connect gives its slot back.
// checked_out is derived as total - idle, exactly like SQLAlchemy's
// QueuePool.checkedout(), so a connection being opened counts as checked out.
//
// A checked-out record is owned by its PooledConnection (as a raw pointer
// released from the unique_ptr the pool held) and re-adopted at checkin.
#include "retort/engine/pool.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <utility>

#include "retort/engine/dialect.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/events.hpp"

namespace retort {

using Clock = std::chrono::steady_clock;

namespace detail {

struct ConnectionRecord {
  std::unique_ptr<DriverConnection> conn;
  // Declared after conn so that it is destroyed first: the engine's statement
  // cache kept here holds prepared statements of `conn`.
  std::shared_ptr<void> user_state;
  Clock::time_point created;
  // Creation order; invalidate_all()/dispose() compare against it instead of
  // timestamps so that "before now" is exact even within one clock tick.
  std::uint64_t generation = 0;
  bool invalidated = false;  // PooledConnection::invalidate() or a failed reset
};

}  // namespace detail

using Rec = detail::ConnectionRecord;

struct Pool::Impl {
  Creator creator;
  Reset reset;
  Events* events = nullptr;
  PoolKind kind = PoolKind::Queue;
  int size = 0;      // pool_size as reported by status()
  int max_idle = 0;  // idle connections kept; -1 = no limit
  int limit = 0;     // open connections allowed; -1 = no limit

  mutable std::mutex mu;
  std::condition_variable cv;  // signalled when an idle record or a slot frees up
  std::deque<std::unique_ptr<Rec>> idle;
  int total = 0;
  std::uint64_t next_generation = 1;

  // Records with a generation below these are stale. Atomic so that checkin
  // can skip resetting a doomed connection without taking the mutex; the
  // decision is re-checked under the mutex.
  std::atomic<std::uint64_t> invalid_before{0};  // invalidate_all(): counted as invalidations
  std::atomic<std::uint64_t> dispose_before{0};  // dispose(): plain closes

  std::atomic<std::uint64_t> connects{0}, closes{0}, checkouts{0}, invalidations{0},
      timeouts{0};

  bool stale(const Rec& r) const {
    return r.generation < invalid_before.load(std::memory_order_relaxed) ||
           r.generation < dispose_before.load(std::memory_order_relaxed);
  }

  bool room() const { return limit < 0 || total < limit; }

  // Closing does network I/O (a terminate message), so never under the mutex.
  void close(std::unique_ptr<Rec> rec) {
    if (!rec) return;
    rec.reset();
    closes.fetch_add(1, std::memory_order_relaxed);
  }

  void release_slot() {
    {
      std::lock_guard lk(mu);
      --total;
    }
    cv.notify_one();
  }

  void fire(EventKind k, DriverConnection* c) const {
    if (events && events->has(k)) {
      Event e{};
      e.kind = k;
      e.dbapi_connection = c;
      events->dispatch(e);
    }
  }

  // Opens a connection into a slot the caller already holds. On failure the
  // slot is given back and the exception propagates.
  std::unique_ptr<Rec> open() {
    std::unique_ptr<Rec> rec;
    try {
      rec = std::make_unique<Rec>();
      rec->conn = creator();
      if (!rec->conn) throw InvalidRequestError("pool creator returned no connection");
    } catch (...) {
      release_slot();
      throw;
    }
    rec->created = Clock::now();
    {
      std::lock_guard lk(mu);
      rec->generation = next_generation++;
    }
    connects.fetch_add(1, std::memory_order_relaxed);
    try {
      fire(EventKind::Connect, rec->conn.get());
    } catch (...) {
      // As SQLAlchemy does: a connection whose connect hook failed is not used.
      close(std::move(rec));
      release_slot();
      throw;
    }
    return rec;
  }

  bool too_old(const Rec& r, double recycle) const {
    if (recycle < 0) return false;
    return std::chrono::duration<double>(Clock::now() - r.created).count() > recycle;
  }

  std::string timeout_message(double timeout) const {
    char buf[160];
    if (kind == PoolKind::Single) {
      std::snprintf(buf, sizeof buf,
                    "single-connection pool: the connection is in use, connection timed out, "
                    "timeout %.2f",
                    timeout);
    } else {
      std::snprintf(buf, sizeof buf,
                    "QueuePool limit of size %d overflow %d reached, connection timed out, "
                    "timeout %.2f",
                    size, limit < 0 ? -1 : limit - size, timeout);
    }
    return buf;
  }
};

// ---------------------------------------------------------------------------
// PoolStatus

std::string PoolStatus::str() const {
  // SQLAlchemy's QueuePool.status() wording, double space included.
  return "Pool size: " + std::to_string(pool_size) +
         "  Connections in pool: " + std::to_string(checked_in) +
         " Current Overflow: " + std::to_string(overflow) +
         " Current Checked out connections: " + std::to_string(checked_out);
}

// ---------------------------------------------------------------------------
// PooledConnection

PooledConnection::PooledConnection(PooledConnection&& o) noexcept
    : pool_(std::move(o.pool_)), record_(std::exchange(o.record_, nullptr)) {}

PooledConnection& PooledConnection::operator=(PooledConnection&& o) noexcept {
  if (this != &o) {
    try {
      release();
    } catch (...) {
      // A Checkin listener threw; the connection went back to the pool anyway.
    }
    pool_ = std::move(o.pool_);
    record_ = std::exchange(o.record_, nullptr);
  }
  return *this;
}

PooledConnection::~PooledConnection() {
  try {
    release();
  } catch (...) {
    // Only a Checkin listener can throw here, after the connection was returned.
  }
}

DriverConnection& PooledConnection::dbapi() const {
  if (!record_) throw ResourceClosedError("this pooled connection is closed");
  return *record_->conn;
}

void PooledConnection::invalidate() {
  if (record_) record_->invalidated = true;
}

void PooledConnection::release() {
  if (!record_) return;
  // The local shared_ptr keeps the pool alive until checkin is done even when
  // this was its last owner.
  auto pool = std::move(pool_);
  pool->checkin(std::exchange(record_, nullptr));
}

std::shared_ptr<void>& PooledConnection::user_state() {
  if (!record_) throw ResourceClosedError("this pooled connection is closed");
  return record_->user_state;
}

// ---------------------------------------------------------------------------
// Pool

std::shared_ptr<Pool> Pool::create(PoolOptions opts, Creator creator, Reset reset,
                                   Events* events) {
  if (!creator) throw ArgumentError("Pool: a creator is required");
  if (opts.pool_size < 0) throw ArgumentError("pool_size must be >= 0");
  if (opts.max_overflow < -1) throw ArgumentError("max_overflow must be >= -1");
  if (!(opts.pool_timeout >= 0)) throw ArgumentError("pool_timeout must be >= 0");
  if (std::isnan(opts.pool_recycle)) throw ArgumentError("pool_recycle must be a number");
  return std::shared_ptr<Pool>(
      new Pool(std::move(opts), std::move(creator), std::move(reset), events));
}

Pool::Pool(PoolOptions opts, Creator creator, Reset reset, Events* events)
    : opts_(std::move(opts)), impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.creator = std::move(creator);
  d.reset = std::move(reset);
  d.events = events;
  d.kind = opts_.kind.value_or(PoolKind::Queue);
  opts_.kind = d.kind;
  switch (d.kind) {
    case PoolKind::Queue:
      d.size = opts_.pool_size;
      // pool_size 0 means "no limit on idle connections", as in SQLAlchemy.
      d.max_idle = opts_.pool_size == 0 ? -1 : opts_.pool_size;
      d.limit = opts_.max_overflow < 0 ? -1 : opts_.pool_size + opts_.max_overflow;
      break;
    case PoolKind::Null:
      d.size = 0;
      d.max_idle = 0;
      d.limit = -1;
      break;
    case PoolKind::Single:
      d.size = 1;
      d.max_idle = 1;
      d.limit = 1;
      break;
  }
}

// Idle connections close with impl_; none can be checked out, since every
// PooledConnection holds a shared_ptr to its pool.
Pool::~Pool() = default;

PooledConnection Pool::checkout() {
  Impl& d = *impl_;
  std::unique_ptr<Rec> rec;
  bool replace = false;
  {
    std::unique_lock lk(d.mu);
    // Clamped so that a huge pool_timeout cannot overflow the clock.
    const double wait_s = std::min(opts_.pool_timeout, 1e7);
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(wait_s));
    for (;;) {
      if (!d.idle.empty()) {
        if (opts_.use_lifo) {
          rec = std::move(d.idle.back());
          d.idle.pop_back();
        } else {
          rec = std::move(d.idle.front());
          d.idle.pop_front();
        }
        break;
      }
      if (d.room()) {
        ++d.total;  // the slot is ours; open() gives it back if connecting fails
        break;
      }
      if (Clock::now() >= deadline) {
        d.timeouts.fetch_add(1, std::memory_order_relaxed);
        throw TimeoutError(d.timeout_message(opts_.pool_timeout));
      }
      d.cv.wait_until(lk, deadline);
    }
    // Soft-invalidated (invalidate_all) or past pool_recycle: replace it,
    // keeping its slot.
    if (rec && (d.stale(*rec) || d.too_old(*rec, opts_.pool_recycle))) {
      d.invalidations.fetch_add(1, std::memory_order_relaxed);
      replace = true;
    }
  }

  if (replace) d.close(std::move(rec));
  if (rec && opts_.pool_pre_ping) {
    bool alive = false;
    try {
      alive = rec->conn->ping();
    } catch (...) {
      alive = false;  // a ping that cannot even run means the connection is gone
    }
    if (!alive) {
      d.invalidations.fetch_add(1, std::memory_order_relaxed);
      d.close(std::move(rec));
      // A dead connection usually means the server restarted or dropped us:
      // the other connections opened until now are probably dead as well.
      invalidate_all();
    }
  }
  // A fresh connection is not pinged: it has just proven it can talk.
  if (!rec) rec = d.open();

  PooledConnection pc(shared_from_this(), rec.release());
  d.checkouts.fetch_add(1, std::memory_order_relaxed);
  // If a Checkout listener throws, pc's destructor returns the connection.
  d.fire(EventKind::Checkout, pc.record_->conn.get());
  return pc;
}

void Pool::checkin(detail::ConnectionRecord* raw) {
  Impl& d = *impl_;
  std::unique_ptr<Rec> rec(raw);
  std::exception_ptr listener_error;
  try {
    // SQLAlchemy passes no DBAPI connection for an invalidated record.
    d.fire(EventKind::Checkin, rec->invalidated ? nullptr : rec->conn.get());
  } catch (...) {
    // Finish returning the connection first; the caller sees this afterwards.
    listener_error = std::current_exception();
  }

  if (rec->invalidated) {
    d.invalidations.fetch_add(1, std::memory_order_relaxed);
  } else if (d.kind != PoolKind::Null && !d.stale(*rec) && opts_.reset_on_return && d.reset) {
    // Null pools and stale records are closed right away, and closing rolls
    // back; no need for a round trip to a connection that is going away.
    try {
      d.reset(*rec->conn);
    } catch (...) {
      // The transaction state is unknown: the connection cannot be reused.
      rec->invalidated = true;
      d.invalidations.fetch_add(1, std::memory_order_relaxed);
    }
  }

  bool keep = false;
  {
    std::lock_guard lk(d.mu);
    keep = !rec->invalidated && d.kind != PoolKind::Null && !d.stale(*rec) &&
           (d.max_idle < 0 || static_cast<int>(d.idle.size()) < d.max_idle);
    if (keep) {
      d.idle.push_back(std::move(rec));
    } else if (!rec->invalidated &&
               rec->generation < d.invalid_before.load(std::memory_order_relaxed)) {
      d.invalidations.fetch_add(1, std::memory_order_relaxed);
    }
  }
  if (keep) {
    d.cv.notify_one();
  } else {
    // Closed before its slot is freed, so that the number of connections
    // really open never exceeds the limit (as SQLAlchemy does).
    d.close(std::move(rec));
    d.release_slot();
  }

  if (listener_error) std::rethrow_exception(listener_error);
}

PoolStatus Pool::status() const {
  const Impl& d = *impl_;
  PoolStatus s;
  {
    std::lock_guard lk(d.mu);
    s.pool_size = d.size;
    s.checked_in = static_cast<int>(d.idle.size());
    s.checked_out = d.total - s.checked_in;
    s.overflow = d.total - d.size;
  }
  s.connects = d.connects.load(std::memory_order_relaxed);
  s.closes = d.closes.load(std::memory_order_relaxed);
  s.checkouts = d.checkouts.load(std::memory_order_relaxed);
  s.invalidations = d.invalidations.load(std::memory_order_relaxed);
  s.timeouts = d.timeouts.load(std::memory_order_relaxed);
  return s;
}

void Pool::dispose() {
  Impl& d = *impl_;
  std::deque<std::unique_ptr<Rec>> old;
  {
    std::lock_guard lk(d.mu);
    old.swap(d.idle);
    // Connections out now are closed at their checkin.
    d.dispose_before.store(d.next_generation, std::memory_order_relaxed);
  }
  // Their slots stay taken until they are closed (see checkin).
  for (auto& r : old) d.close(std::move(r));
  {
    std::lock_guard lk(d.mu);
    d.total -= static_cast<int>(old.size());
  }
  d.cv.notify_all();  // every freed slot may serve a waiter
}

void Pool::invalidate_all() {
  Impl& d = *impl_;
  std::lock_guard lk(d.mu);
  d.invalid_before.store(d.next_generation, std::memory_order_relaxed);
}

}  // namespace retort
