// Document tree -> JSON text, two-space indented; entries that YAML writes
// on one line are on one line here too.
#include "retort/engine/json.hpp"
#include "schema_yaml/doc.hpp"

namespace retort::schema_yaml {

namespace {


// JSON's number grammar is narrower than YAML's (no ".5", "+1", ".inf").
bool json_number(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

void value(const Doc& d, std::size_t indent, bool one_line, std::string& out) {
  switch (d.kind) {
    case Doc::Kind::Null:
      out += "null";
      return;
    case Doc::Kind::Bool:
      out += d.text;
      return;
    case Doc::Kind::Int:
    case Doc::Kind::Number:
      out += json_number(d.text) ? d.text : retort::json_quote(d.text);
      return;
    case Doc::Kind::Str:
      out += retort::json_quote(d.text);
      return;
    case Doc::Kind::List:
    case Doc::Kind::Map:
      break;
  }
  const bool is_map = d.kind == Doc::Kind::Map;
  const std::size_t n = is_map ? d.entries.size() : d.items.size();
  one_line = one_line || d.flow || n == 0;
  out += is_map ? '{' : '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += one_line ? ", " : ",";
    if (!one_line) {
      out += '\n';
      out.append(indent + 2, ' ');
    }
    if (is_map) {
      out += retort::json_quote(d.entries[i].first) + ": ";
      value(d.entries[i].second, indent + 2, one_line, out);
    } else {
      value(d.items[i], indent + 2, one_line, out);
    }
  }
  if (!one_line) {
    out += '\n';
    out.append(indent, ' ');
  }
  out += is_map ? '}' : ']';
}

}  // namespace

std::string emit_json(const Doc& doc) {
  std::string out;
  value(doc, 0, false, out);
  return out + "\n";
}

}  // namespace retort::schema_yaml

namespace retort {

std::string json_quote(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 0xF];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace retort
