"""The one-page PDF summary, for those without PowerPoint: the three facts, the funnel, the
balance bridge and the KPIs on one A4 landscape page.

The page is one Vega-Lite composition of the app's own charts, rendered by vl-convert (which
embeds the charts' font, so the page reads the same on any machine) and scaled onto A4:
no second layout engine to keep in step with the charts.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import textwrap

import altair as alt
import pandas as pd
import vl_convert as vlc

from ..analysis import Analysis
from ..locale.i18n import t
from ..model.kpis import compute_kpis
from .charts import build_chart, chart
from .charts.facts import Facts, annotate, larger_text

# pypdf is imported by ``summary_pdf_bytes`` only, when a summary is first asked for.

__all__ = ["A4_LANDSCAPE", "MARGIN", "summary_chart", "summary_layout", "summary_pdf_bytes"]

# pypdf warns about vl-convert's trailer size (a count off by a few, harmless) on every page.
logging.getLogger("pypdf").setLevel(logging.ERROR)

A4_LANDSCAPE = (841.89, 595.28)  # points
PANEL = 420  # pixels: the funnel's and the bridge's plot width, side by side
KPI_ROWS = 11  # indicators per column of the KPI block


def _kpi_block(analysis: Analysis, lang: str) -> alt.TopLevelMixin:
    """The KPIs as text in columns of ``KPI_ROWS``: label left, value right."""
    kpis = compute_kpis(analysis.stages)
    rows = [
        {"col": i // KPI_ROWS, "row": i % KPI_ROWS, "label": k.label(lang), "value": k.formatted(lang)}
        for i, k in enumerate(kpis)
    ]
    data = pd.DataFrame(rows)
    columns = int(data["col"].max()) + 1
    col_width = min(560, (2 * PANEL + 280) // columns)
    blocks = []
    for c in range(columns):
        part = data[data["col"] == c]
        base = alt.Chart(part).encode(y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(KPI_ROWS)))))
        # Sizes before the page's enlargement (``PAGE_TEXT``): the label stops short of the value.
        label = base.mark_text(
            align="left", fontSize=11.5, color="#333333", limit=(col_width - 110) / PAGE_TEXT
        ).encode(x=alt.value(0), text="label:N")
        value = base.mark_text(align="right", fontSize=11.5, fontWeight="bold", color="#111111").encode(
            x=alt.value(col_width - 10), text="value:N"
        )
        blocks.append(alt.layer(label, value, width=col_width, height=21 * KPI_ROWS))
    return alt.hconcat(
        *blocks,
        spacing=10,
        title=alt.TitleParams(t("deck.kpis", lang), anchor="start", fontSize=16),
    )


def summary_chart(analysis: Analysis, lang: str = "en", *, exported: dt.date | None = None) -> alt.TopLevelMixin:
    """The page as one chart: the three facts over the funnel and the bridge (or the funnel
    alone, with the reason, for a file without purchase history), then the KPIs."""
    funnel = _notes_wrapped(build_chart(analysis, "funnel", lang, width=PANEL - 60))
    bridge = chart("balance")
    why = bridge.why_not(analysis, lang)
    if why is None:
        top = alt.hconcat(
            funnel,
            _notes_wrapped(build_chart(analysis, "balance", lang, width=PANEL + 100)),
            spacing=40,
            resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent")),  # each keeps its colours
        )
    else:
        top = alt.vconcat(
            funnel,
            title=alt.TitleParams(
                f"{bridge.label(lang)} — {why}", anchor="start", fontSize=12, color="#555555", orient="bottom"
            ),
        )
    body = alt.vconcat(top, _kpi_block(analysis, lang), spacing=28)
    facts = Facts.from_stages(analysis.stages, analysis.loaded.raw.file, lang, exported, analysis.segment)
    return annotate(body, facts, lang, width=2 * PANEL + 140)


def _notes_wrapped(chart, chars: int = PANEL // 7):
    """The chart with its notes wrapped to its own width (a long note widened the page); the
    page keeps the first note (the colours) and leaves the rest to the app and the deck."""
    title = chart.title  # read as it is: ``to_dict`` would copy and validate the whole chart
    title = title.to_dict(validate=False) if isinstance(title, alt.SchemaBase) else title
    if isinstance(title, dict) and title.get("subtitle"):
        lines = [title["subtitle"]] if isinstance(title["subtitle"], str) else title["subtitle"]
        title["subtitle"] = textwrap.wrap(lines[0], chars)
        chart = chart.properties(title=alt.TitleParams(**title))
    return chart


_SIZE = re.compile(r'<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"')


MARGIN = 28.35  # points: 1 cm on every side of the page
PAGE_TEXT, PAGE_MIN_FONT = 1.3, 16.5  # the page's texts, larger: at least 9 pt once on A4


def summary_layout(analysis: Analysis, lang: str = "en", *, exported: dt.date | None = None) -> tuple[dict, float]:
    """The page's spec, padded to A4's proportions with even margins, and the points per
    pixel at which it lands on the page."""
    spec = summary_chart(analysis, lang, exported=exported).to_dict(validate=False)  # validated by the tests
    larger_text(spec, PAGE_TEXT, PAGE_MIN_FONT)
    spec["padding"] = 0
    w, h = (float(x) for x in _SIZE.search(vlc.vegalite_to_svg(spec)).groups())
    page_w, page_h = A4_LANDSCAPE
    scale = min((page_w - 2 * MARGIN) / w, (page_h - 2 * MARGIN) / h)
    # The drawing in the middle of the page: the same margin left and right, top and bottom.
    side, top = (page_w / scale - w) / 2, (page_h / scale - h) / 2
    spec["padding"] = {"left": side, "right": side, "top": top, "bottom": top}
    return spec, scale


def summary_pdf_bytes(analysis: Analysis, lang: str = "en", *, exported: dt.date | None = None) -> bytes:
    """The one-page summary as PDF bytes, on an A4 landscape page."""
    from pypdf import PdfWriter  # imported only for a summary

    spec, _ = summary_layout(analysis, lang, exported=exported)
    # vl-convert draws a PDF at the chart's own size: the page is scaled onto A4.
    writer = PdfWriter(clone_from=io.BytesIO(vlc.vegalite_to_pdf(spec)))
    writer.pages[0].scale_to(*A4_LANDSCAPE)
    writer.add_metadata({"/Title": t("deck.title", lang, file=analysis.loaded.raw.file), "/Producer": "lifecycle"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
