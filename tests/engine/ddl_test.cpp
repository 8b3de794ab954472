// create_all/drop_all against real databases: a schema using every type,
// constraint and option, checked by querying each database's catalog directly
// and by letting the database enforce what was declared; checkfirst,
// foreign-key cycles and hostile names. (Single objects, shared enum types,
// schemas and failures: ddl_objects_test.cpp; rendering: ddl_golden_test.cpp.)
#include "engine/ddl_catalog.hpp"

using namespace retort;
using namespace retort::testing;

namespace {

class DDLTest : public DDLTestBase {};

const Type& json_text() {
  static const Type t = register_type_decorator({"DdlTestJsonText", types::Text(), {}, {}});
  return t;
}

// A schema with every generic type, each kind of constraint, and the options.
MetaData every_type_schema(const std::string& dialect) {
  MetaData md;
  Table parent("rt_ddl_all_parent");
  parent.comment = "Parents' table";
  parent.add_column(pk("id"));
  Column code = col("code", types::String(20));
  code.nullable = false;
  code.unique = true;
  code.comment = "a 'code' \\ with a backslash";
  parent.add_column(code);
  Column name = col("name", types::String(50));
  name.index = true;
  parent.add_column(name);
  md.add_table(parent);

  Table t("rt_ddl_all_every");
  t.add_column(pk("id", types::BigInteger()));
  t.add_column(col("parent_id", types::Integer()));
  Column i = col("i", types::Integer());
  i.nullable = false;
  i.server_default = "0";
  t.add_column(i);
  t.add_column(col("bi", types::BigInteger()));
  t.add_column(col("si", types::SmallInteger()));
  Column flag = col("flag", types::Boolean());
  flag.server_default = "false";
  t.add_column(flag);
  Column s = col("s", types::String(40));
  s.server_default = "'abc'";
  t.add_column(s);
  t.add_column(col("body", types::Text()));
  t.add_column(col("f", types::Float()));
  Column n = col("n", types::Numeric(10, 2));
  n.server_default = "0";
  t.add_column(n);
  t.add_column(col("d", types::Date()));
  Column dt = col("dt", types::DateTime());
  dt.server_default = "CURRENT_TIMESTAMP";
  dt.comment = "when it happened";
  t.add_column(dt);
  t.add_column(col("dttz", types::DateTime(true)));
  t.add_column(col("tm", types::Time()));
  t.add_column(col("blob", types::LargeBinary()));
  t.add_column(col("doc", types::JSON()));
  t.add_column(col("u", types::Uuid()));
  t.add_column(col("mood", types::Enum({"happy", "sad"}, "rt_ddl_all_mood")));
  t.add_column(col("deco", json_text()));
  if (dialect == "postgresql") {
    t.add_column(col("jb", types::DialectType("postgresql", "JSONB")));
    t.add_column(col("arr", types::DialectType("postgresql", "ARRAY", {"Integer"})));
  } else if (dialect == "mysql") {
    t.add_column(col("mt", types::DialectType("mysql", "MEDIUMTEXT")));
    t.add_column(col("uns", types::DialectType("mysql", "INTEGER", {"unsigned=true"})));
  }
  auto parent_fk = fk({"parent_id"}, "rt_ddl_all_parent", {"id"});
  parent_fk.name = "fk_rt_ddl_all_every_parent";
  parent_fk.ondelete = "CASCADE";
  t.foreign_keys.push_back(parent_fk);
  t.unique_constraints.push_back({"uq_rt_ddl_all_every_s_i", {"s", "i"}});
  t.check_constraints.push_back({"ck_rt_ddl_all_every_i", "i >= 0"});
  t.indexes.push_back(index("ix_rt_ddl_all_every_i_dt", {"i", "dt"}, false, std::nullopt, {"", "DESC"}));
  t.indexes.push_back(index("ux_rt_ddl_all_every_u", {"u"}, true, std::nullopt, {}));
  if (dialect != "mysql") {  // MariaDB has neither partial nor expression indexes
    t.indexes.push_back(index("ix_rt_ddl_all_every_partial", {"s"}, false, "i > 10", {}));
    t.indexes.push_back(index("ix_rt_ddl_all_every_lower", {"lower(s)"}, false, std::nullopt, {}));
  }
  t.comment = "every type";
  md.add_table(t);
  return md;
}

TEST_P(DDLTest, CreateAllEveryTypeConstraintAndOption) {
  auto engine = make_engine();
  auto conn = engine.connect();
  const MetaData md = every_type_schema(name());
  drop_all(md, conn);

  create_all(md, conn);
  EXPECT_TRUE(table_exists(conn, "rt_ddl_all_parent"));
  EXPECT_TRUE(table_exists(conn, "rt_ddl_all_every"));
  EXPECT_EQ(foreign_key_count(conn, "rt_ddl_all_every"), 1);

  // Indexes: the shorthand one named by the default convention, the declared ones.
  auto ix = index_names(conn, "rt_ddl_all_parent");
  EXPECT_NE(std::find(ix.begin(), ix.end(), "ix_rt_ddl_all_parent_name"), ix.end());
  ix = index_names(conn, "rt_ddl_all_every");
  for (std::string want : {"ix_rt_ddl_all_every_i_dt", "ux_rt_ddl_all_every_u"})
    EXPECT_NE(std::find(ix.begin(), ix.end(), want), ix.end()) << want;
  if (!is("mysql")) {
    EXPECT_NE(std::find(ix.begin(), ix.end(), "ix_rt_ddl_all_every_partial"), ix.end());
    EXPECT_NE(std::find(ix.begin(), ix.end(), "ix_rt_ddl_all_every_lower"), ix.end());
  }

  // A few types as each catalog spells them.
  if (is("postgresql")) {
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "dttz"), "timestamp with time zone");
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "f"), "double precision");
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "arr"), "integer[]");
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "jb"), "jsonb");
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "mood"), "rt_ddl_all_mood");
    EXPECT_TRUE(enum_type_exists(conn, "rt_ddl_all_mood"));
    EXPECT_EQ(count(conn,
                    "SELECT count(*) FROM pg_attribute WHERE attrelid = 'rt_ddl_all_every'::regclass "
                    "AND attname = 'id' AND attidentity = 'd'"),
              1);
  } else if (is("mysql")) {
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "mood"), "enum('happy','sad')");
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "flag"), "tinyint(1)");
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "uns"), "int(10) unsigned");
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "u"), "char(36)");
  } else {
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "id"), "INTEGER");  // a rowid alias
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "mood"), "VARCHAR(5)");
    EXPECT_EQ(column_type(conn, "rt_ddl_all_every", "dt"), "DATETIME");
  }

  // Comments (SQLite has none).
  if (!is("sqlite")) {
    EXPECT_EQ(table_comment(conn, "rt_ddl_all_parent"), "Parents' table");
    EXPECT_EQ(column_comment(conn, "rt_ddl_all_parent", "code"), "a 'code' \\ with a backslash");
    EXPECT_EQ(column_comment(conn, "rt_ddl_all_every", "dt"), "when it happened");
  }

  // The database enforces what was declared, and generates ids and defaults.
  conn.execute("INSERT INTO rt_ddl_all_parent (code, name) VALUES ('p1', 'P')");
  conn.commit();
  auto parent_id = conn.execute("SELECT id FROM rt_ddl_all_parent").scalar_as<std::int64_t>();
  ASSERT_TRUE(parent_id);
  conn.execute("INSERT INTO rt_ddl_all_every (parent_id, i, mood) VALUES (:p, 5, 'happy')",
               {{"p", *parent_id}});
  conn.commit();
  auto row = conn.execute("SELECT id, s, n, flag, dt FROM rt_ddl_all_every").one();
  conn.commit();
  EXPECT_GT(*row.get<std::int64_t>(0), 0);
  EXPECT_EQ(row.get<std::string>(1), "abc");
  EXPECT_EQ(row.get<double>(2), 0.0);
  EXPECT_EQ(row.get<bool>(3), false);
  EXPECT_FALSE(row[4].is_null());

  expect_refused<IntegrityError>(conn, "INSERT INTO rt_ddl_all_every (parent_id, i) VALUES (999, 1)");
  expect_refused<IntegrityError>(conn, "INSERT INTO rt_ddl_all_parent (code) VALUES ('p1')");
  expect_refused<IntegrityError>(conn, "INSERT INTO rt_ddl_all_every (i) VALUES (-1)");
  expect_refused<IntegrityError>(conn, "INSERT INTO rt_ddl_all_parent (code) VALUES (NULL)");
  expect_refused<IntegrityError>(conn, "INSERT INTO rt_ddl_all_every (i, s) VALUES (5, 'abc')");
  expect_refused<DBAPIError>(conn, "INSERT INTO rt_ddl_all_every (i, mood) VALUES (1, 'angry')");
  conn.execute("INSERT INTO rt_ddl_all_every (i, s, mood) VALUES (6, 'x', 'sad')");
  conn.commit();
  // ON DELETE CASCADE
  conn.execute("DELETE FROM rt_ddl_all_parent");
  conn.commit();
  EXPECT_EQ(count(conn, "SELECT count(*) FROM rt_ddl_all_every"), 1);

  drop_all(md, conn);
  EXPECT_FALSE(table_exists(conn, "rt_ddl_all_parent"));
  EXPECT_FALSE(table_exists(conn, "rt_ddl_all_every"));
  if (is("postgresql")) {
    EXPECT_FALSE(enum_type_exists(conn, "rt_ddl_all_mood"));
  }
}

