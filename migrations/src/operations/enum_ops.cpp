// PostgreSQL enum types: create_enum, drop_enum, add_enum_value (ALTER TYPE
// ... ADD VALUE runs outside the transaction). Other dialects keep enums in
// the column, so these are errors there.
#include "operations/op_support.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::ops {

namespace {

std::string pg_literal(const std::string& s) { return render_literal(Value(s), "postgresql"); }

void require_postgresql(const OperationContext& ctx, const std::string& where,
                        const std::string& what) {
  if (dialect_name(ctx) != "postgresql")
    throw OperationError(where + ": " + what + " is PostgreSQL only (" +
                         std::string(dialect_name(ctx)) +
                         " declares enum values with the column: use alter_column)");
}

std::string type_name(const DDLCompiler& c, const std::optional<std::string>& schema,
                      const std::string& name) {
  return (schema ? c.quote(*schema) + "." : std::string()) + c.quote(name);
}

}  // namespace

std::unique_ptr<Operation> parse_create_enum(const OpReader& r) {
  r.expect_keys({"name", "values"}, {"schema"});
  const std::string name = r.string("name");
  const auto values = r.string_list("values");
  const auto schema = r.optional_string("schema");
  const std::string where = r.where(), what = "create_enum " + name;
  return make_op(r, what, [=](OperationContext& ctx) {
    require_postgresql(ctx, where, what);
    std::string sql = "CREATE TYPE " + type_name(compiler(ctx), schema, name) + " AS ENUM (";
    for (std::size_t i = 0; i < values.size(); ++i) sql += (i ? ", " : "") + pg_literal(values[i]);
    run_sql(ctx, sql + ")");
  });
}

std::unique_ptr<Operation> parse_drop_enum(const OpReader& r) {
  r.expect_keys({"name"}, {"schema"});
  const std::string name = r.string("name");
  const auto schema = r.optional_string("schema");
  const std::string where = r.where(), what = "drop_enum " + name;
  return make_op(r, what, [=](OperationContext& ctx) {
    require_postgresql(ctx, where, what);
    run_sql(ctx, "DROP TYPE " + type_name(compiler(ctx), schema, name));
  });
}

std::unique_ptr<Operation> parse_add_enum_value(const OpReader& r) {
  r.expect_keys({"name", "value"}, {"schema", "before", "after"});
  const std::string name = r.string("name");
  const std::string value = r.string("value");
  const auto before = r.optional_string("before");
  const auto after = r.optional_string("after");
  if (before && after) r.fail(r.node("after").Mark(), "give before or after, not both");
  const auto schema = r.optional_string("schema");
  const std::string where = r.where(), what = "add_enum_value " + name + " " + value;
  return make_op(
      r, what,
      [=](OperationContext& ctx) {
        require_postgresql(ctx, where, what);
        std::string sql = "ALTER TYPE " + type_name(compiler(ctx), schema, name) + " ADD VALUE " +
                          pg_literal(value);
        if (before) sql += " BEFORE " + pg_literal(*before);
        if (after) sql += " AFTER " + pg_literal(*after);
        run_sql(ctx, sql);
      },
      true);
}

}  // namespace retort::migrations::ops
