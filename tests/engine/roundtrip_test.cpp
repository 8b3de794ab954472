// Declared schema YAML -> create_all -> reflect -> dump equals the declared
// schema, on every backend (issue 3). The only differences allowed are the
// documented normalisations applied in normalise() below.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "retort/engine/ddl.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/engine/schema_yaml.hpp"
#include "support/backends.hpp"

namespace {

using namespace retort;
using retort::testing::BackendTest;

std::string data_file(const std::string& name) {
  return std::string(RETORT_TEST_DATA_DIR) + "/engine/data/roundtrip/" + name;
}

// The declared schema for a backend: what every dialect has, plus its own.
MetaData declared(const std::string& dialect) {
  MetaData md = load_schema_yaml(data_file("common.yaml"));
  MetaData own = load_schema_yaml(data_file(dialect + ".yaml"));
  for (const auto& t : own.tables()) md.add_table(*t);
  return md;
}

// Documented normalisations (docs/reflection.md, docs/ddl.md): an unnamed
// enum comes back with the type name the DDL gave it on PostgreSQL; SQLite
// keeps no comments, and its autoincrement key is an INTEGER rowid alias.
// SQL text up to quoting, casts, outer parentheses, case and spacing: servers
// rewrite CHECK constraints ("amount >= 0" comes back as "amount >= 0::numeric"
// on PostgreSQL and "`amount` >= 0" on MariaDB).
std::string canonical_sql(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '`' || c == '"') continue;
    if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
      i += 2;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
      --i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (out.size() >= 2 && out.front() == '(' && out.back() == ')') out = out.substr(1, out.size() - 2);
  return out;
}

bool same_number(const std::string& a, const std::string& b) {
  try {
    std::size_t ia = 0, ib = 0;
    double x = std::stod(a, &ia), y = std::stod(b, &ib);
    return ia == a.size() && ib == b.size() && x == y;
  } catch (...) {
    return false;
  }
}

// Takes the server's spelling where it says the same thing as the declaration.
void adopt_server_spelling(MetaData& expected, const MetaData& reflected) {
  for (const auto& t : expected.tables()) {
    const Table* r = reflected.table(t->name);
    if (!r) continue;
    for (auto& ck : t->check_constraints)
      for (const auto& rck : r->check_constraints)
        if (ck.name == rck.name && canonical_sql(ck.sqltext) == canonical_sql(rck.sqltext))
          ck.sqltext = rck.sqltext;
    for (auto& c : t->columns) {
      const Column* rc = r->column(c.name);
      if (rc && c.server_default && rc->server_default &&
          same_number(*c.server_default, *rc->server_default))
        c.server_default = rc->server_default;
    }
  }
}

void normalise(MetaData& md, const std::string& dialect) {
  for (const auto& t : md.tables()) {
    for (auto& c : t->columns) {
      if (dialect == "postgresql" && c.type.kind == TypeKind::Enum && !c.type.enum_name)
        c.type.enum_name = enum_type_name(*t, c);
      if (dialect == "sqlite") c.comment.reset();
      if (dialect == "sqlite" && c.autoincrement == true && c.type.kind == TypeKind::BigInteger)
        c.type = types::Integer();
    }
    if (dialect == "sqlite") t->comment.reset();
    if (dialect == "mysql" && t->primary_key) t->primary_key->name.reset();  // always PRIMARY
  }
}

class RoundTripTest : public BackendTest {};

TEST_P(RoundTripTest, DeclaredCreateReflectDumpIsIdentical) {
  auto engine = make_engine();
  auto conn = engine.connect();
  MetaData md = declared(name());
  drop_all(md, conn, /*checkfirst=*/true);
  create_all(md, conn, /*checkfirst=*/false);

  ReflectOptions ro;
  for (const auto& t : md.tables()) ro.only.push_back(t->name);
  MetaData reflected = Inspector(conn).reflect(ro);
  conn.rollback();

  MetaData expected = md;
  normalise(expected, name());
  adopt_server_spelling(expected, reflected);
  EXPECT_EQ(dump_schema_yaml(reflected), dump_schema_yaml(expected));

  // And the reflected schema is stable: creating it again reflects the same.
  drop_all(md, conn, true);
  create_all(reflected, conn, false);
  MetaData again = Inspector(conn).reflect(ro);
  conn.rollback();
  EXPECT_EQ(dump_schema_yaml(again), dump_schema_yaml(reflected));
  drop_all(md, conn, true);
}

INSTANTIATE_TEST_SUITE_P(Backends, RoundTripTest, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
