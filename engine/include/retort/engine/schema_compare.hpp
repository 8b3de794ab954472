// How one database spells a schema, for comparing a declared schema with a
// reflected one (autogenerate, docs/autogenerate.md). Two things are the same
// in a database when their keys are equal: INT4 and Integer, VARCHAR(50) and
// String(50), TINYINT(1) and Boolean on MySQL, a default of 0.00 and '0' on a
// numeric column. Each dialect implements one
// (engine/src/dialects/<name>/compare.cpp).
#pragma once

#include <optional>
#include <string>

#include "retort/engine/schema.hpp"

namespace retort {

class Dialect;

class SchemaComparator {
 public:
  virtual ~SchemaComparator() = default;
  // The column's type as this database stores it. Enum columns are compared
  // by their values, not by this key.
  virtual std::string type_key(const Table& table, const Column& column) const = 0;
  // The column's server default in one spelling; "" when it has none.
  virtual std::string default_key(const Table& table, const Column& column) const = 0;
  // A foreign key's ON DELETE / ON UPDATE action; "" for what the database
  // does when none is given.
  virtual std::string fk_action_key(const std::optional<std::string>& action) const = 0;
  // Whether the database keeps table and column comments.
  virtual bool keeps_comments() const = 0;
  // Whether an Enum is a named type of its own (CREATE TYPE ... AS ENUM),
  // created, extended and dropped apart from its columns.
  virtual bool enum_types_are_objects() const = 0;
  // Whether CREATE TABLE needs the tables its foreign keys refer to to exist
  // (SQLite does not: a cycle needs no separate foreign key operation).
  virtual bool needs_referred_tables() const = 0;
  // Whether adding a foreign key whose columns no index leads makes an
  // index named after the key, which stays when the key is dropped (MySQL).
  virtual bool foreign_keys_make_indexes() const = 0;
  // Whether a primary key's name is kept (MySQL calls every one PRIMARY).
  virtual bool keeps_primary_key_names() const = 0;
};

// The comparator of a dialect; ArgumentError if none is registered.
const SchemaComparator& schema_comparator(const Dialect& dialect);

}  // namespace retort
