// Tests of Table and MetaData: lookups, deep copy, foreign-key dependency
// order with cycles, and naming conventions.
#include "retort/engine/schema.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "retort/engine/error.hpp"

namespace retort {
namespace {

Table table_with(std::string name, std::vector<std::string> columns) {
  Table t(std::move(name));
  for (auto& c : columns) t.add_column(Column(std::move(c), types::Integer()));
  return t;
}

ForeignKeyConstraint fk_to(std::string table, std::string column = "id",
                           std::string local = "ref") {
  ForeignKeyConstraint fk;
  fk.columns = {std::move(local)};
  fk.referred_table = std::move(table);
  fk.referred_columns = {std::move(column)};
  return fk;
}

std::vector<std::string> names(const std::vector<const Table*>& tables) {
  std::vector<std::string> out;
  for (const auto* t : tables) out.push_back(t->fullname());
  return out;
}

template <class F>
std::string schema_error(F&& f) {
  try {
    f();
  } catch (const SchemaError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected SchemaError";
  return {};
}

TEST(Table, ColumnsAndPrimaryKey) {
  Table t("account");
  Column& id = t.add_column(Column("id", types::Integer()));
  id.primary_key = true;
  t.add_column(Column("tenant", types::Integer())).primary_key = true;
  t.add_column(Column("email", types::String(120)));
  EXPECT_THROW(t.add_column(Column("email", types::Text())), ArgumentError);
  ASSERT_NE(t.column("email"), nullptr);
  EXPECT_EQ(t.column("email")->type, types::String(120));
  EXPECT_EQ(t.column("nope"), nullptr);
  EXPECT_EQ(t.primary_key_columns(), (std::vector<std::string>{"id", "tenant"}));
  t.primary_key = PrimaryKeyConstraint{"pk_account", {"tenant", "id"}};
  EXPECT_EQ(t.primary_key_columns(), (std::vector<std::string>{"tenant", "id"}));
  EXPECT_EQ(t.fullname(), "account");
  EXPECT_EQ(Table("x", "app").fullname(), "app.x");
}

TEST(MetaData, AddLookupRemove) {
  MetaData md;
  Table& a = md.add_table(table_with("a", {"id"}));
  md.add_table(Table("a", "other"));
  EXPECT_THROW(md.add_table(Table("a")), ArgumentError);
  EXPECT_EQ(md.table("a"), &a);
  ASSERT_NE(md.table("a", "other"), nullptr);
  EXPECT_EQ(md.table("a", "other")->schema, "other");
  EXPECT_EQ(md.table("b"), nullptr);
  const MetaData& cmd = md;
  EXPECT_EQ(cmd.table("a"), &a);

  md.remove_table("a", "other");
  EXPECT_EQ(md.table("a", "other"), nullptr);
  EXPECT_EQ(md.tables().size(), 1u);
  md.remove_table("not-there");  // nothing to remove: not an error
  EXPECT_EQ(md.tables().size(), 1u);
}

TEST(MetaData, DefaultSchemaAppliesToTablesWithoutOne) {
  MetaData md;
  md.schema = "app";
  md.add_table(Table("t"));
  EXPECT_NE(md.table("t"), nullptr);
  EXPECT_NE(md.table("t", "app"), nullptr);
  EXPECT_EQ(md.table("t", "other"), nullptr);
  EXPECT_THROW(md.add_table(Table("t", "app")), ArgumentError);  // the same table
}

// Lookups go through the by-name index: the same answers as a scan, with
// the tables of one name in several schemas, after removals, after the
// default schema changes, and after a move.
TEST(MetaData, LookupsFollowRemovalsSchemasAndMoves) {
  MetaData md;
  for (int i = 0; i < 200; ++i) md.add_table(Table("t" + std::to_string(i)));
  md.add_table(Table("t7", "s1"));
  md.add_table(Table("t7", "s2"));
  EXPECT_EQ(md.table("t7")->schema, std::nullopt);
  EXPECT_EQ(md.table("t7", "s2")->schema, "s2");
  md.remove_table("t7");
  EXPECT_EQ(md.table("t7"), nullptr);
  EXPECT_EQ(md.table("t7", "s1")->schema, "s1");
  md.add_table(Table("t7"));  // may come back once gone
  EXPECT_EQ(md.tables().back()->name, "t7");
  EXPECT_EQ(md.table("t7"), md.tables().back().get());
  // The default schema is read at lookup time.
  md.schema = "s1";
  EXPECT_EQ(md.table("t7")->schema, "s1");  // the table in s1, added first
  EXPECT_EQ(md.table("t8", "s1")->name, "t8");  // no schema of its own: in s1 now
  md.schema.reset();
  MetaData moved(std::move(md));
  EXPECT_EQ(moved.table("t199")->name, "t199");
  EXPECT_EQ(moved.tables().size(), 202u);
  MetaData copy(moved);
  copy.remove_table("t0");
  EXPECT_EQ(copy.table("t0"), nullptr);
  EXPECT_NE(moved.table("t0"), nullptr);
}

TEST(MetaData, CopyIsDeep) {
  MetaData md;
  md.naming_convention["ix"] = "ix_%(column_0_label)s";
  md.add_table(table_with("a", {"id", "x"}));
  MetaData copy(md);
  ASSERT_NE(copy.table("a"), nullptr);
  EXPECT_NE(copy.table("a"), md.table("a"));
  copy.table("a")->columns[1].name = "y";
  copy.add_table(Table("b"));
  EXPECT_EQ(md.table("a")->columns[1].name, "x");
  EXPECT_EQ(md.table("b"), nullptr);
  EXPECT_EQ(copy.naming_convention, md.naming_convention);

  MetaData assigned;
  assigned = copy;
  EXPECT_EQ(assigned.table("a")->columns[1].name, "y");
  EXPECT_NE(assigned.table("a"), copy.table("a"));
  assigned = assigned;  // self-assignment keeps the tables
  EXPECT_EQ(assigned.tables().size(), 2u);
}

TEST(SortedTables, DependenciesFirstTiesByInsertionOrder) {
  MetaData md;
  Table c = table_with("c", {"id", "ref"});
  c.foreign_keys.push_back(fk_to("b"));
  Table b = table_with("b", {"id", "ref"});
  b.foreign_keys.push_back(fk_to("a"));
  md.add_table(std::move(c));
  md.add_table(table_with("x", {"id"}));
  md.add_table(std::move(b));
  md.add_table(table_with("a", {"id"}));
  md.add_table(table_with("w", {"id"}));
  std::vector<std::pair<const Table*, std::size_t>> cycles;
  EXPECT_EQ(names(md.sorted_tables(&cycles)), (std::vector<std::string>{"x", "a", "b", "c", "w"}));
  EXPECT_TRUE(cycles.empty());
}

TEST(SortedTables, SelfReferenceIsNotACycle) {
  MetaData md;
  Table node = table_with("node", {"id", "ref"});
  node.foreign_keys.push_back(fk_to("node"));
  md.add_table(std::move(node));
  md.add_table(table_with("other", {"id"}));
  std::vector<std::pair<const Table*, std::size_t>> cycles;
  EXPECT_EQ(names(md.sorted_tables(&cycles)), (std::vector<std::string>{"node", "other"}));
  EXPECT_TRUE(cycles.empty());
}

TEST(SortedTables, TwoTableCycleIsBrokenAtTheEarliestTable) {
  MetaData md;
  Table dept = table_with("dept", {"id", "ref"});
  dept.foreign_keys.push_back(fk_to("emp"));  // dept.manager -> emp
  Table emp = table_with("emp", {"id", "ref"});
  emp.foreign_keys.push_back(fk_to("dept"));
  md.add_table(table_with("before", {"id"}));
  md.add_table(std::move(dept));
  md.add_table(std::move(emp));
  std::vector<std::pair<const Table*, std::size_t>> cycles;
  const auto order = md.sorted_tables(&cycles);
  EXPECT_EQ(names(order), (std::vector<std::string>{"before", "dept", "emp"}));
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].first, md.table("dept"));
  EXPECT_EQ(cycles[0].second, 0u);
  // Without the out-parameter the order is the same.
  EXPECT_EQ(names(md.sorted_tables()), names(order));
}

TEST(SortedTables, ThreeCycleWithDependentsAndAnOutsideDependency) {
  // d -> a -> b -> c -> a, and a -> base; e depends on nothing.
  MetaData md;
  Table d = table_with("d", {"id", "ref"});
  d.foreign_keys.push_back(fk_to("a"));
  Table a = table_with("a", {"id", "ref", "base_id"});
  a.foreign_keys.push_back(fk_to("base", "id", "base_id"));
  a.foreign_keys.push_back(fk_to("b"));
  Table b = table_with("b", {"id", "ref"});
  b.foreign_keys.push_back(fk_to("c"));
  Table c = table_with("c", {"id", "ref"});
  c.foreign_keys.push_back(fk_to("a"));
  md.add_table(std::move(d));
  md.add_table(std::move(a));
  md.add_table(std::move(b));
  md.add_table(std::move(c));
  md.add_table(table_with("base", {"id"}));
  md.add_table(table_with("e", {"id"}));
  std::vector<std::pair<const Table*, std::size_t>> cycles;
  EXPECT_EQ(names(md.sorted_tables(&cycles)),
            (std::vector<std::string>{"base", "e", "a", "d", "c", "b"}));
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].first, md.table("a"));
  EXPECT_EQ(cycles[0].second, 1u);  // a -> b closes the cycle; a -> base is an ordinary key
}

