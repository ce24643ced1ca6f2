"""The balance bridge: clients at the start, new, won back and lost, clients at the end."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ...locale.i18n import fmt_date, fmt_int, t
from ...model.history import balance
from ...vocabulary import FLOW_COLORS
from .base import (
    WIDTH,
    Chart,
    Options,
    balance_notes,
    chart_text,
    default_bridge_start,
    needs_history,
    num_axis,
    span,
    year_ago,
)

__all__ = ["balance_bridge_chart", "bridge_frame", "last_year"]


def _bridge_span(balance: pd.DataFrame, start, end) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """The balance rows of the span and the period end the bridge starts from."""
    b = balance.copy()
    b["period_end"] = pd.to_datetime(b["period_end"])
    if start is None and end is None:
        lo = default_bridge_start(b["period_end"])
        sel = b[b["period_end"] > lo] if lo < b["period_end"].max() else b.tail(1)
    else:
        lo = pd.Timestamp(start) if start is not None else b["period_end"].min() - pd.Timedelta(days=1)
        hi = pd.Timestamp(end) if end is not None else b["period_end"].max()
        sel = b[(b["period_end"] > lo) & (b["period_end"] <= hi)]
    if sel.empty:
        sel = b.tail(1)
    first = sel.iloc[0]
    start_date = (
        first["period_end"]
        if len(sel) == len(b) and sel.index[0] == b.index[0]
        else b.loc[sel.index[0] - 1, "period_end"]
        if sel.index[0] > b.index[0]
        else None
    )
    return sel, start_date


def bridge_since(balance: pd.DataFrame, start=None, end=None) -> pd.Timestamp:
    """The date the bridge starts from (its first bar's date)."""
    sel, start_date = _bridge_span(balance, start, end)
    return pd.Timestamp(start_date if start_date is not None else sel.iloc[0]["period_end"])


def bridge_frame(balance: pd.DataFrame, start=None, end=None, lang: str = "en") -> pd.DataFrame:
    """Clients at the start of the chosen span, + new, + won back, − lost, clients at its end.

    ``start``/``end`` select period ends (default: a year, see ``default_bridge_start``).
    """
    sel, start_date = _bridge_span(balance, start, end)
    first = sel.iloc[0]
    start_label = chart_text("bridge.start", lang, date=fmt_date(start_date, lang) if start_date is not None else "–")
    s0 = int(first["clients_start"])
    new, won, lost = int(sel["new"].sum()), int(sel["won_back"].sum()), int(sel["lost"].sum())
    end_n = int(sel.iloc[-1]["clients_end"])
    steps = [
        ("start", start_label, 0, s0, s0),
        ("new", chart_text("bridge.new", lang), s0, s0 + new, new),
        ("won_back", chart_text("bridge.won_back", lang), s0 + new, s0 + new + won, won),
        ("lost", chart_text("bridge.lost", lang), s0 + new + won, s0 + new + won - lost, -lost),
        ("end", chart_text("bridge.end", lang, date=fmt_date(sel.iloc[-1]["period_end"], lang)), 0, end_n, end_n),
    ]
    out = pd.DataFrame(steps, columns=["step", "label", "y0", "y1", "value"])
    sign = {"new": "+", "won_back": "+", "lost": "−"}
    out["value_label"] = [
        (sign.get(s, "") if v else "") + fmt_int(abs(v), lang) for s, v in zip(out["step"], out["value"])
    ]
    out["top"] = out[["y0", "y1"]].max(axis=1)
    return out


def balance_bridge_chart(
    balance: pd.DataFrame, lang: str = "en", *, start=None, end=None, width: int = WIDTH, notes: tuple[str, ...] = ()
) -> alt.TopLevelMixin:
    """The bridge (waterfall) from clients at the start of a span to clients at its end.

    ``notes``: sentences the reader needs for this data (see ``balance_notes``)."""
    data = bridge_frame(balance, start, end, lang)
    colors = {
        "start": "#4D4D4D",
        **FLOW_COLORS,
        "end": "#4D4D4D",
    }
    order = data["label"].tolist()
    base = alt.Chart(data).encode(
        x=alt.X(
            "label:N",
            sort=order,
            title=None,
            # «Clients au 31/07/2024» on two lines, its date under it: the long labels at both
            # ends no longer touch «+ nouveaux» and «− perdus» on a narrow chart.
            axis=alt.Axis(
                labelAngle=0,
                labelFontSize=12,
                labelLimit=200,
                labelExpr="length(datum.label) > 14 ? [substring(datum.label, 0, lastindexof(datum.label, ' ')),"
                " substring(datum.label, lastindexof(datum.label, ' ') + 1)] : datum.label",
            ),
        )
    )
    tooltip = [
        alt.Tooltip("label:N", title=chart_text("bridge.step", lang)),
        alt.Tooltip("value_label:N", title=chart_text("bridge.clients", lang)),
    ]
    bars = base.mark_bar(width={"band": 0.6}).encode(
        y=alt.Y("y0:Q", title=chart_text("bridge.clients", lang), axis=alt.Axis(**num_axis(lang))),
        y2="y1:Q",
        color=alt.Color("step:N", scale=alt.Scale(domain=list(colors), range=list(colors.values())), legend=None),
        tooltip=tooltip,
    )
    text = base.mark_text(dy=-8, fontSize=13, fontWeight="bold", color="#333333").encode(
        y="top:Q", text="value_label:N", tooltip=tooltip
    )
    return alt.layer(
        bars,
        text,
        width=width,
        height=360,
        title=alt.TitleParams(
            chart_text("bridge.title", lang),
            subtitle=[chart_text("bridge.note", lang), *notes],
            anchor="start",
            fontSize=16,
        ),
    )


def _draw(analysis, lang: str, o: Options) -> alt.TopLevelMixin:
    needs_history(analysis, "balance")
    s, d = analysis.summary, analysis.definition
    start, end = span(s, o.start, o.end)
    b = balance(s, d, o.period or analysis.period)
    since = bridge_since(b, start, end)
    plain = balance_notes(s, d, lang, shaded=False, since=since)
    return balance_bridge_chart(b, lang, start=start, end=end, notes=plain, width=o.width)


def last_year(analysis, lang: str) -> tuple[pd.DataFrame, dict]:
    """The balance's periods of the last year (since ``year_ago``) and that span in words."""
    b, since = analysis.balance(), year_ago(analysis)
    words = {"since": fmt_date(since, lang), "until": fmt_date(analysis.summary.as_of, lang)}
    return b[pd.to_datetime(b["period_end"]) > since], words


def _takeaway(analysis, lang: str, o: Options) -> str:
    last, words = last_year(analysis, lang)
    return t(
        "deck.take.balance",
        lang,
        start=fmt_int(int(last["clients_start"].iloc[0]), lang),
        end=fmt_int(int(last["clients_end"].iloc[-1]), lang),
        new=fmt_int(int(last["new"].sum()), lang),
        won=fmt_int(int(last["won_back"].sum()), lang),
        lost=fmt_int(int(last["lost"].sum()), lang),
        **words,
    )


CHART = Chart("balance", _draw, needs=("history",), takeaway=_takeaway, slide=True, client_status_only=True)
