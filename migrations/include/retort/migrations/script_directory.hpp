// The revision files of a project: every *.yaml / *.yml file in the version_locations
// folders, loaded into one RevisionMap.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "retort/migrations/revision_map.hpp"

namespace retort::migrations {

class ScriptDirectory {
 public:
  // Loads the folders in order, files sorted by name within each (this order breaks ties
  // in upgrade orders and lists heads). Files whose name starts with '.' are skipped, and a
  // file reached twice through overlapping folders is read once. Throws RevisionFileError
  // for a missing folder or a bad file, DuplicateRevision naming both files, and every
  // graph error of RevisionMap.
  static ScriptDirectory load(std::vector<std::filesystem::path> version_locations);

  const std::vector<std::filesystem::path>& version_locations() const noexcept {
    return locations_;
  }
  const RevisionMap& revision_map() const noexcept { return map_; }

 private:
  friend ScriptDirectory database_scripts(const ScriptDirectory&, const std::string&);
  ScriptDirectory(std::vector<std::filesystem::path> locations, RevisionMap map)
      : locations_(std::move(locations)), map_(std::move(map)) {}

  std::vector<std::filesystem::path> locations_;
  RevisionMap map_;
};

}  // namespace retort::migrations
