#include "support/process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace retort::testing {

std::string shell_quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

ProcessResult run_process(const std::string& command) {
  static int counter = 0;
  auto err_path = std::filesystem::temp_directory_path() /
                  ("retort-test-stderr-" + std::to_string(::getpid()) + "-" +
                   std::to_string(++counter));
  ProcessResult r;
  FILE* p = ::popen((command + " 2>" + shell_quote(err_path.string())).c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_path);
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  std::filesystem::remove(err_path);
  return r;
}

}  // namespace retort::testing
