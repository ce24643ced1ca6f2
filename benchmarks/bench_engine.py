"""Speed of the engine on 1,000,000 transactions and 100,000 customers over 4 years.

    python -m benchmarks.bench_engine            # CSV ingest + every engine step
    python -m benchmarks.bench_engine --excel    # also a 1,000,000-row .xlsx (written once, cached)

Each step runs several times; the best and the median wall-clock times are printed as a
Markdown table (paste it into benchmarks/RESULTS.md and the README). The data is
synthetic and seeded; it is written under benchmarks/data/ (ignored by git).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from lifecycle import Definition, balance, classify, load, stage_history, summarise
from lifecycle.model.kpis import compute_kpis, kpi_series
from lifecycle.model.thresholds import suggest_thresholds
from lifecycle.model.timeline import Timeline

DATA = Path(__file__).resolve().parent / "data"
N_ROWS = 1_000_000
N_CUSTOMERS = 100_000


def make_frame(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2022-01-01")
    customer = rng.integers(0, N_CUSTOMERS, N_ROWS)
    # Customers join over the 4 years and buy after they join.
    join = rng.integers(0, 4 * 365, N_CUSTOMERS)
    offset = join[customer] + rng.exponential(200, N_ROWS).astype(int)
    offset = np.minimum(offset, 4 * 365 - 1)
    dates = start + offset.astype("timedelta64[D]")
    amount = np.round(rng.lognormal(4, 0.7, N_ROWS), 2)
    amount[rng.random(N_ROWS) < 0.01] *= -1  # refunds
    order = np.arange(N_ROWS) // 2  # two lines per order
    return pd.DataFrame(
        {
            "N° client": np.char.add("C", customer.astype(str).astype("U7")),
            "Date de commande": pd.Series(dates).dt.strftime("%d/%m/%Y"),
            "N° commande": np.char.add("O", order.astype(str)),
            "Montant TTC": pd.Series(amount).map(lambda x: f"{x:.2f}".replace(".", ",")),
            "Canal": rng.choice(["Magasin", "Web"], N_ROWS),
        }
    )


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return result, min(times), statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--excel", action="store_true", help="also time a 1,000,000-row xlsx")
    args = ap.parse_args()
    DATA.mkdir(exist_ok=True)
    csv_path = DATA / "bench_1m.csv"
    if not csv_path.exists():
        make_frame().to_csv(csv_path, sep=";", index=False)
    rows = []

    loaded, best, med = timed(lambda: load(csv_path, today="2026-01-01"), 2)
    rows.append(("ingest CSV (read, detect, parse, row report)", best, med))
    data = loaded.data
    assert loaded.report.read == N_ROWS

    summary, best, med = timed(lambda: summarise(data), 5)
    rows.append(("summary in DuckDB (1 scan: occasions + per-customer table)", best, med))

    d = Definition()
    every = d.replace(min_amount=50.0, own_rhythm=True, opt_out_lost=True)
    _, best, med = timed(lambda: Timeline(summary), 3)
    rows.append(("timeline (sorted keys and running sums, once per file)", best, med))
    _, best, med = timed(lambda: summary.__class__.day_median_gap.func(summary), 3)
    rows.append(("running median gaps (once per file, when own rhythm is first used)", best, med))
    summary.day_median_gap  # noqa: B018 - computed once, as in the app
    # Day orders and the first window amounts: once per file, on the first history drawn.
    balance(summary, every.replace(client_months=30), "month")

    seen = iter(range(1, 100_000))

    def moved(base: Definition):
        """Each call a definition not asked for before, as after a slider move (nothing cached)."""

        def run():
            v = next(seen)
            return base.replace(new_months=1 + v % 3, active_months=4 + v % 20, client_months=24 + v % 90)

        return run

    for label, base in (("default definition", d), ("every option on", every)):
        new = moved(base)
        _, best, med = timed(lambda new=new: classify(summary, new()), 20)
        rows.append((f"classify 100,000 customers after a threshold move, {label}", best, med))
        new = moved(base)
        b, best, med = timed(lambda new=new: balance(summary, new(), "month"), 5)
        rows.append((f"monthly balance ({len(b)} months) after a threshold move, {label}", best, med))
        new = moved(base)
        _, best, med = timed(lambda new=new: stage_history(summary, new(), "month"), 3)
        rows.append((f"monthly stage history after a threshold move, {label}", best, med))
        stages = classify(summary, base)
        _, best, med = timed(lambda stages=stages: compute_kpis(stages), 5)
        rows.append((f"KPIs, {label}", best, med))
        new = moved(base)
        _, best, med = timed(lambda new=new: kpi_series(summary, new(), "month"), 5)
        rows.append((f"the four KPIs at every month end after a threshold move, {label}", best, med))

    _, best, med = timed(lambda: suggest_thresholds(summary, d), 5)
    rows.append(("suggested thresholds", best, med))

    if args.excel:
        xlsx = DATA / "bench_1m.xlsx"
        if not xlsx.exists():
            print("writing the 1,000,000-row workbook once (takes minutes)...")
            import openpyxl

            wb = openpyxl.Workbook(write_only=True)
            ws = wb.create_sheet("Ventes")
            frame = make_frame()
            ws.append(list(frame.columns))
            for rec in frame.itertuples(index=False):
                ws.append(list(rec))
            wb.save(xlsx)
        _, best, med = timed(lambda: load(xlsx, today="2026-01-01"), 1)
        rows.append(("ingest XLSX, 1,000,000 rows (fastexcel, all steps)", best, med))

    print(
        f"\n{N_ROWS:,} transactions, {summary.n_customers:,} customers, {platform.python_version()}, "
        f"{platform.machine()}, 2 cores\n"
    )
    print("| step | best | median |\n|---|---:|---:|")
    for name, best, med in rows:
        print(f"| {name} | {best * 1000:,.0f} ms | {med * 1000:,.0f} ms |")


if __name__ == "__main__":
    main()
