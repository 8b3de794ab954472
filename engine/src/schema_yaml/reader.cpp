#include "schema_yaml/reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <limits>

#include "detail/type_syntax.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/types.hpp"

namespace retort::schema_yaml {

namespace {

bool is_plain(const Node& n) { return n.Tag() == "?"; }

std::size_t count(std::string_view s, char c) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), c));
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// YAML 1.2's core-schema integer and float forms (decimal only).
bool yaml_int(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return all_digits(s);
}

bool yaml_float(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  const auto e = s.find_first_of("eE");
  std::string_view mant = s.substr(0, e);
  if (e != std::string_view::npos) {
    std::string_view exp = s.substr(e + 1);
    if (!exp.empty() && (exp[0] == '-' || exp[0] == '+')) exp.remove_prefix(1);
    if (!all_digits(exp)) return false;
  }
  const auto dot = mant.find('.');
  if (dot == std::string_view::npos) return all_digits(mant);
  const auto whole = mant.substr(0, dot), frac = mant.substr(dot + 1);
  return (whole.empty() || all_digits(whole)) && (frac.empty() || all_digits(frac)) &&
         !(whole.empty() && frac.empty());
}

}  // namespace

Node Reader::parse() {
  std::vector<Node> docs;
  if (!doc_.parse(text_, docs)) {
    // libyaml found an error: yaml-cpp says where and what, as it always did
    // (and reads what it accepts, which libyaml may not).
    docs.clear();
    std::vector<YAML::Node> parsed;
    try {
      parsed = YAML::LoadAll(std::string(text_));
    } catch (const YAML::Exception& e) {
      fail(e.mark, "YAML syntax error: " + e.msg);
    }
    for (const auto& d : parsed) docs.push_back(doc_.adopt(d));
  }
  if (docs.size() > 1) {
    fail(docs[1].Mark(), "a schema file holds one YAML document, this is a second one");
  }
  if (docs.empty() || docs[0].IsNull()) {
    fail(YAML::Mark::null_mark(), "the document is empty: expected a map with a 'tables' key");
  }
  return docs[0];
}

std::string Reader::where(const YAML::Mark& m) const {
  if (m.line < 0) return source_;
  return source_ + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

void Reader::fail(const YAML::Mark& m, const std::string& problem) const {
  throw SchemaError(where(m) + ": " + problem);
}

YAML::Mark Reader::mark(const Field& f) {
  if (f.value && !f.value.IsNull() && f.value.Mark().line >= 0) return f.value.Mark();
  return f.key.Mark();
}

Field Reader::field(const Node& map, std::string_view key) {
  for (const auto& kv : map) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return {kv.first, kv.second, true};
  }
  return {};
}

// In flow style a comma ends an entry, so {type: Numeric(10, 2)} reads as
// type: "Numeric(10" plus a key "2)" with no value. Recognise that shape
// (a value with an unclosed parenthesis, then value-less keys that close it)
// and say what happened, instead of "unknown key '2)'".
void Reader::check_split(const Node& map) const {
  if (!map.IsFlow()) return;  // block style has no such split
  bool open_paren = false;  // the usual case: no value leaves a parenthesis open
  for (const auto& kv : map) {
    const std::string& v = kv.second.Scalar();
    if (v.find('(') != std::string::npos && count(v, '(') > count(v, ')')) {
      open_paren = true;
      break;
    }
  }
  if (!open_paren) return;
  std::vector<std::pair<Node, Node>> entries;
  for (const auto& kv : map) entries.emplace_back(kv.first, kv.second);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Node& v = entries[i].second;
    if (!v.IsScalar() || !is_plain(v)) continue;
    long depth =
        static_cast<long>(count(v.Scalar(), '(')) - static_cast<long>(count(v.Scalar(), ')'));
    if (depth <= 0) continue;
    std::optional<Node> last;
    for (std::size_t j = i + 1; j < entries.size() && depth > 0; ++j) {
      const Node& k = entries[j].first;
      if (!entries[j].second.IsNull() || !k.IsScalar() || !is_plain(k)) break;
      depth +=
          static_cast<long>(count(k.Scalar(), '(')) - static_cast<long>(count(k.Scalar(), ')'));
      last = k;
    }
    if (!last) continue;
    const auto begin = static_cast<std::size_t>(v.Mark().pos);
    const auto end = static_cast<std::size_t>(last->Mark().pos) + last->Scalar().size();
    const std::string written = begin < end && end <= text_.size()
                                    ? std::string(text_.substr(begin, end - begin))
                                    : v.Scalar() + ", " + last->Scalar();
    const std::string key = entries[i].first.Scalar();
    std::string fixed;
    if (key == "type") {
      try {
        fixed = Type::parse(written).str();
      } catch (const ArgumentError&) {
      }
    }
    if (fixed.empty()) {
      for (std::size_t k = 0; k < written.size(); ++k) {
        if (written[k] == ' ' && k > 0 && written[k - 1] == ',' && key == "type") continue;
        fixed += written[k];
      }
    }
    fail(v.Mark(), key + " " + written + " was split at a comma by YAML's flow style: quote it: " +
                       key + ": \"" + fixed + "\"");
  }
}

