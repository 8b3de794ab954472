// The C++ surface of the revision graph that the data fixtures do not show: relations,
// effective labels, step contents, the version-table model as a pure function, and the
// identifier parsers.
#include "retort/migrations/revision_map.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "retort/migrations/errors.hpp"
#include "retort/migrations/identifiers.hpp"
#include "retort/migrations/walk.hpp"

namespace retort::migrations {
namespace {

using Ids = std::vector<std::string>;

Revision rev(std::string id, Ids down, Ids labels = {}, Ids deps = {}) {
  Revision r;
  r.id = std::move(id);
  r.down_revisions = std::move(down);
  r.branch_labels = std::move(labels);
  r.depends_on = std::move(deps);
  return r;
}

// base -> a1 -> a2 (label "feature" on a1); base -> b1; merge m of a2, b1; x depends_on b1.
RevisionMap sample() {
  return RevisionMap({rev("base0000", {}), rev("aaaa0001", {"base0000"}, {"feature"}),
                      rev("aaaa0002", {"aaaa0001"}), rev("bbbb0001", {"base0000"}),
                      rev("merg0001", {"aaaa0002", "bbbb0001"}),
                      rev("xxxx0001", {}, {}, {"bbbb0001"})});
}

TEST(RevisionMap, Relations) {
  const RevisionMap map = sample();
  EXPECT_EQ(map.size(), 6u);
  const Revision* base = map.find("base0000");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(map.find("nope"), nullptr);
  EXPECT_EQ(map.next_revisions(*base), (Ids{"aaaa0001", "bbbb0001"}));
  EXPECT_TRUE(map.is_branch_point(*base));
  EXPECT_FALSE(map.is_head(*base));
  EXPECT_EQ(map.dependents(*map.find("bbbb0001")), Ids{"xxxx0001"});
  EXPECT_EQ(map.heads(), (Ids{"merg0001", "xxxx0001"}));
  EXPECT_EQ(map.effective_heads(), (Ids{"merg0001", "xxxx0001"}));
  EXPECT_EQ(map.bases(), (Ids{"base0000", "xxxx0001"}));
  EXPECT_EQ(map.effective_bases(), Ids{"base0000"});
  EXPECT_EQ(map.branch_labels(*map.find("aaaa0002")), Ids{"feature"});
  EXPECT_EQ(map.branch_labels(*map.find("merg0001")), Ids{"feature"});
  EXPECT_TRUE(map.branch_labels(*map.find("bbbb0001")).empty());
  EXPECT_EQ(map.current_head("feature"), "merg0001");
  EXPECT_THROW(map.current_head(), MultipleHeads);
  EXPECT_EQ(map.get_revision("base"), nullptr);
  EXPECT_EQ(map.get_revision("feature")->id, "aaaa0001");
  const auto heads = map.get_revisions("heads");
  ASSERT_EQ(heads.size(), 2u);
}

TEST(RevisionMap, IsMovableAndEmptyByDefault) {
  RevisionMap empty;
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_TRUE(empty.heads().empty());
  RevisionMap moved = sample();
  RevisionMap other = std::move(moved);
  EXPECT_EQ(other.size(), 6u);
  empty = std::move(other);
  EXPECT_EQ(empty.size(), 6u);
}

TEST(Walk, StepsCarryTheirVersionTableView) {
  const RevisionMap map = sample();
  const auto up = upgrade_steps(map, {}, "xxxx0001");
  ASSERT_EQ(up.size(), 3u);  // base0000, bbbb0001, xxxx0001
  const MigrationStep& x = up.back();
  EXPECT_EQ(x.revision->id, "xxxx0001");
  EXPECT_TRUE(x.is_upgrade);
  EXPECT_EQ(x.from_revisions, Ids{"bbbb0001"});  // its dependency
  EXPECT_TRUE(x.from_revisions_no_deps.empty());
  EXPECT_EQ(x.to_revisions, Ids{"xxxx0001"});
  const auto down = downgrade_steps(map, {"merg0001"}, "aaaa0002");
  ASSERT_EQ(down.size(), 1u);
  EXPECT_FALSE(down[0].is_upgrade);
  EXPECT_EQ(down[0].to_revisions, (Ids{"aaaa0002", "bbbb0001"}));
}

TEST(Walk, VersionChangeIsAPureFunctionOfTheHeads) {
  const RevisionMap map = sample();
  const auto steps = upgrade_steps(map, {"aaaa0002", "bbbb0001"}, "merg0001");
  ASSERT_EQ(steps.size(), 1u);
  const VersionChange merge = version_change(map, steps[0], {"aaaa0002", "bbbb0001"});
  EXPECT_EQ(merge.kind, VersionChange::Kind::merge);
  EXPECT_EQ(merge.deletes, Ids{"aaaa0002"});
  ASSERT_TRUE(merge.update.has_value());
  EXPECT_EQ(*merge.update, (std::pair<std::string, std::string>{"bbbb0001", "merg0001"}));
  EXPECT_EQ(merge.removed(), (Ids{"aaaa0002", "bbbb0001"}));
  EXPECT_EQ(merge.added(), Ids{"merg0001"});
  EXPECT_STREQ(to_string(merge.kind), "merge");

  // The same step against heads that do not fit is an error, not a silent guess.
  EXPECT_THROW(version_change(map, steps[0], {"merg0001"}), RevisionError);

  HeadMaintainer heads(map, {});
  for (const auto& s : upgrade_steps(map, {}, "heads")) heads.update_to_step(s);
  EXPECT_EQ(heads.heads(), (std::set<std::string>{"merg0001", "xxxx0001"}));
  for (const auto& s : downgrade_steps(map, {"merg0001", "xxxx0001"}, "base")) {
    heads.update_to_step(s);
  }
  EXPECT_TRUE(heads.heads().empty());
}

TEST(Walk, PlansPairStepsWithChanges) {
  const RevisionMap map = sample();
  const auto plan = plan_upgrade(map, {}, "merg0001");
  ASSERT_EQ(plan.size(), 5u);
  EXPECT_EQ(plan.front().change.kind, VersionChange::Kind::insert);
  EXPECT_EQ(plan.back().change.kind, VersionChange::Kind::merge);
  const auto back = plan_downgrade(map, {"merg0001"}, "base");
  ASSERT_EQ(back.size(), 5u);
  EXPECT_EQ(back.front().change.kind, VersionChange::Kind::unmerge);
  EXPECT_EQ(back.back().change.kind, VersionChange::Kind::remove);
}

// Exactly one revision down, whatever else is applied: the sibling branch,
// the other parent of a merge and a dependency stay.
TEST(Walk, PlanDowngradeRevisionTakesBackOnlyThatRevision) {
  const RevisionMap map = sample();
  // xxxx0001 depends on bbbb0001; everything is applied.
  auto plan = plan_downgrade_revision(map, {"merg0001", "xxxx0001"}, "xxxx0001");
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].step.revision->id, "xxxx0001");
  EXPECT_FALSE(plan[0].step.is_upgrade);
  EXPECT_EQ(plan[0].change.removed(), Ids{"xxxx0001"});
  EXPECT_TRUE(plan[0].change.added().empty()) << "bbbb0001 is still below merg0001";
  // The merge alone: both parents become heads again.
  plan = plan_downgrade_revision(map, {"merg0001"}, "merg0001");
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].change.kind, VersionChange::Kind::unmerge);
  auto added = plan[0].change.added();
  std::sort(added.begin(), added.end());
  EXPECT_EQ(added, (Ids{"aaaa0002", "bbbb0001"}));
  // With xxxx0001 applied, bbbb0001 stays below it and is no row of its own.
  plan = plan_downgrade_revision(map, {"merg0001", "xxxx0001"}, "merg0001");
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].change.added(), Ids{"aaaa0002"});
  // A dependency that is a head of its own comes back as a head.
  plan = plan_downgrade_revision(map, {"aaaa0001", "xxxx0001"}, "xxxx0001");
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].change.added(), Ids{"bbbb0001"});
  // Refused: what an applied revision needs, what is not applied, an unknown id.
  EXPECT_THROW(plan_downgrade_revision(map, {"merg0001", "xxxx0001"}, "bbbb0001"), RevisionError);
  EXPECT_THROW(plan_downgrade_revision(map, {"aaaa0002"}, "bbbb0001"), RevisionError);
  EXPECT_THROW(plan_downgrade_revision(map, {"aaaa0002"}, "nope"), RevisionNotFound);
}

