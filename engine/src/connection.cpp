#include <algorithm>
#include <cctype>

#include "detail/engine_state.hpp"
#include "detail/multirow.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/sql/compiler.hpp"
#include "retort/engine/sql/dml.hpp"
#include "sql/node.hpp"

namespace retort {

using detail::ConnectionState;

namespace {

// Fills `out` with the values of `params` in the order of the statement's slots.
void bind_named(const TextClause& stmt, const Params& params, std::span<Value> out) {
  const auto& names = stmt.param_names();
  for (std::size_t k = 0; k < names.size(); ++k) {
    const std::string& name = names[k];
    const Value* found = nullptr;
    // Parameters usually come in slot order: try the matching position first.
    if (k < params.size() && params[k].first == name) {
      found = &params[k].second;
    } else {
      for (const auto& [pname, pval] : params)
        if (pname == name) {
          found = &pval;
          break;
        }
    }
    if (!found)
      throw ArgumentError("a value is required for bind parameter '" + name + "' in: " +
                          stmt.sql().substr(0, 200));
    out[k] = *found;
  }
}

std::string params_repr(std::span<const Value> params, std::size_t limit = 10) {
  std::string out = "(";
  for (std::size_t i = 0; i < params.size() && i < limit; ++i) {
    if (i) out += ", ";
    out += params[i].repr();
  }
  if (params.size() > limit) out += ", ... " + std::to_string(params.size() - limit) + " more";
  return out + ")";
}

}  // namespace

Connection::Connection(std::unique_ptr<ConnectionState> st) : st_(std::move(st)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&& o) noexcept {
  if (this != &o) {
    close();
    st_ = std::move(o.st_);
  }
  return *this;
}
Connection::~Connection() {
  try {
    close();
  } catch (...) {
    // Closing returns the connection to the pool; a failure there already
    // invalidated it, and a destructor must not throw.
  }
}

bool Connection::closed() const noexcept { return !st_; }
const Dialect& Connection::dialect() const { return *st_->engine->dialect; }
Engine Connection::engine() const {
  Engine e;
  e.state_ = st_->engine;
  return e;
}

namespace {

ConnectionState& live(const std::unique_ptr<ConnectionState>& st) {
  if (!st) throw ResourceClosedError("this Connection is closed");
  if (st->invalidated) {
    if (st->invalid_tx)
      throw InvalidRequestError(
          "can't reconnect until the invalidated transaction is rolled back (call rollback())");
    // Transparent reconnect: the broken connection is closed, a fresh one checked out.
    st->pooled = PooledConnection();
    st->pooled = st->engine->pool->checkout();
    st->dbapi = &st->pooled.dbapi();
    st->invalidated = false;
  }
  return *st;
}

template <class F>
auto guarded(ConnectionState& st, std::string_view sql, std::span<const Value> params, bool many,
             F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const DBAPIError& e) {
    auto& eng = *st.engine;
    if (eng.events.has(EventKind::HandleError))
      eng.events.dispatch(Event{EventKind::HandleError, st.dbapi, sql, params, many, &e});
    if (e.connection_invalidated()) {
      st.pooled.invalidate();
      eng.pool->invalidate_all();
      st.invalidated = true;
      st.invalid_tx = st.in_tx;
    }
    throw;
  }
}

void autobegin(ConnectionState& st) {
  if (st.in_tx || st.autocommit) return;
  auto& eng = *st.engine;
  if (eng.options.echo) eng.log("BEGIN (implicit)");
  if (eng.events.has(EventKind::Begin))
    eng.events.dispatch(Event{EventKind::Begin, st.dbapi, {}, {}, false, nullptr});
  guarded(st, "BEGIN", {}, false, [&] { st.dbapi->begin(); });
  st.in_tx = true;
}

void end_transaction(ConnectionState& st, bool commit) {
  auto& eng = *st.engine;
  const char* word = commit ? "COMMIT" : "ROLLBACK";
  if (eng.options.echo) eng.log(word);
  auto kind = commit ? EventKind::Commit : EventKind::Rollback;
  if (eng.events.has(kind)) eng.events.dispatch(Event{kind, st.dbapi, {}, {}, false, nullptr});
  st.in_tx = false;
  st.savepoints.clear();
  ++st.tx_serial;
  guarded(st, word, {}, false, [&] {
    if (commit)
      st.dbapi->commit();
    else
      st.dbapi->rollback();
  });
}

Result run(ConnectionState& st, std::string_view sql, std::span<const Value> params) {
  auto& eng = *st.engine;
  autobegin(st);
  if (eng.options.echo) eng.log(std::string(sql) + "  " + params_repr(params));
  if (eng.events.has(EventKind::BeforeCursorExecute))
    eng.events.dispatch(
        Event{EventKind::BeforeCursorExecute, st.dbapi, sql, params, false, nullptr});
  auto cursor = guarded(st, sql, params, false, [&] { return st.dbapi->execute(sql, params); });
  if (eng.events.has(EventKind::AfterCursorExecute))
    eng.events.dispatch(
        Event{EventKind::AfterCursorExecute, st.dbapi, sql, params, false, nullptr});
  return Result(std::move(cursor));
}

// executemany over rows produced by `fill`, in batches written into one
// reused buffer: one multi-row INSERT per batch where the dialect prefers it,
// else the driver's own executemany.
Result executemany_rows(ConnectionState& st, const std::string& plain_sql, std::size_t width,
                        std::optional<detail::MultiRowInsert> multi, std::size_t count,
                        const std::function<void(std::size_t, std::span<Value>)>& fill) {
  auto& eng = *st.engine;
  const Dialect& d = *eng.dialect;
  if (count == 0) return Result(nullptr, 0);
  if (width == 0) {
    std::int64_t total = 0;
    for (std::size_t i = 0; i < count; ++i)
      total += std::max<std::int64_t>(0, run(st, plain_sql, {}).rowcount());
    return Result(nullptr, total);
  }
  autobegin(st);

  std::size_t batch_rows = 1000;
  if (multi)
    batch_rows = std::max<std::size_t>(
        1, std::min<std::size_t>(batch_rows, d.capabilities().max_bind_params / width));
  std::vector<Value>& flat = st.scratch;
  std::int64_t total = 0;
  bool unknown = false;
  const bool before = eng.events.has(EventKind::BeforeCursorExecute);
  for (std::size_t start = 0; start < count; start += batch_rows) {
    const std::size_t n = std::min(batch_rows, count - start);
    flat.resize(n * width);
    for (std::size_t r = 0; r < n; ++r)
      fill(start + r, std::span<Value>(flat.data() + r * width, width));
    std::span<const Value> params(flat.data(), n * width);
    const std::string& sql = multi ? multi->sql(n, d.paramstyle()) : plain_sql;
    if (eng.options.echo)
      eng.log(sql.substr(0, 300) + "  [" + std::to_string(n) + " parameter sets] " +
              params_repr(params));
    if (before)
      eng.events.dispatch(
          Event{EventKind::BeforeCursorExecute, st.dbapi, sql, params, !multi, nullptr});
    std::int64_t got = multi ? guarded(st, sql, params, false,
                                       [&] { return st.dbapi->execute(sql, params)->rowcount(); })
                             : guarded(st, sql, params, true,
                                       [&] { return st.dbapi->executemany(sql, params, width); });
    if (got < 0) unknown = true;
    total += std::max<std::int64_t>(got, 0);
    if (eng.events.has(EventKind::AfterCursorExecute))
      eng.events.dispatch(
          Event{EventKind::AfterCursorExecute, st.dbapi, sql, params, !multi, nullptr});
  }
  return Result(nullptr, unknown ? -1 : total);
}

Result executemany_text(ConnectionState& st, const TextClause& stmt, std::size_t count,
                        const std::function<void(std::size_t, std::span<Value>)>& fill) {
  const Dialect& d = *st.engine->dialect;
  std::optional<detail::MultiRowInsert> multi;
  if (count > 0 && !stmt.param_names().empty() && d.capabilities().multirow_insert_for_executemany)
    multi = detail::MultiRowInsert::from(stmt);
  return executemany_rows(st, stmt.compiled(d.paramstyle()), stmt.param_names().size(),
                          std::move(multi), count, fill);
}

}  // namespace

