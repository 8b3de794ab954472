// The value model: what a bound parameter or a result cell can hold.
// The per-dialect mapping of each alternative is documented in docs/engine.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace retort {

// SQL NULL.
struct Null {
  bool operator==(const Null&) const = default;
};
inline constexpr Null null{};

// An exact decimal kept as its canonical text ("-12.50"), never a double.
struct Decimal {
  std::string text;
  bool operator==(const Decimal&) const = default;
};

// Binary data (BLOB, bytea, VARBINARY).
struct Bytes {
  std::string data;  // raw bytes; std::string for cheap small-buffer storage
  bool operator==(const Bytes&) const = default;
};

struct Date {
  int year = 1970, month = 1, day = 1;
  bool operator==(const Date&) const = default;
};

struct Time {
  int hour = 0, minute = 0, second = 0, microsecond = 0;
  bool operator==(const Time&) const = default;
};

// A timestamp. utc_offset_seconds set means "with time zone": the instant is
// date+time at that offset from UTC.
struct DateTime {
  Date date;
  Time time;
  std::optional<int> utc_offset_seconds;
  bool operator==(const DateTime&) const = default;
};

struct Uuid {
  std::array<std::uint8_t, 16> bytes{};
  // Parses "8-4-4-4-12" hex (case-insensitive, braces and no hyphens accepted).
  static std::optional<Uuid> parse(std::string_view text);
  std::string str() const;  // lower-case 8-4-4-4-12
  bool operator==(const Uuid&) const = default;
};

// JSON document text, bound as JSON/JSONB where the dialect has it.
struct Json {
  std::string text;
  bool operator==(const Json&) const = default;
};

class Value {
 public:
  using Storage = std::variant<Null, bool, std::int64_t, double, Decimal, std::string, Bytes, Date,
                               Time, DateTime, Uuid, Json>;
  enum class Kind { Null, Bool, Int, Double, Decimal, Text, Bytes, Date, Time, DateTime, Uuid, Json };

  Value() = default;
  Value(Null) {}
  Value(std::nullopt_t) {}
  Value(bool v) : v_(v) {}
  Value(int v) : v_(std::int64_t{v}) {}
  Value(unsigned v) : v_(std::int64_t{v}) {}
  Value(long v) : v_(std::int64_t{v}) {}
  Value(long long v) : v_(std::int64_t{v}) {}
  Value(unsigned long v) : v_(static_cast<std::int64_t>(v)) {}
  Value(double v) : v_(v) {}
  Value(float v) : v_(double{v}) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  Value(Decimal v) : v_(std::move(v)) {}
  Value(Bytes v) : v_(std::move(v)) {}
  Value(Date v) : v_(v) {}
  Value(Time v) : v_(v) {}
  Value(DateTime v) : v_(v) {}
  Value(Uuid v) : v_(v) {}
  Value(Json v) : v_(std::move(v)) {}
  template <class T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }

  Kind kind() const noexcept { return static_cast<Kind>(v_.index()); }
  bool is_null() const noexcept { return v_.index() == 0; }
  const Storage& storage() const noexcept { return v_; }
  Storage& storage() noexcept { return v_; }

  template <class T>
  bool holds() const noexcept { return std::holds_alternative<T>(v_); }
  template <class T>
  const T& get_raw() const { return std::get<T>(v_); }

  // Typed access with conversion where it is lossless or conventional for the
  // dialects (SQLite and MySQL return booleans as 0/1, SQLite returns dates as
  // ISO text, PostgreSQL returns numerics as Decimal). std::nullopt for NULL.
  // Throws TypeConversionError when the value cannot be converted to T.
  template <class T>
  std::optional<T> as() const;

  // Assign in place, without reallocating when the value already holds that
  // kind: drivers overwrite one reused row buffer with these.
  void assign_int(std::int64_t i) {
    if (auto* p = std::get_if<std::int64_t>(&v_))
      *p = i;
    else
      v_.emplace<std::int64_t>(i);
  }
  void assign_double(double d) {
    if (auto* p = std::get_if<double>(&v_))
      *p = d;
    else
      v_.emplace<double>(d);
  }
  void assign_text(std::string_view s);
  void assign_bytes(std::string_view s);

  // A short SQL-ish rendering for logs and tests ("NULL", "42", "'abc'").
  std::string repr() const;
  static const char* kind_name(Kind k);

  bool operator==(const Value& o) const = default;

 private:
  Storage v_;
};

template <>
std::optional<bool> Value::as<bool>() const;
template <>
std::optional<std::int64_t> Value::as<std::int64_t>() const;
template <>
std::optional<int> Value::as<int>() const;
template <>
std::optional<double> Value::as<double>() const;
template <>
std::optional<std::string> Value::as<std::string>() const;
template <>
std::optional<Decimal> Value::as<Decimal>() const;
template <>
std::optional<Bytes> Value::as<Bytes>() const;
template <>
std::optional<Date> Value::as<Date>() const;
template <>
std::optional<Time> Value::as<Time>() const;
template <>
std::optional<DateTime> Value::as<DateTime>() const;
template <>
std::optional<Uuid> Value::as<Uuid>() const;
template <>
std::optional<Json> Value::as<Json>() const;

// ISO 8601 text forms used by drivers that exchange dates as text.
std::string to_iso(const Date& d);
std::string to_iso(const Time& t);
std::string to_iso(const DateTime& dt);  // "YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM]"
std::optional<Date> parse_date(std::string_view s);
std::optional<Time> parse_time(std::string_view s);
std::optional<DateTime> parse_datetime(std::string_view s);
// An aware DateTime as naive UTC (for DATETIME columns, which keep no zone);
// a naive one unchanged.
DateTime to_utc(const DateTime& dt);

// Named parameters for text(":name") statements, in the order given.
using Params = std::vector<std::pair<std::string, Value>>;

}  // namespace retort
