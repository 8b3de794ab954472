// `retort check` run as a user runs it, on every backend: a clean project,
// drift, pending revisions compared at the heads, several heads, an applied
// revision file that changed, each lint finding and how a revision allows
// it, --json, --roundtrip passing and failing (naming the revision), and the
// C++ entry point (examples/app_migrate.cpp) with its compiled-in metadata.
#include <gtest/gtest.h>

#include <filesystem>

#include "retort/engine/inspector.hpp"
#include "support/cli_backend_test.hpp"
#include "support/empty_database.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

class CheckCli : public CliBackendTest {
 protected:
  void SetUp() override { set_up_project("ck", "check", "check_cli", 3); }
  void write_config(const std::string& target_metadata = "[models.yaml]") {
    write_file(dir_ / "retort.yaml",
               "script_location: migrations\nurl: " + url_ + "\nversion_table: " + p_ +
                   "ver\n" + (target_metadata.empty() ? "" : "target_metadata: " + target_metadata + "\n") +
                   "include_tables: [\"" + p_ + "*\"]\n");
  }
  // `tables` is the body under "tables:", with P standing for the prefix.
  void write_model(const std::string& tables) { write_file(dir_ / "models.yaml", "tables:\n" + prefixed(tables)); }
};

const char* kAccount =
    "  P_account:\n"
    "    columns:\n"
    "      - {name: id, type: Integer, primary_key: true}\n"
    "      - {name: email, type: String(100), nullable: false}\n";
const char* kCreateAccount =
    "upgrade:\n"
    "  - create_table:\n"
    "      name: P_account\n"
    "      columns:\n"
    "        - {name: id, type: Integer, primary_key: true}\n"
    "        - {name: email, type: String(100), nullable: false}\n"
    "downgrade:\n"
    "  - drop_table: {name: P_account}\n";

TEST_P(CheckCli, MatchingIsZeroDriftIsSixWithTheOperations) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", kCreateAccount);
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  auto r = retort("check");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "No new upgrade operations detected.")) << r.out;

  write_model(std::string(kAccount) + "      - {name: nickname, type: String(40)}\n");
  r = retort("check");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "ERROR New upgrade operations detected:")) << r.out;
  EXPECT_TRUE(has(r.out, "add_column " + p_ + "account.nickname (String(40))")) << r.out;

  r = retort("check --json");
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_TRUE(has(r.out, "{\"ok\": false, \"current\": [\"a1\"], \"heads\": [\"a1\"]")) << r.out;
  EXPECT_TRUE(has(r.out, "\"operations\": [{\"kind\": \"add_column\", \"table\": \"" + p_ +
                             "account\", \"object\": \"nickname\"")) << r.out;
  EXPECT_TRUE(has(r.out, "\"findings\": []")) << r.out;

  write_model(kAccount);
  r = retort("check --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "{\"ok\": true,")) << r.out;
  EXPECT_TRUE(has(r.out, "\"operations\": []")) << r.out;

  // target_metadata from a command is the same model.
  write_config("{command: \"cat models.yaml\"}");
  EXPECT_EQ(retort("check").exit_code, 0);
}

// The model loads while the database is read (docs/benchmarks.md): a model
// with an error is still reported as the one-line error naming its file and
// place, with nothing else, also when the database cannot be reached.
TEST_P(CheckCli, AModelWithAnErrorIsReportedFirst) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", kCreateAccount);
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  write_file(dir_ / "models.yaml", "tables:\n" + prefixed(kAccount) + "      - {name: x, type: Nope}\n");
  auto r = retort("check");
  const auto line = expect_one_line_error(r, "models.yaml:6:", 1);
  EXPECT_TRUE(has(line, "Nope")) << line;
  EXPECT_EQ(r.out, "");
  // The same with a database that is not there: the model's error still.
  r = retort("--url sqlite:///" + (dir_ / "no" / "such" / "dir.db").string() + " check");
  EXPECT_TRUE(has(expect_one_line_error(r, "models.yaml:6:", 1), "Nope")) << r.err;
  write_config("{command: \"exit 3\"}");
  r = retort("check");
  expect_one_line_error(r, "exit 3", 1);
}

