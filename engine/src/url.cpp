// Database URLs, parsed the way SQLAlchemy's make_url() does:
//   dialect[+driver]://[user[:password]@][host|[ipv6]][:port][/database][?key=value&...]
// Only the user name, the password and the query are percent-decoded; the host and the
// database are kept as written because SQLite paths may legitimately contain '%'.
#include "retort/engine/url.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/error.hpp"

namespace retort {
namespace {

constexpr std::string_view kHidden = "***";
constexpr auto npos = std::string_view::npos;

// Characters left as they are when rendering. RFC 3986 sub-delimiters have no meaning to
// our parser inside the userinfo; in the query '&', '=', '+', '#' and '%' must be encoded.
constexpr std::string_view kUserinfoKeep = "!$&'()*+,;=";
constexpr std::string_view kQueryKeep = "!$'()*,/:;@?";

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_unreserved(char c) { return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string encode(std::string_view s, std::string_view keep, bool upper_hex = true) {
  const char* digits = upper_hex ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (is_unreserved(c) || keep.find(c) != npos) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += digits[b >> 4];
      out += digits[b & 0xF];
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict decoding: unlike Python's unquote(), a stray '%' is an error rather than kept,
// so that a typo in an encoded password is reported instead of silently failing to log in.
std::optional<std::string> decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += plus_is_space && s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

void replace_all(std::string& text, std::string_view needle, std::string_view with) {
  if (needle.empty()) return;
  for (size_t pos = text.find(needle); pos != npos; pos = text.find(needle, pos + with.size())) {
    text.replace(pos, needle.size(), with);
  }
}

// Masks "scheme://user:secret@" as "scheme://user:***@". The secret ends at the last '@' of
// the URL token: SQLAlchemy splits there too, and over-masking is harmless while
// under-masking leaks. `whole` treats all of `text` as one URL (error messages); otherwise a
// token ends at whitespace or a quote, as URLs do inside log lines.
void mask_userinfo(std::string& text, bool whole) {
  for (size_t pos = text.find("://"); pos != npos; pos = text.find("://", pos)) {
    const size_t start = pos + 3;
    size_t end = whole ? npos : text.find_first_of(" \t\r\n\"'`<>", start);
    if (end == npos) end = text.size();
    const std::string_view token(text.data() + start, end - start);
    const size_t at = token.rfind('@');
    const size_t colon = token.find(':');
    pos = start;
    if (at == npos || colon == npos || colon > at) continue;
    if (token.substr(0, colon).find_first_of("/?") != npos) continue;  // a path, not a user
    if (token.substr(colon + 1, at - colon - 1) == kHidden) continue;
    text.replace(start + colon + 1, at - colon - 1, kHidden);
  }
}

// Masks "password=..." and "passwd=..." values: libpq accepts the password as a query
// parameter and conninfo strings ("host=x password=y") show up in driver messages.
std::string mask_password_params(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t key_len = 0;
    const bool boundary = i == 0 || std::string_view(" \t\r\n?&;,('\"").find(text[i - 1]) != npos;
    for (std::string_view key : {"password=", "passwd="}) {
      if (boundary && text.size() - i >= key.size() &&
          std::equal(key.begin(), key.end(), text.begin() + static_cast<std::ptrdiff_t>(i),
                     [](char k, char c) { return k == lower(c); })) {
        key_len = key.size();
      }
    }
    if (key_len == 0) {
      out += text[i++];
      continue;
    }
    out.append(text.substr(i, key_len)).append(kHidden);
    i += key_len;
    if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {  // quoted conninfo value
      const size_t close = text.find(text[i], i + 1);
      i = close == npos ? text.size() : close + 1;
    } else {
      while (i < text.size() && std::string_view(" \t\r\n&;,)'\"").find(text[i]) == npos) ++i;
    }
  }
  return out;
}

// The URL as it may appear in an error message: quoted, on one line, without any password.
std::string shown(std::string_view text) {
  const size_t sep = text.find("://");
  // Without a usable "://" we cannot tell where a password would be, so show nothing.
  if (sep == npos || text.substr(0, sep).find_first_of("@:") != npos) return "";
  std::string out(text);
  mask_userinfo(out, true);
  out = mask_password_params(out);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return " '" + out + "'";
}

[[noreturn]] void fail(std::string_view text, std::string_view problem) {
  throw ArgumentError("could not parse URL" + shown(text) + ": " + std::string(problem));
}

bool valid_drivername(std::string_view name) {
  const size_t plus = name.find('+');
  auto word = [](std::string_view w) {
    return !w.empty() &&
           std::all_of(w.begin(), w.end(), [](char c) { return is_alnum(c) || c == '_'; });
  };
  if (plus == npos) return word(name);
  return word(name.substr(0, plus)) && word(name.substr(plus + 1));
}

std::optional<int> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value <= 65535 ? std::optional<int>(value) : std::nullopt;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

bool is_password_key(std::string_view key) { return key == "password" || key == "passwd"; }

}  // namespace

URL URL::parse(std::string_view input) {
  // Surrounding whitespace is almost always a stray newline from a file or an env variable.
  const std::string_view text = trim(input);
  if (text.empty()) throw ArgumentError("could not parse URL: empty string");
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    fail(text, "control character in URL (percent-encode it)");
  }
  const size_t sep = text.find("://");
  if (sep == npos) {
    // Echo the text only when it cannot hold a password (e.g. a bare file name).
    const std::string echo =
        text.find_first_of(":@") == npos ? " '" + std::string(text) + "'" : std::string();
    throw ArgumentError("could not parse URL" + echo +
                        ": expected dialect[+driver]://..., e.g. sqlite:///file.db");
  }
  URL url;
  url.drivername = text.substr(0, sep);
  if (!valid_drivername(url.drivername)) {
    throw ArgumentError(
        "could not parse URL: invalid dialect name before '://' (expected name or "
        "name+driver made of letters, digits and '_')");
  }
  const std::string dialect = url.dialect_name();

