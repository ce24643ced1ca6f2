"""The app's progress indicator: a ``st.progress`` bar while an upload is read, prepared and
summarised, with the step's words in the user's language, how far it has gone and the seconds
since the start.

A listener of ``lifecycle.reading.progress``: the engine's reports only note the step and
its fraction; a thread carrying the script's context draws them every ``_TICK`` seconds, as
``st.spinner`` draws its timer. So the seconds move during a step that tells nothing (a file
read in a child process), and a report never sends a message from the script's own thread,
where Streamlit would take the chance to stop the script for a rerun and drop the
computation half-way. Like the spinner it replaces, it shows only after ``SHOW_AFTER``
seconds, and it is wiped at the end.
"""

from __future__ import annotations

import contextlib
import threading
import time

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx

from ..locale.i18n import fmt_int, fmt_pct, t
from ..reading.progress import listening, words
from .texts import tr

__all__ = ["SHOW_AFTER", "Indicator"]

SHOW_AFTER = 0.5  # seconds, as st.spinner waits: a quick computation shows nothing
_TICK = 0.25


class Indicator:
    """A context manager: within it, the engine's reports drive a progress bar placed where
    it was entered. ``text``: what the bar says until the first step is reported. ``since``:
    when the work began (``time.monotonic()``), where several bars follow one another for
    one file (prepared, then summarised): its seconds go on from one bar to the next instead
    of starting again at 0. Each bar still waits ``SHOW_AFTER`` before it shows."""

    def __init__(self, lang: str, text: str | None = None, since: float | None = None) -> None:
        self.lang = lang
        self.text = text or ""
        self.since = since
        self.start = time.monotonic()
        self.step: str | None = None
        self.fraction: float | None = None
        self.value = 0.0  # the bar's length: the step's last known fraction
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._shown: tuple[float, str] | None = None
        self._slot = None
        self._thread: threading.Thread | None = None
        self._listening = contextlib.ExitStack()

    def __enter__(self) -> Indicator:
        self.start = time.monotonic()
        self._slot = st.empty()
        self._listening.enter_context(listening(self))
        self._thread = threading.Thread(target=self._tick, name="lifecycle-indicator", daemon=True)
        add_script_run_ctx(self._thread)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._listening.close()
        if self._shown is not None:
            self._slot.empty()

    def __call__(self, step: str, fraction: float | None) -> None:
        with self._lock:
            if step != self.step:
                self.value = 0.0
            self.step, self.fraction = step, fraction
            if fraction is not None:
                self.value = max(0.0, min(1.0, fraction))

    def label(self) -> str:
        """What the bar says now."""
        return self._state()[1]

    def _state(self) -> tuple[float, str]:
        """The bar's length and text, from one look at the last report."""
        with self._lock:
            step, fraction, value = self.step, self.fraction, self.value
        if step is None:
            return value, self.text
        began = self.start if self.since is None else self.since
        seconds = t("progress.seconds", self.lang, seconds=fmt_int(round(time.monotonic() - began), self.lang))
        if fraction is None:
            return value, tr("progress.unknown", self.lang, step=words(step, self.lang), seconds=seconds)
        percent = fmt_pct(fraction, self.lang, 0)
        return value, tr("progress.known", self.lang, step=words(step, self.lang), percent=percent, seconds=seconds)

    def _tick(self) -> None:
        while not self._stop.wait(_TICK):
            if time.monotonic() - self.start >= SHOW_AFTER:
                self.draw()

    def draw(self) -> None:
        """Show the bar as it stands, unless it already shows just that."""
        shown = self._state()
        if shown != self._shown and shown[1]:
            self._slot.progress(shown[0], text=shown[1])
            self._shown = shown
