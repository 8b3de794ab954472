// Internal: the lint of one upgrade operation at a time, tracking the schema
// as the operations change it. lint_revisions runs it over pending
// revisions; autogenerate runs it over the operations it writes, to note
// in the file the findings `retort check` will report.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "retort/engine/schema.hpp"

namespace retort::migrations {

struct OperationFinding {
  std::string id;       // "DS102"
  std::string message;  // "drop_column account.old: the column's data is lost"
};

class OperationLint {
 public:
  // `live`: the schema the operations start from; it must outlive the lint.
  // A table's column types are read from it when an operation first names
  // the table.
  explicit OperationLint(const MetaData& live);
  // The findings of operation `op` with arguments `args`. Error from
  // Type::parse when its `type` does not parse.
  std::vector<OperationFinding> lint(const std::string& op, const YAML::Node& args);

 private:
  // Reads the live columns of table `key` into types_ the first time.
  void load(const std::string& key);

  std::map<std::string, const Table*> live_;  // "schema.table" or "table"
  std::set<std::string> loaded_;              // tables whose live columns were read
  std::set<std::string> new_tables_;  // created by an operation seen before
  std::map<std::string, std::map<std::string, std::string>> types_;  // table -> column -> type
};

// The comment autogenerate writes above an operation with a finding: what it
// is and how a revision acknowledges it.
std::string lint_hint(const OperationFinding& f);

}  // namespace retort::migrations
