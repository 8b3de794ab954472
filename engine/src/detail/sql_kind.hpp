// Private: what kind of statement a piece of SQL is, for drivers that must
// forget cached prepared statements after the schema changes.
#pragma once

#include <string_view>

namespace retort::detail {

// The first keyword, upper-cased, after leading whitespace and comments ("" if none).
std::string_view first_keyword(std::string_view sql, char (&buf)[16]);
// CREATE, ALTER, DROP, TRUNCATE, RENAME, COMMENT, REINDEX, VACUUM ... : statements
// after which prepared statements may describe a schema that no longer exists.
bool changes_schema(std::string_view sql);

}  // namespace retort::detail
