// Internal: foreign keys around a migration run. Where the dialect needs it
// (SQLite, whose table copy rebuilds tables that other rows reference), the
// guard turns enforcement off before the run's first transaction, check()
// stands in for it before every COMMIT, and the destructor turns it back on.
#pragma once

#include "retort/engine/engine.hpp"
#include "retort/engine/migration_support.hpp"

namespace retort::migrations::runtime {

class ForeignKeyGuard {
public:
  // `conn` must not be in a transaction.
  explicit ForeignKeyGuard(Connection &conn);
  ~ForeignKeyGuard(); // rolls back what is still open, then restores
  ForeignKeyGuard(const ForeignKeyGuard &) = delete;
  ForeignKeyGuard &operator=(const ForeignKeyGuard &) = delete;

  // Throws retort::Error, one line naming the table, the row and the table it
  // should reference, when the open transaction breaks a foreign key.
  void check();
  // check(), then commit.
  void commit();

private:
  Connection &conn_;
  const MigrationSupport &support_;
  bool suspended_ = false;
};

} // namespace retort::migrations::runtime
