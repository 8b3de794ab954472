// SQLite reflection: one query per object kind over the whole schema, each
// joining sqlite_master with a table-valued pragma function, plus the CREATE
// statements (read in the first query) for what no pragma tells.
#include <algorithm>
#include <map>

#include "dialects/reflection_support.hpp"
#include "dialects/sqlite/create_sql.hpp"
#include "dialects/sqlite/dialect.hpp"
#include "dialects/sqlite/reflect_types.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/error.hpp"

namespace retort {

namespace {

using reflection::flag;
using reflection::iequals;
using reflection::num;
using reflection::opt_str;
using reflection::str;
using sqlite::parse_create_index;
using sqlite::parse_create_table;
using sqlite::ParsedIndex;
using sqlite::ParsedTable;
using sqlite::type_from_declared;

// Tables of one schema ("main", "temp" or an attached database). The
// pragma functions take the schema as their last argument.
struct Source {
  std::string master;  // the schema's sqlite_master, quoted
  Params params;

  Source(const Connection& conn, const std::optional<std::string>& schema)
      : master(schema ? conn.dialect().quote_identifier(*schema) + ".sqlite_master"
                      : "sqlite_master"),
        params{{"schema", schema.value_or("main")}} {}

  // The FROM clause shared by every query: user tables only, each joined
  // with `join` (a pragma function of m.name).
  std::string tables(const std::string& join = "") const {
    return " FROM " + master + " m " + join +
           " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
  }
};

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// The DDL compiler stores an Enum as VARCHAR(longest value) plus
// CONSTRAINT ck_<table>_<column>_enum CHECK (column IN (values...)). When a
// column and its check are exactly that, they are reflected as the Enum they
// came from (re-creating it gives the same table); returns true then. ALTER
// TABLE ... RENAME (of the table or the column) rewrites the CHECK's text but
// keeps its name, so any ck_..._enum name is taken: otherwise a renamed enum
// column would come back as a VARCHAR with a CHECK of its own, which a table
// copy would keep whatever the column's new type.
bool enum_check(Table& table, const sqlite::ParsedCheck& check) {
  const auto in = sqlite::parse_in_list(check.sqltext);
  if (!in || in->second.empty() || !check.name) return false;
  const std::string& n = *check.name;
  if (n.size() < 9 || n.rfind("ck_", 0) != 0 || n.compare(n.size() - 5, 5, "_enum") != 0)
    return false;
  Column* c = table.column(in->first);
  if (!c || c->type.kind != TypeKind::String || !c->type.length) return false;
  std::size_t longest = 1;
  for (const auto& v : in->second) longest = std::max(longest, utf8_length(v));
  if (static_cast<std::size_t>(*c->type.length) != longest) return false;
  try {
    c->type = types::Enum(in->second);
  } catch (const ArgumentError&) {
    return false;  // duplicate values: a CHECK of its own, not an Enum
  }
  return true;
}

bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](auto& x, auto& y) { return iequals(x, y); });
}

std::optional<std::string> fk_action(const std::string& rule) {
  if (rule.empty() || rule == "NO ACTION") return std::nullopt;  // the default
  return rule;
}

class SqliteReflector final : public Reflector {
 public:
  std::vector<std::string> table_names(Connection& conn,
                                       const std::optional<std::string>& schema) const override {
    reflection::QueryScope scope(conn);
    const Source src(conn, schema);
    std::vector<std::string> names;
    for (const Row& r : conn.execute("SELECT m.name" + src.tables() + " ORDER BY m.name", {}))
      names.push_back(str(r, 0));
    std::sort(names.begin(), names.end());
    return names;
  }

