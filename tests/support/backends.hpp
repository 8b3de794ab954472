// Test support: the backends a test suite runs on. SQLite always; PostgreSQL
// and MariaDB when scripts/test.sh exported their URLs. With CI set, a missing
// backend is a failing test, never a silent skip.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <memory>
#include <optional>

#include "retort/engine/migration_support.hpp"
#include "retort/retort.hpp"

namespace retort::testing {

struct Backend {
  std::string name;  // "sqlite", "postgresql", "mysql"
  std::string url;   // empty: not configured (fails under CI)
};

// gtest prints the backend by name in failure messages.
inline void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

// The backends to instantiate parameterised suites with.
std::vector<Backend> backends();
// Only the server backends (for tests that need a server, e.g. killing a connection).
std::vector<Backend> server_backends();
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);
// A fresh SQLite file URL in a per-process temporary folder.
std::string fresh_sqlite_url(const std::string& stem = "test");

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  Engine make_engine(EngineOptions opts = {}) const;
  const std::string& url() const { return GetParam().url; }
  const std::string& name() const { return GetParam().name; }
  bool is(std::string_view n) const { return GetParam().name == n; }
  // Drops the tables if they exist (committed).
  void drop_tables(Connection& conn, std::initializer_list<std::string_view> tables) const;
  // Holds a server-wide lock called `name` (the migration lock of the
  // dialect) until the test object is destroyed, so that tests running in
  // other processes (ctest -j) on the same tables wait for each other instead
  // of dropping them under each other. Nothing on SQLite: each test has a file
  // of its own.
  void serialize_with(std::string_view name);

 private:
  std::optional<Engine> lock_engine_;  // before lock_: destroyed after it
  std::unique_ptr<AdvisoryLock> lock_;
};

}  // namespace retort::testing
