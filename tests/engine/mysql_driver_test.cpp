// The MySQL/MariaDB driver against a real server, through DriverConnection
// directly (no Engine). The server URL comes from RETORT_TEST_MYSQL_URL; when
// it is unset the suite registers no tests, except under CI, where every test
// is instantiated with an empty URL and fails.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "../../engine/src/dialects/mysql/dialect.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/url.hpp"
#include "retort/engine/value.hpp"

namespace {

using namespace retort;
using Rows = std::vector<std::vector<Value>>;

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && *ci && std::string_view(ci) != "0" && std::string_view(ci) != "false";
}

std::vector<std::string> server_urls() {
  const char* url = std::getenv("RETORT_TEST_MYSQL_URL");
  if (url && *url) return {url};
  if (in_ci()) return {""};  // instantiated so that it fails loudly
  return {};
}

Rows all_rows(DriverCursor& cur) {
  Rows out;
  std::vector<Value> row(cur.columns()->size());
  while (cur.fetch(row)) out.push_back(row);
  return out;
}

class MysqlDriverTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam().empty())
      GTEST_FAIL() << "RETORT_TEST_MYSQL_URL is unset and CI is set: scripts/test.sh must "
                      "start a MariaDB server";
    url_ = URL::parse(GetParam());
    dialect_ = make_mysql_dialect();
    conn_ = dialect_->connect(url_, {});
    // One table name per test, so that tests may run in parallel on one database.
    table_ =
        "mydrv_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name());
    for (char& c : table_)
      if (c == '/') c = '_';
    exec("DROP TABLE IF EXISTS " + table_);
  }
  void TearDown() override {
    if (conn_ && conn_->ping()) exec("DROP TABLE IF EXISTS " + table_);
  }

  std::unique_ptr<DriverConnection> connect(const ConnectArgs& args = {}) const {
    return dialect_->connect(url_, args);
  }
  std::unique_ptr<DriverCursor> exec(std::string_view sql, std::vector<Value> params = {}) {
    return conn_->execute(sql, params);
  }
  Rows query(std::string_view sql, std::vector<Value> params = {}) {
    auto cur = conn_->execute(sql, params);
    return all_rows(*cur);
  }
  Value scalar(std::string_view sql, std::vector<Value> params = {}) {
    Rows r = query(sql, std::move(params));
    EXPECT_EQ(r.size(), 1u) << sql;
    return r.empty() || r[0].empty() ? Value() : r[0][0];
  }

  URL url_;
  std::unique_ptr<Dialect> dialect_;
  std::unique_ptr<DriverConnection> conn_;
  std::string table_;
};

TEST_P(MysqlDriverTest, DialectBasics) {
  EXPECT_EQ(dialect_->name(), "mysql");
  EXPECT_EQ(dialect_->paramstyle(), ParamStyle::Qmark);
  EXPECT_EQ(dialect_->quote_identifier("a`b"), "`a``b`");
  const auto& caps = dialect_->capabilities();
  EXPECT_FALSE(caps.transactional_ddl);
  EXPECT_FALSE(caps.supports_returning);
  EXPECT_TRUE(caps.multirow_insert_for_executemany);
  EXPECT_EQ(caps.max_bind_params, 65535u);
  EXPECT_FALSE(conn_->server_version().empty());
  EXPECT_TRUE(conn_->ping());
}

