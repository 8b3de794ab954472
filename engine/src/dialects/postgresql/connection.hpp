// Private: the PostgreSQL driver connection. libpqxx opens and owns the
// connection; statements run through libpq on the same PGconn (see
// connection.cpp for why). No libpqxx header is included here.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dialects/postgresql/cursor.hpp"
#include "dialects/postgresql/types.hpp"
#include "retort/engine/dialect.hpp"

namespace retort::postgresql {

struct Session;  // the libpqxx connection, defined in session.cpp

void close_session(Session* session) noexcept;
struct SessionDeleter {
  void operator()(Session* s) const noexcept { close_session(s); }
};
using SessionPtr = std::unique_ptr<Session, SessionDeleter>;

// Opens the libpqxx connection for a libpq conninfo string. Throws whatever
// libpqxx throws; the caller turns it into an OperationalError.
SessionPtr open_session(const std::string& conninfo);
// The connection's PGconn (null once libpqxx dropped it).
PGconn* session_handle(Session& session);

class PgConnection final : public DriverConnection {
 public:
  // Connects with `conninfo`; failures are OperationalError naming the URL
  // with its password masked, and `password` masked out of any message.
  static std::unique_ptr<PgConnection> open(const std::string& conninfo, const URL& url,
                                            std::optional<std::string> password);
  ~PgConnection() override;

  std::unique_ptr<DriverCursor> execute(std::string_view sql,
                                        std::span<const Value> params) override;
  std::int64_t executemany(std::string_view sql, std::span<const Value> flat,
                           std::size_t width) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  void set_isolation_level(std::string_view level) override;
  bool ping() override;
  std::string server_version() override { return server_version_; }

 private:
  // A server-side prepared statement, named r1, r2, ... on this connection.
  struct Statement {
    std::string sql;
    std::string name;
    std::shared_ptr<const ResultShape> shape;  // set from its first result
  };
  using Lru = std::list<Statement>;  // most recently used first

  PgConnection(SessionPtr session, std::optional<std::string> password);

  Statement& statement_for(std::string_view sql, std::span<const Value> params);
  // Binds `params`, executes `sql` prepared (re-preparing once when the cached
  // statement went stale) and returns the successful result.
  ResultPtr run(std::string_view sql, std::span<const Value> params, Statement*& used);
  ResultPtr exec_prepared(const Statement& st);
  std::unique_ptr<DriverCursor> execute_script(std::string_view sql);
  std::int64_t executemany_pipelined(const Statement& st, std::string_view sql,
                                     std::span<const Value> flat, std::size_t width,
                                     std::int64_t total);
  ResultPtr exec_command(const char* sql);
  bool is_stale(const PGresult* res, const Statement& st) const;
  void after_command(const PGresult* res);
  [[noreturn]] void abort_copy(const PGresult* res, std::string_view sql);
  void evict(Lru::iterator it);
  void forget_statements();
  void flush_deallocations();
  void setup_session();
  void check_usable(std::string_view sql) const;
  [[noreturn]] void raise(const PGresult* res, std::string_view sql) const;

  SessionPtr session_;
  PGconn* pg_;
  std::optional<std::string> password_;  // only to mask it out of messages
  std::string server_version_;
  ParamBinder binder_;
  Lru lru_;
  std::unordered_map<std::string_view, Lru::iterator> index_;  // keys view Statement::sql
  std::uint64_t statement_counter_ = 0;
  std::vector<std::string> pending_deallocations_;
  bool schema_changed_ = false;  // DDL ran since the cached statements were prepared
  static constexpr std::size_t kCacheSize = 256;
};

}  // namespace retort::postgresql
