// The statement of every expression-language case, by name. A new case is a
// lambda here and tests/engine/data/sql/<name>.yaml with what it must render
// and return.
#include "sql_cases.hpp"

namespace retort::testing {

using namespace retort::sql;

namespace {

template <class S>
std::shared_ptr<const Executable> stmt(S s) {
  return std::make_shared<S>(std::move(s));
}

using S = const SqlSchema&;

std::map<std::string, SqlCase> build() {
  std::map<std::string, SqlCase> m;
  // --- select basics
  m["select_columns"] = [](S s) {
    return stmt(select({s.users.c("id"), s.users.c("name")}).order_by({s.users.c("id")}));
  };
  m["select_table"] = [](S s) { return stmt(select({s.orders}).order_by({s.orders.c("id")})); };
  m["select_distinct"] = [](S s) {
    return stmt(select({s.orders.c("status")}).distinct().order_by({s.orders.c("status")}));
  };
  m["where_comparisons"] = [](S s) {
    auto u = s.users;
    return stmt(select({u.c("id")})
                    .where(u.c("age") >= 25 && u.c("age") < 41 && u.c("id") != 2 &&
                           u.c("name") <= "zz" && u.c("id") > 0 && u.c("id") == u.c("id"))
                    .order_by({u.c("id")}));
  };
  m["where_or_not"] = [](S s) {
    auto u = s.users;
    return stmt(select({u.c("id")})
                    .where(or_({u.c("id") == 1, !(u.c("age") > 20)}) || not_(u.c("id") != 4))
                    .order_by({u.c("id")}));
  };
  m["and_or_empty"] = [](S s) {
    return stmt(select({s.users.c("id")}).where(and_({}) && !or_({})).order_by({s.users.c("id")}));
  };
  m["like"] = [](S s) {
    return stmt(select({s.users.c("name")}).where(s.users.c("email").like("%x.org")).order_by({s.users.c("id")}));
  };
  m["not_like"] = [](S s) {
    return stmt(select({s.users.c("name")}).where(s.users.c("name").not_like("%n%")).order_by({s.users.c("id")}));
  };
  m["ilike"] = [](S s) {
    return stmt(select({s.users.c("name")}).where(s.users.c("name").ilike("A%")).order_by({s.users.c("id")}));
  };
  m["contains_escaped"] = [](S s) {
    return stmt(select({s.users.c("name")}).where(s.users.c("name").contains("_%")).order_by({s.users.c("id")}));
  };
  m["startswith_endswith"] = [](S s) {
    auto n = s.users.c("name");
    return stmt(select({n}).where(n.startswith("a") || n.endswith("y") || n.endswith("e_")).order_by({s.users.c("id")}));
  };
  m["in_list"] = [](S s) {
    return stmt(select({s.users.c("id")}).where(s.users.c("id").in_({1, 3, 99})).order_by({s.users.c("id")}));
  };
  m["in_empty"] = [](S s) {
    return stmt(select({s.users.c("id")}).where(s.users.c("id").in_({})).order_by({s.users.c("id")}));
  };
  m["not_in_empty"] = [](S s) {
    return stmt(select({s.users.c("id")}).where(s.users.c("id").not_in({})).order_by({s.users.c("id")}));
  };
  m["not_in_list"] = [](S s) {
    return stmt(select({s.users.c("id")}).where(s.users.c("id").not_in({1, 3})).order_by({s.users.c("id")}));
  };
  m["in_subquery"] = [](S s) {
    return stmt(select({s.users.c("name")})
                    .where(s.users.c("id").in_(select({s.orders.c("user_id")}).where(s.orders.c("status") == "paid")))
                    .order_by({s.users.c("id")}));
  };
  m["not_in_subquery"] = [](S s) {
    return stmt(select({s.users.c("name")})
                    .where(s.users.c("id").not_in(select({s.orders.c("user_id")})))
                    .order_by({s.users.c("id")}));
  };
  m["between"] = [](S s) {
    return stmt(select({s.users.c("id")}).where(s.users.c("age").between(25, 30)).order_by({s.users.c("id")}));
  };
  m["is_null"] = [](S s) {
    return stmt(select({s.users.c("id")})
                    .where(s.users.c("email").is_null() || s.users.c("age") == null)
                    .order_by({s.users.c("id")}));
  };
  m["is_not_null"] = [](S s) {
    return stmt(select({s.users.c("id")})
                    .where(s.users.c("email").is_not(null_()) && s.users.c("age") != null)
                    .order_by({s.users.c("id")}));
  };
  m["arithmetic"] = [](S s) {
    auto i = s.items;
    return stmt(select({i.c("id"), (i.c("qty") * 10 / 2 + 1 - i.c("id")).label("v"), (-i.c("qty")).label("neg"),
                        (i.c("qty") % 2).label("odd")})
                    .order_by({i.c("id")}));
  };
  m["concat"] = [](S s) {
    auto u = s.users;
    return stmt(select({(u.c("name") + "-" + u.c("name")).label("twice"), u.c("name").concat("!").label("bang")})
                    .where(u.c("id") <= 2)
                    .order_by({u.c("id")}));
  };
  m["label_cast"] = [](S s) {
    auto u = s.users;
    return stmt(select({u.c("id").label("user id"), cast(u.c("age"), types::String(10)).label("age_text"),
                        u.c("name").cast(types::String(5)).label("n")})
                    .where(cast("7", types::Integer()) == 7)
                    .order_by({u.c("id")}));
  };
  m["case"] = [](S s) {
    auto u = s.users;
    return stmt(select({u.c("id"),
                        case_({{u.c("age") >= 30, "senior"}, {u.c("age") < 30, "junior"}}, Expr("unknown")).label("band"),
                        case_(u.c("id"), {{1, "one"}, {2, "two"}}).label("word")})
                    .order_by({u.c("id")}));
  };
  m["functions_generic"] = [](S s) {
    auto o = s.orders;
    return stmt(select({func.count().label("n"), func.count(o.c("status")).label("n_status"),
                        func.sum(o.c("amount")).label("total"), func.min(o.c("amount")).label("lo"),
                        func.max(o.c("amount")).label("hi")}));
  };
  m["functions_strings"] = [](S s) {
    auto u = s.users;
    return stmt(select({func.coalesce({u.c("email"), "none"}).label("mail"), func.length(u.c("name")).label("len"),
                        func.upper(u.c("name")).label("up"), func.lower("ABC").label("low"),
                        func.concat({u.c("name"), "@", u.c("id")}).label("tag")})
                    .where(u.c("id") <= 2)
                    .order_by({u.c("id")}));
  };
  m["functions_any"] = [](S s) {
    auto u = s.users;
    return stmt(select({func("abs", u.c("id") - 3).label("a"), func("round", Decimal{"2.567"}, 1).label("r")})
                    .where(u.c("id") == 1));
  };
  m["functions_now_random"] = [](S) {
    return stmt(select({(func.now() != null_()).label("has_now"), (func.random() != null_()).label("has_random")}));
  };
  m["literal_column"] = [](S s) {
    return stmt(select({s.users.c("id"), literal_column("1").label("one")}).where(literal_column("2") > 1).order_by({s.users.c("id")}));
  };
  m["text_fragment"] = [](S s) {
    return stmt(select({s.users.c("id")})
                    .where(text("age > :min AND name <> :skip", {{"min", 20}, {"skip", "it's"}}) && s.users.c("id") < 4)
                    .order_by({s.users.c("id")}));
  };
  m["bindparam"] = [](S s) {
    return stmt(select({s.users.c("name")}).where(s.users.c("id") == bindparam("uid")));
  };
  // --- joins
  m["join_inferred"] = [](S s) {
    return stmt(select({s.users.c("name"), s.orders.c("id").label("order_id")})
                    .join(s.orders)
                    .order_by({s.orders.c("id")}));
  };
  m["join_explicit"] = [](S s) {
    return stmt(select({s.users.c("name"), s.orders.c("amount")})
                    .select_from(s.users.join(s.orders, s.users.c("id") == s.orders.c("user_id") && s.orders.c("status") == "paid"))
                    .order_by({s.orders.c("id")}));
  };
  m["join_three"] = [](S s) {
    return stmt(select({s.users.c("name"), s.items.c("sku"), s.items.c("qty")})
                    .select_from(s.users.join(s.orders).join(s.items))
                    .where(s.orders.c("status") == "paid")
                    .order_by({s.items.c("id")}));
  };
  m["outerjoin"] = [](S s) {
    return stmt(select({s.users.c("name"), s.orders.c("id").label("order_id")})
                    .outerjoin(s.orders)
                    .where(s.users.c("id") >= 2)
                    .order_by({s.users.c("id"), s.orders.c("id")}));
  };
  m["full_outer_join"] = [](S s) {
    return stmt(select({s.users.c("id").label("uid"), s.orders.c("id").label("oid")})
                    .select_from(s.users.full_outer_join(s.orders, s.users.c("id") == s.orders.c("user_id")))
                    .order_by({s.users.c("id"), s.orders.c("id")}));
  };
  m["group_by_having"] = [](S s) {
    auto o = s.orders;
    return stmt(select({o.c("user_id"), func.count().label("n"), func.sum(o.c("amount")).label("total")})
                    .group_by({o.c("user_id")})
                    .having(func.count() > 1 || func.sum(o.c("amount")) > 5)
                    .order_by({o.c("user_id")}));
  };
  m["order_desc_nulls"] = [](S s) {
    auto u = s.users;
    return stmt(select({u.c("id"), u.c("age")}).order_by({u.c("age").desc().nulls_first(), u.c("id").asc()}));
  };
  m["order_nulls_last"] = [](S s) {
    auto u = s.users;
    return stmt(select({u.c("id")}).order_by({u.c("age").asc().nulls_last()}));
  };
  m["order_by_label"] = [](S s) {
    auto neg = (-s.users.c("id")).label("neg");
    return stmt(select({s.users.c("id"), neg}).order_by({neg}));
  };
  m["limit_offset"] = [](S s) {
    return stmt(select({s.users.c("id")}).order_by({s.users.c("id")}).limit(2).offset(1));
  };
  m["offset_only"] = [](S s) {
    return stmt(select({s.users.c("id")}).order_by({s.users.c("id")}).offset(3));
  };
  m["for_update"] = [](S s) {
    return stmt(select({s.users.c("id")}).where(s.users.c("id") == 1).for_update());
  };
  m["for_update_nowait"] = [](S s) {
    return stmt(select({s.users.c("id")}).where(s.users.c("id") == 1).for_update(true));
  };
  m["for_update_skip_locked"] = [](S s) {
    return stmt(select({s.users.c("id")}).where(s.users.c("id") <= 2).order_by({s.users.c("id")}).for_update(false, true));
  };
  m["for_update_of"] = [](S s) {
    auto o = s.orders.alias("o");
    return stmt(select({s.users.c("id"), o.c("id")})
                    .select_from(s.users.join(o, o.c("user_id") == s.users.c("id")))
                    .where(o.c("id") == 12)
                    .for_update(true, false, {o}));
  };
  m["alias_self_join"] = [](S s) {
    auto child = s.tree.alias("child");
    auto parent = s.tree.alias("parent");
    return stmt(select({child.c("label"), parent.c("label").label("parent_label")})
                    .select_from(child.join(parent, child.c("parent_id") == parent.c("id")))
                    .order_by({child.c("id")}));
  };
  // --- stage 2
  m["subquery"] = [](S s) {
    auto totals = select({s.orders.c("user_id"), func.sum(s.orders.c("amount")).label("total")})
                      .group_by({s.orders.c("user_id")})
                      .subquery("totals");
    return stmt(select({s.users.c("name"), totals.c("total")})
                    .select_from(s.users.join(totals, s.users.c("id") == totals.c("user_id")))
                    .order_by({s.users.c("id")}));
  };
  m["scalar_subquery_correlated"] = [](S s) {
    auto n = select({func.count()}).where(s.orders.c("user_id") == s.users.c("id")).scalar_subquery();
    return stmt(select({s.users.c("name"), n.label("orders")}).order_by({s.users.c("id")}));
  };
  m["exists_correlated"] = [](S s) {
    return stmt(select({s.users.c("name")})
                    .where(select({s.orders.c("id")})
                               .where(s.orders.c("user_id") == s.users.c("id") && s.orders.c("status") == "paid")
                               .exists())
                    .order_by({s.users.c("id")}));
  };
  m["not_exists"] = [](S s) {
    return stmt(select({s.users.c("name")})
                    .where(!select({s.orders.c("id")}).where(s.orders.c("user_id") == s.users.c("id")).exists())
                    .order_by({s.users.c("id")}));
  };
  m["union"] = [](S s) {
    return stmt(select({s.users.c("id")})
                    .where(s.users.c("id") <= 2)
                    .union_(select({s.orders.c("user_id")}))
                    .order_by({s.users.c("id")}));
  };
  m["union_all"] = [](S s) {
    return stmt(select({s.orders.c("user_id").label("uid")})
                    .union_all(select({s.users.c("id")}).where(s.users.c("id") == 1))
                    .order_by({s.orders.c("user_id").label("uid")}));
  };
  m["intersect_except"] = [](S s) {
    auto paid = select({s.orders.c("user_id")}).where(s.orders.c("status") == "paid");
    auto inter = select({s.users.c("id")}).intersect(paid).subquery("i");
    auto ex = select({s.users.c("id")}).except_(paid).subquery("e");
    return stmt(select({inter.c("id").label("both")})
                    .union_all(select({(ex.c("id") + 100).label("only_users")}))
                    .order_by({literal_column("1")}));
  };
  m["cte"] = [](S s) {
    auto big = select({s.orders.c("user_id"), s.orders.c("amount")}).where(s.orders.c("amount") > 5).cte("big");
    return stmt(select({s.users.c("name"), big.c("amount")})
                    .select_from(s.users.join(big, big.c("user_id") == s.users.c("id")))
                    .order_by({big.c("amount")}));
  };
  m["cte_recursive"] = [](S s) {
    auto t = s.tree;
    auto anchor = select({t.c("id"), t.c("label"), literal(0).label("depth")}).where(t.c("parent_id") == null);
    auto walk = anchor.cte("walk", true);
    walk = walk.union_all(select({t.c("id"), t.c("label"), (walk.c("depth") + 1).label("depth")})
                              .select_from(t.join(walk, t.c("parent_id") == walk.c("id"))));
    return stmt(select({walk.c("label"), walk.c("depth")}).order_by({walk.c("depth"), walk.c("label")}));
  };
  m["window"] = [](S s) {
    auto o = s.orders;
    return stmt(select({o.c("id"), func.row_number().over(Window().partition_by({o.c("user_id")}).order_by({o.c("id")})).label("rn"),
                        func.sum(o.c("amount"))
                            .over(Window().order_by({o.c("id")}).rows(-1, 0))
                            .label("running"),
                        func.count().over(Window()).label("all_rows")})
                    .order_by({o.c("id")}));
  };
  m["functions_avg_distinct"] = [](S s) {
    return stmt(select({func.avg(s.items.c("qty")).label("mean"), func.count(distinct(s.items.c("sku"))).label("skus")}));
  };
  m["window_rank_range"] = [](S s) {
    auto i = s.items;
    auto by_sku = Window().order_by({i.c("sku")});
    return stmt(select({i.c("id"), func.rank().over(by_sku).label("rk"), func.dense_rank().over(by_sku).label("dr"),
                        func.sum(i.c("qty")).over(Window(by_sku).range(std::nullopt, 0)).label("upto")})
                    .order_by({i.c("sku"), i.c("id")}));
  };
  m["not_ilike_op"] = [](S s) {
    auto u = s.users;
    return stmt(select({u.c("name")}).where(u.c("name").not_ilike("A%") && u.c("id").op("%", 2) == 0).order_by({u.c("id")}));
  };
  // --- stage 3
  m["insert_single"] = [](S s) {
    return stmt(insert(s.users).values({{"id", 5}, {"name", "eve"}, {"age", 22}}));
  };
  m["insert_multi"] = [](S s) {
    return stmt(insert(s.tree).values(std::vector<ValuesList>{{{"id", 5}, {"label", "x"}}, {{"id", 6}, {"label", "y"}}}));
  };
  m["insert_from_select"] = [](S s) {
    return stmt(insert(s.tree).from_select({"id", "parent_id", "label"},
                                           select({s.users.c("id") + 10, literal(1), s.users.c("name")}).where(s.users.c("id") <= 2)));
  };
  m["insert_returning"] = [](S s) {
    return stmt(insert(s.tree).values({{"id", 7}, {"label", "r"}}).returning({s.tree.c("id"), s.tree.c("label")}));
  };
  m["upsert_update"] = [](S s) {
    return stmt(insert(s.users)
                    .values({{"id", 1}, {"name", "ann"}, {"age", 31}})
                    .on_conflict_do_update({"id"}, {{"age", excluded("age")}, {"email", s.users.c("email") + ".old"}}));
  };
  m["upsert_nothing"] = [](S s) {
    return stmt(insert(s.users).values({{"id", 2}, {"name", "bob"}}).on_conflict_do_nothing({"id"}));
  };
  m["update_where"] = [](S s) {
    return stmt(update(s.users).values({{"age", s.users.c("age") + 1}, {"email", "new@x.org"}}).where(s.users.c("id") <= 2));
  };
  m["update_correlated"] = [](S s) {
    auto total = select({func.coalesce({func.sum(s.orders.c("amount")), 0})}).where(s.orders.c("user_id") == s.users.c("id"));
    return stmt(update(s.users).values({{"balance", total.scalar_subquery()}}));
  };
  m["update_returning"] = [](S s) {
    return stmt(update(s.users).values({{"age", 50}}).where(s.users.c("id") == 4).returning({s.users.c("id"), s.users.c("age")}));
  };
  m["delete_where"] = [](S s) {
    return stmt(delete_(s.items).where(s.items.c("qty") > 2 || s.items.c("sku") == "B2"));
  };
  m["delete_returning"] = [](S s) {
    return stmt(delete_(s.items).where(s.items.c("id") == 100).returning({s.items.c("sku")}));
  };
  m["hostile_identifiers"] = [](S s) {
    return stmt(select({s.odd.c("from"), s.odd.c("we\"ird 'col`").label("select")}).where(s.odd.c("from") == 1));
  };
  return m;
}

}  // namespace

const std::map<std::string, SqlCase>& sql_cases() {
  static const auto m = build();
  return m;
}

}  // namespace retort::testing
