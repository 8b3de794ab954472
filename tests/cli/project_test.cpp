// The project-facing half of the CLI, run as a user runs it: retort.yaml's
// version_locations, file_template and truncate_slug_length; `revision` and its
// options; identifiers; the read-only commands with -v, -i, --json,
// --resolve-dependencies and --check-heads; -x passthrough; and the one-line
// errors for bad input. Commands that need a database run on every backend.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "support/backends.hpp"
#include "support/cli_project.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

// A project folder of its own per test.
class Project : public ProjectDir {
 public:
  explicit Project(const std::string& tag, const std::string& url = "")
      : ProjectDir("project-" + tag),
        url_(url.empty() ? retort::testing::fresh_sqlite_url("project_" + tag) : url) {}
  void config(const std::string& extra) {
    write("retort.yaml", "script_location: migrations\nurl: " + url_ + "\n" + extra);
  }
  ProcessResult run(const std::string& args) const { return retort_with_config(args); }
  // A revision file in migrations/versions (or `folder`).
  void rev(const std::string& id, const std::string& down, const std::string& extra = "",
           const std::string& folder = "migrations/versions") {
    write(folder + "/" + id + ".yaml",
          revision_text(id, down, "upgrade: []\ndowngrade: []\n", extra));
  }
  // The one file whose name starts with `prefix` in `folder`.
  fs::path find(const std::string& folder, const std::string& prefix) const {
    return find_file(dir() / folder, prefix);
  }
  // Expects a failure with exit code `code`: one line, "retort: error: ...".
  std::string fails(const std::string& args, int code = 1) const {
    return expect_one_line_error(run(args), "", code, args);
  }

 private:
  std::string url_;
};

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

TEST(ProjectCli, VersionLocationsAndVersionPath) {
  Project p("locations");
  p.config("version_locations: [migrations/versions, extra/versions]\n");
  fs::create_directories(p.dir() / "migrations" / "versions");
  fs::create_directories(p.dir() / "extra" / "versions");
  p.rev("a1", "null");
  // With two folders and nothing to build on, the folder must be named.
  auto err = p.fails("revision -m first --rev-id b1 --head base");
  EXPECT_HAS(err, "Multiple version locations present, please specify --version-path");
  auto bad = p.fails("revision -m x --rev-id b1 --head base --version-path elsewhere");
  EXPECT_HAS(bad, "elsewhere is not represented in current version locations");
  auto r = p.run("revision -m 'other base' --rev-id b1 --head base --branch-label other "
                 "--version-path extra/versions");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(p.find("extra/versions", "b1_").empty());
  // Building on a head writes next to it.
  r = p.run("revision -m 'on other' --rev-id b2 --head other@head");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(p.find("extra/versions", "b2_").empty());
  auto heads = p.run("heads");
  EXPECT_EQ(heads.out, "a1 (head)\nb2 (other) (head)\n") << heads.err;
  auto hist = p.run("history");
  EXPECT_EQ(line_count(hist.out), 3) << hist.out;
}

TEST(ProjectCli, FileTemplateTokensAndSlugLength) {
  Project p("template");
  p.config(
      "file_template: \"%(year)d%(month).2d%(day).2d_%(hour).2d%(minute).2d%(second).2d_%(rev)s_"
      "%(slug)s\"\ntruncate_slug_length: 12\n");
  fs::create_directories(p.dir() / "migrations" / "versions");
  auto r = p.run("revision -m 'Add the Account table, now!' --rev-id abc123");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string name;
  for (const auto& f : fs::directory_iterator(p.dir() / "migrations" / "versions"))
    name = f.path().filename().string();
  // Alembic's slug: words joined by '_', lower case, cut at a '_' within 12.
  EXPECT_TRUE(std::regex_match(name, std::regex(R"(20\d{6}_\d{6}_abc123_add_the_\.yaml)")))
      << name;
  auto text = read_file(p.dir() / "migrations" / "versions" / name);
  EXPECT_HAS(text, "revision: abc123");
  EXPECT_HAS(text, "message: \"Add the Account table, now!\"");

  p.config("file_template: \"%(rev)s_%(nosuch)s\"\n");
  auto err = p.fails("revision -m x --rev-id abc124");
  EXPECT_HAS(err, "file_template '%(rev)s_%(nosuch)s': unknown token");
  p.config("truncate_slug_length: many\n");
  err = p.fails("heads");
  EXPECT_HAS(err, "retort.yaml:3:");
}

