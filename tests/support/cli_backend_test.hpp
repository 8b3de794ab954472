// Test support: a CLI test on every backend with a project folder of its own
// (migrations/versions in it) and table names of its own ("P_" in the texts
// it writes stands for its prefix), cleaned up before and after.
#pragma once

#include <memory>
#include <string>

#include "support/backends.hpp"
#include "support/cli_project.hpp"

namespace retort::testing {

class EmptyDatabase;

class CliBackendTest : public BackendTest {
 protected:
  // Call from SetUp: tables prefixed "<letters><pid>_", the folder
  // retort-<folder>-<backend>-<pid>, on SQLite a fresh file `sqlite_stem`;
  // `clean_passes` as drop_prefixed_tables takes it.
  void set_up_project(const std::string& letters, const std::string& folder,
                      const std::string& sqlite_stem, int clean_passes);
  void TearDown() override;
  // Drops the tables with the prefix.
  void clean();
  // `text` with P_ replaced by the prefix.
  virtual std::string prefixed(const std::string& text) const;
  // `retort <args>` run in the folder (no -c: its retort.yaml is found there).
  ProcessResult retort(const std::string& args, const std::string& env = "") const {
    return project_->retort(args, env);
  }
  std::string revision_file(const std::string& id) const { return project_->revision_file(id); }
  // A revision file <id>_r.yaml (message: the id); P_ in `body` is the prefix.
  void write_revision(const std::string& id, const std::string& down,
                      const std::string& body) const;
  // An empty database "<prefix><tag>" on the backend's server (a SQLite
  // file in the folder), e.g. for --scratch / --roundtrip --url; the caller
  // includes support/empty_database.hpp.
  std::unique_ptr<EmptyDatabase> empty_database(const std::string& tag) const;

  std::string p_, url_;
  std::unique_ptr<ProjectDir> project_;
  std::filesystem::path dir_;
  Engine engine_;

 private:
  int clean_passes_ = 1;
};

}  // namespace retort::testing
