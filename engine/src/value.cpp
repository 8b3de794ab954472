#include "retort/engine/value.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "retort/engine/error.hpp"

namespace retort {

namespace {

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads exactly n digits at s[pos]; advances pos.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

bool valid_date(const Date& d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  if (d.day > kDays[d.month - 1]) return false;
  bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  return !(d.month == 2 && d.day == 29 && !leap);
}

std::optional<Time> parse_time_at(std::string_view s, std::size_t& pos) {
  Time t;
  if (!digits(s, pos, 2, t.hour) || pos >= s.size() || s[pos++] != ':') return std::nullopt;
  if (!digits(s, pos, 2, t.minute)) return std::nullopt;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!digits(s, pos, 2, t.second)) return std::nullopt;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int us = 0, n = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (n < 6) us = us * 10 + (s[pos] - '0');
        ++n;
        ++pos;
      }
      if (n == 0) return std::nullopt;
      for (; n < 6; ++n) us *= 10;
      t.microsecond = us;
    }
  }
  if (t.hour > 24 || t.minute > 59 || t.second > 60) return std::nullopt;
  return t;
}

// "+HH", "+HH:MM", "+HHMM", "Z"; returns seconds east of UTC.
std::optional<int> parse_offset(std::string_view s, std::size_t& pos) {
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
    return 0;
  }
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return std::nullopt;
  int sign = s[pos++] == '-' ? -1 : 1;
  int h = 0, m = 0, sec = 0;
  if (!digits(s, pos, 2, h)) return std::nullopt;
  if (pos < s.size() && s[pos] == ':') ++pos;
  if (pos < s.size()) {
    if (!digits(s, pos, 2, m)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!digits(s, pos, 2, sec)) return std::nullopt;
    }
  }
  return sign * (h * 3600 + m * 60 + sec);
}

std::string two(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

[[noreturn]] void conversion_error(const Value& v, const char* target) {
  throw TypeConversionError(std::string("cannot convert ") + Value::kind_name(v.kind()) +
                            " value " + v.repr() + " to " + target);
}

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
}

}  // namespace

