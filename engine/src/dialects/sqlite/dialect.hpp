// Private: the SQLite dialect's factory, called by dialects/registry.cpp.
#pragma once

#include <memory>

#include "retort/engine/dialect.hpp"

namespace retort {
std::unique_ptr<Dialect> make_sqlite_dialect();
}
