"""The Balance page's engine work on a threshold move: the stage history's counts and the
durations, read from the kept tallies and counted from the rule's stages at every month end.

    python -m benchmarks.bench_history [FILE] [--repeat 3]

FILE: a transactions file or a saved summary (default: the saved summary of 1,000,000
customers that ``python -m benchmarks.bench_saved`` writes). In this process, best of
``--repeat`` values each new to the summary's kept results: the first view of a client
window (its rule's first step swept beforehand, untimed: both ways share it), then moves of
«Active» and of «New» under the default window. Checks that both ways give the same
counts and durations.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from lifecycle import Definition
from lifecycle.analysis import analyze
from lifecycle.model.calendar import period_ends
from lifecycle.model.history import durations, stage_counts
from lifecycle.model.stages import parts_at

DATA = Path(__file__).resolve().parent / "data"


def _best(definitions, run) -> tuple[float, float]:
    """The shortest times of the stage counts and then the durations, over ``definitions``."""
    best = [np.inf, np.inf]
    for d in definitions:
        for i, fn in enumerate((stage_counts, durations)):
            t = time.perf_counter()
            run(fn, d)
            best[i] = min(best[i], time.perf_counter() - t)
    return best[0], best[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", type=Path, default=DATA / "saved_1000k.parquet")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    t = time.perf_counter()
    a = analyze(args.file.read_bytes(), Definition(), name=args.file.name)
    s, d = a.summary, a.definition
    ends = period_ends(s.first_date, s.as_of, "month")
    took = time.perf_counter() - t
    print(f"{args.file.name}: {s.n_customers:,} customers, {len(ends)} month ends, read in {took:.1f} s")
    n = args.repeat
    # Values new to the summary's kept results, the first ``n`` for one way, the next for the other.
    values = {
        "client_months": [v for v in range(d.client_months - 1, d.active_months - 1, -1)],
        "active_months": [v for v in range(d.client_months, d.new_months - 1, -1) if v != d.active_months],
        "new_months": [v for v in range(1, d.active_months) if v != d.new_months],
    }
    if min(len(v) for v in values.values()) < 2 * n:
        raise SystemExit(f"--repeat {n}: not enough threshold values under the default definition")
    print("| step | way | stage counts | durations |")
    print("|---|---|---:|---:|")
    for by_rule in (True, False):
        way = "the rule at every month end" if by_rule else "the tallies"

        def run(fn, definition, by_rule=by_rule):
            if fn is stage_counts:
                return stage_counts(s, definition, ends, by_rule=by_rule)
            return durations(s, definition, by_rule=by_rule)

        # Each way its own values, so that neither reads what the other kept.
        pick = slice(0, n) if by_rule else slice(n, 2 * n)
        windows = [d.replace(client_months=v) for v in values["client_months"][pick]]
        for w in windows:
            parts_at(s, w, ends)
        counts, dur = _best(windows, run)
        print(f"| first view of a client window | {way} | {counts * 1000:,.0f} ms | {dur * 1000:,.0f} ms |")
        run(stage_counts, d), run(durations, d)  # the default definition's first view, kept
        active = [d.replace(active_months=v) for v in values["active_months"][pick]]
        counts, dur = _best(active, run)
        print(f"| a move of «Active» | {way} | {counts * 1000:,.0f} ms | {dur * 1000:,.0f} ms |")
        new = [d.replace(new_months=v) for v in values["new_months"][pick]]
        counts, dur = _best(new, run)
        print(f"| a move of «New» | {way} | {counts * 1000:,.0f} ms | {dur * 1000:,.0f} ms |")
    moved = d.replace(new_months=2, active_months=7)
    same = np.array_equal(stage_counts(s, moved, ends), stage_counts(s, moved, ends, by_rule=True))
    same = same and durations(s, moved).equals(durations(s, moved, by_rule=True))
    print(f"both ways give the same counts and durations: {same}")


if __name__ == "__main__":
    main()
