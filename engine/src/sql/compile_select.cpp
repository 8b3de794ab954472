// The SQL compiler: SELECT, compound selects, FROM elements, CTEs and
// correlation of nested selects.
#include <algorithm>

#include "retort/engine/error.hpp"
#include "sql/sql_compiler.hpp"

namespace retort::sql::detail {

namespace {

bool contains(const std::vector<const void*>& v, const void* p) {
  return std::find(v.begin(), v.end(), p) != v.end();
}

void leaves(const Node& f, std::vector<const void*>& out) {
  if (f.kind == Kind::Join) {
    leaves(*f.kids[0], out);
    leaves(*f.kids[1], out);
  } else {
    out.push_back(from_identity(f));
  }
}

// FROM elements the expression's columns come from, in order of appearance.
// Nested selects keep theirs.
void referenced(const Node& n, std::vector<NodePtr>& out, std::vector<const void*>& seen) {
  if (n.kind == Kind::Column) {
    if (!n.kids.empty() && n.kids[0] && !contains(seen, from_identity(*n.kids[0]))) {
      seen.push_back(from_identity(*n.kids[0]));
      out.push_back(n.kids[0]);
    }
    return;
  }
  if (n.kind == Kind::ScalarSelect || n.kind == Kind::Exists || n.kind == Kind::Select ||
      n.kind == Kind::Compound)
    return;
  if (n.kind == Kind::In && n.ival == 1) {
    referenced(*n.kids[0], out, seen);
    return;
  }
  for (const auto* v : {&n.kids, &n.kids2, &n.kids3})
    for (const auto& k : *v)
      if (k) referenced(*k, out, seen);
}

std::string anon_key(std::size_t i) { return "anon_" + std::to_string(i + 1); }

}  // namespace

const std::vector<NodePtr>* result_elements(const Node& stmt) {
  switch (stmt.kind) {
    case Kind::Select:
      return &static_cast<const SelectNode&>(stmt).columns;
    case Kind::Compound:
      return result_elements(*static_cast<const CompoundNode&>(stmt).selects.at(0));
    case Kind::Insert:
      return &static_cast<const InsertNode&>(stmt).returning;
    case Kind::Update:
      return &static_cast<const UpdateNode&>(stmt).returning;
    case Kind::Delete:
      return &static_cast<const DeleteNode&>(stmt).returning;
    default:
      return nullptr;
  }
}

std::vector<std::string> SqlCompiler::result_keys(const Node& stmt) const {
  std::vector<std::string> keys;
  const std::vector<NodePtr>* cols = result_elements(stmt);
  if (!cols) return keys;
  for (std::size_t i = 0; i < cols->size(); ++i) {
    std::string k = key_of(*(*cols)[i]);
    keys.push_back(k.empty() ? anon_key(i) : k);
  }
  return keys;
}

void SqlCompiler::statement(const Node& n) {
  switch (n.kind) {
    case Kind::Select:
      select(static_cast<const SelectNode&>(n), false);
      return;
    case Kind::Compound:
      compound(static_cast<const CompoundNode&>(n));
      return;
    case Kind::Insert:
      insert(static_cast<const InsertNode&>(n));
      return;
    case Kind::Update:
      update(static_cast<const UpdateNode&>(n));
      return;
    case Kind::Delete:
      delete_(static_cast<const DeleteNode&>(n));
      return;
    default:
      throw CompileError("not an executable statement");
  }
}

void SqlCompiler::nested(const Node& sel, bool correlate) {
  const bool unq = unqualified_;
  unqualified_ = false;
  if (sel.kind == Kind::Select)
    select(static_cast<const SelectNode&>(sel), correlate);
  else if (sel.kind == Kind::Compound)
    compound(static_cast<const CompoundNode&>(sel));
  else
    throw CompileError("a subquery must be a SELECT");
  unqualified_ = unq;
}

void SqlCompiler::select(const SelectNode& s, bool correlate) {
  if (s.columns.empty()) throw CompileError("a SELECT needs at least one column");
  // FROM: the explicit elements, then those the columns and clauses refer to.
  std::vector<NodePtr> froms = s.froms;
  std::vector<const void*> covered;
  for (const auto& f : froms) leaves(*f, covered);
  std::vector<NodePtr> found;
  auto scan = [&](const NodePtr& n) {
    if (n) referenced(*n, found, covered);
  };
  for (const auto& c : s.columns) scan(c);
  scan(s.where);
  for (const auto& g : s.group_by) scan(g);
  scan(s.having);
  for (const auto& o : s.order_by) scan(o);
  for (const auto& f : found) {
    // A nested select leaves out the tables of the query it sits in.
    bool outer = false;
    if (correlate && !enclosing_.empty() && contains(enclosing_.back(), from_identity(*f)))
      outer = true;
    if (!outer) froms.push_back(f);
  }

  std::vector<const void*> mine;
  for (const auto& f : froms) leaves(*f, mine);
  if (correlate && !enclosing_.empty())
    mine.insert(mine.end(), enclosing_.back().begin(), enclosing_.back().end());
  enclosing_.push_back(std::move(mine));
  const auto* saved_cols = select_columns_;
  select_columns_ = &s.columns;

  w(s.distinct ? "SELECT DISTINCT " : "SELECT ");
  const bool saved_in_columns = in_columns_;
  for (std::size_t i = 0; i < s.columns.size(); ++i) {
    if (i) w(", ");
    const Node& c = *s.columns[i];
    in_columns_ = true;
    expr(c);
    in_columns_ = false;
    if (c.kind == Kind::Label) {
      w(" AS " + q(c.name));
    } else if (c.kind != Kind::Column && !(c.kind == Kind::Keyword && c.name == "*")) {
      std::string k = key_of(c);
      w(" AS " + q(k.empty() ? anon_key(i) : k));
    }
  }
  in_columns_ = false;
  if (!froms.empty()) {
    w(" FROM ");
    for (std::size_t i = 0; i < froms.size(); ++i) {
      if (i) w(", ");
      from_element(*froms[i]);
    }
  }
  if (s.where) {
    w(" WHERE ");
    expr(*s.where);
  }
  if (!s.group_by.empty()) {
    w(" GROUP BY ");
    list(s.group_by, true);
  }
  if (s.having) {
    w(" HAVING ");
    expr(*s.having);
  }
  if (!s.order_by.empty()) {
    w(" ORDER BY ");
    list(s.order_by, true);
  }
  limit_offset(s.limit, s.offset);
  if (s.for_update && rules_.for_update) {
    w(" FOR UPDATE");
    if (!s.for_update_of.empty()) {
      if (!rules_.for_update_of)
        throw CompileError("the " + std::string(dialect_.name()) + " dialect has no FOR UPDATE OF");
      w(" OF ");
      for (std::size_t i = 0; i < s.for_update_of.size(); ++i) {
        const Node& f = *s.for_update_of[i];
        if (i) w(", ");
        // The name the FROM clause knows it by, without a schema.
        w(q(f.kind == Kind::Table ? f.table->name : f.name));
      }
    }
    if (s.for_update == 2) w(" NOWAIT");
    if (s.for_update == 3) w(" SKIP LOCKED");
  }
  select_columns_ = saved_cols;
  in_columns_ = saved_in_columns;
  enclosing_.pop_back();
}

void SqlCompiler::limit_offset(const NodePtr& limit, const NodePtr& offset) {
  if (limit) {
    w(" LIMIT ");
    expr(*limit);
  } else if (offset && !rules_.offset_without_limit.empty()) {
    w(" LIMIT " + rules_.offset_without_limit);
  }
  if (offset) {
    w(" OFFSET ");
    expr(*offset);
  }
}

void SqlCompiler::compound(const CompoundNode& c) {
  for (std::size_t i = 0; i < c.selects.size(); ++i) {
    if (i) w(" " + c.op + " ");
    const auto& s = static_cast<const SelectNode&>(*c.selects[i]);
    if (!s.order_by.empty() || s.limit || s.offset)
      throw CompileError("a SELECT inside " + c.op + " cannot have its own ORDER BY, LIMIT or OFFSET");
    nested(s, false);
  }
  if (!c.order_by.empty()) {
    // Compound results are ordered by their column names.
    const bool unq = unqualified_;
    unqualified_ = true;
    w(" ORDER BY ");
    list(c.order_by, true);
    unqualified_ = unq;
  }
  limit_offset(c.limit, c.offset);
}

void SqlCompiler::cte_reference(const Node& cte) {
  if (cte_names_.count(cte.name)) return;
  cte_names_.insert(cte.name);
  Buffer body;
  Buffer* saved = out_;
  out_ = &body;
  auto saved_enclosing = std::move(enclosing_);
  enclosing_.clear();
  nested(*cte.kids[0], false);
  enclosing_ = std::move(saved_enclosing);
  out_ = saved;
  std::string head = q(cte.name);
  if (cte.flag) {
    recursive_ = true;
    head += "(";
    auto keys = result_keys(*cte.kids[0]);
    for (std::size_t i = 0; i < keys.size(); ++i) head += (i ? ", " : "") + q(keys[i]);
    head += ")";
  }
  ctes_.push_back({std::move(head), std::move(body)});
}

void SqlCompiler::from_element(const Node& f) {
  switch (f.kind) {
    case Kind::Table:
      w(table_name(*f.table));
      return;
    case Kind::Alias:
      from_element(*f.kids[0]);
      w(" AS " + q(f.name));
      return;
    case Kind::Subquery: {
      w("(");
      auto saved = std::move(enclosing_);
      enclosing_.clear();
      nested(*f.kids[0], false);
      enclosing_ = std::move(saved);
      w(") AS " + q(f.name));
      return;
    }
    case Kind::Cte:
      cte_reference(f);
      w(q(f.name));
      return;
    case Kind::Join:
      from_element(*f.kids[0]);
      if (f.ival == 2 && !rules_.full_outer_join)
        throw CompileError("the " + std::string(dialect_.name()) + " dialect has no FULL OUTER JOIN");
      w(f.ival == 0 ? " JOIN " : f.ival == 1 ? " LEFT OUTER JOIN " : " FULL OUTER JOIN ");
      if (f.kids[1]->kind == Kind::Join) {
        w("(");
        from_element(*f.kids[1]);
        w(")");
      } else {
        from_element(*f.kids[1]);
      }
      w(" ON ");
      expr(*f.kids[2]);
      return;
    default:
      throw CompileError("not a FROM element");
  }
}

}  // namespace retort::sql::detail