  const std::string_view rest = text.substr(sep + 3);
  const size_t netloc_end = rest.find_first_of("/?");
  const std::string_view netloc = rest.substr(0, netloc_end);
  const std::string_view tail = netloc_end == npos ? std::string_view() : rest.substr(netloc_end);

  // SQLAlchemy's pysqlite dialect rejects these at connect time; "sqlite://file.db" would
  // otherwise silently open an in-memory database, so we refuse it up front.
  if (dialect == "sqlite" && !netloc.empty()) {
    fail(text,
         "SQLite URLs take no user, host or port; valid forms are sqlite:///relative/path.db, "
         "sqlite:////absolute/path.db, sqlite:///:memory: and sqlite://");
  }

  // Split at the last '@', as SQLAlchemy does, so an unencoded '@' in a password still works.
  std::string_view hostport = netloc;
  if (const size_t at = netloc.rfind('@'); at != npos) {
    const std::string_view userinfo = netloc.substr(0, at);
    hostport = netloc.substr(at + 1);
    const size_t colon = userinfo.find(':');
    auto user = decode(userinfo.substr(0, colon), false);
    if (!user) fail(text, "invalid percent-escape in the user name");
    url.username = std::move(*user);
    if (colon != npos) {
      auto password = decode(userinfo.substr(colon + 1), false);
      if (!password) fail(text, "invalid percent-escape in the password");
      url.password = std::move(*password);
    }
  }

  size_t port_pos = npos;  // offset of the port text inside hostport
  if (!hostport.empty() && hostport.front() == '[') {
    const size_t close = hostport.find(']');
    if (close == npos) fail(text, "unterminated '[' in IPv6 host");
    if (close == 1) fail(text, "empty IPv6 host '[]'");
    url.host = std::string(hostport.substr(1, close - 1));
    if (close + 1 < hostport.size()) {
      if (hostport[close + 1] != ':') fail(text, "unexpected text after ']' (expected ':port')");
      port_pos = close + 2;
    }
  } else {
    const size_t colon = hostport.find(':');
    const std::string_view host = hostport.substr(0, colon);
    if (host.find_first_of("[]") != npos) fail(text, "'[' or ']' outside an IPv6 host");
    if (!host.empty()) url.host = std::string(host);
    if (colon != npos) port_pos = colon + 1;
  }
  if (port_pos != npos && port_pos < hostport.size()) {  // "host:" means no port, as in RFC 3986
    const std::string_view port_text = hostport.substr(port_pos);
    url.port = parse_port(port_text);
    if (!url.port) {
      // Without an '@' the "port" may really be a password ("user:secret/db"); hide it.
      std::string masked(text);
      if (!url.username) {
        masked.replace(static_cast<size_t>(port_text.data() - text.data()), port_text.size(),
                       kHidden);
      }
      fail(masked, port_text.find(':') != npos
                       ? "invalid port (write IPv6 addresses in brackets, e.g. [::1]:5432)"
                       : "invalid port (expected a number from 0 to 65535)");
    }
  }

