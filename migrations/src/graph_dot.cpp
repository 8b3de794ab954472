// Rendering the revision graph as DOT. Edges point from a revision to the one
// built on it, with the bases at the bottom (rankdir=BT), as history reads.
#include "retort/migrations/graph_dot.hpp"

#include <sstream>
#include <vector>

namespace retort::migrations {
namespace {

// A DOT double-quoted string: backslash and quote escaped, newlines as \n
// (our label line breaks are added by the caller as "\\n").
std::string dot_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') continue;
    out += c;
  }
  return out + "\"";
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// A label's lines, each escaped, joined by DOT's \n.
std::string label(const std::vector<std::string>& lines) {
  std::string body;
  for (const auto& l : lines) {
    std::string q = dot_quoted(l);
    body += (body.empty() ? "" : "\\n") + q.substr(1, q.size() - 2);
  }
  return "\"" + body + "\"";
}

}  // namespace

std::set<std::string> revisions_below(const RevisionMap& map, const std::set<std::string>& heads) {
  std::set<std::string> seen;
  std::vector<std::string> stack(heads.begin(), heads.end());
  while (!stack.empty()) {
    std::string id = std::move(stack.back());
    stack.pop_back();
    const Revision* rev = map.find(id);
    if (!rev || !seen.insert(id).second) continue;
    for (const auto& d : rev->down_revisions) stack.push_back(d);
    for (const auto& d : rev->depends_on) {
      if (const Revision* dep = map.find(d)) {
        stack.push_back(dep->id);
      } else {
        for (const Revision* r : map.get_revisions(d))
          if (r) stack.push_back(r->id);
      }
    }
  }
  return seen;
}

std::string render_dot(const RevisionMap& map, const DotOptions& options) {
  std::ostringstream out;
  out << "digraph revisions {\n"
         "  rankdir=BT;\n"
         "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (const Revision& rev : map.revisions()) {
    std::vector<std::string> lines;
    std::string id = rev.id.size() > options.short_id_length
                         ? rev.id.substr(0, options.short_id_length)
                         : rev.id;
    lines.push_back(id);
    if (!rev.message.empty()) lines.push_back(rev.message);
    std::vector<std::string> marks;
    const bool head = map.is_head(rev);
    if (head) marks.push_back("head");
    if (rev.is_base()) marks.push_back("base");
    if (rev.is_merge_point()) marks.push_back("mergepoint");
    if (map.is_branch_point(rev)) marks.push_back("branchpoint");
    if (options.current.count(rev.id)) marks.push_back("current");
    if (!marks.empty()) lines.push_back("(" + join(marks) + ")");
    if (!rev.branch_labels.empty()) lines.push_back("[" + join(rev.branch_labels) + "]");
    out << "  " << dot_quoted(rev.id) << " [label=" << label(lines);
    std::vector<std::string> style = {"rounded"};
    if (head) out << ", penwidth=2";
    if (rev.is_base()) out << ", shape=box, peripheries=2";
    if (rev.is_merge_point()) out << ", shape=hexagon";
    if (options.applied.count(rev.id)) {
      style.push_back("filled");
      out << ", fillcolor=" << (options.current.count(rev.id) ? "\"#9be29b\"" : "\"#d8f3d8\"");
    }
    std::string st;
    for (const auto& s : style) st += (st.empty() ? "" : ",") + s;
    out << ", style=\"" << st << "\"];\n";
  }
  for (const Revision& rev : map.revisions()) {
    for (const auto& d : rev.down_revisions)
      out << "  " << dot_quoted(d) << " -> " << dot_quoted(rev.id) << ";\n";
    for (const auto& d : rev.depends_on) {
      // A label stands for the revision that declares it.
      std::string target = d;
      if (!map.find(d)) {
        if (const Revision* r = map.get_revision(d)) target = r->id;
      }
      out << "  " << dot_quoted(target) << " -> " << dot_quoted(rev.id)
          << " [style=dashed, label=\"depends_on\"];\n";
    }
  }
  out << "}\n";
  return out.str();
}

}  // namespace retort::migrations
