// SQLite for migration runs. The lock: SQLite has no session lock, so every
// migration transaction begins with BEGIN IMMEDIATE, which takes the
// database's write lock (polled until the deadline). Foreign keys: a table
// copy drops and recreates tables that other rows reference, which
// PRAGMA foreign_keys would count against them, and the PRAGMA cannot change
// inside a transaction: so it is turned off around the run and
// PRAGMA foreign_key_check stands in for it before every COMMIT.
#include <thread>

#include "dialects/sqlite/connection.hpp"
#include "dialects/sqlite/dialect.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"

namespace retort {

namespace {

std::int64_t pragma_int(Connection &conn, std::string_view pragma) {
  // On the driver: the Connection would begin a transaction first.
  auto cursor = conn.dbapi().execute(pragma, {});
  std::vector<Value> row(1);
  if (!cursor->fetch(row) || row[0].is_null())
    return 0;
  return row[0].as<std::int64_t>().value_or(0);
}

void not_in_transaction(Connection &conn, std::string_view what) {
  if (conn.in_transaction())
    throw InvalidRequestError("sqlite: " + std::string(what) +
                              " must be called outside a transaction");
}

class SqliteWriteLock final : public AdvisoryLock {
public:
  explicit SqliteWriteLock(std::function<void()> on_wait)
      : on_wait_(std::move(on_wait)) {}
  bool per_transaction() const override { return true; }

  bool begin_write(Connection &conn, Deadline deadline) override {
    not_in_transaction(conn, "the migration lock");
    auto *driver = dynamic_cast<sqlite::SqliteConnection *>(&conn.dbapi());
    if (!driver)
      throw InvalidRequestError("sqlite: not a sqlite connection");
    // Short waits inside SQLite, so that the deadline is kept; the connection's
    // own busy timeout comes back once the lock is held.
    const auto busy = pragma_int(conn, "PRAGMA busy_timeout");
    conn.dbapi().execute("PRAGMA busy_timeout = 200", {});
    auto restore = [&] {
      conn.dbapi().execute("PRAGMA busy_timeout = " + std::to_string(busy), {});
    };
    for (;;) {
      try {
        driver->begin_immediate_next();
        conn.execute("SELECT 1").close();
        restore();
        return true;
      } catch (const OperationalError &) {
        conn.rollback();
        if (std::chrono::steady_clock::now() >= deadline) {
          restore();
          return false;
        }
        if (on_wait_ && !said_waiting_)
          on_wait_();
        said_waiting_ = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }

private:
  std::function<void()> on_wait_;
  bool said_waiting_ = false;
};

class SqliteMigrationSupport final : public MigrationSupport {
public:
  std::unique_ptr<AdvisoryLock>
  acquire_lock(const Engine &, std::string_view, Deadline,
               const std::function<void()> &on_wait) const override {
    return std::make_unique<SqliteWriteLock>(on_wait);
  }

  bool suspend_foreign_keys(Connection &conn) const override {
    not_in_transaction(conn, "suspend_foreign_keys");
    if (pragma_int(conn, "PRAGMA foreign_keys") == 0)
      return false;
    conn.dbapi().execute("PRAGMA foreign_keys = OFF", {});
    return true;
  }
  void restore_foreign_keys(Connection &conn) const override {
    not_in_transaction(conn, "restore_foreign_keys");
    conn.dbapi().execute("PRAGMA foreign_keys = ON", {});
  }
  std::vector<ForeignKeyViolation>
  foreign_key_violations(Connection &conn) const override {
    std::vector<ForeignKeyViolation> out;
    for (const auto &row : conn.execute("PRAGMA foreign_key_check").all()) {
      ForeignKeyViolation v;
      v.table = row.get<std::string>(0).value_or("");
      v.rowid = row.get<std::int64_t>(1);
      v.parent = row.get<std::string>(2).value_or("");
      out.push_back(std::move(v));
    }
    return out;
  }

  std::vector<std::string> offline_run_start() const override {
    return {"PRAGMA foreign_keys = OFF"};
  }
  std::vector<std::string> offline_before_commit() const override {
    return {"PRAGMA foreign_key_check"};
  }
  std::vector<std::string> offline_run_end() const override {
    return {"PRAGMA foreign_keys = ON"};
  }
  std::string utc_now_sql() const override {
    return "strftime('%Y-%m-%d %H:%M:%S', 'now')";
  }
  void copy_table(Connection &conn, const std::string &table,
                  const std::function<void(Table &)> &change,
                  const std::string &what) const override {
    sqlite_copy_table(conn, table, change, what);
  }
};

} // namespace

std::unique_ptr<MigrationSupport> make_sqlite_migration_support() {
  return std::make_unique<SqliteMigrationSupport>();
}

} // namespace retort
