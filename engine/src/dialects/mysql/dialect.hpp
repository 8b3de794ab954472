// Private header: the MySQL/MariaDB dialect factory, called by
// engine/src/dialects/registry.cpp. mysql.h is deliberately not included here.
#pragma once

#include <memory>

#include "retort/engine/ddl.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/engine/migration_support.hpp"

namespace retort {

// The MySQL/MariaDB dialect (libmariadb, server-side prepared statements).
std::unique_ptr<Dialect> make_mysql_dialect();
// In ddl.cpp and reflection.cpp of this folder.
std::unique_ptr<DDLCompiler> make_mysql_ddl();
std::unique_ptr<Reflector> make_mysql_reflector();
// In migration_support.cpp of this folder.
std::unique_ptr<MigrationSupport> make_mysql_migration_support();

}  // namespace retort
