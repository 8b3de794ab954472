// Migration operations: each one run online on every backend with rows
// before and after (the SQLite copy included) and the reflected schema
// checked, offline SQL per dialect against golden files
// (data/operations/<case>.yaml -> <case>.<dialect>.sql), and every parse error
// with its file:line.
#include "retort/migrations/operations.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "retort/engine/ddl.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/revision_file.hpp"
#include "support/backends.hpp"

namespace retort::migrations {
namespace {

namespace fs = std::filesystem;
using retort::testing::BackendTest;

const char* const kHeader = "revision: 0a1b2c3d4e5f\ndown_revision: null\nupgrade:\n";

// A revision whose upgrade list is `ops` (YAML list items, indented by 2).
Revision revision(const std::string& ops) {
  return parse_revision_text(std::string(kHeader) + ops + "downgrade: []\n", "ops.yaml");
}

void run_online(Connection& conn, const std::string& ops) {
  const Revision rev = revision(ops);
  for (const auto& op : parse_operations(rev, Direction::Upgrade)) {
    OperationContext ctx{&conn.dialect(), &conn, {}};
    if (op->needs_autocommit() && conn.dialect().name() == "postgresql") {
      conn.commit();
      conn.set_isolation_level("AUTOCOMMIT");
      op->run(ctx);
      conn.set_isolation_level("READ COMMITTED");
      continue;
    }
    op->run(ctx);
  }
  conn.commit();
}

std::string render_offline(const Revision& rev, const Dialect& dialect) {
  std::string out;
  for (const auto& op : parse_operations(rev, Direction::Upgrade)) {
    OperationContext ctx{&dialect, nullptr, [&](const std::string& sql) { out += sql + ";\n"; }};
    op->run(ctx);
  }
  return out;
}

Table reflected(Connection& conn, const std::string& name) {
  auto t = Inspector(conn).table(name);
  EXPECT_TRUE(t) << name;
  conn.commit();
  return t ? *t : Table(name);
}

std::vector<std::string> column_names(const Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.name);
  return out;
}

// Rows as text, "a|b" per row, ordered by the first column.
std::vector<std::string> rows(Connection& conn, const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& row : conn.execute(sql).all()) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const Value& v = row[i];
      line += (i ? "|" : "") + (v.is_null() ? std::string("NULL") : *v.as<std::string>());
    }
    out.push_back(line);
  }
  conn.commit();
  return out;
}

bool has_name(const auto& list, const std::string& name) {
  return std::any_of(list.begin(), list.end(), [&](const auto& c) {
    if constexpr (requires { c.name.has_value(); })
      return c.name && *c.name == name;
    else
      return c.name == name;
  });
}

class OperationsTest : public BackendTest {};

TEST_P(OperationsTest, ColumnsAddAlterRenameDropKeepRows) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  drop_tables(conn, {"ops_person"});
  run_online(conn, R"(
  - create_table:
      name: ops_person
      columns:
        - {name: id, type: Integer, primary_key: true, autoincrement: false}
        - {name: name, type: String(50), nullable: false}
        - {name: age, type: Integer, comment: years}
      indexes:
        - {name: ix_ops_person_name, columns: [name]}
  - bulk_insert:
      table: ops_person
      rows:
        - {id: 1, name: "O'Brien \\ co", age: 30}
        - {id: 2, name: plain, age: null}
)");
  conn.execute("UPDATE ops_person SET age = 0 WHERE age IS NULL");
  conn.commit();
  run_online(conn, R"(
  - add_column:
      table: ops_person
      column: {name: score, type: Integer, server_default: "5"}
  - alter_column: {table: ops_person, name: age, type: BigInteger, nullable: false, server_default: "7"}
  - alter_column: {table: ops_person, name: name, new_name: full_name}
)");
  Table t = reflected(conn, "ops_person");
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"id", "full_name", "age", "score"}));
  ASSERT_TRUE(t.column("age"));
  EXPECT_EQ(t.column("age")->type.kind, TypeKind::BigInteger);
  EXPECT_FALSE(t.column("age")->nullable);
  ASSERT_TRUE(t.column("age")->server_default);
  EXPECT_NE(t.column("age")->server_default->find('7'), std::string::npos);
  ASSERT_TRUE(has_name(t.indexes, "ix_ops_person_name"));
  EXPECT_EQ(t.indexes[0].columns, std::vector<std::string>{"full_name"});
  // What alter_column did not mention survives (MySQL restates the column
  // from the live one).
  if (!is("sqlite")) {
    EXPECT_EQ(t.column("age")->comment.value_or(""), "years");
  }
  run_online(conn, "  - alter_column: {table: ops_person, name: age, comment: in years}\n");
  if (!is("sqlite")) {
    EXPECT_EQ(reflected(conn, "ops_person").column("age")->comment.value_or(""), "in years");
  }
  EXPECT_EQ(rows(conn, "SELECT id, full_name, age, score FROM ops_person ORDER BY id"),
            (std::vector<std::string>{"1|O'Brien \\ co|30|5", "2|plain|0|5"}));

  run_online(conn, R"(
  - drop_column: {table: ops_person, name: score}
  - drop_column: {table: ops_person, name: full_name}
  - alter_column: {table: ops_person, name: age, nullable: true, server_default: null}
)");
  t = reflected(conn, "ops_person");
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"id", "age"}));
  EXPECT_TRUE(t.indexes.empty());
  EXPECT_TRUE(t.column("age")->nullable);
  EXPECT_FALSE(t.column("age")->server_default);
  EXPECT_EQ(rows(conn, "SELECT id, age FROM ops_person ORDER BY id"),
            (std::vector<std::string>{"1|30", "2|0"}));
  run_online(conn, "  - drop_table: {name: ops_person}\n");
  EXPECT_FALSE(Inspector(conn).has_table("ops_person"));
}

