#!/usr/bin/python3
"""Writes the model and the drifted live schema of the autogenerate benchmark.

Used by bench/autogen_bench.cpp (bench/run_autogen.sh; docs/benchmarks.md,
"Autogenerate against Alembic").

    gen_autogen_model.py --out DIR [--tables 500] [--drift 0.10] [--seed 6]

Writes into DIR (which must exist):

  model.yaml     the declared model as Retort schema YAML (target_metadata)
  model_sa.py    the same model as a SQLAlchemy 1.4 MetaData (`metadata`)
  live.yaml      the drifted copy, the schema the live database gets
  live_sa.py     the drifted copy as a SQLAlchemy MetaData (bench/autogen_alembic.py
                 creates the live databases from it with create_all)
  drift.json     the drift that was applied: one entry per changed table, and the
                 number of changes autogenerate should report

The model: N tables of 5 to 12 columns each, an Integer primary key `id`, then
foreign keys to earlier tables (every foreign key column indexed), strings of
several lengths, text, booleans, numerics, integers, big integers, dates and
datetimes, nullable or not, some with server defaults; unique constraints on
`code` columns, one or two indexes, and check constraints on some tables.
Everything is named explicitly, so that both tools see the same names on every
database.

The drift: round(N * drift) tables (every tenth, by default) differ in the
live database in one of four ways, in turn:

  add_column      the model has a column the live table lacks
  drop_column     the live table has a column the model lacks
  change_type     a String column is longer in the live table
  drop_index      the live table has an index the model lacks

so that both tools should report exactly one change per drifted table. The
output is the same for the same arguments (a seeded PRNG).
"""

import argparse
import copy
import json
import os
import random
import sys

NOUNS = [
    "account", "address", "invoice", "order", "product", "customer", "payment", "shipment",
    "supplier", "warehouse", "employee", "department", "project", "task", "ticket", "comment",
    "document", "contract", "region", "store", "category", "tag", "coupon", "refund",
    "subscription", "plan", "device", "session", "event", "report",
]

# Optional columns: (name, type, nullable, server_default or None, indexable)
FILLERS = [
    ("name", "String", True, None, True),
    ("title", "String", False, None, True),
    ("email", "String(120)", True, None, True),
    ("status", "String(20)", False, "'new'", True),
    ("description", "Text", True, None, False),
    ("notes", "Text", True, None, False),
    ("is_active", "Boolean", False, "false", True),
    ("is_archived", "Boolean", True, None, False),
    ("amount", "Numeric(12,2)", False, "0", True),
    ("tax_rate", "Numeric(5,4)", True, None, False),
    ("quantity", "Integer", False, "0", True),
    ("position", "Integer", True, None, False),
    ("external_ref", "BigInteger", True, None, True),
    ("created_at", "DateTime", False, "CURRENT_TIMESTAMP", True),
    ("updated_at", "DateTime", True, None, True),
    ("due_date", "Date", True, None, True),
]
STRING_LENGTHS = [40, 50, 80, 100, 120, 200, 255]


