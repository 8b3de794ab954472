// The expression language beyond the per-case fixtures: hostile values,
// literal-binds rendering, typed row access, the compiled-statement memo,
// and the errors a user can reach.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <tuple>

#include "retort/engine/ddl.hpp"
#include "retort/engine/sql.hpp"
#include "retort/engine/url.hpp"
#include "sql_cases.hpp"
#include "support/backends.hpp"

using namespace retort;
using namespace retort::sql;
using retort::testing::sql_schema;

namespace {

const Dialect& dialect_named(const std::string& name) { return dialect_for(URL::parse(name + "://")); }

// Strings that break naive quoting: quotes, backslashes, comment and
// statement markers, unicode, SQL keywords.
const std::vector<std::string> kHostile = {
    "it's",
    "\\",
    "\\'",
    "'; DROP TABLE xq_users; --",
    "\" OR 1=1 --",
    "back\\slash\\'quote",
    "%_\\%",
    "\xc5\xbc\xc3\xb3\xc5\x82w \xf0\x9f\x90\xa2",  // żółw and a turtle
    "SELECT * FROM xq_users",
    "`x` $1 ? :name",
    "\n\t\r",
};

class SqlBackend : public retort::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    serialize_with("xq_tables");  // the same tables in every test of the suite
    engine = make_engine();
    conn.emplace(engine.connect());
    drop_all(sql_schema().md, *conn);
    create_all(sql_schema().md, *conn);
    for (const auto& s : retort::testing::sql_sample_rows()) conn->execute(*s);
    conn->commit();
  }
  void TearDown() override {
    if (conn) {
      conn->rollback();
      drop_all(sql_schema().md, *conn);
      conn->commit();
    }
  }
  std::int64_t count_users() {
    return *conn->execute(select({func.count()}).select_from(sql_schema().users)).scalar_as<std::int64_t>();
  }
  Engine engine;
  std::optional<Connection> conn;
};

TEST_P(SqlBackend, HostileValuesAreBoundAndComeBackUnchanged) {
  const auto& s = sql_schema();
  int id = 100;
  for (const auto& v : kHostile) {
    SCOPED_TRACE(v);
    conn->execute(insert(s.tree).values({{"id", id}, {"label", v.substr(0, 20)}}));
    auto got = conn->execute(select({s.tree.c("id")}).where(s.tree.c("label") == v.substr(0, 20))).all();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].get<std::int64_t>(0), id);
    auto back = conn->execute(select({s.tree.c("label")}).where(s.tree.c("id") == id)).scalar_as<std::string>();
    EXPECT_EQ(back, v.substr(0, 20));
    ++id;
  }
  EXPECT_EQ(count_users(), 4);
}

TEST_P(SqlBackend, LiteralBindsEscapeHostileValuesForTheDialect) {
  const auto& s = sql_schema();
  int id = 200;
  for (const auto& v : kHostile) {
    SCOPED_TRACE(v);
    auto c = compile(insert(s.odd).values({{"from", id}, {"we\"ird 'col`", v}}), conn->dialect(),
                     {.literal_binds = true});
    EXPECT_TRUE(c.binds.empty()) << c.sql;
    conn->exec_driver_sql(c.sql);
    auto back = conn->execute(select({s.odd.c("we\"ird 'col`")}).where(s.odd.c("from") == id)).scalar_as<std::string>();
    EXPECT_EQ(back, v) << c.sql;
    ++id;
  }
  EXPECT_EQ(count_users(), 4);
}

TEST_P(SqlBackend, NulInAStringIsBoundOrRefused) {
  const auto& s = sql_schema();
  const std::string v("a\0b", 3);
  if (is("postgresql")) {
    // PostgreSQL text cannot hold NUL: the server refuses it, nothing is inserted.
    EXPECT_THROW(conn->execute(insert(s.tree).values({{"id", 300}, {"label", v}})), DBAPIError);
    EXPECT_THROW(compile(insert(s.tree).values({{"id", 300}, {"label", v}}), conn->dialect(), {.literal_binds = true}),
                 CompileError);
    return;
  }
  conn->execute(insert(s.tree).values({{"id", 300}, {"label", v}}));
  EXPECT_EQ(conn->execute(select({s.tree.c("label")}).where(s.tree.c("id") == 300)).scalar_as<std::string>(), v);
  auto lit = compile(insert(s.odd).values({{"from", 301}, {"we\"ird 'col`", v}}), conn->dialect(), {.literal_binds = true});
  conn->exec_driver_sql(lit.sql);
  EXPECT_EQ(conn->execute(select({s.odd.c("we\"ird 'col`")}).where(s.odd.c("from") == 301)).scalar_as<std::string>(), v);
}

