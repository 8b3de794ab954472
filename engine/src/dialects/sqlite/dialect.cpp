#include "dialects/sqlite/dialect.hpp"

#include <charconv>

#include "dialects/sqlite/connection.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/url.hpp"

namespace retort {

namespace {

class SqliteDialect final : public Dialect {
 public:
  std::string_view name() const override { return "sqlite"; }
  ParamStyle paramstyle() const override { return ParamStyle::Qmark; }
  const DialectCapabilities& capabilities() const override {
    static const DialectCapabilities caps{.transactional_ddl = true,
                                          .supports_returning = true,
                                          .multirow_insert_for_executemany = false,
                                          .max_bind_params = 32766,
                                          .supports_savepoints = true,
                                          .alter_constraints = false,
                                          .alter_column_definition = false};
    return caps;
  }
  std::string quote_identifier(std::string_view name) const override {
    std::string out = "\"";
    for (char c : name) {
      out += c;
      if (c == '"') out += '"';
    }
    return out + '"';
  }
  bool wants_single_connection(const URL& url) const override { return url.is_sqlite_memory(); }

  std::unique_ptr<DriverConnection> connect(const URL& url,
                                            const ConnectArgs& args) const override {
    auto opt = [&](std::string_view key) -> std::optional<std::string> {
      for (const auto& [k, v] : args)
        if (k == key) return v;
      return url.query_value(key);
    };
    std::string path = url.is_sqlite_memory() ? ":memory:" : url.database.value_or("");
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (auto mode = opt("mode")) {
      if (*mode == "ro")
        flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
      else if (*mode == "rw")
        flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
      else if (*mode != "rwc")
        throw ArgumentError("sqlite: invalid mode '" + *mode + "' in URL " + url.str() +
                            " (valid: ro, rw, rwc)");
    }
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close_v2(db);
      throw_dbapi_error(ErrorClass::Operational,
                        "could not connect to " + url.str() + ": (sqlite3) " + msg, "",
                        std::to_string(rc));
    }
    auto conn = std::make_unique<sqlite::SqliteConnection>(db, path);
    sqlite3_extended_result_codes(db, 1);
    double timeout = 5.0;  // seconds to wait on a locked database, as Python's sqlite3 does
    if (auto t = opt("timeout")) {
      auto r = std::from_chars(t->data(), t->data() + t->size(), timeout);
      if (r.ec != std::errc() || timeout < 0)
        throw ArgumentError("sqlite: invalid timeout '" + *t + "' in URL " + url.str());
    }
    sqlite3_busy_timeout(db, static_cast<int>(timeout * 1000));
    // Foreign keys are enforced unless the URL says foreign_keys=off.
    auto fk = opt("foreign_keys");
    bool fk_on = !fk || (*fk != "off" && *fk != "0" && *fk != "false");
    conn->execute(fk_on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", {});
    return conn;
  }
};

}  // namespace

std::unique_ptr<Dialect> make_sqlite_dialect() { return std::make_unique<SqliteDialect>(); }

}  // namespace retort
