// Internal declarations of the MySQL/MariaDB driver (libmariadb). Only the
// files in this directory include it: mysql.h stays out of public headers.
#pragma once

#include <mysql.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/dialect.hpp"
#include "retort/engine/value.hpp"

namespace retort::mysql {

class Statement;

// The MYSQL handle plus what every error path needs. Statements and cursors
// hold it by shared_ptr, so a cursor that outlives its DriverConnection still
// points at a live handle (the socket closes when the last holder goes).
struct Session {
  MYSQL* mysql = nullptr;
  std::optional<std::string> password;  // masked out of every message
  bool dead = false;                    // set once an error says the link is gone
  // A statement whose first result set is buffered but whose further result
  // sets (CALL) are still unread; they must be drained before the next command.
  Statement* pending = nullptr;

  Session() = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();
};

// ---- errors.cpp -----------------------------------------------------------

// The driver message as one line ("(1062) Duplicate entry ..."), password masked.
std::string one_line_message(unsigned err, std::string_view msg,
                             const std::optional<std::string>& password);
// DBAPIError::code(): the SQLSTATE, or the error number when the SQLSTATE is
// missing or the generic HY000.
std::string error_code(unsigned err, std::string_view sqlstate);
// Classifies and throws; marks the session dead when the error means the
// connection is gone.
[[noreturn]] void raise_error(Session& s, unsigned err, std::string_view sqlstate,
                              std::string_view msg, std::string_view sql);
[[noreturn]] void raise_mysql_error(Session& s, std::string_view sql);
[[noreturn]] void raise_stmt_error(Session& s, MYSQL_STMT* stmt, std::string_view sql);
// For a session already known to be dead: OperationalError, invalidated.
[[noreturn]] void raise_dead(std::string_view sql);

// ---- bind.cpp -------------------------------------------------------------

// How a result column is fetched and which Value alternative it becomes.
enum class ColKind : std::uint8_t {
  Null,
  Int,
  UInt,
  Double,
  Decimal,
  Text,
  Bytes,
  Bit,
  Date,
  Time,
  DateTime
};

ColKind column_kind(const MYSQL_FIELD& f);

// Scratch storage for one bound parameter whose Value cannot be pointed at
// directly (bool, temporal types, UUID text). Reused across executions.
struct ParamSlot {
  MYSQL_TIME time{};
  signed char tiny = 0;
  std::string text;
};

// Points `b` at `v` (or at `slot`, filled from `v`). `v` must outlive the execute.
void bind_param(MYSQL_BIND& b, ParamSlot& slot, const Value& v);

// Fetch buffers of one result column, reused for every row and execution.
struct ResultColumn {
  ColKind kind = ColKind::Text;
  enum_field_types type = MYSQL_TYPE_NULL;  // as reported, to notice metadata changes
  unsigned charsetnr = 0;
  unsigned flags = 0;
  std::int64_t i = 0;
  double d = 0;
  MYSQL_TIME t{};
  std::vector<char> buf;  // Text/Bytes/Decimal/Bit bytes; grown on truncation
  unsigned long length = 0;
  my_bool is_null = 0;
  my_bool error = 0;
};

// Prepares `c` for field `f` and points `b` at its buffers.
void setup_result_column(ResultColumn& c, MYSQL_BIND& b, const MYSQL_FIELD& f);
// Copies a fetched (complete) cell into `out`, reusing its string storage.
void store_cell(Value& out, const ResultColumn& c);
// Converts one text-protocol cell (mysql_real_query fallback) into `out`.
void store_text_cell(Value& out, ColKind kind, const char* data, unsigned long len);

// ---- statement.cpp --------------------------------------------------------

// One server-side prepared statement with its parameter and result buffers.
// A statement the prepared protocol refuses (ER_UNSUPPORTED_PS) is kept as a
// "text" statement so later executions go straight to mysql_real_query.
class Statement {
 public:
  // Prepares `sql`; throws the classified error on failure.
  Statement(std::shared_ptr<Session> session, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  const std::string& sql() const noexcept { return sql_; }
  bool text_only() const noexcept { return stmt_ == nullptr; }
  Session& session() const noexcept { return *session_; }

  // Binds `params`, executes, and buffers the result set if there is one.
  void execute(std::span<const Value> params);
  bool has_result() const noexcept { return has_result_; }
  std::int64_t rowcount() const noexcept { return rowcount_; }
  std::optional<std::int64_t> lastrowid() const noexcept { return lastrowid_; }
  const std::shared_ptr<const std::vector<std::string>>& columns() const noexcept {
    return columns_;
  }
  // Next buffered row into `row`; false after the last.
  bool fetch(std::vector<Value>& row);
  // Frees the buffered rows (the cursor is done with them).
  void free_result() noexcept;
  // Reads and discards the result sets after the first (CALL), which
  // invalidates the current one.
  void drain_more_results();

  // Bumped by every execute and drain: a cursor compares it to know whether
  // the rows it was created for are still there.
  std::uint64_t generation = 0;
  // A live cursor reads this statement's buffers: re-executing it would
  // clobber them, so the connection prepares a fresh statement instead.
  bool in_use = false;
  // A failed re-prepare left the handle unusable: do not reuse it.
  bool broken = false;

 private:
  bool prepare();
  void bind_params(std::span<const Value> params);
  void sync_result_layout();
  void load_layout(const MYSQL_FIELD* fields, unsigned n);
  void grow_and_refetch(std::size_t col);

  std::shared_ptr<Session> session_;
  std::string sql_;
  MYSQL_STMT* stmt_ = nullptr;
  unsigned param_count_ = 0;
  std::vector<MYSQL_BIND> param_binds_;
  std::vector<ParamSlot> slots_;
  std::vector<ResultColumn> cols_;
  std::vector<MYSQL_BIND> result_binds_;
  std::shared_ptr<const std::vector<std::string>> columns_;
  bool has_result_ = false;
  std::int64_t rowcount_ = -1;
  std::optional<std::int64_t> lastrowid_;
};

// An empty column list shared by every statement that returns no rows.
const std::shared_ptr<const std::vector<std::string>>& no_columns();

// Before any command: drains the result sets a CALL left unread.
void drain_pending(Session& s);

// ---- cursor.cpp -----------------------------------------------------------

// Cursor over a prepared statement's buffered result (or just its counts).
std::unique_ptr<DriverCursor> make_statement_cursor(std::shared_ptr<Statement> st);
// Runs `sql` through the text protocol (statements the prepared protocol refuses).
std::unique_ptr<DriverCursor> run_text_query(Session& s, std::string_view sql);

// ---- connection.cpp -------------------------------------------------------

std::unique_ptr<DriverConnection> connect(const URL& url, const ConnectArgs& args);

}  // namespace retort::mysql
