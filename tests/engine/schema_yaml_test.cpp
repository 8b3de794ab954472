// Tests of the schema YAML format: the fixtures under data/schema_yaml (see
// its README: canonical documents, hand-written ones with their expected
// dump, and one bad document per error), plus round trips of generated
// metadata, hostile names, literal defaults and the JSON form.
#include "retort/engine/schema_yaml.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "retort/engine/error.hpp"

#ifndef RETORT_TEST_DATA_DIR
#error "RETORT_TEST_DATA_DIR must name the tests/ source directory"
#endif

namespace retort {
namespace {

namespace fs = std::filesystem;
const fs::path kDataDir = fs::path(RETORT_TEST_DATA_DIR) / "engine" / "data" / "schema_yaml";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> fixtures(const std::string& dir, const std::string& skip_suffix = "") {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kDataDir / dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".yaml") continue;
    if (!skip_suffix.empty() && name.ends_with(skip_suffix)) continue;
    out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param.substr(0, info.param.size() - 5);
  for (char& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

// dump -> load -> dump must give the same bytes.
void expect_stable(const std::string& dumped, const std::string& what) {
  MetaData again;
  try {
    again = parse_schema_yaml(dumped, what + " (dumped)");
  } catch (const Error& e) {
    FAIL() << "the dump does not load: " << e.what() << "\n" << dumped;
  }
  EXPECT_EQ(dump_schema_yaml(again), dumped) << what;
}

TEST(SchemaYamlFixtures, DirectoriesHaveCases) {
  EXPECT_GE(fixtures("canonical").size(), 2u);
  EXPECT_GE(fixtures("valid", ".dump.yaml").size(), 3u);
  EXPECT_GE(fixtures("bad").size(), 40u);
}

class Canonical : public ::testing::TestWithParam<std::string> {};

TEST_P(Canonical, DumpGivesTheFileBack) {
  const std::string text = read_file(kDataDir / "canonical" / GetParam());
  const MetaData md = parse_schema_yaml(text, GetParam());
  EXPECT_EQ(dump_schema_yaml(md), text);
  expect_stable(dump_schema_yaml(md), GetParam());
}

INSTANTIATE_TEST_SUITE_P(SchemaYaml, Canonical, ::testing::ValuesIn(fixtures("canonical")),
                         test_name);

class Valid : public ::testing::TestWithParam<std::string> {};

TEST_P(Valid, LoadsAndDumpsAsExpected) {
  const fs::path path = kDataDir / "valid" / GetParam();
  const MetaData md = load_schema_yaml(path.string());
  const fs::path expected =
      kDataDir / "valid" / (GetParam().substr(0, GetParam().size() - 5) + ".dump.yaml");
  ASSERT_TRUE(fs::exists(expected)) << expected;
  EXPECT_EQ(dump_schema_yaml(md), read_file(expected));
  expect_stable(dump_schema_yaml(md), GetParam());
}

INSTANTIATE_TEST_SUITE_P(SchemaYaml, Valid, ::testing::ValuesIn(fixtures("valid", ".dump.yaml")),
                         test_name);

class Bad : public ::testing::TestWithParam<std::string> {};

TEST_P(Bad, ReportsPlaceAndProblem) {
  const std::string text = read_file(kDataDir / "bad" / GetParam());
  const std::string header = text.substr(0, text.find('\n'));
  ASSERT_TRUE(header.starts_with("# error: ")) << "first line must be '# error: ...': " << header;
  std::string expected = header.substr(9);
  // "LINE:COLUMN: TEXT", or just "TEXT" for errors without a place.
  std::string prefix = GetParam() + ": ";
  const auto colon = expected.find(": ");
  if (colon != std::string::npos && expected.find_first_not_of("0123456789:") >= colon &&
      expected.substr(0, colon).find(':') != std::string::npos) {
    prefix = GetParam() + ":" + expected.substr(0, colon) + ": ";
    expected = expected.substr(colon + 2);
  }
  try {
    parse_schema_yaml(text, GetParam());
    FAIL() << "expected SchemaError: " << header;
  } catch (const SchemaError& e) {
    const std::string what = e.what();
    EXPECT_TRUE(what.starts_with(prefix)) << "message: " << what << "\nexpected prefix: " << prefix;
    EXPECT_NE(what.find(expected), std::string::npos)
        << "message: " << what << "\nexpected: " << expected;
    EXPECT_EQ(what.find('\n'), std::string::npos) << "one line: " << what;
  }
}

INSTANTIATE_TEST_SUITE_P(SchemaYaml, Bad, ::testing::ValuesIn(fixtures("bad")), test_name);

// ---- the two parsers --------------------------------------------------------

// Documents are parsed with libyaml; one libyaml rejects goes to yaml-cpp
// (engine/src/schema_yaml/node.hpp). libyaml rejects a "%YAML 1.3" directive
// that yaml-cpp accepts, so the same fixture behind that directive is read by
// yaml-cpp: both must give the same schema, or the same error at the same
// place (two lines further down behind the directive).
struct Outcome {
  bool ok = false;
  std::string text;  // the dump, or the error
};

Outcome load_outcome(const std::string& text, const std::string& name) {
  try {
    return {true, dump_schema_yaml(parse_schema_yaml(text, name))};
  } catch (const SchemaError& e) {
    return {false, e.what()};
  }
}

// "name:LINE:COL: ... (first at line N)" with every line number less `by`.
std::string shift_lines(const std::string& message, const std::string& name, int by) {
  std::string out;
  std::size_t i = 0;
  auto number_at = [&](std::size_t at) {
    std::size_t end = at;
    while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end]))) ++end;
    if (end == at) return false;
    out += std::to_string(std::stoi(message.substr(at, end - at)) - by);
    i = end;
    return true;
  };
  if (message.starts_with(name + ":")) {
    out = name + ":";
    i = name.size() + 1;
    number_at(i);
  }
  while (i < message.size()) {
    if (message.compare(i, 5, "line ") == 0) {
      out += "line ";
      i += 5;
      number_at(i);
      continue;
    }
    out += message[i++];
  }
  return out;
}

