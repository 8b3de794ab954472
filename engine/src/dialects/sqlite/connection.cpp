#include "dialects/sqlite/connection.hpp"

#include "detail/sql_kind.hpp"
#include "retort/engine/error.hpp"

namespace retort::sqlite {

namespace {

ErrorClass classify(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return ErrorClass::Integrity;
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE: return ErrorClass::Data;
    case SQLITE_MISUSE: return ErrorClass::Interface;
    case SQLITE_INTERNAL: return ErrorClass::Internal;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return ErrorClass::Database;
    default: return ErrorClass::Operational;  // as Python's sqlite3 does for SQLITE_ERROR
  }
}

class SqliteCursor final : public DriverCursor {
 public:
  SqliteCursor(SqliteConnection& conn, std::shared_ptr<Statement> st, std::string_view sql,
               int first_rc, std::int64_t changes, std::int64_t rowid)
      : conn_(conn), st_(std::move(st)), sql_(sql), pending_(first_rc == SQLITE_ROW),
        done_(first_rc != SQLITE_ROW), changes_(changes), rowid_(rowid) {}

  ~SqliteCursor() override {
    sqlite3_reset(st_->stmt);
    sqlite3_clear_bindings(st_->stmt);
    st_->busy = false;
  }

  std::shared_ptr<const std::vector<std::string>> columns() const override {
    return st_->columns;
  }

  bool fetch(std::vector<Value>& row) override {
    if (done_) return false;
    if (!pending_) {
      int rc = sqlite3_step(st_->stmt);
      if (rc == SQLITE_DONE) {
        done_ = true;
        return false;
      }
      if (rc != SQLITE_ROW) {
        done_ = true;
        conn_.raise(rc, sql_);
      }
    }
    pending_ = false;
    sqlite3_stmt* s = st_->stmt;
    const int n = static_cast<int>(row.size());
    for (int i = 0; i < n; ++i) {
      Value& cell = row[static_cast<std::size_t>(i)];
      // One column lookup per cell: the sqlite3_value_* readers skip the
      // per-call statement checks the sqlite3_column_* functions repeat.
      sqlite3_value* v = sqlite3_column_value(s, i);
      switch (sqlite3_value_type(v)) {
        case SQLITE_INTEGER: cell.assign_int(sqlite3_value_int64(v)); break;
        case SQLITE_FLOAT: cell.assign_double(sqlite3_value_double(v)); break;
        case SQLITE_TEXT: {
          auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
          cell.assign_text(std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v))));
          break;
        }
        case SQLITE_BLOB: {
          auto* p = static_cast<const char*>(sqlite3_value_blob(v));
          auto len = static_cast<std::size_t>(sqlite3_value_bytes(v));
          cell.assign_bytes(p ? std::string_view(p, len) : std::string_view());
          break;
        }
        default: cell = Value(); break;
      }
    }
    return true;
  }

  std::int64_t rowcount() const override { return changes_; }
  std::optional<std::int64_t> lastrowid() const override {
    if (rowid_ <= 0) return std::nullopt;
    return rowid_;
  }

 private:
  SqliteConnection& conn_;
  std::shared_ptr<Statement> st_;
  std::string sql_;
  bool pending_;
  bool done_;
  std::int64_t changes_;
  std::int64_t rowid_;
};

}  // namespace

SqliteConnection::~SqliteConnection() {
  index_.clear();
  lru_.clear();
  sqlite3_finalize(schema_version_stmt_);
  // close_v2 waits for statements still held by live cursors.
  sqlite3_close_v2(db_);
}

void SqliteConnection::raise(int rc, std::string_view sql) const {
  int ext = sqlite3_extended_errcode(db_);
  std::string msg = sqlite3_errmsg(db_);
  if ((ext & 0xff) != (rc & 0xff)) {
    ext = rc;
    msg = sqlite3_errstr(rc);
  }
  throw_dbapi_error(classify(rc), "(sqlite3) " + msg, std::string(sql), std::to_string(ext));
}

