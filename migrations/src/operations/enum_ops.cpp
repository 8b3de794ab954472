// Named enum types: create_enum, drop_enum, add_enum_value (ALTER TYPE ...
// ADD VALUE runs outside the transaction), rename_enum (ALTER TYPE ... RENAME
// TO; the columns that use the type follow it), as the dialect's DDL compiler
// renders them. Dialects that keep enum values with the column render
// nothing, and these are errors there.
#include "operations/op_support.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::ops {

namespace {

// The dialect's statement; an error where it keeps enum values with the column.
std::string require_enum_types(const OperationContext& ctx, std::string sql,
                               const std::string& where, const std::string& what) {
  if (sql.empty())
    throw OperationError(where + ": " + what + " is PostgreSQL only (" +
                         std::string(dialect_of(ctx).name()) +
                         " declares enum values with the column: use alter_column)");
  return sql;
}

}  // namespace

std::unique_ptr<Operation> parse_create_enum(const OpReader& r) {
  r.expect_keys({"name", "values"}, {"schema"});
  const std::string name = r.string("name");
  const auto values = r.string_list("values");
  const auto schema = r.optional_string("schema");
  const std::string where = r.where(), what = "create_enum " + name;
  return make_op(r, what, [=](OperationContext& ctx) {
    run_sql(ctx, require_enum_types(ctx, compiler(ctx).create_enum_type(schema, name, values),
                                    where, what));
  });
}

std::unique_ptr<Operation> parse_drop_enum(const OpReader& r) {
  r.expect_keys({"name"}, {"schema"});
  const std::string name = r.string("name");
  const auto schema = r.optional_string("schema");
  const std::string where = r.where(), what = "drop_enum " + name;
  return make_op(r, what, [=](OperationContext& ctx) {
    run_sql(ctx, require_enum_types(ctx, compiler(ctx).drop_enum_type(schema, name), where, what));
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
        run_sql(ctx, require_enum_types(
                         ctx, compiler(ctx).add_enum_value(schema, name, value, before, after),
                         where, what));
      },
      true);
}

std::unique_ptr<Operation> parse_rename_enum(const OpReader& r) {
  r.expect_keys({"name", "new_name"}, {"schema"});
  const std::string name = r.string("name");
  const std::string new_name = r.string("new_name");
  const auto schema = r.optional_string("schema");
  const std::string where = r.where(), what = "rename_enum " + name + " -> " + new_name;
  auto op = make_op(r, what, [=](OperationContext& ctx) {
    run_sql(ctx, require_enum_types(ctx, compiler(ctx).rename_enum_type(schema, name, new_name),
                                    where, what));
  });
  op->set_undo([=](OperationContext& ctx) {
    return std::vector<std::string>{require_enum_types(
        ctx, compiler(ctx).rename_enum_type(schema, new_name, name), where, what)};
  });
  return op;
}

}  // namespace retort::migrations::ops
