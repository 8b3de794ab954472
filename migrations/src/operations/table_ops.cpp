// create_table, drop_table, rename_table, create_table_comment, drop_table_comment.
#include <set>

#include "operations/op_support.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::ops {

namespace {

// The live table with the schema the revision named.
Table live_table(OperationContext& ctx, const Table& table, const std::string& where) {
  Table live = reflect_table(ctx, table.name, where);
  live.schema = table.schema;
  return live;
}

// With create_type (the default), the PostgreSQL enum types the table's
// columns use are created with it, and must not exist yet: online, one that
// does is a clear error pointing at create_type: false rather than the
// database's "already exists".
void check_new_enum_types(OperationContext& ctx, const Table& table, const std::string& what) {
  std::set<std::string> wanted;
  for (const auto& c : table.columns)
    if (c.type.storage().kind == TypeKind::Enum) wanted.insert(enum_type_name(table, c));
  if (wanted.empty() || !ctx.conn) return;
  for (const auto& [name, values] : reflector(ctx.conn->dialect()).enums(*ctx.conn, table.schema))
    if (wanted.count(name))
      throw OperationError(what + ": enum type " + name +
                           " already exists (made by create_enum or another table): say "
                           "create_type: false to use it rather than create it");
}

}  // namespace

std::unique_ptr<Operation> parse_create_table(const OpReader& r) {
  r.expect_keys({"name", "columns"}, {"schema", "primary_key", "indexes", "foreign_keys",
                                      "unique_constraints", "check_constraints", "comment",
                                      "create_type"});
  const std::string name = r.string("name");
  Table table = r.table(name, {"name", "create_type"});
  const bool create_type = r.boolean("create_type", true);
  const std::string what = r.where() + ": create_table " + name;
  auto op = make_op(r, "create_table " + name, [table, create_type, what](OperationContext& ctx) {
    if (create_type) check_new_enum_types(ctx, table, what);
    run_sql(ctx, compiler(ctx).create_table(table, {}, create_type));
  });
  op->set_undo([table, create_type](OperationContext& ctx) {
    return compiler(ctx).drop_table(table, create_type);
  });
  return op;
}

std::unique_ptr<Operation> parse_drop_table(const OpReader& r) {
  r.expect_keys({"name"}, {"schema"});
  Table table(r.string("name"), r.optional_string("schema"));
  const std::string where = r.where();
  auto op = make_op(r, "drop_table " + table.name, [table](OperationContext& ctx) {
    run_sql(ctx, compiler(ctx).drop_table(table));
  });
  // The table comes back with its definition; its rows cannot. Its enum
  // types stay (drop_table leaves them).
  op->set_undo([table, where](OperationContext& ctx) {
    return compiler(ctx).create_table(live_table(ctx, table, where), {}, false);
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
