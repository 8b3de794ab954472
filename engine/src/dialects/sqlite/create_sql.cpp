// A tokenizer and a forgiving reader for SQLite's CREATE TABLE and CREATE
// INDEX text: just enough grammar to find constraint names, CHECK
// expressions, foreign key clauses, index elements and WHERE predicates.
#include "dialects/sqlite/create_sql.hpp"

#include <cctype>
#include <cstring>

namespace retort::sqlite {

namespace {

enum class Tok { Word, Ident, String, Number, Punct };

struct Token {
  Tok kind;
  std::size_t begin, end;  // byte offsets into the SQL text
};

bool word_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool word_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

// Scans to the closing `close`, where a doubled `close` stands for one.
std::size_t skip_quoted(std::string_view s, std::size_t i, char close) {
  for (++i; i < s.size(); ++i) {
    if (s[i] != close) continue;
    if (close != ']' && i + 1 < s.size() && s[i + 1] == close) {
      ++i;
      continue;
    }
    return i + 1;
  }
  return s.size();
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (std::isspace(c)) {
      ++i;
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      const auto end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else if (c == '\'') {
      const auto end = skip_quoted(s, i, '\'');
      out.push_back({Tok::String, i, end});
      i = end;
    } else if ((c == 'x' || c == 'X') && i + 1 < s.size() && s[i + 1] == '\'') {
      const auto end = skip_quoted(s, i + 1, '\'');
      out.push_back({Tok::String, i, end});
      i = end;
    } else if (c == '"' || c == '`' || c == '[') {
      const auto end = skip_quoted(s, i, c == '[' ? ']' : static_cast<char>(c));
      out.push_back({Tok::Ident, i, end});
      i = end;
    } else if (std::isdigit(c) || (c == '.' && i + 1 < s.size() &&
                                   std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t j = i + 1;
      while (j < s.size()) {
        const auto d = static_cast<unsigned char>(s[j]);
        if (std::isalnum(d) || d == '.') {
          ++j;
        } else if ((d == '+' || d == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E')) {
          ++j;
        } else {
          break;
        }
      }
      out.push_back({Tok::Number, i, j});
      i = j;
    } else if (word_start(c)) {
      std::size_t j = i + 1;
      while (j < s.size() && word_char(static_cast<unsigned char>(s[j]))) ++j;
      out.push_back({Tok::Word, i, j});
      i = j;
    } else {
      out.push_back({Tok::Punct, i, i + 1});
      ++i;
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == ';'))
    s.remove_suffix(1);
  return s;
}

class Reader {
 public:
  explicit Reader(std::string_view sql) : sql_(sql), toks_(tokenize(sql)) {}

  std::size_t size() const { return toks_.size(); }
  std::string_view text(std::size_t i) const {
    return sql_.substr(toks_[i].begin, toks_[i].end - toks_[i].begin);
  }
  // Source text from token a to token b-1, as written.
  std::string_view span(std::size_t a, std::size_t b) const {
    if (a >= b) return {};
    return sql_.substr(toks_[a].begin, toks_[b - 1].end - toks_[a].begin);
  }
  bool is(std::size_t i, const char* keyword) const {
    if (i >= toks_.size() || toks_[i].kind != Tok::Word) return false;
    const auto t = text(i);
    if (t.size() != std::strlen(keyword)) return false;
    for (std::size_t k = 0; k < t.size(); ++k)
      if (std::toupper(static_cast<unsigned char>(t[k])) != keyword[k]) return false;
    return true;
  }
  bool punct(std::size_t i, char c) const {
    return i < toks_.size() && toks_[i].kind == Tok::Punct && sql_[toks_[i].begin] == c;
  }
  bool name_like(std::size_t i) const {
    return i < toks_.size() && (toks_[i].kind == Tok::Word || toks_[i].kind == Tok::Ident ||
                                toks_[i].kind == Tok::String);
  }
  // Index of the ')' matching the '(' at i (size() when unbalanced).
  std::size_t close_of(std::size_t i) const {
    int depth = 0;
    for (std::size_t j = i; j < toks_.size(); ++j) {
      if (punct(j, '(')) ++depth;
      if (punct(j, ')') && --depth == 0) return j;
    }
    return toks_.size();
  }
  // [a, b) split at commas outside parentheses.
  std::vector<std::pair<std::size_t, std::size_t>> split(std::size_t a, std::size_t b) const {
    std::vector<std::pair<std::size_t, std::size_t>> items;
    std::size_t start = a;
    for (std::size_t j = a; j < b; ++j) {
      if (punct(j, '(')) {
        j = close_of(j);
        if (j >= b) break;
      } else if (punct(j, ',')) {
        items.emplace_back(start, j);
        start = j + 1;
      }
    }
    if (start < b) items.emplace_back(start, b);
    return items;
  }
  // The names in the parenthesised list at i; `next` gets the index after it.
  std::vector<std::string> name_list(std::size_t i, std::size_t& next) const {
    std::vector<std::string> names;
    next = i;
    if (!punct(i, '(')) return names;
    const std::size_t close = close_of(i);
    for (auto [a, b] : split(i + 1, std::min(close, toks_.size())))
      if (a < b) names.push_back(unquote_identifier(text(a)));
    next = close + 1;
    return names;
  }

 private:
  std::string_view sql_;
  std::vector<Token> toks_;
};

bool starts_column_constraint(const Reader& r, std::size_t i) {
  for (const char* k : {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
                        "COLLATE", "REFERENCES", "GENERATED", "AS"})
    if (r.is(i, k)) return true;
  return false;
}

// REFERENCES table [(columns)] [ON ... | MATCH x | [NOT] DEFERRABLE [INITIALLY x]]...
// with i at the referred table's name; returns the index after the clause.
std::size_t read_references(const Reader& r, std::size_t i, std::size_t end, ParsedForeignKey& fk) {
  if (i >= end || !r.name_like(i)) return i;
  fk.referred_table = unquote_identifier(r.text(i++));
  if (r.punct(i, '(')) fk.referred_columns = r.name_list(i, i);
  while (i < end) {
    if (r.is(i, "ON") && (r.is(i + 1, "DELETE") || r.is(i + 1, "UPDATE"))) {
      i += 2;
      if (r.is(i, "SET") || r.is(i, "NO"))
        i += 2;  // SET NULL, SET DEFAULT, NO ACTION
      else
        i += 1;  // CASCADE, RESTRICT
    } else if (r.is(i, "MATCH")) {
      i += 2;
    } else if (r.is(i, "NOT") && r.is(i + 1, "DEFERRABLE")) {
      i += 2;
      if (r.is(i, "INITIALLY")) i += 2;
    } else if (r.is(i, "DEFERRABLE")) {
      fk.deferrable = true;
      ++i;
      if (r.is(i, "INITIALLY")) {
        fk.initially_deferred = r.is(i + 1, "DEFERRED");
        i += 2;
      }
    } else {
      break;
    }
  }
  return i;
}

std::optional<std::string> take(std::optional<std::string>& pending) {
  auto out = std::move(pending);
  pending.reset();
  return out;
}

void read_column(const Reader& r, std::size_t b, std::size_t e, ParsedTable& out) {
  const std::string column = unquote_identifier(r.text(b));
  std::optional<std::string> pending;  // CONSTRAINT name: applies to the next constraint only
  for (std::size_t j = b + 1; j < e;) {
    if (r.is(j, "CONSTRAINT")) {
      pending =
          r.name_like(j + 1) ? std::optional(unquote_identifier(r.text(j + 1))) : std::nullopt;
      j += 2;
    } else if (r.is(j, "PRIMARY")) {
      out.primary_key_name = take(pending);
      ++j;
    } else if (r.is(j, "UNIQUE")) {
      out.uniques.push_back({take(pending), {column}});
      ++j;
    } else if (r.is(j, "CHECK") && r.punct(j + 1, '(')) {
      const std::size_t close = r.close_of(j + 1);
      out.checks.push_back({take(pending), std::string(trim(r.span(j + 2, close)))});
      j = close + 1;
    } else if (r.is(j, "REFERENCES")) {
      ParsedForeignKey fk;
      fk.name = take(pending);
      fk.columns = {column};
      j = read_references(r, j + 1, e, fk);
      out.foreign_keys.push_back(std::move(fk));
    } else if (r.punct(j, '(')) {
      j = r.close_of(j) + 1;
    } else {
      if (starts_column_constraint(r, j)) pending.reset();
      ++j;
    }
  }
}

void read_table_constraint(const Reader& r, std::size_t b, std::size_t e, ParsedTable& out) {
  std::optional<std::string> name;
  std::size_t j = b;
  if (r.is(j, "CONSTRAINT")) {
    if (r.name_like(j + 1)) name = unquote_identifier(r.text(j + 1));
    j += 2;
  }
  if (r.is(j, "PRIMARY")) {
    out.primary_key_name = name;
  } else if (r.is(j, "UNIQUE")) {
    std::size_t next = 0;
    out.uniques.push_back({name, r.name_list(j + 1, next)});
  } else if (r.is(j, "CHECK") && r.punct(j + 1, '(')) {
    const std::size_t close = r.close_of(j + 1);
    out.checks.push_back({name, std::string(trim(r.span(j + 2, close)))});
  } else if (r.is(j, "FOREIGN") && r.is(j + 1, "KEY")) {
    ParsedForeignKey fk;
    fk.name = name;
    std::size_t next = 0;
    fk.columns = r.name_list(j + 2, next);
    if (r.is(next, "REFERENCES")) read_references(r, next + 1, e, fk);
    out.foreign_keys.push_back(std::move(fk));
  }
}

}  // namespace

std::string unquote_identifier(std::string_view t) {
  if (t.size() >= 2 && t.front() == '[' && t.back() == ']')
    return std::string(t.substr(1, t.size() - 2));
  if (t.size() >= 2 && (t.front() == '"' || t.front() == '`' || t.front() == '\'') &&
      t.back() == t.front()) {
    const char q = t.front();
    std::string out;
    for (std::size_t i = 1; i + 1 < t.size(); ++i) {
      out += t[i];
      if (t[i] == q && t[i + 1] == q) ++i;
    }
    return out;
  }
  return std::string(t);
}

ParsedTable parse_create_table(std::string_view sql) {
  ParsedTable out;
  const Reader r(sql);
  std::size_t open = 0;
  while (open < r.size() && !r.punct(open, '(')) {
    if (r.is(open, "AS")) return out;  // CREATE TABLE ... AS SELECT: no constraints
    ++open;
  }
  if (open >= r.size()) return out;
  const std::size_t close = r.close_of(open);
  for (auto [b, e] : r.split(open + 1, std::min(close, r.size()))) {
    if (b >= e) continue;
    if (r.is(b, "CONSTRAINT") || r.is(b, "PRIMARY") || r.is(b, "UNIQUE") || r.is(b, "CHECK") ||
        r.is(b, "FOREIGN"))
      read_table_constraint(r, b, e, out);
    else
      read_column(r, b, e, out);
  }
  for (std::size_t j = close + 1; j + 1 < r.size(); ++j)
    if (r.is(j, "WITHOUT") && r.is(j + 1, "ROWID")) out.without_rowid = true;
  return out;
}

ParsedIndex parse_create_index(std::string_view sql) {
  ParsedIndex out;
  const Reader r(sql);
  std::size_t i = 0;
  while (i < r.size() && !r.is(i, "ON")) ++i;
  i += 2;  // ON table
  if (!r.punct(i, '(')) return out;
  const std::size_t close = r.close_of(i);
  for (auto [a, b] : r.split(i + 1, std::min(close, r.size()))) {
    if (b > a && (r.is(b - 1, "ASC") || r.is(b - 1, "DESC"))) --b;
    if (b >= a + 2 && r.is(b - 2, "COLLATE")) b -= 2;
    if (b == a + 1 && r.name_like(a) && !r.punct(a, '('))
      out.elements.push_back(unquote_identifier(r.text(a)));
    else
      out.elements.emplace_back(r.span(a, b));
  }
  if (r.is(close + 1, "WHERE") && close + 2 < r.size())
    out.where = std::string(trim(r.span(close + 2, r.size())));
  return out;
}

std::optional<std::pair<std::string, std::vector<std::string>>> parse_in_list(
    std::string_view sqltext) {
  const Reader r(sqltext);
  if (r.size() < 5 || !r.name_like(0) || r.text(0).front() == '\'' || !r.is(1, "IN") ||
      !r.punct(2, '(') || r.close_of(2) != r.size() - 1)
    return std::nullopt;
  std::vector<std::string> values;
  for (std::size_t i = 3; i < r.size() - 1; i += 2) {
    const auto t = r.text(i);
    if (t.size() < 2 || t.front() != '\'' || t.back() != '\'') return std::nullopt;
    values.push_back(unquote_identifier(t));
    if (!r.punct(i + 1, ',') && i + 1 != r.size() - 1) return std::nullopt;
  }
  return std::pair(unquote_identifier(r.text(0)), std::move(values));
}

}  // namespace retort::sqlite
