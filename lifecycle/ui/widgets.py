"""Shared widgets: the page context with its errors, the three facts, anonymised tables, charts."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ..analysis import Analysis
from ..errors import LifecycleError
from ..locale.formats import currency, vega_locale
from ..locale.i18n import fmt_date, fmt_int, languages, stage_label, t
from ..model.stages import STAGE_CODE
from ..model.value import save_first
from ..reports.charts import chart_inputs, plan_or_chart
from ..reports.charts.base import Plan, live_spec, styled_spec, wrap_subtitles
from ..reports.customers import csv_text, customers_csv, customers_frame, customers_shown
from ..reports.deck import deck_bytes
from ..reports.export import annotated_chart, chart_bytes
from ..reports.summary_pdf import summary_pdf_bytes
from ..reports.tables import figure_columns, pseudonyms
from ..reports.workbook import workbook_bytes
from . import data, state
from .texts import plain, tr

# Streamlit's Arrow conversion is imported by the one function that turns a chart's tables into
# the bytes the chart element sends.

__all__ = [
    "anonymise",
    "chart",
    "context",
    "customers_file",
    "date_input",
    "deck_file",
    "export_preview",
    "facts",
    "figures",
    "file_uploader",
    "save_first_file",
    "show_error",
    "stage_file",
    "stage_listing",
    "summary_file",
    "table_file",
    "workbook_file",
]

_log = logging.getLogger("lifecycle.ui")


@dataclass(frozen=True, eq=False)
class Context:
    lang: str
    current: data.Current
    analysis: Analysis


def show_error(exc: Exception, lang: str, what: str) -> None:
    """A plain message for the user; never a traceback (and no customer data in the log)."""
    if isinstance(exc, LifecycleError):
        st.error(plain(exc.message(lang)))  # it names the file, a sheet, a column, a value
    else:
        _log.error("unexpected %s while processing a file", type(exc).__name__)  # no name in the log
        st.error(tr("error.unexpected", lang, what=plain(what)))


def context() -> Context:
    """Everything a page needs, or an error shown in the page and the script stopped."""
    lang = state.lang()
    try:
        cur = data.current()
    except Exception as exc:  # every failure becomes a message
        show_error(exc, lang, data.source_name())
        st.stop()
    try:
        definition = state.definition()
    except LifecycleError as exc:
        st.error(plain(exc.message(lang)))
        st.info(tr("error.fix_thresholds", lang))
        st.stop()
    try:
        segment = st.session_state.get(state.SEGMENT) or None
        if segment in {tr("side.all", other) for other in languages()}:
            segment = None
        a = data.analysis(cur, definition, segment, st.session_state.get(state.PERIOD, "month"))
    except Exception as exc:
        show_error(exc, lang, data.source_name())
        st.stop()
    return Context(lang, cur, a)


def _css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def file_uploader(where, label: str, kinds: str, types: list[str], box: str, lang: str, **options) -> None:
    """``where.file_uploader`` with its button and its limit written in the page's language.

    Streamlit writes both in English and takes no other words for them (its issue #13500): a
    style sheet scoped to a container around this uploader shrinks its words to nothing and
    shows ours after them. ``kinds``: the files taken, in words («Excel, CSV ou Parquet»);
    ``box``: the container's key, letters and dashes (it names the container's CSS class).
    Should Streamlit's markup change, its English words show again: a browser test reads ours."""
    size = fmt_int(st.get_option("server.maxUploadSize"), lang)
    button = f".st-key-{box} [data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p"
    limit = f".st-key-{box} [data-testid=stFileUploaderDropzoneInstructions] span"
    css = " ".join(
        f"{rule} {{font-size: 0}} {rule}::after {{content: {_css_text(words)}; font-size: 0.875rem}}"
        for rule, words in (
            (button, tr("upload.button", lang)),
            (limit, tr("upload.limit", lang, kinds=kinds, size=size)),
        )
    )
    box_ = where.container(key=box)
    box_.html(f"<style>{css}</style>")
    box_.file_uploader(label, type=types, **options)


