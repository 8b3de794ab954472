// Multidb projects: one revision history applied to several databases (the
// `databases:` map of retort.yaml), each keeping its own version table and
// history. A revision file lists its operations per database:
//   upgrade:   {engine1: [...], engine2: [...]}
//   downgrade: {engine1: [...], engine2: [...]}
// and each database runs the revisions with its own section (docs/revisions.md).
#pragma once

#include <string>

#include "retort/migrations/config.hpp"
#include "retort/migrations/script_directory.hpp"

namespace retort::migrations {

// Checks that every revision's upgrade/downgrade fits the project: in a multidb
// project a map naming only configured databases (an empty list or null is
// allowed: no operations anywhere); in a single-database project a list.
// Throws RevisionFileError "path:line: ..." naming the file and the database.
void check_database_sections(const ScriptDirectory& scripts, const Config& config);

// The scripts as database `name` sees them: each revision keeps only its
// operations for `name` (none when it lists none). The revision graph is the
// same; checksums still cover the whole file.
ScriptDirectory database_scripts(const ScriptDirectory& scripts, const std::string& name);

}  // namespace retort::migrations
