#!/usr/bin/python3
"""Writes the same linear revision graph as Alembic .py files and as Retort .yaml files.

Used by bench/run_migrations.sh (docs/benchmarks.md, "Migrations against Alembic").

    gen_revisions.py --count N --alembic-versions DIR --retort-versions DIR [--seed S]

Revision i (0-based) has down_revision = revision i-1 (None/null for the first), no
branch labels, no depends_on, the message "revision i", and an upgrade and a downgrade
that do nothing: `pass` in Alembic, an empty operation list in Retort. The ids are
12 hex digits, as both tools generate them, drawn from a seeded PRNG so that every run
(and both tools) get the same graph; ids made only of digits and 'e' are skipped so
that no YAML reader could mistake one for a number. File names are <id>_revision_<i>,
so directory order is unrelated to graph order, as in a real project. Prints the head's id.

--alembic-env PATH also adapts the env.py that `alembic init` wrote, so that the
benchmark can choose, per run, the database (`-x url=...`, else sqlalchemy.url) and
transaction_per_migration (`-x tpm=true|false`, default false as in Alembic), and passes
transactional_ddl=True: Alembic's SQLite support declares DDL non-transactional and then
commits after every revision whatever transaction_per_migration says, while SQLite's DDL
is transactional and retort runs it so. With it, both tools use the same transactions:
one per revision (tpm=true) or one for the run (tpm=false). Nothing else changes.

The folders must exist and hold no revision files yet (the tools' own `init` created
them); this is checked, so that a graph is never mixed with an older one.
"""

import argparse
import os
import random
import re
import sys

ALEMBIC_TEMPLATE = '''"""{message}

Revision ID: {rev}
Revises: {down_text}
Create Date: {date}

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '{rev}'
down_revision = {down_py}
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
'''

RETORT_TEMPLATE = '''revision: {rev}
down_revision: {down_yaml}
branch_labels: null
depends_on: null
message: {message}
create_date: {date}
upgrade: []
downgrade: []
'''

ENV_ONLINE = """        context.configure(
            connection=connection, target_metadata=target_metadata
        )
"""
ENV_ONLINE_BENCH = """        context.configure(
            connection=connection, target_metadata=target_metadata,
            transaction_per_migration=_x.get("tpm", "false") == "true",
            transactional_ddl=True,
        )
"""
ENV_ENGINE = """    connectable = engine_from_config(
"""
ENV_ENGINE_BENCH = """    _url = _x.get("url")
    if _url:
        config.set_main_option("sqlalchemy.url", _url.replace("%", "%%"))
    connectable = engine_from_config(
"""
ENV_CONFIG = """config = context.config
"""
ENV_CONFIG_BENCH = """config = context.config
# bench/gen_revisions.py: -x url=... and -x tpm=true|false choose the database and
# transaction_per_migration.
_x = context.get_x_argument(as_dictionary=True)
"""

DATE = "2026-12-01 00:00:00.000000"
NUMBER_LIKE = re.compile(r"^[0-9e]+$")


def revision_ids(count, seed):
    rng = random.Random(seed)
    seen = set()
    ids = []
    while len(ids) < count:
        rev = "%012x" % rng.getrandbits(48)
        if rev in seen or NUMBER_LIKE.match(rev):
            continue
        seen.add(rev)
        ids.append(rev)
    return ids


def check_empty(folder, suffixes):
    if not os.path.isdir(folder):
        sys.exit("gen_revisions: %s is not a folder" % folder)
    stale = [n for n in os.listdir(folder) if n.endswith(suffixes)]
    if stale:
        sys.exit("gen_revisions: %s already holds %d revision files (e.g. %s)"
                 % (folder, len(stale), stale[0]))


def patch_env(path):
    with open(path) as f:
        text = f.read()
    for old, new in ((ENV_CONFIG, ENV_CONFIG_BENCH), (ENV_ENGINE, ENV_ENGINE_BENCH),
                     (ENV_ONLINE, ENV_ONLINE_BENCH)):
        if text.count(old) != 1:
            sys.exit("gen_revisions: %s is not the env.py of Alembic 1.8's generic template "
                     "(looked for %r)" % (path, old.strip()))
        text = text.replace(old, new)
    with open(path, "w") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--alembic-versions", required=True)
    parser.add_argument("--retort-versions", required=True)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--alembic-env", help="env.py to adapt (see above)")
    args = parser.parse_args()
    if args.count < 1:
        sys.exit("gen_revisions: --count must be at least 1")
    check_empty(args.alembic_versions, (".py",))
    check_empty(args.retort_versions, (".yaml", ".yml"))

    if args.alembic_env:
        patch_env(args.alembic_env)
    ids = revision_ids(args.count, args.seed)
    down = None
    for i, rev in enumerate(ids):
        message = "revision %d" % i
        name = "%s_revision_%d" % (rev, i)
        with open(os.path.join(args.alembic_versions, name + ".py"), "w") as f:
            f.write(ALEMBIC_TEMPLATE.format(
                message=message, rev=rev, date=DATE,
                down_text=down or "",
                down_py=("'%s'" % down) if down else "None"))
        with open(os.path.join(args.retort_versions, name + ".yaml"), "w") as f:
            f.write(RETORT_TEMPLATE.format(
                message=message, rev=rev, date=DATE,
                down_yaml=down or "null"))
        down = rev
    print(ids[-1])


if __name__ == "__main__":
    main()
