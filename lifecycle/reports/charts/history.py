"""Customers in each client stage at the end of every period."""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from ...locale.i18n import fmt_date, fmt_int, stage_label, t
from ...model.history import stage_history
from ...vocabulary import CLIENT_STAGES
from .balance import last_year
from .base import (
    ROW_HEADER,
    WIDTH,
    Chart,
    Options,
    Plan,
    balance_notes,
    chart_text,
    date_axis,
    needs_history,
    no_loss_before,
    num_axis,
    period_start,
    shade,
    stage_scale,
    year_ago,
)

__all__ = ["history_chart"]

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
    band = shade(*span[:1], shade_until, span[1], lang)
    layers = [*band, chart]  # behind: the areas keep their colours
    return alt.layer(*layers, width=width, height=320, title=title, data=h)


def _draw(analysis, lang: str, o: Options) -> Plan:
    needs_history(analysis, "history")
    s, d = analysis.summary, analysis.definition
    period = o.period or analysis.period
    h = stage_history(s, d, period, by_segment=o.by_segment and s.has_segment)
    notes = balance_notes(s, d, lang)
    return history_plan(h, lang, period, notes=notes, shade_until=no_loss_before(s, d), width=o.width)


def _takeaway(analysis, lang: str, o: Options) -> str:
    _, words = last_year(analysis, lang)
    h = stage_history(analysis.summary, analysis.definition, analysis.period)
    active = h[h["stage"] == "active"]
    ends = pd.to_datetime(active["period_end"])
    before = active[ends <= year_ago(analysis)]["count"]
    first = int(before.iloc[-1]) if len(before) else int(active["count"].iloc[0])
    last = int(active["count"].iloc[-1])
    return t("deck.take.history", lang, first=fmt_int(first, lang), last=fmt_int(last, lang), **words)


CHART = Chart("history", _draw, needs=("history",), takeaway=_takeaway, slide=True)