Result Connection::execute(const TextClause& stmt, const Params& params) {
  auto& st = live(st_);
  st.scratch.resize(stmt.param_names().size());
  bind_named(stmt, params, st.scratch);
  return run(st, stmt.compiled(st.engine->dialect->paramstyle()), st.scratch);
}

Result Connection::execute(std::string_view sql, const Params& params) {
  auto& st = live(st_);
  auto cache = std::static_pointer_cast<detail::ConnectionCache>(st.pooled.user_state());
  if (!cache) {
    cache = std::make_shared<detail::ConnectionCache>();
    st.pooled.user_state() = cache;
  }
  auto it = cache->texts.find(std::string(sql));
  if (it == cache->texts.end()) {
    if (cache->texts.size() > 512) cache->texts.clear();
    it = cache->texts.emplace(std::string(sql), std::make_shared<TextClause>(std::string(sql)))
             .first;
  }
  std::shared_ptr<TextClause> stmt = it->second;
  return execute(*stmt, params);
}

Result Connection::execute(const sql::Executable& stmt, const Params& params) {
  auto& st = live(st_);
  auto c = sql::compiled(stmt, *st.engine->dialect);
  c->params_into(params, st.scratch);
  Result r = run(st, c->sql, st.scratch);
  if (c->columns) r.set_columns(c->columns);
  return r;
}

