// `retort revision --autogenerate`, run as a user runs it, on every backend:
// the first revision from an empty database, refusal when the database is
// not at the heads, a change found and written, nothing to do once applied,
// target_metadata from a command, the filters, --interactive through a
// pseudo-terminal (script(1)), and each error a user can reach.
#include <gtest/gtest.h>

#include <filesystem>

#include "retort/engine/inspector.hpp"
#include "support/cli_backend_test.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

class AutogenerateCli : public CliBackendTest {
 protected:
  // Tables that others refer to go last: two passes.
  void SetUp() override { set_up_project("ag", "autogen", "autogen_cli", 2); }
  void write_config(const std::string& target_metadata) {
    write_file(dir_ / "retort.yaml", "script_location: migrations\nurl: " + url_ +
                                         "\nversion_table: " + p_ + "ver\ntarget_metadata: " +
                                         target_metadata + "\ninclude_tables: [\"" + p_ +
                                         "*\"]\nexclude_tables: [\"" + p_ + "skip*\"]\n");
  }
  void write_model(const std::string& columns, const std::string& extra_tables = "") {
    write_file(dir_ / "models.yaml", "tables:\n  " + p_ + "account:\n    columns:\n" + columns +
                                         extra_tables);
  }
};

const char* kIdEmail =
    "      - {name: id, type: Integer, primary_key: true}\n"
    "      - {name: email, type: String(100), nullable: false}\n";

