"""The current file, read and summarised once per file and settings, kept per session.

Heavy results live in one store per session (``st.cache_resource(scope="session")``):
handed back without a copy on each rerun, never shared between users, bounded in number.
A slider move reuses the summary: it only re-classifies. An upload that is a summary saved
by ``lifecycle analyze --save-summary`` is opened from the upload's bytes instead of read,
with its mapping, reading and as-of date as they were saved. Streamlit releases the store when
the session disconnects; its ``on_release`` empties it, so nothing the session kept (its
tables, the inputs of its download buttons) outlives the connection, and asks for the freed
pages to go back to the system (``memory.give_back``).

Reading and summarising take turns across the server (``memory.HEAVY_READS``): a second
large upload waits, with a message saying how many are ahead, instead of slowing every
session down.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from ..analysis import Analysis, Loaded, analyze_loaded, loaded_from_saved
from ..definition import Definition
from ..errors import LifecycleError
from ..locale import formats
from ..model.saved import Saved, is_saved_summary, open_saved
from ..model.summary import Summary, join_contacts, summarise
from ..model.thresholds import Suggestion, suggest_thresholds
from ..reading import bounded
from ..reading.ingest import RawTable, read_and_propose, sheets_like
from ..reading.mapping import Mapping, Proposal
from ..reading.prepare import Contacts, prepare, prepare_contacts
from ..reading.progress import in_step
from ..scenario import Scenario, check_against
from . import memory, state
from .progress import Indicator
from .texts import plain, tr

__all__ = ["Store"]

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "sample_data"
SAMPLES = ("ventes_boutique.xlsx", "factures_b2b.csv", "opportunites_crm.csv", "clients_crm.csv")
MAX_STATUSES = 200  # status values listed for editing, most frequent first


@dataclass(frozen=True, eq=False)
class Current:
    """The file in use: read, mapped, prepared and summarised, with its contacts list joined
    (its opt-outs and the people who never bought are part of ``summary``)."""

    key: str  # the file, its reading options, mapping, status meanings and contacts list
    loaded: Loaded
    summary: Summary
    contacts: Contacts | None
    proposed: Mapping
    proposal: Proposal | None = None  # why each role holds its column

    @property
    def saved(self) -> Saved | None:
        """The saved summary in use, or None for a file read."""
        return self.loaded.saved


@dataclass(eq=False)
class Store:
    """One session's heavy results, by kind and key (most recent last), and what its download
    buttons build their files from."""

    results: dict[str, OrderedDict] = field(default_factory=dict)
    builds: dict[str, tuple[Callable, tuple]] = field(default_factory=dict)

    def clear(self) -> None:
        self.results.clear()
        self.builds.clear()


def release(store: Store) -> None:
    """The session has ended: let go of its data, and of the memory it took."""
    store.clear()
    memory.give_back()


@st.cache_resource(scope="session", on_release=release, show_spinner=False)
def store() -> Store:
    return Store()


class _Turn:
    """A heavy read's turn, taken at the first result the run must compute and kept until the
    file is summarised, so that one read does not interleave with another session's."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._held = contextlib.ExitStack()
        self._taken = False
        self.started: float | None = None  # when the turn was taken: the bars' seconds count from it

    def __enter__(self) -> _Turn:
        return self

    def __exit__(self, *exc) -> None:
        self._held.close()

    def take(self) -> None:
        if self._taken:
            return
        notice = []

        def on_wait(ahead: int) -> None:
            if not notice:
                notice.append(st.empty())
            notice[0].info(tr("data.queue", self.lang, n=ahead), icon=":material/hourglass_top:")

        self._held.enter_context(memory.HEAVY_READS.hold(on_wait))
        self._taken = True
        self.started = time.monotonic()
        if notice:
            notice[0].empty()


@dataclass(frozen=True)
class _Refused:
    """A computation that ended in a message for the user (a refused file)."""

    error: LifecycleError


def _memo(
    kind: str,
    key: str,
    compute: Callable[[], object],
    keep: int = 4,
    turn: _Turn | None = None,
    wait: str | None = None,
):
    """``compute()`` once per key in this session; the ``keep`` most recent kept. A heavy
    computation takes its turn first, under a progress bar (``progress.Indicator``: the
    engine's steps, saying ``wait`` until the first one); a light one under a spinner saying
    ``wait`` when given. A ``LifecycleError`` is kept like a result and raised again. A
    result already kept shows neither: each one costs a timer thread and a message to the
    browser, on every rerun. The result is kept before the bar or spinner is wiped: wiping
    sends a message, where Streamlit may stop the script for a rerun."""
    table = store().results.setdefault(kind, OrderedDict())
    if key in table:
        table.move_to_end(key)
        value = table[key]
        if isinstance(value, _Refused):
            raise value.error.with_traceback(None)
        return value
    if turn is not None:
        turn.take()
        waiting = Indicator(turn.lang, wait, since=turn.started)
    else:
        waiting = st.spinner(wait, show_time=True) if wait else contextlib.nullcontext()
    with waiting:
        try:
            value = compute()
        except LifecycleError as exc:  # remembered: the next page says it again at once
            table[key] = _Refused(exc)
            raise
        table[key] = value
        while len(table) > keep:
            table.popitem(last=False)
    return value


