// Test support: run a command line and capture what it printed.
#pragma once

#include <string>

namespace retort::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `command` through /bin/sh; stdout and stderr are captured separately.
ProcessResult run_process(const std::string& command);
// Single-quotes an argument for /bin/sh.
std::string shell_quote(const std::string& arg);

}  // namespace retort::testing
