// The SQL compiler: column expressions, and the final pass that turns
// recorded bound values into placeholders or inline literals.
#include "sql/sql_compiler.hpp"

#include "retort/engine/ddl.hpp"
#include "retort/engine/error.hpp"

namespace retort::sql::detail {

namespace {
constexpr int kAtom = 100;

int precedence(const Node& n) {
  switch (n.kind) {
    case Kind::Bool:
      return n.name == "OR" ? 2 : 3;
    case Kind::Unary:
    case Kind::Binary:
      return n.ival;
    case Kind::Like:
    case Kind::In:
    case Kind::Between:
      return 5;
    case Kind::Concat:
      return 6;
    case Kind::Label:
      return precedence(*n.kids[0]);
    default:
      return kAtom;
  }
}
}  // namespace

const void* from_identity(const Node& f) {
  if (f.kind == Kind::Table) return f.table;
  return &f;
}

SqlCompiler::SqlCompiler(const Dialect& d, CompileOptions opts,
                         const std::unordered_map<const Node*, int>* ordinals)
    : dialect_(d), ordinals_(ordinals), rules_(rules_for(d)), opts_(opts) {}

std::string SqlCompiler::q(std::string_view ident) const { return ddl_compiler(dialect_).quote(ident); }

std::string SqlCompiler::table_name(const Table& t) const {
  return t.schema ? q(*t.schema) + "." + q(t.name) : q(t.name);
}

void SqlCompiler::operand(const Node& n, int prec) {
  if (precedence(n) <= prec) {
    w("(");
    expr(n);
    w(")");
  } else {
    expr(n);
  }
}

void SqlCompiler::list(const std::vector<NodePtr>& items, bool ordering) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) w(", ");
    if (ordering)
      order_item(*items[i]);
    else
      expr(*items[i]);
  }
}

void SqlCompiler::bind(const Node& n) {
  if (in_columns_ && rules_.cast_binds_in_columns && n.type && !opts_.literal_binds) {
    in_columns_ = false;
    w("CAST(");
    bind(n);
    w(" AS " + rules_.cast_type(*n.type, dialect_) + ")");
    in_columns_ = true;
    return;
  }
  BindSlot slot;
  if (n.flag) slot.value = n.value;
  slot.name = n.name;
  slot.type = n.type;
  if (ordinals_) {
    auto it = ordinals_->find(&n);
    if (it == ordinals_->end())
      shape_complete_ = false;
    else
      slot.ordinal = it->second;
  }
  out_->binds.emplace_back(out_->text.size(), std::move(slot));
}

void SqlCompiler::column(const Node& n) {
  const Node* from = n.kids.empty() ? nullptr : n.kids[0].get();
  if (from && !unqualified_) {
    switch (from->kind) {
      case Kind::Table:
        w(table_name(*from->table));
        break;
      default:
        w(q(from->name));
    }
    w(".");
  }
  w(q(n.name));
}

void SqlCompiler::func(const Node& n) {
  if (n.name == "concat" && !rules_.concat_function) {
    w("(");
    for (std::size_t i = 0; i < n.kids.size(); ++i) {
      if (i) w(" || ");
      operand(*n.kids[i], 6);
    }
    w(")");
    return;
  }
  auto it = rules_.functions.find(n.name);
  if (it != rules_.functions.end()) {
    w(it->second.name);
    if (it->second.no_parens && n.kids.empty()) return;
  } else {
    w(n.name);
  }
  w("(");
  list(n.kids);
  w(")");
}

void SqlCompiler::like(const Node& n) {
  const bool emulate = n.ival == 1 && !rules_.native_ilike;
  if (emulate) {
    w("lower(");
    expr(*n.kids[0]);
    w(")");
  } else {
    operand(*n.kids[0], 5);
  }
  if (n.flag) w(" NOT");
  w(n.ival == 1 && !emulate ? " ILIKE " : " LIKE ");
  if (emulate) {
    w("lower(");
    expr(*n.kids[1]);
    w(")");
  } else {
    operand(*n.kids[1], 5);
  }
  if (!n.name.empty()) w(" ESCAPE " + rules_.string_literal(n.name));
}

