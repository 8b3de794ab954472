// MySQL/MariaDB reflection: one information_schema query per object kind,
// each filtered by TABLE_SCHEMA once, for the whole database (TABLES,
// COLUMNS, STATISTICS, KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS,
// CHECK_CONSTRAINTS). Rows are joined here rather than in SQL: MariaDB
// materialises each information_schema table, and a join of two of them
// without indexes costs far more than the rows themselves.
#include "dialects/mysql/reflection.hpp"

#include <algorithm>
#include <map>

#include "dialects/mysql/dialect.hpp"
#include "dialects/reflection_support.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"

namespace retort {

namespace {

using reflection::flag;
using reflection::num;
using reflection::opt_str;
using reflection::str;

std::optional<std::string> fk_action(const std::string& rule, bool mariadb) {
  // RESTRICT and NO ACTION do the same in MySQL, but the catalog tells them
  // apart: what a key declared without the clause shows (MariaDB: RESTRICT,
  // MySQL 8: NO ACTION) is left out, the other is kept, so that re-creating
  // the key gives the same catalog.
  if (rule.empty() || rule == (mariadb ? "RESTRICT" : "NO ACTION")) return std::nullopt;
  return rule;
}

std::string backtick(std::string_view name) {
  std::string out = "`";
  for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

class MysqlReflector final : public Reflector {
 public:
  std::vector<std::string> table_names(Connection& conn,
                                       const std::optional<std::string>& schema) const override {
    reflection::QueryScope scope(conn);
    std::vector<std::string> names;
    for (const Row& r : conn.execute(
             "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = :schema"
             " AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')",
             {{"schema", resolve(conn, schema)}}))
      names.push_back(str(r, 0));
    std::sort(names.begin(), names.end());
    return names;
  }

  MetaData reflect(Connection& conn, const ReflectOptions& options) const override {
    reflection::QueryScope scope(conn);
    const std::string schema = resolve(conn, options.schema);
    const bool mariadb = conn.dbapi().server_version().find("MariaDB") != std::string::npos;
    const Params params{{"schema", schema}};
    reflection::TableSet set(options.schema);
    for (const Row& r : conn.execute(
             "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES"
             " WHERE TABLE_SCHEMA = :schema AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')",
             params))
      set.add(str(r, 0)).comment = reflection::non_empty(opt_str(r, 1));
    read_columns(conn, params, set, mariadb);
    read_checks(conn, params, set, mariadb);
    read_foreign_keys(conn, params, set, options.schema ? std::optional<std::string>() : schema,
                      mariadb);
    read_indexes(conn, params, set);
    return set.finish(options);
  }

  std::string default_schema_name(Connection& conn) const override {
    reflection::QueryScope scope(conn);
    return resolve(conn, std::nullopt);
  }

  std::vector<std::pair<std::string, std::vector<std::string>>> enums(
      Connection&, const std::optional<std::string>&) const override {
    return {};  // MySQL's ENUM is a column type, not a named type
  }

 private:
  static std::string resolve(Connection& conn, const std::optional<std::string>& schema) {
    if (schema) return *schema;
    auto db = conn.execute("SELECT DATABASE()").scalar_as<std::string>();
    if (!db)
      throw InvalidRequestError(
          "reflection needs a database: the connection has none selected and no schema was given");
    return *db;
  }

  static void read_columns(Connection& conn, const Params& params, reflection::TableSet& set,
                           bool mariadb) {
    for (const Row& r : conn.execute(
             "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,"
             " COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = :schema"
             " ORDER BY TABLE_NAME, ORDINAL_POSITION",
             params)) {
      Table* t = set.find(str(r, 0));
      if (!t) continue;
      Column c(str(r, 1), mysql::type_from_column_type(str(r, 2)));
      c.nullable = str(r, 3) == "YES";
      const std::string extra = str(r, 5);
      c.server_default = mysql::normalize_default(opt_str(r, 4), extra, c.type, mariadb);
      if (reflection::lower(extra).find("auto_increment") != std::string::npos)
        c.autoincrement = true;
      c.comment = reflection::non_empty(opt_str(r, 6));
      t->add_column(std::move(c));
    }
  }

  static void read_checks(Connection& conn, const Params& params, reflection::TableSet& set,
                          bool mariadb) {
    // MariaDB names CHECK constraints per table and lists the table; MySQL 8
    // names them per schema and needs TABLE_CONSTRAINTS to say whose they are.
    const char* sql =
        mariadb ? "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE"
                  " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = :schema"
                : "SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE"
                  " FROM information_schema.TABLE_CONSTRAINTS tc"
                  " JOIN information_schema.CHECK_CONSTRAINTS cc"
                  " ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
                  " AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                  " WHERE tc.TABLE_SCHEMA = :schema AND tc.CONSTRAINT_TYPE = 'CHECK'";
    for (const Row& r : conn.execute(sql, params)) {
      Table* t = set.find(str(r, 0));
      if (!t) continue;
      const std::string name = str(r, 1), clause = str(r, 2);
      // MariaDB's JSON is LONGTEXT with this column-level check, named after
      // the column: together they are the JSON type.
      if (Column* c = t->column(name); c && clause == "json_valid(" + backtick(name) + ")" &&
                                       c->type.kind == TypeKind::Dialect &&
                                       c->type.name == "LONGTEXT") {
        c->type = types::JSON();
        continue;
      }
      t->check_constraints.push_back({name, reflection::strip_outer_parens(clause)});
    }
  }

  static void read_foreign_keys(Connection& conn, const Params& params, reflection::TableSet& set,
                                const std::optional<std::string>& default_schema, bool mariadb) {
    std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> rules;
    for (const Row& r : conn.execute(
             "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE"
             " FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = :schema",
             params))
      rules[{str(r, 0), str(r, 1)}] = {str(r, 2), str(r, 3)};
    Table* table = nullptr;
    std::string current;
    for (const Row& r :
         conn.execute("SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA,"
                      " REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME"
                      " FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = :schema"
                      " AND REFERENCED_TABLE_NAME IS NOT NULL"
                      " ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
                      params)) {
      Table* t = set.find(str(r, 0));
      if (!t) continue;
      const std::string name = str(r, 1);
      if (t != table || name != current) {
        table = t;
        current = name;
        ForeignKeyConstraint fk;
        fk.name = name;
        fk.referred_schema = str(r, 3);
        if (fk.referred_schema == default_schema) fk.referred_schema.reset();
        fk.referred_table = str(r, 4);
        if (auto it = rules.find({t->name, name}); it != rules.end()) {
          fk.onupdate = fk_action(it->second.first, mariadb);
          fk.ondelete = fk_action(it->second.second, mariadb);
        }
        t->foreign_keys.push_back(std::move(fk));
      }
      t->foreign_keys.back().columns.push_back(str(r, 2));
      t->foreign_keys.back().referred_columns.push_back(str(r, 5));
    }
  }

  // Whether InnoDB can check a foreign key on `columns` with this index:
  // they lead it, whole.
  static bool serves(const Index& ix, const std::vector<std::string>& columns) {
    if (ix.columns.size() < columns.size() || ix.dialect_options.count("mysql_prefix")) return false;
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (ix.columns[i] != columns[i] || ix.dialect_options.count("mysql_length." + columns[i]))
        return false;
    return true;
  }

  // An index InnoDB made for a foreign key, which creating the foreign key
  // makes again with the same name and columns. InnoDB makes one only when
  // no other index serves the key (and drops it when one comes), so with
  // another such index it was declared, and is kept.
  static bool backs_foreign_key(const Table& t, const Index& ix,
                                const std::vector<const Index*>& all) {
    if (ix.unique || !ix.orders.empty() || !ix.dialect_options.empty()) return false;
    for (const auto& fk : t.foreign_keys) {
      if (fk.columns != ix.columns) continue;
      if (fk.name != ix.name && !(fk.name && mysql::generated_fk_name(t.name, *fk.name) &&
                                  ix.name == fk.columns.front()))
        continue;
      const bool other = std::any_of(all.begin(), all.end(), [&](const Index* o) {
        return o != &ix && serves(*o, fk.columns);
      });
      if (!other) return true;
    }
    return false;
  }

  static void read_indexes(Connection& conn, const Params& params, reflection::TableSet& set) {
    struct Found {
      Table* table;
      Index index;
      bool desc = false;
    };
    std::vector<Found> found;
    for (const Row& r :
         conn.execute("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION, SUB_PART,"
                      " INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = :schema"
                      " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
                      params)) {
      Table* t = set.find(str(r, 0));
      if (!t) continue;
      const std::string name = str(r, 1);
      if (found.empty() || found.back().table != t || found.back().index.name != name) {
        Found f{t, {}, false};
        f.index.name = name;
        f.index.unique = num(r, 2) == 0;
        const std::string type = str(r, 6);
        if (type == "FULLTEXT" || type == "SPATIAL") f.index.dialect_options["mysql_prefix"] = type;
        found.push_back(std::move(f));
      }
      Found& f = found.back();
      // COLUMN_NAME is NULL for a MySQL 8 functional key part, which
      // information_schema does not spell; it is kept as an empty element.
      const std::string column = str(r, 3);
      f.index.columns.push_back(column);
      const bool desc = str(r, 4) == "D";
      f.index.orders.push_back(desc ? "DESC" : "");
      f.desc = f.desc || desc;
      if (auto part = opt_str(r, 5)) f.index.dialect_options["mysql_length." + column] = *part;
    }
    std::map<const Table*, std::vector<const Index*>> per_table;
    for (auto& f : found) {
      if (!f.desc) f.index.orders.clear();
      per_table[f.table].push_back(&f.index);
    }
    // Decided before any index is moved out of `found`.
    std::vector<bool> backs(found.size());
    for (std::size_t i = 0; i < found.size(); ++i)
      backs[i] = backs_foreign_key(*found[i].table, found[i].index, per_table[found[i].table]);
    for (std::size_t i = 0; i < found.size(); ++i) {
      Found& f = found[i];
      Table& t = *f.table;
      if (f.index.name == "PRIMARY") {
        // MySQL's primary key is always named PRIMARY: not a name to keep.
        t.primary_key = PrimaryKeyConstraint{std::nullopt, f.index.columns};
      } else if (f.index.unique && f.index.orders.empty() && f.index.dialect_options.empty()) {
        // A UNIQUE constraint and a unique index are one thing in MySQL;
        // it is reflected as the constraint, as SQLAlchemy does.
        t.unique_constraints.push_back({f.index.name, f.index.columns});
      } else if (!backs[i]) {
        t.indexes.push_back(std::move(f.index));
      }
    }
  }
};

}  // namespace

bool mysql::generated_fk_name(std::string_view table, std::string_view name) {
  const std::string prefix = std::string(table) + "_ibfk_";
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

std::unique_ptr<Reflector> make_mysql_reflector() { return std::make_unique<MysqlReflector>(); }

}  // namespace retort
