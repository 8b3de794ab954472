#!/usr/bin/python3
"""The Alembic 1.8 side of the autogenerate benchmark (bench/autogen_bench.cpp,
bench/run_autogen.sh; docs/benchmarks.md, "Autogenerate against Alembic").

Run with Debian's /usr/bin/python3 (python3-alembic 1.8, python3-sqlalchemy 1.4,
python3-psycopg2, python3-pymysql). The database URL comes from the environment,
RETORT_AUTOGEN_SA_URL (a SQLAlchemy URL), so that no password shows in the process
list. Three commands:

  create --module live_sa.py
      creates the live schema: `metadata.create_all` of the module's MetaData, in
      chunks of 100 tables per transaction (PostgreSQL's lock table is not sized for
      thousands of new relations in one transaction).

  inprocess --module model_sa.py [--reps 3] [--no-server-default] [--dump PATH]
      what `alembic revision --autogenerate` does, in one process on one connection:
      MigrationContext.configure(conn, opts={compare_type: True,
      compare_server_default: True}), produce_migrations() against the module's
      MetaData (reflection and comparison), render_python_code() of the upgrade and
      the downgrade. One unmeasured run, then --reps measured ones; prints
      `seconds=<median> runs=<each> diffs=<n> kinds=<kind:n,...>`. --dump writes the
      diffs, one per line.

  cli --module model_sa.py --project DIR [--reps 3]
      the command itself, `python3 -m alembic revision --autogenerate -m drift`, each
      run a fresh process, in an Alembic project made in DIR (`alembic init`, then an
      env.py that imports the module and configures the same options). The revision
      file each run writes is deleted before the next run. Prints `seconds=<median>
      runs=<each>`.

Both tools ignore each other's version tables (retort_version, retort_history,
alembic_version), so the order in which they run does not matter.
"""

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time

IGNORED = {"retort_version", "retort_history", "alembic_version"}


