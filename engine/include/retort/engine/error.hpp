// The exception hierarchy: every error Retort raises derives from retort::Error.
// Database errors are classified the way SQLAlchemy/PEP 249 do, from SQLSTATE,
// MySQL error numbers and SQLite result codes.
#pragma once

#include <stdexcept>
#include <string>

namespace retort {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad arguments from the caller: malformed URL, unknown dialect, bad option.
class ArgumentError : public Error {
 public:
  using Error::Error;
};

// A request that is invalid in the object's current state (closed result, ...).
class InvalidRequestError : public Error {
 public:
  using Error::Error;
};

class ResourceClosedError : public InvalidRequestError {
 public:
  using InvalidRequestError::InvalidRequestError;
};

// Row has no column of that name, or a typed get<T>() cannot convert the value.
class NoSuchColumnError : public InvalidRequestError {
 public:
  using InvalidRequestError::InvalidRequestError;
};

class TypeConversionError : public InvalidRequestError {
 public:
  using InvalidRequestError::InvalidRequestError;
};

// Invalid schema input: YAML that does not describe a valid schema, a
// metadata object that contradicts itself. what() is one line, starting with
// "file:line:column: " when the problem has a place.
class SchemaError : public ArgumentError {
 public:
  using ArgumentError::ArgumentError;
};

// The pool had no connection to give within pool_timeout.
class TimeoutError : public Error {
 public:
  using Error::Error;
};

// An error reported by a database driver. what() is one line:
// "<driver message> [SQL: <statement>]" (never parameters' values, never a password).
class DBAPIError : public Error {
 public:
  DBAPIError(std::string message, std::string sql = {}, std::string code = {});

  const std::string& driver_message() const noexcept { return message_; }
  const std::string& sql() const noexcept { return sql_; }
  // SQLSTATE (PostgreSQL, MySQL), or the SQLite extended result code as text,
  // or the MySQL error number as text when there is no SQLSTATE.
  const std::string& code() const noexcept { return code_; }
  // True when the connection is unusable (server gone, killed): the pool discards it.
  bool connection_invalidated() const noexcept { return invalidated_; }
  void set_connection_invalidated(bool v) noexcept { invalidated_ = v; }

 private:
  std::string message_;
  std::string sql_;
  std::string code_;
  bool invalidated_ = false;
};

#define RETORT_DBAPI_ERROR(Name, Base)   \
  class Name : public Base {             \
   public:                               \
    using Base::Base;                    \
  };

RETORT_DBAPI_ERROR(InterfaceError, DBAPIError)
RETORT_DBAPI_ERROR(DatabaseError, DBAPIError)
RETORT_DBAPI_ERROR(DataError, DatabaseError)
RETORT_DBAPI_ERROR(OperationalError, DatabaseError)
RETORT_DBAPI_ERROR(IntegrityError, DatabaseError)
RETORT_DBAPI_ERROR(InternalError, DatabaseError)
RETORT_DBAPI_ERROR(ProgrammingError, DatabaseError)
RETORT_DBAPI_ERROR(NotSupportedError, DatabaseError)

#undef RETORT_DBAPI_ERROR

// Which DBAPIError subclass a driver error belongs to.
enum class ErrorClass {
  Interface,
  Database,
  Data,
  Operational,
  Integrity,
  Internal,
  Programming,
  NotSupported
};

// Throws the DBAPIError subclass for `cls`. Drivers call this so that every
// database error is raised the same way.
[[noreturn]] void throw_dbapi_error(ErrorClass cls, std::string message, std::string sql,
                                    std::string code, bool invalidated = false);

// Classifies a five-character SQLSTATE the way SQLAlchemy's psycopg2 dialect does.
ErrorClass classify_sqlstate(std::string_view sqlstate);

}  // namespace retort
