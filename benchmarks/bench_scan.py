"""Large files through the DuckDB scan, beside DuckDB's bare summary of the same file.

    python -m benchmarks.bench_scan [--cases parquet10m,csv10m,french1m,parquet100m] [--folder DIR] [--floor]

Writes the synthetic files into ``--folder`` (default: the system's temporary folder; they
are not committed) the first time: ``N`` transactions of ``N / 10`` customers (customer id,
order date over 2022-2025, amount), seeded by a hash of the row number, as Parquet and CSV.
``french1m`` is the 1,000,000-line French CSV of ``python -m benchmarks.bench_engine``
(``benchmarks/data/bench_1m.csv``), measured against a bare pandas read and group-by.

Each measure is a process of its own, its time and peak memory (resident set) read by
GNU time:

* bare: DuckDB reads the file and groups by customer (first and last date, purchase days,
  total), the result fetched to Arrow; the engine alone, nothing checked;
* analyze: ``python -m lifecycle analyze FILE --json`` (the row report, the summary, the
  stages, the KPIs, the monthly balance), standard output parsed as JSON;
* with ``--floor``: the least an exact analysis does, in DuckDB alone (``FLOOR_DUCKDB``: the
  exact duplicates counted, the occasions, the customers and the sorted occasions fetched).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_cli import BARE as BARE_PANDAS  # the same bare pandas read + group-by
from benchmarks.bench_cli import CSV as FRENCH

ROOT = Path(__file__).resolve().parents[1]

_ROWS = """
SELECT 'C' || lpad(CAST(hash(i) % {customers} AS VARCHAR), 8, '0') AS customer_id,
       DATE '2022-01-01' + CAST(hash(i * 7 + 1) % 1461 AS INTEGER) AS order_date,
       round(CAST(hash(i * 13 + 2) % 50000 AS DOUBLE) / 100 + 1, 2) AS amount
FROM range({rows}) t(i)
"""

BARE_DUCKDB = """
import sys, duckdb
path, kind = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
source = f"read_parquet('{path}')" if kind == "parquet" else f"read_csv('{path}')"
t = con.execute(f'''SELECT customer_id, min(order_date) AS first, max(order_date) AS last,
                    count(DISTINCT order_date) AS days, sum(amount) AS total
                    FROM {source} GROUP BY customer_id''').to_arrow_table()
print(t.num_rows)
"""


# The least any exact analysis does, in DuckDB alone on the same file: count the exact
# duplicate rows (the row report says them), group the rows into purchase occasions (a
# customer's day), one row per customer with integer codes, and the occasions fetched sorted
# by customer and day (what the stage history reads). No row is checked, nothing after.
FLOOR_DUCKDB = """
import sys, duckdb
path, kind = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
con.execute("SET memory_limit = '1500MB'")
src = f"read_parquet('{path}')" if kind == "parquet" else f"read_csv('{path}')"
con.execute(f"SELECT count(*), count(DISTINCT hash(customer_id, order_date, amount)) FROM {src}").fetchall()
con.execute(f'''CREATE TEMP TABLE occ AS SELECT customer_id AS c, order_date AS d, fsum(amount) AS amt
                FROM {src} WHERE customer_id IS NOT NULL AND order_date IS NOT NULL GROUP BY ALL''')
con.execute('''CREATE TEMP TABLE codes AS SELECT c, (row_number() OVER (ORDER BY c) - 1)::BIGINT AS code
               FROM (SELECT DISTINCT c FROM occ)''')
con.execute('''SELECT code, min(d), max(d), count(*), fsum(amt) FROM occ JOIN codes USING (c)
               GROUP BY code ORDER BY code''').fetchnumpy()
t = con.execute('''SELECT code, datediff('day', DATE '1970-01-01', d) AS day, amt FROM occ JOIN codes USING (c)
                   ORDER BY code, day, amt''').fetchnumpy()
print(len(t["code"]))
"""


def _write(path: Path, rows: int, kind: str) -> None:
    import duckdb

    if path.exists():
        return
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    query = _ROWS.format(rows=rows, customers=rows // 10)
    options = "(FORMAT parquet, COMPRESSION zstd)" if kind == "parquet" else "(FORMAT csv, HEADER)"
    t0 = time.perf_counter()
    con.execute(f"COPY ({query}) TO '{path}' {options}")
    print(f"wrote {path.name}: {path.stat().st_size / 1e6:,.0f} MB in {time.perf_counter() - t0:.1f} s", flush=True)


def _measure(cmd: list[str], check_json: bool = False) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of ``cmd``, by GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        t0 = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-o", out.name, "-f", "%M", *cmd], cwd=ROOT, capture_output=True, text=True
        )
        wall = time.perf_counter() - t0
        if done.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
        if check_json:
            json.loads(done.stdout)  # standard output is the document alone
        peak_kb = int(out.read().split()[-1])
    return wall, peak_kb / 1024


def _row(case: str, what: str, wall: float, peak: float, ratio: str = "") -> str:
    return f"| {case} | {what} | {wall:.1f} s | {peak:,.0f} MB | {ratio} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="parquet10m,csv10m,french1m")
    parser.add_argument("--folder", default=tempfile.gettempdir())
    parser.add_argument("--memory-limit", help="DuckDB's memory limit for the analysis (default: the scan's, 1500MB)")
    parser.add_argument("--floor", action="store_true", help="also the least an exact analysis does, in DuckDB alone")
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    print("| case | step | time | peak memory | ratio |\n|---|---|---:|---:|---:|", flush=True)
    for case in args.cases.split(","):
        if case == "french1m":
            if not FRENCH.exists():
                raise SystemExit("run `python -m benchmarks.bench_engine` first (it writes the French CSV)")
            bare = _measure([sys.executable, "-c", BARE_PANDAS, str(FRENCH)])
            ours = _measure([sys.executable, "-m", "lifecycle", "analyze", str(FRENCH), "--json"], True)
            print(_row(case, "bare pandas read + group-by", *bare), flush=True)
            print(_row(case, "`analyze --json`", *ours, f"{ours[0] / bare[0]:.2f}x the bare read"), flush=True)
            continue
        kind = "parquet" if case.startswith("parquet") else "csv"
        rows = 100_000_000 if case.endswith("100m") else 10_000_000
        path = folder / f"lifecycle_bench_{rows // 1_000_000}m.{kind}"
        _write(path, rows, kind)
        bare = _measure([sys.executable, "-c", BARE_DUCKDB, str(path), kind])
        cmd = [sys.executable, "-m", "lifecycle", "analyze", str(path), "--json"]
        cmd += ["--memory-limit", args.memory_limit] if args.memory_limit else []
        ours = _measure(cmd, True)
        print(_row(case, "DuckDB bare summary", *bare), flush=True)
        if args.floor:
            floor = _measure([sys.executable, "-c", FLOOR_DUCKDB, str(path), kind])
            print(
                _row(case, "DuckDB: the least an exact analysis does", *floor, f"{floor[0] / bare[0]:.2f}x"), flush=True
            )
        print(_row(case, "`analyze --json`", *ours, f"{ours[0] / bare[0]:.2f}x the bare summary"), flush=True)


if __name__ == "__main__":
    main()
