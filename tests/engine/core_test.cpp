// The shared Core suite: the same tests on SQLite, PostgreSQL and MariaDB.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "support/backends.hpp"

using namespace retort;
using retort::testing::BackendTest;

namespace {

class CoreTest : public BackendTest {
 protected:
  // Column type for each value kind, per dialect.
  std::string type_for(Value::Kind k) const {
    const bool pg = is("postgresql"), my = is("mysql");
    switch (k) {
      case Value::Kind::Bool: return pg ? "BOOLEAN" : my ? "BOOL" : "BOOLEAN";
      case Value::Kind::Int: return "BIGINT";
      case Value::Kind::Double: return pg ? "DOUBLE PRECISION" : my ? "DOUBLE" : "REAL";
      case Value::Kind::Decimal: return "NUMERIC(20,6)";
      case Value::Kind::Text: return pg ? "TEXT" : my ? "LONGTEXT" : "TEXT";
      case Value::Kind::Bytes: return pg ? "BYTEA" : my ? "LONGBLOB" : "BLOB";
      case Value::Kind::Date: return "DATE";
      case Value::Kind::Time: return pg ? "TIME" : my ? "TIME(6)" : "TIME";
      case Value::Kind::DateTime: return pg ? "TIMESTAMP" : my ? "DATETIME(6)" : "TIMESTAMP";
      case Value::Kind::Uuid: return pg ? "UUID" : "CHAR(36)";
      case Value::Kind::Json: return pg ? "JSONB" : my ? "JSON" : "JSON";
      case Value::Kind::Null: break;
    }
    return "TEXT";
  }

