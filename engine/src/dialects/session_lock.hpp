// Private: the migration lock of the dialects whose lock belongs to a
// session (PostgreSQL advisory locks, MySQL named locks): a connection of its
// own holds it until the lock object is destroyed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "retort/engine/engine.hpp"
#include "retort/engine/migration_support.hpp"

namespace retort {

// A stable 64-bit hash (FNV-1a) of where the lock is and its name, so that
// every process computes the same key for the same database and lock name.
std::uint64_t lock_key_hash(std::string_view s);

// Held while alive; the destructor runs release_sql with :k bound to key. If
// releasing fails the connection is invalidated, so that a connection that
// may still hold the lock never goes back to the pool.
class SessionLock final : public AdvisoryLock {
public:
  SessionLock(Connection conn, std::string release_sql, Value key)
      : conn_(std::move(conn)), release_sql_(std::move(release_sql)),
        key_(std::move(key)) {}
  ~SessionLock() override;
  bool per_transaction() const override { return false; }
  bool begin_write(Connection &, Deadline) override { return true; }

private:
  Connection conn_;
  std::string release_sql_;
  Value key_;
};

} // namespace retort
