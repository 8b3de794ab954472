// `upgrade --sql` / `downgrade --sql`: offline scripts per dialect, compared
// with golden files (tests/cli/data/offline/expected/<case>.sql;
// RETORT_UPDATE_GOLDEN=1 rewrites them). No database is needed: the URL only
// picks the dialect.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/process.hpp"

namespace {

namespace fs = std::filesystem;
using retort::testing::run_process;
using retort::testing::shell_quote;

struct Case {
  std::string name;
  std::string url;
  std::string config;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class OfflineSql : public ::testing::TestWithParam<Case> {};

std::string run_sql(const Case& c, const std::string& args) {
  fs::path data = fs::path(RETORT_TEST_DATA_DIR) / "cli" / "data" / "offline";
  auto r = run_process(std::string(RETORT_BINARY_DIR) + "/cli/retort -c " +
                       shell_quote((data / c.config).string()) + " --url " + shell_quote(c.url) +
                       " " + args);
  EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
  return r.out;
}

TEST_P(OfflineSql, MatchesGolden) {
  const Case& c = GetParam();
  std::string text =
      "-- retort upgrade base:heads --sql\n\n" + run_sql(c, "upgrade base:heads --sql") +
      "-- retort downgrade heads:a1 --sql\n\n" + run_sql(c, "downgrade heads:a1 --sql") +
      "-- retort downgrade a1:base --sql\n\n" + run_sql(c, "downgrade a1:base --sql");
  fs::path golden =
      fs::path(RETORT_TEST_DATA_DIR) / "cli" / "data" / "offline" / "expected" / (c.name + ".sql");
  if (std::getenv("RETORT_UPDATE_GOLDEN")) {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << text;
  }
  std::ifstream in(golden, std::ios::binary);
  ASSERT_TRUE(in) << golden << " is missing (RETORT_UPDATE_GOLDEN=1 writes it)";
  std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, want) << "golden: " << golden;
}

INSTANTIATE_TEST_SUITE_P(
    Dialects, OfflineSql,
    ::testing::Values(Case{"sqlite", "sqlite:///offline.db", "retort.yaml"},
                      Case{"postgresql", "postgresql://u@localhost/db", "retort.yaml"},
                      Case{"mysql", "mysql://u@localhost/db", "retort.yaml"},
                      Case{"postgresql_single_transaction", "postgresql://u@localhost/db",
                           "retort_single.yaml"}),
    [](const auto& info) { return info.param.name; });

TEST(OfflineSqlErrors, DowngradeNeedsARange) {
  fs::path data = fs::path(RETORT_TEST_DATA_DIR) / "cli" / "data" / "offline";
  auto r = run_process(std::string(RETORT_BINARY_DIR) + "/cli/retort -c " +
                       shell_quote((data / "retort.yaml").string()) + " downgrade base --sql");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("retort: error: downgrade with --sql requires <fromrev>:<torev>"),
            std::string::npos)
      << r.err;
}

}  // namespace
