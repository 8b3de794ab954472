// The script directory: every revision file of the version_locations folders, in a stable
// order (folders in order, names sorted), loaded into one RevisionMap.
#include "retort/migrations/script_directory.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include "retort/migrations/errors.hpp"
#include "retort/migrations/revision_file.hpp"

namespace retort::migrations {

namespace fs = std::filesystem;

ScriptDirectory ScriptDirectory::load(std::vector<fs::path> version_locations) {
  std::vector<Revision> revisions;
  std::set<fs::path> loaded;
  for (const fs::path& folder : version_locations) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
      throw RevisionFileError(folder.string() + ": version location is not a folder");
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const fs::path& p = entry.path();
      const std::string name = p.filename().string();
      const std::string ext = p.extension().string();
      if (name.empty() || name.front() == '.' || (ext != ".yaml" && ext != ".yml")) continue;
      if (!entry.is_regular_file(ec)) continue;
      files.push_back(p);
    }
    if (ec) throw RevisionFileError(folder.string() + ": cannot list: " + ec.message());
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files) {
      const fs::path canonical = fs::weakly_canonical(p, ec);
      if (!loaded.insert(ec ? p : canonical).second) continue;
      revisions.push_back(read_revision_file(p));
    }
  }
  RevisionMap map(std::move(revisions));
  return ScriptDirectory(std::move(version_locations), std::move(map));
}

}  // namespace retort::migrations
