"""The app's shell: page setup, language, navigation over pages/, the shared sidebar.

With a ``pages/`` folder, Streamlit runs a deep-linked page directly (its first-generation
multipage mode) until some session has called ``st.navigation`` (streamlit#9624). Each page
therefore starts with ``ensure_booted()``: when the shell is not running, it runs it, and
the navigation routes back to that same page with its URL and query parameters intact.
"""

from __future__ import annotations

import atexit
import gc
import threading
from pathlib import Path

import streamlit as st

from ..locale.formats import set_currency
from ..reading import bounded
from ..reports import export  # noqa: F401 (the chart stack, imported before the freeze below)
from . import sidebar, state
from .texts import tr

__all__ = ["ensure_booted", "run_app"]

# The tab's icon, served by the app itself: a Material icon's favicon is fetched from Google.
ICON = Path(__file__).resolve().parent / "icon.png"
_run = threading.local()  # one script run per thread: true while the shell is running


def _freeze_what_every_session_shares() -> None:
    """Streamlit runs a full garbage collection after every script run (``runner.postScriptGC``),
    holding the interpreter while the browser waits for the run's end. Most of what it walks
    is the 125,000 objects of the imported libraries (Altair's schema classes, pandas),
    which live as long as the server: frozen, they are left out of every collection (26–40
    ms to 2–4 ms a collection). A session's data, made later, is collected as before."""
    if gc.get_freeze_count():  # once per process: a module reloaded after an edit finds
        return  # sessions' data alive, which must stay collectable
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)  # collected at exit as usual (no leak reports from bindings)


_freeze_what_every_session_shares()
bounded.warm()  # the readers' child processes are ready before the first file is read


def run_app() -> None:
    _run.active = True
    try:
        st.set_page_config(page_title="lifecycle", page_icon=str(ICON), layout="wide")
        state.init()
        state.remember_link()
        lang = sidebar.first_language()
        pages = [
            st.Page(
                "pages/funnel.py",
                title=tr("page.funnel", lang),
                icon=":material/filter_alt:",
                url_path="funnel",
                default=True,
            ),
            st.Page("pages/balance.py", title=tr("page.balance", lang), icon=":material/balance:", url_path="balance"),
            st.Page("pages/whatif.py", title=tr("page.whatif", lang), icon=":material/tune:", url_path="whatif"),
            st.Page("pages/value.py", title=tr("page.value", lang), icon=":material/savings:", url_path="value"),
            st.Page("pages/export.py", title=tr("page.export", lang), icon=":material/download:", url_path="export"),
            st.Page("pages/data.py", title=tr("page.data", lang), icon=":material/upload_file:", url_path="data"),
        ]
        page = st.navigation(pages)
        sidebar.language()
        set_currency(None)  # this run's own: the sidebar sets the file's or the chosen one
        sidebar.draw()
        sidebar.link_report()
        page.run()
    finally:
        _run.active = False


def ensure_booted() -> None:
    """First line of every page: run through the shell if Streamlit started the page directly."""
    if getattr(_run, "active", False):
        return
    run_app()
    st.stop()
