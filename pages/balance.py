"""Balance page: the bridge, new vs lost with the quick ratio, the money side, stage history,
transitions between two dates, durations."""

import streamlit as st

from lifecycle.locale.formats import date_pattern
from lifecycle.locale.i18n import fmt_date, fmt_int, fmt_number, stage_label, t
from lifecycle.model.history import balance, durations
from lifecycle.model.kpis import kpi_series
from lifecycle.reports.charts.base import bridge_dates
from lifecycle.reports.tables import balance_display, kpi_series_display
from lifecycle.ui import state
from lifecycle.ui.shell import ensure_booted
from lifecycle.ui.texts import tr
from lifecycle.ui.widgets import chart, context, facts, figures
from lifecycle.vocabulary import CLIENT_STAGES

ensure_booted()  # a deep link may start this page before app.py


def main() -> None:
    ctx = context()
    lang, a = ctx.lang, ctx.analysis
    s, d = a.summary, a.definition
    st.title(tr("balance.title", lang))
    facts(ctx)
    if not s.has_history:
        st.info(tr("no_history", lang))
        st.stop()

    period = (
        st.segmented_control(
            tr("balance.period", lang),
            ["month", "quarter", "year"],
            format_func=lambda p: t(f"period.{p}", lang),
            default="month",
            key=state.PERIOD,
            bind="query-params",
        )
        or "month"
    )
    bal = a.balance() if a.period == period else balance(s, d, period)

    ends, year_start = bridge_dates(bal["period_end"])  # the transitions start there too
    start, end = ends[0], ends[0]
    if len(ends) > 1:
        start, end = st.select_slider(
            tr("balance.span", lang),
            options=ends,
            value=(year_start, ends[-1]),
            format_func=lambda x: fmt_date(x, lang),
            key=f"balance.span.{period}",
        )
    chart(ctx, "balance", start=start if start < end else None, end=end, period=period)

    st.subheader(tr("balance.flows", lang))
    chart(ctx, "flows", period=period)
    if s.has_amount:
        st.subheader(tr("balance.money", lang))
        chart(ctx, "money", period=period)

    with st.expander(tr("balance.table", lang)):
        table = balance_display(bal, lang)
        st.dataframe(table, hide_index=True, width="stretch", column_config=figures(table))

    st.subheader(tr("balance.history", lang))
    chart(ctx, "history", period=period, wait=tr("data.summarising", lang))

    st.subheader(tr("balance.kpis", lang))
    every = (
        st.segmented_control(
            tr("balance.kpis_period", lang),
            ["month", "half"],
            format_func=lambda p: tr("balance.kpis_month", lang) if p == "month" else tr("balance.kpis_half", lang),
            default="month",
            key="balance.kpi_series_period",
        )
        or "month"
    )
    chart(ctx, "kpis", period=every)
    with st.expander(tr("balance.kpis_table", lang)):
        series = kpi_series_display(kpi_series(s, d, every), lang)
        st.dataframe(series, hide_index=True, width="stretch", column_config=figures(series))

    st.subheader(tr("balance.transitions", lang))
    c1, c2 = st.columns(2)
    as_of, first = s.as_of.date(), s.first_date.date()
    date_format = date_pattern(lang)
    t_from = c1.date_input(
        tr("balance.from", lang),
        value=max(first, year_start),
        min_value=first,
        max_value=as_of,
        key="balance.transitions_from",
        format=date_format,
    )
    t_to = c2.date_input(
        tr("balance.to", lang),
        value=as_of,
        min_value=first,
        max_value=as_of,
        key="balance.transitions_to",
        format=date_format,
    )
    chart(ctx, "transitions", start=t_from, end=t_to)

    st.subheader(tr("balance.durations", lang))
    dur = durations(s, d).iloc[0]

    def _months(v) -> str:
        return "–" if v is None or v != v else fmt_number(v, lang, 1)

    cycles, once = int(dur["completed_cycles"]), int(dur["one_purchase_cycles"])
    left_out = tr("dur.left_out", lang, n=fmt_int(once, lang), window=fmt_int(d.client_months, lang)) if once else ""
    if cycles:
        cols = st.columns(3)
        cols[0].metric(tr("dur.cycles", lang), fmt_int(cycles, lang))
        cols[1].metric(tr("dur.mean", lang), _months(dur["cycle_mean_months"]))
        cols[2].metric(tr("dur.median", lang), _months(dur["cycle_median_months"]))
        st.caption(f"{tr('dur.rests_on', lang, n=fmt_int(cycles, lang))} {left_out}".strip())
    elif once:  # only one-purchase customers lost: their cycle is the window, nothing to measure
        st.caption(f"{tr('dur.no_repeat_cycle', lang)} {left_out}")
    else:  # nobody lost yet: no cycle to measure, rather than a row of dashes
        st.caption(tr("dur.no_cycle", lang))
    st.markdown(f"**{tr('dur.stages', lang)}**")
    cols = st.columns(len(CLIENT_STAGES))
    for col, stage in zip(cols, CLIENT_STAGES):
        col.metric(stage_label(stage, lang), _months(dur[f"{stage}_mean_months"]))
    st.caption(tr("dur.note", lang))


main()
