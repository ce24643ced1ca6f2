"""How far a long step has gone, told to whoever listens: the command line's bar on standard
error, the app's progress indicator, or nobody.

The engine reports without knowing who listens: ``report("summary", 0.4)`` tells the current
listener (a ``Progress``: ``(step, fraction) -> None``) that the step ``summary`` is 40 % done,
or that it runs at an unknown pace when ``fraction`` is ``None``. The listener is held in a
context variable, set by ``listening``: deep engine code reports without a parameter threaded
through every call, and a report with nobody listening costs one lookup. Each thread (each
browser tab of the app) has its own.

A step is a short key (``STEPS``) whose words are ``progress.<step>`` in the catalogues
(``words``). ``run_query`` runs a DuckDB query and reports how far DuckDB says it has gone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, TypeVar

from ..locale.i18n import t

__all__ = ["POLL_SECONDS", "STEPS", "Progress", "in_step", "listening", "report", "run_query", "words"]

Progress = Callable[[str, "float | None"], None]
"""A listener: told a step's key and how far it has gone, 0 to 1 (``None``: not known)."""

# Reading the file (in a child process: only its start and end are told), the contacts list,
# preparing the rows, grouping purchases by customer, the balance period by period, the
# value model, writing an export.
STEPS = ("read", "contacts", "prepare", "summary", "history", "value", "export")
POLL_SECONDS = 0.1  # how often a running query is asked how far it has gone

T = TypeVar("T")
_listener: ContextVar[Progress | None] = ContextVar("lifecycle_progress", default=None)


def words(step: str, lang: str = "en") -> str:
    """The step in words, in ``lang``: «Reading the file», «Lecture du fichier»."""
    return t(f"progress.{step}", lang)


@contextlib.contextmanager
def listening(listener: Progress | None) -> Iterator[None]:
    """Within the block, reports go to ``listener`` (``None``: to nobody)."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def report(step: str, fraction: float | None = None) -> None:
    """Tell the current listener, if any, that ``step`` is ``fraction`` done."""
    listener = _listener.get()
    if listener is not None:
        listener(step, fraction)


@contextlib.contextmanager
def in_step(step: str) -> Iterator[None]:
    """A step whose pace is not known: its start is told as ``None``, its end as 1."""
    report(step, None)
    yield
    report(step, 1.0)


def run_query(
    con,
    sql: str,
    params: Any = None,
    step: str = "summary",
    *,
    fetch: Callable[[Any], T] | None = None,
    span: tuple[float, float] = (0.0, 1.0),
) -> Any:
    """``con.execute(sql, params)``, reporting how far DuckDB has gone as ``step``'s fraction.

    Returns what ``con.execute`` returns (the connection, its result ready for ``.df()``,
    ``.fetchnumpy()`` or ``.arrow()``), or ``fetch(result)`` when ``fetch`` is given. ``span``:
    the part of the step this query is, when a step runs several (``(0.6, 0.9)``).

    With nobody listening, this is ``con.execute`` and nothing more. Else the query runs in a
    worker thread while this thread asks ``con.query_progress()`` every ``POLL_SECONDS`` and
    tells the listener, so that the listener is always called from the caller's thread (the
    app's indicator must be). DuckDB counts a query's progress only with
    ``enable_progress_bar`` on (``query_progress`` says -1 otherwise): it is turned on for the
    query with ``enable_progress_bar_print`` off first, so DuckDB still draws nothing, and off
    again once ``fetch`` has read the result (a result left for the caller to fetch would be
    lost by another statement, so the setting then stays on, printing still off).
    """
    listener = _listener.get()
    if listener is None:
        result = con.execute(sql, params)
        return fetch(result) if fetch is not None else result
    low, high = span
    listener(step, low)
    con.execute("SET enable_progress_bar_print = false")
    con.execute("SET enable_progress_bar = true")

    def run():
        result = con.execute(sql, params)
        if fetch is None:
            return result
        out = fetch(result)
        con.execute("SET enable_progress_bar = false")
        return out

    best = low
    with ThreadPoolExecutor(1, thread_name_prefix="lifecycle-query") as pool:
        future = pool.submit(run)
        try:
            while True:
                try:
                    out = future.result(timeout=POLL_SECONDS)
                    break
                except TimeoutError:
                    pass
                try:
                    percent = con.query_progress()  # -1 while DuckDB cannot tell
                except Exception:  # a count that fails is no reason to stop the query: none told
                    percent = -1
                if percent >= 0:
                    fraction = low + (high - low) * min(percent, 100.0) / 100.0
                    if fraction > best:  # a query's pipelines may be counted afresh: never backwards
                        best = fraction
                        listener(step, fraction)
        except BaseException:  # Ctrl-C or a listener's failure: stop the query before waiting for it
            if not future.done():
                con.interrupt()
            raise
    listener(step, high)
    return out
