// MySQL/MariaDB DDL: types (VARCHAR needs a length, ENUM inline), AUTO_INCREMENT,
// inline COMMENT clauses, and the restrictions InnoDB places on keys.
#include <algorithm>

#include "dialects/ddl_common.hpp"
#include "dialects/mysql/dialect.hpp"
#include "dialects/mysql/reflection.hpp"
#include "retort/engine/error.hpp"

namespace retort {

namespace {

// The keywords of MariaDB 10.11 (information_schema.KEYWORDS) that fail as an
// unquoted table, column or index name in some position, found by trying
// each one against the server, plus the words MySQL 8.0 reserves on top.
const std::set<std::string, std::less<>> kReserved = {
    "accessible", "add", "all", "alter", "analyze", "and", "as", "asc", "asensitive", "before",
    "between", "bigint", "binary", "blob", "both", "by", "call", "cascade", "case", "change",
    "char", "character", "check", "collate", "column", "condition", "constraint", "continue",
    "convert", "create", "cross", "cube", "cume_dist", "current_date", "current_role",
    "current_time", "current_timestamp", "current_user", "cursor", "databases", "day_hour",
    "day_microsecond", "day_minute", "day_second", "dec", "decimal", "declare", "default",
    "delayed", "delete", "delete_domain_id", "dense_rank", "desc", "describe", "deterministic",
    "distinct", "distinctrow", "div", "do_domain_ids", "double", "drop", "dual", "each", "else",
    "elseif", "empty", "enclosed", "escaped", "except", "exists", "exit", "explain", "false",
    "fetch", "first_value", "float", "float4", "float8", "for", "force", "foreign", "from",
    "fulltext", "function", "generated", "get", "grant", "group", "grouping", "groups", "having",
    "high_priority", "hour_microsecond", "hour_minute", "hour_second", "if", "ignore",
    "ignore_domain_ids", "in", "index", "infile", "inner", "inout", "insensitive", "insert",
    "int", "int1", "int2", "int3", "int4", "int8", "integer", "intersect", "interval", "into",
    "io_after_gtids", "io_before_gtids", "is", "iterate", "join", "json_table", "key", "keys",
    "kill", "lag", "last_value", "lateral", "lead", "leading", "leave", "left", "like", "limit",
    "linear", "lines", "load", "localtime", "localtimestamp", "lock", "long", "longblob",
    "longtext", "loop", "low_priority", "master_demote_to_replica", "master_demote_to_slave",
    "master_ssl_verify_server_cert", "match", "maxvalue", "mediumblob", "mediumint", "mediumtext",
    "member", "middleint", "minute_microsecond", "minute_second", "mod", "modifies", "natural",
    "no_write_to_binlog", "not", "nth_value", "ntile", "null", "numeric", "of", "offset", "on",
    "optimize", "optimizer_costs", "optionally", "or", "order", "out", "outer", "outfile", "over",
    "page_checksum", "parse_vcol_expr", "partition", "percent_rank", "portion", "precision",
    "primary", "procedure", "purge", "range", "rank", "read", "read_write", "reads", "real",
    "recursive", "ref_system_id", "references", "regexp", "release", "rename", "repeat",
    "replace", "require", "resignal", "restrict", "return", "returning", "revoke", "right",
    "rlike", "row", "row_number", "rows", "schemas", "second_microsecond", "select", "sensitive",
    "separator", "set", "show", "signal", "smallint", "spatial", "specific", "sql",
    "sql_big_result", "sql_buffer_result", "sql_cache", "sql_calc_found_rows", "sql_no_cache",
    "sql_small_result", "sqlexception", "sqlstate", "sqlwarning", "ssl", "starting",
    "stats_auto_recalc", "stats_persistent", "stats_sample_pages", "stored", "straight_join",
    "system", "table", "terminated", "then", "tinyblob", "tinyint", "tinytext", "to", "trailing",
    "trigger", "true", "undo", "union", "unique", "unlock", "unsigned", "update", "usage", "use",
    "using", "utc_date", "utc_time", "utc_timestamp", "value", "values", "varbinary", "varchar",
    "varcharacter", "varying", "virtual", "when", "where", "while", "window", "with", "write",
    "xor", "year_month", "zerofill",
};

using ddl::BaseDDLCompiler;

// TEXT and BLOB columns can be keyed only by a prefix length, which a key
// constraint cannot express and an index gives with mysql_length.<column>.
bool needs_prefix_length(const Type& type) {
  const Type& t = type.storage();
  switch (t.kind) {
    case TypeKind::Text:
    case TypeKind::LargeBinary:
    case TypeKind::JSON:
      return true;
    case TypeKind::Dialect: {
      const std::string n = ddl::upper(t.name);
      return n.ends_with("TEXT") || n.ends_with("BLOB") || n == "JSON";
    }
    default:
      return false;
  }
}

class MySQLDDL final : public BaseDDLCompiler {
 public:
  MySQLDDL() : BaseDDLCompiler({'`', &kReserved, 64, false}) {}
  std::string_view dialect_name() const override { return "mysql"; }

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
      case TypeKind::Boolean: return "BOOL";
      case TypeKind::String:
        if (!t.length) throw SchemaError("VARCHAR requires a length on mysql (String(n))");
        return with("VARCHAR", t.length, std::nullopt);
      case TypeKind::Text: return "TEXT";
      // MySQL's FLOAT is single precision: a plain Float holds a C++ double.
      case TypeKind::Float: return t.precision ? with("FLOAT", t.precision, std::nullopt) : "DOUBLE";
      case TypeKind::Numeric: return with("DECIMAL", t.precision, t.scale);
      case TypeKind::Date: return "DATE";
      case TypeKind::DateTime: return "DATETIME";
      case TypeKind::Time: return "TIME";
      case TypeKind::LargeBinary:
        // The smallest BLOB type that holds the declared length.
        if (!t.length || *t.length <= 65535) return "BLOB";
        return *t.length <= 16777215 ? "MEDIUMBLOB" : "LONGBLOB";
      case TypeKind::JSON: return "JSON";
      case TypeKind::Uuid: return "CHAR(36)";
      case TypeKind::Enum: {
        std::string out = "ENUM(";
        for (std::size_t i = 0; i < t.enum_values.size(); ++i)
          out += (i ? ", " : "") + string_literal(t.enum_values[i]);
        return out + ")";
      }
      case TypeKind::Dialect: return dialect_type_sql(t);
      case TypeKind::Decorated: break;
    }
    throw SchemaError("type " + type.str() + " has no storage type");
  }

