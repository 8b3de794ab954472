// Identifier resolution: ids, partial ids, head(s), base, branch labels, label@..., relative
// +N/-N walks. A port of the lookup half of Alembic 1.8's RevisionMap with the same answers,
// except that a partial id needs at least 4 characters (Alembic accepts any unique prefix).
#include "retort/migrations/identifiers.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <string>

#include "detail/resolver.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/revision_map.hpp"

namespace retort::migrations {

namespace {

bool is_word(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         u >= 0x80;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `(\w+)?((?:\+|-)\d+)` matched at the start of `s` (nothing required after it).
bool match_tail(std::string_view s, RelativeIdentifier& out) {
  std::size_t p = 0;
  while (p < s.size() && is_word(s[p])) ++p;
  if (p >= s.size() || (s[p] != '+' && s[p] != '-')) return false;
  std::size_t q = p + 1;
  while (q < s.size() && is_digit(s[q])) ++q;
  if (q == p + 1) return false;
  if (p > 0) out.symbol = std::string(s.substr(0, p));
  out.steps_text = std::string(s.substr(p, q - p));
  long value = 0;
  const char* first = s.data() + p + 1;
  const auto [ptr, ec] = std::from_chars(first, s.data() + q, value);
  if (ec == std::errc::result_out_of_range) value = LONG_MAX;
  out.steps = s[p] == '-' ? -value : value;
  return true;
}

}  // namespace

std::optional<RelativeIdentifier> parse_relative_identifier(std::string_view text) {
  // `(?:(.+?)@)?` first tries the shortest label that lets the rest match.
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    if (at == 0) continue;
    if (text.substr(0, at).find('\n') != std::string_view::npos) break;
    RelativeIdentifier out;
    if (match_tail(text.substr(at + 1), out)) {
      out.branch_label = std::string(text.substr(0, at));
      return out;
    }
  }
  RelativeIdentifier out;
  if (match_tail(text, out)) return out;
  return std::nullopt;
}

RevisionRange parse_revision_range(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  const std::string_view t =
      first == std::string_view::npos ? std::string_view() : text.substr(first, last - first + 1);
  const auto colon = t.find(':');
  if (colon == std::string_view::npos || t.find(':', colon + 1) != std::string_view::npos) {
    throw ArgumentError("a revision range is [start]:[end], [start]: or :[end], not '" +
                        std::string(text) + "'");
  }
  return {std::string(t.substr(0, colon)), std::string(t.substr(colon + 1))};
}

namespace detail {

std::optional<long> parse_python_int(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || !is_digit(s.front()) || !is_digit(s.back())) return std::nullopt;
  long value = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (s[i - 1] == '_') return std::nullopt;
      continue;
    }
    if (!is_digit(s[i])) return std::nullopt;
    if (value > (LONG_MAX - 9) / 10) {
      value = LONG_MAX;
    } else {
      value = value * 10 + (s[i] - '0');
    }
  }
  return negative ? -value : value;
}

namespace {

std::vector<std::string> ids_of(const Graph& g, const std::vector<NodeId>& nodes) {
  std::vector<std::string> out;
  out.reserve(nodes.size());
  for (NodeId n : nodes) out.push_back(g.id(n));
  return out;
}

std::vector<Ref> refs_of(const std::vector<NodeId>& nodes) {
  std::vector<Ref> out;
  out.reserve(nodes.size());
  for (NodeId n : nodes) out.push_back(Ref{n});
  return out;
}

bool truthy(const Label& l) { return l.has_value() && !l->empty(); }

std::string relative_message(std::string_view relative, long steps) {
  return "relative revision " + std::string(relative) + " didn't produce " +
         std::to_string(steps < 0 ? -steps : steps) + " migrations";
}

}  // namespace

Resolved Resolver::resolve_number(std::optional<std::string_view> id) {
  Label label;
  if (id) {
    if (const auto at = id->find('@'); at != std::string_view::npos) {
      label = std::string(id->substr(0, at));
      id = id->substr(at + 1);
    }
  }
  if (id && *id == "heads") {
    if (truthy(label)) return {ids_of(g_, filter_for_lineage(g_.heads, *label)), label};
    return {ids_of(g_, g_.real_heads), label};
  }
  if (id && *id == "head") {
    const auto head = current_head(label);
    if (head) return {{g_.id(*head)}, label};
    return {{}, label};
  }
  if (!id || *id == "base") return {{}, label};
  return {{std::string(*id)}, label};
}

