// Compiling a statement for one dialect: SQL text in the dialect's
// paramstyle plus the bound parameters in placeholder order.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "retort/engine/error.hpp"
#include "retort/engine/result.hpp"
#include "retort/engine/sql/select.hpp"
#include "retort/engine/value.hpp"

namespace retort {
class Dialect;
}

namespace retort::sql {

// A statement the dialect cannot express (FULL OUTER JOIN on MySQL, RETURNING
// where the dialect has none), or one built inconsistently.
class CompileError : public Error {
 public:
  using Error::Error;
};

struct CompileOptions {
  // Values rendered inline, escaped for the dialect (offline SQL scripts).
  bool literal_binds = false;
};

// One placeholder: a value fixed in the statement, or a bindparam() name.
struct BindSlot {
  std::optional<Value> value;   // default for named parameters
  std::string name;             // bindparam name; empty for anonymous values
  std::shared_ptr<const Type> type;
  int ordinal = -1;             // internal: the value's place in the statement's shape
};

struct Compiled {
  std::string sql;
  std::vector<BindSlot> binds;          // in placeholder order
  std::vector<std::string> keys;        // result column names (empty: no rows)
  // The element selected at each result position (parallel to keys): how
  // row[column] tells apart two selected columns of the same name.
  ResultColumns columns;
  // The parameter values, with named ones taken from `params` and each value
  // through its type's to_db. ArgumentError for a missing named parameter.
  std::vector<Value> params(const Params& params = {}) const;
  void params_into(const Params& params, std::vector<Value>& out) const;
};

// Compiles `stmt` for `dialect`. CompileError for what the dialect cannot say.
Compiled compile(const Executable& stmt, const Dialect& dialect, CompileOptions options = {});
// The compiled form, for executing: kept on the (immutable) statement per
// dialect, and shared between statements of the same shape (the same SQL
// with other bound values), so that a shape is compiled once per process.
std::shared_ptr<const Compiled> compiled(const Executable& stmt, const Dialect& dialect);
// A value as an inline SQL literal for `dialect`, as literal_binds writes it
// (offline scripts). CompileError for one the dialect cannot write inline.
std::string render_literal(const Value& value, const Dialect& dialect);
// How many statements have been compiled so far (shape-cache misses).
std::size_t compile_count();

}  // namespace retort::sql
