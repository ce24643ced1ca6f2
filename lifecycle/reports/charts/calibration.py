"""The value model checked on the past: predicted against actual purchases."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ...locale.i18n import fmt_date, fmt_int, fmt_number, fmt_pct
from ...model.value import calibration_of, value_of
from .base import WIDTH, Chart, Options, chart_text, num_axis

__all__ = ["calibration_chart"]


def calibration_chart(cal: dict, start, lang: str = "en", *, width: int = WIDTH) -> alt.TopLevelMixin:
    """Purchases per customer in the held-out months, what happened against what the model
    fitted before them predicted, by the number of repeat purchases before."""
    t_actual, t_predicted = chart_text("calib.actual", lang), chart_text("calib.predicted", lang)
    rows = []
    for r in cal["by_repeat_purchases"].itertuples(index=False):
        for what, v in ((t_actual, r.actual), (t_predicted, r.predicted)):
            rows.append(
                {
                    "group": r.repeat_purchases,
                    "what": what,
                    "value": v,
                    "value_label": fmt_number(v, lang, 2),  # purchases, not money
                    "customers": fmt_int(r.customers, lang),
                }
            )
    data = pd.DataFrame(rows)
    groups = list(cal["by_repeat_purchases"]["repeat_purchases"])
    error = cal["error"]
    subtitle = [
        chart_text(
            "calib.legend",
            lang,
            start=fmt_date(start, lang),
            end=fmt_date(cal["fit_end"], lang),
            months=cal["holdout_months"],
            error=fmt_pct(error, lang) if error is not None else "–",
        ),
        chart_text("calib.note", lang),
    ]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("group:N", sort=groups, title=chart_text("calib.x", lang), axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("what:N", sort=[t_actual, t_predicted]),
            y=alt.Y(
                "value:Q",
                title=chart_text("calib.y", lang, months=cal["holdout_months"]),
                axis=alt.Axis(**num_axis(lang)),
            ),
            color=alt.Color(
                "what:N",
                sort=[t_actual, t_predicted],
                scale=alt.Scale(range=["#4C78A8", "#F58518"]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=chart_text("calib.x", lang)),
                alt.Tooltip("what:N", title=" "),
                alt.Tooltip("value_label:N", title=chart_text("calib.y", lang, months=cal["holdout_months"])),
                alt.Tooltip("customers:N", title=chart_text("calib.customers", lang)),
            ],
        )
        .properties(
            width=width,
            height=300,
            title=alt.TitleParams(chart_text("calib.title", lang), subtitle=subtitle, anchor="start", fontSize=16),
        )
    )


def _draw(analysis, lang: str, o: Options) -> alt.TopLevelMixin:
    s = analysis.summary
    value_of(s, horizon_months=o.horizon, discount=o.discount, margin=o.margin)  # the model must fit the file
    return calibration_chart(calibration_of(s), s.first_date, lang, width=o.width)


CHART = Chart("calibration", _draw, needs=("history",))
