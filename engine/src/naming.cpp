// Naming conventions: SQLAlchemy's %(token)s templates that give constraints
// and indexes deterministic names, so that autogenerate can compare them.
#include <array>
#include <charconv>

#include "retort/engine/error.hpp"
#include "retort/engine/schema.hpp"

namespace retort {

namespace {

constexpr std::array<std::string_view, 5> kKinds{"ix", "uq", "ck", "fk", "pk"};

const char* kind_noun(std::string_view kind) {
  if (kind == "ix") return "index";
  if (kind == "uq") return "unique constraint";
  if (kind == "ck") return "check constraint";
  if (kind == "fk") return "foreign key";
  return "primary key";
}

// What a template is rendered for.
struct Subject {
  std::string_view kind;
  const Table& table;
  const std::vector<std::string>* columns;  // nullptr: a check constraint has none
  const ForeignKeyConstraint* fk;           // foreign keys only
  const std::optional<std::string>& constraint_name;
};

std::string describe(const Subject& s) {
  std::string d = std::string(kind_noun(s.kind)) + " ";
  if (s.constraint_name) d += "'" + *s.constraint_name + "' ";
  if (s.columns && !s.columns->empty()) {
    d += "(";
    for (std::size_t i = 0; i < s.columns->size(); ++i) d += (i ? ", " : "") + (*s.columns)[i];
    d += ") ";
  }
  return d + "on table '" + s.table.name + "'";
}

// column_<N>_<attr>, column_0N_<attr>, column_0_N_<attr>, with or without "referred_".
std::string column_token(std::string_view token, const Subject& s, const std::string& tmpl) {
  auto fail = [&](const std::string& why) {
    return SchemaError("naming convention '" + std::string(s.kind) + "' (" + tmpl + "): " + why +
                       " for the " + describe(s));
  };
  const bool referred = token.starts_with("referred_");
  if (referred) token.remove_prefix(9);
  token.remove_prefix(7);  // "column_"
  const std::vector<std::string>* cols = s.columns;
  std::string table_name = s.table.name;
  if (referred) {
    if (!s.fk) throw fail("%(referred_column_...)s is only for foreign keys");
    cols = &s.fk->referred_columns;
    table_name = s.fk->referred_table;
  }
  if (!cols) throw fail("a check constraint has no columns to name it by");

  const auto us = token.rfind('_');
  const std::string_view attr = us == std::string_view::npos ? "" : token.substr(us + 1);
  const std::string_view which = us == std::string_view::npos ? "" : token.substr(0, us);
  if (attr != "name" && attr != "key" && attr != "label") {
    throw fail("unknown token '" + std::string(token) + "'");
  }
  auto one = [&](const std::string& c) {
    return attr == "label" ? table_name + "_" + c : c;  // SQLAlchemy's label: table_column
  };
  if (which == "0N" || which == "0_N") {
    if (cols->empty()) throw fail("there are no columns");
    std::string out;
    for (std::size_t i = 0; i < cols->size(); ++i) {
      if (i && which == "0_N") out += '_';
      out += one((*cols)[i]);
    }
    return out;
  }
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(which.data(), which.data() + which.size(), n);
  if (ec != std::errc{} || p != which.data() + which.size() || which.empty()) {
    throw fail("unknown token 'column_" + std::string(token) + "'");
  }
  if (n >= cols->size()) throw fail("there is no column " + std::to_string(n));
  return one((*cols)[n]);
}

std::string render(const std::string& tmpl, const Subject& s) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '%') {
      out += tmpl[i];
      continue;
    }
    if (i + 1 < tmpl.size() && tmpl[i + 1] == '%') {  // "%%" is a literal percent, as in Python
      out += '%';
      ++i;
      continue;
    }
    const auto close = tmpl.find(")s", i);
    if (i + 1 >= tmpl.size() || tmpl[i + 1] != '(' || close == std::string::npos) {
      throw SchemaError("naming convention '" + std::string(s.kind) + "' (" + tmpl +
                        "): a '%' must start a %(token)s or be written %%");
    }
    const std::string_view token = std::string_view(tmpl).substr(i + 2, close - i - 2);
    if (token == "table_name") {
      out += s.table.name;
    } else if (token == "referred_table_name") {
      if (!s.fk) {
        throw SchemaError("naming convention '" + std::string(s.kind) + "' (" + tmpl +
                          "): %(referred_table_name)s is only for foreign keys");
      }
      out += s.fk->referred_table;
    } else if (token == "constraint_name") {
      if (!s.constraint_name) {
        throw SchemaError("naming convention '" + std::string(s.kind) + "' (" + tmpl +
                          ") uses %(constraint_name)s, so the " + describe(s) +
                          " must be given a name");
      }
      out += *s.constraint_name;
    } else if (token.starts_with("column_") || token.starts_with("referred_column_")) {
      out += column_token(token, s, tmpl);
    } else {
      throw SchemaError("naming convention '" + std::string(s.kind) + "' (" + tmpl +
                        "): unknown token %(" + std::string(token) + ")s");
    }
    i = close + 1;
  }
  return out;
}

