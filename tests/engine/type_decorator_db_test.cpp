// A TypeDecorator used for real: a column declared with a registered
// decorator is created as its storage type, and values pass through the
// decorator's conversions on the way in and out, on every backend.
#include <gtest/gtest.h>

#include "retort/engine/ddl.hpp"
#include "retort/engine/types.hpp"
#include "support/backends.hpp"

namespace {

using namespace retort;
using retort::testing::BackendTest;

// Key=value pairs kept as "k=v;k=v" text: a small JSON-like encoding.
const Type& pairs_type() {
  static const Type t = register_type_decorator(TypeDecorator{
      "DecoratorDbTestPairs", types::String(200),
      [](const Value& v) {
        // The application hands over "a,b" and the database stores "[a|b]".
        auto s = v.as<std::string>();
        if (!s) return Value();
        std::string out = "[";
        for (char c : *s) out += c == ',' ? '|' : c;
        return Value(out + "]");
      },
      [](const Value& v) {
        auto s = v.as<std::string>();
        if (!s || s->size() < 2) return Value();
        std::string out;
        for (char c : s->substr(1, s->size() - 2)) out += c == '|' ? ',' : c;
        return Value(out);
      }});
  return t;
}

class TypeDecoratorDbTest : public BackendTest {};

TEST_P(TypeDecoratorDbTest, ConvertsOnTheWayInAndOut) {
  auto engine = make_engine();
  auto conn = engine.connect();
  MetaData md;
  Table t("rt_decorated");
  t.add_column(Column("id", types::Integer())).primary_key = true;
  t.add_column(Column("tags", pairs_type()));
  md.add_table(t);
  drop_all(md, conn, true);
  create_all(md, conn, false);

  const Type& type = md.table("rt_decorated")->column("tags")->type;
  conn.execute("INSERT INTO rt_decorated (id, tags) VALUES (:id, :tags)",
               {{"id", 1}, {"tags", type.to_db("red,green")}});
  conn.commit();
  // Stored as the decorator wrote it...
  EXPECT_EQ(conn.execute("SELECT tags FROM rt_decorated").scalar_as<std::string>(),
            "[red|green]");
  // ...and read back through it.
  Value back = type.from_db(*conn.execute("SELECT tags FROM rt_decorated").scalar());
  EXPECT_EQ(back.as<std::string>(), "red,green");
  EXPECT_TRUE(type.from_db(Value()).is_null());
  drop_all(md, conn, true);
}

INSTANTIATE_TEST_SUITE_P(Backends, TypeDecoratorDbTest,
                         ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
