#include "templates.hpp"

#include "retort/engine/error.hpp"

namespace retort::cli {

std::vector<std::pair<std::string, std::string>> template_names() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : embedded_templates()) {
    auto slash = f.path.find('/');
    if (slash == std::string::npos || f.path.substr(slash + 1) != "README") continue;
    out.emplace_back(f.path.substr(0, slash), f.text.substr(0, f.text.find('\n')));
  }
  return out;
}

std::vector<EmbeddedFile> template_files(const std::string& name) {
  std::vector<EmbeddedFile> out;
  for (const auto& f : embedded_templates())
    if (f.path.rfind(name + "/", 0) == 0) out.push_back({f.path.substr(name.size() + 1), f.text});
  if (out.empty()) {
    std::string names;
    for (const auto& [n, _] : template_names()) names += (names.empty() ? "" : ", ") + n;
    throw ArgumentError("no template named '" + name + "' (available: " + names + ")");
  }
  return out;
}

std::string render(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    auto open = text.find("{{", pos);
    auto close = open == std::string::npos ? open : text.find("}}", open + 2);
    if (close == std::string::npos) break;
    auto it = values.find(text.substr(open + 2, close - open - 2));
    out += text.substr(pos, open - pos);
    out += it == values.end() ? text.substr(open, close + 2 - open) : it->second;
    pos = close + 2;
  }
  return out + text.substr(pos);
}

}  // namespace retort::cli
