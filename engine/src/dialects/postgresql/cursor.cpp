#include "dialects/postgresql/cursor.hpp"

#include <charconv>
#include <cstring>

namespace retort::postgresql {

std::shared_ptr<const ResultShape> ResultShape::of(const PGresult* res) {
  const int n = res != nullptr && PQresultStatus(res) == PGRES_TUPLES_OK ? PQnfields(res) : 0;
  if (n == 0) return none();
  auto shape = std::make_shared<ResultShape>();
  shape->names.reserve(static_cast<std::size_t>(n));
  for (int c = 0; c < n; ++c) {
    const Oid type = PQftype(res, c);
    shape->names.emplace_back(PQfname(res, c));
    shape->types.push_back(type);
    shape->kinds.push_back(cell_kind_for(type));
  }
  return shape;
}

const std::shared_ptr<const ResultShape>& ResultShape::none() {
  static const std::shared_ptr<const ResultShape> empty = std::make_shared<ResultShape>();
  return empty;
}

bool ResultShape::matches(const PGresult* res) const {
  const int n = PQresultStatus(res) == PGRES_TUPLES_OK ? PQnfields(res) : 0;
  if (static_cast<std::size_t>(n) != types.size()) return false;
  for (int c = 0; c < n; ++c)
    if (PQftype(res, c) != types[static_cast<std::size_t>(c)]) return false;
  return true;
}

std::int64_t affected_rows(const PGresult* res) {
  const char* tuples = PQcmdTuples(const_cast<PGresult*>(res));
  std::int64_t n = -1;
  if (tuples != nullptr && *tuples != '\0')
    std::from_chars(tuples, tuples + std::strlen(tuples), n);
  return n;
}

PgCursor::PgCursor(ResultPtr res, std::shared_ptr<const ResultShape> shape)
    : res_(std::move(res)), shape_(std::move(shape)) {
  if (res_) {
    rows_ = PQresultStatus(res_.get()) == PGRES_TUPLES_OK ? PQntuples(res_.get()) : 0;
    rowcount_ = affected_rows(res_.get());
  }
}

std::shared_ptr<const std::vector<std::string>> PgCursor::columns() const {
  // Aliasing constructor: shares the shape's reference count, no allocation.
  return {shape_, &shape_->names};
}

bool PgCursor::fetch(std::vector<Value>& row) {
  if (next_ >= rows_) return false;
  const PGresult* res = res_.get();
  const auto& kinds = shape_->kinds;
  const int n = static_cast<int>(kinds.size());
  if (row.size() != kinds.size()) row.resize(kinds.size());
  for (int c = 0; c < n; ++c) {
    Value& cell = row[static_cast<std::size_t>(c)];
    if (PQgetisnull(res, next_, c)) {
      cell.storage().emplace<Null>();
    } else {
      decode_cell(kinds[static_cast<std::size_t>(c)], PQgetvalue(res, next_, c),
                  static_cast<std::size_t>(PQgetlength(res, next_, c)), cell);
    }
  }
  ++next_;
  return true;
}

}  // namespace retort::postgresql
