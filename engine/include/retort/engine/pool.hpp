// Connection pooling with SQLAlchemy's QueuePool semantics, plus NullPool and
// a single-connection pool (SQLite :memory:). Pools are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace retort {

class DriverConnection;
class Events;

enum class PoolKind {
  Queue,   // pool_size kept open, up to max_overflow more on demand
  Null,    // a new connection per checkout, closed at checkin
  Single,  // one connection shared in turn (in-memory SQLite); waits like Queue
};

struct PoolOptions {
  std::optional<PoolKind> kind;     // default: Single for in-memory SQLite, else Queue
  int pool_size = 5;                // connections kept open when idle
  int max_overflow = 10;            // extra connections beyond pool_size; -1 = no limit
  double pool_timeout = 30.0;       // seconds to wait for a connection, then TimeoutError
  double pool_recycle = -1;         // seconds after which a connection is replaced; -1 never
  bool pool_pre_ping = false;       // test connections at checkout, reconnect if dead
  bool use_lifo = false;            // reuse the most recently returned connection first
  bool reset_on_return = true;      // roll back at checkin
};

struct PoolStatus {
  int pool_size = 0;       // configured size
  int checked_in = 0;      // idle connections in the pool
  int checked_out = 0;     // connections in use
  int overflow = 0;        // open connections beyond pool_size (negative: room left)
  std::uint64_t connects = 0;      // DBAPI connections opened
  std::uint64_t closes = 0;        // DBAPI connections closed (connects - closes = open now)
  std::uint64_t checkouts = 0;
  std::uint64_t invalidations = 0; // connections discarded as broken or recycled
  std::uint64_t timeouts = 0;
  std::string str() const;  // "Pool size: 5  Connections in pool: 2 ..."
};

namespace detail {
struct ConnectionRecord;
}

class Pool;

// A checked-out connection; returns itself to the pool when destroyed.
class PooledConnection {
 public:
  PooledConnection() = default;
  PooledConnection(PooledConnection&&) noexcept;
  PooledConnection& operator=(PooledConnection&&) noexcept;
  ~PooledConnection();

  DriverConnection& dbapi() const;
  explicit operator bool() const { return record_ != nullptr; }
  // Marks the connection broken: it is closed at checkin, never reused.
  void invalidate();
  // Returns the connection to the pool now.
  void release();
  // Per-connection state the engine keeps across checkouts (statement caches).
  std::shared_ptr<void>& user_state();

 private:
  friend class Pool;
  PooledConnection(std::shared_ptr<Pool> pool, detail::ConnectionRecord* rec)
      : pool_(std::move(pool)), record_(rec) {}
  std::shared_ptr<Pool> pool_;
  detail::ConnectionRecord* record_ = nullptr;
};

class Pool : public std::enable_shared_from_this<Pool> {
 public:
  using Creator = std::function<std::unique_ptr<DriverConnection>()>;
  // reset: run on a connection returning to the pool (rollback); may throw,
  // which invalidates the connection.
  using Reset = std::function<void(DriverConnection&)>;

  static std::shared_ptr<Pool> create(PoolOptions opts, Creator creator, Reset reset,
                                      Events* events);
  ~Pool();

  PooledConnection checkout();
  PoolStatus status() const;
  const PoolOptions& options() const { return opts_; }
  // Closes idle connections; connections out now are closed at their checkin.
  void dispose();
  // Soft invalidation of every connection opened before now (after a
  // disconnect was detected): each is replaced at its next checkout.
  void invalidate_all();

 private:
  struct Impl;
  Pool(PoolOptions opts, Creator creator, Reset reset, Events* events);
  friend class PooledConnection;
  void checkin(detail::ConnectionRecord* rec);
  PoolOptions opts_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace retort