TEST_P(MysqlDriverTest, EachValueKindRoundTrips) {
  exec("CREATE TABLE " + table_ +
       " (id INT PRIMARY KEY, b BOOLEAN, i BIGINT, d DOUBLE, n DECIMAL(30,6),"
       " s VARCHAR(100) CHARACTER SET utf8mb4, bin VARBINARY(100), dt DATE, tm TIME(6),"
       " ts DATETIME(6), u CHAR(36), j JSON)");
  const std::string ins = "INSERT INTO " + table_ + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
  const Uuid uuid = *Uuid::parse("12345678-9abc-def0-1234-56789abcdef0");
  exec(ins,
       {1, true, std::int64_t{-9007199254740993}, 2.5, Decimal{"-12345678901234.500001"},
        "h\xC3\xA9llo \xF0\x9F\x98\x80", Bytes{std::string("\0\x01\xff", 3)}, Date{2024, 2, 29},
        Time{13, 14, 15, 123456}, DateTime{{1999, 12, 31}, {23, 59, 58, 999999}, std::nullopt},
        uuid, Json{R"({"a": [1, 2]})"}});
  exec(ins, {2, null, null, null, null, null, null, null, null, null, null, null});

  Rows rows = query("SELECT b, i, d, n, s, bin, dt, tm, ts, u, j FROM " + table_ + " ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  const auto& r = rows[0];
  EXPECT_EQ(r[0], Value(1));  // BOOLEAN is TINYINT(1): 0/1
  EXPECT_EQ(r[1], Value(std::int64_t{-9007199254740993}));
  EXPECT_EQ(r[2], Value(2.5));
  EXPECT_EQ(r[3], Value(Decimal{"-12345678901234.500001"}));
  EXPECT_EQ(r[4], Value("h\xC3\xA9llo \xF0\x9F\x98\x80"));  // 4-byte emoji intact
  EXPECT_EQ(r[5], Value(Bytes{std::string("\0\x01\xff", 3)}));
  EXPECT_EQ(r[6], Value(Date{2024, 2, 29}));
  EXPECT_EQ(r[7], Value(Time{13, 14, 15, 123456}));
  EXPECT_EQ(r[8], Value(DateTime{{1999, 12, 31}, {23, 59, 58, 999999}, std::nullopt}));
  EXPECT_EQ(r[9], Value(uuid.str()));
  ASSERT_TRUE(r[10].holds<std::string>());  // MariaDB's JSON is LONGTEXT
  EXPECT_EQ(r[10].get_raw<std::string>(), R"({"a": [1, 2]})");
  for (const auto& v : rows[1]) EXPECT_TRUE(v.is_null()) << v.repr();
}

TEST_P(MysqlDriverTest, ParameterTypesThroughSelect) {
  // "SELECT ?" learns its result type from the bound parameter.
  EXPECT_EQ(scalar("SELECT ?", {std::int64_t{42}}), Value(42));
  EXPECT_EQ(scalar("SELECT ?", {"text"}), Value("text"));
  EXPECT_EQ(scalar("SELECT ?", {1.25}), Value(1.25));
  EXPECT_EQ(scalar("SELECT ?", {null}), Value());
  EXPECT_EQ(scalar("SELECT CAST(? AS DATE)", {Date{2001, 2, 3}}), Value(Date{2001, 2, 3}));
  // An aware DateTime is stored as UTC.
  EXPECT_EQ(
      scalar("SELECT CAST(? AS DATETIME(6))", {DateTime{{2020, 1, 1}, {1, 30, 0, 5}, 2 * 3600}}),
      Value(DateTime{{2019, 12, 31}, {23, 30, 0, 5}, std::nullopt}));
  // TIME is a signed duration beyond 24 hours.
  EXPECT_EQ(scalar("SELECT CAST(? AS TIME)", {Time{100, 2, 3, 0}}), Value(Time{100, 2, 3, 0}));
  EXPECT_EQ(scalar("SELECT CAST(? AS TIME)", {Time{-1, -2, -3, 0}}), Value(Time{-1, -2, -3, 0}));
  EXPECT_EQ(scalar("SELECT ? + 0", {Decimal{"1.50"}}), Value(Decimal{"1.50"}));
  EXPECT_EQ(scalar("SELECT CAST(18446744073709551615 AS UNSIGNED)"),
            Value(Decimal{"18446744073709551615"}));
  EXPECT_EQ(scalar("SELECT CAST(5 AS UNSIGNED)"), Value(5));
  EXPECT_EQ(scalar("SELECT b'101'+0"), Value(5));
  exec("CREATE TABLE " + table_ + " (bits BIT(10), y YEAR, f FLOAT)");
  exec("INSERT INTO " + table_ + " VALUES (b'1000000001', 2024, 0.5)");
  Rows rows = query("SELECT bits, y, f FROM " + table_);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], Value(513));
  EXPECT_EQ(rows[0][1], Value(2024));
  EXPECT_EQ(rows[0][2], Value(0.5));
}