TEST_P(OperationsTest, ConstraintsCreateAndDropKeepRows) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  drop_tables(conn, {"ops_child", "ops_parent"});
  run_online(conn, R"(
  - create_table:
      name: ops_parent
      columns: [{name: id, type: Integer, primary_key: true, autoincrement: false}]
  - create_table:
      name: ops_child
      columns:
        - {name: id, type: Integer, primary_key: true, autoincrement: false}
        - {name: parent_id, type: Integer}
        - {name: code, type: String(10)}
        - {name: qty, type: Integer}
      indexes: [{name: ix_ops_child_qty, columns: [qty]}]
  - bulk_insert: {table: ops_parent, rows: [{id: 1}, {id: 2}]}
  - bulk_insert:
      table: ops_child
      rows: [{id: 1, parent_id: 1, code: a, qty: 1}, {id: 2, parent_id: 2, code: b, qty: 0}]
)");
  if (is("sqlite")) {
    // A trigger must survive the copies.
    conn.execute(
        "CREATE TRIGGER ops_child_tr AFTER INSERT ON ops_child BEGIN "
        "UPDATE ops_child SET qty = qty + 100 WHERE id = NEW.id; END");
    conn.commit();
  }
  run_online(conn, R"(
  - create_unique_constraint: {name: uq_ops_child_code, table: ops_child, columns: [code]}
  - create_check_constraint: {name: ck_ops_child_qty, table: ops_child, condition: "qty >= 0"}
  - create_foreign_key:
      name: fk_ops_child_parent
      source_table: ops_child
      referent_table: ops_parent
      local_cols: [parent_id]
      remote_cols: [id]
      ondelete: CASCADE
)");
  Table t = reflected(conn, "ops_child");
  EXPECT_TRUE(has_name(t.unique_constraints, "uq_ops_child_code"));
  EXPECT_TRUE(has_name(t.check_constraints, "ck_ops_child_qty"));
  ASSERT_TRUE(has_name(t.foreign_keys, "fk_ops_child_parent"));
  EXPECT_EQ(t.foreign_keys[0].ondelete.value_or(""), "CASCADE");
  EXPECT_TRUE(has_name(t.indexes, "ix_ops_child_qty"));
  EXPECT_EQ(rows(conn, "SELECT id, parent_id, code, qty FROM ops_child ORDER BY id"),
            (std::vector<std::string>{"1|1|a|1", "2|2|b|0"}));
  EXPECT_THROW(
      conn.execute("INSERT INTO ops_child (id, parent_id, code, qty) VALUES (3, 1, 'a', 1)"),
      IntegrityError);
  conn.rollback();
  if (is("sqlite")) {
    conn.execute("INSERT INTO ops_child (id, parent_id, code, qty) VALUES (3, 1, 'c', 1)");
    EXPECT_EQ(rows(conn, "SELECT qty FROM ops_child WHERE id = 3"),
              std::vector<std::string>{"101"});
    conn.execute("DELETE FROM ops_child WHERE id = 3");
    conn.commit();
  }

  run_online(conn, R"(
  - drop_constraint: {name: fk_ops_child_parent, table: ops_child, type_: foreignkey}
  - drop_constraint: {name: uq_ops_child_code, table: ops_child, type_: unique}
  - drop_constraint: {name: ck_ops_child_qty, table: ops_child, type_: check}
)");
  t = reflected(conn, "ops_child");
  EXPECT_TRUE(t.foreign_keys.empty());
  EXPECT_TRUE(t.unique_constraints.empty());
  EXPECT_FALSE(has_name(t.check_constraints, "ck_ops_child_qty"));
  EXPECT_EQ(rows(conn, "SELECT id, parent_id, code, qty FROM ops_child ORDER BY id"),
            (std::vector<std::string>{"1|1|a|1", "2|2|b|0"}));
  drop_tables(conn, {"ops_child", "ops_parent"});
}