TEST(ProjectCli, RevisionOptionsWriteTheHeader) {
  Project p("revopts");
  p.config("");
  fs::create_directories(p.dir() / "migrations" / "versions");
  ASSERT_EQ(p.run("revision -m one --rev-id a1").exit_code, 0);
  ASSERT_EQ(p.run("revision -m two --rev-id a2").exit_code, 0);
  ASSERT_EQ(p.run("revision -m side --rev-id s1 --head a1 --splice --branch-label side "
                  "--depends-on a2")
                .exit_code,
            0);
  auto side = read_file(p.find("migrations/versions", "s1_"));
  EXPECT_HAS(side, "down_revision: \"a1\"");
  EXPECT_HAS(side, "branch_labels: [\"side\"]");
  EXPECT_HAS(side, "depends_on: [\"a2\"]");
  // A label as depends_on stays a label.
  ASSERT_EQ(p.run("revision -m dep --rev-id d1 --head a2 --depends-on side").exit_code, 0);
  EXPECT_HAS(read_file(p.find("migrations/versions", "d1_")), "depends_on: [\"side\"]");
  // Random ids are 12 hex digits.
  ASSERT_EQ(p.run("revision -m rnd --head d1").exit_code, 0);
  auto heads = p.run("heads --json");
  EXPECT_TRUE(std::regex_search(heads.out, std::regex(R"("revision": "[0-9a-f]{12}")")))
      << heads.out;
  // Errors: an existing id, a bad id, a non-head without --splice.
  EXPECT_HAS(p.fails("revision -m x --rev-id a1 --head side@head"), "revision a1 already exists");
  EXPECT_HAS(p.fails("revision -m x --rev-id 'a:b' --head side@head"), "revision id 'a:b'");
  EXPECT_HAS(p.fails("revision -m x --rev-id zz --head a1"), "Revision a1 is not a head revision");
  EXPECT_HAS(p.fails("revision -m x --rev-id zz --depends-on nosuch --head side@head"), "nosuch");
}

// a1 -> a2 -> a3 (head); a1 -> b1 (label feat) -> b2 (head); c1 depends on b1.
void write_graph(Project& p) {
  p.rev("a1", "null");
  p.rev("a2", "a1");
  p.rev("a3", "a2");
  p.rev("b1", "a1", "branch_labels: [feat]\n");
  p.rev("b2", "b1");
  p.rev("c1", "null", "depends_on: [b1]\n");
}

