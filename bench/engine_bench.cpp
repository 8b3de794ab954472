// retort_engine_bench: retort::engine against the databases' own client APIs.
//
// For each backend (SQLite, PostgreSQL, MySQL/MariaDB), on the same database,
// alternating which side goes first, for several repetitions:
//   executemany  insert N rows in one transaction with bound parameters
//   select       read all N rows back, copying every column into user variables
// and reports the median times, retort / baseline, and the target ratio.
// The baselines are the C/C++ APIs used directly (sqlite3, libpqxx 6.4,
// libmariadb); see docs/benchmarks.md for exactly what each side does.
//
//   retort_engine_bench [--rows N] [--reps N] [--warmup N]
//                       [--backend sqlite|postgresql|mysql]... [--json PATH] [--no-extras]
//
// PostgreSQL / MySQL URLs come from RETORT_BENCH_POSTGRESQL_URL (else
// RETORT_TEST_POSTGRESQL_URL) and RETORT_BENCH_MYSQL_URL (else
// RETORT_TEST_MYSQL_URL); a backend without a URL is skipped with a note.
// Exits 0 when every backend ran, whether or not a target was met; 1 when a
// backend failed with an error; 2 for a usage error.

#include <mysql.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

#include "retort/engine/engine.hpp"
#include "retort/engine/url.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------
// The user's data and what reading it back must produce
// ---------------------------------------------------------------------------

struct UserRow {
  std::int64_t id = 0;
  std::string name;         // 20-40 characters
  std::string description;  // 40-60 characters
};

constexpr const char* kCreateTable =
    "CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, name VARCHAR(255), "
    "description VARCHAR(255))";
constexpr const char* kDropTable = "DROP TABLE IF EXISTS bench_rows";
constexpr const char* kInsertNamed =
    "INSERT INTO bench_rows (id, name, description) VALUES (:id, :name, :description)";
constexpr const char* kSelect = "SELECT id, name, description FROM bench_rows";

std::string words_to_length(std::mt19937_64& rng, std::size_t len) {
  static const char* const kWords[] = {
      "alpha",    "quartz",   "meadow",  "harbour", "lantern", "copper",  "violet",
      "granite",  "thistle",  "orchard", "cobalt",  "willow",  "ember",   "saffron",
      "juniper",  "marble",   "tundra",  "beacon",  "falcon",  "hazel",   "indigo",
      "kestrel",  "lagoon",   "nimbus",  "obsidian", "pepper", "raven",   "sierra",
      "tamarind", "umber",    "vesper",  "zephyr",  "account", "invoice", "shipment",
      "customer", "priority", "pending", "review",  "archive"};
  constexpr std::size_t kCount = sizeof(kWords) / sizeof(kWords[0]);
  std::string s;
  s.reserve(len + 12);
  while (s.size() < len) {
    if (!s.empty()) s += ' ';
    s += kWords[rng() % kCount];
  }
  s.resize(len);
  if (s.back() == ' ') s.back() = 'x';
  return s;
}

// Deterministic: the same rows every run.
std::vector<UserRow> make_rows(std::size_t n) {
  std::mt19937_64 rng(20240611);
  std::vector<UserRow> rows;
  rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    UserRow u;
    u.id = static_cast<std::int64_t>(i) + 1;
    u.name = "user" + std::to_string(u.id) + " " + words_to_length(rng, 14 + rng() % 20);
    u.description = words_to_length(rng, 40 + rng() % 21);
    rows.push_back(std::move(u));
  }
  return rows;
}

// Where a select copies each row: one int64 and two strings reused across rows.
struct ReadSink {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::uint64_t rows = 0;
  std::uint64_t checksum = 0;

  static std::uint64_t mix(std::int64_t id, const std::string& name, const std::string& desc) {
    std::uint64_t h = static_cast<std::uint64_t>(id) * 1000003u;
    h += name.size() * 131u + desc.size();
    if (!name.empty()) h += static_cast<unsigned char>(name.back()) * 7u;
    if (!desc.empty()) h += static_cast<unsigned char>(desc.front()) * 11u;
    return h;
  }
  void take() {
    ++rows;
    checksum += mix(id, name, description);
  }
  void clear() {
    rows = 0;
    checksum = 0;
  }
};

struct Dataset {
  std::vector<UserRow> rows;
  std::uint64_t checksum = 0;
};

// ---------------------------------------------------------------------------
// Sides: one thing that inserts and selects, timed from outside
// ---------------------------------------------------------------------------

class Side {
 public:
  virtual ~Side() = default;
  virtual void insert(const std::vector<UserRow>& rows) = 0;
  virtual void select(ReadSink& sink) = 0;
};

// ---- retort ---------------------------------------------------------------

void read_int(const retort::Value& v, std::int64_t& out) {
  if (v.holds<std::int64_t>())
    out = v.get_raw<std::int64_t>();
  else
    out = v.as<std::int64_t>().value_or(0);
}

void read_text(const retort::Value& v, std::string& out) {
  if (v.holds<std::string>())
    out = v.get_raw<std::string>();  // copy-assign: reuses out's capacity
  else
    out = v.as<std::string>().value_or(std::string());
}

class RetortSide final : public Side {
 public:
  // bulk: insert through executemany(stmt, count, fill), the allocation-free
  // form, instead of building a std::vector<retort::Params>.
  explicit RetortSide(const std::string& url, bool bulk = false)
      : bulk_(bulk), engine_(retort::create_engine(url)), conn_(engine_.connect()) {}

  // Outside the timed region.
  void reset_table() {
    conn_.execute(kDropTable);
    conn_.execute(kCreateTable);
    conn_.commit();
  }
  std::int64_t count_rows() {
    auto n = conn_.execute("SELECT COUNT(*) FROM bench_rows").scalar_as<std::int64_t>();
    conn_.commit();
    return n.value_or(-1);
  }
  std::string server_version() { return conn_.dbapi().server_version(); }
  std::string scalar_text(const std::string& sql) {
    auto v = conn_.execute(sql).scalar();
    conn_.commit();
    if (!v || v->is_null()) return "NULL";
    if (auto t = v->as<std::string>()) return *t;
    return v->repr();
  }

