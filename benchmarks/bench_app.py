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
    at.file_uploader(key="upload_file").set_value((CSV.name, CSV.read_bytes(), "text/csv")).run()
    upload = time.perf_counter() - t0
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.switch_page("pages/funnel.py").run()
    times = []
    for value in (6, 9, 12, 18, 15, 11, 7, 12):
        t0 = time.perf_counter()
        at.sidebar.slider(key="active").set_value(value).run()
        times.append(time.perf_counter() - t0)
        assert not at.exception
    balance = []
    at.switch_page("pages/balance.py").run()
    for value in (18, 24):
        t0 = time.perf_counter()
        at.sidebar.slider(key="client").set_value(value).run()
        balance.append(time.perf_counter() - t0)
    print(f"upload + read + summary of {CSV.name} (Data page): {upload:.1f} s")
    print(
        f"slider move on the Funnel page: median {statistics.median(times) * 1000:.0f} ms, "
        f"worst {max(times) * 1000:.0f} ms over {len(times)} moves"
    )
    print(
        f"slider move on the Balance page (balance, history, transitions, durations): "
        f"median {statistics.median(balance) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
