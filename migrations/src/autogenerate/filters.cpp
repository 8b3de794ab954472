// Which tables autogenerate compares: include/exclude globs, and never the
// version and history tables.
#include <algorithm>

#include "retort/migrations/autogenerate.hpp"

namespace retort::migrations {

bool glob_match(std::string_view p, std::string_view s) {
  std::size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  auto class_match = [&](std::size_t& i, char c) {
    // p[i] == '['; returns whether c is in the class and moves i past it.
    std::size_t j = i + 1;
    const bool negate = j < p.size() && (p[j] == '!' || p[j] == '^');
    if (negate) ++j;
    bool hit = false;
    bool first = true;
    for (; j < p.size() && (first || p[j] != ']'); ++j, first = false) {
      if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
        if (c >= p[j] && c <= p[j + 2]) hit = true;
        j += 2;
      } else if (p[j] == c) {
        hit = true;
      }
    }
    i = j + 1;
    return hit != negate;
  };
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (pi < p.size() && p[pi] == '?') {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '[' && p.find(']', pi + 2) != std::string_view::npos) {
      std::size_t next = pi;
      if (class_match(next, s[si])) {
        pi = next;
        ++si;
      } else if (star != std::string_view::npos) {
        pi = star + 1;
        si = ++mark;
      } else {
        return false;
      }
    } else if (pi < p.size() && p[pi] == s[si]) {
      ++pi;
      ++si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool table_included(const std::string& name, const AutogenerateOptions& options) {
  const auto& ignore = options.ignore_tables;
  if (std::find(ignore.begin(), ignore.end(), name) != ignore.end()) return false;
  auto any = [&](const std::vector<std::string>& globs) {
    return std::any_of(globs.begin(), globs.end(),
                       [&](const std::string& g) { return glob_match(g, name); });
  };
  if (!options.include_tables.empty() && !any(options.include_tables)) return false;
  return !any(options.exclude_tables);
}

}  // namespace retort::migrations
