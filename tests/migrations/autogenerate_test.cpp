// Autogenerate on every backend, driven by the drift scenarios of
// tests/migrations/data/autogen/<case>/: before.yaml is created, compared
// with after.yaml, and the generated revision is checked against
// expected.yaml (the changes, and the upgrade's operations in order), then
// run: after the upgrade the database compares equal to after.yaml (and
// autogenerate finds nothing), after the downgrade equal to before.yaml,
// and rows inserted before the upgrade are still there at each step.
#include "retort/migrations/autogenerate.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "retort/engine/ddl.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/engine/schema_yaml.hpp"
#include "retort/migrations/runtime.hpp"
#include "support/backends.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::migrations;
using retort::testing::Backend;

const fs::path kCases = fs::path(RETORT_TEST_DATA_DIR) / "migrations" / "data" / "autogen";

// A database of its own (a SQLite file, or a database created on the
// server), dropped on destruction.
class ScratchDatabase {
 public:
  ScratchDatabase(const Backend& b, const std::string& tag) : dialect_(b.name) {
    static std::atomic<int> counter{0};
    name_ = "rt_ag_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    if (dialect_ == "sqlite") {
      url_ = retort::testing::fresh_sqlite_url(name_);
      return;
    }
    retort::EngineOptions opts;
    opts.isolation_level = "AUTOCOMMIT";
    admin_ = retort::create_engine(b.url, opts);
    admin_conn_.emplace(admin_.connect());
    const auto& d = admin_conn_->dialect();
    admin_conn_->execute("DROP DATABASE IF EXISTS " + d.quote_identifier(name_));
    admin_conn_->execute("CREATE DATABASE " + d.quote_identifier(name_));
    auto u = retort::URL::parse(b.url);
    u.database = name_;
    url_ = u.render(false);
  }
  ~ScratchDatabase() {
    if (!admin_conn_) return;
    try {
      admin_conn_->execute("DROP DATABASE IF EXISTS " +
                           admin_conn_->dialect().quote_identifier(name_) +
                           (dialect_ == "postgresql" ? " WITH (FORCE)" : ""));
    } catch (const std::exception& e) {
      ADD_FAILURE() << "could not drop " << name_ << ": " << e.what();
    }
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::string dialect_, name_, url_;
  retort::Engine admin_;
  std::optional<retort::Connection> admin_conn_;
};

struct Case {
  std::string name;
  Backend backend;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.name << "/" << c.backend.name; }

std::vector<std::string> strings(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n)
    for (const auto& e : n) out.push_back(e.as<std::string>());
  return out;
}

// expected.yaml: `dialects` (default: all), and `changes` / `upgrade` /
// `notes` (their number), each overridable per dialect under a key of the
// dialect's name; `setup` SQL (before before.yaml is created),
// `after_create` SQL (after it, per dialect too), `include_schemas`,
// `exclude_tables`, `rows`.
YAML::Node expected_for(const YAML::Node& doc, const std::string& dialect, const char* key) {
  if (doc[dialect] && doc[dialect][key]) return doc[dialect][key];
  return doc[key];
}

std::vector<Case> cases() {
  std::vector<Case> out;
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(kCases))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    YAML::Node doc = YAML::LoadFile((dir / "expected.yaml").string());
    auto only = strings(doc["dialects"]);
    for (const auto& b : retort::testing::backends())
      if (only.empty() || std::find(only.begin(), only.end(), b.name) != only.end())
        out.push_back({dir.filename().string(), b});
  }
  return out;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return info.param.name + "_" + info.param.backend.name;
}

std::string changes_text(const SchemaDiff& diff) {
  std::string out;
  for (const auto& c : diff.changes) out += "  " + c.describe() + "\n";
  return out;
}

class Autogenerate : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    if (GetParam().backend.url.empty())
      GTEST_FAIL() << "backend " << GetParam().backend.name << " is not configured";
  }
  SchemaDiff compare(retort::Connection& conn, const retort::MetaData& declared) {
    AutogenerateOptions o = autogenerate_options(config_);
    auto live = reflect_live_schema(conn, config_, o);
    conn.rollback();
    return compare_schema(declared, live, conn.dialect(), o);
  }
  Config config_;
};

std::size_t count_rows(retort::Connection& conn, const std::string& table) {
  auto n = conn.execute("SELECT COUNT(*) FROM " + conn.dialect().quote_identifier(table))
               .scalar_as<std::int64_t>();
  conn.rollback();
  return static_cast<std::size_t>(n.value_or(-1));
}

