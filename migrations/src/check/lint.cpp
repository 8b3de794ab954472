// The lint of pending revisions (docs/check.md): each upgrade operation that
// loses data, narrows a type, fails on a table with rows, or breaks code
// still running against the old schema is a finding with a stable id.
#include <algorithm>
#include <set>

#include "check/operation_lint.hpp"
#include "detail/revision_body.hpp"
#include "retort/engine/types.hpp"
#include "retort/migrations/check.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations {

const std::vector<LintRule>& lint_rules() {
  static const std::vector<LintRule> rules = {
      {"DS101", "drop table", true},
      {"DS102", "drop column", true},
      {"DS103", "drop constraint", true},
      {"NT101", "narrowing type change", true},
      {"MF101", "add NOT NULL column without server default", false},
      {"MF102", "set NOT NULL on an existing column", false},
      {"BC101", "rename table", false},
      {"BC102", "rename column", false},
  };
  return rules;
}

bool is_lint_id(std::string_view id) {
  const auto& r = lint_rules();
  return std::any_of(r.begin(), r.end(), [&](const LintRule& x) { return x.id == id; });
}

namespace {

const LintRule& rule(std::string_view id) {
  for (const auto& r : lint_rules())
    if (r.id == id) return r;
  throw std::logic_error("unknown lint id");
}

std::string str(const YAML::Node& n, const char* key) {
  const YAML::Node v = n[key];
  return v && v.IsScalar() ? v.Scalar() : std::string();
}

std::string qualified(const YAML::Node& args, const char* table_key) {
  std::string schema = str(args, "schema");
  std::string t = str(args, table_key);
  return schema.empty() ? t : schema + "." + t;
}

// The integer kinds by width.
int int_rank(TypeKind k) {
  switch (k) {
    case TypeKind::SmallInteger: return 1;
    case TypeKind::Integer: return 2;
    case TypeKind::BigInteger: return 3;
    default: return 0;
  }
}

// Why `to` holds less than `from`, or "" when it does not (or cannot tell).
std::string narrowing(const Type& from_in, const Type& to_in) {
  const Type& from = from_in.storage();
  const Type& to = to_in.storage();
  const std::string change = from.str() + " -> " + to.str();
  const bool from_text = from.kind == TypeKind::Text || from.kind == TypeKind::String;
  if (to.kind == TypeKind::String && from_text) {
    if (to.length && (!from.length || *to.length < *from.length))
      return change + ": longer strings no longer fit";
    return "";
  }
  if (int_rank(from.kind) && int_rank(to.kind)) {
    return int_rank(to.kind) < int_rank(from.kind) ? change + ": larger integers no longer fit"
                                                   : "";
  }
  if ((from.kind == TypeKind::Numeric || from.kind == TypeKind::Float) && int_rank(to.kind))
    return change + ": fractions are lost";
  if (from.kind == TypeKind::Numeric && to.kind == TypeKind::Numeric) {
    if (to.precision && from.precision &&
        (*to.precision < *from.precision || to.scale.value_or(0) < from.scale.value_or(0)))
      return change + ": precision is lost";
    return "";
  }
  if (from.kind == TypeKind::Float && to.kind == TypeKind::Float) {
    if (to.precision && (!from.precision || *to.precision < *from.precision))
      return change + ": precision is lost";
    return "";
  }
  if (from.kind == TypeKind::Enum && to.kind == TypeKind::Enum) {
    for (const auto& v : from.enum_values)
      if (std::find(to.enum_values.begin(), to.enum_values.end(), v) == to.enum_values.end())
        return change + ": value '" + v + "' is removed";
    return "";
  }
  if (from.kind == TypeKind::LargeBinary && to.kind == TypeKind::LargeBinary) {
    if (to.length && (!from.length || *to.length < *from.length))
      return change + ": longer values no longer fit";
    return "";
  }
  return "";
}

}  // namespace

OperationLint::OperationLint(const MetaData& live) {
  for (const auto& table : live.tables())
    live_.emplace(table->schema ? *table->schema + "." + table->name : table->name, table.get());
}

void OperationLint::load(const std::string& key) {
  if (!loaded_.insert(key).second) return;
  auto it = live_.find(key);
  if (it == live_.end()) return;
  auto& cols = types_[key];
  for (const auto& c : it->second->columns) cols.emplace(c.name, c.type.str());
}

