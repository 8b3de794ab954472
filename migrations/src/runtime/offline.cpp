// Offline SQL: the statements of each step (Operation::run with emit), the
// transaction statements and the version-table changes rendered with literal
// values, as Alembic's --sql.
#include <sstream>

#include "retort/engine/dialect.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/operations.hpp"
#include "retort/migrations/runtime.hpp"
#include "retort/migrations/walk.hpp"

namespace retort::migrations {
namespace {

std::string literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

std::string render_offline_sql(const Config& config, const ScriptDirectory& scripts,
                               const Dialect& dialect, std::string_view range, bool upgrade,
                               const std::function<void(const std::string&)>& log) {
  const auto& map = scripts.revision_map();
  std::string start;
  std::string target(range);
  if (auto colon = range.find(':'); colon != std::string_view::npos) {
    start = std::string(range.substr(0, colon));
    target = std::string(range.substr(colon + 1));
  } else if (!upgrade) {
    throw ArgumentError("downgrade with --sql requires <fromrev>:<torev>");
  }
  std::vector<std::string> heads;
  if (!start.empty() && start != "base")
    for (const Revision* r : map.get_revisions(start))
      if (r) heads.push_back(r->id);
  auto plan = upgrade ? plan_upgrade(map, heads, target) : plan_downgrade(map, heads, target);

  const bool transactional = dialect.capabilities().transactional_ddl;
  const bool per_migration = config.transaction_per_migration;
  const std::string vt = dialect.quote_identifier(config.version_table);
  std::ostringstream out;
  auto statement = [&](const std::string& sql) { out << sql << ";\n\n"; };
  if (log) {
    log("Generating static SQL");
    log(transactional ? "Will assume transactional DDL." : "Will assume non-transactional DDL.");
  }
  if (transactional && !per_migration) statement("BEGIN");
  std::vector<std::string> current = heads;
  for (const auto& ps : plan) {
    const Revision& rev = *ps.step.revision;
    if (transactional && per_migration) statement("BEGIN");
    if (current.empty())
      statement("CREATE TABLE " + vt +
                " (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT " +
                dialect.quote_identifier(config.version_table + "_pkc") +
                " PRIMARY KEY (version_num)\n)");
    std::string line = std::string(upgrade ? "upgrade" : "downgrade") + " " +
                       join(ps.step.from_revisions_no_deps) + " -> " +
                       join(ps.step.to_revisions_no_deps);
    if (log) log("Running " + line + (rev.message.empty() ? "" : ", " + rev.message));
    out << "-- Running " << line << "\n\n";
    OperationContext ctx;
    ctx.dialect = &dialect;
    ctx.emit = [&](const std::string& sql) { statement(sql); };
    for (const auto& op :
         parse_operations(rev, upgrade ? Direction::Upgrade : Direction::Downgrade)) {
      // As online: an operation that cannot run in a transaction (CREATE INDEX
      // CONCURRENTLY, ALTER TYPE ... ADD VALUE) runs between COMMIT and BEGIN.
      const bool outside = transactional && op->needs_autocommit();
      if (outside) statement("COMMIT");
      op->run(ctx);
      if (outside) statement("BEGIN");
    }
    const auto& c = ps.change;
    for (const auto& d : c.deletes)
      statement("DELETE FROM " + vt + " WHERE " + vt + ".version_num = " + literal(d));
    if (c.update)
      statement("UPDATE " + vt + " SET version_num=" + literal(c.update->second) + " WHERE " + vt +
                ".version_num = " + literal(c.update->first));
    for (const auto& i : c.inserts)
      statement("INSERT INTO " + vt + " (version_num) VALUES (" + literal(i) + ")");
    for (const auto& r : c.removed()) std::erase(current, r);
    for (const auto& a : c.added()) current.push_back(a);
    if (current.empty()) statement("DROP TABLE " + vt);
    if (transactional && per_migration) statement("COMMIT");
  }
  if (transactional && !per_migration) statement("COMMIT");
  return out.str();
}

}  // namespace retort::migrations
