// Tests of retort::URL. The cases live in tests/engine/data/urls.yaml so that adding one is a
// data change; this file checks every field, both renderings, the round trip through
// render(false), and that no password ever reaches an error message or a masked rendering.
#include "retort/engine/url.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "retort/engine/error.hpp"

#ifndef RETORT_TEST_DATA_DIR
#error "RETORT_TEST_DATA_DIR must name the tests/ source directory"
#endif

namespace retort {
namespace {

constexpr auto npos = std::string::npos;
const char* const kDataFile = RETORT_TEST_DATA_DIR "/engine/data/urls.yaml";

struct UrlCase {
  YAML::Node node;
  std::string name;
};

void PrintTo(const UrlCase& c, std::ostream* os) { *os << c.name; }

// Loads one section. Errors are swallowed here because this runs while GoogleTest registers
// tests; UrlData.FileLoads reports them instead.
std::vector<UrlCase> load_cases(const char* section) {
  std::vector<UrlCase> cases;
  try {
    const YAML::Node root = YAML::LoadFile(kDataFile);
    for (const YAML::Node& node : root[section]) {
      std::string label =
          node["url"] ? node["url"].as<std::string>() : node["text"].as<std::string>();
      std::string name = std::to_string(cases.size()) + "_";
      for (char c : label.substr(0, 48)) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum) {
          name += c;
        } else if (name.back() != '_') {
          name += '_';
        }
      }
      cases.push_back({node, name});
    }
  } catch (const std::exception&) {
    cases.clear();
  }
  return cases;
}

std::string case_name(const testing::TestParamInfo<UrlCase>& info) { return info.param.name; }

std::optional<std::string> opt_str(const YAML::Node& c, const char* key) {
  if (!c[key]) return std::nullopt;
  return c[key].as<std::string>();
}

TEST(UrlData, FileLoads) {
  YAML::Node root;
  ASSERT_NO_THROW(root = YAML::LoadFile(kDataFile)) << kDataFile;
  EXPECT_GE(root["valid"].size(), 50u);
  EXPECT_GE(root["invalid"].size(), 35u);
  EXPECT_GE(root["mask"].size(), 15u);
  EXPECT_EQ(load_cases("valid").size(), root["valid"].size());
  EXPECT_EQ(load_cases("invalid").size(), root["invalid"].size());
  EXPECT_EQ(load_cases("mask").size(), root["mask"].size());
}

class UrlValid : public testing::TestWithParam<UrlCase> {};

