// Test support: an empty database of its own for a test (on the backend's
// server, or a SQLite file), e.g. the scratch database of `retort check`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "retort/retort.hpp"

namespace retort::testing {

// CREATE DATABASE `name` on the server of `server_url` (dropped again by the
// destructor), or for "sqlite" a file `name`.db in `dir`.
class EmptyDatabase {
 public:
  EmptyDatabase(const std::string& backend, const std::string& server_url,
                const std::string& name, const std::filesystem::path& dir);
  ~EmptyDatabase();
  EmptyDatabase(const EmptyDatabase&) = delete;
  EmptyDatabase& operator=(const EmptyDatabase&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::string backend_, name_, url_;
  Engine admin_;
  std::optional<Connection> conn_;
};

}  // namespace retort::testing
