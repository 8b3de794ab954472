// `stamp --sql`: plan_stamp's version-table changes rendered as statements
// with literal values, framed like offline.cpp's upgrade and downgrade scripts.
#include <sstream>

#include "retort/engine/dialect.hpp"
#include "runtime/offline_version_sql.hpp"
#include "retort/engine/error.hpp"
#include "retort/migrations/stamp.hpp"

namespace retort::migrations {
std::string render_offline_stamp_sql(const Config& config, const ScriptDirectory& scripts,
                                     const Dialect& dialect,
                                     const std::vector<std::string>& revisions,
                                     const std::function<void(const std::string&)>& log) {
  const auto& map = scripts.revision_map();
  std::optional<std::string> start;
  std::vector<std::string> targets;
  for (const auto& r : revisions) {
    auto colon = r.find(':');
    if (colon == std::string::npos) {
      targets.push_back(r);
      continue;
    }
    std::string s = r.substr(0, colon);
    if (start && *start != s)
      throw ArgumentError("stamp with --sql takes one starting revision; got " + *start + " and " +
                          s);
    start = s;
    targets.push_back(r.substr(colon + 1));
  }
  std::vector<std::string> heads;
  if (start && !start->empty() && *start != "base")
    for (const Revision* rev : map.get_revisions(*start))
      if (rev) heads.push_back(rev->id);
  const auto steps = plan_stamp(map, heads, targets);

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
  for (const StampStep& s : steps) {
    if (transactional && per_migration) statement("BEGIN");
    if (current.empty())
      statement(runtime::create_version_table_sql(dialect, vt, config.version_table));
    const std::string line = "stamp_revision " + runtime::join_revisions(s.from) + " -> " + s.to.value_or("");
    if (log) log("Running " + line);
    out << "-- Running " << line << "\n\n";
    const auto& c = s.change;
    for (const auto& sql : runtime::version_change_sql(vt, c)) statement(sql);
    for (const auto& r : c.removed()) std::erase(current, r);
    for (const auto& a : c.added()) current.push_back(a);
    if (current.empty()) statement("DROP TABLE " + vt);
    if (transactional && per_migration) statement("COMMIT");
  }
  if (transactional && !per_migration) statement("COMMIT");
  return out.str();
}

}  // namespace retort::migrations
