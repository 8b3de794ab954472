// The MySQL/MariaDB DriverConnection: connect options, the per-connection
// prepared-statement LRU cache, transactions and isolation levels.
#include <mysqld_error.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "dialects/mysql/driver.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/url.hpp"

namespace retort::mysql {

namespace {

constexpr std::size_t kStatementCacheSize = 256;

// Connection settings: URL parts, then URL query parameters, then ConnectArgs
// (later ones win), all with the same keys.
struct Options {
  std::optional<std::string> host, user, password, database, unix_socket;
  unsigned port = 0;
  std::string charset = "utf8mb4";
  unsigned connect_timeout = 10;  // seconds; libmariadb's default waits much longer
  unsigned read_timeout = 0, write_timeout = 0;
  std::optional<std::string> ssl_ca, ssl_cert, ssl_key, ssl_capath, ssl_cipher, init_command;
  std::optional<bool> ssl_verify_cert;
};

[[noreturn]] void bad_value(std::string_view key, std::string_view value) {
  throw ArgumentError("invalid value for MySQL connection option '" + std::string(key) + "': '" +
                      std::string(value) + "'");
}

unsigned parse_unsigned(std::string_view key, std::string_view v) {
  unsigned out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty()) bad_value(key, v);
  return out;
}

bool parse_bool(std::string_view key, std::string_view v) {
  std::string l(v);
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
  if (l == "1" || l == "true" || l == "yes" || l == "on") return true;
  if (l == "0" || l == "false" || l == "no" || l == "off") return false;
  bad_value(key, v);
}

void apply_option(Options& o, std::string_view key, const std::string& v) {
  if (key == "host")
    o.host = v;
  else if (key == "port")
    o.port = parse_unsigned(key, v);
  else if (key == "user" || key == "username")
    o.user = v;
  else if (key == "password" || key == "passwd")
    o.password = v;
  else if (key == "database" || key == "db")
    o.database = v;
  else if (key == "unix_socket")
    o.unix_socket = v;
  else if (key == "charset")
    o.charset = v;
  else if (key == "connect_timeout")
    o.connect_timeout = parse_unsigned(key, v);
  else if (key == "read_timeout")
    o.read_timeout = parse_unsigned(key, v);
  else if (key == "write_timeout")
    o.write_timeout = parse_unsigned(key, v);
  else if (key == "ssl_ca")
    o.ssl_ca = v;
  else if (key == "ssl_cert")
    o.ssl_cert = v;
  else if (key == "ssl_key")
    o.ssl_key = v;
  else if (key == "ssl_capath")
    o.ssl_capath = v;
  else if (key == "ssl_cipher")
    o.ssl_cipher = v;
  else if (key == "ssl_verify_cert")
    o.ssl_verify_cert = parse_bool(key, v);
  else if (key == "init_command")
    o.init_command = v;
  else
    throw ArgumentError("unknown MySQL connection option '" + std::string(key) +
                        "' (see docs/dialects/mysql.md)");
}

const char* c_str(const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; }

class Connection final : public DriverConnection {
 public:
  explicit Connection(std::shared_ptr<Session> s) : s_(std::move(s)) {}

  std::unique_ptr<DriverCursor> execute(std::string_view sql,
                                        std::span<const Value> params) override {
    ready(sql);
    std::shared_ptr<Statement> st = statement_for(sql);
    if (st->text_only()) {
      if (!params.empty()) unsupported_with_params(sql);
      return run_text_query(*s_, sql);
    }
    st->execute(params);
    return make_statement_cursor(std::move(st));
  }

  std::int64_t executemany(std::string_view sql, std::span<const Value> flat,
                           std::size_t width) override {
    if (width == 0) {
      if (!flat.empty()) throw ArgumentError("executemany: width 0 with parameters given");
      return 0;  // no parameter sets, nothing to run
    }
    if (flat.size() % width != 0)
      throw ArgumentError("executemany: " + std::to_string(flat.size()) +
                          " values do not split into sets of " + std::to_string(width));
    ready(sql);
    std::shared_ptr<Statement> st = statement_for(sql);
    if (st->text_only()) unsupported_with_params(sql);
    std::int64_t total = 0;
    bool known = true;
    for (std::size_t off = 0; off < flat.size(); off += width) {
      st->execute(flat.subspan(off, width));
      if (st->has_result()) {
        st->free_result();
        drain_pending(*s_);
      }
      if (st->rowcount() < 0)
        known = false;
      else
        total += st->rowcount();
    }
    return known ? total : -1;
  }

