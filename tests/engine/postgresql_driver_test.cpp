// The PostgreSQL driver on a real server, below the Engine: DriverConnection
// and DriverCursor directly. The server URL comes from
// RETORT_TEST_POSTGRESQL_URL (scripts/test.sh starts one). Without it the
// suite has no instances (nothing runs), except under CI where it fails.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "retort/engine/dialect.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/url.hpp"
#include "support/backends.hpp"

namespace retort {
namespace {

using Rows = std::vector<std::vector<Value>>;
using Vs = std::vector<Value>;

std::vector<testing::Backend> postgresql_backends() {
  std::vector<testing::Backend> out;
  for (auto& b : testing::server_backends())
    if (b.name == "postgresql") out.push_back(b);
  return out;
}

class PgDriverTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    if (GetParam().url.empty())
      GTEST_FAIL() << "RETORT_TEST_POSTGRESQL_URL is unset and CI is set: scripts/test.sh must "
                      "start PostgreSQL";
    url_ = URL::parse(GetParam().url);
  }

  const Dialect& dialect() const { return dialect_for(url_); }

  std::unique_ptr<DriverConnection> connect(const ConnectArgs& args = {}) const {
    return dialect().connect(url_, args);
  }

  static Rows all(DriverCursor& cur) {
    Rows rows;
    std::vector<Value> row(cur.columns()->size());
    while (cur.fetch(row)) rows.push_back(row);
    return rows;
  }

  static Rows query(DriverConnection& c, std::string_view sql, std::vector<Value> params = {}) {
    auto cur = c.execute(sql, params);
    return all(*cur);
  }

  static Value scalar(DriverConnection& c, std::string_view sql, std::vector<Value> params = {}) {
    Rows rows = query(c, sql, std::move(params));
    if (rows.size() != 1 || rows[0].size() != 1) {
      ADD_FAILURE() << "expected one cell from " << sql;
      return Value();
    }
    return rows[0][0];
  }

  static void exec(DriverConnection& c, std::string_view sql, std::vector<Value> params = {}) {
    c.execute(sql, params);
  }

  URL url_;
};

TEST_P(PgDriverTest, DialectBasics) {
  const Dialect& d = dialect();
  EXPECT_EQ(d.name(), "postgresql");
  EXPECT_EQ(d.paramstyle(), ParamStyle::NumericDollar);
  EXPECT_TRUE(d.capabilities().transactional_ddl);
  EXPECT_TRUE(d.capabilities().supports_returning);
  EXPECT_TRUE(d.capabilities().multirow_insert_for_executemany);
  EXPECT_EQ(d.capabilities().max_bind_params, 65535u);
  EXPECT_EQ(d.quote_identifier("a\"b"), "\"a\"\"b\"");

  auto c = connect();
  EXPECT_TRUE(c->ping());
  const std::string v = c->server_version();
  ASSERT_FALSE(v.empty());
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(v[0]))) << v;
  EXPECT_EQ(v.find(' '), std::string::npos) << v;
  EXPECT_EQ(scalar(*c, "SHOW TimeZone"), Value("UTC"));
  EXPECT_EQ(scalar(*c, "SHOW client_encoding"), Value("UTF8"));
}

