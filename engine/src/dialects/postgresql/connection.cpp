#include "dialects/postgresql/connection.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <exception>

#include "dialects/postgresql/errors.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/url.hpp"

namespace retort::postgresql {

namespace {

// Session settings the result parser relies on: timestamptz printed in UTC
// ("+00"), ISO dates, hex bytea, and floats printed exactly (servers before
// 12 print shortest-exact only with extra_float_digits > 0).
constexpr const char* kSessionSetup =
    "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, MDY'; SET bytea_output TO 'hex'; "
    "SET extra_float_digits TO 3";

bool ok_status(const PGresult* res) {
  if (res == nullptr) return false;
  switch (PQresultStatus(res)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return true;
    default:
      return false;
  }
}

bool is_copy(const PGresult* res) {
  if (res == nullptr) return false;
  const auto st = PQresultStatus(res);
  return st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH;
}

std::string_view error_field(const PGresult* res, int code) {
  const char* v = PQresultErrorField(res, code);
  return v != nullptr ? std::string_view(v) : std::string_view();
}

}  // namespace

[[noreturn]] static void connect_failed(const URL& url, const std::optional<std::string>& password,
                                        std::string_view message) {
  throw_dbapi_error(
      ErrorClass::Operational,
      "could not connect to " + url.str() + ": " + mask_password(one_line(message), password), "",
      "08001");
}

std::unique_ptr<PgConnection> PgConnection::open(const std::string& conninfo, const URL& url,
                                                 std::optional<std::string> password) {
  SessionPtr session;
  try {
    session = open_session(conninfo);
  } catch (const std::exception& e) {
    connect_failed(url, password, e.what());
  }
  if (session_handle(*session) == nullptr)
    connect_failed(url, password, "libpqxx returned no connection");
  std::unique_ptr<PgConnection> conn(new PgConnection(std::move(session), password));
  try {
    conn->setup_session();
  } catch (const DBAPIError& e) {
    connect_failed(url, conn->password_, e.driver_message());
  }
  return conn;
}

PgConnection::PgConnection(SessionPtr session, std::optional<std::string> password)
    : session_(std::move(session)), pg_(session_handle(*session_)), password_(std::move(password)) {
  // "15.18 (Debian 15.18-0+deb12u1)": keep the version, drop the packager's note.
  const char* v = PQparameterStatus(pg_, "server_version");
  server_version_ = v != nullptr ? v : "";
  if (const auto sp = server_version_.find(' '); sp != std::string::npos)
    server_version_.resize(sp);
}

// Closing the connection frees its prepared statements on the server, so the
// cache is dropped without DEALLOCATE round trips.
PgConnection::~PgConnection() = default;

void PgConnection::setup_session() { exec_command(kSessionSetup); }

void PgConnection::check_usable(std::string_view sql) const {
  if (pg_ == nullptr || PQstatus(pg_) == CONNECTION_BAD)
    throw_dbapi_error(ErrorClass::Operational, "the connection to the server was lost",
                      std::string(sql), "08003", true);
}

void PgConnection::raise(const PGresult* res, std::string_view sql) const {
  raise_error(pg_, res, sql, password_);
}

ResultPtr PgConnection::exec_command(const char* sql) {
  check_usable(sql);
  ResultPtr res(PQexec(pg_, sql));
  if (!ok_status(res.get())) raise(res.get(), sql);
  return res;
}

PgConnection::Statement& PgConnection::statement_for(std::string_view sql,
                                                     std::span<const Value> params) {
  if (schema_changed_ && !index_.empty() && index_.count(sql) != 0) {
    // Deferred from after_command: several DDL statements in a row cost one
    // DEALLOCATE round trip, and only when a cached statement is reused.
    for (auto& st : lru_) pending_deallocations_.push_back(std::move(st.name));
    index_.clear();
    lru_.clear();
    schema_changed_ = false;
    flush_deallocations();
  }
  if (auto it = index_.find(sql); it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);  // list iterators stay valid
    return lru_.front();
  }
  if (sql.find('\0') != std::string_view::npos)  // libpq takes C strings
    throw_dbapi_error(ErrorClass::Programming, "the SQL text contains a NUL byte", std::string(sql),
                      "42601");
  if (lru_.size() >= kCacheSize) evict(std::prev(lru_.end()));
  Statement st{std::string(sql), "r" + std::to_string(++statement_counter_), nullptr};
  const std::vector<Oid> types = ParamBinder::declared_types(params);
  ResultPtr res(PQprepare(pg_, st.name.c_str(), st.sql.c_str(), static_cast<int>(types.size()),
                          types.data()));
  if (!ok_status(res.get())) raise(res.get(), sql);
  lru_.push_front(std::move(st));
  index_.emplace(lru_.front().sql, lru_.begin());
  return lru_.front();
}