  // Inserts v into a one-column table of the kind's type and reads it back.
  Value round_trip(Connection& conn, const Value& v, Value::Kind k) {
    drop_tables(conn, {"rt_values"});
    conn.execute("CREATE TABLE rt_values (id INTEGER PRIMARY KEY, v " + type_for(k) + ")");
    conn.execute("INSERT INTO rt_values (id, v) VALUES (:id, :v)", {{"id", 1}, {"v", v}});
    conn.commit();
    auto row = conn.execute("SELECT v FROM rt_values WHERE id = :id", {{"id", 1}}).one();
    conn.commit();
    return row[0];
  }
};

TEST_P(CoreTest, ScalarSelect) {
  auto engine = make_engine();
  auto conn = engine.connect();
  EXPECT_EQ(conn.execute("SELECT 1 + 1").scalar_as<std::int64_t>(), 2);
  EXPECT_EQ(conn.execute("SELECT 40 + :n", {{"n", 2}}).scalar_as<std::int64_t>(), 42);
}

TEST_P(CoreTest, EveryValueKindRoundTrips) {
  auto engine = make_engine();
  auto conn = engine.connect();
  using K = Value::Kind;

  EXPECT_EQ(round_trip(conn, true, K::Bool).as<bool>(), true);
  EXPECT_EQ(round_trip(conn, false, K::Bool).as<bool>(), false);
  EXPECT_EQ(round_trip(conn, std::int64_t{-9007199254740993}, K::Int).as<std::int64_t>(),
            -9007199254740993);
  EXPECT_EQ(round_trip(conn, std::int64_t{9223372036854775807}, K::Int).as<std::int64_t>(),
            9223372036854775807);
  EXPECT_DOUBLE_EQ(*round_trip(conn, 3.25e-5, K::Double).as<double>(), 3.25e-5);
  EXPECT_EQ(round_trip(conn, Decimal{"12345678901234.500000"}, K::Decimal).as<double>(),
            12345678901234.5);
  if (!is("sqlite")) {  // SQLite has no exact decimal storage (documented)
    EXPECT_EQ(round_trip(conn, Decimal{"-0.000001"}, K::Decimal).as<Decimal>()->text,
              "-0.000001");
  }
  std::string unicode = "Zürich · 東京 · 🚀 · 'quoted' \"double\" \\backslash";
  EXPECT_EQ(round_trip(conn, unicode, K::Text).as<std::string>(), unicode);
  EXPECT_EQ(round_trip(conn, std::string(), K::Text).as<std::string>(), "");

  std::string blob(1 << 20, '\0');
  for (std::size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<char>((i * 131 + 7) & 0xff);
  auto b = round_trip(conn, Bytes{blob}, K::Bytes).as<Bytes>();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->data.size(), blob.size());
  EXPECT_TRUE(b->data == blob);

  EXPECT_EQ(round_trip(conn, Date{2024, 2, 29}, K::Date).as<Date>(), (Date{2024, 2, 29}));
  EXPECT_EQ(round_trip(conn, Time{23, 59, 58, 123456}, K::Time).as<Time>(),
            (Time{23, 59, 58, 123456}));
  DateTime ts{{1999, 12, 31}, {23, 59, 59, 500000}, std::nullopt};
  EXPECT_EQ(round_trip(conn, ts, K::DateTime).as<DateTime>(), ts);
  auto u = *Uuid::parse("6F9619FF-8B86-D011-B42D-00C04FC964FF");
  EXPECT_EQ(round_trip(conn, u, K::Uuid).as<Uuid>(), u);
  auto j = round_trip(conn, Json{R"({"a": [1, 2, {"b": null}]})"}, K::Json).as<Json>();
  ASSERT_TRUE(j);
  EXPECT_NE(j->text.find("\"a\""), std::string::npos);
  EXPECT_NE(j->text.find("null"), std::string::npos);

  for (auto k : {K::Bool, K::Int, K::Double, K::Decimal, K::Text, K::Bytes, K::Date, K::Time,
                 K::DateTime, K::Uuid, K::Json}) {
    auto v = round_trip(conn, null, k);
    EXPECT_TRUE(v.is_null()) << Value::kind_name(k);
    EXPECT_EQ(v.as<std::string>(), std::nullopt);
  }
}

TEST_P(CoreTest, TimestampWithTimeZone) {
  auto engine = make_engine();
  auto conn = engine.connect();
  std::string type = is("postgresql") ? "TIMESTAMPTZ" : is("mysql") ? "DATETIME(6)" : "TEXT";
  drop_tables(conn, {"rt_tz"});
  conn.execute("CREATE TABLE rt_tz (v " + type + ")");
  DateTime in{{2026, 11, 24}, {14, 30, 0, 250000}, 2 * 3600};  // 12:30:00.25 UTC
  conn.execute("INSERT INTO rt_tz (v) VALUES (:v)", {{"v", in}});
  auto out = *conn.execute("SELECT v FROM rt_tz").scalar_as<DateTime>();
  if (is("sqlite")) {
    EXPECT_EQ(out, in);  // stored as ISO text with its offset
  } else {
    // Both servers store the instant; PostgreSQL answers in UTC (session
    // time zone), MySQL converts to UTC on bind (documented).
    EXPECT_EQ(out.date, (Date{2026, 11, 24}));
    EXPECT_EQ(out.time, (Time{12, 30, 0, 250000}));
    EXPECT_EQ(out.utc_offset_seconds.value_or(0), 0);
  }
}

TEST_P(CoreTest, RowAccessByIndexNameAndType) {
  auto engine = make_engine();
  auto conn = engine.connect();
  auto result = conn.execute("SELECT 7 AS seven, 'x' AS ex, NULL AS nada");
  EXPECT_EQ(result.keys(), (std::vector<std::string>{"seven", "ex", "nada"}));
  auto row = result.one();
  EXPECT_EQ(row.get<int>(0), 7);
  EXPECT_EQ(row.get<std::string>("ex"), "x");
  EXPECT_EQ(row.get<std::int64_t>("nada"), std::nullopt);
  EXPECT_THROW(row["missing"], NoSuchColumnError);
  EXPECT_THROW(row[9], InvalidRequestError);
  EXPECT_THROW(row.get<Date>("ex"), TypeConversionError);
}

TEST_P(CoreTest, FetchoneFetchmanyAllAndIteration) {
  auto engine = make_engine();
  auto conn = engine.connect();
  drop_tables(conn, {"rt_rows"});
  conn.execute("CREATE TABLE rt_rows (id INTEGER PRIMARY KEY, name VARCHAR(20))");
  std::vector<Params> rows;
  for (int i = 1; i <= 10; ++i) rows.push_back({{"id", i}, {"name", "n" + std::to_string(i)}});
  EXPECT_EQ(conn.executemany("INSERT INTO rt_rows (id, name) VALUES (:id, :name)", rows)
                .rowcount(),
            10);
  auto r = conn.execute("SELECT id, name FROM rt_rows ORDER BY id");
  EXPECT_EQ(r.fetchone()->get<int>(0), 1);
  auto three = r.fetchmany(3);
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(three[2].get<int>("id"), 4);
  auto rest = r.all();
  ASSERT_EQ(rest.size(), 6u);
  EXPECT_EQ(rest.back().get<std::string>("name"), "n10");
  EXPECT_FALSE(r.fetchone());

  int sum = 0;
  for (const auto& row : conn.execute("SELECT id FROM rt_rows")) sum += *row.get<int>(0);
  EXPECT_EQ(sum, 55);
  EXPECT_EQ(conn.execute("UPDATE rt_rows SET name = :n WHERE id > :id", {{"n", "z"}, {"id", 7}})
                .rowcount(),
            3);
  EXPECT_EQ(conn.execute("DELETE FROM rt_rows WHERE id <= :id", {{"id", 2}}).rowcount(), 2);
  EXPECT_THROW(conn.execute("SELECT id FROM rt_rows WHERE id > 5").one(), InvalidRequestError);
  EXPECT_THROW(conn.execute("SELECT id FROM rt_rows WHERE id > 500").one(), InvalidRequestError);
  EXPECT_FALSE(conn.execute("SELECT id FROM rt_rows WHERE id > 500").one_or_none());
}

TEST_P(CoreTest, LastRowIdWhereTheDialectHasOne) {
  auto engine = make_engine();
  auto conn = engine.connect();
  drop_tables(conn, {"rt_auto"});
  std::string pk = is("postgresql") ? "SERIAL PRIMARY KEY"
                   : is("mysql")    ? "INTEGER AUTO_INCREMENT PRIMARY KEY"
                                    : "INTEGER PRIMARY KEY AUTOINCREMENT";
  conn.execute("CREATE TABLE rt_auto (id " + pk + ", v VARCHAR(10))");
  auto r1 = conn.execute("INSERT INTO rt_auto (v) VALUES (:v)", {{"v", "a"}});
  auto r2 = conn.execute("INSERT INTO rt_auto (v) VALUES (:v)", {{"v", "b"}});
  if (is("postgresql")) {
    EXPECT_FALSE(r2.lastrowid());  // PostgreSQL has RETURNING instead
    auto id = conn.execute("INSERT INTO rt_auto (v) VALUES (:v) RETURNING id", {{"v", "c"}})
                  .scalar_as<int>();
    EXPECT_EQ(id, 3);
  } else {
    EXPECT_EQ(r1.lastrowid(), 1);
    EXPECT_EQ(r2.lastrowid(), 2);
  }
}

TEST_P(CoreTest, CommitRollbackAndRaiiTransaction) {
  auto engine = make_engine();
  auto conn = engine.connect();
  drop_tables(conn, {"rt_tx"});
  conn.execute("CREATE TABLE rt_tx (id INTEGER PRIMARY KEY)");
  conn.commit();

  conn.execute("INSERT INTO rt_tx (id) VALUES (1)");
  EXPECT_TRUE(conn.in_transaction());
  conn.rollback();
  EXPECT_FALSE(conn.in_transaction());
  EXPECT_EQ(conn.execute("SELECT COUNT(*) FROM rt_tx").scalar_as<int>(), 0);

  {
    conn.commit();
    auto tx = conn.begin();
    conn.execute("INSERT INTO rt_tx (id) VALUES (2)");
    // destroyed without commit: rolled back
  }
  EXPECT_EQ(conn.execute("SELECT COUNT(*) FROM rt_tx").scalar_as<int>(), 0);
  conn.commit();
  {
    auto tx = conn.begin();
    conn.execute("INSERT INTO rt_tx (id) VALUES (3)");
    tx.commit();
    EXPECT_FALSE(tx.is_active());
    EXPECT_THROW(tx.commit(), InvalidRequestError);
  }
  // Another connection sees committed work only.
  auto other = engine.connect();
  EXPECT_EQ(other.execute("SELECT COUNT(*) FROM rt_tx").scalar_as<int>(), 1);
  other.close();

  conn.execute("INSERT INTO rt_tx (id) VALUES (4)");
  EXPECT_THROW(conn.begin(), InvalidRequestError);  // autobegun transaction in progress
  conn.close();  // uncommitted work is rolled back on return to the pool
  auto again = engine.connect();
  EXPECT_EQ(again.execute("SELECT COUNT(*) FROM rt_tx").scalar_as<int>(), 1);
  EXPECT_THROW(conn.execute("SELECT 1"), ResourceClosedError);
}

TEST_P(CoreTest, NestedSavepoints) {
  auto engine = make_engine();
  auto conn = engine.connect();
  drop_tables(conn, {"rt_sp"});
  conn.execute("CREATE TABLE rt_sp (id INTEGER PRIMARY KEY)");
  conn.commit();
  auto outer = conn.begin();
  conn.execute("INSERT INTO rt_sp (id) VALUES (1)");
  {
    auto sp1 = conn.begin_nested();
    conn.execute("INSERT INTO rt_sp (id) VALUES (2)");
    {
      auto sp2 = conn.begin_nested();
      conn.execute("INSERT INTO rt_sp (id) VALUES (3)");
      EXPECT_TRUE(conn.in_nested_transaction());
      sp2.rollback();
    }
    sp1.commit();
  }
  {
    auto sp3 = conn.begin_nested();
    conn.execute("INSERT INTO rt_sp (id) VALUES (4)");
    // A failing statement inside a savepoint can be rolled back to it
    EXPECT_THROW(conn.execute("INSERT INTO rt_sp (id) VALUES (1)"), IntegrityError);
    sp3.rollback();
  }
  outer.commit();
  std::vector<int> ids;
  for (const auto& r : conn.execute("SELECT id FROM rt_sp ORDER BY id")) ids.push_back(*r.get<int>(0));
  EXPECT_EQ(ids, (std::vector<int>{1, 2}));
}

TEST_P(CoreTest, IntegrityAndProgrammingErrorsAreClassified) {
  auto engine = make_engine();
  auto conn = engine.connect();
  drop_tables(conn, {"rt_child", "rt_parent"});
  conn.execute("CREATE TABLE rt_parent (id INTEGER PRIMARY KEY, email VARCHAR(50) NOT NULL UNIQUE)");
  conn.execute(
      "CREATE TABLE rt_child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL "
      "REFERENCES rt_parent (id))");
  conn.execute("INSERT INTO rt_parent (id, email) VALUES (1, 'a@x')");
  conn.commit();
  auto expect_integrity = [&](const std::string& sql) {
    try {
      conn.execute(sql);
      ADD_FAILURE() << "no error for " << sql;
    } catch (const IntegrityError& e) {
      EXPECT_EQ(e.sql(), sql);
      EXPECT_FALSE(e.driver_message().empty());
      EXPECT_NE(std::string(e.what()).find("[SQL: "), std::string::npos);
      EXPECT_FALSE(e.connection_invalidated());
    }
    conn.rollback();
  };
  expect_integrity("INSERT INTO rt_parent (id, email) VALUES (1, 'b@x')");         // primary key
  expect_integrity("INSERT INTO rt_parent (id, email) VALUES (2, 'a@x')");         // unique
  expect_integrity("INSERT INTO rt_parent (id, email) VALUES (3, NULL)");          // not null
  expect_integrity("INSERT INTO rt_child (id, parent_id) VALUES (1, 99)");         // foreign key
  try {
    conn.execute("SELEKT nonsense");
    ADD_FAILURE();
  } catch (const DBAPIError& e) {
    // SQLite reports syntax errors as SQLITE_ERROR, which Python's sqlite3
    // (and so SQLAlchemy) classifies as OperationalError.
    if (is("sqlite")) {
      EXPECT_NE(dynamic_cast<const OperationalError*>(&e), nullptr);
    } else {
      EXPECT_NE(dynamic_cast<const ProgrammingError*>(&e), nullptr) << e.what();
    }
  }
  conn.rollback();
  EXPECT_THROW(conn.execute("SELECT * FROM no_such_table_here"), DatabaseError);
  conn.rollback();
  EXPECT_EQ(conn.execute("SELECT COUNT(*) FROM rt_parent").scalar_as<int>(), 1);
}

TEST_P(CoreTest, MissingBindParameterIsAnArgumentError) {
  auto engine = make_engine();
  auto conn = engine.connect();
  try {
    conn.execute("SELECT :a + :b", {{"a", 1}});
    FAIL();
  } catch (const ArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("'b'"), std::string::npos);
  }
}