  // autocommit stays on; an explicit transaction suspends it until COMMIT or
  // ROLLBACK, so outside begin()/commit() every statement commits by itself.
  void begin() override { simple_query("START TRANSACTION"); }

  void commit() override {
    ready("COMMIT");
    if (mysql_commit(s_->mysql) != 0) raise_mysql_error(*s_, "COMMIT");
  }

  void rollback() override {
    ready("ROLLBACK");
    if (mysql_rollback(s_->mysql) != 0) raise_mysql_error(*s_, "ROLLBACK");
  }

  void set_isolation_level(std::string_view level) override {
    std::string l(level);
    for (char& c : l)
      c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (l == "AUTOCOMMIT") {
      // Already the state outside transactions; re-asserted in case someone
      // ran SET autocommit=0 by hand.
      ready("SET autocommit=1");
      if (mysql_autocommit(s_->mysql, 1) != 0) raise_mysql_error(*s_, "SET autocommit=1");
      return;
    }
    if (l != "READ COMMITTED" && l != "READ UNCOMMITTED" && l != "REPEATABLE READ" &&
        l != "SERIALIZABLE")
      throw ArgumentError("MySQL has no isolation level '" + std::string(level) +
                          "' (expected READ COMMITTED, READ UNCOMMITTED, REPEATABLE READ, "
                          "SERIALIZABLE or AUTOCOMMIT)");
    simple_query("SET SESSION TRANSACTION ISOLATION LEVEL " + l);
  }

  bool ping() override {
    if (s_->dead) return false;
    try {
      drain_pending(*s_);
    } catch (const std::exception&) {
      return false;
    }
    // Reconnect is off, so a failed ping means the link is gone for good.
    if (mysql_ping(s_->mysql) != 0) {
      s_->dead = true;
      return false;
    }
    return true;
  }

  std::string server_version() override {
    const char* v = mysql_get_server_info(s_->mysql);  // from the handshake, no round trip
    return v != nullptr ? v : "";
  }

 private:
  // Every command starts here: a dead link fails fast (invalidated), and a
  // CALL's unread result sets are drained so the protocol is in sync.
  void ready(std::string_view sql) {
    if (s_->dead) raise_dead(sql);
    drain_pending(*s_);
  }

  void simple_query(const std::string& sql) {
    ready(sql);
    if (mysql_real_query(s_->mysql, sql.data(), static_cast<unsigned long>(sql.size())) != 0)
      raise_mysql_error(*s_, sql);
  }

  [[noreturn]] void unsupported_with_params(std::string_view sql) {
    raise_error(*s_, ER_UNSUPPORTED_PS, "HY000",
                "This command is not supported in the prepared statement protocol yet, "
                "so it cannot take parameters",
                sql);
  }

  // The cached statement for `sql`, or a fresh uncached one when the cached
  // statement's buffers still belong to a live cursor.
  std::shared_ptr<Statement> statement_for(std::string_view sql) {
    if (auto it = index_.find(sql); it != index_.end()) {
      auto pos = it->second;
      if (!(*pos)->broken) {
        lru_.splice(lru_.begin(), lru_, pos);
        if (!(*pos)->in_use) return *pos;
        return std::make_shared<Statement>(s_, sql);
      }
      index_.erase(it);
      lru_.erase(pos);
    }
    auto st = std::make_shared<Statement>(s_, sql);
    lru_.push_front(st);
    index_.emplace(st->sql(), lru_.begin());
    if (lru_.size() > kStatementCacheSize) {
      // The evicted statement is closed (COM_STMT_CLOSE) when its last user,
      // possibly a live cursor, lets go of it.
      index_.erase(lru_.back()->sql());
      lru_.pop_back();
    }
    return st;
  }

