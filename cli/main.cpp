// The retort binary: the command line of retort/cli/run.hpp with
// retort.yaml's target_metadata.
#include "retort/cli/run.hpp"

int main(int argc, char** argv) { return retort::cli::run(argc, argv); }
