"""Session-state keys, defaults, and the scenario (definition, options, mapping) as JSON.

Settings widgets are bound to the URL (``bind="query-params"``): their keys are the query
parameter names, so the page's URL is a shareable link to the scenario. It carries no
customer data: only the language, thresholds and options.
"""

from __future__ import annotations

import json

import streamlit as st

from ..definition import Definition
from ..errors import LifecycleError
from ..locale.i18n import SOURCE_LANG, language_name, language_named
from ..reading.statuses import MEANINGS, meanings_text, parse_meanings, split_meanings
from ..scenario import parse_scenario

# Settings bound to the URL (key = query parameter name).
LANG, NEW, ACTIVE, CLIENT = "lang", "new", "active", "client"
MIN_AMOUNT, RHYTHM, MULTIPLE, OPT_OUT = "min_amount", "rhythm", "multiple", "opt_out"
AS_OF, SEGMENT, ANON, PERIOD = "as_of", "segment", "anon", "period"
CURRENCY = "currency"  # the ISO code money is written in; "file": the file's own (or the default)
STATUS = "status"  # the status values whose meaning the user chose: «Closed won=purchase; Perdue=cancelled»
# Private session state (never in the URL).
SOURCE = "lc.source"  # {"kind": "sample"|"upload", "name", "id"}
UPLOAD = "lc.upload"  # {"name", "id", "data"}: the bytes of an uploaded file, this session only
CONTACTS = "lc.contacts"  # {"name", "id", "data"} or None
READ = "lc.read"  # {"sheet", "header_row", "dayfirst", "decimal"} for the current source
MAPPING = "lc.mapping"  # role -> column overrides for the current source
SCENARIO_ID = "lc.scenario_id"  # last scenario file applied
VIEWS = "lc.views"  # chart name -> the options a page drew it with (span, dates, split, period)
LINK = "lc.link"  # the query parameters the session opened with, until checked against the widgets
LINK_DROPPED = "lc.link_dropped"  # (label key, value) of the link's settings that could not be used
WRITTEN = "lc.written"  # widget keys set through the Session State API, until their widget is drawn

DEFAULT = Definition()
DEFAULT_SAMPLE = "ventes_boutique.xlsx"
SAMPLE_CONTACTS = {"ventes_boutique.xlsx": "contacts_boutique.csv"}


def init() -> None:
    """Defaults for the private state (widgets carry their own defaults)."""
    st.session_state.setdefault(SOURCE, {"kind": "sample", "name": DEFAULT_SAMPLE, "id": DEFAULT_SAMPLE})
    st.session_state.setdefault(READ, {})
    st.session_state.setdefault(MAPPING, {})
    st.session_state.setdefault(CONTACTS, None)


def remember_link() -> None:
    """The link's settings as the session opened it: Streamlit drops a value a widget cannot
    take (a slider's 200) from the URL silently; ``sidebar.link_report`` says so."""
    if LINK not in st.session_state:
        st.session_state[LINK] = {k: st.query_params.get_all(k) for k in st.query_params}


def lang_of(option: str | None) -> str:
    """The language code of the language switch's option (a language's name in itself)."""
    return language_named(option or "") or SOURCE_LANG


def lang() -> str:
    return lang_of(st.session_state.get(LANG))


def definition() -> Definition:
    """The definition from the sidebar widgets (raises ``LifecycleError`` when invalid)."""
    ss = st.session_state
    min_amount = ss.get(MIN_AMOUNT) or 0
    return Definition(
        new_months=int(ss.get(NEW, DEFAULT.new_months)),
        active_months=int(ss.get(ACTIVE, DEFAULT.active_months)),
        client_months=int(ss.get(CLIENT, DEFAULT.client_months)),
        min_amount=float(min_amount) if min_amount > 0 else None,
        own_rhythm=bool(ss.get(RHYTHM, False)),
        rhythm_multiple=float(ss.get(MULTIPLE, DEFAULT.rhythm_multiple)),
        opt_out_lost=bool(ss.get(OPT_OUT, False)),
    )


