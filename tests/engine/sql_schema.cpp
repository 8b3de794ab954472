// The schema and sample rows the expression-language cases run against.
#include "sql_cases.hpp"

namespace retort::testing {

using namespace retort::sql;

namespace {
Column col(std::string name, Type t, bool pk = false, bool nullable = true) {
  Column c(std::move(name), std::move(t));
  c.primary_key = pk;
  c.nullable = nullable && !pk;
  c.autoincrement = false;
  return c;
}
ForeignKeyConstraint fk(std::string column, std::string table) {
  ForeignKeyConstraint f;
  f.columns = {std::move(column)};
  f.referred_table = std::move(table);
  f.referred_columns = {"id"};
  return f;
}
}  // namespace

SqlSchema::SqlSchema() {
  Table u("xq_users");
  u.add_column(col("id", types::Integer(), true));
  u.add_column(col("name", types::String(50), false, false));
  u.add_column(col("email", types::String(100)));
  u.add_column(col("age", types::Integer()));
  u.add_column(col("balance", types::Numeric(10, 2)));
  u.unique_constraints.push_back({std::string("uq_xq_users_name"), {"name"}});
  Table o("xq_orders");
  o.add_column(col("id", types::Integer(), true));
  o.add_column(col("user_id", types::Integer(), false, false));
  o.add_column(col("amount", types::Numeric(10, 2)));
  o.add_column(col("status", types::String(20)));
  o.foreign_keys.push_back(fk("user_id", "xq_users"));
  Table i("xq_items");
  i.add_column(col("id", types::Integer(), true));
  i.add_column(col("order_id", types::Integer(), false, false));
  i.add_column(col("sku", types::String(20)));
  i.add_column(col("qty", types::Integer()));
  i.foreign_keys.push_back(fk("order_id", "xq_orders"));
  Table t("xq_tree");
  t.add_column(col("id", types::Integer(), true));
  t.add_column(col("parent_id", types::Integer()));
  t.add_column(col("label", types::String(20)));
  Table x("xq select");
  x.add_column(col("from", types::Integer(), true));
  x.add_column(col("we\"ird 'col`", types::String(200)));
  users = table(md.add_table(std::move(u)));
  orders = table(md.add_table(std::move(o)));
  items = table(md.add_table(std::move(i)));
  tree = table(md.add_table(std::move(t)));
  odd = table(md.add_table(std::move(x)));
}

const SqlSchema& sql_schema() {
  static const SqlSchema s;
  return s;
}

std::vector<std::shared_ptr<const Executable>> sql_sample_rows() {
  const auto& s = sql_schema();
  auto user = [](int id, const char* name, Value email, Value age, const char* bal) {
    return ValuesList{{"id", id}, {"name", name}, {"email", email}, {"age", age}, {"balance", Decimal{bal}}};
  };
  auto order = [](int id, int uid, const char* amount, const char* status) {
    return ValuesList{{"id", id}, {"user_id", uid}, {"amount", Decimal{amount}}, {"status", status}};
  };
  auto item = [](int id, int oid, const char* sku, int qty) {
    return ValuesList{{"id", id}, {"order_id", oid}, {"sku", sku}, {"qty", qty}};
  };
  auto node = [](int id, Value parent, const char* label) {
    return ValuesList{{"id", id}, {"parent_id", parent}, {"label", label}};
  };
  std::vector<std::shared_ptr<const Executable>> out;
  out.push_back(std::make_shared<Insert>(insert(s.users).values(std::vector<ValuesList>{
      user(1, "ann", "ann@x.org", 30, "100.50"), user(2, "bob", null, 25, "0.00"),
      user(3, "cy", "cy@x.org", null, "7.25"), user(4, "dee_%", "d@x.org", 41, "3.00")})));
  out.push_back(std::make_shared<Insert>(insert(s.orders).values(std::vector<ValuesList>{
      order(10, 1, "20.00", "paid"), order(11, 1, "5.50", "open"), order(12, 2, "7.00", "paid"),
      order(13, 3, "1.25", "void")})));
  out.push_back(std::make_shared<Insert>(insert(s.items).values(std::vector<ValuesList>{
      item(100, 10, "A1", 2), item(101, 10, "B2", 1), item(102, 11, "A1", 5), item(103, 12, "C3", 3)})));
  out.push_back(std::make_shared<Insert>(insert(s.tree).values(std::vector<ValuesList>{
      node(1, null, "root"), node(2, 1, "a"), node(3, 1, "b"), node(4, 2, "a1")})));
  out.push_back(std::make_shared<Insert>(
      insert(s.odd).values(ValuesList{{"from", 1}, {"we\"ird 'col`", "it's \\ \"odd\""}})));
  return out;
}

}  // namespace retort::testing
