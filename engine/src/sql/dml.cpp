// Building INSERT, UPDATE and DELETE statements.
#include "retort/engine/sql/dml.hpp"

#include "retort/engine/error.hpp"
#include "retort/engine/schema.hpp"
#include "sql/node.hpp"

namespace retort::sql {

using detail::DeleteNode;
using detail::InsertNode;
using detail::Kind;
using detail::Node;
using detail::UpdateNode;

namespace {

const Table& target_table(const NodePtr& target) {
  const Table* t = detail::base_table(*target);
  if (!t) throw ArgumentError("INSERT, UPDATE and DELETE need a table (or an alias of one)");
  return *t;
}

// A value for column `name` of the target: typed like the column.
NodePtr column_value(const NodePtr& target, const std::string& name, const Expr& v) {
  const Column* c = target_table(target).column(name);
  if (!c)
    throw ArgumentError("table '" + target_table(target).fullname() + "' has no column '" + name +
                        "'");
  const NodePtr& n = v.node();
  if (!n) throw ArgumentError("no value for column '" + name + "'");
  if (n->kind == Kind::Bind && n->name.empty()) {
    auto b = std::make_shared<Node>(*n);
    b->type = std::make_shared<const Type>(c->type);
    return b;
  }
  return n;
}

detail::SetList set_list(const NodePtr& target, ValuesList vals) {
  detail::SetList out;
  for (auto& [k, v] : vals) out.emplace_back(k, column_value(target, k, v));
  return out;
}

std::vector<NodePtr> nodes(const std::vector<Expr>& v) {
  std::vector<NodePtr> out;
  for (auto& e : v) out.push_back(e.node());
  return out;
}

}  // namespace

Insert insert(const From& t) {
  target_table(t.node());
  auto n = std::make_shared<InsertNode>();
  n->target = t.node();
  return Insert(n);
}

Insert Insert::values(ValuesList row) const { return values(std::vector<ValuesList>{std::move(row)}); }

Insert Insert::values(std::vector<ValuesList> rows) const {
  auto n = std::make_shared<InsertNode>(static_cast<const InsertNode&>(*node_));
  if (n->select) throw ArgumentError("this INSERT already inserts from a SELECT");
  for (auto& row : rows) {
    std::vector<std::string> cols;
    std::vector<NodePtr> vals;
    for (auto& [k, v] : row) {
      cols.push_back(k);
      vals.push_back(column_value(n->target, k, v));
    }
    if (n->columns.empty() && n->rows.empty()) n->columns = cols;
    if (cols != n->columns)
      throw ArgumentError("every row of a multi-row INSERT needs the same columns in the same order");
    n->rows.push_back(std::move(vals));
  }
  return Insert(n);
}

Insert Insert::from_select(std::vector<std::string> columns, const Select& select) const {
  auto n = std::make_shared<InsertNode>(static_cast<const InsertNode&>(*node_));
  if (!n->rows.empty()) throw ArgumentError("this INSERT already has VALUES");
  for (auto& c : columns)
    if (!target_table(n->target).column(c))
      throw ArgumentError("table '" + target_table(n->target).fullname() + "' has no column '" + c + "'");
  n->columns = std::move(columns);
  n->select = select.node();
  return Insert(n);
}

Insert Insert::returning(std::vector<Expr> cols) const {
  auto n = std::make_shared<InsertNode>(static_cast<const InsertNode&>(*node_));
  n->returning = nodes(cols);
  return Insert(n);
}

Insert Insert::on_conflict_do_update(std::vector<std::string> conflict, ValuesList set) const {
  auto n = std::make_shared<InsertNode>(static_cast<const InsertNode&>(*node_));
  if (set.empty()) throw ArgumentError("on_conflict_do_update() needs at least one column to set");
  n->upsert = 1;
  n->conflict_columns = std::move(conflict);
  n->set = set_list(n->target, std::move(set));
  return Insert(n);
}

Insert Insert::on_conflict_do_nothing(std::vector<std::string> conflict) const {
  auto n = std::make_shared<InsertNode>(static_cast<const InsertNode&>(*node_));
  n->upsert = 2;
  n->conflict_columns = std::move(conflict);
  return Insert(n);
}

Update update(const From& t) {
  target_table(t.node());
  auto n = std::make_shared<UpdateNode>();
  n->target = t.node();
  return Update(n);
}

Update Update::values(ValuesList set) const {
  auto n = std::make_shared<UpdateNode>(static_cast<const UpdateNode&>(*node_));
  auto more = set_list(n->target, std::move(set));
  n->set.insert(n->set.end(), more.begin(), more.end());
  return Update(n);
}
Update Update::where(const Expr& cond) const {
  auto n = std::make_shared<UpdateNode>(static_cast<const UpdateNode&>(*node_));
  n->where = n->where ? and_({Expr(n->where), cond}).node() : cond.node();
  return Update(n);
}
Update Update::returning(std::vector<Expr> cols) const {
  auto n = std::make_shared<UpdateNode>(static_cast<const UpdateNode&>(*node_));
  n->returning = nodes(cols);
  return Update(n);
}

Delete delete_(const From& t) {
  target_table(t.node());
  auto n = std::make_shared<DeleteNode>();
  n->target = t.node();
  return Delete(n);
}
Delete Delete::where(const Expr& cond) const {
  auto n = std::make_shared<DeleteNode>(static_cast<const DeleteNode&>(*node_));
  n->where = n->where ? and_({Expr(n->where), cond}).node() : cond.node();
  return Delete(n);
}
Delete Delete::returning(std::vector<Expr> cols) const {
  auto n = std::make_shared<DeleteNode>(static_cast<const DeleteNode&>(*node_));
  n->returning = nodes(cols);
  return Delete(n);
}

Expr excluded(std::string column) {
  auto n = std::make_shared<Node>(Kind::Excluded);
  n->name = std::move(column);
  return Expr(n);
}

namespace detail {

NodePtr insert_for_params(const Node& stmt, const Params& first) {
  if (stmt.kind != Kind::Insert) return nullptr;
  const auto& ins = static_cast<const InsertNode&>(stmt);
  if (!ins.columns.empty() || ins.select || first.empty()) return nullptr;
  const Table& t = target_table(ins.target);
  ValuesList row;
  for (const auto& [name, value] : first) {
    const Column* c = t.column(name);
    if (!c) throw ArgumentError("table '" + t.fullname() + "' has no column '" + name + "'");
    row.emplace_back(name, bindparam(name, std::nullopt, c->type));
  }
  return Insert(std::make_shared<InsertNode>(ins)).values(std::move(row)).node();
}

}  // namespace detail

}  // namespace retort::sql
