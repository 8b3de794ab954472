// Reflection of what other tools write, re-created by retort: the server's
// catalog must come back the same. Found with the real-world schemas
// (tests/cli/realworld_test.cpp): pg_dump's sequence defaults, and MySQL's
// foreign key actions and the indexes InnoDB makes for foreign keys.
#include <set>

#include "engine/reflection_fixture.hpp"
#include "retort/engine/ddl.hpp"

using namespace retort;
using retort::testing::ReflectionTest;

namespace {

std::vector<retort::testing::Backend> only(const std::string& name) {
  std::vector<retort::testing::Backend> out;
  for (auto& b : retort::testing::server_backends())
    if (b.name == name) out.push_back(b);
  return out;
}

class PostgresqlRecreate : public ReflectionTest {};
class MysqlRecreate : public ReflectionTest {};

// pg_dump writes a serial column as CREATE SEQUENCE + DEFAULT nextval(...),
// and the sequence need not be owned by the column. Either way the column's
// values are generated: an autoincrement, without the default, which would
// name a sequence that is not reflected. Columns that are not integers keep
// the default.
TEST_P(PostgresqlRecreate, NextvalDefaultIsAnAutoincrement) {
  auto conn = engine_.connect();
  run(conn, {"CREATE SEQUENCE {s}shared_seq",
             "CREATE TABLE {s}seq_a (id integer DEFAULT nextval('{s}shared_seq') NOT NULL"
             " PRIMARY KEY, num numeric DEFAULT nextval('{s}shared_seq'),"
             " code text DEFAULT nextval('{s}shared_seq')::text)",
             "CREATE TABLE {s}seq_b (id bigserial PRIMARY KEY)"});
  MetaData md = Inspector(conn).reflect(options());
  const Table* a = md.table("seq_a", ns_);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(retort::testing::describe(*a),
            "table " + ns_ + ".seq_a\n"
            "  column id Integer NOT NULL pk autoincrement=true\n"
            "  column num Numeric default=nextval('" + ns_ + ".shared_seq'::regclass)\n"
            "  column code Text default=(nextval('" + ns_ + ".shared_seq'::regclass))::text\n"
            "  primary key - (id)\n");
  EXPECT_EQ(md.table("seq_b", ns_)->columns[0].autoincrement, true);
  EXPECT_FALSE(md.table("seq_b", ns_)->columns[0].server_default);

  // Created again (as seq_c): identity columns, which reflect the same way.
  MetaData again;
  Table c = *a;
  c.name = "seq_c";
  again.add_table(c);
  create_all(again, conn);
  MetaData back = Inspector(conn).reflect(options());
  std::string expected = retort::testing::describe(*a);
  for (auto at = expected.find("seq_a"); at != std::string::npos; at = expected.find("seq_a"))
    expected.replace(at, 5, "seq_c");
  EXPECT_EQ(retort::testing::describe(*back.table("seq_c", ns_)), expected);
}

// The foreign keys and indexes of `db`, from information_schema.
std::set<std::string> mysql_keys(Connection& conn, const std::string& db) {
  std::set<std::string> out;
  for (const Row& r : conn.execute(
           "SELECT CONCAT(TABLE_NAME, ' index ', INDEX_NAME, ' ', GROUP_CONCAT(COLUMN_NAME"
           " ORDER BY SEQ_IN_INDEX)) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = :db"
           " GROUP BY TABLE_NAME, INDEX_NAME",
           {{"db", db}}))
    out.insert(*r[0].as<std::string>());
  for (const Row& r : conn.execute(
           "SELECT CONCAT(TABLE_NAME, ' fk ', CONSTRAINT_NAME, ' ', UPDATE_RULE, ' ', DELETE_RULE)"
           " FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = :db",
           {{"db", db}}))
    out.insert(*r[0].as<std::string>());
  conn.rollback();
  return out;
}

TEST_P(MysqlRecreate, ForeignKeyActionsAndIndexesComeBackTheSame) {
  auto conn = engine_.connect();
  const bool mariadb = conn.dbapi().server_version().find("MariaDB") != std::string::npos;
  run(conn,
      {"CREATE TABLE item (id INTEGER PRIMARY KEY)",
       // Unnamed keys: InnoDB names them line_ibfk_<n> and makes an index
       // named after the first column for the one no index serves (pid).
       "CREATE TABLE line (id INTEGER PRIMARY KEY, pid INTEGER, oid INTEGER, x INTEGER,"
       " INDEX oid_x (oid, x),"
       " FOREIGN KEY (pid) REFERENCES item (id), FOREIGN KEY (oid) REFERENCES item (id))",
       // An index named after the key's column, declared although another
       // serves the key: InnoDB did not make it, so it is reflected.
       "CREATE TABLE decl (id INTEGER PRIMARY KEY, pid INTEGER, x INTEGER, INDEX pid (pid),"
       " INDEX pid_x (pid, x), FOREIGN KEY (pid) REFERENCES item (id))",
       // A named key: its index is named after it. NO ACTION is what MariaDB
       // does not show for a key declared without actions; RESTRICT is.
       "CREATE TABLE named (id INTEGER PRIMARY KEY, pid INTEGER, CONSTRAINT fk_named"
       " FOREIGN KEY (pid) REFERENCES item (id) ON DELETE NO ACTION ON UPDATE RESTRICT)"});
  MetaData md = Inspector(conn).reflect();
  EXPECT_EQ(retort::testing::describe(*md.table("line")),
            "table line\n"
            "  column id Integer NOT NULL pk autoincrement=false\n"
            "  column pid Integer\n"
            "  column oid Integer\n"
            "  column x Integer\n"
            "  primary key - (id)\n"
            "  foreign key line_ibfk_1 (pid) -> item(id)\n"
            "  foreign key line_ibfk_2 (oid) -> item(id)\n"
            "  index oid_x (oid, x)\n");
  EXPECT_EQ(retort::testing::describe(*md.table("decl")),
            "table decl\n"
            "  column id Integer NOT NULL pk autoincrement=false\n"
            "  column pid Integer\n"
            "  column x Integer\n"
            "  primary key - (id)\n"
            "  foreign key decl_ibfk_1 (pid) -> item(id)\n"
            "  index pid (pid)\n"
            "  index pid_x (pid, x)\n");
  const auto& fk = md.table("named")->foreign_keys.at(0);
  EXPECT_TRUE(md.table("named")->indexes.empty());
  EXPECT_EQ(fk.ondelete, mariadb ? std::optional<std::string>("NO ACTION") : std::nullopt);
  EXPECT_EQ(fk.onupdate, mariadb ? std::nullopt : std::optional<std::string>("RESTRICT"));

  // Created in a second database: the same keys, actions and index names.
  const std::string other = ns_ + "_b";
  conn.execute("CREATE DATABASE " + other);
  conn.commit();
  URL u = URL::parse(url());
  u.database = other;
  {
    auto conn_b = create_engine(u.render(false)).connect();
    create_all(md, conn_b);
    EXPECT_EQ(retort::testing::describe(Inspector(conn_b).reflect()), retort::testing::describe(md));
  }
  auto keys_a = mysql_keys(conn, ns_), keys_b = mysql_keys(conn, other);
  conn.execute("DROP DATABASE " + other);
  conn.commit();
  EXPECT_EQ(keys_b, keys_a);
  EXPECT_TRUE(keys_a.count("line index pid pid")) << "InnoDB's own index for line_ibfk_1";
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, PostgresqlRecreate, ::testing::ValuesIn(only("postgresql")),
                         retort::testing::backend_name);
INSTANTIATE_TEST_SUITE_P(Backends, MysqlRecreate, ::testing::ValuesIn(only("mysql")),
                         retort::testing::backend_name);
