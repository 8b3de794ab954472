// The SQL expression language (SQLAlchemy Core's ColumnElement): small
// immutable nodes, shared by handle, built by free functions and operators
// and compiled per dialect (sql/compiler.hpp). Values become bound
// parameters; they are never spliced into SQL text.
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "retort/engine/types.hpp"
#include "retort/engine/value.hpp"

namespace retort {
class Row;
}

namespace retort::sql {

namespace detail {
struct Node;
}
using NodePtr = std::shared_ptr<const detail::Node>;

class Select;
struct Window;

// A SQL expression: a column, a bound value, an operator, a function call...
// Copies are cheap and share one immutable node.
class Expr {
 public:
  Expr() = default;
  explicit Expr(NodePtr node) : node_(std::move(node)) {}
  // Any value becomes a bound parameter: col == 5, col + 1.
  template <class T, class = std::enable_if_t<std::is_constructible_v<Value, T> &&
                                              !std::is_base_of_v<Expr, std::decay_t<T>>>>
  Expr(T&& v) : Expr(bind_value(Value(std::forward<T>(v)))) {}

  const NodePtr& node() const noexcept { return node_; }
  // The expression's type, when known (columns, casts, typed binds).
  const Type* type() const;
  // The name a result row knows this expression by (label or column name).
  std::string key() const;

  Expr label(std::string name) const;
  Expr like(Expr pattern, std::optional<char> escape = std::nullopt) const;
  Expr not_like(Expr pattern, std::optional<char> escape = std::nullopt) const;
  // Case-insensitive LIKE: ILIKE on PostgreSQL, lower(x) LIKE lower(y) elsewhere.
  Expr ilike(Expr pattern, std::optional<char> escape = std::nullopt) const;
  Expr not_ilike(Expr pattern, std::optional<char> escape = std::nullopt) const;
  // Substring tests; % and _ (and the escape character) in `s` match literally.
  Expr contains(std::string_view s) const;
  Expr startswith(std::string_view s) const;
  Expr endswith(std::string_view s) const;
  // IN a list (an empty list is always false) or a subquery.
  Expr in_(std::vector<Expr> items) const;
  Expr in_(std::initializer_list<Expr> items) const { return in_(std::vector<Expr>(items)); }
  Expr in_(const Select& subquery) const;
  Expr not_in(std::vector<Expr> items) const;
  Expr not_in(std::initializer_list<Expr> items) const { return not_in(std::vector<Expr>(items)); }
  Expr not_in(const Select& subquery) const;
  Expr between(Expr low, Expr high) const;
  Expr is_(Expr other) const;      // IS (NULL, TRUE, ...)
  Expr is_not(Expr other) const;   // IS NOT
  Expr is_null() const;
  Expr is_not_null() const;
  // String concatenation: || or concat() as the dialect spells it.
  Expr concat(Expr other) const;
  Expr cast(Type type) const;
  Expr op(std::string op, Expr other) const;  // a custom binary operator, e.g. "%"
  // ORDER BY modifiers.
  Expr asc() const;
  Expr desc() const;
  Expr nulls_first() const;  // emulated on MySQL/MariaDB
  Expr nulls_last() const;
  // A window function call: func.row_number().over(Window().order_by({x})).
  Expr over(const Window& window) const;

  // Typed access to a result row: the value after the type's from_db.
  Value read(const Row& row) const;

  static NodePtr bind_value(Value v);

  // Operators build expressions; they never evaluate anything. Hidden
  // friends, so that they apply only when one side is an expression.
  friend Expr operator==(const Expr& a, const Expr& b);  // == NULL renders IS NULL
  friend Expr operator!=(const Expr& a, const Expr& b);  // != NULL renders IS NOT NULL
  friend Expr operator<(const Expr& a, const Expr& b);
  friend Expr operator<=(const Expr& a, const Expr& b);
  friend Expr operator>(const Expr& a, const Expr& b);
  friend Expr operator>=(const Expr& a, const Expr& b);
  friend Expr operator&&(const Expr& a, const Expr& b);
  friend Expr operator||(const Expr& a, const Expr& b);
  friend Expr operator!(const Expr& a);
  friend Expr operator+(const Expr& a, const Expr& b);  // concatenation when either side is a string type
  friend Expr operator-(const Expr& a, const Expr& b);
  friend Expr operator*(const Expr& a, const Expr& b);
  friend Expr operator/(const Expr& a, const Expr& b);
  friend Expr operator%(const Expr& a, const Expr& b);
  friend Expr operator-(const Expr& a);

