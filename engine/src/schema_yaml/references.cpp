// The `references:` value of a foreign key: table(col, ...) or
// schema.table(col, ...), with SQL-style double quotes around names that
// contain the punctuation of the notation itself.
#include "retort/engine/error.hpp"
#include "schema_yaml/doc.hpp"

namespace retort::schema_yaml {

namespace {

bool needs_quotes(std::string_view name) {
  if (name.empty() || name.front() == ' ' || name.back() == ' ') return true;
  return name.find_first_of(".(),\"") != std::string_view::npos;
}

std::string quote_name(std::string_view name) {
  if (!needs_quotes(name)) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  [[noreturn]] void fail(const std::string& why) const {
    throw ArgumentError("invalid references '" + std::string(s_) + "': " + why +
                        " (expected table(column, ...) or schema.table(column, ...))");
  }
  void skip_spaces() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  bool at(char c) {
    skip_spaces();
    return i_ < s_.size() && s_[i_] == c;
  }
  void expect(char c) {
    if (!at(c)) fail(std::string("missing '") + c + "'");
    ++i_;
  }
  bool at_end() {
    skip_spaces();
    return i_ == s_.size();
  }
  std::string name() {
    skip_spaces();
    std::string out;
    if (i_ < s_.size() && s_[i_] == '"') {
      for (++i_;; ++i_) {
        if (i_ >= s_.size()) fail("unterminated quote");
        if (s_[i_] == '"') {
          if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
            out += '"';
            ++i_;
            continue;
          }
          ++i_;
          return out;
        }
        out += s_[i_];
      }
    }
    while (i_ < s_.size() && std::string_view(".(),\"").find(s_[i_]) == std::string_view::npos) {
      out += s_[i_++];
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
    if (out.empty()) fail("a name is missing");
    return out;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::string format_references(const ForeignKeyConstraint& fk) {
  std::string out;
  if (fk.referred_schema) out = quote_name(*fk.referred_schema) + ".";
  out += quote_name(fk.referred_table) + "(";
  for (std::size_t i = 0; i < fk.referred_columns.size(); ++i) {
    if (i) out += ',';
    out += quote_name(fk.referred_columns[i]);
  }
  return out + ")";
}

References parse_references(std::string_view text) {
  Reader r(text);
  References out;
  out.table = r.name();
  if (r.at('.')) {
    r.expect('.');
    out.schema = std::move(out.table);
    out.table = r.name();
  }
  r.expect('(');
  out.columns.push_back(r.name());
  while (r.at(',')) {
    r.expect(',');
    out.columns.push_back(r.name());
  }
  r.expect(')');
  if (!r.at_end()) r.fail("unexpected text after ')'");
  return out;
}

}  // namespace retort::schema_yaml