def load_module(path):
    spec = importlib.util.spec_from_file_location("autogen_model", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def url():
    u = os.environ.get("RETORT_AUTOGEN_SA_URL")
    if not u:
        sys.exit("autogen_alembic.py: RETORT_AUTOGEN_SA_URL is not set")
    return u


def include_name(name, type_, parent_names):
    return not (type_ == "table" and name in IGNORED)


def cmd_create(a):
    from sqlalchemy import create_engine

    md = load_module(a.module).metadata
    tables = md.sorted_tables  # referred tables first
    engine = create_engine(url())
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # pysqlite runs DDL outside transactions: without this, each CREATE waits
            # for its own fsync. The setting ends with the connection.
            conn.exec_driver_sql("PRAGMA synchronous = OFF")
        for i in range(0, len(tables), 100):
            with conn.begin():
                md.create_all(conn, tables=tables[i:i + 100], checkfirst=False)
    engine.dispose()
    print("created=%d" % len(tables))


def cmd_inprocess(a):
    from alembic.autogenerate import produce_migrations, render_python_code
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    md = load_module(a.module).metadata
    engine = create_engine(url())
    times = []
    diffs = None
    with engine.connect() as conn:
        for i in range(a.reps + 1):  # the first run warms up
            t0 = time.perf_counter()
            ctx = MigrationContext.configure(conn, opts={
                "compare_type": True,
                "compare_server_default": not a.no_server_default,
                "include_name": include_name,
                "target_metadata": md,
            })
            script = produce_migrations(ctx, md)
            up = render_python_code(script.upgrade_ops)
            down = render_python_code(script.downgrade_ops)
            t1 = time.perf_counter()
            if not up or not down:
                sys.exit("autogen_alembic.py: nothing rendered")
            d = script.upgrade_ops.as_diffs()
            if diffs is not None and len(d) != len(diffs):
                sys.exit("autogen_alembic.py: run %d found %d diffs, run 0 found %d" % (i, len(d), len(diffs)))
            diffs = d
            if i > 0:
                times.append(t1 - t0)
    engine.dispose()
    # A modify_* diff is a list of the column's changes; count each.
    flat = []
    for d in diffs:
        flat.extend(d if isinstance(d, list) else [d])
    kinds = {}
    for d in flat:
        kinds[d[0]] = kinds.get(d[0], 0) + 1
    if a.dump:
        with open(a.dump, "w") as f:
            for d in flat:
                f.write(describe(d) + "\n")
    print("seconds=%.6f runs=%s diffs=%d kinds=%s" % (
        statistics.median(times), ",".join("%.4f" % t for t in times), len(flat),
        ",".join("%s:%d" % kv for kv in sorted(kinds.items()))))


def show(v):
    """A server default's SQL text, else the value."""
    arg = getattr(v, "arg", v)
    return getattr(arg, "text", arg)


def describe(d):
    kind = d[0]
    if kind in ("add_column", "remove_column"):
        return "%s %s.%s" % (kind, d[2], d[3].name)
    if kind in ("add_index", "remove_index", "add_constraint", "remove_constraint"):
        return "%s %s.%s" % (kind, d[1].table.name, d[1].name)
    if kind in ("add_fk", "remove_fk"):
        return "%s %s.%s" % (kind, d[1].parent.name, d[1].name)
    if kind in ("add_table", "remove_table"):
        return "%s %s" % (kind, d[1].name)
    if kind.startswith("modify_"):
        return "%s %s.%s (%s -> %s)" % (kind, d[2], d[3], show(d[-2]), show(d[-1]))
    return repr(d)


ENV_PY = '''# Written by bench/autogen_alembic.py: autogenerate against the benchmark's model.
import importlib.util
import os

from alembic import context
from sqlalchemy import create_engine

spec = importlib.util.spec_from_file_location("autogen_model", {module!r})
model = importlib.util.module_from_spec(spec)
spec.loader.exec_module(model)
IGNORED = {ignored!r}


def include_name(name, type_, parent_names):
    return not (type_ == "table" and name in IGNORED)


engine = create_engine(os.environ["RETORT_AUTOGEN_SA_URL"])
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=model.metadata,
                      compare_type=True, compare_server_default={csd!r},
                      include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()
'''


def cmd_cli(a):
    project = os.path.abspath(a.project)
    ini = os.path.join(project, "alembic.ini")
    versions = os.path.join(project, "alembic", "versions")
    if not os.path.exists(ini):
        os.makedirs(project, exist_ok=True)
        subprocess.run([sys.executable, "-m", "alembic", "init", "alembic"], cwd=project,
                       check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(project, "alembic", "env.py"), "w") as f:
        f.write(ENV_PY.format(module=os.path.abspath(a.module), ignored=sorted(IGNORED),
                              csd=not a.no_server_default))
    times = []
    for i in range(a.reps + 1):
        for name in os.listdir(versions):
            if name.endswith(".py"):
                os.remove(os.path.join(versions, name))
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "alembic", "-c", ini, "revision", "--autogenerate",
                            "-m", "drift"], cwd=project, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        t1 = time.perf_counter()
        if r.returncode != 0:
            sys.exit("autogen_alembic.py: alembic revision --autogenerate failed:\n" + r.stderr[-2000:])
        if i > 0:
            times.append(t1 - t0)
    print("seconds=%.6f runs=%s" % (statistics.median(times), ",".join("%.4f" % t for t in times)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("create")
    c.add_argument("--module", required=True)
    for name in ("inprocess", "cli"):
        p = sub.add_parser(name)
        p.add_argument("--module", required=True)
        p.add_argument("--reps", type=int, default=3)
        p.add_argument("--no-server-default", action="store_true",
                       help="compare_server_default=False")
        if name == "inprocess":
            p.add_argument("--dump")
        else:
            p.add_argument("--project", required=True)
    a = ap.parse_args()
    if getattr(a, "reps", 1) < 1:
        sys.exit("autogen_alembic.py: --reps must be at least 1")
    {"create": cmd_create, "inprocess": cmd_inprocess, "cli": cmd_cli}[a.cmd](a)


if __name__ == "__main__":
    main()
