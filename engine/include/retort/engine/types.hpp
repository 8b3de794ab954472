// Column types: SQLAlchemy's generic types, dialect types written with a
// prefix (postgresql.JSONB, mysql.MEDIUMTEXT), and decorated custom types.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/value.hpp"

namespace retort {

enum class TypeKind {
  Integer,
  BigInteger,
  SmallInteger,
  Boolean,
  String,      // String(n), VARCHAR
  Text,
  Float,
  Numeric,     // Numeric(p,s)
  Date,
  DateTime,    // DateTime(timezone=true) is TIMESTAMP WITH TIME ZONE
  Time,
  LargeBinary,
  JSON,
  Uuid,
  Enum,        // Enum(a,b,c); native on PostgreSQL (named type) and MySQL, CHECK on SQLite
  Dialect,     // a dialect's own type: dialect.NAME(args)
  Decorated,   // a registered TypeDecorator over an underlying type
};

struct TypeDecorator;

// A column type. A small value type; compare with ==.
struct Type {
  TypeKind kind = TypeKind::Text;
  std::optional<int> length;              // String(n), LargeBinary(n)
  std::optional<int> precision;           // Numeric(p,s), Float(p)
  std::optional<int> scale;
  bool timezone = false;                  // DateTime, Time
  std::vector<std::string> enum_values;   // Enum
  std::optional<std::string> enum_name;   // Enum: the PostgreSQL type name
  std::string dialect;                    // Dialect: "postgresql", "mysql", "sqlite"
  std::string name;                       // Dialect: "JSONB", "ARRAY"; Decorated: registered name
  std::vector<std::string> args;          // Dialect: arguments as written ("Integer", "255")
  std::shared_ptr<const Type> item;       // Dialect ARRAY: the element type

  // Parses a spelling as written in schema YAML: "Integer", "String(50)",
  // "Numeric(10,2)", "DateTime(timezone=true)", "Enum(a,b,c)",
  // "postgresql.ARRAY(Integer)", "mysql.MEDIUMTEXT", or a registered decorator
  // name. ArgumentError naming the problem for an unknown type or a bad argument.
  static Type parse(std::string_view spelling);
  // The canonical spelling; parse(str()) == *this.
  std::string str() const;

  // The decorator for Decorated types (nullptr otherwise).
  const TypeDecorator* decorator() const;
  // The type stored in the database (follows decorators).
  const Type& storage() const;
  // A value on its way to the database: each decorator's process_bind, outermost
  // first. Identity for types without a decorator.
  Value to_db(const Value& v) const;
  // A value read from the database: each decorator's process_result, innermost
  // first. Identity for types without a decorator.
  Value from_db(const Value& v) const;

  bool operator==(const Type& o) const;
};

// Shorthand constructors, as in SQLAlchemy: types::String(50). They live in
// their own namespace because retort::Date, Time, DateTime and Uuid are the
// value types of value.hpp.
namespace types {
Type Integer();
Type BigInteger();
Type SmallInteger();
Type Boolean();
Type String(std::optional<int> length = std::nullopt);
Type Text();
Type Float(std::optional<int> precision = std::nullopt);
Type Numeric(std::optional<int> precision = std::nullopt, std::optional<int> scale = std::nullopt);
Type Date();
Type DateTime(bool timezone = false);
Type Time(bool timezone = false);
Type LargeBinary(std::optional<int> length = std::nullopt);
Type JSON();
Type Uuid();
Type Enum(std::vector<std::string> values, std::optional<std::string> name = std::nullopt);
Type DialectType(std::string dialect, std::string name, std::vector<std::string> args = {});
}  // namespace types

// A custom type in the manner of SQLAlchemy's TypeDecorator: an underlying
// type plus conversions applied to bound values and to result values.
struct TypeDecorator {
  std::string name;  // how schema YAML refers to it
  Type impl;
  std::function<Value(const Value&)> process_bind;    // may be empty: identity
  std::function<Value(const Value&)> process_result;  // may be empty: identity
};

// Registers a decorator so that Type::parse(name) finds it; returns its Type.
// ArgumentError if the name is taken by a built-in or another decorator.
Type register_type_decorator(TypeDecorator decorator);

}  // namespace retort
