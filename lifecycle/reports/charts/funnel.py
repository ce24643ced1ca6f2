"""The funnel: customers by stage, one panel per segment when split."""

from __future__ import annotations

import functools

import altair as alt
import numpy as np
import pandas as pd

from ...locale.i18n import fmt_int, fmt_pct, fmt_share, stage_label, t
from ...model.funnel import stage_frame, stages_shown
from ...model.kpis import compute_kpis
from ...model.segments import segment_groups
from ...model.stages import Stages
from ...vocabulary import CLIENT_STAGES, FUNNEL_ORDER, GROUP, OF_BUYERS, ZONE
from .base import PANELS_PER_ROW, WIDTH, Chart, Options, Plan, chart_text, num_axis, stage_scale, written

__all__ = ["funnel_chart", "funnel_frame", "funnel_plan", "nice_max"]


def nice_max(x: float) -> float:
    """``x`` rounded up to a round number of 1, 2 or 5 x 10^k steps (about 8 of them), so
    that the axis ends on a tick instead of a label crowding the one before it."""
    if x <= 0:
        return 1.0
    raw = x / 8
    power = 10 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return float(np.ceil(x / step) * step)


def funnel_frame(stages: Stages, lang: str = "en", mask: np.ndarray | None = None) -> pd.DataFrame:
    """One row per stage shown, in funnel order: count, share, the clients with one purchase
    only, and formatted labels."""
    f = stage_frame(stages, mask)
    shown = stages_shown(stages)
    f = f[f["stage"].isin(shown)].reset_index(drop=True)
    f["stage_label"] = [stage_label(s, lang) for s in f["stage"]]
    f["group"] = [t(f"group.{GROUP[s]}", lang) for s in f["stage"]]
    f["zone"] = [t(f"zone.{ZONE[s]}", lang) for s in f["stage"]]
    f["count_label"] = [fmt_int(c, lang) for c in f["count"]]
    known = f["share"].notna()
    f["share_label"] = [fmt_share(s, x, lang) if k else "–" for s, x, k in zip(f["stage"], f["share"], known)]
    f["label"] = [c + (f"  ({x})" if k else "") for c, x, k in zip(f["count_label"], f["share_label"], known)]
    # «of which one purchase only» on the two stages where it tells something (DOMAIN: loyalty).
    once = f["stage"].isin(["active", "dormant"])
    f["once"] = np.where(once, f["one_purchase"].fillna(0), 0).astype("int64")
    f["once_label"] = [
        chart_text("funnel.once", lang, n=fmt_int(n, lang)) if o and n else "" for n, o in zip(f["once"], once)
    ]
    return f


def funnel_chart(
    stages: Stages, lang: str = "en", *, by_segment: bool = False, width: int = WIDTH
) -> alt.TopLevelMixin:
    """The stage funnel: horizontal bars in life-cycle order, count and share on each bar.

    People who are not clients (contacts without purchase, customers below the minimum) are
    drawn apart from customers; each group only when it has somebody in it. The lighter part
    of the active and dormant bars is the clients with one purchase only.
    """
    return funnel_plan(stages, lang, by_segment=by_segment, width=width).chart()


_FUNNEL_COLUMNS = (
    "stage",
    "segment",
    "stage_label",
    "count",
    "count_label",
    "share_label",
    "zone",
    "label",
    "once",
    "once_label",
)


