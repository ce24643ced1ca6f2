"""Export page: annotated charts, the workbook, the customers CSV, the definitions card, scenarios."""

import time
from urllib.parse import urlencode

import streamlit as st

from lifecycle.errors import LifecycleError
from lifecycle.locale.i18n import fmt_int, fmt_number, fmt_plain, language_name
from lifecycle.model.value import value_of
from lifecycle.reports import workbook
from lifecycle.reports.card import definitions_card
from lifecycle.reports.charts import charts
from lifecycle.reports.export import chart_bytes
from lifecycle.reports.workbook import workbook_bytes
from lifecycle.ui import data, state
from lifecycle.ui.shell import ensure_booted
from lifecycle.ui.texts import plain, tr
from lifecycle.ui.widgets import (
    context,
    customers_file,
    deck_file,
    export_preview,
    file_uploader,
    show_error,
    summary_file,
    workbook_file,
)

ensure_booted()  # a deep link may start this page before app.py


def _load_scenario() -> None:
    f = st.session_state.get("export.scenario_file")
    if f is None or st.session_state.get(state.SCENARIO_ID) == f.file_id:
        return
    try:
        state.apply_scenario(f.getvalue(), fits=data.check_scenario)
        st.session_state[state.SCENARIO_ID] = f.file_id
        st.session_state["scenario_message"] = ("ok", tr("export.loaded", state.lang()))
    except Exception as exc:
        st.session_state["scenario_message"] = (
            "error",
            exc.message(state.lang()) if hasattr(exc, "message") else str(exc),
        )


def workbook_buttons(col, ctx, stem: str, model) -> None:
    lang, a = ctx.lang, ctx.analysis
    file_name = f"{stem}_{tr('export.file.workbook', lang)}.xlsx"
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    options = {"key": "download_xlsx", "icon": ":material/table:", "file_name": file_name, "mime": mime}
    if a.summary.n_customers <= workbook.LARGE_WORKBOOK:
        col.download_button(
            tr("export.workbook", lang), data=data.on_click("export.xlsx", workbook_file, a, lang, model), **options
        )
        return
    key = data.view_key(ctx, model is not None)
    built = data.kept("workbook", key)
    slot = col.empty()  # the button, then its progress bar, then nothing
    label = tr("export.prepare", lang, n=fmt_int(a.summary.n_customers, lang))
    if built is None and slot.button(label, icon=":material/table:", key="export.prepare_xlsx"):
        bar = slot.progress(0.0, text=tr("export.preparing", lang, what=tr("export.workbook", lang)))
        started = time.perf_counter()

        def progress(share: float) -> None:
            bar.progress(min(1.0, share), text=tr("export.preparing", lang, what=f"{share:.0%}"))

        content = workbook_bytes(a, lang, progress=progress, model=model)
        built = data.memo("workbook", key, lambda: (content, time.perf_counter() - started), keep=1)
        slot.empty()
    if built is not None:
        content, seconds = built
        size = f"{fmt_plain(len(content) / 1e6, lang, '.1f')} MB"
        col.caption(tr("export.prepared", lang, size=size, seconds=fmt_number(seconds, lang, 1)))
        col.download_button(tr("export.workbook", lang), data=content, **options)


