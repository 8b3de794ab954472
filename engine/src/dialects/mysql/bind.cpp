// Value <-> MySQL binary protocol: parameter binding, result column buffers,
// and the conversion of fetched cells (see docs/dialects/mysql.md).
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "dialects/mysql/driver.hpp"

namespace retort::mysql {

namespace {

constexpr unsigned kBinaryCharset = 63;

unsigned u(int v) { return static_cast<unsigned>(v < 0 ? 0 : v); }

void fill_date(MYSQL_TIME& t, const Date& d) {
  t = MYSQL_TIME{};
  t.year = u(d.year);
  t.month = u(d.month);
  t.day = u(d.day);
  t.time_type = MYSQL_TIMESTAMP_DATE;
}

// MySQL TIME is a signed duration; Value::Time carries the sign on its parts
// (see fetch) and hours beyond 23. The wire format wants days + hours < 24.
void fill_time(MYSQL_TIME& t, const Time& v) {
  t = MYSQL_TIME{};
  const bool neg = v.hour < 0 || v.minute < 0 || v.second < 0 || v.microsecond < 0;
  auto mag = [](int x) { return static_cast<unsigned>(x < 0 ? -static_cast<long>(x) : x); };
  unsigned hours = mag(v.hour);
  t.neg = neg ? 1 : 0;
  t.day = hours / 24;
  t.hour = hours % 24;
  t.minute = mag(v.minute);
  t.second = mag(v.second);
  t.second_part = mag(v.microsecond);
  t.time_type = MYSQL_TIMESTAMP_TIME;
}

// DATETIME has no zone: an aware DateTime is converted to UTC first.
void fill_datetime(MYSQL_TIME& t, const DateTime& aware) {
  const DateTime v = to_utc(aware);
  t = MYSQL_TIME{};
  t.time_type = MYSQL_TIMESTAMP_DATETIME;
  t.second_part = u(v.time.microsecond);
  t.year = u(v.date.year);
  t.month = u(v.date.month);
  t.day = u(v.date.day);
  t.hour = u(v.time.hour);
  t.minute = u(v.time.minute);
  t.second = u(v.time.second);
}

void bind_text(MYSQL_BIND& b, enum_field_types type, const std::string& s) {
  b.buffer_type = type;
  // data() is never null, even for "": libmariadb sends NULL for a null buffer.
  b.buffer = const_cast<char*>(s.data());
  b.buffer_length = static_cast<unsigned long>(s.size());
}

// Copies `n` bytes into a std::string-holding alternative of `out` without
// reallocating when it already holds one of that kind.
void assign_decimal(Value& out, const char* p, std::size_t n) {
  auto& st = out.storage();
  if (auto* d = std::get_if<Decimal>(&st))
    d->text.assign(p, n);
  else
    st.emplace<Decimal>(Decimal{std::string(p, n)});
}

void assign_unsigned(Value& out, std::uint64_t v) {
  if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    out.storage().emplace<std::int64_t>(static_cast<std::int64_t>(v));
    return;
  }
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  assign_decimal(out, buf, static_cast<std::size_t>(r.ptr - buf));
}

std::int64_t bits_value(const char* p, unsigned long n) {
  std::uint64_t v = 0;
  for (unsigned long i = 0; i < n && i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return static_cast<std::int64_t>(v);
}

Time time_from(const MYSQL_TIME& t) {
  // libmariadb folds days into hours already; add them anyway in case it does not.
  int h = static_cast<int>(t.hour + t.day * 24);
  Time v{h, static_cast<int>(t.minute), static_cast<int>(t.second),
         static_cast<int>(t.second_part)};
  if (t.neg) v = Time{-v.hour, -v.minute, -v.second, -v.microsecond};
  return v;
}

}  // namespace

void bind_param(MYSQL_BIND& b, ParamSlot& slot, const Value& v) {
  std::memset(&b, 0, sizeof b);
  switch (v.kind()) {
    case Value::Kind::Null:
      b.buffer_type = MYSQL_TYPE_NULL;
      break;
    case Value::Kind::Bool:
      slot.tiny = v.get_raw<bool>() ? 1 : 0;
      b.buffer_type = MYSQL_TYPE_TINY;
      b.buffer = &slot.tiny;
      break;
    case Value::Kind::Int:
      b.buffer_type = MYSQL_TYPE_LONGLONG;
      b.buffer = const_cast<std::int64_t*>(&v.get_raw<std::int64_t>());
      break;
    case Value::Kind::Double:
      b.buffer_type = MYSQL_TYPE_DOUBLE;
      b.buffer = const_cast<double*>(&v.get_raw<double>());
      break;
    case Value::Kind::Decimal:
      // Sent as decimal text, so the server never sees a binary float.
      bind_text(b, MYSQL_TYPE_NEWDECIMAL, v.get_raw<Decimal>().text);
      break;
    case Value::Kind::Text:
      bind_text(b, MYSQL_TYPE_STRING, v.get_raw<std::string>());
      break;
    case Value::Kind::Bytes:
      // BLOB parameters carry the binary charset: no transcoding, no collation.
      bind_text(b, MYSQL_TYPE_BLOB, v.get_raw<Bytes>().data);
      break;
    case Value::Kind::Date:
      fill_date(slot.time, v.get_raw<Date>());
      b.buffer_type = MYSQL_TYPE_DATE;
      b.buffer = &slot.time;
      break;
    case Value::Kind::Time:
      fill_time(slot.time, v.get_raw<Time>());
      b.buffer_type = MYSQL_TYPE_TIME;
      b.buffer = &slot.time;
      break;
    case Value::Kind::DateTime:
      fill_datetime(slot.time, v.get_raw<DateTime>());
      b.buffer_type = MYSQL_TYPE_DATETIME;
      b.buffer = &slot.time;
      break;
    case Value::Kind::Uuid:
      slot.text = v.get_raw<Uuid>().str();
      bind_text(b, MYSQL_TYPE_STRING, slot.text);
      break;
    case Value::Kind::Json:
      bind_text(b, MYSQL_TYPE_STRING, v.get_raw<Json>().text);
      break;
  }
}

ColKind column_kind(const MYSQL_FIELD& f) {
  switch (f.type) {
    case MYSQL_TYPE_NULL:
      return ColKind::Null;
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_YEAR:
      return ColKind::Int;
    case MYSQL_TYPE_LONGLONG:
      return (f.flags & UNSIGNED_FLAG) ? ColKind::UInt : ColKind::Int;
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
      return ColKind::Double;
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL:
      return ColKind::Decimal;
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE:
      return ColKind::Date;
    case MYSQL_TYPE_TIME:
      return ColKind::Time;
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_TIMESTAMP:
      return ColKind::DateTime;
    case MYSQL_TYPE_BIT:
      return ColKind::Bit;
    case MYSQL_TYPE_JSON:
      // MySQL reports JSON with the binary charset, yet it is text.
      return ColKind::Text;
    case MYSQL_TYPE_GEOMETRY:
      return ColKind::Bytes;
    default:
      return f.charsetnr == kBinaryCharset ? ColKind::Bytes : ColKind::Text;
  }
}

void setup_result_column(ResultColumn& c, MYSQL_BIND& b, const MYSQL_FIELD& f) {
  c.kind = column_kind(f);
  c.type = f.type;
  c.charsetnr = f.charsetnr;
  c.flags = f.flags;
  std::memset(&b, 0, sizeof b);
  b.length = &c.length;
  b.is_null = &c.is_null;
  b.error = &c.error;
  switch (c.kind) {
    case ColKind::Null:
      b.buffer_type = MYSQL_TYPE_NULL;
      break;
    case ColKind::Int:
    case ColKind::UInt:
      // libmariadb widens every integer type into a LONGLONG buffer.
      b.buffer_type = MYSQL_TYPE_LONGLONG;
      b.buffer = &c.i;
      b.is_unsigned = c.kind == ColKind::UInt ? 1 : 0;
      break;
    case ColKind::Double:
      b.buffer_type = MYSQL_TYPE_DOUBLE;
      b.buffer = &c.d;
      break;
    case ColKind::Date:
      b.buffer_type = MYSQL_TYPE_DATE;
      b.buffer = &c.t;
      break;
    case ColKind::Time:
      b.buffer_type = MYSQL_TYPE_TIME;
      b.buffer = &c.t;
      break;
    case ColKind::DateTime:
      b.buffer_type = MYSQL_TYPE_DATETIME;
      b.buffer = &c.t;
      break;
    case ColKind::Decimal:
    case ColKind::Text:
    case ColKind::Bytes:
    case ColKind::Bit: {
      // Start from the declared width but cap it: LONGTEXT declares 4 GiB.
      // Longer cells are fetched again after growing the buffer.
      std::size_t want = c.kind == ColKind::Bit ? 8 : f.length;
      if (want < 16) want = 16;
      if (want > 1024) want = 1024;
      if (c.buf.size() < want) c.buf.resize(want);
      b.buffer_type = c.kind == ColKind::Text || c.kind == ColKind::Decimal ? MYSQL_TYPE_STRING
                                                                            : MYSQL_TYPE_BLOB;
      b.buffer = c.buf.data();
      b.buffer_length = static_cast<unsigned long>(c.buf.size());
      break;
    }
  }
}

void store_cell(Value& out, const ResultColumn& c) {
  if (c.is_null) {
    out.storage().emplace<Null>();
    return;
  }
  switch (c.kind) {
    case ColKind::Null:
      out.storage().emplace<Null>();
      break;
    case ColKind::Int:
      out.storage().emplace<std::int64_t>(c.i);
      break;
    case ColKind::UInt:
      assign_unsigned(out, static_cast<std::uint64_t>(c.i));
      break;
    case ColKind::Double:
      out.storage().emplace<double>(c.d);
      break;
    case ColKind::Decimal:
      assign_decimal(out, c.buf.data(), c.length);
      break;
    case ColKind::Text:
      out.assign_text(std::string_view(c.buf.data(), c.length));
      break;
    case ColKind::Bytes:
      out.assign_bytes(std::string_view(c.buf.data(), c.length));
      break;
    case ColKind::Bit:
      out.storage().emplace<std::int64_t>(bits_value(c.buf.data(), c.length));
      break;
    case ColKind::Date:
      out.storage().emplace<Date>(
          Date{static_cast<int>(c.t.year), static_cast<int>(c.t.month), static_cast<int>(c.t.day)});
      break;
    case ColKind::Time:
      out.storage().emplace<Time>(time_from(c.t));
      break;
    case ColKind::DateTime:
      out.storage().emplace<DateTime>(DateTime{
          Date{static_cast<int>(c.t.year), static_cast<int>(c.t.month), static_cast<int>(c.t.day)},
          Time{static_cast<int>(c.t.hour), static_cast<int>(c.t.minute),
               static_cast<int>(c.t.second), static_cast<int>(c.t.second_part)},
          std::nullopt});
      break;
  }
}

void store_text_cell(Value& out, ColKind kind, const char* data, unsigned long len) {
  if (data == nullptr) {
    out.storage().emplace<Null>();
    return;
  }
  std::string_view s(data, len);
  switch (kind) {
    case ColKind::Null:
      out.storage().emplace<Null>();
      return;
    case ColKind::Int: {
      std::int64_t v = 0;
      std::from_chars(s.data(), s.data() + s.size(), v);
      out.storage().emplace<std::int64_t>(v);
      return;
    }
    case ColKind::UInt: {
      std::uint64_t v = 0;
      std::from_chars(s.data(), s.data() + s.size(), v);
      assign_unsigned(out, v);
      return;
    }
    case ColKind::Double:
      // strtod accepts everything MySQL prints ("1e+300", "-0"); data is NUL-terminated.
      out.storage().emplace<double>(std::strtod(data, nullptr));
      return;
    case ColKind::Decimal:
      assign_decimal(out, data, len);
      return;
    case ColKind::Bytes:
      out.assign_bytes(s);
      return;
    case ColKind::Bit:
      out.storage().emplace<std::int64_t>(bits_value(data, len));
      return;
    case ColKind::Date:
      if (auto d = parse_date(s)) {
        out.storage().emplace<Date>(*d);
        return;
      }
      break;
    case ColKind::Time:
      if (auto t = parse_time(s)) {
        out.storage().emplace<Time>(*t);
        return;
      }
      break;
    case ColKind::DateTime:
      if (auto dt = parse_datetime(s)) {
        out.storage().emplace<DateTime>(*dt);
        return;
      }
      break;
    case ColKind::Text:
      break;
  }
  // Text, and temporal values the ISO parser does not take (zero dates,
  // TIME beyond 24h in the text protocol): keep the server's text.
  out.assign_text(s);
}

}  // namespace retort::mysql
