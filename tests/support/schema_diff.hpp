// Test support: a readable account of how two schema YAML documents differ,
// table by table and entry by entry (column, index, constraint).
#pragma once

#include <string>

namespace retort::testing {

// Compares two documents printed by dump_schema_yaml. Empty when they are
// equal; otherwise one line per difference, e.g.
//   table film: columns: rating: db1 {name: rating, ...} | db2 {name: rating, ...}
//   table payment_p2022_01: only in db1
std::string schema_yaml_diff(const std::string& db1, const std::string& db2);

}  // namespace retort::testing
