"""What-if page: scenario A (the sidebar) against scenario B, who moves, and the sensitivity of one threshold."""

import streamlit as st

from lifecycle.definition import MAX_MONTHS
from lifecycle.errors import LifecycleError
from lifecycle.locale.i18n import fmt_int, t
from lifecycle.model.stages import classify
from lifecycle.reports.tables import movers, movers_display, scenario_table, screen_cells
from lifecycle.ui import data
from lifecycle.ui.shell import ensure_booted
from lifecycle.ui.texts import plain, tr
from lifecycle.ui.widgets import anonymise, chart, context, facts, figures, table_file

ensure_booted()  # a deep link may start this page before app.py


def _compare(ctx, db, b_new: int, b_active: int, b_client: int) -> None:
    """A against B: the totals, the table and the chart of both, and who moves."""
    lang, a = ctx.lang, ctx.analysis
    s = a.summary
    sa, sb = a.stages, classify(s, db)
    m1, m2, m3 = st.columns(3)
    m1.metric(tr("facts.clients", lang) + " A", fmt_int(sa.clients_total, lang))
    m2.metric(
        tr("facts.clients", lang) + " B",
        fmt_int(sb.clients_total, lang),
        delta=fmt_int(sb.clients_total - sa.clients_total, lang) if sb.clients_total != sa.clients_total else None,
    )
    m3.markdown(f"**B**  \n{db.text(lang, s.as_of)}")
    table = scenario_table(sa, sb, lang)
    st.dataframe(table, hide_index=True, width="stretch", column_config=figures(table))
    chart(ctx, "whatif", b_new=b_new, b_active=b_active, b_client=b_client)  # exportable, both definitions on it

    st.subheader(tr("whatif.moves", lang))
    matrix, people = movers(sa, sb, lang)
    if len(people):
        st.markdown(tr("whatif.movers", lang, n=fmt_int(len(people), lang)))
        st.table(movers_display(matrix, lang), hide_index=True, border="horizontal")  # static: names read whole
        headings = {c: t(f"export.{c}", lang) for c in ("customer", "name", "segment")}
        shown = anonymise(people.head(1000), ["customer"], ["name"], s).rename(columns=headings)
        st.dataframe(screen_cells(shown), hide_index=True, width="stretch")
        st.download_button(
            tr("whatif.download", lang),
            data=data.on_click("whatif.movers", table_file, people.rename(columns=headings), lang),
            file_name="movers.csv",
            mime="text/csv",
            key="whatif.movers_download",
        )
    else:
        st.info(tr("whatif.nobody", lang))


def main() -> None:
    ctx = context()
    lang, a = ctx.lang, ctx.analysis
    da = a.definition
    st.title(tr("whatif.title", lang))
    facts(ctx)
    st.caption(tr("whatif.intro", lang))

    st.subheader(tr("whatif.b", lang))
    c1, c2, c3 = st.columns(3)
    b_new = c1.slider(tr("side.new", lang), 1, MAX_MONTHS, da.new_months, key="b_new")
    b_active = c2.slider(tr("side.active", lang), 1, MAX_MONTHS, da.active_months, key="b_active")
    b_client = c3.slider(tr("side.client", lang), 1, MAX_MONTHS, da.client_months, key="b_client")
    try:
        db = da.replace(new_months=b_new, active_months=b_active, client_months=b_client)
    except LifecycleError as exc:  # B's thresholds do not fit together: said, and the sensitivity (A's) still shown
        st.error(plain(exc.message(lang)))
    else:
        _compare(ctx, db, b_new, b_active, b_client)

    st.subheader(tr("whatif.sensitivity", lang))
    which = (
        st.segmented_control(
            tr("whatif.which", lang),
            ["new_months", "active_months", "client_months"],
            format_func=lambda w: t(f"which.{w}", lang),
            default="active_months",
            key="whatif.sensitivity_which",
        )
        or "active_months"
    )
    chart(ctx, "sensitivity", which=which)


main()
