"""Revenue period by period, split by the stage of the buyer."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ...errors import LifecycleError
from ...locale.i18n import fmt_date, fmt_money, t
from ...model.history import balance
from ...vocabulary import FLOW_COLORS
from .balance import last_year
from .base import (
    WIDTH,
    Chart,
    Options,
    balance_notes,
    chart_text,
    in_currency,
    needs_history,
    no_loss_before,
    num_axis,
    period_start,
    period_x,
    shade,
)


def balance_money_chart(
    balance: pd.DataFrame,
    lang: str = "en",
    period: str = "month",
    *,
    width: int = WIDTH,
    notes: tuple[str, ...] = (),
    shade_until: pd.Timestamp | None = None,
) -> alt.TopLevelMixin:
    """Revenue of the period's new clients (up) against the revenue lost with lost clients (down)."""
    rows = []
    for r in balance.itertuples():
        for key, value, sign in (("money.new", r.new_revenue, 1), ("money.lost", r.lost_revenue, -1)):
            v = float(value or 0.0)
            rows.append(
                {
                    "period_end": pd.Timestamp(r.period_end),
                    "period_label": fmt_date(r.period_end, lang),
                    "kind": chart_text(key, lang),
                    "value": sign * v,
                    "value_label": ("+" if sign > 0 else "−") + fmt_money(v, lang, 0),
                }
            )
    data = pd.DataFrame(rows)
    scale = alt.Scale(
        domain=[chart_text("money.new", lang), chart_text("money.lost", lang)],
        range=[FLOW_COLORS["new"], FLOW_COLORS["lost"]],
    )
    ends = pd.to_datetime(balance["period_end"])
    band = shade(period_start(ends.min(), period), shade_until, ends.max(), lang)
    bars = (
        alt.Chart(data)
        .mark_bar(width={"band": 0.8})
        .encode(
            x=period_x(period, lang, balance["period_end"], width),
            y=alt.Y(
                "value:Q", title=in_currency(chart_text("money.amount", lang), lang), axis=alt.Axis(**num_axis(lang))
            ),
            color=alt.Color("kind:N", scale=scale, title=None, legend=alt.Legend(orient="top", labelLimit=400)),
            tooltip=[
                alt.Tooltip("period_label:N", title=chart_text("flows.period", lang)),
                alt.Tooltip("kind:N", title=chart_text("flows.flow", lang)),
                alt.Tooltip("value_label:N", title=chart_text("money.amount", lang)),
            ],
        )
    )
    return alt.layer(
        *band,
        bars,
        width=width,
        height=300,
        title=alt.TitleParams(
            chart_text("money.title", lang, period=t(f"period.{period}", lang)),
            subtitle=list(notes) if notes else alt.Undefined,
            anchor="start",
            fontSize=16,
        ),
    )


def _draw(analysis, lang: str, o: Options) -> alt.TopLevelMixin:
    needs_history(analysis, "money")
    s, d = analysis.summary, analysis.definition
    if not s.has_amount:
        raise LifecycleError.of("unavailable.amount")
    period = o.period or analysis.period
    notes = balance_notes(s, d, lang)
    until = no_loss_before(s, d)
    return balance_money_chart(balance(s, d, period), lang, period, notes=notes, shade_until=until, width=o.width)


def _takeaway(analysis, lang: str, o: Options) -> str:
    last, words = last_year(analysis, lang)
    return t(
        "deck.take.money",
        lang,
        new=fmt_money(float(last["new_revenue"].sum()), lang, 0),
        lost=fmt_money(float(last["lost_revenue"].sum()), lang, 0),
        **words,
    )


CHART = Chart("money", _draw, needs=("history", "amount"), takeaway=_takeaway, slide=True, client_status_only=True)
