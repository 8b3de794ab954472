// Building column expressions: operators, functions, CASE, CAST, text().
#include "retort/engine/sql/expression.hpp"

#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/result.hpp"
#include "retort/engine/sql/select.hpp"
#include "sql/node.hpp"
#include "sql/sql_compiler.hpp"

namespace retort::sql {

using detail::Kind;
using detail::Node;

namespace {

std::shared_ptr<Node> make(Kind k) { return std::make_shared<Node>(k); }

std::shared_ptr<const Type> shared_type(Type t) { return std::make_shared<const Type>(std::move(t)); }

const std::shared_ptr<const Type>& boolean_type() {
  static const auto t = shared_type(types::Boolean());
  return t;
}

std::shared_ptr<const Type> type_for_value(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Text: {
      static const auto t = shared_type(types::String());
      return t;
    }
    case Value::Kind::Int: {
      static const auto t = shared_type(types::Integer());
      return t;
    }
    default:
      return nullptr;
  }
}

bool is_string_type(const std::shared_ptr<const Type>& t) {
  if (!t) return false;
  auto k = t->storage().kind;
  return k == TypeKind::String || k == TypeKind::Text || k == TypeKind::Enum;
}

bool is_null_bind(const NodePtr& n) {
  return (n->kind == Kind::Bind && n->flag && n->name.empty() && n->value.is_null()) ||
         (n->kind == Kind::Keyword && n->name == "NULL");
}

// An anonymous bound value next to a typed expression takes that type, so
// that the column type's to_db applies to it (users.c("born") == some_date).
NodePtr coerce(const NodePtr& bind, const NodePtr& other) {
  if (bind->kind != Kind::Bind || (bind->type && bind->type->kind == TypeKind::Decorated)) return bind;
  auto t = detail::type_of(other);
  if (!t || t == bind->type) return bind;
  auto n = std::make_shared<Node>(*bind);
  n->type = t;
  return n;
}

Expr binary(std::string op, int prec, const Expr& a, const Expr& b,
            std::shared_ptr<const Type> type = nullptr) {
  if (!a.node() || !b.node()) throw ArgumentError("operator " + op + " needs two expressions");
  auto n = make(Kind::Binary);
  n->name = std::move(op);
  n->ival = prec;
  n->kids = {coerce(a.node(), b.node()), coerce(b.node(), a.node())};
  n->type = type ? std::move(type) : detail::type_of(n->kids[0]);
  return Expr(n);
}

Expr comparison(std::string op, const Expr& a, const Expr& b) {
  return binary(std::move(op), 5, a, b, boolean_type());
}

Expr bool_list(std::string op, std::vector<Expr> clauses) {
  std::vector<NodePtr> kids;
  for (auto& c : clauses) {
    if (!c.node()) continue;
    // Flatten nested lists of the same operator.
    if (c.node()->kind == Kind::Bool && c.node()->name == op)
      kids.insert(kids.end(), c.node()->kids.begin(), c.node()->kids.end());
    else
      kids.push_back(c.node());
  }
  if (kids.size() == 1) return Expr(kids[0]);
  auto n = make(Kind::Bool);
  n->name = std::move(op);
  n->kids = std::move(kids);
  n->type = boolean_type();
  return Expr(n);
}

std::string escape_like(std::string_view s, char esc) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == esc) out += esc;
    out += c;
  }
  return out;
}

Expr like_node(const Expr& left, Expr pattern, std::optional<char> escape, bool negate,
               bool ilike) {
  auto n = make(Kind::Like);
  n->kids = {left.node(), coerce(pattern.node(), left.node())};
  n->flag = negate;
  n->ival = ilike ? 1 : 0;
  if (escape) n->name = std::string(1, *escape);
  n->type = boolean_type();
  return Expr(n);
}

Expr in_node(const Expr& left, std::vector<Expr> items, bool negate) {
  auto n = make(Kind::In);
  n->kids.push_back(left.node());
  for (auto& i : items) n->kids.push_back(coerce(i.node(), left.node()));
  n->flag = negate;
  n->type = boolean_type();
  return Expr(n);
}

Expr in_select(const Expr& left, const Select& s, bool negate) {
  auto n = make(Kind::In);
  n->kids = {left.node(), s.node()};
  n->ival = 1;
  n->flag = negate;
  n->type = boolean_type();
  return Expr(n);
}

Expr order(const Expr& e, int dir, int nulls) {
  auto n = make(Kind::Order);
  if (e.node()->kind == Kind::Order) {
    *n = *e.node();
    if (dir) n->ival = dir;
    if (nulls) n->ival2 = nulls;
  } else {
    n->kids = {e.node()};
    n->ival = dir;
    n->ival2 = nulls;
  }
  return Expr(n);
}

}  // namespace

