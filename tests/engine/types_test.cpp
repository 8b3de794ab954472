// Tests of retort::Type: the schema YAML spelling (parse and canonical str),
// range checks, dialect types, shorthand constructors and TypeDecorator.
#include "retort/engine/types.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "retort/engine/error.hpp"

namespace retort {
namespace {

// Runs `f`, expecting ArgumentError whose message contains `part`.
template <class F>
void expect_argument_error(F&& f, const std::string& part) {
  try {
    f();
    ADD_FAILURE() << "expected ArgumentError containing: " << part;
  } catch (const ArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos)
        << "message: " << e.what() << "\nexpected to contain: " << part;
  }
}

struct Spelled {
  const char* written;
  const char* canonical;
};

TEST(TypeParse, CanonicalSpellings) {
  const std::vector<Spelled> cases = {
      {"Integer", "Integer"},
      {"  BigInteger ", "BigInteger"},
      {"SmallInteger", "SmallInteger"},
      {"Boolean", "Boolean"},
      {"String", "String"},
      {"String(50)", "String(50)"},
      {"String( 50 )", "String(50)"},
      {"String(length=50)", "String(50)"},
      {"String()", "String"},
      {"Text", "Text"},
      {"Float", "Float"},
      {"Float(24)", "Float(24)"},
      {"Float(precision = 53)", "Float(53)"},
      {"Numeric", "Numeric"},
      {"Numeric(10)", "Numeric(10)"},
      {"Numeric(10, 2)", "Numeric(10,2)"},
      {"Numeric(precision=12, scale=0)", "Numeric(12,0)"},
      {"Date", "Date"},
      {"DateTime", "DateTime"},
      {"DateTime(timezone=true)", "DateTime(timezone=true)"},
      {"DateTime(timezone = True)", "DateTime(timezone=true)"},
      {"DateTime(timezone=false)", "DateTime"},
      {"Time(timezone=true)", "Time(timezone=true)"},
      {"LargeBinary", "LargeBinary"},
      {"LargeBinary(1024)", "LargeBinary(1024)"},
      {"JSON", "JSON"},
      {"Uuid", "Uuid"},
      {"Enum(a,b,c)", "Enum(a,b,c)"},
      {"Enum(draft, published, name=post_status)", "Enum(draft,published,name=post_status)"},
      {"Enum('a b', 'c,d', \"e\")", "Enum('a b','c,d',e)"},
      {"Enum('it''s', x)", "Enum('it''s',x)"},
      {"Enum('', 'x=y', '(p)')", "Enum('','x=y','(p)')"},
      {"Enum(a, name='my type')", "Enum(a,name='my type')"},
      {"postgresql.JSONB", "postgresql.JSONB"},
      {"postgresql.ARRAY(Integer)", "postgresql.ARRAY(Integer)"},
      {"postgresql.ARRAY(Numeric(10, 2))", "postgresql.ARRAY(Numeric(10,2))"},
      {"postgresql.ARRAY(postgresql.ARRAY(Text))", "postgresql.ARRAY(postgresql.ARRAY(Text))"},
      {"postgresql.TIMESTAMP(precision = 3)", "postgresql.TIMESTAMP(precision=3)"},
      {"postgresql.DOUBLE   PRECISION", "postgresql.DOUBLE PRECISION"},
      {"postgresql.INTERVAL(fields='DAY TO SECOND')",
       "postgresql.INTERVAL(fields='DAY TO SECOND')"},
      {"mysql.MEDIUMTEXT", "mysql.MEDIUMTEXT"},
      {"mysql.VARCHAR(255, charset=utf8mb4)", "mysql.VARCHAR(255,charset=utf8mb4)"},
      {"mysql.JSON()", "mysql.JSON"},
      {"sqlite.NUMERIC", "sqlite.NUMERIC"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.written);
    const Type t = Type::parse(c.written);
    EXPECT_EQ(t.str(), c.canonical);
    EXPECT_EQ(Type::parse(t.str()), t) << "parse(str()) must give the same type";
    EXPECT_EQ(Type::parse(t.str()).str(), c.canonical);
  }
}

TEST(TypeParse, Fields) {
  const Type n = Type::parse("Numeric(12,2)");
  EXPECT_EQ(n.kind, TypeKind::Numeric);
  EXPECT_EQ(n.precision, 12);
  EXPECT_EQ(n.scale, 2);

  const Type s = Type::parse("String(120)");
  EXPECT_EQ(s.kind, TypeKind::String);
  EXPECT_EQ(s.length, 120);

  const Type e = Type::parse("Enum('a b', c, name=st)");
  EXPECT_EQ(e.kind, TypeKind::Enum);
  EXPECT_EQ(e.enum_values, (std::vector<std::string>{"a b", "c"}));
  EXPECT_EQ(e.enum_name, "st");

  const Type tz = Type::parse("DateTime(timezone=true)");
  EXPECT_TRUE(tz.timezone);

  const Type arr = Type::parse("postgresql.ARRAY(Numeric(10, 2))");
  EXPECT_EQ(arr.kind, TypeKind::Dialect);
  EXPECT_EQ(arr.dialect, "postgresql");
  EXPECT_EQ(arr.name, "ARRAY");
  ASSERT_TRUE(arr.item);
  EXPECT_EQ(*arr.item, types::Numeric(10, 2));
  EXPECT_EQ(arr.args, (std::vector<std::string>{"Numeric(10,2)"}));

  const Type ts = Type::parse("postgresql.TIMESTAMP(precision=3)");
  EXPECT_EQ(ts.args, (std::vector<std::string>{"precision=3"}));
  EXPECT_FALSE(ts.item);
}

TEST(TypeParse, ShorthandsEqualParsedSpellings) {
  EXPECT_EQ(types::Integer(), Type::parse("Integer"));
  EXPECT_EQ(types::BigInteger(), Type::parse("BigInteger"));
  EXPECT_EQ(types::SmallInteger(), Type::parse("SmallInteger"));
  EXPECT_EQ(types::Boolean(), Type::parse("Boolean"));
  EXPECT_EQ(types::String(), Type::parse("String"));
  EXPECT_EQ(types::String(50), Type::parse("String(50)"));
  EXPECT_EQ(types::Text(), Type::parse("Text"));
  EXPECT_EQ(types::Float(), Type::parse("Float"));
  EXPECT_EQ(types::Float(10), Type::parse("Float(10)"));
  EXPECT_EQ(types::Numeric(10, 2), Type::parse("Numeric(10,2)"));
  EXPECT_EQ(types::Numeric(10), Type::parse("Numeric(10)"));
  EXPECT_EQ(types::Date(), Type::parse("Date"));
  EXPECT_EQ(types::DateTime(true), Type::parse("DateTime(timezone=true)"));
  EXPECT_EQ(types::Time(), Type::parse("Time"));
  EXPECT_EQ(types::LargeBinary(16), Type::parse("LargeBinary(16)"));
  EXPECT_EQ(types::JSON(), Type::parse("JSON"));
  EXPECT_EQ(types::Uuid(), Type::parse("Uuid"));
  EXPECT_EQ(types::Enum({"a", "b"}, "ab"), Type::parse("Enum(a,b,name=ab)"));
  EXPECT_EQ(types::DialectType("postgresql", "ARRAY", {"Integer"}),
            Type::parse("postgresql.ARRAY(Integer)"));
  EXPECT_EQ(types::DialectType("postgresql", "ARRAY", {"Integer"}).item->kind, TypeKind::Integer);
  EXPECT_EQ(types::DialectType("mysql", "MEDIUMTEXT").str(), "mysql.MEDIUMTEXT");
}

TEST(TypeParse, EqualityTellsTypesApart) {
  EXPECT_NE(Type::parse("String(50)"), Type::parse("String(51)"));
  EXPECT_NE(Type::parse("String(50)"), Type::parse("String"));
  EXPECT_NE(Type::parse("Numeric(10,2)"), Type::parse("Numeric(10,3)"));
  EXPECT_NE(Type::parse("DateTime"), Type::parse("DateTime(timezone=true)"));
  EXPECT_NE(Type::parse("Enum(a,b)"), Type::parse("Enum(b,a)"));
  EXPECT_NE(Type::parse("Enum(a,b)"), Type::parse("Enum(a,b,name=x)"));
  EXPECT_NE(Type::parse("postgresql.JSONB"), Type::parse("mysql.JSONB"));
  EXPECT_NE(Type::parse("postgresql.ARRAY(Integer)"), Type::parse("postgresql.ARRAY(BigInteger)"));
  EXPECT_NE(Type::parse("Integer"), Type::parse("BigInteger"));
  EXPECT_NE(Type::parse("Text"), Type::parse("String"));
}

TEST(TypeParse, RangeChecks) {
  EXPECT_EQ(Type::parse("String(1)").length, 1);
  EXPECT_EQ(Type::parse("String(65535)").length, 65535);
  EXPECT_EQ(Type::parse("Numeric(1000,1000)").scale, 1000);
  EXPECT_EQ(Type::parse("Numeric(5,0)").scale, 0);
  EXPECT_EQ(Type::parse("Float(1)").precision, 1);
  EXPECT_EQ(Type::parse("Float(53)").precision, 53);

  const std::vector<std::pair<const char*, const char*>> bad = {
      {"String(0)", "type argument out of range: String length 0 (allowed 1..65535)"},
      {"String(65536)", "type argument out of range: String length 65536"},
      {"String(-1)", "type argument out of range"},
      {"String(99999999999999999999)", "type argument out of range"},
      {"Numeric(0)", "type argument out of range: Numeric precision 0 (allowed 1..1000)"},
      {"Numeric(1001,2)", "type argument out of range: Numeric precision 1001"},
      {"Numeric(10,11)", "type argument out of range: Numeric scale 11 (allowed 0..10)"},
      {"Numeric(10,-1)", "type argument out of range: Numeric scale -1"},
      {"Float(0)", "type argument out of range: Float precision 0 (allowed 1..53)"},
      {"Float(54)", "type argument out of range: Float precision 54"},
      {"LargeBinary(0)", "type argument out of range"},
  };
  for (const auto& [spelling, message] : bad) {
    SCOPED_TRACE(spelling);
    expect_argument_error([&] { Type::parse(spelling); }, message);
  }
  expect_argument_error([] { types::String(0); }, "type argument out of range");
  expect_argument_error([] { types::Numeric(10, 12); }, "type argument out of range");
  expect_argument_error([] { types::Numeric(std::nullopt, 2); }, "Numeric scale needs a precision");
  expect_argument_error([] { types::Float(60); }, "type argument out of range");
}

TEST(TypeParse, Errors) {
  const std::vector<std::pair<const char*, const char*>> bad = {
      {"", "empty type name"},
      {"Integr", "unknown type 'Integr' (did you mean Integer?)"},
      {"VARCHAR(20)", "unknown type 'VARCHAR(20)' (did you mean String?)"},
      {"integer", "(did you mean Integer?)"},
      {"jsonb", "(did you mean postgresql.JSONB?)"},
      {"Whatever", "unknown type 'Whatever'"},
      {"oracle.NUMBER",
       "unknown dialect prefix 'oracle' in type 'oracle.NUMBER' (known: mysql, postgresql, "
       "sqlite)"},
      {"postgresql.", "invalid dialect type name ''"},
      {"postgresql.JSON-B", "invalid dialect type name"},
      {"String(abc)", "invalid String length 'abc': expected an integer"},
      {"String(50", "unbalanced parentheses"},
      {"String(50))", "unexpected text after ')'"},
      {"String(50) x", "unexpected text after ')'"},
      {"Numeric(10,,2)", "empty argument"},
      {"Numeric(1,2,3)", "Numeric takes at most 2 arguments"},
      {"Numeric(scale=2)", "Numeric scale needs a precision"},
      {"Numeric(10, precision=10)", "'precision' given twice"},
      {"Numeric(precision=10, 2)", "positional argument '2' after a keyword argument"},
      {"Integer(11)", "Integer takes no arguments"},
      {"Text(100)", "Text takes no arguments"},
      {"DateTime(true)", "DateTime takes no arguments"},
      {"DateTime(timezone=maybe)", "expected true or false"},
      {"DateTime(tz=true)", "DateTime: unknown argument 'tz'"},
      {"Enum()", "Enum needs at least one value"},
      {"Enum(a,a)", "duplicate Enum value 'a'"},
      {"Enum(a,name='')", "Enum name must not be empty"},
      {"Enum('a", "unterminated quote"},
      {"Enum(a,b=c)", "Enum: unknown argument 'b'"},
  };
  for (const auto& [spelling, message] : bad) {
    SCOPED_TRACE(spelling);
    expect_argument_error([&] { Type::parse(spelling); }, message);
  }
}

TEST(TypeDecorator, RegisteredNameParsesAndFollowsToStorage) {
  TypeDecorator d;
  d.name = "TypesTestJsonText";
  d.impl = types::Text();
  d.process_bind = [](const Value& v) { return Value("json:" + v.as<std::string>().value_or("")); };
  d.process_result = [](const Value& v) {
    return Value(v.as<std::string>().value_or("").substr(5));
  };
  const Type t = register_type_decorator(d);
  EXPECT_EQ(t.kind, TypeKind::Decorated);
  EXPECT_EQ(t.str(), "TypesTestJsonText");
  EXPECT_EQ(Type::parse("TypesTestJsonText"), t);
  ASSERT_NE(t.decorator(), nullptr);
  EXPECT_EQ(t.decorator()->name, "TypesTestJsonText");
  EXPECT_EQ(t.storage(), types::Text());
  EXPECT_EQ(t.decorator()->process_bind(Value("x")), Value("json:x"));
  EXPECT_EQ(t.decorator()->process_result(Value("json:x")), Value("x"));

  // A decorator over a decorator: storage() follows the chain.
  const Type outer = register_type_decorator(TypeDecorator{"TypesTestOuter", t, {}, {}});
  EXPECT_EQ(outer.storage(), types::Text());
  EXPECT_EQ(types::Integer().decorator(), nullptr);
  EXPECT_EQ(types::Integer().storage(), types::Integer());

  expect_argument_error([&] { register_type_decorator(d); }, "already registered");
  expect_argument_error(
      [] {
        register_type_decorator(TypeDecorator{"String", types::Text(), {}, {}});
      },
      "is a built-in type");
  expect_argument_error(
      [] {
        register_type_decorator(TypeDecorator{"a.b", types::Text(), {}, {}});
      },
      "must be letters, digits and underscores");
  expect_argument_error([] { Type::parse("TypesTestJsonText(3)"); }, "takes no arguments");
  Type unknown;
  unknown.kind = TypeKind::Decorated;
  unknown.name = "TypesTestNeverRegistered";
  expect_argument_error(
      [&] {
        register_type_decorator(TypeDecorator{"TypesTestBadImpl", unknown, {}, {}});
      },
      "is not a registered decorator");
}

TEST(TypeDecorator, RegistryIsThreadSafe) {
  constexpr int kThreads = 4, kPerThread = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string name =
            "TypesTestConcurrent_" + std::to_string(t) + "_" + std::to_string(i);
        const Type registered =
            register_type_decorator(TypeDecorator{name, types::String(10), {}, {}});
        // Readers of other names run at the same time as this thread's writes.
        const Type parsed = Type::parse(name);
        if (!(parsed == registered) || !(parsed.storage() == types::String(10))) ++failures;
        if (Type::parse("Numeric(10,2)").precision != 10) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Type::parse("TypesTestConcurrent_3_49").storage(), types::String(10));
}

}  // namespace
}  // namespace retort
