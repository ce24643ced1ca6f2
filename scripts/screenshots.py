"""Screenshot every page of the app in English and French (the README's picture comes from here).

    python -m scripts.screenshots out/shots            # starts the app on a free port
    python -m scripts.screenshots out/shots --readme   # also writes docs/funnel.png

Uses Playwright with Debian's /usr/bin/chromium (never a browser download).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from scripts.serve import streamlit_app

ROOT = Path(__file__).resolve().parents[1]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = ["funnel", "balance", "whatif", "export", "data"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--readme", action="store_true")
    ap.add_argument("--height", type=int, default=2200)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with streamlit_app() as (base, _server):
        time.sleep(2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for lang, param in (("en", "English"), ("fr", "Fran%C3%A7ais")):
                page = browser.new_page(viewport={"width": 1400, "height": args.height})
                page.goto(f"{base}?lang={param}")  # the root first: it starts through app.py
                page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
                for name in PAGES:
                    # The default page (funnel) lives at the root URL only.
                    page.goto(f"{base}{'' if name == 'funnel' else name}?lang={param}")
                    page.wait_for_selector(
                        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000
                    )
                    page.wait_for_timeout(1200)
                    path = out / f"{name}_{lang}.png"
                    page.screenshot(path=str(path))
                    print(path)
                page.close()
            if args.readme:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(base)
                page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
                page.wait_for_timeout(1200)
                (ROOT / "docs").mkdir(exist_ok=True)
                page.screenshot(path=str(ROOT / "docs" / "funnel.png"))
                print(ROOT / "docs" / "funnel.png")
            browser.close()


if __name__ == "__main__":
    main()
