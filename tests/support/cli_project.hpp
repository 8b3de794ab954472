// Test support for the CLI tests: a project folder of a test's own, the retort
// binary run in it, files written and read, table prefixes of a test's own,
// and the checks that every CLI test makes (one-line errors, golden files).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace retort {
class Engine;
}

namespace retort::testing {

// The retort binary of this build.
std::string retort_bin();

std::string read_file(const std::filesystem::path& p);
// Writes `text` to `p`, creating the parent folders.
void write_file(const std::filesystem::path& p, const std::string& text);
bool has(const std::string& text, const std::string& part);
int line_count(const std::string& text);
// `text` with every `from` replaced by `to`.
std::string replace_all(std::string text, const std::string& from, const std::string& to);
// The lines of stderr that are not INFO progress lines.
std::string error_lines(const std::string& err);

// The file in `folder` whose name starts with `prefix` (empty: none).
std::filesystem::path find_file(const std::filesystem::path& folder, const std::string& prefix);

// "<letters><pid % 100000>_": table names of a test's own, so that runs from
// other build folders on the same server database stay apart.
std::string pid_prefix(const std::string& letters);

// The current test's name without its parameter ("Stamp" of "Stamp/sqlite"),
// and its capitals in lower case ("StampMovesRows": "smr").
std::string current_test_name();
std::string test_abbrev();

// The text of a revision file: revision, down_revision (`down` as written:
// "null", "a1", "[a1, b2]"), `extra` lines, message (default "rev <id>"),
// then `body` (upgrade/downgrade).
std::string revision_text(const std::string& id, const std::string& down,
                          const std::string& body = "upgrade: []\ndowngrade: []\n",
                          const std::string& extra = "", const std::string& message = "");

// Drops the tables whose names start with `prefix`. With one pass a failing
// DROP is an error of the test; with more, failures (a table others still
// refer to) are ignored and the next pass tries again.
void drop_prefixed_tables(Engine& engine, const std::string& prefix, int passes = 1);

// Expects a failed run: exit code `code`, one line on stderr besides the INFO
// lines, "retort: error: ..." naming `part`. `what` (e.g. the arguments) goes
// into the failure messages. Returns the error line.
std::string expect_one_line_error(const ProcessResult& r, const std::string& part = "",
                                  int code = 1, const std::string& what = "");

// Expects `text` to equal the golden file `golden`; RETORT_UPDATE_GOLDEN=1
// (re)writes it first.
void expect_golden(const std::string& text, const std::filesystem::path& golden);

// The offline (--sql) cases on the project tests/cli/data/offline: no
// database, the URL only picks the dialect; `config` is the project's file.
struct OfflineCase {
  std::string name;
  std::string url;
  std::string config;
};
void PrintTo(const OfflineCase& c, std::ostream* os);
// sqlite, postgresql, mysql, postgresql_single_transaction.
std::vector<OfflineCase> offline_cases();
std::filesystem::path offline_data_dir();
// `retort -c <config in offline_data_dir()> --url <url> <args>`, after `env`.
ProcessResult run_offline(const std::string& config, const std::string& url,
                          const std::string& args, const std::string& env = "");

// A fresh folder retort-<name>-<pid> in the temporary directory, removed
// again at the end unless the test failed (so that it can be looked at).
class ProjectDir {
 public:
  explicit ProjectDir(const std::string& name);
  ~ProjectDir();
  ProjectDir(const ProjectDir&) = delete;
  ProjectDir& operator=(const ProjectDir&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  // `text` into the file `relative` to the folder.
  void write(const std::string& relative, const std::string& text) const;
  std::string read(const std::string& relative) const;
  // The text of the revision file in migrations/versions whose name starts
  // with "<id>_" (empty: none).
  std::string revision_file(const std::string& id) const;
  // The folder's retort.yaml.
  std::string config() const { return (dir_ / "retort.yaml").string(); }
  // `retort <args>` run in the folder, after `env` (e.g. "env -u EDITOR X=1").
  ProcessResult retort(const std::string& args, const std::string& env = "") const;
  // The same with "-c <the folder's retort.yaml>" first.
  ProcessResult retort_with_config(const std::string& args, const std::string& env = "") const;

 private:
  std::filesystem::path dir_;
};

}  // namespace retort::testing
