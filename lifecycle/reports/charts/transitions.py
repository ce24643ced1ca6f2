"""Where the customers of each stage at one date are at another."""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from ...locale.i18n import fmt_date, fmt_int, fmt_pct, stage_label, t
from ...model.history import NOT_YET, balance, transitions
from .base import WIDTH, Chart, Options, Plan, chart_text, default_bridge_start, needs_history, span, year_ago

__all__ = ["transitions_chart"]


def transitions_chart(
    matrix: pd.DataFrame, lang: str = "en", *, start=None, end=None, width: int = 520
) -> alt.TopLevelMixin:
    """A matrix of counts and row percentages: stage at the first date (rows) to the second (columns)."""
    return transitions_plan(matrix, lang, start=start, end=end, width=width).chart()


def transitions_plan(matrix: pd.DataFrame, lang: str = "en", *, start=None, end=None, width: int = 520) -> Plan:
    """``transitions_chart`` as a ``Plan``."""
    m = matrix.copy()
    totals = m.sum(axis=1)
    rows = []
    for frm in m.index:
        for to in m.columns:
            n = int(m.loc[frm, to])
            share = n / totals[frm] if totals[frm] else None
            rows.append(
                {
                    "from": chart_text("transitions.not_yet", lang) if frm == NOT_YET else stage_label(frm, lang),
                    "to": stage_label(to, lang),
                    "count": n,
                    "share": share if share is not None else 0.0,
                    "label": f"{fmt_int(n, lang)}\n{fmt_pct(share, lang, 0)}" if n else "",
                    "count_label": fmt_int(n, lang),
                    "share_label": fmt_pct(share, lang),
                    # A move towards dormant or lost is the risk: drawn in its own colour.
                    "risk": bool(to in ("dormant", "lost") and to != frm),
                }
            )
    data = pd.DataFrame(rows)
    order_from = [chart_text("transitions.not_yet", lang) if s == NOT_YET else stage_label(s, lang) for s in m.index]
    order_to = [stage_label(s, lang) for s in m.columns]
    a = fmt_date(start, lang) if start is not None else "…"
    b = fmt_date(end, lang) if end is not None else "…"
    layout = ("transitions", lang, a, b, tuple(order_from), tuple(order_to), width)
    return Plan(data, layout, functools.partial(_draw_transitions, lang, a, b, order_from, order_to, width))


def _draw_transitions(lang, a, b, order_from, order_to, width, data: pd.DataFrame) -> alt.TopLevelMixin:
    base = alt.Chart().encode(
        x=alt.X(
            "to:N",
            sort=order_to,
            title=chart_text("transitions.to", lang, date=b),
            axis=alt.Axis(orient="top", labelAngle=0, labelLimit=140, grid=False, ticks=False, domain=False),
        ),
        y=alt.Y(
            "from:N",
            sort=order_from,
            title=chart_text("transitions.from", lang, date=a),
            axis=alt.Axis(labelLimit=200, grid=False, ticks=False, domain=False),
        ),
    )
    tooltip = [
        alt.Tooltip("from:N", title=chart_text("transitions.from", lang, date=a)),
        alt.Tooltip("to:N", title=chart_text("transitions.to", lang, date=b)),
        alt.Tooltip("count_label:N", title=chart_text("funnel.count", lang)),
        alt.Tooltip("share_label:N", title=chart_text("transitions.row_share", lang)),
    ]

    def heat_of(risk: bool, scheme: str):
        return (
            base.mark_rect(stroke="white", strokeWidth=2)
            .encode(
                color=alt.condition(
                    alt.datum.count > 0,
                    alt.Color("share:Q", scale=alt.Scale(scheme=scheme, domain=[0, 1]), legend=None),
                    alt.value("#f5f5f5"),
                ),
                tooltip=tooltip,
            )
            .transform_filter(alt.datum.risk if risk else ~alt.datum.risk)
        )

    heat = alt.layer(heat_of(False, "blues"), heat_of(True, "oranges")).resolve_scale(color="independent")
    text = base.mark_text(fontSize=12, lineBreak="\n").encode(
        text="label:N",
        color=alt.condition(alt.datum.share > 0.55, alt.value("white"), alt.value("#222222")),
        tooltip=tooltip,
    )
    return alt.layer(
        heat,
        text,
        width=width,
        height=52 * len(order_from),
        title=alt.TitleParams(
            chart_text("transitions.title", lang, a=a, b=b),
            subtitle=[chart_text("transitions.risk", lang), chart_text("transitions.two_dates", lang)],
            anchor="start",
            fontSize=16,
        ),
        data=data,
    )


def _draw(analysis, lang: str, o: Options) -> Plan:
    needs_history(analysis, "transitions")
    s, d = analysis.summary, analysis.definition
    start, end = span(s, o.start, o.end)
    end_ts = pd.Timestamp(end) if end is not None else s.as_of
    if start is not None:
        start_ts = pd.Timestamp(start)
    elif end is None:  # the bridge's year: both charts of the page start on the same day
        start_ts = default_bridge_start(balance(s, d, o.period or analysis.period)["period_end"])
    else:
        start_ts = end_ts - pd.DateOffset(months=12)
    matrix = transitions(s, d, start_ts, end_ts)
    return transitions_plan(matrix, lang, start=start_ts, end=end_ts, width=o.width * 520 // WIDTH)


def _takeaway(analysis, lang: str, o: Options) -> str:
    since = year_ago(analysis)
    m = transitions(analysis.summary, analysis.definition, since, analysis.summary.as_of)
    row = m.loc["active"] if "active" in m.index else None
    again = sum(row.get(x, 0) for x in ("active", "reactivated")) if row is not None else 0
    kept = again / row.sum() if row is not None and row.sum() else None
    return t(
        "deck.take.transitions",
        lang,
        date=fmt_date(since, lang),
        share=fmt_pct(kept, lang, 0) if kept is not None else "–",
    )


CHART = Chart("transitions", _draw, needs=("history",), takeaway=_takeaway, slide=True, slide_width=1.5)