def make_model(n_tables, rng):
    tables = []
    for i in range(n_tables):
        name = "%s_%03d" % (NOUNS[i % len(NOUNS)], i)
        cols = [{"name": "id", "type": "Integer", "pk": True, "nullable": False}]
        fks, indexes, uniques, checks = [], [], [], []
        # Foreign keys to earlier tables; each referring column gets an index.
        n_fk = 0 if i == 0 else rng.choice([0, 0, 1, 1, 1, 2])
        for ref in sorted(set(rng.randrange(i) for _ in range(n_fk))) if i else []:
            ref_name = tables[ref]["name"]
            col = ref_name + "_id"
            cols.append({"name": col, "type": "Integer", "nullable": rng.random() < 0.5})
            fk = {"name": "fk_%s_%s" % (name, col), "column": col, "table": ref_name}
            if rng.random() < 0.3:
                fk["ondelete"] = "CASCADE"
            fks.append(fk)
            indexes.append({"name": "ix_%s_%s" % (name, col), "columns": [col]})
        # A code column with a unique constraint on half the tables.
        if rng.random() < 0.5:
            cols.append({"name": "code", "type": "String(%d)" % rng.choice([20, 32, 40]),
                         "nullable": False})
            uniques.append({"name": "uq_%s_code" % name, "columns": ["code"]})
        total = rng.randint(5, 12)
        picks = rng.sample(FILLERS, max(0, total - len(cols)))
        picks.sort(key=FILLERS.index)
        for fname, ftype, nullable, default, _ in picks:
            if ftype == "String":
                ftype = "String(%d)" % rng.choice(STRING_LENGTHS)
            col = {"name": fname, "type": ftype, "nullable": nullable}
            if default is not None:
                col["server_default"] = default
            cols.append(col)
        names = [c["name"] for c in cols]
        indexable = [f[0] for f in FILLERS if f[4] and f[0] in names]
        # One or two indexes besides the foreign key ones; some on two columns.
        rng.shuffle(indexable)
        for k in range(min(len(indexable), rng.choice([1, 1, 2]))):
            c = indexable[k]
            if rng.random() < 0.25 and "created_at" in names and c != "created_at":
                indexes.append({"name": "ix_%s_%s_created" % (name, c), "columns": [c, "created_at"]})
            else:
                indexes.append({"name": "ix_%s_%s" % (name, c), "columns": [c]})
        if "amount" in names and rng.random() < 0.6:
            checks.append({"name": "ck_%s_amount" % name, "sqltext": "amount >= 0"})
        if "quantity" in names and rng.random() < 0.6:
            checks.append({"name": "ck_%s_quantity" % name, "sqltext": "quantity >= 0"})
        tables.append({"name": name, "columns": cols, "foreign_keys": fks, "indexes": indexes,
                       "unique_constraints": uniques, "check_constraints": checks})
    return tables


def plain_column(t):
    """A column of t that no key, index or constraint uses (None if there is none)."""
    used = {"id"}
    for fk in t["foreign_keys"]:
        used.add(fk["column"])
    for x in t["indexes"] + t["unique_constraints"]:
        used.update(x["columns"])
    for ck in t["check_constraints"]:
        used.add(ck["sqltext"].split()[0])
    for c in reversed(t["columns"]):
        if c["name"] not in used:
            return c
    return None


def string_column(t):
    for c in t["columns"]:
        if c["type"].startswith("String("):
            return c
    return None