TEST_P(DDLTest, CheckfirstSkipsWhatExists) {
  auto engine = make_engine();
  auto conn = engine.connect();
  MetaData md;
  Table a("rt_ddl_cf_a");
  a.add_column(pk("id"));
  a.add_column(col("e", types::Enum({"x", "y"})));
  Table b("rt_ddl_cf_b");
  b.add_column(pk("id"));
  b.add_column(col("a_id", types::Integer()));
  b.foreign_keys.push_back(fk({"a_id"}, "rt_ddl_cf_a", {"id"}));
  md.add_table(a);
  md.add_table(b);
  drop_all(md, conn);

  // One table there already: create_all adds the other.
  create_table(*md.table("rt_ddl_cf_a"), conn);
  EXPECT_TRUE(table_exists(conn, "rt_ddl_cf_a"));
  EXPECT_FALSE(table_exists(conn, "rt_ddl_cf_b"));
  create_all(md, conn);
  EXPECT_TRUE(table_exists(conn, "rt_ddl_cf_b"));
  create_all(md, conn);  // nothing left to do
  EXPECT_THROW(create_all(md, conn, false), DBAPIError);
  // The failure was rolled back and the connection is usable.
  EXPECT_TRUE(table_exists(conn, "rt_ddl_cf_b"));

  drop_all(md, conn);
  drop_all(md, conn);  // nothing left to do
  EXPECT_FALSE(table_exists(conn, "rt_ddl_cf_a"));
  EXPECT_FALSE(table_exists(conn, "rt_ddl_cf_b"));
  EXPECT_THROW(drop_all(md, conn, false), DBAPIError);
  if (is("postgresql")) {
    EXPECT_FALSE(enum_type_exists(conn, "rt_ddl_cf_a_e_enum"));
  }
}

