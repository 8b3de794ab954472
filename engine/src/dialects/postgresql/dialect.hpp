// Private header: the PostgreSQL dialect factory, called by
// engine/src/dialects/registry.cpp. No libpq/libpqxx header is included here.
#pragma once

#include <memory>

#include "retort/engine/ddl.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/inspector.hpp"

namespace retort {

// The PostgreSQL dialect (libpqxx 6.4 for the connection, libpq for statements).
std::unique_ptr<Dialect> make_postgresql_dialect();
// In ddl.cpp and reflection.cpp of this folder.
std::unique_ptr<DDLCompiler> make_postgresql_ddl();
std::unique_ptr<Reflector> make_postgresql_reflector();

}  // namespace retort
