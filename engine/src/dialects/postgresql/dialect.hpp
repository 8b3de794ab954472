// Private header: the PostgreSQL dialect factory, called by
// engine/src/dialects/registry.cpp. No libpq/libpqxx header is included here.
#pragma once

#include <memory>

#include "retort/engine/dialect.hpp"

namespace retort {

// The PostgreSQL dialect (libpqxx 6.4 for the connection, libpq for statements).
std::unique_ptr<Dialect> make_postgresql_dialect();

}  // namespace retort
