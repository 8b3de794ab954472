// execute (SQL, or dialect -> SQL) and bulk_insert (rows bound online,
// literals offline).
#include "operations/op_support.hpp"
#include "retort/engine/engine.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::ops {

namespace {

// {{x.key}} (spaces allowed inside the braces) -> the -x value as a literal.
std::string substitute_x(const std::string& sql, const OperationContext& ctx,
                         const std::string& where) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    auto open = sql.find("{{", pos);
    if (open == std::string::npos) break;
    auto close = sql.find("}}", open + 2);
    if (close == std::string::npos) break;
    std::string inner = sql.substr(open + 2, close - open - 2);
    inner.erase(0, inner.find_first_not_of(' '));
    inner.erase(inner.find_last_not_of(' ') + 1);
    if (inner.rfind("x.", 0) != 0) {
      out += sql.substr(pos, close + 2 - pos);
      pos = close + 2;
      continue;
    }
    const std::string key = inner.substr(2);
    const auto* args = ctx.x_arguments;
    if (!args || !args->count(key))
      throw OperationError(where + ": execute uses {{x." + key + "}}, but no -x " + key +
                           "=... was given");
    out += sql.substr(pos, open - pos) + render_literal(ctx, Value(args->at(key)), where);
    pos = close + 2;
  }
  return out + sql.substr(pos);
}

}  // namespace

std::unique_ptr<Operation> parse_execute(const OpReader& r) {
  std::map<std::string, std::string> by_dialect;  // "" : every dialect
  const YAML::Node& v = r.value();
  if (v.IsScalar() && !v.Scalar().empty()) {
    by_dialect[""] = v.Scalar();
  } else if (v.IsMap()) {
    r.expect_keys({}, {"sqlite", "postgresql", "mysql"});
    for (const auto& kv : v) {
      if (!kv.second.IsScalar() || kv.second.Scalar().empty())
        r.fail(kv.second.Mark(), kv.first.Scalar() + " must be SQL text");
      by_dialect[kv.first.Scalar()] = kv.second.Scalar();
    }
  } else {
    r.fail(v.Mark(),
           "execute takes SQL text, or a map of dialect (sqlite, postgresql, mysql) to SQL");
  }
  std::string first = by_dialect.begin()->second;
  if (auto nl = first.find('\n'); nl != std::string::npos) first = first.substr(0, nl) + " ...";
  const std::string where = r.where();
  return make_op(r, "execute " + first, [by_dialect, where](OperationContext& ctx) {
    const std::string dialect(dialect_of(ctx).name());
    auto it = by_dialect.find("");
    if (it == by_dialect.end()) it = by_dialect.find(dialect);
    if (it == by_dialect.end()) throw OperationError(where + ": execute has no SQL for " + dialect);
    run_sql(ctx, substitute_x(it->second, ctx, where));
  });
}

std::unique_ptr<Operation> parse_bulk_insert(const OpReader& r) {
  r.expect_keys({"table", "rows"}, {"schema"});
  const std::string table = r.string("table");
  const auto schema = r.optional_string("schema");
  const YAML::Node rows_node = r.node("rows");
  if (!rows_node.IsSequence())
    r.fail(rows_node.Mark(), "rows must be a list of maps, e.g. - {id: 1, name: a}");
  std::vector<Params> rows;
  for (const auto& row : rows_node) {
    if (!row.IsMap() || row.size() == 0) r.fail(row.Mark(), "each row is a map of column to value");
    Params p;
    for (const auto& kv : row) {
      if (!kv.first.IsScalar()) r.fail(kv.first.Mark(), "column names must be plain words");
      p.emplace_back(kv.first.Scalar(), yaml_value(r, kv.second));
    }
    rows.push_back(std::move(p));
  }
  const std::string where = r.where();
  auto op = make_op(r, "bulk_insert " + table + " (" + std::to_string(rows.size()) + " rows)",
                 [=](OperationContext& ctx) {
                   const DDLCompiler& c = compiler(ctx);
                   const std::string target =
                       (schema ? c.quote(*schema) + "." : std::string()) + c.quote(table);
                   for (const auto& row : rows) {
                     std::string cols, vals;
                     Params bound;
                     for (std::size_t i = 0; i < row.size(); ++i) {
                       cols += (i ? ", " : "") + c.quote(row[i].first);
                       if (ctx.conn) {
                         vals += (i ? ", :p" : ":p") + std::to_string(i);
                         bound.emplace_back("p" + std::to_string(i), row[i].second);
                       } else {
                         vals += (i ? ", " : "") + render_literal(ctx, row[i].second, where);
                       }
                     }
                     const std::string sql =
                         "INSERT INTO " + target + " (" + cols + ") VALUES (" + vals + ")";
                     if (ctx.conn)
                       ctx.conn->execute(sql, bound);
                     else
                       run_sql(ctx, sql);
                   }
                 });
  // Deleting the rows again: rows equal to one inserted, in every column it
  // named. Recorded as text, so the values are rendered as literals (as --sql).
  op->set_undo([=](OperationContext& ctx) {
    const DDLCompiler& c = compiler(ctx);
    const std::string target = (schema ? c.quote(*schema) + "." : std::string()) + c.quote(table);
    std::vector<std::string> out;
    for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
      std::string cond;
      for (const auto& [col, value] : *row)
        cond += (cond.empty() ? "" : " AND ") + c.quote(col) +
                (value.is_null() ? " IS NULL" : " = " + render_literal(ctx, value, where));
      out.push_back("DELETE FROM " + target + " WHERE " + cond);
    }
    return out;
  });
  return op;
}

}  // namespace retort::migrations::ops
