#!/usr/bin/python3
"""Times the retort CLI next to Alembic 1.8 on the projects bench/run_migrations.sh made.

    migrations_bench.py --retort BIN --work DIR [--reps N] [--db-dir LABEL=DIR]...
                        [--tpm both|true|false] [--json PATH]

DIR holds n<N>/alembic/ (alembic.ini, alembic/env.py, alembic/versions/) and n<N>/retort/
(retort.yaml, retort-single.yaml, migrations/versions/) for each N, with the same linear
graph of N trivial revisions (bench/gen_revisions.py). The smallest N is "small", the
largest "large" (1,000 and 10,000 by default).

Measured, every command a fresh process of the real CLI, output to /dev/null:
  upgrade head   on `small`, into a new SQLite file per run, once per --db-dir and per
                 transaction mode (transaction_per_migration true / false, the same for
                 both tools);
  history        on `small` and `large`;
  heads          on `small` and `large`.
Each command runs once unmeasured (Alembic writes its bytecode cache then), then --reps
times; the two tools alternate which goes first. Medians are reported. After every
upgrade the database is checked: its version table holds the head and nothing else.
The history and heads outputs are checked once: N lines and the head.

Targets (issue 5): Alembic's median / retort's median >= 10 for each upgrade row, and
for history and heads on `large`; retort's median on `large` / on `small` <= 12 * large/small / 10
(i.e. at most 12x for 10,000 against 1,000) for history and heads. An upgrade row named
with --info-only LABEL:true|false carries no target (printed for information).
Also printed: what `small` commits of a one-row UPDATE cost SQLite alone in each --db-dir,
the floor under any tool's upgrade with one transaction per revision.

Exit status: 0 when every target is met, 1 when one is missed, 2 when a command failed.
"""

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

PYTHON = "/usr/bin/python3"


class CommandFailed(Exception):
    pass


