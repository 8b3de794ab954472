// Database URLs in SQLAlchemy's form: dialect[+driver]://user:password@host:port/database?key=value
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retort {

class URL {
 public:
  // Parses every form SQLAlchemy accepts (see docs/engine.md). Throws
  // ArgumentError naming the problem for a malformed URL or an unknown dialect.
  // The password never appears in the error message.
  static URL parse(std::string_view text);

  std::string drivername;                // "postgresql+psycopg2", "sqlite", "mariadb"
  std::optional<std::string> username;   // percent-decoded
  std::optional<std::string> password;   // percent-decoded
  std::optional<std::string> host;       // IPv6 without brackets
  std::optional<int> port;
  std::optional<std::string> database;   // sqlite: file path, ":memory:" or empty
  std::vector<std::pair<std::string, std::string>> query;  // in order, repeats kept

  // "sqlite", "postgresql" or "mysql" ("mariadb" maps to "mysql").
  std::string dialect_name() const;
  // The part after '+', or "" when none was given.
  std::string driver() const;
  // First value of a query parameter.
  std::optional<std::string> query_value(std::string_view key) const;
  // True for sqlite:// , sqlite:///:memory: and file::memory: style databases.
  bool is_sqlite_memory() const;

  // Renders the URL; the password is shown as *** unless hide_password is false.
  // Percent-encodes what needs it, so parse(render(false)) == *this.
  std::string render(bool hide_password = true) const;
  std::string str() const { return render(true); }

  bool operator==(const URL&) const = default;
};

// Replaces the password inside any URL-looking substring of `text` with ***.
// Used on driver messages and logs so that a password never leaks.
std::string mask_password(std::string_view text, const std::optional<std::string>& password);

}  // namespace retort
