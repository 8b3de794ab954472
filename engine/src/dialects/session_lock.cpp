#include "dialects/session_lock.hpp"

namespace retort {

std::uint64_t lock_key_hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

SessionLock::~SessionLock() {
  try {
    conn_.rollback();
    conn_.execute(release_sql_, {{"k", key_}});
    conn_.commit();
  } catch (...) {
    try {
      conn_.invalidate();
    } catch (...) {
    }
  }
}

} // namespace retort