  MetaData reflect(Connection& conn, const ReflectOptions& options) const override {
    reflection::QueryScope scope(conn);
    const Source src(conn, options.schema);
    reflection::TableSet set(options.schema);
    std::map<std::string, ParsedTable> parsed;

    for (const Row& r : conn.execute("SELECT m.name, m.sql" + src.tables(), {})) {
      set.add(str(r, 0));
      parsed.emplace(str(r, 0), parse_create_table(str(r, 1)));
    }
    read_columns(conn, src, set, parsed);
    read_foreign_keys(conn, src, set, parsed);
    read_indexes(conn, src, set, parsed);
    for (auto& [name, p] : parsed) {
      Table* t = set.find(name);
      if (!t) continue;
      for (auto& c : p.checks)
        if (!enum_check(*t, c)) t->check_constraints.push_back({c.name, c.sqltext});
    }
    return set.finish(options);
  }

  std::string default_schema_name(Connection&) const override {
    return "main";
  }

  std::vector<std::pair<std::string, std::vector<std::string>>> enums(
      Connection&, const std::optional<std::string>&) const override {
    return {};  // SQLite has no enum types
  }

 private:
  static void read_columns(Connection& conn, const Source& src, reflection::TableSet& set,
                           const std::map<std::string, ParsedTable>& parsed) {
    // hidden: 1 marks a virtual table's hidden column; 2 and 3 are generated
    // columns, which are kept (their expression is not reflected).
    const std::string q =
        "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden" +
        src.tables("JOIN pragma_table_xinfo(m.name, :schema) p") +
        " AND p.hidden <> 1 ORDER BY m.name, p.cid";
    std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> pk_columns;
    for (const Row& r : conn.execute(q, src.params)) {
      Table* t = set.find(str(r, 0));
      if (!t) continue;
      Column c(str(r, 1), type_from_declared(str(r, 2)));
      c.nullable = !flag(r, 3);
      auto dflt = opt_str(r, 4);
      if (dflt && !iequals(*dflt, "NULL")) c.server_default = std::move(dflt);
      if (const auto pk = num(r, 5); pk > 0) pk_columns[t->name].emplace_back(pk, c.name);
      t->add_column(std::move(c));
    }
    for (auto& [name, cols] : pk_columns) {
      Table* t = set.find(name);
      std::sort(cols.begin(), cols.end());
      PrimaryKeyConstraint pk;
      for (auto& [pos, col] : cols) pk.columns.push_back(col);
      const auto it = parsed.find(name);
      if (it != parsed.end()) pk.name = it->second.primary_key_name;
      // A lone column declared exactly INTEGER is the rowid: it generates
      // its values and can never be NULL.
      if (pk.columns.size() == 1 && (it == parsed.end() || !it->second.without_rowid)) {
        Column* c = t->column(pk.columns[0]);
        if (c && c->type.kind == TypeKind::Integer) {
          c->autoincrement = true;
          c->nullable = false;
        } else if (c && c->type == types::DialectType("sqlite", "INT")) {
          // How the DDL compiler declares an Integer primary key that must
          // not be a rowid alias (autoincrement false): Integer again.
          c->type = types::Integer();
        }
      }
      t->primary_key = std::move(pk);
    }
  }