  void insert(const std::vector<UserRow>& rows) override {
    if (bulk_) {
      const retort::TextClause stmt(kInsertNamed);
      conn_.executemany(stmt, rows.size(), [&](std::size_t i, std::span<retort::Value> out) {
        const UserRow& u = rows[i];
        out[0].assign_int(u.id);
        out[1].assign_text(u.name);
        out[2].assign_text(u.description);
      });
      conn_.commit();
      return;
    }
    auto t0 = Clock::now();
    {
      // What a user does: turn their structs into parameter sets...
      std::vector<retort::Params> sets;
      sets.reserve(rows.size());
      for (const UserRow& u : rows) {
        retort::Params& p = sets.emplace_back();
        p.reserve(3);
        p.emplace_back("id", u.id);
        p.emplace_back("name", u.name);
        p.emplace_back("description", u.description);
      }
      auto t1 = Clock::now();
      // ...and hands them to executemany, in one transaction.
      const retort::TextClause stmt(kInsertNamed);
      conn_.executemany(stmt, sets);
      auto t2 = Clock::now();
      conn_.commit();
      t3_ = Clock::now();
      last_phases = {ms(t0, t1), ms(t1, t2), ms(t2, t3_), 0};
    }  // the parameter sets are freed here, inside the timed region
    last_phases[3] = ms(t3_, Clock::now());
  }

  void select(ReadSink& sink) override {
    const retort::TextClause stmt(kSelect);
    {
      retort::Result result = conn_.execute(stmt);
      for (const retort::Row& row : result) {
        const std::vector<retort::Value>& v = row.values();
        read_int(v[0], sink.id);
        read_text(v[1], sink.name);
        read_text(v[2], sink.description);
        sink.take();
      }
    }
    conn_.commit();
  }

  // Phases of the last insert: building the std::vector<Params>, executemany,
  // commit, freeing the std::vector<Params>.
  std::array<double, 4> last_phases{};

 private:
  static double ms(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  }
  Clock::time_point t3_;
  bool bulk_;
  retort::Engine engine_;
  retort::Connection conn_;
};

// ---- SQLite: the sqlite3 C API --------------------------------------------

[[noreturn]] void sqlite_fail(sqlite3* db, const char* what) {
  throw std::runtime_error(std::string("sqlite3: ") + what + ": " + sqlite3_errmsg(db));
}

class SqliteBaseline final : public Side {
 public:
  explicit SqliteBaseline(const std::string& path) {
    // The same open flags and settings as retort's SQLite driver.
    int rc = sqlite3_open_v2(path.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      throw std::runtime_error("sqlite3_open_v2(" + path + "): " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA foreign_keys = ON");
  }
  ~SqliteBaseline() override { sqlite3_close_v2(db_); }
  SqliteBaseline(const SqliteBaseline&) = delete;
  SqliteBaseline& operator=(const SqliteBaseline&) = delete;

  void insert(const std::vector<UserRow>& rows) override {
    exec("BEGIN");
    sqlite3_stmt* st = prepare("INSERT INTO bench_rows (id, name, description) VALUES (?, ?, ?)");
    for (const UserRow& u : rows) {
      sqlite3_bind_int64(st, 1, u.id);
      sqlite3_bind_text(st, 2, u.name.data(), static_cast<int>(u.name.size()), SQLITE_STATIC);
      sqlite3_bind_text(st, 3, u.description.data(), static_cast<int>(u.description.size()),
                        SQLITE_STATIC);
      if (sqlite3_step(st) != SQLITE_DONE) {
        sqlite3_finalize(st);
        sqlite_fail(db_, "step(INSERT)");
      }
      sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec("COMMIT");
  }

  void select(ReadSink& sink) override {
    sqlite3_stmt* st = prepare(kSelect);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      sink.id = sqlite3_column_int64(st, 0);
      auto* name = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
      sink.name.assign(name, static_cast<std::size_t>(sqlite3_column_bytes(st, 1)));
      auto* desc = reinterpret_cast<const char*>(sqlite3_column_text(st, 2));
      sink.description.assign(desc, static_cast<std::size_t>(sqlite3_column_bytes(st, 2)));
      sink.take();
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) sqlite_fail(db_, "step(SELECT)");
  }

 private:
  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) sqlite_fail(db_, sql);
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) sqlite_fail(db_, sql);
    return st;
  }
  sqlite3* db_ = nullptr;
};

// ---- PostgreSQL: libpqxx 6.4 ----------------------------------------------

