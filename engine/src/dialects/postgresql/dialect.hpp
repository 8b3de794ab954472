// Private header: the PostgreSQL dialect factory, called by
// engine/src/dialects/registry.cpp. No libpq/libpqxx header is included here.
#pragma once

#include <memory>

#include "retort/engine/ddl.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/engine/migration_support.hpp"

namespace retort {

// The PostgreSQL dialect (libpqxx 6.4 for the connection, libpq for statements).
std::unique_ptr<Dialect> make_postgresql_dialect();
// In ddl.cpp and reflection.cpp of this folder.
std::unique_ptr<DDLCompiler> make_postgresql_ddl();
std::unique_ptr<Reflector> make_postgresql_reflector();
// In migration_support.cpp of this folder.
std::unique_ptr<MigrationSupport> make_postgresql_migration_support();

}  // namespace retort
