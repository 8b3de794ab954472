// Reflection benchmark: retort's batched Inspector::reflect() against
// SQLAlchemy 1.4's MetaData.reflect() (bench/reflect_sqlalchemy.py, run with
// Debian's /usr/bin/python3) on the same generated schema, in one run.
//
// The schema: N tables (default 1,000), each with 8 columns, 2 indexes, a
// unique constraint and a foreign key (table i to table i/2; the first
// refers to itself). SQLite gets a file in a temporary folder, PostgreSQL
// and MySQL a database created for the run and dropped afterwards.
//
// Targets: retort at least 10x faster than SQLAlchemy on every backend, and
// under 1 s on PostgreSQL and SQLite. Missed targets are reported, not fatal.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/engine/url.hpp"

#ifndef RETORT_REFLECT_SQLALCHEMY_SCRIPT
#define RETORT_REFLECT_SQLALCHEMY_SCRIPT "bench/reflect_sqlalchemy.py"
#endif

namespace {

using retort::bench::Backend;
using retort::bench::env;
using retort::bench::median;
using retort::bench::random_suffix;

struct Options {
  int tables = 1000;
  int reps = 5;
  int sa_reps = 3;
  std::vector<std::string> backends;
  std::string python = "/usr/bin/python3";
  std::string script = RETORT_REFLECT_SQLALCHEMY_SCRIPT;
  bool skip_sqlalchemy = false;
};

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: retort_reflect_bench [--tables N] [--reps N] [--sa-reps N]\n"
               "         [--backend sqlite|postgresql|mysql]... [--python PATH] [--script PATH]\n"
               "         [--no-sqlalchemy]\n"
               "Servers: RETORT_BENCH_POSTGRESQL_URL (else RETORT_TEST_POSTGRESQL_URL),\n"
               "         RETORT_BENCH_MYSQL_URL (else RETORT_TEST_MYSQL_URL).\n");
}

Options parse_args(int argc, char** argv) {
  Options o;
  auto count = [&](int& i, int min) {
    if (i + 1 >= argc) {
      usage(stderr);
      std::exit(2);
    }
    const long v = std::strtol(argv[++i], nullptr, 10);
    if (v < min) {
      std::fprintf(stderr, "%s must be at least %d\n", argv[i - 1], min);
      std::exit(2);
    }
    return static_cast<int>(v);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--tables") {
      o.tables = count(i, 2);
    } else if (a == "--reps") {
      o.reps = count(i, 1);
    } else if (a == "--sa-reps") {
      o.sa_reps = count(i, 1);
    } else if ((a == "--backend" || a == "--python" || a == "--script") && i + 1 < argc) {
      const std::string v = argv[++i];
      if (a == "--python") {
        o.python = v;
      } else if (a == "--script") {
        o.script = v;
      } else if (v == "sqlite" || v == "postgresql" || v == "mysql") {
        o.backends.push_back(v);
      } else {
        std::fprintf(stderr, "unknown backend '%s'\n", v.c_str());
        std::exit(2);
      }
    } else if (a == "--no-sqlalchemy") {
      o.skip_sqlalchemy = true;
    } else if (a == "-h" || a == "--help") {
      usage(stdout);
      std::exit(0);
    } else {
      usage(stderr);
      std::exit(2);
    }
  }
  if (o.backends.empty()) o.backends = {"sqlite", "postgresql", "mysql"};
  return o;
}

