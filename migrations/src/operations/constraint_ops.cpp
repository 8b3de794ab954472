// create_unique_constraint, create_foreign_key, create_check_constraint,
// create_primary_key, drop_constraint. Without ALTER TABLE ... ADD/DROP
// CONSTRAINT (SQLite) the table is copied for each.
#include <algorithm>

#include "operations/op_support.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::ops {

namespace {

// ALTER TABLE where the dialect has ADD/DROP CONSTRAINT, else the table copy.
// The compilers check that a constraint names the table's columns: online
// the live table is at hand, offline the named columns stand in for it.
FnOperation::Run alter_or_copy(std::string table_name, std::optional<std::string> schema,
                               std::vector<std::string> columns, std::string what,
                               std::string where,
                               std::function<std::string(const DDLCompiler&, const Table&)> alter,
                               std::function<void(Table&)> change) {
  return [=](OperationContext& ctx) {
    if (!capabilities(ctx).alter_constraints) {
      copy_table(ctx, table_name, change, where + ": " + what);
      return;
    }
    Table t(table_name, schema);
    if (ctx.conn) {
      t = reflect_table(ctx, table_name, where);
      t.schema = schema;
    } else {
      for (const auto& c : columns) t.columns.emplace_back(c, types::Integer());
    }
    run_sql(ctx, alter(compiler(ctx), t));
  };
}

// The inverse of a create_*: dropping it by name.
std::unique_ptr<Operation> with_drop_undo(std::unique_ptr<FnOperation> op, std::string table,
                                          std::optional<std::string> schema, std::string name,
                                          ConstraintKind kind) {
  op->set_undo([=](OperationContext& ctx) {
    return std::vector<std::string>{
        compiler(ctx).drop_constraint(Table(table, schema), name, kind)};
  });
  return op;
}

}  // namespace

std::unique_ptr<Operation> parse_create_unique_constraint(const OpReader& r) {
  r.expect_keys({"name", "table", "columns"}, {"schema"});
  UniqueConstraint uq{r.string("name"), r.string_list("columns")};
  const std::string table = r.string("table");
  const std::string what = "create_unique_constraint " + *uq.name + " on " + table;
  return with_drop_undo(make_op(
      r, what,
      alter_or_copy(
          table, r.optional_string("schema"), uq.columns, what, r.where(),
          [uq](const DDLCompiler& c, const Table& t) { return c.add_unique_constraint(t, uq); },
          [uq](Table& t) { t.unique_constraints.push_back(uq); })), table, r.optional_string("schema"), *uq.name, ConstraintKind::Unique);
}

std::unique_ptr<Operation> parse_create_check_constraint(const OpReader& r) {
  r.expect_keys({"name", "table", "condition"}, {"schema"});
  CheckConstraint ck{r.string("name"), r.string("condition")};
  const std::string table = r.string("table");
  const std::string what = "create_check_constraint " + *ck.name + " on " + table;
  return with_drop_undo(make_op(
      r, what,
      alter_or_copy(
          table, r.optional_string("schema"), {}, what, r.where(),
          [ck](const DDLCompiler& c, const Table& t) { return c.add_check_constraint(t, ck); },
          [ck](Table& t) { t.check_constraints.push_back(ck); })), table, r.optional_string("schema"), *ck.name, ConstraintKind::Check);
}

std::unique_ptr<Operation> parse_create_primary_key(const OpReader& r) {
  r.expect_keys({"name", "table", "columns"}, {"schema"});
  PrimaryKeyConstraint pk{r.string("name"), r.string_list("columns")};
  const std::string table = r.string("table");
  const std::string what = "create_primary_key " + *pk.name + " on " + table;
  return with_drop_undo(make_op(
      r, what,
      alter_or_copy(
          table, r.optional_string("schema"), pk.columns, what, r.where(),
          [pk](const DDLCompiler& c, const Table& t) { return c.add_primary_key(t, pk); },
          [pk](Table& t) {
            t.primary_key = pk;
            for (auto& col : t.columns) {
              col.primary_key =
                  std::find(pk.columns.begin(), pk.columns.end(), col.name) != pk.columns.end();
              if (col.primary_key) col.nullable = false;
            }
          })), table, r.optional_string("schema"), *pk.name, ConstraintKind::PrimaryKey);
}

