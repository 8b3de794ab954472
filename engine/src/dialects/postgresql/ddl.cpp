// PostgreSQL DDL: types, identity columns, native enum types (CREATE TYPE),
// COMMENT ON, deferrable foreign keys, partial indexes and schemas.
#include "dialects/ddl_common.hpp"
#include "dialects/postgresql/dialect.hpp"
#include "retort/engine/error.hpp"

namespace retort {

namespace {

// Keywords PostgreSQL 15 reports as reserved, type/function-name or
// column-name words (pg_get_keywords() catcode R, T and C): quoting those
// keeps a name usable in every position.
const std::set<std::string, std::less<>> kReserved = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
    "char", "character", "check", "coalesce", "collate", "collation", "column", "concurrently",
    "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal",
    "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
    "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
    "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout",
    "int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral",
    "leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "national",
    "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
    "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
    "position", "precision", "primary", "real", "references", "returning", "right", "row",
    "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
    "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim",
    "true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose",
    "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
};

using ddl::BaseDDLCompiler;
using ddl::EnumTypeDDL;

std::string concurrently(std::string sql) {
  if (auto at = sql.find("INDEX "); at != std::string::npos) sql.insert(at + 6, "CONCURRENTLY ");
  return sql;
}

class PostgresDDL final : public BaseDDLCompiler {
 public:
  PostgresDDL() : BaseDDLCompiler({'"', &kReserved, 63, true}) {}
  std::string_view dialect_name() const override { return "postgresql"; }

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
      // FLOAT(p) is REAL up to 24 bits and DOUBLE PRECISION above; a plain
      // Float holds a C++ double.
      case TypeKind::Float: return t.precision ? with("FLOAT", t.precision, std::nullopt)
                                               : "DOUBLE PRECISION";
      case TypeKind::Numeric: return with("NUMERIC", t.precision, t.scale);
      case TypeKind::Date: return "DATE";
      case TypeKind::DateTime: return t.timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
      case TypeKind::Time: return t.timezone ? "TIME WITH TIME ZONE" : "TIME";
      case TypeKind::LargeBinary: return "BYTEA";
      case TypeKind::JSON: return "JSON";
      case TypeKind::Uuid: return "UUID";
      case TypeKind::Enum:
        if (!t.enum_name)
          throw SchemaError("an Enum without a name is named after its column (" + t.str() + ")");
        return quote(*t.enum_name);
      case TypeKind::Dialect: return pg_dialect_type(t);
      case TypeKind::Decorated: break;
    }
    throw SchemaError("type " + type.str() + " has no storage type");
  }

  std::string create_enum_type(const std::optional<std::string>& schema, std::string_view name,
                               const std::vector<std::string>& values) const override {
    std::string sql = "CREATE TYPE " + qualified(schema, name) + " AS ENUM (";
    for (std::size_t i = 0; i < values.size(); ++i)
      sql += (i ? ", " : "") + string_literal(values[i]);
    return sql + ")";
  }
  std::string drop_enum_type(const std::optional<std::string>& schema,
                             std::string_view name) const override {
    return "DROP TYPE " + qualified(schema, name);
  }
  std::string add_enum_value(const std::optional<std::string>& schema, std::string_view name,
                             std::string_view value, const std::optional<std::string>& before,
                             const std::optional<std::string>& after) const override {
    std::string sql =
        "ALTER TYPE " + qualified(schema, name) + " ADD VALUE " + string_literal(value);
    if (before) sql += " BEFORE " + string_literal(*before);
    if (after) sql += " AFTER " + string_literal(*after);
    return sql;
  }
  std::string rename_enum_type(const std::optional<std::string>& schema, std::string_view name,
                               std::string_view new_name) const override {
    return "ALTER TYPE " + qualified(schema, name) + " RENAME TO " + quote(new_name);
  }

  // CREATE [UNIQUE] INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY.
  std::string create_index_concurrently(const Table& table, const Index& index) const override {
    return concurrently(create_index(table, index));
  }
  std::string drop_index_concurrently(const Table& table, const Index& index) const override {
    return concurrently(drop_index(table, index));
  }

  std::vector<EnumTypeDDL> enum_types(const Table& table) const override {
    std::vector<EnumTypeDDL> out;
    for (const auto& c : table.columns) {
      const Type& t = c.type.storage();
      if (t.kind != TypeKind::Enum) continue;
      EnumTypeDDL e{table.schema, enum_type_name(table, c), t.enum_values, {}, {}};
      bool seen = false;
      for (const auto& o : out) {
        if (o.name != e.name) continue;
        if (o.values != e.values)
          throw SchemaError("enum type " + e.name + " is declared with different values in " +
                            ddl::where(table, c));
        seen = true;
      }
      if (seen) continue;
      e.create_sql = create_enum_type(e.schema, e.name, e.values);
      e.drop_sql = drop_enum_type(e.schema, e.name);
      out.push_back(std::move(e));
    }
    return out;
  }

 protected:
  std::string column_type_sql(const Table& table, const Column& column,
                              bool autoincrement) const override {
    if (column.type.storage().kind == TypeKind::Enum)
      return qualified(table.schema, enum_type_name(table, column));
    return BaseDDLCompiler::column_type_sql(table, column, autoincrement);
  }

  // A default does not follow a column from one enum type to another ("cannot
  // be cast automatically"): it is dropped before the type changes and set
  // again after.
  std::vector<std::string> alter_column(const Table& table, const Column& from,
                                        const Column& to) const override {
    const bool enum_change =
        !(from.type == to.type) && (from.type.storage().kind == TypeKind::Enum ||
                                    to.type.storage().kind == TypeKind::Enum);
    if (!enum_change || !from.server_default)
      return BaseDDLCompiler::alter_column(table, from, to);
    Column bare = from;
    bare.server_default.reset();
    std::vector<std::string> out{"ALTER TABLE " + table_name(table) + " ALTER COLUMN " +
                                 quote(from.name) + " DROP DEFAULT"};
    for (auto& s : BaseDDLCompiler::alter_column(table, bare, to)) out.push_back(std::move(s));
    return out;
  }

  // PostgreSQL casts neither text nor another enum to an enum implicitly,
  // nor an enum to a number: through text, which converts every way the
  // values allow.
  std::string type_change_using(const Table& table, const Column& from,
                                const Column& to) const override {
    if (from.type.storage().kind != TypeKind::Enum && to.type.storage().kind != TypeKind::Enum)
      return {};
    return " USING " + quote(from.name) + "::text::" + column_type_sql(table, to, false);
  }

  std::string column_suffix(const Table& table, const Column& column,
                            bool autoincrement) const override {
    // Identity rather than SERIAL: the SQL standard's form, and no separate
    // sequence object to own and drop.
    return BaseDDLCompiler::column_suffix(table, column, autoincrement) +
           (autoincrement ? " GENERATED BY DEFAULT AS IDENTITY" : "");
  }

  std::vector<std::string> comment_statements(const Table& table) const override {
    std::vector<std::string> out;
    if (table.comment)
      out.push_back("COMMENT ON TABLE " + table_name(table) + " IS " +
                    string_literal(*table.comment));
    for (const auto& c : table.columns) {
      if (c.comment)
        out.push_back("COMMENT ON COLUMN " + table_name(table) + "." + quote(c.name) + " IS " +
                      string_literal(*c.comment));
    }
    return out;
  }

  bool known_index_option(std::string_view key) const override {
    return key == "postgresql_using" || key.starts_with("postgresql_ops.");
  }

  std::string index_method(const Table& table, const Index& index) const override {
    const std::string* using_ = ddl::index_option(index, "postgresql_using");
    return using_ ? " USING " + ddl::word_option(table, index, "postgresql_using", *using_) : "";
  }

  std::string index_element_option(const Table& table, const Index& index,
                                   const std::string& element) const override {
    const std::string key = "postgresql_ops." + element;
    const std::string* ops = ddl::index_option(index, key);
    return ops ? " " + ddl::word_option(table, index, key, *ops) : "";
  }

  std::string keyword_type_arg(const Type& type, const std::string& key,
                               const std::string& value) const override {
    const std::string n = ddl::upper(type.name);
    if (key == "timezone" && (n == "TIMESTAMP" || n == "TIME"))
      return ddl::bool_type_arg(type, key, value) ? " WITH TIME ZONE" : "";
    return BaseDDLCompiler::keyword_type_arg(type, key, value);
  }

 private:
  // ARRAY(item[, dimensions=n]) is item[]...; the rest is NAME(args).
  std::string pg_dialect_type(const Type& t) const {
    if (t.dialect != dialect_name() || ddl::upper(t.name) != "ARRAY")
      return dialect_type_sql(t);
    if (!t.item) throw SchemaError(t.str() + ": ARRAY needs an element type");
    int dims = 1;
    for (std::size_t i = 1; i < t.args.size(); ++i) {
      const auto& a = t.args[i];
      if (a.rfind("dimensions=", 0) == 0 && a.size() == 12 && a[11] >= '1' && a[11] <= '9')
        dims = a[11] - '0';
      else
        throw SchemaError(t.str() + ": unknown ARRAY argument '" + a + "'");
    }
    std::string out = type_sql(*t.item);
    for (int i = 0; i < dims; ++i) out += "[]";
    return out;
  }
};

}  // namespace

std::unique_ptr<DDLCompiler> make_postgresql_ddl() { return std::make_unique<PostgresDDL>(); }

}  // namespace retort
