// Shared by the reflection suites: a schema, database or file of the test's
// own on each backend, and a one-line-per-fact rendering of reflected tables.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <sstream>
#include <string>
#include <vector>

#include "retort/engine/inspector.hpp"
#include "support/backends.hpp"

namespace retort::testing {

inline std::string list(const std::vector<std::string>& v) {
  std::string out = "(";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out + ")";
}

// One line per fact, so that a failure shows the line that differs.
inline std::string describe(const Table& t) {
  std::ostringstream o;
  o << "table " << (t.schema ? *t.schema + "." : "") << t.name;
  if (t.comment) o << " comment=" << *t.comment;
  o << "\n";
  for (const auto& c : t.columns) {
    o << "  column " << c.name << " " << c.type.str();
    if (!c.nullable) o << " NOT NULL";
    if (c.primary_key) o << " pk";
    if (c.autoincrement) o << " autoincrement=" << (*c.autoincrement ? "true" : "false");
    if (c.server_default) o << " default=" << *c.server_default;
    if (c.comment) o << " comment=" << *c.comment;
    o << "\n";
  }
  if (t.primary_key)
    o << "  primary key " << t.primary_key->name.value_or("-") << " "
      << list(t.primary_key->columns) << "\n";
  for (const auto& fk : t.foreign_keys) {
    o << "  foreign key " << fk.name.value_or("-") << " " << list(fk.columns) << " -> "
      << (fk.referred_schema ? *fk.referred_schema + "." : "") << fk.referred_table
      << list(fk.referred_columns);
    if (fk.ondelete) o << " ondelete=" << *fk.ondelete;
    if (fk.onupdate) o << " onupdate=" << *fk.onupdate;
    if (fk.deferrable) o << " deferrable=" << (*fk.deferrable ? "true" : "false");
    if (fk.initially) o << " initially=" << *fk.initially;
    o << "\n";
  }
  for (const auto& u : t.unique_constraints)
    o << "  unique " << u.name.value_or("-") << " " << list(u.columns) << "\n";
  for (const auto& c : t.check_constraints)
    o << "  check " << c.name.value_or("-") << ": " << c.sqltext << "\n";
  for (const auto& ix : t.indexes) {
    std::vector<std::string> cols = ix.columns;
    for (std::size_t i = 0; i < ix.orders.size() && i < cols.size(); ++i)
      if (!ix.orders[i].empty()) cols[i] += " " + ix.orders[i];
    o << "  index " << ix.name << (ix.unique ? " unique " : " ") << list(cols);
    if (ix.where) o << " where " << *ix.where;
    for (const auto& [k, v] : ix.dialect_options) o << " " << k << "=" << v;
    o << "\n";
  }
  return o.str();
}

inline std::string describe(const MetaData& md) {
  std::string out;
  for (const auto& t : md.tables()) out += describe(*t);
  return out;
}

// Each test gets a schema (PostgreSQL), a database (MariaDB) or a file
// (SQLite) of its own, so that tests running at the same time in the same
// server never see each other's tables.
class ReflectionTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    static std::atomic<int> counter{0};
    ns_ = "rt_refl_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    engine_ = make_engine();
    if (is("sqlite")) return;
    auto conn = engine_.connect();
    conn.execute((is("postgresql") ? "CREATE SCHEMA " : "CREATE DATABASE ") + ns_);
    conn.commit();
    if (is("mysql")) {
      // The default database of the test's engine is its own.
      URL u = URL::parse(url());
      u.database = ns_;
      engine_ = create_engine(u.render(false));
    }
  }

  void TearDown() override {
    if (ns_.empty() || is("sqlite") || !engine_) return;
    auto conn = engine_.connect();
    conn.execute(is("postgresql") ? "DROP SCHEMA " + ns_ + " CASCADE" : "DROP DATABASE " + ns_);
    conn.commit();
  }

  // Runs statements, with {s} replaced by "schema." on PostgreSQL.
  void run(Connection& conn, const std::vector<std::string>& statements) {
    for (std::string sql : statements) {
      for (auto at = sql.find("{s}"); at != std::string::npos; at = sql.find("{s}"))
        sql.replace(at, 3, is("postgresql") ? ns_ + "." : "");
      conn.execute(sql);
    }
    conn.commit();
  }

  // Where the test's tables are: PostgreSQL needs the schema named; MariaDB
  // and SQLite use the connection's own database.
  ReflectOptions options() const {
    ReflectOptions o;
    if (is("postgresql")) o.schema = ns_;
    return o;
  }
  std::string prefix() const { return is("postgresql") ? ns_ + "." : ""; }

  // Three related tables named <stem>_0.. <stem>_<n-1>, each with a column
  // of every kind the queries cover.
  void make_chain(Connection& conn, const std::string& stem, int from, int to) {
    std::vector<std::string> sql;
    for (int i = from; i < to; ++i) {
      const std::string t = stem + "_" + std::to_string(i);
      std::string ref = i == 0 ? ""
                               : ", CONSTRAINT fk_" + t + " FOREIGN KEY (parent) REFERENCES {s}" +
                                     stem + "_" + std::to_string(i - 1) + " (id)";
      sql.push_back(
          "CREATE TABLE {s}" + t +
          " (id INTEGER NOT NULL PRIMARY KEY, parent INTEGER, code VARCHAR(20) DEFAULT 'x',"
          " n INTEGER, CONSTRAINT ck_" +
          t + " CHECK (n > 0), CONSTRAINT uq_" + t + " UNIQUE (code)" + ref + ")");
      sql.push_back("CREATE INDEX ix_" + t + " ON {s}" + t + " (n)");
    }
    run(conn, sql);
  }

  std::string ns_;
  Engine engine_;
};

}  // namespace retort::testing
