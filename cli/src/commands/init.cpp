// retort init DIR: a new migration environment from a template (Alembic's
// `alembic init`).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "project.hpp"
#include "retort/engine/error.hpp"
#include "templates.hpp"

namespace retort::cli {

namespace fs = std::filesystem;

namespace {
struct InitOptions {
  std::string directory;
  std::string tmpl = "generic";
};

void write_file(const fs::path& path, const std::string& text) {
  std::cout << "Generating " << path.string() << " ...  ";
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw ArgumentError(path.string() + ": cannot write");
  std::cout << "done\n";
}
}  // namespace

void register_init(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "Create a new migration environment");
  cmd->add_option("directory", opts->directory, "Folder for the revision files and template")
      ->required();
  cmd->add_option("-t,--template", opts->tmpl, "Template to use (retort list-templates)");
  cmd->callback([opts, &ctx, &run] {
    run = [opts, &ctx] {
      auto files = template_files(opts->tmpl);
      fs::path dir = fs::absolute(opts->directory).lexically_normal();
      std::error_code ec;
      if (fs::exists(dir) && !fs::is_empty(dir, ec))
        throw ArgumentError("Directory " + dir.string() + " already exists and is not empty");
      fs::path config = fs::absolute(ctx.config_path.value_or("retort.yaml")).lexically_normal();
      if (!fs::exists(dir)) {
        std::cout << "Creating directory " << dir.string() << " ...  ";
        fs::create_directories(dir);
        std::cout << "done\n";
      }
      std::cout << "Creating directory " << (dir / "versions").string() << " ...  ";
      fs::create_directories(dir / "versions");
      std::cout << "done\n";
      auto location = fs::relative(dir, config.parent_path()).generic_string();
      for (const auto& f : files) {
        if (f.path == "retort.yaml") {
          if (fs::exists(config)) {
            std::cout << "File " << config.string() << " already exists, skipping\n";
            continue;
          }
          write_file(config, render(f.text, {{"script_location", location}}));
        } else {
          fs::create_directories((dir / f.path).parent_path());
          write_file(dir / f.path, f.text);
        }
      }
      std::cout << "Please edit the " << (opts->tmpl == "multidb" ? "databases" : "url")
                << " and other settings in '" << config.string() << "' before proceeding.\n";
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
