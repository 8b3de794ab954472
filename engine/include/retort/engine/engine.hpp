// Engine, Connection and Transaction: the Core's way to talk to a database,
// after SQLAlchemy's create_engine(), Connection and Transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/dialect.hpp"
#include "retort/engine/events.hpp"
#include "retort/engine/pool.hpp"
#include "retort/engine/result.hpp"
#include "retort/engine/url.hpp"
#include "retort/engine/value.hpp"

namespace retort {

struct EngineOptions {
  bool echo = false;                               // log every statement and its parameters
  std::function<void(std::string_view)> logger;    // where echo goes; default: stderr
  PoolOptions pool;
  std::optional<std::string> isolation_level;      // e.g. "SERIALIZABLE", "AUTOCOMMIT"
  ConnectArgs connect_args;                        // passed to the driver, override URL query
};

namespace detail {
struct EngineState;
struct ConnectionState;
}  // namespace detail

class Connection;

namespace sql {
class Executable;
struct CompileOptions;
}  // namespace sql

// A textual SQL statement with :name parameters, parsed once and reused.
// Colons inside quotes and comments, and PostgreSQL's ::casts, are left alone;
// write \: for a literal colon.
class TextClause {
 public:
  explicit TextClause(std::string sql);
  const std::string& sql() const noexcept { return sql_; }
  // Parameter names in order of appearance (a name may repeat).
  const std::vector<std::string>& param_names() const;
  // The SQL around the parameters: literals().size() == param_names().size() + 1.
  const std::vector<std::string>& literals() const;
  // The SQL with placeholders in `style`. Cached; thread-safe.
  const std::string& compiled(ParamStyle style) const;

 private:
  struct Parsed;
  std::string sql_;
  std::shared_ptr<const Parsed> parsed_;
};

inline TextClause text(std::string sql) { return TextClause(std::move(sql)); }

// A cheap, copyable handle; all copies share one pool.
class Engine {
 public:
  Engine() = default;
  const URL& url() const;
  const Dialect& dialect() const;
  Connection connect() const;
  Pool& pool() const;
  Events& events() const;
  // Closes pooled connections; later checkouts open new ones.
  void dispose() const;
  explicit operator bool() const { return static_cast<bool>(state_); }

 private:
  friend Engine create_engine(std::string_view, EngineOptions);
  friend class Connection;
  std::shared_ptr<detail::EngineState> state_;
};

// Builds an engine; no connection is opened until the first connect().
// ArgumentError for a bad URL, unknown dialect or bad option.
Engine create_engine(std::string_view url, EngineOptions options = {});

// RAII transaction or savepoint: rolls back when destroyed unless committed.
class Transaction {
 public:
  Transaction() = default;
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) noexcept;
  ~Transaction();
  void commit();
  void rollback();
  bool is_active() const noexcept;
  bool is_nested() const noexcept { return !savepoint_.empty(); }

 private:
  friend class Connection;
  Transaction(Connection* conn, std::string savepoint, std::uint64_t serial)
      : conn_(conn), savepoint_(std::move(savepoint)), serial_(serial) {}
  Connection* conn_ = nullptr;
  std::string savepoint_;  // empty for the outermost transaction
  std::uint64_t serial_ = 0;
};

// One checked-out connection, used by one thread at a time. The first
// statement begins a transaction automatically (as SQLAlchemy 2.0 does);
// commit() or a committed Transaction makes the work permanent, and closing
// the connection rolls back what was not committed.
class Connection {
 public:
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  Result execute(const TextClause& stmt, const Params& params = {});
  Result execute(std::string_view sql, const Params& params = {});
  // A statement of the expression language (sql/select.hpp, sql/dml.hpp),
  // compiled once per dialect; `params` give bindparam() values.
  Result execute(const sql::Executable& stmt, const Params& params = {});
  // Positional parameters for SQL already in the dialect's paramstyle.
  Result exec_driver_sql(std::string_view sql, std::span<const Value> params = {});
  // Runs the statement once per parameter set, as fast as the driver allows
  // (multi-row VALUES batches for INSERT where the dialect prefers them).
  Result executemany(const TextClause& stmt, const std::vector<Params>& param_sets);
  Result executemany(std::string_view sql, const std::vector<Params>& param_sets);
  // An expression-language statement run once per parameter set: compiled
  // once, then through the driver's executemany. insert(t) without values()
  // takes its columns from the names of the first set (as SQLAlchemy's
  // execute(insert(t), [dict, ...]) does); other statements use bindparam()
  // names. ArgumentError naming the parameter set that lacks a value;
  // InvalidRequestError for a statement that returns rows.
  Result executemany(const sql::Executable& stmt, const std::vector<Params>& param_sets);
  // The bulk form: runs the statement `count` times; fill(i, values) writes
  // row i's parameters positionally, in the order of stmt.param_names(), into
  // a reused buffer (assign_text() etc. reuse its storage: no allocation per row).
  Result executemany(const TextClause& stmt, std::size_t count,
                     const std::function<void(std::size_t, std::span<Value>)>& fill);

  Transaction begin();         // InvalidRequestError if a transaction is already active
  Transaction begin_nested();  // SAVEPOINT; begins the outer transaction if needed
  void commit();               // commits the current transaction, if any
  void rollback();             // rolls back the current transaction, if any
  bool in_transaction() const noexcept;
  bool in_nested_transaction() const noexcept;

  void set_isolation_level(std::string_view level);
  // Marks the underlying connection as broken; it is discarded at close().
  void invalidate();
  void close();  // returns the connection to the pool (rolling back)
  bool closed() const noexcept;

  const Dialect& dialect() const;
  DriverConnection& dbapi();
  Engine engine() const;

 private:
  friend class Engine;
  friend class Transaction;
  explicit Connection(std::unique_ptr<detail::ConnectionState> st);
  std::unique_ptr<detail::ConnectionState> st_;
};

}  // namespace retort
