"""The command line's progress bar, on standard error.

A listener of ``lifecycle.reading.progress``: the engine reports its steps, this draws them.
On a terminal the bar is redrawn in place (``\\r``): the step's words in the chosen language,
the percentage, a bar of block characters and the seconds since the start, and it is wiped
at the end so that what the command prints starts on a clean line. It shows only once the
run has taken ``SHOW_AFTER`` seconds, so a quick run stays silent. Off a terminal it draws
nothing unless asked (``--progress``), and then writes plain lines: one when a step starts,
one each 10 %. Standard output is never written to.

Written here rather than taken from a library: tqdm and rich are not installed, and click's
``progressbar`` (installed with Streamlit) counts the items of an iterable of known length,
with no step of unknown pace, no delay before showing and no plain-line mode for a log.
"""

from __future__ import annotations

import math
import os
import threading
import time
from typing import TextIO

from .locale.i18n import fmt_number, fmt_pct, t
from .reading.progress import STEPS, words

__all__ = ["SHOW_AFTER", "ProgressBar"]

SHOW_AFTER = 1.0  # seconds of a run before its bar shows on a terminal (unless --progress)
_TICK = 0.2  # seconds between two redraws on a terminal, so the seconds move during a silent step
_WIDTH = 20  # cells of the bar
_EIGHTHS = " ▏▎▍▌▋▊▉█"

# Held while the bar writes, and taken around a fork: the command line reads a file in a child
# forked from this process (``lifecycle.reading.bounded``), and a child must not start with a
# lock or a write of standard error caught half-way by the drawing thread. The child draws nothing.
_drawing = threading.Lock()
_in_child = False


def _after_fork_in_child() -> None:
    global _drawing, _in_child
    _drawing = threading.Lock()
    _in_child = True


os.register_at_fork(
    before=lambda: _drawing.acquire(),
    after_in_parent=lambda: _drawing.release(),
    after_in_child=_after_fork_in_child,
)


def _can_write(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


class ProgressBar:
    """A ``Progress`` listener drawing on ``stream`` in ``lang``. ``mode``: ``"auto"`` (a bar on a
    terminal once the run is long, nothing elsewhere), ``"on"`` (a bar at once on a terminal,
    plain lines elsewhere) or ``"off"``. Use it as a context manager: it starts and stops the
    terminal's redrawing and wipes the bar at the end."""

    def __init__(self, stream: TextIO, lang: str = "en", mode: str = "auto") -> None:
        terminal = stream.isatty() and os.environ.get("TERM") != "dumb"
        self.stream = stream
        self.lang = lang
        self.live = terminal and mode != "off"  # redrawn in place
        self.plain = not terminal and mode == "on"  # one line at a time
        self.show_after = SHOW_AFTER if mode == "auto" else 0.0
        self.blocks = _EIGHTHS if _can_write(stream, _EIGHTHS + "▕") else " " * 8 + "#"
        self.label = max(len(words(s, lang)) for s in STEPS)  # the percentage stays in one column
        self.start = time.monotonic()
        self.step: str | None = None
        self.fraction: float | None = None
        self._tenth = -1  # the last tenth written as a plain line, in the current step
        self._drawn = 0  # width of the line on the terminal, to wipe it
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    @property
    def shown(self) -> bool:
        """Whether anything may be drawn: a listener that never draws is better not set, so that
        the engine does not count progress for nobody."""
        return self.live or self.plain

    def __enter__(self) -> ProgressBar:
        self.start = time.monotonic()
        if self.live:
            self._ticker = threading.Thread(target=self._tick, name="lifecycle-progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        with _drawing:
            if self._drawn and not _in_child:
                self._write("\r" + " " * self._drawn + "\r")
                self._drawn = 0

    def __call__(self, step: str, fraction: float | None) -> None:
        with _drawing:
            if _in_child:
                return
            started = step != self.step
            self.step, self.fraction = step, fraction
            if self.live:
                self._draw()
            elif self.plain:
                self._line(started)

    def _elapsed(self) -> float:
        return time.monotonic() - self.start

    def _seconds(self) -> str:
        return t("progress.seconds", self.lang, seconds=fmt_number(self._elapsed(), self.lang, 1))

    def _tick(self) -> None:
        while not self._stop.wait(_TICK):
            with _drawing:
                if not _in_child and self.step is not None:
                    self._draw()

    def _bar(self) -> str:
        if self.fraction is None:  # a block going to and fro: the step is alive, its pace unknown
            span = _WIDTH - 3
            at = int(self._elapsed() / _TICK) % (2 * span)
            at = at if at < span else 2 * span - at
            return " " * at + self.blocks[8] * 3 + " " * (span - at)
        eighths = round(max(0.0, min(1.0, self.fraction)) * _WIDTH * 8)
        full, part = divmod(eighths, 8)
        return (self.blocks[8] * full + (self.blocks[part] if part else "")).ljust(_WIDTH)

    def _draw(self) -> None:
        if self._elapsed() < self.show_after:
            return
        percent = "" if self.fraction is None else fmt_pct(self.fraction, self.lang, 0)
        frame = ("▕", "▏") if self.blocks is _EIGHTHS else ("[", "]")
        line = f"{words(self.step, self.lang):<{self.label}} {percent:>5} {frame[0]}{self._bar()}{frame[1]} {self._seconds()}"
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 0
        line = line[: (columns or 80) - 1]  # one line, never wrapped (a terminal of unknown size says 0)
        self._write("\r" + line + " " * max(self._drawn - len(line), 0))
        self._drawn = len(line)

    def _line(self, started: bool) -> None:
        tenth = -1 if self.fraction is None else math.floor(max(0.0, min(1.0, self.fraction)) * 10)
        if started:
            self._tenth = max(tenth, 0)  # 0 % is no news after the step's first line
        elif tenth > self._tenth:
            self._tenth = tenth
        else:
            return
        percent = "" if self.fraction is None else " " + fmt_pct(tenth / 10, self.lang, 0)
        self._write(f"{words(self.step, self.lang)}{percent} ({self._seconds()})\n")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # standard error closed or gone: the run goes on without a bar
            self.live = self.plain = False
