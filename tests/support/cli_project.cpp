#include "support/cli_project.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <sstream>

#include "retort/engine/inspector.hpp"
#include "retort/retort.hpp"

namespace fs = std::filesystem;

namespace retort::testing {

std::string retort_bin() { return std::string(RETORT_BINARY_DIR) + "/cli/retort"; }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& p, const std::string& text) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

int line_count(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t i = 0; (i = text.find(from, i)) != std::string::npos; i += to.size())
    text.replace(i, from.size(), to);
  return text;
}

std::string error_lines(const std::string& err) {
  std::istringstream in(err);
  std::string line, out;
  while (std::getline(in, line))
    if (line.rfind("INFO", 0) != 0) out += line + "\n";
  return out;
}

fs::path find_file(const fs::path& folder, const std::string& prefix) {
  for (const auto& f : fs::directory_iterator(folder))
    if (f.path().filename().string().rfind(prefix, 0) == 0) return f.path();
  return {};
}

std::string pid_prefix(const std::string& letters) {
  return letters + std::to_string(::getpid() % 100000) + "_";
}

std::string current_test_name() {
  std::string t = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  return t.substr(0, t.find('/'));
}

std::string test_abbrev() {
  std::string abbrev;
  for (char c : current_test_name())
    if (std::isupper(static_cast<unsigned char>(c))) abbrev += static_cast<char>(std::tolower(c));
  return abbrev;
}

std::string revision_text(const std::string& id, const std::string& down, const std::string& body,
                          const std::string& extra, const std::string& message) {
  return "revision: " + id + "\ndown_revision: " + down + "\n" + extra +
         "message: " + (message.empty() ? "rev " + id : message) + "\n" + body;
}

void drop_prefixed_tables(Engine& engine, const std::string& prefix, int passes) {
  auto conn = engine.connect();
  auto names = Inspector(conn).table_names();
  conn.rollback();
  for (int pass = 0; pass < passes; ++pass)
    for (const auto& n : names) {
      if (n.rfind(prefix, 0) != 0) continue;
      try {
        conn.execute("DROP TABLE IF EXISTS " + conn.dialect().quote_identifier(n));
        conn.commit();
      } catch (const std::exception&) {
        if (passes == 1) throw;
        conn.rollback();
      }
    }
}

std::string expect_one_line_error(const ProcessResult& r, const std::string& part, int code,
                                  const std::string& what) {
  EXPECT_EQ(r.exit_code, code) << what << "\n" << r.out << r.err;
  auto err = error_lines(r.err);
  EXPECT_EQ(line_count(err), 1) << what << "\n" << r.err;
  EXPECT_EQ(err.rfind("retort: error: ", 0), 0u) << err;
  EXPECT_TRUE(has(err, part)) << "expected '" << part << "' in: " << err;
  return err;
}

void expect_golden(const std::string& text, const fs::path& golden) {
  if (std::getenv("RETORT_UPDATE_GOLDEN")) write_file(golden, text);
  std::ifstream in(golden, std::ios::binary);
  ASSERT_TRUE(in) << golden << " is missing (RETORT_UPDATE_GOLDEN=1 writes it)";
  std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, want) << "golden: " << golden;
}

void PrintTo(const OfflineCase& c, std::ostream* os) { *os << c.name; }

std::vector<OfflineCase> offline_cases() {
  return {{"sqlite", "sqlite:///offline.db", "retort.yaml"},
          {"postgresql", "postgresql://u@localhost/db", "retort.yaml"},
          {"mysql", "mysql://u@localhost/db", "retort.yaml"},
          {"postgresql_single_transaction", "postgresql://u@localhost/db", "retort_single.yaml"}};
}

fs::path offline_data_dir() { return fs::path(RETORT_TEST_DATA_DIR) / "cli" / "data" / "offline"; }

ProcessResult run_offline(const std::string& config, const std::string& url,
                          const std::string& args, const std::string& env) {
  return run_process(env + " " + retort_bin() + " -c " +
                     shell_quote((offline_data_dir() / config).string()) + " --url " +
                     shell_quote(url) + " " + args);
}

ProjectDir::ProjectDir(const std::string& name)
    : dir_(fs::temp_directory_path() / ("retort-" + name + "-" + std::to_string(::getpid()))) {
  fs::remove_all(dir_);
  fs::create_directories(dir_);
}

ProjectDir::~ProjectDir() {
  if (!::testing::Test::HasFailure()) fs::remove_all(dir_);
}

void ProjectDir::write(const std::string& relative, const std::string& text) const {
  write_file(dir_ / relative, text);
}

std::string ProjectDir::read(const std::string& relative) const {
  return read_file(dir_ / relative);
}

std::string ProjectDir::revision_file(const std::string& id) const {
  const fs::path versions = dir_ / "migrations" / "versions";
  if (!fs::is_directory(versions)) return {};
  const fs::path f = find_file(versions, id + "_");
  return f.empty() ? std::string() : read_file(f);
}

ProcessResult ProjectDir::retort(const std::string& args, const std::string& env) const {
  return run_process("cd " + shell_quote(dir_.string()) + " && " + env + " " + retort_bin() + " " +
                     args);
}

ProcessResult ProjectDir::retort_with_config(const std::string& args,
                                             const std::string& env) const {
  return retort("-c " + shell_quote(config()) + " " + args, env);
}

}  // namespace retort::testing
