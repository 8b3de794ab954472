#include "bench_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <cstdlib>

#include "retort/engine/engine.hpp"
#include "retort/engine/url.hpp"

namespace retort::bench {

std::optional<std::string> env(const char* a, const char* b) {
  for (const char* name : {a, b}) {
    const char* v = std::getenv(name);
    if (v && *v) return std::string(v);
  }
  return std::nullopt;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string random_suffix() {
  return std::to_string(::getpid()) + "_" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000);
}

Backend server_backend(const std::string& name, const std::string& server_url,
                       const std::string& prefix) {
  const std::string db = prefix + random_suffix();
  EngineOptions admin_opts;
  admin_opts.isolation_level = "AUTOCOMMIT";  // CREATE DATABASE cannot run in a transaction
  auto admin = create_engine(server_url, admin_opts);
  {
    auto conn = admin.connect();
    conn.execute("CREATE DATABASE " + db);
  }
  URL u = URL::parse(server_url);
  u.database = db;
  Backend b{name, u.render(false), "", nullptr};
  u.drivername = name == "postgresql" ? "postgresql+psycopg2" : "mysql+pymysql";
  b.sqlalchemy_url = u.render(false);
  b.drop = [admin, db, name] {
    auto conn = admin.connect();
    conn.execute(std::string("DROP DATABASE ") + (name == "postgresql" ? "IF EXISTS " : "") + db +
                 (name == "postgresql" ? " WITH (FORCE)" : ""));
  };
  return b;
}

void drop(const Backend& b) {
  if (!b.drop) return;
  try {
    b.drop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "[%s] cleanup failed: %s\n", b.name.c_str(), e.what());
  }
}

}  // namespace retort::bench
