#include "detail/type_syntax.hpp"

#include <algorithm>
#include <cctype>

#include "retort/engine/error.hpp"

namespace retort::detail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

Spelling split_spelling(std::string_view text, std::string_view what) {
  const std::string_view s = trim(text);
  auto fail = [&](const std::string& problem) -> void {
    throw ArgumentError(problem + " in " + std::string(what) + " '" + std::string(s) + "'");
  };
  Spelling out;
  const auto open = s.find('(');
  if (open == std::string_view::npos) {
    if (s.find(')') != std::string_view::npos) fail("unbalanced parentheses");
    out.head = std::string(s);
    return out;
  }
  out.head = std::string(trim(s.substr(0, open)));
  out.has_parens = true;

  int depth = 1;
  char quote = 0;
  char last_significant = '(';  // a quote opens an argument only at its start or after '='
  std::size_t arg_begin = open + 1;
  std::size_t close = std::string_view::npos;
  for (std::size_t i = open + 1; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) {
        if (i + 1 < s.size() && s[i + 1] == quote) {
          ++i;  // doubled quote: one quote character inside the value
        } else {
          quote = 0;
          last_significant = c;
        }
      }
      continue;
    }
    if ((c == '\'' || c == '"') &&
        (last_significant == '(' || last_significant == ',' || last_significant == '=')) {
      quote = c;
      continue;
    }
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) {
        close = i;
        break;
      }
    } else if (c == ',' && depth == 1) {
      out.args.emplace_back(trim(s.substr(arg_begin, i - arg_begin)));
      arg_begin = i + 1;
    }
    if (!is_space(c)) last_significant = c;
  }
  if (quote) fail("unterminated quote");
  if (close == std::string_view::npos) fail("unbalanced parentheses");
  if (close + 1 != s.size()) fail("unexpected text after ')'");
  const auto last = trim(s.substr(arg_begin, close - arg_begin));
  if (!last.empty() || !out.args.empty()) out.args.emplace_back(last);
  for (const auto& a : out.args) {
    if (a.empty()) fail("empty argument");
  }
  return out;
}

std::string unquote(std::string_view arg, bool* quoted) {
  if (quoted) *quoted = false;
  if (arg.size() < 2 || (arg.front() != '\'' && arg.front() != '"') || arg.back() != arg.front()) {
    return std::string(arg);
  }
  const char q = arg.front();
  std::string out;
  for (std::size_t i = 1; i + 1 < arg.size(); ++i) {
    out += arg[i];
    if (arg[i] == q && i + 2 < arg.size() && arg[i + 1] == q) ++i;
  }
  if (quoted) *quoted = true;
  return out;
}

std::string quote_arg_if_needed(std::string_view text) {
  bool needs = text.empty() || is_space(text.front()) || is_space(text.back());
  for (char c : text) {
    if (is_space(c) || c == ',' || c == '(' || c == ')' || c == '\'' || c == '"' || c == '=' ||
        static_cast<unsigned char>(c) < 0x20) {
      needs = true;
    }
  }
  if (!needs) return std::string(text);
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  out += '\'';
  return out;
}

std::optional<std::pair<std::string, std::string>> keyword_arg(std::string_view arg) {
  if (arg.empty() || arg.front() == '\'' || arg.front() == '"') return std::nullopt;
  const auto eq = arg.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  const auto key = trim(arg.substr(0, eq));
  if (!is_identifier(key)) return std::nullopt;
  return std::pair{std::string(key), std::string(trim(arg.substr(eq + 1)))};
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates) {
  const std::string w = lower(word);
  // Short words tolerate one typo, longer ones a few: "nulable" -> nullable.
  const std::size_t limit = w.size() <= 4 ? 1 : w.size() <= 8 ? 2 : 3;
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (auto c : candidates) {
    const std::size_t d = edit_distance(w, lower(c));
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  if (best || w.size() < 3) return best;
  // A clipped word ("uniq", "org" for org_id) is a likely slip too.
  for (auto c : candidates) {
    if (lower(c).starts_with(w)) return std::string(c);
  }
  return best;
}

}  // namespace retort::detail
