// retort inspect, run as a user runs it, on every backend.
#include <gtest/gtest.h>

#include <filesystem>

#include "retort/engine/schema_yaml.hpp"
#include "support/backends.hpp"
#include "support/cli_project.hpp"

namespace {

using retort::testing::BackendTest;
using retort::testing::retort_bin;
using retort::testing::run_process;
using retort::testing::shell_quote;

class InspectCli : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    url_ = url() == "sqlite-fresh" ? retort::testing::fresh_sqlite_url("inspect") : url();
    engine_ = retort::create_engine(url_);
    auto conn = engine_.connect();
    // Tests run in parallel in one database: each gets its own table names.
    std::string t = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    t = t.substr(0, t.find('/'));
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    t = t.substr(0, 20);
    owner_ = "cli_owner_" + t;
    item_ = "cli_item_" + t;
    drop_tables(conn, {item_, owner_});
    conn.execute("CREATE TABLE " + owner_ + " (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)");
    conn.execute("CREATE TABLE " + item_ + " (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL "
                 "REFERENCES " + owner_ + " (id), label VARCHAR(20))");
    conn.commit();
  }
  retort::testing::ProcessResult inspect(const std::string& args) {
    return run_process(retort_bin() + " inspect --url " + shell_quote(url_) + " " + args);
  }
  std::string url_, owner_, item_;
  retort::Engine engine_;
};

TEST_P(InspectCli, PrintsSchemaYamlThatLoadsBack) {
  auto r = inspect("--table " + owner_ + " --table " + item_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto md = retort::parse_schema_yaml(r.out, "inspect output");
  ASSERT_EQ(md.tables().size(), 2u) << r.out;
  const auto* item = md.table(item_);
  ASSERT_NE(item, nullptr);
  ASSERT_EQ(item->columns.size(), 3u);
  EXPECT_EQ(item->columns[2].type.str(), "String(20)");
  EXPECT_FALSE(item->columns[1].nullable);
  ASSERT_EQ(item->foreign_keys.size(), 1u);
  EXPECT_EQ(item->foreign_keys[0].referred_table, owner_);
  // Deterministic: a second run prints the same bytes.
  EXPECT_EQ(inspect("--table " + owner_ + " --table " + item_).out, r.out);
}

TEST_P(InspectCli, JsonAndOutputFile) {
  auto r = inspect("--table " + owner_ + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.front(), '{');
  EXPECT_NE(r.out.find("\"" + owner_ + "\""), std::string::npos);
  auto file = std::filesystem::temp_directory_path() /
              ("retort-inspect-" + name() + "-" + std::to_string(::getpid()) + ".yaml");
  auto w = inspect("--table " + owner_ + " -o " + shell_quote(file.string()));
  ASSERT_EQ(w.exit_code, 0) << w.err;
  EXPECT_TRUE(w.out.empty());
  EXPECT_EQ(retort::testing::read_file(file), inspect("--table " + owner_).out);
  std::filesystem::remove(file);
}

TEST_P(InspectCli, UnknownTableIsAOneLineError) {
  auto r = inspect("--table no_such_table_here");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("no table named 'no_such_table_here'"), std::string::npos) << r.err;
  EXPECT_EQ(retort::testing::line_count(r.err), 1) << r.err;
  if (auto pw = retort::URL::parse(url_).password) {
    EXPECT_EQ(r.err.find(*pw), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, InspectCli, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

TEST(InspectCliErrors, WrongPasswordNeverPrinted) {
  auto r = run_process(retort_bin() +
                       " inspect --url 'postgresql://u:S3cret-Pw@127.0.0.1:1/x?connect_timeout=2'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("retort: error: "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("S3cret-Pw"), std::string::npos) << r.err;
}

TEST(InspectCliErrors, NoUrlAnywhere) {
  retort::testing::ProjectDir dir("nourl");
  auto r = dir.retort("inspect", "env -u RETORT_CONFIG");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no database URL"), std::string::npos) << r.err;
}

TEST(InspectCliErrors, UrlFromConfigWithEnvironmentDefault) {
  retort::testing::ProjectDir project("cfg");
  const auto& dir = project.dir();
  std::string db = (dir / "app.db").string();
  project.write("retort.yaml", "url: ${RETORT_TEST_UNSET_VAR_XYZ:-sqlite:///" + db + "}\n");
  {
    auto conn = retort::create_engine("sqlite:///" + db).connect();
    conn.execute("CREATE TABLE from_cfg (id INTEGER)");
    conn.commit();
  }
  auto r = project.retort("inspect", "env -u RETORT_CONFIG");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("from_cfg"), std::string::npos) << r.out;

  project.write("bad.yaml", "url: sqlite://\nscript_locaton: migrations\n");
  auto bad = run_process(retort_bin() + " -c " + shell_quote((dir / "bad.yaml").string()) + " inspect");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.yaml:2:1: unknown setting 'script_locaton'"), std::string::npos)
      << bad.err;
}

TEST(InspectCliErrors, UsageErrorExitsTwo) {
  auto r = run_process(retort_bin() + " inspect --no-such-flag");
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

}  // namespace
