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

import altair as alt
import pandas as pd
import vl_convert as vlc

from .analysis import Analysis
from .charts import Facts, annotate
from .export import build_chart
from .i18n import t
from .kpis import compute_kpis

__all__ = ["A4_LANDSCAPE", "summary_chart", "summary_pdf_bytes"]

# pypdf warns about vl-convert's trailer size (a count off by a few, harmless) on every page.
logging.getLogger("pypdf").setLevel(logging.ERROR)

A4_LANDSCAPE = (841.89, 595.28)  # points
PANEL = 500  # pixels: the funnel's and the bridge's plot width, side by side
KPI_ROWS = 12  # indicators per column of the KPI block


def _kpi_block(analysis: Analysis, lang: str) -> alt.TopLevelMixin:
    """The KPIs as text in columns of ``KPI_ROWS``: label left, value right."""
    kpis = compute_kpis(analysis.stages)
    rows = [
        {"col": i // KPI_ROWS, "row": i % KPI_ROWS, "label": k.label(lang), "value": k.formatted(lang)}
        for i, k in enumerate(kpis)
    ]
    data = pd.DataFrame(rows)
    columns = int(data["col"].max()) + 1
    col_width = min(520, (2 * PANEL + 160) // columns)
    blocks = []
    for c in range(columns):
        part = data[data["col"] == c]
        base = alt.Chart(part).encode(y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(KPI_ROWS)))))
        label = base.mark_text(align="left", fontSize=11.5, color="#333333", limit=col_width - 110).encode(
            x=alt.value(0), text="label:N"
        )
        value = base.mark_text(align="right", fontSize=11.5, fontWeight="bold", color="#111111").encode(
            x=alt.value(col_width - 20), text="value:N"
        )
        blocks.append(alt.layer(label, value, width=col_width, height=19 * KPI_ROWS))
    return alt.hconcat(
        *blocks,
        spacing=10,
        title=alt.TitleParams(t("deck.kpis", lang), anchor="start", fontSize=16),
    )


def summary_chart(analysis: Analysis, lang: str = "en", *, exported: dt.date | None = None) -> alt.TopLevelMixin:
    """The page as one chart: the three facts over the funnel and the bridge (or the funnel
    alone, with the reason, for a file without purchase history), then the KPIs."""
    s = analysis.summary
    funnel = build_chart(analysis, "funnel", lang, width=PANEL)
    if s.has_history:
        top = alt.hconcat(
            funnel,
            build_chart(analysis, "balance", lang, width=PANEL),
            spacing=40,
            resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent")),  # each keeps its colours
        )
    else:
        why = t("ui.chart.balance", lang) + " — " + t("unavailable.history", lang)
        top = alt.vconcat(
            funnel, title=alt.TitleParams(why, anchor="start", fontSize=12, color="#555555", orient="bottom")
        )
    body = alt.vconcat(top, _kpi_block(analysis, lang), spacing=28)
    facts = Facts.from_stages(analysis.stages, analysis.loaded.raw.file, lang, exported, analysis.segment)
    return annotate(body, facts, lang, width=2 * PANEL + 140)


_SIZE = re.compile(r'<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"')


def summary_pdf_bytes(analysis: Analysis, lang: str = "en", *, exported: dt.date | None = None) -> bytes:
    """The one-page summary as PDF bytes, on an A4 landscape page."""
    from pypdf import PdfWriter  # imported only for a summary

    spec = summary_chart(analysis, lang, exported=exported).to_dict()
    # Measure the drawing, pad it to A4's proportions (the margin goes right and below), then
    # scale the page onto A4: vl-convert draws a PDF at the chart's own size.
    w, h = (float(x) for x in _SIZE.search(vlc.vegalite_to_svg(spec)).groups())
    page_w, page_h = A4_LANDSCAPE
    target_w = max(w, h * page_w / page_h)
    target_h = target_w * page_h / page_w
    pad = spec.get("padding", 5)
    pad = dict(pad) if isinstance(pad, dict) else {side: pad for side in ("left", "right", "top", "bottom")}
    pad["left"] = pad.get("left", 0) + (target_w - w) / 2
    pad["right"] = pad.get("right", 0) + (target_w - w) / 2
    pad["bottom"] = pad.get("bottom", 0) + target_h - h
    spec["padding"] = pad
    writer = PdfWriter(clone_from=io.BytesIO(vlc.vegalite_to_pdf(spec)))
    writer.pages[0].scale_to(page_w, page_h)
    writer.add_metadata({"/Title": t("deck.title", lang, file=analysis.loaded.raw.file), "/Producer": "lifecycle"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
