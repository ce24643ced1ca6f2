"""Charts people can read in a meeting: Altair specs from engine results, in English or French.

Every function takes engine results and returns an Altair chart; ``annotate`` adds the
three facts every life-cycle chart must carry (the definition, the total number of clients,
the period) plus the source and export date, for static export.

Colours: Okabe-Ito (colour-blind safe). Opportunity stages (new, active, reactivated) in
cool colours, risk stages (dormant, lost) in warm ones, contacts without purchase in grey.
Numbers and dates in labels and tooltips are formatted in Python for the language; axes
use Vega expressions so that French gets ``1 234`` and ``31/12/2025`` in the browser too.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import textwrap
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field

import altair as alt
import numpy as np
import pandas as pd

from ..definition import Definition
from ..errors import LifecycleError
from ..locale.formats import vega_locale
from ..locale.i18n import fmt_date, fmt_int, fmt_money, fmt_number, fmt_pct, fmt_signed, stage_label, t
from ..model.history import NOT_YET, history_stages
from ..model.stages import STAGE_CODE, Stages, facts_for, stage_codes
from ..model.summary import Summary
from ..model.thresholds import DAYS_PER_MONTH, purchase_gaps
from ..vocabulary import CLIENT_STAGES, COLORS, FLOW_COLORS, FLOWS, FUNNEL_ORDER, GROUP, ZONE
from .export_safety import marks_shown
from .tables import stage_frame, stages_shown

__all__ = [
    "Facts",
    "Plan",
    "annotate",
    "balance_bridge_chart",
    "balance_flows_chart",
    "balance_money_chart",
    "funnel_chart",
    "funnel_plan",
    "history_chart",
    "history_plan",
    "kpi_series_chart",
    "kpi_series_frame",
    "live_spec",
    "no_loss_before",
    "segments_chart",
    "sensitivity_chart",
    "sensitivity_plan",
    "styled",
    "thresholds_chart",
    "transitions_chart",
    "transitions_plan",
    "whatif_chart",
    "whatif_plan",
]

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"  # vl-convert embeds Liberation Sans
WIDTH = 720
PANELS_PER_ROW = 3  # segment panels of the funnel, a row
# Every chart here draws tables already aggregated (per period and stage, per segment): a
# history from 1900 has 6,000 rows, which Altair's default 5,000-row guard would refuse.
# The guard stays, far above any aggregate, for a chart handed raw rows by mistake.
alt.data_transformers.enable("default", max_rows=200_000)

_ROW_HEADER = alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start", labelFontSize=13, labelFontWeight="bold")


def _t(key: str, lang: str, **kw) -> str:
    return t(f"chart.{key}", lang, **kw)


def _num_axis(lang: str, money: bool = False) -> dict:
    """Axis label expression: ``12,345`` in English, ``12 345`` in French (the chart's
    locale, ``formats.vega_locale``, writes the digits)."""
    fmt = ",.0f"
    # Whole numbers only: a count of 2 must not get ticks at 0.2, printed «0 0 1 1 1 2 2».
    # Vega keeps ``tickMinStep`` only without a tick count: where a chart sets one, a scale
    # ending at 1.2 still gets a tick at 0.5 («0 1 1»), so a tick between whole numbers goes
    # without a label.
    text = f"format(datum.value, '{fmt}')"
    return {"labelExpr": f"datum.value % 1 ? '' : {text}", "tickMinStep": 1}


# Bars of a period span its whole band (a month's bar over its month, not a needle on its
# last day that reads as the next month).
_TIME_UNIT = {"month": "yearmonth", "quarter": "yearquarter", "year": "year"}


def _period_x(period: str, lang: str, **axis) -> alt.X:
    return alt.X(
        f"{_TIME_UNIT.get(period, 'yearmonth')}(period_end):T",
        title=None,
        axis=alt.Axis(**_date_axis(lang), labelAngle=0, **axis),
    )


def _date_axis(lang: str) -> dict:
    """«Sep 2025», «sept. 2025»: the month's name in the chart's locale."""
    return {"format": "%b %Y"}


def _stage_scale(stages: list[str], lang: str) -> alt.Scale:
    return alt.Scale(domain=[stage_label(s, lang) for s in stages], range=[COLORS[s] for s in stages])


def _config(chart: alt.TopLevelMixin, lang: str | None = None) -> alt.TopLevelMixin:
    """The project's font and axes; with ``lang``, the language's number and date formats."""
    return (
        chart.configure(font=FONT, **({"locale": vega_locale(lang)} if lang else {}))
        .configure_view(stroke=None)
        .configure_title(subtitleFontSize=12.5, subtitleColor="#333333")  # notes readable on a projector
        .configure_axis(labelFontSize=12, titleFontSize=12, grid=True, gridColor="#eeeeee")
        # Labels that would touch are dropped, not overprinted («10,00011,000» on a wide
        # funnel at 19,000 customers).
        .configure_axisQuantitative(labelOverlap="greedy")
        .configure_axisTemporal(labelOverlap="greedy")
        .configure_legend(labelFontSize=12, titleFontSize=12)
    )


@dataclass(frozen=True, eq=False)
class Plan:
    """A chart as its one dataset, its top-level values and everything else it depends on.

    ``draw(data)`` builds the Altair chart; its spec depends on ``data`` (attached once, at
    the top), on ``top`` (top-level properties such as a scale's end, as plain JSON, set on
    the chart as they are) and on ``layout`` only. So ``live_spec`` builds it once per
    layout and then only swaps the data and the top-level values: a slider that moves
    counts but not the chart's shape costs a table, not Altair's copies of the chart (about
    80 ms for the funnel on every move)."""

    data: pd.DataFrame
    layout: tuple
    draw: Callable[[pd.DataFrame], alt.TopLevelMixin]
    top: dict = field(default_factory=dict)

    def chart(self) -> alt.TopLevelMixin:
        chart = self.draw(self.data)
        for key, value in self.top.items():
            chart[key] = _TOP[key](value)
        return chart


# How ``Plan.top``'s JSON becomes Altair's objects (a chart composed further needs them).
_TOP = {
    "params": lambda v: [alt.VariableParameter(**p) for p in v],
    "title": lambda v: alt.TitleParams(**v),
}


def json_records(frame: pd.DataFrame) -> list[dict]:
    """The rows of ``frame`` as Altair's data transformer gives them (``to_values``): Python
    ints, floats and strings, ``None`` for NaN, infinities and missing text, full ISO
    datetimes. Written here because Altair's sanitiser copies the frame and converts it
    cell by cell (2–9 ms a chart on every slider move, against about 0.3 ms column by
    column); a test keeps both equal for every dtype a plan holds."""
    columns = []
    for name in frame.columns:
        if not isinstance(name, str):
            raise ValueError(f"column names must be strings: {name!r}")
        col = frame[name]
        kind = col.dtype.kind if isinstance(col.dtype, np.dtype) else None
        if pd.api.types.is_datetime64_any_dtype(col.dtype):
            values = ["" if x is pd.NaT else x.isoformat() for x in col]
        elif kind in ("i", "u", "b"):
            values = col.to_numpy().tolist()
        elif kind == "f":
            raw = col.to_numpy()
            values = raw.tolist()
            bad = ~np.isfinite(raw)
            for i in np.flatnonzero(bad):
                values[i] = None
        elif kind == "m":
            raise ValueError(f"column {name!r} holds durations, which a chart cannot draw")
        elif isinstance(col.dtype, pd.StringDtype):  # text: missing as None
            values = col.to_numpy(dtype=object, na_value=None).tolist()
        else:  # categories, objects: missing as None, NumPy's scalars and arrays as Python's
            values = [_native(x) for x in col.to_numpy(dtype=object, na_value=None).tolist()]
        columns.append(values)
    names = list(frame.columns)
    if not names:
        return [{} for _ in range(len(frame))]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _native(x):  # missing values are None already (``to_numpy(na_value=None)``)
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x.item() if isinstance(x, np.generic) else x


LIVE_TABLE = "table"


def live_spec(plan: Plan, templates: MutableMapping) -> dict:
    """``styled_spec(plan.chart())``, drawn by Altair once per layout in ``templates`` (the
    caller's: a session's, never shared) and then filled with the plan's data.

    The plan's table is named ``LIVE_TABLE`` (Altair names it after a hash of its rows): a
    move that changes the rows but not the layout nor the top values sends the same spec,
    and Streamlit's chart then swaps the rows into the drawn view (``view.data``) instead of
    compiling and drawing the chart again. Otherwise the spec is the fresh chart's."""
    template = templates.get(plan.layout)
    if template is None:
        spec = styled_spec(plan.chart())
        name = spec.get("data", {}).get("name")
        if name not in spec.get("datasets", {}):  # no table at the top: no template
            return spec
        # The table at the top is the plan's data; any other (a band's two dates, a marker's
        # one row) is drawn from the layout and stays in the template.
        spec["datasets"] = {k: v for k, v in spec["datasets"].items() if k != name}
        template = templates[plan.layout] = json.dumps(spec)
    spec = json.loads(template)
    spec.update(json.loads(json.dumps(plan.top)))  # a copy: the spec is the caller's to keep
    spec["data"] = {"name": LIVE_TABLE}
    spec["datasets"][LIVE_TABLE] = json_records(plan.data)
    return spec


