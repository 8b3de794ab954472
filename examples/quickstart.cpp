// The Core in one page: an engine, a table, bound inserts, a query, a commit
// and a rollback. Usage: quickstart [URL]   (default sqlite:///quickstart.db)
#include <iostream>

#include "retort/retort.hpp"

int main(int argc, char** argv) {
  std::string url = argc > 1 ? argv[1] : "sqlite:///quickstart.db";
  try {
    retort::Engine engine = retort::create_engine(url);
    std::cout << "engine: " << engine.url().str() << " (dialect " << engine.dialect().name()
              << ")\n";

    auto conn = engine.connect();
    conn.execute("DROP TABLE IF EXISTS account");
    conn.execute(
        "CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, "
        "balance NUMERIC(12,2) NOT NULL)");
    conn.commit();
    std::cout << "created table account\n";

    // Values are always bound, never spliced into the SQL.
    auto insert = retort::text("INSERT INTO account (id, name, balance) VALUES (:id, :name, :balance)");
    auto result = conn.executemany(insert, {
        {{"id", 1}, {"name", "alice"}, {"balance", retort::Decimal{"100.00"}}},
        {{"id", 2}, {"name", "bob"}, {"balance", retort::Decimal{"25.50"}}},
        {{"id", 3}, {"name", "O'Brien; DROP TABLE account --"}, {"balance", retort::Decimal{"7.25"}}},
    });
    conn.commit();
    std::cout << "inserted " << result.rowcount() << " rows and committed\n";

    {
      auto tx = conn.begin();
      conn.execute("UPDATE account SET balance = balance - :amount WHERE name = :name",
                   {{"amount", 1000}, {"name", "alice"}});
      std::cout << "debited alice by 1000 inside a transaction, then rolled it back\n";
      tx.rollback();
    }

    for (const auto& row : conn.execute("SELECT id, name, balance FROM account ORDER BY id")) {
      std::cout << "  id=" << *row.get<std::int64_t>("id") << "  name=" << *row.get<std::string>("name")
                << "  balance=" << *row.get<std::string>("balance") << '\n';
    }
    auto total = conn.execute("SELECT COUNT(*) FROM account WHERE balance > :min", {{"min", 10}})
                     .scalar_as<std::int64_t>();
    std::cout << "accounts with balance > 10: " << total.value_or(0) << '\n';
    std::cout << engine.pool().status().str() << '\n';
  } catch (const retort::Error& e) {
    std::cerr << "quickstart: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
