"""Funnel page: the three facts, the stage funnel, per-stage figures, KPIs and the customers of a stage."""

import pandas as pd
import streamlit as st

from lifecycle.charts import FUNNEL_ORDER, funnel_chart
from lifecycle.export import customers_frame
from lifecycle.export_safety import safe_frame
from lifecycle.i18n import fmt_int, fmt_money, fmt_pct, stage_label
from lifecycle.kpis import compute_kpis
from lifecycle.ui.shell import ensure_booted
from lifecycle.ui.texts import tr
from lifecycle.ui.widgets import anonymise, chart, context, facts

ensure_booted()  # a deep link may start this page before app.py

ctx = context()
lang, a = ctx.lang, ctx.analysis
st.title(tr("funnel.title", lang))
facts(ctx)

by_segment = a.summary.has_segment and st.toggle(tr("funnel.by_segment", lang), key="funnel_by_segment")
chart(funnel_chart(a.stages, lang, by_segment=by_segment), key="funnel_chart")

st.subheader(tr("funnel.per_stage", lang))
counts, shares = a.stages.counts, a.stages.shares()
frame = a.stages.frame()
rows = []
for stage in FUNNEL_ORDER:
    g = frame[frame["stage"] == stage]
    row = {
        tr("col.stage", lang): stage_label(stage, lang),
        tr("col.count", lang): fmt_int(counts[stage], lang),
        tr("col.share", lang): fmt_pct(shares.get(stage), lang) if stage in shares else "",
    }
    if a.summary.has_amount and a.summary.has_history:
        row[tr("col.revenue", lang)] = fmt_money(g["value_12"].sum(), lang, 0) if len(g) else "–"
        row[tr("col.avg_value", lang)] = fmt_money(g["value_12"].mean(), lang) if len(g) else "–"
    rows.append(row)
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader(tr("funnel.kpis", lang))
unit = {
    "ratio": lambda v: fmt_pct(v, lang),
    "money": lambda v: fmt_money(v, lang),
    "count": lambda v: fmt_int(v, lang),
    "number": lambda v: fmt_money(v, lang),
}
kpi_rows = [
    {
        tr("col.kpi", lang): k.label(lang),
        tr("col.value", lang): unit[k.unit](k.value),
        tr("col.definition", lang): k.definition(lang),
    }
    for k in compute_kpis(a.stages)
]
st.dataframe(pd.DataFrame(kpi_rows), hide_index=True, width="stretch")

st.subheader(tr("funnel.list", lang))
present = [s for s in FUNNEL_ORDER if counts[s]]
stage = st.selectbox(
    tr("funnel.pick_stage", lang), present, format_func=lambda s: stage_label(s, lang), key="funnel_stage"
)
listing = customers_frame(a, lang)
listing = listing[listing[tr("col.stage", lang)] == stage_label(stage, lang)] if stage else listing.iloc[0:0]
id_col = listing.columns[0]
shown = anonymise(listing.head(1000), [id_col], [c for c in listing.columns if c in ("Name", "Nom", "Email")])
st.caption(tr("funnel.shown", lang, n=fmt_int(len(listing), lang), m=fmt_int(min(len(listing), 1000), lang)))
st.dataframe(shown, hide_index=True, width="stretch")
st.download_button(
    tr("funnel.download_list", lang),
    # The real ids: anonymising is for the screen, a campaign needs the customers.
    data=lambda: safe_frame(listing).to_csv(
        index=False, sep=";" if lang == "fr" else ",", decimal="," if lang == "fr" else "."
    ),
    file_name=f"{stage}.csv",
    mime="text/csv",
    key="funnel_download",
)
