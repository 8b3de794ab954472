// Private: the shared state behind Engine handles and Connections.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "retort/engine/engine.hpp"

namespace retort::detail {

struct EngineState {
  URL url;
  const Dialect* dialect = nullptr;
  EngineOptions options;
  Events events;
  std::shared_ptr<Pool> pool;
  bool autocommit = false;  // isolation_level == "AUTOCOMMIT"

  void log(std::string_view line) const;
};

// Kept with each pooled DBAPI connection across checkouts.
struct ConnectionCache {
  // text(sql) parses cached by SQL string, for execute(std::string_view).
  std::unordered_map<std::string, std::shared_ptr<TextClause>> texts;
};

struct ConnectionState {
  std::shared_ptr<EngineState> engine;
  PooledConnection pooled;
  DriverConnection* dbapi = nullptr;
  bool autocommit = false;
  bool in_tx = false;
  bool invalidated = false;
  bool invalid_tx = false;         // invalidated while a transaction was open
  bool isolation_changed = false;
  std::uint64_t tx_serial = 1;     // bumped whenever the outer transaction ends
  std::vector<std::string> savepoints;
  std::uint64_t savepoint_counter = 0;
  std::vector<Value> scratch;      // positional parameters, reused
};

}  // namespace retort::detail
