"""A saved summary of 1,000,000 customers: its size, the time to save it and to open it, and a
slider move in the app with it open.

    python -m benchmarks.bench_saved [--customers 1000000] [--repeat 3] [--moves 12] [--no-browser]

Writes (numpy, seeded) a transactions file of ``--customers`` customers who join over four
years and come back about ten times each (1 + Poisson(9) rows, most on distinct days: about
ten purchase occasions), with amounts in cents and 1% refunds, as Parquet under
benchmarks/data/. Then, in this process: the analysis of that file (read, prepare, summary),
``write_summary`` (the save of ``analyze --save-summary``), ``open_saved`` here and in a
child process within its budget (as the app opens an upload), and a check that the saved
summary gives the same ``analyze --json`` document as the file. ``python -m lifecycle
analyze SAVED --json`` is timed as a process too (it opens the summary in a forked child). Last, unless ``--no-browser``, the saved
summary is uploaded in the app in a real browser and each page's slider is moved beside a
trivial Streamlit app in the same run (``benchmarks.bench_browser.measure``).

Check ``uptime`` first: run it on an idle machine (load below 1.5).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]
DAYS = 4 * 365


def make_transactions(path: Path, customers: int, seed: int = 11) -> int:
    """The synthetic transactions file; its number of rows."""
    rng = np.random.default_rng(seed)
    counts = 1 + rng.poisson(9, customers)
    code = np.repeat(np.arange(customers), counts)
    n = len(code)
    join = rng.integers(0, DAYS, customers)
    offset = np.minimum(join[code] + rng.exponential(150, n).astype("int64"), DAYS - 1)
    dates = np.datetime64("2022-01-01") + offset.astype("timedelta64[D]")
    amount = np.round(rng.lognormal(4, 0.7, n), 2)
    amount[rng.random(n) < 0.01] *= -1  # refunds
    ids = pa.array([f"C{c:07d}" for c in range(customers)])
    table = pa.table(
        {
            "Customer ID": ids.take(pa.array(code)),
            "Order Date": pa.array(dates),
            "Amount": pa.array(amount),
            "Channel": pa.array(np.where(rng.random(n) < 0.4, "Store", "Web")),
        }
    )
    pq.write_table(table, path, compression="zstd")
    return n


def _timed(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def _span(times: list[float]) -> str:
    return f"best {min(times):.3f} s, median {statistics.median(times):.3f} s ({len(times)} runs)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--moves", type=int, default=12)
    ap.add_argument("--no-browser", action="store_true")
    a = ap.parse_args()

    DATA.mkdir(exist_ok=True)
    source = DATA / f"transactions_{a.customers // 1000}k.parquet"
    saved = DATA / f"saved_{a.customers // 1000}k.parquet"
    _save_and_open(source, saved, a.customers, a.repeat)  # its tables are let go before the browser's turn
    if not a.no_browser:
        from benchmarks.bench_browser import measure, report

        out, fresh, peak = measure(saved, a.moves)
        report(out, fresh, peak, f"{saved.name} ({a.customers:,} customers)", a.moves)


def _save_and_open(source: Path, saved: Path, customers: int, repeat: int) -> None:
    from lifecycle import analyze
    from lifecycle.analysis import saved_source
    from lifecycle.model.saved import is_saved_summary, open_saved, write_summary

    t0 = time.perf_counter()
    rows = make_transactions(source, customers)
    print(
        f"transactions: {rows:,} rows of {customers:,} customers, {source.stat().st_size / 1e6:,.1f} MB as Parquet "
        f"(written in {time.perf_counter() - t0:.1f} s)"
    )

    t0 = time.perf_counter()
    analysis = analyze(source)
    s = analysis.summary
    print(
        f"analysis of the file (read, prepare, summary): {time.perf_counter() - t0:.1f} s; {s.n_customers:,} "
        f"customers, {len(s.occ_day):,} occasions, {len(s.p_day):,} purchases"
    )

    src = saved_source(analysis.loaded)
    save, _ = _timed(lambda: write_summary(saved, s, analysis.loaded.report, src), repeat)
    size = saved.stat().st_size
    print(
        f"save (write_summary): {_span(save)}; {size:,} bytes = {size / 1e6:,.1f} MB "
        f"({size / (1 << 20):,.1f} MiB; the app's upload limit is 200 MB)"
    )

    detect, _ = _timed(lambda: is_saved_summary(saved), repeat)
    opened, _ = _timed(lambda: open_saved(saved), repeat)
    # From the forkserver, as the app opens an upload: a child forked from this process would
    # count the pages it shares with it (the file's analysis, gigabytes) in its own budget.
    child, _ = _timed(lambda: open_saved(saved, bounded=True), repeat)
    print(f"recognise (footer only): {_span(detect)}")
    print(f"open in this process: {_span(opened)}")
    print(f"open in a child process within its budget (as the app): {_span(child)}")

    same = analyze(saved).to_dict() == analysis.to_dict()
    print(f"analyze --json of the saved summary equals the file's: {same}")

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "lifecycle", "analyze", str(saved), "--json"]
    cli, _ = _timed(lambda: subprocess.run(argv, check=True, capture_output=True, env=env, cwd=ROOT), repeat)
    print(f"python -m lifecycle analyze SAVED --json (a process, imports included): {_span(cli)}")


if __name__ == "__main__":
    main()