def run(cmd, cwd, check_stdout=None):
    """Runs cmd, returns seconds; output is discarded unless check_stdout wants it."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE if check_stdout else subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise CommandFailed("%s (in %s) exited %d:\n%s" % (
            " ".join(cmd), cwd, proc.returncode,
            proc.stderr.decode(errors="replace")[-3000:]))
    if check_stdout:
        check_stdout(proc.stdout.decode(errors="replace"))
    return elapsed


class Project:
    def __init__(self, work, n, retort_bin):
        self.n = n
        self.root = os.path.join(work, "n%d" % n)
        self.alembic_dir = os.path.join(self.root, "alembic")
        self.retort_dir = os.path.join(self.root, "retort")
        self.retort_bin = retort_bin
        with open(os.path.join(self.root, "head")) as f:
            self.head = f.read().strip()

    def alembic(self, *args, tpm=None, url=None):
        cmd = [PYTHON, "-m", "alembic", "-c", "alembic.ini"]
        if tpm is not None:
            cmd += ["-x", "tpm=" + ("true" if tpm else "false")]
        if url is not None:
            cmd += ["-x", "url=" + url]
        return cmd + list(args)

    def retort(self, *args, tpm=None, url=None):
        cmd = [self.retort_bin]
        if tpm is not None:
            cmd += ["-c", "retort.yaml" if tpm else "retort-single.yaml"]
        if url is not None:
            cmd += ["--url", url]
        return cmd + list(args)


def check_listing(project, what):
    def check(out):
        lines = [l for l in out.splitlines() if l.strip()]
        want = project.n if what == "history" else 1
        if len(lines) != want or project.head not in lines[0]:
            raise CommandFailed("%s printed %d lines (want %d, the first naming %s): %r"
                                % (what, len(lines), want, project.head, out[:300]))
    return check


def check_db(path, table, head, history_rows=None):
    con = sqlite3.connect(path)
    try:
        rows = [r[0] for r in con.execute("SELECT version_num FROM %s" % table)]
        if rows != [head]:
            raise CommandFailed("%s: %s holds %r, want [%r]" % (path, table, rows[:5], head))
        if history_rows is not None:
            (count,) = con.execute("SELECT COUNT(*) FROM retort_history").fetchone()
            if count != history_rows:
                raise CommandFailed("%s: retort_history has %d rows, want %d"
                                    % (path, count, history_rows))
    finally:
        con.close()


def measure(label, reps, sides):
    """sides: {"retort": (prepare, cmd, cwd, after), "alembic": ...}; returns times in s."""
    times = {name: [] for name in sides}
    order = list(sides)
    for rep in range(reps + 1):  # rep 0: warm-up
        for name in (order if rep % 2 == 0 else order[::-1]):
            prepare, cmd, cwd, after = sides[name]
            if prepare:
                prepare()
            t = run(cmd, cwd)
            if after:
                after()
            if rep > 0:
                times[name].append(t)
    print("  %-44s retort %8.1f ms   alembic %9.1f ms" % (
        label, 1000 * statistics.median(times["retort"]),
        1000 * statistics.median(times["alembic"])), file=sys.stderr, flush=True)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--retort", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--db-dir", action="append", default=[],
                    help="LABEL=DIR where the SQLite files go (repeatable)")
    ap.add_argument("--info-only", action="append", default=[],
                    help="LABEL:true|false, an upgrade row (db dir, transaction_per_migration) "
                         "printed without a target (repeatable)")
    ap.add_argument("--tpm", choices=["both", "true", "false"], default="both")
    ap.add_argument("--json")
    args = ap.parse_args()

    retort_bin = os.path.abspath(args.retort)
    sizes = sorted(int(d[1:]) for d in os.listdir(args.work)
                   if d.startswith("n") and d[1:].isdigit())
    if len(sizes) < 2:
        sys.exit("migrations_bench: %s needs two project sizes (n1000, n10000)" % args.work)
    small, large = Project(args.work, sizes[0], retort_bin), Project(args.work, sizes[-1], retort_bin)
    db_dirs = []
    for spec in args.db_dir or ["disk=" + os.path.join(args.work, "db")]:
        label, _, path = spec.partition("=")
        os.makedirs(path, exist_ok=True)
        db_dirs.append((label, path))
    tpms = {"both": [False, True], "true": [True], "false": [False]}[args.tpm]

    rows = []  # (workload, n, retort_times, alembic_times, has_target)

    # ---- upgrade head on the small graph -----------------------------------
    for label, path in db_dirs:
        for tpm in tpms:
            dbs = {name: os.path.join(path, "bench_%s.db" % name) for name in ("retort", "alembic")}

            def fresh(name):
                def prepare():
                    for suffix in ("", "-journal", "-wal", "-shm"):
                        if os.path.exists(dbs[name] + suffix):
                            os.remove(dbs[name] + suffix)
                return prepare

            sides = {
                "retort": (fresh("retort"),
                           small.retort("upgrade", "head", tpm=tpm,
                                        url="sqlite:///" + dbs["retort"]),
                           small.retort_dir,
                           lambda: check_db(dbs["retort"], "retort_version", small.head, small.n)),
                "alembic": (fresh("alembic"),
                            small.alembic("upgrade", "head", tpm=tpm,
                                          url="sqlite:///" + dbs["alembic"]),
                            small.alembic_dir,
                            lambda: check_db(dbs["alembic"], "alembic_version", small.head)),
            }
            workload = "upgrade head (%s, tpm=%s)" % (label, "true" if tpm else "false")
            t = measure("%s, %d revisions" % (workload, small.n), args.reps, sides)
            rows.append((workload, small.n, t["retort"], t["alembic"],
                         "%s:%s" % (label, "true" if tpm else "false") not in args.info_only))
            for name in dbs:
                fresh(name)()

    # ---- what the disk alone costs -----------------------------------------
    # The floor under any tool's upgrade with one commit per revision: `small` commits of
    # a one-row UPDATE through Python's sqlite3, default journal mode and synchronous.
    floors = []
    for label, path in db_dirs:
        db = os.path.join(path, "floor.db")
        times = []
        for _ in range(3):
            for suffix in ("", "-journal"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            con = sqlite3.connect(db, isolation_level=None)
            con.execute("CREATE TABLE v (n INTEGER)")
            con.execute("INSERT INTO v VALUES (0)")
            t0 = time.perf_counter()
            for i in range(small.n):
                con.execute("BEGIN")
                con.execute("UPDATE v SET n = ?", (i,))
                con.execute("COMMIT")
            times.append(time.perf_counter() - t0)
            con.close()
        os.remove(db)
        floors.append((label, statistics.median(times)))
        print("  %-44s %8.1f ms" % ("%d commits, nothing else (%s)" % (small.n, label),
                                    1000 * statistics.median(times)), file=sys.stderr, flush=True)

    # ---- history and heads --------------------------------------------------
    for what in ("history", "heads"):
        for project in (small, large):
            check = check_listing(project, what)
            run(project.retort(what), project.retort_dir, check)
            run(project.alembic(what), project.alembic_dir, check)
            sides = {
                "retort": (None, project.retort(what), project.retort_dir, None),
                "alembic": (None, project.alembic(what), project.alembic_dir, None),
            }
            t = measure("%s, %d revisions" % (what, project.n), args.reps, sides)
            rows.append((what, project.n, t["retort"], t["alembic"], project is large))

    # ---- table -------------------------------------------------------------
    med = statistics.median
    failed = []
    lines = []
    lines.append("%-32s %6s %12s %13s %9s %8s  %s" % (
        "workload", "revs", "retort (ms)", "alembic (ms)", "speed-up", "target", "result"))
    for workload, n, rt, at, has_target in rows:
        speedup = med(at) / med(rt)
        if has_target:
            ok = speedup >= 10
            result = "PASS" if ok else "FAIL"
            if not ok:
                failed.append("%s on %d: %.1fx, target 10x" % (workload, n, speedup))
            target = ">= 10x"
        else:
            result, target = "(info)", "-"
        lines.append("%-32s %6d %12.1f %13.1f %8.1fx %8s  %s" % (
            workload, n, 1000 * med(rt), 1000 * med(at), speedup, target, result))
    scale = large.n / small.n
    limit = 12 * scale / 10
    lines.append("")
    lines.append("%-32s %19s %13s %9s %8s  %s" % (
        "scaling (retort)", "%d revs (ms)" % small.n, "%d revs (ms)" % large.n, "ratio",
        "target", "result"))
    scaling = []
    for what in ("history", "heads"):
        rs = {n: med(rt) for w, n, rt, _, _ in rows if w == what}
        ratio = rs[large.n] / rs[small.n]
        ok = ratio <= limit
        if not ok:
            failed.append("retort %s %d/%d: %.1fx, target <= %.0fx" % (
                what, large.n, small.n, ratio, limit))
        scaling.append((what, rs[small.n], rs[large.n], ratio, ok))
        lines.append("%-32s %19.1f %13.1f %8.1fx %8s  %s" % (
            what, 1000 * rs[small.n], 1000 * rs[large.n], ratio, "<= %.0fx" % limit,
            "PASS" if ok else "FAIL"))
    lines.append("")
    for label, t in floors:
        lines.append("SQLite alone, %d commits of a one-row UPDATE (%s): %.1f ms" % (
            small.n, label, 1000 * t))
    print("\n".join(lines))
    for f in failed:
        print("TARGET MISSED: " + f)
    print("ALL TARGETS MET" if not failed else "%d TARGET(S) MISSED" % len(failed))

    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump({
                "reps": args.reps,
                "db_dirs": dict(db_dirs),
                "rows": [{"workload": w, "revisions": n, "retort_s": rt, "alembic_s": at,
                          "retort_median_s": med(rt), "alembic_median_s": med(at),
                          "speedup": med(at) / med(rt), "target": has_target}
                         for w, n, rt, at, has_target in rows],
                "scaling": [{"command": w, "small": small.n, "large": large.n,
                             "small_median_s": a, "large_median_s": b, "ratio": r,
                             "limit": limit, "ok": ok} for w, a, b, r, ok in scaling],
                "commit_floor_s": dict(floors),
                "missed": failed,
            }, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CommandFailed as e:
        print("migrations_bench: ERROR: %s" % e, file=sys.stderr)
        sys.exit(2)
