// Autogenerate and check in a multidb project (databases: in retort.yaml), run
// as a user runs them, on every backend: database "one" is a SQLite file,
// "two" the backend's database (a second SQLite file on SQLite). Each
// database has its own target_metadata; revision --autogenerate writes each
// one's operations into its section, check and check --roundtrip name the
// database, and each error a user can reach.
#include <gtest/gtest.h>

#include <filesystem>

#include "retort/engine/inspector.hpp"
#include "support/cli_backend_test.hpp"
#include "support/empty_database.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

// Database two is the fixture's engine_/url_ (the backend's; its prefixed
// tables are cleaned, the SQLite files are fresh), one_ a SQLite file.
class MultidbCli : public CliBackendTest {
 protected:
  void SetUp() override {
    set_up_project("md", "multidb", "multidb_two", 2);
    one_url_ = retort::testing::fresh_sqlite_url("multidb_one");
    one_ = retort::create_engine(one_url_);
  }
  // P_ stands for the prefix, ONE and TWO for the databases' urls.
  std::string prefixed(const std::string& text) const override {
    return replace_all(replace_all(CliBackendTest::prefixed(text), "ONE_URL", one_url_), "TWO_URL",
                       url_);
  }
  // retort.yaml: the version table and the table filter, then `databases`.
  void write_config(const std::string& databases) {
    write_file(dir_ / "retort.yaml",
               prefixed("script_location: migrations\nversion_table: P_ver\n"
                        "include_tables: [\"P_*\"]\n" + databases));
  }
  // Each database with its own model: one from a file, two from a command.
  void write_default_config() {
    write_config(
        "databases:\n"
        "  one:\n"
        "    url: ONE_URL\n"
        "    target_metadata: [one.yaml]\n"
        "  two:\n"
        "    url: TWO_URL\n"
        "    target_metadata: {command: \"cat two.yaml\"}\n"
        "    exclude_tables: [\"P_skip*\"]\n");
  }
  void write_model(const std::string& file, const std::string& tables) {
    write_file(dir_ / file, "tables:\n" + prefixed(tables));
  }
  bool has_table(retort::Engine& e, const std::string& table) {
    auto conn = e.connect();
    bool found = retort::Inspector(conn).has_table(prefixed(table));
    conn.rollback();
    return found;
  }

  std::string one_url_;
  retort::Engine one_;
};

const char* kAccount =
    "  P_account:\n"
    "    columns:\n"
    "      - {name: id, type: Integer, primary_key: true}\n"
    "      - {name: email, type: String(100), nullable: false}\n";
const char* kAudit =
    "  P_audit:\n"
    "    columns:\n"
    "      - {name: id, type: Integer, primary_key: true}\n"
    "      - {name: what, type: String(20)}\n";
// a1 creates P_account in one and P_audit in two.
const char* kCreateBoth =
    "upgrade:\n"
    "  one:\n"
    "    - create_table: {name: P_account, columns: [{name: id, type: Integer, primary_key: true},"
    " {name: email, type: String(100), nullable: false}]}\n"
    "  two:\n"
    "    - create_table: {name: P_audit, columns: [{name: id, type: Integer, primary_key: true},"
    " {name: what, type: String(20)}]}\n"
    "downgrade:\n"
    "  one:\n"
    "    - drop_table: {name: P_account}\n"
    "  two:\n"
    "    - drop_table: {name: P_audit}\n";