void SqliteConnection::forget_statements() {
  // SQLite re-prepares statements itself after a schema change, but the
  // column names we keep with each statement would be stale.
  index_.clear();
  lru_.clear();
}

int SqliteConnection::schema_version() {
  if (!schema_version_stmt_ &&
      sqlite3_prepare_v3(db_, "PRAGMA schema_version", -1, SQLITE_PREPARE_PERSISTENT,
                         &schema_version_stmt_, nullptr) != SQLITE_OK) {
    return -1;
  }
  int version = -1;
  if (sqlite3_step(schema_version_stmt_) == SQLITE_ROW) {
    version = sqlite3_column_int(schema_version_stmt_, 0);
  }
  sqlite3_reset(schema_version_stmt_);
  return version;
}

std::shared_ptr<Statement> SqliteConnection::prepare(std::string_view sql) {
  auto it = index_.find(sql);
  if (it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    if (!it->second->second->busy) return it->second->second;
  }
  auto st = std::make_shared<Statement>();
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &st->stmt, &tail);
  if (rc != SQLITE_OK) raise(rc, sql);
  if (!st->stmt) {
    // Only whitespace or a comment: prepare an empty statement that does nothing.
    rc = sqlite3_prepare_v3(db_, "SELECT 1 WHERE 0", -1, 0, &st->stmt, nullptr);
    if (rc != SQLITE_OK) raise(rc, sql);
  } else if (tail && std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    throw_dbapi_error(ErrorClass::Programming,
                      "(sqlite3) you can only execute one statement at a time", std::string(sql),
                      "");
  }
  int n = sqlite3_column_count(st->stmt);
  auto cols = std::make_shared<std::vector<std::string>>();
  cols->reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) cols->emplace_back(sqlite3_column_name(st->stmt, i));
  st->columns = std::move(cols);
  if (it != index_.end()) return st;  // cached one is busy: use this one uncached
  lru_.emplace_front(std::string(sql), st);
  index_.emplace(lru_.front().first, lru_.begin());
  if (lru_.size() > kCacheSize) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
  return st;
}