void PgConnection::evict(Lru::iterator it) {
  pending_deallocations_.push_back(std::move(it->name));
  index_.erase(it->sql);
  lru_.erase(it);
  flush_deallocations();
}

void PgConnection::forget_statements() {
  schema_changed_ = false;
  index_.clear();
  lru_.clear();
  pending_deallocations_.clear();
}

void PgConnection::flush_deallocations() {
  // In a failed transaction the server ignores every command; the names wait
  // for the next statement after ROLLBACK. (DEALLOCATE is not transactional,
  // so running it inside a transaction that later rolls back is fine.)
  if (pending_deallocations_.empty() || PQstatus(pg_) != CONNECTION_OK ||
      PQtransactionStatus(pg_) == PQTRANS_INERROR)
    return;
  std::string sql;
  for (const auto& name : pending_deallocations_) sql += "DEALLOCATE " + name + ";";
  pending_deallocations_.clear();
  // A failure only leaks a statement until the session ends; not worth an error.
  ResultPtr res(PQexec(pg_, sql.c_str()));
}

ResultPtr PgConnection::exec_prepared(const Statement& st) {
  // Results in text format: every type has one, and the parsers in types.cpp
  // are as fast as decoding binary for the common types.
  return ResultPtr(PQexecPrepared(pg_, st.name.c_str(), binder_.count(), binder_.values(),
                                  binder_.lengths(), binder_.formats(), 0));
}

bool PgConnection::is_stale(const PGresult* res, const Statement& st) const {
  if (res == nullptr) return false;
  const auto state = error_field(res, PG_DIAG_SQLSTATE);
  const auto message = error_field(res, PG_DIAG_MESSAGE_PRIMARY);
  // A SELECT * whose table changed shape since it was prepared (migrations do
  // that), or a statement dropped behind our back (DEALLOCATE by hand).
  if (state == "0A000") return message.find("cached plan must not change result") != message.npos;
  if (state == "26000") return message.find("\"" + st.name + "\"") != message.npos;
  return false;
}

ResultPtr PgConnection::run(std::string_view sql, std::span<const Value> params, Statement*& used) {
  binder_.bind(params, sql);
  for (int attempt = 0;; ++attempt) {
    Statement& st = statement_for(sql, params);
    ResultPtr res = exec_prepared(st);
    if (ok_status(res.get())) {
      used = &st;
      return res;
    }
    if (is_copy(res.get())) abort_copy(res.get(), sql);
    if (is_stale(res.get(), st)) {
      evict(index_.find(sql)->second);
      // Outside a transaction nothing was lost: prepare again and retry. In a
      // transaction the error already aborted it, so it must surface.
      if (attempt == 0 && PQtransactionStatus(pg_) == PQTRANS_IDLE) continue;
    }
    raise(res.get(), sql);
  }
}

void PgConnection::abort_copy(const PGresult* res, std::string_view sql) {
  // COPY ... FROM STDIN / TO STDOUT leaves the connection in copy mode; end
  // it so that the connection stays usable, then report the statement.
  if (PQresultStatus(res) == PGRES_COPY_OUT) {
    char* buf = nullptr;
    while (PQgetCopyData(pg_, &buf, 0) > 0) PQfreemem(buf);
  } else {
    PQputCopyEnd(pg_, "COPY is not supported by retort");
  }
  while (PGresult* r = PQgetResult(pg_)) PQclear(r);
  throw_dbapi_error(ErrorClass::NotSupported,
                    "COPY FROM STDIN / TO STDOUT is not supported through execute()",
                    std::string(sql), "0A000");
}

void PgConnection::after_command(const PGresult* res) {
  const char* tag = PQcmdStatus(const_cast<PGresult*>(res));
  if (tag == nullptr) return;
  // Only a few command tags matter; the first letter filters out the
  // INSERT/UPDATE/DELETE/SELECT of the hot path.
  switch (tag[0]) {
    case 'A':
    case 'C':
    case 'D':
    case 'I':
    case 'R':
      break;
    default:
      return;
  }
  const std::string_view t(tag);
  const auto starts = [&](std::string_view p) { return t.substr(0, p.size()) == p; };
  if (t == "DISCARD ALL" || t == "DEALLOCATE ALL") {
    forget_statements();  // the server dropped them all
  } else if (starts("CREATE") || starts("ALTER") || starts("DROP") || t == "DO" || t == "CALL" ||
             starts("IMPORT")) {
    // A prepared statement keeps the parameter types the server inferred
    // when it was prepared: after ALTER COLUMN ... TYPE, or DROP and CREATE
    // with other types (what migrations do), a cached INSERT would still
    // convert its parameters to the old types. Re-prepare everything on its
    // next use once the schema changed through this connection.
    schema_changed_ = true;
  }
  // DISCARD ALL and RESET [ALL] undo our session settings; put them back.
  if (t == "DISCARD ALL" || t == "RESET") setup_session();
}

