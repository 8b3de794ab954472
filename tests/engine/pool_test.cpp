// Pool and Events tests against real SQLite connections (files, and :memory:
// for the single-connection pool). What only a server can show, a backend
// killed behind the pool's back, is in pool_server_test.cpp.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "retort/engine/dialect.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/events.hpp"
#include "retort/engine/pool.hpp"
#include "retort/engine/url.hpp"

namespace {

using namespace retort;
using namespace std::chrono_literals;

std::int64_t scalar(DriverConnection& c, std::string_view sql, std::span<const Value> params = {}) {
  auto cur = c.execute(sql, params);
  std::vector<Value> row(cur->columns()->size());
  if (!cur->fetch(row)) throw std::runtime_error("no row from " + std::string(sql));
  return row.at(0).as<std::int64_t>().value();
}

Pool::Creator creator_for(const std::string& url_text) {
  auto url = std::make_shared<const URL>(URL::parse(url_text));
  return [url] { return dialect_for(*url).connect(*url, {}); };
}

void rollback(DriverConnection& c) { c.rollback(); }

// A fresh SQLite database file per test.
class PoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "retort-pool-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    url_ = "sqlite:///" + (dir_ / "test.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::shared_ptr<Pool> make(PoolOptions o, Pool::Reset reset = rollback,
                             Events* events = nullptr) {
    return Pool::create(o, creator_for(url_), std::move(reset), events);
  }
  static PoolOptions queue(int size, int overflow) {
    PoolOptions o;
    o.kind = PoolKind::Queue;
    o.pool_size = size;
    o.max_overflow = overflow;
    o.pool_timeout = 0.2;
    return o;
  }

  std::filesystem::path dir_;
  std::string url_;
};

TEST_F(PoolTest, StatusCountsSizeAndOverflow) {
  auto pool = make(queue(2, 1));
  auto s = pool->status();
  EXPECT_EQ(s.pool_size, 2);
  EXPECT_EQ(s.overflow, -2);
  EXPECT_EQ(s.checked_out, 0);

  std::vector<PooledConnection> out;
  for (int i = 0; i < 3; ++i) out.push_back(pool->checkout());
  s = pool->status();
  EXPECT_EQ(s.checked_out, 3);
  EXPECT_EQ(s.checked_in, 0);
  EXPECT_EQ(s.overflow, 1);
  EXPECT_EQ(s.connects, 3u);
  EXPECT_EQ(s.checkouts, 3u);

  out[0].release();
  EXPECT_FALSE(out[0]);
  EXPECT_EQ(pool->status().str(),
            "Pool size: 2  Connections in pool: 1 Current Overflow: 1 "
            "Current Checked out connections: 2");
  out.clear();  // the third one finds the pool full (2 idle) and is closed
  s = pool->status();
  EXPECT_EQ(s.checked_in, 2);
  EXPECT_EQ(s.checked_out, 0);
  EXPECT_EQ(s.overflow, 0);
  EXPECT_EQ(s.closes, 1u);
  EXPECT_EQ(s.connects - s.closes, 2u);
}

TEST_F(PoolTest, ExhaustedPoolTimesOut) {
  auto pool = make(queue(1, 1));
  auto a = pool->checkout();
  auto b = pool->checkout();
  try {
    (void)pool->checkout();
    FAIL() << "expected TimeoutError";
  } catch (const TimeoutError& e) {
    EXPECT_STREQ(e.what(),
                 "QueuePool limit of size 1 overflow 1 reached, connection timed out, "
                 "timeout 0.20");
  }
  EXPECT_EQ(pool->status().timeouts, 1u);
  EXPECT_EQ(pool->status().checked_out, 2);
}

TEST_F(PoolTest, WaiterGetsReturnedConnection) {
  auto o = queue(1, 0);
  o.pool_timeout = 30;
  auto pool = make(o);
  auto a = pool->checkout();
  DriverConnection* first = &a.dbapi();
  std::atomic<DriverConnection*> got{nullptr};
  std::thread waiter([&] { got = &pool->checkout().dbapi(); });
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(got.load(), nullptr);  // still waiting
  a.release();
  waiter.join();
  EXPECT_EQ(got.load(), first);
  EXPECT_EQ(pool->status().connects, 1u);
  EXPECT_EQ(pool->status().timeouts, 0u);
}