TEST_P(MultidbCli, AutogenerateWritesEachDatabasesOperationsIntoItsSection) {
  write_default_config();
  write_model("one.yaml", kAccount);
  write_model("two.yaml", kAudit);
  {
    // Left out by two's own exclude_tables.
    auto conn = engine_.connect();
    conn.execute(prefixed("CREATE TABLE P_skipme (id INTEGER PRIMARY KEY)"));
    conn.commit();
  }
  auto r = retort("revision --autogenerate -m first --rev-id a1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto at_one = r.err.find("Comparing database one");
  const auto at_two = r.err.find("Comparing database two");
  ASSERT_NE(at_two, std::string::npos) << r.err;
  EXPECT_LT(at_one, r.err.find("Detected add_table " + p_ + "account"));
  EXPECT_LT(at_two, r.err.find("Detected add_table " + p_ + "audit"));
  std::string text = revision_file("a1");
  EXPECT_TRUE(has(text, prefixed("upgrade:\n  one:\n    - create_table:\n        name: P_account\n")))
      << text;
  EXPECT_TRUE(has(text, prefixed("\n  two:\n    - create_table:\n        name: P_audit\n"))) << text;
  EXPECT_TRUE(has(text, prefixed("downgrade:\n  one:\n    - drop_table: {name: P_account}\n"
                                 "  two:\n    - drop_table: {name: P_audit}\n")))
      << text;
  EXPECT_FALSE(has(text, "skipme")) << text;

  // Every database must be at the heads; the error names the first that is not.
  r = retort("--db two upgrade heads");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = retort("revision --autogenerate -m again --rev-id b2");
  expect_one_line_error(r, "Target database one is not up to date: it is at base, the heads are a1");
  EXPECT_EQ(revision_file("b2"), "");
  // --db picks the databases compared; the others get empty sections.
  r = retort("--db two revision --autogenerate -m nothing --rev-id b2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "No changes in schema detected.")) << r.err;
  EXPECT_FALSE(has(r.err, "Comparing database one")) << r.err;
  EXPECT_TRUE(has(revision_file("b2"), "upgrade:\n  one: []\n  two: []\ndowngrade:\n  one: []\n  two: []\n"))
      << revision_file("b2");
  fs::remove(dir_ / "migrations" / "versions" / "b2_nothing.yaml");

  r = retort("upgrade heads");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has_table(one_, "P_account"));
  EXPECT_FALSE(has_table(one_, "P_audit"));
  EXPECT_TRUE(has_table(engine_, "P_audit"));
  EXPECT_FALSE(has_table(engine_, "P_account"));

  // A change in two's model only.
  write_model("two.yaml", std::string(kAudit) + "      - {name: note, type: String(30)}\n");
  r = retort("revision --autogenerate -m note --rev-id c3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  text = revision_file("c3");
  EXPECT_TRUE(has(text, prefixed("upgrade:\n  one: []\n  two:\n    - add_column: {table: P_audit, "
                                 "column: {name: note, type: String(30)}}\n")))
      << text;
  EXPECT_TRUE(has(text, prefixed("downgrade:\n  one: []\n  two:\n    - drop_column: {table: "
                                 "P_audit, name: note")))
      << text;
  r = retort("upgrade heads");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = retort("check");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "one: No new upgrade operations detected.\n"
                         "two: No new upgrade operations detected.\n"))
      << r.out;
  r = retort("revision --autogenerate -m none --rev-id d4");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(revision_file("d4"), "upgrade:\n  one: []\n  two: []\n")) << revision_file("d4");
  ASSERT_EQ(retort("downgrade base").exit_code, 0);
  EXPECT_FALSE(has_table(engine_, "P_audit"));
}

