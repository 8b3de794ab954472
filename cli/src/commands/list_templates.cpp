// retort list-templates: the templates `retort init -t` accepts.
#include <CLI/CLI.hpp>
#include <iostream>

#include "context.hpp"
#include "templates.hpp"

namespace retort::cli {

void register_list_templates(CLI::App& app, Context&, std::function<int()>& run) {
  auto* cmd = app.add_subcommand("list-templates", "List the templates for init");
  cmd->callback([&run] {
    run = [] {
      std::cout << "Available templates:\n\n";
      for (const auto& [name, synopsis] : template_names())
        std::cout << name << " - " << synopsis << '\n';
      std::cout << "\nTemplates are used via the 'init' command, e.g.:\n\n"
                   "  retort init --template generic ./migrations\n";
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