TEST_P(MysqlDriverTest, LargeBlobAndLongTextRows) {
  if (scalar("SELECT @@max_allowed_packet").as<std::int64_t>().value() < (8 << 20)) {
    exec("SET GLOBAL max_allowed_packet = 67108864");
    conn_ = connect();  // the global value applies to new sessions
  }
  exec("CREATE TABLE " + table_ + " (id INT PRIMARY KEY, data LONGBLOB, t LONGTEXT)");
  std::string blob(1 << 20, '\0');
  for (std::size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<char>(i * 7 + i / 251);
  const std::string ins = "INSERT INTO " + table_ + " VALUES (?, ?, ?)";
  // Growing sizes exercise the fetch buffer growing and being re-bound.
  const std::size_t sizes[] = {10, 5000, 1 << 20, 3, 70000};
  for (int i = 0; i < 5; ++i)
    exec(ins, {i, Bytes{blob.substr(0, sizes[i])}, std::string(sizes[i], 'x')});
  Rows rows = query("SELECT data, t FROM " + table_ + " ORDER BY id");
  ASSERT_EQ(rows.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(rows[i][0].holds<Bytes>());
    EXPECT_EQ(rows[i][0].get_raw<Bytes>().data.size(), sizes[i]);
    EXPECT_TRUE(rows[i][0].get_raw<Bytes>().data == blob.substr(0, sizes[i])) << "row " << i;
    EXPECT_EQ(rows[i][1], Value(std::string(sizes[i], 'x')));
  }
}

TEST_P(MysqlDriverTest, FetchReusesCellStorage) {
  exec("CREATE TABLE " + table_ + " (s VARCHAR(50))");
  conn_->executemany("INSERT INTO " + table_ + " VALUES (?)",
                     std::vector<Value>{"first value, long enough to be on the heap",
                                        "second, shorter, yet still on the heap"},
                     1);
  auto cur = exec("SELECT s FROM " + table_);
  std::vector<Value> row(cur->columns()->size());
  ASSERT_TRUE(cur->fetch(row));
  const char* storage = row[0].get_raw<std::string>().data();
  ASSERT_TRUE(cur->fetch(row));
  EXPECT_EQ(row[0].get_raw<std::string>().data(), storage);
  EXPECT_EQ(row[0], Value("second, shorter, yet still on the heap"));
  EXPECT_FALSE(cur->fetch(row));
}

TEST_P(MysqlDriverTest, DatetimeMicroseconds) {
  exec("CREATE TABLE " + table_ + " (ts DATETIME(6), t3 DATETIME(3))");
  DateTime v{{2023, 7, 14}, {8, 9, 10, 123456}, std::nullopt};
  exec("INSERT INTO " + table_ + " VALUES (?, ?)", {v, v});
  Rows rows = query("SELECT ts, t3, DATE_FORMAT(ts, '%f') FROM " + table_);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], Value(v));
  EXPECT_EQ(rows[0][1], Value(DateTime{{2023, 7, 14}, {8, 9, 10, 123000}, std::nullopt}));
  EXPECT_EQ(rows[0][2], Value("123456"));
}