Result Connection::exec_driver_sql(std::string_view sql, std::span<const Value> params) {
  return run(live(st_), sql, params);
}

Result Connection::executemany(std::string_view sql, const std::vector<Params>& param_sets) {
  return executemany(TextClause(std::string(sql)), param_sets);
}

Result Connection::executemany(const TextClause& stmt, const std::vector<Params>& param_sets) {
  return executemany_text(live(st_), stmt, param_sets.size(),
                          [&](std::size_t row, std::span<Value> out) {
                            bind_named(stmt, param_sets[row], out);
                          });
}

Result Connection::executemany(const TextClause& stmt, std::size_t count,
                               const std::function<void(std::size_t, std::span<Value>)>& fill) {
  return executemany_text(live(st_), stmt, count, fill);
}

Result Connection::executemany(const sql::Executable& stmt, const std::vector<Params>& param_sets) {
  auto& st = live(st_);
  if (param_sets.empty()) return Result(nullptr, 0);
  // insert(t) without values(): the columns are the first parameter set's names.
  std::optional<sql::Executable> derived;
  if (auto n = sql::detail::insert_for_params(*stmt.node(), param_sets.front()))
    derived.emplace(sql::Insert(std::move(n)));
  const sql::Executable& run_stmt = derived ? *derived : stmt;
  auto c = sql::compiled(run_stmt, *st.engine->dialect);
  if (!c->keys.empty())
    throw InvalidRequestError("executemany() runs statements that return no rows; "
                              "execute() each parameter set of a SELECT or RETURNING statement");
  std::vector<Value> one;
  return executemany_rows(st, c->sql, c->binds.size(), std::nullopt, param_sets.size(),
                          [&](std::size_t row, std::span<Value> out) {
                            try {
                              c->params_into(param_sets[row], one);
                            } catch (const ArgumentError& e) {
                              throw ArgumentError(std::string(e.what()) + " (parameter set " +
                                                  std::to_string(row) + ")");
                            }
                            std::copy(one.begin(), one.end(), out.begin());
                          });
}

Transaction Connection::begin() {
  auto& st = live(st_);
  if (st.in_tx)
    throw InvalidRequestError(
        "a transaction is already begun on this Connection; commit() or rollback() it first, "
        "or use begin_nested() for a savepoint");
  if (st.autocommit) return Transaction(this, {}, st.tx_serial);
  autobegin(st);
  return Transaction(this, {}, st.tx_serial);
}

Transaction Connection::begin_nested() {
  auto& st = live(st_);
  autobegin(st);
  std::string name = "sa_savepoint_" + std::to_string(++st.savepoint_counter);
  run(st, "SAVEPOINT " + name, {});
  st.savepoints.push_back(name);
  return Transaction(this, name, st.tx_serial);
}

