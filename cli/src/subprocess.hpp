// Private: running another program (the editor for `edit`, Graphviz's dot for
// `graph`) with the terminal inherited, and finding one on PATH.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace retort::cli {

// The full path of `name` found on $PATH (or `name` itself when it holds a
// '/' and is executable); std::nullopt when there is none.
std::optional<std::string> find_program(const std::string& name);

// Runs argv[0] (looked up on $PATH) with argv and waits for it. Returns its
// exit status, 128 + the signal number when a signal ended it, or -1 when it
// could not be started.
int run_program(const std::vector<std::string>& argv);

}  // namespace retort::cli
