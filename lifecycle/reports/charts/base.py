"""What every chart shares: the font, widths, axes in the reader's language, the stage colours, the style of every chart, and ``Plan`` (a chart's data apart from its layout, redrawn in the browser by ``live_spec``); the notes and shading of the charts over time."""

from __future__ import annotations

import functools
import json
import textwrap
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import ClassVar

import altair as alt
import numpy as np
import pandas as pd

from ...analysis import Analysis
from ...definition import Definition
from ...errors import LifecycleError
from ...locale.formats import currency_symbol, vega_locale
from ...locale.i18n import fmt_date, fmt_int, stage_label, t
from ...model.summary import Summary
from ...vocabulary import COLORS

__all__ = [
    "AXIS_EXTENT",
    "LIVE_TABLE",
    "NOTE_LINE",
    "PANELS_PER_ROW",
    "ROW_HEADER",
    "TIME_UNIT",
    "WIDTH",
    "Chart",
    "Options",
    "Plan",
    "Written",
    "balance_notes",
    "bridge_dates",
    "chart_text",
    "date_axis",
    "default_bridge_start",
    "in_currency",
    "json_records",
    "live_spec",
    "needs_history",
    "no_loss_before",
    "num_axis",
    "period_start",
    "period_ticks",
    "period_x",
    "shade",
    "span",
    "stage_scale",
    "style_config",
    "styled",
    "styled_spec",
    "wrap_subtitles",
    "written",
    "year_ago",
]

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"  # vl-convert embeds Liberation Sans
WIDTH = 720
PANELS_PER_ROW = 3  # segment panels of the funnel, a row (two on a page of ``WIDTH``)
# Every chart here draws tables already aggregated (per period and stage, per segment): a
# history from 1900 has 6,000 rows, which Altair's default 5,000-row guard would refuse.
# The guard stays, far above any aggregate, for a chart handed raw rows by mistake.
alt.data_transformers.enable("default", max_rows=200_000)


ROW_HEADER = alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start", labelFontSize=13, labelFontWeight="bold")


def chart_text(key: str, lang: str, **kw) -> str:
    return t(f"chart.{key}", lang, **kw)


def in_currency(label: str, lang: str) -> str:
    """An axis or panel title of money with its currency: «Montant (€)»."""
    return chart_text("in_currency", lang, label=label, symbol=currency_symbol(lang))


def num_axis(lang: str, money: bool = False) -> dict:
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
TIME_UNIT = {"month": "yearmonth", "quarter": "yearquarter", "year": "year"}


class Written(alt.SchemaBase):
    """A part of a chart already written as its Vega-Lite dict, put into a concatenation.

    Altair deep-copies every chart object it concatenates, at each level of nesting: the
    by-segment funnel (six segments' columns of layered panels, in rows) spent three
    quarters of its 0.7 s in those copies. Written out once, a part is kept as its JSON
    text, copied by reference and read back when the whole chart is written. Altair has
    no setting for this, hence the class."""

    _schema: ClassVar[dict] = {"type": "object"}
    data = alt.Undefined  # no table of its own: it reads the one of the chart it is part of

    def __init__(self, spec: dict | None = None, *, written: str | None = None) -> None:
        super().__init__(written=written if written is not None else json.dumps(spec))

    def __deepcopy__(self, memo=None) -> Written:
        return self  # never changed once written

    def to_dict(self, validate: bool = True, *, ignore=None, context=None) -> dict:
        return json.loads(self._kwds["written"])


def written(chart: alt.TopLevelMixin) -> Written:
    """``chart`` as a ``Written`` part (see there)."""
    # As a part writes it: no "$schema", and a table given by the chart it goes into.
    return Written(chart.to_dict(validate=False, context={"top_level": False, "data": None}))


MONTHS_PER = {"month": 1, "quarter": 3, "year": 12}
TICK_STEPS = (1, 2, 3, 6, 12, 24, 60)  # months between two labels of a time axis
LABEL_ROOM = 100  # px a month's label takes with the gap after it: «sept. 2025» on a slide, at 17 px


