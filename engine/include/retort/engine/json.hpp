// JSON output helpers shared by dump_schema_json and the CLI's --json.
#pragma once

#include <string>
#include <string_view>

namespace retort {

// `s` as a JSON string literal, quotes included, with every character JSON
// requires escaped.
std::string json_quote(std::string_view s);

}  // namespace retort
