// The migration commands (init, revision, merge, upgrade, downgrade, current,
// history, heads, stamp), run as a user runs them, on every backend. Each test
// has its own folder, version table and table names, so the suites run in
// parallel against one server database.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "retort/engine/inspector.hpp"
#include "support/backends.hpp"
#include "support/cli_project.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

class MigrateCli : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    const std::string abbrev = test_abbrev();
    // The pid keeps runs from other build folders, on the same server database, apart.
    p_ = pid_prefix("mg" + abbrev);
    url_ = url() == "sqlite-fresh" ? retort::testing::fresh_sqlite_url("migrate") : url();
    if (is("sqlite")) url_ = retort::testing::fresh_sqlite_url("migrate_" + abbrev);
    project_ = std::make_unique<ProjectDir>("migrate-" + name() + "-" + current_test_name());
    dir_ = project_->dir();
    engine_ = retort::create_engine(url_);
    clean();
  }
  void TearDown() override {
    if (engine_) clean();
  }
  void clean() { drop_prefixed_tables(engine_, p_); }
  std::string config() const { return project_->config(); }
  std::string vt() const { return p_ + "ver"; }
  std::string ht() const { return p_ + "ver_history"; }
  void write_config(bool per_migration = true) {
    write_file(dir_ / "retort.yaml",
               "script_location: migrations\nurl: " + url_ + "\nversion_table: " + vt() +
                   "\ntransaction_per_migration: " + (per_migration ? "true" : "false") + "\n");
  }
  ProcessResult retort(const std::string& args) { return project_->retort_with_config(args); }
  // A revision file written directly; each SQL statement is one execute
  // operation.
  void write_rev(const std::string& id, const std::vector<std::string>& down,
                 const std::vector<std::string>& up_sql, const std::vector<std::string>& down_sql,
                 const std::string& extra = "") {
    std::string y = "revision: " + id + "\ndown_revision: ";
    if (down.empty())
      y += "null\n";
    else if (down.size() == 1)
      y += down[0] + "\n";
    else {
      y += "[";
      for (std::size_t i = 0; i < down.size(); ++i) y += (i ? ", " : "") + down[i];
      y += "]\n";
    }
    y += extra + "message: rev " + id + "\nupgrade:\n";
    for (const auto& s : up_sql) y += "  - execute: \"" + s + "\"\n";
    if (up_sql.empty()) y += "  []\n";
    y += "downgrade:\n";
    for (const auto& s : down_sql) y += "  - execute: \"" + s + "\"\n";
    if (down_sql.empty()) y += "  []\n";
    fs::create_directories(dir_ / "migrations" / "versions");
    write_file(rev_path(id), y);
  }
  fs::path rev_path(const std::string& id) const {
    return dir_ / "migrations" / "versions" / (id + "_rev.yaml");
  }
  std::string create(const std::string& t) const {
    return "CREATE TABLE " + p_ + t + " (id INTEGER PRIMARY KEY)";
  }
  std::string drop(const std::string& t) const { return "DROP TABLE " + p_ + t; }
  std::vector<std::string> versions() {
    auto conn = engine_.connect();
    std::vector<std::string> out;
    for (const auto& r : conn.execute("SELECT version_num FROM " + vt()))
      out.push_back(*r.get<std::string>(0));
    std::sort(out.begin(), out.end());
    return out;
  }
  bool has_table(const std::string& t) {
    auto conn = engine_.connect();
    return retort::Inspector(conn).has_table(p_ + t);
  }
  std::int64_t count(const std::string& where) {
    auto conn = engine_.connect();
    return conn.execute("SELECT COUNT(*) FROM " + ht() + " WHERE " + where)
        .scalar_as<std::int64_t>()
        .value_or(-1);
  }
  using V = std::vector<std::string>;

  std::string p_, url_;
  std::unique_ptr<ProjectDir> project_;
  fs::path dir_;
  retort::Engine engine_;
};

