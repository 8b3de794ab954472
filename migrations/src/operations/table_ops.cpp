// create_table, drop_table, rename_table, create_table_comment, drop_table_comment.
#include "operations/op_support.hpp"

namespace retort::migrations::ops {

std::unique_ptr<Operation> parse_create_table(const OpReader& r) {
  r.expect_keys({"name", "columns"}, {"schema", "primary_key", "indexes", "foreign_keys",
                                      "unique_constraints", "check_constraints", "comment"});
  const std::string name = r.string("name");
  Table table = r.table(name, {"name"});
  return make_op(r, "create_table " + name, [table](OperationContext& ctx) {
    run_sql(ctx, compiler(ctx).create_table(table));
  });
}

std::unique_ptr<Operation> parse_drop_table(const OpReader& r) {
  r.expect_keys({"name"}, {"schema"});
  Table table(r.string("name"), r.optional_string("schema"));
  return make_op(r, "drop_table " + table.name,
                 [table](OperationContext& ctx) { run_sql(ctx, compiler(ctx).drop_table(table)); });
}

std::unique_ptr<Operation> parse_rename_table(const OpReader& r) {
  r.expect_keys({"name", "new_name"}, {"schema"});
  Table table(r.string("name"), r.optional_string("schema"));
  const std::string new_name = r.string("new_name");
  return make_op(r, "rename_table " + table.name + " -> " + new_name,
                 [table, new_name](OperationContext& ctx) {
                   run_sql(ctx, compiler(ctx).rename_table(table, new_name));
                 });
}

std::unique_ptr<Operation> parse_create_table_comment(const OpReader& r) {
  r.expect_keys({"table", "comment"}, {"schema", "existing_comment"});
  Table table(r.string("table"), r.optional_string("schema"));
  const std::string comment = r.string("comment");
  return make_op(r, "create_table_comment " + table.name, [table, comment](OperationContext& ctx) {
    run_sql(ctx, compiler(ctx).set_table_comment(table, comment));
  });
}

std::unique_ptr<Operation> parse_drop_table_comment(const OpReader& r) {
  r.expect_keys({"table"}, {"schema", "existing_comment"});
  Table table(r.string("table"), r.optional_string("schema"));
  return make_op(r, "drop_table_comment " + table.name, [table](OperationContext& ctx) {
    run_sql(ctx, compiler(ctx).set_table_comment(table, std::nullopt));
  });
}

}  // namespace retort::migrations::ops
