// edit, graph, stamp (Alembic's semantics, several revisions, --purge) and
// multidb projects, run through the retort binary as a user runs it. The
// database parts run on every backend; a multidb project pairs a SQLite file
// with the backend's database.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "retort/engine/inspector.hpp"
#include "support/backends.hpp"
#include "support/cli_project.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;
using V = std::vector<std::string>;

// A project folder with revision files written directly.
class Project : public ProjectDir {
 public:
  explicit Project(const std::string& tag) : ProjectDir("cmds-" + tag) {}

  void write_config(const std::string& text) const { write("retort.yaml", text); }
  fs::path rev_path(const std::string& id) const {
    return dir() / "migrations" / "versions" / (id + "_rev.yaml");
  }
  // A revision with raw upgrade/downgrade YAML (default: none).
  void write_rev(const std::string& id, const std::string& down, const std::string& extra = "",
                 const std::string& body = "upgrade: []\ndowngrade: []\n") const {
    write_file(rev_path(id), revision_text(id, down, body, extra));
  }
  ProcessResult retort(const std::string& args, const std::string& env = "") const {
    return retort_with_config(args, env);
  }
};

// The graph a1 -> b2 -> {c3, d4} -> e5 (merge), plus o1 -> o2 labelled
// "other", o2 depending on b2.
void write_branchy(const Project& p) {
  p.write_rev("a1", "null");
  p.write_rev("b2", "a1");
  p.write_rev("c3", "b2");
  p.write_rev("d4", "b2");
  p.write_rev("e5", "[c3, d4]");
  p.write_rev("o1", "null", "branch_labels: [other]\n");
  p.write_rev("o2", "o1", "depends_on: [b2]\n");
}

// ---------------------------------------------------------------- edit

class EditCli : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.write_config("script_location: migrations\nurl: sqlite:///unused.db\n");
    write_file(p_.dir() / "editor.sh",
               "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\" >> \"$(dirname \"$0\")/edited.txt\"; "
               "done\nexit 0\n");
    fs::permissions(p_.dir() / "editor.sh", fs::perms::owner_all);
  }
  std::string editor() const { return shell_quote((p_.dir() / "editor.sh").string()); }
  std::string edited() const { return read_file(p_.dir() / "edited.txt"); }
  ProcessResult edit(const std::string& args, const std::string& env) const {
    return p_.retort("edit " + args, "env -u VISUAL -u EDITOR " + env);
  }
  Project p_{"edit"};
};

TEST_F(EditCli, OpensTheHeadInEditor) {
  p_.write_rev("a1", "null");
  p_.write_rev("b2", "a1");
  auto r = edit("", "EDITOR=" + editor());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(edited(), p_.rev_path("b2").string() + "\n");
  r = edit("a1", "EDITOR=" + editor());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(edited(), p_.rev_path("b2").string() + "\n" + p_.rev_path("a1").string() + "\n");
}

