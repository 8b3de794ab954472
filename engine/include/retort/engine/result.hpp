// Result and Row: what Connection::execute returns.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/engine/value.hpp"

namespace retort {

class DriverCursor;

namespace sql::detail {
struct Node;
}

using ColumnNames = std::shared_ptr<const std::vector<std::string>>;
// The element selected at each result position (expression-language
// statements only): lets row[column] find its own column when two selected
// columns share a name.
using ResultColumns = std::shared_ptr<const std::vector<std::shared_ptr<const sql::detail::Node>>>;

// One row: values by index or by column name, typed with get<T>().
class Row {
 public:
  Row() = default;
  Row(ColumnNames names, std::vector<Value> values)
      : names_(std::move(names)), values_(std::move(values)) {}

  std::size_t size() const noexcept { return values_.size(); }
  const Value& operator[](std::size_t i) const;          // InvalidRequestError if out of range
  const Value& operator[](std::string_view name) const;  // NoSuchColumnError if unknown
  // Through an expression-language column (sql::Expr, sql::TypedExpr<T>): the
  // value at the position where the statement selected that column (so
  // users.c("id") and orders.c("id") each find their own), else by the
  // expression's result name; after the type's from_db.
  template <class E, class = decltype(std::declval<const E&>().read(std::declval<const Row&>()))>
  auto operator[](const E& e) const {
    return e.read(*this);
  }
  // std::nullopt for NULL; TypeConversionError when the value does not fit T.
  template <class T>
  std::optional<T> get(std::size_t i) const { return (*this)[i].template as<T>(); }
  template <class T>
  std::optional<T> get(std::string_view name) const { return (*this)[name].template as<T>(); }

  const std::vector<std::string>& keys() const;
  const std::vector<Value>& values() const noexcept { return values_; }
  std::vector<Value>& mutable_values() noexcept { return values_; }
  void set_names(ColumnNames names) { names_ = std::move(names); }
  // The selected elements by position; nullptr for textual SQL.
  const ResultColumns& columns() const noexcept { return columns_; }
  void set_columns(ResultColumns columns) { columns_ = std::move(columns); }

 private:
  ColumnNames names_;
  ResultColumns columns_;
  std::vector<Value> values_;
};

// The outcome of one statement. Rows are read from the driver as they are
// fetched; a Result is single-pass. It must not outlive its Connection.
class Result {
 public:
  Result() = default;
  explicit Result(std::unique_ptr<DriverCursor> cursor, std::int64_t rowcount_override = -2);
  Result(Result&&) noexcept;
  Result& operator=(Result&&) noexcept;
  ~Result();

  const std::vector<std::string>& keys() const;
  bool returns_rows() const;
  // Next row, or std::nullopt after the last.
  std::optional<Row> fetchone();
  std::vector<Row> fetchmany(std::size_t n);
  std::vector<Row> all();
  // First column of the first row (std::nullopt: no row); the rest is discarded.
  std::optional<Value> scalar();
  template <class T>
  std::optional<T> scalar_as() {
    auto v = scalar();
    if (!v) return std::nullopt;
    return v->template as<T>();
  }
  // Exactly one row, else InvalidRequestError ("No row was found" / "Multiple rows").
  Row one();
  std::optional<Row> one_or_none();
  // Rows affected by INSERT/UPDATE/DELETE (summed for executemany); -1 unknown.
  std::int64_t rowcount() const;
  std::optional<std::int64_t> lastrowid() const;
  void close();
  // Records which expression-language element sits at each result position
  // (Connection::execute does this for compiled statements).
  void set_columns(ResultColumns columns);

  // Single-pass iteration; each step overwrites one reused row (no allocation per row).
  class iterator {
   public:
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(Result* r) : r_(r) { ++*this; }
    const Row& operator*() const { return r_->current_; }
    const Row* operator->() const { return &r_->current_; }
    iterator& operator++() {
      if (!r_->advance()) r_ = nullptr;
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(const iterator& o) const { return r_ == o.r_; }

   private:
    Result* r_ = nullptr;
  };
  iterator begin() { return iterator(this); }
  iterator end() { return iterator(); }

 private:
  bool advance();
  std::unique_ptr<DriverCursor> cursor_;
  ColumnNames names_;
  Row current_;
  std::int64_t rowcount_override_ = -2;
  bool exhausted_ = false;
};

}  // namespace retort
