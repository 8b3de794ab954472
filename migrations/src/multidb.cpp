// Multidb revision files: checking their per-database sections against the
// config, and projecting the scripts onto one database.
#include "retort/migrations/multidb.hpp"

#include <yaml-cpp/yaml.h>

#include "detail/revision_body.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations {
namespace {

std::string names_of(const Config& config) {
  std::string out;
  for (const auto& db : config.databases) out += (out.empty() ? "" : ", ") + db.name;
  return out;
}

void check_section(const Revision& rev, const YAML::Node& node, int line, const char* key,
                   const Config& config) {
  if (!node || node.IsNull()) return;
  if (!config.is_multidb()) {
    if (node.IsMap()) {
      std::string names;
      for (const auto& db : node) names += (names.empty() ? "" : ", ") + db.first.Scalar();
      throw RevisionFileError(rev.location(line) + ": revision " + rev.id + " lists " + key +
                              " operations per database (" + names +
                              ") but this project has one database (retort.yaml has url, not "
                              "databases)");
    }
    return;
  }
  if (node.IsSequence()) {
    if (node.size() == 0) return;
    throw RevisionFileError(
        rev.location(line) + ": revision " + rev.id + ": in a multidb project " + key +
        " is a map of database name -> operations (databases: " + names_of(config) + ")");
  }
  for (const auto& db : node) {
    const std::string name = db.first.Scalar();
    bool known = false;
    for (const auto& d : config.databases) known = known || d.name == name;
    if (!known)
      throw RevisionFileError(rev.location(db.first.Mark().line + 1) + ": revision " + rev.id +
                              " names database '" + name + "' in " + key +
                              ", which retort.yaml does not list (databases: " + names_of(config) +
                              ")");
  }
}

YAML::Node section(const YAML::Node& node, const std::string& name) {
  if (!node || !node.IsMap()) return YAML::Node();
  for (const auto& db : node)
    if (db.first.Scalar() == name) return db.second;
  return YAML::Node();
}

}  // namespace

void check_database_sections(const ScriptDirectory& scripts, const Config& config) {
  for (const Revision& rev : scripts.revision_map().revisions()) {
    if (!rev.body) continue;
    check_section(rev, rev.body->upgrade, rev.lines.upgrade, "upgrade", config);
    check_section(rev, rev.body->downgrade, rev.lines.downgrade, "downgrade", config);
  }
}

ScriptDirectory database_scripts(const ScriptDirectory& scripts, const std::string& name) {
  std::vector<Revision> revisions = scripts.revision_map().revisions();
  for (Revision& rev : revisions) {
    if (!rev.body) continue;
    // A new body: assigning to a copied YAML::Node would write through to the
    // node it shares with the original.
    rev.body = std::make_shared<RevisionBody>(RevisionBody{
        rev.body->text, section(rev.body->upgrade, name), section(rev.body->downgrade, name)});
  }
  return ScriptDirectory(scripts.version_locations(), RevisionMap(std::move(revisions)));
}

}  // namespace retort::migrations