TEST_P(MigrateCli, GraphWithBranchAndMerge) {
  auto init = retort("init migrations");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_TRUE(fs::exists(dir_ / "migrations" / "versions"));
  EXPECT_TRUE(fs::exists(dir_ / "migrations" / "script.yaml.tmpl"));
  EXPECT_NE(read_file(dir_ / "retort.yaml").find("script_location: migrations"), std::string::npos);
  write_config();
  // The graph through the CLI: a1 -> b2 -> {c3, d4} -> e5 (merge).
  ASSERT_EQ(retort("revision -m 'create a' --rev-id a1").exit_code, 0);
  ASSERT_EQ(retort("revision -m 'create b' --rev-id b2").exit_code, 0);
  ASSERT_EQ(retort("revision -m 'create c' --rev-id c3").exit_code, 0);
  auto nosplice = retort("revision -m 'create d' --rev-id d4 --head b2");
  EXPECT_EQ(nosplice.exit_code, 1);
  EXPECT_NE(nosplice.err.find("not a head revision"), std::string::npos) << nosplice.err;
  ASSERT_EQ(retort("revision -m 'create d' --rev-id d4 --head b2 --splice").exit_code, 0);
  auto several = retort("revision -m x --rev-id zz");
  EXPECT_EQ(several.exit_code, 1);
  EXPECT_EQ(line_count(several.err), 1) << several.err;
  auto merge = retort("merge -m 'join' --rev-id e5 heads");
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  auto heads = retort("heads");
  EXPECT_EQ(heads.out, "e5 (head)\n");
  // Operations put into the generated files.
  for (auto [id, t] : std::vector<std::pair<std::string, std::string>>{
           {"a1", "a"}, {"b2", "b"}, {"c3", "c"}, {"d4", "d"}, {"e5", "e"}}) {
    fs::path file;
    for (const auto& f : fs::directory_iterator(dir_ / "migrations" / "versions"))
      if (f.path().filename().string().rfind(id + "_", 0) == 0) file = f.path();
    ASSERT_FALSE(file.empty()) << id;
    auto text = read_file(file);
    auto at = text.find("upgrade: []\ndowngrade: []\n");
    ASSERT_NE(at, std::string::npos) << text;
    text.replace(at, std::string::npos,
                 "upgrade:\n  - execute: \"" + create(t) + "\"\ndowngrade:\n  - execute: \"" +
                     drop(t) + "\"\n");
    write_file(file, text);
  }

  auto r = retort("upgrade c3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Running upgrade  -> a1, create a"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Running upgrade a1 -> b2, create b"), std::string::npos) << r.err;
  EXPECT_EQ(versions(), (V{"c3"}));
  r = retort("upgrade d4");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), (V{"c3", "d4"}));
  auto cur = retort("current");
  EXPECT_EQ(cur.out, "c3\nd4\n");
  r = retort("upgrade head --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"heads_after\": [\"e5\"]"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("Running upgrade c3, d4 -> e5, join"), std::string::npos) << r.err;
  EXPECT_EQ(versions(), (V{"e5"}));
  EXPECT_TRUE(has_table("e"));
  EXPECT_EQ(retort("current").out, "e5 (head) (mergepoint)\n");
  auto hist = retort("history -i");
  ASSERT_EQ(hist.exit_code, 0) << hist.err;
  EXPECT_EQ(hist.out.substr(0, hist.out.find('\n')),
            "c3, d4 -> e5 (head) (current) (mergepoint), join");
  EXPECT_NE(hist.out.find("b2 -> c3, create c"), std::string::npos) << hist.out;
  EXPECT_NE(hist.out.find("<base> -> a1, create a"), std::string::npos) << hist.out;
  EXPECT_EQ(line_count(hist.out), 5);
  auto range = retort("history -r a1:c3");
  EXPECT_EQ(range.out,
            "b2 -> c3, create c\na1 -> b2 (branchpoint), create b\n<base> -> a1, create a\n");
  auto show = retort("show e5");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(show.out.substr(0, show.out.find('\n')), "Rev: e5 (head) (mergepoint)");
  EXPECT_NE(show.out.find("Merges: c3, d4\n"), std::string::npos) << show.out;
  auto branches = retort("branches");
  EXPECT_EQ(branches.out.substr(0, branches.out.find('\n')), "b2 (branchpoint)");
  EXPECT_NE(branches.out.find("   -> c3"), std::string::npos) << branches.out;
  EXPECT_NE(retort("heads --json").out.find("\"revision\": \"e5\""), std::string::npos);
  EXPECT_NE(retort("current --json").out.find("\"current\": [{\"revision\": \"e5\""),
            std::string::npos);
  EXPECT_EQ(retort("current --check-heads").exit_code, 0);
  auto json = retort("history --json");
  EXPECT_EQ(json.out.front(), '[');
  EXPECT_EQ(count("direction = 'upgrade' AND status = 'applied'"), 5);

  r = retort("downgrade c3");  // only what lies above c3: the merge
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), (V{"c3", "d4"}));
  EXPECT_FALSE(has_table("e"));
  r = retort("downgrade base");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), V{});
  for (auto t : {"a", "b", "c", "d"}) EXPECT_FALSE(has_table(t)) << t;
  EXPECT_EQ(retort("current").out, "");
  EXPECT_EQ(count("direction = 'downgrade'"), 5);

  auto st = retort("stamp e5");
  ASSERT_EQ(st.exit_code, 0) << st.err;
  EXPECT_EQ(versions(), (V{"e5"}));
  st = retort("stamp base");
  ASSERT_EQ(st.exit_code, 0) << st.err;
  EXPECT_EQ(versions(), V{});
}