void SqlCompiler::in(const Node& n) {
  if (n.ival == 0 && n.kids.size() == 1) {
    // An empty list: IN is never true, NOT IN always is.
    w(n.flag ? "1 = 1" : "1 != 1");
    return;
  }
  operand(*n.kids[0], 5);
  w(n.flag ? " NOT IN (" : " IN (");
  if (n.ival == 1) {
    nested(*n.kids[1], true);
  } else {
    for (std::size_t i = 1; i < n.kids.size(); ++i) {
      if (i > 1) w(", ");
      expr(*n.kids[i]);
    }
  }
  w(")");
}

void SqlCompiler::over(const Node& n) {
  expr(*n.kids[0]);
  w(" OVER (");
  bool space = false;
  if (!n.kids2.empty()) {
    w("PARTITION BY ");
    list(n.kids2);
    space = true;
  }
  if (!n.kids3.empty()) {
    w(space ? " ORDER BY " : "ORDER BY ");
    list(n.kids3, true);
    space = true;
  }
  if (n.frame) {
    auto bound = [](const std::optional<long>& b, bool start) -> std::string {
      if (!b) return start ? "UNBOUNDED PRECEDING" : "UNBOUNDED FOLLOWING";
      if (*b == 0) return "CURRENT ROW";
      if (*b < 0) return std::to_string(-*b) + " PRECEDING";
      return std::to_string(*b) + " FOLLOWING";
    };
    w(space ? " " : "");
    w(n.frame->unit == Frame::Unit::Rows ? "ROWS BETWEEN " : "RANGE BETWEEN ");
    w(bound(n.frame->start, true) + " AND " + bound(n.frame->end, false));
  }
  w(")");
}

void SqlCompiler::order_item(const Node& n) {
  const Node& inner = n.kind == Kind::Order ? *n.kids[0] : n;
  auto render = [&] {
    // A label of the select list is ordered by its name.
    if (inner.kind == Kind::Label && unqualified_) {
      w(q(inner.name));
      return;
    }
    if (inner.kind == Kind::Label && select_columns_) {
      for (const auto& c : *select_columns_)
        if (c.get() == &inner) {
          w(q(inner.name));
          return;
        }
    }
    expr(inner);
  };
  if (n.kind != Kind::Order) {
    render();
    return;
  }
  if (n.ival2 && !rules_.native_nulls_order) {
    // NULLs sort as the smallest values here: order on "IS NULL" first.
    render();
    w(n.ival2 == 1 ? " IS NULL DESC, " : " IS NULL, ");
  }
  render();
  if (n.ival == 1) w(" ASC");
  if (n.ival == 2) w(" DESC");
  if (n.ival2 && rules_.native_nulls_order) w(n.ival2 == 1 ? " NULLS FIRST" : " NULLS LAST");
}