TEST_F(EditCli, VisualWinsAndEditorMayHoldArguments) {
  p_.write_rev("a1", "null");
  // $VISUAL is preferred; an editor command line with an argument works.
  auto r = edit(
      "head", "EDITOR=false VISUAL=" + shell_quote((p_.dir() / "editor.sh").string() + " --wait"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(edited(), "--wait\n" + p_.rev_path("a1").string() + "\n");
}

TEST_F(EditCli, SeveralHeadsNeedARevision) {
  write_branchy(p_);
  expect_one_line_error(edit("", "EDITOR=" + editor()), "multiple heads");
  auto r = edit("", "EDITOR=" + editor());
  EXPECT_TRUE(has(r.err, "e5") && has(r.err, "o2")) << r.err;
  EXPECT_FALSE(fs::exists(p_.dir() / "edited.txt"));
  r = edit("heads", "EDITOR=" + editor());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(edited(), p_.rev_path("e5").string() + "\n" + p_.rev_path("o2").string() + "\n");
  r = edit("other@head", "EDITOR=" + editor());
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(EditCli, Errors) {
  p_.write_rev("a1", "null");
  expect_one_line_error(edit("", ""), "set $VISUAL or $EDITOR");
  expect_one_line_error(edit("", "EDITOR=false"), "exited with status 1");
  expect_one_line_error(edit("", "EDITOR=/no/such/editor"), "/no/such/editor");
  expect_one_line_error(edit("zz99", "EDITOR=" + editor()), "zz99");
  expect_one_line_error(edit("base", "EDITOR=" + editor()),
                        "no revision files indicated by 'base'");
  EXPECT_FALSE(fs::exists(p_.dir() / "edited.txt"));
}

// ---------------------------------------------------------------- graph

class GraphCli : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.write_config("script_location: migrations\nurl: sqlite:///unused.db\n");
    write_branchy(p_);
  }
  Project p_{"graph"};
};

TEST_F(GraphCli, PrintsDot) {
  auto r = p_.retort("graph");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string dot = r.out;
  EXPECT_EQ(dot.rfind("digraph revisions {", 0), 0u) << dot;
  EXPECT_TRUE(has(dot, "\"a1\" [label=\"a1\\nrev a1\\n(base)\"")) << dot;
  EXPECT_TRUE(has(dot, "\"b2\" [label=\"b2\\nrev b2\\n(branchpoint)\"")) << dot;
  EXPECT_TRUE(has(dot, "\"e5\" [label=\"e5\\nrev e5\\n(head, mergepoint)\"")) << dot;
  EXPECT_TRUE(has(dot, "\"o1\" [label=\"o1\\nrev o1\\n(base)\\n[other]\"")) << dot;
  EXPECT_TRUE(has(dot, "\"c3\" -> \"e5\";\n")) << dot;
  EXPECT_TRUE(has(dot, "\"d4\" -> \"e5\";\n")) << dot;
  EXPECT_TRUE(has(dot, "\"b2\" -> \"o2\" [style=dashed")) << dot;
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
  // -o FILE.dot writes the same text.
  r = p_.retort("graph -o revisions.dot");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(p_.dir() / "revisions.dot"), dot);
}

TEST_F(GraphCli, QuotesMessages) {
  write_file(p_.rev_path("q9"),
             "revision: q9\ndown_revision: e5\nmessage: 'say \"hi\" \\ there'\nupgrade: []\n");
  auto r = p_.retort("graph");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "\"q9\\nsay \\\"hi\\\" \\\\ there\\n(head)\"")) << r.out;
}

TEST_F(GraphCli, WritesSvgThroughDot) {
  auto r = p_.retort("graph -o revisions.svg");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto svg = read_file(p_.dir() / "revisions.svg");
  EXPECT_TRUE(has(svg, "<svg")) << svg.substr(0, 200);
  EXPECT_TRUE(has(svg, "</svg>"));
  for (auto id : {"a1", "b2", "c3", "d4", "e5", "o1", "o2"})
    EXPECT_TRUE(has(svg, std::string("<title>") + id + "</title>")) << id;
  EXPECT_TRUE(has(svg, "<title>c3&#45;&gt;e5</title>")) << "edge c3 -> e5";
  EXPECT_TRUE(has(svg, "stroke-dasharray")) << "the depends_on edge is dashed";
}

TEST_F(GraphCli, Errors) {
  // Without dot on PATH (the binary is named by its full path).
  expect_one_line_error(p_.retort("graph -o g.svg", "env PATH=/nonexistent"),
                        "Graphviz's dot is not installed");
  EXPECT_FALSE(fs::exists(p_.dir() / "g.svg"));
  expect_one_line_error(p_.retort("graph -o g.txt"), "g.txt: unknown output format");
  // A dot that fails.
  write_file(p_.dir() / "bin" / "dot", "#!/bin/sh\nexit 3\n");
  fs::permissions(p_.dir() / "bin" / "dot", fs::perms::owner_all);
  expect_one_line_error(p_.retort("graph -o g.png", "env PATH=" + (p_.dir() / "bin").string()),
                        "cannot write g.png: dot -Tpng exited with status 3");
  expect_one_line_error(p_.retort("graph -o /no/such/dir/g.dot"), "/no/such/dir/g.dot");
}

