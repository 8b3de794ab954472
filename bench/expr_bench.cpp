// The expression language's overhead per execution: a cached 3-table join
// with two bound parameters, run N times through Connection::execute, against
// the same prepared statement run directly through the sqlite3 C API, in
// the same run on the same database file. Reports the median time per
// execution of each side (measured in interleaved batches) and the difference.
// Usage: retort_expr_bench [--executions N] [--batch N]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "retort/retort.hpp"
#include "retort/engine/sql.hpp"

using namespace retort;
using namespace retort::sql;
using Clock = std::chrono::steady_clock;

namespace {

struct Sink {
  std::string name, sku;
  double amount = 0;
  std::int64_t rows = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

Column col(const char* name, Type t, bool pk = false, bool index = false) {
  Column c(name, std::move(t));
  c.primary_key = pk;
  c.index = index;
  return c;
}

ForeignKeyConstraint fk(const char* column, const char* table) {
  ForeignKeyConstraint f;
  f.columns = {column};
  f.referred_table = table;
  f.referred_columns = {"id"};
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t executions = 100000, batch = 100;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--executions")) executions = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--batch")) batch = std::strtoul(argv[i + 1], nullptr, 10);
  }
  auto path = std::filesystem::temp_directory_path() / ("retort_expr_bench_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);

  MetaData md;
  Table u("users");
  u.add_column(col("id", types::Integer(), true));
  u.add_column(col("name", types::String(50)));
  Table o("orders");
  o.add_column(col("id", types::Integer(), true));
  o.add_column(col("user_id", types::Integer(), false, true));
  o.add_column(col("amount", types::Float()));
  o.foreign_keys.push_back(fk("user_id", "users"));
  Table it("items");
  it.add_column(col("id", types::Integer(), true));
  it.add_column(col("order_id", types::Integer(), false, true));
  it.add_column(col("sku", types::String(20)));
  it.add_column(col("qty", types::Integer()));
  it.foreign_keys.push_back(fk("order_id", "orders"));
  From users = table(md.add_table(std::move(u)));
  // (indexes on the foreign keys: the join is the statement being measured, not a scan)
  From orders = table(md.add_table(std::move(o)));
  From items = table(md.add_table(std::move(it)));

  md.apply_naming_convention();
  Engine engine = create_engine("sqlite:///" + path.string());
  Connection conn = engine.connect();
  create_all(md, conn);
  // 1000 users, 3 orders each, 2 items per order.
  std::vector<ValuesList> ur, orr, ir;
  for (int i = 1; i <= 1000; ++i) {
    ur.push_back({{"id", i}, {"name", "user " + std::to_string(i)}});
    for (int k = 0; k < 3; ++k) {
      int oid = i * 10 + k;
      orr.push_back({{"id", oid}, {"user_id", i}, {"amount", 1.5 * k + i}});
      for (int m = 0; m < 2; ++m)
        ir.push_back({{"id", oid * 10 + m}, {"order_id", oid}, {"sku", "SKU-" + std::to_string(m)}, {"qty", m + k}});
    }
  }
  for (std::size_t s = 0; s < ur.size(); s += 200)
    conn.execute(insert(users).values(std::vector<ValuesList>(ur.begin() + s, ur.begin() + std::min(ur.size(), s + 200))));
  for (std::size_t s = 0; s < orr.size(); s += 200)
    conn.execute(insert(orders).values(std::vector<ValuesList>(orr.begin() + s, orr.begin() + std::min(orr.size(), s + 200))));
  for (std::size_t s = 0; s < ir.size(); s += 200)
    conn.execute(insert(items).values(std::vector<ValuesList>(ir.begin() + s, ir.begin() + std::min(ir.size(), s + 200))));
  conn.commit();

  // The statement, built once: its compiled form is cached on it.
  auto name = users.c<std::string>("name");
  auto amount = orders.c<double>("amount");
  auto sku = items.c<std::string>("sku");
  auto stmt = select({name, amount, sku})
                  .select_from(users.join(orders).join(items))
                  .where(users.c("id") == bindparam("uid") && items.c("qty") >= bindparam("qty"));
  const std::string sql = compile(stmt, engine.dialect()).sql;
  std::printf("statement: %s\n", sql.c_str());

  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 1;
  // The engine runs its statements inside a transaction (autobegin); so does the baseline.
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
    return 1;
  }

  Sink a, b;
  Params params{{"uid", 0}, {"qty", 1}};
  auto run_retort = [&](std::size_t i) {
    params[0].second = Value(static_cast<std::int64_t>(i % 1000 + 1));
    for (const auto& row : conn.execute(stmt, params)) {
      const auto& v = row.values();
      a.name.assign(v[0].get_raw<std::string>());
      a.amount = v[1].get_raw<double>();
      a.sku.assign(v[2].get_raw<std::string>());
      ++a.rows;
    }
  };
  auto run_sqlite = [&](std::size_t i) {
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(i % 1000 + 1));
    sqlite3_bind_int64(st, 2, 1);
    while (sqlite3_step(st) == SQLITE_ROW) {
      b.name.assign(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                    static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
      b.amount = sqlite3_column_double(st, 1);
      b.sku.assign(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)),
                   static_cast<std::size_t>(sqlite3_column_bytes(st, 2)));
      ++b.rows;
    }
  };
  // Warm up both, then alternate batches so that both see the same machine.
  for (std::size_t i = 0; i < 2000; ++i) {
    run_retort(i);
    run_sqlite(i);
  }
  a.rows = b.rows = 0;
  std::vector<double> ta, tb;
  for (std::size_t done = 0; done < executions; done += batch) {
    auto t0 = Clock::now();
    for (std::size_t i = done; i < done + batch; ++i) run_retort(i);
    auto t1 = Clock::now();
    for (std::size_t i = done; i < done + batch; ++i) run_sqlite(i);
    auto t2 = Clock::now();
    ta.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(batch));
    tb.push_back(std::chrono::duration<double, std::nano>(t2 - t1).count() / static_cast<double>(batch));
  }
  sqlite3_finalize(st);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  conn.close();
  std::filesystem::remove(path);
  if (a.rows != b.rows || a.rows == 0) {
    std::fprintf(stderr, "row counts differ: retort %lld, sqlite3 %lld\n", static_cast<long long>(a.rows),
                 static_cast<long long>(b.rows));
    return 1;
  }
  const double mr = median(ta), ms = median(tb);
  std::printf("executions: %zu (batches of %zu), rows per execution: %.1f\n", executions, batch,
              static_cast<double>(a.rows) / static_cast<double>(executions));
  std::printf("retort Connection::execute: median %.0f ns per execution\n", mr);
  std::printf("sqlite3 C API (same statement): median %.0f ns per execution\n", ms);
  std::printf("overhead: %.0f ns per execution (target <= 1000 ns): %s\n", mr - ms,
              mr - ms <= 1000 ? "met" : "MISSED");
  return 0;
}
