// Heads, history and upgrade/downgrade plans over 1,000 and 10,000 revisions in several
// shapes are complete; the times are printed for a reader (the linear-growth target is
// measured by bench/, not asserted here).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "retort/migrations/revision_map.hpp"
#include "retort/migrations/walk.hpp"

namespace retort::migrations {
namespace {

std::string id(std::size_t i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%012zx", i * 2654435761u % 0xffffffffffffu);
  return buf;
}

Revision rev(std::size_t i, std::vector<std::string> down) {
  Revision r;
  r.id = id(i);
  r.down_revisions = std::move(down);
  return r;
}

// One line.
std::vector<Revision> linear(std::size_t n) {
  std::vector<Revision> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(rev(i, i ? std::vector{id(i - 1)} : std::vector<std::string>{}));
  return out;
}

// A line of diamonds: a branch point, two revisions side by side, a merge.
std::vector<Revision> diamonds(std::size_t n) {
  std::vector<Revision> out;
  out.push_back(rev(0, {}));
  std::size_t last = 0;
  while (out.size() + 3 <= n) {
    const std::size_t a = out.size(), b = a + 1, m = a + 2;
    out.push_back(rev(a, {id(last)}));
    out.push_back(rev(b, {id(last)}));
    out.push_back(rev(m, {id(a), id(b)}));
    last = m;
  }
  return out;
}

// `width` long-lived branches from one base, merged at the end, plus a depends_on across
// neighbouring branches now and then.
std::vector<Revision> branches(std::size_t n, std::size_t width) {
  std::vector<Revision> out;
  out.push_back(rev(0, {}));
  std::vector<std::size_t> tips(width, 0);
  std::size_t i = 1;
  while (i + 1 < n) {
    const std::size_t b = i % width;
    Revision r = rev(i, {id(tips[b])});
    if (i % 97 == 0 && width > 1) r.depends_on = {id(tips[(b + 1) % width])};
    tips[b] = i;
    out.push_back(std::move(r));
    ++i;
  }
  std::vector<std::string> down;
  for (std::size_t t : tips) {
    if (std::find(down.begin(), down.end(), id(t)) == down.end()) down.push_back(id(t));
  }
  out.push_back(rev(i, down));
  return out;
}

double millis(const std::function<void()>& f) {
  double best = 1e9;
  for (int k = 0; k < 3; ++k) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(
        best,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

struct Times {
  double build, heads, history, upgrade, downgrade;
};

Times measure(std::vector<Revision> revisions) {
  Times t{};
  const std::size_t n = revisions.size();
  std::optional<RevisionMap> map;
  t.build = millis([&] { map.emplace(revisions); });
  t.heads = millis([&] { EXPECT_FALSE(map->heads().empty()); });
  t.history = millis([&] { EXPECT_EQ(walk_revisions(*map).size(), n); });
  t.upgrade = millis([&] { EXPECT_EQ(plan_upgrade(*map, {}, "heads").size(), n); });
  const std::vector<std::string> heads = map->heads();
  t.downgrade = millis([&] { EXPECT_EQ(plan_downgrade(*map, heads, "base").size(), n); });
  return t;
}

void check_shape(const char* name, const std::function<std::vector<Revision>(std::size_t)>& make) {
  const Times small = measure(make(1000));
  const Times big = measure(make(10000));
  std::printf(
      "%-22s 10k revisions: build %.2f ms, heads %.3f ms, history %.2f ms, "
      "upgrade plan %.2f ms, downgrade plan %.2f ms (1k: history %.2f, upgrade %.2f)\n",
      name, big.build, big.heads, big.history, big.upgrade, big.downgrade, small.history,
      small.upgrade);
  // Times are printed, not asserted: performance is judged in bench/, never by
  // timing assertions in tests. What this test asserts is that plans over
  // 10,000 revisions of each shape are complete (the EXPECTs in measure()).
}

TEST(RevisionGraphSpeed, Linear) { check_shape("linear", linear); }
TEST(RevisionGraphSpeed, Diamonds) { check_shape("diamonds", diamonds); }
TEST(RevisionGraphSpeed, FourBranches) {
  check_shape("4 branches", [](std::size_t n) { return branches(n, 4); });
}
TEST(RevisionGraphSpeed, FiftyBranches) {
  check_shape("50 branches", [](std::size_t n) { return branches(n, 50); });
}
// Thousands of two-revision branches merged at once: the worst case for Alembic's walk.
TEST(RevisionGraphSpeed, WideMerge) {
  check_shape("n/3 branches", [](std::size_t n) { return branches(n, n / 3); });
}

}  // namespace
}  // namespace retort::migrations