TEST_P(SqlBackend, RowsAreReadThroughColumnObjects) {
  const auto& s = sql_schema();
  auto id = s.users.c<std::int64_t>("id");
  auto name = s.users.c<std::string>("name");
  auto age = s.users.c<std::int64_t>("age");
  auto balance = s.users.c<Decimal>("balance");
  auto n = TypedExpr<std::int64_t>(func.count(s.orders.c("id")).label("n_orders"));
  auto rows = conn->execute(select({id, name, age, balance, n}).outerjoin(s.orders).group_by({id, name, age, balance}).order_by({id})).all();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0][id], 1);
  EXPECT_EQ(rows[0][name], "ann");
  EXPECT_EQ(rows[2][age], std::nullopt);
  EXPECT_EQ(rows[0][n], 2);
  EXPECT_EQ(rows[3][n], 0);
  ASSERT_TRUE(rows[0][balance]);
  EXPECT_EQ(std::stod(rows[0][balance]->text), 100.5);
  EXPECT_EQ(rows[1][s.users.c("name")], Value("bob"));
  EXPECT_EQ(rows[0].keys(), (std::vector<std::string>{"id", "name", "age", "balance", "n_orders"}));
}

TEST_P(SqlBackend, ColumnsOfTheSameNameAreReadByPosition) {
  const auto& s = sql_schema();
  auto uid = s.users.c<std::int64_t>("id");
  auto oid = s.orders.c<std::int64_t>("id");
  auto rows = conn->execute(select({uid, oid}).join(s.orders).order_by({oid})).all();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].keys(), (std::vector<std::string>{"id", "id"}));
  const std::vector<std::pair<std::int64_t, std::int64_t>> want = {{1, 10}, {1, 11}, {2, 12}, {3, 13}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][uid], want[i].first);
    EXPECT_EQ(rows[i][oid], want[i].second);
    // Another c("id") call on the same table finds the same position.
    EXPECT_EQ(rows[i][s.orders.c("id")], Value(want[i].second));
    EXPECT_EQ(rows[i][s.users.c("id")], Value(want[i].first));
  }
  // The other order: the position follows the select list, not the name.
  auto swapped = conn->execute(select({oid, uid}).select_from(s.users.join(s.orders)).order_by({oid})).all();
  ASSERT_EQ(swapped.size(), 4u);
  EXPECT_EQ(swapped[3][uid], 3);
  EXPECT_EQ(swapped[3][oid], 13);
  // A labelled column is found through the column itself, and through its label.
  auto lab = oid.label("order_id");
  auto one = conn->execute(select({uid, lab}).join(s.orders).where(oid == 12)).one();
  EXPECT_EQ(one[oid], Value(std::int64_t{12}));
  EXPECT_EQ(one[lab], Value(std::int64_t{12}));
  EXPECT_EQ(one[uid], 2);
  // A column that was not selected falls back to its name.
  EXPECT_EQ(one[s.tree.c("id")], Value(std::int64_t{2}));
}