TEST(MultidbTemplate, IsListedAndRendersPerDatabaseSections) {
  auto lt = run_process(retort_bin() + " list-templates");
  EXPECT_EQ(lt.exit_code, 0);
  EXPECT_TRUE(has(lt.out, "multidb - Multi-database configuration")) << lt.out;
  Project p("multidb-template");
  auto r = p.retort("init migrations --template multidb");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "Please edit the databases and other settings")) << r.out;
  EXPECT_TRUE(fs::exists(p.dir() / "migrations" / "versions"));
  EXPECT_TRUE(fs::exists(p.dir() / "migrations" / "README"));
  // The generated config loads: revision renders a section per database.
  r = p.retort("revision -m first --rev-id a1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto text = read_file(p.dir() / "migrations" / "versions" / "a1_first.yaml");
  EXPECT_TRUE(has(text,
                       "upgrade:\n  engine1: []\n  engine2: []\ndowngrade:\n  engine1: []\n"
                       "  engine2: []\n"))
      << text;
  auto heads = p.retort("heads");
  EXPECT_EQ(heads.out, "a1 (head)\n") << heads.err;
  // The template gives no database a model: autogenerate says so, no file written.
  r = p.retort("revision --autogenerate -m second --rev-id a2");
  expect_one_line_error(r, "retort.yaml: no database has target_metadata");
  EXPECT_FALSE(fs::exists(p.dir() / "migrations" / "versions" / "a2_second.yaml"));
}

// ------------------------------------------- database commands on every backend

class CommandsCli : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    const std::string abbrev = test_abbrev();
    p_ = pid_prefix("cm" + abbrev);
    url_ = is("sqlite") ? retort::testing::fresh_sqlite_url("cmds_" + abbrev) : url();
    project_ = std::make_unique<Project>(name() + "-" + current_test_name());
    engine_ = retort::create_engine(url_);
    clean();
  }
  void TearDown() override {
    if (engine_) clean();
  }
  void clean() { drop_prefixed_tables(engine_, p_); }
  std::string vt() const { return p_ + "ver"; }
  void write_config() const {
    project_->write_config("script_location: migrations\nurl: " + url_ +
                           "\nversion_table: " + vt() + "\n");
  }
  static V versions(retort::Engine& engine, const std::string& table) {
    auto conn = engine.connect();
    V out;
    if (!retort::Inspector(conn).has_table(table)) return out;
    for (const auto& r : conn.execute("SELECT version_num FROM " + table))
      out.push_back(*r.get<std::string>(0));
    std::sort(out.begin(), out.end());
    return out;
  }
  V versions() { return versions(engine_, vt()); }
  static bool has_table(retort::Engine& engine, const std::string& t) {
    auto conn = engine.connect();
    return retort::Inspector(conn).has_table(t);
  }
  ProcessResult retort(const std::string& args) const { return project_->retort(args); }
  std::string create(const std::string& t) const {
    return "CREATE TABLE " + p_ + t + " (id INTEGER PRIMARY KEY)";
  }

  std::string p_, url_;
  std::unique_ptr<Project> project_;
  retort::Engine engine_;
};