// The generated schema, in the backend's SQL. Table i refers to table i/2:
// a tree, since a chain of 1,000 foreign keys overflows the Python stack
// when SQLAlchemy follows them table by table.
std::vector<std::string> schema_sql(const std::string& dialect, int tables) {
  const bool my = dialect == "mysql";
  const std::string ts = my ? "DATETIME" : "TIMESTAMP";
  std::vector<std::string> out;
  for (int i = 0; i < tables; ++i) {
    const std::string t = "t" + std::to_string(i);
    const std::string ref = "t" + std::to_string(i / 2);
    std::string sql = "CREATE TABLE " + t +
                      " (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER,"
                      " code VARCHAR(40) NOT NULL, name VARCHAR(100),"
                      " amount NUMERIC(12,2) DEFAULT 0, created_at " +
                      ts +
                      " DEFAULT CURRENT_TIMESTAMP, flag BOOLEAN DEFAULT FALSE, note TEXT,"
                      " CONSTRAINT uq_" +
                      t +
                      "_code UNIQUE (code),"
                      " CONSTRAINT fk_" +
                      t + "_parent FOREIGN KEY (parent_id) REFERENCES " + ref + " (id)";
    if (my) {  // inline: one statement per table is much faster on InnoDB
      sql += ", INDEX ix_" + t + "_name (name), INDEX ix_" + t + "_created (created_at, flag))";
      out.push_back(sql);
    } else {
      out.push_back(sql + ")");
      out.push_back("CREATE INDEX ix_" + t + "_name ON " + t + " (name)");
      out.push_back("CREATE INDEX ix_" + t + "_created ON " + t + " (created_at, flag)");
    }
  }
  return out;
}

// What reflection must find, so that a fast wrong answer cannot pass.
void check(const retort::MetaData& md, int tables) {
  if (static_cast<int>(md.tables().size()) != tables)
    throw std::runtime_error("reflected " + std::to_string(md.tables().size()) + " tables, not " +
                             std::to_string(tables));
  for (const auto& t : md.tables()) {
    if (t->columns.size() != 8 || t->indexes.size() != 2 || t->unique_constraints.size() != 1 ||
        t->foreign_keys.size() != 1 || !t->primary_key)
      throw std::runtime_error("table " + t->name + " was reflected incompletely");
  }
}

// Runs the SQLAlchemy side; returns its median seconds. The URL goes through
// the environment so that the password stays out of the process list.
std::optional<double> run_sqlalchemy(const Options& o, const Backend& b, int tables) {
  ::setenv("RETORT_REFLECT_SA_URL", b.sqlalchemy_url.c_str(), 1);
  const std::string cmd = "'" + o.python + "' '" + o.script + "' --reps " +
                          std::to_string(o.sa_reps) + " --expect-tables " + std::to_string(tables);
  FILE* p = ::popen(cmd.c_str(), "r");
  ::unsetenv("RETORT_REFLECT_SA_URL");
  if (!p) return std::nullopt;
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  const int rc = ::pclose(p);
  const auto at = out.find("seconds=");
  if (rc != 0 || at == std::string::npos) {
    std::fprintf(stderr, "  SQLAlchemy run failed (exit %d): %s\n", rc, out.c_str());
    return std::nullopt;
  }
  return std::strtod(out.c_str() + at + 8, nullptr);
}

// MariaDB's information_schema opens every table of the schema for each
// query; with table caches smaller than the schema, each query evicts what
// the previous one opened. Worth knowing when reading the MySQL numbers.
void note_mysql_caches(const retort::Engine& engine, int tables) {
  auto conn = engine.connect();
  auto row = conn.execute("SELECT @@table_open_cache, @@table_definition_cache").one();
  const auto open = row.get<std::int64_t>(0).value_or(0);
  const auto defs = row.get<std::int64_t>(1).value_or(0);
  std::printf("NOTE: mysql table_open_cache=%lld table_definition_cache=%lld%s\n",
              static_cast<long long>(open), static_cast<long long>(defs),
              std::min(open, defs) < tables ? " (smaller than the schema: tables are reopened)"
                                            : "");
}