// The name a constraint ends up with: unnamed ones get the template's;
// named ones keep theirs, except that a template with %(constraint_name)s
// wraps the given name, once: a name that already has the template's shape
// (from an earlier application, or a dump of one) is left alone, so that
// applying twice changes nothing.
std::optional<std::string> conventional(const NamingConvention& nc, std::string_view kind,
                                        const Table& table, const std::vector<std::string>* columns,
                                        const ForeignKeyConstraint* fk,
                                        const std::optional<std::string>& name) {
  const auto it = nc.find(std::string(kind));
  if (it == nc.end()) return name;
  const std::string& tmpl = it->second;
  if (name && tmpl.find("%(constraint_name)s") == std::string::npos) return name;
  if (name) {
    const std::optional<std::string> marker = std::string("\x01");
    const std::string shape = render(tmpl, Subject{kind, table, columns, fk, marker});
    const auto first = shape.find('\x01');
    const auto last = shape.rfind('\x01');
    const std::string prefix = shape.substr(0, first), suffix = shape.substr(last + 1);
    if (name->size() > prefix.size() + suffix.size() && name->starts_with(prefix) &&
        name->ends_with(suffix)) {
      return name;
    }
  }
  return render(tmpl, Subject{kind, table, columns, fk, name});
}

}  // namespace

void MetaData::apply_naming_convention() {
  for (const auto& [key, tmpl] : naming_convention) {
    bool known = false;
    for (auto k : kKinds) known = known || k == key;
    if (!known) {
      throw SchemaError("unknown naming convention key '" + key +
                        "' (expected ix, uq, ck, fk or pk)");
    }
  }
  const NamingConvention& nc = naming_convention;
  for (auto& tp : tables_) {
    Table& t = *tp;
    // Column shorthands become real objects, as in SQLAlchemy: index=true is
    // an index (unique with unique=true), unique=true alone a constraint.
    for (auto& c : t.columns) {
      if (c.index) {
        Index ix;
        ix.columns = {c.name};
        ix.unique = c.unique;
        // SQLAlchemy's default convention, ix_%(column_0_label)s, when none is set.
        ix.name = nc.count("ix") ? *conventional(nc, "ix", t, &ix.columns, nullptr, std::nullopt)
                                 : "ix_" + t.name + "_" + c.name;
        t.indexes.push_back(std::move(ix));
      } else if (c.unique) {
        UniqueConstraint uq;
        uq.columns = {c.name};
        t.unique_constraints.push_back(std::move(uq));
      }
      c.index = false;
      c.unique = false;
    }

    for (auto& ix : t.indexes) {
      const std::optional<std::string> given =
          ix.name.empty() ? std::nullopt : std::optional<std::string>(ix.name);
      auto name = conventional(nc, "ix", t, &ix.columns, nullptr, given);
      if (!name) {
        throw SchemaError("the " + describe(Subject{"ix", t, &ix.columns, nullptr, given}) +
                          " has no name: name it, or set a naming convention for 'ix'");
      }
      ix.name = std::move(*name);
    }
    for (auto& uq : t.unique_constraints) {
      uq.name = conventional(nc, "uq", t, &uq.columns, nullptr, uq.name);
    }
    for (auto& ck : t.check_constraints) {
      ck.name = conventional(nc, "ck", t, nullptr, nullptr, ck.name);
    }
    for (auto& fk : t.foreign_keys) {
      fk.name = conventional(nc, "fk", t, &fk.columns, &fk, fk.name);
    }
    const auto pk_columns = t.primary_key_columns();
    if (!pk_columns.empty() && (t.primary_key || nc.count("pk"))) {
      const std::optional<std::string> given = t.primary_key ? t.primary_key->name : std::nullopt;
      auto name = conventional(nc, "pk", t, &pk_columns, nullptr, given);
      if (name) t.primary_key = PrimaryKeyConstraint{std::move(name), pk_columns};
    }
  }
}

}  // namespace retort
