// Private: conversion between retort::Value and PostgreSQL's wire formats.
// Parameters go out as text (bytea as binary); results come back in text
// format and are parsed by column type OID. The mapping table is in
// docs/dialects/postgresql.md.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/value.hpp"

namespace retort::postgresql {

// Type OIDs we treat specially (pg_type.dat; stable across server versions).
namespace oid {
inline constexpr Oid kBool = 16, kBytea = 17, kChar = 18, kName = 19, kInt8 = 20, kInt2 = 21,
                     kInt4 = 23, kText = 25, kOid = 26, kJson = 114, kFloat4 = 700, kFloat8 = 701,
                     kVarchar = 1043, kDate = 1082, kTime = 1083, kTimestamp = 1114,
                     kTimestamptz = 1184, kNumeric = 1700, kUuid = 2950, kJsonb = 3802;
}  // namespace oid

// How a result column's text is turned into a Value; decided once per
// column from its type OID so that fetching is a switch, not a lookup.
enum class CellKind : std::uint8_t {
  Text,
  Int,
  Double,
  Decimal,
  Bool,
  Bytes,
  Date,
  Time,
  DateTime,
  DateTimeTz,
  Uuid,
  Json
};

CellKind cell_kind_for(Oid type);

// Decodes one non-NULL text-format cell into `out`, reusing the storage of a
// string-like alternative it already holds. Text PostgreSQL can produce but
// the Value cannot hold (timestamp 'infinity', a year past int) is returned
// as the server's text instead of failing the whole fetch.
void decode_cell(CellKind kind, const char* data, std::size_t len, Value& out);

// Converts one set of parameters into the arrays PQexecPrepared takes. The
// buffers live as long as the binder and are reused, so binding in a loop
// does not allocate once they have grown.
class ParamBinder {
 public:
  // Throws DataError (naming `sql`) for text containing a NUL byte, which the
  // text protocol cannot carry.
  void bind(std::span<const Value> params, std::string_view sql);

  int count() const noexcept { return static_cast<int>(values_.size()); }
  const char* const* values() const noexcept { return values_.data(); }
  const int* lengths() const noexcept { return lengths_.data(); }
  const int* formats() const noexcept { return formats_.data(); }

  // Parameter types to declare when preparing: bytea for Bytes (it is sent
  // in binary format, which needs a known type), 0 ("infer") for the rest.
  static std::vector<Oid> declared_types(std::span<const Value> params);

 private:
  std::string scratch_;  // formatted numbers/dates, each NUL-terminated
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::vector<std::uint32_t> offsets_;  // into scratch_, or kDirect
};

}  // namespace retort::postgresql
