"""Funnel page: the three facts, the stage funnel, per-stage figures, KPIs, cohorts and the customers of a stage."""

import streamlit as st

from lifecycle.locale.i18n import fmt_int, stage_label
from lifecycle.model.funnel import stage_frame, stages_shown
from lifecycle.model.kpis import cohort_values
from lifecycle.model.segments import segment_table
from lifecycle.reports.tables import (
    cohort_display,
    kpi_display,
    screen_cells,
    segment_display,
    side_by_side,
    stage_display,
)
from lifecycle.ui import data
from lifecycle.ui.shell import ensure_booted
from lifecycle.ui.texts import tr
from lifecycle.ui.widgets import chart, context, facts, figures, stage_file, stage_listing

SPLIT_WANTED = "lc.funnel.by_segment"  # whether the reader split the funnel by segment
STAGE_WANTED = "lc.funnel.stage"  # the stage of the customer list the reader chose, kept across segments

ensure_booted()  # a deep link may start this page before app.py


def main() -> None:
    ctx = context()
    lang, a = ctx.lang, ctx.analysis
    st.title(tr("funnel.title", lang))
    facts(ctx)
    st.caption(tr("funnel.database_not_base", lang))

    # Kept apart from the widget: Streamlit forgets a widget's value on a page not drawn, and
    # the split would be off again when the reader comes back from another page.
    by_segment = a.summary.has_segment and st.toggle(
        tr("funnel.by_segment", lang),
        value=st.session_state.get(SPLIT_WANTED, False),
        key="funnel.by_segment",
        on_change=lambda: st.session_state.__setitem__(SPLIT_WANTED, st.session_state["funnel.by_segment"]),
    )
    chart(ctx, "funnel", by_segment=bool(by_segment))
    if by_segment:
        segments(ctx)

    st.subheader(tr("funnel.per_stage", lang))
    # The share column is as wide as «0,0 % des acheteurs» (the lost customers' base).
    share = {tr("col.share", lang): st.column_config.TextColumn(width="medium")}
    stages = stage_display(stage_frame(a.stages), lang)
    st.dataframe(stages, hide_index=True, width="stretch", height="content", column_config=figures(stages, share))

    st.subheader(tr("funnel.kpis", lang))
    kpis = kpi_display(a.stages, lang)
    # Every indicator in view with its whole definition, wrapped (a grid cuts long text).
    st.table(kpis, hide_index=True, border="horizontal")

    # The file's alone (no threshold in it): formatted once, not on every slider move.
    cohorts = data.memo("cohorts", data.view_key(ctx), lambda: _cohorts(a, lang))
    if len(cohorts):
        st.subheader(tr("cohort.title", lang))
        st.caption(tr("cohort.note", lang))
        st.dataframe(cohorts, hide_index=True, width="stretch", column_config=figures(cohorts))

    st.subheader(tr("funnel.list", lang))
    counts = a.stages.counts
    present = [s for s in stages_shown(a.stages) if counts[s]]
    # The stage chosen (or first shown) comes back when a segment without it is left:
    # Streamlit puts a select box whose value is no longer offered back on its first option.
    wanted = st.session_state.setdefault(STAGE_WANTED, present[0] if present else None)
    if wanted in present and st.session_state.get("funnel.stage", wanted) != wanted:
        st.session_state["funnel.stage"] = wanted
    stage = st.selectbox(
        tr("funnel.pick_stage", lang),
        present,
        format_func=lambda s: stage_label(s, lang),
        key="funnel.stage",
        placeholder=tr("choose", lang),
        on_change=lambda: st.session_state.__setitem__(STAGE_WANTED, st.session_state["funnel.stage"]),
    )
    # The screen shows the first 1,000; the download builds the whole list when clicked.
    listing, shown = stage_listing(ctx, stage)
    if counts[stage] > len(listing):
        st.caption(tr("funnel.shown", lang, n=fmt_int(counts[stage], lang), m=fmt_int(len(listing), lang)))
    else:
        st.caption(tr("funnel.all_shown", lang, n=fmt_int(len(listing), lang)))
    st.dataframe(screen_cells(shown), hide_index=True, width="stretch")
    st.download_button(
        tr("funnel.download_list", lang),
        # The real ids: anonymising is for the screen, a campaign needs the customers.
        data=data.on_click("funnel.list", stage_file, a, lang, stage),
        file_name=f"{stage}.csv",
        mime="text/csv",
        key="funnel.download",
    )


def _cohorts(a, lang: str):
    cohorts = cohort_values(a.summary)
    return cohort_display(cohorts, lang) if len(cohorts) else cohorts


def segments(ctx) -> None:
    """Segments side by side: the table and the chart of the largest segments, the rest pooled."""
    lang, a = ctx.lang, ctx.analysis
    st.subheader(tr("segments.title", lang))
    if a.segment:
        st.info(tr("segments.one", lang))
        return
    st.caption(tr("segments.caption", lang))
    table = screen_cells(side_by_side(segment_display(segment_table(a.stages, lang), lang), lang))
    st.dataframe(table, hide_index=True, width="stretch", height="content", column_config=figures(table))
    chart(ctx, "segments")


main()
