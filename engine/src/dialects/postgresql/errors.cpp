#include "dialects/postgresql/errors.hpp"

#include <cstring>

#include "retort/engine/error.hpp"
#include "retort/engine/url.hpp"

namespace retort::postgresql {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

std::string_view field(const PGresult* res, int code) {
  const char* v = res != nullptr ? PQresultErrorField(res, code) : nullptr;
  return v != nullptr ? std::string_view(v) : std::string_view();
}

// Index just past a quoted section that opened at sql[i] (a ' or "), where a
// doubled quote is an escaped one; with backslash_escapes (E'...') a
// backslash escapes the next character too.
std::size_t skip_quoted(std::string_view sql, std::size_t i, bool backslash_escapes) {
  const char q = sql[i++];
  while (i < sql.size()) {
    const char c = sql[i++];
    if (backslash_escapes && c == '\\') {
      ++i;
    } else if (c == q) {
      if (i < sql.size() && sql[i] == q)
        ++i;
      else
        return i;
    }
  }
  return sql.size();
}

// If a dollar quote ($$ or $tag$) opens at sql[i], returns the index just past
// its closing delimiter; otherwise 0. $1 is a parameter, not a quote.
std::size_t skip_dollar_quote(std::string_view sql, std::size_t i) {
  std::size_t j = i + 1;
  if (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') return 0;
  while (j < sql.size() && sql[j] != '$') {
    if (!is_ident_char(sql[j]) || sql[j] == '$') return 0;
    ++j;
  }
  if (j >= sql.size()) return 0;
  const std::string_view tag = sql.substr(i, j - i + 1);
  const std::size_t close = sql.find(tag, j + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

}  // namespace

std::string one_line(std::string_view message) {
  for (std::string_view prefix : {"ERROR:  ", "FATAL:  ", "PANIC:  "})
    if (message.substr(0, prefix.size()) == prefix) message.remove_prefix(prefix.size());
  std::string out;
  out.reserve(message.size());
  bool pending_break = false;
  for (char c : message) {
    if (c == '\n' || c == '\r') {
      pending_break = true;
      continue;
    }
    if (pending_break) {
      // Continuation lines from libpq start with a tab; drop that indentation.
      if (c == '\t' || c == ' ') continue;
      if (!out.empty()) out += "; ";
      pending_break = false;
    }
    out += c == '\t' ? ' ' : c;
  }
  while (!out.empty() && is_space(out.back())) out.pop_back();
  return out;
}

void raise_error(PGconn* pg, const PGresult* res, std::string_view sql,
                 const std::optional<std::string>& password) {
  const bool lost = pg == nullptr || PQstatus(pg) == CONNECTION_BAD;
  std::string sqlstate(field(res, PG_DIAG_SQLSTATE));
  std::string message;
  if (const auto primary = field(res, PG_DIAG_MESSAGE_PRIMARY); !primary.empty()) {
    // Built from the fields rather than PQresultErrorMessage, whose "LINE 1:"
    // and caret lines make no sense once folded onto one line.
    message = one_line(primary);
    if (const auto detail = field(res, PG_DIAG_MESSAGE_DETAIL); !detail.empty())
      message += "; DETAIL: " + one_line(detail);
    if (const auto hint = field(res, PG_DIAG_MESSAGE_HINT); !hint.empty())
      message += "; HINT: " + one_line(hint);
    if (lost) message += "; the connection to the server was lost";
  } else {
    const char* m = res != nullptr ? PQresultErrorMessage(res) : "";
    if ((m == nullptr || *m == '\0') && pg != nullptr) m = PQerrorMessage(pg);
    message = one_line(m != nullptr && *m != '\0' ? m : "unknown libpq error");
  }

  ErrorClass cls;
  if (sqlstate.empty()) {
    // libpq's own failures carry no SQLSTATE: a lost connection, or a local
    // problem talking to the server. Report the lost connection as 08006
    // (connection_failure) so callers can test the code uniformly.
    if (lost) sqlstate = "08006";
    cls = ErrorClass::Operational;
  } else if (sqlstate == "08P01" && !lost) {
    // A protocol violation on a live connection is the server rejecting our
    // Bind, e.g. "bind message supplies 1 parameters, but prepared statement
    // requires 2": a caller mistake, as SQLAlchemy would report it.
    cls = ErrorClass::Programming;
  } else {
    cls = classify_sqlstate(sqlstate);
  }
  throw_dbapi_error(cls, mask_password(message, password), std::string(sql), std::move(sqlstate),
                    lost);
}

bool has_multiple_statements(std::string_view sql) {
  bool after_semicolon = false;
  std::size_t i = 0;
  const std::size_t n = sql.size();
  while (i < n) {
    const char c = sql[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      const std::size_t eol = sql.find('\n', i);
      i = eol == std::string_view::npos ? n : eol + 1;
      continue;
    }
    if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      int depth = 1;  // PostgreSQL block comments nest
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] == '/' && i + 1 < n && sql[i + 1] == '*') {
          ++depth;
          i += 2;
        } else if (sql[i] == '*' && i + 1 < n && sql[i + 1] == '/') {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      }
      continue;
    }
    if (c == ';') {
      after_semicolon = true;
      ++i;
      continue;
    }
    if (after_semicolon) return true;
    if (c == '\'') {
      const bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                           (i < 2 || !is_ident_char(sql[i - 2]));
      i = skip_quoted(sql, i, escapes);
    } else if (c == '"') {
      i = skip_quoted(sql, i, false);
    } else if (c == '$' && (i == 0 || !is_ident_char(sql[i - 1]))) {
      const std::size_t end = skip_dollar_quote(sql, i);
      i = end != 0 ? end : i + 1;
    } else {
      ++i;
    }
  }
  return false;
}

}  // namespace retort::postgresql
