// The version table, maintained row by row the way Alembic's HeadMaintainer
// does; every change checks its row count, so a table that disagrees with the
// plan is an error, never a lie.
#include "runtime/version_table.hpp"

#include <algorithm>

#include "retort/engine/inspector.hpp"
#include "retort/migrations/errors.hpp"

namespace retort::migrations::runtime {

std::string VersionTable::quoted() const { return conn_.dialect().quote_identifier(name_); }

bool VersionTable::exists() { return Inspector(conn_).has_table(name_); }

void VersionTable::create() {
  conn_.execute("CREATE TABLE IF NOT EXISTS " + quoted() +
                " (version_num VARCHAR(32) NOT NULL, CONSTRAINT " +
                conn_.dialect().quote_identifier(name_ + "_pkc") + " PRIMARY KEY (version_num))");
}

std::vector<std::string> VersionTable::read() {
  std::vector<std::string> heads;
  auto result = conn_.execute("SELECT version_num FROM " + quoted());
  for (const auto& row : result) heads.push_back(row.get<std::string>(0).value_or(""));
  std::sort(heads.begin(), heads.end());
  return heads;
}

void VersionTable::insert(const std::string& rev) {
  conn_.execute("INSERT INTO " + quoted() + " (version_num) VALUES (:v)", {{"v", rev}});
}

void VersionTable::remove(const std::string& rev) {
  auto n =
      conn_.execute("DELETE FROM " + quoted() + " WHERE version_num = :v", {{"v", rev}}).rowcount();
  if (n != 1)
    throw RevisionError("version table " + name_ + ": expected to delete one row for " + rev +
                        ", deleted " + std::to_string(n) + "; another runner changed it?");
}

void VersionTable::clear() { conn_.execute("DELETE FROM " + quoted()); }

void VersionTable::apply(const VersionChange& change) {
  for (const auto& rev : change.deletes) remove(rev);
  if (change.update) {
    auto n = conn_
                 .execute("UPDATE " + quoted() + " SET version_num = :to WHERE version_num = :from",
                          {{"to", change.update->second}, {"from", change.update->first}})
                 .rowcount();
    if (n != 1)
      throw RevisionError("version table " + name_ + ": expected to update one row from " +
                          change.update->first + " to " + change.update->second + ", updated " +
                          std::to_string(n) + "; another runner changed it?");
  }
  for (const auto& rev : change.inserts) insert(rev);
}

}  // namespace retort::migrations::runtime