TEST_P(CoreTest, HostileValuesAreBoundNotSpliced) {
  auto engine = make_engine();
  auto conn = engine.connect();
  drop_tables(conn, {"rt_hostile"});
  conn.execute("CREATE TABLE rt_hostile (id INTEGER PRIMARY KEY, v VARCHAR(200))");
  std::vector<std::string> evil = {"'; DROP TABLE rt_hostile; --", "\\'", "a\\", ":notaparam",
                                   "?", "$1", "\"", "`"};
  int id = 0;
  for (const auto& s : evil)
    conn.execute("INSERT INTO rt_hostile (id, v) VALUES (:id, :v)", {{"id", ++id}, {"v", s}});
  conn.commit();
  id = 0;
  for (const auto& s : evil)
    EXPECT_EQ(conn.execute("SELECT v FROM rt_hostile WHERE id = :id", {{"id", ++id}})
                  .scalar_as<std::string>(),
              s);
  // Colons inside string literals are not parameters.
  EXPECT_EQ(conn.execute("SELECT ':nope'").scalar_as<std::string>(), ":nope");
}

TEST_P(CoreTest, ExecutemanyInsertsEveryRowAndRollsBack) {
  auto engine = make_engine();
  auto conn = engine.connect();
  drop_tables(conn, {"rt_many"});
  conn.execute("CREATE TABLE rt_many (id INTEGER PRIMARY KEY, name VARCHAR(40), score DOUBLE PRECISION)");
  conn.commit();
  std::vector<Params> rows;
  for (int i = 0; i < 2500; ++i)  // more than one multi-row batch
    rows.push_back({{"name", "n" + std::to_string(i)}, {"id", i}, {"score", i * 0.5}});
  auto r = conn.executemany(
      text("INSERT INTO rt_many (id, name, score) VALUES (:id, :name, :score)"), rows);
  EXPECT_EQ(r.rowcount(), 2500);
  EXPECT_EQ(conn.execute("SELECT SUM(id) FROM rt_many").scalar_as<std::int64_t>(),
            2500LL * 2499 / 2);
  EXPECT_EQ(conn.execute("SELECT name FROM rt_many WHERE id = 1234").scalar_as<std::string>(),
            "n1234");
  conn.rollback();
  EXPECT_EQ(conn.execute("SELECT COUNT(*) FROM rt_many").scalar_as<int>(), 0);
  // A failing row fails the whole call; nothing of it is committed.
  rows.push_back({{"id", 5}, {"name", "dup"}, {"score", 0.0}});
  EXPECT_THROW(conn.executemany("INSERT INTO rt_many (id, name, score) VALUES (:id, :name, :score)",
                                rows),
               IntegrityError);
  conn.rollback();
  EXPECT_EQ(conn.execute("SELECT COUNT(*) FROM rt_many").scalar_as<int>(), 0);
  // UPDATE executemany goes row by row.
  conn.executemany("INSERT INTO rt_many (id, name, score) VALUES (:id, :name, :score)",
                   {{{"id", 1}, {"name", "a"}, {"score", 1.0}},
                    {{"id", 2}, {"name", "b"}, {"score", 2.0}}});
  EXPECT_EQ(conn.executemany("UPDATE rt_many SET score = :s WHERE id = :id",
                             {{{"s", 10.0}, {"id", 1}}, {{"s", 20.0}, {"id", 2}}})
                .rowcount(),
            2);
  EXPECT_EQ(conn.execute("SELECT SUM(score) FROM rt_many").scalar_as<double>(), 30.0);
}