void Connection::commit() {
  if (!st_) throw ResourceClosedError("this Connection is closed");
  if (st_->in_tx) end_transaction(*st_, true);
}

void Connection::rollback() {
  if (!st_) throw ResourceClosedError("this Connection is closed");
  if (st_->invalid_tx) {
    st_->invalid_tx = false;
    st_->in_tx = false;
    st_->savepoints.clear();
    ++st_->tx_serial;
    return;
  }
  if (st_->in_tx) end_transaction(*st_, false);
}

bool Connection::in_transaction() const noexcept { return st_ && st_->in_tx; }
bool Connection::in_nested_transaction() const noexcept {
  return st_ && !st_->savepoints.empty();
}

void Connection::set_isolation_level(std::string_view level) {
  auto& st = live(st_);
  if (st.in_tx)
    throw InvalidRequestError("set_isolation_level() while a transaction is in progress");
  std::string up(level);
  for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  guarded(st, "SET ISOLATION LEVEL", {}, false, [&] { st.dbapi->set_isolation_level(up); });
  st.autocommit = up == "AUTOCOMMIT";
  st.isolation_changed = true;
}

void Connection::invalidate() {
  if (!st_) return;
  st_->pooled.invalidate();
  st_->invalidated = true;
  st_->invalid_tx = false;
  st_->in_tx = false;
  st_->savepoints.clear();
  ++st_->tx_serial;
}

void Connection::close() {
  if (!st_) return;
  auto st = std::move(st_);
  if (st->isolation_changed && !st->invalidated) {
    // Put the engine's isolation level back; without one we do not know the
    // server default, so the connection is not reused.
    const auto& level = st->engine->options.isolation_level;
    try {
      if (level)
        st->dbapi->set_isolation_level(*level);
      else
        st->pooled.invalidate();
    } catch (...) {
      st->pooled.invalidate();
    }
  }
  // The pool rolls back on return (reset_on_return).
  st->pooled.release();
}

DriverConnection& Connection::dbapi() { return *live(st_).dbapi; }

// --- Transaction ---------------------------------------------------------

Transaction::Transaction(Transaction&& o) noexcept
    : conn_(std::exchange(o.conn_, nullptr)),
      savepoint_(std::move(o.savepoint_)),
      serial_(o.serial_) {}

Transaction& Transaction::operator=(Transaction&& o) noexcept {
  if (this != &o) {
    try {
      if (is_active()) rollback();
    } catch (...) {
    }
    conn_ = std::exchange(o.conn_, nullptr);
    savepoint_ = std::move(o.savepoint_);
    serial_ = o.serial_;
  }
  return *this;
}

Transaction::~Transaction() {
  try {
    if (is_active()) rollback();
  } catch (...) {
    // A failed rollback invalidated the connection already.
  }
}

bool Transaction::is_active() const noexcept {
  if (!conn_ || !conn_->st_ || conn_->st_->tx_serial != serial_) return false;
  const auto& st = *conn_->st_;
  if (savepoint_.empty()) return st.in_tx || st.autocommit;
  return std::find(st.savepoints.begin(), st.savepoints.end(), savepoint_) != st.savepoints.end();
}

void Transaction::commit() {
  if (!is_active()) throw InvalidRequestError("this transaction is no longer active");
  auto& st = *conn_->st_;
  if (savepoint_.empty()) {
    if (st.in_tx) end_transaction(st, true);
    conn_ = nullptr;
    return;
  }
  run(st, "RELEASE SAVEPOINT " + savepoint_, {});
  auto it = std::find(st.savepoints.begin(), st.savepoints.end(), savepoint_);
  st.savepoints.erase(it, st.savepoints.end());
  conn_ = nullptr;
}

void Transaction::rollback() {
  if (!is_active()) {
    conn_ = nullptr;
    return;
  }
  Connection* c = std::exchange(conn_, nullptr);
  auto& st = *c->st_;
  if (savepoint_.empty()) {
    c->rollback();
    return;
  }
  auto it = std::find(st.savepoints.begin(), st.savepoints.end(), savepoint_);
  st.savepoints.erase(it, st.savepoints.end());
  run(live(c->st_), "ROLLBACK TO SAVEPOINT " + savepoint_, {});
}

}  // namespace retort