TEST_P(CheckCli, PendingRevisionsAreComparedAtTheHeads) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", kCreateAccount);
  // The database is at base: a1 runs on a scratch database.
  auto scratch = empty_database("pend");
  auto r = retort("check --scratch " + shell_quote(scratch->url()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "Pending revisions (not applied to the database): a1")) << r.out;
  EXPECT_TRUE(has(r.out, "No new upgrade operations detected.")) << r.out;
  {
    auto conn = engine_.connect();
    EXPECT_FALSE(retort::Inspector(conn).has_table(p_ + "account"));  // untouched
  }
  // The default scratch database is a temporary SQLite file.
  r = retort("check --json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "\"pending\": [\"a1\"]")) << r.out;

  // A model the revisions do not reach.
  write_model(std::string(kAccount) + "      - {name: nickname, type: String(40)}\n");
  auto scratch2 = empty_database("pend2");
  r = retort("check --scratch " + shell_quote(scratch2->url()));
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "add_column " + p_ + "account.nickname")) << r.out;

  // A scratch database that is not empty is refused.
  r = retort("check --scratch " + shell_quote(scratch2->url()));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.err, "the scratch database is not empty")) << r.err;
}

TEST_P(CheckCli, SeveralHeadsFail) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", kCreateAccount);
  write_revision("b1", "null", "upgrade: []\ndowngrade: []\n");
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  auto r = retort("check");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "ERROR several heads: a1, b1")) << r.out;
  r = retort("check --json");
  EXPECT_TRUE(has(r.out, "\"several_heads\": true")) << r.out;
}

TEST_P(CheckCli, AnAppliedRevisionFileThatChangedFails) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", kCreateAccount);
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  write_revision("a1", "null", std::string(kCreateAccount) + "# edited afterwards\n");
  auto r = retort("check");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "a1_r.yaml: revision a1 was changed after it was applied")) << r.out;
  r = retort("check --json");
  EXPECT_TRUE(has(r.out, "\"changed_revisions\": [{\"revision\": \"a1\"")) << r.out;
  write_revision("a1", "null", kCreateAccount);
  EXPECT_EQ(retort("check").exit_code, 0);
}

// Applied: three tables. Pending: one of each lint finding.
const char* kLintBase =
    "upgrade:\n"
    "  - create_table:\n"
    "      name: P_account\n"
    "      columns:\n"
    "        - {name: id, type: Integer, primary_key: true}\n"
    "        - {name: name, type: String(100), nullable: false}\n"
    "        - {name: qty, type: BigInteger}\n"
    "        - {name: price, type: 'Numeric(10,2)'}\n"
    "        - {name: old, type: String(10)}\n"
    "        - {name: email, type: String(100)}\n"
    "      unique_constraints:\n"
    "        - {name: P_uq_email, columns: [email]}\n"
    "  - create_table:\n"
    "      name: P_gone\n"
    "      columns: [{name: id, type: Integer, primary_key: true}]\n"
    "  - create_table:\n"
    "      name: P_item\n"
    "      columns: [{name: id, type: Integer, primary_key: true}]\n"
    "downgrade:\n"
    "  - drop_table: {name: P_item}\n"
    "  - drop_table: {name: P_gone}\n"
    "  - drop_table: {name: P_account}\n";
const char* kLintOps =
    "  - drop_table: {name: P_gone}\n"                                               // DS101
    "  - drop_column: {table: P_account, name: old}\n"                             // DS102
    "  - drop_constraint: {name: P_uq_email, table: P_account, type_: unique}\n"     // DS103
    "  - alter_column: {table: P_account, name: name, type: String(50), existing_type: String(100), existing_nullable: false}\n"
    "  - alter_column: {table: P_account, name: qty, type: Integer}\n"                // NT101 (live)
    "  - alter_column: {table: P_account, name: price, type: 'Numeric(8,2)'}\n"     // NT101
    "  - alter_column: {table: P_account, name: email, nullable: false, existing_type: String(100)}\n"
    "  - alter_column: {table: P_account, name: email, new_name: mail}\n"           // BC102
    "  - rename_table: {name: P_item, new_name: P_thing}\n";                         // BC101