TEST_P(Autogenerate, Scenario) {
  const auto& c = GetParam();
  const fs::path dir = kCases / c.name;
  const YAML::Node expected = YAML::LoadFile((dir / "expected.yaml").string());
  const std::string dialect = c.backend.name;

  ScratchDatabase db(c.backend, c.name);
  auto engine = retort::create_engine(db.url());
  auto conn = engine.connect();
  // __default_schema__ in a schema file is the connection's default schema.
  const std::string default_schema = retort::Inspector(conn).default_schema_name();
  conn.rollback();
  auto load = [&](const char* file) {
    std::ifstream in(dir / file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto at = text.find("__default_schema__"); at != std::string::npos;
         at = text.find("__default_schema__", at))
      text.replace(at, std::strlen("__default_schema__"), default_schema);
    return retort::parse_schema_yaml(text, (dir / file).string());
  };
  const auto before = load("before.yaml");
  const auto after = load("after.yaml");
  for (const auto& sql : strings(expected["setup"])) conn.execute(sql);
  conn.commit();
  config_.include_schemas = strings(expected["include_schemas"]);
  config_.exclude_tables = strings(expected["exclude_tables"]);
  retort::create_all(before, conn);
  for (const auto& sql : strings(expected_for(expected, dialect, "after_create")))
    conn.execute(sql);
  conn.commit();

  // Rows to keep: `rows: {table: [{col: value}, ...]}`.
  std::map<std::string, std::size_t> rows;
  for (const auto& t : expected["rows"]) {
    const std::string table = t.first.as<std::string>();
    for (const auto& row : t.second) {
      std::string cols, params;
      retort::Params p;
      for (const auto& kv : row) {
        const std::string col = kv.first.as<std::string>();
        cols += (cols.empty() ? "" : ", ") + conn.dialect().quote_identifier(col);
        params += (params.empty() ? ":" : ", :") + col;
        p.emplace_back(col, retort::Value(kv.second.as<std::string>()));
      }
      conn.execute("INSERT INTO " + conn.dialect().quote_identifier(table) + " (" + cols +
                       ") VALUES (" + params + ")",
                   p);
      ++rows[table];
    }
  }
  conn.commit();

  // Nothing to do against the schema as created.
  EXPECT_TRUE(compare(conn, before).empty()) << "before.yaml differs from itself as created:\n"
                                             << changes_text(compare(conn, before));

  const SchemaDiff diff = compare(conn, after);
  std::vector<std::string> got_changes, got_ops;
  for (const auto& ch : diff.changes) {
    std::string s(change_kind_name(ch.kind));
    s += " " + ch.table + (ch.object.empty() ? "" : (ch.table.empty() ? "" : ".") + ch.object);
    got_changes.push_back(s);
  }
  for (const auto& op : diff.upgrade) got_ops.push_back(op.name);
  EXPECT_EQ(got_changes, strings(expected_for(expected, dialect, "changes")))
      << changes_text(diff);
  EXPECT_EQ(got_ops, strings(expected_for(expected, dialect, "upgrade")))
      << render_operations(diff);
  if (const auto want = expected_for(expected, dialect, "notes")) {
    std::string notes;
    for (const auto& n : diff.notes) notes += "  " + n + "\n";
    EXPECT_EQ(diff.notes.size(), want.as<std::size_t>()) << notes;
  }
  if (expected["possible_renames"]) {
    std::vector<std::string> renames;
    for (const auto& r : diff.possible_renames) renames.push_back(r.table + "." + r.from + " -> " + r.to);
    EXPECT_EQ(renames, strings(expected["possible_renames"]));
  }

  // The revision file, as `retort revision --autogenerate` writes it.
  const fs::path versions = fs::temp_directory_path() / ("rt_ag_" + c.name + "_" + dialect + "_" +
                                                         std::to_string(::getpid()));
  fs::remove_all(versions);
  fs::create_directories(versions);
  struct Remove {
    fs::path p;
    ~Remove() { fs::remove_all(p); }
  } remove{versions};
  {
    std::ofstream out(versions / "a1.yaml");
    out << "revision: a1\ndown_revision: null\nmessage: autogenerated\n" << render_operations(diff);
  }
  auto scripts = ScriptDirectory::load({versions});
  MigrationContext mc(config_, engine, scripts);
  conn.close();

  ASSERT_NO_THROW(mc.upgrade("heads")) << render_operations(diff);
  conn = engine.connect();
  SchemaDiff again = compare(conn, after);
  EXPECT_TRUE(again.empty()) << "after the upgrade, autogenerate still finds:\n"
                             << changes_text(again) << "revision:\n"
                             << render_operations(diff);
  for (const auto& [table, n] : rows)
    if (after.table(table)) {
      EXPECT_EQ(count_rows(conn, table), n) << table << " after upgrade";
    }
  conn.close();

  ASSERT_NO_THROW(mc.downgrade("base")) << render_operations(diff);
  conn = engine.connect();
  SchemaDiff back = compare(conn, before);
  EXPECT_TRUE(back.empty()) << "after the downgrade, the database differs from before.yaml:\n"
                            << changes_text(back) << "revision:\n"
                            << render_operations(diff);
  for (const auto& [table, n] : rows)
    EXPECT_EQ(count_rows(conn, table), n) << table << " after downgrade";
}