TEST_P(AutogenerateCli, WritesRunsAndFindsNothingAfterwards) {
  write_config("[models.yaml]");
  write_model(kIdEmail);
  // A table the filters leave out is never compared (nor dropped).
  {
    auto conn = engine_.connect();
    conn.execute("CREATE TABLE " + p_ + "skipme (id INTEGER PRIMARY KEY)");
    conn.commit();
  }
  auto r = retort("revision --autogenerate -m 'create account' --rev-id a1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("INFO  [retort.autogenerate.compare] Detected add_table " + p_ + "account"),
            std::string::npos)
      << r.err;
  std::string text = revision_file("a1");
  EXPECT_NE(text.find("- create_table:\n      name: " + p_ + "account"), std::string::npos)
      << text;
  EXPECT_NE(text.find("downgrade:\n  - drop_table: {name: " + p_ + "account}"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("skipme"), std::string::npos) << text;

  // The database is at base, the head is a1: not up to date.
  r = retort("revision --autogenerate -m again --rev-id b2");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("Target database is not up to date: it is at base, the heads are a1"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(revision_file("b2"), "");

  r = retort("upgrade heads");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  write_model(std::string(kIdEmail) + "      - {name: nickname, type: String(40)}\n");
  r = retort("revision --autogenerate -m 'add nickname' --rev-id b2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  text = revision_file("b2");
  EXPECT_NE(text.find("down_revision: \"a1\""), std::string::npos) << text;
  EXPECT_NE(text.find("  - add_column: {table: " + p_ +
                      "account, column: {name: nickname, type: String(40)}}"),
            std::string::npos)
      << text;
  r = retort("upgrade heads");
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = retort("revision --autogenerate -m nothing --rev-id c3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("No changes in schema detected."), std::string::npos) << r.err;
  EXPECT_NE(revision_file("c3").find("upgrade: []\ndowngrade: []\n"), std::string::npos);

  r = retort("downgrade base");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto conn = engine_.connect();
  EXPECT_FALSE(retort::Inspector(conn).has_table(p_ + "account"));
}

TEST_P(AutogenerateCli, TargetMetadataFromACommand) {
  write_model(kIdEmail);
  write_config("{command: \"cat models.yaml\"}");
  auto r = retort("revision --autogenerate -m first --rev-id a1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(revision_file("a1").find("create_table"), std::string::npos);

  write_config("{command: \"echo oops >&2; exit 3\"}");
  r = retort("revision --autogenerate -m second --rev-id b2");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("target_metadata command 'echo oops >&2; exit 3' failed with exit status 3"),
            std::string::npos)
      << r.err;

  write_config("{command: \"echo 'tables: {t: {columns: [{name: a}]}}'\"}");
  r = retort("revision --autogenerate -m third --rev-id c3");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("output of target_metadata command"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("has no type"), std::string::npos) << r.err;
}

TEST_P(AutogenerateCli, BadTargetMetadataIsAnErrorNamingTheFile) {
  write_file(dir_ / "retort.yaml", "script_location: migrations\nurl: " + url_ +
                                       "\nversion_table: " + p_ + "ver\n");
  auto r = retort("revision --autogenerate -m x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("target_metadata is not set"), std::string::npos) << r.err;

  r = retort("revision --interactive -m x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--interactive goes with --autogenerate"), std::string::npos) << r.err;

  write_config("{command: \"true\"}");
  r = retort("revision --autogenerate -m x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("target_metadata command 'true' printed nothing"), std::string::npos)
      << r.err;

  // A template with neither {{operations}} nor empty upgrade/downgrade lists.
  write_config("[models.yaml]");
  write_model(kIdEmail);
  write_file(dir_ / "migrations" / "script.yaml.tmpl",
             "revision: {{revision}}\ndown_revision: {{down_revision}}\n");
  r = retort("revision --autogenerate -m x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the template has no {{operations}} line"), std::string::npos) << r.err;
  fs::remove(dir_ / "migrations" / "script.yaml.tmpl");

  write_config("[models.yaml, missing.yaml]");
  write_model(kIdEmail);
  r = retort("revision --autogenerate -m x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing.yaml: cannot read"), std::string::npos) << r.err;

  write_config("[models.yaml, again.yaml]");
  write_file(dir_ / "again.yaml", read_file(dir_ / "models.yaml"));
  r = retort("revision --autogenerate -m x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("table '" + p_ + "account' is declared in both"), std::string::npos)
      << r.err;
  EXPECT_TRUE(fs::is_empty(dir_ / "migrations" / "versions"));
}

TEST_P(AutogenerateCli, InteractiveAsksAboutPossibleRenames) {
  write_config("[models.yaml]");
  write_model("      - {name: id, type: Integer, primary_key: true}\n"
              "      - {name: fullname, type: String(100)}\n");
  ASSERT_EQ(retort("revision --autogenerate -m first --rev-id a1").exit_code, 0);
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  write_model("      - {name: id, type: Integer, primary_key: true}\n"
              "      - {name: display_name, type: String(100)}\n");

  // Not on a terminal: --interactive cannot ask.
  auto r = retort("revision --autogenerate --interactive -m r --rev-id b2 < /dev/null");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("stdin is not one"), std::string::npos) << r.err;

  // Without --interactive: a drop and an add, with a comment naming the
  // possible rename.
  r = retort("revision --autogenerate -m r --rev-id b2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = revision_file("b2");
  EXPECT_NE(text.find("# possible rename: " + p_ + "account.fullname -> display_name"),
            std::string::npos)
      << text;
  fs::remove(dir_ / "migrations" / "versions" / ("b2_r.yaml"));

  // On a pseudo-terminal (script(1)), answering y: a rename.
  const std::string cmd = "cd " + dir_.string() + " && " + std::string(RETORT_BINARY_DIR) +
                          "/cli/retort revision --autogenerate --interactive -m r --rev-id c3";
  r = run_process("printf 'y\\n' | script -qec " + shell_quote(cmd) + " /dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Was column " + p_ + "account.fullname renamed to display_name? [y/N]"),
            std::string::npos)
      << r.out;
  text = revision_file("c3");
  EXPECT_NE(text.find("name: fullname, new_name: display_name}"), std::string::npos) << text;
  EXPECT_EQ(text.find("drop_column"), std::string::npos) << text;
  r = retort("upgrade heads");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = retort("downgrade a1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto conn = engine_.connect();
  auto t = retort::Inspector(conn).table(p_ + "account");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->column("fullname")) << "the downgrade renames back";
}

// An operation `retort check` will flag is written with a comment naming
// the finding and how to acknowledge it, but not acknowledged: check
// --strict fails until a person adds the allow.
TEST_P(AutogenerateCli, LintFindingsAreNotedNotAllowed) {
  write_config("[models.yaml]");
  write_model(std::string(kIdEmail) + "      - {name: old, type: String(10)}\n");
  ASSERT_EQ(retort("revision --autogenerate -m first --rev-id a1").exit_code, 0);
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  write_model(std::string(kIdEmail) +
              "      - {name: code, type: Integer, nullable: false}\n");
  auto r = retort("revision --autogenerate -m change --rev-id b2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path file = dir_ / "migrations" / "versions" / "b2_change.yaml";
  std::string text = read_file(file);
  const std::string t = p_ + "account";
  EXPECT_NE(text.find("  # lint MF101 (add NOT NULL column without server default): NOT NULL "
                      "without a server_default fails on a table with rows; retort check "
                      "--strict fails until this is reviewed and `allow: [MF101]` is added under "
                      "this operation\n  - add_column: {table: " + t + ", column: {name: code"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  # lint DS102 (drop column): the column's data is lost; retort check "
                      "--strict fails until this is reviewed and `allow: [DS102]` is added under "
                      "this operation (or `destructive: true` to the revision)\n  - drop_column: "
                      "{table: " + t + ", name: old"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("\n    allow:"), std::string::npos) << text;
  EXPECT_EQ(text.find("destructive: true\n"), std::string::npos) << text;

  r = retort("check --strict");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_NE(r.out.find("ERROR MF101 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ERROR DS102 "), std::string::npos) << r.out;

  // The reviewer allows each operation's finding: check --strict passes.
  auto allow = [&](const std::string& op, const std::string& id) {
    const auto at = text.find("  - " + op + ":");
    ASSERT_NE(at, std::string::npos) << text;
    const auto next = text.find("\n  - ", at);
    const auto end = text.find("\ndowngrade:", at);
    text.insert(std::min(next, end) + 1, "    allow: [" + id + "]\n");
  };
  allow("add_column", "MF101");
  allow("drop_column", "DS102");
  write_file(file, text);
  r = retort("check --strict");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << text;
  EXPECT_NE(r.out.find("ALLOWED MF101 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ALLOWED DS102 "), std::string::npos) << r.out;
  EXPECT_EQ(retort("upgrade heads").exit_code, 0);
  EXPECT_EQ(retort("downgrade base").exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AutogenerateCli,
                         ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
