// Reading revision files: the YAML header keys (revision, down_revision, branch_labels,
// depends_on, message, create_date) and the upgrade/downgrade sections, kept unparsed.
#pragma once

#include <filesystem>
#include <string_view>

#include "retort/migrations/revision.hpp"

namespace retort::migrations {

// Reads and parses one revision file. Throws RevisionFileError ("path:line:column: ...")
// for unreadable files, broken YAML, unknown or malformed keys.
Revision read_revision_file(const std::filesystem::path& path);

// The same for text already in memory; `path` is only used in messages and Revision::path.
Revision parse_revision_text(std::string_view text, const std::filesystem::path& path);

}  // namespace retort::migrations
