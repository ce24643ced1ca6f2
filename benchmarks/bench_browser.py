"""Slider to chart in a real browser: the app's pages against the floor of a trivial app.

    python -m benchmarks.bench_browser [--moves 12] [--rows 1000000] [--file saved.parquet]

Loopback only: starts `benchmarks/floor_app.py` (three sidebar sliders and a metric) and
then `app.py` with `streamlit run` on 127.0.0.1, drives Debian's Chromium (Playwright,
never a downloaded browser), uploads the benchmark CSV (`python -m benchmarks.bench_engine`
writes it; ``--rows`` takes its first rows) through the Data page, and on each page moves
the sidebar's «active» slider by one step with the keyboard, ``--moves`` times, each value
new to the session. A move's time runs from the key press until the last rerun it caused
has finished: a MutationObserver on the app's ``data-test-script-state`` attribute records
when each rerun starts and ends (in the page's clock); the move is over when the script has
been idle for 400 ms. The floor app runs beside the app, in the same browser: each move of
a page follows a move of the floor (in a second browser), so that both meet the machine in the same state (this
machine's speed drifts within the hour; measured one after the other, the floor moved by
a quarter between runs). Writes the floor, each page's median and worst and their ratio to
the floor, the first draw after the upload, and the server's peak memory (VmRSS, read every
0.2 s from /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from scripts.serve import streamlit_app

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "benchmarks" / "data" / "bench_1m.csv"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
QUIET_MS = 400
PAGES = {"Funnel": "funnel", "Balance": "balance", "What if": "whatif"}

_OBSERVE = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  window.__runs = [];
  // One record per change (a fast rerun can start and end within one callback): the value
  // it left, and when.
  new MutationObserver(records => {
    const now = performance.now();
    for (const r of records) window.__runs.push([r.oldValue, now]);
  }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
}"""

# Resolves with the time of the last change of state, once a rerun has started after t0 and
# the script has been idle for QUIET_MS; -1 when no rerun starts within 5 s.
_SETTLED = """([t0, quiet]) => new Promise(resolve => {
  const app = document.querySelector("[data-testid='stApp']");
  const check = () => {
    const runs = window.__runs.filter(r => r[1] >= t0);
    const started = runs.some(r => r[0] !== 'running');
    const idle = app.getAttribute('data-test-script-state') !== 'running';
    const last = runs[runs.length - 1];
    const now = performance.now();
    if (started && idle && now - last[1] >= quiet) {
      requestAnimationFrame(() => resolve(last[1]));
    } else if (!started && now - t0 > 5000) {
      resolve(-1);
    } else {
      setTimeout(check, 20);
    }
  };
  check();
})"""