std::string conninfo_quote(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string pg_conninfo(const retort::URL& url) {
  std::string ci;
  auto add = [&](std::string_view key, const std::string& value) {
    if (!ci.empty()) ci += ' ';
    ci += key;
    ci += '=';
    ci += conninfo_quote(value);
  };
  if (url.host) add("host", *url.host);
  if (url.port) add("port", std::to_string(*url.port));
  if (url.username) add("user", *url.username);
  if (url.password) add("password", *url.password);
  if (url.database && !url.database->empty()) add("dbname", *url.database);
  for (const auto& [k, v] : url.query) add(k, v);
  return ci;
}

// The baseline: a prepared statement executed once per row inside one
// pqxx::work, then commit; the select reads a pqxx::result.
class PqxxBaseline final : public Side {
 public:
  explicit PqxxBaseline(const retort::URL& url) : conn_(pg_conninfo(url)) {
    conn_.prepare("bench_insert",
                  "INSERT INTO bench_rows (id, name, description) VALUES ($1, $2, $3)");
  }

  void insert(const std::vector<UserRow>& rows) override {
    pqxx::work w(conn_);
    for (const UserRow& u : rows) w.exec_prepared("bench_insert", u.id, u.name, u.description);
    w.commit();
  }

  void select(ReadSink& sink) override {
    pqxx::work w(conn_);
    pqxx::result r = w.exec(kSelect);
    for (const pqxx::row& row : r) {
      sink.id = row[0].as<std::int64_t>();
      sink.name = row[1].c_str();
      sink.description = row[2].c_str();
      sink.take();
    }
    w.commit();
  }

  std::string server_version() {
    int v = conn_.server_version();
    return std::to_string(v / 10000) + "." + std::to_string(v % 10000);
  }

 private:
  pqxx::connection conn_;
};

// Informational: COPY through pqxx::stream_to.
class PqxxStreamTo final : public Side {
 public:
  explicit PqxxStreamTo(const retort::URL& url) : conn_(pg_conninfo(url)) {}
  void insert(const std::vector<UserRow>& rows) override {
    pqxx::work w(conn_);
    pqxx::stream_to stream(w, "bench_rows", std::vector<std::string>{"id", "name", "description"});
    for (const UserRow& u : rows) stream << std::make_tuple(u.id, u.name, u.description);
    stream.complete();
    w.commit();
  }
  void select(ReadSink&) override {}

 private:
  pqxx::connection conn_;
};

// SQL for a multi-row INSERT of `n` rows: "$1, $2, $3" (PostgreSQL) or "?, ?, ?".
std::string multirow_insert_sql(std::size_t n, bool dollar) {
  std::string sql = "INSERT INTO bench_rows (id, name, description) VALUES ";
  std::size_t k = 0;
  for (std::size_t r = 0; r < n; ++r) {
    sql += r ? ", (" : "(";
    for (int c = 0; c < 3; ++c) {
      if (c) sql += ", ";
      sql += dollar ? "$" + std::to_string(++k) : "?";
    }
    sql += ')';
  }
  return sql;
}

constexpr std::size_t kMultiRowBatch = 1000;

// Informational: prepared multi-row INSERTs of 1,000 rows (the shape retort's
// executemany sends), parameters as text through pqxx::prepare::make_dynamic_params.
class PqxxMultiRow final : public Side {
 public:
  explicit PqxxMultiRow(const retort::URL& url) : conn_(pg_conninfo(url)) {}
  void insert(const std::vector<UserRow>& rows) override {
    pqxx::work w(conn_);
    std::vector<std::string> params;
    for (std::size_t start = 0; start < rows.size(); start += kMultiRowBatch) {
      std::size_t n = std::min(kMultiRowBatch, rows.size() - start);
      std::string name = "bench_multi_" + std::to_string(n);
      if (prepared_.insert(n).second) conn_.prepare(name, multirow_insert_sql(n, true));
      params.clear();
      for (std::size_t i = start; i < start + n; ++i) {
        params.push_back(std::to_string(rows[i].id));
        params.push_back(rows[i].name);
        params.push_back(rows[i].description);
      }
      w.exec_prepared(name, pqxx::prepare::make_dynamic_params(params));
    }
    w.commit();
  }
  void select(ReadSink&) override {}

 private:
  pqxx::connection conn_;
  std::set<std::size_t> prepared_;
};

// ---- MySQL / MariaDB: libmariadb ------------------------------------------

class MariadbConn {
 public:
  explicit MariadbConn(const retort::URL& url) {
    m_ = mysql_init(nullptr);
    if (!m_) throw std::runtime_error("mysql_init failed");
    mysql_options(m_, MYSQL_SET_CHARSET_NAME, "utf8mb4");  // as retort's driver does
    const char* host = url.host ? url.host->c_str() : "127.0.0.1";
    const char* user = url.username ? url.username->c_str() : nullptr;
    const char* pass = url.password ? url.password->c_str() : nullptr;
    const char* db = url.database && !url.database->empty() ? url.database->c_str() : nullptr;
    unsigned port = url.port ? static_cast<unsigned>(*url.port) : 3306u;
    if (!mysql_real_connect(m_, host, user, pass, db, port, nullptr, CLIENT_FOUND_ROWS)) {
      std::string msg = mysql_error(m_);
      mysql_close(m_);
      throw std::runtime_error("mysql_real_connect: " + msg);
    }
  }
  ~MariadbConn() { mysql_close(m_); }
  MariadbConn(const MariadbConn&) = delete;
  MariadbConn& operator=(const MariadbConn&) = delete;

  MYSQL* get() const { return m_; }
  void query(const char* sql) {
    if (mysql_query(m_, sql) != 0) throw std::runtime_error(std::string(sql) + ": " + mysql_error(m_));
  }
  MYSQL_STMT* prepare(const std::string& sql) {
    MYSQL_STMT* st = mysql_stmt_init(m_);
    if (!st) throw std::runtime_error("mysql_stmt_init failed");
    if (mysql_stmt_prepare(st, sql.data(), sql.size()) != 0) fail(st, "mysql_stmt_prepare");
    return st;
  }
  [[noreturn]] static void fail(MYSQL_STMT* st, const char* what) {
    std::string msg = std::string(what) + ": " + mysql_stmt_error(st);
    mysql_stmt_close(st);
    throw std::runtime_error(msg);
  }

 private:
  MYSQL* m_ = nullptr;
};

void bind_row(MYSQL_BIND* b, const UserRow& u, unsigned long* lengths) {
  b[0].buffer_type = MYSQL_TYPE_LONGLONG;
  b[0].buffer = const_cast<std::int64_t*>(&u.id);
  b[1].buffer_type = MYSQL_TYPE_STRING;
  b[1].buffer = const_cast<char*>(u.name.data());
  b[1].buffer_length = u.name.size();
  lengths[0] = u.name.size();
  b[1].length = &lengths[0];
  b[2].buffer_type = MYSQL_TYPE_STRING;
  b[2].buffer = const_cast<char*>(u.description.data());
  b[2].buffer_length = u.description.size();
  lengths[1] = u.description.size();
  b[2].length = &lengths[1];
}

// The baseline: one prepared statement, mysql_stmt_bind_param +
// mysql_stmt_execute per row inside START TRANSACTION / COMMIT; the select
// binds result buffers, mysql_stmt_store_result, mysql_stmt_fetch.
class MariadbBaseline final : public Side {
 public:
  explicit MariadbBaseline(const retort::URL& url) : c_(url) {}

  void insert(const std::vector<UserRow>& rows) override {
    c_.query("START TRANSACTION");
    MYSQL_STMT* st =
        c_.prepare("INSERT INTO bench_rows (id, name, description) VALUES (?, ?, ?)");
    MYSQL_BIND b[3];
    unsigned long lengths[2];
    for (const UserRow& u : rows) {
      std::memset(b, 0, sizeof b);
      bind_row(b, u, lengths);
      if (mysql_stmt_bind_param(st, b)) MariadbConn::fail(st, "mysql_stmt_bind_param");
      if (mysql_stmt_execute(st) != 0) MariadbConn::fail(st, "mysql_stmt_execute");
    }
    mysql_stmt_close(st);
    c_.query("COMMIT");
  }

  void select(ReadSink& sink) override {
    MYSQL_STMT* st = c_.prepare(kSelect);
    if (mysql_stmt_execute(st) != 0) MariadbConn::fail(st, "mysql_stmt_execute");
    long long id = 0;
    unsigned long len[3] = {0, 0, 0};
    my_bool is_null[3] = {0, 0, 0};
    MYSQL_BIND r[3];
    std::memset(r, 0, sizeof r);
    r[0].buffer_type = MYSQL_TYPE_LONGLONG;
    r[0].buffer = &id;
    r[1].buffer_type = MYSQL_TYPE_STRING;
    r[1].buffer = name_buf;
    r[1].buffer_length = sizeof name_buf;
    r[2].buffer_type = MYSQL_TYPE_STRING;
    r[2].buffer = desc_buf;
    r[2].buffer_length = sizeof desc_buf;
    for (int i = 0; i < 3; ++i) {
      r[i].length = &len[i];
      r[i].is_null = &is_null[i];
    }
    if (mysql_stmt_bind_result(st, r)) MariadbConn::fail(st, "mysql_stmt_bind_result");
    if (mysql_stmt_store_result(st) != 0) MariadbConn::fail(st, "mysql_stmt_store_result");
    int rc;
    while ((rc = mysql_stmt_fetch(st)) == 0) {
      sink.id = id;
      sink.name.assign(name_buf, len[1]);
      sink.description.assign(desc_buf, len[2]);
      sink.take();
    }
    if (rc != MYSQL_NO_DATA)
      MariadbConn::fail(st, rc == MYSQL_DATA_TRUNCATED ? "mysql_stmt_fetch: truncated"
                                                       : "mysql_stmt_fetch");
    mysql_stmt_free_result(st);
    mysql_stmt_close(st);
  }

  std::string server_version() { return mysql_get_server_info(c_.get()); }

 private:
  MariadbConn c_;
  // VARCHAR(255) in utf8mb4 is at most 1020 bytes.
  char name_buf[1024];
  char desc_buf[1024];
};

// Informational: prepared multi-row INSERTs of 1,000 rows, the shape retort sends.
class MariadbMultiRow final : public Side {
 public:
  explicit MariadbMultiRow(const retort::URL& url) : c_(url) {}
  void insert(const std::vector<UserRow>& rows) override {
    c_.query("START TRANSACTION");
    MYSQL_STMT* full = nullptr;
    std::vector<MYSQL_BIND> b;
    std::vector<unsigned long> lengths;
    for (std::size_t start = 0; start < rows.size(); start += kMultiRowBatch) {
      std::size_t n = std::min(kMultiRowBatch, rows.size() - start);
      MYSQL_STMT* st;
      if (n == kMultiRowBatch) {
        if (!full) full = c_.prepare(multirow_insert_sql(n, false));
        st = full;
      } else {
        st = c_.prepare(multirow_insert_sql(n, false));
      }
      b.assign(n * 3, MYSQL_BIND{});
      lengths.assign(n * 2, 0);
      for (std::size_t i = 0; i < n; ++i) bind_row(&b[i * 3], rows[start + i], &lengths[i * 2]);
      if (mysql_stmt_bind_param(st, b.data())) MariadbConn::fail(st, "mysql_stmt_bind_param");
      if (mysql_stmt_execute(st) != 0) MariadbConn::fail(st, "mysql_stmt_execute");
      if (st != full) mysql_stmt_close(st);
    }
    if (full) mysql_stmt_close(full);
    c_.query("COMMIT");
  }
  void select(ReadSink&) override {}

 private:
  MariadbConn c_;
};

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

struct Options {
  std::size_t rows = 100000;
  int reps = 5;
  int warmup = 1;
  std::vector<std::string> backends;
  std::string json_path;
  bool extras = true;
  std::string side = "both";  // "retort" / "baseline": run one side only (for profiling)
};

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

template <class F>
double time_ms(F&& f) {
  auto t0 = Clock::now();
  f();
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Line {
  std::string backend;
  std::string workload;  // "executemany" / "select"
  std::string baseline;  // description of the baseline
  double target = 0;
  std::vector<double> retort_ms, baseline_ms;
  // executemany only: retort's time split into building std::vector<Params>,
  // executemany, commit, freeing the parameter sets.
  std::array<std::vector<double>, 4> phases_ms;
  bool complete() const { return !retort_ms.empty() && !baseline_ms.empty(); }
  double ratio() const { return complete() ? median(retort_ms) / median(baseline_ms) : 0; }
  bool informational() const { return target <= 0; }  // measured, no target
  bool ok() const { return complete() && (informational() || ratio() <= target); }
};

struct Extra {
  std::string backend;
  std::string workload;
  std::string what;
  std::vector<double> ms;
  const Line* against = nullptr;
};

struct Skip {
  std::string backend;
  std::string reason;
};

struct BackendSpec {
  std::string name;
  std::string retort_url;
  std::string baseline_insert;
  std::string baseline_select;
  double target = 0;
  std::function<std::unique_ptr<Side>()> make_baseline;
  // Server/database settings worth recording: label, query returning one value.
  std::vector<std::pair<std::string, std::string>> settings;
  std::vector<std::pair<std::string, std::function<std::unique_ptr<Side>()>>> extras;
};

std::string fmt(double v, int prec) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, v);
  return buf;
}

