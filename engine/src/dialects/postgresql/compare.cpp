// PostgreSQL's SchemaComparator: its aliases for the same type (INT4 is
// INTEGER, TIMESTAMPTZ is TIMESTAMP WITH TIME ZONE, FLOAT(p) is REAL or
// DOUBLE PRECISION), enums as types of their own.
#include <map>
#include <memory>

#include "dialects/compare_common.hpp"

namespace retort {

namespace {

class PostgresComparator final : public compare::BaseComparator {
 public:
  using BaseComparator::BaseComparator;
  bool enum_types_are_objects() const override { return true; }

 protected:
  std::string canonical_type(std::string key) const override {
    static const std::map<std::string, std::string, std::less<>> kAlias{
        {"INT", "INTEGER"},
        {"INT4", "INTEGER"},
        {"SERIAL", "INTEGER"},
        {"SERIAL4", "INTEGER"},
        {"INT8", "BIGINT"},
        {"BIGSERIAL", "BIGINT"},
        {"SERIAL8", "BIGINT"},
        {"INT2", "SMALLINT"},
        {"SMALLSERIAL", "SMALLINT"},
        {"SERIAL2", "SMALLINT"},
        {"BOOL", "BOOLEAN"},
        {"FLOAT8", "DOUBLE PRECISION"},
        {"FLOAT4", "REAL"},
        {"DECIMAL", "NUMERIC"},
        {"CHARACTER VARYING", "VARCHAR"},
        {"CHARACTER", "CHAR"},
        {"BPCHAR", "CHAR"},
        {"TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"},
        {"TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP"},
        {"TIMETZ", "TIME WITH TIME ZONE"},
        {"TIME WITHOUT TIME ZONE", "TIME"},
        {"VARBIT", "BIT VARYING"},
    };
    // Array suffixes are kept as they are.
    std::string suffix;
    while (key.size() > 2 && key.ends_with("[]")) {
      suffix += "[]";
      key.resize(key.size() - 2);
    }
    auto [head, args] = compare::split_args(key);
    if (auto it = kAlias.find(head); it != kAlias.end()) head = it->second;
    if (head == "FLOAT") {
      if (args.empty()) return "DOUBLE PRECISION" + suffix;
      return (std::stoi(args) <= 24 ? "REAL" : "DOUBLE PRECISION") + suffix;
    }
    if (head == "CHAR" && args.empty()) args = "1";
    return head + (args.empty() ? "" : "(" + args + ")") + suffix;
  }
};

}  // namespace

std::unique_ptr<SchemaComparator> make_postgresql_comparator(const DDLCompiler& ddl) {
  return std::make_unique<PostgresComparator>(ddl);
}

}  // namespace retort
