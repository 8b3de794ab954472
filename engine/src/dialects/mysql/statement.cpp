// One server-side prepared statement (mysql_stmt_*): prepare, bind, execute,
// buffer the result (mysql_stmt_store_result, so several cursors can be alive
// on one connection), and fetch rows into reused Value cells.
#include <errmsg.h>
#include <mysqld_error.h>

#include <cstring>
#include <string>

#include "dialects/mysql/driver.hpp"
#include "retort/engine/error.hpp"

namespace retort::mysql {

const std::shared_ptr<const std::vector<std::string>>& no_columns() {
  static const auto empty = std::make_shared<const std::vector<std::string>>();
  return empty;
}

void drain_pending(Session& s) {
  if (s.pending != nullptr) s.pending->drain_more_results();
}

Statement::Statement(std::shared_ptr<Session> session, std::string_view sql)
    : session_(std::move(session)), sql_(sql), columns_(no_columns()) {
  stmt_ = mysql_stmt_init(session_->mysql);
  if (stmt_ == nullptr) raise_mysql_error(*session_, sql_);
  bool ok = false;
  try {
    ok = prepare();
  } catch (...) {
    mysql_stmt_close(stmt_);  // the destructor does not run for a throwing constructor
    throw;
  }
  if (!ok) {
    // Not preparable (some SHOW/admin statements): this object stays as a
    // marker that sends the SQL through the text protocol from now on.
    mysql_stmt_close(stmt_);
    stmt_ = nullptr;
  }
}

Statement::~Statement() {
  if (session_->pending == this) session_->pending = nullptr;
  // mysql_stmt_close also reads any unread result sets before COM_STMT_CLOSE.
  if (stmt_ != nullptr) mysql_stmt_close(stmt_);
}

bool Statement::prepare() {
  Session& s = *session_;
  if (mysql_stmt_prepare(stmt_, sql_.data(), static_cast<unsigned long>(sql_.size())) != 0) {
    if (mysql_stmt_errno(stmt_) == ER_UNSUPPORTED_PS) return false;
    raise_stmt_error(s, stmt_, sql_);
  }
  param_count_ = static_cast<unsigned>(mysql_stmt_param_count(stmt_));
  param_binds_.assign(param_count_, MYSQL_BIND{});
  slots_.resize(param_count_);
  // Column names come from the prepare-time metadata; sync_result_layout()
  // refreshes them if an execute reports a different shape.
  if (MYSQL_RES* meta = mysql_stmt_result_metadata(stmt_)) {
    load_layout(mysql_fetch_fields(meta), mysql_num_fields(meta));
    mysql_free_result(meta);
  } else {
    load_layout(nullptr, 0);
  }
  return true;
}

// After an execute the server's metadata may differ from prepare time:
// "SELECT ?" only learns its type from the parameter, ALTER TABLE changes
// columns, and each result set of a CALL has its own shape.
void Statement::sync_result_layout() {
  const unsigned n = mysql_stmt_field_count(stmt_);
  const MYSQL_FIELD* fields = stmt_->fields;  // libmariadb keeps them current per execute
  bool same = n == cols_.size() && columns_->size() == n;
  for (unsigned i = 0; same && i < n; ++i) {
    const ResultColumn& c = cols_[i];
    const MYSQL_FIELD& f = fields[i];
    same = c.type == f.type && c.charsetnr == f.charsetnr &&
           (c.flags & UNSIGNED_FLAG) == (f.flags & UNSIGNED_FLAG) &&
           (*columns_)[i].size() == f.name_length &&
           std::memcmp((*columns_)[i].data(), f.name, f.name_length) == 0;
  }
  if (!same) load_layout(fields, n);
}

void Statement::load_layout(const MYSQL_FIELD* fields, unsigned n) {
  cols_.resize(n);
  result_binds_.resize(n);
  if (n == 0) {
    columns_ = no_columns();
    return;
  }
  auto names = std::make_shared<std::vector<std::string>>();
  names->reserve(n);
  for (unsigned i = 0; i < n; ++i) {
    setup_result_column(cols_[i], result_binds_[i], fields[i]);
    names->emplace_back(fields[i].name, fields[i].name_length);
  }
  columns_ = std::move(names);
}

void Statement::execute(std::span<const Value> params) {
  Session& s = *session_;
  if (params.size() != param_count_) {
    throw_dbapi_error(ErrorClass::Programming,
                      "statement expects " + std::to_string(param_count_) + " parameters, got " +
                          std::to_string(params.size()),
                      sql_, "07001");
  }
  bind_params(params);
  ++generation;
  has_result_ = false;
  if (mysql_stmt_execute(stmt_) != 0) {
    // The column count changed under us (ALTER TABLE with SELECT *):
    // libmariadb wants the statement prepared again. Retry once.
    if (mysql_stmt_errno(stmt_) != CR_NEW_STMT_METADATA) raise_stmt_error(s, stmt_, sql_);
    try {
      if (!prepare() || param_count_ != params.size())
        raise_error(s, CR_NEW_STMT_METADATA, "HY000", "prepared statement changed shape", sql_);
    } catch (...) {
      broken = true;  // the connection drops it from its cache
      throw;
    }
    bind_params(params);
    if (mysql_stmt_execute(stmt_) != 0) raise_stmt_error(s, stmt_, sql_);
  }
  lastrowid_.reset();
  if (mysql_stmt_field_count(stmt_) == 0) {
    const my_ulonglong affected = mysql_stmt_affected_rows(stmt_);
    rowcount_ =
        affected == static_cast<my_ulonglong>(-1) ? -1 : static_cast<std::int64_t>(affected);
    if (my_ulonglong id = mysql_stmt_insert_id(stmt_); id != 0)
      lastrowid_ = static_cast<std::int64_t>(id);
    // Nothing to keep for a cursor; do not leave the connection out of sync.
    if (mysql_stmt_more_results(stmt_)) drain_more_results();
    return;
  }
  sync_result_layout();
  // Rebound on every execute: libmariadb resets its copy of the bindings
  // when a statement produces several result sets.
  if (mysql_stmt_bind_result(stmt_, result_binds_.data()) != 0) raise_stmt_error(s, stmt_, sql_);
  if (mysql_stmt_store_result(stmt_) != 0) raise_stmt_error(s, stmt_, sql_);
  has_result_ = true;
  rowcount_ = static_cast<std::int64_t>(mysql_stmt_num_rows(stmt_));
  if (mysql_stmt_more_results(stmt_)) s.pending = this;
}

void Statement::bind_params(std::span<const Value> params) {
  if (param_count_ == 0) return;
  for (unsigned i = 0; i < param_count_; ++i) bind_param(param_binds_[i], slots_[i], params[i]);
  if (mysql_stmt_bind_param(stmt_, param_binds_.data()) != 0)
    raise_stmt_error(*session_, stmt_, sql_);
}

void Statement::grow_and_refetch(std::size_t col) {
  ResultColumn& c = cols_[col];
  std::size_t want = c.buf.size() * 2;
  if (want < c.length) want = c.length;
  c.buf.resize(want);
  MYSQL_BIND& b = result_binds_[col];
  b.buffer = c.buf.data();
  b.buffer_length = static_cast<unsigned long>(c.buf.size());
  MYSQL_BIND one = b;
  if (mysql_stmt_fetch_column(stmt_, &one, static_cast<unsigned>(col), 0) != 0)
    raise_stmt_error(*session_, stmt_, sql_);
}

bool Statement::fetch(std::vector<Value>& row) {
  const int rc = mysql_stmt_fetch(stmt_);
  if (rc == MYSQL_NO_DATA) return false;
  if (rc == 1) raise_stmt_error(*session_, stmt_, sql_);
  // Cells longer than their buffer were truncated (MYSQL_DATA_TRUNCATED).
  // The buffered row is still there: read each such cell again into a buffer
  // that fits, then bind the grown buffers for the rows after this one. The
  // re-binding must wait until every cell of the row has been re-read, and
  // must happen even on error: libmariadb still points at the old buffers.
  bool grown = false;
  try {
    for (std::size_t i = 0; i < cols_.size(); ++i) {
      const ResultColumn& c = cols_[i];
      if (!c.is_null && c.length > c.buf.size() &&
          (c.kind == ColKind::Text || c.kind == ColKind::Bytes || c.kind == ColKind::Decimal ||
           c.kind == ColKind::Bit)) {
        grown = true;
        grow_and_refetch(i);
      }
    }
  } catch (...) {
    mysql_stmt_bind_result(stmt_, result_binds_.data());
    throw;
  }
  if (grown && mysql_stmt_bind_result(stmt_, result_binds_.data()) != 0)
    raise_stmt_error(*session_, stmt_, sql_);
  if (row.size() != cols_.size()) row.resize(cols_.size());
  for (std::size_t i = 0; i < cols_.size(); ++i) store_cell(row[i], cols_[i]);
  return true;
}

void Statement::free_result() noexcept {
  if (stmt_ != nullptr && has_result_) mysql_stmt_free_result(stmt_);
  has_result_ = false;
}

void Statement::drain_more_results() {
  Session& s = *session_;
  if (s.pending == this) s.pending = nullptr;
  ++generation;  // the buffered rows go away with the next result set
  has_result_ = false;
  for (;;) {
    const int rc = mysql_stmt_next_result(stmt_);
    if (rc < 0) break;  // no more results
    if (rc > 0) raise_stmt_error(s, stmt_, sql_);
    if (mysql_stmt_field_count(stmt_) > 0) {
      if (mysql_stmt_store_result(stmt_) != 0) raise_stmt_error(s, stmt_, sql_);
      mysql_stmt_free_result(stmt_);
    }
  }
}

}  // namespace retort::mysql