class _Templates(OrderedDict):
    """Chart templates by layout (``charts.live_spec``), the ``keep`` most recently added."""

    keep = 24

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        while len(self) > self.keep:
            self.popitem(last=False)


def templates() -> _Templates:
    """This session's chart templates: layouts and texts, no customer rows (their data is
    swapped in on each draw), kept with the session's other results all the same."""
    return store().results.setdefault("templates", _Templates())


def memo(kind: str, key: str, compute: Callable[[], object], keep: int = 4, wait: str | None = None):
    """A light result (a chart's spec) computed once per key in this session, under a
    spinner saying ``wait`` when given and computed."""
    return _memo(kind, key, compute, keep, wait=wait)


def view_key(ctx, *extra: object) -> str:
    """The key of what a page keeps for the view it shows: the file, the segment, the
    definition, the language and the currency, then ``extra`` (what else the result depends on)."""
    a = ctx.analysis
    return "|".join(
        map(str, (ctx.current.key, a.segment, a.definition.to_json(), ctx.lang, formats.currency(), *extra))
    )


def kept(kind: str, key: str):
    """A result this session computed earlier (``memo``), or ``None``."""
    return store().results.get(kind, {}).get(key)


def on_click(key: str, build: Callable, *args) -> Callable[[], bytes | str]:
    """A download button's ``data``: the file is built when clicked, from ``args`` kept in this
    session's store. Streamlit keeps a button's callable as long as it keeps the session,
    disconnected sessions included; the callable holds the store, not the data, so the data
    goes when the session disconnects. ``build`` must be a module-level function or a bound
    method, not a lambda written in a page (it would hold the page's variables)."""
    builds = store().builds
    builds[key] = (build, args)
    money = formats.currency()  # the click runs in another thread: it writes the page's currency

    def data() -> bytes | str:
        entry = builds.get(key)
        if entry is None:
            raise LifecycleError.of("error.session_ended")
        fn, fn_args = entry
        with formats.using_currency(money):
            return fn(*fn_args)

    return data


def _bytes_of(source: dict) -> tuple[str, Callable[[], bytes]]:
    """The file's name and a loader for its bytes: called only when the store misses, so a
    rerun (a slider move) never reads the file again."""
    if source["kind"] == "sample":
        path = SAMPLES_DIR / source["name"]
        return source["name"], path.read_bytes
    upload = st.session_state.get(state.UPLOAD)
    if not upload or upload["id"] != source["id"]:
        raise LifecycleError.of("error.upload_gone")
    return upload["name"], lambda: upload["data"]


def sibling_sheets(raw: RawTable) -> list[str]:
    """The sheets with the same columns as the one read (one sheet per year), or ``[]``."""
    source = st.session_state[state.SOURCE]
    name, load = _bytes_of(source)
    try:
        with _Turn(state.lang()) as turn:
            key = f"{source['id']}|{raw.sheet}"
            return _memo("siblings", key, lambda: _siblings(load(), name, raw.sheet), turn=turn)
    except Exception:  # a suggestion only: a workbook that resists gives none
        return []


def _siblings(data: bytes, name: str, sheet: str) -> list[str]:
    return bounded.call(sheets_like, data, name, sheet, file=name, size=len(data))


def check_scenario(sc: Scenario) -> None:
    """Raises the ``LifecycleError`` that says why a scenario does not fit the file in use:
    its sheets or header row cannot be read, a column it maps is not in the table they
    give, or its as-of date comes before the file's first date. Called before anything of
    the scenario is applied."""
    ss = st.session_state
    source = ss[state.SOURCE]
    saved = saved_in_use()
    if saved is not None:  # no sheet to read again: the scenario must agree with how it was read
        differ = saved.differing(sc.read, sc.mapping, sc.statuses)
        if differ:
            raise LifecycleError.of("error.saved_scenario", file=saved.file, settings=", ".join(differ))
        saved.check_as_of(sc.as_of)
        return
    name, load = _bytes_of(source)
    read = sc.read
    sheet, header_row = read.get("sheet"), read.get("header_row")
    raw_key = f"{source['id']}|{sheet}|{header_row}"
    raw, _ = _memo("raw", raw_key, lambda: _read(load(), name, sheet, header_row, False))
    try:
        first = current().summary.first_date.date()
    except LifecycleError:  # the file in use has no summary yet: its dates are checked when it does
        first = None
    check_against(sc, list(raw.frame.columns), first)