TEST_P(SqlBackend, SelfJoinThroughAliasesReadsEachSide) {
  const auto& s = sql_schema();
  From child = s.tree.alias("child");
  From parent = s.tree.alias("parent");
  auto cid = child.c<std::int64_t>("id");
  auto pid = parent.c<std::int64_t>("id");
  auto clabel = child.c<std::string>("label");
  auto plabel = parent.c<std::string>("label");
  auto rows = conn->execute(select({cid, clabel, pid, plabel})
                                .select_from(child.join(parent, child.c("parent_id") == parent.c("id")))
                                .order_by({cid}))
                  .all();
  ASSERT_EQ(rows.size(), 3u);
  const std::vector<std::tuple<std::int64_t, std::string, std::int64_t, std::string>> want = {
      {2, "a", 1, "root"}, {3, "b", 1, "root"}, {4, "a1", 2, "a"}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][cid], std::get<0>(want[i]));
    EXPECT_EQ(rows[i][clabel], std::get<1>(want[i]));
    EXPECT_EQ(rows[i][pid], std::get<2>(want[i]));
    EXPECT_EQ(rows[i][plabel], std::get<3>(want[i]));
    EXPECT_EQ(rows[i][parent.c("label")], Value(std::get<3>(want[i])));
  }
  // Through fetchone and iteration as well.
  auto res = conn->execute(select({cid, pid}).select_from(child.join(parent, child.c("parent_id") == parent.c("id")))
                               .where(cid == 4));
  for (const Row& r : res) {
    EXPECT_EQ(r[cid], 4);
    EXPECT_EQ(r[pid], 2);
  }
  // A text statement records no positions: a column is found by its name.
  auto text_row = conn->execute("SELECT 7 AS id").one();
  EXPECT_EQ(text_row[cid], 7);
}

TEST_P(SqlBackend, DecoratedColumnTypesApplyToBindsAndResults) {
  static const Type upper = register_type_decorator(
      {"SqlTestUpperText", types::String(20),
       [](const Value& v) { auto s = v.as<std::string>(); for (auto& c : *s) c = static_cast<char>(std::toupper(c)); return Value(*s); },
       [](const Value& v) { return v.is_null() ? v : Value("<" + *v.as<std::string>() + ">"); }});
  // A typed literal goes through to_db on the way in and from_db on the way out.
  auto label = literal("abc", upper).label("shout");
  auto row = conn->execute(select({label})).one();
  EXPECT_EQ(row[label], Value("<ABC>"));
  EXPECT_EQ(row["shout"], Value("ABC"));
}

TEST_P(SqlBackend, AStatementObjectIsCompiledOncePerDialect) {
  const auto& s = sql_schema();
  auto q = select({s.users.c("name")}).where(s.users.c("id") == bindparam("id"));
  auto first = compiled(q, conn->dialect());
  for (int i = 1; i <= 4; ++i) {
    auto name = conn->execute(q, {{"id", i}}).scalar_as<std::string>();
    EXPECT_TRUE(name.has_value());
  }
  EXPECT_EQ(compiled(q, conn->dialect()).get(), first.get());
  auto copy = q;  // copies share the compiled form
  EXPECT_EQ(compiled(copy, conn->dialect()).get(), first.get());
  EXPECT_NE(compiled(q.limit(1), conn->dialect()).get(), first.get());
}

TEST_P(SqlBackend, StatementsOfOneShapeAreCompiledOnce) {
  const auto& s = sql_schema();
  auto by_name = [&](const std::string& name, int min_age) {
    return select({s.users.c("id")}).where(s.users.c("name") == name && s.users.c("age") >= min_age);
  };
  (void)conn->execute(by_name("warm", 0)).all();
  const auto before = compile_count();
  EXPECT_EQ(conn->execute(by_name("ann", 0)).scalar_as<std::int64_t>(), 1);
  EXPECT_EQ(conn->execute(by_name("bob", 20)).scalar_as<std::int64_t>(), 2);
  EXPECT_EQ(conn->execute(by_name("bob", 26)).scalar_as<std::int64_t>(), std::nullopt);
  EXPECT_EQ(compile_count(), before);  // new objects, same shape: no compilation
  // One bound value used twice is another shape than two values.
  Expr one = 1;
  auto shared = select({s.users.c("name")}).where(s.users.c("id") == one || s.users.c("id") == one);
  auto distinct = select({s.users.c("name")}).where(s.users.c("id") == 1 || s.users.c("id") == 3);
  EXPECT_EQ(conn->execute(shared.order_by({s.users.c("id")})).all().size(), 1u);
  EXPECT_EQ(conn->execute(distinct.order_by({s.users.c("id")})).all().size(), 2u);
  // A different shape compiles.
  (void)conn->execute(by_name("ann", 0).limit(1)).all();
  EXPECT_GT(compile_count(), before);
}

