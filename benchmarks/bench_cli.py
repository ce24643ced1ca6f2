"""The command line against a bare pandas script on the same file, as processes, alternately.

    python -m benchmarks.bench_cli [--rounds 5]

Times ``python -m lifecycle analyze bench_1m.csv --json`` (the whole document: row report,
stages, KPIs, the monthly balance) and a bare pandas script that reads the file
(``sep=";"``, ``decimal=","``), parses the dates and groups by customer, one after the other
``--rounds`` times, and writes each one's median and their ratio. Uses the CSV written by
``python -m benchmarks.bench_engine``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "benchmarks" / "data" / "bench_1m.csv"

BARE = """
import sys
import pandas as pd
f = pd.read_csv(sys.argv[1], sep=";", decimal=",")
f["Date de commande"] = pd.to_datetime(f["Date de commande"], format="%d/%m/%Y")
g = f.groupby("N° client").agg(first=("Date de commande", "min"), last=("Date de commande", "max"),
                                n=("N° commande", "nunique"), total=("Montant TTC", "sum"))
print(len(g))
"""


def _time(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not CSV.exists():
        raise SystemExit("run `python -m benchmarks.bench_engine` first (it writes the 1,000,000-row CSV)")
    ours, bare = [], []
    for _ in range(args.rounds):
        ours.append(_time([sys.executable, "-m", "lifecycle", "analyze", str(CSV), "--json"]))
        bare.append(_time([sys.executable, "-c", BARE, str(CSV)]))
    o, b = statistics.median(ours), statistics.median(bare)
    print(f"{CSV.name}, {args.rounds} rounds, alternately")
    print(f"lifecycle analyze --json: median {o:.2f} s (from {min(ours):.2f} to {max(ours):.2f})")
    print(f"bare pandas read + group-by: median {b:.2f} s (from {min(bare):.2f} to {max(bare):.2f})")
    print(f"ratio: {o / b:.2f}x (target 0.5x)")


if __name__ == "__main__":
    main()
