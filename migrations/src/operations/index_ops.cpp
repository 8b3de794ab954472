// create_index, drop_index (postgresql_concurrently: the dialect's concurrent
// form where it has one, outside the transaction).
#include "operations/op_support.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::ops {

namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// The compiler tells a column from an expression (lower(email)) by the
// table's columns: online the live table, offline the plain names listed.
Table index_table(OperationContext& ctx, const Table& table, const Index& index,
                  const std::string& where) {
  if (ctx.conn) return reflect_table(ctx, table.name, where);
  Table t(table.name, table.schema);
  for (const auto& c : index.columns)
    if (is_identifier(c)) t.columns.emplace_back(c, types::Integer());
  return t;
}

}  // namespace

std::unique_ptr<Operation> parse_create_index(const OpReader& r) {
  r.expect_keys({"name", "table", "columns"},
                {"schema", "unique", "where", "orders", "dialect_options", "postgresql_concurrently",
                 "postgresql_using"});
  Table table(r.string("table"), r.optional_string("schema"));
  Index index;
  index.name = r.string("name");
  index.columns = r.string_list("columns");
  index.unique = r.boolean("unique", false);
  index.where = r.optional_string("where");
  if (r.has("orders")) {
    const YAML::Node list = r.node("orders");
    if (!list.IsSequence()) r.fail(list.Mark(), "orders must be a list of ASC, DESC or \"\"");
    for (const auto& e : list) {
      const std::string o = e.IsScalar() ? e.Scalar() : "?";
      if (o != "" && o != "ASC" && o != "DESC")
        r.fail(e.Mark(), "orders entries are ASC, DESC or \"\", not '" + o + "'");
      index.orders.push_back(o);
    }
    if (index.orders.size() != index.columns.size())
      r.fail(r.node("orders").Mark(), "orders has " + std::to_string(index.orders.size()) +
                                          " entries for " + std::to_string(index.columns.size()) +
                                          " columns");
  }
  if (r.has("dialect_options")) {
    const YAML::Node opts = r.node("dialect_options");
    if (!opts.IsMap()) r.fail(opts.Mark(), "dialect_options must be a map");
    for (const auto& kv : opts) {
      if (!kv.second.IsScalar()) r.fail(kv.second.Mark(), "dialect_options values are strings");
      index.dialect_options[kv.first.Scalar()] = kv.second.Scalar();
    }
  }
  if (auto u = r.optional_string("postgresql_using"))
    index.dialect_options["postgresql_using"] = *u;
  const bool conc = r.boolean("postgresql_concurrently", false);
  const std::string where = r.where();
  auto op = make_op(
      r, "create_index " + index.name + " on " + table.name,
      [=](OperationContext& ctx) {
        const Table t = index_table(ctx, table, index, where);
        const DDLCompiler& c = compiler(ctx);
        run_sql(ctx, conc ? c.create_index_concurrently(t, index) : c.create_index(t, index));
      },
      conc);
  op->set_undo([table, index](OperationContext& ctx) {
    return std::vector<std::string>{compiler(ctx).drop_index(table, index)};
  });
  return op;
}

std::unique_ptr<Operation> parse_drop_index(const OpReader& r) {
  r.expect_keys({"name", "table"}, {"schema", "postgresql_concurrently"});
  Table table(r.string("table"), r.optional_string("schema"));
  Index index;
  index.name = r.string("name");
  const bool conc = r.boolean("postgresql_concurrently", false);
  const std::string where = r.where();
  auto op = make_op(
      r, "drop_index " + index.name + " on " + table.name,
      [=](OperationContext& ctx) {
        const DDLCompiler& c = compiler(ctx);
        run_sql(ctx,
                conc ? c.drop_index_concurrently(table, index) : c.drop_index(table, index));
      },
      conc);
  // The index as the live table has it (a unique index may be reflected as a
  // unique constraint).
  op->set_undo([table, index, where](OperationContext& ctx) {
    Table live = reflect_table(ctx, table.name, where);
    live.schema = table.schema;
    for (const auto& i : live.indexes)
      if (i.name == index.name) return std::vector<std::string>{compiler(ctx).create_index(live, i)};
    for (const auto& u : live.unique_constraints)
      if (u.name && *u.name == index.name)
        return std::vector<std::string>{compiler(ctx).add_unique_constraint(live, u)};
    throw OperationError(where + ": table '" + table.name + "' has no index '" + index.name + "'");
  });
  return op;
}

}  // namespace retort::migrations::ops
