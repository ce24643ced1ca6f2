"""The sidebar shared by every page: language, definition, options, suggestion, segment, anonymise."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ..definition import MAX_AMOUNT, MAX_MONTHS, MULTIPLE_RANGE
from ..errors import LifecycleError
from ..locale.formats import CURRENCIES, DEFAULT_CURRENCY, currency_symbol, date_pattern, set_currency
from ..locale.i18n import fmt_date, fmt_int, language_name, language_named, language_of_locale, languages
from . import data, state
from .texts import plain, tr
from .widgets import date_input

URL = "query-params"


# The switch's options: each language of the catalogues by its name in itself; its label in
# every language at once, so that a reader finds it whatever the language on screen.
LANGUAGES = [language_name(lang) for lang in languages()]
SWITCH = " / ".join(tr("side.language", lang) for lang in languages())


def _browser_language() -> str:
    return language_name(language_of_locale(getattr(st.context, "locale", None)))


def _link_language() -> str | None:
    """The switch's option the link asks for: a language's name in itself (``lang=Français``),
    its code (``lang=fr``, the scenarios' and the command line's word) or its name in another
    language offered (``lang=French``)."""
    asked = st.query_params.get_all(state.LANG)
    if len(asked) != 1:
        return None
    if asked[0] in LANGUAGES:
        return asked[0]
    lang = language_named(asked[0])
    return language_name(lang) if lang else None


def first_language() -> str:
    """The language before the switch is drawn: the one chosen in this session, else the
    link's, else the browser's locale (the navigation needs it for the page titles)."""
    chosen = st.session_state.get(state.LANG) or _link_language() or _browser_language()
    return state.lang_of(chosen)


def language() -> str:
    """The language switch, drawn after the navigation like every other bound widget: a widget
    drawn before ``st.navigation`` lost its value on each change of page in the browser. Its
    default is the browser's language, so that a link carries any other choice. A link's
    ``lang=fr`` (the scenarios' and the command line's word) is not one of the switch's
    options, which Streamlit would drop: the session starts with it set instead."""
    asked = _link_language()
    coded = asked is not None and asked != st.query_params.get(state.LANG)
    if state.LANG not in st.session_state and coded:
        state.put(state.LANG, asked)
    default = LANGUAGES.index(_browser_language())
    index = state.default(state.LANG, default)
    st.sidebar.radio(SWITCH, LANGUAGES, index=index, key=state.LANG, horizontal=True, bind=URL)
    if coded and st.session_state.get(state.LANG) == asked and asked != LANGUAGES[default]:
        _write_language_in_link(asked)
    return state.lang()


def _write_language_in_link(name: str) -> None:
    """The address says ``lang=Français`` where the link said ``lang=fr``: Streamlit takes
    the code out of the address, as a value the switch does not offer, and a reload would
    then open the page in the browser's language. A bound parameter cannot be set through
    ``st.query_params``; Streamlit's own correction of a bound value (a slider's value put
    back within its range) writes it."""
    from streamlit.runtime.state import get_session_state

    try:
        with get_session_state().query_params() as params:
            params.set_corrected_value(state.LANG, name, "string_value")
    except AttributeError:  # another Streamlit: the address keeps the browser's language
        return


# The link's settings and the label that names each in the sidebar.
_BOUND = {
    state.NEW: "side.new",
    state.ACTIVE: "side.active",
    state.CLIENT: "side.client",
    state.MIN_AMOUNT: "side.min_amount",
    state.MULTIPLE: "side.multiple",
    state.RHYTHM: "side.own_rhythm",
    state.OPT_OUT: "side.opt_out",
    state.AS_OF: "side.as_of",
    state.ANON: "side.anon",
    state.STATUS: "side.statuses",
    state.CURRENCY: "side.currency",
}


def _honoured(raw: str, value) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return str(raw).strip().lower() == str(value).lower()
    if isinstance(value, int | float):
        try:
            return float(raw) == float(value)
        except ValueError:
            return False
    if isinstance(value, dt.date):
        return str(raw) == value.isoformat()
    return str(raw) == str(value)


_PERIODS = ("month", "quarter", "year")
FROM_FILE = "file"
_STREAMLIT_PARAMS = ("embed", "embed_options")  # Streamlit's own


def _link_problems(link: dict[str, list[str]]) -> list[tuple[str, str | None, str]]:
    """What the link asks that the app could not do: (kind, setting's label key, value)."""
    ss = st.session_state
    out, unknown = [], []
    for key, values in link.items():
        label = {state.LANG: None, state.PERIOD: "balance.period", **_BOUND}.get(key, "")
        if key in _STREAMLIT_PARAMS:
            continue
        if label == "":
            unknown.append(key)
        elif len(values) > 1:
            out.append(("repeated", label, " / ".join(values)))
        elif key == state.LANG:
            if values[0] not in LANGUAGES and language_named(values[0]) is None:
                out.append(("dropped", None, values[0]))
        elif key == state.PERIOD:
            if values[0] not in _PERIODS:
                out.append(("dropped", label, values[0]))
        elif not _honoured(values[0], ss.get(key)):
            out.append(("dropped", label, values[0]))
    if unknown:
        more = f" … (+{len(unknown) - 5})" if len(unknown) > 5 else ""
        out.append(("unknown", None, ", ".join(k[:40] for k in unknown[:5]) + more))
    return out


def link_report() -> None:
    """The link's values that the widgets could not take, its settings given twice and the
    words it holds that are no setting, said rather than dropped in silence (the sidebar
    shows the value used instead), until the user dismisses them."""
    ss = st.session_state
    link = ss.get(state.LINK)
    if link:  # checked once, on the session's first run
        ss[state.LINK_DROPPED] = _link_problems(link)
        ss[state.LINK] = {}
    dropped = ss.get(state.LINK_DROPPED)
    if not dropped:
        return
    lang = state.lang()
    for kind, label, raw in dropped:
        fields = {"setting": tr(label, lang) if label else SWITCH, "value": plain(str(raw)[:200])}
        if kind == "repeated":
            text = tr("link.repeated", lang, **fields)
        elif kind == "unknown":
            text = tr("link.unknown", lang, **fields)
        else:
            text = tr("link.dropped", lang, **fields)
        st.sidebar.warning(text, icon=":material/link_off:")
    st.sidebar.button(
        tr("link.dismiss", lang), on_click=lambda: ss.pop(state.LINK_DROPPED, None), key="sidebar.link_dismiss"
    )


def _apply_suggestion(new: int, active: int, client: int) -> None:
    state.put(state.NEW, new)
    state.put(state.ACTIVE, active)
    state.put(state.CLIENT, client)


def draw() -> None:
    lang = state.lang()
    sb = st.sidebar
    try:
        cur = data.current()
    except Exception:  # the page shows the error; the sidebar keeps the settings usable
        cur = None
    source = sb.empty()  # filled once the definition is read: it counts the clients too
    if cur is None:
        source.caption(tr("side.no_data", lang))

    sb.subheader(tr("side.definition", lang))
    d = state.DEFAULT
    # The engine's range: every value it accepts (a scenario, a suggestion) fits the slider.
    for key, label, months in (
        (state.NEW, "side.new", d.new_months),
        (state.ACTIVE, "side.active", d.active_months),
        (state.CLIENT, "side.client", d.client_months),
    ):
        sb.slider(tr(label, lang), 1, MAX_MONTHS, state.default(key, months), key=key, bind=URL)
    try:
        definition = state.definition()
    except Exception as exc:
        sb.error(plain(exc.message(lang) if hasattr(exc, "message") else str(exc)))
        definition = None

    if cur is not None:
        fields = {
            "name": plain(data.source_name()),
            "customers": fmt_int(cur.summary.people_in_file, lang),
            "rows": fmt_int(cur.loaded.report.used, lang),
        }
        if definition is None:
            source.caption(tr("side.source", lang, **fields))
        else:
            clients = fmt_int(data.clients_total(cur, definition), lang)
            source.caption(tr("side.source_clients", lang, clients=clients, **fields))

    if cur is not None and definition is not None:
        suggestion = data.suggestion(cur, definition)
        with sb.container(border=True):
            st.markdown(f"**{tr('side.suggested', lang)}**")
            st.caption(suggestion.text(lang))
            if suggestion.available:
                sd = suggestion.definition
                st.button(
                    tr("side.apply", lang),
                    on_click=_apply_suggestion,
                    args=(sd.new_months, sd.active_months, sd.client_months),
                    key="sidebar.apply_suggestion",
                    disabled=(sd.new_months, sd.active_months, sd.client_months)
                    == (definition.new_months, definition.active_months, definition.client_months),
                )

    low = dt.date(1990, 1, 1)
    high = dt.date.today()
    if cur is not None:
        low = cur.summary.first_date.date()
    saved = cur.saved if cur is not None else None  # a saved summary: made as of its own date
    date_input(
        sb,
        tr("side.as_of", lang),
        "side-as-of",
        lang,
        value=None,
        min_value=low,
        max_value=high,
        key=state.AS_OF,
        bind=URL,
        format=date_pattern(lang),
        disabled=saved is not None,
        help=tr("side.as_of_saved", lang, as_of=fmt_date(saved.summary.as_of, lang)) if saved is not None else None,
    )

    with sb.expander(tr("side.options", lang)):
        st.number_input(
            tr("side.min_amount", lang),
            min_value=0.0,
            max_value=MAX_AMOUNT,
            value=state.default(state.MIN_AMOUNT, 0.0),
            step=10.0,
            # Streamlit writes numbers the English way: «%g» shows 0 and 50, not «0.00» and
            # «50.00», and a decimal point only where there are decimals.
            format="%g",
            key=state.MIN_AMOUNT,
            bind=URL,
        )
        st.toggle(tr("side.own_rhythm", lang), key=state.RHYTHM, bind=URL)
        st.number_input(
            tr("side.multiple", lang),
            min_value=MULTIPLE_RANGE[0],
            max_value=MULTIPLE_RANGE[1],
            value=state.default(state.MULTIPLE, 3.0),
            step=0.5,
            format="%g",
            key=state.MULTIPLE,
            bind=URL,
            disabled=not st.session_state.get(state.RHYTHM),
        )
        st.toggle(tr("side.opt_out", lang), key=state.OPT_OUT, bind=URL)
        guessed = (cur.summary.currency if cur is not None else None) or DEFAULT_CURRENCY

        def _currency_name(code: str) -> str:
            if code == FROM_FILE:
                return tr("side.currency_file", lang, symbol=currency_symbol(lang, guessed), code=guessed)
            return f"{currency_symbol(lang, code)} ({code})" if currency_symbol(lang, code) != code else code

        st.selectbox(
            tr("side.currency", lang),
            (FROM_FILE, *CURRENCIES),
            format_func=_currency_name,
            key=state.CURRENCY,
            placeholder=tr("choose", lang),
            bind=URL,
            help=tr("side.currency_help", lang),
        )
        chosen = st.session_state.get(state.CURRENCY) or FROM_FILE
        set_currency(guessed if chosen == FROM_FILE else chosen)
        # The status meanings chosen on the Data page, here so that the link carries them.
        st.text_input(
            tr("side.statuses", lang),
            key=state.STATUS,
            bind=URL,
            placeholder=tr("side.statuses_example", lang),
            help=tr("side.statuses_saved", lang) if saved is not None else tr("side.statuses_help", lang),
            # A saved summary keeps the meanings it was made with; a value already there stays
            # editable, so that the message it gives can be acted on.
            disabled=saved is not None and not st.session_state.get(state.STATUS),
        )
        try:
            state.meanings()
        except LifecycleError as exc:
            st.error(plain(exc.message(lang)))

    if cur is not None and cur.summary.has_segment:
        # Listed once per file: a million customers' segments take some 10 ms to list.
        column = cur.summary.customers["segment"]
        values = data.memo("segment_values", cur.key, lambda: sorted(str(v) for v in column.dropna().unique()))
        options = [tr("side.all", lang), *values]
        if st.session_state.get(state.SEGMENT) not in options:
            st.session_state[state.SEGMENT] = options[0]
        sb.selectbox(tr("side.segment", lang), options, key=state.SEGMENT, placeholder=tr("choose", lang))
    sb.toggle(tr("side.anon", lang), key=state.ANON, bind=URL)
