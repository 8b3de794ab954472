// The revision-graph behaviour, as data: every tests/migrations/data/graphs/*.yaml fixture is
// one test; each of its cases (heads, identifiers, upgrade/downgrade orders with the
// version-table changes, history ranges, errors) must give the recorded answer. The answers
// were produced by Alembic 1.8 (alembic_oracle.py --fill); alembic_crosscheck_test.cpp keeps
// them honest.
#include <gtest/gtest.h>

#include <optional>

#include "migrations/graph_fixture.hpp"

namespace retort::migrations::testing {
namespace {

class GraphFixture : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(GraphFixture, EveryCaseGivesTheRecordedAnswer) {
  const Fixture f = load_fixture(GetParam());
  std::optional<RevisionMap> map;
  const Outcome built = build_outcome(f, map);
  if (f.error || !built.error_type.empty()) {
    const std::string why = mismatch(built, std::nullopt, f.error);
    EXPECT_TRUE(why.empty()) << f.path.string() << ": building the graph: " << why;
    return;
  }
  ASSERT_FALSE(f.cases.empty()) << f.path.string() << ": no cases";
  for (const FixtureCase& c : f.cases) {
    const Outcome o = run_case(*map, c);
    const std::string why = mismatch(o, c.expect, c.error);
    EXPECT_TRUE(why.empty()) << f.path.string() << ":" << c.line << ": " << c.command << " "
                             << c.argument << ": " << why;
  }
}

std::string fixture_name(const ::testing::TestParamInfo<std::filesystem::path>& info) {
  std::string name = info.param.stem().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Graphs, GraphFixture, ::testing::ValuesIn(fixture_files()), fixture_name);

TEST(GraphFixtures, ThereAreMany) { EXPECT_GE(fixture_files().size(), 30u); }

}  // namespace
}  // namespace retort::migrations::testing