TEST_P(OperationsTest, PrimaryKeyCreateAndDrop) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  drop_tables(conn, {"ops_keyless"});
  run_online(conn, R"(
  - create_table:
      name: ops_keyless
      columns: [{name: id, type: Integer, nullable: false}, {name: v, type: Text}]
  - bulk_insert: {table: ops_keyless, rows: [{id: 1, v: one}, {id: 2, v: two}]}
  - create_primary_key: {name: pk_ops_keyless, table: ops_keyless, columns: [id]}
)");
  Table t = reflected(conn, "ops_keyless");
  EXPECT_EQ(t.primary_key_columns(), std::vector<std::string>{"id"});
  run_online(conn,
             "  - drop_constraint: {name: pk_ops_keyless, table: ops_keyless, type_: primary}\n");
  t = reflected(conn, "ops_keyless");
  EXPECT_TRUE(t.primary_key_columns().empty());
  EXPECT_EQ(rows(conn, "SELECT id, v FROM ops_keyless ORDER BY id"),
            (std::vector<std::string>{"1|one", "2|two"}));
  drop_tables(conn, {"ops_keyless"});
}

TEST_P(OperationsTest, ForeignKeyViolatedByExistingRowsIsIntegrityError) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  drop_tables(conn, {"ops_orphan", "ops_home"});
  run_online(conn, R"(
  - create_table:
      name: ops_home
      columns: [{name: id, type: Integer, primary_key: true, autoincrement: false}]
  - create_table:
      name: ops_orphan
      columns: [{name: id, type: Integer, primary_key: true, autoincrement: false}, {name: home_id, type: Integer}]
  - bulk_insert: {table: ops_orphan, rows: [{id: 1, home_id: 42}]}
)");
  EXPECT_THROW(run_online(conn, R"(
  - create_foreign_key:
      {name: fk_ops_orphan_home, source_table: ops_orphan, referent_table: ops_home, local_cols: [home_id], remote_cols: [id]}
)"),
               IntegrityError);
  conn.rollback();
  EXPECT_EQ(rows(conn, "SELECT id, home_id FROM ops_orphan"), std::vector<std::string>{"1|42"});
  EXPECT_TRUE(reflected(conn, "ops_orphan").foreign_keys.empty());
  drop_tables(conn, {"ops_orphan", "ops_home"});
}

TEST_P(OperationsTest, TablesIndexesCommentsRename) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  drop_tables(conn, {"ops_old", "ops_new"});
  run_online(conn, R"(
  - create_table:
      name: ops_old
      columns: [{name: id, type: Integer, primary_key: true}, {name: email, type: String(80)}]
  - bulk_insert: {table: ops_old, rows: [{id: 1, email: a@x}, {id: 2, email: b@x}]}
  - rename_table: {name: ops_old, new_name: ops_new}
  - create_index: {name: ix_ops_new_email, table: ops_new, columns: [email], unique: true}
  - create_table_comment: {table: ops_new, comment: "people's mail"}
)");
  EXPECT_FALSE(Inspector(conn).has_table("ops_old"));
  Table t = reflected(conn, "ops_new");
  if (is("mysql")) {
    // A MySQL unique key reflects as a unique constraint (docs/reflection.md).
    EXPECT_TRUE(has_name(t.unique_constraints, "ix_ops_new_email"));
  } else {
    ASSERT_TRUE(has_name(t.indexes, "ix_ops_new_email"));
    EXPECT_TRUE(t.indexes[0].unique);
  }
  if (!is("sqlite")) {
    EXPECT_EQ(t.comment.value_or(""), "people's mail");
  }
  EXPECT_EQ(rows(conn, "SELECT id, email FROM ops_new ORDER BY id"),
            (std::vector<std::string>{"1|a@x", "2|b@x"}));
  run_online(conn, R"(
  - drop_index: {name: ix_ops_new_email, table: ops_new}
  - drop_table_comment: {table: ops_new}
)");
  t = reflected(conn, "ops_new");
  EXPECT_TRUE(t.indexes.empty());
  EXPECT_TRUE(t.unique_constraints.empty());
  EXPECT_FALSE(t.comment && !t.comment->empty());
  drop_tables(conn, {"ops_new"});
}

