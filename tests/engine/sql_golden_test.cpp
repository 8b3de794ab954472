// The expression language as data: every tests/engine/data/sql/<case>.yaml
// names a statement built in sql_cases.cpp and says what SQL it renders on
// each dialect (or the CompileError it raises there), then what it returns
// when run: the rows, the rowcount, and for changes the rows a check query
// sees afterwards. The statements run on every configured database against
// the sample rows of sql_schema.cpp, each in a transaction that is rolled back.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "retort/engine/ddl.hpp"
#include "retort/engine/sql.hpp"
#include "retort/engine/url.hpp"
#include "sql_cases.hpp"
#include "support/backends.hpp"

using namespace retort;
using retort::testing::sql_cases;
using retort::testing::sql_schema;

namespace {

const std::filesystem::path kDir = RETORT_TEST_DATA_DIR "/engine/data/sql";
const char* const kDialects[] = {"sqlite", "postgresql", "mysql"};

std::vector<std::string> fixture_names() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(kDir))
    if (e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

const Dialect& dialect_named(const std::string& name) { return dialect_for(URL::parse(name + "://")); }

// Numbers compare by value whatever their type (PostgreSQL returns NUMERIC
// as Decimal, SQLite as a double); NULL is YAML's ~.
std::string canonical(const std::string& s) {
  if (s.empty()) return s;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end && *end == '\0' && s.find_first_not_of("0123456789.-+eE") == std::string::npos) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", d);
    return buf;
  }
  return s;
}

std::string canonical(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
      return "~";
    case Value::Kind::Bool:
      return v.get_raw<bool>() ? "1" : "0";
    case Value::Kind::Int:
      return std::to_string(v.get_raw<std::int64_t>());
    case Value::Kind::Double:
      return canonical(std::to_string(v.get_raw<double>()));
    case Value::Kind::Decimal:
      return canonical(v.get_raw<Decimal>().text);
    case Value::Kind::Text:
      return canonical(v.get_raw<std::string>());
    default:
      return v.repr();
  }
}

std::vector<std::vector<std::string>> expected_rows(const YAML::Node& rows) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : rows) {
    std::vector<std::string> row;
    for (const auto& c : r) row.push_back(c.IsNull() ? "~" : canonical(c.as<std::string>()));
    out.push_back(row);
  }
  return out;
}

std::vector<std::vector<std::string>> actual_rows(Result& r) {
  std::vector<std::vector<std::string>> out;
  for (const auto& row : r) {
    std::vector<std::string> cells;
    for (const auto& v : row.values()) cells.push_back(canonical(v));
    out.push_back(cells);
  }
  return out;
}

std::string show(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& r : rows) {
    out += "  - [";
    for (std::size_t i = 0; i < r.size(); ++i) out += (i ? ", " : "") + r[i];
    out += "]\n";
  }
  return out;
}

Params params_of(const YAML::Node& n) {
  Params p;
  for (const auto& kv : n) p.emplace_back(kv.first.as<std::string>(), Value(kv.second.as<std::int64_t>()));
  return p;
}

TEST(SqlFixtures, EveryCaseHasAFixtureAndEveryFixtureACase) {
  auto names = fixture_names();
  for (const auto& [name, fn] : sql_cases())
    EXPECT_TRUE(std::find(names.begin(), names.end(), name) != names.end())
        << "case '" << name << "' has no " << (kDir / (name + ".yaml"));
  for (const auto& n : names) EXPECT_TRUE(sql_cases().count(n)) << n << ".yaml names no case in sql_cases.cpp";
}

class SqlText : public ::testing::TestWithParam<std::string> {};

