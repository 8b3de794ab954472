// SQLite's SchemaComparator: the autoincrement key is INTEGER whatever was
// asked (the rowid alias), INT and INTEGER are one type; no comments.
#include <memory>

#include "dialects/compare_common.hpp"
#include "dialects/ddl_common.hpp"

namespace retort {

namespace {

class SQLiteComparator final : public compare::BaseComparator {
 public:
  using BaseComparator::BaseComparator;
  bool keeps_comments() const override { return false; }
  bool needs_referred_tables() const override { return false; }
  std::string type_key(const Table& table, const Column& column) const override {
    try {
      if (ddl::autoincrement_column(table) == &column) return "INTEGER";
    } catch (const std::exception&) {
      // A table the DDL would refuse: key the type as declared.
    }
    return BaseComparator::type_key(table, column);
  }

 protected:
  std::string canonical_type(std::string key) const override {
    return key == "INT" ? "INTEGER" : key;
  }
};

}  // namespace

std::unique_ptr<SchemaComparator> make_sqlite_comparator(const DDLCompiler& ddl) {
  return std::make_unique<SQLiteComparator>(ddl);
}

}  // namespace retort
