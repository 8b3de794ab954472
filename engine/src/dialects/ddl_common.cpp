// The DDL every dialect shares: column lists, constraint clauses, indexes and
// quoting when needed. Dialects override the hooks declared in ddl_common.hpp.
#include "dialects/ddl_common.hpp"

#include <algorithm>
#include <cctype>

#include "detail/type_syntax.hpp"
#include "retort/engine/error.hpp"

namespace retort {

// What DDLCompiler does where a dialect has nothing of its own.
std::string DDLCompiler::create_index_concurrently(const Table& table, const Index& index) const {
  return create_index(table, index);
}
std::string DDLCompiler::drop_index_concurrently(const Table& table, const Index& index) const {
  return drop_index(table, index);
}
std::string DDLCompiler::create_enum_type(const std::optional<std::string>&, std::string_view,
                                          const std::vector<std::string>&) const {
  return {};
}
std::string DDLCompiler::drop_enum_type(const std::optional<std::string>&,
                                        std::string_view) const {
  return {};
}
std::string DDLCompiler::add_enum_value(const std::optional<std::string>&, std::string_view,
                                        std::string_view, const std::optional<std::string>&,
                                        const std::optional<std::string>&) const {
  return {};
}
std::string DDLCompiler::rename_enum_type(const std::optional<std::string>&, std::string_view,
                                          std::string_view) const {
  return {};
}

std::string enum_type_name(const Table& table, const Column& column) {
  const Type& t = column.type.storage();
  if (t.enum_name) return *t.enum_name;
  return table.name + "_" + column.name + "_enum";
}

namespace ddl {

std::string where(const Table& table, const Column& column) {
  return table.fullname() + "." + column.name;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string referential_action(std::string_view action, const Table& table,
                               std::string_view what) {
  // Collapse runs of spaces so that "SET  NULL" is accepted as SET NULL.
  std::string a;
  for (char c : upper(action)) {
    if (c == ' ' && (a.empty() || a.back() == ' ')) continue;
    a += c;
  }
  while (!a.empty() && a.back() == ' ') a.pop_back();
  if (a == "CASCADE" || a == "SET NULL" || a == "SET DEFAULT" || a == "RESTRICT" ||
      a == "NO ACTION")
    return a;
  throw SchemaError("table " + table.fullname() + ": " + std::string(what) + " '" +
                    std::string(action) +
                    "' is not one of CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION");
}

bool is_integer(const Type& type) {
  const Type& t = type.storage();
  switch (t.kind) {
    case TypeKind::Integer:
    case TypeKind::BigInteger:
    case TypeKind::SmallInteger:
      return true;
    case TypeKind::Dialect: {
      // A dialect's own integer types (mysql.INTEGER(unsigned=true), ...).
      static constexpr std::string_view kInts[] = {"INT",     "INTEGER",   "BIGINT", "SMALLINT",
                                                   "TINYINT", "MEDIUMINT", "INT2",   "INT4",
                                                   "INT8"};
      const std::string n = upper(t.name);
      return std::find(std::begin(kInts), std::end(kInts), n) != std::end(kInts);
    }
    default:
      return false;
  }
}

namespace {

bool in_primary_key(const std::vector<std::string>& pk, const Column& c) {
  return c.primary_key || std::find(pk.begin(), pk.end(), c.name) != pk.end();
}

void require_autoincrement_ok(const Table& table, const Column& c) {
  if (!is_integer(c.type))
    throw SchemaError(where(table, c) + ": autoincrement=true needs an integer column, not " +
                      c.type.str());
  if (c.server_default)
    throw SchemaError(where(table, c) +
                      ": autoincrement=true and a server_default cannot both generate its values");
}

}  // namespace

const Column* autoincrement_column(const Table& table) {
  const auto pk = table.primary_key_columns();
  const Column* chosen = nullptr;
  for (const auto& c : table.columns) {
    if (c.autoincrement != true) continue;
    require_autoincrement_ok(table, c);
    if (chosen)
      throw SchemaError("table " + table.fullname() + ": only one column may be autoincrement=true (" +
                        chosen->name + ", " + c.name + ")");
    chosen = &c;
  }
  if (chosen || pk.size() != 1) return chosen;
  // "auto": a lone integer primary key column with no default of its own that
  // does not refer to another table, as SQLAlchemy decides.
  const Column* c = table.column(pk.front());
  if (!c || c->autoincrement == false || !is_integer(c->type)) return nullptr;
  if (c->server_default || c->default_value || c->default_fn) return nullptr;
  for (const auto& fk : table.foreign_keys) {
    if (std::find(fk.columns.begin(), fk.columns.end(), c->name) != fk.columns.end())
      return nullptr;
  }
  return c;
}

Table expand_column_shorthands(const Table& table) {
  Table t = table;
  for (auto& c : t.columns) {
    if (c.index) {
      // index and unique together make a unique index, as in SQLAlchemy.
      Index ix;
      ix.columns = {c.name};
      ix.unique = c.unique;
      t.indexes.push_back(std::move(ix));
    } else if (c.unique) {
      UniqueConstraint uq;
      uq.columns = {c.name};
      t.unique_constraints.push_back(std::move(uq));
    }
    c.index = false;
    c.unique = false;
  }
  return t;
}

void name_unnamed_indexes(Table& table) {
  for (auto& ix : table.indexes) {
    if (ix.name.empty() && !ix.columns.empty()) ix.name = "ix_" + table.name + "_" + ix.columns[0];
  }
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// ---- defaults ------------------------------------------------------------------

namespace {

// One string literal from the first character to the last ('it''s').
bool is_string_literal(std::string_view s) {
  if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return false;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] != '\'') continue;
    if (i + 2 < s.size() && s[i + 1] == '\'')
      ++i;
    else
      return false;
  }
  return true;
}

// One parenthesised group from the first character to the last.
bool is_parenthesised(std::string_view s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\'') in_string = !in_string;
    if (in_string) continue;
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0 && i + 1 < s.size()) return false;
  }
  return true;
}

}  // namespace