const char* kLintModel =
    "  P_account:\n"
    "    columns:\n"
    "      - {name: id, type: Integer, primary_key: true}\n"
    "      - {name: name, type: String(50), nullable: false}\n"
    "      - {name: qty, type: Integer}\n"
    "      - {name: price, type: 'Numeric(8,2)'}\n"
    "      - {name: mail, type: String(100), nullable: false}\n"
    "  P_thing:\n"
    "    columns:\n"
    "      - {name: id, type: Integer, primary_key: true}\n";

TEST_P(CheckCli, LintFindingsWarnAndFailWithStrictUnlessAllowed) {
  write_config();
  write_model(kLintModel);
  write_revision("a1", "null", kLintBase);
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  write_revision("b2", "a1", std::string("upgrade:\n") + kLintOps + "downgrade: []\n");
  auto scratch = empty_database("lint");
  const std::string s = " --scratch " + shell_quote(scratch->url());
  auto r = retort("check" + s);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;  // warnings only
  const std::string P = p_;
  for (const char* line : {
           "WARNING DS101 drop table: ",
           "WARNING DS102 drop column: ",
           "WARNING DS103 drop constraint: ",
           "WARNING NT101 narrowing type change: ",
           "WARNING MF102 set NOT NULL on an existing column: ",
           "WARNING BC101 rename table: ",
           "WARNING BC102 rename column: "})
    EXPECT_TRUE(has(r.out, line)) << line << "\n" << r.out;
  EXPECT_TRUE(has(r.out, "b2_r.yaml:5: drop_table " + P + "gone: the table and its rows are lost (revision b2)")) << r.out;
  EXPECT_TRUE(has(r.out, "drop_column " + P + "account.old")) << r.out;
  EXPECT_TRUE(has(r.out, "alter_column " + P + "account.name String(100) -> String(50)")) << r.out;
  EXPECT_TRUE(has(r.out, "alter_column " + P + "account.qty BigInteger -> Integer")) << r.out;
  EXPECT_TRUE(has(r.out, "alter_column " + P + "account.price Numeric(10,2) -> Numeric(8,2)")) << r.out;
  EXPECT_TRUE(has(r.out, "rename_table " + P + "item -> " + P + "thing")) << r.out;
  EXPECT_TRUE(has(r.out, "No new upgrade operations detected.")) << r.out;

  auto scratch2 = empty_database("lint2");
  r = retort("check --strict --json --scratch " + shell_quote(scratch2->url()));
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "{\"id\": \"DS102\", \"title\": \"drop column\", \"revision\": \"b2\"")) << r.out;
  EXPECT_TRUE(has(r.out, "\"acknowledged\": false")) << r.out;

  // destructive: true allows DS and NT; allow: lists the rest; one per operation.
  const std::string ops = kLintOps;
  write_revision("b2", "a1",
                 std::string("destructive: true\nallow: [MF102, BC102]\nupgrade:\n") +
                     ops.substr(0, ops.find("  - rename_table")) +
                     "  - rename_table: {name: P_item, new_name: P_thing}\n    allow: [BC101]\n" +
                     "downgrade: []\n");
  auto scratch3 = empty_database("lint3");
  r = retort("check --strict --scratch " + shell_quote(scratch3->url()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "ALLOWED DS101 drop table")) << r.out;
  EXPECT_TRUE(has(r.out, "ALLOWED BC101 rename table")) << r.out;
  EXPECT_FALSE(has(r.out, "ERROR")) << r.out;
  EXPECT_FALSE(has(r.out, "WARNING")) << r.out;

  // Without destructive: the DS and NT findings fail again under --strict.
  write_revision("b2", "a1", std::string("allow: [MF102, BC101, BC102]\nupgrade:\n") +
                                 kLintOps + "downgrade: []\n");
  auto scratch4 = empty_database("lint4");
  r = retort("check --strict --scratch " + shell_quote(scratch4->url()));
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "ERROR DS101 drop table")) << r.out;
  EXPECT_TRUE(has(r.out, "ALLOWED MF102")) << r.out;

  // The revisions run: the acknowledgements do not get in the way.
  EXPECT_EQ(retort("upgrade heads").exit_code, 0);
}