def drift(model, fraction):
    """The live copy and the list of changes. Tables with nothing fitting are skipped."""
    live = copy.deepcopy(model)
    want = round(len(model) * fraction)
    kinds = ["add_column", "drop_column", "change_type", "drop_index"]
    step = max(1, len(model) // max(1, want))
    changes = []
    i = 3  # not the first tables, which the others refer to most
    k = 0
    while len(changes) < want and i < len(model):
        t = live[i]
        kind = kinds[k % len(kinds)]
        entry = None
        if kind == "add_column":
            c = plain_column(t)
            if c is not None:
                t["columns"].remove(c)
                entry = {"kind": kind, "table": t["name"], "object": c["name"]}
        elif kind == "drop_column":
            t["columns"].append({"name": "legacy_code", "type": "String(30)", "nullable": True})
            entry = {"kind": kind, "table": t["name"], "object": "legacy_code"}
        elif kind == "change_type":
            c = string_column(t)
            if c is not None:
                n = int(c["type"][len("String("):-1])
                c["type"] = "String(%d)" % (n + 60)
                entry = {"kind": kind, "table": t["name"], "object": c["name"],
                         "detail": "String(%d) live, String(%d) in the model" % (n + 60, n)}
        else:
            # On a column MySQL can index without a prefix length (not Text).
            c = [c for c in t["columns"] if c["type"] != "Text"][-1]
            t["indexes"].append({"name": "ix_%s_legacy" % t["name"], "columns": [c["name"], "id"]})
            entry = {"kind": kind, "table": t["name"], "object": "ix_%s_legacy" % t["name"]}
        if entry is not None:
            changes.append(entry)
            k += 1
            i += step
        else:
            i += 1
    return live, changes


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_yaml(tables):
    out = ["# Generated by bench/gen_autogen_model.py: the autogenerate benchmark's schema.", "tables:"]
    for t in tables:
        out.append("  %s:" % t["name"])
        out.append("    columns:")
        for c in t["columns"]:
            parts = ["name: " + c["name"], "type: " + q(c["type"])]
            if c.get("pk"):
                parts.append("primary_key: true")
            elif not c["nullable"]:
                parts.append("nullable: false")
            if "server_default" in c:
                parts.append("server_default: " + q(c["server_default"]))
            out.append("      - {" + ", ".join(parts) + "}")
        if t["indexes"]:
            out.append("    indexes:")
            for x in t["indexes"]:
                out.append("      - {name: %s, columns: [%s]}" % (x["name"], ", ".join(x["columns"])))
        if t["foreign_keys"]:
            out.append("    foreign_keys:")
            for fk in t["foreign_keys"]:
                extra = ", ondelete: " + fk["ondelete"] if "ondelete" in fk else ""
                out.append("      - {name: %s, columns: [%s], references: %s(id)%s}"
                           % (fk["name"], fk["column"], fk["table"], extra))
        if t["unique_constraints"]:
            out.append("    unique_constraints:")
            for u in t["unique_constraints"]:
                out.append("      - {name: %s, columns: [%s]}" % (u["name"], ", ".join(u["columns"])))
        if t["check_constraints"]:
            out.append("    check_constraints:")
            for ck in t["check_constraints"]:
                out.append("      - {name: %s, sqltext: %s}" % (ck["name"], q(ck["sqltext"])))
    return "\n".join(out) + "\n"


def sa_type(spelling):
    if "(" in spelling:
        base, args = spelling[:-1].split("(", 1)
        return "%s(%s)" % (base, args.replace(",", ", "))
    return spelling


def to_sqlalchemy(tables):
    out = [
        '"""Generated by bench/gen_autogen_model.py: the autogenerate benchmark\'s schema."""',
        "from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, Date, DateTime,",
        "                        ForeignKey, Index, Integer, MetaData, Numeric, String, Table, Text,",
        "                        UniqueConstraint, text)",
        "",
        "metadata = MetaData()",
        "",
    ]
    for t in tables:
        out.append("Table(")
        out.append("    %r, metadata," % t["name"])
        fks = {fk["column"]: fk for fk in t["foreign_keys"]}
        for c in t["columns"]:
            args = [repr(c["name"]), sa_type(c["type"])]
            if c["name"] in fks:
                fk = fks[c["name"]]
                fa = ["%r" % (fk["table"] + ".id"), "name=%r" % fk["name"]]
                if "ondelete" in fk:
                    fa.append("ondelete=%r" % fk["ondelete"])
                args.append("ForeignKey(%s)" % ", ".join(fa))
            if c.get("pk"):
                args.append("primary_key=True")
            else:
                args.append("nullable=%s" % c["nullable"])
            if "server_default" in c:
                args.append("server_default=text(%r)" % c["server_default"])
            out.append("    Column(%s)," % ", ".join(args))
        for u in t["unique_constraints"]:
            out.append("    UniqueConstraint(%s, name=%r)," % (", ".join(map(repr, u["columns"])), u["name"]))
        for ck in t["check_constraints"]:
            out.append("    CheckConstraint(%r, name=%r)," % (ck["sqltext"], ck["name"]))
        for x in t["indexes"]:
            out.append("    Index(%r, %s)," % (x["name"], ", ".join(map(repr, x["columns"]))))
        out.append(")")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--tables", type=int, default=500)
    ap.add_argument("--drift", type=float, default=0.10)
    ap.add_argument("--seed", type=int, default=6)
    a = ap.parse_args()
    if a.tables < 10:
        sys.exit("gen_autogen_model.py: --tables must be at least 10")
    if not 0 <= a.drift <= 0.5:
        sys.exit("gen_autogen_model.py: --drift must be between 0 and 0.5")
    if not os.path.isdir(a.out):
        sys.exit("gen_autogen_model.py: %s is not a directory" % a.out)
    rng = random.Random(a.seed)
    model = make_model(a.tables, rng)
    live, changes = drift(model, a.drift)
    files = {
        "model.yaml": to_yaml(model),
        "model_sa.py": to_sqlalchemy(model),
        "live.yaml": to_yaml(live),
        "live_sa.py": to_sqlalchemy(live),
        "drift.json": json.dumps({"tables": a.tables, "drifted_tables": len(changes),
                                  "expected_changes": len(changes), "changes": changes},
                                 indent=1) + "\n",
    }
    for name, text in files.items():
        with open(os.path.join(a.out, name), "w") as f:
            f.write(text)
    counts = {}
    for c in changes:
        counts[c["kind"]] = counts.get(c["kind"], 0) + 1
    print("tables=%d columns=%d indexes=%d drifted=%d %s" % (
        a.tables, sum(len(t["columns"]) for t in model), sum(len(t["indexes"]) for t in model),
        len(changes), " ".join("%s=%d" % kv for kv in sorted(counts.items()))))


if __name__ == "__main__":
    main()
