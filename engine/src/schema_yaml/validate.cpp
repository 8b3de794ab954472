// Checks that need the whole document: foreign-key targets, and the names
// the naming convention gave.
#include <set>

#include "detail/type_syntax.hpp"
#include "schema_yaml/loader.hpp"

namespace retort::schema_yaml {

void Loader::check_foreign_key_targets() const {
  std::set<std::optional<std::string>> schemas;  // the schemas this document describes
  std::vector<std::string_view> table_names;
  for (const auto& t : md_.tables()) {
    schemas.insert(t->schema ? t->schema : md_.schema);
    table_names.push_back(t->name);
  }
  for (const auto& p : pending_) {
    const ForeignKeyConstraint& fk = p.table->foreign_keys[p.index];
    // A key into another schema points outside the document: nothing to check.
    if (fk.referred_schema && !schemas.count(fk.referred_schema)) continue;
    const Table* target = nullptr;
    if (fk.referred_schema) {
      target = md_.table(fk.referred_table, std::string_view(*fk.referred_schema));
    } else {
      const auto own = p.table->schema ? p.table->schema : md_.schema;
      target =
          md_.table(fk.referred_table, own ? std::optional<std::string_view>(*own) : std::nullopt);
      if (!target) target = md_.table(fk.referred_table);
    }
    const std::string what = fk.name ? "foreign key '" + *fk.name + "'"
                                     : "a foreign key of table '" + p.table->name + "'";
    if (!target) {
      std::string message =
          what + " references table '" + fk.referred_table + "', which is not in this document";
      if (auto best = detail::closest_match(fk.referred_table, table_names)) {
        message += " (did you mean '" + *best + "'?)";
      }
      r_.fail(p.references, message);
    }
    for (const auto& c : fk.referred_columns) {
      if (target->column(c)) continue;
      std::vector<std::string_view> cols;
      for (const auto& tc : target->columns) cols.push_back(tc.name);
      std::string message = what + " references column '" + c + "' of table '" + target->name +
                            "', which has no such column";
      if (auto best = detail::closest_match(c, cols)) message += " (did you mean '" + *best + "'?)";
      r_.fail(p.references, message);
    }
  }
}

void Loader::check_generated_names() const {
  for (const auto& info : tables_) {
    const Table& t = *info.table;
    std::set<std::string> indexes, constraints;
    auto taken = [&](std::set<std::string>& names, const std::optional<std::string>& n,
                     const char* what) {
      if (n && !names.insert(*n).second) {
        r_.fail(info.mark, "table '" + t.name + "': two " + what + " are named '" + *n +
                               "' (given by naming_convention): make the names differ");
      }
    };
    for (const auto& ix : t.indexes) taken(indexes, ix.name, "indexes");
    if (t.primary_key) taken(constraints, t.primary_key->name, "constraints");
    for (const auto& uq : t.unique_constraints) taken(constraints, uq.name, "constraints");
    for (const auto& ck : t.check_constraints) taken(constraints, ck.name, "constraints");
    for (const auto& fk : t.foreign_keys) taken(constraints, fk.name, "constraints");
  }
}

}  // namespace retort::schema_yaml
