"""Files to hand over: annotated charts (PNG at 2x, SVG, PDF), the Excel workbook, the
customers CSV for a CRM import, and the definitions card (Markdown).

Every exported chart states the definition, the total number of clients and the period,
with the source file and the export date. Every text cell that would start a formula
(``=``, ``+``, ``-``, ``@``, tab, CR) is written as text, never as a formula."""

from __future__ import annotations

import datetime as dt

import altair as alt
import vl_convert as vlc

from ..analysis import Analysis
from ..errors import LifecycleError
from ..model.value import value_of
from ..vocabulary import CHART_FORMATS, FORMATS
from .card import definitions_card
from .charts import build_chart
from .charts.base import WIDTH
from .charts.facts import Facts, annotate
from .customers import customers_csv
from .deck import deck_bytes
from .summary_pdf import summary_pdf_bytes
from .workbook import workbook_bytes

__all__ = ["annotated_chart", "chart_bytes", "export"]


def chart_bytes(chart: alt.TopLevelMixin, fmt: str, *, scale: float = 2) -> bytes:
    """The chart as PNG (``scale`` times its size: 2x by default), SVG or PDF bytes, rendered by
    vl-convert. Not validated against Vega-Lite's schema again here (a fifth of an export's
    time): the tests validate every chart's annotated spec."""
    spec = chart.to_dict(validate=False)
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=scale)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    if fmt == "pdf":
        return vlc.vegalite_to_pdf(spec)
    raise LifecycleError.of("error.chart_format", fmt=fmt)


def annotated_chart(
    analysis: Analysis,
    name: str,
    lang: str = "en",
    *,
    exported: dt.date | None = None,
    width: int = WIDTH,
    **options,
):
    facts = Facts.from_stages(analysis.stages, analysis.loaded.raw.file, lang, exported, analysis.segment)
    return annotate(build_chart(analysis, name, lang, width=width, **options), facts, lang, width=width)


def export(
    analysis: Analysis,
    fmt: str,
    lang: str = "en",
    *,
    chart: str = "funnel",
    exported: dt.date | None = None,
    with_value: bool = False,
    anonymous: bool = False,
    **options,
) -> bytes:
    """The bytes of one export: an annotated chart (png/svg/pdf), the workbook, the CSV or the
    card; ``with_value`` adds the value model's columns to the customers (workbook, CSV);
    ``anonymous`` puts pseudonyms for the customers in a deck (the charts name nobody)."""
    if fmt in CHART_FORMATS:
        return chart_bytes(annotated_chart(analysis, chart, lang, exported=exported, **options), fmt)
    model = None
    if with_value and fmt in ("xlsx", "csv"):
        model = value_of(analysis.summary)
    if fmt == "xlsx":
        return workbook_bytes(analysis, lang, exported=exported, model=model)
    if fmt == "csv":
        return customers_csv(analysis, lang, model).encode("utf-8-sig")  # BOM: Excel opens accents right
    if fmt == "md":
        return definitions_card(analysis, lang).encode("utf-8")
    if fmt == "summary":
        return summary_pdf_bytes(analysis, lang, exported=exported)
    if fmt == "pptx":
        whatif = {k: options[k] for k in ("b_new", "b_active", "b_client") if options.get(k) is not None}
        return deck_bytes(analysis, lang, exported=exported, whatif=whatif or None, anonymous=anonymous)
    raise LifecycleError.of("error.format", fmt=fmt, formats=", ".join(FORMATS))