TEST_P(SqlText, RendersAsExpected) {
  const auto path = kDir / (GetParam() + ".yaml");
  YAML::Node doc = YAML::LoadFile(path.string());
  auto it = sql_cases().find(GetParam());
  ASSERT_NE(it, sql_cases().end());
  auto stmt = it->second(sql_schema());
  const bool regen = std::getenv("RETORT_SQL_REGEN") != nullptr;
  for (const char* d : kDialects) {
    SCOPED_TRACE(std::string(d) + " in " + path.string());
    if (doc["error"][d]) {
      try {
        auto c = sql::compile(*stmt, dialect_named(d));
        ADD_FAILURE() << "expected CompileError, got: " << c.sql;
      } catch (const sql::CompileError& e) {
        EXPECT_NE(std::string(e.what()).find(doc["error"][d].as<std::string>()), std::string::npos) << e.what();
      }
      continue;
    }
    auto c = sql::compile(*stmt, dialect_named(d));
    if (regen) doc["sql"][d] = c.sql;
    ASSERT_TRUE(doc["sql"][d]) << "the fixture says nothing about " << d << "; it renders:\n" << c.sql;
    EXPECT_EQ(c.sql, doc["sql"][d].as<std::string>());
  }
  if (regen) {
    // Rewrites only the sql: block, keeping the rest of the file as written.
    std::ifstream in(path);
    std::string text, line;
    bool skipping = false;
    while (std::getline(in, line)) {
      if (line == "sql:") {
        skipping = true;
        YAML::Emitter e;
        e << YAML::BeginMap << YAML::Key << "sql" << YAML::Value << doc["sql"] << YAML::EndMap;
        text += std::string(e.c_str()) + "\n";
        continue;
      }
      if (skipping && (line.rfind("  ", 0) == 0)) continue;
      skipping = false;
      text += line + "\n";
    }
    in.close();
    std::ofstream(path) << text;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, SqlText, ::testing::ValuesIn(fixture_names()),
                         [](const auto& info) { return info.param; });

// The schema and sample rows, created on the backend for the suite.
class SqlRun : public retort::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    serialize_with("xq_tables");  // the same tables in every test of the suite
    engine = make_engine();
    conn.emplace(engine.connect());
    drop_all(sql_schema().md, *conn);
    create_all(sql_schema().md, *conn);
    for (const auto& s : retort::testing::sql_sample_rows()) conn->execute(*s);
    conn->commit();
  }
  void TearDown() override {
    if (conn) {
      conn->rollback();
      drop_all(sql_schema().md, *conn);
      conn->commit();
    }
  }
  void run_case(YAML::Node doc);
  Engine engine;
  std::optional<Connection> conn;
};

TEST_P(SqlRun, EveryCaseReturnsItsRows) {
  for (const auto& name : fixture_names()) {
    const auto path = kDir / (name + ".yaml");
    SCOPED_TRACE(name + ".yaml on " + this->name());
    YAML::Node doc = YAML::LoadFile(path.string());
    doc["case"] = name;
    try {
      run_case(doc);
    } catch (const Error& e) {
      ADD_FAILURE() << e.what();
    }
    conn->rollback();
  }
}

void SqlRun::run_case(YAML::Node doc) {
  {
    const std::string name = doc["case"].as<std::string>();
    auto stmt = sql_cases().at(name)(sql_schema());
    if (doc["error"][this->name()]) {
      EXPECT_THROW(conn->execute(*stmt), sql::CompileError);
      return;
    }
    Result r = conn->execute(*stmt, params_of(doc["params"]));
    if (doc["rows"]) {
      auto got = actual_rows(r);
      auto want = expected_rows(doc["rows"]);
      EXPECT_EQ(got, want) << "got:\n" << show(got) << "want:\n" << show(want);
    }
    if (doc["keys"]) {
      std::vector<std::string> keys;
      for (const auto& k : doc["keys"]) keys.push_back(k.as<std::string>());
      EXPECT_EQ(r.keys(), keys);
    }
    if (doc["rowcount"] && !doc["rows"]) {
      EXPECT_EQ(r.rowcount(), doc["rowcount"].as<std::int64_t>());
    }
    r.close();
    if (doc["after"]) {
      Result a = conn->execute(doc["after"].as<std::string>());
      auto got = actual_rows(a);
      auto want = expected_rows(doc["after_rows"]);
      EXPECT_EQ(got, want) << "after:\n" << show(got) << "want:\n" << show(want);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, SqlRun, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
