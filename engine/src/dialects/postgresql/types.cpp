#include "dialects/postgresql/types.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "retort/engine/error.hpp"

namespace retort::postgresql {

namespace {

constexpr std::uint32_t kDirect = std::numeric_limits<std::uint32_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Exactly `n` digits.
bool fixed_digits(const char*& p, const char* end, int n, int& out) {
  if (end - p < n) return false;
  int v = 0;
  for (int i = 0; i < n; ++i, ++p) {
    if (!is_digit(*p)) return false;
    v = v * 10 + (*p - '0');
  }
  out = v;
  return true;
}

bool expect(const char*& p, const char* end, char c) {
  if (p == end || *p != c) return false;
  ++p;
  return true;
}

// "YYYY-MM-DD"; the year has four or more digits.
bool parse_date_part(const char*& p, const char* end, Date& d) {
  const char* start = p;
  int year = 0;
  while (p != end && is_digit(*p)) {
    if (p - start >= 9) return false;  // would overflow int
    year = year * 10 + (*p++ - '0');
  }
  if (p - start < 4) return false;
  if (!expect(p, end, '-') || !fixed_digits(p, end, 2, d.month) || !expect(p, end, '-') ||
      !fixed_digits(p, end, 2, d.day))
    return false;
  d.year = year;
  return true;
}

// "HH:MM:SS[.f{1,6}]"
bool parse_time_part(const char*& p, const char* end, Time& t) {
  if (!fixed_digits(p, end, 2, t.hour) || !expect(p, end, ':') ||
      !fixed_digits(p, end, 2, t.minute) || !expect(p, end, ':') ||
      !fixed_digits(p, end, 2, t.second))
    return false;
  t.microsecond = 0;
  if (p != end && *p == '.') {
    ++p;
    int digits = 0, micros = 0;
    while (p != end && is_digit(*p)) {
      if (digits == 6) return false;
      micros = micros * 10 + (*p++ - '0');
      ++digits;
    }
    if (digits == 0) return false;
    for (; digits < 6; ++digits) micros *= 10;
    t.microsecond = micros;
  }
  return true;
}

// "+HH[:MM[:SS]]" as ISO DateStyle prints a zone offset.
bool parse_offset(const char*& p, const char* end, int& seconds) {
  if (p == end || (*p != '+' && *p != '-')) return false;
  const int sign = *p++ == '-' ? -1 : 1;
  int h = 0, m = 0, s = 0;
  if (!fixed_digits(p, end, 2, h)) return false;
  if (p != end && *p == ':') {
    ++p;
    if (!fixed_digits(p, end, 2, m)) return false;
    if (p != end && *p == ':') {
      ++p;
      if (!fixed_digits(p, end, 2, s)) return false;
    }
  }
  seconds = sign * (h * 3600 + m * 60 + s);
  return true;
}

// Dates before year 1 are printed as "0044-03-15 BC"; Date uses astronomical
// year numbering (1 BC is year 0) so that arithmetic on it stays simple.
bool finish_era(const char*& p, const char* end, Date& d) {
  if (p == end) return true;
  if (end - p == 3 && std::memcmp(p, " BC", 3) == 0) {
    d.year = 1 - d.year;
    p = end;
    return true;
  }
  return false;
}

bool parse_date(const char* p, const char* end, Date& d) {
  return parse_date_part(p, end, d) && finish_era(p, end, d);
}

bool parse_time(const char* p, const char* end, Time& t) {
  return parse_time_part(p, end, t) && p == end;
}

bool parse_timestamp(const char* p, const char* end, bool with_zone, DateTime& dt) {
  if (!parse_date_part(p, end, dt.date) || !expect(p, end, ' ') ||
      !parse_time_part(p, end, dt.time))
    return false;
  if (with_zone) {
    int offset = 0;
    if (!parse_offset(p, end, offset)) return false;
    dt.utc_offset_seconds = offset;
  } else {
    dt.utc_offset_seconds.reset();
  }
  return finish_era(p, end, dt.date);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_uuid(const char* p, std::size_t len, Uuid& u) {
  // The server always prints the canonical lower-case 8-4-4-4-12 form.
  if (len != 36) return false;
  std::size_t out = 0;
  for (std::size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (p[i++] != '-') return false;
      continue;
    }
    const int hi = hex_value(p[i]), lo = hex_value(p[i + 1]);
    if (hi < 0 || lo < 0) return false;
    u.bytes[out++] = static_cast<std::uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return true;
}

// bytea in the hex output format ("\x0aff"), or the legacy escape format if
// a session changed bytea_output behind our back.
bool decode_bytea(const char* p, std::size_t len, std::string& out) {
  if (len >= 2 && p[0] == '\\' && p[1] == 'x') {
    if (len % 2 != 0) return false;
    const std::size_t n = (len - 2) / 2;
    out.resize(n);
    char* dst = out.data();
    for (std::size_t i = 0; i < n; ++i) {
      const int hi = hex_value(p[2 + 2 * i]), lo = hex_value(p[3 + 2 * i]);
      if (hi < 0 || lo < 0) return false;
      dst[i] = static_cast<char>(hi << 4 | lo);
    }
    return true;
  }
  out.clear();
  for (std::size_t i = 0; i < len; ++i) {
    if (p[i] != '\\') {
      out += p[i];
    } else if (i + 1 < len && p[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (i + 3 < len && is_digit(p[i + 1]) && is_digit(p[i + 2]) && is_digit(p[i + 3])) {
      out += static_cast<char>((p[i + 1] - '0') * 64 + (p[i + 2] - '0') * 8 + (p[i + 3] - '0'));
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

// Returns the std::string inside `v` holding alternative T (Json, Decimal),
// switching the alternative only when needed so that storage is reused.
template <class T>
std::string& text_slot(Value& v) {
  auto& s = v.storage();
  if (auto* p = std::get_if<T>(&s)) return p->text;
  return s.template emplace<T>().text;
}

void append_padded(std::string& out, long long v, int width) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v < 0 ? -v : v);
  const int n = static_cast<int>(res.ptr - buf);
  if (v < 0) out += '-';
  for (int i = n; i < width; ++i) out += '0';
  out.append(buf, res.ptr);
}

void append_double(std::string& out, double d) {
  // PostgreSQL spells the special values this way; to_chars would say "inf".
  if (std::isnan(d)) {
    out += "NaN";
  } else if (std::isinf(d)) {
    out += d < 0 ? "-Infinity" : "Infinity";
  } else {
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
    out.append(buf, res.ptr);
  }
}

void append_uuid(std::string& out, const Uuid& u) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[u.bytes[i] >> 4];
    out += kHex[u.bytes[i] & 0xf];
  }
}

void append_offset(std::string& out, int seconds) {
  out += seconds < 0 ? '-' : '+';
  const int a = std::abs(seconds);
  append_padded(out, a / 3600, 2);
  out += ':';
  append_padded(out, a % 3600 / 60, 2);
  if (a % 60 != 0) {
    out += ':';
    append_padded(out, a % 60, 2);
  }
}

void append_date_digits(std::string& out, const Date& d) {
  append_padded(out, d.year <= 0 ? 1 - static_cast<long long>(d.year) : d.year, 4);
  out += '-';
  append_padded(out, d.month, 2);
  out += '-';
  append_padded(out, d.day, 2);
}

// The forms PostgreSQL's input functions accept: "2024-01-31", "0044-03-15 BC",
// "12:00:00.5", "2024-01-31 12:00:00+05:30".
void append_date(std::string& out, const Date& d) {
  append_date_digits(out, d);
  if (d.year <= 0) out += " BC";
}

void append_time(std::string& out, const Time& t) {
  append_padded(out, t.hour, 2);
  out += ':';
  append_padded(out, t.minute, 2);
  out += ':';
  append_padded(out, t.second, 2);
  if (t.microsecond != 0) {
    out += '.';
    append_padded(out, t.microsecond, 6);
  }
}

void append_datetime(std::string& out, const DateTime& dt) {
  append_date_digits(out, dt.date);
  out += ' ';
  append_time(out, dt.time);
  if (dt.utc_offset_seconds) append_offset(out, *dt.utc_offset_seconds);
  if (dt.date.year <= 0) out += " BC";  // the era goes last, after the zone
}

}  // namespace

CellKind cell_kind_for(Oid type) {
  switch (type) {
    case oid::kInt2:
    case oid::kInt4:
    case oid::kInt8:
    case oid::kOid:
      return CellKind::Int;
    case oid::kFloat4:
    case oid::kFloat8:
      return CellKind::Double;
    case oid::kNumeric:
      return CellKind::Decimal;
    case oid::kBool:
      return CellKind::Bool;
    case oid::kBytea:
      return CellKind::Bytes;
    case oid::kDate:
      return CellKind::Date;
    case oid::kTime:
      return CellKind::Time;
    case oid::kTimestamp:
      return CellKind::DateTime;
    case oid::kTimestamptz:
      return CellKind::DateTimeTz;
    case oid::kUuid:
      return CellKind::Uuid;
    case oid::kJson:
    case oid::kJsonb:
      return CellKind::Json;
    default:
      return CellKind::Text;  // text, varchar, char, name and every other type
  }
}

void decode_cell(CellKind kind, const char* data, std::size_t len, Value& out) {
  auto& s = out.storage();
  const char* end = data + len;
  switch (kind) {
    case CellKind::Text:
      break;
    case CellKind::Int: {
      std::int64_t v = 0;
      auto res = std::from_chars(data, end, v);
      if (res.ec == std::errc{} && res.ptr == end) {
        s = v;
        return;
      }
      break;
    }
    case CellKind::Double: {
      // from_chars accepts PostgreSQL's "Infinity", "-Infinity" and "NaN".
      double v = 0;
      auto res = std::from_chars(data, end, v);
      if (res.ec == std::errc{} && res.ptr == end) {
        s = v;
        return;
      }
      break;
    }
    case CellKind::Decimal:
      text_slot<Decimal>(out).assign(data, len);
      return;
    case CellKind::Json:
      text_slot<Json>(out).assign(data, len);
      return;
    case CellKind::Bool:
      if (len == 1 && (*data == 't' || *data == 'f')) {
        s = *data == 't';
        return;
      }
      break;
    case CellKind::Bytes: {
      auto* b = std::get_if<Bytes>(&s);
      if (b == nullptr) b = &s.emplace<Bytes>();
      if (decode_bytea(data, len, b->data)) return;
      break;
    }
    case CellKind::Date: {
      Date d;
      if (parse_date(data, end, d)) {
        s = d;
        return;
      }
      break;
    }
    case CellKind::Time: {
      Time t;
      if (parse_time(data, end, t)) {
        s = t;
        return;
      }
      break;
    }
    case CellKind::DateTime:
    case CellKind::DateTimeTz: {
      DateTime dt;
      if (parse_timestamp(data, end, kind == CellKind::DateTimeTz, dt)) {
        s = dt;
        return;
      }
      break;
    }
    case CellKind::Uuid: {
      Uuid u;
      if (parse_uuid(data, len, u)) {
        s = u;
        return;
      }
      break;
    }
  }
  out.assign_text(std::string_view(data, len));
}

void ParamBinder::bind(std::span<const Value> params, std::string_view sql) {
  const std::size_t n = params.size();
  scratch_.clear();
  values_.resize(n);
  lengths_.resize(n);
  formats_.resize(n);
  offsets_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    lengths_[i] = 0;
    formats_[i] = 0;
    offsets_[i] = kDirect;
    values_[i] = nullptr;
    // Values that are text already are passed by pointer without copying
    // (std::string is NUL-terminated); the rest are formatted into scratch_.
    const auto direct_text = [&](const std::string& text) {
      if (std::memchr(text.data(), '\0', text.size()) != nullptr)
        throw_dbapi_error(ErrorClass::Data,
                          "parameter " + std::to_string(i + 1) +
                              " contains a NUL byte, which PostgreSQL text cannot hold",
                          std::string(sql), "22021");
      values_[i] = text.c_str();
    };
    const std::size_t start = scratch_.size();
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, Null>) {
            // values_[i] stays nullptr: SQL NULL
          } else if constexpr (std::is_same_v<T, bool>) {
            values_[i] = v ? "t" : "f";
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            char buf[24];
            auto res = std::to_chars(buf, buf + sizeof buf, v);
            scratch_.append(buf, res.ptr);
          } else if constexpr (std::is_same_v<T, double>) {
            append_double(scratch_, v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            direct_text(v);
          } else if constexpr (std::is_same_v<T, Decimal> || std::is_same_v<T, Json>) {
            direct_text(v.text);
          } else if constexpr (std::is_same_v<T, Bytes>) {
            // Binary format: no escaping, no doubling of the size on the wire.
            values_[i] = v.data.data();
            lengths_[i] = static_cast<int>(v.data.size());
            formats_[i] = 1;
          } else if constexpr (std::is_same_v<T, Date>) {
            append_date(scratch_, v);
          } else if constexpr (std::is_same_v<T, Time>) {
            append_time(scratch_, v);
          } else if constexpr (std::is_same_v<T, DateTime>) {
            append_datetime(scratch_, v);
          } else if constexpr (std::is_same_v<T, Uuid>) {
            append_uuid(scratch_, v);
          }
        },
        params[i].storage());
    if (scratch_.size() != start) {
      scratch_ += '\0';
      offsets_[i] = static_cast<std::uint32_t>(start);
    }
  }
  // scratch_ may have reallocated while growing; resolve offsets only now.
  for (std::size_t i = 0; i < n; ++i)
    if (offsets_[i] != kDirect) values_[i] = scratch_.data() + offsets_[i];
}

std::vector<Oid> ParamBinder::declared_types(std::span<const Value> params) {
  std::vector<Oid> types(params.size(), 0);
  for (std::size_t i = 0; i < params.size(); ++i)
    if (params[i].holds<Bytes>()) types[i] = oid::kBytea;
  return types;
}

}  // namespace retort::postgresql