def funnel_plan(stages: Stages, lang: str = "en", *, by_segment: bool = False, width: int = WIDTH) -> Plan:
    """``funnel_chart`` as a ``Plan``: one table for every panel, each panel filtering its rows."""
    frames = []
    segments: list[tuple[str | None, np.ndarray | None]] = [(None, None)]
    if by_segment and stages.summary.has_segment:
        # The five largest segments and the rest pooled (a panel per segment of fifty is unreadable).
        # Nobody with a purchase has no segment to split by: one panel, as without the split.
        segments = [(g.label(lang), g.mask) for g in segment_groups(stages)] or segments
    heads = []
    for name, mask in segments:
        f = funnel_frame(stages, lang, mask)
        f["segment"] = name or ""
        clients = int(f.loc[f["stage"].isin(CLIENT_STAGES), "count"].sum())
        heads.append((name or "", chart_text("funnel.panel", lang, name=name, n=fmt_int(clients, lang))))
        frames.append(f)
    data = pd.concat(frames, ignore_index=True)
    if len(segments) > 1:
        # Contacts have no segment: suspects and prospects (and nobody below the minimum)
        # would be rows of zeros in every panel.
        totals = data.groupby("stage")["count"].sum()
        empty = [s for s, n in totals.items() if GROUP[s] == "not_clients" and n == 0]
        data = data[~data["stage"].isin(empty)].reset_index(drop=True)
    shown = tuple(s for s in FUNNEL_ORDER if s in set(data["stage"]))
    multi = by_segment and len(segments) > 1
    # Only what the chart draws goes to the browser, on every move (not the stage table's
    # other figures).
    data = data[[c for c in _FUNNEL_COLUMNS if c in data]]
    # Room right of the longest bar for its labels («1,337 (60.8%)», «of which 244 bought
    # once», about 150 px): a narrow segment panel needs more of its scale than a wide chart.
    # Three panels a row on a slide; two on a page, where three (each with its stage axis)
    # ran past the app's column and cut the third.
    per_row = PANELS_PER_ROW if width > WIDTH else 2
    panel_width = max(190, width // min(len(segments), per_row) - 50) if multi else width
    once = bool((data["once"] > 0).any())
    room = 150 if once else 100
    if len(data) and data.loc[data["count"].idxmax(), "stage"] in OF_BUYERS:  # «149 (24.8% of buyers)»
        room = max(room, 190)
    x_max = nice_max(float(data["count"].max()) * panel_width / max(panel_width - room, panel_width * 0.4))
    # Which stages each panel draws: a segment's panel may lack one the others have.
    parts = []
    for seg, _head in heads:
        present = set(data.loc[data["segment"] == seg, "stage"])
        parts.append((seg, tuple(s for s in shown if s in present)))
    layout = ("funnel", lang, multi, tuple(heads) if multi else (), tuple(parts), panel_width, once, per_row)
    # The scale's end is a parameter: a move that changes it keeps the chart's layout.
    top = {"params": [{"name": "funnel_x_max", "value": x_max}]}
    return Plan(
        data, layout, functools.partial(_draw_funnel, lang, multi, heads, tuple(parts), panel_width, once, per_row), top
    )


def _draw_funnel(lang, multi, heads, parts, panel_width, once, per_row, data: pd.DataFrame) -> alt.TopLevelMixin:
    shown = [s for s in FUNNEL_ORDER if any(s in order for _seg, order in parts)]
    tooltip = [
        alt.Tooltip("stage_label:N", title=chart_text("stage", lang)),
        alt.Tooltip("count_label:N", title=chart_text("funnel.count", lang)),
        alt.Tooltip("share_label:N", title=chart_text("funnel.share", lang)),
        alt.Tooltip("zone:N", title=chart_text("funnel.zone", lang)),
    ]
    if multi:
        tooltip.insert(0, alt.Tooltip("segment:N", title=chart_text("segment", lang)))
    title = alt.TitleParams(
        chart_text("funnel.title", lang),
        subtitle=[
            chart_text("funnel.legend", lang),
            chart_text("funnel.share_note", lang),
            *([chart_text("funnel.once_note", lang)] if once else []),  # only when drawn
        ],
        anchor="start",
        fontSize=16,
    )
    groups = [g for g in ("not_clients", "customers") if any(GROUP[s] == g for s in shown)]

    def panel(segment: str, order: list[str], group_title: str | None, show_x: bool, top_title=None):
        # Every panel reads the one table drawn at the top and keeps its rows (field tests,
        # not expressions: a segment's name is the file's text).
        keep = [alt.FieldOneOfPredicate(field="stage", oneOf=order)]
        if multi:
            keep.append(alt.FieldEqualPredicate(field="segment", equal=segment))
        base = (
            alt.Chart()
            .transform_filter(*keep)
            .encode(
                y=alt.Y(
                    "stage_label:N",
                    sort=[stage_label(s, lang) for s in order],
                    title=None,
                    axis=alt.Axis(labelFontSize=13, labelLimit=220, minExtent=130),
                ),
                x=alt.X(
                    "count:Q",
                    title=chart_text("funnel.count", lang) if show_x else None,
                    scale=alt.Scale(domainMin=0, domainMax=alt.ExprRef("funnel_x_max")),
                    axis=alt.Axis(**num_axis(lang), labels=show_x, ticks=show_x, tickCount=max(3, panel_width // 90)),
                ),
            )
        )
        bars = base.mark_bar(cornerRadiusEnd=3, height={"band": 0.75}).encode(
            color=alt.Color("stage_label:N", scale=stage_scale(shown, lang), legend=None), tooltip=tooltip
        )
        light = (
            base.transform_filter(alt.datum.once > 0)
            .mark_bar(height={"band": 0.75}, color="white", opacity=0.38)
            .encode(x="once:Q", tooltip=tooltip)
        )
        text = base.mark_text(align="left", dx=5, dy=-7, fontSize=13, color="#333333").encode(
            text="label:N", tooltip=tooltip
        )
        sub = base.mark_text(align="left", dx=5, dy=9, fontSize=11, color="#666666").encode(text="once_label:N")
        # Properties go to the constructors: Altair's ``.properties`` and ``.resolve_scale``
        # deep-copy the chart, which took most of the 107 ms this chart cost on each rerun.
        props = {"width": panel_width, "height": 40 * len(order)}
        if group_title:
            props["title"] = alt.TitleParams(group_title, anchor="start", fontSize=13, color="#555555")
        elif top_title is not None:
            props["title"] = top_title
        return alt.layer(bars, light, text, sub, **props)

    def column(segment: str, order: tuple[str, ...], top_title=None, **top):
        if len(groups) == 1:
            return panel(segment, list(order), None, True, top_title)
        panels = [
            panel(segment, [s for s in order if GROUP[s] == g], t(f"group.{g}", lang), g == groups[-1]) for g in groups
        ]
        extra = {} if top_title is None else {"title": top_title}
        return alt.vconcat(
            *panels, spacing=6, resolve=alt.Resolve(scale=alt.ScaleResolveMap(x="shared")), **extra, **top
        )

    if not multi:
        chart = column("", parts[0][1], title)
        chart.data = data  # one table, at the top
        return chart
    columns = []
    for (segment, order), (_seg, head_text) in zip(parts, heads):
        head = alt.TitleParams(head_text, anchor="middle", fontSize=14, limit=panel_width + 100)  # long: «…»
        columns.append(written(alt.vconcat(column(segment, order), title=head)))  # copied by reference
    # A few panels a row: six side by side ran off the page.
    rows = [columns[i : i + per_row] for i in range(0, len(columns), per_row)]
    if len(rows) == 1:
        return alt.hconcat(*rows[0], spacing=24, title=title, data=data)
    return alt.vconcat(*(alt.hconcat(*r, spacing=24) for r in rows), spacing=28, title=title, data=data)


def _draw(analysis, lang: str, o: Options) -> Plan:
    return funnel_plan(analysis.stages, lang, by_segment=o.by_segment, width=o.width)


def _takeaway(analysis, lang: str, o: Options) -> str:
    counts = analysis.stages.counts
    activity = next(k for k in compute_kpis(analysis.stages) if k.key == "activity_rate").value  # the KPI table's own
    return t(
        "deck.take.funnel",
        lang,
        activity=fmt_pct(activity or 0, lang, 0),
        months=analysis.definition.active_months,
        dormant=fmt_int(counts["dormant"], lang),
        lost=fmt_int(counts["lost"], lang),
    )


CHART = Chart("funnel", _draw, takeaway=_takeaway, slide=True)
