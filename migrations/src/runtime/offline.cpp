// Offline SQL: the statements of each step (Operation::run with emit), the
// transaction statements, the version-table changes and the retort_history
// rows rendered with literal values, as Alembic's --sql (plus the history).
#include <sstream>

#include "operations/op_support.hpp"
#include "retort/engine/migration_support.hpp"
#include "runtime/history_table.hpp"

#include "retort/engine/dialect.hpp"
#include "retort/engine/sql/compiler.hpp"
#include "runtime/offline_version_sql.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/operations.hpp"
#include "retort/migrations/runtime.hpp"
#include "retort/migrations/walk.hpp"

namespace retort::migrations {
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
  const std::string history_name = runtime::history_table_name(config.version_table);
  const std::string ht = dialect.quote_identifier(history_name);
  const MigrationSupport& support = migration_support(dialect);
  const std::string applied_by = runtime::current_user();
  std::ostringstream out;
  auto statement = [&](const std::string& sql) { out << sql << ";\n\n"; };
  auto statements = [&](const std::vector<std::string>& sql) {
    for (const auto& s : sql) statement(s);
  };
  auto commit = [&] {
    statements(support.offline_before_commit());
    statement("COMMIT");
  };
  if (log) {
    log("Generating static SQL");
    log(transactional ? "Will assume transactional DDL." : "Will assume non-transactional DDL.");
  }
  if (!plan.empty()) statements(support.offline_run_start());
  if (transactional && !per_migration) statement("BEGIN");
  std::vector<std::string> current = heads;
  bool history_created = false;
  for (const auto& ps : plan) {
    const Revision& rev = *ps.step.revision;
    if (transactional && per_migration) statement("BEGIN");
    if (!history_created) {
      statement(runtime::create_history_table_sql(dialect, history_name));
      history_created = true;
    }
    if (current.empty())
      statement(runtime::create_version_table_sql(dialect, vt, config.version_table));
    std::string line = std::string(upgrade ? "upgrade" : "downgrade") + " " +
                       runtime::join_revisions(ps.step.from_revisions_no_deps) + " -> " +
                       runtime::join_revisions(ps.step.to_revisions_no_deps);
    if (log) log("Running " + line + (rev.message.empty() ? "" : ", " + rev.message));
    out << "-- Running " << line << "\n\n";
    OperationContext ctx;
    ctx.dialect = &dialect;
    ctx.x_arguments = &config.x_arguments;
    std::vector<std::string> sent;  // the step's statements, for its history row
    ctx.emit = [&](const std::string& sql) {
      statement(sql);
      sent.push_back(sql);
    };
    const auto ops = parse_operations(rev, upgrade ? Direction::Upgrade : Direction::Downgrade);
    for (const auto& op : ops) {
      // As online: an operation that cannot run in a transaction (CREATE INDEX
      // CONCURRENTLY, ALTER TYPE ... ADD VALUE) runs between COMMIT and BEGIN.
      const bool outside = transactional && op->needs_autocommit();
      if (outside) commit();
      op->run(ctx);
      if (outside) statement("BEGIN");
    }
    const auto& c = ps.change;
    for (const auto& sql : runtime::version_change_sql(vt, c)) statement(sql);
    std::string sent_text;
    for (const auto& sql : sent) sent_text += (sent_text.empty() ? "" : ";\n") + sql;
    auto lit = [&](const std::string& v) { return sql::render_literal(Value(v), dialect); };
    // As online, one row per revision run; the id is computed where it runs.
    statement("INSERT INTO " + ht + " (" + runtime::kHistoryColumns + ") SELECT COALESCE(MAX(id), 0) + 1, " +
              lit(rev.id) + ", " + lit(upgrade ? "upgrade" : "downgrade") + ", " +
              lit(rev.body ? sha256_hex(rev.body->text) : std::string()) + ", " +
              support.utc_now_sql() + ", 0, " + lit(applied_by) + ", 'applied', " +
              std::to_string(ops.size()) + ", " + lit(sent_text) + " FROM " + ht);
    for (const auto& r : c.removed()) std::erase(current, r);
    for (const auto& a : c.added()) current.push_back(a);
    if (current.empty()) statement("DROP TABLE " + vt);
    if (transactional && per_migration) commit();
  }
  if (transactional && !per_migration) commit();
  if (!plan.empty()) statements(support.offline_run_end());
  return out.str();
}

}  // namespace retort::migrations
