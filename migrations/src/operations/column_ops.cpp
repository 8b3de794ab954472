// add_column, drop_column, alter_column.
#include <algorithm>

#include "operations/op_support.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::ops {

namespace {

bool names(const std::vector<std::string>& cols, const std::string& c) {
  return std::find(cols.begin(), cols.end(), c) != cols.end();
}

// Whether a key, an index, a constraint or a foreign key names the column,
// which DROP COLUMN refuses where ALTER TABLE has no DROP CONSTRAINT.
bool is_constrained(const Table& t, const std::string& col) {
  if (names(t.primary_key_columns(), col)) return true;
  // An Enum's values are a CHECK that names the column (reflected as the type).
  if (const Column* c = t.column(col); c && c->type.storage().kind == TypeKind::Enum) return true;
  for (const auto& i : t.indexes)
    if (names(i.columns, col)) return true;
  for (const auto& u : t.unique_constraints)
    if (names(u.columns, col)) return true;
  for (const auto& f : t.foreign_keys)
    if (names(f.columns, col)) return true;
  for (const auto& c : t.check_constraints)
    if (c.sqltext.find(col) != std::string::npos) return true;
  return false;
}

void remove_column(Table& t, const std::string& col) {
  std::erase_if(t.columns, [&](const Column& c) { return c.name == col; });
  std::erase_if(t.indexes, [&](const Index& i) { return names(i.columns, col); });
  std::erase_if(t.unique_constraints,
                [&](const UniqueConstraint& u) { return names(u.columns, col); });
  std::erase_if(t.foreign_keys,
                [&](const ForeignKeyConstraint& f) { return names(f.columns, col); });
  std::erase_if(t.check_constraints,
                [&](const CheckConstraint& c) { return c.sqltext.find(col) != std::string::npos; });
  if (t.primary_key) std::erase(t.primary_key->columns, col);
}

// What alter_column was asked to change.
struct ColumnChange {
  std::optional<Type> type;
  std::optional<bool> nullable;
  bool default_given = false;
  std::optional<std::string> server_default;
  bool comment_given = false;
  std::optional<std::string> comment;
  std::optional<std::string> new_name;
  // existing_* as written, for offline rendering and restated columns.
  std::optional<Type> existing_type;
  std::optional<bool> existing_nullable;
  bool existing_default_given = false;
  std::optional<std::string> existing_server_default;
  std::optional<std::string> existing_comment;

  void apply(Column& c) const {
    if (type) c.type = *type;
    if (nullable) c.nullable = *nullable;
    if (default_given) c.server_default = server_default;
    if (comment_given) c.comment = comment;
    if (new_name) c.name = *new_name;
  }
  // Whether it changes the column's definition (not only its name or comment).
  bool changes_definition() const { return type || nullable || default_given; }
};

}  // namespace

std::unique_ptr<Operation> parse_add_column(const OpReader& r) {
  r.expect_keys({"table", "column"}, {"schema"});
  Table table(r.string("table"), r.optional_string("schema"));
  Column column = r.column(r.node("column"), table.name);
  if (column.primary_key || column.index || column.unique)
    r.fail(r.node("column").Mark(),
           "primary_key, index and unique are not set by add_column: follow it with "
           "create_primary_key, create_index or create_unique_constraint");
  auto op = make_op(r, "add_column " + table.name + "." + column.name,
                    [table, column, where = r.where()](OperationContext& ctx) {
                      // An Enum's values may be a table CHECK, which ADD
                      // COLUMN cannot add without ADD CONSTRAINT: the table
                      // is copied.
                      if (ctx.conn && !capabilities(ctx).alter_constraints &&
                          column.type.storage().kind == TypeKind::Enum) {
                        copy_table(
                            ctx, table.name, [&](Table& t) { t.columns.push_back(column); },
                            where + ": add_column " + table.name + "." + column.name);
                        return;
                      }
                      run_sql(ctx, compiler(ctx).add_column(table, column));
                    });
  op->set_undo([table, column](OperationContext& ctx) {
    return std::vector<std::string>{compiler(ctx).drop_column(table, column.name)};
  });
  return op;
}

std::unique_ptr<Operation> parse_drop_column(const OpReader& r) {
  r.expect_keys({"table", "name"}, {"schema", "existing_type"});
  Table table(r.string("table"), r.optional_string("schema"));
  const std::string col = r.string("name");
  const std::string where = r.where();
  auto op = make_op(r, "drop_column " + table.name + "." + col,
                 [table, col, where](OperationContext& ctx) {
                   if (ctx.conn && !capabilities(ctx).alter_constraints) {
                     const Table live = reflect_table(ctx, table.name, where);
                     if (is_constrained(live, col)) {
                       copy_table(
                           ctx, table.name, [&](Table& t) { remove_column(t, col); },
                           where + ": drop_column " + table.name + "." + col);
                       return;
                     }
                   }
                   run_sql(ctx, compiler(ctx).drop_column(table, col));
                 });
  // The column comes back with the indexes and constraints that named it; its
  // values cannot.
  op->set_undo([table, col, where](OperationContext& ctx) {
    Table live = reflect_table(ctx, table.name, where);
    live.schema = table.schema;
    const Column* c = live.column(col);
    if (!c) throw OperationError(where + ": column '" + table.name + "." + col + "' does not exist");
    const DDLCompiler& ddl = compiler(ctx);
    std::vector<std::string> out = ddl.add_column(table, *c);
    for (const auto& i : live.indexes)
      if (names(i.columns, col)) out.push_back(ddl.create_index(live, i));
    for (const auto& u : live.unique_constraints)
      if (names(u.columns, col)) out.push_back(ddl.add_unique_constraint(live, u));
    for (const auto& f : live.foreign_keys)
      if (names(f.columns, col)) out.push_back(ddl.add_foreign_key(live, f));
    return out;
  });
  return op;
}

