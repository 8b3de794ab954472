// Error classification for the MySQL/MariaDB driver: SQLSTATE first, then the
// server/client error number where the SQLSTATE is too generic (HY000) or
// where MySQL's SQLSTATE disagrees with what SQLAlchemy's MySQL dialects raise.
#include <errmsg.h>
#include <mysqld_error.h>

#include <string>

#include "dialects/mysql/driver.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/url.hpp"

namespace retort::mysql {

Session::~Session() {
  if (mysql != nullptr) mysql_close(mysql);
}

namespace {

struct Classified {
  ErrorClass cls;
  bool invalidated;
};

Classified classify(unsigned err, std::string_view sqlstate) {
  switch (err) {
    // Constraint violations: duplicate key, FK parent/child, NOT NULL, no
    // default, CHECK (3819 MySQL, 4025 MariaDB).
    case 1062:
    case 1451:
    case 1452:
    case 1048:
    case 1364:
    case 3819:
    case 4025:
    case 1216:
    case 1217:
    case 1586:
      return {ErrorClass::Integrity, false};
    // Syntax, unknown table/column/database.
    case 1064:
    case 1146:
    case 1054:
    case 1049:
      return {ErrorClass::Programming, false};
    // The link is gone: server gone away, lost during query, lost (extended),
    // connection killed (MariaDB), idle disconnect (MySQL 8), shutdown, and
    // the server-side network errors after which the server drops the
    // connection (packet too large, read/write errors and timeouts).
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_SERVER_LOST_EXTENDED:
    case 1927:
    case 4031:
    case 1053:
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case 1153:
    case 1158:
    case 1159:
    case 1160:
    case 1161:
      return {ErrorClass::Operational, true};
    // Lock wait timeout, deadlock, query interrupted: retryable, link intact.
    case 1205:
    case 1213:
    case 1317:
      return {ErrorClass::Operational, false};
    case ER_UNSUPPORTED_PS:
      return {ErrorClass::NotSupported, false};
    // Too long, out of range, bad string value, bad datetime value.
    case 1406:
    case 1264:
    case 1366:
    case 1292:
      return {ErrorClass::Data, false};
    // Client-side misuse of the API rather than a database condition.
    case CR_COMMANDS_OUT_OF_SYNC:
    case CR_NO_PREPARE_STMT:
    case CR_PARAMS_NOT_BOUND:
    case CR_INVALID_PARAMETER_NO:
    case CR_INVALID_BUFFER_USE:
    case CR_UNSUPPORTED_PARAM_TYPE:
      return {ErrorClass::Interface, false};
    default:
      break;
  }
  if (sqlstate.size() == 5 && sqlstate != "HY000" && sqlstate != "00000")
    return {classify_sqlstate(sqlstate), false};
  // Remaining client errors (2xxx) are about the link or the environment.
  if (err >= 2000 && err < 3000) return {ErrorClass::Operational, false};
  return {ErrorClass::Database, false};
}

}  // namespace

std::string one_line_message(unsigned err, std::string_view msg,
                             const std::optional<std::string>& password) {
  std::string out = "(" + std::to_string(err) + ") ";
  out.reserve(out.size() + msg.size());
  for (std::size_t i = 0; i < msg.size(); ++i) {
    char c = msg[i];
    if (c == '\r' || c == '\n') {
      // "\r\n" and runs of blank lines collapse to one separator.
      while (i + 1 < msg.size() && (msg[i + 1] == '\r' || msg[i + 1] == '\n')) ++i;
      if (i + 1 < msg.size()) out += "; ";
      continue;
    }
    out += c;
  }
  return mask_password(out, password);
}

std::string error_code(unsigned err, std::string_view sqlstate) {
  // HY000 ("general error") tells nothing; the error number does.
  if (sqlstate.size() == 5 && sqlstate != "00000" && sqlstate != "HY000")
    return std::string(sqlstate);
  return std::to_string(err);
}

void raise_error(Session& s, unsigned err, std::string_view sqlstate, std::string_view msg,
                 std::string_view sql) {
  Classified c = classify(err, sqlstate);
  if (c.invalidated) s.dead = true;
  std::string code = error_code(err, sqlstate);
  throw_dbapi_error(c.cls, one_line_message(err, msg, s.password), std::string(sql),
                    std::move(code), c.invalidated);
}

void raise_mysql_error(Session& s, std::string_view sql) {
  raise_error(s, mysql_errno(s.mysql), mysql_sqlstate(s.mysql), mysql_error(s.mysql), sql);
}

void raise_stmt_error(Session& s, MYSQL_STMT* stmt, std::string_view sql) {
  unsigned err = mysql_stmt_errno(stmt);
  if (err == 0) raise_mysql_error(s, sql);  // some failures only set the MYSQL error
  raise_error(s, err, mysql_stmt_sqlstate(stmt), mysql_stmt_error(stmt), sql);
}

void raise_dead(std::string_view sql) {
  throw_dbapi_error(ErrorClass::Operational,
                    "(2006) the connection to the server was lost earlier and cannot be used",
                    std::string(sql), "08003", true);
}

}  // namespace retort::mysql
