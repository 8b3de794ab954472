// `upgrade --sql` / `downgrade --sql`: offline scripts per dialect, compared
// with golden files (tests/cli/data/offline/expected/<case>.sql;
// RETORT_UPDATE_GOLDEN=1 rewrites them). No database is needed: the URL only
// picks the dialect. Then scripts rendered for each backend are run there and
// leave the version table and retort_history rows an online run leaves.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "retort/engine/inspector.hpp"
#include "support/backends.hpp"
#include "support/cli_project.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

class OfflineSql : public ::testing::TestWithParam<OfflineCase> {};

std::string run_sql(const OfflineCase& c, const std::string& args) {
  // applied_by in the history rows is the user rendering the script.
  auto r = run_offline(c.config, c.url, args, "USER=golden");
  EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
  return r.out;
}

TEST_P(OfflineSql, MatchesGolden) {
  const OfflineCase& c = GetParam();
  std::string text =
      "-- retort upgrade base:heads --sql\n\n" + run_sql(c, "upgrade base:heads --sql") +
      "-- retort downgrade heads:a1 --sql\n\n" + run_sql(c, "downgrade heads:a1 --sql") +
      "-- retort downgrade a1:base --sql\n\n" + run_sql(c, "downgrade a1:base --sql");
  expect_golden(text, offline_data_dir() / "expected" / (c.name + ".sql"));
}

INSTANTIATE_TEST_SUITE_P(
    Dialects, OfflineSql, ::testing::ValuesIn(offline_cases()),
    [](const auto& info) { return info.param.name; });

TEST(OfflineSqlErrors, DowngradeNeedsARange) {
  auto r = run_process(retort_bin() + " -c " +
                       shell_quote((offline_data_dir() / "retort.yaml").string()) +
                       " downgrade base --sql");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("retort: error: downgrade with --sql requires <fromrev>:<torev>"),
            std::string::npos)
      << r.err;
}

// The scripts run: on each backend, an offline upgrade and downgrade script
// (statement by statement, in autocommit so that its own BEGIN/COMMIT count)
// leave the version table and the history rows an online run leaves.
class OfflineSqlRuns : public retort::testing::BackendTest {};

TEST_P(OfflineSqlRuns, ScriptsWriteVersionAndHistory) {
  const std::string p = pid_prefix("off");
  const std::string url =
      is("sqlite") ? retort::testing::fresh_sqlite_url("offline_runs") : this->url();
  ProjectDir project("offline-" + name());
  project.write("retort.yaml",
                "script_location: migrations\nurl: " + url + "\nversion_table: " + p + "ver\n");
  project.write("migrations/versions/a1.yaml",
                "revision: a1\ndown_revision: null\nmessage: one\nupgrade:\n"
                "  - create_table: {name: " + p +
                    "t, columns: [{name: id, type: Integer, primary_key: true, autoincrement: "
                    "false}, {name: note, type: Text}]}\n  - bulk_insert: {table: " + p +
                    "t, rows: [{id: 1, note: \"it's \\\\ here\"}]}\ndowngrade:\n"
                    "  - drop_table: {name: " + p + "t}\n");
  project.write("migrations/versions/b2.yaml",
                "revision: b2\ndown_revision: a1\nupgrade:\n  - add_column: {table: " + p +
                    "t, column: {name: extra, type: Integer}}\ndowngrade:\n"
                    "  - drop_column: {table: " + p + "t, name: extra}\n");
  retort::EngineOptions eo;
  eo.isolation_level = "AUTOCOMMIT";
  auto engine = retort::create_engine(url, eo);
  auto clean = [&] {
    auto conn = engine.connect();
    for (const auto& n : retort::Inspector(conn).table_names())
      if (n.rfind(p, 0) == 0) conn.execute("DROP TABLE " + conn.dialect().quote_identifier(n));
  };
  clean();
  auto run_script = [&](const std::string& args) {
    auto r = run_process(retort_bin() + " -c " + shell_quote(project.config()) + " " + args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto conn = engine.connect();
    std::size_t pos = 0;
    while (pos < r.out.size()) {
      auto end = r.out.find(";\n\n", pos);
      if (end == std::string::npos) end = r.out.size();
      std::string chunk = r.out.substr(pos, end - pos);
      pos = end + 3;
      // Without its comment lines, a chunk is one statement.
      std::string stmt;
      std::istringstream in(chunk);
      for (std::string line; std::getline(in, line);)
        if (line.rfind("--", 0) != 0) stmt += line + "\n";
      if (stmt.find_first_not_of(" \n") == std::string::npos) continue;
      ASSERT_NO_THROW(conn.exec_driver_sql(stmt).close()) << stmt;
    }
  };
  run_script("upgrade head --sql");
  auto conn = engine.connect();
  EXPECT_EQ(conn.execute("SELECT version_num FROM " + p + "ver").scalar_as<std::string>(), "b2");
  EXPECT_EQ(conn.execute("SELECT note FROM " + p + "t").scalar_as<std::string>(), "it's \\ here");
  auto rows = conn.execute("SELECT id, revision, direction, checksum, applied_at, status, "
                           "operations_done, statements FROM " +
                           p + "ver_history ORDER BY id")
                  .all();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].get<std::int64_t>(0), 1);
  EXPECT_EQ(rows[0].get<std::string>(1), "a1");
  EXPECT_EQ(rows[0].get<std::string>(2), "upgrade");
  EXPECT_EQ(rows[0].get<std::string>(3).value_or("").size(), 64u);
  EXPECT_EQ(rows[0].get<std::string>(4).value_or("").size(), 19u);  // YYYY-MM-DD HH:MM:SS
  EXPECT_EQ(rows[0].get<std::string>(5), "applied");
  EXPECT_EQ(rows[0].get<std::int64_t>(6), 2);
  EXPECT_NE(rows[0].get<std::string>(7).value_or("").find("INSERT INTO"), std::string::npos);
  EXPECT_EQ(rows[1].get<std::int64_t>(0), 2);
  EXPECT_EQ(rows[1].get<std::string>(1), "b2");
  conn.close();
  // The online runtime agrees: nothing left to do, and the checksums match.
  auto online = run_process(retort_bin() + " -c " + shell_quote(project.config()) +
                            " upgrade head --json");
  EXPECT_EQ(online.exit_code, 0) << online.err;
  EXPECT_NE(online.out.find("\"steps\": []"), std::string::npos) << online.out;
  run_script("downgrade b2:base --sql");
  conn = engine.connect();
  EXPECT_FALSE(retort::Inspector(conn).has_table(p + "ver"));
  EXPECT_FALSE(retort::Inspector(conn).has_table(p + "t"));
  EXPECT_EQ(conn.execute("SELECT COUNT(*) FROM " + p + "ver_history WHERE direction = 'downgrade'")
                .scalar_as<std::int64_t>(),
            2);
  conn.close();
  clean();
}

INSTANTIATE_TEST_SUITE_P(Backends, OfflineSqlRuns,
                         ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