std::optional<Uuid> Uuid::parse(std::string_view text) {
  if (!text.empty() && text.front() == '{' && text.back() == '}')
    text = text.substr(1, text.size() - 2);
  Uuid u;
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-') {
      if (text.size() != 36) return std::nullopt;
      continue;
    }
    int hi = hexval(text[i]);
    if (hi < 0 || i + 1 >= text.size()) return std::nullopt;
    int lo = hexval(text[++i]);
    if (lo < 0 || n >= 16) return std::nullopt;
    u.bytes[n++] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  if (n != 16) return std::nullopt;
  if (text.size() == 36 &&
      (text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-'))
    return std::nullopt;
  return u;
}

std::string Uuid::str() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

std::string to_iso(const Date& d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string to_iso(const Time& t) {
  char buf[64];
  if (t.microsecond)
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06d", t.hour, t.minute, t.second,
                  t.microsecond);
  else
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", t.hour, t.minute, t.second);
  return buf;
}

DateTime to_utc(const DateTime& dt) {
  if (!dt.utc_offset_seconds) return dt;
  const std::int64_t secs =
      days_from_civil(dt.date.year, static_cast<unsigned>(dt.date.month),
                      static_cast<unsigned>(dt.date.day)) *
          86400 +
      dt.time.hour * 3600 + dt.time.minute * 60 + dt.time.second - *dt.utc_offset_seconds;
  const std::int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  const std::int64_t rem = secs - days * 86400;
  DateTime out;
  civil_from_days(days, out.date.year, out.date.month, out.date.day);
  out.time.hour = static_cast<int>(rem / 3600);
  out.time.minute = static_cast<int>(rem / 60 % 60);
  out.time.second = static_cast<int>(rem % 60);
  out.time.microsecond = dt.time.microsecond;
  return out;
}

std::string to_iso(const DateTime& dt) {
  std::string out = to_iso(dt.date) + " " + to_iso(dt.time);
  if (dt.utc_offset_seconds) {
    int off = *dt.utc_offset_seconds;
    out += off < 0 ? '-' : '+';
    off = std::abs(off);
    out += two(off / 3600) + ":" + two(off / 60 % 60);
    if (off % 60) out += ":" + two(off % 60);
  }
  return out;
}

std::optional<Date> parse_date(std::string_view s) {
  Date d;
  std::size_t pos = 0;
  if (!digits(s, pos, 4, d.year) || pos >= s.size() || s[pos++] != '-') return std::nullopt;
  if (!digits(s, pos, 2, d.month) || pos >= s.size() || s[pos++] != '-') return std::nullopt;
  if (!digits(s, pos, 2, d.day) || pos != s.size() || !valid_date(d)) return std::nullopt;
  return d;
}

std::optional<Time> parse_time(std::string_view s) {
  std::size_t pos = 0;
  auto t = parse_time_at(s, pos);
  if (!t || pos != s.size()) return std::nullopt;
  return t;
}

std::optional<DateTime> parse_datetime(std::string_view s) {
  if (s.size() < 10) return std::nullopt;
  auto d = parse_date(s.substr(0, 10));
  if (!d) return std::nullopt;
  DateTime dt{*d, {}, std::nullopt};
  if (s.size() == 10) return dt;
  if (s[10] != ' ' && s[10] != 'T' && s[10] != 't') return std::nullopt;
  std::size_t pos = 11;
  auto t = parse_time_at(s, pos);
  if (!t) return std::nullopt;
  dt.time = *t;
  if (pos < s.size()) {
    auto off = parse_offset(s, pos);
    if (!off || pos != s.size()) return std::nullopt;
    dt.utc_offset_seconds = off;
  }
  return dt;
}

const char* Value::kind_name(Kind k) {
  switch (k) {
    case Kind::Null: return "NULL";
    case Kind::Bool: return "bool";
    case Kind::Int: return "integer";
    case Kind::Double: return "double";
    case Kind::Decimal: return "decimal";
    case Kind::Text: return "text";
    case Kind::Bytes: return "bytes";
    case Kind::Date: return "date";
    case Kind::Time: return "time";
    case Kind::DateTime: return "datetime";
    case Kind::Uuid: return "uuid";
    case Kind::Json: return "json";
  }
  return "?";
}

void Value::assign_text(std::string_view s) {
  if (auto* p = std::get_if<std::string>(&v_))
    p->assign(s.data(), s.size());
  else
    v_.emplace<std::string>(s);
}

void Value::assign_bytes(std::string_view s) {
  if (auto* p = std::get_if<Bytes>(&v_))
    p->data.assign(s.data(), s.size());
  else
    v_.emplace<Bytes>(Bytes{std::string(s)});
}

std::string Value::repr() const {
  constexpr std::size_t kMax = 60;
  auto quoted = [](std::string_view s) {
    std::string out = "'";
    for (char c : s.substr(0, kMax)) {
      out += c;
      if (c == '\'') out += '\'';
    }
    if (s.size() > kMax) out += "...";
    return out + "'";
  };
  switch (kind()) {
    case Kind::Null: return "NULL";
    case Kind::Bool: return get_raw<bool>() ? "true" : "false";
    case Kind::Int: return std::to_string(get_raw<std::int64_t>());
    case Kind::Double: {
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, get_raw<double>());
      return std::string(buf, r.ptr);
    }
    case Kind::Decimal: return get_raw<Decimal>().text;
    case Kind::Text: return quoted(get_raw<std::string>());
    case Kind::Bytes: return "<" + std::to_string(get_raw<Bytes>().data.size()) + " bytes>";
    case Kind::Date: return quoted(to_iso(get_raw<Date>()));
    case Kind::Time: return quoted(to_iso(get_raw<Time>()));
    case Kind::DateTime: return quoted(to_iso(get_raw<DateTime>()));
    case Kind::Uuid: return quoted(get_raw<Uuid>().str());
    case Kind::Json: return quoted(get_raw<Json>().text);
  }
  return "?";
}

template <>
std::optional<bool> Value::as<bool>() const {
  if (is_null()) return std::nullopt;
  if (auto* b = std::get_if<bool>(&v_)) return *b;
  if (auto* i = std::get_if<std::int64_t>(&v_)) {
    if (*i == 0 || *i == 1) return *i == 1;
  }
  if (auto* s = std::get_if<std::string>(&v_)) {
    if (*s == "t" || *s == "true" || *s == "1") return true;
    if (*s == "f" || *s == "false" || *s == "0") return false;
  }
  conversion_error(*this, "bool");
}

template <>
std::optional<std::int64_t> Value::as<std::int64_t>() const {
  if (is_null()) return std::nullopt;
  if (auto* i = std::get_if<std::int64_t>(&v_)) return *i;
  if (auto* b = std::get_if<bool>(&v_)) return *b ? 1 : 0;
  if (auto* d = std::get_if<double>(&v_)) {
    if (std::isfinite(*d) && std::trunc(*d) == *d && std::abs(*d) < 9.2e18)
      return static_cast<std::int64_t>(*d);
  }
  const std::string* text = nullptr;
  if (auto* s = std::get_if<std::string>(&v_)) text = s;
  if (auto* dec = std::get_if<Decimal>(&v_)) text = &dec->text;
  if (text) {
    std::int64_t out = 0;
    auto r = std::from_chars(text->data(), text->data() + text->size(), out);
    if (r.ec == std::errc() && r.ptr == text->data() + text->size()) return out;
    // Decimals such as "12.000" are integers too.
    auto dot = text->find('.');
    if (dot != std::string::npos && text->find_first_not_of('0', dot + 1) == std::string::npos) {
      r = std::from_chars(text->data(), text->data() + dot, out);
      if (r.ec == std::errc() && r.ptr == text->data() + dot) return out;
    }
  }
  conversion_error(*this, "integer");
}