TEST_P(SqlBackend, AMissingNamedParameterIsAnError) {
  const auto& s = sql_schema();
  auto q = select({s.users.c("name")}).where(s.users.c("id") == bindparam("uid"));
  try {
    conn->execute(q);
    FAIL() << "expected ArgumentError";
  } catch (const ArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("'uid'"), std::string::npos) << e.what();
  }
}

TEST_P(SqlBackend, ExecutemanyInsertTakesColumnsFromTheParameterNames) {
  const auto& s = sql_schema();
  const std::vector<Params> rows = {
      {{"id", 10}, {"parent_id", 1}, {"label", "x"}},
      {{"id", 11}, {"parent_id", null}, {"label", "it's"}},
      {{"id", 12}, {"parent_id", 10}, {"label", "z"}},
  };
  auto r = conn->executemany(insert(s.tree), rows);
  EXPECT_EQ(r.returns_rows(), false);
  const auto after_first = compile_count();
  // Another call of the same form is not compiled again.
  conn->executemany(insert(s.tree), std::vector<Params>{{{"id", 13}, {"parent_id", 12}, {"label", "w"}}});
  EXPECT_EQ(compile_count(), after_first);
  auto got = conn->execute(select({s.tree.c("id"), s.tree.c("parent_id"), s.tree.c("label")})
                               .where(s.tree.c("id") >= 10)
                               .order_by({s.tree.c("id")}))
                 .all();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].get<std::int64_t>(1), 1);
  EXPECT_EQ(got[1].get<std::int64_t>(1), std::nullopt);
  EXPECT_EQ(got[1].get<std::string>(2), "it's");
  EXPECT_EQ(got[2].get<std::int64_t>(1), 10);
  EXPECT_EQ(got[3].get<std::string>(2), "w");
}

TEST_P(SqlBackend, ExecutemanyRunsBindparamStatements) {
  const auto& s = sql_schema();
  auto upd = update(s.tree).values({{"label", bindparam("new_label")}}).where(s.tree.c("id") == bindparam("key"));
  auto r = conn->executemany(upd, {{{"new_label", "one"}, {"key", 1}}, {{"new_label", "four"}, {"key", 4}}});
  EXPECT_EQ(r.rowcount(), 2);
  auto labels = conn->execute(select({s.tree.c("label")}).order_by({s.tree.c("id")})).all();
  ASSERT_EQ(labels.size(), 4u);
  EXPECT_EQ(labels[0].get<std::string>(0), "one");
  EXPECT_EQ(labels[1].get<std::string>(0), "a");
  EXPECT_EQ(labels[3].get<std::string>(0), "four");
  auto del = delete_(s.items).where(s.items.c("sku") == bindparam("sku"));
  EXPECT_EQ(conn->executemany(del, {{{"sku", "A1"}}, {{"sku", "C3"}}}).rowcount(), 3);
  EXPECT_EQ(conn->execute(select({func.count()}).select_from(s.items)).scalar_as<std::int64_t>(), 1);
  // No parameter sets: nothing runs.
  EXPECT_EQ(conn->executemany(insert(s.tree), std::vector<Params>{}).rowcount(), 0);
}

