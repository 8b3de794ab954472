// Internal: the version-table statements of offline scripts (upgrade/downgrade
// --sql in offline.cpp, stamp --sql in offline_stamp.cpp), with literal values.
#pragma once

#include <string>
#include <vector>

#include "retort/engine/dialect.hpp"
#include "retort/migrations/walk.hpp"

namespace retort::migrations::runtime {

// "a, b": revision ids as they appear in the scripts' "-- Running" lines.
std::string join_revisions(const std::vector<std::string>& revisions);

// CREATE TABLE of the version table `quoted_table` (its constraint named
// <version_table>_pkc), as Alembic's offline scripts write it.
std::string create_version_table_sql(const Dialect& dialect, const std::string& quoted_table,
                                     const std::string& version_table);

// The DELETEs, UPDATE and INSERTs of one version-table change, in that order.
std::vector<std::string> version_change_sql(const std::string& quoted_table,
                                            const VersionChange& change);

}  // namespace retort::migrations::runtime
