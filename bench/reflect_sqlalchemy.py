#!/usr/bin/python3
"""The SQLAlchemy side of retort_reflect_bench: MetaData.reflect() of a whole
database, timed. Run with Debian's /usr/bin/python3 (python3-sqlalchemy 1.4,
python3-psycopg2, python3-pymysql).

The database URL comes from RETORT_REFLECT_SA_URL (kept out of the process
list). Prints one line: "SQLALCHEMY seconds=<median> tables=<n> version=<v>".
"""
import argparse
import os
import statistics
import sys
import time

import sqlalchemy as sa


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=3, help="measured runs (median reported)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs first")
    parser.add_argument("--expect-tables", type=int, default=None,
                        help="fail unless this many tables are reflected")
    args = parser.parse_args()
    url = os.environ.get("RETORT_REFLECT_SA_URL")
    if not url:
        sys.exit("RETORT_REFLECT_SA_URL is not set")

    engine = sa.create_engine(url)
    times = []
    tables = 0
    with engine.connect() as conn:
        for i in range(args.warmup + args.reps):
            metadata = sa.MetaData()
            start = time.perf_counter()
            metadata.reflect(bind=conn)
            elapsed = time.perf_counter() - start
            tables = len(metadata.tables)
            if i >= args.warmup:
                times.append(elapsed)
            print(f"  run {i + 1}: {elapsed:.3f} s", file=sys.stderr)
    engine.dispose()
    if args.expect_tables is not None and tables != args.expect_tables:
        sys.exit(f"reflected {tables} tables, expected {args.expect_tables}")
    print(f"SQLALCHEMY seconds={statistics.median(times):.6f} tables={tables} "
          f"version={sa.__version__}")


if __name__ == "__main__":
    main()