std::vector<OperationFinding> OperationLint::lint(const std::string& op, const YAML::Node& args) {
  std::vector<OperationFinding> out;
  if (!args.IsMap()) return out;
  // Every table the operation can name, read from the live schema before
  // the operation changes what is known of it.
  load(qualified(args, "name"));
  load(qualified(args, "table"));
  if (op == "rename_table") {
    const std::string schema = str(args, "schema");
    load((schema.empty() ? "" : schema + ".") + str(args, "new_name"));
  }
  auto add = [&](const char* id, std::string message) { out.push_back({id, std::move(message)}); };
  if (op == "create_table") {
    const std::string table = qualified(args, "name");
    new_tables_.insert(table);
    auto& cols = types_[table];
    if (args["columns"] && args["columns"].IsSequence())
      for (const auto& c : args["columns"])
        if (c.IsMap()) cols[str(c, "name")] = str(c, "type");
  } else if (op == "drop_table") {
    const std::string table = qualified(args, "name");
    add("DS101", "drop_table " + table + ": the table and its rows are lost");
    types_.erase(table);
    new_tables_.erase(table);
  } else if (op == "drop_column") {
    const std::string table = qualified(args, "table");
    const std::string col = str(args, "name");
    add("DS102", "drop_column " + table + "." + col + ": the column's data is lost");
    types_[table].erase(col);
  } else if (op == "drop_constraint") {
    add("DS103", "drop_constraint " + str(args, "name") + " on " + qualified(args, "table") +
                     ": the rule it enforced is gone");
  } else if (op == "rename_table") {
    const std::string table = qualified(args, "name");
    const std::string schema = str(args, "schema");
    const std::string to = (schema.empty() ? "" : schema + ".") + str(args, "new_name");
    add("BC101", "rename_table " + table + " -> " + to + ": code still using the old name fails");
    auto node = types_.extract(table);
    if (!node.empty()) {
      node.key() = to;
      types_.insert(std::move(node));
    }
    if (new_tables_.erase(table)) new_tables_.insert(to);
  } else if (op == "add_column") {
    const std::string table = qualified(args, "table");
    const YAML::Node c = args["column"];
    if (!c || !c.IsMap()) return out;
    const std::string col = str(c, "name");
    types_[table][col] = str(c, "type");
    const bool not_null =
        c["nullable"] && c["nullable"].IsScalar() && c["nullable"].Scalar() == "false";
    const bool has_default = c["server_default"] && !c["server_default"].IsNull();
    const bool pk =
        c["primary_key"] && c["primary_key"].IsScalar() && c["primary_key"].Scalar() == "true";
    if ((not_null || pk) && !has_default && !new_tables_.count(table))
      add("MF101", "add_column " + table + "." + col +
                       ": NOT NULL without a server_default fails on a table with rows");
  } else if (op == "alter_column") {
    const std::string table = qualified(args, "table");
    const std::string col = str(args, "name");
    const bool is_new = new_tables_.count(table) > 0;
    if (args["new_name"] && args["new_name"].IsScalar()) {
      const std::string to = args["new_name"].Scalar();
      if (!is_new)
        add("BC102", "alter_column " + table + "." + col + " new_name " + to +
                         ": code still using the old name fails");
      auto& cols = types_[table];
      auto node = cols.extract(col);
      if (!node.empty()) {
        node.key() = to;
        cols.insert(std::move(node));
      }
    }
    if (args["type"] && args["type"].IsScalar()) {
      const Type to = Type::parse(args["type"].Scalar());
      std::string before;
      if (args["existing_type"] && args["existing_type"].IsScalar())
        before = args["existing_type"].Scalar();
      else if (auto it = types_[table].find(col); it != types_[table].end())
        before = it->second;
      if (!before.empty() && !is_new) {
        std::string why;
        try {
          why = narrowing(Type::parse(before), to);
        } catch (const Error&) {
        }
        if (!why.empty()) add("NT101", "alter_column " + table + "." + col + " " + why);
      }
      types_[table][col] = args["type"].Scalar();
    }
    if (args["nullable"] && args["nullable"].IsScalar() && args["nullable"].Scalar() == "false" &&
        !is_new)
      add("MF102", "alter_column " + table + "." + col +
                       " nullable: false: fails if a row holds NULL");
  }
  return out;
}

std::string lint_hint(const OperationFinding& f) {
  const LintRule& r = rule(f.id);
  // The message without the operation it names: the comment sits above it.
  const auto cut = f.message.rfind(": ");
  const std::string why = cut == std::string::npos ? f.message : f.message.substr(cut + 2);
  return "lint " + f.id + " (" + r.title + "): " + why + "; retort check --strict fails "
         "until this is reviewed and `allow: [" + f.id + "]` is added under this operation" +
         (r.destructive ? " (or `destructive: true` to the revision)" : "");
}

std::vector<LintFinding> lint_revisions(const std::vector<const Revision*>& pending,
                                        const MetaData& live) {
  OperationLint lint(live);
  std::vector<LintFinding> out;
  for (const Revision* rev : pending) {
    if (!rev->body || !rev->body->upgrade || !rev->body->upgrade.IsSequence()) continue;
    for (const YAML::Node& item : rev->body->upgrade) {
      if (!item.IsMap()) continue;
      std::vector<std::string> op_allow;
      std::string op;
      YAML::Node args;
      for (const auto& e : item) {
        if (!e.first.IsScalar()) continue;
        if (e.first.Scalar() == "allow") {
          op_allow = lint_id_list(rev->path, e.second);
        } else {
          op = e.first.Scalar();
          args = e.second;
        }
      }
      if (!args.IsMap()) continue;
      std::vector<OperationFinding> found;
      try {
        found = lint.lint(op, args);
      } catch (const Error& e) {
        const YAML::Node at = args["type"] ? args["type"] : item;
        throw RevisionFileError(rev->location(at.Mark().line + 1) + ": " + e.what());
      }
      const std::string location = rev->location(item.Mark().line + 1);
      for (auto& f : found) {
        LintFinding l;
        l.id = f.id;
        l.title = rule(f.id).title;
        l.revision = rev->id;
        l.location = location;
        l.message = std::move(f.message);
        l.acknowledged = (rev->destructive && rule(l.id).destructive) ||
                         std::count(rev->allow.begin(), rev->allow.end(), l.id) > 0 ||
                         std::count(op_allow.begin(), op_allow.end(), l.id) > 0;
        out.push_back(std::move(l));
      }
    }
  }
  return out;
}

}  // namespace retort::migrations