def period_ticks(ends, period: str, width: float) -> list[pd.Timestamp]:
    """The first days of the months a time axis of bars labels: evenly spaced, at the
    first month of a quarter, half-year or year when labels are that far apart, and only
    within the bars (Vega's own ticks, thinned where labels touch, left uneven steps, and
    a label for the month after the last bar)."""
    months = MONTHS_PER.get(period, 1)
    # Where the bars stand: each end's month, quarter or year (the last period may end early,
    # on the as-of date).
    unit = {"quarter": "Q", "year": "Y"}.get(period, "M")
    firsts = sorted({pd.Timestamp(e).to_period(unit).start_time.normalize() for e in ends})
    if not firsts:
        return []
    first, last = firsts[0], firsts[-1]
    span = (last.year - first.year) * 12 + last.month - first.month + months
    per_month = width / max(span, 1)
    step = next((k for k in TICK_STEPS if k % months == 0 and k * per_month >= LABEL_ROOM), TICK_STEPS[-1])
    every = pd.date_range(first, last, freq="MS")
    return [m for m in every if (m.year * 12 + m.month - 1) % step == 0] or [first]


def period_x(period: str, lang: str, ends=None, width: float | None = None, **axis) -> alt.X:
    """A time axis of bars, one a period; labelled at ``period_ticks`` when given the
    periods' ends and the chart's width. A bar a year is labelled with its year alone
    («2024», not «janv. 2024»)."""
    yearly = period == "year"
    if ends is not None and width:
        # A year's label stands under the middle of its bar (1 July), a month's at its start.
        values = [
            alt.DateTime(year=m.year, month=7 if yearly else m.month, date=1) for m in period_ticks(ends, period, width)
        ]
        axis = {"values": values, "labelFlush": False, **axis}
    labels = {"format": "%Y"} if yearly else date_axis(lang)
    return alt.X(
        f"{TIME_UNIT.get(period, 'yearmonth')}(period_end):T",
        title=None,
        axis=alt.Axis(**labels, labelAngle=0, **axis),
    )


def date_axis(lang: str) -> dict:
    """«Sep 2025», «sept. 2025»: the month's name in the chart's locale."""
    return {"format": "%b %Y"}


def stage_scale(stages: list[str], lang: str) -> alt.Scale:
    return alt.Scale(domain=[stage_label(s, lang) for s in stages], range=[COLORS[s] for s in stages])


