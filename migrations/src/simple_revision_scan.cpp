// The fast path of revision-file reading: one pass over the lines of a simple revision file,
// no YAML library. Anything outside the simple form, and every error, is left to the yaml-cpp
// path in revision_file.cpp.
#include "detail/simple_revision_scan.hpp"

#include <array>
#include <string>
#include <vector>

namespace retort::migrations::detail {
namespace {

enum class Key { revision, down_revision, branch_labels, depends_on, message, create_date,
                 upgrade, downgrade };
constexpr std::array<std::string_view, 8> kKeyNames = {
    "revision", "down_revision", "branch_labels", "depends_on",
    "message",  "create_date",   "upgrade",       "downgrade"};

bool printable(char c) { return c >= 0x20 && c <= 0x7e; }

// A character that may not start a plain scalar (or that this fast path leaves to yaml-cpp).
bool indicator(char c) {
  switch (c) {
    case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}':
    case '#': case '&': case '*': case '!': case '|': case '>': case '\'': case '"':
    case '%': case '@': case '`': case ' ':
      return true;
    default:
      return false;
  }
}

bool null_word(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

struct Scalar {
  std::string text;
  bool plain = true;
};

// One scalar at s[i] (flow: inside a [...] list); on success i is just past it.
bool scan_scalar(std::string_view s, std::size_t& i, bool flow, Scalar& out) {
  const char q = s[i];
  if (q == '"' || q == '\'') {
    out.plain = false;
    out.text.clear();
    std::size_t j = i + 1;
    for (;;) {
      if (j >= s.size()) return false;
      const char c = s[j];
      if (c == q) {
        if (q == '\'' && j + 1 < s.size() && s[j + 1] == '\'') {
          out.text += '\'';
          j += 2;
          continue;
        }
        break;
      }
      if (c == '\\' || !printable(c)) return false;
      out.text += c;
      ++j;
    }
    i = j + 1;
    return true;
  }
  if (indicator(q) || !printable(q)) return false;
  out.plain = true;
  std::size_t j = i;
  for (; j < s.size(); ++j) {
    const char c = s[j];
    if (!printable(c)) return false;
    if (flow && (c == ',' || c == ']')) break;
    if (c == '[' || c == ']' || c == '{' || c == '}') return false;
    if (c == ':' && (flow || j + 1 == s.size() || s[j + 1] == ' ')) return false;
    if (c == '#' && s[j - 1] == ' ') break;  // a comment; j > i since s[i] is not '#'
  }
  std::size_t end = j;
  while (end > i && s[end - 1] == ' ') --end;
  out.text.assign(s.substr(i, end - i));
  i = j;
  return true;
}

// After a value: only spaces, then an optional comment (after at least one space).
bool rest_is_blank(std::string_view s, std::size_t i) {
  const std::size_t start = i;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i == s.size()) return true;
  return s[i] == '#' && i > start;
}

struct Value {
  bool is_null = false;
  bool is_list = false;
  std::vector<Scalar> items;  // the scalar, or the list's entries
};

bool scan_value(std::string_view s, Value& v) {
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i == s.size() || (s[i] == '#' && i > 0)) {
    v.is_null = true;
    return true;
  }
  if (s[i] == '[') {
    v.is_list = true;
    ++i;
    for (;;) {
      while (i < s.size() && s[i] == ' ') ++i;
      if (i >= s.size()) return false;
      if (s[i] == ']' && v.items.empty()) break;
      Scalar item;
      if (!scan_scalar(s, i, true, item)) return false;
      if (item.plain && null_word(item.text)) return false;
      v.items.push_back(std::move(item));
      while (i < s.size() && s[i] == ' ') ++i;
      if (i >= s.size()) return false;
      if (s[i] == ']') break;
      if (s[i] != ',') return false;
      ++i;
      while (i < s.size() && s[i] == ' ') ++i;
      if (i < s.size() && s[i] == ']') return false;  // a trailing comma: left to yaml-cpp
    }
    return rest_is_blank(s, i + 1);
  }
  Scalar one;
  if (!scan_scalar(s, i, false, one) || !rest_is_blank(s, i)) return false;
  if (one.plain && null_word(one.text)) {
    v.is_null = true;
    return true;
  }
  v.items.push_back(std::move(one));
  return true;
}

// null, one id, or a list of ids; no empty entry.
bool id_list(Value& v, std::vector<std::string>& out) {
  out.clear();
  for (Scalar& s : v.items) {
    if (s.text.empty()) return false;
    out.push_back(std::move(s.text));
  }
  return true;
}

}  // namespace

bool scan_simple_revision(std::string_view text, Revision& rev) {
  bool seen[kKeyNames.size()] = {};
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    std::size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    if (i == line.size() || line[i] == '#') {
      for (char c : line) {
        if (c != ' ' && !printable(c)) return false;
      }
      continue;  // blank or a comment line
    }
    if (i > 0) return false;  // indented content: operations, continuations
    std::size_t k = 0;
    while (k < line.size() && ((line[k] >= 'a' && line[k] <= 'z') || line[k] == '_')) ++k;
    if (k == 0 || k >= line.size() || line[k] != ':') return false;
    if (k + 1 < line.size() && line[k + 1] != ' ') return false;
    const std::string_view name = line.substr(0, k);
    std::size_t key = 0;
    while (key < kKeyNames.size() && kKeyNames[key] != name) ++key;
    if (key == kKeyNames.size() || seen[key]) return false;
    seen[key] = true;
    Value v;
    if (!scan_value(line.substr(k + 1), v)) return false;
    switch (static_cast<Key>(key)) {
      case Key::revision:
        if (v.is_null || v.is_list) return false;
        rev.id = std::move(v.items.front().text);
        if (!check_revision_id(rev.id).empty()) return false;
        rev.lines.revision = line_no;
        break;
      case Key::down_revision:
        if (!id_list(v, rev.down_revisions)) return false;
        rev.lines.down_revision = line_no;
        break;
      case Key::branch_labels:
        if (!id_list(v, rev.branch_labels)) return false;
        rev.lines.branch_labels = line_no;
        break;
      case Key::depends_on:
        if (!id_list(v, rev.depends_on)) return false;
        rev.lines.depends_on = line_no;
        break;
      case Key::message:
      case Key::create_date:
        if (v.is_list) return false;
        if (!v.is_null) {
          (static_cast<Key>(key) == Key::message ? rev.message : rev.create_date) =
              std::move(v.items.front().text);
        }
        break;
      case Key::upgrade:
      case Key::downgrade:
        // Operations need yaml-cpp's nodes (and their marks): only "none" is read here.
        if (!v.is_null && !(v.is_list && v.items.empty())) return false;
        (static_cast<Key>(key) == Key::upgrade ? rev.lines.upgrade : rev.lines.downgrade) =
            line_no;
        break;
    }
  }
  return seen[static_cast<std::size_t>(Key::revision)] &&
         seen[static_cast<std::size_t>(Key::down_revision)];
}

}  // namespace retort::migrations::detail