TEST_P(DDLTest, ForeignKeyCycle) {
  auto engine = make_engine();
  auto conn = engine.connect();
  MetaData md;
  Table a("rt_ddl_cy_a");
  a.add_column(pk("id"));
  a.add_column(col("b_id", types::Integer()));
  a.foreign_keys.push_back(fk({"b_id"}, "rt_ddl_cy_b", {"id"}));
  Table b("rt_ddl_cy_b");
  b.add_column(pk("id"));
  Column a_id = col("a_id", types::Integer());
  a_id.nullable = false;
  b.add_column(a_id);
  b.foreign_keys.push_back(fk({"a_id"}, "rt_ddl_cy_a", {"id"}));
  md.add_table(a);
  md.add_table(b);
  drop_all(md, conn);

  // Broken with ALTER TABLE where the dialect can; inline on SQLite.
  bool has_alter = false;
  for (const auto& s : create_all_sql(md, conn.dialect()))
    has_alter = has_alter || s.starts_with("ALTER TABLE");
  EXPECT_EQ(has_alter, !is("sqlite"));

  create_all(md, conn);
  EXPECT_EQ(foreign_key_count(conn, "rt_ddl_cy_a"), 1);
  EXPECT_EQ(foreign_key_count(conn, "rt_ddl_cy_b"), 1);
  conn.execute("INSERT INTO rt_ddl_cy_a (id, b_id) VALUES (1, NULL)");
  conn.execute("INSERT INTO rt_ddl_cy_b (id, a_id) VALUES (1, 1)");
  conn.execute("UPDATE rt_ddl_cy_a SET b_id = 1");
  conn.commit();
  expect_refused<IntegrityError>(conn, "UPDATE rt_ddl_cy_a SET b_id = 99");
  expect_refused<IntegrityError>(conn, "INSERT INTO rt_ddl_cy_b (id, a_id) VALUES (2, 99)");

  drop_all(md, conn);  // with rows that refer to each other
  EXPECT_FALSE(table_exists(conn, "rt_ddl_cy_a"));
  EXPECT_FALSE(table_exists(conn, "rt_ddl_cy_b"));
}