def date_input(where, label: str, box: str, lang: str, **options) -> None:
    """``where.date_input`` whose empty field shows the day, month and year in the page's
    language («jj / mm / aaaa»): Streamlit writes them in English whatever the format. Done
    as ``file_uploader`` does: a style sheet scoped to a container around the field hides the
    English letters of an empty part and shows ours in their place."""
    part = f".st-key-{box} [data-testid=stDateInputField] [data-placeholder=true][data-type={{}}]"
    css = " ".join(
        f"{part.format(kind)} {{font-size: 0}} {part.format(kind)}::after "
        f"{{content: {_css_text(words)}; font-size: 14px}}"
        for kind, words in (
            ("day", tr("date.day", lang)),
            ("month", tr("date.month", lang)),
            ("year", tr("date.year", lang)),
        )
    )
    box_ = where.container(key=box)
    box_.html(f"<style>{css}</style>")
    box_.date_input(label, **options)


def facts(ctx: Context) -> None:
    """The three facts every life-cycle view states, in large type."""
    lang, a = ctx.lang, ctx.analysis
    s = a.summary
    c1, c2, c3 = st.columns([1, 1.3, 2.7])
    c1.metric(tr("facts.clients", lang), fmt_int(a.stages.clients_total, lang))
    period = tr("facts.period_value", lang, a=fmt_date(s.first_date, lang), b=fmt_date(s.last_date, lang))
    c2.markdown(
        f"<div style='font-size:0.875rem'>{tr('facts.period', lang)}</div>"
        f"<div style='font-size:1.45rem;line-height:1.3'>{period}</div>"
        f"<div style='font-size:0.875rem;color:#555'>{tr('facts.as_of', lang, c=fmt_date(s.as_of, lang))}</div>",
        unsafe_allow_html=True,
    )
    c3.markdown(f"**{tr('facts.definition', lang)}**  \n{a.definition.text(lang, s.as_of)}")
    if a.segment:
        st.info(tr("facts.segment", lang, segment=plain(a.segment)))


def anonymise(frame: pd.DataFrame, id_columns: list[str], hide_columns: list[str], summary) -> pd.DataFrame:
    """For display: ids replaced by pseudonyms and names/emails hidden when the switch is on;
    missing values shown blank. The pseudonyms are those of the file's ``summary``
    (``tables.pseudonyms``): the same customer has the same one on every page and in the deck."""
    out = frame.astype(object).where(frame.notna(), "")
    if not st.session_state.get(state.ANON):
        return out
    for col in id_columns:
        if col in out:
            out[col] = pseudonyms(summary, frame[col])
    for col in hide_columns:
        if col in out:
            out[col] = "•••"
    return out


