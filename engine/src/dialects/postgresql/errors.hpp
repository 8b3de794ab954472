// Private: turning libpq failures into classified retort::DBAPIError, and the
// little SQL scanning the driver needs.
#pragma once

#include <libpq-fe.h>

#include <optional>
#include <string>
#include <string_view>

namespace retort::postgresql {

// The driver's message on one line: newlines collapsed to "; ", no trailing
// separator, no libpq severity prefix ("ERROR:  ").
std::string one_line(std::string_view message);

// Throws the DBAPIError subclass for a failed statement: classified by
// SQLSTATE, invalidated when the connection is gone. `res` may be null (libpq
// could not even produce a result); then the connection's message is used.
[[noreturn]] void raise_error(PGconn* pg, const PGresult* res, std::string_view sql,
                              const std::optional<std::string>& password);

// True when `sql` holds more than one statement (a ';' followed by anything
// but whitespace and comments, outside quotes, comments and dollar quotes).
// Such scripts cannot be prepared and go through the simple query protocol.
bool has_multiple_statements(std::string_view sql);

}  // namespace retort::postgresql
