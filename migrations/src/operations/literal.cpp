// Values as SQL literals for offline scripts (bulk_insert --sql), written by
// the dialect's rules of the SQL expression language; and values read from
// YAML. Online, values are bound, never spliced.
#include "operations/op_support.hpp"
#include "retort/engine/sql/compiler.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::ops {

std::string render_literal(const OperationContext& ctx, const Value& value,
                           const std::string& where) {
  try {
    return sql::render_literal(value, dialect_of(ctx));
  } catch (const sql::CompileError& e) {
    throw OperationError(where + ": " + e.what());
  }
}

Value yaml_value(const OpReader& r, const YAML::Node& node) {
  if (!node || node.IsNull()) return Value();
  if (!node.IsScalar())
    r.fail(node.Mark(), "a value must be null, a boolean, a number, a string or !!binary");
  const std::string& s = node.Scalar();
  if (node.Tag() == "tag:yaml.org,2002:binary") {
    const auto data = YAML::DecodeBase64(s);
    return Bytes{std::string(data.begin(), data.end())};
  }
  if (node.Tag() == "!") return Value(s);  // quoted: always a string
  bool b = false;
  if (YAML::convert<bool>::decode(node, b)) return Value(b);
  std::int64_t i = 0;
  if (YAML::convert<std::int64_t>::decode(node, i)) return Value(i);
  double d = 0;
  if (YAML::convert<double>::decode(node, d)) return Value(d);
  return Value(s);
}

}  // namespace retort::migrations::ops
