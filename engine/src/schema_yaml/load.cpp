// The document, its tables and their columns.
#include <algorithm>

#include "retort/engine/error.hpp"
#include "retort/engine/types.hpp"
#include "detail/schema_yaml_table.hpp"
#include "schema_yaml/loader.hpp"

namespace retort::schema_yaml {

namespace {

const std::vector<std::string_view> kDocumentKeys{"schema", "naming_convention", "tables"};
const std::vector<std::string_view> kNamingKeys{"ix", "uq", "ck", "fk", "pk"};
const std::vector<std::string_view> kTableKeys{"schema",
                                               "columns",
                                               "primary_key",
                                               "indexes",
                                               "foreign_keys",
                                               "unique_constraints",
                                               "check_constraints",
                                               "comment",
                                               "renamed_from"};
const std::vector<std::string_view> kColumnKeys{
    "name",     "type",          "primary_key", "nullable", "default", "server_default",
    "onupdate", "autoincrement", "comment",     "index",    "unique",  "renamed_from"};

}  // namespace

MetaData Loader::load() {
  const Node root = r_.parse();
  if (!root.IsMap()) r_.fail(root.Mark(), "a schema document is a map with a 'tables' key");
  r_.check_keys(root, kDocumentKeys, "the document");

  if (auto f = Reader::field(root, "schema")) md_.schema = r_.optional_string(f, "schema");
  if (md_.schema && md_.schema->empty())
    r_.fail(r_.mark(Reader::field(root, "schema")), "schema must not be empty");

  if (auto f = Reader::field(root, "naming_convention"); f && !f.value.IsNull()) {
    naming_mark_ = f.key.Mark();
    if (!f.value.IsMap())
      r_.fail(Reader::mark(f),
              "naming_convention must be a map, e.g. {ix: \"ix_%(column_0_label)s\"}");
    // SQLAlchemy also accepts the long names; here the keys are the short ones.
    for (const auto& kv : f.value) {
      for (auto [long_name, key] : {std::pair{"index", "ix"},
                                    {"unique", "uq"},
                                    {"check", "ck"},
                                    {"foreign_key", "fk"},
                                    {"primary_key", "pk"}}) {
        if (kv.first.IsScalar() && kv.first.Scalar() == long_name) {
          r_.fail(kv.first.Mark(), std::string("unknown key '") + long_name +
                                       "' in naming_convention (did you mean '" + key + "'?)");
        }
      }
    }
    r_.check_keys(f.value, kNamingKeys, "naming_convention");
    for (const auto& kv : f.value) {
      const Field entry{kv.first, kv.second, true};
      md_.naming_convention[kv.first.Scalar()] =
          r_.name(entry, "naming_convention." + kv.first.Scalar());
    }
  }

  const Field tables = Reader::field(root, "tables");
  if (!tables) r_.fail(root.Mark(), "the document has no 'tables' key");
  if (!tables.value.IsNull()) {
    if (!tables.value.IsMap())
      r_.fail(Reader::mark(tables), "tables must be a map of table name to table");
    std::map<std::string, int> seen;
    for (const auto& kv : tables.value) {
      const std::string name = r_.name(Field{kv.first, kv.first, true}, "a table name");
      if (auto [pos, fresh] = seen.emplace(name, Reader::line_of(kv.first.Mark())); !fresh) {
        r_.fail(kv.first.Mark(), "duplicate table '" + name + "' (first at line " +
                                     std::to_string(pos->second) + ")");
      }
      load_table(name, kv.first, kv.second);
    }
  }

  check_foreign_key_targets();
  try {
    md_.apply_naming_convention();
  } catch (const SchemaError& e) {
    r_.fail(naming_mark_, e.what());
  }
  check_generated_names();
  return std::move(md_);
}

Table Loader::load_single_table(const std::string& name, const YAML::Node& key_node,
                                const YAML::Node& value) {
  const Node key = r_.adopt(key_node);
  load_table(name, key, r_.adopt(value));
  try {
    md_.apply_naming_convention();
  } catch (const SchemaError& e) {
    r_.fail(key.Mark(), e.what());
  }
  check_generated_names();
  return *md_.tables().front();
}

Table load_table_node(const std::string& name, const YAML::Node& key, const YAML::Node& value,
                      const std::vector<std::string>& keys_ignored, std::string_view text,
                      const std::string& source) {
  if (!value.IsMap() || keys_ignored.empty())
    return Loader(text, source).load_single_table(name, key, value);
  // A new map holding the same entries (Node assignment would alias `value`).
  YAML::Node table(YAML::NodeType::Map);
  for (const auto& kv : value) {
    const bool skip = kv.first.IsScalar() &&
                      std::find(keys_ignored.begin(), keys_ignored.end(), kv.first.Scalar()) !=
                          keys_ignored.end();
    if (!skip) table.force_insert(kv.first, kv.second);
  }
  return Loader(text, source).load_single_table(name, key, table);
}

Column load_column_node(const YAML::Node& node, const std::string& table, std::string_view text,
                        const std::string& source) {
  return Loader(text, source).load_single_column(node, table);
}

void Loader::load_table(const std::string& name, const Node& key, const Node& value) {
  Table& t = md_.add_table(Table(name));
  tables_.push_back({&t, key.Mark()});
  index_names_.clear();
  constraint_names_.clear();
  const std::string noun = "table '" + name + "'";
  if (value.IsNull()) return;
  if (!value.IsMap()) {
    r_.fail(value.Mark(), noun + " must be a map with columns, indexes, ... (or {} for none)");
  }
  r_.check_keys(value, kTableKeys, noun);

  if (auto f = Reader::field(value, "schema"); f && !f.value.IsNull()) {
    t.schema = r_.name(f, "schema of " + noun);
  }
  t.comment = r_.optional_string(Reader::field(value, "comment"), "comment of " + noun);
  t.renamed_from =
      r_.optional_string(Reader::field(value, "renamed_from"), "renamed_from of " + noun);

  std::map<std::string, ColumnSite> sites;
  if (auto f = Reader::field(value, "columns"); f && !f.value.IsNull()) {
    if (!f.value.IsSequence()) {
      r_.fail(Reader::mark(f),
              "columns of " + noun + " must be a list, e.g. - {name: id, type: Integer}");
    }
    std::map<std::string, int> seen;
    for (const auto& node : f.value) {
      Column c = load_column(node, name);
      const YAML::Mark at = Reader::mark(Reader::field(node, "name"));
      if (auto [pos, fresh] = seen.emplace(c.name, Reader::line_of(at)); !fresh) {
        r_.fail(at, "duplicate column '" + c.name + "' in " + noun + " (first at line " +
                        std::to_string(pos->second) + ")");
      }
      sites.emplace(c.name, ColumnSite{at, bool(Reader::field(node, "nullable"))});
      t.columns.push_back(std::move(c));
    }
  }
  load_primary_key(t, Reader::field(value, "primary_key"), sites);
  load_indexes(t, Reader::field(value, "indexes"));
  load_unique_constraints(t, Reader::field(value, "unique_constraints"));
  load_check_constraints(t, Reader::field(value, "check_constraints"));
  load_foreign_keys(t, Reader::field(value, "foreign_keys"));
}

Column Loader::load_column(const Node& node, const std::string& table) {
  if (!node.IsMap()) {
    r_.fail(node.Mark(),
            "each column of table '" + table + "' is a map, e.g. {name: id, type: Integer}");
  }
  const Field name_field = Reader::field(node, "name");
  std::string noun = "a column of table '" + table + "'";
  if (name_field && name_field.value.IsScalar())
    noun = "column '" + table + "." + name_field.value.Scalar() + "'";
  r_.check_keys(node, kColumnKeys, noun);
  if (!name_field) r_.fail(node.Mark(), noun + " has no name");

  Column c;
  c.name = r_.name(name_field, "the name of " + noun);
  const Field type_field = Reader::field(node, "type");
  if (!type_field || type_field.value.IsNull()) r_.fail(node.Mark(), noun + " has no type");
  const std::string type = r_.string(type_field, "the type of " + noun);
  try {
    c.type = Type::parse(type);
  } catch (const SchemaError&) {
    throw;
  } catch (const ArgumentError& e) {
    r_.fail(Reader::mark(type_field), e.what());
  }

  auto flag = [&](std::string_view key, bool fallback) {
    const Field f = Reader::field(node, key);
    return f ? r_.boolean(f, std::string(key) + " of " + noun) : fallback;
  };
  c.primary_key = flag("primary_key", false);
  // Primary key columns are NOT NULL unless the document says otherwise;
  // load_primary_key applies the same to columns named by the table's entry.
  c.nullable = flag("nullable", !c.primary_key);
  c.index = flag("index", false);
  c.unique = flag("unique", false);
  // The messages are built only for the keys a column has (a model has
  // thousands of columns, most with few keys).
  if (const Field f = Reader::field(node, "default"))
    c.default_value = r_.literal(f, "default of " + noun);
  if (const Field f = Reader::field(node, "onupdate"))
    c.onupdate = r_.literal(f, "onupdate of " + noun);
  if (const Field f = Reader::field(node, "server_default"))
    c.server_default = r_.optional_string(f, "server_default of " + noun);
  if (c.server_default && c.server_default->empty()) {
    r_.fail(Reader::mark(Reader::field(node, "server_default")),
            "server_default of " + noun + " is empty: write SQL text, e.g. server_default: \"''\"");
  }
  if (const Field f = Reader::field(node, "autoincrement"); f && !f.value.IsNull()) {
    if (f.value.IsScalar() && f.value.Scalar() == "auto") {
      c.autoincrement = std::nullopt;
    } else {
      const Field as_bool = f;
      if (!f.value.IsScalar() || (f.value.Scalar() != "true" && f.value.Scalar() != "false" &&
                                  f.value.Scalar() != "True" && f.value.Scalar() != "False")) {
        r_.fail(Reader::mark(f), "autoincrement of " + noun + " must be true, false or auto");
      }
      c.autoincrement = r_.boolean(as_bool, "autoincrement of " + noun);
    }
  }
  if (const Field f = Reader::field(node, "comment"))
    c.comment = r_.optional_string(f, "comment of " + noun);
  if (const Field f = Reader::field(node, "renamed_from"))
    c.renamed_from = r_.optional_string(f, "renamed_from of " + noun);
  return c;
}

}  // namespace retort::schema_yaml
