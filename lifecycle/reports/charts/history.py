"""Customers in each client stage at the end of every period."""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from ...locale.i18n import fmt_date, fmt_int, stage_label, t
from ...vocabulary import CLIENT_STAGES
from .base import ROW_HEADER, WIDTH, Plan, chart_text, date_axis, num_axis, period_start, shade, stage_scale

_HISTORY_STAGES = list(CLIENT_STAGES)


def history_chart(
    history: pd.DataFrame,
    lang: str = "en",
    period: str = "month",
    *,
    width: int = WIDTH,
    notes: tuple[str, ...] = (),
    shade_until: pd.Timestamp | None = None,
) -> alt.TopLevelMixin:
    """Client counts by stage at each period end, stacked (lost customers are not clients)."""
    return history_plan(history, lang, period, width=width, notes=notes, shade_until=shade_until).chart()


def history_plan(
    history: pd.DataFrame,
    lang: str = "en",
    period: str = "month",
    *,
    width: int = WIDTH,
    notes: tuple[str, ...] = (),
    shade_until: pd.Timestamp | None = None,
) -> Plan:
    """``history_chart`` as a ``Plan``."""
    h = history[history["stage"].isin(_HISTORY_STAGES)].copy()
    h["period_end"] = pd.to_datetime(h["period_end"])
    h["stage_label"] = [stage_label(s, lang) for s in h["stage"]]
    h["order"] = h["stage"].map({s: i for i, s in enumerate(_HISTORY_STAGES)})
    h["count_label"] = [fmt_int(v, lang) for v in h["count"]]
    h["period_label"] = [fmt_date(d, lang) for d in h["period_end"]]
    by_segment = "segment" in h.columns
    span = (None, None) if by_segment else (period_start(h["period_end"].min(), period), h["period_end"].max())
    layout = ("history", lang, period, width, tuple(notes), shade_until, *span, by_segment)
    return Plan(h, layout, functools.partial(_draw_history, lang, period, width, tuple(notes), shade_until, span))


def _draw_history(lang, period, width, notes, shade_until, span, h: pd.DataFrame) -> alt.TopLevelMixin:
    tooltip = [
        alt.Tooltip("period_label:N", title=chart_text("flows.period", lang)),
        alt.Tooltip("stage_label:N", title=chart_text("stage", lang)),
        alt.Tooltip("count_label:N", title=chart_text("funnel.count", lang)),
    ]
    by_segment = "segment" in h.columns
    if by_segment:
        tooltip.insert(0, alt.Tooltip("segment:N", title=chart_text("segment", lang)))
    chart = (
        alt.Chart()
        .mark_area(opacity=0.9)
        .encode(
            x=alt.X("period_end:T", title=None, axis=alt.Axis(**date_axis(lang), labelAngle=0)),
            y=alt.Y("count:Q", stack="zero", title=chart_text("bridge.clients", lang), axis=alt.Axis(**num_axis(lang))),
            color=alt.Color(
                "stage_label:N", scale=stage_scale(_HISTORY_STAGES, lang), title=None, legend=alt.Legend(orient="top")
            ),
            order=alt.Order("order:Q"),
            tooltip=tooltip,
        )
    )
    title = alt.TitleParams(
        chart_text("history.title", lang, period=t(f"period.{period}", lang)),
        subtitle=[chart_text("history.note", lang), *notes],
        anchor="start",
        fontSize=16,
    )
    if by_segment:
        return (
            chart.properties(width=width, height=150)
            .facet(row=alt.Row("segment:N", title=None, header=ROW_HEADER), data=h)
            .properties(title=title)
        )
    band = shade(*span[:1], shade_until, span[1])
    layers = [band, chart] if band is not None else [chart]  # behind: the areas keep their colours
    return alt.layer(*layers, width=width, height=320, title=title, data=h)