TEST_P(MysqlDriverTest, RowcountAndLastrowid) {
  exec("CREATE TABLE " + table_ + " (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
  auto c1 = exec("INSERT INTO " + table_ + " (v) VALUES (?)", {10});
  EXPECT_EQ(c1->rowcount(), 1);
  EXPECT_EQ(c1->lastrowid(), 1);
  EXPECT_TRUE(c1->columns()->empty());
  auto c2 = exec("INSERT INTO " + table_ + " (v) VALUES (?), (?)", {10, 20});
  EXPECT_EQ(c2->rowcount(), 2);
  EXPECT_EQ(c2->lastrowid(), 2);  // MySQL reports the first id of a multi-row insert
  // CLIENT_FOUND_ROWS: rows matched, even those the UPDATE leaves unchanged.
  auto c3 = exec("UPDATE " + table_ + " SET v = 10 WHERE v = ?", {10});
  EXPECT_EQ(c3->rowcount(), 2);
  EXPECT_EQ(c3->lastrowid(), std::nullopt);
  EXPECT_EQ(exec("DELETE FROM " + table_ + " WHERE v = ?", {99})->rowcount(), 0);
  auto sel = exec("SELECT id FROM " + table_);
  EXPECT_EQ(sel->rowcount(), 3);
  EXPECT_EQ(*sel->columns(), std::vector<std::string>{"id"});
}

TEST_P(MysqlDriverTest, Executemany) {
  exec("CREATE TABLE " + table_ + " (id INT PRIMARY KEY, s VARCHAR(20))");
  std::vector<Value> flat;
  for (int i = 0; i < 1000; ++i) {
    flat.emplace_back(i);
    flat.emplace_back("row " + std::to_string(i));
  }
  conn_->begin();
  EXPECT_EQ(conn_->executemany("INSERT INTO " + table_ + " VALUES (?, ?)", flat, 2), 1000);
  conn_->commit();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM " + table_), Value(1000));
  EXPECT_EQ(scalar("SELECT s FROM " + table_ + " WHERE id = ?", {999}), Value("row 999"));
  EXPECT_EQ(conn_->executemany("UPDATE " + table_ + " SET s = ? WHERE id = ?",
                               std::vector<Value>{"a", 1, "b", 2, "c", 12345}, 2),
            2);
  EXPECT_THROW(conn_->executemany("SELECT ?", std::vector<Value>{1, 2, 3}, 2), ArgumentError);
}

TEST_P(MysqlDriverTest, ErrorsAreClassified) {
  exec("CREATE TABLE " + table_ + " (id INT PRIMARY KEY, s VARCHAR(3) NOT NULL)");
  exec("INSERT INTO " + table_ + " VALUES (1, 'a')");
  try {
    exec("INSERT INTO " + table_ + " VALUES (?, 'b')", {1});
    FAIL() << "duplicate key accepted";
  } catch (const IntegrityError& e) {
    EXPECT_EQ(e.code(), "23000");
    EXPECT_NE(e.driver_message().find("(1062) Duplicate entry"), std::string::npos) << e.what();
    EXPECT_NE(e.sql().find("INSERT INTO"), std::string::npos);
    EXPECT_FALSE(e.connection_invalidated());
  }
  EXPECT_THROW(exec("INSERT INTO " + table_ + " VALUES (2, ?)", {null}), IntegrityError);
  EXPECT_THROW(exec("INSERT INTO " + table_ + " VALUES (3, ?)", {"too long"}), DataError);
  try {
    exec("SELEC 1");
    FAIL() << "syntax error accepted";
  } catch (const ProgrammingError& e) {
    EXPECT_EQ(e.code(), "42000");
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
  }
  EXPECT_THROW(exec("SELECT * FROM no_such_table_mydrv"), ProgrammingError);
  EXPECT_THROW(exec("SELECT no_such_column FROM " + table_), ProgrammingError);
  EXPECT_THROW(exec("SELECT ?", {1, 2}), ProgrammingError);
  // The connection is still usable after all of that.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM " + table_), Value(1));
}

TEST_P(MysqlDriverTest, WrongPasswordIsOperationalAndMasked) {
  URL bad = url_;
  bad.password = "Sekr1t-wrong-pw";
  try {
    dialect_->connect(bad, {});
    FAIL() << "connected with a wrong password";
  } catch (const OperationalError& e) {
    std::string what = e.what();
    EXPECT_EQ(what.find("Sekr1t-wrong-pw"), std::string::npos) << what;
    EXPECT_NE(what.find("could not connect to"), std::string::npos) << what;
    EXPECT_NE(what.find("(1045)"), std::string::npos) << what;
  }
  // A password given through ConnectArgs is masked too, and overrides the URL's.
  try {
    dialect_->connect(url_, {{"password", "Sekr1t-wrong-pw"}});
    FAIL() << "connected with a wrong password";
  } catch (const OperationalError& e) {
    EXPECT_EQ(std::string(e.what()).find("Sekr1t-wrong-pw"), std::string::npos) << e.what();
  }
  URL closed = url_;
  closed.host = "127.0.0.1";
  closed.port = 1;
  EXPECT_THROW(dialect_->connect(closed, {{"connect_timeout", "2"}}), OperationalError);
  EXPECT_THROW(dialect_->connect(url_, {{"no_such_option", "1"}}), ArgumentError);
  EXPECT_THROW(dialect_->connect(url_, {{"ssl_ca", "/nonexistent/retort-ca.pem"}}),
               OperationalError);
}

TEST_P(MysqlDriverTest, KilledConnectionIsInvalidated) {
  const auto id = scalar("SELECT CONNECTION_ID()").as<std::int64_t>().value();
  auto killer = connect();
  killer->execute("KILL " + std::to_string(id), {});
  // Wait until the server has really dropped the session.
  for (int i = 0; i < 100; ++i) {
    auto cur = killer->execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?",
                               std::vector<Value>{id});
    std::vector<Value> row(1);
    ASSERT_TRUE(cur->fetch(row));
    if (row[0] == Value(0)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  try {
    exec("SELECT 1");
    FAIL() << "execute on a killed connection succeeded";
  } catch (const OperationalError& e) {
    EXPECT_TRUE(e.connection_invalidated()) << e.what();
  }
  EXPECT_FALSE(conn_->ping());
  try {
    exec("SELECT 2");
    FAIL() << "execute on a dead connection succeeded";
  } catch (const OperationalError& e) {
    EXPECT_TRUE(e.connection_invalidated()) << e.what();
  }
  conn_ = connect();  // for TearDown
}

TEST_P(MysqlDriverTest, TwoLiveCursorsOnTheSameSql) {
  exec("CREATE TABLE " + table_ + " (id INT PRIMARY KEY)");
  conn_->executemany("INSERT INTO " + table_ + " VALUES (?)", std::vector<Value>{1, 2, 3}, 1);
  const std::string sql = "SELECT id FROM " + table_ + " WHERE id >= ? ORDER BY id";
  auto a = exec(sql, {1});
  auto b = exec(sql, {2});
  std::vector<Value> ra(1), rb(1);
  ASSERT_TRUE(a->fetch(ra));
  ASSERT_TRUE(b->fetch(rb));
  EXPECT_EQ(ra[0], Value(1));
  EXPECT_EQ(rb[0], Value(2));
  // A third cursor on other SQL in between does not disturb either.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM " + table_), Value(3));
  ASSERT_TRUE(a->fetch(ra));
  ASSERT_TRUE(b->fetch(rb));
  EXPECT_EQ(ra[0], Value(2));
  EXPECT_EQ(rb[0], Value(3));
  EXPECT_FALSE(b->fetch(rb));
  ASSERT_TRUE(a->fetch(ra));
  EXPECT_EQ(ra[0], Value(3));
  EXPECT_FALSE(a->fetch(ra));
  // Column names are cached with the statement: the same list every time.
  auto cols = a->columns();
  a.reset();
  b.reset();
  EXPECT_EQ(exec(sql, {3})->columns(), cols);
}

TEST_P(MysqlDriverTest, StatementCacheEvictsButCursorsSurvive) {
  auto early = exec("SELECT 'early' UNION ALL SELECT 'late'");
  for (int i = 0; i < 300; ++i)
    EXPECT_EQ(scalar("SELECT " + std::to_string(i) + " + ?", {1}), Value(i + 1));
  std::vector<Value> row(1);
  ASSERT_TRUE(early->fetch(row));
  EXPECT_EQ(row[0], Value("early"));
  ASSERT_TRUE(early->fetch(row));
  EXPECT_EQ(row[0], Value("late"));
  EXPECT_EQ(scalar("SELECT 0 + ?", {1}), Value(1));  // evicted, prepared again
}

TEST_P(MysqlDriverTest, TransactionsAndSavepoints) {
  exec("CREATE TABLE " + table_ + " (id INT PRIMARY KEY) ENGINE=InnoDB");
  const std::string ins = "INSERT INTO " + table_ + " VALUES (?)";
  conn_->begin();
  exec(ins, {1});
  conn_->rollback();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM " + table_), Value(0));
  conn_->begin();
  exec(ins, {2});
  exec("SAVEPOINT sp1");
  exec(ins, {3});
  exec("ROLLBACK TO SAVEPOINT sp1");
  exec("RELEASE SAVEPOINT sp1");
  conn_->commit();
  EXPECT_EQ(scalar("SELECT GROUP_CONCAT(id) FROM " + table_), Value("2"));
  // Outside begin()/commit() statements commit on their own.
  exec(ins, {4});
  auto other = connect();
  auto cur = other->execute("SELECT COUNT(*) FROM " + table_, {});
  EXPECT_EQ(all_rows(*cur).at(0).at(0), Value(2));
}

TEST_P(MysqlDriverTest, IsolationLevels) {
  conn_->set_isolation_level("READ COMMITTED");
  EXPECT_EQ(scalar("SELECT @@session.tx_isolation"), Value("READ-COMMITTED"));
  conn_->set_isolation_level("SERIALIZABLE");
  EXPECT_EQ(scalar("SELECT @@session.tx_isolation"), Value("SERIALIZABLE"));
  conn_->set_isolation_level("AUTOCOMMIT");
  EXPECT_EQ(scalar("SELECT @@autocommit"), Value(1));
  conn_->set_isolation_level("REPEATABLE READ");
  EXPECT_EQ(scalar("SELECT @@session.tx_isolation"), Value("REPEATABLE-READ"));
  EXPECT_THROW(conn_->set_isolation_level("SNAPSHOT"), ArgumentError);
}

TEST_P(MysqlDriverTest, MetadataChangeIsPickedUp) {
  exec("CREATE TABLE " + table_ + " (a INT)");
  exec("INSERT INTO " + table_ + " VALUES (1)");
  const std::string sql = "SELECT * FROM " + table_;
  EXPECT_EQ(query(sql).at(0).size(), 1u);
  exec("ALTER TABLE " + table_ + " ADD COLUMN b VARCHAR(10) DEFAULT 'x'");
  auto cur = exec(sql);
  EXPECT_EQ(*cur->columns(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(all_rows(*cur).at(0), (std::vector<Value>{1, "x"}));
  exec("ALTER TABLE " + table_ + " MODIFY COLUMN a VARCHAR(10)");
  EXPECT_EQ(query(sql).at(0).at(0), Value("1"));
}

TEST_P(MysqlDriverTest, ProcedureWithSeveralResultSets) {
  const std::string proc = table_ + "_p";
  exec("DROP PROCEDURE IF EXISTS " + proc);
  exec("CREATE PROCEDURE " + proc + "() BEGIN SELECT 1 AS a; SELECT 'x' AS b, 2 AS c; END");
  auto cur = exec("CALL " + proc + "()");
  EXPECT_EQ(*cur->columns(), std::vector<std::string>{"a"});
  std::vector<Value> row(1);
  ASSERT_TRUE(cur->fetch(row));
  EXPECT_EQ(row[0], Value(1));
  // The next command drains the remaining result sets first.
  EXPECT_EQ(scalar("SELECT 5"), Value(5));
  EXPECT_FALSE(cur->fetch(row));
  cur.reset();
  EXPECT_EQ(query("CALL " + proc + "()").size(), 1u);
  EXPECT_EQ(query("CALL " + proc + "()").size(), 1u);
  EXPECT_TRUE(conn_->ping());
  exec("DROP PROCEDURE " + proc);
}

TEST_P(MysqlDriverTest, UnpreparableStatementFallsBackToTextProtocol) {
  // PREPARE cannot itself be prepared (ER_UNSUPPORTED_PS).
  exec("PREPARE mydrv_s FROM 'SELECT 41 + 1 AS x, NULL AS y'");
  auto cur = exec("EXECUTE mydrv_s");
  EXPECT_EQ(*cur->columns(), (std::vector<std::string>{"x", "y"}));
  Rows rows = all_rows(*cur);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], Value(42));
  EXPECT_TRUE(rows[0][1].is_null());
  EXPECT_EQ(query("EXECUTE mydrv_s").size(), 1u);  // remembered as text-only
  EXPECT_THROW(exec("EXECUTE mydrv_s", {1}), NotSupportedError);
  exec("DEALLOCATE PREPARE mydrv_s");
}

INSTANTIATE_TEST_SUITE_P(Server, MysqlDriverTest, ::testing::ValuesIn(server_urls()),
                         [](const auto&) { return std::string("mysql"); });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MysqlDriverTest);

}  // namespace