TEST(SchemaYamlParsers, LibyamlReadsTheFixturesAsYamlCpp) {
  int compared = 0;
  for (const char* dir : {"canonical", "valid", "bad"}) {
    for (const std::string& name : fixtures(dir)) {
      SCOPED_TRACE(std::string(dir) + "/" + name);
      const std::string text = read_file(kDataDir / dir / name);
      const Outcome fast = load_outcome(text, name);
      const Outcome slow = load_outcome("%YAML 1.3\n---\n" + text, name);
      ASSERT_EQ(fast.ok, slow.ok) << fast.text << "\n---\n" << slow.text;
      EXPECT_EQ(fast.text, fast.ok ? slow.text : shift_lines(slow.text, name, 2));
      ++compared;
    }
  }
  EXPECT_GE(compared, 50);
}

// ---- loading: what the document means ------------------------------------

TEST(SchemaYamlLoad, BuildsTheMetaData) {
  const MetaData md = load_schema_yaml((kDataDir / "canonical" / "every_option.yaml").string());
  EXPECT_EQ(md.schema, "app");
  EXPECT_EQ(md.naming_convention.at("pk"), "pk_%(table_name)s");
  const Table* post = md.table("post");
  ASSERT_NE(post, nullptr);
  EXPECT_EQ(post->comment, "Posts: one per article");
  EXPECT_EQ(post->renamed_from, "article");
  EXPECT_EQ(post->primary_key_columns(), (std::vector<std::string>{"tenant", "id"}));
  EXPECT_EQ(post->primary_key->name, "pk_post");
  EXPECT_FALSE(post->column("id")->nullable);  // primary key: NOT NULL unless said
  EXPECT_TRUE(post->column("tenant")->nullable);
  EXPECT_EQ(post->column("title")->default_value, Value("untitled"));
  EXPECT_EQ(post->column("title")->comment, "shown in lists");
  EXPECT_EQ(post->column("body")->server_default, "''");
  EXPECT_EQ(post->column("status")->type,
            types::Enum({"draft", "published", "on hold"}, "post_status"));
  EXPECT_EQ(post->column("price")->default_value, Value(Decimal{"12.50"}));
  EXPECT_EQ(post->column("views")->default_value, Value(std::int64_t{0}));
  EXPECT_EQ(post->column("views")->onupdate, Value(std::int64_t{1}));
  EXPECT_EQ(post->column("flag")->default_value, Value(false));
  EXPECT_EQ(post->column("nothing")->default_value, Value("null"));
  EXPECT_EQ(post->column("quoted_number")->default_value, Value("42"));
  EXPECT_EQ(post->column("matrix")->type.item->str(), "Numeric(10,2)");
  EXPECT_EQ(post->column("old_name")->renamed_from, "older_name");
  ASSERT_EQ(post->indexes.size(), 3u);
  EXPECT_EQ(post->indexes[0].where, "status = 'published'");
  EXPECT_EQ(post->indexes[0].orders, (std::vector<std::string>{"DESC", ""}));
  EXPECT_EQ(post->indexes[1].dialect_options.at("postgresql_using"), "gin");
  EXPECT_EQ(post->indexes[2].columns, (std::vector<std::string>{"lower(title)"}));

  const Table* audit = md.table("audit", "logs");
  ASSERT_NE(audit, nullptr);
  EXPECT_EQ(audit->column("id")->autoincrement, true);
  EXPECT_EQ(audit->foreign_keys[0].referred_schema, "app");

  const Table* reply = md.table("reply");
  ASSERT_NE(reply, nullptr);
  const auto& fk = reply->foreign_keys[1];
  EXPECT_EQ(fk.columns, (std::vector<std::string>{"post_tenant", "post_id"}));
  EXPECT_EQ(fk.referred_table, "post");
  EXPECT_EQ(fk.referred_columns, (std::vector<std::string>{"tenant", "id"}));
  EXPECT_EQ(fk.ondelete, "CASCADE");
  EXPECT_EQ(fk.onupdate, "NO ACTION");
  EXPECT_EQ(fk.deferrable, true);
  EXPECT_EQ(fk.initially, "DEFERRED");
  EXPECT_TRUE(fk.use_alter);
}