  static void read_foreign_keys(Connection& conn, const Source& src, reflection::TableSet& set,
                                std::map<std::string, ParsedTable>& parsed) {
    // The pragma numbers a table's foreign keys from the last declared one.
    const std::string q =
        "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete" +
        src.tables("JOIN pragma_foreign_key_list(m.name, :schema) f") +
        " ORDER BY m.name, f.id DESC, f.seq";
    Table* table = nullptr;
    std::int64_t id = -1;
    std::vector<ForeignKeyConstraint> found;
    std::vector<Table*> owners;
    for (const Row& r : conn.execute(q, src.params)) {
      Table* t = set.find(str(r, 0));
      if (!t) continue;
      if (t != table || num(r, 1) != id) {
        table = t;
        id = num(r, 1);
        ForeignKeyConstraint fk;
        fk.referred_schema = set.schema();
        fk.referred_table = str(r, 2);
        fk.onupdate = fk_action(str(r, 5));
        fk.ondelete = fk_action(str(r, 6));
        found.push_back(std::move(fk));
        owners.push_back(t);
      }
      found.back().columns.push_back(str(r, 3));
      if (auto to = opt_str(r, 4)) found.back().referred_columns.push_back(*to);
    }
    for (std::size_t i = 0; i < found.size(); ++i) {
      auto& fk = found[i];
      if (fk.referred_columns.empty()) {  // REFERENCES t: t's primary key
        if (const Table* ref = set.find(fk.referred_table); ref && ref->primary_key)
          fk.referred_columns = ref->primary_key->columns;
      }
      // The name and DEFERRABLE come from the CREATE TABLE text.
      for (auto& p : parsed[owners[i]->name].foreign_keys) {
        if (p.referred_table.empty() || !iequals(p.referred_table, fk.referred_table) ||
            !same_names(p.columns, fk.columns))
          continue;
        fk.name = p.name;
        if (p.deferrable) {
          fk.deferrable = true;
          if (p.initially_deferred) fk.initially = "DEFERRED";
        }
        p.referred_table.clear();  // used
        break;
      }
      owners[i]->foreign_keys.push_back(std::move(fk));
    }
  }

  static void read_indexes(Connection& conn, const Source& src, reflection::TableSet& set,
                           std::map<std::string, ParsedTable>& parsed) {
    const std::string q =
        "SELECT m.name, il.name, il.\"unique\", il.origin, ii.cid, ii.name, ii.\"desc\", s.sql" +
        src.tables(
            "JOIN pragma_index_list(m.name, :schema) il "
            "JOIN pragma_index_xinfo(il.name, :schema) ii LEFT JOIN " +
            src.master + " s ON s.type = 'index' AND s.name = il.name") +
        " AND ii.key = 1 ORDER BY m.name, il.name, ii.seqno";
    struct Found {
      Table* table;
      std::string origin;
      Index index;
      bool desc = false;
      ParsedIndex parsed;
    };
    std::vector<Found> found;
    for (const Row& r : conn.execute(q, src.params)) {
      Table* t = set.find(str(r, 0));
      if (!t) continue;
      const std::string name = str(r, 1);
      if (found.empty() || found.back().table != t || found.back().index.name != name) {
        Found f{t, str(r, 3), {}, false, {}};
        f.index.name = name;
        f.index.unique = flag(r, 2);
        if (auto sql = opt_str(r, 7)) f.parsed = parse_create_index(*sql);
        f.index.where = f.parsed.where;
        found.push_back(std::move(f));
      }
      Found& f = found.back();
      const std::size_t pos = f.index.columns.size();
      if (num(r, 4) >= 0) {
        f.index.columns.push_back(str(r, 5));
      } else {  // an expression (-2) or the rowid (-1): only the SQL text has it
        f.index.columns.push_back(pos < f.parsed.elements.size() ? f.parsed.elements[pos]
                                                                 : std::string("rowid"));
      }
      const bool desc = flag(r, 6);
      f.index.orders.push_back(desc ? "DESC" : "");
      f.desc = f.desc || desc;
    }
    for (auto& f : found) {
      if (!f.desc) f.index.orders.clear();
      if (f.origin == "pk") continue;  // the primary key, reflected from the columns
      if (f.origin == "u") {
        // A UNIQUE constraint's automatic index: its name, if any, is in
        // the CREATE TABLE text.
        UniqueConstraint uc{std::nullopt, f.index.columns};
        for (auto& p : parsed[f.table->name].uniques) {
          if (p.columns.empty() || !same_names(p.columns, uc.columns)) continue;
          uc.name = p.name;
          p.columns.clear();  // used
          break;
        }
        f.table->unique_constraints.push_back(std::move(uc));
        continue;
      }
      f.table->indexes.push_back(std::move(f.index));
    }
  }
};

}  // namespace

std::unique_ptr<Reflector> make_sqlite_reflector() { return std::make_unique<SqliteReflector>(); }

}  // namespace retort
