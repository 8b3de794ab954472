// What `retort check` asks of the revision graph and retort_history: the
// revisions a database has not applied yet, and applied revision files that
// changed since (docs/check.md).
#include <functional>
#include <map>
#include <set>

#include "detail/revision_body.hpp"
#include "retort/migrations/check.hpp"
#include "retort/migrations/runtime.hpp"

namespace retort::migrations {

namespace {

// The revisions `rev` needs first: its down revisions and dependencies.
std::vector<const Revision*> needs(const RevisionMap& map, const Revision& rev) {
  std::vector<const Revision*> out;
  for (const auto& d : rev.down_revisions)
    if (const Revision* r = map.find(d)) out.push_back(r);
  for (const auto& d : rev.depends_on)
    for (const Revision* r : map.get_revisions(d))
      if (r) out.push_back(r);
  return out;
}

}  // namespace

std::vector<const Revision*> pending_revisions(const RevisionMap& map,
                                               const std::vector<std::string>& current_heads) {
  std::set<std::string> applied;
  std::vector<const Revision*> stack;
  for (const auto& h : current_heads)
    if (const Revision* r = map.find(h)) stack.push_back(r);
  while (!stack.empty()) {
    const Revision* r = stack.back();
    stack.pop_back();
    if (!applied.insert(r->id).second) continue;
    for (const Revision* n : needs(map, *r)) stack.push_back(n);
  }
  // Depth-first from each revision in load order: everything it needs first.
  std::vector<const Revision*> out;
  std::set<std::string> placed = applied;
  std::function<void(const Revision*)> place = [&](const Revision* r) {
    if (placed.count(r->id)) return;
    placed.insert(r->id);
    for (const Revision* n : needs(map, *r)) place(n);
    out.push_back(r);
  };
  for (const auto& r : map.revisions()) place(&r);
  return out;
}

std::vector<ChangedRevision> changed_revisions(const Config& config, Engine engine,
                                               const ScriptDirectory& scripts,
                                               const std::vector<std::string>& current_heads) {
  MigrationContext mc(config, std::move(engine), scripts);
  std::map<std::string, std::string> recorded;  // revision -> checksum of its latest upgrade
  for (const auto& h : mc.applied_history()) {
    if (h.direction == "upgrade" && h.status == "applied" && !h.checksum.empty())
      recorded[h.revision] = h.checksum;
    else if (h.direction == "downgrade")
      recorded.erase(h.revision);
  }
  const auto& map = scripts.revision_map();
  const auto pending = pending_revisions(map, current_heads);
  std::set<std::string> not_applied;
  for (const Revision* r : pending) not_applied.insert(r->id);
  std::vector<ChangedRevision> out;
  for (const auto& rev : map.revisions()) {
    if (not_applied.count(rev.id) || !rev.body) continue;
    auto it = recorded.find(rev.id);
    if (it == recorded.end()) continue;
    const std::string now = sha256_hex(rev.body->text);
    if (now != it->second)
      out.push_back({rev.id, rev.path.string(), it->second, now});
  }
  return out;
}

}  // namespace retort::migrations