// Whether a DEFAULT can stand unparenthesised: SQLite takes only literals,
// signed numbers and CURRENT_* there; an expression needs parentheses.
bool is_plain_default(std::string_view d) {
  while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
  while (!d.empty() && d.back() == ' ') d.remove_suffix(1);
  if (d.empty()) return false;
  const std::string u = upper(d);
  if (u == "NULL" || u == "TRUE" || u == "FALSE" || u == "CURRENT_TIME" || u == "CURRENT_DATE" ||
      u == "CURRENT_TIMESTAMP")
    return true;
  if (is_string_literal(d) || is_parenthesised(d)) return true;
  if (u.front() == 'X' && is_string_literal(d.substr(1))) return true;  // blob literal
  std::size_t i = (d.front() == '-' || d.front() == '+') ? 1 : 0;
  if (i == d.size() || !std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  for (; i < d.size(); ++i) {
    const char c = d[i];
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E'))
      return false;
  }
  return true;
}

// ---- BaseDDLCompiler: names and literals ------------------------------------

std::string BaseDDLCompiler::quote(std::string_view ident) const {
  if (rules_.max_length &&
      (rules_.length_in_bytes ? ident.size() : utf8_length(ident)) > rules_.max_length)
    throw SchemaError("name '" + std::string(ident) + "' is longer than " +
                      std::string(dialect_name()) + " allows (" +
                      std::to_string(rules_.max_length) +
                      (rules_.length_in_bytes ? " bytes)" : " characters)"));
  bool plain = !ident.empty() && ((ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_');
  for (char c : ident) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain && rules_.reserved && rules_.reserved->count(ident)) plain = false;
  if (plain) return std::string(ident);
  std::string out(1, rules_.quote);
  for (char c : ident) {
    if (c == rules_.quote) out += c;
    out += c;
  }
  out += rules_.quote;
  return out;
}

std::string BaseDDLCompiler::qualified(const std::optional<std::string>& schema,
                                       std::string_view name) const {
  if (schema && !schema->empty()) return quote(*schema) + "." + quote(name);
  return quote(name);
}

std::string BaseDDLCompiler::string_literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string BaseDDLCompiler::column_list(const std::vector<std::string>& columns) const {
  std::string out;
  for (const auto& c : columns) {
    if (!out.empty()) out += ", ";
    out += quote(c);
  }
  return out;
}

std::string BaseDDLCompiler::constraint_prefix(const std::optional<std::string>& name) const {
  return name && !name->empty() ? "CONSTRAINT " + quote(*name) + " " : std::string();
}

// ---- columns ------------------------------------------------------------------

std::string BaseDDLCompiler::column_type_sql(const Table& table, const Column& column,
                                             bool) const {
  try {
    return type_sql(column.type);
  } catch (const SchemaError& e) {
    throw SchemaError(where(table, column) + ": " + e.what());
  }
}

std::string BaseDDLCompiler::default_sql(const std::string& server_default) const {
  return " DEFAULT " + server_default;
}

std::string BaseDDLCompiler::column_suffix(const Table& table, const Column& column,
                                           bool) const {
  std::string out;
  if (column.server_default) out += default_sql(*column.server_default);
  if (!column.nullable || in_primary_key(table.primary_key_columns(), column)) out += " NOT NULL";
  return out;
}

// ---- dialect types ------------------------------------------------------------

bool bool_type_arg(const Type& type, const std::string& key, const std::string& value) {
  const std::string v = upper(detail::unquote(value));
  if (v == "TRUE") return true;
  if (v == "FALSE") return false;
  throw SchemaError(type.str() + ": " + key + " must be true or false, not '" + value + "'");
}

std::string BaseDDLCompiler::keyword_type_arg(const Type& type, const std::string& key,
                                              const std::string&) const {
  throw SchemaError(type.str() + ": unknown argument '" + key + "' for " +
                    std::string(dialect_name()));
}

std::string BaseDDLCompiler::dialect_type_sql(const Type& type) const {
  if (type.dialect != dialect_name())
    throw SchemaError(type.str() + " cannot be rendered for " + std::string(dialect_name()));
  // ENUM and SET list values; other types take numbers or words (a charset).
  const std::string name = upper(type.name);
  const bool values = name == "ENUM" || name == "SET";
  std::string positional, suffix;
  for (const auto& a : type.args) {
    if (auto kw = detail::keyword_arg(a)) {
      suffix += keyword_type_arg(type, kw->first, kw->second);
      continue;
    }
    bool quoted = false;
    const std::string v = detail::unquote(a, &quoted);
    bool word = !v.empty();
    for (char c : v) word = word && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!positional.empty()) positional += ", ";
    positional += values || quoted || !word ? string_literal(v) : v;
  }
  return type.name + (positional.empty() ? "" : "(" + positional + ")") + suffix;
}

// ---- constraints -------------------------------------------------------------

namespace {
void require_columns(const Table& table, const std::vector<std::string>& columns,
                     std::string_view what) {
  if (columns.empty())
    throw SchemaError("table " + table.fullname() + ": " + std::string(what) + " has no columns");
  for (const auto& c : columns) {
    if (!table.column(c))
      throw SchemaError("table " + table.fullname() + ": " + std::string(what) + " names column '" +
                        c + "', which the table does not have");
  }
}
}  // namespace

std::string BaseDDLCompiler::deferrable_clause(const ForeignKeyConstraint& fk) const {
  std::string out;
  if (fk.deferrable) out += *fk.deferrable ? " DEFERRABLE" : " NOT DEFERRABLE";
  if (fk.initially) {
    const std::string when = upper(*fk.initially);
    if (when != "DEFERRED" && when != "IMMEDIATE")
      throw SchemaError("foreign key to " + fk.referred_table + ": initially '" + *fk.initially +
                        "' is not DEFERRED or IMMEDIATE");
    out += " INITIALLY " + when;
  }
  return out;
}

std::string BaseDDLCompiler::referred_table(const Table&, const ForeignKeyConstraint& fk) const {
  return qualified(fk.referred_schema, fk.referred_table);
}

std::string BaseDDLCompiler::foreign_key_clause(const Table& table,
                                                const ForeignKeyConstraint& fk) const {
  require_columns(table, fk.columns, "foreign key to " + fk.referred_table);
  if (fk.referred_table.empty())
    throw SchemaError("table " + table.fullname() + ": foreign key has no referred table");
  if (fk.referred_columns.size() != fk.columns.size())
    throw SchemaError("table " + table.fullname() + ": foreign key to " + fk.referred_table +
                      " has " + std::to_string(fk.columns.size()) + " column(s) but refers to " +
                      std::to_string(fk.referred_columns.size()));
  std::string out = "FOREIGN KEY (" + column_list(fk.columns) + ") REFERENCES " +
                    referred_table(table, fk) + " (" + column_list(fk.referred_columns) + ")";
  if (fk.ondelete) out += " ON DELETE " + referential_action(*fk.ondelete, table, "ondelete");
  if (fk.onupdate) out += " ON UPDATE " + referential_action(*fk.onupdate, table, "onupdate");
  return out + deferrable_clause(fk);
}

// ---- CREATE TABLE -------------------------------------------------------------

TableDDL BaseDDLCompiler::table_ddl(const Table& original,
                                    const std::vector<std::size_t>& skip_fks) const {
  Table t = expand_column_shorthands(original);
  name_unnamed_indexes(t);
  if (t.name.empty()) throw SchemaError("a table needs a name");
  if (t.columns.empty()) throw SchemaError("table " + t.fullname() + " has no columns");
  for (const auto& c : t.columns) {
    if (c.name.empty()) throw SchemaError("table " + t.fullname() + ": a column has no name");
  }

  const Column* autoinc = autoincrement_column(t);
  std::vector<std::string> lines;
  for (const auto& c : t.columns) {
    const bool ai = &c == autoinc;
    lines.push_back(quote(c.name) + " " + column_type_sql(t, c, ai) + column_suffix(t, c, ai));
  }
  const auto pk = t.primary_key_columns();
  if (!pk.empty()) {
    require_columns(t, pk, "primary key");
    check_key_columns(t, pk, "primary key");
    lines.push_back(constraint_prefix(t.primary_key ? t.primary_key->name : std::nullopt) +
                    "PRIMARY KEY (" + column_list(pk) + ")");
  }
  for (std::size_t i = 0; i < t.foreign_keys.size(); ++i) {
    const auto& fk = t.foreign_keys[i];
    // Where ALTER TABLE cannot add it later (SQLite), a foreign key stays inline.
    if (can_alter_foreign_keys() &&
        (fk.use_alter || std::find(skip_fks.begin(), skip_fks.end(), i) != skip_fks.end()))
      continue;
    lines.push_back(constraint_prefix(fk.name) + foreign_key_clause(t, fk));
  }
  for (const auto& uq : t.unique_constraints) {
    require_columns(t, uq.columns, "unique constraint");
    check_key_columns(t, uq.columns, "unique constraint");
    lines.push_back(constraint_prefix(uq.name) + "UNIQUE (" + column_list(uq.columns) + ")");
  }
  for (const auto& ck : t.check_constraints) {
    if (ck.sqltext.empty())
      throw SchemaError("table " + t.fullname() + ": check constraint has no sqltext");
    lines.push_back(constraint_prefix(ck.name) + "CHECK (" + ck.sqltext + ")");
  }
  for (auto& extra : extra_constraints(t)) lines.push_back(std::move(extra));

  TableDDL out;
  out.enum_types = enum_types(t);
  out.create_table = "CREATE TABLE " + table_name(t) + " (\n";
  for (std::size_t i = 0; i < lines.size(); ++i)
    out.create_table += "  " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
  out.create_table += ")" + table_options(t);
  out.after = comment_statements(t);
  for (const auto& ix : t.indexes) out.after.push_back(create_index(t, ix));
  return out;
}

std::vector<std::string> BaseDDLCompiler::create_table(
    const Table& table, const std::vector<std::size_t>& skip_fks, bool with_enum_types) const {
  TableDDL d = table_ddl(table, skip_fks);
  std::vector<std::string> out;
  if (with_enum_types)
    for (auto& e : d.enum_types) out.push_back(std::move(e.create_sql));
  out.push_back(std::move(d.create_table));
  for (auto& s : d.after) out.push_back(std::move(s));
  return out;
}

std::string BaseDDLCompiler::drop_table_sql(const Table& table) const {
  return "DROP TABLE " + table_name(table);
}

std::vector<std::string> BaseDDLCompiler::drop_table(const Table& table,
                                                     bool with_enum_types) const {
  std::vector<std::string> out{drop_table_sql(table)};
  if (with_enum_types)
    for (auto& e : enum_types(table)) out.push_back(std::move(e.drop_sql));
  return out;
}

// ---- indexes -----------------------------------------------------------------

const std::string* index_option(const Index& index, const std::string& key) {
  auto it = index.dialect_options.find(key);
  return it == index.dialect_options.end() ? nullptr : &it->second;
}

const std::string& word_option(const Table& table, const Index& index, const std::string& key,
                               const std::string& value) {
  bool word = !value.empty();
  for (char c : value)
    word = word && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.');
  if (!word)
    throw SchemaError("table " + table.fullname() + ": index " + index.name + " option " + key +
                      " '" + value + "' is not a plain name");
  return value;
}

void BaseDDLCompiler::check_index(const Table& table, const Index& index) const {
  const std::string own = std::string(dialect_name()) + "_";
  for (const auto& [key, value] : index.dialect_options) {
    // Options of other dialects are theirs to use; this one's must be known.
    if (key.starts_with(own) && !known_index_option(key))
      throw SchemaError("table " + table.fullname() + ": index " + index.name +
                        " has an unknown option '" + key + "'");
  }
  if (index.name.empty())
    throw SchemaError("table " + table.fullname() + ": an index has no name");
  if (index.columns.empty())
    throw SchemaError("table " + table.fullname() + ": index " + index.name + " has no columns");
  if (index.orders.size() > index.columns.size())
    throw SchemaError("table " + table.fullname() + ": index " + index.name +
                      " has more orders than columns");
}

std::string BaseDDLCompiler::index_element(const Table& table, const Index& index,
                                           std::size_t i) const {
  const std::string& e = index.columns[i];
  // A name of one of the table's columns is a column; anything else is an
  // SQL expression, rendered as given inside parentheses.
  std::string out = table.column(e) ? quote(e) : "(" + e + ")";
  out += index_element_option(table, index, e);
  if (i < index.orders.size() && !index.orders[i].empty()) {
    const std::string o = upper(index.orders[i]);
    if (o != "ASC" && o != "DESC")
      throw SchemaError("table " + table.fullname() + ": index " + index.name + " order '" +
                        index.orders[i] + "' is not ASC or DESC");
    out += " " + o;
  }
  return out;
}

std::string BaseDDLCompiler::index_target(const Table& table, const Index& index) const {
  return quote(index.name) + " ON " + table_name(table);
}

std::string BaseDDLCompiler::create_index(const Table& table, const Index& index) const {
  check_index(table, index);
  std::string out = index.unique ? "CREATE UNIQUE " : "CREATE ";
  out += index_prefix(table, index) + "INDEX " + index_target(table, index) +
         index_method(table, index) + " (";
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    if (i) out += ", ";
    out += index_element(table, index, i);
  }
  out += ")";
  if (index.where && !index.where->empty()) out += " WHERE " + *index.where;
  return out;
}