TEST_P(OperationsTest, ExecuteAndBulkInsertValues) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  drop_tables(conn, {"ops_values"});
  run_online(conn, R"(
  - create_table:
      name: ops_values
      columns:
        - {name: id, type: Integer, primary_key: true, autoincrement: false}
        - {name: flag, type: Boolean}
        - {name: payload, type: LargeBinary}
        - {name: note, type: Text}
  - bulk_insert:
      table: ops_values
      rows:
        - {id: 1, flag: true, payload: !!binary AAH/, note: "it's \\n"}
        - {id: 2, flag: false, payload: null, note: null}
  - execute:
      sqlite: "UPDATE ops_values SET note = 'sqlite' WHERE id = 2"
      postgresql: "UPDATE ops_values SET note = 'postgresql' WHERE id = 2"
      mysql: "UPDATE ops_values SET note = 'mysql' WHERE id = 2"
  - execute: "UPDATE ops_values SET id = id + 10"
)");
  auto all = conn.execute("SELECT id, flag, payload, note FROM ops_values ORDER BY id").all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(*all[0].get<std::int64_t>(0), 11);
  EXPECT_EQ(*all[0].get<bool>(1), true);
  EXPECT_EQ(all[0].get<Bytes>(2)->data, std::string("\x00\x01\xff", 3));
  EXPECT_EQ(*all[0].get<std::string>(3), "it's \\n");
  EXPECT_EQ(*all[1].get<bool>(1), false);
  EXPECT_TRUE(all[1][2].is_null());
  EXPECT_EQ(*all[1].get<std::string>(3), name());
  conn.commit();
  drop_tables(conn, {"ops_values"});
}

TEST_P(OperationsTest, ExecuteWithoutThisDialectNamesTheLine) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  const std::string other = is("mysql") ? "sqlite" : "mysql";
  try {
    run_online(conn, "  - execute: {" + other + ": SELECT 1}\n");
    FAIL() << "no error";
  } catch (const OperationError& e) {
    EXPECT_EQ(std::string(e.what()), "ops.yaml:4: execute has no SQL for " + name());
  }
}

TEST_P(OperationsTest, MissingTableOrColumnNamesTheLine) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  drop_tables(conn, {"ops_missing"});
  try {
    run_online(conn, "  - alter_column: {table: ops_missing, name: c, nullable: false}\n");
    FAIL() << "no error";
  } catch (const OperationError& e) {
    EXPECT_EQ(std::string(e.what()), "ops.yaml:4: table 'ops_missing' does not exist");
  }
  conn.rollback();
  run_online(conn, "  - create_table: {name: ops_missing, columns: [{name: id, type: Integer}]}\n");
  try {
    run_online(conn, "  - alter_column: {table: ops_missing, name: c, nullable: false}\n");
    FAIL() << "no error";
  } catch (const OperationError& e) {
    EXPECT_EQ(std::string(e.what()), "ops.yaml:4: column 'ops_missing.c' does not exist");
  }
  conn.rollback();
  drop_tables(conn, {"ops_missing"});
}

TEST_P(OperationsTest, PostgresqlEnums) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  const std::string ops = R"(
  - create_enum: {name: ops_mood, values: [sad, happy]}
  - add_enum_value: {name: ops_mood, value: ok, after: sad}
)";
  if (!is("postgresql")) {
    try {
      run_online(conn, ops);
      FAIL() << "no error";
    } catch (const OperationError& e) {
      EXPECT_NE(std::string(e.what()).find("ops.yaml:5: create_enum ops_mood is PostgreSQL only"),
                std::string::npos)
          << e.what();
    }
    return;
  }
  conn.execute("DROP TYPE IF EXISTS ops_mood");
  conn.commit();
  run_online(conn, ops);
  auto enums = reflector(conn.dialect()).enums(conn, std::nullopt);
  auto it = std::find_if(enums.begin(), enums.end(), [](auto& e) { return e.first == "ops_mood"; });
  ASSERT_NE(it, enums.end());
  EXPECT_EQ(it->second, (std::vector<std::string>{"sad", "ok", "happy"}));
  conn.commit();
  run_online(conn, "  - drop_enum: {name: ops_mood}\n");
  enums = reflector(conn.dialect()).enums(conn, std::nullopt);
  EXPECT_TRUE(
      std::none_of(enums.begin(), enums.end(), [](auto& e) { return e.first == "ops_mood"; }));
}