def raw_table() -> tuple[str, RawTable, Mapping, dict[str, str]]:
    """The sheet as read, the proposed mapping and the mapping in use (proposal + corrections)."""
    with _Turn(state.lang()) as turn:
        return _raw_table(turn)


def _raw_table(turn: _Turn) -> tuple[str, RawTable, Mapping, dict[str, str]]:
    ss = st.session_state
    source = ss[state.SOURCE]
    read = ss.get(state.READ, {})
    name, load = _bytes_of(source)
    raw_key = f"{source['id']}|{read.get('sheet')}|{read.get('header_row')}"
    reading = tr("data.reading", state.lang(), name=plain(name))  # the spinner renders Markdown
    # Read in a child process within a budget (``lifecycle.reading.bounded``), with the proposal,
    # which looks at the values too: once per table read, not on every rerun. A file that is
    # refused is remembered as refused, and not read again on the next page.
    if source["kind"] == "sample":
        reader = lambda: _sample_read(name, read.get("sheet"), read.get("header_row"))  # noqa: E731
    else:
        reader = lambda: _read(load(), name, read.get("sheet"), read.get("header_row"), False)  # noqa: E731
    raw, proposal = _memo("raw", raw_key, reader, turn=turn, wait=reading)
    mapping = {**proposal.mapping.to_dict(), **ss.get(state.MAPPING, {})}
    return raw_key, raw, proposal.mapping, {k: v for k, v in mapping.items() if v}


def _prepare(raw: RawTable, items: tuple, dayfirst, decimal, as_of: str | None, meanings: tuple) -> Loaded:
    m = Mapping().with_overrides(list(raw.frame.columns), **dict(items))
    with in_step("prepare"):
        data = prepare(raw, m, dayfirst=dayfirst, decimal=decimal, as_of=as_of, meanings=dict(meanings) or None)
    return Loaded(raw, m, data)


def _summarise(loaded: Loaded) -> Summary:
    with in_step("summary"):
        return summarise(loaded.data)


def _read(data: bytes, name: str, sheet, header_row, contacts: bool) -> tuple[RawTable, Proposal]:
    # The child tells nothing: only the step's start and end are reported, from here.
    with in_step("contacts" if contacts else "read"):
        return bounded.call(
            read_and_propose, data, name, sheet, header_row, False, False, contacts, file=name, size=len(data)
        )


# The bundled samples are files of this repository, not a user's: read once per process,
# here rather than in a child (they are known to be well formed), and shared by the sessions
# that open them. A user's file is never kept beyond its own session.
@functools.lru_cache(maxsize=8)
def _sample_read(name: str, sheet, header_row) -> tuple[RawTable, Proposal]:
    with in_step("read"):
        return read_and_propose((SAMPLES_DIR / name).read_bytes(), name, sheet, header_row, False, False, False)


@functools.lru_cache(maxsize=4)
def _sample_contacts(name: str) -> Contacts:
    with in_step("contacts"):
        raw, proposal = read_and_propose((SAMPLES_DIR / name).read_bytes(), name, None, None, False, False, True)
    return prepare_contacts(raw, proposal.mapping)


def _read_contacts(data: bytes, name: str) -> Contacts:
    if is_saved_summary(data):
        raise LifecycleError.of("error.saved_contacts", file=name)
    raw, proposal = _read(data, name, None, None, True)
    return prepare_contacts(raw, proposal.mapping)


def saved_in_use() -> Saved | None:
    """The saved summary in use when the upload is one (``lifecycle.model.saved``), else None."""
    with _Turn(state.lang()) as turn:
        return _saved(turn)


def _saved(turn: _Turn) -> Saved | None:
    source = st.session_state[state.SOURCE]
    if source["kind"] != "upload":
        return None
    name, load = _bytes_of(source)
    if not _memo("is_saved", source["id"], lambda: is_saved_summary(load())):
        return None
    opening = tr("data.opening", state.lang(), name=plain(name))  # the spinner renders Markdown
    # Opened in a child process within a budget, as any upload is read: the bytes come from
    # the upload, the summary is kept for this connection only.
    return _memo("saved", source["id"], lambda: open_saved(load(), name, bounded=True), 2, turn, opening)


