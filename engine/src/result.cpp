#include "retort/engine/result.hpp"

#include "retort/engine/dialect.hpp"
#include "retort/engine/error.hpp"

namespace retort {

namespace {
const std::vector<std::string>& no_names() {
  static const std::vector<std::string> empty;
  return empty;
}
}  // namespace

const Value& Row::operator[](std::size_t i) const {
  if (i >= values_.size())
    throw InvalidRequestError("row index " + std::to_string(i) + " out of range (row has " +
                              std::to_string(values_.size()) + " columns)");
  return values_[i];
}

const Value& Row::operator[](std::string_view name) const {
  if (names_) {
    const auto& n = *names_;
    for (std::size_t i = 0; i < n.size() && i < values_.size(); ++i)
      if (n[i] == name) return values_[i];
  }
  throw NoSuchColumnError("no column named '" + std::string(name) + "' in this row");
}

const std::vector<std::string>& Row::keys() const { return names_ ? *names_ : no_names(); }

Result::Result(std::unique_ptr<DriverCursor> cursor, std::int64_t rowcount_override)
    : cursor_(std::move(cursor)), rowcount_override_(rowcount_override) {
  if (cursor_) {
    names_ = cursor_->columns();
    current_.set_names(names_);
    current_.mutable_values().resize(names_ ? names_->size() : 0);
  }
  if (!names_ || names_->empty()) exhausted_ = true;
}

Result::Result(Result&&) noexcept = default;
Result& Result::operator=(Result&&) noexcept = default;
Result::~Result() = default;

const std::vector<std::string>& Result::keys() const { return names_ ? *names_ : no_names(); }
bool Result::returns_rows() const { return names_ && !names_->empty(); }

bool Result::advance() {
  if (exhausted_) return false;
  if (!cursor_->fetch(current_.mutable_values())) {
    exhausted_ = true;
    return false;
  }
  return true;
}

std::optional<Row> Result::fetchone() {
  if (!advance()) return std::nullopt;
  return current_;
}

std::vector<Row> Result::fetchmany(std::size_t n) {
  std::vector<Row> out;
  while (out.size() < n && advance()) out.push_back(current_);
  return out;
}

std::vector<Row> Result::all() {
  std::vector<Row> out;
  while (advance()) out.push_back(current_);
  return out;
}

std::optional<Value> Result::scalar() {
  if (!returns_rows())
    throw ResourceClosedError("this result does not return rows (scalar() on a statement "
                              "without a result set)");
  std::optional<Value> v;
  if (advance()) v = current_.values().at(0);
  close();
  return v;
}

Row Result::one() {
  auto r = one_or_none();
  if (!r) throw InvalidRequestError("no row was found when one was required");
  return std::move(*r);
}

std::optional<Row> Result::one_or_none() {
  if (!returns_rows()) throw ResourceClosedError("this result does not return rows");
  std::optional<Row> first;
  if (advance()) first = current_;
  if (first && advance()) throw InvalidRequestError("multiple rows were found when one or none was required");
  close();
  return first;
}

std::int64_t Result::rowcount() const {
  if (rowcount_override_ != -2) return rowcount_override_;
  return cursor_ ? cursor_->rowcount() : -1;
}

std::optional<std::int64_t> Result::lastrowid() const {
  return cursor_ ? cursor_->lastrowid() : std::nullopt;
}

void Result::set_columns(ResultColumns columns) {
  if (columns && columns->size() != keys().size()) return;  // not this result's shape
  current_.set_columns(std::move(columns));
}

void Result::close() {
  exhausted_ = true;
  if (cursor_) {
    rowcount_override_ = rowcount();
    cursor_.reset();
  }
}

}  // namespace retort