TEST(SchemaYamlLoad, LiteralDefaultsKeepTheirKind) {
  const MetaData md = parse_schema_yaml(R"(tables:
  t:
    columns:
      - {name: a, type: Integer, default: 42}
      - {name: b, type: Integer, default: -7}
      - {name: c, type: Numeric, default: 0.10}
      - {name: d, type: Numeric, default: 123456789012345678901234567890}
      - {name: e, type: Boolean, default: true}
      - {name: f, type: Text, default: "true"}
      - {name: g, type: Text, default: hello world}
      - {name: h, type: Text, default: null}
      - {name: i, type: Float, default: .inf}
      - {name: j, type: Float, default: 1e3}
      - {name: k, type: Text, default: ''}
)");
  const Table& t = *md.table("t");
  EXPECT_EQ(t.column("a")->default_value, Value(std::int64_t{42}));
  EXPECT_EQ(t.column("b")->default_value, Value(std::int64_t{-7}));
  EXPECT_EQ(t.column("c")->default_value, Value(Decimal{"0.10"}));
  EXPECT_EQ(t.column("d")->default_value, Value(Decimal{"123456789012345678901234567890"}));
  EXPECT_EQ(t.column("e")->default_value, Value(true));
  EXPECT_EQ(t.column("f")->default_value, Value("true"));
  EXPECT_EQ(t.column("g")->default_value, Value("hello world"));
  EXPECT_FALSE(t.column("h")->default_value);
  EXPECT_EQ(t.column("i")->default_value, Value(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(t.column("j")->default_value, Value(Decimal{"1e3"}));
  EXPECT_EQ(t.column("k")->default_value, Value(""));
  const std::string dumped = dump_schema_yaml(md);
  EXPECT_NE(dumped.find("{name: c, type: Numeric, default: 0.10}"), std::string::npos) << dumped;
  EXPECT_NE(dumped.find("{name: f, type: Text, default: \"true\"}"), std::string::npos) << dumped;
  EXPECT_NE(dumped.find("{name: i, type: Float, default: .inf}"), std::string::npos) << dumped;
  EXPECT_NE(dumped.find("{name: k, type: Text, default: \"\"}"), std::string::npos) << dumped;
  expect_stable(dumped, "literals");
}

// The loader reads libyaml's events; anchors, aliases and explicit tags are
// read as yaml-cpp read them, and a document libyaml rejects is reported with
// yaml-cpp's message.
TEST(SchemaYamlLoad, AnchorsAliasesAndTags) {
  const MetaData md = parse_schema_yaml(R"(tables:
  a:
    columns:
      - &id_column {name: id, type: Integer, primary_key: true}
      - {name: label, type: !!str String(20), default: !!str 42}
      - {name: empty, type: Text, default: }
  b:
    columns:
      - *id_column
      - name: note
        type: Text
        server_default: "'x'"
)");
  ASSERT_EQ(md.tables().size(), 2u);
  for (const char* t : {"a", "b"}) {
    const Column* id = md.table(t)->column("id");
    ASSERT_NE(id, nullptr) << t;
    EXPECT_TRUE(id->primary_key) << t;
    EXPECT_FALSE(id->nullable) << t;
  }
  EXPECT_EQ(md.table("a")->column("label")->type.str(), "String(20)");
  EXPECT_EQ(md.table("a")->column("label")->default_value, Value("42"));  // tagged: a string
  EXPECT_FALSE(md.table("a")->column("empty")->default_value);
  EXPECT_EQ(md.table("b")->column("note")->server_default, "'x'");

  try {
    parse_schema_yaml("tables:\n  a:\n    columns: [*nowhere]\n", "alias.yaml");
    FAIL() << "expected SchemaError";
  } catch (const SchemaError& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with("alias.yaml:3:")) << e.what();
    EXPECT_NE(std::string(e.what()).find("YAML syntax error"), std::string::npos) << e.what();
  }
}

TEST(SchemaYamlLoad, FileErrorsNameThePath) {
  const fs::path bad = kDataDir / "bad" / "unknown_type.yaml";
  try {
    load_schema_yaml(bad.string());
    FAIL() << "expected SchemaError";
  } catch (const SchemaError& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with(bad.string() + ":5:29: ")) << e.what();
  }
  try {
    load_schema_yaml((kDataDir / "no-such-file.yaml").string());
    FAIL() << "expected SchemaError";
  } catch (const SchemaError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-file.yaml: cannot read"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(parse_schema_yaml(""), SchemaError);
}

TEST(SchemaYamlLoad, ReferenceToAnotherSchemaIsNotChecked) {
  const MetaData md = parse_schema_yaml(R"(tables:
  t:
    columns: [{name: a, type: Integer}]
    foreign_keys:
      - {columns: [a], references: billing.invoice(id)}
)");
  EXPECT_EQ(md.table("t")->foreign_keys[0].referred_schema, "billing");
}

// ---- dumping --------------------------------------------------------------

TEST(SchemaYamlDump, EmptyAndMinimalDocuments) {
  EXPECT_EQ(dump_schema_yaml(MetaData{}), "tables: {}\n");
  MetaData md;
  md.add_table(Table("empty"));
  EXPECT_EQ(dump_schema_yaml(md), "tables:\n  empty: {}\n");
  expect_stable(dump_schema_yaml(md), "minimal");
  EXPECT_EQ(dump_schema_json(md), "{\n  \"tables\": {\n    \"empty\": {}\n  }\n}\n");
}

TEST(SchemaYamlDump, ShorthandsAndConventionNamesAreWrittenOut) {
  MetaData md;
  Table t("user");
  Column& id = t.add_column(Column("id", types::Integer()));
  id.primary_key = true;
  id.nullable = false;
  t.add_column(Column("email", types::String(100))).unique = true;
  t.add_column(Column("name", types::Text())).index = true;
  md.add_table(std::move(t));
  const std::string dumped = dump_schema_yaml(md);
  EXPECT_EQ(dumped,
            "tables:\n"
            "  user:\n"
            "    columns:\n"
            "      - {name: id, type: Integer, primary_key: true}\n"
            "      - {name: email, type: String(100)}\n"
            "      - {name: name, type: Text}\n"
            "    indexes:\n"
            "      - {name: ix_user_name, columns: [name]}\n"
            "    unique_constraints:\n"
            "      - {columns: [email]}\n");
  expect_stable(dumped, "shorthands");
  // The MetaData itself is left as it was.
  EXPECT_TRUE(md.table("user")->column("email")->unique);
}

TEST(SchemaYamlDump, PrimaryKeyOrderAndNullability) {
  MetaData md;
  Table t("link");
  t.add_column(Column("a", types::Integer())).nullable = false;
  t.add_column(Column("b", types::Integer())).nullable = false;
  t.add_column(Column("c", types::Integer()));
  t.primary_key = PrimaryKeyConstraint{std::nullopt, {"b", "a"}};
  md.add_table(std::move(t));
  const std::string dumped = dump_schema_yaml(md);
  EXPECT_NE(dumped.find("- {name: a, type: Integer, primary_key: true}\n"), std::string::npos)
      << dumped;
  EXPECT_NE(dumped.find("    primary_key: {columns: [b, a]}\n"), std::string::npos) << dumped;
  expect_stable(dumped, "pk order");
  const MetaData back = parse_schema_yaml(dumped);
  EXPECT_EQ(back.table("link")->primary_key_columns(), (std::vector<std::string>{"b", "a"}));
}

// Names that YAML, the references notation or the type notation could
// misread. Each must come back exactly.
const std::vector<std::string> kHostile = {"select",
                                           "order",
                                           "User",
                                           "two words",
                                           " lead",
                                           "trail ",
                                           "it's",
                                           "say \"hi\"",
                                           "a:b",
                                           "a: b",
                                           "#hash",
                                           "a #b",
                                           "-dash",
                                           "- item",
                                           "null",
                                           "Null",
                                           "~",
                                           "true",
                                           "False",
                                           "yes",
                                           "off",
                                           "0",
                                           "12",
                                           "1.5",
                                           "1e3",
                                           "0x1F",
                                           ".inf",
                                           "+1",
                                           "@at",
                                           "`tick`",
                                           "%pct",
                                           "&anchor",
                                           "*alias",
                                           "!tag",
                                           "|pipe",
                                           ">fold",
                                           "?q",
                                           "[x]",
                                           "{y}",
                                           "a,b",
                                           "a.b",
                                           "f(x)",
                                           "\"",
                                           "'",
                                           "\\back",
                                           "tab\there",
                                           "new\nline",
                                           "<<",
                                           "=",
                                           "ünïcödé",
                                           "日本語",
                                           "emoji 😀",
                                           "\xc2\x85nel",
                                           "zero\x01ctl",
                                           "trailing:",
                                           "\xef\xbb\xbf"
                                           "bom",
                                           "-",
                                           "?",
                                           ":",
                                           "a\\nb"};

TEST(SchemaYamlRoundTrip, HostileNamesSurvive) {
  MetaData md;
  for (std::size_t i = 0; i < kHostile.size(); ++i) {
    const std::string& n = kHostile[i];
    Table t(n);
    Column& id = t.add_column(Column("id", types::Integer()));
    id.primary_key = true;
    Column& c = t.add_column(Column(n, types::String(20)));
    c.comment = n;
    c.default_value = Value(n);
    c.server_default = n;
    t.add_column(Column(n + "_e", types::Enum({n, "other"}, n)));
    t.add_column(Column(n + "_ref", types::Integer()));
    t.indexes.push_back(Index{n, {n}, true, n, {}, {}});
    t.check_constraints.push_back(CheckConstraint{n, n});
    t.unique_constraints.push_back(UniqueConstraint{"uq " + n, {n, "id"}});
    ForeignKeyConstraint fk;
    fk.name = "fk " + n;
    fk.columns = {n + "_ref"};
    fk.referred_table = kHostile[(i + 1) % kHostile.size()];
    fk.referred_columns = {"id"};
    t.foreign_keys.push_back(fk);
    t.comment = n;
    md.add_table(std::move(t));
  }
  const std::string dumped = dump_schema_yaml(md);
  MetaData back;
  ASSERT_NO_THROW(back = parse_schema_yaml(dumped, "hostile")) << dumped;
  ASSERT_EQ(back.tables().size(), kHostile.size());
  for (std::size_t i = 0; i < kHostile.size(); ++i) {
    const std::string& n = kHostile[i];
    SCOPED_TRACE(n);
    const Table* t = back.table(n);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->comment, n);
    const Column* c = t->column(n);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->comment, n);
    EXPECT_EQ(c->default_value, Value(n));
    EXPECT_EQ(c->server_default, n);
    EXPECT_EQ(t->column(n + "_e")->type, types::Enum({n, "other"}, n));
    EXPECT_EQ(t->indexes[0].name, n);
    EXPECT_EQ(t->indexes[0].columns, (std::vector<std::string>{n}));
    EXPECT_EQ(t->indexes[0].where, n);
    EXPECT_EQ(t->check_constraints[0].sqltext, n);
    EXPECT_EQ(t->unique_constraints[0].name, "uq " + n);
    EXPECT_EQ(t->foreign_keys[0].referred_table, kHostile[(i + 1) % kHostile.size()]);
    EXPECT_EQ(t->foreign_keys[0].columns, (std::vector<std::string>{n + "_ref"}));
  }
  EXPECT_EQ(dump_schema_yaml(back), dumped);

  // The JSON form reads back (yaml-cpp reads JSON) as the same tree.
  const YAML::Node from_json = YAML::Load(dump_schema_json(md));
  for (const auto& n : kHostile) {
    SCOPED_TRACE(n);
    ASSERT_TRUE(from_json["tables"][n]);
    EXPECT_EQ(from_json["tables"][n]["comment"].as<std::string>(), n);
    EXPECT_EQ(from_json["tables"][n]["columns"][1]["name"].as<std::string>(), n);
  }
}