template <>
std::optional<int> Value::as<int>() const {
  auto v = as<std::int64_t>();
  if (!v) return std::nullopt;
  if (*v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max())
    conversion_error(*this, "int");
  return static_cast<int>(*v);
}

template <>
std::optional<double> Value::as<double>() const {
  if (is_null()) return std::nullopt;
  if (auto* d = std::get_if<double>(&v_)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*i);
  const std::string* text = nullptr;
  if (auto* s = std::get_if<std::string>(&v_)) text = s;
  if (auto* dec = std::get_if<Decimal>(&v_)) text = &dec->text;
  if (text) {
    double out = 0;
    auto r = std::from_chars(text->data(), text->data() + text->size(), out);
    if (r.ec == std::errc() && r.ptr == text->data() + text->size()) return out;
  }
  conversion_error(*this, "double");
}

template <>
std::optional<std::string> Value::as<std::string>() const {
  switch (kind()) {
    case Kind::Null: return std::nullopt;
    case Kind::Text: return get_raw<std::string>();
    case Kind::Decimal: return get_raw<Decimal>().text;
    case Kind::Json: return get_raw<Json>().text;
    case Kind::Bytes: return get_raw<Bytes>().data;
    case Kind::Int: return std::to_string(get_raw<std::int64_t>());
    case Kind::Bool: return get_raw<bool>() ? "true" : "false";
    case Kind::Double: return repr();
    case Kind::Date: return to_iso(get_raw<Date>());
    case Kind::Time: return to_iso(get_raw<Time>());
    case Kind::DateTime: return to_iso(get_raw<DateTime>());
    case Kind::Uuid: return get_raw<Uuid>().str();
  }
  conversion_error(*this, "text");
}

template <>
std::optional<Decimal> Value::as<Decimal>() const {
  if (is_null()) return std::nullopt;
  if (auto* d = std::get_if<Decimal>(&v_)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v_)) return Decimal{std::to_string(*i)};
  if (auto* s = std::get_if<std::string>(&v_)) {
    double probe;
    auto r = std::from_chars(s->data(), s->data() + s->size(), probe);
    if (r.ec == std::errc() && r.ptr == s->data() + s->size()) return Decimal{*s};
  }
  // SQLite has no exact decimal storage: a REAL comes back and is shown exactly as stored.
  if (holds<double>()) return Decimal{repr()};
  conversion_error(*this, "decimal");
}

template <>
std::optional<Bytes> Value::as<Bytes>() const {
  if (is_null()) return std::nullopt;
  if (auto* b = std::get_if<Bytes>(&v_)) return *b;
  if (auto* s = std::get_if<std::string>(&v_)) return Bytes{*s};
  conversion_error(*this, "bytes");
}

template <>
std::optional<Date> Value::as<Date>() const {
  if (is_null()) return std::nullopt;
  if (auto* d = std::get_if<Date>(&v_)) return *d;
  if (auto* dt = std::get_if<DateTime>(&v_)) return dt->date;
  if (auto* s = std::get_if<std::string>(&v_)) {
    if (auto d = parse_date(*s)) return d;
  }
  conversion_error(*this, "date");
}

template <>
std::optional<Time> Value::as<Time>() const {
  if (is_null()) return std::nullopt;
  if (auto* t = std::get_if<Time>(&v_)) return *t;
  if (auto* s = std::get_if<std::string>(&v_)) {
    if (auto t = parse_time(*s)) return t;
  }
  conversion_error(*this, "time");
}

template <>
std::optional<DateTime> Value::as<DateTime>() const {
  if (is_null()) return std::nullopt;
  if (auto* dt = std::get_if<DateTime>(&v_)) return *dt;
  if (auto* d = std::get_if<Date>(&v_)) return DateTime{*d, {}, std::nullopt};
  if (auto* s = std::get_if<std::string>(&v_)) {
    if (auto dt = parse_datetime(*s)) return dt;
  }
  conversion_error(*this, "datetime");
}

template <>
std::optional<Uuid> Value::as<Uuid>() const {
  if (is_null()) return std::nullopt;
  if (auto* u = std::get_if<Uuid>(&v_)) return *u;
  const std::string* text = nullptr;
  if (auto* s = std::get_if<std::string>(&v_)) text = s;
  if (auto* b = std::get_if<Bytes>(&v_)) {
    if (b->data.size() == 16) {
      Uuid u;
      for (std::size_t i = 0; i < 16; ++i) u.bytes[i] = static_cast<std::uint8_t>(b->data[i]);
      return u;
    }
    text = &b->data;
  }
  if (text) {
    if (auto u = Uuid::parse(*text)) return u;
  }
  conversion_error(*this, "uuid");
}

template <>
std::optional<Json> Value::as<Json>() const {
  if (is_null()) return std::nullopt;
  if (auto* j = std::get_if<Json>(&v_)) return *j;
  if (auto* s = std::get_if<std::string>(&v_)) return Json{*s};
  conversion_error(*this, "json");
}

}  // namespace retort