// MF101 predicts a failure on a table with rows.
TEST_P(CheckCli, NotNullColumnWithoutDefaultIsFlagged) {
  write_config();
  write_model(std::string(kAccount) + "      - {name: code, type: String(10), nullable: false}\n");
  write_revision("a1", "null", kCreateAccount);
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  write_revision("b2", "a1",
                 "upgrade:\n"
                 "  - add_column: {table: P_account, column: {name: code, type: String(10), "
                 "nullable: false}}\n"
                 "downgrade:\n"
                 "  - drop_column: {table: P_account, name: code}\n");
  auto scratch = empty_database("mf");
  auto r = retort("check --scratch " + shell_quote(scratch->url()));
  EXPECT_TRUE(has(r.out, "WARNING MF101 add NOT NULL column without server default: ")) << r.out;
  EXPECT_TRUE(has(r.out, "add_column " + p_ + "account.code: NOT NULL without a server_default "
                         "fails on a table with rows (revision b2)")) << r.out;
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;  // the scratch table is empty: it runs
  EXPECT_TRUE(has(r.out, "No new upgrade operations detected.")) << r.out;
  // A server default: no finding.
  write_revision("b2", "a1",
                 "upgrade:\n"
                 "  - add_column: {table: P_account, column: {name: code, type: String(10), "
                 "nullable: false, server_default: \"'x'\"}}\n"
                 "downgrade:\n"
                 "  - drop_column: {table: P_account, name: code}\n");
  r = retort("check --json");
  EXPECT_TRUE(has(r.out, "\"findings\": []")) << r.out;
}

TEST_P(CheckCli, PendingRevisionsThatFailToRunAreReported) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", kCreateAccount);
  write_revision("b2", "a1", "upgrade:\n  - execute: \"INSERT INTO P_nowhere VALUES (1)\"\ndowngrade: []\n");
  auto scratch = empty_database("bad");
  auto r = retort("check --scratch " + shell_quote(scratch->url()));
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "ERROR the pending revisions fail on the scratch database: ")) << r.out;
  EXPECT_TRUE(has(r.out, "b2")) << r.out;
  EXPECT_TRUE(has(r.out, p_ + "nowhere")) << r.out;
}

TEST_P(CheckCli, BadAcknowledgementsAreErrorsNamingTheFile) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", std::string("allow: [DS999]\n") + kCreateAccount);
  auto r = retort("check");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.err, "a1_r.yaml:4:8: allow: unknown lint id 'DS999'")) << r.err;
  write_revision("a1", "null", std::string("destructive: maybe\n") + kCreateAccount);
  r = retort("check");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.err, "a1_r.yaml:4:14: destructive must be true or false")) << r.err;
  write_revision("a1", "null",
                 "upgrade:\n  - drop_table: {name: P_x}\n    allow: nope\ndowngrade: []\n");
  r = retort("upgrade heads");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.err, "allow: unknown lint id 'nope'")) << r.err;
}

