// Internal: the version table (one row per head, version_num VARCHAR(32)
// PRIMARY KEY), read and changed on the caller's connection and transaction.
#pragma once

#include <string>
#include <vector>

#include "retort/engine/engine.hpp"
#include "retort/migrations/walk.hpp"

namespace retort::migrations::runtime {

class VersionTable {
 public:
  VersionTable(Connection& conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  bool exists();
  void create();                    // CREATE TABLE IF NOT EXISTS
  std::vector<std::string> read();  // sorted; the table must exist
  void apply(const VersionChange& change);
  void insert(const std::string& rev);
  void remove(const std::string& rev);
  void clear();
  const std::string& name() const noexcept { return name_; }

 private:
  std::string quoted() const;
  Connection& conn_;
  std::string name_;
};

}  // namespace retort::migrations::runtime
