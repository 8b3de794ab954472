// The operations autogenerate writes, as the argument maps the revision file
// format takes (docs/operations.md).
#include <algorithm>

#include "autogenerate/plan.hpp"

namespace retort::migrations::autogen {

namespace {

Op op(std::string name) { return Op{std::move(name), Doc::map(false), {}}; }

Doc names(const std::vector<std::string>& v) {
  Doc l = Doc::list(true);
  for (const auto& s : v) l.items.push_back(Doc::str(s));
  return l;
}

void table_args(Op& o, const Table& t, const char* key = "table") {
  o.args.add(key, Doc::str(t.name));
  if (t.schema) o.args.add("schema", Doc::str(*t.schema));
}

Doc opt_str(const std::optional<std::string>& s) { return s ? Doc::str(*s) : Doc::null(); }

// A column as add_column takes it: no key, index or unique flags (those are
// operations of their own), no rename hint.
Column plain(const Column& c) {
  Column out = c;
  out.primary_key = false;
  out.index = false;
  out.unique = false;
  out.renamed_from.reset();
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "_") + s;
  return out;
}

}  // namespace

std::string default_fk_name(const Table& t, const ForeignKeyConstraint& fk) {
  return fk.name.value_or("fk_" + t.name + "_" + joined(fk.columns) + "_" + fk.referred_table);
}

std::string default_unique_name(const Table& t, const UniqueConstraint& uq) {
  return uq.name.value_or("uq_" + t.name + "_" + joined(uq.columns));
}

std::string default_pk_name(const Table& t) {
  if (t.primary_key && t.primary_key->name) return *t.primary_key->name;
  return t.name + "_pkey";
}

Op create_table(const Table& t, const std::set<std::size_t>& skip_fks, bool create_type) {
  Table copy = t;
  copy.renamed_from.reset();
  for (auto& c : copy.columns) c.renamed_from.reset();
  copy.foreign_keys.clear();
  for (std::size_t i = 0; i < t.foreign_keys.size(); ++i)
    if (!skip_fks.count(i)) copy.foreign_keys.push_back(t.foreign_keys[i]);
  MetaData none;
  Doc body = schema_yaml::table_doc(copy, none);
  Op o = op("create_table");
  o.args.add("name", Doc::str(t.name));
  for (auto& [k, v] : body.entries) {
    // Said before the columns, where a reader looks for the enum types.
    if (k == "columns" && !create_type) o.args.add("create_type", Doc::boolean(false));
    o.args.add(k, std::move(v));
  }
  return o;
}

Op drop_table(const Table& t) {
  Op o = op("drop_table");
  table_args(o, t, "name");
  return o;
}

Op rename_table(const Table& t, const std::string& from, const std::string& to) {
  Op o = op("rename_table");
  o.args.add("name", Doc::str(from));
  if (t.schema) o.args.add("schema", Doc::str(*t.schema));
  o.args.add("new_name", Doc::str(to));
  return o;
}

Op add_column(const Table& t, const Column& c) {
  Op o = op("add_column");
  table_args(o, t);
  o.args.add("column", schema_yaml::column_doc(plain(c), false));
  return o;
}

Op drop_column(const Table& t, const Column& c) {
  Op o = op("drop_column");
  table_args(o, t);
  o.args.add("name", Doc::str(c.name));
  o.args.add("existing_type", Doc::str(c.type.str()));
  return o;
}

Op rename_column(const Table& t, const std::string& from, const std::string& to) {
  Op o = op("alter_column");
  table_args(o, t);
  o.args.add("name", Doc::str(from));
  o.args.add("new_name", Doc::str(to));
  return o;
}

Op alter_column(const Table& t, const Column& from, const Column& to, bool type, bool nullable,
                bool server_default, bool comment) {
  Op o = op("alter_column");
  table_args(o, t);
  o.args.add("name", Doc::str(from.name));
  if (type) o.args.add("type", Doc::str(to.type.str()));
  if (nullable) o.args.add("nullable", Doc::boolean(to.nullable));
  if (server_default) o.args.add("server_default", opt_str(to.server_default));
  if (comment) o.args.add("comment", opt_str(to.comment));
  o.args.add("existing_type", Doc::str(from.type.str()));
  o.args.add("existing_nullable", Doc::boolean(from.nullable));
  if (from.server_default) o.args.add("existing_server_default", Doc::str(*from.server_default));
  if (from.comment) o.args.add("existing_comment", Doc::str(*from.comment));
  return o;
}

