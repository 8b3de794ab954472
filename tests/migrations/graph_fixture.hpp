// Test support: the revision-graph fixtures of tests/migrations/data/graphs. A fixture is a
// graph (revisions with down_revision / branch_labels / depends_on) plus cases (a command,
// optional current heads, and the expected answer or error). graph_fixtures_test.cpp checks
// Retort against the expectations; alembic_crosscheck_test.cpp checks Alembic against both.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "retort/migrations/revision.hpp"
#include "retort/migrations/revision_map.hpp"

namespace retort::migrations::testing {

struct ErrorExpectation {
  std::string type;                   // "MultipleHeads", "CycleDetected", ...
  std::vector<std::string> contains;  // substrings of what()
};

struct FixtureCase {
  int line = 0;          // of the case in the fixture
  std::string command;   // heads, resolve, upgrade, downgrade, history, stamp, ...
  std::string argument;  // the identifier / range / target
  bool has_argument = false;
  std::vector<std::string> arguments;  // stamp: the revisions (a list, or the one argument)
  std::vector<std::string> current;  // version-table heads before the command
  std::optional<std::vector<std::string>> expect;
  std::optional<ErrorExpectation> error;
  std::string retort_only;  // why Alembic is not asked (empty: it is)
};

struct Fixture {
  std::filesystem::path path;
  std::string name;  // file stem
  std::vector<Revision> revisions;
  std::optional<ErrorExpectation> error;  // building the graph fails
  std::string retort_only;
  std::vector<FixtureCase> cases;
};

// One answer: values, or an error class and message.
struct Outcome {
  std::vector<std::string> values;
  std::string error_type;  // empty: no error
  std::string message;
};

std::vector<std::filesystem::path> fixture_files();
Fixture load_fixture(const std::filesystem::path& path);  // throws std::runtime_error
Outcome build_outcome(const Fixture& fixture, std::optional<RevisionMap>& map);
Outcome run_case(const RevisionMap& map, const FixtureCase& c);
std::string error_type(const std::exception& e);
std::string describe(const Outcome& o);
// Empty when `o` meets the expectation, otherwise what differs.
std::string mismatch(const Outcome& o, const std::optional<std::vector<std::string>>& expect,
                     const std::optional<ErrorExpectation>& error);

}  // namespace retort::migrations::testing
