"""The current file, read and summarised once per file and settings, kept per session.

Heavy results are cached with ``st.cache_resource(scope="session")``: handed back without
a copy on each rerun, never shared between users, bounded in number. The file's bytes
are passed as unhashed arguments (leading underscore) and keyed by the upload's id.
A slider move reuses the summary: it only re-classifies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ..analysis import Analysis, Loaded, analyze_loaded
from ..definition import Definition
from ..errors import LifecycleError
from ..ingest import RawTable, read_table, sheets_like
from ..mapping import Mapping, propose_mapping
from ..prepare import Contacts, prepare, prepare_contacts
from ..summary import Summary, join_contacts, summarise
from . import state
from .texts import tr

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "sample_data"
SAMPLES = ("ventes_boutique.xlsx", "factures_b2b.csv", "clients_crm.csv")


@dataclass(frozen=True, eq=False)
class Current:
    """The file in use: read, mapped, prepared and summarised, with its contacts list joined
    (its opt-outs and the people who never bought are part of ``summary``)."""

    key: str  # the file, its reading options, mapping and contacts list
    loaded: Loaded
    summary: Summary
    contacts: Contacts | None
    proposed: Mapping


def _bytes_of(source: dict) -> tuple[str, Callable[[], bytes]]:
    """The file's name and a loader for its bytes: called only when the cache misses, so a
    rerun (a slider move) never reads the file again."""
    if source["kind"] == "sample":
        path = SAMPLES_DIR / source["name"]
        return source["name"], path.read_bytes
    upload = st.session_state.get(state.UPLOAD)
    if not upload or upload["id"] != source["id"]:
        raise LifecycleError.of("error.upload_gone")
    return upload["name"], lambda: upload["data"]


@st.cache_resource(scope="session", max_entries=4, show_spinner=False)
def _raw(key: str, _load: Callable[[], bytes], name: str, sheet, header_row) -> RawTable:
    return read_table(_load(), name, sheet=sheet, header_row=header_row)


@st.cache_resource(scope="session", max_entries=4, show_spinner=False)
def _proposal(key: str, _raw_table: RawTable) -> Mapping:
    """The proposed mapping looks at the values too: once per table read, not on every rerun."""
    return propose_mapping(list(_raw_table.frame.columns), _raw_table.frame)


@st.cache_resource(scope="session", max_entries=4, show_spinner=False)
def _prepared(key: str, _raw_table: RawTable, mapping: tuple, dayfirst, decimal, as_of) -> Loaded:
    m = Mapping().with_overrides(list(_raw_table.frame.columns), **dict(mapping))
    return Loaded(_raw_table, m, prepare(_raw_table, m, dayfirst=dayfirst, decimal=decimal, as_of=as_of))


@st.cache_resource(scope="session", max_entries=4, show_spinner=False)
def _summary(key: str, _loaded: Loaded) -> Summary:
    return summarise(_loaded.data)


@st.cache_resource(scope="session", max_entries=2, show_spinner=False)
def _contacts(key: str, _load: Callable[[], bytes], name: str) -> Contacts:
    raw = read_table(_load(), name)
    return prepare_contacts(raw, propose_mapping(list(raw.frame.columns), raw.frame, contacts=True))


@st.cache_resource(scope="session", max_entries=4, show_spinner=False)
def _joined(key: str, _summary_obj: Summary, _contacts_obj: Contacts | None) -> Summary:
    return join_contacts(_summary_obj, _contacts_obj)


@st.cache_resource(scope="session", max_entries=8, show_spinner=False)
def _segment(key: str, segment: str, _summary_obj: Summary) -> Summary:
    return _summary_obj.subset((_summary_obj.customers["segment"] == segment).fillna(False).to_numpy())


@st.cache_resource(scope="session", max_entries=4, show_spinner=False)
def _siblings(key: str, _load: Callable[[], bytes], name: str, sheet: str) -> list[str]:
    return sheets_like(_load(), name, sheet)


def sibling_sheets(raw: RawTable) -> list[str]:
    """The sheets with the same columns as the one read (one sheet per year), or ``[]``."""
    source = st.session_state[state.SOURCE]
    name, load = _bytes_of(source)
    try:
        return _siblings(f"{source['id']}|{raw.sheet}", load, name, raw.sheet)
    except Exception:  # a suggestion only: a workbook that resists gives none
        return []


def raw_table() -> tuple[str, RawTable, Mapping, dict[str, str]]:
    """The sheet as read, the proposed mapping and the mapping in use (proposal + corrections)."""
    ss = st.session_state
    source = ss[state.SOURCE]
    read = ss.get(state.READ, {})
    name, load = _bytes_of(source)
    raw_key = f"{source['id']}|{read.get('sheet')}|{read.get('header_row')}"
    with st.spinner(tr("data.reading", state.lang(), name=name)):
        raw = _raw(raw_key, load, name, read.get("sheet"), read.get("header_row"))
    proposed = _proposal(raw_key, raw)
    mapping = {**proposed.to_dict(), **ss.get(state.MAPPING, {})}
    return raw_key, raw, proposed, {k: v for k, v in mapping.items() if v}


def current() -> Current:
    """The file in use (raises ``LifecycleError`` with a message for the user)."""
    lang = state.lang()
    ss = st.session_state
    source = ss[state.SOURCE]
    read = ss.get(state.READ, {})
    raw_key, raw, proposed, mapping = raw_table()
    as_of = ss.get(state.AS_OF)
    as_of_text = as_of.isoformat() if isinstance(as_of, dt.date) else None
    items = tuple(sorted(mapping.items()))
    key = f"{raw_key}|{items}|{read.get('dayfirst')}|{read.get('decimal')}|{as_of_text}"
    with st.spinner(tr("data.summarising", lang)):
        loaded = _prepared(key, raw, items, read.get("dayfirst"), read.get("decimal"), as_of_text)
        summary = _summary(key, loaded)
    contacts, contacts_key = None, "-"
    c = ss.get(state.CONTACTS)
    if c is None and source["kind"] == "sample" and source["name"] in state.SAMPLE_CONTACTS:
        contacts_key = state.SAMPLE_CONTACTS[source["name"]]
        contacts = _contacts(contacts_key, (SAMPLES_DIR / contacts_key).read_bytes, contacts_key)
    elif c:
        contacts_key = c["id"]
        contacts = _contacts(contacts_key, lambda: c["data"], c["name"])
    key = f"{key}|contacts={contacts_key}"
    return Current(key, loaded, _joined(key, summary, contacts), contacts, proposed)


def segment_view(cur: Current, segment: str | None) -> Summary:
    """The summary restricted to one segment (or the whole base)."""
    if not segment:
        return cur.summary
    return _segment(cur.key, segment, cur.summary)


def analysis(cur: Current, definition: Definition, segment: str | None = None, period: str = "month") -> Analysis:
    """Stages, suggestion and balance for the current definition: cheap, done on every rerun.

    A segment view leaves the contacts list out (contacts have no segment)."""
    summary = segment_view(cur, segment)
    return analyze_loaded(
        cur.loaded, definition, contacts=cur.contacts, period=period, summary=summary, segment=segment
    )


def source_name() -> str:
    return st.session_state[state.SOURCE]["name"]
