"""How the stages move when one threshold slides."""

from __future__ import annotations

import functools

import altair as alt
import numpy as np
import pandas as pd

from ...definition import Definition
from ...errors import LifecycleError
from ...locale.i18n import fmt_int, stage_label, t
from ...model.history import history_stages
from ...model.stages import STAGE_CODE, facts_for, stage_codes
from ...model.summary import Summary
from ...vocabulary import FUNNEL_ORDER
from .base import WIDTH, Chart, Options, Plan, chart_text, num_axis, stage_scale

__all__ = ["sensitivity_frame", "sensitivity_plan"]


def sensitivity_frame(
    summary: Summary, definition: Definition, which: str = "active_months", values=None
) -> pd.DataFrame:
    """Stage counts as one threshold takes each value (the others fixed; invalid values skipped).

    Each value is classified by the same rule as the funnel (``stage_codes`` on the facts at
    the as-of date). The curve does not depend on the current value of ``which``: it is
    kept per file and the other settings, so moving that threshold's slider only moves the
    marker (170 ms at 100,000 customers, on every move of the What if page before).
    """
    values = tuple(values) if values is not None else tuple(range(1, 37))
    others = tuple((f, getattr(definition, f)) for f in sorted(vars(definition)) if f != which)
    return summary.timeline.remember(
        ("sensitivity", which, others, values), lambda: _sensitivity_frame(summary, definition, which, values)
    ).copy()


def _sensitivity_frame(summary: Summary, definition: Definition, which: str, values: tuple) -> pd.DataFrame:
    rows = []
    shown = history_stages(definition)
    t_day = summary.timeline.t_day
    for v in values:
        try:
            test = definition.replace(**{which: int(v)})
        except LifecycleError:  # a value that breaks new ≤ active ≤ client: not drawn
            continue
        codes = stage_codes(facts_for(summary, test, t_day, remember=False), test)
        binc = np.bincount(codes[codes >= 0], minlength=len(STAGE_CODE))
        for s in shown:
            rows.append({"months": int(v), "stage": s, "count": int(binc[STAGE_CODE[s]])})
    return pd.DataFrame(rows)


def sensitivity_chart(
    summary: Summary, definition: Definition, which: str = "active_months", lang: str = "en", *, width: int = WIDTH
) -> alt.TopLevelMixin:
    """How each stage's count moves as one threshold slides, with the current value marked."""
    return sensitivity_plan(summary, definition, which, lang, width=width).chart()


def sensitivity_plan(
    summary: Summary, definition: Definition, which: str = "active_months", lang: str = "en", *, width: int = WIDTH
) -> Plan:
    """``sensitivity_chart`` as a ``Plan``: the curve is the table; the marker is the current
    value, a column of the same table, so a move of the threshold changes rows only."""
    f = sensitivity_frame(summary, definition, which)
    f["stage_label"] = [stage_label(s, lang) for s in f["stage"]]
    f["count_label"] = [fmt_int(c, lang) for c in f["count"]]
    f["current"] = int(getattr(definition, which))
    order = tuple(s for s in FUNNEL_ORDER if s in set(f["stage"]))
    layout = ("sensitivity", lang, which, order, width)
    return Plan(f, layout, functools.partial(_draw_sensitivity, lang, which, order, width))


def _draw_sensitivity(lang, which, order, width, f: pd.DataFrame) -> alt.TopLevelMixin:
    name = t(f"which.{which}", lang)
    lines = (
        alt.Chart()
        .mark_line(point=True)
        .encode(
            # The axis spans the values slid over, no more: rounded out, it began with an empty «2».
            x=alt.X(
                "months:Q",
                title=chart_text("sens.months", lang, which=name),
                scale=alt.Scale(zero=False, nice=False),
                axis=alt.Axis(tickMinStep=1),
            ),
            y=alt.Y("count:Q", title=chart_text("sens.count", lang), axis=alt.Axis(**num_axis(lang))),
            color=alt.Color(
                "stage_label:N", scale=stage_scale(list(order), lang), title=None, legend=alt.Legend(orient="top")
            ),
            tooltip=[
                alt.Tooltip("months:Q", title=chart_text("sens.months", lang, which=name)),
                alt.Tooltip("stage_label:N", title=chart_text("stage", lang)),
                alt.Tooltip("count_label:N", title=chart_text("sens.count", lang)),
            ],
        )
    )
    # One rule at the current value, read from the table (one value in every row): a move
    # of the threshold moves the marker without changing the chart's spec.
    current = (
        alt.Chart()
        .transform_aggregate(current="min(current)")
        .mark_rule(color="#333333", strokeDash=[4, 3])
        .encode(x=alt.X("current:Q"))
    )
    return alt.layer(
        lines,
        current,
        width=width,
        height=320,
        title=alt.TitleParams(chart_text("sens.title", lang, which=name), anchor="start", fontSize=16),
        data=f,
    )


def _draw(analysis, lang: str, o: Options) -> Plan:
    return sensitivity_plan(analysis.summary, analysis.definition, o.which, lang, width=o.width)


CHART = Chart("sensitivity", _draw)