TEST_F(PoolTest, FifoAndLifoOrder) {
  for (bool lifo : {false, true}) {
    auto o = queue(3, 0);
    o.use_lifo = lifo;
    auto pool = make(o);
    std::vector<PooledConnection> out;
    std::vector<DriverConnection*> addr;
    for (int i = 0; i < 3; ++i) {
      out.push_back(pool->checkout());
      addr.push_back(&out.back().dbapi());
    }
    for (auto& c : out) c.release();  // returned in order 0, 1, 2
    auto next = pool->checkout();
    EXPECT_EQ(&next.dbapi(), lifo ? addr[2] : addr[0]) << "use_lifo=" << lifo;
  }
}

TEST_F(PoolTest, RecycleReplacesOldConnections) {
  auto o = queue(1, 0);
  o.pool_recycle = 0.2;  // long enough that a loaded machine still reuses below
  auto pool = make(o);
  pool->checkout().release();
  pool->checkout().release();  // young enough: reused
  EXPECT_EQ(pool->status().connects, 1u);
  std::this_thread::sleep_for(250ms);
  auto c = pool->checkout();
  EXPECT_EQ(scalar(c.dbapi(), "SELECT 1"), 1);
  auto s = pool->status();
  EXPECT_EQ(s.connects, 2u);
  EXPECT_EQ(s.closes, 1u);
  EXPECT_EQ(s.invalidations, 1u);
}

TEST_F(PoolTest, PrePingKeepsLiveConnection) {
  auto o = queue(1, 0);
  o.pool_pre_ping = true;
  auto pool = make(o);
  for (int i = 0; i < 3; ++i) pool->checkout().release();
  EXPECT_EQ(pool->status().connects, 1u);
  EXPECT_EQ(pool->status().invalidations, 0u);
}

TEST_F(PoolTest, InvalidateClosesAtCheckin) {
  auto pool = make(queue(2, 0));
  auto c = pool->checkout();
  c.invalidate();
  c.release();
  auto s = pool->status();
  EXPECT_EQ(s.closes, 1u);
  EXPECT_EQ(s.invalidations, 1u);
  EXPECT_EQ(s.checked_in, 0);
  EXPECT_EQ(s.overflow, -2);  // the slot is free again
  pool->checkout().release();
  EXPECT_EQ(pool->status().connects, 2u);
}

TEST_F(PoolTest, ResetOnReturnRollsBack) {
  auto pool = make(queue(1, 0));
  {
    auto c = pool->checkout();
    c.dbapi().execute("CREATE TABLE t (x INTEGER)", {});
    c.dbapi().begin();
    c.dbapi().execute("INSERT INTO t VALUES (1)", {});
    EXPECT_EQ(scalar(c.dbapi(), "SELECT count(*) FROM t"), 1);
  }
  auto c = pool->checkout();
  EXPECT_EQ(pool->status().connects, 1u);  // the same connection, rolled back
  EXPECT_EQ(scalar(c.dbapi(), "SELECT count(*) FROM t"), 0);
}

TEST_F(PoolTest, ResetThatThrowsInvalidates) {
  auto pool = make(queue(1, 0), [](DriverConnection&) { throw std::runtime_error("reset failed"); });
  pool->checkout().release();
  auto s = pool->status();
  EXPECT_EQ(s.closes, 1u);
  EXPECT_EQ(s.invalidations, 1u);
  EXPECT_EQ(s.checked_in, 0);
}

TEST_F(PoolTest, InvalidateAllReplacesIdleAndClosesOutstanding) {
  auto pool = make(queue(2, 0));
  auto idle = pool->checkout();
  auto out = pool->checkout();
  idle.release();
  pool->invalidate_all();
  out.release();  // opened before invalidate_all: closed at checkin
  EXPECT_EQ(pool->status().closes, 1u);
  auto c = pool->checkout();  // the idle one is stale: replaced
  EXPECT_EQ(scalar(c.dbapi(), "SELECT 1"), 1);
  auto s = pool->status();
  EXPECT_EQ(s.connects, 3u);
  EXPECT_EQ(s.closes, 2u);
  EXPECT_EQ(s.invalidations, 2u);
}