  std::string_view query_text;
  if (!tail.empty() && tail.front() == '/') {
    const size_t q = tail.find('?');
    url.database = std::string(tail.substr(1, q == npos ? npos : q - 1));
    if (q != npos) query_text = tail.substr(q + 1);
  } else if (!tail.empty()) {
    query_text = tail.substr(1);  // tail starts with '?'
  }
  // parse_qsl() semantics: '&'-separated, '+' means space; unlike SQLAlchemy we keep
  // "key=" and bare "key" as empty values instead of dropping them.
  while (!query_text.empty()) {
    const size_t amp = query_text.find('&');
    const std::string_view pair = query_text.substr(0, amp);
    query_text = amp == npos ? std::string_view() : query_text.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto key = decode(pair.substr(0, eq), true);
    auto value = decode(eq == npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!key || !value) fail(text, "invalid percent-escape in the query string");
    if (key->empty()) fail(text, "empty query parameter name");
    url.query.emplace_back(std::move(*key), std::move(*value));
  }

  if (dialect != "sqlite" && dialect != "postgresql" && dialect != "mysql") {
    const std::string base = url.drivername.substr(0, url.drivername.find('+'));
    throw ArgumentError("unknown dialect '" + base + "' in URL '" + url.render(true) +
                        "' (expected sqlite, postgresql, postgres, mysql or mariadb)");
  }
  return url;
}

std::string URL::dialect_name() const {
  const std::string base = drivername.substr(0, drivername.find('+'));
  if (base == "postgres") return "postgresql";
  if (base == "mariadb") return "mysql";
  return base;
}

std::string URL::driver() const {
  const size_t plus = drivername.find('+');
  return plus == std::string::npos ? std::string() : drivername.substr(plus + 1);
}

std::optional<std::string> URL::query_value(std::string_view key) const {
  for (const auto& [k, v] : query) {
    if (k == key) return v;
  }
  return std::nullopt;
}

bool URL::is_sqlite_memory() const {
  if (dialect_name() != "sqlite") return false;
  // SQLite itself treats an empty file name as a private temporary database.
  if (!database || database->empty() || *database == ":memory:") return true;
  return database->starts_with("file::memory:");
}

std::string URL::render(bool hide_password) const {
  std::string out = drivername + "://";
  if (username || password) {
    out += encode(username.value_or(""), kUserinfoKeep);
    if (password) {
      out.append(":").append(hide_password ? kHidden : encode(*password, kUserinfoKeep));
    }
    out += '@';
  }
  if (host) out += host->find(':') != std::string::npos ? "[" + *host + "]" : *host;
  if (port) out += ":" + std::to_string(*port);
  if (database) out += "/" + *database;
  char sep = '?';
  for (const auto& [key, value] : query) {
    out += sep;
    sep = '&';
    out += encode(key, kQueryKeep) + "=";
    out += hide_password && is_password_key(key) ? std::string(kHidden) : encode(value, kQueryKeep);
  }
  return out;
}

std::string mask_password(std::string_view text, const std::optional<std::string>& password) {
  std::string out(text);
  if (password && !password->empty()) {
    // Every spelling a driver or a log might use: raw, as we render it, fully encoded.
    std::vector<std::string> forms{*password, encode(*password, kUserinfoKeep),
                                   encode(*password, kQueryKeep), encode(*password, ""),
                                   encode(*password, "", false)};
    // Longest first, so that a raw password inside its encoded form does not split it.
    std::sort(forms.begin(), forms.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const auto& form : forms) replace_all(out, form, kHidden);
  }
  mask_userinfo(out, false);
  return mask_password_params(out);
}

}  // namespace retort
