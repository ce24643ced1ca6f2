"""A workshop room against one server: N browser sessions at once, each uploading its own
file and moving a slider, for several rounds; server memory between rounds.

    python -m benchmarks.bench_room [--sessions 10] [--rows 100000] [--seconds 120] [--rounds 3]

Loopback only: it starts `streamlit run app.py` on 127.0.0.1 and drives Debian's Chromium
(Playwright, never a downloaded browser). Each session uploads a different slice of the
1,000,000-row benchmark CSV (`python -m benchmarks.bench_engine` writes it), checks that the
funnel shows the client total the engine computes for *its* slice, then moves the client
window slider with the keyboard for the given time, timing each redraw (from the key press
to the page's script being done and the chart drawn). Bounded in time: every wait has a
deadline. Memory is the server process's resident set (VmRSS), read from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lifecycle import analyze
from lifecycle.locale.i18n import fmt_int
from scripts.serve import streamlit_app

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "benchmarks" / "data" / "bench_1m.csv"
CHROMIUM = "/usr/bin/chromium"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _heap(probe: Path) -> dict:
    """The server's heap after a full collection (``benchmarks.room_server`` writes it)."""
    cmd = probe.with_suffix(probe.suffix + ".cmd")
    seen = len(probe.read_text().splitlines()) if probe.exists() else 0
    cmd.write_text("gc")
    deadline = time.time() + 60
    while time.time() < deadline:
        for line in probe.read_text().splitlines()[seen:]:  # only what was written since asked
            row = json.loads(line)
            if row.get("collected"):
                return row
        time.sleep(0.5)
    return {}


def _heap_text(h: dict) -> str:
    return (
        f"{h.get('malloc_in_use_mb', float('nan')):.0f} MB malloc + {h.get('pymalloc_mb', float('nan')):.0f} MB"
        f" objects in use, {h.get('sessions_alive', '?')} sessions and {h.get('frames_alive', '?')} DataFrames"
        f" ({h.get('frames_mb', float('nan')):.0f} MB) alive"
    )


def _slices(sessions: int, rows: int, folder: Path) -> list[tuple[Path, str]]:
    """One file per session (its own customers and dates) and the total the engine gives."""
    lines = CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    out = []
    for k in range(sessions):
        path = folder / f"room_{k:02d}.csv"
        path.write_text(header + "".join(body[k * rows : (k + 1) * rows]), encoding="utf-8")
        out.append((path, fmt_int(analyze(path).stages.clients_total)))
    return out


async def _session(browser, url: str, path: Path, total: str, seconds: float) -> dict:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    t0 = time.perf_counter()
    await page.goto(url)
    await page.wait_for_selector(READY, timeout=120_000)
    await page.get_by_role("link", name="Data").click()
    await page.wait_for_timeout(400)
    await page.wait_for_selector(READY, timeout=120_000)
    async with page.expect_file_chooser() as chooser:
        await page.locator("[data-testid='stFileUploaderDropzone']").first.click()
    await (await chooser.value).set_files(str(path))
    # The sample's row report is on the page before the upload's: wait for this file's name.
    await page.locator("[data-testid='stSidebar']").get_by_text(path.name).wait_for(timeout=300_000)
    await page.get_by_text("Rows read").first.wait_for(timeout=300_000)  # a rerun may show it twice
    await page.get_by_role("link", name="Funnel").click()
    await page.wait_for_timeout(400)
    await page.wait_for_selector(READY, timeout=300_000)
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Total clients").first
    try:
        shown = await metric.locator("[data-testid='stMetricValue']").inner_text(timeout=120_000)
    except Exception:
        await page.screenshot(path=str(ROOT / "benchmarks" / "data" / f"room_failed_{path.stem}.png"))
        raise
    ready = time.perf_counter() - t0
    slider = page.locator("[data-testid='stSlider']").filter(has_text="Client window").get_by_role("slider")
    redraws, direction, value, end = [], "ArrowLeft", 24, time.perf_counter() + seconds  # 24: the default
    while time.perf_counter() < end:
        await slider.focus()
        start = time.perf_counter()
        await page.keyboard.press(direction)
        with contextlib.suppress(Exception):  # the script starts (it may be done before we look)...
            await page.wait_for_selector("[data-test-script-state='running']", timeout=2_000)
        await page.wait_for_selector(READY, timeout=120_000)
        await page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        redraws.append(time.perf_counter() - start)
        value += -1 if direction == "ArrowLeft" else 1  # between 12 and 36 months: each value new at first
        direction = "ArrowRight" if value <= 12 else "ArrowLeft" if value >= 36 else direction
    await context.close()
    return {"ok": shown == total, "shown": shown, "expected": total, "ready": ready, "redraws": redraws}


