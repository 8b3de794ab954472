// Private: PostgreSQL catalog values mapped back to retort's model.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/types.hpp"

namespace retort::postgresql {

// One type as the catalog describes it (a domain already resolved to its
// base type by the query).
struct CatalogType {
  std::string typname;    // pg_type.typname: "int4", "varchar", "_int4", "mood"
  char typtype = 'b';     // 'b' base, 'e' enum, 'r' range, 'c' composite, ...
  std::string formatted;  // format_type(oid, typmod): "character varying(50)"
  std::int64_t oid = 0;
};

// Enum labels in order, by the enum type's oid.
using EnumLabels = std::map<std::int64_t, std::vector<std::string>>;

// The retort type of a column: generic when exact, postgresql.NAME otherwise.
// `element` is set for arrays; `dimensions` is pg_attribute.attndims.
Type type_from_catalog(const CatalogType& type, const std::optional<CatalogType>& element,
                       int dimensions, const EnumLabels& labels);

// A column default as pg_get_expr prints it, normalised: literal casts
// dropped ('abc'::character varying -> 'abc', '-1'::integer -> -1), NULL
// defaults removed, expressions (now(), nextval(...)) kept as they are.
std::optional<std::string> normalize_default(std::string_view expr);

}  // namespace retort::postgresql
