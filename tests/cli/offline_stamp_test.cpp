// `stamp --sql`: the version-table statements of a stamp, offline, per dialect,
// compared with golden files (tests/cli/data/offline/expected/stamp_<case>.sql;
// RETORT_UPDATE_GOLDEN=1 rewrites them). The graph is tests/cli/data/offline's:
// a1 -> {b2, c3} -> d4 (merge). No database is needed: the URL picks the
// dialect.
#include <gtest/gtest.h>

#include "support/cli_project.hpp"

namespace {

using namespace retort::testing;

class OfflineStampSql : public ::testing::TestWithParam<OfflineCase> {};

TEST_P(OfflineStampSql, MatchesGolden) {
  const OfflineCase& c = GetParam();
  std::string text;
  // From an empty table (created first), moving up through the merge, down to
  // an ancestor, adding a branch row, and back to base (the table dropped).
  for (const char* args :
       {"stamp heads --sql", "stamp b2 c3 --sql", "stamp b2:d4 --sql", "stamp c3:d4 --sql",
        "stamp d4:a1 --sql", "stamp b2:c3 --sql", "stamp b2:base --sql", "stamp b2:b2 --sql"}) {
    auto r = run_offline(c.config, c.url, args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    text += std::string("-- retort ") + args + "\n\n" + r.out;
  }
  expect_golden(text, offline_data_dir() / "expected" / ("stamp_" + c.name + ".sql"));
}

INSTANTIATE_TEST_SUITE_P(
    Dialects, OfflineStampSql, ::testing::ValuesIn(offline_cases()),
    [](const auto& info) { return info.param.name; });

TEST(OfflineStampSqlErrors, OneStartAndNoPurge) {
  auto r = run_offline("retort.yaml", "sqlite:///offline.db", "stamp a1:b2 b2:c3 --sql");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.err.find("retort: error: stamp with --sql takes one starting revision; got a1 and b2"),
      std::string::npos)
      << r.err;
  r = run_offline("retort.yaml", "sqlite:///offline.db", "stamp --purge a1 --sql");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("retort: error: --purge cannot be used with --sql"), std::string::npos)
      << r.err;
  r = run_offline("retort.yaml", "sqlite:///offline.db", "stamp zz99:a1 --sql");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("zz99"), std::string::npos) << r.err;
}

}  // namespace
