#include "script_writer.hpp"

#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <set>

#include "project.hpp"
#include "retort/engine/error.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/revision.hpp"
#include "templates.hpp"

namespace retort::cli {

namespace fs = std::filesystem;
using migrations::Revision;

std::string slugify(const std::string& message, int truncate_length) {
  std::string slug;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!slug.empty()) slug += '_';
    slug += word;
    word.clear();
  };
  for (unsigned char c : message) {
    if (std::isalnum(c) || c == '_' || c >= 0x80)
      word += static_cast<char>(std::tolower(c));
    else
      flush();
  }
  flush();
  if (static_cast<int>(slug.size()) > truncate_length) {
    slug = slug.substr(0, static_cast<std::size_t>(truncate_length));
    auto cut = slug.rfind('_');
    slug = (cut == std::string::npos ? slug : slug.substr(0, cut)) + "_";
  }
  return slug;
}

namespace {

std::string random_rev_id() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 12; ++i) id += kHex[gen() % 16];
  return id;
}

std::string yaml_scalar_or_list(const std::vector<std::string>& v) {
  if (v.empty()) return "null";
  if (v.size() == 1) return json_string(v[0]);
  return json_list(v);
}

std::string pad2(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string file_name(const migrations::Config& config, const std::string& rev,
                      const std::string& message, const std::tm& tm, std::time_t epoch) {
  std::string out = config.file_template;
  auto replace = [&](const std::string& token, const std::string& value) {
    for (auto pos = out.find(token); pos != std::string::npos;
         pos = out.find(token, pos + value.size()))
      out.replace(pos, token.size(), value);
  };
  replace("%(rev)s", rev);
  replace("%(slug)s", slugify(message, config.truncate_slug_length));
  replace("%(year)d", std::to_string(tm.tm_year + 1900));
  replace("%(month).2d", pad2(tm.tm_mon + 1));
  replace("%(day).2d", pad2(tm.tm_mday));
  replace("%(hour).2d", pad2(tm.tm_hour));
  replace("%(minute).2d", pad2(tm.tm_min));
  replace("%(second).2d", pad2(tm.tm_sec));
  replace("%(epoch)s", std::to_string(epoch));
  if (out.find("%(") != std::string::npos)
    throw ArgumentError("file_template '" + config.file_template +
                        "': unknown token (known: rev, slug, year, month, day, hour, minute, "
                        "second, epoch)");
  return out + ".yaml";
}

// What {{database_sections}} stands for: an empty operation list per database
// of a multidb project ("  engine1: []" lines), or one empty list.
std::string database_sections(const migrations::Config& config) {
  if (!config.is_multidb()) return "  []";
  std::string out;
  for (const auto& db : config.databases)
    out += (out.empty() ? "" : "\n") + std::string("  ") + db.name + ": []";
  return out;
}

}  // namespace

