// Private: what the dialects' SchemaComparators share (compare_common.cpp).
// BaseComparator keys a type by its DDL spelling, upper case, and a server
// default by a canonical text; a dialect adds its aliases (INT4 -> INTEGER).
#pragma once

#include <string>
#include <string_view>

#include "retort/engine/ddl.hpp"
#include "retort/engine/schema_compare.hpp"

namespace retort::compare {

class BaseComparator : public SchemaComparator {
 public:
  explicit BaseComparator(const DDLCompiler& ddl) : ddl_(ddl) {}
  std::string type_key(const Table& table, const Column& column) const override;
  std::string default_key(const Table& table, const Column& column) const override;
  std::string fk_action_key(const std::optional<std::string>& action) const override;
  bool keeps_comments() const override { return true; }
  bool enum_types_are_objects() const override { return false; }
  bool keeps_primary_key_names() const override { return true; }
  bool needs_referred_tables() const override { return true; }
  bool foreign_keys_make_indexes() const override { return false; }

 protected:
  // The dialect's other names for the same type, given the upper-case DDL
  // spelling with single spaces ("INT4", "CHARACTER VARYING(20)").
  virtual std::string canonical_type(std::string key) const { return key; }
  const DDLCompiler& ddl() const { return ddl_; }

 private:
  const DDLCompiler& ddl_;
};

// Upper case outside quotes, runs of blanks as one space, no space before '('
// or after '(' / before ')' / around ','.
std::string normalize_sql_words(std::string_view sql);
// "FLOAT(53)" -> {"FLOAT", "53"}; no parenthesis: {key, ""}.
std::pair<std::string, std::string> split_args(const std::string& key);
// A server default's canonical text: outer parentheses and ::casts of a
// literal removed, blanks outside quotes removed, lower case outside quotes,
// now() and current_timestamp() as current_timestamp, numbers as their value
// (0.00 -> 0; '5' -> 5 on a numeric column), booleans as 1/0.
std::string default_text_key(std::string_view sql, bool numeric, bool boolean);

}  // namespace retort::compare