std::unique_ptr<DriverCursor> PgConnection::execute(std::string_view sql,
                                                    std::span<const Value> params) {
  check_usable(sql);
  if (!pending_deallocations_.empty()) flush_deallocations();
  if (params.empty() && has_multiple_statements(sql)) return execute_script(sql);
  Statement* st = nullptr;
  ResultPtr res = run(sql, params, st);
  if (!st->shape || !st->shape->matches(res.get())) st->shape = ResultShape::of(res.get());
  const PGresult* raw = res.get();  // owned by the cursor from here on
  auto cursor = std::make_unique<PgCursor>(std::move(res), st->shape);
  // After the cursor took the shape: after_command may drop the statement.
  if (PQresultStatus(raw) != PGRES_TUPLES_OK) after_command(raw);
  return cursor;
}

std::unique_ptr<DriverCursor> PgConnection::execute_script(std::string_view sql) {
  // Several statements: the simple query protocol runs them in one round
  // trip (as one implicit transaction outside BEGIN) and returns the last
  // result. They cannot be prepared, so they bypass the cache.
  if (sql.find('\0') != std::string_view::npos)
    throw_dbapi_error(ErrorClass::Programming, "the SQL text contains a NUL byte", std::string(sql),
                      "42601");
  const std::string text(sql);
  ResultPtr res(PQexec(pg_, text.c_str()));
  if (is_copy(res.get())) abort_copy(res.get(), sql);
  if (!ok_status(res.get())) raise(res.get(), sql);
  auto shape = ResultShape::of(res.get());
  // Only the last statement's tag is visible; assume a script changed the schema.
  schema_changed_ = true;
  after_command(res.get());
  return std::make_unique<PgCursor>(std::move(res), std::move(shape));
}

std::int64_t PgConnection::executemany(std::string_view sql, std::span<const Value> flat,
                                       std::size_t width) {
  if (width == 0 ? !flat.empty() : flat.size() % width != 0)
    throw ArgumentError("executemany: " + std::to_string(flat.size()) +
                        " values do not split into sets of " + std::to_string(width));
  if (flat.empty()) return 0;
  check_usable(sql);
  if (!pending_deallocations_.empty()) flush_deallocations();
  const std::size_t sets = flat.size() / width;
  Statement* st = nullptr;
  ResultPtr res = run(sql, flat.first(width), st);
  std::int64_t total = affected_rows(res.get());
  const bool returns_rows = PQresultStatus(res.get()) == PGRES_TUPLES_OK;
  res.reset();
  // The remaining sets reuse the statement run() prepared; nothing else runs
  // on the connection in between, so it cannot have been evicted.
  std::size_t done = 1;
  if (sets > 1 && !returns_rows && PQtransactionStatus(pg_) == PQTRANS_INTRANS) {
    total = executemany_pipelined(*st, sql, flat, width, total);
    done = sets;
  }
  for (std::size_t i = done; i < sets; ++i) {
    binder_.bind(flat.subspan(i * width, width), sql);
    res = exec_prepared(*st);
    if (!ok_status(res.get())) raise(res.get(), sql);
    const std::int64_t n = affected_rows(res.get());
    total = (total < 0 || n < 0) ? -1 : total + n;
  }
  return total;
}

