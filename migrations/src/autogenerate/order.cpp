// The steps in phase order: the upgrade runs them forwards, the downgrade
// runs each step's undo backwards. Each operation is written as YAML here.
#include <algorithm>

#include "autogenerate/plan.hpp"
#include "check/operation_lint.hpp"
#include "retort/engine/error.hpp"

namespace retort::migrations::autogen {

namespace {

// Short argument maps of scalars go on one line, as a person writes them.
Doc styled(const Doc& args) {
  Doc flow = args;
  flow.flow = true;
  for (const auto& [k, v] : args.entries)
    if (!v.is_scalar() && !v.flow) return args;
  return schema_yaml::emit_yaml(flow).size() <= 90 ? flow : args;
}

// What the lint reads of an operation: a new table only counts as new (its
// columns are never flagged), so its definition need not be read back.
Doc lint_args(const Op& op) {
  if (op.name != "create_table") return op.args;
  Doc out = Doc::map(true);
  for (const auto& [k, v] : op.args.entries)
    if (k == "name" || k == "schema") out.add(k, v);
  return out;
}

// The arguments as the lint reads them, built directly rather than written
// as YAML and parsed again.
YAML::Node to_node(const Doc& d) {
  switch (d.kind) {
    case Doc::Kind::Null:
      return YAML::Node(YAML::NodeType::Null);
    case Doc::Kind::List: {
      YAML::Node n(YAML::NodeType::Sequence);
      for (const auto& i : d.items) n.push_back(to_node(i));
      return n;
    }
    case Doc::Kind::Map: {
      YAML::Node n(YAML::NodeType::Map);
      for (const auto& [k, v] : d.entries) n[k] = to_node(v);
      return n;
    }
    default:
      return YAML::Node(d.text);
  }
}

PlannedOperation written(const Op& op) {
  Doc item = Doc::map(false);
  item.add(op.name, styled(op.args));
  Doc list = Doc::list(false);
  list.items.push_back(std::move(item));
  return {op.name, schema_yaml::emit_yaml(list), op.comments};
}

}  // namespace

void write_operations(Plan& plan) {
  std::stable_sort(plan.steps.begin(), plan.steps.end(),
                   [](const Step& a, const Step& b) { return a.phase < b.phase; });
  // What `retort check` will say about each upgrade operation is noted above
  // it, with how to acknowledge it; never acknowledged here: a person reviews.
  OperationLint lint(plan.reflected);
  for (auto& s : plan.steps)
    for (auto& op : s.up) {
      std::vector<OperationFinding> found;
      try {
        found = lint.lint(op.name, to_node(lint_args(op)));
      } catch (const Error&) {  // a type the lint cannot read: it says nothing either
      }
      for (const auto& f : found) op.comments.push_back(lint_hint(f));
      plan.diff.upgrade.push_back(written(op));
    }
  for (auto s = plan.steps.rbegin(); s != plan.steps.rend(); ++s)
    for (const auto& op : s->down) plan.diff.downgrade.push_back(written(op));
}

}  // namespace retort::migrations::autogen

namespace retort::migrations {

namespace {

// `indent` before each line of the list; `name:` itself one level (two
// spaces) less.
std::string section(const std::string& name, const std::vector<PlannedOperation>& ops,
                    const std::string& indent) {
  const std::string key = indent.substr(2) + name;
  if (ops.empty()) return key + ": []\n";
  std::string out = key + ":\n";
  for (const auto& op : ops) {
    for (const auto& c : op.comments) out += indent + "# " + c + "\n";
    std::size_t start = 0;
    while (start < op.yaml.size()) {
      auto end = op.yaml.find('\n', start);
      if (end == std::string::npos) end = op.yaml.size();
      out += indent + op.yaml.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  return out;
}

}  // namespace

std::string render_operations(const SchemaDiff& diff) {
  return section("upgrade", diff.upgrade, "  ") + section("downgrade", diff.downgrade, "  ");
}

std::string render_database_operations(
    const std::vector<std::pair<std::string, SchemaDiff>>& databases) {
  std::string up = "upgrade:\n", down = "downgrade:\n";
  if (databases.empty()) return "upgrade: []\ndowngrade: []\n";
  for (const auto& [name, diff] : databases) {
    up += section(name, diff.upgrade, "    ");
    down += section(name, diff.downgrade, "    ");
  }
  return up + down;
}

}  // namespace retort::migrations