def style_config(lang: str | None = None) -> alt.Config:
    """The project's font and axes; with ``lang``, the language's number and date formats."""
    return alt.Config(
        font=FONT,
        **({"locale": vega_locale(lang)} if lang else {}),
        view=alt.ViewConfig(stroke=None),
        title=alt.TitleConfig(subtitleFontSize=12.5, subtitleColor="#333333"),  # notes readable on a projector
        axis=alt.AxisConfig(labelFontSize=12, titleFontSize=12, grid=True, gridColor="#eeeeee"),
        # Labels that would touch are dropped, not overprinted («10,00011,000» on a wide
        # funnel at 19,000 customers).
        axisQuantitative=alt.AxisConfig(labelOverlap="greedy"),
        axisTemporal=alt.AxisConfig(labelOverlap="greedy"),
        legend=alt.LegendConfig(labelFontSize=12, titleFontSize=12),
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


SUBTITLE_CHAR = 6.6  # px an average character of a 12.5 px subtitle takes (Liberation Sans), with room


def wrap_subtitles(spec: dict) -> dict:
    """``spec`` with each line of its title's subtitle wrapped to the chart's width, in place:
    the app fits a chart to the page and Vega cuts a longer line with «…», where its end
    often holds the figure (the exports wrap their notes themselves)."""
    title = spec.get("title")
    if not isinstance(title, dict) or not title.get("subtitle"):
        return spec
    width = spec.get("width")
    chars = max(40, int((width if isinstance(width, int | float) else WIDTH) / SUBTITLE_CHAR))
    lines = title["subtitle"] if isinstance(title["subtitle"], list) else [title["subtitle"]]
    title["subtitle"] = [part for line in lines for part in (textwrap.wrap(line, chars) or [""])]
    return spec


NOTE_LINE = 16  # px between two lines of notes drawn as text marks, as a subtitle's
AXIS_EXTENT = 140  # px: the stage axis, wide enough for «below the minimum» at 13 px


def period_start(end: pd.Timestamp, period: str) -> pd.Timestamp:
    months = MONTHS_PER.get(period, 1)
    return pd.Timestamp(end) - pd.DateOffset(months=months) + pd.Timedelta(days=1)


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
        notes.append(chart_text("no_loss_yet", lang, **fields))
    elif shaded or since is None or pd.Timestamp(since) < until:
        notes.append(
            chart_text("no_loss_note", lang, **fields) if shaded else chart_text("no_loss_plain", lang, **fields)
        )
    n = summary.undated_opt_outs
    if definition.opt_out_lost and n:
        notes.append(chart_text("opt_out_note", lang, n=fmt_int(n, lang)))
    return tuple(notes)


def shade(start: pd.Timestamp, until: pd.Timestamp | None, end: pd.Timestamp, lang: str) -> list[alt.Chart]:
    """A light band over the periods where no loss can show yet (see ``no_loss_before``), and
    its name at its top left: a slide carries no chart notes, and the band went unexplained.
    No layer when there is no such period."""
    if until is None or until <= start:
        return []
    # Inline: two dates of the calendar, part of a chart's layout (``Plan``), not of its data.
    band = alt.InlineData(values=[{"a": start.isoformat(), "b": min(until, end).isoformat()}])
    rect = alt.Chart(band).mark_rect(color="#000000", opacity=0.07).encode(x="a:T", x2="b:T")
    name = alt.Chart(band).mark_text(align="left", baseline="top", dx=4, dy=4, fontSize=11, color="#555555")
    return [rect, name.encode(x="a:T", y=alt.value(0), text=alt.value(chart_text("shade_name", lang)))]


# Vega's 5 px around the drawing, and more above: the accent of a title's capital («É») rose
# past the top edge and was cut.
PADDING = {"left": 5, "top": 10, "right": 5, "bottom": 5}


def styled(chart) -> alt.TopLevelMixin:
    """The chart with the project's font and axes, for display in the app at the page's width.

    The sizing is ours to say: left alone, Streamlit stretches a single or layered chart with
    autosize "fit", which makes the declared height the *whole* chart's (title, subtitles and
    axis included), so a funnel of five bands got about 40 px of plot. "fit-x" fits the
    width to the page and keeps each chart's height for its plot. Panels side by side
    (hconcat) keep their own size: Vega-Lite cannot fit the width of nested compositions.
    """
    # One copy of the chart: Altair copies a layered or concatenated chart's parts again at
    # each copy, so each ``configure_*`` or ``properties`` call more costs as much again.
    return chart.properties(config=style_config(), autosize=alt.AutoSizeParams(**_autosize(chart)), padding=PADDING)


def _autosize(chart) -> dict:
    nested = isinstance(chart, alt.HConcatChart) or (
        isinstance(chart, alt.VConcatChart)
        and any(isinstance(c, alt.HConcatChart | alt.VConcatChart) for c in chart.vconcat)
    )
    return {"type": "pad" if nested else "fit-x", "contains": "padding"}


@functools.cache
def _style_json() -> str:
    return json.dumps(alt.Chart(config=style_config()).to_dict(validate=False)["config"])


def _style() -> dict:
    """The project's config as a fresh dict: a spec's config is its own to change (a slide's
    texts are made larger in place), never the one every chart shares."""
    return json.loads(_style_json())


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
    spec["padding"] = dict(PADDING)
    return spec


# ---------------------------------------------------------------- the registry's entries


@dataclass(frozen=True)
class Options:
    """What a chart may be asked for beyond the analysis and the language (each chart reads
    the options it knows and leaves the others).

    ``start``/``end``: the span of the balance bridge, or the two dates of the transitions
    (default: the last 12 months); ``which``: the threshold the sensitivity slides;
    ``period``: month, quarter or year for the flows, money and history (default: the analysis');
    ``horizon``, ``discount``, ``margin``: the value model's; ``width``: the plot's width in
    pixels (a slide's chart is wider than a page's); ``b_new``, ``b_active``, ``b_client``:
    scenario B's thresholds for "whatif" (default: A's); ``by_segment``: one panel or series
    per segment where the chart can split.
    """

    by_segment: bool = False
    start: object = None
    end: object = None
    which: str = "active_months"
    period: str | None = None
    horizon: int = 12
    discount: float = 0.0
    margin: float = 1.0
    width: int = WIDTH
    b_new: int | None = None
    b_active: int | None = None
    b_client: int | None = None


# What a chart can need from the file, each with the words that say it is missing.
NEEDS = ("history", "amount", "segments")


@dataclass(frozen=True)
class Chart:
    """One chart: its name (its label is the message ``ui.chart.<name>``), what it needs from
    the file (``NEEDS``), how to draw it, and the line a slide says about it.

    ``draw(analysis, lang, options)`` returns an Altair chart, or a ``Plan`` for the charts a
    slider redraws on every move; ``takeaway(analysis, lang, options)`` the deck's line;
    ``slide``: the deck gives the chart a slide of its own when the data allows it;
    ``fits(analysis)``: a costlier check the deck makes before that slide (raises a
    ``LifecycleError`` that says why not); ``client_status_only``: drawn from client status
    alone, so the new and active thresholds do not change it; ``slide_width``: the slide's
    plot width as a multiple of the usual one (a grid needs room for its column names).
    """

    name: str
    draw: Callable[..., Plan | alt.TopLevelMixin]
    needs: tuple[str, ...] = ()
    takeaway: Callable[..., str] | None = None
    slide: bool = False
    fits: Callable[..., object] | None = None
    client_status_only: bool = False
    slide_width: float = 1.0

    def label(self, lang: str = "en") -> str:
        return t(f"ui.chart.{self.name}", lang)

    def why_not(self, analysis, lang: str = "en") -> str | None:
        """Why the file does not allow this chart (in ``lang``), or None when it does."""
        s = analysis.summary
        for need in self.needs:
            if need == "segments" and not s.has_segment:
                return t("unavailable.segment", lang)
            if need == "segments" and analysis.segment:  # segments side by side need the whole base
                return t("deck.one_segment", lang, segment=analysis.segment)
            if need == "history" and not s.has_history:
                return t("unavailable.history", lang)
            if need == "amount" and not s.has_amount:
                return t("unavailable.amount", lang)
        return None


def needs_history(analysis, name: str) -> None:
    """Stop with the reason when a chart over time is asked of a file without purchase history."""
    if not analysis.summary.has_history:
        raise LifecycleError.of("error.chart_history", chart=name)


def span(s: Summary, start, end) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The two dates of a bridge or of the transitions, checked: each a date within the
    file's period (its first date to the as-of date), the first before the second."""
    first, last = s.first_date.normalize(), s.as_of.normalize()
    out = []
    for option, value in (("--start", start), ("--end", end)):
        if value is None:
            out.append(None)
            continue
        try:
            ts = pd.Timestamp(value).normalize()
        except (ValueError, TypeError) as exc:
            raise LifecycleError.of("error.option_date", option=option, value=str(value)[:40]) from exc
        if not first <= ts <= last:
            raise LifecycleError.of(
                "error.option_outside",
                option=option,
                value=ts.date().isoformat(),
                first=first.date().isoformat(),
                last=last.date().isoformat(),
            )
        out.append(ts)
    if out[0] is not None and out[1] is not None and out[0] >= out[1]:
        raise LifecycleError.of("error.option_order", start=out[0].date().isoformat(), end=out[1].date().isoformat())
    return out[0], out[1]


def default_bridge_start(period_ends) -> pd.Timestamp:
    """Where the bridge starts unless told: the last period end at least 12 months before the
    last one (the as-of date), so that it covers a year; the transitions start there too."""
    ends = pd.to_datetime(pd.Series(period_ends))
    year_ago = ends.max() - pd.DateOffset(months=12)
    before = ends[ends <= year_ago]
    return pd.Timestamp(before.max() if len(before) else ends.min())


def bridge_dates(period_ends) -> tuple[list, object]:
    """The period ends a bridge can start or end on, as dates, and the one it starts on
    unless told (``default_bridge_start``): what a page's span slider offers."""
    return [pd.Timestamp(e).date() for e in period_ends], default_bridge_start(period_ends).date()


def year_ago(analysis: Analysis) -> pd.Timestamp:
    """The one date the deck calls "a year ago": the last period end at least 12 months
    before the as-of date (where the bridge and the transitions start)."""
    return default_bridge_start(analysis.balance()["period_end"])
