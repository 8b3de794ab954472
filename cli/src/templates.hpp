// Private: the files of templates/ (compiled in), and rendering {{token}}
// placeholders.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace retort::cli {

struct EmbeddedFile {
  std::string path;  // "generic/script.yaml.tmpl"
  std::string text;
};
const std::vector<EmbeddedFile>& embedded_templates();

// Template names ("generic") and the first line of each one's README.
std::vector<std::pair<std::string, std::string>> template_names();
// The files of one template, paths relative to it; ArgumentError for an unknown
// name.
std::vector<EmbeddedFile> template_files(const std::string& name);
// Replaces each {{key}} by its value; an unknown key is left as it is.
std::string render(const std::string& text, const std::map<std::string, std::string>& values);

}  // namespace retort::cli