std::string rows_label(std::size_t n) {
  if (n >= 1000000 && n % 1000000 == 0) return std::to_string(n / 1000000) + "M";
  if (n >= 1000 && n % 1000 == 0) return std::to_string(n / 1000) + "k";
  return std::to_string(n);
}

void check_sink(const ReadSink& sink, const Dataset& data, const std::string& who) {
  if (sink.rows != data.rows.size() || sink.checksum != data.checksum)
    throw std::runtime_error(who + ": select read " + std::to_string(sink.rows) +
                             " rows (expected " + std::to_string(data.rows.size()) +
                             ") or a wrong checksum");
}

struct BackendResult {
  Line insert, bulk, select;
  std::vector<Extra> extras;
  std::string server_version;
  std::string settings;  // "journal_mode=delete, synchronous=2"
};

BackendResult run_backend(const BackendSpec& spec, const Options& opt, const Dataset& data) {
  BackendResult res;
  // The target applies to the bulk form; the std::vector<Params> form (a list
  // of dicts, as in SQLAlchemy) is measured too, and pays for the user's
  // per-row allocations of those parameter sets.
  res.insert = Line{spec.name, "executemany (Params)", spec.baseline_insert, 0, {}, {}, {}};
  res.bulk = Line{spec.name, "executemany", spec.baseline_insert, spec.target, {}, {}, {}};
  res.select = Line{spec.name, "select", spec.baseline_select, spec.target, {}, {}, {}};

  RetortSide retort(spec.retort_url);
  RetortSide retort_bulk(spec.retort_url, true);
  std::unique_ptr<Side> baseline = spec.make_baseline();
  res.server_version = retort.server_version();
  for (const auto& [label, sql] : spec.settings) {
    if (!res.settings.empty()) res.settings += ", ";
    res.settings += label + "=" + retort.scalar_text(sql);
  }
  std::vector<std::unique_ptr<Side>> extras;
  if (opt.extras)
    for (const auto& [what, make] : spec.extras) {
      extras.push_back(make());
      res.extras.push_back(Extra{spec.name, "executemany", what, {}, nullptr});
    }

  ReadSink sink;
  const std::string n = rows_label(data.rows.size());
  for (int rep = -opt.warmup; rep < opt.reps; ++rep) {
    const bool counted = rep >= 0;
    const bool retort_first = ((rep + opt.warmup) % 2) == 0;
    for (int turn = 0; turn < 2; ++turn) {
      const bool is_retort = (turn == 0) == retort_first;
      if (opt.side != "both" && is_retort != (opt.side == "retort")) continue;
      Side& side = is_retort ? static_cast<Side&>(retort) : *baseline;
      const char* who = is_retort ? "retort" : "baseline";
      retort.reset_table();
      double ins = time_ms([&] { side.insert(data.rows); });
      sink.clear();
      double sel = time_ms([&] { side.select(sink); });
      check_sink(sink, data, spec.name + " " + who);
      std::fprintf(stderr, "  %-10s %s %-8s rep %d%s: executemany %9.1f ms, select %8.1f ms\n",
                   spec.name.c_str(), n.c_str(), who, counted ? rep + 1 : 0,
                   counted ? "" : " (warm-up)", ins, sel);
      if (!counted) continue;
      (is_retort ? res.insert.retort_ms : res.insert.baseline_ms).push_back(ins);
      if (!is_retort) res.bulk.baseline_ms.push_back(ins);
      (is_retort ? res.select.retort_ms : res.select.baseline_ms).push_back(sel);
      if (is_retort)
        for (std::size_t k = 0; k < 4; ++k)
          res.insert.phases_ms[k].push_back(retort.last_phases[k]);
    }
    if (opt.side != "baseline") {
      retort.reset_table();
      double ins = time_ms([&] { retort_bulk.insert(data.rows); });
      if (retort.count_rows() != static_cast<std::int64_t>(data.rows.size()))
        throw std::runtime_error(spec.name + " bulk executemany inserted a wrong row count");
      std::fprintf(stderr, "  %-10s %s retort   rep %d%s: executemany (fill) %9.1f ms\n",
                   spec.name.c_str(), n.c_str(), counted ? rep + 1 : 0,
                   counted ? "" : " (warm-up)", ins);
      if (counted) res.bulk.retort_ms.push_back(ins);
    }
    for (std::size_t i = 0; i < extras.size(); ++i) {
      retort.reset_table();
      double ins = time_ms([&] { extras[i]->insert(data.rows); });
      std::int64_t count = retort.count_rows();
      if (count != static_cast<std::int64_t>(data.rows.size()))
        throw std::runtime_error(spec.name + " " + res.extras[i].what + ": inserted " +
                                 std::to_string(count) + " rows");
      std::fprintf(stderr, "  %-10s %s extra    rep %d%s: %s %9.1f ms\n", spec.name.c_str(),
                   n.c_str(), counted ? rep + 1 : 0, counted ? "" : " (warm-up)",
                   res.extras[i].what.c_str(), ins);
      if (counted) res.extras[i].ms.push_back(ins);
    }
  }
  retort.reset_table();
  return res;
}

