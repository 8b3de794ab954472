#include "dialects/postgresql/dialect.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dialects/postgresql/connection.hpp"
#include "retort/engine/url.hpp"

namespace retort {

namespace postgresql {
namespace {

// libpq conninfo value: always single-quoted, with ' and \ escaped.
void append_conninfo(std::string& out, std::string_view key, std::string_view value) {
  if (!out.empty()) out += ' ';
  out.append(key).append("='");
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
}

// Builds the conninfo from the URL's parts, then its query parameters, then
// ConnectArgs; a later source overrides an earlier one for the same key.
// Keys are passed to libpq as they are (sslmode, connect_timeout,
// application_name, options, host=/socket/dir, target_session_attrs, ...),
// so libpq itself rejects a misspelt one.
struct Conninfo {
  std::string text;
  std::optional<std::string> password;  // the one in effect, to mask in messages
};

Conninfo build_conninfo(const URL& url, const ConnectArgs& args) {
  std::vector<std::pair<std::string, std::string>> kv;
  const auto set = [&](std::string key, std::string value) {
    if (key == "database") key = "dbname";  // SQLAlchemy/psycopg2 spelling
    if (key == "username") key = "user";
    auto it = std::find_if(kv.begin(), kv.end(), [&](const auto& p) { return p.first == key; });
    if (it != kv.end())
      it->second = std::move(value);
    else
      kv.emplace_back(std::move(key), std::move(value));
  };
  if (url.host && !url.host->empty()) set("host", *url.host);
  if (url.port) set("port", std::to_string(*url.port));
  if (url.username) set("user", *url.username);
  if (url.password) set("password", *url.password);
  if (url.database && !url.database->empty()) set("dbname", *url.database);

  // A repeated host/port in the query lists several servers, as libpq's own
  // "host=a,b" does (SQLAlchemy accepts ?host=a&host=b for failover).
  std::vector<std::pair<std::string, std::string>> query = url.query;
  for (auto it = query.begin(); it != query.end(); ++it) {
    for (auto later = it + 1; later != query.end();) {
      if (later->first == it->first && (it->first == "host" || it->first == "port")) {
        it->second += "," + later->second;
        later = query.erase(later);
      } else {
        ++later;
      }
    }
  }
  for (const auto& [k, v] : query) set(k, v);
  for (const auto& [k, v] : args) set(k, v);

  // The result parser and the Value model assume UTF-8 text; always ask for it.
  set("client_encoding", "UTF8");
  Conninfo out;
  for (const auto& [k, v] : kv) {
    append_conninfo(out.text, k, v);
    if (k == "password") out.password = v;
  }
  return out;
}

class PostgresqlDialect final : public Dialect {
 public:
  PostgresqlDialect() {
    caps_.transactional_ddl = true;
    caps_.supports_returning = true;
    caps_.multirow_insert_for_executemany = true;
    caps_.max_bind_params = 65535;  // the protocol's Int16 parameter count
    caps_.supports_savepoints = true;
  }

  std::string_view name() const override { return "postgresql"; }
  ParamStyle paramstyle() const override { return ParamStyle::NumericDollar; }
  const DialectCapabilities& capabilities() const override { return caps_; }

  std::string quote_identifier(std::string_view name) const override {
    std::string out;
    out.reserve(name.size() + 2);
    out += '"';
    for (char c : name) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
    return out;
  }

  std::unique_ptr<DriverConnection> connect(const URL& url,
                                            const ConnectArgs& args) const override {
    const Conninfo info = build_conninfo(url, args);
    return PgConnection::open(info.text, url, info.password);
  }

 private:
  DialectCapabilities caps_;
};

}  // namespace
}  // namespace postgresql

std::unique_ptr<Dialect> make_postgresql_dialect() {
  return std::make_unique<postgresql::PostgresqlDialect>();
}

}  // namespace retort
