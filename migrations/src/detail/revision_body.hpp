// Internal: what a revision file holds besides its header, for the operations layer. The
// YAML nodes stay here so that yaml-cpp never reaches a public header.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace retort::migrations {

class RevisionBody {
 public:
  std::string text;      // the whole file as read
  YAML::Node upgrade;    // a sequence of one-key operation maps (or null)
  YAML::Node downgrade;  // the same
};

}  // namespace retort::migrations