TEST_F(PoolTest, DisposeClosesIdleNowAndOutstandingAtCheckin) {
  auto pool = make(queue(2, 0));
  auto a = pool->checkout();
  pool->checkout().release();
  pool->dispose();
  auto s = pool->status();
  EXPECT_EQ(s.closes, 1u);
  EXPECT_EQ(s.checked_in, 0);
  EXPECT_EQ(s.checked_out, 1);
  a.release();
  s = pool->status();
  EXPECT_EQ(s.closes, 2u);
  EXPECT_EQ(s.overflow, -2);
  pool->checkout().release();  // works after dispose, with a new connection
  EXPECT_EQ(pool->status().connects, 3u);
}

TEST_F(PoolTest, UserStateLivesWithTheConnection) {
  auto pool = make(queue(1, 0));
  auto state = std::make_shared<int>(42);
  std::weak_ptr<int> watch = state;
  {
    auto c = pool->checkout();
    EXPECT_EQ(c.user_state(), nullptr);
    c.user_state() = std::move(state);
  }
  {
    auto c = pool->checkout();
    ASSERT_NE(c.user_state(), nullptr);
    EXPECT_EQ(*std::static_pointer_cast<int>(c.user_state()), 42);
    c.invalidate();
  }
  EXPECT_TRUE(watch.expired());
  EXPECT_EQ(pool->checkout().user_state(), nullptr);
}

TEST_F(PoolTest, FailedConnectGivesTheSlotBack) {
  auto url = std::make_shared<const URL>(URL::parse("sqlite:///" + (dir_ / "no/such/dir/x.db").string()));
  auto pool = Pool::create(queue(1, 0), [url] { return dialect_for(*url).connect(*url, {}); },
                           rollback, nullptr);
  EXPECT_THROW((void)pool->checkout(), DBAPIError);
  EXPECT_THROW((void)pool->checkout(), DBAPIError);  // not TimeoutError: the slot came back
  auto s = pool->status();
  EXPECT_EQ(s.overflow, -1);
  EXPECT_EQ(s.checked_out, 0);
  EXPECT_EQ(s.connects, 0u);
}

TEST_F(PoolTest, EventsFireAndCanBeRemoved) {
  Events ev;
  std::vector<std::string> log;
  std::atomic<int> connects{0}, checkouts{0}, checkins{0};
  auto a = ev.listen(EventKind::Connect, [&](const Event& e) {
    EXPECT_NE(e.dbapi_connection, nullptr);
    ++connects;
  });
  auto b = ev.listen(EventKind::Checkout, [&](const Event&) { ++checkouts; });
  auto c = ev.listen(EventKind::Checkin, [&](const Event&) {
    ++checkins;
    log.push_back("checkin");
  });
  auto pool = make(queue(1, 0), [&](DriverConnection& conn) {
    log.push_back("reset");
    conn.rollback();
  }, &ev);
  pool->checkout().release();
  pool->checkout().release();
  EXPECT_EQ(connects, 1);
  EXPECT_EQ(checkouts, 2);
  EXPECT_EQ(checkins, 2);
  EXPECT_EQ(log, (std::vector<std::string>{"checkin", "reset", "checkin", "reset"}));

  EXPECT_TRUE(ev.remove(a));
  EXPECT_TRUE(ev.remove(b));
  EXPECT_TRUE(ev.remove(c));
  EXPECT_FALSE(ev.remove(c));
  EXPECT_FALSE(ev.has(EventKind::Checkout));
  pool->dispose();
  pool->checkout().release();
  EXPECT_EQ(connects, 1);
  EXPECT_EQ(checkouts, 2);
  EXPECT_EQ(checkins, 2);
}

TEST_F(PoolTest, ListenerExceptionPropagatesAndConnectionReturns) {
  Events ev;
  auto id = ev.listen(EventKind::Checkout, [](const Event&) { throw std::runtime_error("no"); });
  auto pool = make(queue(1, 0), rollback, &ev);
  EXPECT_THROW((void)pool->checkout(), std::runtime_error);
  EXPECT_EQ(pool->status().checked_out, 0);
  EXPECT_EQ(pool->status().checked_in, 1);
  ev.remove(id);

  ev.listen(EventKind::Connect, [](const Event&) { throw std::runtime_error("no"); });
  pool->dispose();
  EXPECT_THROW((void)pool->checkout(), std::runtime_error);
  auto s = pool->status();
  EXPECT_EQ(s.checked_out, 0);
  EXPECT_EQ(s.connects - s.closes, 0u);
}