TEST_P(MigrateCli, FailingRevisionInTheMiddle) {
  write_config();
  write_rev("a1", {}, {create("a")}, {drop("a")});
  write_rev("b2", {"a1"}, {create("b")}, {drop("b")});
  write_rev("c3", {"b2"}, {create("c"), "THIS IS NOT SQL"}, {drop("c")});
  write_rev("d4", {"c3"}, {create("d")}, {drop("d")});
  auto r = retort("upgrade head");
  EXPECT_EQ(r.exit_code, 5) << r.err;
  auto err = error_lines(r.err);
  EXPECT_EQ(line_count(err), 1) << r.err;
  EXPECT_NE(err.find("revision c3 failed in upgrade operation 2 of 2"), std::string::npos) << err;
  EXPECT_NE(err.find("c3_rev.yaml:"), std::string::npos) << err;
  EXPECT_EQ(versions(), (V{"b2"}));  // never lying, on every dialect
  EXPECT_TRUE(has_table("b"));
  EXPECT_FALSE(has_table("d"));
  if (is("mysql")) {
    // DDL committed itself: progress was recorded, and the rerun resumes at
    // operation 2.
    EXPECT_TRUE(has_table("c"));
    EXPECT_EQ(count("revision = 'c3' AND status = 'incomplete' AND "
                    "operations_done = 1"),
              1);
  } else {
    EXPECT_FALSE(has_table("c"));  // the database is at the last completed revision
    EXPECT_EQ(count("revision = 'c3'"), 0);
  }
  write_rev("c3", {"b2"}, {create("c"), create("c2")}, {drop("c2"), drop("c")});
  r = retort("upgrade head");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), (V{"d4"}));
  EXPECT_TRUE(has_table("c"));
  EXPECT_TRUE(has_table("c2"));
  EXPECT_EQ(count("revision = 'c3' AND direction = 'upgrade'"), 1);
  EXPECT_EQ(count("revision = 'c3' AND status = 'applied'"), 1);
}

