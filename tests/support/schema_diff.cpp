#include "support/schema_diff.hpp"

#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace retort::testing {

namespace {

// One table's entries: section ("columns", "indexes", "primary_key", ...) ->
// entry key (its name, else its text) -> its text.
using Entries = std::map<std::string, std::map<std::string, std::string>>;

std::size_t indent_of(const std::string& line) { return line.find_first_not_of(' '); }

// The name of a flow-style entry "- {name: x, ...}", else the whole text.
std::string entry_key(const std::string& text) {
  const std::string tag = "{name: ";
  if (text.rfind(tag, 0) != 0) return text;
  auto end = text.find_first_of(",}", tag.size());
  return text.substr(tag.size(), end - tag.size());
}

// dump_schema_yaml writes "tables:" then each table at indent 2, its keys at
// indent 4 and list entries at indent 6; deeper lines continue an entry.
std::map<std::string, Entries> split(const std::string& yaml) {
  std::map<std::string, Entries> out;
  std::istringstream in(yaml);
  std::string line, table, section, last_key;
  Entries* cur = nullptr;
  while (std::getline(in, line)) {
    auto ind = indent_of(line);
    if (ind == std::string::npos) continue;
    std::string body = line.substr(ind);
    if (ind == 0) {
      cur = &out["(document)"];
      section = body;
      (*cur)[section][body] = body;
    } else if (ind == 2) {
      table = body.substr(0, body.rfind(':'));
      cur = &out[table];
      section.clear();
    } else if (!cur) {
      continue;
    } else if (ind == 4) {
      auto colon = body.find(':');
      section = body.substr(0, colon);
      std::string rest = colon == std::string::npos ? "" : body.substr(colon + 1);
      if (!rest.empty() && rest != " ") (*cur)[section][section] = rest.substr(1);
      last_key = section;
    } else if (ind == 6 && body.rfind("- ", 0) == 0) {
      std::string text = body.substr(2);
      last_key = entry_key(text);
      (*cur)[section][last_key] += text;
    } else {
      (*cur)[section][last_key] += "\n" + line;
    }
  }
  return out;
}

}  // namespace

std::string schema_yaml_diff(const std::string& db1, const std::string& db2) {
  if (db1 == db2) return {};
  auto a = split(db1), b = split(db2);
  std::ostringstream out;
  std::set<std::string> tables;
  for (auto& [t, _] : a) tables.insert(t);
  for (auto& [t, _] : b) tables.insert(t);
  for (const auto& t : tables) {
    auto ia = a.find(t), ib = b.find(t);
    if (ib == b.end()) { out << "table " << t << ": only in db1\n"; continue; }
    if (ia == a.end()) { out << "table " << t << ": only in db2\n"; continue; }
    std::set<std::string> sections;
    for (auto& [s, _] : ia->second) sections.insert(s);
    for (auto& [s, _] : ib->second) sections.insert(s);
    for (const auto& s : sections) {
      auto& ea = ia->second[s];
      auto& eb = ib->second[s];
      std::set<std::string> keys;
      for (auto& [k, _] : ea) keys.insert(k);
      for (auto& [k, _] : eb) keys.insert(k);
      for (const auto& k : keys) {
        auto ka = ea.find(k), kb = eb.find(k);
        std::string va = ka == ea.end() ? "(none)" : ka->second;
        std::string vb = kb == eb.end() ? "(none)" : kb->second;
        if (va != vb)
          out << "table " << t << ": " << s << ": " << k << ": db1 " << va << " | db2 " << vb
              << "\n";
      }
    }
  }
  std::string text = out.str();
  // Same entries in another order: say so rather than print nothing.
  return text.empty() ? "the same entries in a different order\n" : text;
}

}  // namespace retort::testing
