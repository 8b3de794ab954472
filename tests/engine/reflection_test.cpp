// Reflection on SQLite, PostgreSQL and MariaDB: what is reflected, in which
// schema, and with how many queries (the same number for 3 tables as for
// 30). reflection_catalog_test.cpp compares whole schemas in detail.
#include "engine/reflection_fixture.hpp"

using namespace retort;
using retort::testing::ReflectionTest;

namespace {

TEST_P(ReflectionTest, QueryCountDoesNotGrowWithTables) {
  auto conn = engine_.connect();
  std::atomic<int> statements{0};
  const auto id =
      engine_.events().listen(EventKind::BeforeCursorExecute, [&](const Event&) { ++statements; });
  auto count = [&] {
    statements = 0;
    MetaData md = Inspector(conn).reflect(options());
    return std::pair(statements.load(), md.tables().size());
  };
  make_chain(conn, "qc", 0, 3);
  const auto [few, few_tables] = count();
  make_chain(conn, "qc", 3, 30);
  const auto [many, many_tables] = count();
  engine_.events().remove(id);
  EXPECT_EQ(few_tables, 3u);
  EXPECT_EQ(many_tables, 30u);
  EXPECT_EQ(few, many) << "reflection must not run queries per table";
  EXPECT_LE(many, 8) << "a fixed, small number of catalog queries per object kind";
}

TEST_P(ReflectionTest, TableNamesLeaveOutViewsAndInternalTables) {
  auto conn = engine_.connect();
  run(conn, {"CREATE TABLE {s}b_table (id INTEGER PRIMARY KEY)",
             std::string("CREATE TABLE {s}a_table (id INTEGER PRIMARY KEY") +
                 (is("sqlite") ? " AUTOINCREMENT" : "") + ")",  // SQLite adds sqlite_sequence
             "CREATE VIEW {s}a_view AS SELECT id FROM {s}a_table"});
  Inspector insp(conn);
  const auto schema = options().schema;
  EXPECT_EQ(insp.table_names(schema), (std::vector<std::string>{"a_table", "b_table"}));
  EXPECT_TRUE(insp.has_table("a_table", schema));
  EXPECT_FALSE(insp.has_table("a_view", schema));
  EXPECT_FALSE(insp.has_table("missing", schema));
  EXPECT_EQ(insp.reflect(options()).tables().size(), 2u);
}

TEST_P(ReflectionTest, OnlyBringsTheTablesItRefersTo) {
  auto conn = engine_.connect();
  make_chain(conn, "ch", 0, 4);
  Inspector insp(conn);
  ReflectOptions o = options();
  o.only = {"ch_2"};
  auto names = [](const MetaData& md) {
    std::vector<std::string> out;
    for (const auto& t : md.tables()) out.push_back(t->name);
    return out;
  };
  EXPECT_EQ(names(insp.reflect(o)), (std::vector<std::string>{"ch_0", "ch_1", "ch_2"}));
  o.exclude = {"ch_0"};
  EXPECT_EQ(names(insp.reflect(o)), (std::vector<std::string>{"ch_1", "ch_2"}));
  o.only = {};
  EXPECT_EQ(names(insp.reflect(o)), (std::vector<std::string>{"ch_1", "ch_2", "ch_3"}));
  o.only = {"ch_3", "nope"};
  EXPECT_THROW(insp.reflect(o), InvalidRequestError);

  auto one = insp.table("ch_1", o.schema);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->name, "ch_1");
  ASSERT_EQ(one->foreign_keys.size(), 1u);
  EXPECT_EQ(one->foreign_keys[0].referred_table, "ch_0");
  EXPECT_FALSE(insp.table("nope", o.schema).has_value());
}

TEST_P(ReflectionTest, LeavesTheConnectionAsItFoundIt) {
  auto conn = engine_.connect();
  make_chain(conn, "tx", 0, 1);
  ASSERT_FALSE(conn.in_transaction());
  Inspector(conn).reflect(options());
  EXPECT_FALSE(conn.in_transaction()) << "the transaction reflection began is ended";

  auto tx = conn.begin();
  conn.execute("INSERT INTO " + prefix() + "tx_0 (id, n) VALUES (1, 5)");
  Inspector(conn).reflect(options());
  EXPECT_TRUE(conn.in_transaction()) << "the caller's transaction is left alone";
  EXPECT_EQ(conn.execute("SELECT count(*) FROM " + prefix() + "tx_0").scalar_as<std::int64_t>(), 1);
  tx.rollback();
}