TEST_P(CoreTest, BulkExecutemanyFillsAReusedBuffer) {
  auto engine = make_engine();
  auto conn = engine.connect();
  drop_tables(conn, {"rt_bulk"});
  conn.execute("CREATE TABLE rt_bulk (id INTEGER PRIMARY KEY, name VARCHAR(40), note VARCHAR(40))");
  conn.commit();
  auto stmt = text("INSERT INTO rt_bulk (id, name, note) VALUES (:id, :name, :note)");
  auto r = conn.executemany(stmt, 2345, [](std::size_t i, std::span<Value> out) {
    out[0].assign_int(static_cast<std::int64_t>(i));
    out[1].assign_text("name-" + std::to_string(i));
    if (i % 2)
      out[2] = null;
    else
      out[2].assign_text("even");
  });
  EXPECT_EQ(r.rowcount(), 2345);
  conn.commit();
  EXPECT_EQ(conn.execute("SELECT COUNT(*) FROM rt_bulk WHERE note IS NULL").scalar_as<int>(), 1172);
  EXPECT_EQ(conn.execute("SELECT name FROM rt_bulk WHERE id = 2000").scalar_as<std::string>(),
            "name-2000");
  // A failing row fails the call, and nothing of it stays after rollback.
  EXPECT_THROW(conn.executemany(stmt, 3, [](std::size_t, std::span<Value> out) {
    out[0] = 7;  // the same key three times
    out[1] = "x";
    out[2] = null;
  }),
               IntegrityError);
  conn.rollback();
  EXPECT_EQ(conn.execute("SELECT COUNT(*) FROM rt_bulk").scalar_as<int>(), 2345);
}

