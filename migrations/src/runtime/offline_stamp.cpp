// `stamp --sql`: plan_stamp's version-table changes rendered as statements
// with literal values, framed like offline.cpp's upgrade and downgrade scripts.
#include <sstream>

#include "retort/engine/dialect.hpp"
#include "retort/engine/error.hpp"
#include "retort/migrations/stamp.hpp"

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
      statement("CREATE TABLE " + vt +
                " (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT " +
                dialect.quote_identifier(config.version_table + "_pkc") +
                " PRIMARY KEY (version_num)\n)");
    const std::string line = "stamp_revision " + join(s.from) + " -> " + s.to.value_or("");
    if (log) log("Running " + line);
    out << "-- Running " << line << "\n\n";
    const auto& c = s.change;
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