NodePtr Expr::bind_value(Value v) {
  auto n = make(Kind::Bind);
  n->type = type_for_value(v);
  n->value = std::move(v);
  n->flag = true;
  return n;
}

const Type* Expr::type() const {
  auto t = node_ ? detail::type_of(node_) : nullptr;
  return t.get();
}

std::string Expr::key() const { return node_ ? detail::key_of(*node_) : std::string(); }

namespace {

// Whether `a` and `b` are the same column of the same FROM element (two
// c("id") calls on one table or alias build two nodes for one column).
bool same_column(const detail::Node& a, const detail::Node& b) {
  if (a.kind != Kind::Column || b.kind != Kind::Column || a.name != b.name) return false;
  const bool fa = !a.kids.empty() && a.kids[0], fb = !b.kids.empty() && b.kids[0];
  if (fa != fb) return false;
  return !fa || detail::from_identity(*a.kids[0]) == detail::from_identity(*b.kids[0]);
}

// The result position the statement selected `e` at, or -1. The selected
// element itself first; then the same column of the same FROM element,
// selected as is or under a label.
long position_of(const std::vector<NodePtr>& cols, const detail::Node& e) {
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (cols[i].get() == &e) return static_cast<long>(i);
  if (e.kind != Kind::Column) return -1;
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (same_column(detail::unlabel(*cols[i]), e)) return static_cast<long>(i);
  return -1;
}

}  // namespace

Value Expr::read(const Row& row) const {
  const Value* v = nullptr;
  if (node_ && row.columns()) {
    long pos = position_of(*row.columns(), *node_);
    if (pos >= 0) v = &row[static_cast<std::size_t>(pos)];
  }
  if (!v) {
    std::string k = key();
    if (k.empty())
      throw InvalidRequestError("this expression has no result name: give it a label()");
    v = &row[k];
  }
  const Type* t = type();
  return t ? t->from_db(*v) : *v;
}

Expr Expr::label(std::string name) const {
  auto n = make(Kind::Label);
  n->name = std::move(name);
  n->kids = {node_};
  n->type = detail::type_of(node_);
  return Expr(n);
}

Expr Expr::like(Expr p, std::optional<char> esc) const { return like_node(*this, std::move(p), esc, false, false); }
Expr Expr::not_like(Expr p, std::optional<char> esc) const { return like_node(*this, std::move(p), esc, true, false); }
Expr Expr::ilike(Expr p, std::optional<char> esc) const { return like_node(*this, std::move(p), esc, false, true); }
Expr Expr::not_ilike(Expr p, std::optional<char> esc) const { return like_node(*this, std::move(p), esc, true, true); }
Expr Expr::contains(std::string_view s) const {
  return like_node(*this, Expr("%" + escape_like(s, '/') + "%"), '/', false, false);
}
Expr Expr::startswith(std::string_view s) const {
  return like_node(*this, Expr(escape_like(s, '/') + "%"), '/', false, false);
}
Expr Expr::endswith(std::string_view s) const {
  return like_node(*this, Expr("%" + escape_like(s, '/')), '/', false, false);
}
Expr Expr::in_(std::vector<Expr> items) const { return in_node(*this, std::move(items), false); }
Expr Expr::not_in(std::vector<Expr> items) const { return in_node(*this, std::move(items), true); }
Expr Expr::in_(const Select& s) const { return in_select(*this, s, false); }
Expr Expr::not_in(const Select& s) const { return in_select(*this, s, true); }

Expr Expr::between(Expr low, Expr high) const {
  auto n = make(Kind::Between);
  n->kids = {node_, coerce(low.node(), node_), coerce(high.node(), node_)};
  n->type = boolean_type();
  return Expr(n);
}

Expr Expr::is_(Expr other) const { return binary("IS", 5, *this, other, boolean_type()); }
Expr Expr::is_not(Expr other) const { return binary("IS NOT", 5, *this, other, boolean_type()); }
Expr Expr::is_null() const { return is_(null_()); }
Expr Expr::is_not_null() const { return is_not(null_()); }

Expr Expr::concat(Expr other) const {
  auto n = make(Kind::Concat);
  n->kids = {node_, other.node()};
  n->type = shared_type(types::String());
  return Expr(n);
}

Expr Expr::cast(Type t) const { return sql::cast(*this, std::move(t)); }
Expr Expr::op(std::string o, Expr other) const { return binary(std::move(o), 8, *this, other); }
Expr Expr::asc() const { return order(*this, 1, 0); }
Expr Expr::desc() const { return order(*this, 2, 0); }
Expr Expr::nulls_first() const { return order(*this, 0, 1); }
Expr Expr::nulls_last() const { return order(*this, 0, 2); }

