#include "retort/engine/error.hpp"

#include <string_view>

namespace retort {

namespace {
std::string compose(const std::string& message, const std::string& sql) {
  if (sql.empty()) return message;
  // Long statements are cut so that the error stays one readable line.
  constexpr std::size_t kMaxSql = 500;
  std::string shown = sql.size() > kMaxSql ? sql.substr(0, kMaxSql) + "..." : sql;
  for (char& c : shown)
    if (c == '\n' || c == '\r') c = ' ';
  return message + " [SQL: " + shown + "]";
}
}  // namespace

DBAPIError::DBAPIError(std::string message, std::string sql, std::string code)
    : Error(compose(message, sql)),
      message_(std::move(message)),
      sql_(std::move(sql)),
      code_(std::move(code)) {}

namespace {
template <class E>
[[noreturn]] void raise_as(std::string& message, std::string& sql, std::string& code,
                           bool invalidated) {
  E err(std::move(message), std::move(sql), std::move(code));
  err.set_connection_invalidated(invalidated);
  throw err;
}
}  // namespace

void throw_dbapi_error(ErrorClass cls, std::string message, std::string sql, std::string code,
                       bool invalidated) {
  auto& m = message;
  auto& s = sql;
  auto& c = code;
  const bool inv = invalidated;
  switch (cls) {
    case ErrorClass::Interface: raise_as<InterfaceError>(m, s, c, inv);
    case ErrorClass::Data: raise_as<DataError>(m, s, c, inv);
    case ErrorClass::Operational: raise_as<OperationalError>(m, s, c, inv);
    case ErrorClass::Integrity: raise_as<IntegrityError>(m, s, c, inv);
    case ErrorClass::Internal: raise_as<InternalError>(m, s, c, inv);
    case ErrorClass::Programming: raise_as<ProgrammingError>(m, s, c, inv);
    case ErrorClass::NotSupported: raise_as<NotSupportedError>(m, s, c, inv);
    case ErrorClass::Database: break;
  }
  raise_as<DatabaseError>(m, s, c, inv);
}

ErrorClass classify_sqlstate(std::string_view s) {
  if (s.size() < 2) return ErrorClass::Database;
  std::string_view cls = s.substr(0, 2);
  if (cls == "23") return ErrorClass::Integrity;
  if (cls == "22") return ErrorClass::Data;
  if (cls == "42" || cls == "3F" || cls == "26" || cls == "34" || cls == "2B" || cls == "37")
    return ErrorClass::Programming;
  if (cls == "08" || cls == "53" || cls == "54" || cls == "55" || cls == "57" || cls == "58" ||
      cls == "40" || cls == "HY" || cls == "25" || cls == "28" || cls == "3D" || cls == "F0")
    return ErrorClass::Operational;
  if (cls == "0A") return ErrorClass::NotSupported;
  if (cls == "XX" || cls == "P0") return ErrorClass::Internal;
  return ErrorClass::Database;
}

}  // namespace retort
