// FROM clauses (tables, aliases, joins, subqueries, CTEs) and SELECT
// statements, after SQLAlchemy Core's select(). Every builder method returns
// a new object; the original is unchanged.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/sql/expression.hpp"

namespace retort {
class Table;
}

namespace retort::sql {

namespace detail {
struct CompileMemo;
}

// Anything Connection::execute() runs: SELECT, compound selects, INSERT,
// UPDATE, DELETE. Compiled forms are memoised on the (immutable) statement.
class Executable {
 public:
  const NodePtr& node() const noexcept { return node_; }
  detail::CompileMemo& memo() const { return *memo_; }

 protected:
  Executable() = default;
  explicit Executable(NodePtr node);
  NodePtr node_;
  std::shared_ptr<detail::CompileMemo> memo_;
};

// A FROM element. Its columns are reached with c("name").
class From {
 public:
  From() = default;
  explicit From(NodePtr node) : node_(std::move(node)) {}
  const NodePtr& node() const noexcept { return node_; }

  // The named column; ArgumentError naming the table if there is none.
  Expr c(std::string_view name) const;
  template <class T>
  TypedExpr<T> c(std::string_view name) const { return TypedExpr<T>(c(name)); }
  std::vector<Expr> columns() const;
  From alias(std::string name) const;
  // JOIN; without `on`, the ON clause comes from the foreign keys between the
  // two sides (ArgumentError when there is none or more than one).
  From join(const From& right, std::optional<Expr> on = std::nullopt) const;
  From outerjoin(const From& right, std::optional<Expr> on = std::nullopt) const;
  From full_outer_join(const From& right, std::optional<Expr> on = std::nullopt) const;

 private:
  NodePtr node_;
};

// The table as a FROM element. The Table must outlive the statements built on it.
From table(const Table& t);

class CompoundSelect;
class CTE;

class Select : public Executable {
 public:
  Select() = default;
  explicit Select(NodePtr node) : Executable(std::move(node)) {}

  Select add_columns(std::vector<Expr> cols) const;
  Select add_columns(const From& from) const;  // all of its columns
  Select distinct() const;
  Select where(const Expr& cond) const;  // repeated calls are ANDed
  Select select_from(const From& from) const;
  Select join(const From& right, std::optional<Expr> on = std::nullopt) const;
  Select outerjoin(const From& right, std::optional<Expr> on = std::nullopt) const;
  Select full_outer_join(const From& right, std::optional<Expr> on = std::nullopt) const;
  Select group_by(std::vector<Expr> cols) const;
  Select having(const Expr& cond) const;
  Select order_by(std::vector<Expr> cols) const;
  Select limit(std::int64_t n) const;
  Select offset(std::int64_t n) const;
  // FOR UPDATE (ignored on SQLite, which locks the whole database). NOWAIT
  // fails at once (OperationalError) on a row another transaction holds;
  // SKIP LOCKED leaves such rows out. `of` names the FROM elements whose rows
  // are locked (FOR UPDATE OF; PostgreSQL only: CompileError on MySQL/MariaDB).
  // ArgumentError for nowait and skip_locked together.
  Select for_update(bool nowait = false, bool skip_locked = false, std::vector<From> of = {}) const;

  // As a FROM element: (SELECT ...) AS name.
  From subquery(std::string name = "anon_1") const;
  // As a one-value expression; correlates to the enclosing query's tables.
  Expr scalar_subquery() const;
  Expr exists() const;
  CTE cte(std::string name, bool recursive = false) const;

  CompoundSelect union_(const Select& other) const;
  CompoundSelect union_all(const Select& other) const;
  CompoundSelect intersect(const Select& other) const;
  CompoundSelect except_(const Select& other) const;
};

// SELECT of the given columns; a From adds all of its columns.
struct SelectItem {
  SelectItem(Expr e) : expr(std::move(e)) {}
  template <class T, class = std::enable_if_t<std::is_constructible_v<Expr, T> &&
                                              !std::is_same_v<std::decay_t<T>, From>>>
  SelectItem(T&& v) : expr(std::forward<T>(v)) {}
  SelectItem(From f) : from(std::move(f)) {}
  Expr expr;
  From from;
};
Select select(std::vector<SelectItem> items);

// UNION / UNION ALL / INTERSECT / EXCEPT of selects.
class CompoundSelect : public Executable {
 public:
  explicit CompoundSelect(NodePtr node) : Executable(std::move(node)) {}
  CompoundSelect union_(const Select& other) const;
  CompoundSelect union_all(const Select& other) const;
  CompoundSelect order_by(std::vector<Expr> cols) const;
  CompoundSelect limit(std::int64_t n) const;
  CompoundSelect offset(std::int64_t n) const;
  From subquery(std::string name = "anon_1") const;
};

// A common table expression: WITH name AS (...). Use it as a FROM element;
// the statement that uses it renders the WITH clause.
class CTE : public From {
 public:
  explicit CTE(NodePtr node) : From(std::move(node)) {}
  // The recursive part: WITH RECURSIVE name AS (anchor UNION ALL recursive).
  CTE union_all(const Select& recursive) const;
  CTE union_(const Select& recursive) const;
};

}  // namespace retort::sql
