// The script directory on disk: real revision files in temporary folders, loaded in a stable
// order; duplicate ids, missing down_revision targets, cycles and broken files are each one
// clear error naming the files and lines involved.
#include "retort/migrations/script_directory.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <string>

#include "retort/migrations/errors.hpp"
#include "retort/migrations/walk.hpp"

namespace retort::migrations {
namespace {

namespace fs = std::filesystem;
constexpr auto npos = std::string::npos;

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("retort-scripts-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path folder(const std::string& name) const {
    fs::create_directories(path_ / name);
    return path_ / name;
  }

 private:
  fs::path path_;
};

void write(const fs::path& file, const std::string& text) {
  std::ofstream out(file);
  out << text;
}

std::string revision(const std::string& id, const std::string& down,
                     const std::string& extra = "") {
  return "revision: " + id + "\ndown_revision: " + down + "\n" + extra + "message: " + id +
         "\nupgrade: []\ndowngrade: []\n";
}

std::string error_of(const std::vector<fs::path>& locations) {
  try {
    ScriptDirectory::load(locations);
  } catch (const RevisionError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ScriptDirectory, LoadsEveryRevisionFile) {
  TempDir tmp;
  const fs::path versions = tmp.folder("versions");
  write(versions / "1a2b3c4d5e6f_create_users.yaml", revision("1a2b3c4d5e6f", "null"));
  write(versions / "3f2a9c1b7d10_add_account.yaml", revision("3f2a9c1b7d10", "1a2b3c4d5e6f"));
  write(versions / "7e8f90a1b2c3_add_index.yml", revision("7e8f90a1b2c3", "3f2a9c1b7d10"));
  write(versions / ".#3f2a9c1b7d10_add_account.yaml", "editor lock file, not YAML: [");
  write(versions / "README.md", "not a revision");
  const ScriptDirectory dir = ScriptDirectory::load({versions});
  const RevisionMap& map = dir.revision_map();
  ASSERT_EQ(map.size(), 3u);
  EXPECT_EQ(map.revisions()[0].id, "1a2b3c4d5e6f");
  EXPECT_EQ(map.heads(), std::vector<std::string>{"7e8f90a1b2c3"});
  EXPECT_EQ(map.bases(), std::vector<std::string>{"1a2b3c4d5e6f"});
  const Revision* head = map.get_revision("head");
  ASSERT_NE(head, nullptr);
  EXPECT_EQ(head->path, versions / "7e8f90a1b2c3_add_index.yml");
  EXPECT_EQ(walk_revisions(map).size(), 3u);
  EXPECT_EQ(upgrade_steps(map, {}, "heads").size(), 3u);
}

TEST(ScriptDirectory, SeveralVersionLocations) {
  TempDir tmp;
  const fs::path a = tmp.folder("app/versions");
  const fs::path b = tmp.folder("plugins/versions");
  write(a / "aaaa0001.yaml", revision("aaaa0001", "null", "branch_labels: [app]\n"));
  write(b / "bbbb0001.yaml", revision("bbbb0001", "null", "depends_on: [app]\n"));
  // The same folder twice is read once.
  const ScriptDirectory dir = ScriptDirectory::load({a, b, tmp.path() / "app/../app/versions"});
  EXPECT_EQ(dir.revision_map().size(), 2u);
  EXPECT_EQ(dir.revision_map().effective_heads(), std::vector<std::string>{"bbbb0001"});
}

TEST(ScriptDirectory, FileReachedThroughSymlinksIsReadOnce) {
  TempDir tmp;
  const fs::path a = tmp.folder("app/versions");
  const fs::path b = tmp.folder("more");
  write(a / "aaaa0001.yaml", revision("aaaa0001", "null"));
  write(a / "aaaa0002.yaml", revision("aaaa0002", "aaaa0001"));
  // A file linked into another folder, and the first folder again under a linked name.
  fs::create_symlink(a / "aaaa0001.yaml", b / "linked.yaml");
  fs::create_directory_symlink(a, tmp.path() / "alias");
  const ScriptDirectory dir = ScriptDirectory::load({a, b, tmp.path() / "alias"});
  EXPECT_EQ(dir.revision_map().size(), 2u);
  EXPECT_EQ(dir.revision_map().heads(), std::vector<std::string>{"aaaa0002"});
  // Without the original folder, the linked file is read through its link.
  EXPECT_EQ(ScriptDirectory::load({b}).revision_map().size(), 1u);
}

TEST(ScriptDirectory, DuplicateIdNamesBothFiles) {
  TempDir tmp;
  const fs::path versions = tmp.folder("versions");
  write(versions / "a_first.yaml", revision("aaaa0001", "null"));
  write(versions / "b_second.yaml", revision("aaaa0001", "null"));
  const std::string what = error_of({versions});
  EXPECT_NE(what.find("aaaa0001"), npos) << what;
  EXPECT_NE(what.find((versions / "a_first.yaml").string() + ":1"), npos) << what;
  EXPECT_NE(what.find((versions / "b_second.yaml").string() + ":1"), npos) << what;
  EXPECT_THROW(ScriptDirectory::load({versions}), DuplicateRevision);
}

TEST(ScriptDirectory, MissingDownRevisionNamesFileAndLine) {
  TempDir tmp;
  const fs::path versions = tmp.folder("versions");
  write(versions / "a.yaml", revision("aaaa0001", "null"));
  write(versions / "b.yaml", "# adds b\n" + revision("bbbb0001", "gone0001"));
  const std::string what = error_of({versions});
  EXPECT_NE(what.find("down_revision 'gone0001' of revision bbbb0001 is not present"), npos)
      << what;
  EXPECT_NE(what.find((versions / "b.yaml").string() + ":3"), npos) << what;
  EXPECT_THROW(ScriptDirectory::load({versions}), RevisionNotFound);
}

TEST(ScriptDirectory, MissingDependencyNamesFileAndLine) {
  TempDir tmp;
  const fs::path versions = tmp.folder("versions");
  write(versions / "a.yaml", revision("aaaa0001", "null", "depends_on: [nowhere]\n"));
  const std::string what = error_of({versions});
  EXPECT_NE(what.find("depends_on 'nowhere'"), npos) << what;
  EXPECT_NE(what.find((versions / "a.yaml").string() + ":3"), npos) << what;
}

TEST(ScriptDirectory, CycleNamesTheFilesOfTheLoop) {
  TempDir tmp;
  const fs::path versions = tmp.folder("versions");
  write(versions / "0_base.yaml", revision("base0001", "null"));
  write(versions / "1_a.yaml", revision("aaaa0001", "cccc0001"));
  write(versions / "2_b.yaml", revision("bbbb0001", "aaaa0001"));
  write(versions / "3_c.yaml", revision("cccc0001", "bbbb0001"));
  const std::string what = error_of({versions});
  EXPECT_NE(what.find("cycle detected in revisions (aaaa0001, bbbb0001, cccc0001)"), npos) << what;
  for (const char* f : {"1_a.yaml:2", "2_b.yaml:2", "3_c.yaml:2"}) {
    EXPECT_NE(what.find((versions / f).string()), npos) << what;
  }
  EXPECT_THROW(ScriptDirectory::load({versions}), CycleDetected);
}

TEST(ScriptDirectory, SelfLoopAndDependencyCycle) {
  TempDir tmp;
  const fs::path self = tmp.folder("self");
  write(self / "a.yaml", revision("aaaa0001", "[aaaa0001]"));
  EXPECT_NE(error_of({self}).find("aaaa0001 lists itself in down_revision (" +
                                  (self / "a.yaml").string() + ":2)"),
            npos)
      << error_of({self});
  const fs::path deps = tmp.folder("deps");
  write(deps / "a1.yaml", revision("aaaa0001", "null"));
  write(deps / "a2.yaml", revision("aaaa0002", "aaaa0001", "depends_on: [bbbb0002]\n"));
  write(deps / "b1.yaml", revision("bbbb0001", "null"));
  write(deps / "b2.yaml", revision("bbbb0002", "bbbb0001", "depends_on: [aaaa0002]\n"));
  EXPECT_THROW(ScriptDirectory::load({deps}), DependencyCycleDetected);
  EXPECT_NE(error_of({deps}).find((deps / "a2.yaml").string() + ":3"), npos) << error_of({deps});
}

TEST(ScriptDirectory, BrokenYamlNamesFileLineAndColumn) {
  TempDir tmp;
  const fs::path versions = tmp.folder("versions");
  write(versions / "a.yaml", revision("aaaa0001", "null"));
  write(versions / "b.yaml",
        "revision: bbbb0001\ndown_revision: aaaa0001\nupgrade:\n  - {create_table: [\n");
  const std::string what = error_of({versions});
  EXPECT_EQ(what.rfind((versions / "b.yaml").string() + ":", 0), 0u) << what;
  EXPECT_NE(what.find("invalid YAML"), npos) << what;
  EXPECT_THROW(ScriptDirectory::load({versions}), RevisionFileError);
}

TEST(ScriptDirectory, DuplicateLabelNamesBothFiles) {
  TempDir tmp;
  const fs::path versions = tmp.folder("versions");
  write(versions / "a.yaml", revision("aaaa0001", "null", "branch_labels: [feature]\n"));
  write(versions / "b.yaml", revision("bbbb0001", "aaaa0001", "branch_labels: [feature]\n"));
  const std::string what = error_of({versions});
  EXPECT_NE(what.find("branch label 'feature'"), npos) << what;
  EXPECT_NE(what.find((versions / "a.yaml").string() + ":3"), npos) << what;
  EXPECT_NE(what.find((versions / "b.yaml").string() + ":3"), npos) << what;
  EXPECT_THROW(ScriptDirectory::load({versions}), DuplicateBranchLabel);
}

TEST(ScriptDirectory, MissingFolder) {
  TempDir tmp;
  const std::string what = error_of({tmp.path() / "nope"});
  EXPECT_NE(what.find("nope: version location is not a folder"), npos) << what;
}

TEST(ScriptDirectory, MultipleHeadsListsThem) {
  TempDir tmp;
  const fs::path versions = tmp.folder("versions");
  write(versions / "a.yaml", revision("aaaa0001", "null"));
  write(versions / "b.yaml", revision("bbbb0001", "aaaa0001"));
  write(versions / "c.yaml", revision("cccc0001", "aaaa0001"));
  const ScriptDirectory dir = ScriptDirectory::load({versions});
  try {
    dir.revision_map().get_revision("head");
    FAIL();
  } catch (const MultipleHeads& e) {
    EXPECT_EQ(e.heads(), (std::vector<std::string>{"bbbb0001", "cccc0001"}));
    const std::string what = e.what();
    EXPECT_NE(what.find("bbbb0001 (" + (versions / "b.yaml").string() + ":1)"), npos) << what;
    EXPECT_NE(what.find("cccc0001 (" + (versions / "c.yaml").string() + ":1)"), npos) << what;
  }
}

}  // namespace
}  // namespace retort::migrations
