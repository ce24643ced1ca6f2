import pytest

from scripts.serve import streamlit_app
from tests.e2e.browser import ARGS, CHROMIUM


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The app served once per test process, and the file its output goes to: the first
    page load pays for the imports and the sample's analysis, and every later test finds
    them done. Unbuffered, the log holds what the server said as soon as it said it."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    with streamlit_app(log=log, env={"PYTHONUNBUFFERED": "1"}) as (url, _proc):
        yield url, log


@pytest.fixture(scope="session")
def server(served):
    return served[0]


@pytest.fixture
def server_said(served):
    """What the shared server writes to its log during the test, read when called."""
    log = served[1]
    start = log.stat().st_size
    return lambda: log.read_bytes()[start:].decode(errors="replace")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, started once per test module; each test opens its own tab, a
    context of its own (no cookie or storage shared with another test)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser):
    """A new tab of 1400 x 1000 px in a context of its own, closed after the test. Every
    request the tab made in the test, its pages' fonts and icons included, went to the
    app's own address: the app asks nobody outside for anything (a Material icon's favicon
    was once fetched from fonts.gstatic.com)."""
    from urllib.parse import urlparse

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    asked = []
    context.on("request", lambda request: asked.append(request.url))
    yield context.new_page()
    context.close()
    outside = [u for u in asked if urlparse(u).scheme in ("http", "https") and urlparse(u).hostname != "127.0.0.1"]
    assert asked and outside == []
