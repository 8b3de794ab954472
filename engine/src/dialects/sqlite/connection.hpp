// Private: the SQLite driver connection over the sqlite3 C API.
#pragma once

#include <sqlite3.h>

#include <list>
#include <memory>
#include <string>
#include <unordered_map>

#include "retort/engine/dialect.hpp"

namespace retort::sqlite {

// A prepared statement shared by the cache and the cursor reading it.
struct Statement {
  sqlite3_stmt* stmt = nullptr;
  std::shared_ptr<const std::vector<std::string>> columns;
  bool busy = false;  // a live cursor is stepping it
  ~Statement() { sqlite3_finalize(stmt); }
};

class SqliteConnection final : public DriverConnection {
 public:
  SqliteConnection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteConnection() override;

  std::unique_ptr<DriverCursor> execute(std::string_view sql,
                                        std::span<const Value> params) override;
  std::int64_t executemany(std::string_view sql, std::span<const Value> flat,
                           std::size_t width) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  void set_isolation_level(std::string_view level) override;
  bool ping() override;
  std::string server_version() override;

  [[noreturn]] void raise(int rc, std::string_view sql) const;
  sqlite3* handle() const { return db_; }
  // The next begin() is BEGIN IMMEDIATE: it takes the database's write lock at
  // once (the migration lock, migration_support.cpp).
  void begin_immediate_next() { immediate_ = true; }

 private:
  std::shared_ptr<Statement> prepare(std::string_view sql);
  // expected: the statement's parameter count if known (-1: ask SQLite).
  void bind(sqlite3_stmt* stmt, std::span<const Value> params, bool copy, std::string_view sql,
            int expected = -1);
  void exec_simple(const char* sql);
  void forget_statements();
  // PRAGMA schema_version (-1 when it cannot be read), from a statement kept for it.
  int schema_version();

  sqlite3* db_;
  sqlite3_stmt* schema_version_stmt_ = nullptr;
  std::string path_;
  bool immediate_ = false;
  // LRU statement cache: most recently used at the front.
  using Lru = std::list<std::pair<std::string, std::shared_ptr<Statement>>>;
  Lru lru_;
  std::unordered_map<std::string_view, Lru::iterator> index_;
  static constexpr std::size_t kCacheSize = 256;
};

}  // namespace retort::sqlite
