// An application's own migrate binary (docs/cli.md, "Your own migrate
// binary"): the tables are declared in C++, and retort::cli::run makes them
// the target_metadata of every retort command, so
//   app_migrate revision --autogenerate -m "..."   and   app_migrate check
// compare the database with this model. retort.yaml still says where the
// revisions are and the url.
//
// Two environment variables exist only so the tests can run it side by side
// on shared servers and change the model: APP_TABLE_PREFIX (default "app_")
// and APP_MODEL_VERSION (2 adds author.email).
#include <cstdlib>
#include <string>

#include "retort/cli/run.hpp"
#include "retort/engine/types.hpp"

namespace {

retort::MetaData app_metadata() {
  const char* p = std::getenv("APP_TABLE_PREFIX");
  const std::string prefix = p ? p : "app_";
  const char* v = std::getenv("APP_MODEL_VERSION");
  const int version = v ? std::atoi(v) : 1;

  retort::MetaData metadata;
  retort::Table author(prefix + "author");
  retort::Column id("id", retort::types::Integer());
  id.primary_key = true;
  id.nullable = false;
  author.add_column(id);
  retort::Column name("name", retort::types::String(100));
  name.nullable = false;
  author.add_column(name);
  if (version >= 2) author.add_column(retort::Column("email", retort::types::String(200)));
  metadata.add_table(std::move(author));

  retort::Table book(prefix + "book");
  book.add_column(id);
  retort::Column title("title", retort::types::String(200));
  title.nullable = false;
  book.add_column(title);
  book.add_column(retort::Column("author_id", retort::types::Integer()));
  retort::ForeignKeyConstraint fk;
  fk.columns = {"author_id"};
  fk.referred_table = prefix + "author";
  fk.referred_columns = {"id"};
  book.foreign_keys.push_back(fk);
  metadata.add_table(std::move(book));
  return metadata;
}

}  // namespace

int main(int argc, char** argv) {
  const retort::MetaData metadata = app_metadata();
  return retort::cli::run(argc, argv, metadata);
}
