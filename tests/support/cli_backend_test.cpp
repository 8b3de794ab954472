#include "support/cli_backend_test.hpp"

#include "support/empty_database.hpp"

namespace retort::testing {

void CliBackendTest::set_up_project(const std::string& letters, const std::string& folder,
                                    const std::string& sqlite_stem, int clean_passes) {
  BackendTest::SetUp();
  clean_passes_ = clean_passes;
  p_ = pid_prefix(letters);
  url_ = is("sqlite") ? fresh_sqlite_url(sqlite_stem) : url();
  project_ = std::make_unique<ProjectDir>(folder + "-" + name());
  dir_ = project_->dir();
  std::filesystem::create_directories(dir_ / "migrations" / "versions");
  engine_ = create_engine(url_);
  clean();
}

void CliBackendTest::TearDown() { clean(); }

void CliBackendTest::clean() { drop_prefixed_tables(engine_, p_, clean_passes_); }

std::string CliBackendTest::prefixed(const std::string& text) const {
  return replace_all(text, "P_", p_);
}

void CliBackendTest::write_revision(const std::string& id, const std::string& down,
                                    const std::string& body) const {
  write_file(dir_ / "migrations" / "versions" / (id + "_r.yaml"),
             revision_text(id, down, prefixed(body), "", id));
}

std::unique_ptr<EmptyDatabase> CliBackendTest::empty_database(const std::string& tag) const {
  return std::make_unique<EmptyDatabase>(name(), url(), p_ + tag, dir_);
}

}  // namespace retort::testing