TEST_P(ReflectionTest, DefaultAndNamedSchema) {
  auto conn = engine_.connect();
  make_chain(conn, "ds", 0, 2);
  if (is("postgresql")) {
    // The default is current_schema(), the first schema of the search path.
    conn.execute("SET search_path TO " + ns_);
    conn.commit();
  }
  MetaData plain = Inspector(conn).reflect();
  ASSERT_EQ(plain.tables().size(), 2u);
  EXPECT_FALSE(plain.tables()[1]->schema.has_value());
  EXPECT_FALSE(plain.tables()[1]->foreign_keys.at(0).referred_schema.has_value());

  ReflectOptions o;
  o.schema = ns_;
  std::optional<Connection> attached;
  if (is("sqlite")) {
    // A named schema is an attached database (ATTACH cannot run inside a
    // transaction, hence the autocommit engine).
    EngineOptions eo;
    eo.isolation_level = "AUTOCOMMIT";
    attached = create_engine(retort::testing::fresh_sqlite_url("main"), eo).connect();
    const auto file = URL::parse(retort::testing::fresh_sqlite_url("attached")).database;
    attached->execute("ATTACH DATABASE '" + *file + "' AS " + ns_);
    attached->execute("CREATE TABLE " + ns_ + ".ds_0 (id INTEGER PRIMARY KEY)");
    attached->execute("CREATE TABLE " + ns_ +
                      ".ds_1 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES ds_0 (id))");
  }
  MetaData named = Inspector(attached ? *attached : conn).reflect(o);
  ASSERT_EQ(named.tables().size(), 2u);
  EXPECT_EQ(named.tables()[1]->schema, ns_);
  EXPECT_EQ(named.tables()[1]->foreign_keys.at(0).referred_schema, ns_);
  EXPECT_NE(named.table("ds_1", ns_), nullptr);
}

TEST_P(ReflectionTest, MysqlNeedsADatabase) {
  if (!is("mysql")) {
    // Elsewhere a connection always has a default schema to reflect.
    auto conn = engine_.connect();
    EXPECT_NO_THROW(Inspector(conn).reflect());
    return;
  }
  URL u = URL::parse(url());
  u.database.reset();
  auto conn = create_engine(u.render(false)).connect();
  try {
    Inspector(conn).reflect();
    ADD_FAILURE() << "reflect() without a database succeeded";
  } catch (const InvalidRequestError& e) {
    EXPECT_NE(std::string(e.what()).find("needs a database"), std::string::npos) << e.what();
  }
}

TEST_P(ReflectionTest, EnumTypes) {
  auto conn = engine_.connect();
  const auto& r = reflector(conn.dialect());
  if (!is("postgresql")) {
    EXPECT_TRUE(r.enums(conn, std::nullopt).empty());
    return;
  }
  run(conn,
      {"CREATE TYPE {s}zeta AS ENUM ('z')", "CREATE TYPE {s}alpha AS ENUM ('b', 'a', 'it''s')"});
  using Enums = std::vector<std::pair<std::string, std::vector<std::string>>>;
  EXPECT_EQ(r.enums(conn, ns_), (Enums{{"alpha", {"b", "a", "it's"}}, {"zeta", {"z"}}}));
}

// A dialect registered without a reflector (a third-party one, say).
class NoReflectionDialect final : public Dialect {
 public:
  std::string_view name() const override { return "nosuch"; }
  ParamStyle paramstyle() const override { return ParamStyle::Qmark; }
  const DialectCapabilities& capabilities() const override { return caps_; }
  std::string quote_identifier(std::string_view n) const override { return std::string(n); }
  std::unique_ptr<DriverConnection> connect(const URL&, const ConnectArgs&) const override {
    return nullptr;
  }

 private:
  DialectCapabilities caps_;
};

TEST(Reflector, UnknownDialectIsAnArgumentError) {
  try {
    reflector(NoReflectionDialect());
    ADD_FAILURE() << "no error";
  } catch (const ArgumentError& e) {
    EXPECT_STREQ(e.what(), "no reflection for dialect 'nosuch'");
  }
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, ReflectionTest, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);