// A revision failing in the middle, then `retort downgrade` to below it. On
// MySQL/MariaDB the operations that ran stayed (DDL commits by itself): the
// downgrade undoes exactly those, last first, through the inverses recorded
// before each ran, and records it. Elsewhere nothing of the revision stayed and
// the downgrade has nothing to undo.
TEST_P(MigrateCli, DowngradeUndoesAHalfAppliedRevision) {
  write_config();
  auto ops_rev = [&](const std::string& id, const std::string& down, const std::string& ops) {
    const std::string body = "upgrade:\n" + replace_all(ops, "P_", p_) + "downgrade: []\n";
    write_file(rev_path(id), revision_text(id, down, body));
  };
  ops_rev("a1", "null", R"(  - create_table:
      name: P_a
      columns:
        - {name: id, type: Integer, primary_key: true, autoincrement: false}
        - {name: name, type: String(20)}
  - bulk_insert: {table: P_a, rows: [{id: 1, name: kept}]}
)");
  const std::string b2_ops = R"(  - create_table:
      name: P_b
      columns: [{name: id, type: Integer, primary_key: true, autoincrement: false}]
  - bulk_insert: {table: P_a, rows: [{id: 2, name: "it's new"}, {id: 3, name: null}]}
  - add_column: {table: P_a, column: {name: extra, type: Integer}}
  - create_index: {name: ix_P_a_name, table: P_a, columns: [name]}
  - alter_column: {table: P_a, name: name, type: String(50)}
  - rename_table: {name: P_b, new_name: P_b2}
)";
  ops_rev("b2", "a1", b2_ops + "  - execute: \"THIS IS NOT SQL\"\n");
  auto r = retort("upgrade head");
  ASSERT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("revision b2 failed in upgrade operation 7 of 7"), std::string::npos)
      << r.err;
  EXPECT_EQ(versions(), (V{"a1"}));
  if (is("mysql")) {
    EXPECT_NE(r.err.find("or run `retort downgrade a1` to undo operations 1-6"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(has_table("b2"));
  }

  r = retort("downgrade a1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), (V{"a1"}));
  EXPECT_FALSE(has_table("b"));
  EXPECT_FALSE(has_table("b2"));
  {
    auto conn = engine_.connect();
    auto a = retort::Inspector(conn).table(p_ + "a");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->column("extra"), nullptr);
    EXPECT_EQ(a->column("name")->type.length, 20);
    EXPECT_TRUE(a->indexes.empty());
    EXPECT_EQ(conn.execute("SELECT COUNT(*) FROM " + p_ + "a").scalar_as<std::int64_t>(), 1);
  }
  if (is("mysql")) {
    EXPECT_NE(r.err.find("Undoing half-applied upgrade b2: operations 6 to 1, last first"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.out.find("{\"revision\": \"b2\", \"direction\": \"downgrade\""),
              std::string::npos)
        << r.out;
    EXPECT_EQ(count("revision = 'b2' AND direction = 'upgrade' AND status = 'undone' AND "
                    "operations_done = 0"),
              1);
    EXPECT_EQ(count("revision = 'b2' AND direction = 'downgrade' AND status = 'applied' AND "
                    "operations_done = 6"),
              1);
  } else {
    EXPECT_EQ(count("revision = 'b2'"), 0);  // nothing of it stayed, nothing to undo
  }

  // Fixed, the revision runs from its first operation.
  ops_rev("b2", "a1", b2_ops);
  r = retort("upgrade head");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), (V{"b2"}));
  EXPECT_TRUE(has_table("b2"));
  EXPECT_EQ(count("revision = 'b2' AND direction = 'upgrade' AND status = 'applied' AND "
                  "operations_done = 6"),
            1);

  // An operation without an automatic inverse (execute) stops the undo, saying
  // which one.
  ops_rev("c3", "b2",
          "  - execute: \"CREATE TABLE " + p_ + "c (id INTEGER PRIMARY KEY)\"\n"
          "  - execute: \"THIS IS NOT SQL\"\n");
  ASSERT_EQ(retort("upgrade head").exit_code, 5);
  r = retort("downgrade b2");
  if (is("mysql")) {
    EXPECT_EQ(r.exit_code, 5) << r.err;
    auto err = error_lines(r.err);
    EXPECT_EQ(line_count(err), 1) << r.err;
    EXPECT_NE(err.find("revision c3 is half-applied (operations 1-1 of its upgrade ran), and "
                       "operation 1 (execute CREATE TABLE " +
                       p_ + "c (id INTEGER PRIMARY KEY)) has no automatic inverse"),
              std::string::npos)
        << err;
    EXPECT_TRUE(has_table("c"));
  } else {
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(has_table("c"));
  }
  EXPECT_EQ(versions(), (V{"b2"}));
}

TEST_P(MigrateCli, OneTransactionPerRunRollsBackEverything) {
  write_config(false);
  write_rev("a1", {}, {create("a")}, {drop("a")});
  write_rev("b2", {"a1"}, {"THIS IS NOT SQL"}, {});
  auto r = retort("upgrade head");
  EXPECT_EQ(r.exit_code, 5) << r.err;
  if (is("mysql")) {
    EXPECT_EQ(versions(), (V{"a1"}));  // no transactional DDL: per migration regardless
  } else {
    EXPECT_NE(r.err.find("the whole run was rolled back"), std::string::npos) << r.err;
    EXPECT_EQ(versions(), V{});
    EXPECT_FALSE(has_table("a"));
  }
}

TEST_P(MigrateCli, ChangedAppliedFileIsRefused) {
  write_config();
  write_rev("a1", {}, {create("a")}, {drop("a")});
  write_rev("b2", {"a1"}, {create("b")}, {drop("b")});
  ASSERT_EQ(retort("upgrade a1").exit_code, 0);
  write_rev("a1", {}, {create("a"), create("x")}, {drop("a")});
  auto r = retort("upgrade head");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  auto err = error_lines(r.err);
  EXPECT_EQ(line_count(err), 1) << r.err;
  EXPECT_NE(err.find(rev_path("a1").string() + ": revision a1 was changed after it was applied"),
            std::string::npos)
      << err;
  EXPECT_EQ(versions(), (V{"a1"}));
  // A revision not applied yet may change freely; --ignore-checksums overrides.
  r = retort("upgrade head --ignore-checksums");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), (V{"b2"}));
}