std::optional<NodeId> Resolver::current_head(const Label& branch_label) {
  std::vector<NodeId> heads = g_.heads;
  if (truthy(branch_label)) heads = filter_for_lineage(heads, *branch_label);
  if (heads.size() > 1) {
    const std::string argument = truthy(branch_label) ? *branch_label + "@head" : "head";
    throw MultipleHeads("multiple heads are present for '" + argument +
                            "': " + describe(g_, heads) +
                            "; name one revision, use '<branch>@head', or 'heads'",
                        ids_of(g_, heads));
  }
  if (heads.empty()) return std::nullopt;
  return heads.front();
}

Ref Resolver::revision_for_ident(std::optional<std::string_view> id, const Label& check_branch) {
  NodeId branch_rev = -1;
  if (truthy(check_branch)) branch_rev = resolve_branch(*check_branch);
  if (!id) return Ref{Ref::kNone};
  NodeId n = g_.lookup(*id);
  if (n < 0) {
    std::vector<std::string> candidates;
    if (id->size() >= 4) {
      auto it = std::lower_bound(g_.keys.begin(), g_.keys.end(), *id,
                                 [](const auto& entry, std::string_view key) {
                                   return std::string_view(entry.first) < key;
                                 });
      for (; it != g_.keys.end() && std::string_view(it->first).substr(0, id->size()) == *id;
           ++it) {
        candidates.push_back(it->first);
      }
    }
    if (branch_rev >= 0) candidates = filter_for_lineage(candidates, *check_branch);
    if (candidates.empty()) {
      std::string message = "no such revision or branch '" + std::string(*id) + "'";
      if (id->size() < 4) {
        message += "; a partial revision identifier needs at least four characters";
      } else if (parse_relative_identifier(*id)) {
        message += "; relative identifiers (+N, -N) name upgrade and downgrade targets";
      }
      throw RevisionNotFound(message);
    }
    if (candidates.size() > 1) {
      std::vector<std::string> shown(
          candidates.begin(),
          candidates.begin() +
              std::min<std::ptrdiff_t>(10, static_cast<std::ptrdiff_t>(candidates.size())));
      std::string message =
          "multiple revisions start with '" + std::string(*id) + "': " + join(shown);
      if (candidates.size() > shown.size()) {
        message += " and " + std::to_string(candidates.size() - shown.size()) + " more";
      }
      throw AmbiguousRevision(message);
    }
    n = g_.lookup(candidates.front());
  }
  if (truthy(check_branch) && !shares_lineage(n, branch_rev, false)) {
    throw ResolutionError("revision " + g_.id(n) + " is not a member of branch '" + *check_branch +
                          "'");
  }
  return Ref{n};
}

NodeId Resolver::resolve_branch(std::string_view label) {
  if (const NodeId n = g_.lookup(label); n >= 0) return n;
  try {
    return revision_for_ident(label, std::nullopt).v;
  } catch (const ResolutionError& e) {
    throw RevisionNotFound("no such branch: '" + std::string(label) + "' (" + e.what() + ")");
  }
}

std::vector<Ref> Resolver::get_revisions(std::optional<std::string_view> id) {
  Resolved r = resolve_number(id);
  if (r.ids.size() == 1) {
    if (const auto steps = parse_python_int(r.ids.front()); steps && *steps < 0) {
      std::vector<NodeId> heads = g_.real_heads;
      if (r.branch_label.has_value()) {
        std::erase_if(heads, [&](NodeId h) {
          const auto& labels = g_.node(h).labels;
          return !std::binary_search(labels.begin(), labels.end(), *r.branch_label);
        });
      }
      std::vector<Ref> out;
      for (NodeId h : heads) out.push_back(walk(Ref{h}, *steps, std::nullopt, true));
      return out;
    }
  }
  std::vector<Ref> out;
  out.reserve(r.ids.size());
  for (const std::string& rid : r.ids) out.push_back(revision_for_ident(rid, r.branch_label));
  return out;
}

