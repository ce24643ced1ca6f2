"""Definition A against definition B: customers by stage under each."""

from __future__ import annotations

import functools
import textwrap

import altair as alt
import pandas as pd

from ...definition import Definition
from ...locale.i18n import fmt_int, fmt_signed, stage_label, t
from ...model.funnel import stages_shown
from ...model.stages import Stages, classify
from ...vocabulary import FUNNEL_ORDER
from .base import AXIS_EXTENT, NOTE_LINE, WIDTH, Chart, Options, Plan, chart_text, num_axis, stage_scale
from .funnel import nice_max

__all__ = ["scenario_b"]


def whatif_chart(a: Stages, b: Stages, lang: str = "en", *, width: int = WIDTH) -> alt.TopLevelMixin:
    """Scenario A against scenario B: each stage's count under both definitions, side by side,
    and the difference B − A; both definitions and both totals stated above the bars."""
    return whatif_plan(a, b, lang, width=width).chart()


def whatif_plan(a: Stages, b: Stages, lang: str = "en", *, width: int = WIDTH) -> Plan:
    """``whatif_chart`` as a ``Plan``: the bars, the differences and the notes (both
    definitions, both totals) in one table; the title and the scale's end at the top."""
    shown = tuple(x for x in FUNNEL_ORDER if x in set(stages_shown(a)) | set(stages_shown(b)))
    name = {"A": chart_text("whatif.a", lang), "B": chart_text("whatif.b", lang)}
    rows = []
    for stage in shown:
        for key, cls in (("A", a), ("B", b)):
            n = cls.counts[stage]
            rows.append(
                {
                    "part": "bar",
                    "stage_label": stage_label(stage, lang),
                    "scenario": name[key],
                    "count": n,
                    "label": chart_text("whatif.bar", lang, scenario=key, n=fmt_int(n, lang)),
                }
            )
    for stage in shown:
        diff = b.counts[stage] - a.counts[stage]
        rows.append({"part": "diff", "stage_label": stage_label(stage, lang), "text": fmt_signed(diff, lang)})
    wrap = max(60, int(width / 6.4))
    da, db = a.definition, b.definition
    notes = [
        chart_text(
            "whatif.def", lang, s=name["A"], new=da.new_months, active=da.active_months, client=da.client_months
        ),
        chart_text(
            "whatif.def", lang, s=name["B"], new=db.new_months, active=db.active_months, client=db.client_months
        ),
        *textwrap.wrap(chart_text("whatif.same", lang), wrap),
        chart_text(
            "whatif.total",
            lang,
            a=fmt_int(a.clients_total, lang),
            b=fmt_int(b.clients_total, lang),
            diff=fmt_signed(b.clients_total - a.clients_total, lang),
        ),
    ]
    # The notes are rows of the table, not the title's subtitle: a slider move then sends the
    # same spec and the drawn chart takes the new rows in place (see ``live_spec``).
    rows += [{"part": "note", "line": i, "text": line} for i, line in enumerate(notes)]
    data = pd.DataFrame(rows, columns=["part", "stage_label", "scenario", "count", "label", "text", "line"])
    bar_width = max(300, width - 120)
    bars = data[data["part"] == "bar"]
    x_max = nice_max(float(bars["count"].max()) * bar_width / (bar_width - 70))
    top = {
        "params": [{"name": "whatif_x_max", "value": x_max}],
        "title": {"text": chart_text("whatif.title", lang), "anchor": "start", "fontSize": 16},
    }
    layout = ("whatif", lang, shown, bar_width, len(notes))
    return Plan(data, layout, functools.partial(_draw_whatif, lang, shown, name, bar_width, len(notes)), top)