TEST_P(CoreTest, EventsFireAndCanBeRemoved) {
  auto engine = make_engine();
  std::vector<std::string> seen;
  std::mutex mu;
  auto rec = [&](const char* tag) {
    return [&, tag](const Event& e) {
      std::lock_guard lk(mu);
      seen.push_back(std::string(tag) + (e.statement.empty() ? "" : ":" + std::string(e.statement)));
    };
  };
  auto& ev = engine.events();
  std::vector<ListenerId> ids = {
      ev.listen(EventKind::Connect, rec("connect")),
      ev.listen(EventKind::Checkout, rec("checkout")),
      ev.listen(EventKind::Checkin, rec("checkin")),
      ev.listen(EventKind::BeforeCursorExecute, rec("before")),
      ev.listen(EventKind::AfterCursorExecute, rec("after")),
      ev.listen(EventKind::Begin, rec("begin")),
      ev.listen(EventKind::Commit, rec("commit")),
      ev.listen(EventKind::Rollback, rec("rollback")),
      ev.listen(EventKind::HandleError, rec("error")),
  };
  {
    auto conn = engine.connect();
    conn.execute("SELECT 1");
    conn.commit();
    EXPECT_THROW(conn.execute("SELECT * FROM rt_no_such_table"), DBAPIError);
    conn.rollback();
  }
  std::vector<std::string> expected = {"connect",  "checkout",         "begin",
                                       "before:SELECT 1", "after:SELECT 1", "commit",
                                       "begin",    "before:SELECT * FROM rt_no_such_table",
                                       "error:SELECT * FROM rt_no_such_table", "rollback",
                                       "checkin"};
  EXPECT_EQ(seen, expected);
  for (auto id : ids) EXPECT_TRUE(ev.remove(id));
  EXPECT_FALSE(ev.remove(ids[0]));
  seen.clear();
  engine.connect().execute("SELECT 1");
  EXPECT_TRUE(seen.empty());
}