std::vector<Ref> Resolver::get_revisions(const Spec& spec) {
  if (spec.kind == Spec::Kind::none) return {};
  std::vector<Ref> out;
  for (const std::string& item : spec.items) {
    auto part = get_revisions(std::optional<std::string_view>(item));
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

std::vector<Ref> Resolver::get_revisions(const std::vector<NodeId>& nodes) {
  return refs_of(nodes);
}

Ref Resolver::get_revision(std::optional<std::string_view> id) {
  Resolved r = resolve_number(id);
  if (r.ids.size() > 1) {
    std::vector<NodeId> nodes;
    for (const auto& rid : r.ids) nodes.push_back(g_.lookup(rid));
    throw MultipleHeads("multiple heads are present for '" + std::string(id.value_or("")) +
                            "': " + describe(g_, nodes) + "; name one revision",
                        r.ids);
  }
  if (r.ids.empty()) return revision_for_ident(std::nullopt, r.branch_label);
  return revision_for_ident(r.ids.front(), r.branch_label);
}

const std::vector<char>& Resolver::lineage(NodeId n, bool include_dependencies) {
  auto [it, fresh] = lineage_.try_emplace({n, include_dependencies});
  if (fresh) {
    it->second.assign(g_.size(), 0);
    for (const Edges e : {include_dependencies ? Edges::norm_down : Edges::down,
                          include_dependencies ? Edges::all_next : Edges::next}) {
      marks_.clear();
      reach(g_, {n}, e, marks_);
      for (NodeId m = 0; m < static_cast<NodeId>(g_.size()); ++m) {
        if (marks_.contains(m)) it->second[static_cast<std::size_t>(m)] = 1;
      }
    }
  }
  return it->second;
}

bool Resolver::shares_lineage(NodeId target, NodeId test, bool include_dependencies) {
  return lineage(test, include_dependencies)[static_cast<std::size_t>(target)] != 0;
}

std::vector<NodeId> Resolver::test_revisions(std::optional<std::string_view> check_against) {
  Resolved r = resolve_number(check_against);
  std::vector<std::string> shares;
  if (truthy(r.branch_label)) shares.push_back(*r.branch_label);
  shares.insert(shares.end(), r.ids.begin(), r.ids.end());
  std::vector<NodeId> tests;
  for (const auto& s : shares) tests.push_back(revision_for_ident(s, std::nullopt).v);
  return tests;
}

std::vector<NodeId> Resolver::filter_for_lineage(const std::vector<NodeId>& targets,
                                                 std::optional<std::string_view> check_against,
                                                 bool include_dependencies) {
  if (targets.empty()) {
    resolve_number(check_against);
    return {};
  }
  const std::vector<NodeId> tests = test_revisions(check_against);
  if (tests.empty()) return targets;
  std::vector<NodeId> out;
  for (NodeId t : targets) {
    for (NodeId test : tests) {
      if (shares_lineage(t, test, include_dependencies)) {
        out.push_back(t);
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> Resolver::filter_for_lineage(const std::vector<std::string>& targets,
                                                      std::optional<std::string_view> check_against,
                                                      bool include_dependencies) {
  if (targets.empty()) {
    resolve_number(check_against);
    return {};
  }
  Resolved r = resolve_number(check_against);
  if (!truthy(r.branch_label) && r.ids.empty()) return targets;
  std::vector<std::string> out;
  std::vector<NodeId> tests;
  bool resolved = false;
  for (const std::string& t : targets) {
    const NodeId n = revision_for_ident(t, std::nullopt).v;
    if (!resolved) {
      tests = test_revisions(check_against);
      resolved = true;
    }
    for (NodeId test : tests) {
      if (shares_lineage(n, test, include_dependencies)) {
        out.push_back(t);
        break;
      }
    }
  }
  return out;
}

Ref Resolver::walk(Ref start, long steps, const Label& branch_label, bool no_overwalk) {
  Ref initial = start;
  const long count = steps < 0 ? -steps : steps;
  for (long i = 0; i < count; ++i) {
    std::vector<Ref> children;
    if (steps > 0) {
      if (initial.is_base()) throw RevisionError("cannot walk up from 'base'");
      std::vector<NodeId> up = initial.is_none() ? g_.bases : g_.node(initial.v).next;
      if (truthy(branch_label)) up = filter_for_lineage(up, *branch_label);
      if (up.size() > 1) {
        throw RevisionError("ambiguous walk up from " +
                            (initial.is_none() ? std::string("base") : g_.id(initial.v)) +
                            ": several next revisions (" + join(ids_of(g_, up)) +
                            "); walk within a branch with "
                            "'<branch>@+N'");
      }
      children = refs_of(up);
    } else if (!initial.is_base()) {
      const std::vector<NodeId>& down = initial.is_none() ? g_.heads : g_.node(initial.v).down;
      if (down.size() > 1) {
        throw RevisionError("ambiguous walk down from " +
                            (initial.is_none() ? std::string("the heads") : g_.id(initial.v)) +
                            ": several revisions below (" + join(ids_of(g_, down)) + ")");
      }
      children = refs_of(down);
      if (children.empty()) children.push_back(Ref{Ref::kBase});
    }
    if (children.empty()) return no_overwalk ? Ref{Ref::kNone} : initial;
    initial = children.front();
  }
  return initial;
}

std::vector<NodeId> Resolver::get_all_current(const std::vector<std::string>& ids) {
  std::vector<NodeId> top;
  for (const Ref& r : get_revisions(Spec::tuple(ids))) {
    if (!r.is_node()) throw RevisionError("current revisions " + join(ids) + " include base");
    top.push_back(r.v);
  }
  NodeSet all(g_.size());
  reach(g_, top, Edges::norm_down, all);
  std::vector<NodeId> out;
  for (NodeId n = 0; n < static_cast<NodeId>(g_.size()); ++n) {
    if (!all.contains(n)) continue;
    const auto& next = g_.node(n).next;
    if (std::none_of(next.begin(), next.end(), [&](NodeId m) { return all.contains(m); })) {
      out.push_back(n);
    }
  }
  return out;
}

std::pair<Label, Ref> Resolver::parse_downgrade_target(const Spec& current,
                                                       std::optional<std::string_view> target,
                                                       bool assert_relative_length) {
  if (!target) return {std::nullopt, Ref{Ref::kNone}};
  if (const auto rel = parse_relative_identifier(*target)) {
    if (rel->steps >= 0) {
      if (!rel->symbol) throw RevisionError(relative_message(rel->steps_text, rel->steps));
      const Ref rev =
          walk(get_revision(*rel->symbol), rel->steps, rel->branch_label, assert_relative_length);
      if (rev.is_none()) throw RevisionError("walked too far: " + std::string(*target));
      return {rel->branch_label, rev};
    }
    const bool relative_revision = !rel->symbol;
    Label label = rel->branch_label;
    std::string symbol;
    if (relative_revision) {
      const std::vector<std::string>& cr = current.as_tuple();
      if (truthy(label)) {
        std::vector<std::string> symbols = filter_for_lineage(cr, *label);
        if (symbols.empty()) {
          symbols = ids_of(g_, filter_for_lineage(get_all_current(cr), *label));
        }
        if (symbols.size() != 1) {
          throw RevisionError("cannot tell which current revision of branch '" + *label + "' " +
                              std::string(*target) + " is relative to (" + join(symbols) + ")");
        }
        symbol = symbols.front();
      } else {
        if (cr.empty()) throw RevisionError(relative_message(rel->steps_text, rel->steps));
        symbol = cr.front();
        label = symbol;
      }
    } else {
      symbol = *rel->symbol;
    }
    const Ref start = label ? get_revision(*label + "@" + symbol) : get_revision(symbol);
    const Ref rev = walk(start, rel->steps, std::nullopt, assert_relative_length);
    if (rev.is_none()) {
      if (relative_revision) throw RevisionError(relative_message(rel->steps_text, rel->steps));
      throw RevisionError("walked too far: " + std::string(*target));
    }
    return {label, rev};
  }
  const auto at = target->rfind('@');
  Label label;
  std::string_view symbol = *target;
  if (at != std::string_view::npos) {
    if (at > 0) label = std::string(target->substr(0, at));
    symbol = target->substr(at + 1);
  }
  return {label, get_revision(symbol)};
}

std::vector<Ref> Resolver::parse_upgrade_target(const Spec& current, const Spec& target,
                                                bool assert_relative_length) {
  std::optional<RelativeIdentifier> rel;
  if (target.is_str()) rel = parse_relative_identifier(target.items.front());
  if (!rel) return get_revisions(target);
  const std::vector<std::string>& cur = current.as_tuple();
  const Label& label = rel->branch_label;
  if (rel->steps > 0) {
    if (rel->symbol) {
      return {walk(get_revision(*rel->symbol), rel->steps, label, assert_relative_length)};
    }
    // Where to start: the one current revision (on the branch), or base.
    std::vector<Ref> starts;  // resolved starts
    std::vector<std::string> start_ids;
    bool from_ids = false;
    if (truthy(label)) {
      std::vector<NodeId> revs;
      for (const Ref& r : get_revisions(Spec::tuple(cur))) {
        if (r.is_base()) throw RevisionNotFound("no such revision or branch 'base'");
        if (r.is_none())
          throw RevisionError("relative revision " + cur.front() + " walks past the base");
        revs.push_back(r.v);
      }
      std::vector<NodeId> on_branch = filter_for_lineage(revs, *label);
      if (on_branch.empty()) {
        // The branch has no current head: start from its tips among the applied revisions.
        NodeSet applied(g_.size());
        reach(g_, revs, Edges::norm_down, applied);
        std::vector<NodeId> active;
        for (NodeId n = 0; n < static_cast<NodeId>(g_.size()); ++n) {
          if (applied.contains(n)) active.push_back(n);
        }
        active = filter_for_lineage(active, *label);
        NodeSet below(g_.size());
        for (NodeId n : active) {
          for (NodeId d : g_.node(n).norm_down) below.insert(d);
        }
        for (NodeId n : active) {
          if (!below.contains(n)) on_branch.push_back(n);
        }
      }
      for (NodeId n : on_branch) starts.push_back(Ref{n});
      if (starts.empty()) starts.push_back(Ref{Ref::kNone});
    } else if (cur.empty()) {
      starts.push_back(Ref{Ref::kNone});
    } else {
      start_ids = cur;
      from_ids = true;
    }
    if ((from_ids ? start_ids.size() : starts.size()) > 1) {
      throw RevisionError("ambiguous upgrade from multiple current revisions (" +
                          (from_ids ? join(start_ids)
                                    : [&] {
                                        std::vector<std::string> ids;
                                        for (const Ref& r : starts) ids.push_back(g_.id(r.v));
                                        return join(ids);
                                      }()) +
                          "); use '<branch>@+N' or a revision id");
    }
    const Ref start = from_ids ? get_revision(start_ids.front()) : starts.front();
    const Ref rev = walk(start, rel->steps, label, assert_relative_length);
    if (rev.is_none()) throw RevisionError(relative_message(rel->steps_text, rel->steps));
    return {rev};
  }
  if (!rel->symbol) throw RevisionError(relative_message(std::to_string(rel->steps), rel->steps));
  const Ref start = label ? get_revision(*label + "@" + *rel->symbol) : get_revision(*rel->symbol);
  return {walk(start, rel->steps, std::nullopt, assert_relative_length)};
}

}  // namespace detail

// RevisionMap's identifier methods.

const Revision* RevisionMap::get_revision(std::string_view identifier) const {
  detail::Resolver r(*graph_);
  const detail::Ref ref = r.get_revision(identifier);
  return ref.is_node() ? &graph_->rev(ref.v) : nullptr;
}

std::vector<const Revision*> RevisionMap::get_revisions(std::string_view identifier) const {
  detail::Resolver r(*graph_);
  std::vector<const Revision*> out;
  for (const detail::Ref& ref : r.get_revisions(std::optional<std::string_view>(identifier))) {
    if (ref.is_none()) {
      throw RevisionError("relative revision " + std::string(identifier) + " walks past the base");
    }
    out.push_back(ref.is_node() ? &graph_->rev(ref.v) : nullptr);
  }
  return out;
}

std::optional<std::string> RevisionMap::current_head(std::string_view branch_label) const {
  detail::Resolver r(*graph_);
  const auto head =
      r.current_head(branch_label.empty() ? detail::Label() : detail::Label(branch_label));
  if (!head) return std::nullopt;
  return graph_->id(*head);
}

}  // namespace retort::migrations
