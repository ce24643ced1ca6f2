"""What the browser tests share: Debian's Chromium, `streamlit run app.py` on a free loopback port."""

import contextlib
import shutil
import sys
from pathlib import Path

import pytest

from scripts.serve import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() or shutil.which("streamlit", path=str(Path(sys.executable).parent)) is None,
        reason="needs Debian's chromium (apt-get install chromium) and streamlit",
    ),
]


_free_port = free_port


RUNNING = "[data-testid='stApp']:not([data-test-script-state='notRunning'])"


def _settle(page):
    """Wait for the run an action started to end: the run starts within 400 ms of the action
    (or none was started), then the app is idle again."""
    from playwright.sync_api import TimeoutError as Timeout

    with contextlib.suppress(Timeout):
        page.wait_for_selector(RUNNING, timeout=400)
    page.wait_for_selector(READY, timeout=90_000)


def _quiet(page, ms: int = 1500):
    """Wait until no script run has started for ``ms``: a download button built when clicked
    is registered by the run that drew it, and a later run registers it anew (a click on the
    button of a run already replaced starts no download). Gives up after ten tries: the
    click then says what it finds."""
    for _ in range(10):
        _settle(page)
        page.evaluate("() => { window.__runs = 0; }")
        page.evaluate(
            """() => new MutationObserver(() => {
                if (!document.querySelector("[data-test-script-state='notRunning']")) window.__runs += 1;
            }).observe(document.querySelector("[data-testid='stApp']"), {attributes: true})"""
        )
        page.wait_for_timeout(ms)
        if page.evaluate("() => window.__runs") == 0 and page.query_selector(READY):
            return


def _drawn(page):
    """Wait until every chart on the page is drawn: Vega draws after the script has run."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].every(e => e.querySelector('svg, canvas'))"
    )