// --- output -----------------------------------------------------------------

std::string json_str(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string json_array(const std::vector<double>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + fmt(v[i], 3);
  return out + "]";
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      auto p = line.find(':');
      if (p != std::string::npos) return line.substr(line.find_first_not_of(' ', p + 1));
    }
  return "unknown";
}

void usage(std::FILE* out) {
  std::fputs(
      "usage: retort_engine_bench [--rows N] [--reps N] [--warmup N]\n"
      "                           [--backend sqlite|postgresql|mysql]... [--json PATH]\n"
      "                           [--no-extras] [--side both|retort|baseline]\n"
      "  --rows N      rows inserted and selected (default 100000; env RETORT_BENCH_ROWS)\n"
      "  --reps N      measured repetitions per side, medians reported (default 5;\n"
      "                env RETORT_BENCH_REPS)\n"
      "  --warmup N    unmeasured repetitions first (default 1)\n"
      "  --backend B   run only B (repeatable, or comma-separated); default: all three\n"
      "  --json PATH   also write the results as JSON to PATH\n"
      "  --no-extras   skip the informational extra baselines (COPY, multi-row VALUES)\n"
      "  --side S      both (default), or only retort / only baseline, for profiling\n"
      "PostgreSQL: RETORT_BENCH_POSTGRESQL_URL or RETORT_TEST_POSTGRESQL_URL\n"
      "MySQL:      RETORT_BENCH_MYSQL_URL or RETORT_TEST_MYSQL_URL\n"
      "A backend without a URL is skipped.\n",
      out);
}

