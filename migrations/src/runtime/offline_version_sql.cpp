#include "runtime/offline_version_sql.hpp"

namespace retort::migrations::runtime {
namespace {

// Revision ids as SQL string literals (quotes doubled).
std::string literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string join_revisions(const std::vector<std::string>& revisions) {
  std::string out;
  for (const auto& s : revisions) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string create_version_table_sql(const Dialect& dialect, const std::string& quoted_table,
                                     const std::string& version_table) {
  return "CREATE TABLE " + quoted_table + " (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT " +
         dialect.quote_identifier(version_table + "_pkc") + " PRIMARY KEY (version_num)\n)";
}

std::vector<std::string> version_change_sql(const std::string& vt, const VersionChange& c) {
  std::vector<std::string> out;
  for (const auto& d : c.deletes)
    out.push_back("DELETE FROM " + vt + " WHERE " + vt + ".version_num = " + literal(d));
  if (c.update)
    out.push_back("UPDATE " + vt + " SET version_num=" + literal(c.update->second) + " WHERE " +
                  vt + ".version_num = " + literal(c.update->first));
  for (const auto& i : c.inserts)
    out.push_back("INSERT INTO " + vt + " (version_num) VALUES (" + literal(i) + ")");
  return out;
}

}  // namespace retort::migrations::runtime
