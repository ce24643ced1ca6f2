"""Balance page: the bridge, new vs lost with the quick ratio, the money side, stage history,
transitions between two dates, durations."""

import pandas as pd
import streamlit as st

from lifecycle.charts import (
    balance_bridge_chart,
    balance_flows_chart,
    balance_money_chart,
    history_chart,
    transitions_chart,
)
from lifecycle.export import balance_frame
from lifecycle.history import durations, stage_history, transitions
from lifecycle.i18n import CLIENT_STAGES, fmt_date, fmt_int, fmt_money, stage_label
from lifecycle.ui import state
from lifecycle.ui.shell import ensure_booted
from lifecycle.ui.texts import tr
from lifecycle.ui.widgets import chart, context, facts, show_error

ensure_booted()  # a deep link may start this page before app.py

ctx = context()
lang, a = ctx.lang, ctx.analysis
s, d = a.summary, a.definition
st.title(tr("balance.title", lang))
facts(ctx)
if not s.has_history:
    st.info(tr("no_history", lang))
    st.stop()

labels = {"month": ("month", "mois"), "quarter": ("quarter", "trimestre"), "year": ("year", "année")}
period = (
    st.segmented_control(
        tr("balance.period", lang),
        list(labels),
        format_func=lambda p: labels[p][lang == "fr"],
        default="month",
        key=state.PERIOD,
        bind="query-params",
    )
    or "month"
)
bal = a.balance() if a.period == period else None
if bal is None:
    from lifecycle.history import balance

    bal = balance(s, d, period)

ends = [pd.Timestamp(e).date() for e in bal["period_end"]]
default_start = ends[max(0, len(ends) - 13)] if len(ends) > 1 else ends[0]
if len(ends) > 1:
    start, end = st.select_slider(
        tr("balance.span", lang),
        options=ends,
        value=(default_start, ends[-1]),
        format_func=lambda x: fmt_date(x, lang),
        key=f"span.{period}",
    )
else:
    start, end = ends[0], ends[0]
chart(balance_bridge_chart(bal, lang, start=start if start < end else None, end=end), key="bridge")

st.subheader(tr("balance.flows", lang))
chart(balance_flows_chart(bal, lang, period), key="flows")
if s.has_amount:
    st.subheader(tr("balance.money", lang))
    chart(balance_money_chart(bal, lang, period), key="money")

with st.expander(tr("balance.table", lang)):
    st.dataframe(balance_frame(bal, lang), hide_index=True, width="stretch")

st.subheader(tr("balance.history", lang))
with st.spinner(tr("data.summarising", lang)):
    chart(history_chart(stage_history(s, d, period), lang, period), key="history")

st.subheader(tr("balance.transitions", lang))
c1, c2 = st.columns(2)
as_of = s.as_of.date()
first = s.first_date.date()
default_from = max(first, (s.as_of - pd.DateOffset(months=12)).date())
t_from = c1.date_input(
    tr("balance.from", lang),
    value=default_from,
    min_value=first,
    max_value=as_of,
    key="tr_from",
    format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD",
)
t_to = c2.date_input(
    tr("balance.to", lang),
    value=as_of,
    min_value=first,
    max_value=as_of,
    key="tr_to",
    format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD",
)
try:
    chart(transitions_chart(transitions(s, d, t_from, t_to), lang, start=t_from, end=t_to), key="transitions")
except Exception as exc:
    show_error(exc, lang, "transitions")

st.subheader(tr("balance.durations", lang))
dur = durations(s, d).iloc[0]
cols = st.columns(3 + len(CLIENT_STAGES))
cols[0].metric(tr("dur.cycles", lang), fmt_int(dur["completed_cycles"], lang))
cols[1].metric(
    tr("dur.mean", lang), fmt_money(dur["cycle_mean_months"], lang, 1) if dur["cycle_mean_months"] is not None else "–"
)
cols[2].metric(
    tr("dur.median", lang),
    fmt_money(dur["cycle_median_months"], lang, 1) if dur["cycle_median_months"] is not None else "–",
)
for col, stage in zip(cols[3:], CLIENT_STAGES):
    v = dur[f"{stage}_mean_months"]
    col.metric(
        tr("dur.stage", lang, stage=stage_label(stage, lang)), "–" if v is None or v != v else fmt_money(v, lang, 1)
    )
st.caption(tr("dur.note", lang))