TEST_P(CoreTest, EchoLogsStatementsAndParametersButNeverThePassword) {
  std::vector<std::string> lines;
  EngineOptions opts;
  opts.echo = true;
  opts.logger = [&](std::string_view l) { lines.emplace_back(l); };
  auto engine = make_engine(opts);
  auto conn = engine.connect();
  conn.execute("SELECT 1 + :v", {{"v", 987654}});
  conn.commit();
  std::string all;
  for (auto& l : lines) all += l + "\n";
  EXPECT_NE(all.find("SELECT"), std::string::npos) << all;
  EXPECT_NE(all.find("987654"), std::string::npos) << all;
  EXPECT_NE(all.find("COMMIT"), std::string::npos) << all;
  if (auto pw = engine.url().password) {
    EXPECT_EQ(all.find(*pw), std::string::npos);
    EXPECT_EQ(engine.url().str().find(*pw), std::string::npos);
  }
}

TEST_P(CoreTest, WrongPasswordIsOperationalErrorWithoutThePassword) {
  if (is("sqlite")) {
    // SQLite has no password; a missing directory is its connection failure.
    auto engine = create_engine("sqlite:////nonexistent-dir/x/y.db");
    EXPECT_THROW(engine.connect(), OperationalError);
    return;
  }
  URL u = URL::parse(url());
  u.password = "Wr0ng-S3cret-pw";
  auto engine = create_engine(u.render(false));
  try {
    engine.connect();
    FAIL() << "connected with a wrong password";
  } catch (const OperationalError& e) {
    std::string what = e.what();
    EXPECT_EQ(what.find("Wr0ng-S3cret-pw"), std::string::npos) << what;
    EXPECT_NE(what.find("***"), std::string::npos) << what;
  }
}

