// Private: a statement's shape, the cache key of its compiled form. Two
// statements with the same shape compile to the same SQL; only their bound
// values differ. The walk lists those values in a fixed order, and the
// compiler records each placeholder's position in that list (its ordinal).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sql/node.hpp"

namespace retort::sql::detail {

struct Shape {
  std::string key;
  std::vector<std::optional<Value>> values;           // bound values in walk order
  std::unordered_map<const Node*, int> ordinals;      // bind node -> index in values
};

Shape shape_of(const Node& stmt);

}  // namespace retort::sql::detail
