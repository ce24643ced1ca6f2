"""The balance's flows period by period: new, won back and lost clients."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ...locale.i18n import fmt_date, fmt_int, fmt_number, t
from ...model.history import balance
from ...vocabulary import FLOW_COLORS, FLOWS
from .balance import last_year
from .base import (
    ROW_HEADER,
    TIME_UNIT,
    WIDTH,
    Chart,
    Options,
    balance_notes,
    chart_text,
    needs_history,
    no_loss_before,
    num_axis,
    period_start,
    period_x,
    shade,
)

__all__ = ["balance_flows_chart"]


def _flows_frame(balance: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = []
    for r in balance.itertuples():
        for flow, sign in (("new", 1), ("won_back", 1), ("lost", -1)):
            value = int(getattr(r, flow))
            rows.append(
                {
                    "period_end": pd.Timestamp(r.period_end),
                    "period_label": fmt_date(r.period_end, lang),
                    "flow": flow,
                    "flow_label": t(f"flow.{flow}", lang),
                    "value": sign * value,
                    "value_label": ("+" if sign > 0 else "−") + fmt_int(value, lang),
                    "segment": getattr(r, "segment", ""),
                }
            )
    return pd.DataFrame(rows)


def balance_flows_chart(
    balance: pd.DataFrame,
    lang: str = "en",
    period: str = "month",
    *,
    width: int = WIDTH,
    notes: tuple[str, ...] = (),
    shade_until: pd.Timestamp | None = None,
) -> alt.TopLevelMixin:
    """New and won-back clients (up) against lost ones (down) per period, with the quick ratio."""
    data = _flows_frame(balance, lang)
    labels = [t(f"flow.{f}", lang) for f in FLOWS]
    scale = alt.Scale(domain=labels, range=[FLOW_COLORS[f] for f in FLOWS])
    tooltip = [
        alt.Tooltip("period_label:N", title=chart_text("flows.period", lang)),
        alt.Tooltip("flow_label:N", title=chart_text("flows.flow", lang)),
        alt.Tooltip("value_label:N", title=chart_text("flows.count", lang)),
    ]
    has_segment = "segment" in balance.columns
    if has_segment:
        tooltip.insert(0, alt.Tooltip("segment:N", title=chart_text("segment", lang)))
    bars = (
        alt.Chart(data)
        .mark_bar(width={"band": 0.8})
        .encode(
            x=period_x(period, lang, balance["period_end"], width),
            y=alt.Y("sum(value):Q", title=chart_text("flows.count", lang), axis=alt.Axis(**num_axis(lang))),
            color=alt.Color("flow_label:N", scale=scale, title=None, legend=alt.Legend(orient="top")),
            tooltip=tooltip,
        )
    )
    q = balance.copy()
    q["period_end"] = pd.to_datetime(q["period_end"])
    q["quick_label"] = [("–" if v is None or v != v else fmt_number(v, lang, 2)) for v in q["quick_ratio"]]
    q["period_label"] = [fmt_date(d, lang) for d in q["period_end"]]
    q["line"] = chart_text("flows.quick_legend", lang)
    # A period without a loss has no ratio: the line breaks there rather than join its
    # neighbours across it (a straight line would read as a ratio the period never had).
    # Before the first loss there is nothing to draw.
    q = q[q["quick_ratio"].notna().cummax()]
    title = alt.TitleParams(
        chart_text("flows.title", lang, period=t(f"period.{period}", lang)),
        subtitle=[chart_text("flows.quick_note", lang), *notes],
        anchor="start",
        fontSize=16,
    )
    if has_segment:
        return (
            bars.properties(width=width, height=140)
            .facet(row=alt.Row("segment:N", title=None, header=ROW_HEADER))
            .properties(title=title)
        )
    top = max(2.0, float(q["quick_ratio"].max()) * 1.1) if len(q) else 2.0
    # Round joins: a sharp turn of the dashed line (up to one month, down the next) draws no
    # spike past its point.
    ratio_axis = {"format": ".1~f"}  # «1,5» in French: the chart's locale
    line = (
        alt.Chart(q)
        .mark_line(point=True, color="#333333", strokeJoin="round", invalid="break-paths-filter-domains")
        .encode(
            x=alt.X(f"{TIME_UNIT.get(period, 'yearmonth')}(period_end):T", bandPosition=0.5),
            strokeDash=alt.StrokeDash(
                "line:N",
                scale=alt.Scale(range=[[4, 3]]),
                legend=alt.Legend(orient="top", title=None, symbolType="stroke", symbolStrokeWidth=2, labelLimit=0),
            ),
            y=alt.Y(
                "quick_ratio:Q",
                title=chart_text("flows.quick", lang),
                scale=alt.Scale(domain=[0, top]),
                axis=alt.Axis(orient="right", titleColor="#333333", **ratio_axis),
            ),
            tooltip=[
                alt.Tooltip("period_label:N", title=chart_text("flows.period", lang)),
                alt.Tooltip("quick_label:N", title=chart_text("flows.quick", lang)),
            ],
        )
    )
    ends = pd.to_datetime(balance["period_end"])
    band = shade(period_start(ends.min(), period), shade_until, ends.max(), lang)
    # No loss yet, no ratio: the line and its axis only when there is a ratio to draw.
    layers = [*band, bars]
    if len(q):
        layers.append(line)
    chart = alt.layer(*layers)
    if len(q):
        chart = chart.resolve_scale(y="independent")
    return chart.properties(width=width, height=320, title=title)


def _draw(analysis, lang: str, o: Options) -> alt.TopLevelMixin:
    needs_history(analysis, "flows")
    s, d = analysis.summary, analysis.definition
    period = o.period or analysis.period
    b = balance(s, d, period, by_segment=o.by_segment and s.has_segment)
    notes = balance_notes(s, d, lang)
    return balance_flows_chart(b, lang, period, notes=notes, shade_until=no_loss_before(s, d), width=o.width)


def _takeaway(analysis, lang: str, o: Options) -> str:
    last, words = last_year(analysis, lang)
    more_lost = int((last["lost"] > last["new"]).sum())
    units = t(f"deck.unit.{analysis.period}", lang)
    if more_lost == 0:  # «in 0 of the 12 months»: said the other way round
        return t("deck.take.flows_none", lang, of=len(last), units=units, **words)
    return t("deck.take.flows", lang, n=more_lost, of=len(last), units=units, **words)


CHART = Chart("flows", _draw, needs=("history",), takeaway=_takeaway, slide=True, client_status_only=True)