TEST_P(PgDriverTest, EachKindRoundTrips) {
  auto c = connect();
  exec(*c, "DROP TABLE IF EXISTS pgd_kinds");
  exec(*c,
       "CREATE TABLE pgd_kinds (id int PRIMARY KEY, b boolean, i bigint, d double precision, "
       "n numeric, t text, by bytea, dt date, tm time, ts timestamp, tz timestamptz, u uuid, "
       "j json, jb jsonb)");
  std::string blob(1 << 20, '\0');
  std::mt19937 rng(42);
  for (auto& ch : blob) ch = static_cast<char>(rng() & 0xff);
  blob[0] = '\0';  // embedded NULs must survive: bytea goes in binary format
  const Uuid uuid = *Uuid::parse("0f8fad5b-d9cb-469f-a165-70867728950e");
  const std::vector<Value> row = {
      1,
      true,
      std::numeric_limits<std::int64_t>::min(),
      0.1,
      Decimal{"-12345678901234567890.0123456789"},
      std::string("h\u00e9llo w\u00f6rld \u2713 \U0001F389 'quoted' \\ back"),
      Bytes{blob},
      Date{2024, 2, 29},
      Time{23, 59, 59, 999999},
      DateTime{{1999, 12, 31}, {23, 59, 58, 1}, std::nullopt},
      DateTime{{2024, 1, 2}, {3, 4, 5, 123456}, 19800},  // +05:30
      uuid,
      Json{"{\"b\": [1, 2], \"a\": null}"},
      Json{"{\"b\":[1,2],\"a\":null}"},
  };
  const std::string insert =
      "INSERT INTO pgd_kinds VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      "$14)";
  auto ins = c->execute(insert, row);
  EXPECT_EQ(ins->rowcount(), 1);
  EXPECT_TRUE(ins->columns()->empty());
  EXPECT_FALSE(ins->lastrowid().has_value());
  std::vector<Value> nulls(row.size());
  nulls[0] = 2;
  c->execute(insert, nulls);

  auto cur = c->execute("SELECT * FROM pgd_kinds ORDER BY id", {});
  const std::vector<std::string> names = {"id", "b",  "i",  "d",  "n", "t", "by",
                                          "dt", "tm", "ts", "tz", "u", "j", "jb"};
  EXPECT_EQ(*cur->columns(), names);
  Rows rows = all(*cur);
  ASSERT_EQ(rows.size(), 2u);
  const auto& got = rows[0];
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i == 10) {
      // timestamptz comes back as the same instant in UTC (session TimeZone).
      EXPECT_EQ(got[i], Value(DateTime{{2024, 1, 1}, {21, 34, 5, 123456}, 0}));
    } else if (i == 13) {
      EXPECT_EQ(got[i], Value(Json{"{\"a\": null, \"b\": [1, 2]}"}));  // jsonb normalises
    } else if (i == 6) {
      ASSERT_TRUE(got[i].holds<Bytes>());
      EXPECT_TRUE(got[i].get_raw<Bytes>().data == blob) << "1 MiB bytea differs";
    } else {
      EXPECT_EQ(got[i], row[i]) << "column " << names[i] << ": " << got[i].repr();
    }
  }
  for (std::size_t i = 1; i < row.size(); ++i)
    EXPECT_TRUE(rows[1][i].is_null()) << names[i] << ": " << rows[1][i].repr();
}