# ---------------------------------------------------------------- funnel


def _nice_max(x: float) -> float:
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
    f["share_label"] = [fmt_pct(x, lang) if k else "–" for x, k in zip(f["share"], known)]
    f["label"] = [c + (f"  ({fmt_pct(x, lang)})" if k else "") for c, x, k in zip(f["count_label"], f["share"], known)]
    # «of which one purchase only» on the two stages where it tells something (DOMAIN: loyalty).
    once = f["stage"].isin(["active", "dormant"])
    f["once"] = np.where(once, f["one_purchase"].fillna(0), 0).astype("int64")
    f["once_label"] = [_t("funnel.once", lang, n=fmt_int(n, lang)) if o and n else "" for n, o in zip(f["once"], once)]
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
        from ..model.segments import segment_groups

        # The five largest segments and the rest pooled (a panel per segment of fifty is unreadable).
        # Nobody with a purchase has no segment to split by: one panel, as without the split.
        segments = [(g.label(lang), g.mask) for g in segment_groups(stages)] or segments
    heads = []
    for name, mask in segments:
        f = funnel_frame(stages, lang, mask)
        f["segment"] = name or ""
        clients = int(f.loc[f["stage"].isin(CLIENT_STAGES), "count"].sum())
        heads.append((name or "", _t("funnel.panel", lang, name=name, n=fmt_int(clients, lang))))
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
    panel_width = max(190, width // min(len(segments), PANELS_PER_ROW) - 50) if multi else width
    once = bool((data["once"] > 0).any())
    room = 150 if once else 100
    x_max = _nice_max(float(data["count"].max()) * panel_width / max(panel_width - room, panel_width * 0.4))
    # Which stages each panel draws: a segment's panel may lack one the others have.
    parts = []
    for seg, _head in heads:
        present = set(data.loc[data["segment"] == seg, "stage"])
        parts.append((seg, tuple(s for s in shown if s in present)))
    layout = ("funnel", lang, multi, tuple(heads) if multi else (), tuple(parts), panel_width, once)
    # The scale's end is a parameter: a move that changes it keeps the chart's layout.
    top = {"params": [{"name": "funnel_x_max", "value": x_max}]}
    return Plan(data, layout, functools.partial(_draw_funnel, lang, multi, heads, tuple(parts), panel_width, once), top)


def _draw_funnel(lang, multi, heads, parts, panel_width, once, data: pd.DataFrame) -> alt.TopLevelMixin:
    shown = [s for s in FUNNEL_ORDER if any(s in order for _seg, order in parts)]
    tooltip = [
        alt.Tooltip("stage_label:N", title=_t("stage", lang)),
        alt.Tooltip("count_label:N", title=_t("funnel.count", lang)),
        alt.Tooltip("share_label:N", title=_t("funnel.share", lang)),
        alt.Tooltip("zone:N", title=_t("funnel.zone", lang)),
    ]
    if multi:
        tooltip.insert(0, alt.Tooltip("segment:N", title=_t("segment", lang)))
    title = alt.TitleParams(
        _t("funnel.title", lang),
        subtitle=[
            _t("funnel.legend", lang),
            _t("funnel.share_note", lang),
            *([_t("funnel.once_note", lang)] if once else []),  # only when drawn
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
                    title=_t("funnel.count", lang) if show_x else None,
                    scale=alt.Scale(domainMin=0, domainMax=alt.ExprRef("funnel_x_max")),
                    axis=alt.Axis(**_num_axis(lang), labels=show_x, ticks=show_x, tickCount=max(3, panel_width // 90)),
                ),
            )
        )
        bars = base.mark_bar(cornerRadiusEnd=3, height={"band": 0.75}).encode(
            color=alt.Color("stage_label:N", scale=_stage_scale(shown, lang), legend=None), tooltip=tooltip
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
        columns.append(alt.vconcat(column(segment, order), title=head))
    # Three panels a row: six side by side ran off the page.
    rows = [columns[i : i + PANELS_PER_ROW] for i in range(0, len(columns), PANELS_PER_ROW)]
    if len(rows) == 1:
        return alt.hconcat(*rows[0], spacing=24, title=title, data=data)
    return alt.vconcat(*(alt.hconcat(*r, spacing=24) for r in rows), spacing=28, title=title, data=data)


def segments_chart(table: pd.DataFrame, lang: str = "en", *, width: int = WIDTH) -> alt.TopLevelMixin:
    """Segments side by side (``segments.segment_table``): for each group, its clients split by
    stage (a 100% bar, the funnel's shares) and, right of it, its clients and the share of its
    customers lost; all customers last, as the reference."""
    stages = list(CLIENT_STAGES)
    order = table["group"].tolist()
    rows = []
    for rec in table.to_dict(orient="records"):
        for st in stages:
            share = rec[f"share_{st}"]
            rows.append(
                {
                    "group": rec["group"],
                    "stage_label": stage_label(st, lang),
                    "order": stages.index(st),
                    "share": 0.0 if share is None or share != share else float(share),
                    "count_label": fmt_int(rec[st], lang),
                    "share_label": fmt_pct(share, lang, 0) if share is not None and share == share else "–",
                }
            )
    data = pd.DataFrame(rows)
    data["text"] = np.where(data["share"] >= 0.07, data["share_label"], "")
    side = pd.DataFrame(
        {
            "group": order,
            "text": [
                _t(
                    "segments.side",
                    lang,
                    n=fmt_int(r["clients"], lang),
                    lost=fmt_pct(r["share_lost"], lang, 0) if r["share_lost"] == r["share_lost"] else "–",
                )
                for r in table.to_dict(orient="records")
            ],
            "bold": [k == "all" for k in table["kind"]],
        }
    )
    bar_width = max(300, width - 230)
    y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=200, minExtent=120))
    tooltip = [
        alt.Tooltip("group:N", title=_t("segment", lang)),
        alt.Tooltip("stage_label:N", title=_t("stage", lang)),
        alt.Tooltip("count_label:N", title=_t("funnel.count", lang)),
        alt.Tooltip("share_label:N", title=_t("funnel.share", lang)),
    ]
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=alt.X(
            "share:Q",
            stack="normalize",
            title=_t("segments.x", lang),
            axis=alt.Axis(
                format="%",
                tickCount=5,
                # the chart's locale writes «12 %» in French
            ),
        ),
        color=alt.Color(
            "stage_label:N",
            scale=_stage_scale(stages, lang),
            legend=alt.Legend(orient="bottom", title=None, direction="horizontal"),
        ),
        order=alt.Order("order:Q"),
        tooltip=tooltip,
    )
    labels = base.mark_text(color="white", fontSize=12, fontWeight="bold").encode(
        x=alt.X("share:Q", stack="normalize", bandPosition=0.5),
        detail="stage_label:N",
        order=alt.Order("order:Q"),
        text="text:N",
    )
    left = alt.layer(bars, labels, width=bar_width, height=34 * len(order))
    side_base = alt.Chart(side).encode(y=alt.Y("group:N", sort=order, axis=None), x=alt.value(0), text="text:N")
    right = alt.layer(
        side_base.transform_filter(~alt.datum.bold).mark_text(align="left", fontSize=12.5, color="#333333"),
        side_base.transform_filter(alt.datum.bold).mark_text(
            align="left", fontSize=12.5, color="#333333", fontWeight="bold"
        ),
        width=200,
        height=34 * len(order),
    )
    return alt.hconcat(
        left,
        right,
        spacing=8,
        title=alt.TitleParams(
            _t("segments.title", lang),
            subtitle=[_t("segments.note", lang), _t("segments.note2", lang)],
            anchor="start",
            fontSize=16,
        ),
    )


