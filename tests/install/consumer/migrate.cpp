// An application's own migrate binary against the installed retort::cli.
#include "retort/cli/run.hpp"
#include "retort/engine/types.hpp"

int main(int argc, char** argv) {
  retort::MetaData metadata;
  retort::Table t("consumer_item");
  retort::Column id("id", retort::types::Integer());
  id.primary_key = true;
  t.add_column(id);
  metadata.add_table(std::move(t));
  return retort::cli::run(argc, argv, metadata);
}
