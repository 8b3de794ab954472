// The SQL compiler: INSERT (with upserts), UPDATE, DELETE and RETURNING.
#include "retort/engine/error.hpp"
#include "sql/sql_compiler.hpp"

namespace retort::sql::detail {

void SqlCompiler::returning(const std::vector<NodePtr>& cols, const char* what, bool allowed) {
  if (cols.empty()) return;
  if (!allowed)
    throw CompileError("the " + std::string(dialect_.name()) + " dialect has no " + what +
                       " ... RETURNING");
  const bool unq = unqualified_;
  unqualified_ = true;
  w(" RETURNING ");
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i) w(", ");
    expr(*cols[i]);
    if (cols[i]->kind == Kind::Label) w(" AS " + q(cols[i]->name));
  }
  unqualified_ = unq;
}

void SqlCompiler::insert(const InsertNode& n) {
  const Table& t = *base_table(*n.target);
  target_ = n.target.get();
  w("INSERT INTO " + table_name(t));
  if (n.columns.empty() && !n.select) {
    w(rules_.insert_default_values);
  } else {
    w(" (");
    for (std::size_t i = 0; i < n.columns.size(); ++i) w((i ? ", " : "") + q(n.columns[i]));
    w(")");
    if (n.select) {
      w(" ");
      nested(*n.select, false);
    } else {
      w(" VALUES ");
      for (std::size_t r = 0; r < n.rows.size(); ++r) {
        w(r ? ", (" : "(");
        list(n.rows[r]);
        w(")");
      }
    }
  }
  if (n.upsert) {
    enclosing_.push_back({from_identity(*n.target)});
    if (rules_.upsert_on_duplicate_key) {
      w(" ON DUPLICATE KEY UPDATE ");
      if (n.upsert == 2) {
        // Nothing to change: set a key column to itself.
        auto pk = t.primary_key_columns();
        std::string col = pk.empty() ? t.columns.at(0).name : pk[0];
        w(q(col) + " = " + q(col));
      }
    } else {
      if (n.upsert == 1 && n.conflict_columns.empty())
        throw CompileError("ON CONFLICT DO UPDATE needs the conflict columns");
      w(" ON CONFLICT");
      if (!n.conflict_columns.empty()) {
        w(" (");
        for (std::size_t i = 0; i < n.conflict_columns.size(); ++i)
          w((i ? ", " : "") + q(n.conflict_columns[i]));
        w(")");
      }
      w(n.upsert == 1 ? " DO UPDATE SET " : " DO NOTHING");
    }
    for (std::size_t i = 0; i < n.set.size(); ++i) {
      w((i ? ", " : "") + q(n.set[i].first) + " = ");
      expr(*n.set[i].second);
    }
    enclosing_.pop_back();
  }
  returning(n.returning, "INSERT", rules_.returning_insert);
}

void SqlCompiler::update(const UpdateNode& n) {
  if (n.set.empty()) throw CompileError("an UPDATE needs values() to set");
  target_ = n.target.get();
  w("UPDATE ");
  from_element(*n.target);
  w(" SET ");
  enclosing_.push_back({from_identity(*n.target)});
  for (std::size_t i = 0; i < n.set.size(); ++i) {
    w((i ? ", " : "") + q(n.set[i].first) + " = ");
    expr(*n.set[i].second);
  }
  if (n.where) {
    w(" WHERE ");
    expr(*n.where);
  }
  enclosing_.pop_back();
  returning(n.returning, "UPDATE", rules_.returning_update);
}

void SqlCompiler::delete_(const DeleteNode& n) {
  target_ = n.target.get();
  w("DELETE FROM ");
  from_element(*n.target);
  if (n.where) {
    enclosing_.push_back({from_identity(*n.target)});
    w(" WHERE ");
    expr(*n.where);
    enclosing_.pop_back();
  }
  returning(n.returning, "DELETE", rules_.returning_delete);
}

}  // namespace retort::sql::detail
