#include <cctype>

#include "detail/multirow.hpp"

namespace retort::detail {

namespace {

std::string upper_trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out(s.substr(b, e - b));
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool ends_with_word(const std::string& s, std::string_view w) {
  if (s.size() < w.size() || s.compare(s.size() - w.size(), w.size(), w) != 0) return false;
  if (s.size() == w.size()) return true;
  unsigned char before = static_cast<unsigned char>(s[s.size() - w.size() - 1]);
  return !(std::isalnum(before) || before == '_');
}

}  // namespace

std::optional<MultiRowInsert> MultiRowInsert::from(const TextClause& stmt) {
  // Rebuild the literal pieces from the qmark compilation: splitting at '?'
  // is exact because the compiler emitted one '?' per parameter and literal
  // question marks only appear inside quotes, which we track.
  const std::string& q = stmt.compiled(ParamStyle::Qmark);
  std::vector<std::string> lits(1);
  char quote = 0;
  for (char c : q) {
    if (quote) {
      if (c == quote) quote = 0;
      lits.back() += c;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      lits.back() += c;
    } else if (c == '?') {
      lits.emplace_back();
    } else {
      lits.back() += c;
    }
  }
  if (lits.size() != stmt.param_names().size() + 1 || lits.size() < 2) return std::nullopt;
  std::string head = upper_trim(lits.front());
  if (head.rfind("INSERT", 0) != 0) return std::nullopt;

  std::size_t open = lits.front().rfind('(');
  if (open == std::string::npos) return std::nullopt;
  if (!ends_with_word(upper_trim(std::string_view(lits.front()).substr(0, open)), "VALUES"))
    return std::nullopt;

  int depth = 1;
  for (std::size_t k = 0; k < lits.size(); ++k) {
    const std::string& lit = lits[k];
    std::size_t from = k == 0 ? open + 1 : 0;
    for (std::size_t i = from; i < lit.size(); ++i) {
      if (lit[i] == '(') ++depth;
      if (lit[i] == ')' && --depth == 0) {
        if (k + 1 != lits.size()) return std::nullopt;  // parameters after the group
        MultiRowInsert m;
        m.prefix_ = lits.front().substr(0, open);
        m.row_parts_.assign(lits.begin(), lits.end());
        m.row_parts_.front() = lits.front().substr(open);
        m.row_parts_.back() = lit.substr(0, i + 1);
        m.suffix_ = lit.substr(i + 1);
        return m;
      }
    }
  }
  return std::nullopt;
}

const std::string& MultiRowInsert::sql(std::size_t rows, ParamStyle style) {
  auto key = std::make_pair(rows, static_cast<int>(style));
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  std::string out = prefix_;
  std::size_t n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    if (r) out += ", ";
    for (std::size_t k = 0; k < row_parts_.size(); ++k) {
      out += row_parts_[k];
      if (k + 1 == row_parts_.size()) break;
      if (style == ParamStyle::NumericDollar)
        out += "$" + std::to_string(++n);
      else
        out += '?';
    }
  }
  out += suffix_;
  return cache_.emplace(key, std::move(out)).first->second;
}

}  // namespace retort::detail