INSTANTIATE_TEST_SUITE_P(Cases, Autogenerate, ::testing::ValuesIn(cases()), case_name);

}  // namespace

namespace {

TEST(AutogenerateFilters, GlobMatch) {
  EXPECT_TRUE(glob_match("*", "anything"));
  EXPECT_TRUE(glob_match("app_*", "app_user"));
  EXPECT_FALSE(glob_match("app_*", "xapp_user"));
  EXPECT_TRUE(glob_match("*_old", "user_old"));
  EXPECT_TRUE(glob_match("t?", "t1"));
  EXPECT_FALSE(glob_match("t?", "t12"));
  EXPECT_TRUE(glob_match("log_[0-9]*", "log_2024"));
  EXPECT_FALSE(glob_match("log_[0-9]*", "log_x"));
  EXPECT_TRUE(glob_match("log_[!0-9]*", "log_x"));
  EXPECT_TRUE(glob_match("a*b*c", "aXbYc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXbY"));
}

TEST(AutogenerateFilters, TableIncluded) {
  AutogenerateOptions o;
  o.ignore_tables = {"retort_version", "retort_history"};
  EXPECT_TRUE(table_included("account", o));
  EXPECT_FALSE(table_included("retort_version", o));
  o.include_tables = {"app_*"};
  o.exclude_tables = {"*_tmp"};
  EXPECT_TRUE(table_included("app_user", o));
  EXPECT_FALSE(table_included("other", o));
  EXPECT_FALSE(table_included("app_user_tmp", o));
}

TEST(AutogenerateFilters, ConfigKeysAndHistoryTableIgnored) {
  const fs::path dir = fs::temp_directory_path() / ("rt_ag_cfg_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream out(dir / "retort.yaml");
    out << "target_metadata: [a.yaml]\ninclude_tables: [\"app_*\"]\nexclude_tables: tmp\n"
           "include_schemas: [billing]\nversion_table: v\n";
  }
  auto c = load_config(dir / "retort.yaml");
  auto o = autogenerate_options(c);
  EXPECT_EQ(o.include_tables, std::vector<std::string>{"app_*"});
  EXPECT_EQ(o.exclude_tables, std::vector<std::string>{"tmp"});
  EXPECT_EQ(o.include_schemas, std::vector<std::string>{"billing"});
  EXPECT_EQ(o.ignore_tables, (std::vector<std::string>{"v", "v_history"}));
  {
    std::ofstream out(dir / "retort.yaml");
    out << "include_tables: {a: b}\n";
  }
  try {
    load_config(dir / "retort.yaml");
    ADD_FAILURE() << "a map for include_tables was accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("retort.yaml:1:17: 'include_tables' must be a string or a list"),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(dir);
}

// The comparison is a pure function: the same metadata on both sides is no
// change, on every dialect, without a database.
TEST(AutogenerateCompare, SameMetadataIsNoChange) {
  const auto md = retort::load_schema_yaml(
      (kCases / "drop_column_restores" / "before.yaml").string());
  for (const char* url : {"sqlite://", "postgresql://u@h/d", "mysql://u@h/d"}) {
    const auto& dialect = retort::dialect_for(retort::URL::parse(url));
    EXPECT_TRUE(compare_schema(md, md, dialect).empty()) << url;
    // Everything missing from the database: every table is created.
    auto diff = compare_schema(md, retort::MetaData(), dialect);
    ASSERT_EQ(diff.changes.size(), 2u) << url;
    EXPECT_EQ(diff.upgrade.size(), 2u);
    EXPECT_EQ(diff.upgrade[0].name, "create_table");
    EXPECT_NE(diff.upgrade[0].yaml.find("name: team"), std::string::npos)
        << "team is referred to by player: created first";
  }
}

}  // namespace

namespace {

// One column declared one way and reflected another: the same type and
// default for the dialect, or not.
SchemaDiff one_column(const char* url, const std::string& declared_col,
                      const std::string& reflected_col) {
  auto doc = [](const std::string& col) {
    return retort::parse_schema_yaml("tables:\n  t:\n    columns:\n      - {name: id, type: Integer, "
                                     "primary_key: true}\n      - " + col + "\n");
  };
  return compare_schema(doc(declared_col), doc(reflected_col),
                        retort::dialect_for(retort::URL::parse(url)));
}

TEST(AutogenerateNormalisation, EquivalentTypeSpellingsAreNoChange) {
  const char* pg = "postgresql://u@h/d";
  const char* my = "mysql://u@h/d";
  const char* lite = "sqlite://";
  struct Same {
    const char* url;
    const char* declared;
    const char* reflected;
  };
  for (const auto& s : std::vector<Same>{
           {pg, "{name: c, type: postgresql.INT4}", "{name: c, type: Integer}"},
           {pg, "{name: c, type: postgresql.INT8}", "{name: c, type: BigInteger}"},
           {pg, "{name: c, type: postgresql.BOOL}", "{name: c, type: Boolean}"},
           {pg, "{name: c, type: postgresql.VARCHAR(50)}", "{name: c, type: String(50)}"},
           {pg, "{name: c, type: postgresql.TIMESTAMPTZ}", "{name: c, type: DateTime(timezone=true)}"},
           {pg, "{name: c, type: postgresql.FLOAT8}", "{name: c, type: Float}"},
           {pg, "{name: c, type: Float(53)}", "{name: c, type: Float}"},
           {pg, "{name: c, type: \"postgresql.DECIMAL(10,2)\"}", "{name: c, type: \"Numeric(10,2)\"}"},
           {my, "{name: c, type: mysql.TINYINT(1)}", "{name: c, type: Boolean}"},
           {my, "{name: c, type: mysql.INT(11)}", "{name: c, type: Integer}"},
           {my, "{name: c, type: mysql.VARCHAR(50)}", "{name: c, type: String(50)}"},
           {lite, "{name: c, type: sqlite.INT}", "{name: c, type: Integer}"},
       })
    EXPECT_TRUE(one_column(s.url, s.declared, s.reflected).empty())
        << s.url << ": " << s.declared << " vs " << s.reflected;
  // Real changes stay changes.
  EXPECT_FALSE(one_column(pg, "{name: c, type: String(50)}", "{name: c, type: String(60)}").empty());
  EXPECT_FALSE(one_column(my, "{name: c, type: mysql.TINYINT(2)}", "{name: c, type: Boolean}").empty());
  EXPECT_FALSE(one_column(pg, "{name: c, type: Float(10)}", "{name: c, type: Float}").empty());
}

TEST(AutogenerateNormalisation, DatabaseSpellingsOfDefaultsAreNoChange) {
  const char* pg = "postgresql://u@h/d";
  const char* my = "mysql://u@h/d";
  struct Same {
    const char* url;
    const char* declared;
    const char* reflected;
  };
  for (const auto& s : std::vector<Same>{
           {pg, "{name: c, type: String(9), server_default: \"'x'\"}",
            "{name: c, type: String(9), server_default: \"'x'::character varying\"}"},
           {pg, "{name: c, type: DateTime, server_default: CURRENT_TIMESTAMP}",
            "{name: c, type: DateTime, server_default: now()}"},
           {pg, "{name: c, type: Integer, server_default: \"'5'\"}",
            "{name: c, type: Integer, server_default: \"5\"}"},
           {pg, "{name: c, type: Integer, server_default: \"(1 + 2)\"}",
            "{name: c, type: Integer, server_default: \"1+2\"}"},
           {pg, "{name: c, type: Boolean, server_default: \"true\"}",
            "{name: c, type: Boolean, server_default: \"'t'\"}"},
           {my, "{name: c, type: \"Numeric(12,2)\", server_default: \"0\"}",
            "{name: c, type: \"Numeric(12,2)\", server_default: \"0.00\"}"},
           {my, "{name: c, type: Boolean, server_default: \"false\"}",
            "{name: c, type: Boolean, server_default: \"0\"}"},
           {my, "{name: c, type: DateTime, server_default: \"CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP\"}",
            "{name: c, type: DateTime, server_default: \"current_timestamp() ON UPDATE current_timestamp()\"}"},
       })
    EXPECT_TRUE(one_column(s.url, s.declared, s.reflected).empty())
        << s.url << ": " << s.declared << " vs " << s.reflected;
  EXPECT_FALSE(one_column(pg, "{name: c, type: String(9), server_default: \"'x'\"}",
                          "{name: c, type: String(9), server_default: \"'y'\"}")
                   .empty());
  EXPECT_FALSE(one_column(my, "{name: c, type: Integer, server_default: \"1\"}",
                          "{name: c, type: Integer, server_default: \"10\"}")
                   .empty());
}

TEST(AutogenerateNormalisation, ForeignKeyActionsAndMySQLRestrict) {
  auto doc = [](const std::string& fk) {
    return retort::parse_schema_yaml(
        "tables:\n  p:\n    columns: [{name: id, type: Integer, primary_key: true}]\n  c:\n"
        "    columns: [{name: id, type: Integer, primary_key: true}, {name: p_id, type: Integer}]\n"
        "    foreign_keys: [" + fk + "]\n");
  };
  const auto& pg = retort::dialect_for(retort::URL::parse("postgresql://u@h/d"));
  const auto& my = retort::dialect_for(retort::URL::parse("mysql://u@h/d"));
  auto plain = doc("{name: fk, columns: [p_id], references: p(id)}");
  auto no_action = doc("{name: fk, columns: [p_id], references: p(id), ondelete: NO ACTION}");
  auto restrict = doc("{name: fk, columns: [p_id], references: p(id), ondelete: RESTRICT}");
  auto cascade = doc("{name: fk, columns: [p_id], references: p(id), ondelete: cascade}");
  EXPECT_TRUE(compare_schema(no_action, plain, pg).empty());
  EXPECT_TRUE(compare_schema(restrict, plain, my).empty());
  EXPECT_FALSE(compare_schema(restrict, plain, pg).empty());
  auto diff = compare_schema(cascade, plain, pg);
  ASSERT_EQ(diff.changes.size(), 2u);
  EXPECT_EQ(diff.changes[0].describe(), "drop_foreign_key c.fk (-> p)");
  EXPECT_EQ(diff.changes[1].describe(), "add_foreign_key c.fk (-> p)");
}

}  // namespace

namespace {

std::string all_comments(const std::vector<PlannedOperation>& ops) {
  std::string out;
  for (const auto& op : ops)
    for (const auto& c : op.comments) out += c + "\n";
  return out;
}

// Each upgrade operation the lint flags carries a note naming the finding
// and its allow:, without a database; nothing is allowed in the file.
TEST(AutogenerateLintNotes, FindingsOfEachKindAreNoted) {
  const auto before = retort::parse_schema_yaml(
      "tables:\n  t:\n    columns:\n      - {name: id, type: Integer, primary_key: true}\n"
      "      - {name: name, type: String(100)}\n      - {name: mail, type: String(50)}\n"
      "      - {name: gone, type: Integer}\n  old_table:\n    columns: [{name: id, type: Integer, "
      "primary_key: true}]\n");
  const auto after = retort::parse_schema_yaml(
      "tables:\n  t:\n    columns:\n      - {name: id, type: Integer, primary_key: true}\n"
      "      - {name: name, type: String(20), nullable: false}\n"
      "      - {name: email, type: String(50), renamed_from: mail}\n"
      "      - {name: code, type: Integer, nullable: false}\n");
  const auto& pg = retort::dialect_for(retort::URL::parse("postgresql://u@h/d"));
  const auto diff = compare_schema(after, before, pg);
  const std::string notes = all_comments(diff.upgrade);
  for (const char* id : {"NT101 (narrowing type change): longer strings no longer fit",
                         "MF102 (set NOT NULL on an existing column)", "BC102 (rename column)",
                         "MF101 (add NOT NULL column", "DS102 (drop column)",
                         "DS101 (drop table): the table and its rows are lost"})
    EXPECT_NE(notes.find(std::string("lint ") + id), std::string::npos) << id << "\n" << notes;
  EXPECT_NE(notes.find("`allow: [DS101]` is added under this operation (or `destructive: true` "
                       "to the revision)"),
            std::string::npos)
      << notes;
  EXPECT_EQ(notes.find("`allow: [BC102]` is added under this operation (or"), std::string::npos)
      << notes;
  const std::string file = render_operations(diff);
  EXPECT_EQ(file.find("    allow:"), std::string::npos) << file;
  EXPECT_EQ(file.find("\ndestructive:"), std::string::npos) << file;
  // The downgrade is not linted.
  EXPECT_EQ(all_comments(diff.downgrade).find("lint "), std::string::npos) << file;
}

// A dropped NOT NULL column without a default comes back with a temporary
// default that is then dropped; a type without a zero value is only noted.
TEST(AutogenerateDowngradeFill, TemporaryDefaultOrANote) {
  const auto before = retort::parse_schema_yaml(
      "tables:\n  t:\n    columns:\n      - {name: id, type: Integer, primary_key: true}\n"
      "      - {name: n, type: Integer, nullable: false}\n"
      "      - {name: s, type: \"Enum('it''s',b,name=t_s)\", nullable: false}\n"
      "      - {name: d, type: Integer, nullable: false, server_default: \"5\"}\n"
      "      - {name: i, type: postgresql.INTERVAL, nullable: false}\n");
  const auto after = retort::parse_schema_yaml(
      "tables:\n  t:\n    columns:\n      - {name: id, type: Integer, primary_key: true}\n");
  const auto& pg = retort::dialect_for(retort::URL::parse("postgresql://u@h/d"));
  const auto diff = compare_schema(after, before, pg);
  std::vector<std::string> names;
  for (const auto& op : diff.downgrade) names.push_back(op.name);
  // The enum type first (it went last), then the drops reversed: i, d, s, n.
  EXPECT_EQ(names, (std::vector<std::string>{"create_enum", "add_column", "add_column",
                                             "add_column", "alter_column", "add_column",
                                             "alter_column"}))
      << render_operations(diff);
  ASSERT_EQ(diff.downgrade.size(), 7u);
  ASSERT_EQ(diff.downgrade[1].comments.size(), 1u) << render_operations(diff);
  EXPECT_NE(diff.downgrade[1].comments[0].find("t.i is NOT NULL without a server_default: "
                                               "this fails on a table with rows"),
            std::string::npos);
  EXPECT_EQ(diff.downgrade[1].yaml.find("server_default"), std::string::npos);
  EXPECT_TRUE(diff.downgrade[2].comments.empty()) << "d has its own default";
  EXPECT_NE(diff.downgrade[3].yaml.find("server_default: \"'it''s'\""), std::string::npos)
      << diff.downgrade[3].yaml;
  EXPECT_NE(diff.downgrade[4].yaml.find("server_default: null"), std::string::npos);
  EXPECT_NE(diff.downgrade[5].yaml.find("server_default: \"0\""), std::string::npos)
      << diff.downgrade[5].yaml;
  ASSERT_EQ(diff.downgrade[5].comments.size(), 1u);
  EXPECT_NE(diff.downgrade[5].comments[0].find(
                "the values of t.n are not restored: every row gets 0"),
            std::string::npos);
  EXPECT_NE(diff.downgrade[6].yaml.find("existing_server_default: \"0\""), std::string::npos);

  // In a foreign key: the comment says the value must refer to a row.
  const auto with_fk = retort::parse_schema_yaml(
      "tables:\n  p:\n    columns: [{name: id, type: Integer, primary_key: true}]\n"
      "  t:\n    columns:\n      - {name: id, type: Integer, primary_key: true}\n"
      "      - {name: p_id, type: Integer, nullable: false}\n"
      "    foreign_keys: [{name: fk_t_p, columns: [p_id], references: p(id)}]\n");
  const auto without = retort::parse_schema_yaml(
      "tables:\n  p:\n    columns: [{name: id, type: Integer, primary_key: true}]\n"
      "  t:\n    columns: [{name: id, type: Integer, primary_key: true}]\n");
  const auto fk_diff = compare_schema(without, with_fk, pg);
  EXPECT_NE(all_comments(fk_diff.downgrade)
                .find("it is in foreign key fk_t_p to p, re-created below: that fails unless "
                      "the value is a key of p (or the table has no rows)"),
            std::string::npos)
      << render_operations(fk_diff);
}

// The default schema spelled out (schema: public) is the table without a
// schema, for the tables and the foreign keys; without knowing the default
// schema the two are different tables.
TEST(AutogenerateSchemas, DefaultSchemaSpelledOutIsTheSameTable) {
  const auto& pg = retort::dialect_for(retort::URL::parse("postgresql://u@h/d"));
  const auto live = retort::parse_schema_yaml(
      "tables:\n  a: {columns: [{name: id, type: Integer, primary_key: true}]}\n"
      "  b:\n    columns: [{name: id, type: Integer, primary_key: true}, {name: a_id, type: Integer}]\n"
      "    foreign_keys: [{name: fk_b_a, columns: [a_id], references: a(id)}]\n");
  const auto spelled = retort::parse_schema_yaml(
      "tables:\n  a: {schema: public, columns: [{name: id, type: Integer, primary_key: true}]}\n"
      "  b:\n    schema: public\n"
      "    columns: [{name: id, type: Integer, primary_key: true}, {name: a_id, type: Integer}]\n"
      "    foreign_keys: [{name: fk_b_a, columns: [a_id], references: public.a(id)}]\n");
  AutogenerateOptions o;
  o.default_schema = "public";
  EXPECT_TRUE(compare_schema(spelled, live, pg, o).empty())
      << compare_schema(spelled, live, pg, o).changes.front().describe();
  o.default_schema = "elsewhere";
  EXPECT_FALSE(compare_schema(spelled, live, pg, o).empty());
  // Named both ways in one model: one table twice, a clear error.
  auto twice = spelled;
  retort::Table a("a");
  a.add_column(retort::Column("id", retort::types::Integer()));
  twice.add_table(a);
  o.default_schema = "public";
  try {
    compare_schema(twice, live, pg, o);
    ADD_FAILURE() << "no error";
  } catch (const retort::SchemaError& e) {
    EXPECT_EQ(std::string(e.what()),
              "the declared schema has table 'a' twice ('public' is the default schema): name it "
              "one way");
  }
}

// A new table using an enum type that exists with fewer values: the values
// are added to the type (once), the table does not create it.
TEST(AutogenerateEnums, NewTableUsingAnExistingTypeWithNewValues) {
  const auto& pg = retort::dialect_for(retort::URL::parse("postgresql://u@h/d"));
  const auto declared = retort::parse_schema_yaml(
      "tables:\n  t:\n    columns: [{name: id, type: Integer, primary_key: true}, "
      "{name: s, type: \"Enum(a,b,c,name=st)\"}, {name: s2, type: \"Enum(a,b,c,name=st)\"}]\n");
  AutogenerateOptions o;
  o.live_enums.push_back({std::nullopt, "st", {"a", "b"}, {}});
  const auto diff = compare_schema(declared, retort::MetaData(), pg, o);
  std::vector<std::string> ops;
  for (const auto& op : diff.upgrade) ops.push_back(op.name);
  EXPECT_EQ(ops, (std::vector<std::string>{"add_enum_value", "create_table"}))
      << render_operations(diff);
  EXPECT_NE(diff.upgrade[0].yaml.find("value: c"), std::string::npos) << diff.upgrade[0].yaml;
  EXPECT_NE(diff.upgrade[1].yaml.find("create_type: false"), std::string::npos)
      << diff.upgrade[1].yaml;
  // A new type: created once for the two columns, dropped in the downgrade
  // after the table.
  const auto fresh = compare_schema(declared, retort::MetaData(), pg);
  ops.clear();
  for (const auto& op : fresh.upgrade) ops.push_back(op.name);
  EXPECT_EQ(ops, (std::vector<std::string>{"create_enum", "create_table"}));
  ops.clear();
  for (const auto& op : fresh.downgrade) ops.push_back(op.name);
  EXPECT_EQ(ops, (std::vector<std::string>{"drop_table", "drop_enum"}));
}

std::vector<std::string> op_names(const std::vector<retort::migrations::PlannedOperation>& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) out.push_back(op.name);
  return out;
}

// A type that a left-out table (exclude_tables) still uses is kept, with a
// note naming the table; it is not renamed either, but replaced.
TEST(AutogenerateEnums, TypeALeftOutTableUsesIsKept) {
  const auto& pg = retort::dialect_for(retort::URL::parse("postgresql://u@h/d"));
  const auto live = retort::parse_schema_yaml(
      "tables:\n  t: {columns: [{name: id, type: Integer, primary_key: true}, "
      "{name: s, type: \"Enum(a,b,name=st)\"}]}\n"
      "  old_t: {columns: [{name: id, type: Integer, primary_key: true}, "
      "{name: s, type: \"Enum(a,b,name=st)\"}]}\n");
  AutogenerateOptions o;
  o.exclude_tables = {"old_*"};
  auto diff = compare_schema(retort::MetaData(), live, pg, o);
  EXPECT_EQ(op_names(diff.upgrade), std::vector<std::string>{"drop_table"})
      << render_operations(diff);
  ASSERT_EQ(diff.notes.size(), 1u);
  EXPECT_EQ(diff.notes[0],
            "enum type st is not dropped: no compared table uses it any more, but old_t, which "
            "autogenerate does not compare (include_tables/exclude_tables, views, other "
            "schemas), still uses it");
  // Without the filter the type goes with its last table.
  diff = compare_schema(retort::MetaData(), live, pg);
  EXPECT_EQ(op_names(diff.upgrade), (std::vector<std::string>{"drop_table", "drop_table",
                                                              "drop_enum"}));
  // t's column moves to a type with the same values: old_t still uses st, so
  // st is not renamed but kept, and the new type created.
  const auto declared = retort::parse_schema_yaml(
      "tables:\n  t: {columns: [{name: id, type: Integer, primary_key: true}, "
      "{name: s, type: \"Enum(a,b,name=st2)\"}]}\n");
  diff = compare_schema(declared, live, pg, o);
  EXPECT_EQ(op_names(diff.upgrade), (std::vector<std::string>{"create_enum", "alter_column"}))
      << render_operations(diff);
  EXPECT_EQ(diff.notes.size(), 1u);
}

// A type renamed in the model: one rename_enum, the downgrade renames back;
// when its columns split between two new types it is no rename.
TEST(AutogenerateEnums, RenamedTypeIsRenamedWhenUnambiguous) {
  const auto& pg = retort::dialect_for(retort::URL::parse("postgresql://u@h/d"));
  const auto live = retort::parse_schema_yaml(
      "tables:\n  t: {columns: [{name: id, type: Integer, primary_key: true}, "
      "{name: s, type: \"Enum(a,b,name=st)\"}, {name: s2, type: \"Enum(a,b,name=st)\"}]}\n");
  auto declared = retort::parse_schema_yaml(
      "tables:\n  t: {columns: [{name: id, type: Integer, primary_key: true}, "
      "{name: s, type: \"Enum(a,b,name=state)\"}, {name: s2, type: \"Enum(a,b,name=state)\"}]}\n");
  auto diff = compare_schema(declared, live, pg);
  ASSERT_EQ(op_names(diff.upgrade), std::vector<std::string>{"rename_enum"})
      << render_operations(diff);
  EXPECT_EQ(diff.upgrade[0].yaml, "- rename_enum: {name: st, new_name: state}\n");
  ASSERT_EQ(op_names(diff.downgrade), std::vector<std::string>{"rename_enum"});
  EXPECT_EQ(diff.downgrade[0].yaml, "- rename_enum: {name: state, new_name: st}\n");
  ASSERT_EQ(diff.changes.size(), 1u);
  EXPECT_EQ(diff.changes[0].describe(), "rename_enum_type state (st -> state)");
  // Split: s keeps going with one new type, s2 with another.
  declared = retort::parse_schema_yaml(
      "tables:\n  t: {columns: [{name: id, type: Integer, primary_key: true}, "
      "{name: s, type: \"Enum(a,b,name=state)\"}, {name: s2, type: \"Enum(a,b,name=state2)\"}]}\n");
  diff = compare_schema(declared, live, pg);
  EXPECT_EQ(op_names(diff.upgrade), (std::vector<std::string>{"create_enum", "create_enum",
                                                               "alter_column", "alter_column",
                                                               "drop_enum"}))
      << render_operations(diff);
  // Where the enum lives in its column, its name is not compared at all.
  const auto& mysql = retort::dialect_for(retort::URL::parse("mysql://u@h/d"));
  EXPECT_TRUE(compare_schema(declared, live, mysql).empty());
}

}  // namespace