TEST_P(CheckCli, RoundtripPassesForRevisionsThatUndoThemselves) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", kCreateAccount);
  write_revision("b2", "a1",
                 "upgrade:\n"
                 "  - add_column: {table: P_account, column: {name: nickname, type: String(40)}}\n"
                 "  - create_index: {name: P_ix_nick, table: P_account, columns: [nickname]}\n"
                 "downgrade:\n"
                 "  - drop_index: {name: P_ix_nick, table: P_account}\n"
                 "  - drop_column: {table: P_account, name: nickname}\n");
  auto scratch = empty_database("rt");
  // SQLite: the default, a temporary file; the servers: a database given.
  const std::string args =
      is("sqlite") ? "check --roundtrip" : "check --roundtrip --url " + shell_quote(scratch->url());
  auto r = retort(args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "Roundtrip OK: 2 revision(s)")) << r.out;
  {
    auto conn = engine_.connect();  // the configured database is never touched
    EXPECT_FALSE(retort::Inspector(conn).has_table(p_ + "account"));
  }
  if (!is("sqlite")) {
    // The scratch database now holds the tables: refused.
    r = retort(args);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_TRUE(has(r.err, "the scratch database is not empty")) << r.err;
  }
}

TEST_P(CheckCli, RoundtripNamesTheRevisionWhoseDowngradeIsWrong) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", kCreateAccount);
  write_revision("b2", "a1",
                 "upgrade:\n"
                 "  - add_column: {table: P_account, column: {name: nickname, type: String(40)}}\n"
                 "downgrade: []\n");
  write_revision("c3", "b2",
                 "upgrade:\n"
                 "  - add_column: {table: P_account, column: {name: bio, type: Text}}\n"
                 "downgrade:\n"
                 "  - drop_column: {table: P_account, name: bio}\n");
  auto scratch = empty_database("rtf");
  auto r = retort("check --roundtrip --url " + shell_quote(scratch->url()));
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "FAIL revision b2: downgrade (the schema before it):")) << r.out;
  EXPECT_TRUE(has(r.out, "drop_column " + p_ + "account.nickname")) << r.out;
  auto scratch2 = empty_database("rtf2");
  r = retort("check --roundtrip --json --url " + shell_quote(scratch2->url()));
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "{\"ok\": false, \"revisions\": [\"a1\", \"b2\", \"c3\"], \"failures\": "
                         "[{\"revision\": \"b2\", \"step\": \"downgrade (the schema before it)\""))
      << r.out;
}

// Branches and a merge: each revision is downgraded alone on top of the ones
// before it, so a wrong downgrade on a branch is still named.
TEST_P(CheckCli, RoundtripWithBranchesAndAMergeNamesTheBranchRevision) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", kCreateAccount);
  write_revision("b1", "a1",
                 "upgrade:\n  - add_column: {table: P_account, column: {name: x, type: Integer}}\n"
                 "downgrade:\n  - drop_column: {table: P_account, name: x}\n");
  const std::string c1_up =
      "upgrade:\n  - add_column: {table: P_account, column: {name: y, type: Integer}}\n";
  write_revision("c1", "a1", c1_up + "downgrade:\n  - drop_column: {table: P_account, name: y}\n");
  write_revision("m1", "[b1, c1]", "upgrade: []\ndowngrade: []\n");
  auto scratch = empty_database("br");
  auto r = retort("check --roundtrip --url " + shell_quote(scratch->url()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "Roundtrip OK: 4 revision(s)")) << r.out;

  write_revision("c1", "a1", c1_up + "downgrade: []\n");
  auto scratch2 = empty_database("br2");
  r = retort("check --roundtrip --url " + shell_quote(scratch2->url()));
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "FAIL revision c1: downgrade (the schema before it):")) << r.out;
  EXPECT_TRUE(has(r.out, "drop_column " + p_ + "account.y")) << r.out;
}

