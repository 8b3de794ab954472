// `stamp --sql`: the version-table statements of a stamp, offline, per dialect,
// compared with golden files (tests/cli/data/offline/expected/stamp_<case>.sql;
// RETORT_UPDATE_GOLDEN=1 rewrites them). The graph is tests/cli/data/offline's:
// a1 -> {b2, c3} -> d4 (merge). No database is needed: the URL picks the
// dialect.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/process.hpp"

namespace {

namespace fs = std::filesystem;
using retort::testing::ProcessResult;
using retort::testing::run_process;
using retort::testing::shell_quote;

struct Case {
  std::string name;
  std::string url;
  std::string config;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

fs::path data_dir() { return fs::path(RETORT_TEST_DATA_DIR) / "cli" / "data" / "offline"; }

ProcessResult run_retort(const std::string& config, const std::string& url,
                         const std::string& args) {
  return run_process(std::string(RETORT_BINARY_DIR) + "/cli/retort -c " +
                     shell_quote((data_dir() / config).string()) + " --url " + shell_quote(url) +
                     " " + args);
}

class OfflineStampSql : public ::testing::TestWithParam<Case> {};

TEST_P(OfflineStampSql, MatchesGolden) {
  const Case& c = GetParam();
  std::string text;
  // From an empty table (created first), moving up through the merge, down to
  // an ancestor, adding a branch row, and back to base (the table dropped).
  for (const char* args :
       {"stamp heads --sql", "stamp b2 c3 --sql", "stamp b2:d4 --sql", "stamp c3:d4 --sql",
        "stamp d4:a1 --sql", "stamp b2:c3 --sql", "stamp b2:base --sql", "stamp b2:b2 --sql"}) {
    auto r = run_retort(c.config, c.url, args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    text += std::string("-- retort ") + args + "\n\n" + r.out;
  }
  fs::path golden = data_dir() / "expected" / ("stamp_" + c.name + ".sql");
  if (std::getenv("RETORT_UPDATE_GOLDEN")) std::ofstream(golden, std::ios::binary) << text;
  std::ifstream in(golden, std::ios::binary);
  ASSERT_TRUE(in) << golden << " is missing (RETORT_UPDATE_GOLDEN=1 writes it)";
  std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, want) << "golden: " << golden;
}

INSTANTIATE_TEST_SUITE_P(
    Dialects, OfflineStampSql,
    ::testing::Values(Case{"sqlite", "sqlite:///offline.db", "retort.yaml"},
                      Case{"postgresql", "postgresql://u@localhost/db", "retort.yaml"},
                      Case{"mysql", "mysql://u@localhost/db", "retort.yaml"},
                      Case{"postgresql_single_transaction", "postgresql://u@localhost/db",
                           "retort_single.yaml"}),
    [](const auto& info) { return info.param.name; });

TEST(OfflineStampSqlErrors, OneStartAndNoPurge) {
  auto r = run_retort("retort.yaml", "sqlite:///offline.db", "stamp a1:b2 b2:c3 --sql");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.err.find("retort: error: stamp with --sql takes one starting revision; got a1 and b2"),
      std::string::npos)
      << r.err;
  r = run_retort("retort.yaml", "sqlite:///offline.db", "stamp --purge a1 --sql");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("retort: error: --purge cannot be used with --sql"), std::string::npos)
      << r.err;
  r = run_retort("retort.yaml", "sqlite:///offline.db", "stamp zz99:a1 --sql");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("zz99"), std::string::npos) << r.err;
}

}  // namespace