long parse_count(const char* flag, const char* s, long min) {
  char* end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (!s[0] || *end || v < min) {
    std::fprintf(stderr, "retort_engine_bench: %s needs an integer >= %ld, got '%s'\n", flag, min,
                 s);
    std::exit(2);
  }
  return v;
}

std::optional<std::string> env(const char* a, const char* b = nullptr) {
  for (const char* k : {a, b})
    if (k)
      if (const char* v = std::getenv(k); v && *v) return std::string(v);
  return std::nullopt;
}

Options parse_args(int argc, char** argv) {
  Options o;
  if (auto v = env("RETORT_BENCH_ROWS")) o.rows = static_cast<std::size_t>(parse_count("RETORT_BENCH_ROWS", v->c_str(), 1));
  if (auto v = env("RETORT_BENCH_REPS")) o.reps = static_cast<int>(parse_count("RETORT_BENCH_REPS", v->c_str(), 1));
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "retort_engine_bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      usage(stdout);
      std::exit(0);
    } else if (a == "--rows") {
      o.rows = static_cast<std::size_t>(parse_count("--rows", value(), 1));
    } else if (a == "--reps") {
      o.reps = static_cast<int>(parse_count("--reps", value(), 1));
    } else if (a == "--warmup") {
      o.warmup = static_cast<int>(parse_count("--warmup", value(), 0));
    } else if (a == "--backend") {
      std::stringstream ss(value());
      std::string b;
      while (std::getline(ss, b, ',')) {
        if (b == "mariadb") b = "mysql";
        if (b == "postgres" || b == "pg") b = "postgresql";
        if (b != "sqlite" && b != "postgresql" && b != "mysql") {
          std::fprintf(stderr, "retort_engine_bench: unknown backend '%s'\n", b.c_str());
          std::exit(2);
        }
        if (std::find(o.backends.begin(), o.backends.end(), b) == o.backends.end())
          o.backends.push_back(b);
      }
    } else if (a == "--json") {
      o.json_path = value();
    } else if (a == "--no-extras") {
      o.extras = false;
    } else if (a == "--side") {
      o.side = value();
      if (o.side != "both" && o.side != "retort" && o.side != "baseline") {
        std::fprintf(stderr, "retort_engine_bench: --side takes both, retort or baseline\n");
        std::exit(2);
      }
      if (o.side != "both") o.extras = false;
    } else {
      std::fprintf(stderr, "retort_engine_bench: unknown argument '%s'\n", a.c_str());
      usage(stderr);
      std::exit(2);
    }
  }
  if (o.backends.empty()) o.backends = {"sqlite", "postgresql", "mysql"};
  return o;
}

