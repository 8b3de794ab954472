// Private: SQLite's declared column types mapped back to retort types.
#pragma once

#include <string_view>

#include "retort/engine/types.hpp"

namespace retort::sqlite {

// "VARCHAR(50)" -> String(50), "NUMERIC(10,2)" -> Numeric(10,2), "NVARCHAR(9)"
// -> sqlite.NVARCHAR(9). docs/reflection.md has the table.
Type type_from_declared(std::string_view declared);

}  // namespace retort::sqlite
