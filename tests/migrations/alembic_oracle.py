#!/usr/bin/python3
"""What Alembic 1.8 answers for the revision-graph fixtures (tests/migrations/data/graphs).

Each fixture lists revisions (revision, down_revision, branch_labels, depends_on) and cases
(heads, resolve, upgrade, downgrade, history, ...). This script builds Alembic's own
RevisionMap from the same revisions and runs each case through the same Alembic calls the
alembic commands make, rendering the answers the way the C++ test driver renders Retort's:

  alembic_oracle.py [--data DIR] [FILE...]     print every answer as YAML (read by
                                               alembic_crosscheck_test.cpp)
  alembic_oracle.py --check [FILE...]          compare Alembic with each fixture's expect/error
  alembic_oracle.py --fill FILE...             write Alembic's answers into the fixtures'
                                               expect/error entries (how fixtures are made)

Run it with Debian's /usr/bin/python3 (python3-alembic); Alembic's answers must not depend
on PYTHONHASHSEED, so --check and --fill also run each fixture under other hash seeds and
refuse cases where Alembic disagrees with itself (so does the default mode).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import types
import warnings

import contextlib

import yaml
from alembic.runtime.migration import HeadMaintainer, RevisionStep
from alembic.script.base import ScriptDirectory
from alembic.script.revision import (CycleDetected, DependencyCycleDetected, MultipleHeads,
                                     RangeNotAncestorError, ResolutionError, Revision,
                                     RevisionError, RevisionMap)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "data", "graphs")
COMMANDS = ("heads", "effective_heads", "bases", "effective_bases", "current_head", "resolve",
            "revision", "upgrade", "downgrade", "history", "stamp")
NULLS = ("", "~", "null", "Null", "NULL")


class Rev(Revision):
    """A Revision that RevisionStep accepts (it reads module.upgrade/downgrade)."""
    module = types.SimpleNamespace(upgrade=lambda: None, downgrade=lambda: None)


class Recorder(HeadMaintainer):
    """Alembic's HeadMaintainer with the SQL replaced by a record of the row changes."""

    def __init__(self, heads):  # pylint: disable=super-init-not-called
        self.heads = set(heads)

    def _insert_version(self, version):
        assert version not in self.heads
        self.heads.add(version)

    def _delete_version(self, version):
        self.heads.remove(version)

    def _update_version(self, from_, to_):
        assert to_ not in self.heads
        self.heads.remove(from_)
        self.heads.add(to_)


