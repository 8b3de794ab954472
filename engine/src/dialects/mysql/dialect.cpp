// The MySQL/MariaDB dialect object: capabilities, quoting, and connect().
#include "dialects/mysql/dialect.hpp"

#include "dialects/mysql/driver.hpp"

namespace retort {

namespace {

class MysqlDialect final : public Dialect {
 public:
  MysqlDialect() {
    caps_.transactional_ddl = false;   // DDL commits implicitly
    caps_.supports_returning = false;  // MariaDB 10.5+ has INSERT ... RETURNING; MySQL has not
    caps_.multirow_insert_for_executemany = true;  // one round trip per batch
    caps_.max_bind_params = 65535;                 // the protocol's 16-bit parameter count
    caps_.supports_savepoints = true;
    caps_.alter_column_restates_column = true;  // CHANGE/MODIFY
    caps_.drop_constraint_needs_kind = true;    // DROP FOREIGN KEY / INDEX / CHECK / PRIMARY KEY
  }

  std::string_view name() const override { return "mysql"; }
  ParamStyle paramstyle() const override { return ParamStyle::Qmark; }
  const DialectCapabilities& capabilities() const override { return caps_; }

  std::string quote_identifier(std::string_view name) const override {
    std::string out;
    out.reserve(name.size() + 2);
    out += '`';
    for (char c : name) {
      if (c == '`') out += '`';  // a backquote inside is written twice
      out += c;
    }
    out += '`';
    return out;
  }

  std::unique_ptr<DriverConnection> connect(const URL& url,
                                            const ConnectArgs& args) const override {
    return mysql::connect(url, args);
  }

 private:
  DialectCapabilities caps_;
};

}  // namespace

std::unique_ptr<Dialect> make_mysql_dialect() { return std::make_unique<MysqlDialect>(); }

}  // namespace retort
