// The script directory: every revision file of the version_locations folders, in a stable
// order (folders in order, names sorted), loaded into one RevisionMap.
#include "retort/migrations/script_directory.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <system_error>

#include "retort/migrations/errors.hpp"
#include "retort/migrations/revision_file.hpp"

namespace retort::migrations {

namespace fs = std::filesystem;

ScriptDirectory ScriptDirectory::load(std::vector<fs::path> version_locations) {
  std::vector<Revision> revisions;
  // Canonical paths of the files read: a file reached through two folders is read once.
  std::unordered_set<std::string> loaded;
  struct File {
    std::string name;
    fs::path path;
    bool symlink;
  };
  for (const fs::path& folder : version_locations) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
      throw RevisionFileError(folder.string() + ": version location is not a folder");
    }
    std::vector<File> files;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const fs::path& p = entry.path();
      std::string name = p.filename().string();
      const std::string ext = p.extension().string();
      if (name.empty() || name.front() == '.' || (ext != ".yaml" && ext != ".yml")) continue;
      if (!entry.is_regular_file(ec)) continue;
      files.push_back({std::move(name), p, entry.is_symlink(ec)});
    }
    if (ec) throw RevisionFileError(folder.string() + ": cannot list: " + ec.message());
    // One folder: ordering by file name is ordering by path.
    std::sort(files.begin(), files.end(),
              [](const File& a, const File& b) { return a.name < b.name; });
    // The folder is made canonical once; a file's canonical path is then the folder's plus
    // its name, unless the file itself is a symlink.
    const fs::path canonical_folder = fs::weakly_canonical(folder, ec);
    const bool folder_ok = !ec;
    for (const File& f : files) {
      fs::path canonical;
      if (f.symlink || !folder_ok) {
        canonical = fs::weakly_canonical(f.path, ec);
        if (ec) canonical = f.path;
      } else {
        canonical = canonical_folder / f.name;
      }
      if (!loaded.insert(canonical.native()).second) continue;
      revisions.push_back(read_revision_file(f.path));
    }
  }
  RevisionMap map(std::move(revisions));
  return ScriptDirectory(std::move(version_locations), std::move(map));
}

}  // namespace retort::migrations