// A private temp dir for the SQLite file, removed at exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "retort-bench.XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_args(argc, argv);
  const std::string n = rows_label(opt.rows);

  std::fprintf(stderr, "generating %zu rows...\n", opt.rows);
  Dataset data;
  data.rows = make_rows(opt.rows);
  for (const UserRow& u : data.rows) data.checksum += ReadSink::mix(u.id, u.name, u.description);

  std::optional<TempDir> tmp;
  std::vector<BackendSpec> specs;
  std::vector<Skip> skipped;
  for (const std::string& b : opt.backends) {
    if (b == "sqlite") {
      tmp.emplace();
      std::string path = (tmp->path / "bench.db").string();
      BackendSpec s;
      s.name = "sqlite";
      s.retort_url = "sqlite:///" + path;
      s.target = 1.15;
      s.baseline_insert =
          "sqlite3 C API: BEGIN; sqlite3_prepare_v2 once; bind_int64/bind_text(SQLITE_STATIC)/"
          "step/reset per row; COMMIT";
      s.baseline_select =
          "sqlite3 C API: sqlite3_prepare_v2; step; column_int64 + column_text/column_bytes "
          "copied into std::string";
      s.make_baseline = [path] { return std::make_unique<SqliteBaseline>(path); };
      s.settings = {{"journal_mode", "PRAGMA journal_mode"},
                    {"synchronous", "PRAGMA synchronous"},
                    {"foreign_keys", "PRAGMA foreign_keys"}};
      specs.push_back(std::move(s));
    } else if (b == "postgresql") {
      auto url = env("RETORT_BENCH_POSTGRESQL_URL", "RETORT_TEST_POSTGRESQL_URL");
      if (!url) {
        skipped.push_back({b, "RETORT_BENCH_POSTGRESQL_URL / RETORT_TEST_POSTGRESQL_URL not set"});
        continue;
      }
      retort::URL parsed = retort::URL::parse(*url);
      BackendSpec s;
      s.name = "postgresql";
      s.retort_url = *url;
      s.target = 1.30;
      s.baseline_insert =
          "libpqxx " PQXX_VERSION
          " directly: connection::prepare once; one pqxx::work; exec_prepared per row; commit";
      s.baseline_select =
          "libpqxx " PQXX_VERSION
          " directly: pqxx::work exec(SELECT); per row field as<int64_t>() and c_str() into "
          "std::string; commit";
      s.make_baseline = [parsed] { return std::make_unique<PqxxBaseline>(parsed); };
      s.settings = {{"fsync", "SELECT current_setting('fsync')"},
                    {"synchronous_commit", "SELECT current_setting('synchronous_commit')"},
                    {"shared_buffers", "SELECT current_setting('shared_buffers')"}};
      s.extras.emplace_back("libpqxx stream_to (COPY)",
                            [parsed] { return std::make_unique<PqxxStreamTo>(parsed); });
      s.extras.emplace_back("libpqxx multi-row VALUES x1000, prepared",
                            [parsed] { return std::make_unique<PqxxMultiRow>(parsed); });
      specs.push_back(std::move(s));
    } else if (b == "mysql") {
      auto url = env("RETORT_BENCH_MYSQL_URL", "RETORT_TEST_MYSQL_URL");
      if (!url) {
        skipped.push_back({b, "RETORT_BENCH_MYSQL_URL / RETORT_TEST_MYSQL_URL not set"});
        continue;
      }
      retort::URL parsed = retort::URL::parse(*url);
      BackendSpec s;
      s.name = "mysql";
      s.retort_url = *url;
      s.target = 1.30;
      s.baseline_insert =
          "libmariadb directly: START TRANSACTION; mysql_stmt_prepare once; "
          "mysql_stmt_bind_param + mysql_stmt_execute per row; COMMIT";
      s.baseline_select =
          "libmariadb directly: prepared SELECT, bound result buffers, mysql_stmt_store_result, "
          "mysql_stmt_fetch, copied into std::string";
      s.make_baseline = [parsed] { return std::make_unique<MariadbBaseline>(parsed); };
      s.settings = {{"innodb_flush_log_at_trx_commit", "SELECT @@innodb_flush_log_at_trx_commit"},
                    {"innodb_buffer_pool_size", "SELECT @@innodb_buffer_pool_size"},
                    {"log_bin", "SELECT @@log_bin"}};
      s.extras.emplace_back("libmariadb multi-row VALUES x1000, prepared",
                            [parsed] { return std::make_unique<MariadbMultiRow>(parsed); });
      specs.push_back(std::move(s));
    }
  }

  std::vector<BackendResult> results;
  std::vector<Skip> failed;
  for (const BackendSpec& s : specs) {
    std::fprintf(stderr, "%s: %zu rows, %d warm-up + %d measured repetitions per side\n",
                 s.name.c_str(), opt.rows, opt.warmup, opt.reps);
    try {
      results.push_back(run_backend(s, opt, data));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: ERROR: %s\n", s.name.c_str(), e.what());
      failed.push_back({s.name, e.what()});
    }
  }

  // --- the table ---
  std::printf("\nretort_engine_bench: %zu rows, median of %d repetitions (after %d warm-up), "
              "sides alternating, %u cores (%s)\n\n",
              opt.rows, opt.reps, opt.warmup, std::thread::hardware_concurrency(),
              cpu_model().c_str());
  std::printf("%-11s %-26s %12s %14s %7s %7s  %s\n", "backend", "workload", "retort (ms)",
              "baseline (ms)", "ratio", "target", "ok");
  std::vector<const Line*> missed;
  for (const BackendResult& r : results)
    for (const Line* l : {&r.insert, &r.bulk, &r.select}) {
      auto cell = [](const std::vector<double>& v) {
        return v.empty() ? std::string("-") : fmt(median(v), 1);
      };
      std::printf("%-11s %-26s %12s %14s %7s %7s  %s\n", l->backend.c_str(),
                  (l->workload + " " + n).c_str(), cell(l->retort_ms).c_str(),
                  cell(l->baseline_ms).c_str(), l->complete() ? fmt(l->ratio(), 2).c_str() : "-",
                  l->informational() ? "-" : fmt(l->target, 2).c_str(),
                  !l->complete()       ? "n/a"
                  : l->informational() ? "(info)"
                  : l->ok()            ? "yes"
                                       : "NO  <-- target missed");
      if (l->complete() && !l->ok()) missed.push_back(l);
    }
  for (const Skip& s : skipped) std::printf("%-11s skipped: %s\n", s.backend.c_str(), s.reason.c_str());
  for (const Skip& s : failed) std::printf("%-11s FAILED: %s\n", s.backend.c_str(), s.reason.c_str());

  std::printf("\nbaselines (the ratio is retort / baseline; lower is better):\n");
  for (const BackendResult& r : results) {
    std::printf("  %-11s executemany: %s\n", r.insert.backend.c_str(), r.insert.baseline.c_str());
    std::printf("  %-11s select:      %s\n", r.select.backend.c_str(), r.select.baseline.c_str());
  }
  std::printf("\ninformational (not targets):\n");
  for (const BackendResult& r : results) {
    std::printf("  %-11s server %s; %s\n", r.insert.backend.c_str(), r.server_version.c_str(),
                r.settings.c_str());
    const auto& ph = r.insert.phases_ms;
    if (!ph[0].empty())
      std::printf("  %-11s retort executemany %s, medians: build std::vector<Params> %s ms, "
                  "executemany() %s ms, commit() %s ms, free params %s ms\n",
                  r.insert.backend.c_str(), n.c_str(), fmt(median(ph[0]), 1).c_str(),
                  fmt(median(ph[1]), 1).c_str(), fmt(median(ph[2]), 1).c_str(),
                  fmt(median(ph[3]), 1).c_str());
    for (const Extra& x : r.extras)
      std::printf("  %-11s executemany %s via %s: %s ms; retort / this = %s\n", x.backend.c_str(),
                  n.c_str(), x.what.c_str(), fmt(median(x.ms), 1).c_str(),
                  fmt(median(r.insert.retort_ms) / median(x.ms), 2).c_str());
  }

  std::printf("\n");
  if (missed.empty() && !results.empty())
    std::printf("all targets met\n");
  for (const Line* l : missed)
    std::printf("TARGET MISSED: %s %s %s: ratio %s > target %s\n", l->backend.c_str(),
                l->workload.c_str(), n.c_str(), fmt(l->ratio(), 2).c_str(),
                fmt(l->target, 2).c_str());

  // Machine-readable: one line per measurement, and the JSON file.
  for (const BackendResult& r : results)
    for (const Line* l : {&r.insert, &r.bulk, &r.select})
      std::printf("BENCH backend=%s workload=%s rows=%zu retort_ms=%s baseline_ms=%s ratio=%s "
                  "target=%s ok=%s\n",
                  l->backend.c_str(), l->workload.c_str(), opt.rows,
                  fmt(median(l->retort_ms), 3).c_str(), fmt(median(l->baseline_ms), 3).c_str(),
                  fmt(l->ratio(), 4).c_str(), fmt(l->target, 2).c_str(),
                  !l->complete() ? "n/a" : l->ok() ? "yes" : "no");

  if (!opt.json_path.empty()) {
    std::ostringstream js;
    js << "{\n  \"benchmark\": \"retort_engine_bench\",\n  \"date\": " << json_str(utc_now())
       << ",\n  \"rows\": " << opt.rows << ",\n  \"reps\": " << opt.reps
       << ",\n  \"warmup\": " << opt.warmup << ",\n  \"cores\": "
       << std::thread::hardware_concurrency() << ",\n  \"cpu\": " << json_str(cpu_model())
       << ",\n  \"sqlite_version\": " << json_str(sqlite3_libversion())
       << ",\n  \"libpqxx_version\": " << json_str(PQXX_VERSION)
       << ",\n  \"libmariadb_version\": " << json_str(mysql_get_client_info())
       << ",\n  \"results\": [";
    bool first = true;
    for (const BackendResult& r : results)
      for (const Line* l : {&r.insert, &r.bulk, &r.select}) {
        js << (first ? "\n" : ",\n") << "    {\"backend\": " << json_str(l->backend)
           << ", \"workload\": " << json_str(l->workload)
           << ", \"server_version\": " << json_str(r.server_version)
           << ", \"settings\": " << json_str(r.settings)
           << ", \"retort_ms\": " << fmt(median(l->retort_ms), 3)
           << ", \"baseline_ms\": " << fmt(median(l->baseline_ms), 3)
           << ", \"ratio\": " << fmt(l->ratio(), 4) << ", \"target\": " << fmt(l->target, 2)
           << ", \"ok\": " << (!l->complete() ? "null" : l->ok() ? "true" : "false")
           << ", \"baseline\": " << json_str(l->baseline)
           << ", \"retort_runs_ms\": " << json_array(l->retort_ms)
           << ", \"baseline_runs_ms\": " << json_array(l->baseline_ms);
        if (!l->phases_ms[0].empty())
          js << ", \"retort_phases_ms\": {\"build_params\": " << fmt(median(l->phases_ms[0]), 3)
             << ", \"executemany\": " << fmt(median(l->phases_ms[1]), 3)
             << ", \"commit\": " << fmt(median(l->phases_ms[2]), 3)
             << ", \"free_params\": " << fmt(median(l->phases_ms[3]), 3) << "}";
        js << "}";
        first = false;
      }
    js << "\n  ],\n  \"extras\": [";
    first = true;
    for (const BackendResult& r : results)
      for (const Extra& x : r.extras) {
        js << (first ? "\n" : ",\n") << "    {\"backend\": " << json_str(x.backend)
           << ", \"workload\": " << json_str(x.workload) << ", \"what\": " << json_str(x.what)
           << ", \"ms\": " << fmt(median(x.ms), 3)
           << ", \"retort_over_this\": " << fmt(median(r.insert.retort_ms) / median(x.ms), 4)
           << ", \"runs_ms\": " << json_array(x.ms) << "}";
        first = false;
      }
    js << "\n  ],\n  \"skipped\": [";
    first = true;
    for (const Skip& s : skipped) {
      js << (first ? "\n" : ",\n") << "    {\"backend\": " << json_str(s.backend)
         << ", \"reason\": " << json_str(s.reason) << "}";
      first = false;
    }
    js << "\n  ],\n  \"failed\": [";
    first = true;
    for (const Skip& s : failed) {
      js << (first ? "\n" : ",\n") << "    {\"backend\": " << json_str(s.backend)
         << ", \"error\": " << json_str(s.reason) << "}";
      first = false;
    }
    js << "\n  ]\n}\n";
    std::filesystem::path p(opt.json_path);
    std::error_code ec;
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
    std::ofstream out(p);
    out << js.str();
    if (!out) {
      std::fprintf(stderr, "retort_engine_bench: cannot write %s\n", opt.json_path.c_str());
      return 1;
    }
    std::printf("JSON written to %s\n", opt.json_path.c_str());
  }
  return failed.empty() ? 0 : 1;
}
