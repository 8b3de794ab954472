// The libpqxx side of the driver: opening and closing the connection.
//
// Why statements do not go through libpqxx: 6.4's dynamic parameter lists
// take one C++ type for all parameters, so a list cannot mix NULLs, text and
// binary bytea, and every parameter is copied into a fresh std::string. We
// therefore bind with PQexecPrepared on the connection's PGconn. libpqxx 6.4
// keeps that handle private; the one public place that sees it is the
// connection policy (connectionpolicy::do_startconnect and friends receive and
// return it), so a policy derived from connect_direct records it.
#include <pqxx/connection>

#include "dialects/postgresql/connection.hpp"

namespace retort::postgresql {

namespace {

class CapturingPolicy final : public pqxx::connect_direct {
 public:
  explicit CapturingPolicy(const std::string& options) : pqxx::connect_direct(options) {
    // basic_connection_base constructs its policy privately; this lets the
    // code constructing it find the policy afterwards (same thread, same call).
    last_constructed = this;
  }

  handle do_startconnect(handle h) override { return handle_ = connect_direct::do_startconnect(h); }
  handle do_completeconnect(handle h) override {
    return handle_ = connect_direct::do_completeconnect(h);
  }
  handle do_dropconnect(handle h) noexcept override {
    return handle_ = connect_direct::do_dropconnect(h);
  }
  handle do_disconnect(handle h) noexcept override {
    return handle_ = connect_direct::do_disconnect(h);
  }

  PGconn* handle_now() const noexcept { return handle_; }

  static thread_local CapturingPolicy* last_constructed;

 private:
  handle handle_ = nullptr;
};

thread_local CapturingPolicy* CapturingPolicy::last_constructed = nullptr;

}  // namespace

struct Session {
  explicit Session(const std::string& conninfo) : conn(conninfo) {
    policy = CapturingPolicy::last_constructed;
    CapturingPolicy::last_constructed = nullptr;
  }

  pqxx::basic_connection_base<CapturingPolicy> conn;
  CapturingPolicy* policy = nullptr;
};

SessionPtr open_session(const std::string& conninfo) {
  SessionPtr session(new Session(conninfo));
  // libpqxx would silently reconnect a broken connection the next time it is
  // used through libpqxx, losing the session state (prepared statements,
  // settings, the open transaction). A lost connection must surface as an
  // invalidated OperationalError instead, so reactivation is switched off.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  session->conn.inhibit_reactivation(true);
#pragma GCC diagnostic pop
  return session;
}

PGconn* session_handle(Session& session) { return session.policy->handle_now(); }

void close_session(Session* session) noexcept { delete session; }

}  // namespace retort::postgresql