// The top-level target_metadata is the model of a database without its own;
// `target_metadata: []` gives a database none.
TEST_P(MultidbCli, TopLevelTargetMetadataIsTheDefault) {
  write_config(
      "target_metadata: [one.yaml]\n"
      "databases:\n"
      "  one: ONE_URL\n"
      "  two:\n"
      "    url: TWO_URL\n"
      "    target_metadata: [two.yaml]\n"
      "  three:\n"
      "    url: " + retort::testing::fresh_sqlite_url("multidb_three") + "\n"
      "    target_metadata: []\n");
  write_model("one.yaml", kAccount);
  write_model("two.yaml", kAudit);
  auto r = retort("revision --autogenerate -m first --rev-id a1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = revision_file("a1");
  EXPECT_TRUE(has(text, prefixed("upgrade:\n  one:\n    - create_table:\n        name: P_account\n")))
      << text;
  EXPECT_TRUE(has(text, prefixed("\n  two:\n    - create_table:\n        name: P_audit\n"))) << text;
  EXPECT_TRUE(has(text, "\n  three: []\ndowngrade:\n")) << text;
  EXPECT_TRUE(has(r.err, "Database three has no target_metadata: not compared")) << r.err;
}

// --interactive names the database it asks about (through a pseudo-terminal).
TEST_P(MultidbCli, InteractiveNamesTheDatabase) {
  write_default_config();
  write_model("one.yaml", kAccount);
  write_model("two.yaml", kAudit);
  write_revision("a1", "null", kCreateBoth);
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  write_model("two.yaml", "  P_audit:\n    columns:\n"
                          "      - {name: id, type: Integer, primary_key: true}\n"
                          "      - {name: action, type: String(20)}\n");
  const std::string cmd = "cd " + dir_.string() + " && " + std::string(RETORT_BINARY_DIR) +
                          "/cli/retort revision --autogenerate --interactive -m r --rev-id b2";
  auto r = run_process("printf 'y\\n' | script -qec " + shell_quote(cmd) + " /dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "Was column " + p_ + "audit.what renamed to action (database two)? [y/N]"))
      << r.out;
  const std::string text = revision_file("b2");
  // The rename carries its lint note (docs/autogenerate.md, "Lint notes").
  EXPECT_TRUE(has(text, "upgrade:\n  one: []\n  two:\n    # lint BC102 (rename column)"))
      << text;
  EXPECT_TRUE(has(text, "BC102]` is added under this operation\n    - alter_column: {table: " +
                            p_ + "audit, name: what, new_name: action}"))
      << text;
  ASSERT_EQ(retort("downgrade base").exit_code, 0);
}

TEST_P(MultidbCli, CheckNamesTheDatabase) {
  write_default_config();
  write_model("one.yaml", kAccount);
  write_model("two.yaml", kAudit);
  write_revision("a1", "null", kCreateBoth);
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  auto r = retort("check");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

  // Drift in two.
  write_model("two.yaml", std::string(kAudit) + "      - {name: note, type: String(30)}\n");
  r = retort("check");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "one: No new upgrade operations detected.\n")) << r.out;
  EXPECT_TRUE(has(r.out, "two: ERROR New upgrade operations detected:\n  add_column " + p_ +
                             "audit.note (String(30))\n"))
      << r.out;
  r = retort("check --json");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_EQ(r.out.rfind("{\"ok\": false, \"heads\": [\"a1\"], \"several_heads\": false, "
                        "\"databases\": [{\"database\": \"one\", \"ok\": true, \"current\": [\"a1\"]",
                        0),
            0u)
      << r.out;
  EXPECT_TRUE(has(r.out, "{\"database\": \"two\", \"ok\": false, \"current\": [\"a1\"]")) << r.out;
  EXPECT_TRUE(has(r.out, "\"operations\": [{\"kind\": \"add_column\", \"table\": \"" + p_ +
                             "audit\", \"object\": \"note\""))
      << r.out;
  // Only two is checked.
  r = retort("--db one check");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(has(r.out, "two:")) << r.out;
  write_model("two.yaml", kAudit);

  // A pending revision dropping a column in two: linted there only.
  write_revision("b2", "a1",
                 "upgrade:\n  two:\n    - drop_column: {table: P_audit, name: what}\n"
                 "downgrade:\n  two:\n    - add_column: {table: P_audit, column: {name: what, "
                 "type: String(20)}}\n");
  write_model("two.yaml", "  P_audit:\n    columns:\n      - {name: id, type: Integer, primary_key: true}\n");
  r = retort("check");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "one: Pending revisions (not applied to the database): b2\n")) << r.out;
  EXPECT_TRUE(has(r.out, "two: Pending revisions (not applied to the database): b2\n")) << r.out;
  EXPECT_TRUE(has(r.out, "two: WARNING DS102 drop column: ")) << r.out;
  EXPECT_FALSE(has(r.out, "one: WARNING")) << r.out;
  EXPECT_EQ(retort("check --strict").exit_code, 6);

  // b2 applied to one only, then edited: one reports it, two (not applied) does not.
  ASSERT_EQ(retort("--db one upgrade heads").exit_code, 0);
  write_revision("b2", "a1",
                 "upgrade:\n  two:\n    - drop_column: {table: P_audit, name: what}\n"
                 "downgrade:\n  two:\n    - add_column: {table: P_audit, column: {name: what, "
                 "type: String(20)}}\n# edited afterwards\n");
  r = retort("check");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "one: ERROR " + (dir_ / "migrations" / "versions" / "b2_r.yaml").string() +
                             ": revision b2 was changed after it was applied"))
      << r.out;
  EXPECT_FALSE(has(r.out, "two: ERROR")) << r.out;
  ASSERT_EQ(retort("downgrade base").exit_code, 0);
}

TEST_P(MultidbCli, RoundtripRunsEachDatabaseOnItsOwnScratchDatabase) {
  write_default_config();
  write_model("one.yaml", kAccount);
  write_model("two.yaml", kAudit);
  write_revision("a1", "null", kCreateBoth);
  // b2's downgrade is right in one and missing in two.
  write_revision("b2", "a1",
                 "upgrade:\n"
                 "  one:\n    - add_column: {table: P_account, column: {name: nick, type: String(9)}}\n"
                 "  two:\n    - add_column: {table: P_audit, column: {name: note, type: String(9)}}\n"
                 "downgrade:\n"
                 "  one:\n    - drop_column: {table: P_account, name: nick}\n");
  // Without --url: a temporary SQLite file per database.
  auto r = retort("check --roundtrip");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "one: Roundtrip OK: 2 revision(s)")) << r.out;
  EXPECT_TRUE(has(r.out, "two: FAIL revision b2: downgrade (the schema before it):\n  drop_column " +
                             p_ + "audit.note (String(9))\n"))
      << r.out;
  r = retort("check --roundtrip --json");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "{\"ok\": false, \"databases\": [{\"database\": \"one\", \"ok\": true, "
                         "\"revisions\": [\"a1\", \"b2\"], \"failures\": []}, {\"database\": "
                         "\"two\", \"ok\": false, \"revisions\": [\"a1\", \"b2\"], \"failures\": "
                         "[{\"revision\": \"b2\", \"step\": \"downgrade (the schema before it)\""))
      << r.out;
  // --url names the scratch database of the one database --db picks.
  auto scratch = empty_database("rt");
  r = retort("--db two --url " + shell_quote(scratch->url()) + " check --roundtrip");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "two: FAIL revision b2: downgrade")) << r.out;
  EXPECT_FALSE(has(r.out, "one:")) << r.out;
  expect_one_line_error(retort("--url " + shell_quote(scratch->url()) + " check --roundtrip"),
                        "--url names one database");
  EXPECT_FALSE(has_table(one_, "P_account"));  // the configured databases are never touched
  EXPECT_FALSE(has_table(engine_, "P_audit"));
}

