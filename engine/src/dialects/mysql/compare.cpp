// MySQL's SchemaComparator: TINYINT(1) is its boolean, integer display
// widths mean nothing, DECIMAL is NUMERIC; RESTRICT is what a foreign key
// does without an action; every primary key is named PRIMARY.
#include <map>
#include <memory>

#include "dialects/compare_common.hpp"

namespace retort {

namespace {

class MySQLComparator final : public compare::BaseComparator {
 public:
  using BaseComparator::BaseComparator;
  bool keeps_primary_key_names() const override { return false; }
  bool foreign_keys_make_indexes() const override { return true; }
  std::string fk_action_key(const std::optional<std::string>& action) const override {
    std::string k = BaseComparator::fk_action_key(action);
    return k == "RESTRICT" ? "" : k;
  }

 protected:
  std::string canonical_type(std::string key) const override {
    std::string tail;  // " UNSIGNED", " ZEROFILL"
    if (auto sp = key.find(' ', key.find(')') == std::string::npos ? 0 : key.find(')'));
        sp != std::string::npos) {
      tail = key.substr(sp);
      key.resize(sp);
    }
    auto [head, args] = compare::split_args(key);
    if (head == "TINYINT" && args == "1" && tail.empty()) return "BOOL";
    if (head == "BOOLEAN") return "BOOL";
    static const std::map<std::string, std::string, std::less<>> kAlias{
        {"INT", "INTEGER"}, {"DECIMAL", "NUMERIC"}, {"DEC", "NUMERIC"},
        {"FIXED", "NUMERIC"}, {"DOUBLE PRECISION", "DOUBLE"}, {"REAL", "DOUBLE"},
        {"CHARACTER VARYING", "VARCHAR"}, {"CHARACTER", "CHAR"}};
    if (auto it = kAlias.find(head); it != kAlias.end()) head = it->second;
    // Display widths of integer types say nothing about what is stored.
    for (const char* i : {"TINYINT", "SMALLINT", "MEDIUMINT", "INTEGER", "BIGINT"})
      if (head == i) args.clear();
    if (head == "CHAR" && args.empty()) args = "1";
    return head + (args.empty() ? "" : "(" + args + ")") + tail;
  }
};

}  // namespace

std::unique_ptr<SchemaComparator> make_mysql_comparator(const DDLCompiler& ddl) {
  return std::make_unique<MySQLComparator>(ddl);
}

}  // namespace retort
