// The retort command line as a function (docs/cli.md, "Your own migrate
// binary"): an application that declares its tables in C++ builds its own
// `retort` with its compiled-in metadata as target_metadata:
//
//   #include "retort/cli/run.hpp"
//   int main(int argc, char** argv) { return retort::cli::run(argc, argv, app::metadata()); }
//
// Link retort::cli. Every command of the retort binary is there; revision
// --autogenerate and check compare the database with `metadata` instead of
// retort.yaml's target_metadata (retort.yaml is still read for
// script_location, url and the rest).
#pragma once

#include "retort/engine/schema.hpp"

namespace retort::cli {

// Parses argv as the retort binary does, runs the command and returns its
// exit code (docs/cli.md, "Exit codes"). Errors are printed on stderr.
int run(int argc, char** argv);
// The same with `metadata` as target_metadata. `metadata` must outlive the call.
int run(int argc, char** argv, const MetaData& metadata);

}  // namespace retort::cli
