// The commands of the retort binary. Adding one: a file in commands/ with a
// register_<name> function, and one line below.
#include "context.hpp"

namespace retort::cli {

void register_inspect(CLI::App& app, Context& ctx, std::function<int()>& run);

const std::vector<Registrar>& commands() {
  static const std::vector<Registrar> all = {
      &register_inspect,
  };
  return all;
}

}  // namespace retort::cli