void SqlCompiler::expr(const Node& n, int) {
  switch (n.kind) {
    case Kind::Column:
      column(n);
      return;
    case Kind::Bind:
      bind(n);
      return;
    case Kind::Keyword:
      w(n.name);
      return;
    case Kind::LiteralColumn:
      w(n.name);
      return;
    case Kind::Text:
      for (std::size_t i = 0; i < n.strs.size(); ++i) {
        w(n.strs[i]);
        if (i < n.kids.size()) bind(*n.kids[i]);
      }
      return;
    case Kind::Binary: {
      operand(*n.kids[0], n.ival - 1);
      w(" " + n.name + " ");
      operand(*n.kids[1], n.ival);
      return;
    }
    case Kind::Unary:
      w(n.name);
      if (n.name == "NOT ")
        operand(*n.kids[0], kAtom - 1);
      else
        operand(*n.kids[0], n.ival);
      return;
    case Kind::Bool: {
      const int p = precedence(n);
      for (std::size_t i = 0; i < n.kids.size(); ++i) {
        if (i) w(" " + n.name + " ");
        operand(*n.kids[i], p);
      }
      return;
    }
    case Kind::Func:
      func(n);
      return;
    case Kind::Cast:
      w("CAST(");
      expr(*n.kids[0]);
      w(" AS " + rules_.cast_type(*n.type, dialect_) + ")");
      return;
    case Kind::Case:
      w("CASE");
      if (n.kids[0]) {
        w(" ");
        expr(*n.kids[0]);
      }
      for (std::size_t i = 2; i + 1 < n.kids.size(); i += 2) {
        w(" WHEN ");
        expr(*n.kids[i]);
        w(" THEN ");
        expr(*n.kids[i + 1]);
      }
      if (n.kids[1]) {
        w(" ELSE ");
        expr(*n.kids[1]);
      }
      w(" END");
      return;
    case Kind::Label:
      expr(*n.kids[0]);
      return;
    case Kind::Order:
      order_item(n);
      return;
    case Kind::Over:
      over(n);
      return;
    case Kind::Like:
      like(n);
      return;
    case Kind::In:
      in(n);
      return;
    case Kind::Between:
      operand(*n.kids[0], 5);
      w(" BETWEEN ");
      operand(*n.kids[1], 5);
      w(" AND ");
      operand(*n.kids[2], 5);
      return;
    case Kind::Concat:
      if (rules_.concat_operator) {
        operand(*n.kids[0], 5);
        w(" || ");
        operand(*n.kids[1], 6);
      } else {
        w("concat(");
        expr(*n.kids[0]);
        w(", ");
        expr(*n.kids[1]);
        w(")");
      }
      return;
    case Kind::ScalarSelect:
      w("(");
      nested(*n.kids[0], true);
      w(")");
      return;
    case Kind::Exists:
      w("EXISTS (");
      nested(*n.kids[0], true);
      w(")");
      return;
    case Kind::Excluded:
      if (rules_.upsert_on_duplicate_key)
        w("VALUES(" + q(n.name) + ")");
      else
        w("excluded." + q(n.name));
      return;
    case Kind::Select:
    case Kind::Compound:
      w("(");
      nested(n, true);
      w(")");
      return;
    default:
      throw CompileError("this element cannot be used as a column expression");
  }
}

Compiled SqlCompiler::compile(const Node& stmt) {
  statement(stmt);
  Buffer all;
  if (!ctes_.empty()) {
    all.text = recursive_ ? "WITH RECURSIVE " : "WITH ";
    for (std::size_t i = 0; i < ctes_.size(); ++i) {
      if (i) all.text += ", ";
      all.text += ctes_[i].name + " AS (";
      for (auto& [pos, slot] : ctes_[i].body.binds) all.binds.emplace_back(all.text.size() + pos, slot);
      all.text += ctes_[i].body.text + ")";
    }
    all.text += " ";
  }
  const std::size_t shift = all.text.size();
  all.text += main_.text;
  for (auto& [pos, slot] : main_.binds) all.binds.emplace_back(shift + pos, std::move(slot));

  Compiled c;
  c.keys = result_keys(stmt);
  if (const auto* els = result_elements(stmt); els && !els->empty())
    c.columns = std::make_shared<const std::vector<NodePtr>>(*els);
  std::size_t at = 0;
  const bool dollar = dialect_.paramstyle() == ParamStyle::NumericDollar;
  for (auto& [pos, slot] : all.binds) {
    c.sql.append(all.text, at, pos - at);
    at = pos;
    if (opts_.literal_binds) {
      if (!slot.value)
        throw CompileError("bind parameter '" + slot.name + "' has no value to render inline");
      Value v = slot.type ? slot.type->to_db(*slot.value) : *slot.value;
      c.sql += rules_.literal(v);
      continue;
    }
    c.binds.push_back(std::move(slot));
    if (dollar)
      c.sql += "$" + std::to_string(c.binds.size());
    else
      c.sql += '?';
  }
  c.sql.append(all.text, at, std::string::npos);
  return c;
}

}  // namespace retort::sql::detail
