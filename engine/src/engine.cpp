#include <iostream>

#include "detail/engine_state.hpp"
#include "retort/engine/error.hpp"

namespace retort {

namespace detail {
void EngineState::log(std::string_view line) const {
  if (options.logger)
    options.logger(line);
  else
    std::clog << "[retort] " << line << '\n';
}
}  // namespace detail

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void validate(const PoolOptions& p) {
  if (p.pool_size < 0) throw ArgumentError("pool_size must be >= 0");
  if (p.max_overflow < -1) throw ArgumentError("max_overflow must be >= -1");
  if (p.pool_timeout < 0) throw ArgumentError("pool_timeout must be >= 0");
}

}  // namespace

Engine create_engine(std::string_view url_text, EngineOptions options) {
  auto st = std::make_shared<detail::EngineState>();
  st->url = URL::parse(url_text);
  st->dialect = &dialect_for(st->url);
  if (options.isolation_level) {
    options.isolation_level = upper(*options.isolation_level);
    st->autocommit = *options.isolation_level == "AUTOCOMMIT";
  }
  validate(options.pool);
  if (!options.pool.kind)
    options.pool.kind =
        st->dialect->wants_single_connection(st->url) ? PoolKind::Single : PoolKind::Queue;
  st->options = std::move(options);

  // The pool outlives no engine state it refers to: it captures a weak view.
  detail::EngineState* raw = st.get();
  auto creator = [raw]() {
    auto conn = raw->dialect->connect(raw->url, raw->options.connect_args);
    if (raw->options.isolation_level) conn->set_isolation_level(*raw->options.isolation_level);
    return conn;
  };
  auto reset = [raw](DriverConnection& c) {
    if (raw->options.echo) raw->log("ROLLBACK (reset on return)");
    c.rollback();
  };
  st->pool = Pool::create(st->options.pool, creator, reset, &st->events);
  Engine e;
  e.state_ = std::move(st);
  return e;
}

const URL& Engine::url() const { return state_->url; }
const Dialect& Engine::dialect() const { return *state_->dialect; }
Pool& Engine::pool() const { return *state_->pool; }
Events& Engine::events() const { return state_->events; }
void Engine::dispose() const { state_->pool->dispose(); }

Connection Engine::connect() const {
  if (!state_) throw InvalidRequestError("connect() on an empty Engine handle");
  auto cs = std::make_unique<detail::ConnectionState>();
  cs->engine = state_;
  cs->pooled = state_->pool->checkout();
  cs->dbapi = &cs->pooled.dbapi();
  cs->autocommit = state_->autocommit;
  return Connection(std::move(cs));
}

}  // namespace retort