  // Backslash is an escape character in MySQL string literals by default.
  std::string string_literal(std::string_view text) const override {
    std::string out = "'";
    for (char c : text) {
      if (c == '\'' || c == '\\') out += c;
      out += c;
    }
    return out + "'";
  }

  // MySQL restates the whole column: MODIFY, or CHANGE when it is renamed.
  std::vector<std::string> alter_column(const Table& table, const Column& from,
                                        const Column& to) const override {
    if (from.name == to.name)
      return {"ALTER TABLE " + table_name(table) + " MODIFY COLUMN " + column_definition(table, to)};
    return {"ALTER TABLE " + table_name(table) + " CHANGE COLUMN " + quote(from.name) + " " +
            column_definition(table, to)};
  }

  std::string drop_constraint(const Table& table, std::string_view name,
                              ConstraintKind kind) const override {
    const std::string head = "ALTER TABLE " + table_name(table);
    switch (kind) {
      case ConstraintKind::ForeignKey: return head + " DROP FOREIGN KEY " + quote(name);
      case ConstraintKind::Unique: return head + " DROP INDEX " + quote(name);
      case ConstraintKind::PrimaryKey: return head + " DROP PRIMARY KEY";
      case ConstraintKind::Check: break;
    }
    return head + " DROP CONSTRAINT " + quote(name);
  }

  std::vector<std::string> set_table_comment(
      const Table& table, const std::optional<std::string>& comment) const override {
    return {"ALTER TABLE " + table_name(table) + " COMMENT = " + string_literal(comment.value_or(""))};
  }

  std::string drop_index(const Table& table, const Index& index) const override {
    if (index.name.empty())
      throw SchemaError("table " + table.fullname() + ": an index without a name cannot be dropped");
    return "DROP INDEX " + quote(index.name) + " ON " + table_name(table);
  }

 protected:
  std::string column_suffix(const Table& table, const Column& column,
                            bool autoincrement) const override {
    std::string out = BaseDDLCompiler::column_suffix(table, column, autoincrement);
    if (autoincrement) out += " AUTO_INCREMENT";
    if (column.comment) out += " COMMENT " + string_literal(*column.comment);
    return out;
  }

  // MariaDB takes an expression default bare or parenthesised; MySQL 8 only
  // parenthesised.
  // "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP" (as reflection reports
  // it) keeps its ON UPDATE part outside the default.
  std::string default_sql(const std::string& server_default) const override {
    std::string value = server_default, on_update;
    const std::string up = ddl::upper(server_default);
    if (auto at = up.find(" ON UPDATE "); at != std::string::npos) {
      value = server_default.substr(0, at);
      on_update = server_default.substr(at);
    }
    if (ddl::is_plain_default(value)) return " DEFAULT " + value + on_update;
    return " DEFAULT (" + value + ")" + on_update;
  }

