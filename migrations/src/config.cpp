#include "retort/migrations/config.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdlib>

namespace retort::migrations {

namespace {

std::string place(const std::filesystem::path& file, const YAML::Mark& m) {
  return file.string() + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

[[noreturn]] void fail(const std::filesystem::path& file, const YAML::Node& n,
                       const std::string& what) {
  throw ConfigError(place(file, n.Mark()) + ": " + what);
}

std::string scalar(const std::filesystem::path& file, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) fail(file, n, "'" + key + "' must be a string");
  return n.as<std::string>();
}

bool boolean(const std::filesystem::path& file, const YAML::Node& n, const std::string& key) {
  if (n.IsScalar()) {
    const std::string v = n.as<std::string>();
    if (v == "true" || v == "yes" || v == "on") return true;
    if (v == "false" || v == "no" || v == "off") return false;
  }
  fail(file, n, "'" + key + "' must be true or false");
}

std::vector<std::string> strings(const std::filesystem::path& file, const YAML::Node& n,
                                 const std::string& key) {
  std::vector<std::string> out;
  if (n.IsScalar()) {
    out.push_back(n.as<std::string>());
  } else if (n.IsSequence()) {
    for (const auto& item : n) out.push_back(scalar(file, item, key));
  } else {
    fail(file, n, "'" + key + "' must be a string or a list of strings");
  }
  return out;
}

// target_metadata: a file, a list of files, or {command: "..."}.
void target_metadata(const std::filesystem::path& path, const YAML::Node& v,
                     std::vector<std::string>& files, std::optional<std::string>& command) {
  const std::string at = place(path, v.Mark());
  if (v.IsMap()) {
    for (const auto& m : v) {
      if (m.first.as<std::string>() != "command")
        fail(path, m.first, "unknown key '" + m.first.as<std::string>() +
                                "' in target_metadata (expected: command)");
      command = expand_env(scalar(path, m.second, "command"), at);
    }
  } else if (!v.IsNull()) {
    for (auto& f : strings(path, v, "target_metadata")) files.push_back(expand_env(f, at));
  }
}

std::vector<std::string> expanded_strings(const std::filesystem::path& path, const YAML::Node& v,
                                          const std::string& key) {
  std::vector<std::string> out;
  if (!v.IsNull())
    for (auto& f : strings(path, v, key)) out.push_back(expand_env(f, place(path, v.Mark())));
  return out;
}

// One entry of `databases:`: `name: url`, or a map with url and the
// database's own target_metadata and filters.
DatabaseConfig database(const std::filesystem::path& path, const std::string& name,
                        const YAML::Node& v) {
  DatabaseConfig db;
  db.name = name;
  if (v.IsNull()) fail(path, v, "database '" + name + "' has no url");
  if (!v.IsMap()) {
    db.url = expand_env(scalar(path, v, name), place(path, v.Mark()));
    return db;
  }
  bool has_url = false;
  for (const auto& kv : v) {
    const std::string key = scalar(path, kv.first, name);
    const YAML::Node& x = kv.second;
    if (key == "url") {
      if (x.IsNull()) fail(path, x, "database '" + name + "' has no url");
      db.url = expand_env(scalar(path, x, name + ".url"), place(path, x.Mark()));
      has_url = true;
    } else if (key == "target_metadata") {
      std::vector<std::string> files;
      std::optional<std::string> command;
      target_metadata(path, x, files, command);
      if (command)
        db.target_metadata_command = command;
      else
        db.target_metadata = std::move(files);
    } else if (key == "include_tables") {
      db.include_tables = expanded_strings(path, x, key);
    } else if (key == "exclude_tables") {
      db.exclude_tables = expanded_strings(path, x, key);
    } else if (key == "include_schemas") {
      db.include_schemas = expanded_strings(path, x, key);
    } else {
      fail(path, kv.first,
           "unknown setting '" + key + "' for database '" + name +
               "' (known: url, target_metadata, include_tables, exclude_tables, "
               "include_schemas)");
    }
  }
  if (!has_url) fail(path, v, "database '" + name + "' has no url");
  return db;
}

}  // namespace

std::string expand_env(std::string_view text, const std::string& where) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (i + 1 >= text.size() || text[i + 1] != '{') {
      out += '$';
      continue;
    }
    auto close = text.find('}', i + 2);
    if (close == std::string_view::npos)
      throw ConfigError(where + ": unterminated ${ in '" + std::string(text) + "'");
    std::string_view body = text.substr(i + 2, close - i - 2);
    std::optional<std::string_view> fallback;
    if (auto sep = body.find(":-"); sep != std::string_view::npos) {
      fallback = body.substr(sep + 2);
      body = body.substr(0, sep);
    }
    if (body.empty()) throw ConfigError(where + ": empty variable name in ${...}");
    const char* value = std::getenv(std::string(body).c_str());
    if (value && *value)
      out += value;
    else if (fallback)
      out += expand_env(*fallback, where);
    else
      throw ConfigError(where + ": environment variable " + std::string(body) +
                        " is not set (write ${" + std::string(body) + ":-default} for a default)");
    i = close;
  }
  return out;
}