TEST_P(MigrateCli, ConcurrentUpgradesApplyEachRevisionOnce) {
  write_config();
  std::vector<std::string> ids = {"a1", "b2", "c3", "d4", "e5", "f6"};
  for (std::size_t i = 0; i < ids.size(); ++i)
    write_rev(ids[i], i ? V{ids[i - 1]} : V{}, {create(std::string(1, 'a' + static_cast<char>(i)))},
              {});
  std::string script = "cd " + shell_quote(dir_.string()) + " && for i in 1 2 3 4 5 6 7 8; do (" +
                       retort_bin() + " -c " + shell_quote(config()) +
                       " upgrade head > out.$i 2>&1; echo $? > rc.$i) & done; wait";
  auto r = run_process(script);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (int i = 1; i <= 8; ++i) {
    auto rc = read_file(dir_ / ("rc." + std::to_string(i)));
    EXPECT_EQ(rc, "0\n") << read_file(dir_ / ("out." + std::to_string(i)));
  }
  EXPECT_EQ(versions(), (V{"f6"}));
  for (const auto& id : ids)
    EXPECT_EQ(count("revision = '" + id + "' AND direction = 'upgrade'"), 1) << id;
  EXPECT_EQ(count("1 = 1"), 6);
}

TEST_P(MigrateCli, BadInputsAreOneLineErrors) {
  write_config();
  write_rev("a1", {}, {create("a")}, {drop("a")});
  write_rev("b2", {"a1"}, {}, {});
  write_rev("c3", {"a1"}, {}, {});
  auto check = [&](const std::string& args, int code, const std::string& expect) {
    expect_one_line_error(retort(args), expect, code, args);
  };
  check("upgrade head", 1, "b2");  // several heads
  check("upgrade zzzzzz", 1, "zzzzzz");
  check("downgrade nope42", 1, "nope42");
  check("show nope42", 1, "nope42");
  check("merge -m m --rev-id a1 heads", 1, "a1");
  ASSERT_EQ(retort("upgrade heads").exit_code, 0);
  EXPECT_EQ(versions(), (V{"b2", "c3"}));
  // Broken YAML names the file.
  write_file(dir_ / "migrations" / "versions" / "zz_broken.yaml", "revision: [unclosed\n");
  check("heads", 1, "zz_broken.yaml");
  fs::remove(dir_ / "migrations" / "versions" / "zz_broken.yaml");
  // A cycle.
  write_rev("x1", {"x2"}, {}, {});
  write_rev("x2", {"x1"}, {}, {});
  check("history", 1, "x1");
  fs::remove(rev_path("x1"));
  fs::remove(rev_path("x2"));
  // An unknown operation.
  write_file(rev_path("d4"), "revision: d4\ndown_revision: b2\nupgrade:\n  - no_such_op: {}\n");
  check("upgrade d4", 1, "d4_rev.yaml");
  EXPECT_EQ(versions(), (V{"b2", "c3"}));
  fs::remove(rev_path("d4"));
  EXPECT_EQ(retort("downgrade").exit_code, 2);  // no target: usage
  check("init migrations", 1, "not empty");
  check("init other -t nosuch", 1, "nosuch");
  check("--url 'nosuchdb://x' current", 1, "nosuchdb");
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateCli, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

TEST(MigrateCliNoConfig, MissingConfigIsAnError) {
  ProjectDir dir("noconfig");
  auto r = dir.retort("heads", "env -u RETORT_CONFIG");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("retort init"), std::string::npos) << r.err;
  auto lt = run_process(retort_bin() + " list-templates");
  EXPECT_EQ(lt.exit_code, 0);
  EXPECT_NE(lt.out.find("generic - "), std::string::npos) << lt.out;
}

}  // namespace

namespace {

// The exit code of a lock timeout, through the binary (the wait itself is tested on every
// backend in tests/migrations/runtime_test.cpp): SQLite's write lock held by this process.
TEST(MigrateCliLock, TimeoutExitsFour) {
  ProjectDir project("lock");
  const fs::path& dir = project.dir();
  auto url = retort::testing::fresh_sqlite_url("lock");
  write_file(dir / "retort.yaml", "script_location: migrations\nurl: " + url + "\n");
  write_file(dir / "migrations" / "versions" / "a1.yaml",
             "revision: a1\ndown_revision: null\nupgrade: []\ndowngrade: []\n");
  auto cmd = retort_bin() + " -c " + shell_quote((dir / "retort.yaml").string());
  ASSERT_EQ(run_process(cmd + " stamp base").exit_code, 0);
  auto engine = retort::create_engine(url);
  auto conn = engine.connect();
  conn.execute("UPDATE retort_version SET version_num = version_num WHERE 1 = 0");
  auto r = run_process(cmd + " upgrade head --lock-timeout 0.5");
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("Waiting for the migration lock on retort_version"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("retort: error: could not get the migration lock on retort_version"),
            std::string::npos)
      << r.err;
  conn.rollback();
  EXPECT_EQ(run_process(cmd + " upgrade head").exit_code, 0);
}

}  // namespace
