"""The gaps between purchases, with the thresholds the definition uses."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ...definition import Definition
from ...locale.i18n import fmt_int, fmt_plain
from ...model.summary import Summary
from ...model.thresholds import DAYS_PER_MONTH, purchase_gaps
from ...vocabulary import COLORS
from .base import WIDTH, Chart, Options, chart_text, num_axis

__all__ = ["thresholds_chart"]


def thresholds_chart(
    summary: Summary, definition: Definition, lang: str = "en", *, width: int = WIDTH
) -> alt.TopLevelMixin:
    """The distribution of gaps between consecutive purchases, with the thresholds drawn on it."""
    gaps = purchase_gaps(summary) / DAYS_PER_MONTH
    title = alt.TitleParams(chart_text("gaps.title", lang), anchor="start", fontSize=16)
    if len(gaps) == 0:
        return (
            alt.Chart(pd.DataFrame({"t": [chart_text("gaps.none", lang)]}))
            .mark_text(fontSize=14)
            .encode(text="t:N")
            .properties(width=width, height=120, title=title)
        )
    top = max(float(np.percentile(gaps, 99)), definition.client_months + 1)
    edges = np.arange(0, np.ceil(top) + 0.5, 0.5)
    counts, _ = np.histogram(np.minimum(gaps, edges[-1] - 1e-9), bins=edges)
    hist = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "count": counts})
    hist["count_label"] = [fmt_int(c, lang) for c in hist["count"]]
    hist["range"] = [f"{fmt_plain(a, lang)} – {fmt_plain(b, lang)}" for a, b in zip(hist["start"], hist["end"])]
    bars = (
        alt.Chart(hist)
        .mark_bar(color="#999999")
        .encode(
            x=alt.X("start:Q", bin="binned", title=chart_text("gaps.months", lang)),
            x2="end:Q",
            y=alt.Y("count:Q", title=chart_text("gaps.count", lang), axis=alt.Axis(**num_axis(lang))),
            tooltip=[
                alt.Tooltip("range:N", title=chart_text("gaps.months", lang)),
                alt.Tooltip("count_label:N", title=chart_text("gaps.count", lang)),
            ],
        )
    )
    rules = pd.DataFrame(
        [
            {
                "months": definition.new_months,
                "label": chart_text("thr.new", lang, n=definition.new_months),
                "stage": "new",
                "dy": 4,
            },
            {
                "months": definition.active_months,
                "label": chart_text("thr.active", lang, n=definition.active_months),
                "stage": "active",
                "dy": 22,
            },
            {
                "months": definition.client_months,
                "label": chart_text("thr.client", lang, n=definition.client_months),
                "stage": "lost",
                "dy": 40,
            },
        ]
    )
    scale = alt.Scale(domain=["new", "active", "lost"], range=[COLORS["new"], COLORS["active"], COLORS["lost"]])
    rule = (
        alt.Chart(rules)
        .mark_rule(strokeWidth=2.5)
        .encode(
            x="months:Q",
            color=alt.Color("stage:N", scale=scale, legend=None),
            tooltip=[alt.Tooltip("label:N", title=" ")],
        )
    )
    rules["right"] = rules["months"] > 0.7 * edges[-1]
    labels = [
        alt.Chart(rules[rules["right"] == side])
        .mark_text(align=align, dx=dx, baseline="top", fontSize=12, fontWeight="bold")
        .encode(
            x="months:Q",
            y=alt.Y("dy:Q", scale=None),
            text="label:N",
            color=alt.Color("stage:N", scale=scale, legend=None),
        )
        for side, align, dx in ((False, "left", 4), (True, "right", -4))
    ]
    return alt.layer(bars, rule, *labels, width=width, height=300, title=title)


def _draw(analysis, lang: str, o: Options) -> alt.TopLevelMixin:
    return thresholds_chart(analysis.summary, analysis.definition, lang, width=o.width)


CHART = Chart("thresholds", _draw)
