// The expression-language cases: a small schema with sample rows, and the
// statement of each case by name. Each case's expectations (SQL per
// dialect, result rows) live in tests/engine/data/sql/<name>.yaml.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "retort/engine/schema.hpp"
#include "retort/engine/sql.hpp"

namespace retort::testing {

struct SqlSchema {
  SqlSchema();
  MetaData md;
  sql::From users, orders, items, tree, odd;  // odd: hostile table and column names
};
const SqlSchema& sql_schema();

// The sample rows, as INSERT statements of the expression language.
std::vector<std::shared_ptr<const sql::Executable>> sql_sample_rows();

using SqlCase = std::function<std::shared_ptr<const sql::Executable>(const SqlSchema&)>;
// Every case by name.
const std::map<std::string, SqlCase>& sql_cases();

}  // namespace retort::testing
