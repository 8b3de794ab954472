// Everything in retort::engine, for applications that want one include.
#pragma once

#include "retort/engine/ddl.hpp"
#include "retort/engine/dialect.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"
#include "retort/engine/events.hpp"
#include "retort/engine/inspector.hpp"
#include "retort/engine/json.hpp"
#include "retort/engine/pool.hpp"
#include "retort/engine/result.hpp"
#include "retort/engine/schema.hpp"
#include "retort/engine/schema_yaml.hpp"
#include "retort/engine/types.hpp"
#include "retort/engine/url.hpp"
#include "retort/engine/value.hpp"
