// OpReader, FnOperation and the statement runner shared by every operation.
#include <algorithm>

#include "detail/schema_yaml_table.hpp"
#include "operations/op_support.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::ops {

void OpReader::fail(const YAML::Mark& at, const std::string& problem) const {
  const int line = at.line >= 0 ? at.line + 1 : this->line();
  throw RevisionFileError(rev_.location(line) + ": " + op_ + ": " + problem);
}

void OpReader::expect_keys(const std::vector<std::string>& required,
                           const std::vector<std::string>& optional) const {
  if (!value_.IsMap()) fail(value_.Mark(), "expected a map of arguments");
  for (const auto& kv : value_) {
    const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    if (std::find(required.begin(), required.end(), k) != required.end()) continue;
    if (std::find(optional.begin(), optional.end(), k) != optional.end()) continue;
    std::string known;
    for (const auto* list : {&required, &optional})
      for (const auto& a : *list) known += (known.empty() ? "" : ", ") + a;
    fail(kv.first.Mark(), "unknown key '" + k + "' (expected " + known + ")");
  }
  for (const auto& k : required)
    if (!value_[k]) fail(value_.Mark(), "missing key '" + k + "'");
}

std::optional<std::string> OpReader::optional_string(const std::string& key) const {
  const YAML::Node n = value_[key];
  if (!n || n.IsNull()) return std::nullopt;
  if (!n.IsScalar()) fail(n.Mark(), key + " must be a string");
  return n.Scalar();
}

std::string OpReader::string(const std::string& key) const {
  auto s = optional_string(key);
  if (!s || s->empty())
    fail(value_[key] ? value_[key].Mark() : value_.Mark(), key + " must be a non-empty string");
  return *s;
}

std::optional<bool> OpReader::optional_boolean(const std::string& key) const {
  const YAML::Node n = value_[key];
  if (!n || n.IsNull()) return std::nullopt;
  bool b = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, b))
    fail(n.Mark(), key + " must be true or false");
  return b;
}

bool OpReader::boolean(const std::string& key, bool fallback) const {
  return optional_boolean(key).value_or(fallback);
}

std::vector<std::string> OpReader::string_list(const std::string& key) const {
  const YAML::Node n = value_[key];
  if (!n || !n.IsSequence() || n.size() == 0)
    fail(n ? n.Mark() : value_.Mark(), key + " must be a non-empty list of names");
  std::vector<std::string> out;
  for (const auto& e : n) {
    if (!e.IsScalar() || e.Scalar().empty()) fail(e.Mark(), key + " must list names");
    out.push_back(e.Scalar());
  }
  return out;
}

Type OpReader::type(const std::string& key) const {
  const std::string spelling = string(key);
  try {
    return Type::parse(spelling);
  } catch (const ArgumentError& e) {
    fail(value_[key].Mark(), e.what());
  }
}

namespace {
// Schema YAML errors already say "file:line:column: problem".
[[noreturn]] void rethrow_schema(const SchemaError& e) { throw RevisionFileError(e.what()); }
}  // namespace

Column OpReader::column(const YAML::Node& node, const std::string& table) const {
  try {
    return schema_yaml::load_column_node(node, table, rev_.body->text, rev_.path.string());
  } catch (const SchemaError& e) {
    rethrow_schema(e);
  }
}

Table OpReader::table(const std::string& name, const std::vector<std::string>& own_keys) const {
  try {
    return schema_yaml::load_table_node(name, key_, value_, own_keys, rev_.body->text,
                                        rev_.path.string());
  } catch (const SchemaError& e) {
    rethrow_schema(e);
  }
}

std::unique_ptr<FnOperation> make_op(const OpReader& r, std::string description,
                                     FnOperation::Run run, bool autocommit) {
  auto op =
      std::make_unique<FnOperation>(r.op(), std::move(description), std::move(run), autocommit);
  op->line = r.line();
  return op;
}

void run_sql(OperationContext& ctx, const std::string& sql) {
  if (sql.empty()) return;
  if (ctx.conn)
    ctx.conn->exec_driver_sql(sql);
  else if (ctx.emit)
    ctx.emit(sql);
}

void run_sql(OperationContext& ctx, const std::vector<std::string>& sql) {
  for (const auto& s : sql) run_sql(ctx, s);
}

const Dialect& dialect_of(const OperationContext& ctx) {
  return ctx.dialect ? *ctx.dialect : ctx.conn->dialect();
}

const DialectCapabilities& capabilities(const OperationContext& ctx) {
  return dialect_of(ctx).capabilities();
}

const DDLCompiler& compiler(const OperationContext& ctx) { return ddl_compiler(dialect_of(ctx)); }

Table reflect_table(OperationContext& ctx, const std::string& table, const std::string& where) {
  auto t = Inspector(*ctx.conn).table(table);
  if (!t) throw OperationError(where + ": table '" + table + "' does not exist");
  return std::move(*t);
}

// ---- parse_operations -------------------------------------------------------

}  // namespace retort::migrations::ops

namespace retort::migrations {

std::optional<std::vector<std::string>> Operation::undo_sql(OperationContext&) const {
  return std::nullopt;
}

OperationList parse_operations(const Revision& revision, Direction direction) {
  OperationList out;
  if (!revision.body) return out;
  const YAML::Node list =
      direction == Direction::Upgrade ? revision.body->upgrade : revision.body->downgrade;
  if (!list || list.IsNull()) return out;
  const std::string section = direction == Direction::Upgrade ? "upgrade" : "downgrade";
  if (!list.IsSequence())
    throw RevisionFileError(revision.location(list.Mark().line + 1) + ": " + section +
                            " must be a list of operations");
  const auto& parsers = ops::operation_parsers();
  for (const auto& item : list) {
    const int line = item.Mark().line + 1;
    // An operation may carry `allow: [ids]` beside its key (docs/check.md).
    bool has_allow = false;
    if (item.IsMap() && item.size() == 2)
      for (auto e = item.begin(); e != item.end(); ++e)
        if (e->first.IsScalar() && e->first.Scalar() == "allow") {
          has_allow = true;
          lint_id_list(revision.path, e->second);
        }
    if (!item.IsMap() || item.size() != (has_allow ? 2u : 1u))
      throw RevisionFileError(revision.location(line) +
                              ": each operation is a one-key map, e.g. - drop_table: {name: t}");
    auto it_op = item.begin();
    if (has_allow && it_op->first.IsScalar() && it_op->first.Scalar() == "allow") ++it_op;
    const auto kv = *it_op;
    const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    auto it = parsers.find(name);
    if (it == parsers.end())
      throw RevisionFileError(revision.location(kv.first.Mark().line + 1) +
                              ": unknown operation '" + name + "'");
    out.push_back(it->second(ops::OpReader(revision, name, kv.first, kv.second)));
  }
  return out;
}

}  // namespace retort::migrations