TEST_P(CommandsCli, StampMovesRowsAsAlembicDoes) {
  write_config();
  write_branchy(*project_);
  auto ok = [&](const std::string& args) {
    auto r = retort(args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    return r;
  };
  ok("stamp c3 d4");  // several revisions: one row each
  EXPECT_EQ(versions(), (V{"c3", "d4"}));
  auto r = ok("stamp e5 --json");  // up to the merge: the two rows become one
  EXPECT_EQ(versions(), V{"e5"});
  EXPECT_TRUE(has(r.out, "\"heads_before\": [\"c3\", \"d4\"], \"heads_after\": [\"e5\"]"))
      << r.out;
  EXPECT_TRUE(has(r.err, "Running stamp_revision c3, d4 -> e5")) << r.err;
  ok("stamp b2");  // down to an ancestor: the row moves down
  EXPECT_EQ(versions(), V{"b2"});
  ok("stamp o1");  // a branch the table does not hold: a new row
  EXPECT_EQ(versions(), (V{"b2", "o1"}));
  ok("stamp other@base");  // base of one branch: only its row goes
  EXPECT_EQ(versions(), V{"b2"});
  ok("stamp heads");
  EXPECT_EQ(versions(), (V{"e5", "o2"}));
  ok("stamp --purge a1");  // purge: emptied first, then a1 as a new row
  EXPECT_EQ(versions(), V{"a1"});
  ok("stamp base");
  EXPECT_EQ(versions(), V{});
  // The history table records each stamped revision.
  auto conn = engine_.connect();
  auto n = conn.execute("SELECT COUNT(*) FROM " + vt() +
                        "_history WHERE direction = 'stamp' AND revision = 'e5'")
               .scalar_as<std::int64_t>();
  EXPECT_EQ(n.value_or(-1), 2);
}

TEST_P(CommandsCli, StampErrorsChangeNothing) {
  write_config();
  write_branchy(*project_);
  ASSERT_EQ(retort("stamp e5").exit_code, 0);
  // Alembic fails here too: both stamps want to move the one e5 row.
  expect_one_line_error(retort("stamp c3 d4"), "cannot stamp e5 -> d4");
  EXPECT_EQ(versions(), V{"e5"});
  expect_one_line_error(retort("stamp zz99"), "zz99");
  expect_one_line_error(retort("stamp head"), "multiple heads");
  expect_one_line_error(retort("stamp --purge --sql a1"), "--purge cannot be used with --sql");
  EXPECT_EQ(versions(), V{"e5"});
}

TEST_P(CommandsCli, EditCurrentAndGraphCurrent) {
  write_config();
  write_branchy(*project_);
  ASSERT_EQ(retort("stamp c3").exit_code, 0);
  auto g = retort("graph --current");
  ASSERT_EQ(g.exit_code, 0) << g.err;
  EXPECT_TRUE(has(g.out, "\"c3\" [label=\"c3\\nrev c3\\n(current)\"")) << g.out;
  EXPECT_TRUE(has(g.out,
                       "\"c3\" [label=\"c3\\nrev c3\\n(current)\", fillcolor=\"#9be29b\", "
                       "style=\"rounded,filled\"];"))
      << g.out;
  EXPECT_TRUE(has(g.out,
                       "\"b2\" [label=\"b2\\nrev b2\\n(branchpoint)\", fillcolor=\"#d8f3d8\", "
                       "style=\"rounded,filled\"];"))
      << g.out;
  EXPECT_TRUE(has(g.out, "\"d4\" [label=\"d4\\nrev d4\", style=\"rounded\"")) << g.out;
  write_file(project_->dir() / "editor.sh",
             "#!/bin/sh\necho \"$1\" >> \"$(dirname \"$0\")/edited.txt\"\n");
  fs::permissions(project_->dir() / "editor.sh", fs::perms::owner_all);
  auto r =
      project_->retort("edit current", "env -u VISUAL EDITOR=" +
                                           shell_quote((project_->dir() / "editor.sh").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(project_->dir() / "edited.txt"), project_->rev_path("c3").string() + "\n");
  ASSERT_EQ(retort("stamp base").exit_code, 0);
  expect_one_line_error(project_->retort("edit current", "EDITOR=true"), "no current revisions");
}

// ---------------------------------------------------------------- multidb

// A multidb project: database "one" is a SQLite file, "two" the backend's
// database (a second SQLite file on the SQLite backend).
TEST_P(CommandsCli, MultidbUpgradeDowngradeStamp) {
  auto init = retort("init migrations -t multidb");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  auto generated = read_file(project_->dir() / "retort.yaml");
  EXPECT_TRUE(has(generated, "databases:\n  engine1: ${ENGINE1_URL:-sqlite:///engine1.db}"))
      << generated;
  const std::string one_url = retort::testing::fresh_sqlite_url("cmds_multidb_one");
  project_->write_config("script_location: migrations\ndatabases:\n  one: " + one_url +
                         "\n  two: ${CMDS_TWO_URL:-" + url_ + "}\nversion_table: " + vt() + "\n");
  auto rev = retort("revision -m first --rev-id a1");
  ASSERT_EQ(rev.exit_code, 0) << rev.err;
  auto text = read_file(project_->rev_path("a1").parent_path() / "a1_first.yaml");
  EXPECT_TRUE(has(text, "upgrade:\n  one: []\n  two: []\ndowngrade:\n  one: []\n  two: []\n"))
      << text;
  fs::remove(project_->rev_path("a1").parent_path() / "a1_first.yaml");
  project_->write_rev("a1", "null", "",
                      "upgrade:\n  one:\n    - execute: \"" + create("one_a") +
                          "\"\n  two:\n"
                          "    - execute: \"" +
                          create("two_a") +
                          "\"\n"
                          "downgrade:\n  one:\n    - drop_table: {name: " +
                          p_ +
                          "one_a}\n  two:\n"
                          "    - drop_table: {name: " +
                          p_ + "two_a}\n");
  project_->write_rev("b2", "a1", "",
                      "upgrade:\n  two:\n    - execute: \"" + create("two_b") +
                          "\"\n"
                          "downgrade:\n  two:\n    - drop_table: {name: " +
                          p_ + "two_b}\n");
  auto one = retort::create_engine(one_url);
  auto& two = engine_;

  auto r = retort("upgrade head");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "Migrating database one")) << r.err;
  EXPECT_LT(r.err.find("Migrating database one"), r.err.find("Migrating database two"));
  EXPECT_EQ(versions(one, vt()), V{"b2"});
  EXPECT_EQ(versions(two, vt()), V{"b2"});
  EXPECT_TRUE(has_table(one, p_ + "one_a"));
  EXPECT_FALSE(has_table(one, p_ + "two_a"));
  EXPECT_TRUE(has_table(two, p_ + "two_a"));
  EXPECT_TRUE(has_table(two, p_ + "two_b"));
  EXPECT_FALSE(has_table(two, p_ + "one_a"));
  auto cur = retort("current");
  ASSERT_EQ(cur.exit_code, 0) << cur.err;
  EXPECT_EQ(cur.out, "one: b2 (head)\ntwo: b2 (head)\n");

  r = retort("--db two downgrade a1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(one, vt()), V{"b2"});
  EXPECT_EQ(versions(two, vt()), V{"a1"});
  EXPECT_FALSE(has_table(two, p_ + "two_b"));
  auto json = retort("current --json");
  EXPECT_TRUE(has(
      json.out, "{\"databases\": [{\"database\": \"one\", \"current\": [{\"revision\": \"b2\""))
      << json.out;
  EXPECT_TRUE(has(json.out, "{\"database\": \"two\", \"current\": [{\"revision\": \"a1\""))
      << json.out;
  EXPECT_EQ(retort("current --check-heads").exit_code, 1);

  // Offline: a script per database, in order, each in its own dialect.
  auto sql = retort("upgrade base:head --sql");
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  auto at_one = sql.out.find("-- Database: one\n");
  auto at_two = sql.out.find("-- Database: two\n");
  ASSERT_NE(at_one, std::string::npos) << sql.out;
  ASSERT_NE(at_two, std::string::npos) << sql.out;
  EXPECT_LT(at_one, at_two);
  EXPECT_TRUE(has(sql.out.substr(at_one, at_two - at_one), create("one_a")));
  EXPECT_FALSE(has(sql.out.substr(at_one, at_two - at_one), create("two_a")));
  EXPECT_TRUE(has(sql.out.substr(at_two), create("two_b")));

  r = retort("downgrade base");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(one, vt()), V{});
  EXPECT_EQ(versions(two, vt()), V{});
  EXPECT_FALSE(has_table(one, p_ + "one_a"));
  EXPECT_FALSE(has_table(two, p_ + "two_a"));
  r = retort("stamp b2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(one, vt()), V{"b2"});
  EXPECT_EQ(versions(two, vt()), V{"b2"});
  r = retort("--db one stamp base");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(one, vt()), V{});
  EXPECT_EQ(versions(two, vt()), V{"b2"});
  auto one_conn = one.connect();
  retort::Inspector insp(one_conn);
  EXPECT_TRUE(insp.has_table(vt()));
  EXPECT_TRUE(insp.has_table(vt() + "_history"));
}

