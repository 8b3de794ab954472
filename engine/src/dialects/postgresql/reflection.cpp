// PostgreSQL reflection: one pg_catalog query per object kind for all the
// relations of a schema at once (tables, columns, keys, checks, indexes, and
// enum labels when a column needs them). Ordinary and partitioned tables are
// reflected; partitions and inheritance children are tables of their own.
#include "dialects/postgresql/reflection.hpp"

#include <algorithm>

#include "dialects/postgresql/dialect.hpp"
#include "dialects/reflection_support.hpp"
#include "retort/engine/engine.hpp"

namespace retort {

namespace {

using postgresql::CatalogType;
using postgresql::EnumLabels;
using reflection::flag;
using reflection::num;
using reflection::opt_str;
using reflection::str;

// Every query is filtered to the tables of one schema by this clause,
// with c the table's pg_class row and n its pg_namespace row.
constexpr const char* kTablesOfSchema =
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = :schema AND c.relkind IN ('r', 'p')";

std::optional<std::string> fk_action(const std::string& code) {
  // 'a' (NO ACTION) is the default and is left out.
  if (code == "r") return "RESTRICT";
  if (code == "c") return "CASCADE";
  if (code == "n") return "SET NULL";
  if (code == "d") return "SET DEFAULT";
  return std::nullopt;
}

class PostgresqlReflector final : public Reflector {
 public:
  std::vector<std::string> table_names(Connection& conn,
                                       const std::optional<std::string>& schema) const override {
    reflection::QueryScope scope(conn);
    std::vector<std::string> names;
    for (const Row& r :
         conn.execute(std::string("SELECT c.relname FROM pg_catalog.pg_class c") + kTablesOfSchema,
                      {{"schema", resolve(conn, schema)}}))
      names.push_back(str(r, 0));
    std::sort(names.begin(), names.end());
    return names;
  }

  MetaData reflect(Connection& conn, const ReflectOptions& options) const override {
    reflection::QueryScope scope(conn);
    const std::string schema = resolve(conn, options.schema);
    const Params params{{"schema", schema}};
    reflection::TableSet set(options.schema);
    for (const Row& r : conn.execute(
             std::string("SELECT c.relname, d.description FROM pg_catalog.pg_class c"
                         " LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid"
                         " AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0") +
                 kTablesOfSchema,
             params))
      set.add(str(r, 0)).comment = opt_str(r, 1);
    read_columns(conn, params, set);
    read_keys(conn, params, set, options.schema ? std::optional<std::string>() : schema);
    read_checks(conn, params, set);
    read_indexes(conn, params, set);
    return set.finish(options);
  }

  std::string default_schema_name(Connection& conn) const override {
    reflection::QueryScope scope(conn);
    return resolve(conn, std::nullopt);
  }

  std::vector<std::pair<std::string, std::vector<std::string>>> enums(
      Connection& conn, const std::optional<std::string>& schema) const override {
    reflection::QueryScope scope(conn);
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const Row& r :
         conn.execute("SELECT t.typname, e.enumlabel FROM pg_catalog.pg_type t"
                      " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                      " JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid"
                      " WHERE n.nspname = :schema ORDER BY t.typname, e.enumsortorder",
                      {{"schema", resolve(conn, schema)}})) {
      std::string name = str(r, 0);
      if (out.empty() || out.back().first != name)
        out.emplace_back(std::move(name), std::vector<std::string>{});
      out.back().second.push_back(str(r, 1));
    }
    return out;
  }

  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> enum_users(
      Connection& conn, const std::optional<std::string>& schema) const override {
    reflection::QueryScope scope(conn);
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> out;
    // Columns of tables, views, materialized views, foreign tables and
    // composite types (not indexes: their table is the user).
    for (const Row& r : conn.execute(
             "SELECT DISTINCT t.typname, rn.nspname, c.relname FROM pg_catalog.pg_attribute a"
             " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
             " JOIN pg_catalog.pg_namespace rn ON rn.oid = c.relnamespace"
             " JOIN pg_catalog.pg_type at ON at.oid = a.atttypid"
             " JOIN pg_catalog.pg_type t ON t.oid = CASE WHEN at.typcategory = 'A'"
             " THEN at.typelem ELSE at.oid END"
             " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
             " WHERE t.typtype = 'e' AND n.nspname = :schema AND a.attnum > 0"
             " AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')"
             " ORDER BY 1, 2, 3",
             {{"schema", resolve(conn, schema)}}))
      out.push_back({str(r, 0), {str(r, 1), str(r, 2)}});
    return out;
  }

 private:
  static std::string resolve(Connection& conn, const std::optional<std::string>& schema) {
    if (schema) return *schema;
    return conn.execute("SELECT current_schema()").scalar_as<std::string>().value_or("public");
  }

