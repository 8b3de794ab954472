#include "context.hpp"

#include "retort/engine/error.hpp"
#include "retort/migrations/autogenerate.hpp"

namespace retort::cli {

const std::optional<migrations::Config>& Context::config() {
  if (!loaded_) {
    config_ = migrations::find_config(config_path);
    if (config_) {
      for (const auto& x : x_args) {
        auto eq = x.find('=');
        if (eq == std::string::npos) throw ArgumentError("-x expects key=value, got '" + x + "'");
        config_->x_arguments[x.substr(0, eq)] = x.substr(eq + 1);
      }
    }
    loaded_ = true;
  }
  return config_;
}

std::string Context::database_url() {
  const auto& c = config();
  if (c && c->is_multidb()) {
    std::string names;
    for (const auto& db : c->databases) names += (names.empty() ? "" : ", ") + db.name;
    if (db_names.size() != 1)
      throw ArgumentError("this project has several databases (" + names +
                          "): pick one with --db NAME");
    if (url) return *url;
    for (const auto& db : c->databases)
      if (db.name == db_names.front()) return db.url;
    throw ArgumentError("--db " + db_names.front() + ": no such database (databases: " + names +
                        ")");
  }
  if (!db_names.empty())
    throw ArgumentError("--db " + db_names.front() +
                        ": this project has one database (retort.yaml has no databases map)");
  if (url) return *url;
  if (c && c->url) return *c->url;
  throw ArgumentError("no database URL: pass --url, or set url in retort.yaml (-c to point at it)");
}

MetaData Context::target_metadata(const migrations::Config& config) const {
  if (metadata) return *metadata;
  return migrations::load_target_metadata(config);
}

}  // namespace retort::cli
