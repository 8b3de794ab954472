// The table copy, for what the dialect's ALTER TABLE cannot do
// (DialectCapabilities::alter_*): the dialect's MigrationSupport rebuilds the
// table from its live definition, so the copy runs online only.
#include "operations/op_support.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/migration_support.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::ops {

void copy_table(OperationContext& ctx, const std::string& table,
                const std::function<void(Table&)>& change, const std::string& what) {
  if (!ctx.conn)
    throw OperationError(what + " on " + std::string(dialect_of(ctx).name()) +
                         " copies the table, which needs the live schema: it "
                         "cannot be rendered offline (--sql); run it online");
  try {
    migration_support(dialect_of(ctx)).copy_table(*ctx.conn, table, change, what);
  } catch (const ArgumentError& e) {
    throw OperationError(e.what());
  }
}

}  // namespace retort::migrations::ops
