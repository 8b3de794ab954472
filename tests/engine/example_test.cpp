// examples/quickstart runs end to end on every backend.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <sys/wait.h>

#include "support/backends.hpp"

namespace {

using retort::testing::BackendTest;

std::pair<int, std::string> run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return {-1, ""};
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  int status = ::pclose(p);
  return {WEXITSTATUS(status), out};
}

class ExampleTest : public BackendTest {};

TEST_P(ExampleTest, QuickstartRuns) {
  std::string u = url() == "sqlite-fresh" ? retort::testing::fresh_sqlite_url("quickstart") : url();
  auto [code, out] = run(std::string(RETORT_BINARY_DIR) + "/examples/quickstart '" + u + "'");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("inserted 3 rows and committed"), std::string::npos) << out;
  EXPECT_NE(out.find("name=O'Brien; DROP TABLE account --"), std::string::npos) << out;
  EXPECT_NE(out.find("balance=100"), std::string::npos) << out;  // the rollback undid the debit
  EXPECT_NE(out.find("accounts with balance > 10: 2"), std::string::npos) << out;
  if (auto pw = retort::URL::parse(u).password) {
    EXPECT_EQ(out.find(*pw), std::string::npos);
  }
}

TEST_P(ExampleTest, CoreTutorialRuns) {
  std::string u = url() == "sqlite-fresh" ? retort::testing::fresh_sqlite_url("core_tutorial") : url();
  auto [code, out] = run(std::string(RETORT_BINARY_DIR) + "/examples/core_tutorial '" + u + "'");
  ASSERT_EQ(code, 0) << out;
  for (const char* line :
       {"older than 21: patrick\nolder than 21: sandy\n",
        "joined: sandy sandy@sqlalchemy.org\njoined: spongebob spongebob@sqlalchemy.org\n",
        "ids: user 1 address 1\nids: user 2 address 2\nids: user 2 address 3\n",
        "many addresses: sandy 2\n", "subquery: spongebob 1\nsubquery: sandy 2\nsubquery: patrick 0\n",
        "no address: patrick\n", "by id 1: spongebob\nby id 3: patrick\n", "updated 2 rows\n",
        "deleted 1 rows\n"})
    EXPECT_NE(out.find(line), std::string::npos) << line << " not in:\n" << out;
  EXPECT_NE(out.find(u.rfind("mysql", 0) == 0 ? "'O''Brien\\\\'" : "'O''Brien\\'"), std::string::npos) << out;
}

TEST(ExampleQuickstart, ReportsABadUrlInOneLine) {
  auto [code, out] = run(std::string(RETORT_BINARY_DIR) +
                         "/examples/quickstart 'oracle://scott:tiger-pw@db/x'");
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("unknown dialect"), std::string::npos) << out;
  EXPECT_EQ(out.find("tiger-pw"), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(Backends, ExampleTest, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