// Same shape and the same scalar texts (YAML's plain/quoted styles aside).
bool same_tree(const YAML::Node& a, const YAML::Node& b) {
  if (a.Type() != b.Type()) return false;
  if (a.IsScalar()) return a.Scalar() == b.Scalar();
  if (a.size() != b.size()) return false;
  if (a.IsSequence()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same_tree(a[i], b[i])) return false;
    }
    return true;
  }
  auto ia = a.begin();
  auto ib = b.begin();
  for (; ia != a.end(); ++ia, ++ib) {
    const auto& ea = *ia;
    const auto& eb = *ib;
    if (!same_tree(ea.first, eb.first) || !same_tree(ea.second, eb.second)) return false;
  }
  return true;
}

// A generator of varied metadata: every type spelling, every option, names
// from the hostile list, in random combinations (fixed seeds: reproducible).
MetaData random_metadata(std::mt19937& rng) {
  const std::vector<std::string> types = {"Integer",
                                          "BigInteger",
                                          "SmallInteger",
                                          "Boolean",
                                          "String",
                                          "String(1)",
                                          "String(65535)",
                                          "Text",
                                          "Float",
                                          "Float(53)",
                                          "Numeric",
                                          "Numeric(1000,1000)",
                                          "Numeric(5)",
                                          "Date",
                                          "DateTime",
                                          "DateTime(timezone=true)",
                                          "Time",
                                          "Time(timezone=true)",
                                          "LargeBinary",
                                          "LargeBinary(8)",
                                          "JSON",
                                          "Uuid",
                                          "Enum(a,'b c','d,e',name='x y')",
                                          "Enum(only)",
                                          "postgresql.JSONB",
                                          "postgresql.ARRAY(postgresql.ARRAY(Numeric(3,1)))",
                                          "mysql.MEDIUMTEXT",
                                          "sqlite.ANY",
                                          "postgresql.TIMESTAMP(precision=3)",
                                          "mysql.SET('a','b')"};
  const std::vector<Value> literals = {
      Value(1),   Value(-5),     Value(true), Value(false), Value("text"),
      Value(""),  Value("null"), Value(2.5),  Value(1e100), Value(Decimal{"1.10"}),
      Value(0.1), Value("12"),   Value(null)};
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto name = [&](std::size_t i) {
    return pick(3) == 0 ? kHostile[pick(kHostile.size())] + "_" + std::to_string(i)
                        : "n" + std::to_string(i);
  };
  MetaData md;
  if (pick(4) == 0) md.schema = "app";
  if (pick(3) == 0) {
    md.naming_convention = {{"ix", "ix_%(table_name)s_%(column_0_N_name)s"},
                            {"fk", "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"},
                            {"ck", "ck_%(table_name)s_%(constraint_name)s"}};
  }
  const std::size_t ntables = 1 + pick(6);
  for (std::size_t ti = 0; ti < ntables; ++ti) {
    Table t(name(ti));
    if (pick(6) == 0) t.schema = "other";
    const std::size_t ncols = 1 + pick(6);
    for (std::size_t ci = 0; ci < ncols; ++ci) {
      Column c(name(100 + ci), Type::parse(types[pick(types.size())]));
      c.primary_key = ci == 0 || pick(8) == 0;
      c.nullable = pick(2) == 0;
      if (pick(3) == 0) c.default_value = literals[pick(literals.size())];
      if (pick(4) == 0) c.server_default = pick(2) ? "CURRENT_TIMESTAMP" : "'it''s'";
      if (pick(6) == 0) c.onupdate = literals[pick(literals.size())];
      if (pick(5) == 0) c.autoincrement = pick(2) == 0;
      if (pick(4) == 0) c.comment = kHostile[pick(kHostile.size())];
      if (pick(6) == 0) c.index = true;
      if (pick(6) == 0) c.unique = true;
      if (pick(8) == 0) c.renamed_from = "old " + c.name;
      t.add_column(std::move(c));
    }
    if (pick(3) == 0) {
      Index ix;
      ix.name = "ix " + std::to_string(ti);
      ix.columns = {t.columns[pick(ncols)].name};
      ix.unique = pick(2) == 0;
      if (pick(3) == 0) ix.orders = {"DESC"};
      if (pick(3) == 0) ix.where = "x > 0";
      if (pick(3) == 0) ix.dialect_options["postgresql_using"] = "btree";
      t.indexes.push_back(ix);
    }
    if (pick(3) == 0)
      t.check_constraints.push_back(CheckConstraint{"c" + std::to_string(ti), "1 = 1"});
    if (pick(3) == 0)
      t.unique_constraints.push_back(UniqueConstraint{std::nullopt, {t.columns[0].name}});
    if (ti > 0 && pick(2) == 0) {
      const Table& target = *md.tables()[pick(ti)];
      ForeignKeyConstraint fk;
      fk.columns = {t.columns[pick(ncols)].name};
      fk.referred_table = target.name;
      fk.referred_schema = target.schema;
      fk.referred_columns = {target.columns[0].name};
      if (pick(2) == 0) fk.ondelete = "SET NULL";
      if (pick(3) == 0) fk.deferrable = pick(2) == 0;
      if (pick(3) == 0) fk.use_alter = true;
      t.foreign_keys.push_back(fk);
    }
    if (pick(3) == 0) t.comment = "table " + std::to_string(ti);
    md.add_table(std::move(t));
  }
  return md;
}