def stage_listing(ctx: Context, stage: str, limit: int = 1000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first ``limit`` customers of ``stage`` and the same as shown (anonymised when the
    switch is on); built again only when who is in the stage changes, not on every slider move."""
    lang, a = ctx.lang, ctx.analysis
    members = hashlib.blake2b((a.stages.codes == STAGE_CODE[stage]).tobytes(), digest_size=16).hexdigest()
    anonymous = bool(st.session_state.get(state.ANON))
    key = f"{ctx.current.key}|{a.segment}|{lang}|{currency()}|{stage}|{members}|{anonymous}|{limit}"

    def build() -> tuple[pd.DataFrame, pd.DataFrame]:
        listing = customers_frame(a, lang, stage=stage, limit=limit)
        private = [c for c in listing.columns if c in (t("export.name", lang), t("export.email", lang))]
        shown = anonymise(listing, [listing.columns[0]], private, a.summary)
        return listing, customers_shown(shown, lang)

    return data.memo("listing", key, build)


_MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def figures(frame: pd.DataFrame, config: dict | None = None) -> dict:
    """The column settings of a table of figures written out as text: ``config`` with each
    figure column on the right (Streamlit aligns text on the left, numbers on the right)."""
    out = dict(config or {})
    for column in figure_columns(frame):
        out[column] = {**(out.get(column) or st.column_config.Column()), "alignment": "right"}
    return out


def chart(ctx: Context, name: str, *, wait: str | None = None, **options) -> None:
    """Draw one of the engine's charts as this page shows it, remember how (the Export page
    exports the same chart), and offer it annotated with the three facts. ``wait`` is what
    a spinner says while the chart is computed (not when it was kept)."""
    lang, a = ctx.lang, ctx.analysis
    views = st.session_state.setdefault(state.VIEWS, {})
    views[name] = options
    try:
        # Kept per file, segment and what the chart depends on: a slider that does not change
        # a chart (the balance under the active threshold) does not rebuild it.
        key = f"{ctx.current.key}|{a.segment}|{lang}|{currency()}|{chart_inputs(a, name, options)}"
        spec = data.memo("chart", key, lambda: _spec(a, name, lang, options), keep=12, wait=wait)
    except Exception as exc:
        show_error(exc, lang, name)
        return
    st.vega_lite_chart(spec=spec, width="stretch", key=f"chart.{name}")
    downloads(ctx, name, options)


def export_preview(ctx: Context, name: str, options: dict):
    """The annotated chart the Export page previews and downloads, and its spec as sent: built
    once per view, not on every rerun (Streamlit's conversion of an Altair chart validates
    and copies it each time, about 0.2 s a run)."""
    a = ctx.analysis

    def build():
        annotated = annotated_chart(a, name, ctx.lang, **options)
        return annotated, _with_arrow_tables(annotated.to_dict(validate=False))

    return data.memo("export.preview", data.view_key(ctx, name, sorted(options.items())), build, keep=4)


def _spec(a: Analysis, name: str, lang: str, options: dict) -> dict:
    drawn = plan_or_chart(a, name, lang, **options)
    if isinstance(drawn, Plan):  # drawn by Altair once per layout in this session, then only its data swapped
        spec = live_spec(drawn, data.templates())
    else:
        spec = styled_spec(drawn)
    spec.setdefault("config", {})["locale"] = vega_locale(lang)  # axes and tooltips in the reader's language
    return _with_arrow_tables(wrap_subtitles(spec))


def _with_arrow_tables(spec: dict) -> dict:
    """The spec with its tables already as the Arrow bytes ``st.vega_lite_chart`` sends (it
    passes bytes through): kept with the spec, a chart a slider does not change costs no
    conversion on a rerun (3–4 ms a chart, five charts on the Balance page)."""
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes

    if not spec.get("datasets"):
        return spec
    tables = {k: v if isinstance(v, bytes) else convert_anything_to_arrow_bytes(v) for k, v in spec["datasets"].items()}
    return {**spec, "datasets": tables}


def downloads(ctx: Context, name: str, options: dict) -> None:
    """PNG, SVG and PDF of the annotated chart, built only when clicked."""
    lang, a = ctx.lang, ctx.analysis
    stem = a.loaded.raw.file.rsplit(".", 1)[0]
    box = st.popover(tr("export.download_chart", lang), icon=":material/download:")
    box.caption(tr("export.annotated", lang))
    for fmt in ("png", "svg", "pdf"):
        box.download_button(
            fmt.upper(),
            data=data.on_click(f"chart.{name}.{fmt}", chart_file, a, name, lang, options, fmt),
            file_name=f"{stem}_{name}_{lang}.{fmt}",
            mime=_MIME[fmt],
            key=f"download.{name}.{fmt}",
            icon=":material/download:",
            width="stretch",
        )


# What download buttons build when clicked (``data.on_click``): module-level, so that the
# callable Streamlit keeps holds no page's variables.


def chart_file(a: Analysis, name: str, lang: str, options: dict, fmt: str) -> bytes:
    return chart_bytes(annotated_chart(a, name, lang, **options), fmt)


def customers_file(a: Analysis, lang: str, model=None) -> bytes:
    return customers_csv(a, lang, model).encode("utf-8-sig")


def deck_file(a: Analysis, lang: str, whatif: dict | None = None, anonymous: bool = False) -> bytes:

    return deck_bytes(a, lang, whatif=whatif, anonymous=anonymous)


def summary_file(a: Analysis, lang: str) -> bytes:

    return summary_pdf_bytes(a, lang)


def workbook_file(a: Analysis, lang: str, model=None) -> bytes:
    return workbook_bytes(a, lang, model=model)


def save_first_file(v, a: Analysis, lang: str) -> str:
    """The save-first list of the Value page as CSV (real ids: a campaign needs the customers)."""

    first = save_first(v, a.stages, a.summary, 1000)
    first["stage"] = [stage_label(x, lang) for x in first["stage"]]
    headings = {c: tr(f"value.col.{c}", lang) for c in first.columns}  # every name of value.COLUMNS
    return table_file(first.rename(columns=headings), lang)


def stage_file(a: Analysis, lang: str, stage: str) -> str:
    """The customers of one stage as CSV, real ids (a campaign needs the customers)."""
    return table_file(customers_frame(a, lang, stage=stage), lang)


def table_file(frame: pd.DataFrame, lang: str = "en") -> str:
    """A table as CSV in the reader's language (``csv_text``), with the byte-order mark a
    spreadsheet needs to read its accents as UTF-8."""
    return "\ufeff" + csv_text(frame, lang)