// rename_enum: ALTER TYPE .. RENAME TO; the column and its rows follow the
// type, and the inverse (undo_sql) renames it back. PostgreSQL only.
TEST_P(OperationsTest, RenameEnum) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  const std::string ops = "  - rename_enum: {name: ops_rmood, new_name: ops_rfeeling}\n";
  if (!is("postgresql")) {
    try {
      run_online(conn, ops);
      FAIL() << "no error";
    } catch (const OperationError& e) {
      EXPECT_NE(std::string(e.what()).find(
                    "ops.yaml:4: rename_enum ops_rmood -> ops_rfeeling is PostgreSQL only"),
                std::string::npos)
          << e.what();
    }
    return;
  }
  drop_tables(conn, {"ops_rtab"});
  conn.execute("DROP TYPE IF EXISTS ops_rmood");
  conn.execute("DROP TYPE IF EXISTS ops_rfeeling");
  conn.commit();
  run_online(conn, R"y(
  - create_enum: {name: ops_rmood, values: [sad, happy]}
  - create_table:
      name: ops_rtab
      create_type: false
      columns:
        - {name: id, type: Integer, primary_key: true}
        - {name: m, type: "Enum(sad,happy,name=ops_rmood)", server_default: "'sad'"}
)y");
  conn.execute("INSERT INTO ops_rtab (id) VALUES (1)");
  conn.commit();
  run_online(conn, ops);
  auto names = [&] {
    std::vector<std::string> out;
    for (auto& [name, values] : reflector(conn.dialect()).enums(conn, std::nullopt))
      if (name.rfind("ops_r", 0) == 0) out.push_back(name + ":" + values.front());
    conn.commit();
    return out;
  };
  EXPECT_EQ(names(), std::vector<std::string>{"ops_rfeeling:sad"});
  EXPECT_EQ(reflected(conn, "ops_rtab").column("m")->type.enum_name, "ops_rfeeling");
  EXPECT_EQ(rows(conn, "SELECT m FROM ops_rtab"), std::vector<std::string>{"sad"});

  // The inverse, as the runtime records it.
  const Revision rev = revision(ops);
  auto parsed = parse_operations(rev, Direction::Upgrade);
  OperationContext ctx{&conn.dialect(), &conn, {}};
  const auto undo = parsed.front()->undo_sql(ctx);
  ASSERT_TRUE(undo);
  EXPECT_EQ(*undo, std::vector<std::string>{"ALTER TYPE ops_rfeeling RENAME TO ops_rmood"});
  for (const auto& sql : *undo) conn.execute(sql);
  conn.commit();
  EXPECT_EQ(names(), std::vector<std::string>{"ops_rmood:sad"});
  drop_tables(conn, {"ops_rtab"});
  conn.execute("DROP TYPE ops_rmood");
  conn.commit();
}

// Tables sharing an enum type: create_type: false uses the type (PostgreSQL:
// made by create_enum) rather than create it; elsewhere the enum is the
// column's and the key changes nothing. A create_table that would create a
// type that exists says so, naming the key.
TEST_P(OperationsTest, TablesSharingAnEnumType) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  drop_tables(conn, {"ops_ticket", "ops_task", "ops_third"});
  const bool pg = is("postgresql");
  if (pg) {
    conn.execute("DROP TYPE IF EXISTS ops_status");
    conn.commit();
    run_online(conn, "  - create_enum: {name: ops_status, values: [open, closed]}\n");
  }
  run_online(conn, R"y(
  - create_table:
      name: ops_ticket
      create_type: false
      columns: [{name: id, type: Integer, primary_key: true}, {name: status, type: "Enum(open,closed,name=ops_status)"}]
  - create_table:
      name: ops_task
      create_type: false
      columns: [{name: id, type: Integer, primary_key: true}, {name: state, type: "Enum(open,closed,name=ops_status)"}]
  - bulk_insert: {table: ops_ticket, rows: [{id: 1, status: open}]}
  - bulk_insert: {table: ops_task, rows: [{id: 1, state: closed}]}
)y");
  for (const char* t : {"ops_ticket", "ops_task"}) {
    const Table table = reflected(conn, t);
    ASSERT_EQ(table.columns.size(), 2u) << t;
    EXPECT_EQ(table.columns[1].type.kind, TypeKind::Enum) << t;
    EXPECT_EQ(table.columns[1].type.enum_values, (std::vector<std::string>{"open", "closed"})) << t;
  }
  // The values are enforced everywhere.
  EXPECT_THROW(conn.execute("INSERT INTO ops_task (id, state) VALUES (2, 'lost')"), DBAPIError);
  conn.rollback();
  const std::string third =
      "  - create_table: {name: ops_third, columns: [{name: id, type: Integer, primary_key: "
      "true}, {name: s, type: \"Enum(open,closed,name=ops_status)\"}]}\n";
  if (pg) {
    try {
      run_online(conn, third);
      FAIL() << "no error";
    } catch (const OperationError& e) {
      EXPECT_EQ(std::string(e.what()),
                "ops.yaml:4: create_table ops_third: enum type ops_status already exists (made "
                "by create_enum or another table): say create_type: false to use it rather than "
                "create it");
    }
    conn.rollback();
  } else {
    run_online(conn, third);  // no type to create: the default is fine
  }
  drop_tables(conn, {"ops_ticket", "ops_task", "ops_third"});
  if (pg) {
    conn.execute("DROP TYPE ops_status");
    conn.commit();
  }
}