fs::path generate_revision(const migrations::Config& config,
                           const migrations::ScriptDirectory& scripts, const NewRevision& spec) {
  const auto& map = scripts.revision_map();
  std::string rev_id = spec.rev_id.value_or(random_rev_id());
  if (auto why = migrations::check_revision_id(rev_id); !why.empty())
    throw ArgumentError("revision id '" + rev_id + "': " + why);
  if (const Revision* dup = map.find(rev_id))
    throw migrations::DuplicateRevision("revision " + rev_id + " already exists in " +
                                        dup->path.string());

  std::vector<const Revision*> heads;
  for (const auto& h : spec.heads) {
    std::vector<const Revision*> got;
    try {
      got = map.get_revisions(h);
    } catch (const migrations::MultipleHeads& e) {
      throw migrations::MultipleHeads(
          "Multiple heads are present; please specify the head revision on "
          "which the new "
          "revision should be based, or perform a merge (heads: " +
              join(e.heads()) + ")",
          e.heads());
    }
    for (const auto* r : got)
      if (r) heads.push_back(r);
  }
  std::set<const Revision*> unique(heads.begin(), heads.end());
  if (unique.size() != heads.size()) throw ArgumentError("Duplicate head revisions specified");

  auto locations = version_locations(config);
  fs::path dir;
  if (spec.version_path) {
    dir = fs::absolute(*spec.version_path).lexically_normal();
    bool known = false;
    for (const auto& l : locations)
      if (fs::absolute(l).lexically_normal() == dir) known = true;
    if (!known)
      throw ArgumentError("Path " + *spec.version_path +
                          " is not represented in current version locations");
  } else if (locations.size() > 1) {
    for (const auto* h : heads)
      if (!h->path.empty()) {
        dir = h->path.parent_path();
        break;
      }
    if (dir.empty())
      throw ArgumentError("Multiple version locations present, please specify --version-path");
  } else {
    dir = locations.front();
  }
  fs::create_directories(dir);

  if (!spec.splice)
    for (const auto* h : heads)
      if (!map.is_head(*h))
        throw migrations::RevisionError(
            "Revision " + h->id +
            " is not a head revision; please specify --splice to create a new "
            "branch from "
            "this revision");

  std::vector<std::string> depends;
  for (const auto& d : spec.depends_on) {
    const Revision* r = map.get_revision(d);
    if (!r) throw migrations::RevisionNotFound("depends_on '" + d + "' names base");
    bool is_label =
        std::find(r->branch_labels.begin(), r->branch_labels.end(), d) != r->branch_labels.end();
    depends.push_back(is_label ? d : r->id);
  }

  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  localtime_r(&t, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);

  std::string tmpl_text;
  fs::path tmpl = config.resolve(config.script_location) / "script.yaml.tmpl";
  if (fs::exists(tmpl)) {
    std::ifstream in(tmpl, std::ios::binary);
    tmpl_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    for (const auto& f : template_files(config.is_multidb() ? "multidb" : "generic"))
      if (f.path == "script.yaml.tmpl") tmpl_text = f.text;
  }
  std::vector<std::string> down;
  for (const auto* h : heads) down.push_back(h->id);
  static const std::string kEmpty = "upgrade: []\ndowngrade: []\n";
  // Older templates (before {{operations}}): the generic one's empty lists, the
  // multidb one's per-database sections.
  static const std::string kSections =
      "upgrade:\n{{database_sections}}\ndowngrade:\n{{database_sections}}\n";
  const std::string sections = database_sections(config);
  std::string operations = spec.operations.value_or(
      config.is_multidb() ? "upgrade:\n" + sections + "\ndowngrade:\n" + sections + "\n" : kEmpty);
  if (tmpl_text.find("{{operations}}") == std::string::npos && spec.operations) {
    // A template from before {{operations}}: its empty lists are replaced.
    auto at = tmpl_text.find(kEmpty);
    std::size_t length = kEmpty.size();
    if (at == std::string::npos) {
      at = tmpl_text.find(kSections);
      length = kSections.size();
    }
    if (at == std::string::npos)
      throw ArgumentError(tmpl.string() +
                          ": the template has no {{operations}} line for the autogenerated "
                          "operations");
    tmpl_text.replace(at, length, "{{operations}}\n");
  }
  if (!operations.empty() && operations.back() == '\n') operations.pop_back();
  std::string text = render(
      tmpl_text, {{"revision", rev_id},
                  {"down_revision", yaml_scalar_or_list(down)},
                  {"branch_labels", json_list(spec.branch_labels)},
                  {"depends_on", json_list(depends)},
                  {"message", json_string(spec.message.empty() ? "empty message" : spec.message)},
                  {"create_date", json_string(date)},
                  {"database_sections", database_sections(config)},
                  {"operations", operations}});
  fs::path path = dir / file_name(config, rev_id, spec.message, tm, t);
  if (fs::exists(path)) throw ArgumentError(path.string() + " already exists");
  std::cout << "Generating " << fs::absolute(path).string() << " ...  ";
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) throw ArgumentError(path.string() + ": cannot write");
  }
  std::cout << "done\n";
  return path;
}

}  // namespace retort::cli