// Two bases, a branch point, depends_on across branches and a merge: every
// revision is still upgraded, downgraded alone and upgraded again, and the one
// whose downgrade is wrong is named (before, a revision with depends_on was only
// part of the whole run, where downgrading to base hid the mistake).
TEST_P(CheckCli, RoundtripWithDependsOnChecksEachRevisionAlone) {
  write_config();
  write_model(kAccount);
  write_revision("a1", "null", kCreateAccount);
  write_revision("o1", "null",
                 "branch_labels: [other]\n"
                 "upgrade:\n  - create_table: {name: P_other, columns: [{name: id, type: Integer, "
                 "primary_key: true}]}\n"
                 "downgrade:\n  - drop_table: {name: P_other}\n");
  write_revision("b1", "a1",
                 "upgrade:\n  - add_column: {table: P_account, column: {name: x, type: Integer}}\n"
                 "downgrade:\n  - drop_column: {table: P_account, name: x}\n");
  const std::string c1_up =
      "depends_on: [o1]\n"
      "upgrade:\n  - add_column: {table: P_other, column: {name: ref, type: Integer}}\n";
  const std::string c1_down = "downgrade:\n  - drop_column: {table: P_other, name: ref}\n";
  write_revision("c1", "a1", c1_up + c1_down);
  const std::string m1_up =
      "upgrade:\n  - add_column: {table: P_account, column: {name: z, type: Integer}}\n";
  const std::string m1_down = "downgrade:\n  - drop_column: {table: P_account, name: z}\n";
  write_revision("m1", "[b1, c1]", m1_up + m1_down);

  auto scratch = empty_database("dep");
  auto r = retort("check --roundtrip --json --url " + shell_quote(scratch->url()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // Each revision after what it needs (o1 before c1).
  EXPECT_TRUE(has(r.out, "{\"ok\": true, \"revisions\": [\"a1\", \"b1\", \"o1\", \"c1\", \"m1\"]"))
      << r.out;

  // c1 (depends_on o1) does not undo itself.
  write_revision("c1", "a1", c1_up + "downgrade: []\n");
  auto scratch2 = empty_database("dep2");
  r = retort("check --roundtrip --url " + shell_quote(scratch2->url()));
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "FAIL revision c1: downgrade (the schema before it):\n  drop_column " +
                             p_ + "other.ref (Integer)\n"))
      << r.out;

  // The merge does not undo itself.
  write_revision("c1", "a1", c1_up + c1_down);
  write_revision("m1", "[b1, c1]", m1_up + "downgrade: []\n");
  auto scratch3 = empty_database("dep3");
  r = retort("check --roundtrip --url " + shell_quote(scratch3->url()));
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "FAIL revision m1: downgrade (the schema before it):\n  drop_column " +
                             p_ + "account.z (Integer)\n"))
      << r.out;
}

#ifdef RETORT_APP_MIGRATE
// examples/app_migrate.cpp: the tables declared in C++ are target_metadata.
TEST_P(CheckCli, AnApplicationsOwnMigrateBinaryUsesItsCompiledInMetadata) {
  write_config("");  // no target_metadata: the binary has it
  const std::string app = "APP_TABLE_PREFIX=" + p_ + " " + RETORT_APP_MIGRATE;
  auto run_app = [&](const std::string& args, const std::string& env = "") {
    return run_process("cd " + shell_quote(dir_.string()) + " && " + env + " " + app + " " + args);
  };
  auto r = run_app("revision --autogenerate -m first --rev-id a1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "Detected add_table " + p_ + "author")) << r.err;
  EXPECT_TRUE(has(r.err, "Detected add_table " + p_ + "book")) << r.err;
  ASSERT_EQ(run_app("upgrade heads").exit_code, 0);
  r = run_app("check");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // The application's model changes: check sees it, autogenerate writes it.
  r = run_app("check", "APP_MODEL_VERSION=2");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "add_column " + p_ + "author.email (String(200))")) << r.out;
  r = run_app("revision --autogenerate -m email --rev-id b2", "APP_MODEL_VERSION=2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(run_app("upgrade heads").exit_code, 0);
  EXPECT_EQ(run_app("check", "APP_MODEL_VERSION=2").exit_code, 0);
  // The plain retort binary has no target_metadata here.
  r = retort("check");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.err, "target_metadata is not set")) << r.err;
  EXPECT_EQ(run_app("downgrade base").exit_code, 0);
}
#endif

INSTANTIATE_TEST_SUITE_P(Backends, CheckCli, testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