  // A key named <table>_ibfk_<n> is one InnoDB named, declared without a
  // name; InnoDB called the index it made for it after the key's first
  // column, and reflection leaves that index out. Given the name, InnoDB
  // would call a new index after the key instead, so the index is declared
  // here under the first column's name, unless an index already serves the
  // key (its columns lead another key) or the name is taken.
  std::vector<std::string> extra_constraints(const Table& table) const override {
    std::vector<std::vector<std::string>> keys;
    std::set<std::string, std::less<>> names;
    if (auto pk = table.primary_key_columns(); !pk.empty()) keys.push_back(pk);
    for (const auto& uq : table.unique_constraints) {
      keys.push_back(uq.columns);
      if (uq.name) names.insert(*uq.name);
    }
    for (const auto& ix : table.indexes) {
      names.insert(ix.name);
      if (ddl::index_option(ix, "mysql_prefix")) continue;  // FULLTEXT, SPATIAL
      // A column keyed by a prefix, and what follows it, serve no key.
      std::vector<std::string> lead;
      for (const auto& c : ix.columns) {
        if (ddl::index_option(ix, "mysql_length." + c)) break;
        lead.push_back(c);
      }
      keys.push_back(std::move(lead));
    }
    std::vector<std::string> out;
    for (const auto& fk : table.foreign_keys) {
      if (!fk.name || fk.columns.empty() || !mysql::generated_fk_name(table.name, *fk.name))
        continue;
      const bool served = std::any_of(keys.begin(), keys.end(), [&](const auto& k) {
        return k.size() >= fk.columns.size() &&
               std::equal(fk.columns.begin(), fk.columns.end(), k.begin());
      });
      if (served || names.count(fk.columns.front())) continue;
      out.push_back("INDEX " + quote(fk.columns.front()) + " (" + column_list(fk.columns) + ")");
      keys.push_back(fk.columns);
      names.insert(fk.columns.front());
    }
    return out;
  }

  std::string table_options(const Table& table) const override {
    return table.comment ? " COMMENT=" + string_literal(*table.comment) : std::string();
  }

  // MySQL parses no DEFERRABLE clause; its foreign keys are always immediate.
  std::string deferrable_clause(const ForeignKeyConstraint&) const override { return {}; }

  bool known_index_option(std::string_view key) const override {
    return key == "mysql_prefix" || key.starts_with("mysql_length.");
  }

  std::string index_prefix(const Table& table, const Index& index) const override {
    const std::string* prefix = ddl::index_option(index, "mysql_prefix");
    if (!prefix) return {};
    const std::string p = ddl::upper(*prefix);
    if (p != "FULLTEXT" && p != "SPATIAL")
      throw SchemaError("table " + table.fullname() + ": index " + index.name + " mysql_prefix '" +
                        *prefix + "' is not FULLTEXT or SPATIAL");
    return p + " ";
  }

  std::string index_element_option(const Table& table, const Index& index,
                                    const std::string& element) const override {
    const std::string key = "mysql_length." + element;
    const std::string* length = ddl::index_option(index, key);
    if (!length) return {};
    bool digits = !length->empty() && length->size() < 8;
    for (char c : *length) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits || *length == "0" || length->front() == '0')
      throw SchemaError("table " + table.fullname() + ": index " + index.name + " " + key + " '" +
                        *length + "' is not a positive length");
    return "(" + *length + ")";
  }

  void check_index(const Table& table, const Index& index) const override {
    BaseDDLCompiler::check_index(table, index);
    if (index.where)
      throw SchemaError("table " + table.fullname() + ": index " + index.name +
                        " has a WHERE clause; mysql has no partial indexes");
    // A FULLTEXT index takes TEXT columns whole; otherwise each needs a length.
    if (ddl::index_option(index, "mysql_prefix")) return;
    std::vector<std::string> columns;
    for (const auto& c : index.columns)
      if (table.column(c) && !ddl::index_option(index, "mysql_length." + c)) columns.push_back(c);
    check_key_columns(table, columns, "index " + index.name);
  }

  void check_key_columns(const Table& table, const std::vector<std::string>& columns,
                         std::string_view what) const override {
    for (const auto& name : columns) {
      const Column* c = table.column(name);
      if (c && needs_prefix_length(c->type))
        throw SchemaError(ddl::where(table, *c) + ": " + std::string(what) + " on a " +
                          c->type.str() +
                          " column needs a prefix length on mysql: use String(n), or for an index "
                          "the option mysql_length." + name);
    }
  }

  std::string keyword_type_arg(const Type& type, const std::string& key,
                               const std::string& value) const override {
    if (key == "unsigned") return ddl::bool_type_arg(type, key, value) ? " UNSIGNED" : "";
    if (key == "zerofill") return ddl::bool_type_arg(type, key, value) ? " ZEROFILL" : "";
    if (key == "charset" || key == "collation") {
      bool word = !value.empty();
      for (char c : value) word = word && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
      if (!word) throw SchemaError(type.str() + ": invalid " + key + " '" + value + "'");
      return (key == "charset" ? " CHARACTER SET " : " COLLATE ") + value;
    }
    return BaseDDLCompiler::keyword_type_arg(type, key, value);
  }

  std::string drop_foreign_key_sql(const Table& table, const std::string& name) const override {
    return "ALTER TABLE " + table_name(table) + " DROP FOREIGN KEY " + quote(name);
  }
};

}  // namespace

std::unique_ptr<DDLCompiler> make_mysql_ddl() { return std::make_unique<MySQLDDL>(); }

}  // namespace retort
