// Revision files: the YAML header keys, checked one by one with file:line:column errors; the
// upgrade/downgrade sequences are kept as YAML nodes for the operations layer. A file in the
// simple form (no operations) is read by simple_revision_scan.cpp without yaml-cpp.
#include "retort/migrations/revision_file.hpp"

#include <yaml-cpp/yaml.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string>

#include "detail/revision_body.hpp"
#include "detail/simple_revision_scan.hpp"
#include "retort/migrations/check.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations {
namespace {

constexpr std::array<std::string_view, 10> kKeys = {
    "revision",    "down_revision", "branch_labels", "depends_on",  "message",
    "create_date", "upgrade",       "downgrade",     "destructive", "allow"};

[[noreturn]] void fail(const std::filesystem::path& path, const YAML::Mark& mark,
                       const std::string& message) {
  std::string where = path.string();
  if (mark.line >= 0) {
    where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }
  throw RevisionFileError(where + ": " + message);
}

// The known key closest to a misspelt one (edit distance at most 3).
std::string suggestion(std::string_view key) {
  std::string best;
  std::size_t best_distance = 4;
  for (std::string_view known : kKeys) {
    std::vector<std::size_t> row(known.size() + 1);
    for (std::size_t j = 0; j <= known.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= key.size(); ++i) {
      std::size_t diag = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= known.size(); ++j) {
        const std::size_t up = row[j];
        row[j] =
            std::min({row[j] + 1, row[j - 1] + 1, diag + (key[i - 1] == known[j - 1] ? 0 : 1)});
        diag = up;
      }
    }
    if (row[known.size()] < best_distance) {
      best_distance = row[known.size()];
      best = known;
    }
  }
  return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

std::string scalar(const std::filesystem::path& path, const YAML::Node& node,
                   std::string_view key) {
  if (!node.IsScalar()) fail(path, node.Mark(), std::string(key) + " must be a single value");
  return node.Scalar();
}

// null, one id, or a list of ids.
std::vector<std::string> id_list(const std::filesystem::path& path, const YAML::Node& node,
                                 std::string_view key) {
  std::vector<std::string> out;
  if (node.IsNull()) return out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      if (!item.IsScalar()) {
        fail(path, item.Mark(), std::string(key) + " entries must be revision ids or labels");
      }
      out.push_back(item.Scalar());
    }
  } else {
    fail(path, node.Mark(), std::string(key) + " must be null, an id, or a list of ids");
  }
  for (const std::string& s : out) {
    if (s.empty()) fail(path, node.Mark(), std::string(key) + " has an empty entry");
  }
  return out;
}

}  // namespace

std::vector<std::string> lint_id_list(const std::filesystem::path& path, const YAML::Node& node) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      if (!item.IsScalar()) fail(path, item.Mark(), "allow entries must be lint ids such as DS102");
      out.push_back(item.Scalar());
    }
  } else {
    fail(path, node.Mark(), "allow must be a lint id or a list of lint ids, e.g. [DS102]");
  }
  for (const std::string& id : out)
    if (!is_lint_id(id))
      fail(path, node.Mark(), "allow: unknown lint id '" + id + "' (docs/check.md lists them)");
  return out;
}

