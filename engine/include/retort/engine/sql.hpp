// The SQL expression language in one include: expressions, FROM clauses,
// SELECT, INSERT/UPDATE/DELETE and the per-dialect compiler.
#pragma once

#include "retort/engine/sql/compiler.hpp"
#include "retort/engine/sql/dml.hpp"
#include "retort/engine/sql/expression.hpp"
#include "retort/engine/sql/select.hpp"
