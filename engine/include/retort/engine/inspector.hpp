// Reflection: reading a live schema back into MetaData.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "retort/engine/schema.hpp"

namespace retort {

class Connection;
class Dialect;

struct ReflectOptions {
  std::optional<std::string> schema;   // PostgreSQL schema / MySQL database; default: current
  std::vector<std::string> only;       // table names to reflect (empty: all)
  std::vector<std::string> exclude;    // table names to leave out
};

// Each dialect implements one (engine/src/dialects/<name>/reflection.cpp).
// Batched: a fixed number of catalog queries per object kind for the whole
// schema, never a round of queries per table.
class Reflector {
 public:
  virtual ~Reflector() = default;
  virtual std::vector<std::string> table_names(Connection& conn,
                                               const std::optional<std::string>& schema) const = 0;
  // Reflects tables with their columns, keys, constraints, indexes and comments.
  virtual MetaData reflect(Connection& conn, const ReflectOptions& options) const = 0;
  // PostgreSQL enum types: name -> labels in order (empty elsewhere).
  virtual std::vector<std::pair<std::string, std::vector<std::string>>> enums(
      Connection& conn, const std::optional<std::string>& schema) const = 0;
  // What uses the enum types of a schema (PostgreSQL; empty elsewhere): type
  // name -> the tables, views and other relations with a column of the type
  // (or an array of it), as {schema of the relation, its name}. DROP TYPE
  // fails while any is left.
  virtual std::vector<std::pair<std::string, std::pair<std::string, std::string>>> enum_users(
      Connection&, const std::optional<std::string>&) const {
    return {};
  }
  // The schema a name without one means (SQLAlchemy's default_schema_name):
  // PostgreSQL current_schema(), MySQL the connection's database, SQLite "main".
  virtual std::string default_schema_name(Connection& conn) const = 0;
};

const Reflector& reflector(const Dialect& dialect);

// SQLAlchemy's inspect(engine) in short.
class Inspector {
 public:
  explicit Inspector(Connection& conn);
  std::string default_schema_name();
  std::vector<std::string> table_names(const std::optional<std::string>& schema = std::nullopt);
  bool has_table(const std::string& name, const std::optional<std::string>& schema = std::nullopt);
  MetaData reflect(const ReflectOptions& options = {});
  std::optional<Table> table(const std::string& name,
                             const std::optional<std::string>& schema = std::nullopt);

 private:
  Connection& conn_;
};

}  // namespace retort
