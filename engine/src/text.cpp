// TextClause: finds :name parameters in SQL text, skipping quoted strings,
// quoted identifiers, comments, PostgreSQL dollar quotes and ::casts.
#include <cctype>
#include <mutex>

#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"

namespace retort {

struct TextClause::Parsed {
  std::vector<std::string> literals;  // literals.size() == names.size() + 1
  std::vector<std::string> names;
  mutable std::once_flag once[2];
  mutable std::string compiled[2];
};

namespace {

bool ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// Index just past a quoted run that starts at i with `q`; a doubled quote stays inside.
std::size_t skip_quoted(std::string_view s, std::size_t i, char q) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\' && q == '\'' ) {
      // Backslash escapes (MySQL, PostgreSQL E'') never end the string; in
      // standard SQL strings "\'" cannot occur unescaped either.
      if (i + 1 < s.size()) ++i;
      continue;
    }
    if (s[i] == q) {
      if (i + 1 < s.size() && s[i + 1] == q) {
        ++i;
        continue;
      }
      return i + 1;
    }
  }
  return s.size();
}

std::size_t skip_dollar_quote(std::string_view s, std::size_t i) {
  // $tag$ ... $tag$ ; returns i unchanged when this is not a dollar quote.
  std::size_t j = i + 1;
  while (j < s.size() && ident_char(static_cast<unsigned char>(s[j])) &&
         !std::isdigit(static_cast<unsigned char>(s[i + 1])))
    ++j;
  if (j >= s.size() || s[j] != '$') return i;
  std::string_view tag = s.substr(i, j - i + 1);
  auto end = s.find(tag, j + 1);
  return end == std::string_view::npos ? s.size() : end + tag.size();
}

}  // namespace

TextClause::TextClause(std::string sql) : sql_(std::move(sql)) {
  auto p = std::make_shared<Parsed>();
  std::string_view s = sql_;
  std::string cur;
  std::size_t i = 0;
  auto copy_to = [&](std::size_t end) {
    cur.append(s.substr(i, end - i));
    i = end;
  };
  while (i < s.size()) {
    char c = s[i];
    if (c == '\'' || c == '"' || c == '`') {
      copy_to(skip_quoted(s, i, c));
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      auto nl = s.find('\n', i);
      copy_to(nl == std::string_view::npos ? s.size() : nl);
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      auto end = s.find("*/", i + 2);
      copy_to(end == std::string_view::npos ? s.size() : end + 2);
    } else if (c == '$' && i + 1 < s.size() && (s[i + 1] == '$' || ident_start(s[i + 1]))) {
      std::size_t end = skip_dollar_quote(s, i);
      copy_to(end == i ? i + 1 : end);
    } else if (c == '\\' && i + 1 < s.size() && s[i + 1] == ':') {
      cur += ':';
      i += 2;
    } else if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
      copy_to(i + 2);  // PostgreSQL cast
    } else if (c == ':' && i + 1 < s.size() && ident_start(s[i + 1]) &&
               (i == 0 || !ident_char(static_cast<unsigned char>(s[i - 1])))) {
      std::size_t j = i + 1;
      while (j < s.size() && ident_char(static_cast<unsigned char>(s[j]))) ++j;
      p->literals.push_back(std::move(cur));
      cur.clear();
      p->names.emplace_back(s.substr(i + 1, j - i - 1));
      i = j;
    } else {
      cur += c;
      ++i;
    }
  }
  p->literals.push_back(std::move(cur));
  parsed_ = std::move(p);
}

const std::vector<std::string>& TextClause::param_names() const { return parsed_->names; }
const std::vector<std::string>& TextClause::literals() const { return parsed_->literals; }

const std::string& TextClause::compiled(ParamStyle style) const {
  auto idx = static_cast<std::size_t>(style);
  std::call_once(parsed_->once[idx], [&] {
    std::string out;
    const auto& lits = parsed_->literals;
    for (std::size_t k = 0; k < lits.size(); ++k) {
      out += lits[k];
      if (k + 1 == lits.size()) break;
      if (style == ParamStyle::NumericDollar)
        out += "$" + std::to_string(k + 1);
      else
        out += '?';
    }
    parsed_->compiled[idx] = std::move(out);
  });
  return parsed_->compiled[idx];
}

}  // namespace retort