std::filesystem::path Config::resolve(const std::string& p) const {
  std::filesystem::path path(p);
  return path.is_absolute() ? path : root / path;
}

Config load_config(const std::filesystem::path& path) {
  Config c;
  c.file = path;
  c.root = std::filesystem::absolute(path).parent_path();
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path.string());
  } catch (const YAML::BadFile&) {
    throw ConfigError(path.string() + ": cannot read the config file");
  } catch (const YAML::ParserException& e) {
    throw ConfigError(place(path, e.mark) + ": " + e.msg);
  }
  if (doc.IsNull()) return c;
  if (!doc.IsMap()) fail(path, doc, "the config must be a map of settings");
  for (const auto& kv : doc) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    auto at = [&] { return place(path, v.Mark()); };
    if (key == "script_location") {
      c.script_location = expand_env(scalar(path, v, key), at());
    } else if (key == "url") {
      if (!v.IsNull()) c.url = expand_env(scalar(path, v, key), at());
    } else if (key == "databases") {
      if (!v.IsMap() || v.size() == 0)
        fail(path, v,
             "'databases' must be a map of database name -> url (engine1: sqlite:///a.db)");
      for (const auto& db : v) {
        const std::string name = scalar(path, db.first, "databases");
        bool ok = !name.empty();
        for (char ch : name)
          ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-');
        if (!ok)
          fail(path, db.first,
               "database name '" + name + "' must be letters, digits, '_' and '-' only");
        for (const auto& known : c.databases)
          if (known.name == name) fail(path, db.first, "database '" + name + "' is named twice");
        c.databases.push_back(database(path, name, db.second));
      }
    } else if (key == "target_metadata") {
      target_metadata(path, v, c.target_metadata, c.target_metadata_command);
    } else if (key == "include_tables" || key == "exclude_tables" || key == "include_schemas") {
      auto& list = key == "include_tables"   ? c.include_tables
                   : key == "exclude_tables" ? c.exclude_tables
                                             : c.include_schemas;
      if (!v.IsNull())
        for (auto& f : strings(path, v, key)) list.push_back(expand_env(f, at()));
    } else if (key == "version_table") {
      c.version_table = scalar(path, v, key);
      if (c.version_table.empty()) fail(path, v, "'version_table' must not be empty");
    } else if (key == "transaction_per_migration") {
      c.transaction_per_migration = boolean(path, v, key);
    } else if (key == "version_locations") {
      for (auto& f : strings(path, v, key)) c.version_locations.push_back(expand_env(f, at()));
    } else if (key == "file_template") {
      c.file_template = scalar(path, v, key);
    } else if (key == "truncate_slug_length") {
      try {
        c.truncate_slug_length = v.as<int>();
      } catch (const YAML::Exception&) {
        fail(path, v, "'truncate_slug_length' must be an integer");
      }
      if (c.truncate_slug_length < 1) fail(path, v, "'truncate_slug_length' must be at least 1");
    } else {
      fail(path, kv.first,
           "unknown setting '" + key +
               "' (known: script_location, url, databases, target_metadata, include_tables, "
               "exclude_tables, include_schemas, version_table, transaction_per_migration, "
               "version_locations, file_template, truncate_slug_length)");
    }
  }
  if (c.url && c.is_multidb())
    fail(path, doc["databases"],
         "'url' and 'databases' exclude each other: a multidb project gives each database's url "
         "under databases");
  return c;
}

Config database_config(const Config& config, const std::string& name) {
  const DatabaseConfig* db = nullptr;
  std::string names;
  for (const auto& d : config.databases) {
    if (d.name == name) db = &d;
    names += (names.empty() ? "" : ", ") + d.name;
  }
  if (!db)
    throw ConfigError("no database '" + name + "' in " + config.file.string() + " (databases: " +
                      names + ")");
  Config c = config;
  c.databases.clear();
  c.url = db->url;
  if (db->target_metadata || db->target_metadata_command) {
    c.target_metadata = db->target_metadata.value_or(std::vector<std::string>{});
    c.target_metadata_command = db->target_metadata_command;
  }
  if (db->include_tables) c.include_tables = *db->include_tables;
  if (db->exclude_tables) c.exclude_tables = *db->exclude_tables;
  if (db->include_schemas) c.include_schemas = *db->include_schemas;
  return c;
}

std::optional<Config> find_config(const std::optional<std::string>& explicit_path) {
  std::optional<std::string> named = explicit_path;
  if (!named) {
    if (const char* env = std::getenv("RETORT_CONFIG"); env && *env) named = env;
  }
  if (named) {
    if (!std::filesystem::exists(*named))
      throw ConfigError(*named + ": config file not found");
    return load_config(*named);
  }
  if (std::filesystem::exists("retort.yaml")) return load_config("retort.yaml");
  return std::nullopt;
}

}  // namespace retort::migrations
