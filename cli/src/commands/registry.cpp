// The commands of the retort binary. Adding one: a file in commands/ with a
// register_<name> function, and one line below.
#include "context.hpp"

namespace retort::cli {

void register_inspect(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_init(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_list_templates(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_revision(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_merge(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_upgrade(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_downgrade(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_current(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_history(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_heads(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_branches(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_show(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_stamp(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_edit(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_graph(CLI::App& app, Context& ctx, std::function<int()>& run);
void register_check(CLI::App& app, Context& ctx, std::function<int()>& run);

const std::vector<Registrar>& commands() {
  static const std::vector<Registrar> all = {
      &register_inspect,
      &register_init,
      &register_list_templates,
      &register_revision,
      &register_merge,
      &register_upgrade,
      &register_downgrade,
      &register_current,
      &register_history,
      &register_heads,
      &register_branches,
      &register_show,
      &register_stamp,
      &register_edit,
      &register_graph,
      &register_check,
  };
  return all;
}

}  // namespace retort::cli
