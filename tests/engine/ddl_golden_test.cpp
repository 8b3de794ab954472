// The DDL each dialect renders, as data: every tests/engine/data/ddl/*.yaml
// holds a schema (in the schema YAML format) and, per dialect, the expected
// create_all_sql (and optionally drop_all_sql) output, or the SchemaError it
// must raise. A new case is a new file. The same statements are then run on
// each configured database, in a scratch schema or database of their own, so
// that every expectation is also SQL the server accepts.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <unistd.h>

#include "retort/engine/ddl.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/schema_yaml.hpp"
#include "retort/engine/url.hpp"
#include "support/backends.hpp"

using namespace retort;

namespace {

const std::filesystem::path kDir = RETORT_TEST_DATA_DIR "/engine/data/ddl";
const char* const kDialects[] = {"sqlite", "postgresql", "mysql"};

std::vector<std::string> fixture_names() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(kDir))
    if (e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string joined(const std::vector<std::string>& statements) {
  std::string out;
  for (const auto& s : statements) out += s + ";\n";
  return out;
}

// Fixtures may use this decorated type.
void register_fixture_types() {
  static const bool once = [] {
    register_type_decorator({"GoldenJsonText", types::Text(), {}, {}});
    return true;
  }();
  (void)once;
}

class DDLGolden : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    register_fixture_types();
    path = kDir / (GetParam() + ".yaml");
    doc = YAML::LoadFile(path.string());
    ASSERT_TRUE(doc["schema"]) << path << ": no 'schema' key";
    md = parse_schema_yaml(doc["schema"].as<std::string>(), path.string());
  }
  std::filesystem::path path;
  YAML::Node doc;
  MetaData md;
};

TEST_P(DDLGolden, RendersAsExpected) {
  for (const char* dialect : kDialects) {
    SCOPED_TRACE(std::string(dialect) + " in " + path.string());
    const Dialect& d = dialect_for(URL::parse(std::string(dialect) + "://"));
    const YAML::Node create = doc["create"][dialect], drop = doc["drop"][dialect],
                     error = doc["error"][dialect];
    ASSERT_TRUE(create || error) << "the fixture says nothing about " << dialect;
    if (error) {
      try {
        auto sql = create_all_sql(md, d);
        ADD_FAILURE() << "expected SchemaError containing '" << error.as<std::string>()
                      << "', got:\n"
                      << joined(sql);
      } catch (const SchemaError& e) {
        EXPECT_NE(std::string(e.what()).find(error.as<std::string>()), std::string::npos)
            << "SchemaError: " << e.what();
      }
      continue;
    }
    EXPECT_EQ(joined(create_all_sql(md, d)), create.as<std::string>());
    if (drop) {
      EXPECT_EQ(joined(drop_all_sql(md, d)), drop.as<std::string>());
    }
  }
}

