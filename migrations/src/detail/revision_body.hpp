// Internal: what a revision file holds besides its header, for the operations layer. The
// YAML nodes stay here so that yaml-cpp never reaches a public header.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

namespace retort::migrations {

class RevisionBody {
 public:
  std::string text;      // the whole file as read
  YAML::Node upgrade;    // a sequence of one-key operation maps (or null)
  YAML::Node downgrade;  // the same
};

// An `allow:` value (a lint id or a list of them), checked against
// lint_rules(); RevisionFileError naming path:line:column otherwise.
std::vector<std::string> lint_id_list(const std::filesystem::path& path, const YAML::Node& node);

}  // namespace retort::migrations
