// Internal: identifier resolution, a port of the lookup half of Alembic's RevisionMap
// (_resolve_revision_number, _revision_for_ident, get_revisions, filter_for_lineage, _walk,
// _parse_upgrade_target, _parse_downgrade_target). One Resolver serves one command; it caches
// lineage sets so that repeated lineage filters stay linear overall.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/graph.hpp"

namespace retort::migrations::detail {

// What Alembic passes around as "a Revision, None or the string 'base'".
struct Ref {
  static constexpr NodeId kNone = -1;
  static constexpr NodeId kBase = -2;
  NodeId v = kNone;
  bool is_node() const { return v >= 0; }
  bool is_none() const { return v == kNone; }
  bool is_base() const { return v == kBase; }
  friend bool operator==(Ref a, Ref b) { return a.v == b.v; }
};

// A Python argument that may be None, one string, or a tuple of strings (upper/lower of
// iterate_revisions, current revisions).
struct Spec {
  enum class Kind { none, str, tuple };
  Kind kind = Kind::none;
  std::vector<std::string> items;  // one item for str

  static Spec none() { return {}; }
  static Spec str(std::string s) { return {Kind::str, {std::move(s)}}; }
  static Spec tuple(std::vector<std::string> v) { return {Kind::tuple, std::move(v)}; }
  bool is_str() const { return kind == Kind::str; }
  // util.to_tuple: None -> (), "x" -> ("x",), tuple -> itself.
  const std::vector<std::string>& as_tuple() const { return items; }
};

using Label = std::optional<std::string>;

// _resolve_revision_number's answer.
struct Resolved {
  std::vector<std::string> ids;
  Label branch_label;
};

class Resolver {
 public:
  explicit Resolver(const Graph& g) : g_(g), marks_(g.size()) {}

  const Graph& graph() const { return g_; }

  Resolved resolve_number(std::optional<std::string_view> id);
  std::optional<NodeId> current_head(const Label& branch_label);
  Ref revision_for_ident(std::optional<std::string_view> id, const Label& check_branch);
  NodeId resolve_branch(std::string_view label);

  std::vector<Ref> get_revisions(std::optional<std::string_view> id);
  std::vector<Ref> get_revisions(const Spec& spec);
  std::vector<Ref> get_revisions(const std::vector<NodeId>& nodes);
  Ref get_revision(std::optional<std::string_view> id);

  std::vector<NodeId> filter_for_lineage(const std::vector<NodeId>& targets,
                                         std::optional<std::string_view> check_against,
                                         bool include_dependencies = false);
  std::vector<std::string> filter_for_lineage(const std::vector<std::string>& targets,
                                              std::optional<std::string_view> check_against,
                                              bool include_dependencies = false);
  bool shares_lineage(NodeId target, NodeId test, bool include_dependencies);

  Ref walk(Ref start, long steps, const Label& branch_label, bool no_overwalk);
  std::vector<NodeId> get_all_current(const std::vector<std::string>& ids);

  std::pair<Label, Ref> parse_downgrade_target(const Spec& current,
                                               std::optional<std::string_view> target,
                                               bool assert_relative_length);
  std::vector<Ref> parse_upgrade_target(const Spec& current, const Spec& target,
                                        bool assert_relative_length);

 private:
  // anc(n) | desc(n), as a sorted vector, per (node, include_dependencies).
  const std::vector<char>& lineage(NodeId n, bool include_dependencies);
  std::vector<NodeId> test_revisions(std::optional<std::string_view> check_against);

  const Graph& g_;
  NodeSet marks_;
  std::map<std::pair<NodeId, bool>, std::vector<char>> lineage_;
};

// Python's int() on a string, as far as revision identifiers need it: optional spaces, an
// optional sign, digits with single underscores between them.
std::optional<long> parse_python_int(std::string_view s);

}  // namespace retort::migrations::detail
