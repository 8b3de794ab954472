// Private: the SQLite dialect's factory, called by dialects/registry.cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "retort/engine/ddl.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/engine/migration_support.hpp"

namespace retort {
std::unique_ptr<Dialect> make_sqlite_dialect();
// In ddl.cpp and reflection.cpp of this folder.
std::unique_ptr<DDLCompiler> make_sqlite_ddl();
std::unique_ptr<Reflector> make_sqlite_reflector();
// In migration_support.cpp of this folder.
std::unique_ptr<MigrationSupport> make_sqlite_migration_support();
// In table_copy.cpp: MigrationSupport::copy_table.
void sqlite_copy_table(Connection& conn, const std::string& table,
                       const std::function<void(Table&)>& change, const std::string& what);
}
