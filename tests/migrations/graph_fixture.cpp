// Loading the revision-graph fixtures and running their cases against Retort, rendering the
// answers exactly as tests/migrations/alembic_oracle.py renders Alembic's.
#include "migrations/graph_fixture.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "retort/migrations/errors.hpp"
#include "retort/migrations/stamp.hpp"
#include "retort/migrations/walk.hpp"

#ifndef RETORT_TEST_DATA_DIR
#error "RETORT_TEST_DATA_DIR must name the tests/ source directory"
#endif

namespace retort::migrations::testing {

namespace fs = std::filesystem;

namespace {

const char* const kCommands[] = {"heads",        "effective_heads", "bases",    "effective_bases",
                                 "current_head", "resolve",         "revision", "upgrade",
                                 "downgrade",    "history",         "stamp"};

std::vector<std::string> id_list(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node || node.IsNull()) return out;
  if (node.IsScalar()) return {node.Scalar()};
  for (const auto& item : node) out.push_back(item.Scalar());
  return out;
}

std::optional<ErrorExpectation> error_of(const YAML::Node& node) {
  if (!node) return std::nullopt;
  ErrorExpectation e;
  if (node.IsScalar()) {
    e.type = node.Scalar();
    return e;
  }
  e.type = node["type"].as<std::string>();
  if (node["message"]) e.contains.push_back(node["message"].as<std::string>());
  for (const auto& s : node["contains"]) e.contains.push_back(s.as<std::string>());
  return e;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string render(const PlannedStep& p) {
  const std::string& rev = p.step.revision->id;
  std::vector<std::string> removed = p.change.removed();
  std::vector<std::string> added = p.change.added();
  std::sort(removed.begin(), removed.end());
  std::sort(added.begin(), added.end());
  const std::string kind = to_string(p.change.kind);
  switch (p.change.kind) {
    case VersionChange::Kind::insert:
      return rev + ": insert " + joined(added);
    case VersionChange::Kind::remove:
      return rev + ": delete " + joined(removed);
    default:
      return rev + ": " + kind + " " + joined(removed) + " -> " + joined(added);
  }
}

// A stamp step as alembic_oracle.py renders Alembic's StampStep.
std::string render(const StampStep& s) {
  std::vector<std::string> removed = s.change.removed();
  std::vector<std::string> added = s.change.added();
  std::sort(removed.begin(), removed.end());
  std::sort(added.begin(), added.end());
  const std::string rev = s.to.value_or("base");
  switch (s.change.kind) {
    case VersionChange::Kind::insert:
      return rev + ": insert " + joined(added);
    case VersionChange::Kind::remove:
      return rev + ": delete " + joined(removed);
    default:
      return rev + ": " + to_string(s.change.kind) + " " + joined(removed) + " -> " + joined(added);
  }
}

}  // namespace

std::vector<fs::path> fixture_files() {
  // RETORT_GRAPH_FIXTURES points the tests at another folder (fuzz_graphs.py uses that).
  const char* other = std::getenv("RETORT_GRAPH_FIXTURES");
  const fs::path dir = other != nullptr && *other != '\0'
                           ? fs::path(other)
                           : fs::path(RETORT_TEST_DATA_DIR) / "migrations" / "data" / "graphs";
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() == ".yaml" && name.front() != '.') out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Fixture load_fixture(const fs::path& path) {
  Fixture f;
  f.path = path;
  f.name = path.stem().string();
  const YAML::Node root = YAML::LoadFile(path.string());
  for (const auto& entry : root["revisions"]) {
    Revision r;
    r.id = entry["revision"].as<std::string>();
    r.down_revisions = id_list(entry["down_revision"]);
    r.branch_labels = id_list(entry["branch_labels"]);
    r.depends_on = id_list(entry["depends_on"]);
    r.path = path;
    const int line = entry.Mark().line + 1;
    r.lines = {line, line, line, line, 0, 0};
    f.revisions.push_back(std::move(r));
  }
  f.error = error_of(root["error"]);
  if (root["retort_only"]) f.retort_only = root["retort_only"].as<std::string>();
  for (const auto& node : root["cases"]) {
    FixtureCase c;
    c.line = node.Mark().line + 1;
    for (const char* command : kCommands) {
      if (node[command]) {
        c.command = command;
        c.has_argument = !node[command].IsNull();
        c.arguments = id_list(node[command]);
        if (c.has_argument && node[command].IsScalar())
          c.argument = node[command].as<std::string>();
        if (node[command].IsSequence()) c.argument = joined(c.arguments);
      }
    }
    if (c.command.empty()) {
      throw std::runtime_error(path.string() + ":" + std::to_string(c.line) +
                               ": case without a command");
    }
    c.current = id_list(node["current"]);
    if (node["expect"]) c.expect = id_list(node["expect"]);
    c.error = error_of(node["error"]);
    if (node["retort_only"]) c.retort_only = node["retort_only"].as<std::string>();
    if (!c.expect && !c.error) {
      throw std::runtime_error(path.string() + ":" + std::to_string(c.line) +
                               ": case without expect or error");
    }
    f.cases.push_back(std::move(c));
  }
  return f;
}

std::string error_type(const std::exception& e) {
  if (dynamic_cast<const DependencyCycleDetected*>(&e)) return "DependencyCycleDetected";
  if (dynamic_cast<const CycleDetected*>(&e)) return "CycleDetected";
  if (dynamic_cast<const MultipleHeads*>(&e)) return "MultipleHeads";
  if (dynamic_cast<const RangeNotAncestor*>(&e)) return "RangeNotAncestor";
  if (dynamic_cast<const AmbiguousRevision*>(&e)) return "AmbiguousRevision";
  if (dynamic_cast<const RevisionNotFound*>(&e)) return "RevisionNotFound";
  if (dynamic_cast<const ResolutionError*>(&e)) return "ResolutionError";
  if (dynamic_cast<const DuplicateRevision*>(&e)) return "DuplicateRevision";
  if (dynamic_cast<const DuplicateBranchLabel*>(&e)) return "DuplicateBranchLabel";
  if (dynamic_cast<const RevisionFileError*>(&e)) return "RevisionFileError";
  if (dynamic_cast<const RevisionError*>(&e)) return "RevisionError";
  if (dynamic_cast<const ArgumentError*>(&e)) return "ArgumentError";
  if (dynamic_cast<const Error*>(&e)) return "Error";
  return "std::exception";
}

Outcome build_outcome(const Fixture& fixture, std::optional<RevisionMap>& map) {
  Outcome o;
  try {
    map.emplace(fixture.revisions);
  } catch (const std::exception& e) {
    o.error_type = error_type(e);
    o.message = e.what();
  }
  return o;
}

Outcome run_case(const RevisionMap& map, const FixtureCase& c) {
  Outcome o;
  auto ids = [](const std::vector<const Revision*>& revs) {
    std::vector<std::string> out;
    for (const Revision* r : revs) out.push_back(r ? r->id : "base");
    return out;
  };
  try {
    const std::string& arg = c.argument;
    if (c.command == "heads") {
      o.values = map.heads();
    } else if (c.command == "effective_heads") {
      o.values = map.effective_heads();
    } else if (c.command == "bases") {
      o.values = map.bases();
    } else if (c.command == "effective_bases") {
      o.values = map.effective_bases();
    } else if (c.command == "current_head") {
      if (auto h = map.current_head(c.has_argument ? arg : "")) o.values = {*h};
    } else if (c.command == "resolve") {
      o.values = ids(map.get_revisions(arg));
    } else if (c.command == "revision") {
      const Revision* r = map.get_revision(arg);
      o.values = {r ? r->id : "base"};
    } else if (c.command == "upgrade" || c.command == "downgrade") {
      const auto plan = c.command == "upgrade" ? plan_upgrade(map, c.current, arg)
                                               : plan_downgrade(map, c.current, arg);
      for (const auto& p : plan) o.values.push_back(render(p));
    } else if (c.command == "history") {
      o.values = ids(history(map, arg, c.current));
    } else if (c.command == "stamp") {
      const auto steps = plan_stamp(map, c.current, c.arguments);
      for (const auto& s : steps) o.values.push_back(render(s));
      o.values.push_back("heads: " + joined(heads_after(c.current, steps)));
    }
  } catch (const std::exception& e) {
    o.values.clear();
    o.error_type = error_type(e);
    o.message = e.what();
  }
  return o;
}

std::string describe(const Outcome& o) {
  if (!o.error_type.empty()) return o.error_type + ": " + o.message;
  return "[" + joined(o.values) + "]";
}

std::string mismatch(const Outcome& o, const std::optional<std::vector<std::string>>& expect,
                     const std::optional<ErrorExpectation>& error) {
  if (error) {
    if (o.error_type != error->type) {
      return "expected " + error->type + ", got " + describe(o);
    }
    for (const auto& s : error->contains) {
      if (o.message.find(s) == std::string::npos) {
        return "error message lacks '" + s + "': " + o.message;
      }
    }
    if (o.message.find('\n') != std::string::npos) return "error message spans lines: " + o.message;
    return {};
  }
  if (!o.error_type.empty()) return "unexpected " + describe(o);
  if (expect && o.values != *expect) {
    return "expected [" + joined(*expect) + "], got " + describe(o);
  }
  return {};
}

}  // namespace retort::migrations::testing
