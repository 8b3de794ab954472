// Private: what every retort command shares (global options, config, engine).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "retort/engine/schema.hpp"
#include "retort/migrations/config.hpp"

namespace CLI {
class App;
}

namespace retort::cli {

// Exit codes (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;   // a retort::Error: bad input, database error
inline constexpr int kExitUsage = 2;   // bad command line

struct Context {
  std::optional<std::string> config_path;  // -c/--config
  std::optional<std::string> url;          // --url
  std::vector<std::string> x_args;         // -x key=value
  std::vector<std::string> db_names;       // --db NAME (multidb projects)
  // The application's compiled-in metadata (retort::cli::run with metadata):
  // target_metadata instead of retort.yaml's.
  const MetaData* metadata = nullptr;

  // The config, loaded once (std::nullopt when there is none).
  const std::optional<migrations::Config>& config();
  // --url, else the config's url (in a multidb project: the one database --db
  // picks); ArgumentError when neither says.
  std::string database_url();
  // The declared schema: `metadata` when the application gave one, else
  // retort.yaml's target_metadata.
  MetaData target_metadata(const migrations::Config& config) const;

 private:
  bool loaded_ = false;
  std::optional<migrations::Config> config_;
};

// A command registers its subcommand and sets what runs when it is chosen.
using Registrar = void (*)(CLI::App& app, Context& ctx, std::function<int()>& run);

// One line per command, in commands/registry.cpp.
const std::vector<Registrar>& commands();

}  // namespace retort::cli
