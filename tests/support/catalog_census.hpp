// Test support: every schema object of a database as one line of text, read
// from the server's own catalog (not through retort's reflection), so that
// two databases can be compared object by object.
#pragma once

#include <set>
#include <string>

#include "retort/retort.hpp"

namespace retort::testing {

// Lines "kind: details", e.g. "column: film 3 description text false NULL".
// Kinds: table, column, index, constraint, foreign key, check, comment,
// view, materialized view, trigger, function, routine, rule, sequence,
// domain, enum, extension, inheritance, partitioning, collation,
// table option. Covers the current schema (PostgreSQL), the URL's database
// (MySQL) or main (SQLite).
std::set<std::string> catalog_census(Connection& conn);

// The part of a census line before ": ".
std::string census_kind(const std::string& line);

}  // namespace retort::testing