TEST(SortedTables, UseAlterAndUnknownTablesOrderNothing) {
  MetaData md;
  Table a = table_with("a", {"id", "ref"});
  a.foreign_keys.push_back(fk_to("b"));
  a.foreign_keys.back().use_alter = true;
  a.foreign_keys.push_back(fk_to("elsewhere"));
  Table b = table_with("b", {"id", "ref"});
  b.foreign_keys.push_back(fk_to("a"));
  md.add_table(std::move(a));
  md.add_table(std::move(b));
  std::vector<std::pair<const Table*, std::size_t>> cycles;
  EXPECT_EQ(names(md.sorted_tables(&cycles)), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(cycles.empty());
}

TEST(SortedTables, SchemasResolveReferences) {
  MetaData md;
  Table child("child", "s1");
  child.add_column(Column("ref", types::Integer()));
  child.foreign_keys.push_back(fk_to("parent"));  // unqualified: its own schema first
  Table other_child("other_child");
  other_child.add_column(Column("ref", types::Integer()));
  other_child.foreign_keys.push_back(fk_to("parent"));
  other_child.foreign_keys.back().referred_schema = "s1";
  md.add_table(std::move(child));
  md.add_table(std::move(other_child));
  md.add_table(Table("parent"));  // default schema: not the one child means
  md.add_table(Table("parent", "s1"));
  EXPECT_EQ(names(md.sorted_tables()),
            (std::vector<std::string>{"parent", "s1.parent", "s1.child", "other_child"}));
}

TEST(SortedTables, ManyTablesInAChain) {
  MetaData md;
  constexpr int n = 300;
  for (int i = n - 1; i >= 0; --i) {
    Table t = table_with("t" + std::to_string(i), {"id", "ref"});
    if (i > 0) t.foreign_keys.push_back(fk_to("t" + std::to_string(i - 1)));
    md.add_table(std::move(t));
  }
  const auto order = md.sorted_tables();
  ASSERT_EQ(order.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    EXPECT_EQ(order[static_cast<std::size_t>(i)]->name, "t" + std::to_string(i));
}

// ---- naming conventions ---------------------------------------------------

MetaData convention_fixture() {
  MetaData md;
  Table org = table_with("org", {"id"});
  org.columns[0].primary_key = true;
  Table t = table_with("account", {"id", "org_id", "email", "tenant"});
  t.columns[0].primary_key = true;
  ForeignKeyConstraint fk = fk_to("org", "id", "org_id");
  t.foreign_keys.push_back(fk);
  t.unique_constraints.push_back(UniqueConstraint{std::nullopt, {"email", "tenant"}});
  Index ix;
  ix.columns = {"email", "tenant"};
  t.indexes.push_back(ix);
  t.check_constraints.push_back(CheckConstraint{"positive", "id > 0"});
  md.add_table(std::move(org));
  md.add_table(std::move(t));
  return md;
}

TEST(NamingConvention, SqlAlchemyTokens) {
  MetaData md = convention_fixture();
  md.naming_convention = {
      {"ix", "ix_%(column_0_label)s_%(column_1_name)s"},
      {"uq", "uq_%(table_name)s_%(column_0_N_name)s"},
      {"ck", "ck_%(table_name)s_%(constraint_name)s"},
      {"fk",
       "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s_%(referred_column_0_name)s"},
      {"pk", "pk_%(table_name)s"},
  };
  md.apply_naming_convention();
  const Table& t = *md.table("account");
  EXPECT_EQ(t.indexes[0].name, "ix_account_email_tenant");
  EXPECT_EQ(t.unique_constraints[0].name, "uq_account_email_tenant");
  EXPECT_EQ(t.check_constraints[0].name, "ck_account_positive");
  EXPECT_EQ(t.foreign_keys[0].name, "fk_account_org_id_org_id");
  ASSERT_TRUE(t.primary_key);
  EXPECT_EQ(t.primary_key->name, "pk_account");
  EXPECT_EQ(t.primary_key->columns, (std::vector<std::string>{"id"}));
  EXPECT_EQ(md.table("org")->primary_key->name, "pk_org");

  // Applying again changes nothing, %(constraint_name)s included.
  MetaData again(md);
  again.apply_naming_convention();
  EXPECT_EQ(again.table("account")->check_constraints[0].name, "ck_account_positive");
  EXPECT_EQ(again.table("account")->indexes[0].name, "ix_account_email_tenant");
}

TEST(NamingConvention, AllColumnTokensJoinWithAndWithoutSeparator) {
  MetaData md = convention_fixture();
  md.naming_convention = {
      {"uq", "uq_%(column_0N_name)s"},
      {"ix", "ix_%(column_0_N_name)s_%(column_0N_label)s_%(column_0_key)s"},
      {"fk", "fk_%(referred_column_0N_name)s_%(referred_column_0_N_label)s_100%%"}};
  md.apply_naming_convention();
  const Table& t = *md.table("account");
  EXPECT_EQ(t.unique_constraints[0].name, "uq_emailtenant");  // SQLAlchemy: no separator
  EXPECT_EQ(t.indexes[0].name, "ix_email_tenant_account_emailaccount_tenant_email");
  EXPECT_EQ(t.foreign_keys[0].name, "fk_id_org_id_100%");
}

TEST(NamingConvention, ExplicitNamesAreKept) {
  MetaData md = convention_fixture();
  Table& t = *md.table("account");
  t.indexes[0].name = "my_index";
  t.unique_constraints[0].name = "my_unique";
  md.naming_convention = {{"ix", "ix_%(column_0_label)s"},
                          {"uq", "uq_%(table_name)s_%(column_0_name)s"}};
  md.apply_naming_convention();
  EXPECT_EQ(md.table("account")->indexes[0].name, "my_index");
  EXPECT_EQ(md.table("account")->unique_constraints[0].name, "my_unique");
}

TEST(NamingConvention, DefaultLeavesConstraintsUnnamedButIndexesMustBeNamed) {
  MetaData md = convention_fixture();
  md.table("account")->indexes.clear();
  md.apply_naming_convention();
  const Table& t = *md.table("account");
  EXPECT_FALSE(t.unique_constraints[0].name);
  EXPECT_FALSE(t.foreign_keys[0].name);
  EXPECT_EQ(t.check_constraints[0].name, "positive");
  EXPECT_FALSE(t.primary_key);

  MetaData unnamed_index = convention_fixture();
  EXPECT_EQ(schema_error([&] { unnamed_index.apply_naming_convention(); }),
            "the index (email, tenant) on table 'account' has no name: name it, or set a naming "
            "convention for 'ix'");
}

TEST(NamingConvention, ColumnShorthandsBecomeObjects) {
  MetaData md;
  Table t = table_with("user", {"id", "email", "nick", "code"});
  t.column("email")->index = true;
  t.column("nick")->unique = true;
  t.column("code")->index = true;
  t.column("code")->unique = true;
  md.add_table(std::move(t));
  MetaData plain(md);
  plain.apply_naming_convention();
  const Table& p = *plain.table("user");
  ASSERT_EQ(p.indexes.size(), 2u);
  EXPECT_EQ(p.indexes[0].name, "ix_user_email");  // SQLAlchemy's default ix_%(column_0_label)s
  EXPECT_FALSE(p.indexes[0].unique);
  EXPECT_EQ(p.indexes[1].name, "ix_user_code");
  EXPECT_TRUE(p.indexes[1].unique);
  ASSERT_EQ(p.unique_constraints.size(), 1u);
  EXPECT_EQ(p.unique_constraints[0].columns, (std::vector<std::string>{"nick"}));
  EXPECT_FALSE(p.unique_constraints[0].name);
  for (const auto& c : p.columns) EXPECT_FALSE(c.index || c.unique) << c.name;

  md.naming_convention = {{"ix", "idx_%(table_name)s_%(column_0_name)s"},
                          {"uq", "uq_%(column_0_name)s"}};
  md.apply_naming_convention();
  EXPECT_EQ(md.table("user")->indexes[0].name, "idx_user_email");
  EXPECT_EQ(md.table("user")->unique_constraints[0].name, "uq_nick");
}

TEST(NamingConvention, Errors) {
  auto with = [](NamingConvention nc, bool name_the_check = true) {
    MetaData md = convention_fixture();
    md.table("account")->indexes[0].name = "ix_named";
    if (!name_the_check) md.table("account")->check_constraints[0].name.reset();
    md.naming_convention = std::move(nc);
    return md;
  };
  auto error_of = [](MetaData md) { return schema_error([&] { md.apply_naming_convention(); }); };
  EXPECT_EQ(error_of(with({{"ck", "ck_%(table_name)s_%(constraint_name)s"}}, false)),
            "naming convention 'ck' (ck_%(table_name)s_%(constraint_name)s) uses "
            "%(constraint_name)s, so the check constraint on table 'account' must be given a name");
  EXPECT_NE(error_of(with({{"uq", "uq_%(nonsense)s"}})).find("unknown token %(nonsense)s"),
            std::string::npos);
  EXPECT_NE(error_of(with({{"uq", "uq_%(referred_table_name)s"}})).find("only for foreign keys"),
            std::string::npos);
  EXPECT_NE(error_of(with({{"uq", "uq_%(column_5_name)s"}})).find("there is no column 5"),
            std::string::npos);
  EXPECT_NE(error_of(with({{"ck", "ck_%(column_0_name)s"}}, false))
                .find("a check constraint has no columns"),
            std::string::npos);
  EXPECT_NE(error_of(with({{"uq", "uq_%(column_0_nom)s"}})).find("unknown token"),
            std::string::npos);
  EXPECT_NE(error_of(with({{"uq", "uq_%s"}})).find("a '%' must start a %(token)s"),
            std::string::npos);
  EXPECT_EQ(error_of(with({{"index", "ix_%(table_name)s"}})),
            "unknown naming convention key 'index' (expected ix, uq, ck, fk or pk)");
}

}  // namespace
}  // namespace retort
