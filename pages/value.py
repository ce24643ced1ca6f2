"""Value page: the customer-value models (BG/NBD, Gamma-Gamma) beside the rules: who is still
alive by stage, what each client is expected to bring, whom to save first, and whether to
trust the model on this data."""

import streamlit as st

from lifecycle.errors import LifecycleError
from lifecycle.locale.i18n import fmt_int, fmt_money, fmt_number, fmt_pct
from lifecycle.model.cohorts import monthly_series, retention_matrix
from lifecycle.model.value import LIKELY_ALIVE, by_segment, by_stage, save_first, value_of
from lifecycle.reports.tables import monthly_display, retention_display, screen_cells, side_by_side, value_display
from lifecycle.ui import data
from lifecycle.ui.shell import ensure_booted
from lifecycle.ui.texts import plain, tr
from lifecycle.ui.widgets import anonymise, chart, context, facts, figures, save_first_file, show_error

ensure_booted()  # a deep link may start this page before app.py


def main() -> None:
    ctx = context()
    lang, a = ctx.lang, ctx.analysis
    s = a.summary
    st.title(tr("value.title", lang))
    facts(ctx)
    st.caption(tr("value.intro", lang))

    c1, c2, c3 = st.columns(3)
    horizon = c1.slider(tr("value.horizon", lang), 3, 36, 12, key="value.horizon")
    discount = c2.number_input(tr("value.discount", lang), 0.0, 50.0, 0.0, 1.0, format="%g", key="value.discount") / 100
    margin = c3.number_input(tr("value.margin", lang), 1.0, 100.0, 100.0, 5.0, format="%g", key="value.margin") / 100
    options = {"horizon": horizon, "discount": discount, "margin": margin}
    try:
        with st.spinner(tr("value.fitting", lang), show_time=True):
            v = value_of(s, horizon_months=horizon, discount=discount, margin=margin)
    except LifecycleError as exc:  # the data cannot support the model: say why, no model figures
        if not s.has_history:  # nor any table: they all need the purchase dates
            st.warning(plain(exc.message(lang)))
            return
        st.warning(tr("value.model_missing", lang, reason=plain(exc.message(lang))))
        _model_free(ctx)
        return
    except Exception as exc:  # anything else: a message, never a traceback
        show_error(exc, lang, data.source_name())
        st.stop()

    table = by_stage(v, a.stages)
    counts = dict(zip(table["stage"], table["customers"]))
    likely = dict(zip(table["stage"], table["likely_alive"]))
    # Two a row: four side by side cut their labels («Perdus, mais sans doute encore ach…»).
    m1, m2 = st.columns(2)
    m3, m4 = st.columns(2)
    m1.metric(tr("value.lost_alive", lang), fmt_int(likely.get("lost", 0), lang))
    m2.metric(tr("value.active_doubt", lang), fmt_int(counts.get("active", 0) - likely.get("active", 0), lang))
    m3.metric(
        tr("value.purchases", lang, months=horizon), fmt_number(float(table["expected_purchases"].sum()), lang, 0)
    )
    if "value_12" in table:
        m4.metric(tr("value.value_12", lang), fmt_money(float(table["value_12"].sum()), lang, 0))
    st.caption(tr("value.likely_note", lang, p=fmt_pct(LIKELY_ALIVE, lang, 0)))
    if v.bgnbd.p is not None:
        st.caption(tr("value.same_dropout", lang, p=fmt_pct(v.bgnbd.p, lang, 1)))

    chart(ctx, "alive", **options)

    st.subheader(tr("value.by_stage", lang))
    shown = side_by_side(value_display(table, lang), lang)
    st.dataframe(shown, hide_index=True, width="stretch", height="content", column_config=figures(shown))
    segments = by_segment(v, s)
    if segments is not None:
        st.subheader(tr("value.by_segment", lang))
        shown = value_display(segments, lang)
        st.dataframe(shown, hide_index=True, width="stretch", height="content", column_config=figures(shown))

    st.subheader(tr("value.save_first", lang))
    st.caption(tr("value.save_first_note", lang))
    first = save_first(v, a.stages, s, 100)
    shown = screen_cells(value_display(anonymise(first, ["customer"], [], a.summary), lang))
    # The customer's id stays on the left, however many digits it has.
    right = figures(shown.drop(columns=shown.columns[0]))
    st.dataframe(shown, hide_index=True, width="stretch", column_config=right)
    st.download_button(
        tr("value.download", lang),
        data=data.on_click("value.save_first", save_first_file, v, a, lang),
        file_name="save_first.csv",
        mime="text/csv",
        key="value.download",
        icon=":material/download:",
    )

    chart(ctx, "calibration", **options)
    _model_free(ctx)


def _model_free(ctx) -> None:
    """The tables that need purchase history but no model."""
    try:
        cohorts(ctx)
    except Exception as exc:
        show_error(exc, ctx.lang, data.source_name())


def cohorts(ctx) -> None:
    """How each acquisition cohort keeps buying, and the main figures month by month."""
    lang, a = ctx.lang, ctx.analysis
    st.subheader(tr("value.cohorts", lang))
    st.caption(tr("value.cohorts_note", lang))
    share, value = retention_display(retention_matrix(a.summary, "quarter"), lang)
    st.markdown(f"**{tr('value.cohort_share', lang)}**")
    st.dataframe(share, width="stretch", column_config=figures(share))
    if value is not None:
        st.markdown(f"**{tr('value.cohort_value', lang)}**")
        st.dataframe(value, width="stretch", column_config=figures(value))

    st.subheader(tr("value.monthly", lang))
    shown = monthly_display(monthly_series(a.summary, a.definition).tail(24), lang)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=figures(shown))


main()