TEST_P(MultidbCli, ErrorsNameTheDatabaseOrTheFile) {
  const std::string three_url = retort::testing::fresh_sqlite_url("multidb_three");
  write_config(
      "databases:\n"
      "  one:\n"
      "    url: ONE_URL\n"
      "    target_metadata: [one.yaml]\n"
      "  two:\n"
      "    url: TWO_URL\n"
      "    target_metadata: [two.yaml]\n"
      "  three: " + three_url + "\n");
  write_model("one.yaml", kAccount);
  write_model("two.yaml", kAudit);
  // three has no model: skipped with a note, its sections empty.
  auto r = retort("revision --autogenerate -m first --rev-id a1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "Database three has no target_metadata: not compared")) << r.err;
  EXPECT_TRUE(has(revision_file("a1"), "\n  three: []\ndowngrade:\n")) << revision_file("a1");
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  r = retort("check");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "three: Note: no target_metadata for this database: its schema is not "
                         "compared\n"))
      << r.out;
  // Named with --db, it is an error.
  expect_one_line_error(retort("--db three revision --autogenerate -m x"),
                        "retort.yaml: database three has no target_metadata");
  expect_one_line_error(retort("--db three check"), "database three has no target_metadata");
  expect_one_line_error(retort("--db nope revision --autogenerate -m x"),
                        "--db nope: no such database (databases: one, two, three)");
  expect_one_line_error(retort("--db nope check"), "--db nope: no such database");
  expect_one_line_error(retort("check --scratch sqlite:///s.db"),
                        "--scratch names one scratch database");

  // A model file with a YAML error: named with its line.
  write_file(dir_ / "one.yaml", prefixed("tables:\n  P_account:\n    columns:\n"
                                         "      - {name: id, type: Integer, primary_key: true\n"));
  expect_one_line_error(retort("revision --autogenerate -m x --rev-id x1"),
                        (dir_ / "one.yaml").string() + ":5:1: YAML syntax error");
  EXPECT_EQ(revision_file("x1"), "");
  expect_one_line_error(retort("check"), (dir_ / "one.yaml").string() + ":5:1:");
  write_model("one.yaml", "  P_account:\n    columns:\n      - {name: id, typ: Integer}\n");
  expect_one_line_error(retort("check"),
                        (dir_ / "one.yaml").string() + ":4:20: unknown key 'typ'");
  write_model("one.yaml", kAccount);

  // Bad per-database settings in retort.yaml.
  write_config("databases:\n  one:\n    url: ONE_URL\n    target_metdata: [one.yaml]\n");
  expect_one_line_error(retort("check"),
                        "retort.yaml:7:5: unknown setting 'target_metdata' for database 'one'");
  write_config("databases:\n  one:\n    target_metadata: [one.yaml]\n");
  expect_one_line_error(retort("check"), "retort.yaml:6:5: database 'one' has no url");
  write_config("databases:\n  one:\n    url: ONE_URL\n    target_metadata: {cmd: x}\n");
  expect_one_line_error(retort("check"), "unknown key 'cmd' in target_metadata");
  // No database has a model.
  write_config("databases:\n  one: ONE_URL\n  two: TWO_URL\n  three: " + three_url + "\n");
  expect_one_line_error(retort("revision --autogenerate -m x"),
                        "retort.yaml: no database has target_metadata");
  expect_one_line_error(retort("check"), "retort.yaml: no database has target_metadata");
  // A failing model command names the command.
  write_config("databases:\n  one:\n    url: ONE_URL\n    target_metadata: {command: \"exit 3\"}\n"
               "  two: TWO_URL\n  three: " + three_url + "\n");
  expect_one_line_error(retort("revision --autogenerate -m x"),
                        "target_metadata command 'exit 3' failed with exit status 3");
  write_config("databases:\n  one: ONE_URL\n  two: TWO_URL\n  three: " + three_url + "\n");
  ASSERT_EQ(retort("downgrade base").exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, MultidbCli, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