  std::shared_ptr<Session> s_;
  std::list<std::shared_ptr<Statement>> lru_;  // most recently used first
  // Keys view the SQL text owned by the statement they map to.
  std::unordered_map<std::string_view, std::list<std::shared_ptr<Statement>>::iterator> index_;
};

}  // namespace

std::unique_ptr<DriverConnection> connect(const URL& url, const ConnectArgs& args) {
  // mysql_init() initialises the library on first use, which is not
  // thread-safe; pools may open their first connections concurrently.
  static std::once_flag library_once;
  std::call_once(library_once, [] { mysql_library_init(0, nullptr, nullptr); });

  Options o;
  o.host = url.host;
  o.port = static_cast<unsigned>(url.port.value_or(0));
  o.user = url.username;
  o.password = url.password;
  if (url.database && !url.database->empty()) o.database = url.database;
  for (const auto& [k, v] : url.query) apply_option(o, k, v);
  for (const auto& [k, v] : args) apply_option(o, k, v);

  auto session = std::make_shared<Session>();
  session->password = o.password;
  session->mysql = mysql_init(nullptr);
  MYSQL* m = session->mysql;
  if (m == nullptr)
    throw_dbapi_error(ErrorClass::Operational,
                      "could not connect to " + url.str() + ": out of memory", "", "HY001");
  mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &o.connect_timeout);
  if (o.read_timeout != 0) mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &o.read_timeout);
  if (o.write_timeout != 0) mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &o.write_timeout);
  mysql_options(m, MYSQL_SET_CHARSET_NAME, o.charset.c_str());
  // A silent reconnect would lose the session state (transaction, SET
  // variables, prepared statements); the pool replaces dead connections instead.
  my_bool reconnect = 0;
  mysql_options(m, MYSQL_OPT_RECONNECT, &reconnect);
  if (o.ssl_ca) mysql_options(m, MYSQL_OPT_SSL_CA, o.ssl_ca->c_str());
  if (o.ssl_cert) mysql_options(m, MYSQL_OPT_SSL_CERT, o.ssl_cert->c_str());
  if (o.ssl_key) mysql_options(m, MYSQL_OPT_SSL_KEY, o.ssl_key->c_str());
  if (o.ssl_capath) mysql_options(m, MYSQL_OPT_SSL_CAPATH, o.ssl_capath->c_str());
  if (o.ssl_cipher) mysql_options(m, MYSQL_OPT_SSL_CIPHER, o.ssl_cipher->c_str());
  const bool tls = o.ssl_ca || o.ssl_cert || o.ssl_key || o.ssl_capath || o.ssl_cipher;
  // With a CA to check against, verify the server's certificate and host name
  // unless told not to (libmariadb only insists on TLS when it verifies).
  const bool verify = o.ssl_verify_cert.value_or(o.ssl_ca || o.ssl_capath);
  if (tls || o.ssl_verify_cert) {
    my_bool v = verify ? 1 : 0;
    mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &v);
  }
  if (o.init_command) mysql_options(m, MYSQL_INIT_COMMAND, o.init_command->c_str());

  // CLIENT_FOUND_ROWS: UPDATE reports matched rows, as SQLAlchemy expects for
  // its optimistic-concurrency rowcount checks.
  if (mysql_real_connect(m, c_str(o.host), c_str(o.user), c_str(o.password), c_str(o.database),
                         o.port, c_str(o.unix_socket), CLIENT_FOUND_ROWS) == nullptr) {
    const unsigned err = mysql_errno(m);
    std::string code = error_code(err, mysql_sqlstate(m));
    throw_dbapi_error(ErrorClass::Operational,
                      "could not connect to " + url.str() + ": " +
                          one_line_message(err, mysql_error(m), o.password),
                      "", std::move(code));
  }
  if (tls && mysql_get_ssl_cipher(m) == nullptr) {
    // Giving TLS files means "use TLS": libmariadb falls back to plain text
    // when the server has no TLS and nothing is verified; refuse that.
    throw_dbapi_error(ErrorClass::Operational,
                      "could not connect to " + url.str() +
                          ": TLS options were given but the server does not support TLS",
                      "", "08001");
  }
  return std::make_unique<Connection>(std::move(session));
}

}  // namespace retort::mysql
