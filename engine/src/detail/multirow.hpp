// Private: rewriting "INSERT ... VALUES (:a, :b)" into multi-row VALUES
// batches for executemany, the way SQLAlchemy's insertmanyvalues does.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "retort/engine/engine.hpp"

namespace retort::detail {

class MultiRowInsert {
 public:
  // std::nullopt unless the statement is an INSERT whose only parameters are
  // inside one VALUES (...) group.
  static std::optional<MultiRowInsert> from(const TextClause& stmt);
  // The statement with `rows` copies of the VALUES group; cached per row count.
  const std::string& sql(std::size_t rows, ParamStyle style);

 private:
  std::string prefix_;                 // up to and including "VALUES "
  std::vector<std::string> row_parts_; // the group's literals around the placeholders
  std::string suffix_;                 // after the group's ')'
  std::map<std::pair<std::size_t, int>, std::string> cache_;
};

}  // namespace retort::detail