// A place of its own on one database for a fixture's tables: a fresh SQLite
// file, a PostgreSQL schema first on the search_path, a MySQL database; the
// fixture's own schemas are created next to it, so those names must differ
// from one fixture to the next (ctest runs fixtures in parallel). Removed
// when done.
class Scratch {
 public:
  Scratch(const retort::testing::Backend& backend, const MetaData& md)
      : name_(backend.name), place_("rt_ddl_golden_" + std::to_string(::getpid())) {
    const std::string& place = place_;
    auto use = [this](const std::optional<std::string>& s) {
      if (s && std::find(schemas_.begin(), schemas_.end(), *s) == schemas_.end())
        schemas_.push_back(*s);
    };
    use(md.schema);
    for (const auto& t : md.tables()) use(t->schema);
    if (name_ == "sqlite") {
      engine_ = create_engine(retort::testing::fresh_sqlite_url("golden"), {});
      conn_.emplace(engine_.connect());
      for (const auto& s : schemas_) {
        std::string file = retort::testing::fresh_sqlite_url(s).substr(10);
        conn_->exec_driver_sql("ATTACH DATABASE '" + file + "' AS " + s);
      }
      return;
    }
    auto admin_engine = create_engine(backend.url, {});
    auto admin = admin_engine.connect();
    const std::string kind = name_ == "postgresql" ? "SCHEMA" : "DATABASE";
    for (const auto& s : with_place(place)) {
      admin.exec_driver_sql("DROP " + kind + " IF EXISTS " + s + (name_ == "postgresql" ? " CASCADE" : ""));
      admin.exec_driver_sql("CREATE " + kind + " " + s);
    }
    admin.commit();
    drop_ = [url = backend.url, kind, all = with_place(place), pg = name_ == "postgresql"] {
      auto e = create_engine(url, {});
      auto c = e.connect();
      for (const auto& s : all)
        c.exec_driver_sql("DROP " + kind + " IF EXISTS " + s + (pg ? " CASCADE" : ""));
      c.commit();
    };
    URL url = URL::parse(backend.url);
    if (name_ == "mysql") url.database = place;
    engine_ = create_engine(url.render(false), {});
    conn_.emplace(engine_.connect());
    if (name_ == "postgresql") {
      conn_->exec_driver_sql("SET search_path TO " + place);
      conn_->commit();
    }
  }
  ~Scratch() {
    conn_.reset();
    try {
      if (drop_) drop_();
    } catch (const Error& e) {
      ADD_FAILURE() << "could not remove the scratch schemas: " << e.what();
    }
  }
  Connection& conn() { return *conn_; }

  // Tables (and PostgreSQL enum types) left in the scratch place and schemas.
  std::int64_t remaining() {
    std::string in;
    for (const auto& s : with_place(place_)) in += (in.empty() ? "'" : ", '") + s + "'";
    std::int64_t n = 0;
    if (name_ == "sqlite") {
      n = *conn_->execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
               .scalar_as<std::int64_t>();
      for (const auto& s : schemas_)
        n += *conn_->execute("SELECT count(*) FROM " + s + ".sqlite_master WHERE type = 'table'")
                  .scalar_as<std::int64_t>();
    } else if (name_ == "postgresql") {
      n = *conn_->execute("SELECT (SELECT count(*) FROM pg_tables WHERE schemaname IN (" + in +
                          ")) + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = "
                          "t.typnamespace WHERE t.typtype = 'e' AND n.nspname IN (" + in + "))")
               .scalar_as<std::int64_t>();
    } else {
      n = *conn_->execute("SELECT count(*) FROM information_schema.tables WHERE table_schema IN (" +
                          in + ")")
               .scalar_as<std::int64_t>();
    }
    conn_->commit();
    return n;
  }

 private:
  std::vector<std::string> with_place(const std::string& place) const {
    std::vector<std::string> all{place};
    all.insert(all.end(), schemas_.begin(), schemas_.end());
    return all;
  }
  std::string name_, place_;
  std::vector<std::string> schemas_;
  Engine engine_;
  std::optional<Connection> conn_;
  std::function<void()> drop_;
};

TEST_P(DDLGolden, DatabasesAcceptIt) {
  for (const auto& backend : retort::testing::backends()) {
    SCOPED_TRACE(backend.name + " in " + path.string());
    if (backend.url.empty()) {
      ADD_FAILURE() << backend.name << " is not configured";
      continue;
    }
    if (!doc["create"][backend.name] || doc["server_skip"][backend.name]) continue;
    const Dialect& d = dialect_for(URL::parse(backend.name + "://"));
    Scratch scratch(backend, md);
    Connection& conn = scratch.conn();
    for (const auto& s : create_all_sql(md, d)) {
      SCOPED_TRACE(s);
      conn.exec_driver_sql(s);
    }
    conn.commit();
    for (const auto& s : drop_all_sql(md, d)) {
      SCOPED_TRACE(s);
      conn.exec_driver_sql(s);
    }
    conn.commit();
    EXPECT_EQ(scratch.remaining(), 0) << "drop_all_sql left something behind";
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, DDLGolden, ::testing::ValuesIn(fixture_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