def _current_saved(saved: Saved, turn: _Turn) -> Current:
    """A saved summary in use: its as-of date is its own, its meanings those it was saved with;
    a contacts list uploaded beside it is joined as to a file."""
    ss = st.session_state
    source = ss[state.SOURCE]
    saved.check_as_of(ss.get(state.AS_OF))
    if saved.differing({}, {}, state.meanings_or_none()):  # those it was saved with are no change
        raise LifecycleError.of("error.saved_meanings", file=saved.file)
    loaded = _memo("prepared", f"{source['id']}|saved", lambda: loaded_from_saved(saved))
    contacts, contacts_key = None, "-"
    c = ss.get(state.CONTACTS)
    if c:
        contacts_key = c["id"]
        contacts = _memo("contacts", contacts_key, lambda: _read_contacts(c["data"], c["name"]), 2, turn)
    key = f"{source['id']}|saved|contacts={contacts_key}"
    joined = _memo("joined", key, lambda: join_contacts(saved.summary, contacts))
    return Current(key, loaded, joined, contacts, loaded.mapping)


def current() -> Current:
    """The file in use (raises ``LifecycleError`` with a message for the user)."""
    lang = state.lang()
    with _Turn(lang) as turn:
        return _current(lang, turn)


def _current(lang: str, turn: _Turn) -> Current:
    saved = _saved(turn)
    if saved is not None:
        return _current_saved(saved, turn)
    ss = st.session_state
    source = ss[state.SOURCE]
    read = ss.get(state.READ, {})
    raw_key, raw, proposed, mapping = _raw_table(turn)
    as_of = ss.get(state.AS_OF)
    as_of_text = as_of.isoformat() if isinstance(as_of, dt.date) else None
    items = tuple(sorted(mapping.items()))
    meanings = tuple(sorted(state.meanings_or_none().items()))
    key = f"{raw_key}|{items}|{read.get('dayfirst')}|{read.get('decimal')}|{as_of_text}|{meanings}"
    summarising = tr("data.summarising", lang)
    loaded = _memo(
        "prepared",
        key,
        lambda: _prepare(raw, items, read.get("dayfirst"), read.get("decimal"), as_of_text, meanings),
        turn=turn,
        wait=summarising,
    )
    summary = _memo("summary", key, lambda: _summarise(loaded), turn=turn, wait=summarising)
    contacts, contacts_key = None, "-"
    c = ss.get(state.CONTACTS)
    if c is None and source["kind"] == "sample" and source["name"] in state.SAMPLE_CONTACTS:
        contacts_key = state.SAMPLE_CONTACTS[source["name"]]
        path = SAMPLES_DIR / contacts_key
        contacts = _memo("contacts", contacts_key, lambda: _sample_contacts(path.name), 2, turn)
    elif c:
        contacts_key = c["id"]
        contacts = _memo("contacts", contacts_key, lambda: _read_contacts(c["data"], c["name"]), 2, turn)
    key = f"{key}|contacts={contacts_key}"
    joined = _memo("joined", key, lambda: join_contacts(summary, contacts))
    return Current(key, loaded, joined, contacts, proposed, _memo("raw", raw_key, lambda: (None, None))[1])


def segment_view(cur: Current, segment: str | None) -> Summary:
    """The summary restricted to one segment (or the whole base)."""
    if not segment:
        return cur.summary
    return _memo(
        "segment",
        f"{cur.key}|{segment}",
        lambda: cur.summary.subset((cur.summary.customers["segment"] == segment).fillna(False).to_numpy()),
        keep=8,
    )


def analysis(cur: Current, definition: Definition, segment: str | None = None, period: str = "month") -> Analysis:
    """Stages, suggestion and balance for the current definition: cheap, kept for the last
    few definitions (the sidebar and the page ask for the same one on every rerun).

    A segment view leaves the contacts list out (contacts have no segment)."""
    key = f"{cur.key}|{definition.to_json()}|{segment}|{period}"
    return _memo("analysis", key, lambda: _analysis(cur, definition, segment, period), keep=4)


def _analysis(cur: Current, definition: Definition, segment: str | None, period: str) -> Analysis:
    summary = segment_view(cur, segment)
    return analyze_loaded(
        cur.loaded,
        definition,
        contacts=cur.contacts,
        period=period,
        summary=summary,
        segment=segment,
        suggestion=None if segment else suggestion(cur, definition),
    )


def clients_total(cur: Current, definition: Definition) -> int:
    """The definition's clients in the whole file (the sidebar and the Data page give it
    beside the file's customers; the page's own view may be a segment)."""
    return analysis(cur, definition, None, st.session_state.get(state.PERIOD, "month")).stages.clients_total


def suggestion(cur: Current, definition: Definition) -> Suggestion:
    """The suggested thresholds for the whole base: the sidebar and the page ask for the same
    one on each rerun; computed once per file and definition."""
    return _memo("suggestion", f"{cur.key}|{definition!r}", lambda: suggest_thresholds(cur.summary, definition), 8)


def source_name() -> str:
    return st.session_state[state.SOURCE]["name"]
