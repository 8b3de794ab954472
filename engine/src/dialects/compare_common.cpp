// The SchemaComparator parts every dialect shares: types keyed by their DDL
// spelling, server defaults by a canonical text, foreign key actions with the
// default action as "".
#include "dialects/compare_common.hpp"

#include <cctype>

#include "retort/engine/error.hpp"

namespace retort::compare {

namespace {

char up(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }
char low(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool blank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Copies a quoted run starting at s[i] (' or ") into out; returns the index
// after it.
std::size_t copy_quoted(std::string_view s, std::size_t i, std::string& out) {
  const char q = s[i];
  out += s[i++];
  while (i < s.size()) {
    out += s[i];
    if (s[i] == q) {
      if (i + 1 < s.size() && s[i + 1] == q) {
        out += s[++i];
        ++i;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return i;
}

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && blank(s[a])) ++a;
  while (b > a && blank(s[b - 1])) --b;
  return std::string(s.substr(a, b - a));
}

// Whether s[0] '(' closes at the very end of s.
bool wrapped(const std::string& s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  int depth = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\'' || c == '"') {
      std::string skip;
      i = copy_quoted(s, i, skip) - 1;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0 && i + 1 != s.size()) return false;
  }
  return true;
}

bool is_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  bool digits = false, point = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      digits = true;
    } else if (s[i] == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  return digits;
}

// "+007.500" -> "7.5", "-0.0" -> "0".
std::string canonical_number(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  std::string whole(s.substr(0, s.find('.')));
  std::string frac = s.find('.') == std::string_view::npos ? "" : std::string(s.substr(s.find('.') + 1));
  while (whole.size() > 1 && whole[0] == '0') whole.erase(0, 1);
  if (whole.empty()) whole = "0";
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  std::string out = whole + (frac.empty() ? "" : "." + frac);
  if (neg && out != "0") out = "-" + out;
  return out;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

std::string normalize_sql_words(std::string_view sql) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      if (space && !out.empty()) out += ' ';
      space = false;
      i = copy_quoted(sql, i, out);
      continue;
    }
    if (blank(c)) {
      space = true;
      ++i;
      continue;
    }
    const bool tight = c == '(' || c == ')' || c == ',';
    const bool after_tight = !out.empty() && (out.back() == '(' || out.back() == ',');
    if (space && !out.empty() && !tight && !after_tight) out += ' ';
    space = false;
    out += up(c);
    ++i;
  }
  return out;
}

std::pair<std::string, std::string> split_args(const std::string& key) {
  const auto open = key.find('(');
  if (open == std::string::npos || key.back() != ')') return {key, ""};
  return {key.substr(0, open), key.substr(open + 1, key.size() - open - 2)};
}

std::string default_text_key(std::string_view sql, bool numeric, bool boolean) {
  std::string s = trim(sql);
  while (wrapped(s)) s = trim(std::string_view(s).substr(1, s.size() - 2));
  // A quoted literal followed by ::casts only: the literal.
  if (!s.empty() && s.front() == '\'') {
    std::string lit;
    const std::size_t end = copy_quoted(s, 0, lit);
    std::string rest = s.substr(end);
    bool casts_only = !rest.empty() && rest.rfind("::", 0) == 0;
    for (char c : rest)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':' || c == ' ' ||
            c == '(' || c == ')' || c == ',' || c == '"'))
        casts_only = false;
    if (casts_only || rest.empty()) {
      s = lit;
      const std::string inner = lit.size() >= 2 ? lit.substr(1, lit.size() - 2) : "";
      if ((numeric || boolean) && is_number(inner)) s = inner;
      if (boolean) {
        std::string l;
        for (char c : inner) l += low(c);
        if (l == "t" || l == "true" || l == "y" || l == "yes" || l == "on") return "1";
        if (l == "f" || l == "false" || l == "n" || l == "no" || l == "off") return "0";
      }
    }
  }
  if (is_number(s)) {
    std::string n = canonical_number(s);
    if (boolean && (n == "0" || n == "1")) return n;
    return n;
  }
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '\'' || s[i] == '"') {
      i = copy_quoted(s, i, out);
      continue;
    }
    if (!blank(s[i])) out += low(s[i]);
    ++i;
  }
  if (boolean) {
    if (out == "true") return "1";
    if (out == "false") return "0";
  }
  replace_all(out, "current_timestamp()", "current_timestamp");
  replace_all(out, "now()", "current_timestamp");
  replace_all(out, "localtimestamp()", "localtimestamp");
  replace_all(out, "current_date()", "current_date");
  replace_all(out, "curdate()", "current_date");
  replace_all(out, "current_time()", "current_time");
  replace_all(out, "curtime()", "current_time");
  return out;
}

std::string BaseComparator::type_key(const Table&, const Column& column) const {
  const Type& t = column.type.storage();
  if (t.kind == TypeKind::Enum) {
    std::string k = "ENUM(";
    for (std::size_t i = 0; i < t.enum_values.size(); ++i) k += (i ? "," : "") + t.enum_values[i];
    return k + ")";
  }
  std::string sql;
  try {
    sql = ddl_.type_sql(t);
  } catch (const Error&) {
    sql = t.str();
  }
  return canonical_type(normalize_sql_words(sql));
}

std::string BaseComparator::default_key(const Table& table, const Column& column) const {
  if (!column.server_default) return "";
  const std::string type = type_key(table, column);
  const bool boolean = type.find("BOOL") != std::string::npos;
  bool numeric = false;
  for (const char* w : {"INT", "NUMERIC", "DECIMAL", "FLOAT", "DOUBLE", "REAL", "BOOL"})
    if (type.find(w) != std::string::npos) numeric = true;
  return default_text_key(*column.server_default, numeric, boolean);
}

std::string BaseComparator::fk_action_key(const std::optional<std::string>& action) const {
  if (!action) return "";
  std::string k = normalize_sql_words(*action);
  return k == "NO ACTION" ? "" : k;
}

}  // namespace retort::compare
