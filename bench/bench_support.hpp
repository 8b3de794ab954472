// What the benchmarks against SQLAlchemy/Alembic share: settings from the
// environment, medians, and a throwaway database of their own on a server.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace retort::bench {

// The first of the environment variables `a`, `b` that is set and not empty.
std::optional<std::string> env(const char* a, const char* b);

double median(std::vector<double> v);

// "<pid>_<n>": tells apart the folders and databases of runs at once.
std::string random_suffix();

// A database a benchmark runs in: its URL for retort and for SQLAlchemy.
struct Backend {
  std::string name;
  std::string url;             // for retort
  std::string sqlalchemy_url;  // for the Python side (psycopg2 / pymysql)
  std::function<void()> drop;  // removes what the run created
};

// A database of its own, `<prefix>` + random_suffix(), created on the server that
// `server_url` names; `drop` removes it.
Backend server_backend(const std::string& name, const std::string& server_url,
                       const std::string& prefix);
// Runs b.drop, if any; a failure is reported on stderr, not thrown.
void drop(const Backend& b);

}  // namespace retort::bench