TEST(ProjectCli, IdentifiersResolveAsAlembicDoes) {
  Project p("idents");
  p.config("");
  write_graph(p);
  p.rev("ab9901", "a3");
  p.rev("ab9902", "a3");
  auto show = [&](const std::string& id) {
    auto r = p.run("show " + id + " --json");
    EXPECT_EQ(r.exit_code, 0) << id << "\n" << r.err;
    std::vector<std::string> ids;
    std::regex re(R"re("revision": "([^"]+)")re");
    for (std::sregex_iterator it(r.out.begin(), r.out.end(), re), end; it != end; ++it)
      ids.push_back((*it)[1]);
    return ids;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(show("feat@head"), V{"b2"});
  EXPECT_EQ(show("feat"), V{"b1"});
  EXPECT_EQ(show("feat@base"), V{});  // the base of a branch: below its first revision
  EXPECT_EQ(show("b1@head"), V{"b2"});
  EXPECT_EQ(show("ab9901"), V{"ab9901"});
  EXPECT_EQ(show("ab9902"), V{"ab9902"});
  EXPECT_EQ(show("heads"), (V{"ab9901", "ab9902", "b2", "c1"}));
  EXPECT_EQ(show("base"), V{});
  EXPECT_HAS(p.fails("show ab99"), "ab9901");
  EXPECT_HAS(p.fails("show nosuch"), "nosuch");
}

TEST(ProjectCli, ReadOnlyCommandsVerboseAndJson) {
  Project p("readonly");
  p.config("");
  write_graph(p);
  p.rev("d1", "null", "depends_on: [a3]\n");  // a3 stays a head, but not an effective one
  auto heads = p.run("heads");
  EXPECT_EQ(heads.out, "a3 (effective head)\nb2 (feat) (head)\nc1 (head)\nd1 (head)\n")
      << heads.err;
  auto resolved = p.run("heads --resolve-dependencies");
  EXPECT_EQ(resolved.out, "b2 (feat) (head)\nc1 (head)\nd1 (head)\n") << resolved.err;
  auto verbose = p.run("heads -v");
  EXPECT_HAS(verbose.out, "Rev: b2 (head)\nParent: b1\nBranch names: feat\nPath: ");
  auto branches = p.run("branches --json");
  EXPECT_HAS(branches.out, "[{\"revision\": \"a1\"");
  EXPECT_HAS(branches.out, "\"next_revisions\": [\"a2\", \"b1\"]");
  auto hist = p.run("history -r a1:a3 -v");
  EXPECT_EQ(hist.exit_code, 0) << hist.err;
  EXPECT_EQ(hist.out.rfind("Rev: a3 (head)\nParent: a2\n", 0), 0u) << hist.out;
  EXPECT_HAS(hist.out, "Rev: a1 (branchpoint)\n");
  auto hist_json = p.run("history -r feat@base:feat@head --json");
  EXPECT_HAS(hist_json.out, "{\"revision\": \"b2\"");
  EXPECT_EQ(hist_json.out.find("\"a3\""), std::string::npos) << hist_json.out;
  auto show = p.run("show c1");
  EXPECT_HAS(show.out, "Also depends on: b1\n");
}

TEST(ProjectCli, BadInputsNameFileAndLine) {
  Project p("badinput");
  p.config("");
  p.rev("a1", "null");
  p.rev("b2", "a1");
  p.rev("c3", "a1");
  const fs::path v = p.dir() / "migrations" / "versions";
  // "head" with several heads names all of them.
  auto err = p.fails("show head");
  EXPECT_HAS(err, "multiple heads are present for 'head': b2");
  EXPECT_HAS(err, "c3");
  // Broken YAML: file:line:column.
  write_file(v / "zz.yaml", "revision: zz\ndown_revision: a1\nmessage: [unclosed\n");
  EXPECT_HAS(p.fails("heads"), (v / "zz.yaml").string() + ":4:1: invalid YAML");
  // A missing down_revision target: file:line.
  write_file(v / "zz.yaml", "revision: zz\ndown_revision: nosuch\n");
  err = p.fails("heads");
  EXPECT_HAS(err, "down_revision 'nosuch' of revision zz is not present (" +
                      (v / "zz.yaml").string() + ":2)");
  // A cycle names the revisions and their files and lines.
  write_file(v / "zz.yaml", "revision: zz\ndown_revision: yy\n");
  write_file(v / "yy.yaml", "revision: yy\ndown_revision: zz\n");
  err = p.fails("history");
  EXPECT_HAS(err, "cycle detected in revisions (yy, zz)");
  EXPECT_HAS(err, (v / "zz.yaml").string() + ":2");
  EXPECT_HAS(err, (v / "yy.yaml").string() + ":2");
  fs::remove(v / "yy.yaml");
  // An unknown operation: file:line, found before anything runs.
  write_file(v / "zz.yaml",
             "revision: zz\ndown_revision: b2\nupgrade:\n  - create_table: {name: t, columns: "
             "[{name: id, type: Integer}]}\n  - no_such_op: {}\n");
  err = p.fails("upgrade zz");
  EXPECT_HAS(err, (v / "zz.yaml").string() + ":5: unknown operation 'no_such_op'");
  // An ambiguous partial id lists the candidates.
  fs::remove(v / "zz.yaml");
  p.rev("abcd01", "b2");
  p.rev("abcd02", "c3");
  err = p.fails("show abcd");
  EXPECT_HAS(err, "abcd01");
  EXPECT_HAS(err, "abcd02");
  // Bad command lines exit 2.
  EXPECT_EQ(p.run("history --no-such-flag").exit_code, 2);
  EXPECT_HAS(p.fails("-x novalue heads"), "-x expects key=value, got 'novalue'");
}

class ProjectDb : public retort::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    const std::string abbrev = test_abbrev();
    p_ = pid_prefix("pj" + abbrev);
    url_ = is("sqlite") ? retort::testing::fresh_sqlite_url("projectdb_" + abbrev) : url();
    engine_ = retort::create_engine(url_);
    clean();
  }
  void TearDown() override { clean(); }
  void clean() { drop_prefixed_tables(engine_, p_); }
  std::string p_, url_;
  retort::Engine engine_;
};

TEST_P(ProjectDb, CurrentCheckHeadsVerboseAndIndicateCurrent) {
  Project p(name() + "-current", url_);
  p.config("version_table: " + p_ + "ver\n");
  write_graph(p);
  // Relative identifiers move from the current heads.
  ASSERT_EQ(p.run("upgrade a2").exit_code, 0);
  auto rel = p.run("upgrade +1");
  ASSERT_EQ(rel.exit_code, 0) << rel.err;
  EXPECT_HAS(rel.err, "Running upgrade a2 -> a3");
  rel = p.run("downgrade -1");
  ASSERT_EQ(rel.exit_code, 0) << rel.err;
  EXPECT_HAS(rel.err, "Running downgrade a3 -> a2");
  auto cur = p.run("current -v");
  EXPECT_EQ(cur.out.rfind("Rev: a2\nParent: a1\n", 0), 0u) << cur.out << cur.err;
  auto err = p.fails("current --check-heads");
  EXPECT_HAS(err, "the database is not at the heads: it is at a2, the heads are a3, b2, c1");
  auto json = p.run("current --json");
  EXPECT_HAS(json.out, "{\"current\": [{\"revision\": \"a2\"");
  auto hist = p.run("history -i");
  EXPECT_HAS(hist.out, "a1 -> a2 (current), rev a2\n");
  auto range = p.run("history -r current:heads");
  EXPECT_EQ(range.exit_code, 0) << range.err;
  EXPECT_HAS(range.out, "a2 -> a3 (head), rev a3\n");
  auto up = p.run("upgrade heads --json");
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_HAS(up.out, "\"heads_before\": [\"a2\"]");
  EXPECT_HAS(up.out, "\"heads_after\": [\"a3\", \"b2\", \"c1\"]");
  EXPECT_EQ(p.run("current --check-heads").exit_code, 0);
  auto down = p.run("downgrade feat@base --json");
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_HAS(down.out, "\"direction\": \"downgrade\"");
}

// -x key=value reaches revision files: {{x.key}} in execute SQL is the value
// as a string literal, online and in offline SQL; a missing key is an error
// naming the file and line.
TEST_P(ProjectDb, XArgumentsReachExecute) {
  Project p(name() + "-xargs", url_);
  p.config("version_table: " + p_ + "ver\n");
  write_file(p.dir() / "migrations" / "versions" / "a1.yaml",
             "revision: a1\ndown_revision: null\nupgrade:\n"
             "  - create_table: {name: " + p_ + "t, columns: [{name: who, type: String(40)}]}\n"
             "  - execute: \"INSERT INTO " + p_ + "t (who) VALUES ({{ x.who }})\"\n"
             "downgrade:\n  - drop_table: {name: " + p_ + "t}\n");
  auto err = p.fails("upgrade head", 5);
  EXPECT_HAS(err, "a1.yaml:5: execute uses {{x.who}}, but no -x who=... was given");
  auto sql = p.run("upgrade head --sql -x \"who=O'Brien\"");
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  EXPECT_HAS(sql.out, "VALUES ('O''Brien')");
  auto r = p.run("-x \"who=O'Brien\" upgrade head");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto conn = engine_.connect();
  EXPECT_EQ(conn.execute("SELECT who FROM " + p_ + "t").scalar_as<std::string>(), "O'Brien");
}

INSTANTIATE_TEST_SUITE_P(Backends, ProjectDb, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
