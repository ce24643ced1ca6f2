"""The app's shell: page setup, language, navigation over pages/, the shared sidebar.

With a ``pages/`` folder, Streamlit runs a deep-linked page directly (its first-generation
multipage mode) until some session has called ``st.navigation`` (streamlit#9624). Each page
therefore starts with ``ensure_booted()``: when the shell is not running, it runs it, and
the navigation routes back to that same page with its URL and query parameters intact.
"""

from __future__ import annotations

import threading

import streamlit as st

from . import sidebar, state
from .texts import tr

_run = threading.local()  # one script run per thread: true while the shell is running


def run_app() -> None:
    _run.active = True
    try:
        st.set_page_config(page_title="lifecycle", page_icon=":material/autorenew:", layout="wide")
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