class _Peak:
    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        threading.Thread(target=self._watch, daemon=True).start()

    def _rss(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            try:
                self.peak = max(self.peak, self._rss())
            except OSError:
                return

    def now(self) -> float:
        return self._rss()

    def stop(self) -> None:
        self._stop.set()


async def _move(page, label: str, key: str, lost: list, who: str) -> float | None:
    """One one-step move of a sidebar slider by the keyboard: seconds from the key press to
    the end of the last rerun it caused. A press the slider does not take starts no rerun
    (Streamlit's slider, on the trivial app as on ours, about once in 40 presses here): it is
    pressed again; after five such presses in a row (it happens, rarely: the slider then
    ignores that key until it moves the other way), one step the other way unsticks it, is
    not timed (its value is not new to the session) and ``None`` is returned. Each press
    that started no rerun is appended to ``lost``, with ``who`` pressed it and the value."""
    handle = page.locator("[data-testid='stSidebar'] [data-testid='stSlider']").filter(has_text=label)
    handle = handle.get_by_role("slider")
    other = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
    for attempt in range(8):
        await handle.focus()
        t0 = await page.evaluate("performance.now()")
        await page.keyboard.press(key if attempt < 5 else other)
        end = await page.evaluate(_SETTLED, [t0, QUIET_MS])
        if end >= 0:
            return (end - t0) / 1000 if attempt < 5 else None
        lost.append((who, await handle.get_attribute("aria-valuetext")))
    runs = await page.evaluate("window.__runs.slice(-4)")
    raise RuntimeError(f"no rerun after eight key presses on «{label}», both ways: {runs}")


def _key(k: int, moves: int) -> str:
    """Up for the first half of the moves, then down: each value new to the session."""
    return "ArrowRight" if k < moves // 2 else "ArrowLeft"


async def _open(browser, url: str):
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_selector(READY, timeout=120_000)
    await page.wait_for_timeout(1500)  # the first reruns after loading (bound widgets) are over
    await page.evaluate(_OBSERVE)
    return page


async def _run(floor_url: str, url: str, path: Path | None, moves: int, peak: _Peak) -> dict:
    """The floor app and the app side by side, in two browsers; on each page, a move of the
    floor then a move of the page, ``moves`` times: both meet the machine in the same state."""
    from playwright.async_api import async_playwright

    out: dict = {"floor": {}, "lost": []}
    async with async_playwright() as p:
        # One browser each: a page in a background tab of a shared browser loses key presses.
        browsers = [await p.chromium.launch(executable_path=CHROMIUM, args=ARGS) for _ in range(2)]
        floor = await _open(browsers[0], floor_url)
        await floor.get_by_text("Sum").wait_for()
        page = await _open(browsers[1], url)
        out["upload"], out["after_upload_mb"] = 0.0, peak.now()
        if path is not None:
            await _upload(page, path, out, peak)
        for name in PAGES:
            await page.get_by_role("link", name=name).click()
            await page.wait_for_timeout(400)
            await page.wait_for_selector(READY, timeout=600_000)
            await page.evaluate(_OBSERVE)  # the observer survives a page change; fresh records
            out[name], out["floor"][name] = [], []
            for k in range(moves):
                for who, tab, times in (("floor", floor, out["floor"][name]), (name, page, out[name])):
                    took = await _move(tab, "Active", _key(k, moves), out["lost"], who)
                    if took is not None:
                        times.append(took)
        for browser in browsers:
            await browser.close()
    # The session has closed: Streamlit empties its store, the app gives the pages back.
    await asyncio.sleep(AFTER_CLOSE_S)
    out["after_close_mb"] = peak.now()
    return out


async def _upload(page, path: Path, out: dict, peak: _Peak) -> None:
    await page.get_by_role("link", name="Data").click()
    await page.wait_for_timeout(400)
    await page.wait_for_selector(READY, timeout=120_000)
    async with page.expect_file_chooser() as chooser:
        await page.locator("[data-testid='stFileUploaderDropzone']").first.click()
    t0 = time.perf_counter()
    await (await chooser.value).set_files(str(path))
    await page.locator("[data-testid='stSidebar']").get_by_text(path.name).wait_for(timeout=600_000)
    await page.get_by_text("Rows read").first.wait_for(timeout=600_000)
    await page.wait_for_selector(READY, timeout=600_000)
    out["upload"] = time.perf_counter() - t0
    out["after_upload_mb"] = peak.now()


AFTER_CLOSE_S = 20  # seconds from closing the browser to reading the server's memory


def _row(name: str, times: list[float], floor: list[float]) -> str:
    med, f = statistics.median(times), statistics.median(floor)
    return f"| {name} | {f * 1000:,.0f} ms | {med * 1000:,.0f} ms | {max(times) * 1000:,.0f} ms | {med / f:.1f}x |"


def measure(path: Path | None, moves: int) -> tuple[dict, float, float]:
    """The floor app and ``app.py`` served on loopback, ``path`` uploaded (None: the sample
    the app opens on), ``moves`` moves a page: the timings, the server's fresh and peak memory."""
    streamlit = str(Path(sys.executable).parent / "streamlit")
    with (
        streamlit_app(launcher=[streamlit, "run", "benchmarks/floor_app.py"]) as (floor_url, _floor_proc),
        streamlit_app() as (url, proc),
    ):
        time.sleep(1)
        peak = _Peak(proc.pid)
        fresh = peak.now()
        out = asyncio.run(_run(floor_url, url, path, moves, peak))
        peak.stop()
    return out, fresh, peak.peak


def report(out: dict, fresh: float, peak: float, what: str, moves: int) -> None:
    """The measures of ``measure`` as the Markdown table and lines RESULTS.md quotes."""
    print(f"{what}, {moves} moves per page, each after a move of the floor; quiet window {QUIET_MS} ms (not counted)")
    print("| page | floor: median | page: median | page: worst | median / floor |")
    print("|---|---:|---:|---:|---:|")
    for name in PAGES:
        print(_row(name, out[name], out["floor"][name]))
    lost = out["lost"]
    print(f"key presses that started no rerun, pressed again: {len(lost)} {lost if lost else ''}")
    print(
        f"first draw after the upload (Data page report): {out['upload']:.1f} s; server memory: fresh "
        f"{fresh:.0f} MB, after the upload {out['after_upload_mb']:.0f} MB, peak {peak:.0f} MB, "
        f"{AFTER_CLOSE_S} s after the browser closed {out['after_close_mb']:.0f} MB"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--moves", type=int, default=12)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--sample", action="store_true", help="the bundled sample the app opens on (no upload)")
    ap.add_argument("--file", type=Path, help="upload this file instead of the benchmark CSV (a saved summary)")
    a = ap.parse_args()
    if a.file is None and not a.sample and not CSV.exists():
        raise SystemExit("run `python -m benchmarks.bench_engine` first (it writes the 1,000,000-row CSV)")
    with tempfile.TemporaryDirectory() as folder:
        path = a.file or CSV
        if a.file is None and a.rows < 1_000_000:
            path = Path(folder) / f"bench_{a.rows // 1000}k.csv"
            with CSV.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
                for k, line in enumerate(src):
                    if k > a.rows:
                        break
                    dst.write(line)
        out, fresh, peak = measure(None if a.sample else path, a.moves)
    report(out, fresh, peak, "the bundled sample" if a.sample else path.name, a.moves)


if __name__ == "__main__":
    main()
