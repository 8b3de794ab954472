// Private: the PostgreSQL cursor over one complete libpq result.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "dialects/postgresql/types.hpp"
#include "retort/engine/dialect.hpp"

namespace retort::postgresql {

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// Column names and decoders of a result, built once per prepared statement
// and shared by every cursor over it (the server rejects a prepared statement
// whose result shape changed, so the cached shape cannot go stale).
struct ResultShape {
  std::vector<std::string> names;
  std::vector<CellKind> kinds;
  std::vector<Oid> types;

  static std::shared_ptr<const ResultShape> of(const PGresult* res);
  // The shape of statements that return no rows.
  static const std::shared_ptr<const ResultShape>& none();
  // Cheap check that `res` has this shape (same column count and types).
  bool matches(const PGresult* res) const;
};

// Rows affected according to the command tag; -1 when the tag has no count (DDL).
std::int64_t affected_rows(const PGresult* res);

// libpq delivers the whole result at once, so a cursor owns its PGresult and
// stays valid until destroyed, whatever the connection does meanwhile (even a
// second execution of the same prepared statement).
class PgCursor final : public DriverCursor {
 public:
  PgCursor(ResultPtr res, std::shared_ptr<const ResultShape> shape);

  std::shared_ptr<const std::vector<std::string>> columns() const override;
  bool fetch(std::vector<Value>& row) override;
  std::int64_t rowcount() const override { return rowcount_; }
  std::optional<std::int64_t> lastrowid() const override { return std::nullopt; }

 private:
  ResultPtr res_;
  std::shared_ptr<const ResultShape> shape_;
  int next_ = 0;
  int rows_ = 0;
  std::int64_t rowcount_ = -1;
};

}  // namespace retort::postgresql