TEST_P(SqlBackend, ExecutemanyErrorsNameTheParameterSetAndApplyNothing) {
  const auto& s = sql_schema();
  auto count_tree = [&] { return *conn->execute(select({func.count()}).select_from(s.tree)).scalar_as<std::int64_t>(); };
  try {
    conn->executemany(insert(s.tree), {{{"id", 20}, {"label", "a"}}, {{"id", 21}}});
    FAIL() << "expected ArgumentError";
  } catch (const ArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("'label'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(parameter set 1)"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count_tree(), 4);
  try {
    conn->executemany(insert(s.tree), {{{"id", 20}, {"nope", "a"}}});
    FAIL() << "expected ArgumentError";
  } catch (const ArgumentError& e) {
    EXPECT_STREQ(e.what(), "table 'xq_tree' has no column 'nope'");
  }
  EXPECT_THROW(conn->executemany(select({s.tree.c("id")}).where(s.tree.c("id") == bindparam("k")), {{{"k", 1}}}),
               InvalidRequestError);
  EXPECT_EQ(count_tree(), 4);
}

// Row locks taken by one connection, met by another. SQLite has no row locks
// (FOR UPDATE is left out): both queries see every row there.
TEST_P(SqlBackend, ForUpdateNowaitAndSkipLockedMeetAnotherConnectionsLock) {
  const auto& s = sql_schema();
  auto id = s.users.c<std::int64_t>("id");
  auto held = conn->execute(select({id}).where(id == 1).for_update()).all();
  ASSERT_EQ(held.size(), 1u);  // conn's transaction now holds row 1
  Connection other = engine.connect();
  auto skip = other.execute(select({id}).where(id <= 2).order_by({id}).for_update(false, true)).all();
  std::vector<std::int64_t> seen;
  for (const auto& r : skip) seen.push_back(*r[id]);
  if (is("sqlite")) {
    EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2}));
  } else {
    EXPECT_EQ(seen, (std::vector<std::int64_t>{2}));  // row 1 is skipped
  }
  other.rollback();
  if (is("sqlite")) {
    EXPECT_EQ(other.execute(select({id}).where(id == 1).for_update(true)).scalar_as<std::int64_t>(), 1);
  } else {
    try {
      (void)other.execute(select({id}).where(id == 1).for_update(true)).all();
      FAIL() << "expected OperationalError";
    } catch (const OperationalError& e) {
      EXPECT_FALSE(e.connection_invalidated()) << e.what();
      EXPECT_NE(std::string(e.what()).find("NOWAIT"), std::string::npos) << e.what();
    }
  }
  other.rollback();
  // Once the holder ends its transaction, NOWAIT gets the row.
  conn->rollback();
  EXPECT_EQ(other.execute(select({id}).where(id == 1).for_update(true)).scalar_as<std::int64_t>(), 1);
  other.rollback();
}

TEST_P(SqlBackend, ForUpdateOfLocksOnlyTheNamedTable) {
  const auto& s = sql_schema();
  From o = s.orders.alias("o");
  auto q = select({s.users.c("id"), o.c("id")})
               .select_from(s.users.join(o, o.c("user_id") == s.users.c("id")))
               .where(o.c("id") == 12)
               .for_update(false, false, {o});
  if (is("mysql")) {
    EXPECT_THROW(conn->execute(q), CompileError);
    return;
  }
  auto held = conn->execute(q).one();
  EXPECT_EQ(held[o.c("id")], Value(std::int64_t{12}));
  EXPECT_EQ(held[s.users.c("id")], Value(std::int64_t{2}));
  Connection other = engine.connect();
  // The user row was read, not locked: another connection may lock it.
  EXPECT_EQ(other.execute(select({s.users.c("id")}).where(s.users.c("id") == 2).for_update(true)).scalar_as<std::int64_t>(), 2);
  other.rollback();
  if (is("sqlite")) {
    EXPECT_EQ(other.execute(select({s.orders.c("id")}).where(s.orders.c("id") == 12).for_update(true)).scalar_as<std::int64_t>(), 12);
  } else {
    EXPECT_THROW((void)other.execute(select({s.orders.c("id")}).where(s.orders.c("id") == 12).for_update(true)).all(),
                 OperationalError);
  }
  other.rollback();
}

INSTANTIATE_TEST_SUITE_P(Backends, SqlBackend, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

TEST(SqlErrors, UnknownColumnNamesTheTable) {
  try {
    (void)sql_schema().users.c("nope");
    FAIL();
  } catch (const ArgumentError& e) {
    EXPECT_STREQ(e.what(), "table 'xq_users' has no column 'nope'");
  }
}

TEST(SqlErrors, JoinWithoutForeignKeyAsksForOn) {
  const auto& s = sql_schema();
  try {
    (void)s.users.join(s.tree);
    FAIL();
  } catch (const ArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("can't find any foreign key relationships between 'xq_users' and 'xq_tree'"),
              std::string::npos)
        << e.what();
  }
}