TEST_P(OperationsTest, ConcurrentIndexNeedsAutocommit) {
  Engine engine = make_engine();
  Connection conn = engine.connect();
  drop_tables(conn, {"ops_conc"});
  run_online(conn, R"(
  - create_table: {name: ops_conc, columns: [{name: id, type: Integer, primary_key: true}, {name: v, type: Integer}]}
)");
  const Revision rev = revision(
      "  - create_index: {name: ix_ops_conc_v, table: ops_conc, columns: [v], "
      "postgresql_concurrently: true}\n");
  auto ops = parse_operations(rev, Direction::Upgrade);
  EXPECT_TRUE(ops.at(0)->needs_autocommit());
  run_online(conn,
             "  - create_index: {name: ix_ops_conc_v, table: ops_conc, columns: [v], "
             "postgresql_concurrently: true}\n");
  EXPECT_TRUE(has_name(reflected(conn, "ops_conc").indexes, "ix_ops_conc_v"));
  drop_tables(conn, {"ops_conc"});
}

INSTANTIATE_TEST_SUITE_P(Backends, OperationsTest, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

// ---- SQLite copy details -------------------------------------------------------

// An Enum is a VARCHAR plus a CHECK on SQLite. Renaming the column or the
// table keeps the CHECK's name; the copy a later type change makes must
// still replace the CHECK with what the new type needs, keeping the rows.
TEST(SqliteCopy, EnumCheckFollowsTheNewTypeAfterRenames) {
  Engine engine = create_engine(retort::testing::fresh_sqlite_url("copy_enum"));
  Connection conn = engine.connect();
  run_online(conn, R"y(
  - create_table: {name: t, columns: [{name: id, type: Integer, primary_key: true}, {name: kind, type: "Enum(p,q)"}, {name: mood, type: "Enum(sad,glad)"}]}
  - bulk_insert: {table: t, rows: [{id: 1, kind: p, mood: sad}, {id: 2, kind: q, mood: glad}]}
  - alter_column: {table: t, name: kind, new_name: sort}
  - rename_table: {name: t, new_name: u}
)y");
  Table u = reflected(conn, "u");
  EXPECT_EQ(u.column("sort")->type.kind, TypeKind::Enum);
  EXPECT_EQ(u.column("mood")->type.kind, TypeKind::Enum);
  EXPECT_TRUE(u.check_constraints.empty());
  run_online(conn, R"y(
  - alter_column: {table: u, name: sort, type: String(10)}
  - alter_column: {table: u, name: mood, type: "Enum(sad,glad,angry)"}
)y");
  EXPECT_EQ(rows(conn, "SELECT id, sort, mood FROM u"),
            (std::vector<std::string>{"1|p|sad", "2|q|glad"}));
  u = reflected(conn, "u");
  EXPECT_EQ(u.column("sort")->type.kind, TypeKind::String);
  EXPECT_EQ(u.column("mood")->type.enum_values, (std::vector<std::string>{"sad", "glad", "angry"}));
  EXPECT_TRUE(u.check_constraints.empty());
  conn.execute("INSERT INTO u (id, sort, mood) VALUES (3, 'anything', 'angry')");
  conn.commit();
  EXPECT_THROW(conn.execute("INSERT INTO u (id, sort, mood) VALUES (4, 'p', 'calm')"), DBAPIError);
  conn.rollback();
}

TEST(SqliteCopy, ReferencedTableInsideTransactionIsAClearError) {
  Engine engine = create_engine(retort::testing::fresh_sqlite_url("copy"));
  Connection conn = engine.connect();
  run_online(conn, R"y(
  - create_table: {name: p, columns: [{name: id, type: Integer, primary_key: true}, {name: v, type: Integer}, {name: mood, type: "Enum(a,b)"}]}
  - create_table:
      name: c
      columns: [{name: id, type: Integer, primary_key: true}, {name: pid, type: Integer}]
      foreign_keys: [{name: fk_c_p, columns: [pid], references: p(id), ondelete: CASCADE}]
  - bulk_insert: {table: p, rows: [{id: 1, v: 1}]}
  - bulk_insert: {table: c, rows: [{id: 1, pid: 1}]}
)y");
  // Outside a transaction: foreign_keys is switched off around the copy, so
  // the cascade does not fire and the child row stays.
  run_online(conn, "  - alter_column: {table: p, name: v, nullable: false}\n");
  EXPECT_EQ(rows(conn, "SELECT id, pid FROM c"), std::vector<std::string>{"1|1"});
  const Table p = reflected(conn, "p");
  EXPECT_FALSE(p.column("v")->nullable);
  EXPECT_EQ(p.column("mood")->type.kind, TypeKind::Enum);
  for (const auto& ck : p.check_constraints)
    EXPECT_EQ(ck.name.value_or("").find("_retort_tmp_"), std::string::npos);
  EXPECT_EQ(rows(conn, "PRAGMA foreign_keys"), std::vector<std::string>{"1"});
  // Inside one it cannot be, and says so instead of failing at COMMIT.
  conn.execute("SELECT 1");
  try {
    run_online(conn, "  - alter_column: {table: p, name: v, nullable: true}\n");
    FAIL() << "no error";
  } catch (const OperationError& e) {
    EXPECT_NE(std::string(e.what()).find("table 'c' has rows that reference 'p'"),
              std::string::npos)
        << e.what();
  }
}

// A rename with a change that copies the table: the foreign keys of other
// tables follow the new name (SQLite renames first, then copies).
TEST(SqliteCopy, RenameWithCopyKeepsReferencesOfOtherTables) {
  Engine engine = create_engine(retort::testing::fresh_sqlite_url("copy_rename"));
  Connection conn = engine.connect();
  run_online(conn, R"y(
  - create_table: {name: p, columns: [{name: id, type: Integer, primary_key: true}, {name: code, type: String(10)}], unique_constraints: [{name: uq_p_code, columns: [code]}]}
  - create_table:
      name: c
      columns: [{name: id, type: Integer, primary_key: true}, {name: pcode, type: String(10)}]
      foreign_keys: [{name: fk_c_p, columns: [pcode], references: p(code)}]
  - bulk_insert: {table: p, rows: [{id: 1, code: a}]}
  - bulk_insert: {table: c, rows: [{id: 1, pcode: a}]}
)y");
  run_online(conn, "  - alter_column: {table: p, name: code, new_name: key, nullable: false}\n");
  const Table p = reflected(conn, "p");
  ASSERT_TRUE(p.column("key"));
  EXPECT_FALSE(p.column("key")->nullable);
  ASSERT_EQ(p.unique_constraints.size(), 1u);
  EXPECT_EQ(p.unique_constraints[0].columns, std::vector<std::string>{"key"});
  const Table c = reflected(conn, "c");
  ASSERT_EQ(c.foreign_keys.size(), 1u);
  EXPECT_EQ(c.foreign_keys[0].referred_columns, std::vector<std::string>{"key"});
  EXPECT_EQ(rows(conn, "SELECT p.id, c.id FROM c JOIN p ON p.\"key\" = c.pcode"),
            std::vector<std::string>{"1|1"});
  // The reference works: a row of c naming a missing key is refused.
  EXPECT_THROW(conn.execute("INSERT INTO c (id, pcode) VALUES (2, 'zz')"), IntegrityError);
  conn.rollback();
}

// ---- offline golden files ------------------------------------------------------

TEST(OperationsOffline, GoldenFiles) {
  const fs::path dir = fs::path(RETORT_TEST_DATA_DIR) / "migrations/data/operations";
  const bool update = std::getenv("RETORT_UPDATE_GOLDEN") != nullptr;
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++cases;
    const Revision rev = read_revision_file(entry.path());
    for (const char* dialect : {"sqlite", "postgresql", "mysql"}) {
      SCOPED_TRACE(entry.path().filename().string() + " " + dialect);
      const Dialect& d = dialect_for(URL::parse(std::string(dialect) + "://"));
      std::string got;
      try {
        got = render_offline(rev, d);
      } catch (const Error& e) {
        got = std::string("ERROR: ") + e.what() + "\n";
        // Paths differ between machines: keep the file name only.
        if (auto at = got.find(entry.path().string()); at != std::string::npos)
          got.replace(at, entry.path().string().size(), entry.path().filename().string());
      }
      fs::path golden = entry.path();
      golden.replace_extension(std::string(dialect) + ".sql");
      if (update) {
        std::ofstream(golden) << got;
        continue;
      }
      std::ifstream in(golden);
      ASSERT_TRUE(in) << "missing " << golden << " (RETORT_UPDATE_GOLDEN=1 writes it)";
      std::stringstream want;
      want << in.rdbuf();
      EXPECT_EQ(got, want.str());
    }
  }
  EXPECT_GT(cases, 5);
}

