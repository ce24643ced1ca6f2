"""Speed of the app on 1,000,000 transactions: the upload, then slider moves (server side, AppTest).

    python -m benchmarks.bench_app

Uses the CSV written by ``python -m benchmarks.bench_engine``. A slider move reruns app.py
and the funnel page: classification, KPIs, chart specs and tables, from the cached summary.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "benchmarks" / "data" / "bench_1m.csv"


def main() -> None:
    if not CSV.exists():
        raise SystemExit("run `python -m benchmarks.bench_engine` first (it writes the 1,000,000-row CSV)")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.switch_page("pages/data.py").run()
    t0 = time.perf_counter()
    at.file_uploader(key="data.upload_file").set_value((CSV.name, CSV.read_bytes(), "text/csv")).run()
    upload = time.perf_counter() - t0
    assert not at.exception and not at.error, [e.value for e in at.error]
    results = []
    for label in ("default definition", "every option on"):
        if label == "every option on":
            at.sidebar.number_input(key="min_amount").set_value(50.0).run()
            at.sidebar.toggle(key="rhythm").set_value(True).run()
            at.sidebar.toggle(key="opt_out").set_value(True).run()
        at.switch_page("pages/funnel.py").run()
        funnel = _moves(at, "active", (6, 9, 13, 18, 15, 11, 7, 10))  # each value new for the definition
        at.switch_page("pages/balance.py").run()
        balance = _moves(at, "client", (30, 27, 33, 25))
        results.append((label, funnel, balance))
    print(f"upload + read + summary of {CSV.name} (Data page): {upload:.1f} s")
    for label, funnel, balance in results:
        print(
            f"{label}: slider move on the Funnel page: median {statistics.median(funnel) * 1000:.0f} ms, "
            f"worst {max(funnel) * 1000:.0f} ms over {len(funnel)} moves; on the Balance page (balance, "
            f"history, transitions, durations): median {statistics.median(balance) * 1000:.0f} ms, "
            f"worst {max(balance) * 1000:.0f} ms over {len(balance)} moves"
        )


def _moves(at: AppTest, key: str, values) -> list[float]:
    times = []
    for value in values:
        t0 = time.perf_counter()
        at.sidebar.slider(key=key).set_value(value).run()
        times.append(time.perf_counter() - t0)
        assert not at.exception and not at.error, [e.value for e in at.error]
    return times


if __name__ == "__main__":
    main()
