// Pool tests that need a server: a backend killed behind the pool's back,
// on every server backend configured through RETORT_TEST_POSTGRESQL_URL and
// RETORT_TEST_MYSQL_URL (not instantiated when unset; failing when CI is set).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "retort/engine/dialect.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/pool.hpp"
#include "retort/engine/url.hpp"
#include "support/backends.hpp"

namespace {

using namespace retort;
using namespace std::chrono_literals;

std::int64_t scalar(DriverConnection& c, std::string_view sql) {
  auto cur = c.execute(sql, {});
  std::vector<Value> row(cur->columns()->size());
  if (!cur->fetch(row)) throw std::runtime_error("no row from " + std::string(sql));
  return row.at(0).as<std::int64_t>().value();
}

// Backend-specific SQL. The id is appended as a literal: MySQL cannot
// prepare KILL ?.
struct ServerSql {
  std::string id;     // this connection's backend id
  std::string alive;  // + id: how many backends have that id
  std::string kill;   // + id + kill_end
  std::string kill_end;
};

class PoolBackendTest : public retort::testing::BackendTest {
 protected:
  ServerSql sql() const {
    if (is("postgresql"))
      return {"SELECT pg_backend_pid()", "SELECT count(*) FROM pg_stat_activity WHERE pid = ",
              "SELECT pg_terminate_backend(", ")"};
    return {"SELECT CONNECTION_ID()",
            "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ", "KILL ", ""};
  }

  // Kills a backend from another connection and waits until it is gone.
  void kill(std::int64_t id) {
    auto u = URL::parse(url());
    auto killer = dialect_for(u).connect(u, {});
    const std::string sid = std::to_string(id);
    const ServerSql q = sql();
    killer->execute(q.kill + sid + q.kill_end, {});
    // Termination is asynchronous: wait until the server has let it go.
    for (int i = 0; i < 100 && scalar(*killer, q.alive + sid) != 0; ++i)
      std::this_thread::sleep_for(50ms);
    ASSERT_EQ(scalar(*killer, q.alive + sid), 0) << "backend " << id << " survived";
  }

  std::shared_ptr<Pool> make(bool pre_ping) {
    PoolOptions o;
    o.kind = PoolKind::Queue;
    o.pool_size = 2;
    o.pool_timeout = 5;
    o.pool_pre_ping = pre_ping;
    auto u = std::make_shared<const URL>(URL::parse(url()));
    return Pool::create(
        o, [u] { return dialect_for(*u).connect(*u, {}); },
        [](DriverConnection& c) { c.rollback(); }, nullptr);
  }
};

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PoolBackendTest);

TEST_P(PoolBackendTest, PrePingReconnectsAfterBackendKilled) {
  auto pool = make(true);
  std::int64_t id = 0;
  {
    auto c = pool->checkout();
    id = scalar(c.dbapi(), sql().id);
  }
  ASSERT_NO_FATAL_FAILURE(kill(id));
  EXPECT_EQ(pool->status().connects, 1u);
  auto c = pool->checkout();  // the dead one fails its ping and is replaced
  EXPECT_EQ(scalar(c.dbapi(), "SELECT 1"), 1);
  EXPECT_NE(scalar(c.dbapi(), sql().id), id);
  auto s = pool->status();
  EXPECT_EQ(s.connects, 2u);
  EXPECT_EQ(s.invalidations, 1u);
  EXPECT_EQ(s.closes, 1u);
}

TEST_P(PoolBackendTest, WithoutPrePingDeadConnectionIsInvalidatedByCaller) {
  auto pool = make(false);
  std::int64_t id = 0;
  {
    auto c = pool->checkout();
    id = scalar(c.dbapi(), sql().id);
  }
  ASSERT_NO_FATAL_FAILURE(kill(id));
  {
    auto c = pool->checkout();
    try {
      (void)scalar(c.dbapi(), "SELECT 1");
      ADD_FAILURE() << "a killed connection answered";
    } catch (const DBAPIError& e) {
      EXPECT_TRUE(e.connection_invalidated()) << e.what();
      c.invalidate();  // what the engine does with such an error
    }
  }
  EXPECT_EQ(pool->status().closes, 1u);
  auto c = pool->checkout();
  EXPECT_EQ(scalar(c.dbapi(), "SELECT 1"), 1);
  EXPECT_EQ(pool->status().connects, 2u);
}

INSTANTIATE_TEST_SUITE_P(Servers, PoolBackendTest,
                         ::testing::ValuesIn(retort::testing::server_backends()),
                         retort::testing::backend_name);

}  // namespace
