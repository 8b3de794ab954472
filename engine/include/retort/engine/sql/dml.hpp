// INSERT, UPDATE and DELETE statements, with RETURNING where the dialect has
// it and upserts in each dialect's own form. Builders return new objects.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "retort/engine/sql/select.hpp"

namespace retort::sql {

// Column name and value pairs: {{"name", "ann"}, {"age", users.c("age") + 1}}.
using ValuesList = std::vector<std::pair<std::string, Expr>>;

class Insert : public Executable {
 public:
  explicit Insert(NodePtr node) : Executable(std::move(node)) {}
  Insert values(ValuesList row) const;                  // one row
  Insert values(std::vector<ValuesList> rows) const;    // multi-row VALUES (same keys each row)
  // INSERT INTO t (cols) SELECT ...
  Insert from_select(std::vector<std::string> columns, const Select& select) const;
  // RETURNING; CompileError on a dialect without it.
  Insert returning(std::vector<Expr> cols) const;
  // Upsert: on a conflict on `conflict_columns` (the key PostgreSQL and
  // SQLite need; MySQL uses every unique key) update `set`, where
  // excluded(name) is the value the row would have been inserted with.
  Insert on_conflict_do_update(std::vector<std::string> conflict_columns, ValuesList set) const;
  Insert on_conflict_do_nothing(std::vector<std::string> conflict_columns = {}) const;
};

class Update : public Executable {
 public:
  explicit Update(NodePtr node) : Executable(std::move(node)) {}
  Update values(ValuesList set) const;  // values may be expressions or scalar subqueries
  Update where(const Expr& cond) const;
  Update returning(std::vector<Expr> cols) const;
};

class Delete : public Executable {
 public:
  explicit Delete(NodePtr node) : Executable(std::move(node)) {}
  Delete where(const Expr& cond) const;
  Delete returning(std::vector<Expr> cols) const;
};

Insert insert(const From& table);
Update update(const From& table);
Delete delete_(const From& table);
// In an upsert's set list: the value proposed for insertion (excluded.x, VALUES(x)).
Expr excluded(std::string column);

}  // namespace retort::sql