class Outcome(Exception):
    """An answer that is an error: the Retort error class it corresponds to."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


def classify(exc):
    """The Retort error class for an Alembic exception."""
    msg = str(exc)
    if isinstance(exc, DependencyCycleDetected):
        return "DependencyCycleDetected"
    if isinstance(exc, CycleDetected):
        return "CycleDetected"
    if isinstance(exc, MultipleHeads):
        return "MultipleHeads"
    if isinstance(exc, RangeNotAncestorError):
        return "RangeNotAncestor"
    if isinstance(exc, ResolutionError):
        if msg.startswith("Multiple revisions start with"):
            return "AmbiguousRevision"
        if msg.startswith("No such"):
            return "RevisionNotFound"
        return "ResolutionError"
    if isinstance(exc, RevisionError):
        if "already used by revision" in msg:
            return "DuplicateBranchLabel"
        return "RevisionError"
    if isinstance(exc, KeyError):  # a down_revision / depends_on target that is not present
        return "RevisionNotFound"
    if isinstance(exc, AssertionError):  # Alembic asserts where Retort raises RevisionError
        return "RevisionError"
    raise exc


def nullable(value):
    return None if value is None or value in NULLS else value


def id_list(value):
    """null | id | [ids] -> tuple (BaseLoader keeps every scalar a string)."""
    value = nullable(value)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def build_map(fixture):
    revisions = []
    for entry in fixture.get("revisions") or []:
        down = id_list(entry.get("down_revision"))
        deps = id_list(entry.get("depends_on"))
        labels = id_list(entry.get("branch_labels"))
        revisions.append(Rev(entry["revision"], down or None, dependencies=deps or None,
                             branch_labels=labels or None))
    rmap = RevisionMap(lambda: revisions)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rmap.heads  # pylint: disable=pointless-statement  (builds the map)
    for w in caught:
        if "present more than once" in str(w.message):
            raise Outcome("DuplicateRevision", str(w.message))
    return rmap


def render_ref(ref):
    if ref is None:
        raise Outcome("RevisionError", "walks past the base")
    if ref == "base":
        return "base"
    return ref.revision


def step_kind(step, heads):
    """Which branch of HeadMaintainer.update_to_step a step takes."""
    if step.should_delete_branch(heads):
        return "delete"
    if step.should_create_branch(heads):
        return "insert"
    if step.should_merge_branches(heads):
        return "merge"
    if step.should_unmerge_branches(heads):
        return "unmerge"
    return "update"


def render_steps(rmap, scripts, is_upgrade, current):
    out = []
    maintainer = Recorder(current)
    for script in scripts:
        step = RevisionStep(rmap, script, is_upgrade)
        before = set(maintainer.heads)
        kind = step_kind(step, maintainer.heads)
        try:
            maintainer.update_to_step(step)
        except (KeyError, AssertionError, IndexError) as exc:
            # Alembic's UPDATE/DELETE would match no row ("Online migration expected to
            # match one row"): the version table cannot follow this step.
            raise Outcome("RevisionError", "version table out of step: %r" % exc) from exc
        removed = sorted(before - maintainer.heads)
        added = sorted(maintainer.heads - before)
        rev = script.revision
        if kind == "insert":
            text = "%s: insert %s" % (rev, ", ".join(added))
        elif kind == "delete":
            text = "%s: delete %s" % (rev, ", ".join(removed))
        elif kind == "merge":
            text = "%s: merge %s -> %s" % (rev, ", ".join(removed), ", ".join(added))
        elif kind == "unmerge":
            text = "%s: unmerge %s -> %s" % (rev, ", ".join(removed), ", ".join(added))
        else:
            text = "%s: update %s -> %s" % (rev, ", ".join(removed), ", ".join(added))
        out.append(text)
    return out


class StampScripts:
    """What ScriptDirectory._stamp_revs reads of its ScriptDirectory, with Alembic's
    exceptions left as they are (the real one turns them into CommandError)."""

    def __init__(self, rmap):
        self.revision_map = rmap
        self.get_revisions = rmap.get_revisions

    @contextlib.contextmanager
    def _catch_revision_errors(self, **_kw):  # pylint: disable=no-self-use
        yield


def render_stamp(rmap, revisions, current):
    """alembic stamp REVISIONS... on a version table holding `current`: the steps
    (rendered like render_steps) and the rows left."""
    steps = ScriptDirectory._stamp_revs(  # pylint: disable=protected-access
        StampScripts(rmap), tuple(revisions), tuple(current))
    maintainer = Recorder(current)
    out = []
    for step in steps:
        before = set(maintainer.heads)
        kind = step_kind(step, maintainer.heads)
        try:
            maintainer.update_to_step(step)
        except (KeyError, AssertionError, IndexError) as exc:
            raise Outcome("RevisionError", "version table out of step: %r" % exc) from exc
        removed = sorted(before - maintainer.heads)
        added = sorted(maintainer.heads - before)
        rev = step.to_[0] if step.to_ else "base"
        if kind in ("insert", "delete"):
            text = "%s: %s %s" % (rev, kind, ", ".join(added or removed))
        else:
            text = "%s: %s %s -> %s" % (rev, kind, ", ".join(removed), ", ".join(added))
        out.append(text)
    out.append("heads: " + ", ".join(sorted(maintainer.heads)))
    return out


def run_case(rmap, case):
    command = next(c for c in COMMANDS if c in case)
    arg = case.get(command)
    current = tuple(id_list(case.get("current")))
    if command == "heads":
        return list(rmap.heads)
    if command == "effective_heads":
        return list(rmap._real_heads)  # pylint: disable=protected-access
    if command == "bases":
        return list(rmap.bases)
    if command == "effective_bases":
        return list(rmap._real_bases)  # pylint: disable=protected-access
    if command == "current_head":
        head = rmap.get_current_head(nullable(arg))
        return [head] if head else []
    if command == "resolve":
        return [render_ref(r) for r in rmap.get_revisions(arg)]
    if command == "revision":
        rev = rmap.get_revision(arg)
        return ["base" if rev is None else rev.revision]
    if command == "upgrade":
        revs = list(rmap.iterate_revisions(arg, current, implicit_base=True))
        return render_steps(rmap, reversed(revs), True, current)
    if command == "downgrade":
        revs = list(rmap.iterate_revisions(current, arg, select_for_downgrade=True))
        return render_steps(rmap, revs, False, current)
    if command == "stamp":
        return render_stamp(rmap, id_list(arg), current)
    if command == "history":
        # alembic.command.history, with "current" standing for the case's current heads
        if ":" not in arg:
            raise Outcome("ArgumentError", "History range requires [start]:[end]")
        try:
            base, head = arg.strip().split(":")
        except ValueError as exc:
            raise Outcome("ArgumentError", str(exc)) from exc
        if head == "current":
            head = current
        elif base == "current":
            base = current
        revs = rmap.iterate_revisions(head or "heads", base or "base", inclusive=True,
                                      assert_relative_length=False)
        return [r.revision for r in revs]
    raise ValueError(command)


def answer(fixture):
    """{graph_error: ...} or {cases: [{values: [...]} | {error: kind, message} | {skipped}]}"""
    if "retort_only" in fixture:
        return {"skipped": fixture["retort_only"]}
    try:
        rmap = build_map(fixture)
    except Outcome as exc:
        return {"graph_error": {"type": exc.kind, "message": exc.message}}
    except Exception as exc:  # pylint: disable=broad-except
        return {"graph_error": {"type": classify(exc), "message": str(exc)}}
    cases = []
    for case in fixture.get("cases") or []:
        if "retort_only" in case:
            cases.append({"skipped": case["retort_only"]})
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "downgrade -1 from multiple heads" & co.
                cases.append({"values": run_case(rmap, case)})
        except Outcome as exc:
            cases.append({"error": exc.kind, "message": exc.message})
        except Exception as exc:  # pylint: disable=broad-except
            cases.append({"error": classify(exc), "message": str(exc)})
    return {"cases": cases}


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.BaseLoader)


def fixture_files(args, data):
    if args:
        return [os.path.abspath(a) for a in args]
    return sorted(os.path.join(data, f) for f in os.listdir(data)
                  if f.endswith(".yaml") and not f.startswith("."))


def answers(files):
    return [dict(file=os.path.basename(p), **answer(load(p))) for p in files]


def stable_answers(files):
    """answers() under several hash seeds; raises when Alembic disagrees with itself."""
    mine = answers(files)
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--json"] + files,
                             env=env, check=True, capture_output=True, text=True).stdout
        other = json.loads(out)
        for a, b in zip(mine, other):
            if a.get("graph_error", {}).get("type") != b.get("graph_error", {}).get("type"):
                sys.exit("%s: Alembic's graph error depends on PYTHONHASHSEED" % a["file"])
            for i, (x, y) in enumerate(zip(a.get("cases", []), b.get("cases", []))):
                if x.get("values") != y.get("values") or x.get("error") != y.get("error"):
                    sys.exit("%s: case %d: Alembic's answer depends on PYTHONHASHSEED (%r vs %r);"
                             " make the case deterministic" % (a["file"], i, x, y))
    return mine


def expected_of(case):
    if "error" in case:
        err = case["error"]
        return {"error": err if isinstance(err, str) else err.get("type")}
    return {"values": case.get("expect")}


def check(files):
    failures = 0
    for path, got in zip(files, stable_answers(files)):
        fixture = load(path)
        if "skipped" in got:
            continue
        want_graph = fixture.get("error")
        if want_graph is not None or "graph_error" in got:
            want = want_graph if isinstance(want_graph, str) else (want_graph or {}).get("type")
            have = got.get("graph_error", {}).get("type")
            if want != have:
                failures += 1
                print("%s: graph error: fixture says %r, Alembic %r (%s)"
                      % (path, want, have, got.get("graph_error", {}).get("message")))
            continue
        for i, (case, have) in enumerate(zip(fixture.get("cases") or [], got["cases"])):
            if "skipped" in have:
                continue
            want = expected_of(case)
            have_cmp = {"error": have["error"]} if "error" in have else {"values": have["values"]}
            if want != have_cmp:
                failures += 1
                print("%s: case %d (%s): fixture %r, Alembic %r %s"
                      % (path, i, case, want, have_cmp, have.get("message", "")))
    print("%d fixture(s), %d mismatch(es)" % (len(files), failures))
    return 1 if failures else 0


def render_list(values, column):
    """A flow list on one line, or a block list when that line would be long."""
    def item(v):
        return v if re.fullmatch(r"[A-Za-z0-9_.]+", v) and not v.isdigit() else json.dumps(v)
    one_line = "[" + ", ".join(item(v) for v in values) + "]"
    if column + len("expect: ") + len(one_line) <= 100:
        return one_line
    indent = " " * (column + 2)
    return "".join("\n%s- %s" % (indent, item(v)) for v in values)


def fill(files):
    for path, got in zip(files, stable_answers(files)):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        root = yaml.compose(text)
        if "skipped" in got:
            continue
        if "graph_error" in got:
            print("%s: graph error %s: %s" % (path, got["graph_error"]["type"],
                                                got["graph_error"]["message"]))
            continue
        cases_node = next((v for k, v in root.value if k.value == "cases"), None)
        edits = []
        for case_node, have in zip(cases_node.value if cases_node else [], got["cases"]):
            if "skipped" in have:
                continue
            slot = next(((k, v) for k, v in case_node.value
                         if k.value in ("expect", "error")), None)
            if slot is None:
                print("%s:%d: case has no expect/error placeholder"
                      % (path, case_node.start_mark.line + 1))
                continue
            key, value = slot
            if "error" in have:
                if key.value == "error":
                    old = yaml.load(text[value.start_mark.index:value.end_mark.index],
                                    Loader=yaml.BaseLoader)
                    old_type = old if isinstance(old, str) else (old or {}).get("type")
                    if old_type == have["error"]:
                        continue
                new = "error: {type: %s}" % have["error"]
                print("%s:%d: error %s: %s (add a message substring)"
                      % (path, key.start_mark.line + 1, have["error"], have["message"]))
            else:
                listed = render_list(have["values"], key.start_mark.column)
                new = "expect:" + ("" if listed.startswith("\n") else " ") + listed
            end = value.end_mark.index
            while end > key.start_mark.index and text[end - 1] in " \n":
                end -= 1  # a block list's end mark is past its newline and the next indent
            edits.append((key.start_mark.index, end, new))
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--fill", action="store_true")
    mode.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = fixture_files(args.files, args.data)
    if args.check:
        return check(files)
    if args.fill:
        return fill(files)
    if args.json:
        json.dump(answers(files), sys.stdout)
        return 0
    yaml.safe_dump(stable_answers(files), sys.stdout, default_flow_style=False, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