  static void read_columns(Connection& conn, const Params& params, reflection::TableSet& set) {
    // A domain is reflected as its base type (bt); an array's element is et.
    const std::string sql =
        "SELECT c.relname, a.attname, a.attnotnull, a.attidentity::text, a.attgenerated::text,"
        " pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), ds.description, a.attndims,"
        " bt.typname, bt.typtype::text, pg_catalog.format_type(bt.oid, tm.typmod), bt.oid::bigint,"
        " et.typname, et.typtype::text, pg_catalog.format_type(et.oid, tm.typmod), et.oid::bigint"
        " FROM pg_catalog.pg_attribute a"
        " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
        " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
        " CROSS JOIN LATERAL (SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END"
        "   AS oid, CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod) tm"
        " JOIN pg_catalog.pg_type bt ON bt.oid = tm.oid"
        " LEFT JOIN pg_catalog.pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'"
        " LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
        " LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid"
        "   AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum" +
        std::string(kTablesOfSchema) +
        " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum";
    struct Pending {
      Table* table;
      std::size_t column;
      CatalogType type;
      std::optional<CatalogType> element;
      int dims;
    };
    std::vector<Pending> pending;
    bool needs_enums = false;
    for (const Row& r : conn.execute(sql, params)) {
      Table* t = set.find(str(r, 0));
      if (!t) continue;
      Column c(str(r, 1), types::Text());
      c.nullable = !flag(r, 2);
      const std::string identity = str(r, 3), generated = str(r, 4);
      auto dflt = opt_str(r, 5);
      c.comment = opt_str(r, 6);
      if (!identity.empty()) {
        c.autoincrement = true;
      } else if (dflt && generated.empty()) {
        c.server_default = postgresql::normalize_default(*dflt);
      }
      Pending p{t,
                t->columns.size(),
                {str(r, 8), str(r, 9)[0], str(r, 10), num(r, 11)},
                std::nullopt,
                static_cast<int>(num(r, 7))};
      if (opt_str(r, 12))
        p.element = CatalogType{str(r, 12), str(r, 13)[0], str(r, 14), num(r, 15)};
      needs_enums =
          needs_enums || p.type.typtype == 'e' || (p.element && p.element->typtype == 'e');
      pending.push_back(std::move(p));
      t->add_column(std::move(c));
    }
    // Labels only when some column has an enum type, which may live in any schema.
    EnumLabels labels;
    if (needs_enums) {
      for (const Row& r : conn.execute("SELECT e.enumtypid::bigint, e.enumlabel"
                                       " FROM pg_catalog.pg_enum e"
                                       " ORDER BY e.enumtypid, e.enumsortorder"))
        labels[num(r, 0)].push_back(str(r, 1));
    }
    for (const auto& p : pending) {
      Column& c = p.table->columns[p.column];
      c.type = postgresql::type_from_catalog(p.type, p.element, p.dims, labels);
      nextval_to_autoincrement(c);
    }
  }

  // A nextval() default on an integer column generates its values: an
  // autoincrement, as SQLAlchemy says, whether the column owns the sequence
  // (serial) or only draws from it (pg_dump's CREATE SEQUENCE + DEFAULT
  // nextval(...)). The sequence itself is not reflected, so a default naming
  // it could not be re-created, and is dropped.
  static void nextval_to_autoincrement(Column& c) {
    if (!c.server_default || c.server_default->rfind("nextval(", 0) != 0) return;
    const TypeKind k = c.type.kind;
    if (k != TypeKind::Integer && k != TypeKind::BigInteger && k != TypeKind::SmallInteger) return;
    c.server_default.reset();
    c.autoincrement = true;
  }

  // Primary keys, unique constraints and foreign keys: one row per key
  // column, in key order. `default_schema` is set when the caller did not
  // name a schema: references into it then carry no schema.
  static void read_keys(Connection& conn, const Params& params, reflection::TableSet& set,
                        const std::optional<std::string>& default_schema) {
    const std::string sql =
        "SELECT c.relname, con.conname, con.contype::text, a.attname, fa.attname, fn.nspname,"
        " fc.relname, con.confupdtype::text, con.confdeltype::text, con.condeferrable,"
        " con.condeferred, con.oid::bigint"
        " FROM pg_catalog.pg_constraint con"
        " JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
        " CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, "
        "ord)"
        " JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
        " LEFT JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid"
        "   AND fa.attnum = k.fattnum"
        " LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid"
        " LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace" +
        std::string(kTablesOfSchema) +
        " AND con.contype IN ('p', 'u', 'f') ORDER BY con.oid, k.ord";
    std::int64_t current = -1;
    Table* table = nullptr;
    char kind = 0;
    for (const Row& r : conn.execute(sql, params)) {
      const std::int64_t oid = num(r, 11);
      if (oid != current) {
        current = oid;
        table = set.find(str(r, 0));
        if (!table) continue;
        kind = str(r, 2)[0];
        const std::string name = str(r, 1);
        if (kind == 'p') {
          // "<table>_pkey" is the name PostgreSQL gives an unnamed key: not
          // one the schema declared, so it is not reported (no false drift).
          std::optional<std::string> pk_name;
          if (name != table->name + "_pkey") pk_name = name;
          table->primary_key = PrimaryKeyConstraint{pk_name, {}};
        } else if (kind == 'u') {
          table->unique_constraints.push_back({name, {}});
        } else {
          ForeignKeyConstraint fk;
          fk.name = name;
          fk.referred_schema = str(r, 5);
          if (fk.referred_schema == default_schema) fk.referred_schema.reset();
          fk.referred_table = str(r, 6);
          fk.onupdate = fk_action(str(r, 7));
          fk.ondelete = fk_action(str(r, 8));
          if (flag(r, 9)) {
            fk.deferrable = true;
            if (flag(r, 10)) fk.initially = "DEFERRED";
          }
          table->foreign_keys.push_back(std::move(fk));
        }
      }
      if (!table) continue;
      if (kind == 'p') {
        table->primary_key->columns.push_back(str(r, 3));
      } else if (kind == 'u') {
        table->unique_constraints.back().columns.push_back(str(r, 3));
      } else {
        table->foreign_keys.back().columns.push_back(str(r, 3));
        table->foreign_keys.back().referred_columns.push_back(str(r, 4));
      }
    }
  }

