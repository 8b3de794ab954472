// Private: the compiler that walks a statement tree and writes SQL text for
// one dialect. Bound values are recorded with their position in the text and
// turned into placeholders (or inline literals) at the end, so that WITH
// clauses rendered late can still go first.
#pragma once

#include <set>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

#include "retort/engine/dialect.hpp"
#include "sql/dialect_rules.hpp"
#include "sql/node.hpp"

namespace retort::sql::detail {

class SqlCompiler {
 public:
  // `ordinals` (optional) numbers the bind nodes as the shape walk met them.
  SqlCompiler(const Dialect& d, CompileOptions opts,
              const std::unordered_map<const Node*, int>* ordinals = nullptr);
  // False when a placeholder's value has no place in the shape (not cacheable).
  bool shape_complete() const { return shape_complete_; }
  Compiled compile(const Node& stmt);

 private:
  struct Buffer {
    std::string text;
    std::vector<std::pair<std::size_t, BindSlot>> binds;
  };
  struct CteText {
    std::string name;
    Buffer body;
  };

  // expressions (sql_compiler.cpp)
  void expr(const Node& n, int parent_prec = 0);
  void operand(const Node& n, int prec);
  void bind(const Node& n);
  void column(const Node& n);
  void func(const Node& n);
  void like(const Node& n);
  void in(const Node& n);
  void over(const Node& n);
  void order_item(const Node& n);
  void list(const std::vector<NodePtr>& items, bool ordering = false);
  // statements (compile_select.cpp, compile_dml.cpp)
  void statement(const Node& n);
  void select(const SelectNode& s, bool correlate);
  void compound(const CompoundNode& c);
  void from_element(const Node& f);
  void limit_offset(const NodePtr& limit, const NodePtr& offset);
  void cte_reference(const Node& cte);
  void nested(const Node& sel, bool correlate);
  void insert(const InsertNode& n);
  void update(const UpdateNode& n);
  void delete_(const DeleteNode& n);
  void returning(const std::vector<NodePtr>& cols, const char* what, bool allowed);
  std::vector<std::string> result_keys(const Node& stmt) const;

  std::string q(std::string_view ident) const;
  std::string table_name(const Table& t) const;
  void w(std::string_view s) { out_->text += s; }

  const Dialect& dialect_;
  const std::unordered_map<const Node*, int>* ordinals_;
  bool shape_complete_ = true;
  const DialectRules& rules_;
  CompileOptions opts_;
  Buffer main_;
  Buffer* out_ = &main_;
  std::vector<CteText> ctes_;
  std::set<std::string> cte_names_;
  bool recursive_ = false;
  bool in_columns_ = false;    // rendering a select list
  bool unqualified_ = false;   // columns without their table (SET lists, RETURNING, compound ORDER BY)
  const Node* target_ = nullptr;  // the table of an INSERT/UPDATE/DELETE
  // The FROM elements of the enclosing selects, for correlation.
  std::vector<std::vector<const void*>> enclosing_;
  const std::vector<NodePtr>* select_columns_ = nullptr;  // labels usable by name in ORDER BY
};

// What identifies a FROM element: its Table for plain tables, else the node.
const void* from_identity(const Node& f);
// The elements a statement returns, by result position (nullptr: none).
const std::vector<NodePtr>* result_elements(const Node& stmt);

}  // namespace retort::sql::detail
