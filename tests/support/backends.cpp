#include "support/backends.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

namespace retort::testing {

namespace {
bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && *ci && std::string_view(ci) != "0" && std::string_view(ci) != "false";
}

void add_server(std::vector<Backend>& out, const char* name, const char* env) {
  const char* url = std::getenv(env);
  if (url && *url)
    out.push_back({name, url});
  else if (in_ci())
    out.push_back({name, ""});  // instantiated so that it fails loudly
}
}  // namespace

std::vector<Backend> server_backends() {
  std::vector<Backend> out;
  add_server(out, "postgresql", "RETORT_TEST_POSTGRESQL_URL");
  add_server(out, "mysql", "RETORT_TEST_MYSQL_URL");
  return out;
}

std::vector<Backend> backends() {
  std::vector<Backend> out{{"sqlite", "sqlite-fresh"}};
  for (auto& b : server_backends()) out.push_back(b);
  return out;
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param.name;
}

std::string fresh_sqlite_url(const std::string& stem) {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() /
             ("retort-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
  }();
  static std::atomic<int> counter{0};
  auto path = dir / (stem + "-" + std::to_string(++counter) + ".db");
  return "sqlite:///" + path.string();
}

void BackendTest::SetUp() {
  if (GetParam().url.empty())
    FAIL() << "backend " << GetParam().name
           << " is not configured (RETORT_TEST_*_URL unset) and CI is set: scripts/test.sh "
              "must start it";
}

Engine BackendTest::make_engine(EngineOptions opts) const {
  std::string u = GetParam().url == "sqlite-fresh" ? fresh_sqlite_url(name()) : GetParam().url;
  return create_engine(u, std::move(opts));
}

void BackendTest::drop_tables(Connection& conn,
                              std::initializer_list<std::string_view> tables) const {
  for (auto t : tables)
    conn.execute("DROP TABLE IF EXISTS " + conn.dialect().quote_identifier(t));
  conn.commit();
}

void BackendTest::serialize_with(std::string_view name) {
  if (GetParam().name == "sqlite") return;
  lock_engine_.emplace(create_engine(GetParam().url));
  auto& support = migration_support(lock_engine_->dialect());
  lock_ = support.acquire_lock(*lock_engine_, name,
                               std::chrono::steady_clock::now() + std::chrono::minutes(5), {});
  if (!lock_) FAIL() << "test lock '" << name << "' not free within 5 minutes";
}

}  // namespace retort::testing