async def _round(url: str, files, seconds: float, pid: int, peak: list[float]) -> list[dict]:
    from playwright.async_api import async_playwright

    async def watch():
        while True:
            peak.append(_rss_mb(pid))
            await asyncio.sleep(0.5)

    watcher = asyncio.create_task(watch())
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        results = await asyncio.gather(
            *(_session(browser, url, path, total, seconds) for path, total in files), return_exceptions=True
        )
        await browser.close()
    results = [
        r
        if isinstance(r, dict)
        else {"ok": False, "shown": repr(r)[:200], "expected": "", "ready": float("nan"), "redraws": []}
        for r in results
    ]
    watcher.cancel()
    return results


def _q(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rest", type=float, default=60, help="seconds between rounds, before memory is read")
    ap.add_argument("--arenas", default="2", help="MALLOC_ARENA_MAX for the server, as the README advises (0: glibc's)")
    a = ap.parse_args()
    if not CSV.exists():
        raise SystemExit("run `python -m benchmarks.bench_engine` first (it writes the 1,000,000-row CSV)")
    with tempfile.TemporaryDirectory() as folder:
        files = _slices(a.sessions, a.rows, Path(folder))
        probe = Path(folder) / "probe.jsonl"
        launcher = [sys.executable, "-m", "benchmarks.room_server", str(probe)]
        env = {"MALLOC_ARENA_MAX": a.arenas} if a.arenas != "0" else {}
        with streamlit_app(launcher=launcher, env=env) as (url, server):
            time.sleep(2)
            print(
                f"{a.sessions} sessions x {a.rows:,} rows, {a.seconds:.0f} s of slider moves, {a.rounds} rounds,"
                f" MALLOC_ARENA_MAX={a.arenas if a.arenas != '0' else 'unset'}"
            )
            print(f"server fresh: {_rss_mb(server.pid):.0f} MB; heap {_heap_text(_heap(probe))}")
            print(
                "| round | sessions right | ready (median, worst) | redraws | p50 | p95 | peak | after rest"
                " | heap after rest (malloc + objects) | DataFrames alive |"
            )
            print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for r in range(1, a.rounds + 1):
                peak: list[float] = []
                results = asyncio.run(_round(url, files, a.seconds, server.pid, peak))
                time.sleep(a.rest)
                h = _heap(probe)
                redraws = [x for res in results for x in res["redraws"]]
                ready = [res["ready"] for res in results if res["ok"]] or [float("nan")]
                right = sum(res["ok"] for res in results)
                print(
                    f"| {r} | {right}/{len(results)} | {statistics.median(ready):.1f} s, {max(ready):.1f} s"
                    f" | {len(redraws)} | {_q(redraws, 0.5) * 1000:.0f} ms | {_q(redraws, 0.95) * 1000:.0f} ms"
                    f" | {max(peak):.0f} MB | {_rss_mb(server.pid):.0f} MB"
                    f" | {h.get('malloc_in_use_mb', 0):.0f} + {h.get('pymalloc_mb', 0):.0f} MB"
                    f" | {h.get('frames_alive', '?')} ({h.get('sessions_alive', '?')} sessions) |",
                    flush=True,
                )
                for res in results:
                    if not res["ok"]:
                        print(f"  a session showed {res['shown']} where its file gives {res['expected']}")


if __name__ == "__main__":
    main()