std::int64_t PgConnection::executemany_pipelined(const Statement& st, std::string_view sql,
                                                 std::span<const Value> flat, std::size_t width,
                                                 std::int64_t total) {
  // Inside a transaction, pipelining is indistinguishable from one statement
  // at a time: the first error aborts the transaction either way (the server
  // skips the rest of the pipeline instead of rejecting each with 25P02), and
  // nothing is committed before COMMIT. It saves a round trip per set.
  // Outside a transaction each set would commit on its own and the sets after
  // a failing one would still run, so that case keeps the plain loop.
  //
  // In blocking mode libpq writes while we are not reading, so results must
  // never fill the socket buffers: only statements without result rows get
  // here, and a sync point every kChunk sets bounds the unread replies
  // (~25 bytes each).
  constexpr std::size_t kChunk = 1000;
  const std::size_t sets = flat.size() / width;
  if (PQenterPipelineMode(pg_) != 1) raise(nullptr, sql);
  ResultPtr failure;
  std::exception_ptr bind_error;  // raised once the pipeline is drained
  bool broken = false;            // libpq refused to send, or the connection dropped
  for (std::size_t start = 1; start < sets && !failure && !bind_error && !broken;
       start += kChunk) {
    const std::size_t end = std::min(sets, start + kChunk);
    std::size_t sent = 0;
    for (std::size_t i = start; i < end && !broken; ++i) {
      try {
        binder_.bind(flat.subspan(i * width, width), sql);
      } catch (...) {
        // A set the protocol cannot carry (NUL in text): the sets before it
        // ran, as they would one at a time; the rest are not sent.
        bind_error = std::current_exception();
        break;
      }
      if (PQsendQueryPrepared(pg_, st.name.c_str(), binder_.count(), binder_.values(),
                              binder_.lengths(), binder_.formats(), 0) == 1)
        ++sent;
      else
        broken = true;
    }
    if (PQpipelineSync(pg_) != 1) {
      broken = true;
      break;
    }
    // Each query yields its result then a null; the sync yields PIPELINE_SYNC.
    // Counting the nulls guards against waiting for a sync that never comes.
    std::size_t ends = 0;
    for (;;) {
      ResultPtr r(PQgetResult(pg_));
      if (!r) {
        if (PQstatus(pg_) == CONNECTION_BAD || ++ends > sent) {
          broken = true;
          break;
        }
        continue;
      }
      const auto status = PQresultStatus(r.get());
      if (status == PGRES_PIPELINE_SYNC) break;
      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        const std::int64_t n = affected_rows(r.get());
        total = (total < 0 || n < 0) ? -1 : total + n;
      } else if (status != PGRES_PIPELINE_ABORTED && !failure) {
        failure = std::move(r);
      }
    }
  }
  const bool left = PQstatus(pg_) == CONNECTION_OK && PQexitPipelineMode(pg_) == 1;
  if (failure && left) raise(failure.get(), sql);
  if (bind_error && left && !broken) std::rethrow_exception(bind_error);
  if (!left || broken) {
    // Either the connection is gone, or it is stuck in pipeline mode with
    // replies we could not account for: it cannot be used again either way.
    std::string message = one_line(PQerrorMessage(pg_));
    if (message.empty()) message = "executemany pipeline failed";
    throw_dbapi_error(ErrorClass::Operational, mask_password(message, password_), std::string(sql),
                      "08006", true);
  }
  return total;
}

void PgConnection::begin() { exec_command("BEGIN"); }

void PgConnection::commit() {
  ResultPtr res = exec_command("COMMIT");
  // COMMIT of a transaction aborted by an earlier error succeeds with the tag
  // ROLLBACK. Reporting success would hide lost writes, so raise.
  const char* tag = PQcmdStatus(res.get());
  if (tag != nullptr && std::strcmp(tag, "ROLLBACK") == 0)
    throw_dbapi_error(ErrorClass::Operational,
                      "COMMIT failed: the transaction was aborted by an earlier error and has "
                      "been rolled back",
                      "COMMIT", "25P02");
  if (!pending_deallocations_.empty()) flush_deallocations();
}

void PgConnection::rollback() {
  exec_command("ROLLBACK");
  if (!pending_deallocations_.empty()) flush_deallocations();
}

void PgConnection::set_isolation_level(std::string_view level) {
  std::string norm(level);
  for (char& c : norm)
    c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // AUTOCOMMIT needs nothing here: outside begin() every statement already
  // commits on its own (we never open implicit transactions).
  if (norm == "AUTOCOMMIT") return;
  static constexpr std::string_view kLevels[] = {"READ COMMITTED", "REPEATABLE READ",
                                                 "SERIALIZABLE", "READ UNCOMMITTED"};
  if (std::find(std::begin(kLevels), std::end(kLevels), norm) == std::end(kLevels))
    throw ArgumentError("unknown isolation level '" + std::string(level) +
                        "' for postgresql; expected READ COMMITTED, REPEATABLE READ, "
                        "SERIALIZABLE, READ UNCOMMITTED or AUTOCOMMIT");
  const std::string sql = "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL " + norm;
  exec_command(sql.c_str());
}

bool PgConnection::ping() {
  try {
    if (pg_ == nullptr || PQstatus(pg_) != CONNECTION_OK) return false;
    // The empty query is the cheapest round trip; it is answered even inside
    // a failed transaction, which is still a live connection.
    ResultPtr res(PQexec(pg_, ""));
    return res && PQresultStatus(res.get()) == PGRES_EMPTY_QUERY && PQstatus(pg_) == CONNECTION_OK;
  } catch (...) {
    return false;  // a liveness probe reports, it does not throw
  }
}

}  // namespace retort::postgresql