def main() -> None:
    ctx = context()
    lang, a = ctx.lang, ctx.analysis
    stem = a.loaded.raw.file.rsplit(".", 1)[0]
    st.title(tr("export.title", lang))

    available = [c.name for c in charts() if c.why_not(a, lang) is None]  # what the file allows
    name = st.selectbox(
        tr("export.chart", lang),
        available,
        format_func=lambda c: tr(f"chart.{c}", lang),
        key="export.chart",
        placeholder=tr("choose", lang),
    )
    # The chart as its page last showed it (span, dates, segment split, period): one builder for both.
    options = st.session_state.get(state.VIEWS, {}).get(name, {})
    try:
        annotated, preview = export_preview(ctx, name, options)
    except Exception as exc:
        show_error(exc, lang, name)
        st.stop()
    st.caption(tr("export.preview", lang))
    st.vega_lite_chart(spec=preview, width="content", key="export.preview")
    cols = st.columns(3)
    for col, fmt, mime in zip(cols, ("png", "svg", "pdf"), ("image/png", "image/svg+xml", "application/pdf")):
        col.download_button(
            fmt.upper(),
            data=data.on_click(f"export.{fmt}", chart_bytes, annotated, fmt),  # built when clicked
            file_name=f"{stem}_{name}_{lang}.{fmt}",
            mime=mime,
            key=f"export.download_{fmt}",
            icon=":material/download:",
        )

    st.subheader(tr("export.files", lang))
    model = None
    if a.summary.has_history and st.toggle(tr("export.with_value", lang), key="export.with_value"):
        try:
            with st.spinner(tr("value.fitting", lang), show_time=True):
                model = value_of(a.summary)
        except LifecycleError as exc:  # the models cannot fit this file: the files go without
            st.warning(plain(exc.message(lang)))
    f1, f2, f3 = st.columns(3)
    workbook_buttons(f1, ctx, stem, model)
    f2.download_button(
        tr("export.csv", lang),
        data=data.on_click("export.csv", customers_file, a, lang, model),
        file_name=f"{stem}_{tr('export.file.customers', lang)}.csv",
        mime="text/csv",
        key="export.download_csv",
        icon=":material/groups:",
    )
    f4, f5, _ = st.columns(3)
    f5.download_button(
        tr("export.summary", lang),
        data=data.on_click("export.summary", summary_file, a, lang),  # built when clicked (about 2 s)
        file_name=f"{stem}_{tr('export.file.summary', lang)}.pdf",
        mime="application/pdf",
        key="export.download_summary",
        icon=":material/picture_as_pdf:",
    )
    anonymous = bool(st.session_state.get(state.ANON))  # the sidebar's switch: a deck that travels
    whatif = st.session_state.get(state.VIEWS, {}).get("whatif")
    f4.download_button(
        tr("export.deck", lang),
        data=data.on_click("export.pptx", deck_file, a, lang, whatif, anonymous),  # built when clicked
        file_name=f"{stem}_{tr('export.file.deck', lang)}{'_anonyme' if anonymous else ''}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key="export.download_pptx",
        icon=":material/slideshow:",
    )
    f4.caption(tr("export.deck_anonymous", lang) if anonymous else tr("export.deck_named", lang))
    card = definitions_card(a, lang)
    f3.download_button(
        tr("export.card", lang),
        data=card.encode("utf-8"),
        file_name=f"{stem}_definitions.md",
        mime="text/markdown",
        key="export.download_md",
        icon=":material/description:",
    )
    with st.expander(tr("export.card", lang)):
        st.markdown(card)

    st.subheader(tr("export.scenario", lang))

    s1, s2 = st.columns(2)
    s1.download_button(
        tr("export.save", lang),
        data=state.scenario_json(),
        file_name=f"{stem}_scenario.json",
        mime="application/json",
        key="export.download_scenario",
        icon=":material/save:",
    )
    file_uploader(
        s2,
        tr("export.load", lang),
        "JSON",
        ["json"],
        "upload-scenario",
        lang,
        key="export.scenario_file",
        on_change=_load_scenario,
    )
    message = st.session_state.pop("scenario_message", None)
    if message:
        (st.success if message[0] == "ok" else st.error)(plain(message[1]))

    st.markdown(f"**{tr('export.link', lang)}**")
    # The language always: a link carries the other settings only where they differ from the
    # defaults, and the switch's default is the browser's language, not the reader's. Written
    # as the switch's own option («Français»): Streamlit keeps it in the address, so the page
    # stays in that language when reloaded (``lang=fr`` opens in French but leaves the address).
    params = {**st.query_params.to_dict(), state.LANG: language_name(lang)}
    # The root URL: it always starts through app.py (a sub-page link can hit streamlit#9624).
    url = (st.context.url or "").split("?")[0]
    base = url[: url.index("/", url.index("//") + 2) + 1] if url.count("/") >= 3 else url
    st.code(base + ("?" + urlencode(params) if params else ""), language=None)
    st.caption(tr("export.link_help", lang))


main()
