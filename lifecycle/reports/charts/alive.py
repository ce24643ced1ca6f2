"""The value model: the chance each stage's customers are still buying."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ...locale.i18n import fmt_date, fmt_int, fmt_pct, stage_label, t
from ...model.value import by_stage, value_of
from ...vocabulary import COLORS
from .base import WIDTH, Chart, Options, chart_text

__all__ = ["value_note"]


def value_note(v, lang: str = "en") -> str:
    """What every value chart states: the fit period, the horizon, the discount rate, the margin."""
    return chart_text(
        "value.note",
        lang,
        start=fmt_date(v.fit_start, lang),
        end=fmt_date(v.fit_end, lang),
        horizon=v.horizon_months,
        discount=fmt_pct(v.discount, lang, _rate_digits(v.discount)),
        margin=fmt_pct(v.margin, lang, _rate_digits(v.margin)),
    )


def _rate_digits(x: float) -> int:
    """The decimals a rate the user typed needs in percent (2.5 % is not «2 %»), up to two."""
    return next((d for d in (0, 1) if abs(round(100 * x, d) - 100 * x) < 1e-9), 2)


def alive_chart(table: pd.DataFrame, note: str, lang: str = "en", *, width: int = WIDTH) -> alt.TopLevelMixin:
    """Per stage, the probability that the model gives a customer of still buying: the middle
    half of the stage (bar from the first to the third quartile), its median (tick) and mean
    (dot), and how many it rates likely alive."""
    data = table.assign(
        stage_label=[stage_label(s, lang) for s in table["stage"]],
        likely_label=[
            chart_text("alive.likely", lang, n=fmt_int(n, lang), of=fmt_int(c, lang))
            for n, c in zip(table["likely_alive"], table["customers"])
        ],
        mean_label=[fmt_pct(v, lang, 0) for v in table["p_alive_mean"]],
    )
    # Each row names its stage and how many the model rates likely alive: on the axis, so
    # that nothing is drawn outside the plot (a page narrower than the chart would cut it).
    data["row_label"] = [f"{a} · {b}" for a, b in zip(data["stage_label"], data["likely_label"])]
    order = list(data["row_label"])
    shown = list(table["stage"])
    y = alt.Y("row_label:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=360, minExtent=130))
    x_scale = alt.Scale(domain=[0, 1])
    tooltip = [
        alt.Tooltip("stage_label:N", title=chart_text("stage", lang)),
        alt.Tooltip("mean_label:N", title=chart_text("alive.mean", lang)),
        alt.Tooltip("likely_label:N", title=chart_text("alive.likely_title", lang)),
    ]
    base = alt.Chart(data).encode(y=y)
    band = base.mark_bar(height={"band": 0.5}, opacity=0.35, cornerRadius=2).encode(
        x=alt.X(
            "p_alive_p25:Q",
            scale=x_scale,
            title=chart_text("alive.axis", lang),
            # Five labels that never touch, 100 % kept inside the plot (a narrow slide plot ran
            # ten of them together, «0 %20 %», and lost the last).
            axis=alt.Axis(format="%", labelFontSize=12, values=[0, 0.25, 0.5, 0.75, 1], labelFlush=True),
        ),
        x2="p_alive_p75:Q",
        color=alt.Color("row_label:N", scale=alt.Scale(domain=order, range=[COLORS[x] for x in shown]), legend=None),
        tooltip=tooltip,
    )
    median = base.mark_tick(thickness=3, size=26, color="#333333").encode(x="p_alive_median:Q", tooltip=tooltip)
    mean = base.mark_point(filled=True, size=70, color="#111111").encode(x="p_alive_mean:Q", tooltip=tooltip)
    title = alt.TitleParams(
        chart_text("alive.title", lang),
        subtitle=[chart_text("alive.legend", lang), chart_text("alive.once", lang), note],
        anchor="start",
        fontSize=16,
    )
    return alt.layer(band, median, mean, width=width, height=44 * len(data), title=title)


def _draw(analysis, lang: str, o: Options) -> alt.TopLevelMixin:
    v = value_of(analysis.summary, horizon_months=o.horizon, discount=o.discount, margin=o.margin)
    return alive_chart(by_stage(v, analysis.stages), value_note(v, lang), lang, width=o.width)


def _takeaway(analysis, lang: str, o: Options) -> str:
    table = by_stage(value_of(analysis.summary), analysis.stages)
    likely = dict(zip(table["stage"], table["likely_alive"]))
    counts = dict(zip(table["stage"], table["customers"]))
    return t(
        "deck.take.alive",
        lang,
        lost=fmt_int(int(likely.get("lost", 0)), lang),
        active=fmt_int(int(counts.get("active", 0) - likely.get("active", 0)), lang),
    )


def _fits(analysis) -> None:
    value_of(analysis.summary)


# Wider on a slide: its row names take half of a slide-sized chart, and the plot was squeezed.
CHART = Chart("alive", _draw, needs=("history",), takeaway=_takeaway, slide=True, fits=_fits, slide_width=1.4)
