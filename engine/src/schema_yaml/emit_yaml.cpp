// Document tree -> YAML text. Block style for the outline, flow style for
// each column, index and constraint (one line each). Strings are written
// plain only when every YAML reader would read them back as the same string;
// otherwise double-quoted with escapes.
#include <cstdint>

#include "schema_yaml/doc.hpp"

namespace retort::schema_yaml {

namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length, 0 when malformed.
std::size_t utf8_next(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80           ? 1
                    : (b >> 5) == 0x6  ? 2
                    : (b >> 4) == 0xE  ? 3
                    : (b >> 3) == 0x1E ? 4
                                       : 0;
  if (len == 0 || i + len > s.size()) return 0;
  cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 0x2) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  return len;
}

// Characters a plain scalar cannot hold safely: C0/C1 controls, DEL, and the
// Unicode line breaks and byte-order mark that YAML treats specially.
bool special_code_point(std::uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0xFEFF;
}

bool reserved_word(std::string_view s) {
  std::string l;
  for (char c : s) l += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  // YAML 1.2 core schema plus YAML 1.1's booleans, which many readers still apply.
  for (std::string_view w : {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}) {
    if (l == w) return true;
  }
  return false;
}

bool plain_ok(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  const char first = s.front();
  // Indicators, and what could start a number, a date or a special float.
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`<=.+~").find(first) != std::string_view::npos)
    return false;
  if (first >= '0' && first <= '9') return false;
  if (reserved_word(s)) return false;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = 0;
    const std::size_t len = utf8_next(s, i, cp);
    if (len == 0 || special_code_point(cp)) return false;
    // Stricter than YAML needs (": " and " #" are the real hazards): any
    // indicator character anywhere means quotes, so that flow context and
    // every reader (yaml-cpp stumbles on "a ?," in flow) agree.
    if (len == 1 &&
        std::string_view(":#,[]{}\"'\\\t?&*!|>%@`").find(s[i]) != std::string_view::npos) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string double_quoted(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = 0;
    std::size_t len = utf8_next(s, i, cp);
    if (len == 0) {  // not UTF-8: the best YAML can do is the same code point
      cp = static_cast<unsigned char>(s[i]);
      len = 1;
    }
    if (cp == '"') {
      out += "\\\"";
    } else if (cp == '\\') {
      out += "\\\\";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (special_code_point(cp) || (len == 1 && cp >= 0x80)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 0xF];
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out + "\"";
}

std::string scalar(const Doc& d) {
  switch (d.kind) {
    case Doc::Kind::Null:
      return "null";
    case Doc::Kind::Str:
      return plain_ok(d.text) ? d.text : double_quoted(d.text);
    default:
      return d.text;
  }
}

std::string inline_value(const Doc& d) {
  if (d.kind == Doc::Kind::Map) {
    std::string out = "{";
    for (std::size_t i = 0; i < d.entries.size(); ++i) {
      if (i) out += ", ";
      out += scalar(Doc::str(d.entries[i].first)) + ": " + inline_value(d.entries[i].second);
    }
    return out + "}";
  }
  if (d.kind == Doc::Kind::List) {
    std::string out = "[";
    for (std::size_t i = 0; i < d.items.size(); ++i) {
      if (i) out += ", ";
      out += inline_value(d.items[i]);
    }
    return out + "]";
  }
  return scalar(d);
}

bool on_one_line(const Doc& d) { return d.is_scalar() || d.flow || d.empty_container(); }

void block(const Doc& d, std::size_t indent, std::string& out);

void block_map(const Doc& d, std::size_t indent, std::string& out) {
  for (const auto& [k, v] : d.entries) {
    out.append(indent, ' ');
    out += scalar(Doc::str(k)) + ":";
    if (on_one_line(v)) {
      out += " " + inline_value(v) + "\n";
    } else {
      out += "\n";
      block(v, indent + 2, out);
    }
  }
}

void block_list(const Doc& d, std::size_t indent, std::string& out) {
  for (const auto& item : d.items) {
    out.append(indent, ' ');
    out += "- ";
    if (on_one_line(item)) {
      out += inline_value(item) + "\n";
    } else {
      std::string nested;
      block(item, indent + 2, nested);
      out += nested.substr(indent + 2);  // the first line continues after "- "
    }
  }
}

void block(const Doc& d, std::size_t indent, std::string& out) {
  if (d.kind == Doc::Kind::Map) {
    block_map(d, indent, out);
  } else {
    block_list(d, indent, out);
  }
}

}  // namespace

std::string emit_yaml(const Doc& doc) {
  std::string out;
  if (on_one_line(doc)) return inline_value(doc) + "\n";
  block(doc, 0, out);
  return out;
}

}  // namespace retort::schema_yaml