TEST_P(CoreTest, IsolationLevels) {
  EngineOptions opts;
  opts.isolation_level = "SERIALIZABLE";
  auto engine = make_engine(opts);
  auto conn = engine.connect();
  EXPECT_EQ(conn.execute("SELECT 1").scalar_as<int>(), 1);
  conn.commit();
  EXPECT_THROW(conn.set_isolation_level("NO SUCH LEVEL"), ArgumentError);

  EngineOptions ac;
  ac.isolation_level = "AUTOCOMMIT";
  auto auto_engine = make_engine(ac);
  auto c2 = auto_engine.connect();
  drop_tables(c2, {"rt_auto_commit"});
  c2.execute("CREATE TABLE rt_auto_commit (id INTEGER)");
  c2.execute("INSERT INTO rt_auto_commit (id) VALUES (1)");
  EXPECT_FALSE(c2.in_transaction());
  c2.rollback();  // nothing to roll back: the insert is already committed
  EXPECT_EQ(c2.execute("SELECT COUNT(*) FROM rt_auto_commit").scalar_as<int>(), 1);
}

TEST_P(CoreTest, SchemaChangesDoNotLeaveStaleCachedStatements) {
  auto engine = make_engine();
  auto conn = engine.connect();
  drop_tables(conn, {"rt_shape"});
  conn.execute("CREATE TABLE rt_shape (a BOOLEAN)");
  conn.execute("INSERT INTO rt_shape (a) VALUES (:a)", {{"a", true}});
  EXPECT_EQ(conn.execute("SELECT * FROM rt_shape").keys(), (std::vector<std::string>{"a"}));
  conn.commit();
  conn.execute("DROP TABLE rt_shape");
  conn.execute("CREATE TABLE rt_shape (a BIGINT, b VARCHAR(10))");
  conn.execute("INSERT INTO rt_shape (a) VALUES (:a)", {{"a", std::int64_t{1} << 40}});
  auto rows = conn.execute("SELECT * FROM rt_shape").all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].keys(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rows[0].get<std::int64_t>("a"), std::int64_t{1} << 40);
  conn.commit();
}

TEST_P(CoreTest, DdlThatChangesNothingKeepsCachedStatementsRight) {
  auto engine = make_engine();
  auto conn = engine.connect();
  drop_tables(conn, {"rt_shape2"});
  conn.execute("CREATE TABLE rt_shape2 (a INTEGER)");
  conn.execute("INSERT INTO rt_shape2 (a) VALUES (1)");
  EXPECT_EQ(conn.execute("SELECT * FROM rt_shape2").keys(), (std::vector<std::string>{"a"}));
  conn.commit();
  conn.execute("CREATE TABLE IF NOT EXISTS rt_shape2 (a INTEGER)");  // exists: no change
  EXPECT_EQ(conn.execute("SELECT * FROM rt_shape2").keys(), (std::vector<std::string>{"a"}));
  conn.execute("ALTER TABLE rt_shape2 ADD COLUMN b VARCHAR(10)");
  auto rows = conn.execute("SELECT * FROM rt_shape2").all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].keys(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rows[0].get<std::int64_t>("a"), 1);
  conn.commit();
  drop_tables(conn, {"rt_shape2"});
}

INSTANTIATE_TEST_SUITE_P(Backends, CoreTest, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