Expr Expr::over(const Window& w) const {
  auto n = make(Kind::Over);
  n->kids = {node_};
  for (auto& e : w.partition) n->kids2.push_back(e.node());
  for (auto& e : w.order) n->kids3.push_back(e.node());
  n->frame = w.frame;
  n->type = detail::type_of(node_);
  return Expr(n);
}

Expr operator==(const Expr& a, const Expr& b) {
  if (is_null_bind(b.node())) return a.is_null();
  if (is_null_bind(a.node())) return b.is_null();
  return comparison("=", a, b);
}
Expr operator!=(const Expr& a, const Expr& b) {
  if (is_null_bind(b.node())) return a.is_not_null();
  if (is_null_bind(a.node())) return b.is_not_null();
  return comparison("!=", a, b);
}
Expr operator<(const Expr& a, const Expr& b) { return comparison("<", a, b); }
Expr operator<=(const Expr& a, const Expr& b) { return comparison("<=", a, b); }
Expr operator>(const Expr& a, const Expr& b) { return comparison(">", a, b); }
Expr operator>=(const Expr& a, const Expr& b) { return comparison(">=", a, b); }
Expr operator&&(const Expr& a, const Expr& b) { return and_({a, b}); }
Expr operator||(const Expr& a, const Expr& b) { return or_({a, b}); }
Expr operator!(const Expr& a) { return not_(a); }
Expr operator+(const Expr& a, const Expr& b) {
  if (is_string_type(detail::type_of(a.node())) || is_string_type(detail::type_of(b.node())))
    return a.concat(b);
  return binary("+", 7, a, b);
}
Expr operator-(const Expr& a, const Expr& b) { return binary("-", 7, a, b); }
Expr operator*(const Expr& a, const Expr& b) { return binary("*", 8, a, b); }
Expr operator/(const Expr& a, const Expr& b) { return binary("/", 8, a, b); }
Expr operator%(const Expr& a, const Expr& b) { return binary("%", 8, a, b); }
Expr operator-(const Expr& a) {
  auto n = make(Kind::Unary);
  n->name = "-";
  n->ival = 9;
  n->kids = {a.node()};
  n->type = detail::type_of(a.node());
  return Expr(n);
}

Expr and_(std::vector<Expr> clauses) {
  bool any = false;
  for (auto& c : clauses) any = any || static_cast<bool>(c.node());
  return any ? bool_list("AND", std::move(clauses)) : true_();
}
Expr or_(std::vector<Expr> clauses) {
  bool any = false;
  for (auto& c : clauses) any = any || static_cast<bool>(c.node());
  return any ? bool_list("OR", std::move(clauses)) : false_();
}
Expr not_(const Expr& e) {
  auto n = make(Kind::Unary);
  n->name = "NOT ";
  n->ival = 4;
  n->kids = {e.node()};
  n->type = boolean_type();
  return Expr(n);
}

Expr literal(Value v, std::optional<Type> type) {
  auto n = std::make_shared<Node>(*Expr::bind_value(std::move(v)));
  if (type) n->type = shared_type(std::move(*type));
  return Expr(n);
}

Expr bindparam(std::string name, std::optional<Value> value, std::optional<Type> type) {
  if (name.empty()) throw ArgumentError("bindparam() needs a name");
  auto n = make(Kind::Bind);
  n->name = std::move(name);
  n->flag = value.has_value();
  if (value) n->value = std::move(*value);
  if (type) n->type = shared_type(std::move(*type));
  return Expr(n);
}

namespace {
Expr keyword(const char* word, std::shared_ptr<const Type> t = nullptr) {
  auto n = make(Kind::Keyword);
  n->name = word;
  n->type = std::move(t);
  return Expr(n);
}
}  // namespace

Expr null_() { return keyword("NULL"); }
Expr true_() { return keyword("TRUE", boolean_type()); }
Expr false_() { return keyword("FALSE", boolean_type()); }
Expr star() { return keyword("*"); }

Expr literal_column(std::string sql, std::optional<Type> type) {
  auto n = make(Kind::LiteralColumn);
  n->name = std::move(sql);
  if (type) n->type = shared_type(std::move(*type));
  return Expr(n);
}

Expr text(std::string sql, Params params) {
  TextClause clause(std::move(sql));
  auto n = make(Kind::Text);
  n->strs = clause.literals();
  for (const auto& name : clause.param_names()) {
    auto b = make(Kind::Bind);
    b->name = name;
    for (auto& [k, v] : params)
      if (k == name) {
        b->value = v;
        b->flag = true;
      }
    n->kids.push_back(b);
  }
  return Expr(n);
}

