// DDL of single objects and the finer points, on every backend: create_table /
// drop_table / create_index / drop_index with and without checkfirst, enum
// types shared by tables, deferrable foreign keys, schema-qualified tables,
// and what a failure leaves behind.
#include "engine/ddl_catalog.hpp"

using namespace retort;
using namespace retort::testing;

namespace {

class DDLObjectsTest : public DDLTestBase {};

TEST_P(DDLObjectsTest, SingleTableAndIndex) {
  auto engine = make_engine();
  auto conn = engine.connect();
  Table t("rt_ddl_one");
  t.add_column(pk("id"));
  t.add_column(col("name", types::String(30)));
  t.add_column(col("kind", types::Enum({"a", "b"})));
  drop_table(t, conn, true);

  create_table(t, conn);
  EXPECT_TRUE(table_exists(conn, "rt_ddl_one"));
  if (is("postgresql")) {
    EXPECT_TRUE(enum_type_exists(conn, "rt_ddl_one_kind_enum"));
  }
  create_table(t, conn, true);  // exists: nothing to do
  EXPECT_THROW(create_table(t, conn), DBAPIError);

  const Index ix = index("ix_rt_ddl_one_name", {"name"}, true);
  create_index(t, ix, conn);
  auto names = index_names(conn, "rt_ddl_one");
  EXPECT_NE(std::find(names.begin(), names.end(), "ix_rt_ddl_one_name"), names.end());
  conn.execute("INSERT INTO rt_ddl_one (name, kind) VALUES ('x', 'a')");
  conn.commit();
  expect_refused<IntegrityError>(conn, "INSERT INTO rt_ddl_one (name) VALUES ('x')");
  drop_index(t, ix, conn);
  names = index_names(conn, "rt_ddl_one");
  EXPECT_EQ(std::find(names.begin(), names.end(), "ix_rt_ddl_one_name"), names.end());

  drop_table(t, conn);
  EXPECT_FALSE(table_exists(conn, "rt_ddl_one"));
  if (is("postgresql")) {
    EXPECT_FALSE(enum_type_exists(conn, "rt_ddl_one_kind_enum"));
  }
  drop_table(t, conn, true);  // gone: nothing to do
  EXPECT_THROW(drop_table(t, conn), DBAPIError);
}

TEST_P(DDLObjectsTest, EnumTypeSharedByTables) {
  auto engine = make_engine();
  auto conn = engine.connect();
  MetaData md;
  for (std::string name : {"rt_ddl_se_a", "rt_ddl_se_b"}) {
    Table t(name);
    t.add_column(pk("id"));
    t.add_column(col("mood", types::Enum({"happy", "sad"}, "rt_ddl_se_mood")));
    md.add_table(t);
  }
  drop_all(md, conn);

  create_all(md, conn);
  if (is("postgresql")) {
    EXPECT_TRUE(enum_type_exists(conn, "rt_ddl_se_mood"));
  }
  // Dropping one table keeps the type the other still uses.
  drop_table(*md.table("rt_ddl_se_a"), conn);
  EXPECT_FALSE(table_exists(conn, "rt_ddl_se_a"));
  conn.execute("INSERT INTO rt_ddl_se_b (mood) VALUES ('happy')");
  conn.commit();
  expect_refused<DBAPIError>(conn, "INSERT INTO rt_ddl_se_b (mood) VALUES ('bored')");
  // ... and creating it again reuses the type.
  create_table(*md.table("rt_ddl_se_a"), conn);
  conn.execute("INSERT INTO rt_ddl_se_a (mood) VALUES ('sad')");
  conn.commit();

  drop_all(md, conn);
  EXPECT_FALSE(table_exists(conn, "rt_ddl_se_b"));
  if (is("postgresql")) {
    EXPECT_FALSE(enum_type_exists(conn, "rt_ddl_se_mood"));
  }
}

TEST_P(DDLObjectsTest, DeferrableForeignKey) {
  auto engine = make_engine();
  auto conn = engine.connect();
  MetaData md;
  Table parent("rt_ddl_df_parent");
  parent.add_column(pk("id"));
  Table child("rt_ddl_df_child");
  child.add_column(pk("id"));
  child.add_column(col("parent_id", types::Integer()));
  auto f = fk({"parent_id"}, "rt_ddl_df_parent", {"id"});
  f.deferrable = true;
  f.initially = "DEFERRED";
  child.foreign_keys.push_back(f);
  md.add_table(parent);
  md.add_table(child);
  drop_all(md, conn);
  create_all(md, conn);

  if (is("mysql")) {
    // No deferrable constraints on MySQL: checked at once (docs/ddl.md).
    expect_refused<IntegrityError>(conn, "INSERT INTO rt_ddl_df_child (id, parent_id) VALUES (1, 7)");
  } else {
    // Checked at COMMIT: a child may come before its parent in a transaction.
    conn.execute("INSERT INTO rt_ddl_df_child (id, parent_id) VALUES (1, 7)");
    conn.execute("INSERT INTO rt_ddl_df_parent (id) VALUES (7)");
    conn.commit();
    conn.execute("INSERT INTO rt_ddl_df_child (id, parent_id) VALUES (2, 8)");
    EXPECT_THROW(conn.commit(), IntegrityError);
    // SQLite keeps the transaction open after a failed COMMIT while the
    // Connection considers it over; end it at the driver.
    conn.dbapi().rollback();
  }
  drop_all(md, conn);
}

TEST_P(DDLObjectsTest, SchemaQualifiedTables) {
  auto engine = make_engine();
  auto conn = engine.connect();
  const std::string schema = "rt_ddl_sch";
  if (is("sqlite")) {
    conn.exec_driver_sql("ATTACH DATABASE '" + fresh_sqlite_url("attached").substr(10) + "' AS " +
                         schema);
  } else {
    const std::string kind = is("postgresql") ? "SCHEMA" : "DATABASE";
    conn.exec_driver_sql("DROP " + kind + " IF EXISTS " + schema +
                         (is("postgresql") ? " CASCADE" : ""));
    conn.exec_driver_sql("CREATE " + kind + " " + schema);
  }
  conn.commit();

  MetaData md;
  Table region("region", schema);
  region.add_column(pk("id"));
  region.add_column(col("kind", types::Enum({"north", "south"})));
  region.indexes.push_back(index("ix_region_kind", {"kind"}));
  Table shop("shop", schema);
  shop.add_column(pk("id"));
  shop.add_column(col("region_id", types::Integer()));
  shop.foreign_keys.push_back(fk({"region_id"}, "region", {"id"}));  // same schema
  md.add_table(region);
  md.add_table(shop);

  create_all(md, conn);
  create_all(md, conn);  // checkfirst looks in the right schema
  conn.execute("INSERT INTO " + schema + ".region (id, kind) VALUES (1, 'north')");
  conn.execute("INSERT INTO " + schema + ".shop (region_id) VALUES (1)");
  conn.commit();
  expect_refused<IntegrityError>(conn, "INSERT INTO " + schema + ".shop (region_id) VALUES (5)");
  expect_refused<DBAPIError>(conn,
                             "INSERT INTO " + schema + ".region (id, kind) VALUES (2, 'east')");
  if (!is("sqlite")) {
    // Nothing landed in the default schema.
    EXPECT_FALSE(table_exists(conn, "region"));
    EXPECT_FALSE(table_exists(conn, "shop"));
  }

  drop_all(md, conn);
  drop_all(md, conn);  // checkfirst: gone
  if (is("sqlite")) {
    EXPECT_EQ(count(conn, "SELECT count(*) FROM " + schema + ".sqlite_master"), 0);
  } else if (is("postgresql")) {
    EXPECT_EQ(count(conn, "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema +
                              "') + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid "
                              "= t.typnamespace WHERE n.nspname = '" + schema +
                              "' AND t.typtype = 'e')"),
              0);
    conn.exec_driver_sql("DROP SCHEMA " + schema);
  } else {
    EXPECT_EQ(count(conn, "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" +
                              schema + "'"),
              0);
    conn.exec_driver_sql("DROP DATABASE " + schema);
  }
  conn.commit();
}

TEST_P(DDLObjectsTest, FailuresLeaveWhatTheDialectAllows) {
  auto engine = make_engine();
  auto conn = engine.connect();
  MetaData md;
  Table first("rt_ddl_fail_a");
  first.add_column(pk("id"));
  Table second("rt_ddl_fail_b");
  second.add_column(pk("id"));
  second.check_constraints.push_back({"ck_rt_ddl_fail_b", "no_such_column > 0"});
  md.add_table(first);
  md.add_table(second);
  drop_all(md, conn);

  // The database refuses the second table: PostgreSQL and SQLite roll the
  // first one back with it; MySQL has already committed it.
  EXPECT_THROW(create_all(md, conn), DBAPIError);
  EXPECT_EQ(table_exists(conn, "rt_ddl_fail_a"), is("mysql"));
  EXPECT_FALSE(table_exists(conn, "rt_ddl_fail_b"));
  drop_all(md, conn);

  // Metadata the dialect cannot render fails before any statement runs.
  md.table("rt_ddl_fail_b")->check_constraints.clear();
  md.table("rt_ddl_fail_b")->add_column(col("a_id", types::Integer()));
  auto bad = fk({"a_id"}, "rt_ddl_fail_a", {"id"});
  bad.ondelete = "EXPLODE";
  md.table("rt_ddl_fail_b")->foreign_keys.push_back(bad);
  try {
    create_all(md, conn);
    ADD_FAILURE() << "no SchemaError";
  } catch (const SchemaError& e) {
    EXPECT_NE(std::string(e.what()).find("ondelete 'EXPLODE'"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(table_exists(conn, "rt_ddl_fail_a"));
}

INSTANTIATE_TEST_SUITE_P(Backends, DDLObjectsTest, ::testing::ValuesIn(backends()), backend_name);

}  // namespace