TEST_P(CommandsCli, MultidbErrors) {
  const std::string one_url = retort::testing::fresh_sqlite_url("cmds_multidb_err");
  project_->write_config("script_location: migrations\ndatabases:\n  one: " + one_url +
                         "\n  two: " + url_ + "\nversion_table: " + vt() + "\n");
  project_->write_rev("a1", "null", "",
                      "upgrade:\n  one: []\n  three:\n    - execute: \"SELECT 1\"\n");
  expect_one_line_error(
      retort("upgrade head"),
      project_->rev_path("a1").string() + ":6: revision a1 names database 'three' in upgrade");
  project_->write_rev("a1", "null", "", "upgrade:\n  - execute: \"SELECT 1\"\n");
  expect_one_line_error(
      retort("heads"),
      project_->rev_path("a1").string() + ":4: revision a1: in a multidb project upgrade is a map");
  // A failure in the second database: the first keeps its revision, the
  // second stays where it was.
  project_->write_rev("a1", "null", "",
                      "upgrade:\n  one:\n    - execute: \"" + create("one_a") +
                          "\"\n  two:\n    - execute: \"THIS IS NOT SQL\"\n");
  auto failed = retort("upgrade head --json");
  expect_one_line_error(failed, "revision a1 failed in upgrade operation 1 of 1", 5);
  EXPECT_TRUE(has(failed.err, "Migrating database two")) << failed.err;
  auto one = retort::create_engine(one_url);
  EXPECT_EQ(versions(one, vt()), V{"a1"});
  EXPECT_EQ(versions(engine_, vt()), V{});
  project_->write_rev("a1", "null");
  auto json = retort("--db two upgrade head --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out.rfind("{\"databases\": [{\"database\": \"two\", \"heads_before\": [], "
                           "\"heads_after\": [\"a1\"], \"steps\": [{\"revision\": \"a1\"",
                           0),
            0u)
      << json.out;
  EXPECT_TRUE(has(retort("current").out, "one: a1 (head)\ntwo: a1 (head)\n"));
  ASSERT_EQ(retort("stamp --purge base").exit_code, 0);
  EXPECT_EQ(versions(one, vt()), V{});
  EXPECT_EQ(versions(engine_, vt()), V{});
  expect_one_line_error(retort("--db three upgrade head"), "--db three: no such database");
  expect_one_line_error(retort("--url " + one_url + " upgrade head"), "--url names one database");
  // --url with one --db replaces that database's url.
  ASSERT_EQ(retort("--db one stamp a1").exit_code, 0);
  auto replaced = retort("--db two --url " + one_url + " current");
  EXPECT_EQ(replaced.out, "two: a1 (head)\n") << replaced.err;
  ASSERT_EQ(retort("--db one stamp base").exit_code, 0);
  expect_one_line_error(retort("inspect"), "pick one with --db");
  EXPECT_EQ(versions(engine_, vt()), V{});
  // A multidb revision in a single-database project.
  write_config();
  project_->write_rev("a1", "null", "", "upgrade:\n  one: []\ndowngrade: []\n");
  expect_one_line_error(retort("upgrade head"),
                        project_->rev_path("a1").string() +
                            ":4: revision a1 lists upgrade operations per database (one)");
  project_->write_rev("a1", "null");
  expect_one_line_error(retort("--db one current"), "this project has one database");
  // url and databases together.
  project_->write_config("url: " + url_ + "\ndatabases:\n  one: " + one_url + "\n");
  expect_one_line_error(retort("heads"), "'url' and 'databases' exclude each other");
  project_->write_config("databases: []\n");
  expect_one_line_error(retort("heads"), "'databases' must be a map");
  project_->write_config("databases:\n  \"bad name\": " + one_url + "\n");
  expect_one_line_error(retort("heads"), "retort.yaml:2:3: database name 'bad name' must be");
  project_->write_config("databases:\n  one: " + one_url + "\n  two:\n");
  expect_one_line_error(retort("heads"), "database 'two' has no url");
  project_->write_config("databases:\n  one: ${CMDS_NO_SUCH_VARIABLE}\n");
  expect_one_line_error(retort("heads"), "environment variable CMDS_NO_SUCH_VARIABLE is not set");
}

INSTANTIATE_TEST_SUITE_P(Backends, CommandsCli, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