TEST(SqlErrors, StatementsThatCannotBeCompiled) {
  const auto& s = sql_schema();
  const Dialect& sqlite = dialect_named("sqlite");
  EXPECT_THROW(compile(select({}), sqlite), CompileError);
  EXPECT_THROW(compile(update(s.users), sqlite), CompileError);
  EXPECT_THROW(compile(insert(s.users).values({{"id", 1}, {"name", "x"}}).on_conflict_do_update({}, {{"name", "y"}}), sqlite),
               CompileError);
  EXPECT_THROW(compile(select({s.users.c("id")}).limit(1).union_(select({s.users.c("id")})), sqlite), CompileError);
  EXPECT_THROW(compile(select({s.users.c("id")}).where(s.users.c("id") == bindparam("x")), sqlite, {.literal_binds = true}),
               CompileError);
  EXPECT_THROW(insert(s.users).values(std::vector<ValuesList>{{{"id", 1}}, {{"name", "x"}}}), ArgumentError);
  EXPECT_THROW(insert(s.users).values({{"nope", 1}}), ArgumentError);
  EXPECT_THROW(select({s.users.c("id")}).for_update(true, true), ArgumentError);
  EXPECT_THROW(select({s.users.c("id")}).for_update(false, false, {s.users.join(s.orders)}), ArgumentError);
  EXPECT_THROW(compile(select({s.users.c("id")}).for_update(false, false, {s.users}), dialect_named("mysql")),
               CompileError);
}

TEST(SqlLiteral, ValuesRenderPerDialect) {
  const auto& s = sql_schema();
  auto q = select({s.users.c("id")}).where(s.users.c("name") == "a'b\\c" && s.users.c("balance") == Decimal{"1.50"} &&
                                            s.users.c("age").in_({1, 2}) && s.users.c("email") != Bytes{"\x01\xff"});
  EXPECT_EQ(compile(q, dialect_named("sqlite"), {.literal_binds = true}).sql,
            "SELECT xq_users.id FROM xq_users WHERE xq_users.name = 'a''b\\c' AND xq_users.balance = 1.50 AND "
            "xq_users.age IN (1, 2) AND xq_users.email != X'01FF'");
  EXPECT_EQ(compile(q, dialect_named("mysql"), {.literal_binds = true}).sql,
            "SELECT xq_users.id FROM xq_users WHERE xq_users.name = 'a''b\\\\c' AND xq_users.balance = 1.50 AND "
            "xq_users.age IN (1, 2) AND xq_users.email != X'01FF'");
  EXPECT_EQ(compile(q, dialect_named("postgresql"), {.literal_binds = true}).sql,
            "SELECT xq_users.id FROM xq_users WHERE xq_users.name = 'a''b\\c' AND xq_users.balance = 1.50 AND "
            "xq_users.age IN (1, 2) AND xq_users.email != '\\x01FF'::bytea");
}

// The values the tests above do not reach: booleans as each dialect stores
// them, floats without a finite value, an aware DateTime where DATETIME has
// no zone.
TEST(SqlLiteral, BooleansFloatsAndZonesPerDialect) {
  const Dialect& sqlite = dialect_named("sqlite");
  const Dialect& mysql = dialect_named("mysql");
  const Dialect& pg = dialect_named("postgresql");
  EXPECT_EQ(render_literal(Value(true), sqlite), "1");
  EXPECT_EQ(render_literal(Value(false), sqlite), "0");
  EXPECT_EQ(render_literal(Value(true), pg), "TRUE");
  EXPECT_EQ(render_literal(Value(false), mysql), "FALSE");
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(render_literal(Value(inf), pg), "'Infinity'");
  EXPECT_EQ(render_literal(Value(-inf), pg), "'-Infinity'");
  EXPECT_EQ(render_literal(Value(std::nan("")), pg), "'NaN'");
  EXPECT_EQ(render_literal(Value(1.5), sqlite), "1.5");
  EXPECT_THROW(render_literal(Value(inf), sqlite), CompileError);
  EXPECT_THROW(render_literal(Value(std::nan("")), mysql), CompileError);
  const DateTime aware{{2020, 1, 1}, {1, 30, 0, 5}, 2 * 3600};
  EXPECT_EQ(render_literal(Value(aware), pg), "'2020-01-01 01:30:00.000005+02:00'");
  EXPECT_EQ(render_literal(Value(aware), mysql), "'2019-12-31 23:30:00.000005'");
  EXPECT_EQ(render_literal(Value(DateTime{{2020, 1, 1}, {1, 30, 0, 0}, std::nullopt}), mysql),
            "'2020-01-01 01:30:00'");
}

}  // namespace