std::string BaseDDLCompiler::drop_index(const Table& table, const Index& index) const {
  if (index.name.empty())
    throw SchemaError("table " + table.fullname() + ": an index without a name cannot be dropped");
  return "DROP INDEX " + qualified(table.schema, index.name);
}

// ---- foreign keys by ALTER TABLE ---------------------------------------------

std::string BaseDDLCompiler::add_foreign_key(const Table& table,
                                             const ForeignKeyConstraint& fk) const {
  if (!can_alter_foreign_keys()) return {};
  return "ALTER TABLE " + table_name(table) + " ADD " + constraint_prefix(fk.name) +
         foreign_key_clause(table, fk);
}

std::string BaseDDLCompiler::drop_foreign_key_sql(const Table& table,
                                                  const std::string& name) const {
  return "ALTER TABLE " + table_name(table) + " DROP CONSTRAINT " + quote(name);
}

std::string BaseDDLCompiler::drop_foreign_key(const Table& table,
                                              const ForeignKeyConstraint& fk) const {
  if (!can_alter_foreign_keys()) return {};
  if (!fk.name || fk.name->empty())
    throw SchemaError("table " + table.fullname() + ": the foreign key to " + fk.referred_table +
                      " has no name, so it cannot be dropped by name");
  return drop_foreign_key_sql(table, *fk.name);
}

}  // namespace ddl
}  // namespace retort
