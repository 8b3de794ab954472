// The expression language tour of docs/core-tutorial.md, runnable.
// Usage: core_tutorial [URL]   (default sqlite:///core_tutorial.db)
#include <iostream>

#include "retort/retort.hpp"
#include "retort/engine/sql.hpp"

using namespace retort;
using namespace retort::sql;

int main(int argc, char** argv) {
  std::string url = argc > 1 ? argv[1] : "sqlite:///core_tutorial.db";
  try {
    // 1. Tables are runtime metadata.
    MetaData md;
    Table u("tut_user");
    u.add_column(Column("id", types::Integer())).primary_key = true;
    u.add_column(Column("name", types::String(50))).nullable = false;
    u.add_column(Column("age", types::Integer()));
    Table a("tut_address");
    a.add_column(Column("id", types::Integer())).primary_key = true;
    a.add_column(Column("user_id", types::Integer())).nullable = false;
    a.add_column(Column("email", types::String(100))).nullable = false;
    ForeignKeyConstraint fk;
    fk.columns = {"user_id"};
    fk.referred_table = "tut_user";
    fk.referred_columns = {"id"};
    a.foreign_keys.push_back(fk);
    From users = table(md.add_table(std::move(u)));
    From addresses = table(md.add_table(std::move(a)));

    Engine engine = create_engine(url);
    Connection conn = engine.connect();
    drop_all(md, conn);
    create_all(md, conn);

    // 2. INSERT: one row, several in one statement, then executemany (the
    //    columns come from the parameter names; compiled once).
    conn.execute(insert(users).values({{"id", 1}, {"name", "spongebob"}, {"age", 20}}));
    conn.execute(insert(users).values(std::vector<ValuesList>{
        {{"id", 2}, {"name", "sandy"}, {"age", 31}}, {{"id", 3}, {"name", "patrick"}, {"age", 25}}}));
    conn.executemany(insert(addresses), std::vector<Params>{
        {{"id", 1}, {"user_id", 1}, {"email", "spongebob@sqlalchemy.org"}},
        {{"id", 2}, {"user_id", 2}, {"email", "sandy@sqlalchemy.org"}},
        {{"id", 3}, {"user_id", 2}, {"email", "sandy@squirrelpower.org"}}});
    conn.commit();

    // 3. SELECT with WHERE: values are bound, the SQL is the dialect's.
    auto name = users.c<std::string>("name");
    auto q = select({users.c("id"), name}).where(users.c("age") > 21).order_by({name});
    std::cout << "SQL: " << compile(q, engine.dialect()).sql << "\n";
    for (const auto& row : conn.execute(q)) std::cout << "older than 21: " << *row[name] << "\n";

    // 4. JOIN: the ON clause comes from the foreign key.
    auto email = addresses.c<std::string>("email");
    auto j = select({name, email}).join(addresses).where(email.endswith("@sqlalchemy.org")).order_by({email});
    for (const auto& row : conn.execute(j)) std::cout << "joined: " << *row[name] << " " << *row[email] << "\n";

    // Two columns named "id": each is read at the position it was selected at.
    auto uid = users.c<std::int64_t>("id");
    auto aid = addresses.c<std::int64_t>("id");
    for (const auto& row : conn.execute(select({uid, aid}).join(addresses).order_by({aid})))
      std::cout << "ids: user " << *row[uid] << " address " << *row[aid] << "\n";

    // 5. GROUP BY with a labelled aggregate, read back through its expression.
    auto n = TypedExpr<std::int64_t>(func.count(addresses.c("id")).label("n"));
    auto g = select({name, n}).outerjoin(addresses).group_by({name}).having(n > 1);
    for (const auto& row : conn.execute(g)) std::cout << "many addresses: " << *row[name] << " " << *row[n] << "\n";

    // 6. A correlated scalar subquery and EXISTS.
    auto count_q = select({func.count()}).where(addresses.c("user_id") == users.c("id")).scalar_subquery();
    for (const auto& row : conn.execute(select({name, count_q.label("addresses")}).order_by({users.c("id")})))
      std::cout << "subquery: " << *row[name] << " " << *row.get<std::int64_t>("addresses") << "\n";
    auto without = select({name}).where(!select({addresses.c("id")}).where(addresses.c("user_id") == users.c("id")).exists());
    for (const auto& row : conn.execute(without)) std::cout << "no address: " << *row[name] << "\n";

    // 7. A named parameter given at execute time; the statement is compiled once.
    auto by_id = select({name}).where(users.c("id") == bindparam("id"));
    for (int id : {1, 3}) std::cout << "by id " << id << ": " << *conn.execute(by_id, {{"id", id}}).scalar_as<std::string>() << "\n";

    // 8. UPDATE and DELETE.
    auto r = conn.execute(update(users).values({{"age", users.c("age") + 1}}).where(name.in_({"sandy", "patrick"})));
    std::cout << "updated " << r.rowcount() << " rows\n";
    r = conn.execute(delete_(addresses).where(email.contains("squirrel")));
    std::cout << "deleted " << r.rowcount() << " rows\n";
    conn.commit();

    // 9. Offline SQL: values written inline, escaped for the dialect.
    std::cout << "literal: "
              << compile(select({name}).where(name == "O'Brien\\"), engine.dialect(), {.literal_binds = true}).sql << "\n";

    drop_all(md, conn);
    conn.commit();
    return 0;
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
