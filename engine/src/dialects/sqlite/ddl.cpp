// SQLite DDL: declared types that reflection can read back, INTEGER PRIMARY
// KEY rowid aliases, enums as VARCHAR plus a CHECK, and foreign keys always
// inline (SQLite's ALTER TABLE cannot add one, and does not need to: it does
// not check a REFERENCES target at CREATE time, so cycles are fine).
#include "dialects/ddl_common.hpp"
#include "dialects/sqlite/dialect.hpp"
#include "retort/engine/error.hpp"

namespace retort {

namespace {

// SQLite 3.40's keywords that fail as an unquoted table, column, index or
// constraint name somewhere (found by trying each keyword), plus the join and
// window words, which parse as names only by luck of position.
const std::set<std::string, std::less<>> kReserved = {
    "add", "all", "alter", "and", "as", "autoincrement", "between", "case", "cast", "check",
    "collate", "commit", "constraint", "create", "cross", "current_date", "current_time",
    "current_timestamp", "default", "deferrable", "delete", "distinct", "drop", "else", "escape",
    "except", "exclude", "exists", "filter", "foreign", "from", "full", "group", "having", "if",
    "in", "index", "inner", "insert", "intersect", "into", "is", "isnull", "join", "left",
    "limit", "natural", "not", "nothing", "notnull", "null", "nulls", "on", "or", "order",
    "outer", "over", "primary", "raise", "references", "returning", "right", "select", "set",
    "table", "then", "to", "transaction", "union", "unique", "update", "using", "values", "when",
    "where", "window",
};

using ddl::BaseDDLCompiler;

class SQLiteDDL final : public BaseDDLCompiler {
 public:
  SQLiteDDL() : BaseDDLCompiler({'"', &kReserved}) {}
  std::string_view dialect_name() const override { return "sqlite"; }

  std::string type_sql(const Type& type) const override {
    const Type& t = type.storage();
    auto with = [](std::string head, const std::optional<int>& a, const std::optional<int>& b) {
      if (!a) return head;
      head += "(" + std::to_string(*a);
      if (b) head += "," + std::to_string(*b);
      return head + ")";
    };
    switch (t.kind) {
      case TypeKind::Integer: return "INTEGER";
      case TypeKind::BigInteger: return "BIGINT";
      case TypeKind::SmallInteger: return "SMALLINT";
      case TypeKind::Boolean: return "BOOLEAN";
      case TypeKind::String: return with("VARCHAR", t.length, std::nullopt);
      case TypeKind::Text: return "TEXT";
      case TypeKind::Float: return with("FLOAT", t.precision, std::nullopt);
      case TypeKind::Numeric: return with("NUMERIC", t.precision, t.scale);
      case TypeKind::Date: return "DATE";
      case TypeKind::DateTime: return "DATETIME";
      case TypeKind::Time: return "TIME";
      case TypeKind::LargeBinary: return "BLOB";
      case TypeKind::JSON: return "JSON";
      case TypeKind::Uuid: return "CHAR(36)";
      case TypeKind::Enum: {
        std::size_t longest = 0;
        for (const auto& v : t.enum_values) longest = std::max(longest, ddl::utf8_length(v));
        return "VARCHAR(" + std::to_string(std::max<std::size_t>(longest, 1)) + ")";
      }
      case TypeKind::Dialect: return dialect_type_sql(t);
      case TypeKind::Decorated: break;
    }
    throw SchemaError("type " + type.str() + " has no storage type");
  }

  bool can_alter_foreign_keys() const override { return false; }

  // SQLite's ALTER TABLE renames a column, adds one, and drops one that no
  // constraint or index names; everything else copies the table (migrations).
  std::vector<std::string> alter_column(const Table& table, const Column& from,
                                        const Column& to) const override {
    if (!(from.type == to.type) || from.nullable != to.nullable ||
        from.server_default != to.server_default)
      return {};
    if (from.name == to.name) return {};
    return {rename_column(table, from.name, to.name)};
  }
  std::string add_unique_constraint(const Table&, const UniqueConstraint&) const override {
    return {};
  }
  std::string add_check_constraint(const Table&, const CheckConstraint&) const override {
    return {};
  }
  std::string add_primary_key(const Table&, const PrimaryKeyConstraint&) const override {
    return {};
  }
  std::string drop_constraint(const Table&, std::string_view, ConstraintKind) const override {
    return {};
  }
  // SQLite keeps no comments.
  std::vector<std::string> set_table_comment(const Table&,
                                             const std::optional<std::string>&) const override {
    return {};
  }

  // A cycle's tables reference each other's rows; checking at COMMIT lets
  // them be dropped one after the other.
  std::string cycle_drop_prologue() const override { return "PRAGMA defer_foreign_keys = ON"; }

 protected:
  std::string column_type_sql(const Table& table, const Column& column,
                              bool autoincrement) const override {
    // Only a lone primary key column declared exactly INTEGER becomes an
    // alias of the rowid, which is what makes it generate values: so the
    // autoincrement column is INTEGER even when BIGINT was asked for, and a
    // lone Integer key that must not generate values is INT (same affinity).
    const std::string declared = BaseDDLCompiler::column_type_sql(table, column, autoincrement);
    if (autoincrement) return "INTEGER";
    const auto pk = table.primary_key_columns();
    if (declared == "INTEGER" && pk.size() == 1 && pk[0] == column.name) return "INT";
    return declared;
  }

  std::string default_sql(const std::string& server_default) const override {
    if (ddl::is_plain_default(server_default)) return " DEFAULT " + server_default;
    return " DEFAULT (" + server_default + ")";
  }

  std::vector<std::string> extra_constraints(const Table& table) const override {
    std::vector<std::string> out;
    for (const auto& c : table.columns) {
      const Type& t = c.type.storage();
      if (t.kind != TypeKind::Enum) continue;
      std::string list;
      for (const auto& v : t.enum_values) list += (list.empty() ? "" : ", ") + string_literal(v);
      out.push_back("CONSTRAINT " + quote("ck_" + table.name + "_" + c.name + "_enum") +
                    " CHECK (" + quote(c.name) + " IN (" + list + "))");
    }
    return out;
  }

  // SQLite's REFERENCES names a table in the same database, never qualified.
  std::string referred_table(const Table& table, const ForeignKeyConstraint& fk) const override {
    if (fk.referred_schema.value_or("main") != table.schema.value_or("main"))
      throw SchemaError("table " + table.fullname() + ": its foreign key to " +
                        *fk.referred_schema + "." + fk.referred_table +
                        " crosses databases, which sqlite cannot do");
    return quote(fk.referred_table);
  }

  // The schema (an attached database) goes on the index's name.
  std::string index_target(const Table& table, const Index& index) const override {
    return qualified(table.schema, index.name) + " ON " + quote(table.name);
  }
};

}  // namespace

std::unique_ptr<DDLCompiler> make_sqlite_ddl() { return std::make_unique<SQLiteDDL>(); }

}  // namespace retort
