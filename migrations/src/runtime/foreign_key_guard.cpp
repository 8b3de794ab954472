#include "runtime/foreign_key_guard.hpp"

#include "retort/engine/error.hpp"

namespace retort::migrations::runtime {

ForeignKeyGuard::ForeignKeyGuard(Connection &conn)
    : conn_(conn), support_(migration_support(conn.dialect())) {
  suspended_ = support_.suspend_foreign_keys(conn_);
}

ForeignKeyGuard::~ForeignKeyGuard() {
  if (!suspended_)
    return;
  try {
    conn_.rollback();
    support_.restore_foreign_keys(conn_);
  } catch (...) {
    // A connection left without its foreign keys must not go back to the pool.
    try {
      conn_.invalidate();
    } catch (...) {
    }
  }
}

void ForeignKeyGuard::check() {
  if (!suspended_ || !conn_.in_transaction())
    return;
  auto bad = support_.foreign_key_violations(conn_);
  if (bad.empty())
    return;
  const auto &v = bad.front();
  std::string what = "foreign key violated: table '" + v.table + "' " +
                     (v.rowid ? "rowid " + std::to_string(*v.rowid)
                              : std::string("has a row that")) +
                     " references a missing row of '" + v.parent + "'";
  if (bad.size() > 1)
    what += " (" + std::to_string(bad.size() - 1) + " more violations)";
  throw Error(what);
}

void ForeignKeyGuard::commit() {
  check();
  conn_.commit();
}

} // namespace retort::migrations::runtime