def whatif_chart(a: Stages, b: Stages, lang: str = "en", *, width: int = WIDTH) -> alt.TopLevelMixin:
    """Scenario A against scenario B: each stage's count under both definitions, side by side,
    and the difference B − A; both definitions and both totals stated above the bars."""
    return whatif_plan(a, b, lang, width=width).chart()


def whatif_plan(a: Stages, b: Stages, lang: str = "en", *, width: int = WIDTH) -> Plan:
    """``whatif_chart`` as a ``Plan``: the bars, the differences and the notes (both
    definitions, both totals) in one table; the title and the scale's end at the top."""
    shown = tuple(x for x in FUNNEL_ORDER if x in set(stages_shown(a)) | set(stages_shown(b)))
    name = {"A": _t("whatif.a", lang), "B": _t("whatif.b", lang)}
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
                    "label": f"{key}\u2009: {fmt_int(n, lang)}" if lang == "fr" else f"{key}: {fmt_int(n, lang)}",
                }
            )
    for stage in shown:
        diff = b.counts[stage] - a.counts[stage]
        rows.append({"part": "diff", "stage_label": stage_label(stage, lang), "text": fmt_signed(diff, lang)})
    wrap = max(60, int(width / 6.4))
    da, db = a.definition, b.definition
    notes = [
        _t("whatif.def", lang, s=name["A"], new=da.new_months, active=da.active_months, client=da.client_months),
        _t("whatif.def", lang, s=name["B"], new=db.new_months, active=db.active_months, client=db.client_months),
        *textwrap.wrap(_t("whatif.same", lang), wrap),
        _t(
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
    x_max = _nice_max(float(bars["count"].max()) * bar_width / (bar_width - 70))
    top = {
        "params": [{"name": "whatif_x_max", "value": x_max}],
        "title": {"text": _t("whatif.title", lang), "anchor": "start", "fontSize": 16},
    }
    layout = ("whatif", lang, shown, bar_width, len(notes))
    return Plan(data, layout, functools.partial(_draw_whatif, lang, shown, name, bar_width, len(notes)), top)


NOTE_LINE = 16  # px between two lines of notes drawn as text marks, as a subtitle's
AXIS_EXTENT = 140  # px: the stage axis, wide enough for «below the minimum» at 13 px


def _draw_whatif(lang, shown, name, bar_width, n_notes, data: pd.DataFrame) -> alt.TopLevelMixin:
    order = [stage_label(x, lang) for x in shown]
    tooltip = [
        alt.Tooltip("stage_label:N", title=_t("stage", lang)),
        alt.Tooltip("scenario:N", title=_t("whatif.scenario", lang)),
        alt.Tooltip("label:N", title=_t("funnel.count", lang)),
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
            title=_t("funnel.count", lang),
            scale=alt.Scale(domainMin=0, domainMax=alt.ExprRef("whatif_x_max")),
            axis=alt.Axis(**_num_axis(lang), tickCount=max(3, bar_width // 90)),
        ),
        color=alt.Color("stage_label:N", scale=_stage_scale(list(shown), lang), legend=None),
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
            title=alt.TitleParams(_t("whatif.diff", lang), fontSize=12, anchor="start"),
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


# ---------------------------------------------------------------- balance


def default_bridge_start(period_ends) -> pd.Timestamp:
    """Where the bridge starts unless told: the last period end at least 12 months before the
    last one (the as-of date), so that it covers a year; the transitions start there too."""
    ends = pd.to_datetime(pd.Series(period_ends))
    year_ago = ends.max() - pd.DateOffset(months=12)
    before = ends[ends <= year_ago]
    return pd.Timestamp(before.max() if len(before) else ends.min())


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
    start_label = _t("bridge.start", lang, date=fmt_date(start_date, lang) if start_date is not None else "–")
    s0 = int(first["clients_start"])
    new, won, lost = int(sel["new"].sum()), int(sel["won_back"].sum()), int(sel["lost"].sum())
    end_n = int(sel.iloc[-1]["clients_end"])
    steps = [
        ("start", start_label, 0, s0, s0),
        ("new", _t("bridge.new", lang), s0, s0 + new, new),
        ("won_back", _t("bridge.won_back", lang), s0 + new, s0 + new + won, won),
        ("lost", _t("bridge.lost", lang), s0 + new + won, s0 + new + won - lost, -lost),
        ("end", _t("bridge.end", lang, date=fmt_date(sel.iloc[-1]["period_end"], lang)), 0, end_n, end_n),
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
        alt.Tooltip("label:N", title=_t("bridge.step", lang)),
        alt.Tooltip("value_label:N", title=_t("bridge.clients", lang)),
    ]
    bars = base.mark_bar(width={"band": 0.6}).encode(
        y=alt.Y("y0:Q", title=_t("bridge.clients", lang), axis=alt.Axis(**_num_axis(lang))),
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
            _t("bridge.title", lang), subtitle=[_t("bridge.note", lang), *notes], anchor="start", fontSize=16
        ),
    )


def _flows_frame(balance: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = []
    for r in balance.itertuples():
        for flow, sign in (("new", 1), ("won_back", 1), ("lost", -1)):
            value = int(getattr(r, flow))
            rows.append(
                {
                    "period_end": pd.Timestamp(r.period_end),
                    "period_label": fmt_date(r.period_end, lang),
                    "flow": flow,
                    "flow_label": t(f"flow.{flow}", lang),
                    "value": sign * value,
                    "value_label": ("+" if sign > 0 else "−") + fmt_int(value, lang),
                    "segment": getattr(r, "segment", ""),
                }
            )
    return pd.DataFrame(rows)


def balance_flows_chart(
    balance: pd.DataFrame,
    lang: str = "en",
    period: str = "month",
    *,
    width: int = WIDTH,
    notes: tuple[str, ...] = (),
    shade_until: pd.Timestamp | None = None,
) -> alt.TopLevelMixin:
    """New and won-back clients (up) against lost ones (down) per period, with the quick ratio."""
    data = _flows_frame(balance, lang)
    labels = [t(f"flow.{f}", lang) for f in FLOWS]
    scale = alt.Scale(domain=labels, range=[FLOW_COLORS[f] for f in FLOWS])
    tooltip = [
        alt.Tooltip("period_label:N", title=_t("flows.period", lang)),
        alt.Tooltip("flow_label:N", title=_t("flows.flow", lang)),
        alt.Tooltip("value_label:N", title=_t("flows.count", lang)),
    ]
    has_segment = "segment" in balance.columns
    if has_segment:
        tooltip.insert(0, alt.Tooltip("segment:N", title=_t("segment", lang)))
    bars = (
        alt.Chart(data)
        .mark_bar(width={"band": 0.8})
        .encode(
            x=_period_x(period, lang),
            y=alt.Y("sum(value):Q", title=_t("flows.count", lang), axis=alt.Axis(**_num_axis(lang))),
            color=alt.Color("flow_label:N", scale=scale, title=None, legend=alt.Legend(orient="top")),
            tooltip=tooltip,
        )
    )
    q = balance.copy()
    q["period_end"] = pd.to_datetime(q["period_end"])
    q["quick_label"] = [("–" if v is None or v != v else fmt_number(v, lang, 2)) for v in q["quick_ratio"]]
    q["period_label"] = [fmt_date(d, lang) for d in q["period_end"]]
    q = q[q["quick_ratio"].notna()]
    title = alt.TitleParams(
        _t("flows.title", lang, period=t(f"period.{period}", lang)),
        subtitle=[_t("flows.quick_note", lang), *notes],
        anchor="start",
        fontSize=16,
    )
    if has_segment:
        return (
            bars.properties(width=width, height=140)
            .facet(row=alt.Row("segment:N", title=None, header=_ROW_HEADER))
            .properties(title=title)
        )
    top = max(2.0, float(q["quick_ratio"].max()) * 1.1) if len(q) else 2.0
    ratio_axis = {"format": ".1~f"}  # «1,5» in French: the chart's locale
    line = (
        alt.Chart(q)
        .mark_line(point=True, color="#333333", strokeDash=[4, 3])
        .encode(
            x=alt.X(f"{_TIME_UNIT.get(period, 'yearmonth')}(period_end):T", bandPosition=0.5),
            y=alt.Y(
                "quick_ratio:Q",
                title=_t("flows.quick", lang),
                scale=alt.Scale(domain=[0, top]),
                axis=alt.Axis(orient="right", titleColor="#333333", **ratio_axis),
            ),
            tooltip=[
                alt.Tooltip("period_label:N", title=_t("flows.period", lang)),
                alt.Tooltip("quick_label:N", title=_t("flows.quick", lang)),
            ],
        )
    )
    ends = pd.to_datetime(balance["period_end"])
    band = _shade(_period_start(ends.min(), period), shade_until, ends.max())
    # No loss yet, no ratio: the line and its axis only when there is a ratio to draw.
    layers = [band, bars] if band is not None else [bars]
    if len(q):
        layers.append(line)
    chart = alt.layer(*layers)
    if len(q):
        chart = chart.resolve_scale(y="independent")
    return chart.properties(width=width, height=320, title=title)


def _period_start(end: pd.Timestamp, period: str) -> pd.Timestamp:
    months = {"month": 1, "quarter": 3, "year": 12}.get(period, 1)
    return pd.Timestamp(end) - pd.DateOffset(months=months) + pd.Timedelta(days=1)


def balance_money_chart(
    balance: pd.DataFrame,
    lang: str = "en",
    period: str = "month",
    *,
    width: int = WIDTH,
    notes: tuple[str, ...] = (),
    shade_until: pd.Timestamp | None = None,
) -> alt.TopLevelMixin:
    """Revenue of the period's new clients (up) against the revenue lost with lost clients (down)."""
    rows = []
    for r in balance.itertuples():
        for key, value, sign in (("money.new", r.new_revenue, 1), ("money.lost", r.lost_revenue, -1)):
            v = float(value or 0.0)
            rows.append(
                {
                    "period_end": pd.Timestamp(r.period_end),
                    "period_label": fmt_date(r.period_end, lang),
                    "kind": _t(key, lang),
                    "value": sign * v,
                    "value_label": ("+" if sign > 0 else "−") + fmt_money(v, lang, 0),
                }
            )
    data = pd.DataFrame(rows)
    scale = alt.Scale(
        domain=[_t("money.new", lang), _t("money.lost", lang)], range=[FLOW_COLORS["new"], FLOW_COLORS["lost"]]
    )
    ends = pd.to_datetime(balance["period_end"])
    band = _shade(_period_start(ends.min(), period), shade_until, ends.max())
    bars = (
        alt.Chart(data)
        .mark_bar(width={"band": 0.8})
        .encode(
            x=_period_x(period, lang),
            y=alt.Y("value:Q", title=_t("money.amount", lang), axis=alt.Axis(**_num_axis(lang))),
            color=alt.Color("kind:N", scale=scale, title=None, legend=alt.Legend(orient="top", labelLimit=400)),
            tooltip=[
                alt.Tooltip("period_label:N", title=_t("flows.period", lang)),
                alt.Tooltip("kind:N", title=_t("flows.flow", lang)),
                alt.Tooltip("value_label:N", title=_t("money.amount", lang)),
            ],
        )
    )
    return alt.layer(
        *([band, bars] if band is not None else [bars]),
        width=width,
        height=300,
        title=alt.TitleParams(
            _t("money.title", lang, period=t(f"period.{period}", lang)),
            subtitle=list(notes) if notes else alt.Undefined,
            anchor="start",
            fontSize=16,
        ),
    )


def no_loss_before(summary: Summary, definition: Definition) -> pd.Timestamp:
    """The first day a loss can show: a client is lost after ``client_months`` without
    buying, so none is before the file's first date plus the client window (opt-outs aside)."""
    return pd.Timestamp(summary.first_date) + pd.DateOffset(months=definition.client_months)


def balance_notes(
    summary: Summary, definition: Definition, lang: str = "en", *, shaded: bool = True, since=None
) -> tuple[str, ...]:
    """What the balance charts must say for this data: the first months cannot show losses
    (``shaded`` on the time charts; for a bridge starting at ``since``, said only when it
    starts before the first possible loss), and opt-outs without a date count as lost on
    the as-of date, so all in the last period (DESIGN.md, «opt-out»)."""
    until = no_loss_before(summary, definition)
    notes = []
    fields = {
        "client": definition.client_months,
        "first": fmt_date(summary.first_date, lang),
        "date": fmt_date(until, lang),
    }
    if until > pd.Timestamp(summary.as_of):  # the whole file is shorter than the client window
        notes.append(_t("no_loss_yet", lang, **fields))
    elif shaded or since is None or pd.Timestamp(since) < until:
        notes.append(_t("no_loss_note", lang, **fields) if shaded else _t("no_loss_plain", lang, **fields))
    n = summary.undated_opt_outs
    if definition.opt_out_lost and n:
        notes.append(_t("opt_out_note", lang, n=fmt_int(n, lang)))
    return tuple(notes)


def _shade(start: pd.Timestamp, until: pd.Timestamp | None, end: pd.Timestamp) -> alt.Chart | None:
    """A light band over the periods where no loss can show yet (see ``no_loss_before``)."""
    if until is None or until <= start:
        return None
    # Inline: two dates of the calendar, part of a chart's layout (``Plan``), not of its data.
    band = alt.InlineData(values=[{"a": start.isoformat(), "b": min(until, end).isoformat()}])
    return alt.Chart(band).mark_rect(color="#000000", opacity=0.07).encode(x="a:T", x2="b:T")


# ---------------------------------------------------------------- history and transitions

_HISTORY_STAGES = list(CLIENT_STAGES)


def history_chart(
    history: pd.DataFrame,
    lang: str = "en",
    period: str = "month",
    *,
    width: int = WIDTH,
    notes: tuple[str, ...] = (),
    shade_until: pd.Timestamp | None = None,
) -> alt.TopLevelMixin:
    """Client counts by stage at each period end, stacked (lost customers are not clients)."""
    return history_plan(history, lang, period, width=width, notes=notes, shade_until=shade_until).chart()


def history_plan(
    history: pd.DataFrame,
    lang: str = "en",
    period: str = "month",
    *,
    width: int = WIDTH,
    notes: tuple[str, ...] = (),
    shade_until: pd.Timestamp | None = None,
) -> Plan:
    """``history_chart`` as a ``Plan``."""
    h = history[history["stage"].isin(_HISTORY_STAGES)].copy()
    h["period_end"] = pd.to_datetime(h["period_end"])
    h["stage_label"] = [stage_label(s, lang) for s in h["stage"]]
    h["order"] = h["stage"].map({s: i for i, s in enumerate(_HISTORY_STAGES)})
    h["count_label"] = [fmt_int(v, lang) for v in h["count"]]
    h["period_label"] = [fmt_date(d, lang) for d in h["period_end"]]
    by_segment = "segment" in h.columns
    span = (None, None) if by_segment else (_period_start(h["period_end"].min(), period), h["period_end"].max())
    layout = ("history", lang, period, width, tuple(notes), shade_until, *span, by_segment)
    return Plan(h, layout, functools.partial(_draw_history, lang, period, width, tuple(notes), shade_until, span))


def _draw_history(lang, period, width, notes, shade_until, span, h: pd.DataFrame) -> alt.TopLevelMixin:
    tooltip = [
        alt.Tooltip("period_label:N", title=_t("flows.period", lang)),
        alt.Tooltip("stage_label:N", title=_t("stage", lang)),
        alt.Tooltip("count_label:N", title=_t("funnel.count", lang)),
    ]
    by_segment = "segment" in h.columns
    if by_segment:
        tooltip.insert(0, alt.Tooltip("segment:N", title=_t("segment", lang)))
    chart = (
        alt.Chart()
        .mark_area(opacity=0.9)
        .encode(
            x=alt.X("period_end:T", title=None, axis=alt.Axis(**_date_axis(lang), labelAngle=0)),
            y=alt.Y("count:Q", stack="zero", title=_t("bridge.clients", lang), axis=alt.Axis(**_num_axis(lang))),
            color=alt.Color(
                "stage_label:N", scale=_stage_scale(_HISTORY_STAGES, lang), title=None, legend=alt.Legend(orient="top")
            ),
            order=alt.Order("order:Q"),
            tooltip=tooltip,
        )
    )
    title = alt.TitleParams(
        _t("history.title", lang, period=t(f"period.{period}", lang)),
        subtitle=[_t("history.note", lang), *notes],
        anchor="start",
        fontSize=16,
    )
    if by_segment:
        return (
            chart.properties(width=width, height=150)
            .facet(row=alt.Row("segment:N", title=None, header=_ROW_HEADER), data=h)
            .properties(title=title)
        )
    band = _shade(*span[:1], shade_until, span[1])
    layers = [band, chart] if band is not None else [chart]  # behind: the areas keep their colours
    return alt.layer(*layers, width=width, height=320, title=title, data=h)


# ---------------------------------------------------------------- the four indicators over time

# Each indicator with its unit and the base it is computed on (``kpis.kpi_series``'s columns).
_SERIES_PANELS = (
    ("activity_rate", "ratio", "clients", "base_clients"),
    ("repeat_purchase_rate", "ratio", "clients_year_before", "base_before"),
    ("average_basket", "money", "purchases", "base_purchases"),
    ("purchase_frequency", "number", "buyers", "base_buyers"),
)


def kpi_series_frame(series: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The indicators over time, one row per date and indicator, with their labels in ``lang``."""
    writers = {
        "ratio": lambda v: fmt_pct(v, lang),
        "money": lambda v: fmt_money(v, lang),
        "number": lambda v: fmt_number(v, lang, 2),
    }
    rows = []
    for r in series.itertuples(index=False):
        for key, unit, base, base_key in _SERIES_PANELS:
            value = getattr(r, key)
            value = None if value is None or value != value else float(value)
            n = int(getattr(r, base))
            rows.append(
                {
                    "period_end": pd.Timestamp(r.period_end),
                    "period_label": fmt_date(r.period_end, lang),
                    "kpi": key,
                    "kpi_label": t(f"kpi.{key}", lang),
                    "value": value,
                    "value_label": "–" if value is None else writers[unit](value),
                    "base_label": _base_label(base_key, fmt_int(n, lang), lang),
                }
            )
    return pd.DataFrame(rows)


def _base_label(which: str, n: str, lang: str) -> str:
    if which == "base_clients":
        return _t("kpis.base_clients", lang, n=n)
    if which == "base_before":
        return _t("kpis.base_before", lang, n=n)
    if which == "base_purchases":
        return _t("kpis.base_purchases", lang, n=n)
    return _t("kpis.base_buyers", lang, n=n)


def kpi_series_chart(
    series: pd.DataFrame, lang: str = "en", period: str = "month", *, width: int = WIDTH, has_amount: bool = True
) -> alt.TopLevelMixin:
    """Activity rate, repeat-purchase rate, average basket and purchase frequency at each date
    of ``series`` (``kpis.kpi_series``): one panel each, one above the other, each with its
    own scale (two shares, an amount, a number of purchases)."""
    data = kpi_series_frame(series, lang)
    tooltip = [
        alt.Tooltip("period_label:N", title=_t("flows.period", lang)),
        alt.Tooltip("kpi_label:N", title=_t("kpis.indicator", lang)),
        alt.Tooltip("value_label:N", title=_t("kpis.value", lang)),
        alt.Tooltip("base_label:N", title=_t("kpis.base", lang)),
    ]
    axes = {
        "ratio": {"format": ".0%"},
        "money": {"format": ",.2~f"},  # an amount that moves by cents as well as by hundreds
        "number": {"format": ",.2~f"},
    }
    x = alt.X("period_end:T", title=None, axis=alt.Axis(**_date_axis(lang), labelAngle=0))
    panels = []
    for key, unit, _base, _ in _SERIES_PANELS:
        if key == "average_basket" and not has_amount:
            continue
        zero = unit == "ratio"  # shares read against 0 to 100 %; an amount or a rhythm by its moves
        y_scale = alt.Scale(domain=[0, 1]) if zero else alt.Scale(zero=False)
        panels.append(
            alt.Chart()
            .transform_filter(alt.datum.kpi == key)
            .mark_line(point=True, color=COLORS["active"])
            .encode(
                x=x,
                y=alt.Y("value:Q", title=None, scale=y_scale, axis=alt.Axis(**axes[unit])),
                tooltip=tooltip,
            )
            .properties(
                width=width,
                height=110,
                title=alt.TitleParams(t(f"kpi.{key}", lang), anchor="start", fontSize=13),
            )
        )
    title = alt.TitleParams(
        _t("kpis.title_half", lang) if period == "half" else _t("kpis.title_month", lang),
        subtitle=[_t("kpis.note", lang)],
        anchor="start",
        fontSize=16,
    )
    return alt.vconcat(*panels, spacing=18, title=title, data=data)


def transitions_chart(
    matrix: pd.DataFrame, lang: str = "en", *, start=None, end=None, width: int = 520
) -> alt.TopLevelMixin:
    """A matrix of counts and row percentages: stage at the first date (rows) to the second (columns)."""
    return transitions_plan(matrix, lang, start=start, end=end, width=width).chart()


def transitions_plan(matrix: pd.DataFrame, lang: str = "en", *, start=None, end=None, width: int = 520) -> Plan:
    """``transitions_chart`` as a ``Plan``."""
    m = matrix.copy()
    totals = m.sum(axis=1)
    rows = []
    for frm in m.index:
        for to in m.columns:
            n = int(m.loc[frm, to])
            share = n / totals[frm] if totals[frm] else None
            rows.append(
                {
                    "from": _t("transitions.not_yet", lang) if frm == NOT_YET else stage_label(frm, lang),
                    "to": stage_label(to, lang),
                    "count": n,
                    "share": share if share is not None else 0.0,
                    "label": f"{fmt_int(n, lang)}\n{fmt_pct(share, lang, 0)}" if n else "",
                    "count_label": fmt_int(n, lang),
                    "share_label": fmt_pct(share, lang),
                    # A move towards dormant or lost is the risk: drawn in its own colour.
                    "risk": bool(to in ("dormant", "lost") and to != frm),
                }
            )
    data = pd.DataFrame(rows)
    order_from = [_t("transitions.not_yet", lang) if s == NOT_YET else stage_label(s, lang) for s in m.index]
    order_to = [stage_label(s, lang) for s in m.columns]
    a = fmt_date(start, lang) if start is not None else "…"
    b = fmt_date(end, lang) if end is not None else "…"
    layout = ("transitions", lang, a, b, tuple(order_from), tuple(order_to), width)
    return Plan(data, layout, functools.partial(_draw_transitions, lang, a, b, order_from, order_to, width))


def _draw_transitions(lang, a, b, order_from, order_to, width, data: pd.DataFrame) -> alt.TopLevelMixin:
    base = alt.Chart().encode(
        x=alt.X(
            "to:N",
            sort=order_to,
            title=_t("transitions.to", lang, date=b),
            axis=alt.Axis(orient="top", labelAngle=0, labelLimit=140, grid=False, ticks=False, domain=False),
        ),
        y=alt.Y(
            "from:N",
            sort=order_from,
            title=_t("transitions.from", lang, date=a),
            axis=alt.Axis(labelLimit=200, grid=False, ticks=False, domain=False),
        ),
    )
    tooltip = [
        alt.Tooltip("from:N", title=_t("transitions.from", lang, date=a)),
        alt.Tooltip("to:N", title=_t("transitions.to", lang, date=b)),
        alt.Tooltip("count_label:N", title=_t("funnel.count", lang)),
        alt.Tooltip("share_label:N", title=_t("transitions.row_share", lang)),
    ]

    def heat_of(risk: bool, scheme: str):
        return (
            base.mark_rect(stroke="white", strokeWidth=2)
            .encode(
                color=alt.condition(
                    alt.datum.count > 0,
                    alt.Color("share:Q", scale=alt.Scale(scheme=scheme, domain=[0, 1]), legend=None),
                    alt.value("#f5f5f5"),
                ),
                tooltip=tooltip,
            )
            .transform_filter(alt.datum.risk if risk else ~alt.datum.risk)
        )

    heat = alt.layer(heat_of(False, "blues"), heat_of(True, "oranges")).resolve_scale(color="independent")
    text = base.mark_text(fontSize=12, lineBreak="\n").encode(
        text="label:N",
        color=alt.condition(alt.datum.share > 0.55, alt.value("white"), alt.value("#222222")),
        tooltip=tooltip,
    )
    return alt.layer(
        heat,
        text,
        width=width,
        height=52 * len(order_from),
        title=alt.TitleParams(
            _t("transitions.title", lang, a=a, b=b),
            subtitle=_t("transitions.risk", lang),
            anchor="start",
            fontSize=16,
        ),
        data=data,
    )


# ---------------------------------------------------------------- thresholds


def thresholds_chart(
    summary: Summary, definition: Definition, lang: str = "en", *, width: int = WIDTH
) -> alt.TopLevelMixin:
    """The distribution of gaps between consecutive purchases, with the thresholds drawn on it."""
    gaps = purchase_gaps(summary) / DAYS_PER_MONTH
    title = alt.TitleParams(_t("gaps.title", lang), anchor="start", fontSize=16)
    if len(gaps) == 0:
        return (
            alt.Chart(pd.DataFrame({"t": [_t("gaps.none", lang)]}))
            .mark_text(fontSize=14)
            .encode(text="t:N")
            .properties(width=width, height=120, title=title)
        )
    top = max(float(np.percentile(gaps, 99)), definition.client_months + 1)
    edges = np.arange(0, np.ceil(top) + 0.5, 0.5)
    counts, _ = np.histogram(np.minimum(gaps, edges[-1] - 1e-9), bins=edges)
    hist = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "count": counts})
    hist["count_label"] = [fmt_int(c, lang) for c in hist["count"]]
    sep = "," if lang == "fr" else "."
    hist["range"] = [f"{a:g} – {b:g}".replace(".", sep) for a, b in zip(hist["start"], hist["end"])]
    bars = (
        alt.Chart(hist)
        .mark_bar(color="#999999")
        .encode(
            x=alt.X("start:Q", bin="binned", title=_t("gaps.months", lang)),
            x2="end:Q",
            y=alt.Y("count:Q", title=_t("gaps.count", lang), axis=alt.Axis(**_num_axis(lang))),
            tooltip=[
                alt.Tooltip("range:N", title=_t("gaps.months", lang)),
                alt.Tooltip("count_label:N", title=_t("gaps.count", lang)),
            ],
        )
    )
    rules = pd.DataFrame(
        [
            {
                "months": definition.new_months,
                "label": _t("thr.new", lang, n=definition.new_months),
                "stage": "new",
                "dy": 4,
            },
            {
                "months": definition.active_months,
                "label": _t("thr.active", lang, n=definition.active_months),
                "stage": "active",
                "dy": 22,
            },
            {
                "months": definition.client_months,
                "label": _t("thr.client", lang, n=definition.client_months),
                "stage": "lost",
                "dy": 40,
            },
        ]
    )
    scale = alt.Scale(domain=["new", "active", "lost"], range=[COLORS["new"], COLORS["active"], COLORS["lost"]])
    rule = (
        alt.Chart(rules)
        .mark_rule(strokeWidth=2.5)
        .encode(
            x="months:Q",
            color=alt.Color("stage:N", scale=scale, legend=None),
            tooltip=[alt.Tooltip("label:N", title=" ")],
        )
    )
    rules["right"] = rules["months"] > 0.7 * edges[-1]
    labels = [
        alt.Chart(rules[rules["right"] == side])
        .mark_text(align=align, dx=dx, baseline="top", fontSize=12, fontWeight="bold")
        .encode(
            x="months:Q",
            y=alt.Y("dy:Q", scale=None),
            text="label:N",
            color=alt.Color("stage:N", scale=scale, legend=None),
        )
        for side, align, dx in ((False, "left", 4), (True, "right", -4))
    ]
    return alt.layer(bars, rule, *labels, width=width, height=300, title=title)


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
                title=_t("sens.months", lang, which=name),
                scale=alt.Scale(zero=False, nice=False),
                axis=alt.Axis(tickMinStep=1),
            ),
            y=alt.Y("count:Q", title=_t("sens.count", lang), axis=alt.Axis(**_num_axis(lang))),
            color=alt.Color(
                "stage_label:N", scale=_stage_scale(list(order), lang), title=None, legend=alt.Legend(orient="top")
            ),
            tooltip=[
                alt.Tooltip("months:Q", title=_t("sens.months", lang, which=name)),
                alt.Tooltip("stage_label:N", title=_t("stage", lang)),
                alt.Tooltip("count_label:N", title=_t("sens.count", lang)),
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
        title=alt.TitleParams(_t("sens.title", lang, which=name), anchor="start", fontSize=16),
        data=f,
    )


# ---------------------------------------------------------------- the three facts


@dataclass(frozen=True)
class Facts:
    """What every exported chart states: definition, total clients, period, source, export date."""

    definition_text: str
    clients_total: int
    first_date: pd.Timestamp
    last_date: pd.Timestamp
    as_of: pd.Timestamp
    source: str
    exported: dt.date
    segment: str | None = None

    @classmethod
    def from_stages(
        cls, stages: Stages, source: str, lang: str = "en", exported: dt.date | None = None, segment: str | None = None
    ) -> Facts:
        s = stages.summary
        return cls(
            stages.definition.text(lang, s.as_of),
            stages.clients_total,
            s.first_date,
            s.last_date,
            s.as_of,
            source,
            exported or dt.date.today(),
            segment,
        )

    def headline(self, lang: str = "en") -> str:
        """The client total, the figure a room reads first: «4,361 clients on 2025-12-31»."""
        return _t("facts.headline", lang, n=fmt_int(self.clients_total, lang), date=fmt_date(self.as_of, lang))

    def lines(self, lang: str = "en", width_chars: int = 110, *, total: bool = True) -> list[str]:
        """The definition, the period (with the client total unless it is the headline), the source."""
        out = textwrap.wrap(self.definition_text, width_chars)
        period = _t(
            "facts.period",
            lang,
            a=fmt_date(self.first_date, lang),
            b=fmt_date(self.last_date, lang),
            c=fmt_date(self.as_of, lang),
        )
        out.append(
            _t("facts.clients", lang, n=fmt_int(self.clients_total, lang)) + "   ·   " + period if total else period
        )
        parts = [_t("facts.source", lang, file=marks_shown(self.source), date=fmt_date(self.exported, lang))]
        if self.segment:
            parts.insert(0, _t("facts.segment", lang, segment=marks_shown(self.segment)))
        # A segment or a file name can be long: on a line of its own then, wrapped like the
        # definition, not widening the picture.
        if len("   ·   ".join(parts)) <= width_chars:
            parts = ["   ·   ".join(parts)]
        out += [line for part in parts for line in textwrap.wrap(part, width_chars)]
        return out


def _chart_title(chart) -> tuple[str, list[str]]:
    title = chart.to_dict().get("title", "")
    if isinstance(title, dict):
        sub = title.get("subtitle", [])
        return title.get("text", ""), [sub] if isinstance(sub, str) else list(sub)
    return str(title or ""), []


HEADLINE_COLOR = "#0B4F8A"


def annotate(chart, facts: Facts, lang: str = "en", width: int = WIDTH) -> alt.TopLevelMixin:
    """The client total as a headline, the definition, the period, the source and the
    export date under it, then the chart with its own title and notes."""
    text, subtitle = _chart_title(chart)
    width_chars = max(60, int(width / 6.4))
    lines = facts.lines(lang, width_chars, total=False)
    notes = [line for s in subtitle for line in textwrap.wrap(s, width_chars)]
    inner = chart.properties(
        title=alt.TitleParams(
            text or " ",
            subtitle=notes or alt.Undefined,
            anchor="start",
            fontSize=17,
            subtitleFontSize=12,
            subtitleColor="#333333",
            offset=12,
        )
    )
    return _config(
        lang=lang,
        chart=alt.vconcat(inner, padding={"left": 16, "right": 24, "top": 12, "bottom": 12})
        # The chart keeps its legends: lifted to the frame, a top legend was drawn above the
        # chart's own title, between it and the headline.
        .resolve_legend(color="independent", fill="independent", stroke="independent")
        .properties(
            title=alt.TitleParams(
                facts.headline(lang),
                subtitle=lines,
                anchor="start",
                fontSize=26,
                fontWeight="bold",
                color=HEADLINE_COLOR,
                subtitleFontSize=12,
                subtitleColor="#555555",
                subtitlePadding=8,
                offset=18,
            )
        ),
    )


SLIDE_TEXT = 1.4  # a slide's chart writes every text this much larger than the page's
SLIDE_MIN_FONT = 16  # pixels: no text of a slide's chart is drawn smaller


def larger_text(spec: dict, factor: float, least: float) -> dict:
    """Every text of ``spec`` ``factor`` times larger and never under ``least`` pixels, with
    the room its labels may take grown alike (in place; for a page read from afar)."""

    def bigger(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key.lower().endswith("fontsize") and isinstance(value, int | float):
                    node[key] = max(least, round(value * factor, 1))
                elif key in ("labelLimit", "limit", "minExtent") and isinstance(value, int | float):
                    node[key] = round(value * factor)  # room for the larger text
                else:
                    bigger(value)
        elif isinstance(node, list):
            for item in node:
                bigger(item)

    bigger(spec)
    # Texts that take Vega's default size (11 px) are given the least size too.
    config = spec.setdefault("config", {})
    for part in ("axis", "legend", "header"):
        for key in ("labelFontSize", "titleFontSize"):
            config.setdefault(part, {}).setdefault(key, least)
    config.setdefault("title", {}).setdefault("fontSize", least)
    config.setdefault("title", {}).setdefault("subtitleFontSize", least)
    config.setdefault("text", {}).setdefault("fontSize", least)
    config.setdefault("mark", {}).setdefault("fontSize", least)
    return spec


def slide_spec(chart, lang: str = "en") -> tuple[dict, list[str]]:
    """The chart as a slide shows it: without its title and notes (the slide says them in
    its own text), every text larger, in the reader's locale; and the notes it took off."""
    _, notes = _chart_title(chart)
    spec = styled(chart).to_dict()
    spec.pop("title", None)
    spec["config"]["locale"] = vega_locale(lang)
    larger_text(spec, SLIDE_TEXT, SLIDE_MIN_FONT)
    spec["padding"] = {"left": 5, "top": 5, "bottom": 5, "right": 150}  # a bar's note may run past the plot
    return spec, notes


def annotation_text(spec: dict) -> str:
    """Every line of text an annotated chart's spec prints above the chart (for tests and checks)."""
    chart = spec["vconcat"][0]["title"]
    return "\n".join([spec["title"]["text"], *spec["title"]["subtitle"], chart["text"], *chart.get("subtitle", [])])


def styled(chart) -> alt.TopLevelMixin:
    """The chart with the project's font and axes, for display in the app at the page's width.

    The sizing is ours to say: left alone, Streamlit stretches a single or layered chart with
    autosize "fit", which makes the declared height the *whole* chart's (title, subtitles and
    axis included), so a funnel of five bands got about 40 px of plot. "fit-x" fits the
    width to the page and keeps each chart's height for its plot. Panels side by side
    (hconcat) keep their own size: Vega-Lite cannot fit the width of nested compositions.
    """
    return _config(chart).properties(autosize=alt.AutoSizeParams(**_autosize(chart)))


def _autosize(chart) -> dict:
    nested = isinstance(chart, alt.HConcatChart) or (
        isinstance(chart, alt.VConcatChart)
        and any(isinstance(c, alt.HConcatChart | alt.VConcatChart) for c in chart.vconcat)
    )
    return {"type": "pad" if nested else "fit-x", "contains": "padding"}


@functools.cache
def _style() -> dict:
    return _config(alt.Chart()).to_dict(validate=False)["config"]


def styled_spec(chart) -> dict:
    """``styled(chart).to_dict()``, as the app sends it, without Altair's copies of the chart
    and its schema validation (15 to 45 ms a chart, on every slider move). The charts are
    validated where they are built and exported; a test keeps both paths equal."""
    spec = chart.to_dict(validate=False)
    config = spec.setdefault("config", {})
    for key, value in _style().items():
        config[key] = (
            {**config[key], **value} if isinstance(value, dict) and isinstance(config.get(key), dict) else value
        )
    spec["autosize"] = _autosize(chart)
    return spec


# ---------------------------------------------------------------- customer value


def value_note(v, lang: str = "en") -> str:
    """What every value chart states: the fit period, the horizon, the discount rate, the margin."""
    return _t(
        "value.note",
        lang,
        start=fmt_date(v.fit_start, lang),
        end=fmt_date(v.fit_end, lang),
        horizon=v.horizon_months,
        discount=fmt_pct(v.discount, lang, _rate_digits(v.discount)),
        margin=fmt_pct(v.margin, lang, _rate_digits(v.margin)),
    )


def _rate_digits(x: float) -> int:
    """The decimals a rate the user typed needs in percent (2.5 % is not «2 %»), up to two."""
    return next((d for d in (0, 1) if abs(round(100 * x, d) - 100 * x) < 1e-9), 2)


def alive_chart(table: pd.DataFrame, note: str, lang: str = "en", *, width: int = WIDTH) -> alt.TopLevelMixin:
    """Per stage, the probability that the model gives a customer of still buying: the middle
    half of the stage (bar from the first to the third quartile), its median (tick) and mean
    (dot), and how many it rates likely alive."""
    data = table.assign(
        stage_label=[stage_label(s, lang) for s in table["stage"]],
        likely_label=[
            _t("alive.likely", lang, n=fmt_int(n, lang), of=fmt_int(c, lang))
            for n, c in zip(table["likely_alive"], table["customers"])
        ],
        mean_label=[fmt_pct(v, lang, 0) for v in table["p_alive_mean"]],
    )
    # Each row names its stage and how many the model rates likely alive: on the axis, so
    # that nothing is drawn outside the plot (a page narrower than the chart would cut it).
    data["row_label"] = [f"{a} · {b}" for a, b in zip(data["stage_label"], data["likely_label"])]
    order = list(data["row_label"])
    shown = list(table["stage"])
    y = alt.Y("row_label:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=360, minExtent=130))
    x_scale = alt.Scale(domain=[0, 1])
    tooltip = [
        alt.Tooltip("stage_label:N", title=_t("stage", lang)),
        alt.Tooltip("mean_label:N", title=_t("alive.mean", lang)),
        alt.Tooltip("likely_label:N", title=_t("alive.likely_title", lang)),
    ]
    base = alt.Chart(data).encode(y=y)
    band = base.mark_bar(height={"band": 0.5}, opacity=0.35, cornerRadius=2).encode(
        x=alt.X(
            "p_alive_p25:Q",
            scale=x_scale,
            title=_t("alive.axis", lang),
            axis=alt.Axis(format="%", labelFontSize=12, tickCount=10),
        ),
        x2="p_alive_p75:Q",
        color=alt.Color("row_label:N", scale=alt.Scale(domain=order, range=[COLORS[x] for x in shown]), legend=None),
        tooltip=tooltip,
    )
    median = base.mark_tick(thickness=3, size=26, color="#333333").encode(x="p_alive_median:Q", tooltip=tooltip)
    mean = base.mark_point(filled=True, size=70, color="#111111").encode(x="p_alive_mean:Q", tooltip=tooltip)
    title = alt.TitleParams(
        _t("alive.title", lang),
        subtitle=[_t("alive.legend", lang), _t("alive.once", lang), note],
        anchor="start",
        fontSize=16,
    )
    return alt.layer(band, median, mean, width=width, height=44 * len(data), title=title)


def calibration_chart(cal: dict, start, lang: str = "en", *, width: int = WIDTH) -> alt.TopLevelMixin:
    """Purchases per customer in the held-out months, what happened against what the model
    fitted before them predicted, by the number of repeat purchases before."""
    t_actual, t_predicted = _t("calib.actual", lang), _t("calib.predicted", lang)
    rows = []
    for r in cal["by_repeat_purchases"].itertuples(index=False):
        for what, v in ((t_actual, r.actual), (t_predicted, r.predicted)):
            rows.append(
                {
                    "group": r.repeat_purchases,
                    "what": what,
                    "value": v,
                    "value_label": fmt_money(v, lang, 2),
                    "customers": fmt_int(r.customers, lang),
                }
            )
    data = pd.DataFrame(rows)
    groups = list(cal["by_repeat_purchases"]["repeat_purchases"])
    error = cal["error"]
    subtitle = [
        _t(
            "calib.legend",
            lang,
            start=fmt_date(start, lang),
            end=fmt_date(cal["fit_end"], lang),
            months=cal["holdout_months"],
            error=fmt_pct(error, lang) if error is not None else "–",
        ),
        _t("calib.note", lang),
    ]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("group:N", sort=groups, title=_t("calib.x", lang), axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("what:N", sort=[t_actual, t_predicted]),
            y=alt.Y(
                "value:Q", title=_t("calib.y", lang, months=cal["holdout_months"]), axis=alt.Axis(**_num_axis(lang))
            ),
            color=alt.Color(
                "what:N",
                sort=[t_actual, t_predicted],
                scale=alt.Scale(range=["#4C78A8", "#F58518"]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=_t("calib.x", lang)),
                alt.Tooltip("what:N", title=" "),
                alt.Tooltip("value_label:N", title=_t("calib.y", lang, months=cal["holdout_months"])),
                alt.Tooltip("customers:N", title=_t("calib.customers", lang)),
            ],
        )
        .properties(
            width=width,
            height=300,
            title=alt.TitleParams(_t("calib.title", lang), subtitle=subtitle, anchor="start", fontSize=16),
        )
    )