Expr cast(const Expr& e, Type type) {
  auto n = make(Kind::Cast);
  n->kids = {e.node()};
  n->type = shared_type(std::move(type));
  return Expr(n);
}

namespace {
Expr case_node(NodePtr value, std::vector<std::pair<Expr, Expr>> whens, std::optional<Expr> else_) {
  if (whens.empty()) throw ArgumentError("case_() needs at least one WHEN");
  auto n = make(Kind::Case);
  n->kids = {value, else_ ? else_->node() : nullptr};
  for (auto& [w, t] : whens) {
    n->kids.push_back(value ? coerce(w.node(), value) : w.node());
    n->kids.push_back(t.node());
  }
  n->type = detail::type_of(whens[0].second.node());
  return Expr(n);
}
}  // namespace

Expr case_(std::vector<std::pair<Expr, Expr>> whens, std::optional<Expr> else_) {
  return case_node(nullptr, std::move(whens), std::move(else_));
}
Expr case_(Expr value, std::vector<std::pair<Expr, Expr>> whens, std::optional<Expr> else_) {
  return case_node(value.node(), std::move(whens), std::move(else_));
}

Expr asc(const Expr& e) { return e.asc(); }
Expr desc(const Expr& e) { return e.desc(); }
Expr distinct(const Expr& e) {
  auto n = make(Kind::Unary);
  n->name = "DISTINCT ";
  n->ival = 10;
  n->kids = {e.node()};
  n->type = detail::type_of(e.node());
  return Expr(n);
}

Expr FunctionFactory::call(std::string name, std::vector<Expr> args, std::optional<Type> type) const {
  auto n = make(Kind::Func);
  n->name = std::move(name);
  for (auto& a : args) n->kids.push_back(a.node());
  if (type) n->type = shared_type(std::move(*type));
  return Expr(n);
}

Expr FunctionFactory::count() const { return call("count", {star()}, types::BigInteger()); }
Expr FunctionFactory::count(const Expr& e) const { return call("count", {e}, types::BigInteger()); }
Expr FunctionFactory::sum(const Expr& e) const {
  auto t = detail::type_of(e.node());
  return call("sum", {e}, t ? std::optional<Type>(*t) : std::nullopt);
}
Expr FunctionFactory::avg(const Expr& e) const { return call("avg", {e}); }
Expr FunctionFactory::min(const Expr& e) const {
  auto t = detail::type_of(e.node());
  return call("min", {e}, t ? std::optional<Type>(*t) : std::nullopt);
}
Expr FunctionFactory::max(const Expr& e) const {
  auto t = detail::type_of(e.node());
  return call("max", {e}, t ? std::optional<Type>(*t) : std::nullopt);
}
Expr FunctionFactory::coalesce(std::vector<Expr> args) const {
  std::optional<Type> t;
  if (!args.empty() && detail::type_of(args[0].node())) t = *detail::type_of(args[0].node());
  return call("coalesce", std::move(args), t);
}
Expr FunctionFactory::concat(std::vector<Expr> args) const {
  return call("concat", std::move(args), types::String());
}
Expr FunctionFactory::length(const Expr& e) const { return call("length", {e}, types::Integer()); }
Expr FunctionFactory::lower(const Expr& e) const { return call("lower", {e}, types::String()); }
Expr FunctionFactory::upper(const Expr& e) const { return call("upper", {e}, types::String()); }
Expr FunctionFactory::now() const { return call("now", {}, types::DateTime()); }
Expr FunctionFactory::random() const { return call("random", {}, types::Float()); }
Expr FunctionFactory::row_number() const { return call("row_number", {}, types::BigInteger()); }
Expr FunctionFactory::rank() const { return call("rank", {}, types::BigInteger()); }
Expr FunctionFactory::dense_rank() const { return call("dense_rank", {}, types::BigInteger()); }

namespace detail {

const Table* base_table(const Node& from) {
  if (from.kind == Kind::Table) return from.table;
  if (from.kind == Kind::Alias && from.kids[0]->kind == Kind::Table) return from.kids[0]->table;
  return nullptr;
}

const Node& unlabel(const Node& n) { return n.kind == Kind::Label ? *n.kids[0] : n; }

std::string key_of(const Node& n) {
  switch (n.kind) {
    case Kind::Label:
    case Kind::Column:
      return n.name;
    case Kind::Func:
      return n.name;
    case Kind::Over:
      return key_of(*n.kids[0]);
    case Kind::Cast:
    case Kind::Order:
    case Kind::Unary:
      return key_of(*n.kids[0]);
    default:
      return {};
  }
}

std::shared_ptr<const Type> type_of(const NodePtr& n) { return n ? n->type : nullptr; }

}  // namespace detail

}  // namespace retort::sql