  static void read_checks(Connection& conn, const Params& params, reflection::TableSet& set) {
    const std::string sql =
        "SELECT c.relname, con.conname, pg_catalog.pg_get_constraintdef(con.oid, true)"
        " FROM pg_catalog.pg_constraint con"
        " JOIN pg_catalog.pg_class c ON c.oid = con.conrelid" +
        std::string(kTablesOfSchema) + " AND con.contype = 'c'";
    for (const Row& r : conn.execute(sql, params)) {
      Table* t = set.find(str(r, 0));
      if (!t) continue;
      // "CHECK ((a > 0)) NOT VALID" -> "a > 0"
      std::string def = str(r, 2);
      if (def.rfind("CHECK ", 0) == 0) def = def.substr(6);
      for (const char* tail : {" NOT VALID", " NO INHERIT"}) {
        const std::string s(tail);
        if (def.size() > s.size() && def.compare(def.size() - s.size(), s.size(), s) == 0)
          def.resize(def.size() - s.size());
      }
      t->check_constraints.push_back({str(r, 1), reflection::strip_outer_parens(def)});
    }
  }

  static void read_indexes(Connection& conn, const Params& params, reflection::TableSet& set) {
    // Indexes behind a primary key, UNIQUE or EXCLUDE constraint are the
    // constraint's; INCLUDE columns (past indnkeyatts) are not key columns.
    // indoption bit 0 is DESC.
    const std::string sql =
        "SELECT c.relname, ic.relname, i.indisunique, a.attname,"
        " CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) "
        "END,"
        " k.opt::int, am.amname, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true),"
        " CASE WHEN NOT opc.opcdefault THEN opc.opcname END, i.indexrelid::bigint"
        " FROM pg_catalog.pg_index i"
        " JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
        " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
        " JOIN pg_catalog.pg_am am ON am.oid = ic.relam"
        " CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indoption::int2[], i.indclass::oid[])"
        "   WITH ORDINALITY AS k(attnum, opt, opclass, ord)"
        " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
        "   AND k.attnum > 0"
        " LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = k.opclass" +
        std::string(kTablesOfSchema) +
        " AND k.ord <= i.indnkeyatts AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint x"
        "   WHERE x.conrelid = i.indrelid AND x.conindid = i.indexrelid"
        "   AND x.contype IN ('p', 'u', 'x'))"
        " ORDER BY i.indexrelid, k.ord";
    std::int64_t current = -1;
    Table* table = nullptr;
    bool any_desc = false;
    auto close = [&] {
      if (table && !any_desc) table->indexes.back().orders.clear();
    };
    for (const Row& r : conn.execute(sql, params)) {
      if (num(r, 9) != current) {
        close();
        current = num(r, 9);
        table = set.find(str(r, 0));
        any_desc = false;
        if (!table) continue;
        Index ix;
        ix.name = str(r, 1);
        ix.unique = flag(r, 2);
        if (auto where = opt_str(r, 7)) ix.where = reflection::strip_outer_parens(*where);
        if (const std::string am = str(r, 6); am != "btree")
          ix.dialect_options["postgresql_using"] = am;
        table->indexes.push_back(std::move(ix));
      }
      if (!table) continue;
      Index& ix = table->indexes.back();
      ix.columns.push_back(opt_str(r, 3).value_or(str(r, 4)));
      const bool desc = (num(r, 5) & 1) != 0;
      ix.orders.push_back(desc ? "DESC" : "");
      any_desc = any_desc || desc;
      if (auto opclass = opt_str(r, 8))
        ix.dialect_options["postgresql_ops." + ix.columns.back()] = *opclass;
    }
    close();
  }
};

}  // namespace

std::unique_ptr<Reflector> make_postgresql_reflector() {
  return std::make_unique<PostgresqlReflector>();
}

}  // namespace retort