def put(key: str, value) -> None:
    """Set a widget's value through the Session State API (from a callback, before it is
    drawn); ``default`` then gives the widget no default of its own on that run."""
    ss = st.session_state
    ss[key] = value
    ss.setdefault(WRITTEN, set()).add(key)


def default(key: str, value):
    """The default to draw a widget with: ``value``, or ``None`` right after ``put`` set it.

    A widget drawn with a default while its value was just set through the Session State
    API makes Streamlit write a warning with a stack trace in the server log. The default
    is kept on other runs: a bound widget leaves a value equal to its default out of the
    URL, so a link carries only what differs from the definition's defaults."""
    written = st.session_state.get(WRITTEN)
    if written and key in written:
        written.discard(key)
        return None
    return value


def set_definition(d: Definition) -> None:
    """Put a definition into the sidebar widgets (call from a callback, before they are drawn)."""
    put(NEW, d.new_months)
    put(ACTIVE, d.active_months)
    put(CLIENT, d.client_months)
    put(MIN_AMOUNT, float(d.min_amount or 0.0))
    put(RHYTHM, d.own_rhythm)
    put(MULTIPLE, float(d.rhythm_multiple))
    put(OPT_OUT, d.opt_out_lost)


def meanings() -> dict[str, str]:
    """The status meanings the user chose (raises ``LifecycleError`` naming a bad item;
    ``meanings_or_none`` gives none instead, the sidebar saying what is wrong)."""
    items = split_meanings(st.session_state.get(STATUS) or "")
    try:
        return parse_meanings(items)
    except ValueError as exc:
        raise LifecycleError.of("error.status_meaning", item=str(exc).strip(), meanings=", ".join(MEANINGS)) from exc


def set_meanings(chosen: dict[str, str]) -> None:
    """Put the chosen meanings into the sidebar's field (from a callback, before it is drawn)."""
    st.session_state[STATUS] = meanings_text(chosen)


def new_source(kind: str, name: str, ident: str) -> None:
    """Switch to another file: its read options, mapping and status meanings start afresh."""
    st.session_state[SOURCE] = {"kind": kind, "name": name, "id": ident}
    st.session_state[READ] = {}
    st.session_state[MAPPING] = {}
    for key in (AS_OF, SEGMENT):
        st.session_state.pop(key, None)
    st.session_state[STATUS] = ""


def scenario_json() -> str:
    """The scenario: definition, options, read settings and mapping (no customer data)."""
    ss = st.session_state
    as_of = ss.get(AS_OF)
    doc = {
        "lifecycle_scenario": 1,
        "file": ss[SOURCE]["name"],
        "definition": definition().to_dict(),
        "as_of": as_of.isoformat() if as_of else None,
        "period": ss.get(PERIOD, "month"),
        "read": ss.get(READ, {}),
        "mapping": ss.get(MAPPING, {}),
        "statuses": meanings_or_none(),
        "lang": lang(),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str)


def apply_scenario(data: bytes | str, fits=None) -> None:
    """Apply a saved scenario (from a callback), all of it or nothing: ``parse_scenario``
    checks every value first, then ``fits(scenario)`` checks it against the file in use;
    either raises ``LifecycleError`` before anything is applied."""
    sc = parse_scenario(data)
    if fits is not None:
        fits(sc)
    ss = st.session_state
    set_definition(sc.definition)
    ss[PERIOD] = sc.period
    put(LANG, language_name(sc.lang))
    if sc.as_of is not None:
        ss[AS_OF] = sc.as_of
    ss[READ] = sc.read
    ss[MAPPING] = sc.mapping
    set_meanings(sc.statuses)


def meanings_or_none() -> dict[str, str]:
    """The good items of the field: a bad one is said in the sidebar and left out alone."""
    out: dict[str, str] = {}
    for item in split_meanings(st.session_state.get(STATUS) or ""):
        try:
            out |= parse_meanings([item])
        except ValueError:
            continue
    return out
