// Asks the real Alembic (Debian's python3-alembic 1.8, through alembic_oracle.py) for its
// answer to every case of every revision-graph fixture, and requires that (1) Retort gives the
// same answer and (2) the fixture records the same answer, so that neither the implementation
// nor the fixtures can drift from Alembic's behaviour. Skipped when /usr/bin/python3 has no
// alembic, except under CI (CI set), where scripts/setup.sh installs it and a missing oracle
// is a failure.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "migrations/graph_fixture.hpp"

namespace retort::migrations::testing {
namespace {

const char* const kPython = "/usr/bin/python3";
const char* const kOracle = RETORT_TEST_DATA_DIR "/migrations/alembic_oracle.py";

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; returns its exit status and stdout.
int run(const std::string& command, std::string& out) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[8192];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  return ::pclose(pipe);
}

std::string outcome_text(const YAML::Node& node) {
  if (node["error"])
    return node["error"].as<std::string>() + ": " + node["message"].as<std::string>("");
  std::string out;
  for (const auto& v : node["values"]) out += (out.empty() ? "" : ", ") + v.as<std::string>();
  return "[" + out + "]";
}

TEST(AlembicCrosscheck, EveryFixtureAnswersLikeAlembic) {
  std::string probe;
  const bool available =
      run(std::string(kPython) + " -c 'import alembic, yaml' 2>/dev/null", probe) == 0;
  // The oracle is part of the test set-up (scripts/setup.sh installs it), so
  // its absence is a failure everywhere, never a skip.
  ASSERT_TRUE(available) << kPython << " cannot import alembic and yaml: run scripts/setup.sh "
                         << "(it installs python3-alembic and python3-yaml)";
  const auto files = fixture_files();
  ASSERT_FALSE(files.empty());
  std::string command = std::string(kPython) + " " + quote(kOracle);
  for (const auto& f : files) command += " " + quote(f.string());
  std::string output;
  const int status = run(command + " 2>&1", output);
  ASSERT_EQ(status, 0) << "alembic_oracle.py failed:\n" << output;
  const YAML::Node answers = YAML::Load(output);
  ASSERT_EQ(answers.size(), files.size()) << output;

  std::size_t compared = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const Fixture f = load_fixture(files[i]);
    const YAML::Node& alembic = answers[i];
    if (alembic["skipped"]) continue;
    std::optional<RevisionMap> map;
    const Outcome built = build_outcome(f, map);
    if (alembic["graph_error"]) {
      const std::string type = alembic["graph_error"]["type"].as<std::string>();
      EXPECT_EQ(built.error_type, type) << f.path.string() << ": Alembic fails to build the graph ("
                                        << alembic["graph_error"]["message"].as<std::string>("")
                                        << "), Retort: " << describe(built);
      EXPECT_TRUE(f.error && f.error->type == type)
          << f.path.string() << ": the fixture must expect error " << type;
      ++compared;
      continue;
    }
    ASSERT_TRUE(built.error_type.empty())
        << f.path.string() << ": Alembic builds the graph, Retort: " << describe(built);
    EXPECT_FALSE(f.error) << f.path.string() << ": the fixture expects an error, Alembic has none";
    const YAML::Node cases = alembic["cases"];
    ASSERT_EQ(cases.size(), f.cases.size()) << f.path.string();
    for (std::size_t k = 0; k < f.cases.size(); ++k) {
      const FixtureCase& c = f.cases[k];
      const YAML::Node& a = cases[k];
      if (a["skipped"]) continue;
      ++compared;
      std::optional<std::vector<std::string>> values;
      std::optional<ErrorExpectation> error;
      if (a["error"]) {
        error = ErrorExpectation{a["error"].as<std::string>(), {}};
      } else {
        values = a["values"].as<std::vector<std::string>>();
      }
      const std::string where = f.path.string() + ":" + std::to_string(c.line) + ": " + c.command +
                                " " + c.argument + ": ";
      const std::string ours = mismatch(run_case(*map, c), values, error);
      EXPECT_TRUE(ours.empty()) << where << "Retort differs from Alembic (" << outcome_text(a)
                                << "): " << ours;
      if (c.error || a["error"]) {
        EXPECT_TRUE(c.error && a["error"] && c.error->type == a["error"].as<std::string>())
            << where << "the fixture disagrees with Alembic: " << outcome_text(a);
      } else {
        EXPECT_TRUE(c.expect && *c.expect == *values)
            << where << "the fixture disagrees with Alembic: " << outcome_text(a);
      }
    }
  }
  EXPECT_GT(compared, 0u);
}

}  // namespace
}  // namespace retort::migrations::testing
