// create_table, drop_table, rename_table, create_table_comment, drop_table_comment.
#include "operations/op_support.hpp"

namespace retort::migrations::ops {

namespace {
// The live table with the schema the revision named.
Table live_table(OperationContext& ctx, const Table& table, const std::string& where) {
  Table live = reflect_table(ctx, table.name, where);
  live.schema = table.schema;
  return live;
}
}  // namespace

std::unique_ptr<Operation> parse_create_table(const OpReader& r) {
  r.expect_keys({"name", "columns"}, {"schema", "primary_key", "indexes", "foreign_keys",
                                      "unique_constraints", "check_constraints", "comment"});
  const std::string name = r.string("name");
  Table table = r.table(name, {"name"});
  auto op = make_op(r, "create_table " + name, [table](OperationContext& ctx) {
    run_sql(ctx, compiler(ctx).create_table(table));
  });
  op->set_undo([table](OperationContext& ctx) { return compiler(ctx).drop_table(table); });
  return op;
}

std::unique_ptr<Operation> parse_drop_table(const OpReader& r) {
  r.expect_keys({"name"}, {"schema"});
  Table table(r.string("name"), r.optional_string("schema"));
  const std::string where = r.where();
  auto op = make_op(r, "drop_table " + table.name, [table](OperationContext& ctx) {
    run_sql(ctx, compiler(ctx).drop_table(table));
  });
  // The table comes back with its definition; its rows cannot.
  op->set_undo([table, where](OperationContext& ctx) {
    return compiler(ctx).create_table(live_table(ctx, table, where));
  });
  return op;
}

std::unique_ptr<Operation> parse_rename_table(const OpReader& r) {
  r.expect_keys({"name", "new_name"}, {"schema"});
  Table table(r.string("name"), r.optional_string("schema"));
  const std::string new_name = r.string("new_name");
  auto op = make_op(r, "rename_table " + table.name + " -> " + new_name,
                    [table, new_name](OperationContext& ctx) {
                      run_sql(ctx, compiler(ctx).rename_table(table, new_name));
                    });
  op->set_undo([table, new_name](OperationContext& ctx) {
    return std::vector<std::string>{
        compiler(ctx).rename_table(Table(new_name, table.schema), table.name)};
  });
  return op;
}

namespace {
FnOperation::Undo restore_comment(const Table& table, const std::string& where) {
  return [table, where](OperationContext& ctx) {
    return compiler(ctx).set_table_comment(table, live_table(ctx, table, where).comment);
  };
}
}  // namespace

std::unique_ptr<Operation> parse_create_table_comment(const OpReader& r) {
  r.expect_keys({"table", "comment"}, {"schema", "existing_comment"});
  Table table(r.string("table"), r.optional_string("schema"));
  const std::string comment = r.string("comment");
  auto op =
      make_op(r, "create_table_comment " + table.name, [table, comment](OperationContext& ctx) {
        run_sql(ctx, compiler(ctx).set_table_comment(table, comment));
      });
  op->set_undo(restore_comment(table, r.where()));
  return op;
}

std::unique_ptr<Operation> parse_drop_table_comment(const OpReader& r) {
  r.expect_keys({"table"}, {"schema", "existing_comment"});
  Table table(r.string("table"), r.optional_string("schema"));
  auto op = make_op(r, "drop_table_comment " + table.name, [table](OperationContext& ctx) {
    run_sql(ctx, compiler(ctx).set_table_comment(table, std::nullopt));
  });
  op->set_undo(restore_comment(table, r.where()));
  return op;
}

}  // namespace retort::migrations::ops