// ---- parse errors ----------------------------------------------------------------

std::string parse_error(const std::string& ops) {
  try {
    parse_operations(revision(ops), Direction::Upgrade);
  } catch (const RevisionFileError& e) {
    return e.what();
  }
  return "no error";
}

TEST(OperationsParse, Errors) {
  EXPECT_EQ(parse_error("  - drop_tables: {name: t}\n"),
            "ops.yaml:4: unknown operation 'drop_tables'");
  EXPECT_EQ(parse_error("  - drop_table: {name: t, cascade: true}\n"),
            "ops.yaml:4: drop_table: unknown key 'cascade' (expected name, schema)");
  EXPECT_EQ(parse_error("  - rename_table: {name: t}\n"),
            "ops.yaml:4: rename_table: missing key 'new_name'");
  EXPECT_EQ(parse_error("  - drop_table: {name: t}\n  - drop_column:\n      table: t\n"),
            "ops.yaml:6: drop_column: missing key 'name'");
  EXPECT_EQ(parse_error("  - create_index: {name: i, table: t, columns: [a], unique: maybe}\n"),
            "ops.yaml:4: create_index: unique must be true or false");
  EXPECT_EQ(parse_error("  - create_index: {name: i, table: t, columns: a}\n"),
            "ops.yaml:4: create_index: columns must be a non-empty list of names");
  EXPECT_EQ(parse_error("  - create_index: {name: i, table: t, columns: [a, b], orders: [DESC]}\n"),
            "ops.yaml:4: create_index: orders has 1 entries for 2 columns");
  EXPECT_EQ(parse_error("  - create_index: {name: i, table: t, columns: [a], orders: [DOWN]}\n"),
            "ops.yaml:4: create_index: orders entries are ASC, DESC or \"\", not 'DOWN'");
  EXPECT_EQ(parse_error("  - create_index: {name: i, table: t, columns: [a], dialect_options: x}\n"),
            "ops.yaml:4: create_index: dialect_options must be a map");
  EXPECT_EQ(parse_error("  - alter_column: {table: t, name: c}\n"),
            "ops.yaml:4: alter_column: nothing to change: give nullable, type, server_default, "
            "comment or new_name");
  EXPECT_EQ(parse_error("  - drop_constraint: {name: c, table: t, type_: index}\n"),
            "ops.yaml:4: drop_constraint: type_ must be foreignkey, unique, check or primary, not "
            "'index'");
  EXPECT_EQ(parse_error("  - execute: [1, 2]\n"),
            "ops.yaml:4: execute: execute takes SQL text, or a map of dialect (sqlite, "
            "postgresql, mysql) to SQL");
  EXPECT_EQ(parse_error("  - execute: {oracle: SELECT 1}\n"),
            "ops.yaml:4: execute: unknown key 'oracle' (expected sqlite, postgresql, mysql)");
  EXPECT_EQ(parse_error("  - bulk_insert: {table: t, rows: {a: 1}}\n"),
            "ops.yaml:4: bulk_insert: rows must be a list of maps, e.g. - {id: 1, name: a}");
  EXPECT_EQ(parse_error("  - drop_table: {name: t}\n    extra: 1\n"),
            "ops.yaml:4: each operation is a one-key map, e.g. - drop_table: {name: t}");
  // Columns and tables are schema YAML, with its messages and columns.
  const std::string bad_type =
      parse_error("  - add_column:\n      table: t\n      column: {name: c, type: Strang(5)}\n");
  EXPECT_EQ(bad_type.rfind("ops.yaml:6:", 0), 0u) << bad_type;
  EXPECT_NE(bad_type.find("Strang"), std::string::npos) << bad_type;
  const std::string bad_column = parse_error(
      "  - create_table:\n      name: t\n      columns:\n        - {name: id, type: Integer, "
      "nullabel: false}\n");
  EXPECT_EQ(bad_column.rfind("ops.yaml:7:", 0), 0u) << bad_column;
  EXPECT_NE(bad_column.find("nullabel"), std::string::npos) << bad_column;
  EXPECT_EQ(parse_error(
                "  - create_table: {name: t, columns: [{name: id, type: Integer}], colour: red}\n"),
            "ops.yaml:4: create_table: unknown key 'colour' (expected name, columns, schema, "
            "primary_key, indexes, foreign_keys, unique_constraints, check_constraints, comment, "
            "create_type)");
  EXPECT_EQ(parse_error("  - create_table: {name: t, columns: [{name: id, type: Integer}], "
                        "create_type: maybe}\n"),
            "ops.yaml:4: create_table: create_type must be true or false");
}

}  // namespace
}  // namespace retort::migrations