namespace {

// The general path: yaml-cpp reads the whole file.
Revision parse_with_yaml(std::string text, const std::filesystem::path& path) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    fail(path, e.mark, "invalid YAML: " + e.msg);
  }
  if (!root.IsMap()) {
    fail(path, root.IsNull() ? YAML::Mark() : root.Mark(),
         "a revision file is a YAML map with revision, down_revision, upgrade and downgrade keys");
  }
  Revision rev;
  rev.path = path;
  auto body = std::make_shared<RevisionBody>();
  body->text = std::move(text);
  std::vector<std::string> seen;
  bool has_revision = false;
  bool has_down = false;
  for (const auto& entry : root) {
    const YAML::Node& key_node = entry.first;
    const YAML::Node& value = entry.second;
    if (!key_node.IsScalar()) fail(path, key_node.Mark(), "header keys must be plain names");
    const std::string key = key_node.Scalar();
    const int line = key_node.Mark().line + 1;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      fail(path, key_node.Mark(), "duplicate key '" + key + "'");
    }
    seen.push_back(key);
    if (key == "revision") {
      if (value.IsNull()) fail(path, key_node.Mark(), "revision must name the revision id");
      rev.id = scalar(path, value, key);
      if (std::string why = check_revision_id(rev.id); !why.empty()) fail(path, value.Mark(), why);
      rev.lines.revision = line;
      has_revision = true;
    } else if (key == "down_revision") {
      rev.down_revisions = id_list(path, value, key);
      rev.lines.down_revision = line;
      has_down = true;
    } else if (key == "branch_labels") {
      rev.branch_labels = id_list(path, value, key);
      rev.lines.branch_labels = line;
    } else if (key == "depends_on") {
      rev.depends_on = id_list(path, value, key);
      rev.lines.depends_on = line;
    } else if (key == "message") {
      if (!value.IsNull()) rev.message = scalar(path, value, key);
    } else if (key == "create_date") {
      if (!value.IsNull()) rev.create_date = scalar(path, value, key);
    } else if (key == "destructive") {
      if (!value.IsScalar() || (value.Scalar() != "true" && value.Scalar() != "false"))
        fail(path, value.Mark(), "destructive must be true or false");
      rev.destructive = value.Scalar() == "true";
    } else if (key == "allow") {
      rev.allow = lint_id_list(path, value);
    } else if (key == "upgrade" || key == "downgrade") {
      if (value.IsMap()) {
        // A multidb project's form: database name -> operations (checked
        // against retort.yaml's databases by check_database_sections).
        for (const auto& db : value) {
          if (!db.first.IsScalar() || db.first.Scalar().empty())
            fail(path, db.first.Mark(), key + ": database names must be plain names");
          if (!db.second.IsNull() && !db.second.IsSequence())
            fail(path, value.Mark(),
                 key + " must be a list of operations (a map is a multidb project's database "
                       "name -> list of operations, and '" +
                     db.first.Scalar() + "' is not a list)");
        }
      } else if (!value.IsNull() && !value.IsSequence()) {
        fail(path, value.Mark(),
             key + " must be a list of operations (or, in a multidb project, a map of database "
                   "name -> operations)");
      }
      (key == "upgrade" ? body->upgrade : body->downgrade) = value;
      (key == "upgrade" ? rev.lines.upgrade : rev.lines.downgrade) = line;
    } else {
      fail(path, key_node.Mark(), "unknown key '" + key + "'" + suggestion(key));
    }
  }
  if (!has_revision) fail(path, root.Mark(), "missing key 'revision'");
  if (!has_down) {
    fail(path, root.Mark(), "missing key 'down_revision' (null for a first revision)");
  }
  rev.body = std::move(body);
  return rev;
}

// The simple form (detail/simple_revision_scan.hpp) directly, everything else with yaml-cpp.
Revision parse(std::string text, const std::filesystem::path& path) {
  Revision rev;
  if (!detail::scan_simple_revision(text, rev)) return parse_with_yaml(std::move(text), path);
  rev.path = path;
  auto body = std::make_shared<RevisionBody>();  // no operations: upgrade/downgrade stay null
  body->text = std::move(text);
  rev.body = std::move(body);
  return rev;
}

}  // namespace

Revision parse_revision_text(std::string_view text, const std::filesystem::path& path) {
  return parse(std::string(text), path);
}

Revision read_revision_file(const std::filesystem::path& path) {
  // Plain POSIX reads: at 10,000 files an ifstream's setup is a cost of its own.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw RevisionFileError(path.string() + ": cannot read the revision file");
  std::string text;
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      throw RevisionFileError(path.string() + ": cannot read the revision file");
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return parse(std::move(text), path);
}

}  // namespace retort::migrations