TEST(EventsTest, DispatchInOrderAndListenFromListener) {
  Events ev;
  std::vector<int> order;
  ev.listen(EventKind::Begin, [&](const Event&) { order.push_back(1); });
  ListenerId self = 0;
  self = ev.listen(EventKind::Begin, [&](const Event&) {
    order.push_back(2);
    ev.remove(self);  // removing itself while dispatching must not deadlock
    ev.listen(EventKind::Commit, [](const Event&) {});
  });
  ev.listen(EventKind::Begin, [&](const Event&) { order.push_back(3); });
  Event e{};
  e.kind = EventKind::Begin;
  ev.dispatch(e);
  ev.dispatch(e);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 1, 3}));
  EXPECT_TRUE(ev.has(EventKind::Commit));
  EXPECT_FALSE(ev.has(EventKind::Rollback));
}

TEST_F(PoolTest, NullPoolOpensAndClosesPerCheckout) {
  Events ev;
  int checkins = 0;
  ev.listen(EventKind::Checkin, [&](const Event&) { ++checkins; });
  PoolOptions o;
  o.kind = PoolKind::Null;
  auto pool = make(o, rollback, &ev);
  {
    auto a = pool->checkout();
    auto b = pool->checkout();
    EXPECT_EQ(pool->status().checked_out, 2);
  }
  pool->checkout().release();
  auto s = pool->status();
  EXPECT_EQ(s.connects, 3u);
  EXPECT_EQ(s.closes, 3u);
  EXPECT_EQ(s.checked_in, 0);
  EXPECT_EQ(s.checked_out, 0);
  EXPECT_EQ(checkins, 3);
}

TEST_F(PoolTest, SinglePoolSerialisesOneConnection) {
  PoolOptions o;
  o.kind = PoolKind::Single;
  o.pool_timeout = 0.2;
  url_ = "sqlite://";  // in memory: the reason this pool exists
  auto pool = make(o);
  DriverConnection* conn = nullptr;
  {
    auto c = pool->checkout();
    conn = &c.dbapi();
    c.dbapi().execute("CREATE TABLE t (x INTEGER)", {});
    c.dbapi().execute("INSERT INTO t VALUES (1)", {});
    EXPECT_THROW((void)pool->checkout(), TimeoutError);
  }
  {
    auto c = pool->checkout();  // same connection, same in-memory data
    EXPECT_EQ(&c.dbapi(), conn);
    EXPECT_EQ(scalar(c.dbapi(), "SELECT count(*) FROM t"), 1);
  }
  // Threads take turns: never two holders at once.
  o.pool_timeout = 30;
  auto shared = make(o);
  std::atomic<int> holders{0}, max_holders{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        auto c = shared->checkout();
        int h = ++holders;
        int m = max_holders;
        while (h > m && !max_holders.compare_exchange_weak(m, h)) {
        }
        std::this_thread::yield();
        --holders;
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(max_holders, 1);
  EXPECT_EQ(shared->status().connects, 1u);
  EXPECT_EQ(shared->status().closes, 0u);
}

TEST_F(PoolTest, ManyThreadsNoLeakNoDeadlock) {
  auto o = queue(4, 4);
  o.pool_timeout = 60;
  auto pool = make(o);
  constexpr int kThreads = 16, kIters = 10000;
  std::atomic<bool> done{false};
  std::atomic<int> max_open{0};
  std::thread monitor([&] {
    while (!done) {
      auto s = pool->status();
      int open = s.checked_in + s.checked_out;
      if (open > max_open) max_open = open;
      std::this_thread::sleep_for(1ms);
    }
  });
  std::vector<std::thread> ts;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kIters; ++i) {
        try {
          auto c = pool->checkout();
          if ((i + t) % 64 == 0 && scalar(c.dbapi(), "SELECT 1") != 1) ++failures;
          if (i % 4 == 0) std::this_thread::yield();  // hold it a little: contention
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  for (auto& t : ts) t.join();
  done = true;
  monitor.join();
  auto s = pool->status();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(s.checked_out, 0);
  EXPECT_EQ(s.checkouts, std::uint64_t{kThreads} * kIters);
  EXPECT_LE(s.checked_in, 4);
  EXPECT_LE(max_open, 8);
  EXPECT_LE(s.connects - s.closes, 8u);
  EXPECT_EQ(s.connects - s.closes, static_cast<std::uint64_t>(s.checked_in));
  EXPECT_EQ(s.timeouts, 0u);
}

}  // namespace