void Reader::check_keys(const Node& map, const std::vector<std::string_view>& allowed,
                        const std::string& noun) const {
  check_split(map);
  std::vector<Node> seen;  // a map has a few keys: a list is cheaper than a set
  seen.reserve(map.size());
  for (const auto& kv : map) {
    const Node& k = kv.first;
    if (!k.IsScalar()) fail(k.Mark(), "keys of " + noun + " must be plain words");
    const std::string& key = k.Scalar();
    for (const Node& earlier : seen) {
      if (earlier.Scalar() == key)
        fail(k.Mark(), "duplicate key '" + key + "' in " + noun + " (first at line " +
                           std::to_string(line_of(earlier.Mark())) + ")");
    }
    seen.push_back(k);
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = "unknown key '" + key + "' in " + noun;
    if (auto best = detail::closest_match(key, allowed)) {
      message += " (did you mean '" + *best + "'?)";
    } else {
      message += " (expected ";
      for (std::size_t i = 0; i < allowed.size(); ++i) {
        message += (i ? ", " : "") + std::string(allowed[i]);
      }
      message += ")";
    }
    fail(k.Mark(), message);
  }
}

std::string Reader::string(const Field& f, const std::string& what) const {
  if (!f.value || f.value.IsNull()) fail(mark(f), what + " is missing");
  if (!f.value.IsScalar())
    fail(mark(f), what + " must be a string, not a " + (f.value.IsMap() ? "map" : "list"));
  return f.value.Scalar();
}

std::optional<std::string> Reader::optional_string(const Field& f, const std::string& what) const {
  if (!f || f.value.IsNull()) return std::nullopt;
  return string(f, what);
}

std::string Reader::name(const Field& f, const std::string& what) const {
  std::string s = string(f, what);
  if (s.empty()) fail(mark(f), what + " must not be empty");
  return s;
}

bool Reader::boolean(const Field& f, const std::string& what) const {
  if (f.value && f.value.IsScalar()) {
    const std::string& s = f.value.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  fail(mark(f), what + " must be true or false");
}

std::vector<std::string> Reader::name_list(const Field& f, const std::string& what) const {
  if (!f.value || !f.value.IsSequence()) {
    fail(mark(f), what + " must be a list of names, e.g. [a, b]");
  }
  std::vector<std::string> out;
  for (const auto& item : f.value) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      fail(item.Mark(), what + ": each entry must be a non-empty name");
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::optional<Value> Reader::literal(const Field& f, const std::string& what) const {
  if (!f || f.value.IsNull()) return std::nullopt;
  if (!f.value.IsScalar()) {
    fail(mark(f), what + " must be a single value: a string, a number, true/false or null");
  }
  const std::string& s = f.value.Scalar();
  if (!is_plain(f.value)) return Value(s);  // quoted or tagged: a string as written
  if (s == "true" || s == "True" || s == "TRUE") return Value(true);
  if (s == "false" || s == "False" || s == "FALSE") return Value(false);
  if (yaml_int(s)) {
    std::int64_t v = 0;
    const char* b = s.data() + (s[0] == '+' ? 1 : 0);
    auto [p, ec] = std::from_chars(b, s.data() + s.size(), v);
    if (ec == std::errc{} && p == s.data() + s.size()) return Value(v);
    return Value(Decimal{s});  // wider than 64 bits: kept exact
  }
  if (yaml_float(s)) return Value(Decimal{s});  // exact, as written
  for (std::string_view inf : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
    if (s == inf) return Value(std::numeric_limits<double>::infinity());
  }
  for (std::string_view inf : {"-.inf", "-.Inf", "-.INF"}) {
    if (s == inf) return Value(-std::numeric_limits<double>::infinity());
  }
  for (std::string_view nan : {".nan", ".NaN", ".NAN"}) {
    if (s == nan) return Value(std::numeric_limits<double>::quiet_NaN());
  }
  return Value(s);
}

}  // namespace retort::schema_yaml
