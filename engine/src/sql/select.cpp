// Building FROM elements and SELECT statements.
#include "retort/engine/sql/select.hpp"

#include <algorithm>

#include "retort/engine/error.hpp"
#include "retort/engine/schema.hpp"
#include "sql/node.hpp"

namespace retort::sql {

using detail::CompoundNode;
using detail::Kind;
using detail::Node;
using detail::SelectNode;

Executable::Executable(NodePtr node)
    : node_(std::move(node)), memo_(std::make_shared<detail::CompileMemo>()) {}

namespace {

std::string from_name(const Node& f) {
  if (f.kind == Kind::Table) return f.table->fullname();
  return f.name;
}

// The result columns of a select or compound select.
const std::vector<NodePtr>& select_columns(const Node& s) {
  if (s.kind == Kind::Compound)
    return select_columns(*static_cast<const CompoundNode&>(s).selects.at(0));
  return static_cast<const SelectNode&>(s).columns;
}

NodePtr column_of(const NodePtr& from, std::string_view name) {
  const Node& f = *from;
  auto col = std::make_shared<Node>(Kind::Column);
  col->kids = {from};
  col->name = std::string(name);
  if (const Table* t = detail::base_table(f)) {
    const Column* c = t->column(name);
    if (!c)
      throw ArgumentError("table '" + from_name(f) + "' has no column '" + std::string(name) + "'");
    col->type = std::make_shared<const Type>(c->type);
    return col;
  }
  if (f.kind == Kind::Subquery || f.kind == Kind::Cte) {
    for (const auto& c : select_columns(*f.kids[0]))
      if (detail::key_of(*c) == name) {
        col->type = detail::type_of(c);
        return col;
      }
    throw ArgumentError("subquery '" + f.name + "' has no column '" + std::string(name) + "'");
  }
  throw ArgumentError("a join has no columns of its own; take '" + std::string(name) +
                      "' from one of its tables");
}

std::vector<NodePtr> from_columns(const NodePtr& from) {
  std::vector<NodePtr> out;
  const Node& f = *from;
  if (const Table* t = detail::base_table(f)) {
    for (const auto& c : t->columns) out.push_back(column_of(from, c.name));
  } else if (f.kind == Kind::Subquery || f.kind == Kind::Cte) {
    for (const auto& c : select_columns(*f.kids[0])) out.push_back(column_of(from, detail::key_of(*c)));
  } else if (f.kind == Kind::Join) {
    for (int i = 0; i < 2; ++i) {
      auto part = from_columns(f.kids[i]);
      out.insert(out.end(), part.begin(), part.end());
    }
  }
  return out;
}

// Every table-like element of a FROM tree (the sides of joins, recursively).
void leaves(const NodePtr& from, std::vector<NodePtr>& out) {
  if (from->kind == Kind::Join) {
    leaves(from->kids[0], out);
    leaves(from->kids[1], out);
  } else {
    out.push_back(from);
  }
}

// ON clause from foreign keys: between `right` and any table of `left`.
Expr infer_on(const NodePtr& left, const NodePtr& right) {
  const Table* rt = detail::base_table(*right);
  std::vector<NodePtr> lefts;
  leaves(left, lefts);
  std::vector<Expr> found;
  int matches = 0;
  auto fk_cond = [&](const NodePtr& from_side, const Table& ft, const NodePtr& to_side,
                     const Table& tt) {
    for (const auto& fk : ft.foreign_keys) {
      if (fk.referred_table != tt.name) continue;
      if (fk.referred_schema && fk.referred_schema != tt.schema) continue;
      std::vector<Expr> parts;
      for (std::size_t i = 0; i < fk.columns.size() && i < fk.referred_columns.size(); ++i)
        parts.push_back(Expr(column_of(from_side, fk.columns[i])) ==
                        Expr(column_of(to_side, fk.referred_columns[i])));
      found.push_back(and_(std::move(parts)));
      ++matches;
    }
  };
  if (rt) {
    for (const auto& l : lefts) {
      const Table* lt = detail::base_table(*l);
      if (!lt) continue;
      fk_cond(right, *rt, l, *lt);
      if (lt != rt) fk_cond(l, *lt, right, *rt);
    }
  }
  std::string names;
  for (const auto& l : lefts) names += (names.empty() ? "'" : ", '") + from_name(*l) + "'";
  if (matches == 0)
    throw ArgumentError("can't find any foreign key relationships between " + names + " and '" +
                        from_name(*right) + "'; give the join an ON clause");
  if (matches > 1)
    throw ArgumentError("more than one foreign key joins " + names + " and '" + from_name(*right) +
                        "'; give the join an ON clause");
  return found[0];
}

From make_join(const From& left, const From& right, std::optional<Expr> on, int kind) {
  auto n = std::make_shared<Node>(Kind::Join);
  Expr cond = on ? *on : infer_on(left.node(), right.node());
  n->kids = {left.node(), right.node(), cond.node()};
  n->ival = kind;
  return From(n);
}

std::shared_ptr<SelectNode> copy(const NodePtr& n) {
  if (!n) return std::make_shared<SelectNode>();
  return std::make_shared<SelectNode>(static_cast<const SelectNode&>(*n));
}

// The FROM element the select's first column comes from (for join()).
NodePtr first_from(const SelectNode& s) {
  for (const auto& c : s.columns) {
    const Node& e = detail::unlabel(*c);
    if (e.kind == Kind::Column && e.kids[0]) return e.kids[0];
  }
  throw ArgumentError("join() needs a left side: call select_from() first");
}

Select joined(const Select& s, const From& right, std::optional<Expr> on, int kind) {
  auto n = copy(s.node());
  if (n->froms.empty()) n->froms.push_back(first_from(*n));
  From left(n->froms.back());
  n->froms.back() = make_join(left, right, std::move(on), kind).node();
  return Select(n);
}

std::shared_ptr<CompoundNode> compound(const NodePtr& first, const std::string& op,
                                       const NodePtr& next) {
  if (first->kind == Kind::Compound) {
    const auto& c = static_cast<const CompoundNode&>(*first);
    if (c.op == op && c.order_by.empty() && !c.limit && !c.offset) {
      auto n = std::make_shared<CompoundNode>(c);
      n->selects.push_back(next);
      return n;
    }
  }
  auto n = std::make_shared<CompoundNode>();
  n->op = op;
  n->selects = {first, next};
  return n;
}

NodePtr int_bind(std::int64_t v) { return Expr::bind_value(Value(v)); }

From subquery_of(const NodePtr& s, std::string name) {
  auto n = std::make_shared<Node>(Kind::Subquery);
  n->kids = {s};
  n->name = std::move(name);
  return From(n);
}

}  // namespace

Expr From::c(std::string_view name) const {
  if (!node_) throw ArgumentError("empty FROM element");
  return Expr(column_of(node_, name));
}

std::vector<Expr> From::columns() const {
  std::vector<Expr> out;
  for (auto& n : from_columns(node_)) out.emplace_back(n);
  return out;
}

From From::alias(std::string name) const {
  auto n = std::make_shared<Node>(Kind::Alias);
  n->kids = {node_};
  n->name = std::move(name);
  return From(n);
}

From From::join(const From& r, std::optional<Expr> on) const { return make_join(*this, r, std::move(on), 0); }
From From::outerjoin(const From& r, std::optional<Expr> on) const { return make_join(*this, r, std::move(on), 1); }
From From::full_outer_join(const From& r, std::optional<Expr> on) const { return make_join(*this, r, std::move(on), 2); }

From table(const Table& t) {
  auto n = std::make_shared<Node>(Kind::Table);
  n->table = &t;
  n->name = t.name;
  return From(n);
}

Select select(std::vector<SelectItem> items) { return Select(std::make_shared<SelectNode>()).add_columns([&] {
  std::vector<Expr> cols;
  for (auto& i : items) {
    if (i.from.node())
      for (auto& c : i.from.columns()) cols.push_back(c);
    else
      cols.push_back(i.expr);
  }
  return cols;
}()); }

Select Select::add_columns(std::vector<Expr> cols) const {
  auto n = copy(node_);
  for (auto& c : cols) {
    if (!c.node()) throw ArgumentError("select() got an empty expression");
    n->columns.push_back(c.node());
  }
  return Select(n);
}
Select Select::add_columns(const From& from) const { return add_columns(from.columns()); }
Select Select::distinct() const {
  auto n = copy(node_);
  n->distinct = true;
  return Select(n);
}
Select Select::where(const Expr& cond) const {
  auto n = copy(node_);
  n->where = n->where ? and_({Expr(n->where), cond}).node() : cond.node();
  return Select(n);
}
Select Select::select_from(const From& from) const {
  auto n = copy(node_);
  n->froms.push_back(from.node());
  return Select(n);
}
Select Select::join(const From& r, std::optional<Expr> on) const { return joined(*this, r, std::move(on), 0); }
Select Select::outerjoin(const From& r, std::optional<Expr> on) const { return joined(*this, r, std::move(on), 1); }
Select Select::full_outer_join(const From& r, std::optional<Expr> on) const { return joined(*this, r, std::move(on), 2); }
Select Select::group_by(std::vector<Expr> cols) const {
  auto n = copy(node_);
  for (auto& c : cols) n->group_by.push_back(c.node());
  return Select(n);
}
Select Select::having(const Expr& cond) const {
  auto n = copy(node_);
  n->having = n->having ? and_({Expr(n->having), cond}).node() : cond.node();
  return Select(n);
}
Select Select::order_by(std::vector<Expr> cols) const {
  auto n = copy(node_);
  for (auto& c : cols) n->order_by.push_back(c.node());
  return Select(n);
}
Select Select::limit(std::int64_t v) const {
  auto n = copy(node_);
  n->limit = int_bind(v);
  return Select(n);
}
Select Select::offset(std::int64_t v) const {
  auto n = copy(node_);
  n->offset = int_bind(v);
  return Select(n);
}
Select Select::for_update(bool nowait, bool skip_locked, std::vector<From> of) const {
  if (nowait && skip_locked)
    throw ArgumentError("for_update(): nowait and skip_locked exclude each other");
  auto n = copy(node_);
  n->for_update = skip_locked ? 3 : nowait ? 2 : 1;
  n->for_update_of.clear();
  for (const auto& f : of) {
    if (!f.node()) throw ArgumentError("for_update(of=...): an empty FROM element");
    if (f.node()->kind == Kind::Join)
      throw ArgumentError("for_update(of=...): name the tables of a join, not the join");
    n->for_update_of.push_back(f.node());
  }
  return Select(n);
}

From Select::subquery(std::string name) const { return subquery_of(node_, std::move(name)); }

Expr Select::scalar_subquery() const {
  auto n = std::make_shared<Node>(Kind::ScalarSelect);
  n->kids = {node_};
  const auto& cols = static_cast<const SelectNode&>(*node_).columns;
  if (cols.size() != 1) throw ArgumentError("a scalar subquery selects exactly one column");
  n->type = detail::type_of(cols[0]);
  return Expr(n);
}

Expr Select::exists() const {
  auto n = std::make_shared<Node>(Kind::Exists);
  n->kids = {node_};
  n->type = std::make_shared<const Type>(types::Boolean());
  return Expr(n);
}

CTE Select::cte(std::string name, bool recursive) const {
  auto n = std::make_shared<Node>(Kind::Cte);
  n->kids = {node_};
  n->name = std::move(name);
  n->flag = recursive;
  return CTE(n);
}

CompoundSelect Select::union_(const Select& o) const { return CompoundSelect(compound(node_, "UNION", o.node())); }
CompoundSelect Select::union_all(const Select& o) const { return CompoundSelect(compound(node_, "UNION ALL", o.node())); }
CompoundSelect Select::intersect(const Select& o) const { return CompoundSelect(compound(node_, "INTERSECT", o.node())); }
CompoundSelect Select::except_(const Select& o) const { return CompoundSelect(compound(node_, "EXCEPT", o.node())); }

CompoundSelect CompoundSelect::union_(const Select& o) const { return CompoundSelect(compound(node_, "UNION", o.node())); }
CompoundSelect CompoundSelect::union_all(const Select& o) const { return CompoundSelect(compound(node_, "UNION ALL", o.node())); }
CompoundSelect CompoundSelect::order_by(std::vector<Expr> cols) const {
  auto n = std::make_shared<CompoundNode>(static_cast<const CompoundNode&>(*node_));
  for (auto& c : cols) n->order_by.push_back(c.node());
  return CompoundSelect(n);
}
CompoundSelect CompoundSelect::limit(std::int64_t v) const {
  auto n = std::make_shared<CompoundNode>(static_cast<const CompoundNode&>(*node_));
  n->limit = int_bind(v);
  return CompoundSelect(n);
}
CompoundSelect CompoundSelect::offset(std::int64_t v) const {
  auto n = std::make_shared<CompoundNode>(static_cast<const CompoundNode&>(*node_));
  n->offset = int_bind(v);
  return CompoundSelect(n);
}
From CompoundSelect::subquery(std::string name) const { return subquery_of(node_, std::move(name)); }

namespace {
CTE recursive_cte(const NodePtr& cte, const std::string& op, const Select& rec) {
  auto n = std::make_shared<Node>(*cte);
  n->kids = {compound(cte->kids[0], op, rec.node())};
  n->flag = true;
  return CTE(n);
}
}  // namespace

CTE CTE::union_all(const Select& rec) const { return recursive_cte(node(), "UNION ALL", rec); }
CTE CTE::union_(const Select& rec) const { return recursive_cte(node(), "UNION", rec); }

}  // namespace retort::sql
