// Private header: the MySQL/MariaDB dialect factory, called by
// engine/src/dialects/registry.cpp. mysql.h is deliberately not included here.
#pragma once

#include <memory>

#include "retort/engine/dialect.hpp"

namespace retort {

// The MySQL/MariaDB dialect (libmariadb, server-side prepared statements).
std::unique_ptr<Dialect> make_mysql_dialect();

}  // namespace retort
