// Cursors: over a prepared statement's buffered result, and over a
// text-protocol result for statements the prepared protocol refuses.
#include <utility>

#include "dialects/mysql/driver.hpp"

namespace retort::mysql {

namespace {

class StatementCursor final : public DriverCursor {
 public:
  explicit StatementCursor(std::shared_ptr<Statement> st)
      : generation_(st->generation),
        columns_(st->columns()),
        rowcount_(st->rowcount()),
        lastrowid_(st->lastrowid()) {
    // A statement without rows has nothing the cursor needs: leave it free
    // for the next execute of the same SQL.
    if (st->has_result()) {
      st->in_use = true;
      st_ = std::move(st);
    }
  }
  ~StatementCursor() override { release(); }
  StatementCursor(const StatementCursor&) = delete;
  StatementCursor& operator=(const StatementCursor&) = delete;

  std::shared_ptr<const std::vector<std::string>> columns() const override { return columns_; }

  bool fetch(std::vector<Value>& row) override {
    if (!st_) return false;
    // A drain of further CALL result sets replaced the rows we were reading.
    if (st_->generation != generation_) {
      release();
      return false;
    }
    if (st_->fetch(row)) return true;
    // Exhausted: hand the statement back right away, so that re-running the
    // same SQL while this cursor object still exists reuses the cached one.
    release();
    return false;
  }

  std::int64_t rowcount() const override { return rowcount_; }
  std::optional<std::int64_t> lastrowid() const override { return lastrowid_; }

 private:
  void release() noexcept {
    if (!st_) return;
    if (st_->generation == generation_) st_->free_result();
    st_->in_use = false;
    st_.reset();
  }

  std::shared_ptr<Statement> st_;
  std::uint64_t generation_;
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::int64_t rowcount_;
  std::optional<std::int64_t> lastrowid_;
};

class TextCursor final : public DriverCursor {
 public:
  TextCursor(MYSQL_RES* res, std::int64_t rowcount, std::optional<std::int64_t> lastrowid)
      : res_(res), columns_(no_columns()), rowcount_(rowcount), lastrowid_(lastrowid) {
    if (res_ == nullptr) return;
    const unsigned n = mysql_num_fields(res_);
    const MYSQL_FIELD* fields = mysql_fetch_fields(res_);
    auto names = std::make_shared<std::vector<std::string>>();
    for (unsigned i = 0; i < n; ++i) {
      kinds_.push_back(column_kind(fields[i]));
      names->emplace_back(fields[i].name, fields[i].name_length);
    }
    columns_ = std::move(names);
  }
  ~TextCursor() override {
    if (res_ != nullptr) mysql_free_result(res_);
  }
  TextCursor(const TextCursor&) = delete;
  TextCursor& operator=(const TextCursor&) = delete;

  std::shared_ptr<const std::vector<std::string>> columns() const override { return columns_; }

  bool fetch(std::vector<Value>& row) override {
    if (res_ == nullptr) return false;
    MYSQL_ROW r = mysql_fetch_row(res_);
    if (r == nullptr) return false;
    const unsigned long* lengths = mysql_fetch_lengths(res_);
    if (row.size() != kinds_.size()) row.resize(kinds_.size());
    for (std::size_t i = 0; i < kinds_.size(); ++i)
      store_text_cell(row[i], kinds_[i], r[i], lengths[i]);
    return true;
  }

  std::int64_t rowcount() const override { return rowcount_; }
  std::optional<std::int64_t> lastrowid() const override { return lastrowid_; }

 private:
  MYSQL_RES* res_;
  std::vector<ColKind> kinds_;
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::int64_t rowcount_;
  std::optional<std::int64_t> lastrowid_;
};

}  // namespace

std::unique_ptr<DriverCursor> make_statement_cursor(std::shared_ptr<Statement> st) {
  return std::make_unique<StatementCursor>(std::move(st));
}

std::unique_ptr<DriverCursor> run_text_query(Session& s, std::string_view sql) {
  if (mysql_real_query(s.mysql, sql.data(), static_cast<unsigned long>(sql.size())) != 0)
    raise_mysql_error(s, sql);
  // Buffered, like the prepared path, so the connection is free again at once.
  MYSQL_RES* res = mysql_store_result(s.mysql);
  if (res == nullptr && mysql_field_count(s.mysql) != 0) raise_mysql_error(s, sql);
  std::int64_t rowcount = -1;
  if (res != nullptr) {
    rowcount = static_cast<std::int64_t>(mysql_num_rows(res));
  } else if (my_ulonglong n = mysql_affected_rows(s.mysql); n != static_cast<my_ulonglong>(-1)) {
    rowcount = static_cast<std::int64_t>(n);
  }
  std::optional<std::int64_t> lastrowid;
  if (my_ulonglong id = mysql_insert_id(s.mysql); id != 0)
    lastrowid = static_cast<std::int64_t>(id);
  auto cursor = std::make_unique<TextCursor>(res, rowcount, lastrowid);  // owns `res` now
  // Further result sets (CALL) are read and dropped so the link stays in sync;
  // the first one is already stored client-side.
  while (mysql_more_results(s.mysql)) {
    const int rc = mysql_next_result(s.mysql);
    if (rc > 0) raise_mysql_error(s, sql);
    if (rc < 0) break;
    if (MYSQL_RES* extra = mysql_store_result(s.mysql)) mysql_free_result(extra);
  }
  return cursor;
}

}  // namespace retort::mysql