TEST(Identifiers, RelativeSyntax) {
  auto r = parse_relative_identifier("+2");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->branch_label);
  EXPECT_FALSE(r->symbol);
  EXPECT_EQ(r->steps, 2);
  r = parse_relative_identifier("ae10-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->symbol, "ae10");
  EXPECT_EQ(r->steps, -1);
  r = parse_relative_identifier("feature@+3");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->branch_label, "feature");
  EXPECT_EQ(r->steps_text, "+3");
  r = parse_relative_identifier("feature@ae10-2");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->branch_label, "feature");
  EXPECT_EQ(r->symbol, "ae10");
  r = parse_relative_identifier("a@b@c+1");  // the label is the shortest prefix that works
  ASSERT_TRUE(r);
  EXPECT_EQ(r->branch_label, "a@b");
  EXPECT_EQ(r->symbol, "c");
  EXPECT_FALSE(parse_relative_identifier("heads"));
  EXPECT_FALSE(parse_relative_identifier("feature@head"));
  EXPECT_FALSE(parse_relative_identifier("ae10+"));
}

TEST(Identifiers, Ranges) {
  EXPECT_EQ(parse_revision_range("ae10:").start, "ae10");
  EXPECT_EQ(parse_revision_range(" :heads ").end, "heads");
  EXPECT_EQ(parse_revision_range(":").start, "");
  EXPECT_THROW(parse_revision_range("ae10"), ArgumentError);
  EXPECT_THROW(parse_revision_range("a:b:c"), ArgumentError);
}

TEST(RevisionIds, Checked) {
  EXPECT_TRUE(check_revision_id("3f2a9c1b7d10").empty());
  EXPECT_FALSE(check_revision_id("").empty());
  EXPECT_FALSE(check_revision_id("a+b").empty());
  EXPECT_FALSE(check_revision_id("a@b").empty());
  EXPECT_FALSE(check_revision_id("a:b").empty());
  EXPECT_FALSE(check_revision_id("heads").empty());
  EXPECT_THROW(RevisionMap({rev("a-b", {})}), RevisionError);
}

}  // namespace
}  // namespace retort::migrations