Op create_index(const Table& t, const Index& ix) {
  Op o = op("create_index");
  o.args.add("name", Doc::str(ix.name));
  table_args(o, t);
  o.args.add("columns", names(ix.columns));
  if (ix.unique) o.args.add("unique", Doc::boolean(true));
  if (ix.where) o.args.add("where", Doc::str(*ix.where));
  if (std::any_of(ix.orders.begin(), ix.orders.end(), [](const auto& s) { return !s.empty(); }))
    o.args.add("orders", names(ix.orders));
  if (!ix.dialect_options.empty()) {
    Doc m = Doc::map(true);
    for (const auto& [k, v] : ix.dialect_options) m.add(k, Doc::str(v));
    o.args.add("dialect_options", std::move(m));
  }
  return o;
}

Op drop_index(const Table& t, const Index& ix) {
  Op o = op("drop_index");
  o.args.add("name", Doc::str(ix.name));
  table_args(o, t);
  return o;
}

Op create_unique(const Table& t, const UniqueConstraint& uq) {
  Op o = op("create_unique_constraint");
  o.args.add("name", Doc::str(default_unique_name(t, uq)));
  table_args(o, t);
  o.args.add("columns", names(uq.columns));
  return o;
}

Op create_check(const Table& t, const CheckConstraint& ck) {
  Op o = op("create_check_constraint");
  o.args.add("name", Doc::str(ck.name.value_or("ck_" + t.name)));
  table_args(o, t);
  o.args.add("condition", Doc::str(ck.sqltext));
  return o;
}

Op create_primary_key(const Table& t, const PrimaryKeyConstraint& pk) {
  Op o = op("create_primary_key");
  o.args.add("name", Doc::str(pk.name.value_or(t.name + "_pkey")));
  table_args(o, t);
  o.args.add("columns", names(pk.columns));
  return o;
}

Op create_foreign_key(const Table& t, const ForeignKeyConstraint& fk) {
  Op o = op("create_foreign_key");
  o.args.add("name", Doc::str(default_fk_name(t, fk)));
  o.args.add("source_table", Doc::str(t.name));
  if (t.schema) o.args.add("source_schema", Doc::str(*t.schema));
  o.args.add("referent_table", Doc::str(fk.referred_table));
  if (fk.referred_schema) o.args.add("referent_schema", Doc::str(*fk.referred_schema));
  o.args.add("local_cols", names(fk.columns));
  o.args.add("remote_cols", names(fk.referred_columns));
  if (fk.ondelete) o.args.add("ondelete", Doc::str(*fk.ondelete));
  if (fk.onupdate) o.args.add("onupdate", Doc::str(*fk.onupdate));
  if (fk.deferrable) o.args.add("deferrable", Doc::boolean(*fk.deferrable));
  if (fk.initially) o.args.add("initially", Doc::str(*fk.initially));
  return o;
}

Op drop_constraint(const Table& t, const std::string& name, const char* kind) {
  Op o = op("drop_constraint");
  o.args.add("name", Doc::str(name));
  table_args(o, t);
  o.args.add("type_", Doc::str(kind));
  return o;
}

Op table_comment(const Table& t, const std::optional<std::string>& comment,
                 const std::optional<std::string>& existing) {
  Op o = op(comment ? "create_table_comment" : "drop_table_comment");
  table_args(o, t);
  if (comment) o.args.add("comment", Doc::str(*comment));
  if (existing) o.args.add("existing_comment", Doc::str(*existing));
  return o;
}

Op create_enum(const std::optional<std::string>& schema, const std::string& name,
               const std::vector<std::string>& values) {
  Op o = op("create_enum");
  o.args.add("name", Doc::str(name));
  if (schema) o.args.add("schema", Doc::str(*schema));
  o.args.add("values", names(values));
  return o;
}

Op drop_enum(const std::optional<std::string>& schema, const std::string& name) {
  Op o = op("drop_enum");
  o.args.add("name", Doc::str(name));
  if (schema) o.args.add("schema", Doc::str(*schema));
  return o;
}

Op add_enum_value(const std::optional<std::string>& schema, const std::string& name,
                  const std::string& value, const std::optional<std::string>& after,
                  const std::optional<std::string>& before) {
  Op o = op("add_enum_value");
  o.args.add("name", Doc::str(name));
  if (schema) o.args.add("schema", Doc::str(*schema));
  o.args.add("value", Doc::str(value));
  if (after) o.args.add("after", Doc::str(*after));
  else if (before) o.args.add("before", Doc::str(*before));
  return o;
}

Op rename_enum(const std::optional<std::string>& schema, const std::string& name,
               const std::string& new_name) {
  Op o = op("rename_enum");
  o.args.add("name", Doc::str(name));
  if (schema) o.args.add("schema", Doc::str(*schema));
  o.args.add("new_name", Doc::str(new_name));
  return o;
}

}  // namespace retort::migrations::autogen
