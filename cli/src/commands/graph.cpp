// retort graph: the revision DAG as Graphviz DOT on stdout, or written to a
// .dot file, or rendered by Graphviz's dot into .svg/.png/.pdf.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "project.hpp"
#include "retort/engine/error.hpp"
#include "retort/migrations/graph_dot.hpp"
#include "subprocess.hpp"

namespace retort::cli {

namespace fs = std::filesystem;

namespace {
struct GraphOptions {
  std::optional<std::string> output;
  bool current = false;
};

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw ArgumentError(path.string() + ": cannot write");
}

void render_with_dot(const fs::path& path, const std::string& format, const std::string& dot_text) {
  auto dot = find_program("dot");
  if (!dot)
    throw ArgumentError("cannot write " + path.string() +
                        ": Graphviz's dot is not installed (apt-get install graphviz), or write "
                        "a .dot file");
  fs::path tmp =
      fs::temp_directory_path() / ("retort-graph-" + std::to_string(::getpid()) + ".dot");
  write_text(tmp, dot_text);
  int status = run_program({*dot, "-T" + format, "-o", path.string(), tmp.string()});
  std::error_code ec;
  fs::remove(tmp, ec);
  if (status != 0)
    throw ArgumentError("cannot write " + path.string() + ": dot -T" + format +
                        " exited with status " + std::to_string(status));
}
}  // namespace

void register_graph(CLI::App& app, Context& ctx, std::function<int()>& run) {
  auto opts = std::make_shared<GraphOptions>();
  auto* cmd = app.add_subcommand("graph", "Print the revision graph as Graphviz DOT");
  cmd->add_option("-o,--output", opts->output,
                  "Write to FILE: .dot/.gv as DOT, .svg/.png/.pdf through Graphviz's dot");
  cmd->add_flag("--current", opts->current,
                "Mark the revisions applied to the database (needs the database)");
  cmd->callback([opts, &ctx, &run] {
    run = [opts, &ctx] {
      const auto& config = require_config(ctx);
      std::string format;
      if (opts->output) {
        format = fs::path(*opts->output).extension().string();
        if (!format.empty()) format = format.substr(1);
        if (format != "dot" && format != "gv" && format != "svg" && format != "png" &&
            format != "pdf")
          throw ArgumentError("cannot write " + *opts->output +
                              ": unknown output format; name a .dot, .gv, .svg, .png or .pdf file");
      }
      auto scripts = load_scripts(config);
      const auto& map = scripts.revision_map();
      migrations::DotOptions dot;
      if (opts->current) {
        auto heads = current_heads_of_all(ctx, config, scripts);
        dot.current.insert(heads.begin(), heads.end());
        dot.applied = migrations::revisions_below(map, dot.current);
      }
      std::string text = migrations::render_dot(map, dot);
      if (!opts->output) {
        std::cout << text;
      } else if (format == "dot" || format == "gv") {
        write_text(*opts->output, text);
      } else {
        render_with_dot(*opts->output, format, text);
      }
      return kExitOk;
    };
  });
}

}  // namespace retort::cli
