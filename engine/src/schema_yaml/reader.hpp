// Reading YAML nodes with errors that name the place: "file:line:column: problem".
// The YAML parsers stay behind this header's .cpp files (schema_yaml/node.hpp).
#pragma once

#include <yaml-cpp/mark.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/engine/value.hpp"
#include "schema_yaml/node.hpp"

namespace retort::schema_yaml {

// One entry of a map: its key node (for the place) and its value.
struct Field {
  Node key;
  Node value;
  bool present = false;
  explicit operator bool() const { return present; }
};

class Reader {
 public:
  Reader(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {}

  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  Node parse();  // the document; SchemaError for a syntax error
  // A node of another document (yaml-cpp's), copied into this reader's.
  Node adopt(const YAML::Node& node) { return doc_.adopt(node); }

  std::string where(const YAML::Mark& m) const;
  [[noreturn]] void fail(const YAML::Mark& m, const std::string& problem) const;
  // Lines in messages are 1-based, as editors show them.
  static int line_of(const YAML::Mark& m) { return m.line + 1; }

  // Checks a map's keys: no duplicates, none outside `allowed` (with a "did
  // you mean"), and no entry split by a comma in flow style. `noun` names the
  // map in messages ("column 'id'").
  void check_keys(const Node& map, const std::vector<std::string_view>& allowed,
                  const std::string& noun) const;
  static Field field(const Node& map, std::string_view key);

  // Typed values. `what` names the value in messages ("nullable of column 'id'").
  std::string string(const Field& f, const std::string& what) const;
  std::optional<std::string> optional_string(const Field& f, const std::string& what) const;
  std::string name(const Field& f, const std::string& what) const;  // non-empty
  bool boolean(const Field& f, const std::string& what) const;
  std::vector<std::string> name_list(const Field& f, const std::string& what) const;
  // A literal default: null, true/false, an integer, a decimal number, or a string.
  std::optional<Value> literal(const Field& f, const std::string& what) const;

  // The place of a field's value, or of its key when the value is empty.
  static YAML::Mark mark(const Field& f);

 private:
  void check_split(const Node& map) const;

  std::string_view text_;
  std::string source_;
  Document doc_;  // owns the nodes parse() and adopt() return
};

}  // namespace retort::schema_yaml
