// The shape walk: everything that decides the SQL text goes into the key
// (kinds, names, operators, types, flags, tables by name); bound values go
// into a list instead.
#include "sql/shape.hpp"

#include <cstdint>

namespace retort::sql::detail {

namespace {

class Walker {
 public:
  explicit Walker(Shape& s) : s_(s) {}

  void str(std::string_view v) {
    s_.key += std::to_string(v.size());
    s_.key += ':';
    s_.key += v;
  }
  void num(long v) {
    s_.key += std::to_string(v);
    s_.key += ',';
  }
  void node(const NodePtr& n) {
    if (!n) {
      s_.key += '~';
      return;
    }
    node(*n);
  }
  void nodes(const std::vector<NodePtr>& v) {
    num(static_cast<long>(v.size()));
    for (const auto& n : v) node(n);
  }

  void node(const Node& n) {
    // A node met again (a label in ORDER BY, a column used twice) is a
    // back-reference: sharing decides how some SQL renders.
    auto [it, fresh] = seen_.emplace(&n, static_cast<int>(seen_.size()));
    if (!fresh) {
      s_.key += 'R';
      num(it->second);
      return;
    }
    s_.key += '(';
    num(static_cast<long>(n.kind));
    str(n.name);
    s_.key += n.type ? n.type->str() : "-";
    s_.key += n.flag ? 'T' : 'F';
    num(n.ival);
    num(n.ival2);
    if (n.table) {
      str(n.table->fullname());
      num(static_cast<long>(reinterpret_cast<std::uintptr_t>(n.table)));
    }
    for (const auto& s : n.strs) str(s);
    if (n.frame) {
      num(static_cast<long>(n.frame->unit));
      num(n.frame->start.value_or(-999999));
      num(n.frame->end.value_or(-999999));
    }
    if (n.kind == Kind::Bind) {
      s_.ordinals.emplace(&n, static_cast<int>(s_.values.size()));
      s_.values.push_back(n.flag ? std::optional<Value>(n.value) : std::nullopt);
    }
    nodes(n.kids);
    nodes(n.kids2);
    nodes(n.kids3);
    switch (n.kind) {
      case Kind::Select: {
        const auto& s = static_cast<const SelectNode&>(n);
        nodes(s.columns);
        nodes(s.froms);
        node(s.where);
        node(s.having);
        node(s.limit);
        node(s.offset);
        nodes(s.group_by);
        nodes(s.order_by);
        num(s.distinct);
        num(s.for_update);
        nodes(s.for_update_of);
        break;
      }
      case Kind::Compound: {
        const auto& c = static_cast<const CompoundNode&>(n);
        str(c.op);
        nodes(c.selects);
        nodes(c.order_by);
        node(c.limit);
        node(c.offset);
        break;
      }
      case Kind::Insert: {
        const auto& i = static_cast<const InsertNode&>(n);
        node(i.target);
        for (const auto& c : i.columns) str(c);
        num(static_cast<long>(i.rows.size()));
        for (const auto& r : i.rows) nodes(r);
        node(i.select);
        nodes(i.returning);
        num(i.upsert);
        for (const auto& c : i.conflict_columns) str(c);
        set(i.set);
        break;
      }
      case Kind::Update: {
        const auto& u = static_cast<const UpdateNode&>(n);
        node(u.target);
        set(u.set);
        node(u.where);
        nodes(u.returning);
        break;
      }
      case Kind::Delete: {
        const auto& d = static_cast<const DeleteNode&>(n);
        node(d.target);
        node(d.where);
        nodes(d.returning);
        break;
      }
      default:
        break;
    }
    s_.key += ')';
  }

  void set(const SetList& set) {
    num(static_cast<long>(set.size()));
    for (const auto& [k, v] : set) {
      str(k);
      node(v);
    }
  }

 private:
  Shape& s_;
  std::unordered_map<const Node*, int> seen_;
};

}  // namespace

Shape shape_of(const Node& stmt) {
  Shape s;
  Walker(s).node(stmt);
  return s;
}

}  // namespace retort::sql::detail
