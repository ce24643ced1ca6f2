"""Slider to chart in a real browser: the app's pages against the floor of a trivial app.

    python -m benchmarks.bench_browser [--moves 12] [--rows 1000000]

Loopback only: starts `benchmarks/floor_app.py` (three sidebar sliders and a metric) and
then `app.py` with `streamlit run` on 127.0.0.1, drives Debian's Chromium (Playwright,
never a downloaded browser), uploads the benchmark CSV (`python -m benchmarks.bench_engine`
writes it; ``--rows`` takes its first rows) through the Data page, and on each page moves
the sidebar's «active» slider by one step with the keyboard, ``--moves`` times, each value
new to the session. A move's time runs from the key press until the last rerun it caused
has finished: a MutationObserver on the app's ``data-test-script-state`` attribute records
when each rerun starts and ends (in the page's clock); the move is over when the script has
been idle for 400 ms. Writes the floor, each page's median and worst and their ratio to the
floor, the first draw after the upload, and the server's peak memory (VmRSS, read every
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


async def _moves(page, label: str, moves: int) -> list[float]:
    """Times of ``moves`` one-step moves of a sidebar slider, up then down (each value new)."""
    slider = page.locator("[data-testid='stSidebar'] [data-testid='stSlider']").filter(has_text=label)
    handle = slider.get_by_role("slider")
    times = []
    for k in range(moves):
        for _attempt in range(5):  # a key press the slider did not take starts no rerun: press again
            await handle.focus()
            t0 = await page.evaluate("performance.now()")
            await page.keyboard.press("ArrowRight" if k < moves // 2 else "ArrowLeft")
            end = await page.evaluate(_SETTLED, [t0, QUIET_MS])
            if end >= 0:
                break
        else:
            value = await handle.get_attribute("aria-valuetext")
            runs = await page.evaluate("window.__runs.slice(-4)")
            raise RuntimeError(f"no rerun after five key presses on «{label}» (move {k}, at {value}): {runs}")
        times.append((end - t0) / 1000)
    return times


async def _open(browser, url: str):
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_selector(READY, timeout=120_000)
    await page.wait_for_timeout(1500)  # the first reruns after loading (bound widgets) are over
    await page.evaluate(_OBSERVE)
    return page


async def _floor(url: str, moves: int) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await _open(browser, url)
        await page.get_by_text("Sum").wait_for()
        times = await _moves(page, "Active", moves)
        await browser.close()
    return times


async def _app(url: str, path: Path | None, moves: int, peak: _Peak) -> dict:
    from playwright.async_api import async_playwright

    out: dict = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await _open(browser, url)
        out["upload"], out["after_upload_mb"] = 0.0, peak.now()
        if path is not None:
            await _upload(page, path, out, peak)
        for name in PAGES:
            await page.get_by_role("link", name=name).click()
            await page.wait_for_timeout(400)
            await page.wait_for_selector(READY, timeout=600_000)
            await page.evaluate(_OBSERVE)  # the observer survives a page change; fresh records
            out[name] = await _moves(page, "Active", moves)
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


def _row(name: str, times: list[float], floor: float) -> str:
    med = statistics.median(times)
    return f"| {name} | {med * 1000:,.0f} ms | {max(times) * 1000:,.0f} ms | {med / floor:.1f}x |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--moves", type=int, default=12)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--sample", action="store_true", help="the bundled sample the app opens on (no upload)")
    a = ap.parse_args()
    if not CSV.exists():
        raise SystemExit("run `python -m benchmarks.bench_engine` first (it writes the 1,000,000-row CSV)")
    streamlit = str(Path(sys.executable).parent / "streamlit")
    with streamlit_app(launcher=[streamlit, "run", "benchmarks/floor_app.py"]) as (url, _proc):
        time.sleep(1)
        floor = asyncio.run(_floor(url, a.moves))
    with tempfile.TemporaryDirectory() as folder:
        path = CSV
        if a.rows < 1_000_000:
            path = Path(folder) / f"bench_{a.rows // 1000}k.csv"
            with CSV.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
                for k, line in enumerate(src):
                    if k > a.rows:
                        break
                    dst.write(line)
        with streamlit_app() as (url, proc):
            time.sleep(1)
            peak = _Peak(proc.pid)
            fresh = peak.now()
            out = asyncio.run(_app(url, None if a.sample else path, a.moves, peak))
            peak.stop()
    f = statistics.median(floor)
    print(
        f"{'the bundled sample' if a.sample else path.name}, {a.moves} moves per page, quiet window {QUIET_MS} ms (not counted)"
    )
    print("| page | median | worst | median / floor |")
    print("|---|---:|---:|---:|")
    print(_row("floor (trivial app)", floor, f))
    for name in PAGES:
        print(_row(name, out[name], f))
    print(
        f"first draw after the upload (Data page report): {out['upload']:.1f} s; server memory: fresh "
        f"{fresh:.0f} MB, after the upload {out['after_upload_mb']:.0f} MB, peak {peak.peak:.0f} MB, "
        f"{AFTER_CLOSE_S} s after the browser closed {out['after_close_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