void SqliteConnection::bind(sqlite3_stmt* s, std::span<const Value> params, bool copy,
                            std::string_view sql, int expected) {
  if (expected < 0) expected = sqlite3_bind_parameter_count(s);
  if (expected != static_cast<int>(params.size()))
    throw_dbapi_error(ErrorClass::Programming,
                      "(sqlite3) incorrect number of bindings supplied: the statement uses " +
                          std::to_string(expected) + ", and there are " +
                          std::to_string(params.size()) + " supplied",
                      std::string(sql), "");
  auto destructor = copy ? SQLITE_TRANSIENT : SQLITE_STATIC;
  for (int i = 0; i < expected; ++i) {
    const Value& v = params[static_cast<std::size_t>(i)];
    int rc = SQLITE_OK;
    const int idx = i + 1;
    auto text = [&](const std::string& t) {
      return sqlite3_bind_text64(s, idx, t.data(), t.size(), destructor, SQLITE_UTF8);
    };
    switch (v.kind()) {
      case Value::Kind::Null: rc = sqlite3_bind_null(s, idx); break;
      case Value::Kind::Bool: rc = sqlite3_bind_int(s, idx, v.get_raw<bool>() ? 1 : 0); break;
      case Value::Kind::Int: rc = sqlite3_bind_int64(s, idx, v.get_raw<std::int64_t>()); break;
      case Value::Kind::Double: rc = sqlite3_bind_double(s, idx, v.get_raw<double>()); break;
      case Value::Kind::Decimal: rc = text(v.get_raw<Decimal>().text); break;
      case Value::Kind::Text: rc = text(v.get_raw<std::string>()); break;
      case Value::Kind::Json: rc = text(v.get_raw<Json>().text); break;
      case Value::Kind::Bytes: {
        const auto& b = v.get_raw<Bytes>().data;
        rc = sqlite3_bind_blob64(s, idx, b.data(), b.size(), destructor);
        break;
      }
      case Value::Kind::Date:
      case Value::Kind::Time:
      case Value::Kind::DateTime:
      case Value::Kind::Uuid: {
        // Text forms are temporaries: SQLite must copy them.
        std::string t = *v.as<std::string>();
        rc = sqlite3_bind_text64(s, idx, t.data(), t.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
      }
    }
    if (rc != SQLITE_OK) raise(rc, sql);
  }
}

std::unique_ptr<DriverCursor> SqliteConnection::execute(std::string_view sql,
                                                        std::span<const Value> params) {
  auto st = prepare(sql);
  sqlite3_stmt* s = st->stmt;
  bind(s, params, true, sql);
  // DDL may change the shape of cached statements; one that changes nothing (CREATE TABLE
  // IF NOT EXISTS on a table that exists, as the migration lock runs every transaction)
  // leaves the schema version, and the cache, as they were.
  const bool ddl = detail::changes_schema(sql);
  const int schema_before = ddl ? schema_version() : 0;
  st->busy = true;
  const std::int64_t before = sqlite3_total_changes64(db_);
  int rc = sqlite3_step(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    st->busy = false;
    raise(rc, sql);
  }
  if (ddl && (schema_before < 0 || schema_version() != schema_before)) forget_statements();
  std::int64_t changes = -1;
  std::int64_t rowid = 0;
  if (!sqlite3_stmt_readonly(s)) {
    changes = sqlite3_total_changes64(db_) - before;
    rowid = sqlite3_last_insert_rowid(db_);
  }
  return std::make_unique<SqliteCursor>(*this, std::move(st), sql, rc, changes, rowid);
}

std::int64_t SqliteConnection::executemany(std::string_view sql, std::span<const Value> flat,
                                           std::size_t width) {
  auto st = prepare(sql);
  sqlite3_stmt* s = st->stmt;
  const std::int64_t before = sqlite3_total_changes64(db_);
  const std::size_t rows = width ? flat.size() / width : 0;
  const int expected = sqlite3_bind_parameter_count(s);
  for (std::size_t r = 0; r < rows; ++r) {
    bind(s, flat.subspan(r * width, width), false, sql, expected);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
      raise(rc, sql);
    }
    sqlite3_reset(s);
  }
  sqlite3_clear_bindings(s);
  return sqlite3_total_changes64(db_) - before;
}

void SqliteConnection::exec_simple(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    sqlite3_free(err);
    raise(rc, sql);
  }
}

void SqliteConnection::begin() {
  const bool immediate = immediate_;
  immediate_ = false;
  exec_simple(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}
void SqliteConnection::commit() {
  if (sqlite3_get_autocommit(db_)) return;
  try {
    exec_simple("COMMIT");
  } catch (...) {
    // A failed COMMIT (a deferred foreign key, SQLITE_BUSY) leaves the
    // transaction open; the caller considers it ended, so end it here.
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}
void SqliteConnection::rollback() {
  if (!sqlite3_get_autocommit(db_)) exec_simple("ROLLBACK");
}

void SqliteConnection::set_isolation_level(std::string_view level) {
  if (level == "SERIALIZABLE" || level == "AUTOCOMMIT")
    exec_simple("PRAGMA read_uncommitted = 0");
  else if (level == "READ UNCOMMITTED")
    exec_simple("PRAGMA read_uncommitted = 1");
  else
    throw ArgumentError("invalid isolation level for sqlite: '" + std::string(level) +
                        "' (valid: SERIALIZABLE, READ UNCOMMITTED, AUTOCOMMIT)");
}

bool SqliteConnection::ping() { return db_ != nullptr; }

std::string SqliteConnection::server_version() { return sqlite3_libversion(); }

}  // namespace retort::sqlite
