// Private: writing a new revision file (`revision` and `merge`), as Alembic's
// ScriptDirectory.generate_revision does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "retort/migrations/config.hpp"
#include "retort/migrations/script_directory.hpp"

namespace retort::cli {

struct NewRevision {
  std::optional<std::string> rev_id;  // default: 12 random hex digits
  std::string message;
  std::vector<std::string> heads = {"head"};  // identifiers of the down revisions
  bool splice = false;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::optional<std::string> version_path;
  // The upgrade: and downgrade: sections (autogenerate); empty lists when unset.
  std::optional<std::string> operations;
};

// Writes the file and returns its path; retort::Error for every refusal.
std::filesystem::path generate_revision(const migrations::Config& config,
                                        const migrations::ScriptDirectory& scripts,
                                        const NewRevision& spec);

// Alembic's slug: \w+ runs of the message joined by '_', lower case, truncated
// at a '_'.
std::string slugify(const std::string& message, int truncate_length);

}  // namespace retort::cli