std::unique_ptr<Operation> parse_create_foreign_key(const OpReader& r) {
  r.expect_keys(
      {"name", "source_table", "referent_table", "local_cols", "remote_cols"},
      {"source_schema", "referent_schema", "ondelete", "onupdate", "deferrable", "initially"});
  ForeignKeyConstraint fk;
  fk.name = r.string("name");
  fk.columns = r.string_list("local_cols");
  fk.referred_table = r.string("referent_table");
  fk.referred_schema = r.optional_string("referent_schema");
  fk.referred_columns = r.string_list("remote_cols");
  if (fk.columns.size() != fk.referred_columns.size())
    r.fail(r.node("remote_cols").Mark(), "local_cols and remote_cols differ in length");
  fk.ondelete = r.optional_string("ondelete");
  fk.onupdate = r.optional_string("onupdate");
  fk.deferrable = r.optional_boolean("deferrable");
  fk.initially = r.optional_string("initially");
  const std::string table = r.string("source_table");
  const std::string what = "create_foreign_key " + *fk.name + " on " + table;
  return with_drop_undo(make_op(
      r, what,
      alter_or_copy(
          table, r.optional_string("source_schema"), fk.columns, what, r.where(),
          [fk](const DDLCompiler& c, const Table& t) { return c.add_foreign_key(t, fk); },
          [fk](Table& t) { t.foreign_keys.push_back(fk); })), table, r.optional_string("source_schema"), *fk.name, ConstraintKind::ForeignKey);
}

std::unique_ptr<Operation> parse_drop_constraint(const OpReader& r) {
  r.expect_keys({"name", "table"}, {"schema", "type_"});
  const std::string name = r.string("name");
  const std::string table = r.string("table");
  std::optional<ConstraintKind> kind;
  if (auto t = r.optional_string("type_")) {
    static const std::map<std::string, ConstraintKind> kinds{
        {"foreignkey", ConstraintKind::ForeignKey},
        {"unique", ConstraintKind::Unique},
        {"check", ConstraintKind::Check},
        {"primary", ConstraintKind::PrimaryKey}};
    auto it = kinds.find(*t);
    if (it == kinds.end())
      r.fail(r.node("type_").Mark(),
             "type_ must be foreignkey, unique, check or primary, not '" + *t + "'");
    kind = it->second;
  }
  const std::string what = "drop_constraint " + name + " on " + table;
  const std::string where = r.where();
  const auto schema = r.optional_string("schema");
  auto op = make_op(r, what, [=](OperationContext& ctx) {
    if (!capabilities(ctx).alter_constraints) {
      copy_table(
          ctx, table,
          [&](Table& t) {
            const auto before = t.foreign_keys.size() + t.unique_constraints.size() +
                                t.check_constraints.size() + (t.primary_key ? 1 : 0);
            auto named = [&](const std::optional<std::string>& n) { return n && *n == name; };
            std::erase_if(t.foreign_keys, [&](const auto& c) { return named(c.name); });
            std::erase_if(t.unique_constraints, [&](const auto& c) { return named(c.name); });
            std::erase_if(t.check_constraints, [&](const auto& c) { return named(c.name); });
            if (t.primary_key &&
                (named(t.primary_key->name) || kind == ConstraintKind::PrimaryKey)) {
              t.primary_key.reset();
              for (auto& c : t.columns) c.primary_key = false;
            }
            const auto after = t.foreign_keys.size() + t.unique_constraints.size() +
                               t.check_constraints.size() + (t.primary_key ? 1 : 0);
            if (before == after)
              throw OperationError(where + ": table '" + table + "' has no constraint '" + name +
                                   "'");
          },
          where + ": " + what);
      return;
    }
    if (!kind && capabilities(ctx).drop_constraint_needs_kind)
      throw OperationError(where + ": " + what + " on " + std::string(dialect_of(ctx).name()) +
                           " needs type_ (foreignkey, unique, check or primary)");
    run_sql(ctx, compiler(ctx).drop_constraint(Table(table, schema), name,
                                               kind.value_or(ConstraintKind::Check)));
  });
  // The constraint as the live table has it.
  op->set_undo([=](OperationContext& ctx) {
    Table live = reflect_table(ctx, table, where);
    live.schema = schema;
    const DDLCompiler& c = compiler(ctx);
    auto named = [&](const std::optional<std::string>& n) { return n && *n == name; };
    for (const auto& f : live.foreign_keys)
      if (named(f.name)) return std::vector<std::string>{c.add_foreign_key(live, f)};
    for (const auto& u : live.unique_constraints)
      if (named(u.name)) return std::vector<std::string>{c.add_unique_constraint(live, u)};
    for (const auto& k : live.check_constraints)
      if (named(k.name)) return std::vector<std::string>{c.add_check_constraint(live, k)};
    if (live.primary_key && (named(live.primary_key->name) || kind == ConstraintKind::PrimaryKey))
      return std::vector<std::string>{c.add_primary_key(live, *live.primary_key)};
    throw OperationError(where + ": table '" + table + "' has no constraint '" + name + "'");
  });
  return op;
}

}  // namespace retort::migrations::ops