struct Result {
  std::string backend;
  double retort_s = 0;
  std::optional<double> sqlalchemy_s;
  bool under_1s_required = false;
};

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_args(argc, argv);
  std::vector<Result> results;
  int failures = 0;
  const auto tmp =
      std::filesystem::temp_directory_path() / ("retort-reflect-bench-" + random_suffix());

  for (const std::string& name : opt.backends) {
    std::optional<Backend> b;
    try {
      if (name == "sqlite") {
        std::filesystem::create_directories(tmp);
        const std::string path = (tmp / "bench.db").string();
        b = Backend{name, "sqlite:///" + path, "sqlite:///" + path, [tmp] {
                      std::error_code ec;
                      std::filesystem::remove_all(tmp, ec);
                    }};
      } else {
        const auto url = name == "postgresql"
                             ? env("RETORT_BENCH_POSTGRESQL_URL", "RETORT_TEST_POSTGRESQL_URL")
                             : env("RETORT_BENCH_MYSQL_URL", "RETORT_TEST_MYSQL_URL");
        if (!url) {
          std::printf("%-10s skipped: no server URL in the environment\n", name.c_str());
          continue;
        }
        b = retort::bench::server_backend(name, *url, "rt_reflect_bench_");
      }
      std::fprintf(stderr, "[%s] creating %d tables...\n", name.c_str(), opt.tables);
      auto engine = retort::create_engine(b->url);
      {
        // Committed in chunks: one transaction holding thousands of table
        // locks would exhaust PostgreSQL's lock table.
        auto conn = engine.connect();
        int n = 0;
        for (const auto& sql : schema_sql(name, opt.tables)) {
          conn.execute(sql);
          if (++n % 300 == 0) conn.commit();
        }
        conn.commit();
      }
      if (name == "mysql") note_mysql_caches(engine, opt.tables);
      Result r{name, 0, std::nullopt, name != "mysql"};
      {
        auto conn = engine.connect();
        std::vector<double> times;
        for (int i = 0; i <= opt.reps; ++i) {  // the first run warms up
          const auto t0 = std::chrono::steady_clock::now();
          retort::MetaData md = retort::Inspector(conn).reflect();
          const auto t1 = std::chrono::steady_clock::now();
          check(md, opt.tables);
          if (i > 0) times.push_back(std::chrono::duration<double>(t1 - t0).count());
        }
        r.retort_s = median(times);
      }
      engine.dispose();
      std::fprintf(stderr, "[%s] retort: %.4f s; running SQLAlchemy...\n", name.c_str(),
                   r.retort_s);
      if (!opt.skip_sqlalchemy) {
        r.sqlalchemy_s = run_sqlalchemy(opt, *b, opt.tables);
        if (!r.sqlalchemy_s) ++failures;
      }
      results.push_back(r);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "[%s] FAILED: %s\n", name.c_str(), e.what());
      ++failures;
    }
    if (b) retort::bench::drop(*b);
  }

  std::printf(
      "\nReflecting %d tables (8 columns, 2 indexes, 1 unique, 1 foreign key each);"
      " medians of %d retort and %d SQLAlchemy runs\n\n",
      opt.tables, opt.reps, opt.sa_reps);
  std::printf("%-11s %12s %16s %9s  %s\n", "backend", "retort (s)", "SQLAlchemy (s)", "ratio",
              "target met");
  for (const auto& r : results) {
    const double ratio = r.sqlalchemy_s ? *r.sqlalchemy_s / r.retort_s : 0;
    const bool fast = !r.under_1s_required || r.retort_s < 1.0;
    const bool ok = fast && (!r.sqlalchemy_s || ratio >= 10.0);
    char sa[32] = "-", rt[32] = "-";
    if (r.sqlalchemy_s) {
      std::snprintf(sa, sizeof sa, "%.3f", *r.sqlalchemy_s);
      std::snprintf(rt, sizeof rt, "%.1fx", ratio);
    }
    std::printf("%-11s %12.4f %16s %9s  %s\n", r.backend.c_str(), r.retort_s, sa, rt,
                ok ? "yes" : "NO");
    if (!fast)
      std::printf("TARGET MISSED: %s reflect took %.3f s (target < 1 s)\n", r.backend.c_str(),
                  r.retort_s);
    if (r.sqlalchemy_s && ratio < 10.0)
      std::printf("TARGET MISSED: %s only %.1fx faster than SQLAlchemy (target >= 10x)\n",
                  r.backend.c_str(), ratio);
  }
  std::printf("\n");
  for (const auto& r : results)
    std::printf("BENCH workload=reflect backend=%s tables=%d retort_s=%.4f sqlalchemy_s=%s\n",
                r.backend.c_str(), opt.tables, r.retort_s,
                r.sqlalchemy_s ? std::to_string(*r.sqlalchemy_s).c_str() : "-");
  return failures ? 1 : 0;
}
