#!/usr/bin/python3
"""Random revision graphs, answered by Alembic, replayed against Retort.

  fuzz_graphs.py BUILD_DIR [--count N] [--seed S] [--max-size M] [--keep DIR]

Writes N random fixtures (branches, merges of 2-3 parents, several bases, branch labels,
depends_on across branches, random load order) with random cases (upgrade/downgrade/stamp from
random version-table states, relative and partial identifiers, history ranges), fills in
Alembic's answers with alembic_oracle.py --fill, and runs BUILD_DIR's
retort_migrations_tests on them (RETORT_GRAPH_FIXTURES). A failing fixture is a graph where
Retort and Alembic disagree; copy it into data/graphs as a regression case.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def make_graph(rnd, max_size):
    count = rnd.randint(3, max_size)
    revs = []  # dicts in creation order (always topological)
    labels = []
    prefix = "%02x" % rnd.randrange(256)
    for i in range(count):
        # Shared 4-character prefixes make partial ids ambiguous now and then.
        rid = (prefix + "%02x" % rnd.randrange(4) if rnd.random() < 0.3 else
               "%04x" % rnd.randrange(1 << 16)) + "%04x" % rnd.randrange(1 << 16)
        if any(r["revision"] == rid for r in revs):
            rid += "%d" % i
        entry = {"revision": rid}
        heads = [r["revision"] for r in revs
                 if not any(r["revision"] in x["down"] for x in revs)]
        roll = rnd.random()
        if not revs or roll < 0.12:
            entry["down"] = []
        elif roll < 0.28 and len(heads) >= 2:
            entry["down"] = rnd.sample(heads, min(len(heads), rnd.choice([2, 2, 3])))
        elif roll < 0.33 and len(revs) >= 2:
            entry["down"] = rnd.sample([r["revision"] for r in revs], 2)
        elif roll < 0.7 and heads:
            entry["down"] = [rnd.choice(heads)]
        else:
            entry["down"] = [rnd.choice(revs)["revision"]]
        if rnd.random() < 0.2:
            label = "br%d" % len(labels)
            labels.append(label)
            entry["labels"] = [label]
        if revs and rnd.random() < 0.2:
            target = rnd.choice(revs)
            if target["revision"] not in entry["down"]:
                use_label = target.get("labels") and rnd.random() < 0.4
                entry["deps"] = [target["labels"][0] if use_label else target["revision"]]
        revs.append(entry)
    order = revs[:]
    rnd.shuffle(order)
    return revs, order, labels


def ancestors(revs, ids):
    by_id = {r["revision"]: r for r in revs}
    label_of = {l: r["revision"] for r in revs for l in r.get("labels", [])}
    seen, todo = set(), list(ids)
    while todo:
        x = todo.pop()
        if x in seen:
            continue
        seen.add(x)
        r = by_id[x]
        todo.extend(r["down"])
        todo.extend(label_of.get(d, d) for d in r.get("deps", []))
    return seen


def random_state(rnd, revs):
    """Version-table heads of a random applied set (closed under ancestors)."""
    if rnd.random() < 0.2:
        return []
    picks = rnd.sample([r["revision"] for r in revs], rnd.randint(1, min(3, len(revs))))
    applied = ancestors(revs, picks)
    return sorted(x for x in applied
                  if not any(x in r["down"] and r["revision"] in applied for r in revs))


def identifiers(rnd, revs, labels, for_what):
    ids = [r["revision"] for r in revs]
    rid = rnd.choice(ids)
    pool = [rid, rid[:4], rid[:5], rid + "@head", "heads", "head", "base"]
    if labels:
        lab = rnd.choice(labels)
        pool += [lab, lab + "@head", lab + "@heads", lab + "@base", lab + "@+1", lab + "@-1",
                 lab + "@" + rid[:6], lab + "@+2", lab + "@-2"]
    pool += ["+1", "+2", "-1", "-2", rid + "+1", rid + "-1", rid[:6] + "+2", rid + "-2"]
    if for_what == "history":
        a, b = rnd.choice(pool + [""]), rnd.choice(pool + ["", "current"])
        if rnd.random() < 0.15:
            a, b = "current", rnd.choice(["", "heads", rid])
        return "%s:%s" % (a, b)
    return rnd.choice(pool)


def make_cases(rnd, revs, labels):
    cases = ["  - heads: ~\n    expect: TODO\n",
             "  - effective_heads: ~\n    expect: TODO\n",
             "  - bases: ~\n    expect: TODO\n",
             "  - effective_bases: ~\n    expect: TODO\n"]
    for _ in range(rnd.randint(6, 14)):
        kind = rnd.choice(["upgrade", "upgrade", "downgrade", "downgrade", "history", "resolve",
                           "revision", "stamp", "stamp"])
        ident = identifiers(rnd, revs, labels, kind)
        current = random_state(rnd, revs)
        text = "  - %s: \"%s\"\n" % (kind, ident)
        if kind == "stamp" and rnd.random() < 0.4:  # several revisions at once
            more = identifiers(rnd, revs, labels, kind)
            text = "  - stamp: [\"%s\", \"%s\"]\n" % (ident, more)
        if kind in ("upgrade", "downgrade", "history", "stamp"):
            text += "    current: [%s]\n" % ", ".join('"%s"' % c for c in current)
        cases.append(text + "    expect: TODO\n")
    return cases


def write_fixture(path, revs, order, labels, rnd):
    lines = ["revisions:\n"]
    for r in order:
        parts = ['revision: "%s"' % r["revision"]]
        down = r["down"]
        parts.append("down_revision: %s" % ("null" if not down else
                                            "[%s]" % ", ".join('"%s"' % d for d in down)))
        if r.get("labels"):
            parts.append("branch_labels: [%s]" % ", ".join(r["labels"]))
        if r.get("deps"):
            parts.append("depends_on: [%s]" % ", ".join('"%s"' % d for d in r["deps"]))
        lines.append("  - {%s}\n" % ", ".join(parts))
    lines.append("cases:\n")
    lines.extend(make_cases(rnd, revs, labels))
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build_dir")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-size", type=int, default=18, help="revisions per graph, at most")
    parser.add_argument("--keep", help="write the fixtures here instead of a temporary folder")
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    folder = args.keep or tempfile.mkdtemp(prefix="retort-fuzz-")
    os.makedirs(folder, exist_ok=True)
    files = []
    for i in range(args.count):
        revs, order, labels = make_graph(rnd, args.max_size)
        path = os.path.join(folder, "fuzz_%04d.yaml" % i)
        write_fixture(path, revs, order, labels, rnd)
        files.append(path)
    oracle = os.path.join(HERE, "alembic_oracle.py")
    subprocess.run([sys.executable, oracle, "--fill"] + files, check=True,
                   stdout=subprocess.DEVNULL)
    test = os.path.join(args.build_dir, "tests", "retort_migrations_tests")
    env = dict(os.environ, RETORT_GRAPH_FIXTURES=folder)
    result = subprocess.run([test, "--gtest_filter=Graphs/GraphFixture.*", "--gtest_brief=1"],
                            env=env, check=False)
    print("fixtures in", folder)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
