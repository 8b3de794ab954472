#include "support/empty_database.hpp"

#include <gtest/gtest.h>

namespace retort::testing {

EmptyDatabase::EmptyDatabase(const std::string& backend, const std::string& server_url,
                             const std::string& name, const std::filesystem::path& dir)
    : backend_(backend), name_(name) {
  if (backend == "sqlite") {
    url_ = "sqlite:///" + (dir / (name + ".db")).string();
    return;
  }
  EngineOptions opts;
  opts.isolation_level = "AUTOCOMMIT";  // CREATE DATABASE runs outside a transaction
  admin_ = create_engine(server_url, opts);
  conn_.emplace(admin_.connect());
  const auto& d = conn_->dialect();
  conn_->execute("DROP DATABASE IF EXISTS " + d.quote_identifier(name));
  conn_->execute("CREATE DATABASE " + d.quote_identifier(name));
  auto u = URL::parse(server_url);
  u.database = name;
  url_ = u.render(false);
}

EmptyDatabase::~EmptyDatabase() {
  if (!conn_) return;
  try {
    conn_->execute("DROP DATABASE IF EXISTS " + conn_->dialect().quote_identifier(name_) +
                   (backend_ == "postgresql" ? " WITH (FORCE)" : ""));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "could not drop the database " << name_ << ": " << e.what();
  }
}

}  // namespace retort::testing