TEST_P(DDLTest, HostileNamesSurviveCreateInsertSelect) {
  auto engine = make_engine();
  auto conn = engine.connect();
  const std::string t1 = "rt_ddl_H Order", t2 = "rt_ddl_h\"q`t", t3 = "rt_ddl_h_ünï";
  MetaData md;
  Table a(t1);
  a.add_column(pk("select"));
  Column order = col("order", types::Integer());
  order.unique = true;
  a.add_column(order);
  Column mixed = col("Mixed Case", types::String(30));
  mixed.comment = "it's \"mixed\" `case`";
  a.add_column(mixed);
  a.add_column(col("it's", types::Enum({"o'k", "n\"o"})));
  a.check_constraints.push_back({"ck_rt_ddl_h order", q(conn, "order") + " >= 0"});
  a.indexes.push_back(index("ix rt_ddl_h Mixed", {"Mixed Case"}, false, std::nullopt, {"DESC"}));
  a.comment = "a 'hostile' table";
  Table b(t2);
  b.add_column(pk("group", types::Integer()));
  b.add_column(col("a\"b", types::Integer()));
  b.add_column(col("a`b", types::String(10)));
  b.add_column(col("1st", types::Integer()));
  b.add_column(col("ünïcødé", types::String(10)));
  auto to_a = fk({"a\"b"}, t1, {"select"});
  to_a.name = "fk rt_ddl_h \"q\"";
  b.foreign_keys.push_back(to_a);
  b.indexes.push_back(index("ix_rt_ddl_h_a`b", {"a`b", "1st"}, true, std::nullopt, {}));
  Table c(t3);
  c.add_column(pk("id"));
  c.add_column(col("Value", types::Text()));
  md.add_table(a);
  md.add_table(b);
  md.add_table(c);
  drop_all(md, conn);

  create_all(md, conn);
  for (const auto& t : {t1, t2, t3}) {
    EXPECT_TRUE(table_exists(conn, t)) << t;
  }

  conn.execute("INSERT INTO " + q(conn, t1) + " (" + q(conn, "order") + ", " +
                   q(conn, "Mixed Case") + ", " + q(conn, "it's") + ") VALUES (:o, :m, :e)",
               {{"o", 7}, {"m", "Zürich"}, {"e", "o'k"}});
  auto id = conn.execute("SELECT " + q(conn, "select") + " FROM " + q(conn, t1))
                .scalar_as<std::int64_t>();
  ASSERT_TRUE(id);
  conn.execute("INSERT INTO " + q(conn, t2) + " (" + q(conn, "group") + ", " + q(conn, "a\"b") +
                   ", " + q(conn, "a`b") + ", " + q(conn, "1st") + ", " + q(conn, "ünïcødé") +
                   ") VALUES (1, :a, 'x', 2, 'ü')",
               {{"a", *id}});
  conn.execute("INSERT INTO " + q(conn, t3) + " (" + q(conn, "Value") + ") VALUES ('v')");
  conn.commit();
  auto row = conn.execute("SELECT a." + q(conn, "Mixed Case") + ", a." + q(conn, "it's") + ", b." +
                          q(conn, "ünïcødé") + " FROM " + q(conn, t1) + " a JOIN " + q(conn, t2) +
                          " b ON b." + q(conn, "a\"b") + " = a." + q(conn, "select"))
                 .one();
  conn.commit();
  EXPECT_EQ(row.get<std::string>(0), "Zürich");
  EXPECT_EQ(row.get<std::string>(1), "o'k");
  EXPECT_EQ(row.get<std::string>(2), "ü");

  // The constraints on the hostile names hold.
  expect_refused<IntegrityError>(conn, "INSERT INTO " + q(conn, t1) + " (" + q(conn, "order") +
                                           ") VALUES (-1)");
  expect_refused<IntegrityError>(conn, "INSERT INTO " + q(conn, t1) + " (" + q(conn, "order") +
                                           ") VALUES (7)");
  expect_refused<IntegrityError>(conn, "INSERT INTO " + q(conn, t2) + " (" + q(conn, "group") +
                                           ", " + q(conn, "a\"b") + ") VALUES (5, 12345)");
  expect_refused<DBAPIError>(conn, "INSERT INTO " + q(conn, t1) + " (" + q(conn, "it's") +
                                       ") VALUES ('nope')");
  if (!is("sqlite")) {
    EXPECT_EQ(column_comment(conn, t1, "Mixed Case"), "it's \"mixed\" `case`");
  }
  auto ix = index_names(conn, t1);
  EXPECT_NE(std::find(ix.begin(), ix.end(), "ix rt_ddl_h Mixed"), ix.end());

  drop_all(md, conn);
  for (const auto& t : {t1, t2, t3}) {
    EXPECT_FALSE(table_exists(conn, t)) << t;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, DDLTest, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
