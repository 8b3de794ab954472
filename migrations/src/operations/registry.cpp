// Every operation a revision file can name: one line each. An operation
// `foo` is a function parse_foo(const OpReader&) in its family's file.
#include "operations/op_support.hpp"

// clang-format off
#define RETORT_OPERATIONS(X) \
  X(create_table) \
  X(drop_table) \
  X(rename_table) \
  X(create_table_comment) \
  X(drop_table_comment) \
  X(add_column) \
  X(drop_column) \
  X(alter_column) \
  X(create_index) \
  X(drop_index) \
  X(create_unique_constraint) \
  X(create_foreign_key) \
  X(create_check_constraint) \
  X(create_primary_key) \
  X(drop_constraint) \
  X(execute) \
  X(bulk_insert) \
  X(create_enum) \
  X(drop_enum) \
  X(add_enum_value) \
  X(rename_enum) \
  /* end */
// clang-format on

namespace retort::migrations::ops {

#define RETORT_DECLARE(name) std::unique_ptr<Operation> parse_##name(const OpReader& r);
RETORT_OPERATIONS(RETORT_DECLARE)
#undef RETORT_DECLARE

const std::map<std::string, OperationParser, std::less<>>& operation_parsers() {
#define RETORT_ENTRY(name) {#name, parse_##name},
  static const std::map<std::string, OperationParser, std::less<>> parsers{
      RETORT_OPERATIONS(RETORT_ENTRY)};
#undef RETORT_ENTRY
  return parsers;
}

}  // namespace retort::migrations::ops
