// A revision's header and where it came from.
#include "retort/migrations/revision.hpp"

#include <string>

namespace retort::migrations {

std::string Revision::location(int line) const {
  if (path.empty()) return "revision " + id;
  std::string out = path.string();
  if (line > 0) out += ":" + std::to_string(line);
  return out;
}

std::string check_revision_id(std::string_view id) {
  if (id.empty()) return "a revision id cannot be empty";
  for (const std::string_view word : {"head", "heads", "base", "current"}) {
    if (id == word) return "'" + std::string(id) + "' is a reserved identifier";
  }
  std::string bad;
  for (const char c : std::string_view("+-:@")) {
    if (id.find(c) != std::string_view::npos) {
      if (!bad.empty()) bad += ", ";
      bad += c;
    }
  }
  for (const char c : id) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!bad.empty()) bad += ", ";
      bad += "whitespace";
      break;
    }
  }
  if (!bad.empty()) {
    return "character(s) '" + bad + "' not allowed in revision identifier '" + std::string(id) +
           "'";
  }
  return {};
}

}  // namespace retort::migrations
