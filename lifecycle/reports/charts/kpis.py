"""The four indicators over time, month by month or half-year by half-year."""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from ...locale.i18n import fmt_date, fmt_int, fmt_money, fmt_number, fmt_pct, t
from ...model.kpis import SERIES_PERIODS, kpi_series
from ...vocabulary import COLORS
from .balance import last_year
from .base import WIDTH, Chart, Options, Plan, chart_text, date_axis, in_currency, needs_history, year_ago

__all__ = ["kpi_series_frame"]

# Each indicator with its unit and the base it is computed on (``kpis.kpi_series``'s columns).
_SERIES_PANELS = (
    ("activity_rate", "ratio", "clients", "base_clients"),
    ("repeat_purchase_rate", "ratio", "clients_year_before", "base_before"),
    ("average_basket", "money", "purchases", "base_purchases"),
    ("purchase_frequency", "number", "buyers", "base_buyers"),
)


def kpi_series_frame(series: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The indicators over time, one row per date and indicator, with their labels in ``lang``."""
    writers = {
        "ratio": lambda v: fmt_pct(v, lang),
        "money": lambda v: fmt_money(v, lang),
        "number": lambda v: fmt_number(v, lang, 2),
    }
    labels = {key: t(f"kpi.{key}", lang) for key, *_ in _SERIES_PANELS}
    rows = []
    for r in series.itertuples(index=False):
        end = pd.Timestamp(r.period_end)
        period_label = fmt_date(end, lang)
        for key, unit, base, base_key in _SERIES_PANELS:
            value = getattr(r, key)
            value = None if value is None or value != value else float(value)
            n = int(getattr(r, base))
            rows.append(
                {
                    "period_end": end,
                    "period_label": period_label,
                    "kpi": key,
                    "kpi_label": labels[key],
                    "value": value,
                    "value_label": "–" if value is None else writers[unit](value),
                    "base_label": _base_label(base_key, fmt_int(n, lang), lang),
                }
            )
    return pd.DataFrame(rows)


def _base_label(which: str, n: str, lang: str) -> str:
    if which == "base_clients":
        return chart_text("kpis.base_clients", lang, n=n)
    if which == "base_before":
        return chart_text("kpis.base_before", lang, n=n)
    if which == "base_purchases":
        return chart_text("kpis.base_purchases", lang, n=n)
    return chart_text("kpis.base_buyers", lang, n=n)


def kpi_series_chart(
    series: pd.DataFrame, lang: str = "en", period: str = "month", *, width: int = WIDTH, has_amount: bool = True
) -> alt.TopLevelMixin:
    """Activity rate, repeat-purchase rate, average basket and purchase frequency at each date
    of ``series`` (``kpis.kpi_series``): one panel each, one above the other, each with its
    own scale (two shares, an amount, a number of purchases)."""
    return kpi_series_plan(series, lang, period, width=width, has_amount=has_amount).chart()


def kpi_series_plan(
    series: pd.DataFrame, lang: str = "en", period: str = "month", *, width: int = WIDTH, has_amount: bool = True
) -> Plan:
    """``kpi_series_chart`` as a ``Plan``: a move of the active threshold changes the activity
    rate's points, not the panels."""
    data = kpi_series_frame(series, lang)
    layout = ("kpis", lang, period, width, has_amount)
    return Plan(data, layout, functools.partial(_draw_panels, lang, period, width, has_amount))


def _draw_panels(lang: str, period: str, width: int, has_amount: bool, data: pd.DataFrame) -> alt.TopLevelMixin:
    tooltip = [
        alt.Tooltip("period_label:N", title=chart_text("flows.period", lang)),
        alt.Tooltip("kpi_label:N", title=chart_text("kpis.indicator", lang)),
        alt.Tooltip("value_label:N", title=chart_text("kpis.value", lang)),
        alt.Tooltip("base_label:N", title=chart_text("kpis.base", lang)),
    ]
    axes = {
        "ratio": {"format": ".0%"},
        "money": {"format": ",.2~f"},  # an amount that moves by cents as well as by hundreds
        "number": {"format": ",.2~f"},
    }
    x = alt.X("period_end:T", title=None, axis=alt.Axis(**date_axis(lang), labelAngle=0))
    panels = []
    for key, unit, _base, _ in _SERIES_PANELS:
        if key == "average_basket" and not has_amount:
            continue
        zero = unit == "ratio"  # shares read against 0 to 100 %; an amount or a rhythm by its moves
        y_scale = alt.Scale(domain=[0, 1]) if zero else alt.Scale(zero=False)
        panels.append(
            alt.Chart()
            .transform_filter(alt.datum.kpi == key)
            .mark_line(point=True, color=COLORS["active"])
            .encode(
                x=x,
                y=alt.Y("value:Q", title=None, scale=y_scale, axis=alt.Axis(**axes[unit])),
                tooltip=tooltip,
            )
            .properties(
                width=width,
                height=110,
                title=alt.TitleParams(
                    in_currency(t(f"kpi.{key}", lang), lang) if unit == "money" else t(f"kpi.{key}", lang),
                    anchor="start",
                    fontSize=13,
                ),
            )
        )
    title = alt.TitleParams(
        chart_text("kpis.title_half", lang) if period == "half" else chart_text("kpis.title_month", lang),
        subtitle=[chart_text("kpis.note", lang)],
        anchor="start",
        fontSize=16,
    )
    return alt.vconcat(*panels, spacing=18, title=title, data=data)


def _draw(analysis, lang: str, o: Options) -> Plan:
    needs_history(analysis, "kpis")
    s = analysis.summary
    period = o.period or analysis.period
    every = period if period in SERIES_PERIODS else "month"  # the half-year or the month
    series = kpi_series(s, analysis.definition, every)
    return kpi_series_plan(series, lang, every, width=o.width, has_amount=s.has_amount)


def _takeaway(analysis, lang: str, o: Options) -> str:
    _, words = last_year(analysis, lang)
    series = kpi_series(analysis.summary, analysis.definition, "month")
    ends = pd.to_datetime(series["period_end"])
    then, now = series[ends <= year_ago(analysis)].iloc[-1:], series.iloc[-1]
    before = then["activity_rate"].iloc[0] if len(then) else None
    return t(
        "deck.take.kpis",
        lang,
        then=fmt_pct(before, lang, 0),
        now=fmt_pct(now["activity_rate"], lang, 0),
        repeat=fmt_pct(now["repeat_purchase_rate"], lang, 0),
        **words,
    )


CHART = Chart("kpis", _draw, needs=("history",), takeaway=_takeaway)