std::unique_ptr<Operation> parse_alter_column(const OpReader& r) {
  r.expect_keys({"table", "name"}, {"schema", "nullable", "type", "server_default", "comment",
                                    "new_name", "existing_type", "existing_nullable",
                                    "existing_server_default", "existing_comment"});
  Table table(r.string("table"), r.optional_string("schema"));
  const std::string col = r.string("name");
  ColumnChange ch;
  if (r.has("type")) ch.type = r.type("type");
  ch.nullable = r.optional_boolean("nullable");
  ch.default_given = r.has("server_default");
  ch.server_default = r.optional_string("server_default");
  ch.comment_given = r.has("comment");
  ch.comment = r.optional_string("comment");
  if (r.has("new_name")) ch.new_name = r.string("new_name");
  if (r.has("existing_type")) ch.existing_type = r.type("existing_type");
  ch.existing_nullable = r.optional_boolean("existing_nullable");
  ch.existing_default_given = r.has("existing_server_default");
  ch.existing_server_default = r.optional_string("existing_server_default");
  ch.existing_comment = r.optional_string("existing_comment");
  if (!ch.type && !ch.nullable && !ch.default_given && !ch.comment_given && !ch.new_name)
    r.fail("nothing to change: give nullable, type, server_default, comment or new_name");
  const std::string where = r.where();
  const std::string what = "alter_column " + table.name + "." + col;

  auto op = make_op(r, what, [=](OperationContext& ctx) {
    const DialectCapabilities& caps = capabilities(ctx);
    const bool copy = !caps.alter_column_definition && ch.changes_definition();
    Column from(col, ch.existing_type.value_or(ch.type.value_or(types::Text())));
    if (ctx.conn) {
      // Online, what the revision does not say is read from the live column.
      const Table live = reflect_table(ctx, table.name, where);
      const Column* c = live.column(col);
      if (!c)
        throw OperationError(where + ": column '" + table.name + "." + col + "' does not exist");
      from = *c;
      if (copy) {
        // The copy keeps the column's name; RENAME COLUMN then
        // renames it in the table's keys and indexes and in the foreign keys
        // of other tables that refer to it (which a copy under the new name
        // would leave pointing at the old one).
        ColumnChange rest = ch;
        rest.new_name.reset();
        copy_table(
            ctx, table.name,
            [&](Table& t) {
              for (auto& c2 : t.columns)
                if (c2.name == col) rest.apply(c2);
            },
            where + ": " + what);
        if (ch.new_name) run_sql(ctx, compiler(ctx).rename_column(table, col, *ch.new_name));
        return;
      }
    } else {
      const std::string on = " on " + std::string(dialect_of(ctx).name());
      if (copy)
        throw OperationError(where + ": " + what + on +
                             " copies the table, which needs the live schema: it "
                             "cannot be rendered offline (--sql)");
      if (caps.alter_column_restates_column && !ch.type && !ch.existing_type &&
          (ch.nullable || ch.default_given || ch.comment_given || ch.new_name))
        throw OperationError(where + ": " + what + on +
                             " restates the whole column: offline (--sql) it needs "
                             "existing_type");
      from.nullable = ch.existing_nullable.value_or(true);
      if (ch.existing_default_given) from.server_default = ch.existing_server_default;
      from.comment = ch.existing_comment;
    }
    Column to = from;
    ch.apply(to);
    if (!ctx.conn && !caps.alter_column_restates_column) {
      // Offline, state each asked-for change even when existing_* was not
      // given (or equals it), as Alembic does. (A restated column is
      // written whole from what it becomes.)
      if (ch.type && from.type == to.type)
        from.type = to.type.kind == TypeKind::Text ? types::Integer() : types::Text();
      if (ch.nullable) from.nullable = !*ch.nullable;
      if (ch.default_given && from.server_default == to.server_default)
        from.server_default = to.server_default ? std::nullopt : std::optional<std::string>("NULL");
      if (ch.comment_given && from.comment == to.comment)
        from.comment = to.comment ? std::nullopt : std::optional<std::string>("");
    }
    run_sql(ctx, compiler(ctx).alter_column(table, from, to));
  });
  // Back from what the change makes to the live column as it is now.
  op->set_undo([=](OperationContext& ctx) {
    const Table live = reflect_table(ctx, table.name, where);
    const Column* c = live.column(col);
    if (!c) throw OperationError(where + ": column '" + table.name + "." + col + "' does not exist");
    Column to = *c;
    ch.apply(to);
    return compiler(ctx).alter_column(table, to, *c);
  });
  return op;
}

}  // namespace retort::migrations::ops