TEST_P(UrlValid, ParsesRendersAndRoundTrips) {
  const YAML::Node& c = GetParam().node;
  const auto text = c["url"].as<std::string>();
  URL url;
  ASSERT_NO_THROW(url = URL::parse(text)) << text;

  EXPECT_EQ(url.drivername, c["drivername"].as<std::string>());
  EXPECT_EQ(url.dialect_name(), c["dialect"].as<std::string>());
  EXPECT_EQ(url.driver(), opt_str(c, "driver").value_or(""));
  EXPECT_EQ(url.username, opt_str(c, "username"));
  EXPECT_EQ(url.password, opt_str(c, "password"));
  EXPECT_EQ(url.host, opt_str(c, "host"));
  EXPECT_EQ(url.port, c["port"] ? std::optional<int>(c["port"].as<int>()) : std::nullopt);
  EXPECT_EQ(url.database, opt_str(c, "database"));
  std::vector<std::pair<std::string, std::string>> query;
  if (c["query"]) {
    for (const YAML::Node& kv : c["query"]) {
      query.emplace_back(kv[0].as<std::string>(), kv[1].as<std::string>());
    }
  }
  EXPECT_EQ(url.query, query);
  EXPECT_EQ(url.is_sqlite_memory(), c["memory"] ? c["memory"].as<bool>() : false);

  EXPECT_EQ(url.render(), c["render"].as<std::string>());
  EXPECT_EQ(url.str(), url.render());
  const std::string full = url.render(false);
  EXPECT_EQ(full, opt_str(c, "full").value_or(text));
  URL again;
  ASSERT_NO_THROW(again = URL::parse(full)) << full;
  EXPECT_EQ(again, url) << full;
  EXPECT_EQ(again.render(false), full);

  if (url.password && !url.password->empty()) {
    EXPECT_EQ(url.render().find(*url.password), npos) << url.render();
    EXPECT_EQ(mask_password(full, url.password).find(*url.password), npos);
  }
  for (const auto& [key, value] : url.query) {
    if (key == "password") {
      EXPECT_EQ(url.render().find(value), npos) << url.render();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Data, UrlValid, testing::ValuesIn(load_cases("valid")), case_name);

class UrlInvalid : public testing::TestWithParam<UrlCase> {};

TEST_P(UrlInvalid, ThrowsArgumentErrorWithoutPassword) {
  const YAML::Node& c = GetParam().node;
  const auto text = c["url"].as<std::string>();
  try {
    const URL url = URL::parse(text);
    ADD_FAILURE() << "parsed " << text << " as " << url.render();
  } catch (const ArgumentError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(c["error"].as<std::string>()), npos) << message;
    EXPECT_EQ(message.find('\n'), npos) << message;
    if (c["secret"]) {
      EXPECT_EQ(message.find(c["secret"].as<std::string>()), npos) << message;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Data, UrlInvalid, testing::ValuesIn(load_cases("invalid")), case_name);

class UrlMask : public testing::TestWithParam<UrlCase> {};

TEST_P(UrlMask, MasksPassword) {
  const YAML::Node& c = GetParam().node;
  EXPECT_EQ(mask_password(c["text"].as<std::string>(), opt_str(c, "password")),
            c["expected"].as<std::string>());
}

INSTANTIATE_TEST_SUITE_P(Data, UrlMask, testing::ValuesIn(load_cases("mask")), case_name);

TEST(UrlApi, QueryValueReturnsFirstValue) {
  const URL url = URL::parse("postgresql://h/db?host=a&host=b&empty=");
  EXPECT_EQ(url.query_value("host"), "a");
  EXPECT_EQ(url.query_value("empty"), "");
  EXPECT_EQ(url.query_value("missing"), std::nullopt);
}

TEST(UrlApi, SqliteMemoryOnlyForSqlite) {
  EXPECT_FALSE(URL::parse("postgresql:///:memory:").is_sqlite_memory());
  EXPECT_FALSE(URL::parse("sqlite:///memory.db").is_sqlite_memory());
  EXPECT_FALSE(URL::parse("sqlite:///file:app.db?mode=ro").is_sqlite_memory());
  EXPECT_FALSE(URL::parse("sqlite:///./:memory:").is_sqlite_memory());
  EXPECT_TRUE(URL::parse("sqlite+pysqlite://").is_sqlite_memory());
}

TEST(UrlApi, RendersHandBuiltUrls) {
  URL url;
  url.drivername = "postgresql+psycopg2";
  url.username = "a b";
  url.password = "x/y";
  url.host = "fe80::2";
  url.port = 5432;
  url.database = "db";
  url.query = {{"application_name", "my app"}};
  EXPECT_EQ(url.render(false),
            "postgresql+psycopg2://a%20b:x%2Fy@[fe80::2]:5432/db?application_name=my%20app");
  EXPECT_EQ(url.render(),
            "postgresql+psycopg2://a%20b:***@[fe80::2]:5432/db?application_name=my%20app");
  EXPECT_EQ(URL::parse(url.render(false)), url);
  EXPECT_EQ(url.dialect_name(), "postgresql");
  EXPECT_EQ(url.driver(), "psycopg2");
}

TEST(UrlApi, ErrorIsAnArgumentError) {
  EXPECT_THROW(URL::parse("oracle://h/db"), ArgumentError);
  EXPECT_THROW(URL::parse("nonsense"), Error);
}

// A seeded generator of awkward user names, passwords and query values: every printable
// ASCII character, UTF-8 and raw high bytes. Reproducible, so a failure can be replayed.
class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  std::string text(size_t min_len, size_t max_len) {
    static const std::vector<std::string> extra = {"é", "€", "😀", "\xff", "%", "@", ":", "/",  "?",
                                                   "#", "[", "]", "&",    "=", "+", " ", "***"};
    std::string out;
    const size_t len = pick(min_len, max_len);
    while (out.size() < len) {
      if (pick(0, 3) == 0) {
        out += extra[pick(0, extra.size() - 1)];
      } else {
        out += static_cast<char>(pick(0x20, 0x7e));
      }
    }
    return out;
  }
  size_t pick(size_t lo, size_t hi) { return std::uniform_int_distribution<size_t>(lo, hi)(rng_); }

 private:
  std::mt19937 rng_;
};

TEST(UrlGenerated, RoundTripsAndNeverLeaksPassword) {
  Generator gen(20240611);
  const std::vector<std::string> drivers = {"postgresql", "postgresql+psycopg2", "mysql",
                                            "mariadb+mariadbconnector", "postgres"};
  const std::vector<std::optional<std::string>> hosts = {std::nullopt, "localhost", "::1",
                                                         "db.example.com", "10.0.0.7"};
  for (int i = 0; i < 500; ++i) {
    URL url;
    url.drivername = drivers[gen.pick(0, drivers.size() - 1)];
    url.username = gen.text(0, 10);
    url.password = gen.text(8, 20);
    url.host = hosts[gen.pick(0, hosts.size() - 1)];
    if (gen.pick(0, 1) == 1) url.port = static_cast<int>(gen.pick(0, 65535));
    if (gen.pick(0, 2) > 0) url.database = "db_" + std::to_string(i);
    for (size_t q = gen.pick(0, 3); q > 0; --q)
      url.query.emplace_back(gen.text(1, 6), gen.text(0, 8));
    const std::string& password = *url.password;
    SCOPED_TRACE("iteration " + std::to_string(i));

    const std::string full = url.render(false);
    URL parsed;
    ASSERT_NO_THROW(parsed = URL::parse(full)) << full;
    EXPECT_EQ(parsed, url) << full;
    EXPECT_EQ(url.render().find(password), npos) << url.render();
    const std::string masked =
        mask_password("error in " + full + ": bad password " + password, password);
    EXPECT_EQ(masked.find(password), npos) << masked;

    // The same URL with a broken port, written both encoded and (when possible) raw.
    const size_t at = full.rfind('@', full.find_first_of("/?", full.find("://") + 3));
    const std::string prefix = full.substr(0, at + 1);
    const size_t colon = prefix.find(':', full.find("://") + 3);
    const std::string encoded = prefix.substr(colon + 1, at - colon - 1);
    for (const std::string& bad :
         {prefix + "host:port/db", url.drivername + "://user:" + password + "@host:99999/db"}) {
      try {
        (void)URL::parse(bad);
      } catch (const ArgumentError& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.find(password), npos) << message;
        EXPECT_EQ(message.find(encoded), npos) << message;
      }
    }
  }
}

}  // namespace
}  // namespace retort