def _draw_whatif(lang, shown, name, bar_width, n_notes, data: pd.DataFrame) -> alt.TopLevelMixin:
    order = [stage_label(x, lang) for x in shown]
    tooltip = [
        alt.Tooltip("stage_label:N", title=chart_text("stage", lang)),
        alt.Tooltip("scenario:N", title=chart_text("whatif.scenario", lang)),
        alt.Tooltip("label:N", title=chart_text("funnel.count", lang)),
    ]
    # The axis takes a fixed width, so that the notes above can start where the title does.
    axis = alt.Axis(labelFontSize=13, labelLimit=220, minExtent=AXIS_EXTENT, maxExtent=AXIS_EXTENT)
    y = alt.Y("stage_label:N", sort=order, title=None, axis=axis)
    base = (
        alt.Chart()
        .transform_filter(alt.FieldEqualPredicate(field="part", equal="bar"))
        .encode(y=y, yOffset=alt.YOffset("scenario:N", sort=[name["A"], name["B"]]))
    )
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X(
            "count:Q",
            title=chart_text("funnel.count", lang),
            scale=alt.Scale(domainMin=0, domainMax=alt.ExprRef("whatif_x_max")),
            axis=alt.Axis(**num_axis(lang), tickCount=max(3, bar_width // 90)),
        ),
        color=alt.Color("stage_label:N", scale=stage_scale(list(shown), lang), legend=None),
        opacity=alt.Opacity(
            "scenario:N", scale=alt.Scale(domain=[name["A"], name["B"]], range=[0.4, 1.0]), legend=None
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(align="left", dx=4, fontSize=11.5, color="#333333").encode(
        x="count:Q", text="label:N", tooltip=tooltip
    )
    left = alt.layer(bars, text, width=bar_width, height=46 * len(shown))
    diff = (
        alt.Chart(
            width=70,
            height=46 * len(shown),
            title=alt.TitleParams(chart_text("whatif.diff", lang), fontSize=12, anchor="start"),
        )
        .transform_filter(alt.FieldEqualPredicate(field="part", equal="diff"))
        .mark_text(align="left", fontSize=13, fontWeight="bold", color="#333333")
        .encode(y=alt.Y("stage_label:N", sort=order, axis=None), x=alt.value(0), text="text:N")
    )
    notes = (
        alt.Chart(width=bar_width + 80, height=n_notes * NOTE_LINE)
        .transform_filter(alt.FieldEqualPredicate(field="part", equal="note"))
        .transform_calculate(y=f"datum.line * {NOTE_LINE}")
        .mark_text(align="left", baseline="top", fontSize=12.5, color="#333333")
        .encode(x=alt.value(-AXIS_EXTENT), y=alt.Y("y:Q", scale=None), text="text:N")
    )
    return alt.vconcat(notes, alt.hconcat(left, diff, spacing=10), spacing=6, data=data)


def scenario_b(
    definition: Definition, b_new: int | None = None, b_active: int | None = None, b_client: int | None = None
) -> Definition:
    """Scenario B: the definition with the thresholds given replaced (checked like any definition)."""
    return definition.replace(
        new_months=definition.new_months if b_new is None else int(b_new),
        active_months=definition.active_months if b_active is None else int(b_active),
        client_months=definition.client_months if b_client is None else int(b_client),
    )


def _b(analysis, o: Options) -> Stages:
    return classify(analysis.summary, scenario_b(analysis.definition, o.b_new, o.b_active, o.b_client))


def _draw(analysis, lang: str, o: Options) -> Plan:
    return whatif_plan(analysis.stages, _b(analysis, o), lang, width=o.width)


def _takeaway(analysis, lang: str, o: Options) -> str:
    st, b = analysis.stages, _b(analysis, o)
    diffs = sorted(((b.counts[x] - st.counts[x], x) for x in stages_shown(st)), key=lambda d: (-abs(d[0]), d[1]))
    moves = [
        t("deck.take.whatif_move", lang, stage=stage_label(x, lang), diff=fmt_signed(n, lang))
        for n, x in diffs[:2]
        if n
    ]
    total = b.clients_total - st.clients_total
    return t(
        "deck.take.whatif",
        lang,
        moves=", ".join(moves) or t("deck.take.whatif_none", lang),
        total=fmt_int(b.clients_total, lang),
        diff=fmt_signed(total, lang, zero="±"),
    )


CHART = Chart("whatif", _draw, takeaway=_takeaway)
