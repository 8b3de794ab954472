#include "support/catalog_census.hpp"

#include <vector>

namespace retort::testing {

namespace {

// Each query's first column is the kind; the others are joined with " | ".
// Identifiers and expressions are as the catalog prints them, with no
// normalisation but for what names an object, not its content.
const std::vector<const char*> kSqlite = {
    "SELECT type, tbl_name, name FROM sqlite_master WHERE type IN ('view', 'trigger')",
    "SELECT 'table', name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
    "ESCAPE '\\'",
    // What SQLite keeps only in the CREATE TABLE text.
    "SELECT 'table option', name, instr(upper(sql), 'AUTOINCREMENT') > 0,"
    " instr(upper(sql), 'WITHOUT ROWID') > 0 FROM sqlite_master WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    // The declared type without its spaces: "DECIMAL(5, 2)" is "DECIMAL(5,2)".
    "SELECT 'column', m.name, p.cid, p.name, replace(upper(p.type), ' ', ''), p.\"notnull\","
    " p.dflt_value, p.pk,"
    " p.hidden FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    // Automatic indexes by what they index, not by their numbered names.
    "SELECT 'index', m.name, CASE WHEN il.origin = 'c' THEN il.name ELSE il.origin END,"
    " il.\"unique\", il.partial, (SELECT group_concat(e, ',') FROM (SELECT coalesce(x.name,"
    " '<expression>') || CASE x.desc WHEN 1 THEN ' DESC' ELSE '' END AS e"
    " FROM pragma_index_xinfo(il.name) x WHERE x.key ORDER BY x.seqno))"
    " FROM sqlite_master m JOIN pragma_index_list(m.name) il WHERE m.type = 'table'",
    "SELECT 'foreign key', m.name, group_concat(f.\"from\", ','), f.\"table\","
    " group_concat(coalesce(f.\"to\", '<pk>'), ','), f.on_update, f.on_delete, f.match"
    " FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'"
    " GROUP BY m.name, f.id",
};

// Objects of the current schema, leaving out those an extension owns.
const std::vector<const char*> kPostgresql = {
    "SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'"
    " WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'foreign table' END,"
    " c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')",
    "SELECT 'table option', c.relname, c.relpersistence, c.reloptions::text FROM pg_class c"
    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
    " AND c.relkind IN ('r', 'p') AND (c.relpersistence <> 'p' OR c.reloptions IS NOT NULL)",
    "SELECT 'partitioning', c.relname, pg_get_partkeydef(c.oid) FROM pg_class c"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND c.relkind = 'p'",
    "SELECT CASE WHEN c.relispartition THEN 'partitioning' ELSE 'inheritance' END, c.relname,"
    " p.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
    " JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')",
    // A domain column by its base type here, and as a domain below; a
    // column whose values a sequence generates is 'generated' here, and how
    // (identity or a nextval() default) is a 'sequence' line below.
    "SELECT 'column', c.relname, a.attnum, a.attname,"
    " format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END,"
    "   CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END), a.attnotnull,"
    " CASE WHEN a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%'"
    "   THEN 'generated' ELSE pg_get_expr(d.adbin, d.adrelid) END, a.attgenerated"
    " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid"
    " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0"
    " AND NOT a.attisdropped",
    "SELECT 'domain', c.relname, a.attname, t.typname FROM pg_attribute a"
    " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " JOIN pg_type t ON t.oid = a.atttypid WHERE n.nspname = current_schema()"
    " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND t.typtype = 'd'",
    "SELECT 'sequence', c.relname, a.attname, CASE WHEN a.attidentity <> ''"
    " THEN 'identity ' || a.attidentity::text ELSE pg_get_expr(d.adbin, d.adrelid) END"
    " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0"
    " AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%')",
    "SELECT 'collation', c.relname, a.attname, co.collname FROM pg_attribute a"
    " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " JOIN pg_type t ON t.oid = a.atttypid JOIN pg_collation co ON co.oid = a.attcollation"
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0"
    " AND a.attcollation <> t.typcollation",
    // NOT VALID (rows not checked yet) is a state, on a line of its own.
    "SELECT CASE con.contype WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check'"
    " ELSE 'constraint' END, c.relname, con.conname, con.contype,"
    " regexp_replace(pg_get_constraintdef(con.oid, true), ' NOT VALID$', '')"
    " FROM pg_constraint con"
    " JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema()",
    "SELECT 'not valid', c.relname, con.conname FROM pg_constraint con"
    " JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND NOT con.convalidated",
    // A partitioned table's index is ON ONLY it; the same index on a plain table is not.
    "SELECT CASE WHEN c.relkind = 'm' THEN 'materialized view' ELSE 'index' END, c.relname,"
    " ic.relname, replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')"
    " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
    " JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema()",
    "SELECT 'comment', c.relname, a.attname, d.description FROM pg_description d"
    " JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid"
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')",
    "SELECT 'trigger', c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND NOT t.tgisinternal",
    "SELECT 'rule', c.relname, r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND r.rulename <> '_RETURN'",
    "SELECT 'function', p.proname, pg_get_function_identity_arguments(p.oid) FROM pg_proc p"
    " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()"
    " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
    "   AND d.objid = p.oid AND d.deptype = 'e')",
    "SELECT CASE t.typtype WHEN 'e' THEN 'enum' ELSE 'domain' END, t.typname,"
    " (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e"
    "   WHERE e.enumtypid = t.oid)"
    " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
    " WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd')"
    " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass"
    "   AND d.objid = t.oid AND d.deptype = 'e')",
    "SELECT 'extension', extname FROM pg_extension WHERE extname <> 'plpgsql'",
};

// information_schema of DATABASE(); COLUMNS and STATISTICS of views are left out.
#define RT_BASE_TABLES                                                                        \
  " AND TABLE_NAME IN (SELECT TABLE_NAME FROM information_schema.TABLES"                      \
  " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE')"
const std::vector<const char*> kMysql = {
    "SELECT CASE TABLE_TYPE WHEN 'BASE TABLE' THEN 'table' WHEN 'VIEW' THEN 'view'"
    " ELSE lower(TABLE_TYPE) END, TABLE_NAME FROM information_schema.TABLES"
    " WHERE TABLE_SCHEMA = DATABASE()",
    "SELECT 'table option', TABLE_NAME, ENGINE, TABLE_COLLATION, ROW_FORMAT, CREATE_OPTIONS"
    " FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
    " AND TABLE_TYPE = 'BASE TABLE'",
    "SELECT 'comment', TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES"
    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COMMENT <> ''",
    "SELECT 'column', TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,"
    " COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT FROM information_schema.COLUMNS"
    " WHERE TABLE_SCHEMA = DATABASE()" RT_BASE_TABLES,
    "SELECT 'collation', TABLE_NAME, COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME"
    " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
    " AND COLLATION_NAME IS NOT NULL" RT_BASE_TABLES,
    // BTREE or HASH follows from the engine (a 'table option'); FULLTEXT and
    // SPATIAL are the index's own.
    "SELECT 'index', TABLE_NAME, INDEX_NAME, NON_UNIQUE,"
    " IF(INDEX_TYPE IN ('BTREE', 'HASH'), '', INDEX_TYPE),"
    " GROUP_CONCAT(CONCAT(COLUMN_NAME, COALESCE(CONCAT('(', SUB_PART, ')'), ''),"
    "   IF(COLLATION = 'D', ' DESC', '')) ORDER BY SEQ_IN_INDEX)"
    " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
    " GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE",
    "SELECT 'constraint', TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE"
    " FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
    "SELECT 'check', TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE"
    " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
    "SELECT 'foreign key', k.TABLE_NAME, k.CONSTRAINT_NAME,"
    " GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION), k.REFERENCED_TABLE_SCHEMA ="
    " DATABASE(), k.REFERENCED_TABLE_NAME,"
    " GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION),"
    " MAX(r.UPDATE_RULE), MAX(r.DELETE_RULE) FROM information_schema.KEY_COLUMN_USAGE k"
    " JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
    "   ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
    "   AND r.TABLE_NAME = k.TABLE_NAME"
    " WHERE k.CONSTRAINT_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL"
    " GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.REFERENCED_TABLE_SCHEMA,"
    " k.REFERENCED_TABLE_NAME",
    "SELECT 'trigger', EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS"
    " WHERE TRIGGER_SCHEMA = DATABASE()",
    "SELECT 'routine', ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES"
    " WHERE ROUTINE_SCHEMA = DATABASE()",
};
#undef RT_BASE_TABLES

std::string text_of(const Value& v) {
  if (v.is_null()) return "NULL";
  if (v.kind() == Value::Kind::Text) return *v.as<std::string>();
  return v.repr();  // numbers and booleans as SQL writes them
}

}  // namespace

std::set<std::string> catalog_census(Connection& conn) {
  const std::string d(conn.dialect().name());
  const auto& queries = d == "postgresql" ? kPostgresql : d == "mysql" ? kMysql : kSqlite;
  std::set<std::string> out;
  for (const char* sql : queries) {
    for (const Row& r : conn.execute(sql).all()) {
      std::string line = text_of(r[0]) + ":";
      for (std::size_t i = 1; i < r.size(); ++i) line += (i == 1 ? " " : " | ") + text_of(r[i]);
      out.insert(std::move(line));
    }
  }
  conn.rollback();
  return out;
}

std::string census_kind(const std::string& line) { return line.substr(0, line.find(':')); }

}  // namespace retort::testing
