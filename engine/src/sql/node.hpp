// Private: the expression tree. One Node type with a kind tag and a few
// generic slots keeps the tree small; SELECT and DML carry their clauses in
// derived nodes. Nodes are immutable once built and shared by pointer.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "retort/engine/schema.hpp"
#include "retort/engine/sql/compiler.hpp"
#include "retort/engine/sql/expression.hpp"

namespace retort {
class Dialect;
}

namespace retort::sql::detail {

enum class Kind {
  // FROM elements
  Table,     // table
  Alias,     // kids[0] inner FROM, name
  Join,      // kids[0] left, kids[1] right, kids[2] on; ival 0 inner, 1 left outer, 2 full outer
  Subquery,  // kids[0] select/compound, name
  Cte,       // kids[0] select/compound, name, flag recursive
  // column expressions
  Column,         // kids[0] FROM (may be null), name, column (for tables)
  Bind,           // value, name (bindparam) or empty, flag: has a value
  Keyword,        // name: NULL, TRUE, FALSE, *
  LiteralColumn,  // name: SQL text
  Text,           // strs: literal pieces, kids: one Bind per parameter
  Binary,         // name: operator, kids[0..1], ival precedence
  Unary,          // name: prefix operator, kids[0], ival precedence
  Bool,           // name: AND / OR, kids
  Func,           // name, kids: arguments
  Cast,           // kids[0], type
  Case,           // kids[0] value or null, kids[1] else or null, then when/then pairs
  Label,          // name, kids[0]
  Order,          // kids[0], ival 0 default 1 ASC 2 DESC, ival2 nulls 0 default 1 first 2 last
  Over,           // kids[0] function, kids2 partition, kids3 order, frame
  Like,           // kids[0] left, kids[1] pattern, flag negate, ival ilike, name escape char
  In,             // kids[0] left, then items; flag negate; ival 1: kids[1] is a select
  Between,        // kids[0..2], flag negate
  Concat,         // kids[0..1]
  ScalarSelect,   // kids[0] select
  Exists,         // kids[0] select
  Excluded,       // name: column of the proposed row in an upsert
  // statements
  Select,
  Compound,
  Insert,
  Update,
  Delete,
};

struct Node {
  explicit Node(Kind k) : kind(k) {}
  virtual ~Node() = default;
  Kind kind;
  std::shared_ptr<const Type> type;
  std::string name;
  const Table* table = nullptr;
  Value value;
  bool flag = false;
  int ival = 0;
  int ival2 = 0;
  std::vector<NodePtr> kids;
  std::vector<NodePtr> kids2;
  std::vector<NodePtr> kids3;
  std::vector<std::string> strs;
  std::optional<Frame> frame;
};

struct SelectNode : Node {
  SelectNode() : Node(Kind::Select) {}
  std::vector<NodePtr> columns;
  std::vector<NodePtr> froms;  // explicit: select_from() and joins
  NodePtr where, having, limit, offset;
  std::vector<NodePtr> group_by, order_by;
  bool distinct = false;
  int for_update = 0;  // 1 FOR UPDATE, 2 NOWAIT, 3 SKIP LOCKED
  std::vector<NodePtr> for_update_of;  // FOR UPDATE OF these FROM elements
};

struct CompoundNode : Node {
  CompoundNode() : Node(Kind::Compound) {}
  std::string op;  // UNION, UNION ALL, INTERSECT, EXCEPT
  std::vector<NodePtr> selects;
  std::vector<NodePtr> order_by;
  NodePtr limit, offset;
};

using SetList = std::vector<std::pair<std::string, NodePtr>>;

struct InsertNode : Node {
  InsertNode() : Node(Kind::Insert) {}
  NodePtr target;
  std::vector<std::string> columns;
  std::vector<std::vector<NodePtr>> rows;
  NodePtr select;
  std::vector<NodePtr> returning;
  int upsert = 0;  // 1 do update, 2 do nothing
  std::vector<std::string> conflict_columns;
  SetList set;
};

struct UpdateNode : Node {
  UpdateNode() : Node(Kind::Update) {}
  NodePtr target;
  SetList set;
  NodePtr where;
  std::vector<NodePtr> returning;
};

struct DeleteNode : Node {
  DeleteNode() : Node(Kind::Delete) {}
  NodePtr target;
  NodePtr where;
  std::vector<NodePtr> returning;
};

// Compiled forms of one statement, per dialect.
struct CompileMemo {
  std::mutex mu;
  std::vector<std::pair<const Dialect*, std::shared_ptr<const Compiled>>> by_dialect;
};

template <class T>
const T& as(const NodePtr& n) {
  return static_cast<const T&>(*n);
}

// The table under a Table node or an alias of one; nullptr otherwise.
const Table* base_table(const Node& from);
// The expression of a label (or the expression itself).
const Node& unlabel(const Node& n);
// The result name of a column expression ("" when it has none of its own).
std::string key_of(const Node& n);
// The Type of an expression, when known.
std::shared_ptr<const Type> type_of(const NodePtr& n);
// For executemany: an INSERT without values() takes its columns from the
// names in `first` (the first parameter set), each a bindparam typed like its
// column, as SQLAlchemy's insert(t) with a list of dicts does. nullptr when
// `stmt` is anything else (it is used as it is). ArgumentError for a name
// that is not a column of the table.
NodePtr insert_for_params(const Node& stmt, const Params& first);

}  // namespace retort::sql::detail