TEST_P(PgDriverTest, ResultTypesByOid) {
  auto c = connect();
  Rows r = query(*c,
                 "SELECT 1::int2, 2::int4, 3::int8, 4::oid, 1.5::float4, 'x'::varchar, "
                 "'ab'::char(3), 'nm'::name, interval '1 day', ARRAY[1,2], "
                 "'infinity'::float8, '-infinity'::float8, 'NaN'::float8, 'NaN'::numeric, "
                 "false, '0044-03-15 BC'::date, '0044-03-15 12:00:00 BC'::timestamp, "
                 "'infinity'::timestamp, '24:00:00'::time, "
                 "'2000-01-01 00:00:00+00'::timestamptz, '12:00:00+02'::timetz");
  ASSERT_EQ(r.size(), 1u);
  const auto& v = r[0];
  EXPECT_EQ(v[0], Value(1));
  EXPECT_EQ(v[1], Value(2));
  EXPECT_EQ(v[2], Value(3));
  EXPECT_EQ(v[3], Value(4));
  EXPECT_EQ(v[4], Value(1.5));
  EXPECT_EQ(v[5], Value("x"));
  EXPECT_EQ(v[6], Value("ab "));
  EXPECT_EQ(v[7], Value("nm"));
  EXPECT_EQ(v[8], Value("1 day"));
  EXPECT_EQ(v[9], Value("{1,2}"));
  EXPECT_EQ(v[10], Value(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(v[11], Value(-std::numeric_limits<double>::infinity()));
  ASSERT_TRUE(v[12].holds<double>());
  EXPECT_TRUE(std::isnan(v[12].get_raw<double>()));
  EXPECT_EQ(v[13], Value(Decimal{"NaN"}));
  EXPECT_EQ(v[14], Value(false));
  EXPECT_EQ(v[15], Value(Date{-43, 3, 15}));  // astronomical year numbering
  EXPECT_EQ(v[16], Value(DateTime{{-43, 3, 15}, {12, 0, 0, 0}, std::nullopt}));
  EXPECT_EQ(v[17], Value("infinity"));  // no DateTime for it: the server's text
  EXPECT_EQ(v[18], Value(Time{24, 0, 0, 0}));
  EXPECT_EQ(v[19], Value(DateTime{{2000, 1, 1}, {0, 0, 0, 0}, 0}));
  EXPECT_EQ(v[20], Value("12:00:00+02"));
}

TEST_P(PgDriverTest, ParametersOfEveryKind) {
  auto c = connect();
  // The server infers the parameter types from the casts.
  Rows r = query(*c,
                 "SELECT $1::bool, $2::int8, $3::float8, $4::float8, $5::float8, $6::numeric, "
                 "$7::date, $8::timestamptz, $9::uuid, $10::jsonb, $11::bytea, $12::text, "
                 "$13::date, $14::time",
                 {false, std::int64_t{9007199254740993}, 1e300,
                  -std::numeric_limits<double>::infinity(), std::nan(""), Decimal{"1.50"},
                  Date{10000, 1, 1}, DateTime{{2024, 6, 1}, {0, 0, 0, 0}, -3600 * 8 - 45 * 60},
                  *Uuid::parse("{0F8FAD5B-D9CB-469F-A165-70867728950E}"), Json{"[1]"},
                  Bytes{std::string("\0\1\2", 3)}, Value(), Date{0, 1, 1}, Time{1, 2, 3, 4}});
  ASSERT_EQ(r.size(), 1u);
  const auto& v = r[0];
  EXPECT_EQ(v[0], Value(false));
  EXPECT_EQ(v[1], Value(std::int64_t{9007199254740993}));
  EXPECT_EQ(v[2], Value(1e300));
  EXPECT_EQ(v[3], Value(-std::numeric_limits<double>::infinity()));
  EXPECT_TRUE(v[4].holds<double>() && std::isnan(v[4].get_raw<double>()));
  EXPECT_EQ(v[5], Value(Decimal{"1.50"}));
  EXPECT_EQ(v[6], Value(Date{10000, 1, 1}));
  EXPECT_EQ(v[7], Value(DateTime{{2024, 6, 1}, {8, 45, 0, 0}, 0}));
  EXPECT_EQ(v[8], Value(*Uuid::parse("0f8fad5b-d9cb-469f-a165-70867728950e")));
  EXPECT_EQ(v[9], Value(Json{"[1]"}));
  EXPECT_EQ(v[10], Value(Bytes{std::string("\0\1\2", 3)}));
  EXPECT_TRUE(v[11].is_null());
  EXPECT_EQ(v[12], Value(Date{0, 1, 1}));  // 1 BC
  EXPECT_EQ(v[13], Value(Time{1, 2, 3, 4}));
}

TEST_P(PgDriverTest, FetchReusesCellStorage) {
  auto c = connect();
  auto cur = c->execute(
      "SELECT repeat('x', 100 - g), decode(repeat('ab', 100 - g), 'hex') "
      "FROM generate_series(0, 9) g",
      {});
  std::vector<Value> row(cur->columns()->size());
  ASSERT_TRUE(cur->fetch(row));
  const char* text = row[0].get_raw<std::string>().data();
  const char* bytes = row[1].get_raw<Bytes>().data.data();
  int n = 1;
  while (cur->fetch(row)) {
    ++n;
    EXPECT_EQ(row[0].get_raw<std::string>().data(), text);  // shorter strings: same buffer
    EXPECT_EQ(row[1].get_raw<Bytes>().data.data(), bytes);
  }
  EXPECT_EQ(n, 10);
  EXPECT_EQ(row[0], Value(std::string(91, 'x')));
  EXPECT_FALSE(cur->fetch(row));
}

TEST_P(PgDriverTest, RowcountAndExecutemany) {
  auto c = connect();
  exec(*c, "DROP TABLE IF EXISTS pgd_many");
  auto ddl = c->execute("CREATE TABLE pgd_many (id int PRIMARY KEY, name text)", {});
  EXPECT_EQ(ddl->rowcount(), -1);
  std::vector<Value> flat;
  for (int i = 0; i < 1000; ++i) {
    flat.emplace_back(i);
    flat.emplace_back("name " + std::to_string(i));
  }
  EXPECT_EQ(c->executemany("INSERT INTO pgd_many VALUES ($1, $2)", flat, 2), 1000);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_many"), Value(1000));
  EXPECT_EQ(scalar(*c, "SELECT name FROM pgd_many WHERE id = $1", Vs{999}), Value("name 999"));
  EXPECT_EQ(c->executemany("UPDATE pgd_many SET name = 'x' WHERE id < $1", Vs{10, 20}, 1), 30);
  EXPECT_EQ(c->executemany("DELETE FROM pgd_many WHERE id = $1", Vs{}, 1), 0);
  EXPECT_EQ(c->execute("UPDATE pgd_many SET name = $1 WHERE id >= $2", Vs{"y", 900})->rowcount(),
            100);
  EXPECT_EQ(c->execute("SELECT id FROM pgd_many WHERE id < 5", {})->rowcount(), 5);
  auto ret = c->execute("DELETE FROM pgd_many WHERE id < $1 RETURNING id", Vs{3});
  EXPECT_EQ(ret->rowcount(), 3);
  EXPECT_EQ(all(*ret).size(), 3u);
  EXPECT_THROW(c->executemany("INSERT INTO pgd_many VALUES ($1, $2)", Vs{1, "a", 2}, 2),
               ArgumentError);
  // The first failing set stops the batch with the classified error.
  EXPECT_THROW(c->executemany("INSERT INTO pgd_many VALUES ($1, $2)",
                              Vs{5000, "a", 998, "dup", 5001, "b"}, 2),
               IntegrityError);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_many WHERE id >= 5000"), Value(1));
}

TEST_P(PgDriverTest, ExecutemanyInTransactionIsPipelined) {
  auto c = connect();
  exec(*c, "DROP TABLE IF EXISTS pgd_pipe");
  exec(*c, "CREATE TABLE pgd_pipe (id int PRIMARY KEY, b bytea)");
  std::vector<Value> flat;
  for (int i = 0; i < 2500; ++i) {  // several pipeline chunks
    flat.emplace_back(i);
    flat.emplace_back(Bytes{std::string(static_cast<std::size_t>(i % 7), '\0')});
  }
  const std::string ins = "INSERT INTO pgd_pipe VALUES ($1, $2)";
  c->begin();
  EXPECT_EQ(c->executemany(ins, flat, 2), 2500);
  EXPECT_EQ(c->executemany("UPDATE pgd_pipe SET b = $2 WHERE id % 2 = $1",
                           Vs{0, Bytes{"e"}, 1, Bytes{"o"}}, 2),
            2500);
  c->commit();
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_pipe WHERE b = $1", Vs{Bytes{"o"}}), Value(1250));

  // A failure deep inside a later chunk: the error is the first one, the
  // transaction is aborted as it would be one statement at a time, and the
  // connection is usable again after ROLLBACK.
  std::vector<Value> dup;
  for (int i = 0; i < 3000; ++i) {
    dup.emplace_back(i == 2222 ? 5 : 10000 + i);
    dup.emplace_back(Value());
  }
  c->begin();
  try {
    c->executemany(ins, dup, 2);
    FAIL() << "no error";
  } catch (const IntegrityError& e) {
    EXPECT_EQ(e.code(), "23505");
    EXPECT_NE(std::string(e.what()).find("(id)=(5)"), std::string::npos) << e.what();
    EXPECT_FALSE(e.connection_invalidated());
  }
  EXPECT_THROW(exec(*c, "SELECT 1"), OperationalError);  // 25P02
  c->rollback();
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_pipe"), Value(2500));
  // A set that cannot be bound (NUL in text) stops the pipeline client-side:
  // the sets before it ran, the transaction is still usable.
  c->begin();
  EXPECT_THROW(c->executemany("INSERT INTO pgd_pipe (id) SELECT $1 WHERE $2::text IS NOT NULL",
                              Vs{20000, "a", 20001, "b", 20002, std::string("c\0", 2), 20003, "d"},
                              2),
               DataError);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_pipe WHERE id >= 20000"), Value(2));
  c->rollback();
  // RETURNING rows are not pipelined (their replies could fill the socket).
  c->begin();
  EXPECT_EQ(c->executemany("DELETE FROM pgd_pipe WHERE id = $1 RETURNING b", Vs{1, 2, 3}, 1), 3);
  c->commit();
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_pipe"), Value(2497));
  EXPECT_TRUE(c->ping());
}

TEST_P(PgDriverTest, ErrorsAreClassified) {
  auto c = connect();
  exec(*c, "DROP TABLE IF EXISTS pgd_err");
  exec(*c, "CREATE TABLE pgd_err (id int PRIMARY KEY, v text NOT NULL CHECK (v <> 'bad'))");
  exec(*c, "INSERT INTO pgd_err VALUES (1, 'a')");
  const std::string dup = "INSERT INTO pgd_err VALUES ($1, $2)";
  try {
    c->execute(dup, Vs{1, "b"});
    FAIL() << "no error";
  } catch (const IntegrityError& e) {
    EXPECT_EQ(e.code(), "23505");
    EXPECT_EQ(e.sql(), dup);
    EXPECT_FALSE(e.connection_invalidated());
    const std::string what = e.what();
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    EXPECT_NE(what.find("duplicate key"), std::string::npos) << what;
    EXPECT_NE(what.find("; DETAIL: Key (id)=(1) already exists."), std::string::npos) << what;
  }
  EXPECT_THROW(c->execute(dup, Vs{2, Value()}), IntegrityError);  // not null
  EXPECT_THROW(c->execute(dup, Vs{2, "bad"}), IntegrityError);    // check
  try {
    c->execute("SELEC 1", {});
    FAIL() << "no error";
  } catch (const ProgrammingError& e) {
    EXPECT_EQ(e.code(), "42601");
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
  }
  EXPECT_THROW(c->execute("SELECT * FROM pgd_no_such_table", {}), ProgrammingError);
  EXPECT_THROW(c->execute("SELECT no_such_column FROM pgd_err", {}), ProgrammingError);
  EXPECT_THROW(c->execute("SELECT 1 / $1::int", Vs{0}), DataError);
  EXPECT_THROW(c->execute("SELECT $1::int", Vs{"nope"}), DataError);
  EXPECT_THROW(c->execute("SELECT $1::text", Vs{std::string("a\0b", 3)}), DataError);
  EXPECT_THROW(c->execute("SELECT $1::int + $2::int", Vs{1}), ProgrammingError);
  // After all that the connection still works (autocommit: nothing aborted).
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_err"), Value(1));
  EXPECT_TRUE(c->ping());
}

TEST_P(PgDriverTest, ConnectFailuresHideThePassword) {
  const std::string secret = "S3cret-Pa55";
  const auto attempt = [&](URL u) -> std::string {
    try {
      dialect().connect(u, {});
    } catch (const OperationalError& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("could not connect to"), std::string::npos);
      return e.what();
    }
    return {};
  };
  URL bad_password = url_;
  bad_password.password = secret;
  const std::string msg = attempt(bad_password);
  if (msg.empty()) {
    // The server trusts local connections (initdb --auth=trust): any password
    // works, so the failures below stand in for it.
  } else {
    EXPECT_EQ(msg.find(secret), std::string::npos) << msg;
    EXPECT_NE(msg.find("***"), std::string::npos) << msg;
  }
  URL bad_db = bad_password;
  bad_db.database = "pgd_no_such_database";
  const std::string db_msg = attempt(bad_db);
  ASSERT_FALSE(db_msg.empty());
  EXPECT_EQ(db_msg.find(secret), std::string::npos) << db_msg;

  URL refused = bad_password;
  refused.host = "127.0.0.1";
  refused.port = 1;
  const std::string refused_msg = attempt(refused);
  ASSERT_FALSE(refused_msg.empty());
  EXPECT_EQ(refused_msg.find(secret), std::string::npos) << refused_msg;

  // A password given in ConnectArgs is masked the same way.
  URL no_password = bad_db;
  no_password.password.reset();
  try {
    dialect().connect(no_password, {{"password", secret}, {"connect_timeout", "5"}});
    FAIL() << "connected to a missing database";
  } catch (const OperationalError& e) {
    EXPECT_EQ(std::string(e.what()).find(secret), std::string::npos) << e.what();
  }
  EXPECT_THROW(dialect().connect(url_, {{"no_such_libpq_option", "1"}}), OperationalError);
}

TEST_P(PgDriverTest, ConnectArgsAndQueryParameters) {
  URL u = url_;
  u.query.emplace_back("application_name", "from-url");
  auto c = dialect().connect(u, {{"application_name", "from-args"}, {"connect_timeout", "10"}});
  EXPECT_EQ(scalar(*c, "SHOW application_name"), Value("from-args"));
  auto c2 = dialect().connect(u, {{"options", "-c statement_timeout=1234"}});
  EXPECT_EQ(scalar(*c2, "SHOW application_name"), Value("from-url"));
  EXPECT_EQ(scalar(*c2, "SHOW statement_timeout"), Value("1234ms"));
}

TEST_P(PgDriverTest, TerminatedConnectionIsInvalidated) {
  auto victim = connect();
  auto killer = connect();
  const Value pid = scalar(*victim, "SELECT pg_backend_pid()");
  EXPECT_EQ(scalar(*killer, "SELECT pg_terminate_backend($1)", {pid}), Value(true));
  // Wait until the backend is gone so that the next statement certainly fails.
  for (int i = 0; i < 100; ++i) {
    if (scalar(*killer, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", {pid}) == Value(0))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  try {
    victim->execute("SELECT 1", {});
    FAIL() << "the killed connection still answered";
  } catch (const OperationalError& e) {
    EXPECT_TRUE(e.connection_invalidated()) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
  EXPECT_FALSE(victim->ping());
  try {
    victim->execute("SELECT 1", {});
    FAIL() << "no error";
  } catch (const OperationalError& e) {
    EXPECT_TRUE(e.connection_invalidated());
  }
  EXPECT_THROW(victim->begin(), OperationalError);
  EXPECT_TRUE(killer->ping());
}

TEST_P(PgDriverTest, PreparedStatementCache) {
  auto c = connect();
  const std::string sql = "SELECT $1::int + 1 AS pgd_cache_probe";
  const std::string count = "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1";
  EXPECT_EQ(scalar(*c, count, {sql}), Value(0));
  auto first = c->execute(sql, Vs{1});
  auto second = c->execute(sql, Vs{2});  // while the first cursor is alive
  EXPECT_EQ(scalar(*c, count, {sql}), Value(1));
  // Both cursors stay valid; the column list is the cached one, shared.
  EXPECT_EQ(first->columns().get(), second->columns().get());
  EXPECT_EQ(all(*second), Rows{{Value(3)}});
  EXPECT_EQ(all(*first), Rows{{Value(2)}});

  // The LRU keeps at most 256 statements and deallocates the rest.
  for (int i = 0; i < 300; ++i) exec(*c, "SELECT " + std::to_string(i) + " AS pgd_lru");
  const Value cached = scalar(*c, "SELECT count(*) FROM pg_prepared_statements");
  ASSERT_TRUE(cached.holds<std::int64_t>());
  EXPECT_LE(cached.get_raw<std::int64_t>(), 257);
  EXPECT_EQ(scalar(*c, count, {sql}), Value(0));  // least recently used: gone
  EXPECT_EQ(scalar(*c, sql, Vs{5}), Value(6));    // and prepared again on demand
}

TEST_P(PgDriverTest, StaleStatementsAreReprepared) {
  auto c = connect();
  exec(*c, "DROP TABLE IF EXISTS pgd_stale");
  exec(*c, "CREATE TABLE pgd_stale (a int)");
  exec(*c, "INSERT INTO pgd_stale VALUES (1)");
  const std::string sel = "SELECT * FROM pgd_stale";
  EXPECT_EQ(c->execute(sel, {})->columns()->size(), 1u);
  EXPECT_EQ(c->execute(sel, {})->columns()->size(), 1u);  // cached, no DDL pending
  // Changed by another connection: the server reports "cached plan must not
  // change result type" and the driver prepares again (outside a transaction).
  exec(*connect(), "ALTER TABLE pgd_stale ADD COLUMN b text DEFAULT 'x'");
  auto cur = c->execute(sel, {});
  EXPECT_EQ(cur->columns()->size(), 2u);
  EXPECT_EQ(all(*cur), (Rows{{Value(1), Value("x")}}));
  // Changed through this connection: parameter types inferred at PREPARE
  // time must not outlive ALTER COLUMN ... TYPE (or DROP and CREATE).
  const std::string ins = "INSERT INTO pgd_stale (a) VALUES ($1)";
  exec(*c, ins, {1});
  exec(*c, "ALTER TABLE pgd_stale ALTER COLUMN a TYPE bigint");
  exec(*c, ins, {std::int64_t{5000000000}});
  exec(*c, "DROP TABLE pgd_stale");
  exec(*c, "CREATE TABLE pgd_stale (a boolean)");
  exec(*c, ins, {true});
  EXPECT_EQ(scalar(*c, "SELECT a FROM pgd_stale"), Value(true));
  exec(*c, "DROP TABLE pgd_stale");
  exec(*c, "CREATE TABLE pgd_stale (a int, b text)");
  exec(*c, "INSERT INTO pgd_stale VALUES (1, 'x')");
  // DISCARD ALL drops the server's statements and settings; both come back.
  exec(*c, "DISCARD ALL");
  EXPECT_EQ(c->execute(sel, {})->columns()->size(), 2u);
  EXPECT_EQ(scalar(*c, "SHOW TimeZone"), Value("UTC"));
}

TEST_P(PgDriverTest, Transactions) {
  auto c = connect();
  exec(*c, "DROP TABLE IF EXISTS pgd_tx");
  exec(*c, "CREATE TABLE pgd_tx (id int PRIMARY KEY)");
  c->begin();
  exec(*c, "INSERT INTO pgd_tx VALUES (1)");
  c->rollback();
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_tx"), Value(0));

  c->begin();
  exec(*c, "INSERT INTO pgd_tx VALUES (1)");
  exec(*c, "SAVEPOINT sp1");
  EXPECT_THROW(exec(*c, "INSERT INTO pgd_tx VALUES (1)"), IntegrityError);
  exec(*c, "ROLLBACK TO SAVEPOINT sp1");
  exec(*c, "INSERT INTO pgd_tx VALUES (2)");
  exec(*c, "RELEASE SAVEPOINT sp1");
  c->commit();
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_tx"), Value(2));

  // Committing a transaction an error aborted must not look like success.
  c->begin();
  exec(*c, "INSERT INTO pgd_tx VALUES (3)");
  EXPECT_THROW(exec(*c, "INSERT INTO pgd_tx VALUES (1)"), IntegrityError);
  EXPECT_THROW(exec(*c, "SELECT 1"), OperationalError);  // 25P02: transaction aborted
  EXPECT_THROW(c->commit(), OperationalError);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_tx"), Value(2));

  // DDL is transactional.
  c->begin();
  exec(*c, "CREATE TABLE pgd_tx_ddl (id int)");
  c->rollback();
  EXPECT_THROW(exec(*c, "SELECT * FROM pgd_tx_ddl"), ProgrammingError);

  c->set_isolation_level("SERIALIZABLE");
  c->begin();
  EXPECT_EQ(scalar(*c, "SHOW transaction_isolation"), Value("serializable"));
  c->commit();
  c->set_isolation_level("read committed");
  c->begin();
  EXPECT_EQ(scalar(*c, "SHOW transaction_isolation"), Value("read committed"));
  c->rollback();
  c->set_isolation_level("REPEATABLE READ");
  c->set_isolation_level("READ UNCOMMITTED");
  c->set_isolation_level("AUTOCOMMIT");
  exec(*c, "INSERT INTO pgd_tx VALUES (10)");  // commits on its own
  auto other = connect();
  EXPECT_EQ(scalar(*other, "SELECT count(*) FROM pgd_tx WHERE id = 10"), Value(1));
  EXPECT_THROW(c->set_isolation_level("SNAPSHOT"), ArgumentError);
}

TEST_P(PgDriverTest, ScriptsAndCopy) {
  auto c = connect();
  auto cur = c->execute(
      "DROP TABLE IF EXISTS pgd_script; CREATE TABLE pgd_script (s text); "
      "INSERT INTO pgd_script VALUES ('a;b'), ($$c;d$$); -- trailing; comment\n"
      "SELECT count(*) FROM pgd_script",
      {});
  EXPECT_EQ(all(*cur), Rows{{Value(2)}});
  // One statement with a ';' inside a literal or after it is still prepared.
  EXPECT_EQ(scalar(*c, "SELECT ';' || $1::text;", Vs{"x"}), Value(";x"));
  EXPECT_THROW(c->execute("COPY pgd_script FROM STDIN", {}), NotSupportedError);
  EXPECT_THROW(c->execute("COPY pgd_script TO STDOUT", {}), NotSupportedError);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM pgd_script"), Value(2));
  // A session that switched bytea_output still decodes.
  exec(*c, "SET bytea_output = 'escape'");
  EXPECT_EQ(scalar(*c, "SELECT $1::bytea", {Bytes{std::string("a\0\\\xff", 4)}}),
            Value(Bytes{std::string("a\0\\\xff", 4)}));
}

INSTANTIATE_TEST_SUITE_P(Server, PgDriverTest, ::testing::ValuesIn(postgresql_backends()),
                         testing::backend_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PgDriverTest);

}  // namespace
}  // namespace retort