TEST(SchemaYamlRoundTrip, GeneratedDocumentsAreByteIdentical) {
  std::mt19937 rng(20261123);
  for (int i = 0; i < 300; ++i) {
    SCOPED_TRACE("document " + std::to_string(i));
    const MetaData md = random_metadata(rng);
    const std::string first = dump_schema_yaml(md);
    MetaData back;
    try {
      back = parse_schema_yaml(first, "generated");
    } catch (const Error& e) {
      FAIL() << e.what() << "\n" << first;
    }
    ASSERT_EQ(dump_schema_yaml(back), first);
    ASSERT_EQ(dump_schema_json(back), dump_schema_json(md));
    // JSON and YAML describe the same tree.
    ASSERT_TRUE(same_tree(YAML::Load(dump_schema_json(md)), YAML::Load(first)))
        << dump_schema_json(md);
  }
}

TEST(SchemaYamlJson, EscapesAndStructure) {
  MetaData md;
  Table t("q\"t");
  Column& c = t.add_column(Column("c\\1", types::Numeric(10, 2)));
  c.comment = std::string("tab\tnl\nctl\x01 ü");
  c.default_value = Value(Decimal{"1.50"});
  t.add_column(Column("d", types::Integer())).default_value = Value(std::int64_t{7});
  t.add_column(Column("e", types::Float())).default_value = Value(.5);
  t.add_column(Column("f", types::Float())).default_value =
      Value(std::numeric_limits<double>::infinity());
  md.add_table(std::move(t));
  EXPECT_EQ(dump_schema_json(md),
            "{\n"
            "  \"tables\": {\n"
            "    \"q\\\"t\": {\n"
            "      \"columns\": [\n"
            "        {\"name\": \"c\\\\1\", \"type\": \"Numeric(10,2)\", \"default\": 1.50, "
            "\"comment\": \"tab\\tnl\\nctl\\u0001 ü\"},\n"
            "        {\"name\": \"d\", \"type\": \"Integer\", \"default\": 7},\n"
            "        {\"name\": \"e\", \"type\": \"Float\", \"default\": 0.5},\n"
            "        {\"name\": \"f\", \"type\": \"Float\", \"default\": \".inf\"}\n"
            "      ]\n"
            "    }\n"
            "  }\n"
            "}\n");
}

}  // namespace
}  // namespace retort