 private:
  NodePtr node_;
};

// An expression whose values are read as T: row[TypedExpr<T>] is std::optional<T>.
template <class T>
class TypedExpr : public Expr {
 public:
  TypedExpr() = default;
  explicit TypedExpr(Expr e) : Expr(std::move(e)) {}
  std::optional<T> read(const Row& row) const { return Expr::read(row).template as<T>(); }
};

// Window frame bound: nullopt is UNBOUNDED, 0 CURRENT ROW, -n n PRECEDING, n FOLLOWING.
struct Frame {
  enum class Unit { Rows, Range } unit = Unit::Rows;
  std::optional<long> start;
  std::optional<long> end = 0;
};

// OVER (...): Window().partition_by({a}).order_by({b}).rows(-1, 0).
struct Window {
  Window& partition_by(std::vector<Expr> cols) { partition = std::move(cols); return *this; }
  Window& order_by(std::vector<Expr> cols) { order = std::move(cols); return *this; }
  Window& rows(std::optional<long> start, std::optional<long> end) {
    frame = Frame{Frame::Unit::Rows, start, end};
    return *this;
  }
  Window& range(std::optional<long> start, std::optional<long> end) {
    frame = Frame{Frame::Unit::Range, start, end};
    return *this;
  }
  std::vector<Expr> partition;
  std::vector<Expr> order;
  std::optional<Frame> frame;
};

Expr and_(std::vector<Expr> clauses);  // empty: true
Expr or_(std::vector<Expr> clauses);   // empty: false
Expr not_(const Expr& e);

// A bound value with an explicit type (to_db applies).
Expr literal(Value v, std::optional<Type> type = std::nullopt);
// A named parameter whose value is given at execute time (Params), or a default.
Expr bindparam(std::string name, std::optional<Value> value = std::nullopt,
               std::optional<Type> type = std::nullopt);
Expr null_();
Expr true_();
Expr false_();
// SQL text used as a column expression as is: literal_column("1"), literal_column("x.y").
Expr literal_column(std::string sql, std::optional<Type> type = std::nullopt);
// A SQL fragment with :name parameters bound to `params` (TextClause rules).
Expr text(std::string sql, Params params = {});
Expr cast(const Expr& e, Type type);
// CASE WHEN c1 THEN v1 ... ELSE e END.
Expr case_(std::vector<std::pair<Expr, Expr>> whens, std::optional<Expr> else_ = std::nullopt);
// CASE value WHEN k1 THEN v1 ... END.
Expr case_(Expr value, std::vector<std::pair<Expr, Expr>> whens,
           std::optional<Expr> else_ = std::nullopt);
Expr asc(const Expr& e);
Expr desc(const Expr& e);
// DISTINCT inside a function call: func.count(distinct(x)).
Expr distinct(const Expr& e);
// The star of SELECT COUNT(*), or of SELECT *.
Expr star();

// func("any_name", args...) for any SQL function; the members are the
// generic ones, rendered per dialect where the spelling differs.
struct FunctionFactory {
  Expr call(std::string name, std::vector<Expr> args, std::optional<Type> type = {}) const;
  template <class... A>
  Expr operator()(std::string name, A&&... args) const {
    return call(std::move(name), std::vector<Expr>{Expr(std::forward<A>(args))...});
  }
  Expr count() const;  // count(*)
  Expr count(const Expr& e) const;
  Expr sum(const Expr& e) const;
  Expr avg(const Expr& e) const;
  Expr min(const Expr& e) const;
  Expr max(const Expr& e) const;
  Expr coalesce(std::vector<Expr> args) const;
  Expr concat(std::vector<Expr> args) const;
  Expr length(const Expr& e) const;
  Expr lower(const Expr& e) const;
  Expr upper(const Expr& e) const;
  Expr now() const;
  Expr random() const;
  Expr row_number() const;
  Expr rank() const;
  Expr dense_rank() const;
};
inline constexpr FunctionFactory func{};

}  // namespace retort::sql
