"""The three facts every exported chart carries (the definition, the number of clients, the period) with the source and export date; the larger text of a slide's chart."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd

from ...locale.formats import vega_locale
from ...locale.i18n import fmt_date, fmt_int
from ...model.stages import Stages
from ...reading.parse import marks_shown
from .base import WIDTH, chart_text, style_config, styled_spec

__all__ = ["HEADLINE_COLOR", "Facts", "annotate", "annotation_text", "larger_text", "slide_spec"]


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
        return chart_text("facts.headline", lang, n=fmt_int(self.clients_total, lang), date=fmt_date(self.as_of, lang))

    def lines(self, lang: str = "en", width_chars: int = 110, *, total: bool = True) -> list[str]:
        """The definition, the period (with the client total unless it is the headline), the source."""
        out = textwrap.wrap(self.definition_text, width_chars)
        period = chart_text(
            "facts.period",
            lang,
            a=fmt_date(self.first_date, lang),
            b=fmt_date(self.last_date, lang),
            c=fmt_date(self.as_of, lang),
        )
        out.append(
            chart_text("facts.clients", lang, n=fmt_int(self.clients_total, lang)) + "   ·   " + period
            if total
            else period
        )
        parts = [chart_text("facts.source", lang, file=marks_shown(self.source), date=fmt_date(self.exported, lang))]
        if self.segment:
            parts.insert(0, chart_text("facts.segment", lang, segment=marks_shown(self.segment)))
        # A segment or a file name can be long: on a line of its own then, wrapped like the
        # definition, not widening the picture.
        if len("   ·   ".join(parts)) <= width_chars:
            parts = ["   ·   ".join(parts)]
        out += [line for part in parts for line in textwrap.wrap(part, width_chars)]
        return out


def _chart_title(chart) -> tuple[str, list[str]]:
    """The chart's title and notes, read from its ``title`` (``to_dict`` would copy and
    validate the whole chart for them)."""
    title = chart.title
    if isinstance(title, alt.SchemaBase):
        title = title.to_dict(validate=False)
    if isinstance(title, dict):
        sub = title.get("subtitle", [])
        return title.get("text", ""), [sub] if isinstance(sub, str) else list(sub or [])
    return ("" if title is alt.Undefined else str(title or "")), []


HEADLINE_COLOR = "#0B4F8A"


def annotate(chart, facts: Facts, lang: str = "en", width: int = WIDTH) -> alt.TopLevelMixin:
    """The client total as a headline, the definition, the period, the source and the
    export date under it, then the chart with its own title and notes.

    Built in one constructor: each later ``properties``, ``resolve_*`` or ``configure_*``
    call would copy the chart, and Altair copies a layered or concatenated chart's parts
    again at each copy (two thirds of an export's time on the sample)."""
    text, subtitle = _chart_title(chart)
    width_chars = max(60, int(width / 6.4))
    lines = facts.lines(lang, width_chars, total=False)
    notes = [line for s in subtitle for line in textwrap.wrap(s, width_chars)]
    framed = alt.vconcat(
        chart,
        padding={"left": 16, "right": 24, "top": 12, "bottom": 12},
        # The chart keeps its legends: lifted to the frame, a top legend was drawn above the
        # chart's own title, between it and the headline.
        resolve=alt.Resolve(
            legend=alt.LegendResolveMap(
                color="independent", fill="independent", stroke="independent", strokeDash="independent"
            )
        ),
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
        ),
        config=style_config(lang),
    )
    # The frame's own copy of the chart takes its title in place: no copy more.
    framed.vconcat[0].title = alt.TitleParams(
        text or " ",
        subtitle=notes or alt.Undefined,
        anchor="start",
        fontSize=17,
        subtitleFontSize=12,
        subtitleColor="#333333",
        offset=12,
    )
    return framed


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
    spec = styled_spec(chart)
    spec.pop("title", None)
    spec["config"]["locale"] = vega_locale(lang)
    larger_text(spec, SLIDE_TEXT, SLIDE_MIN_FONT)
    spec["padding"] = {"left": 5, "top": 5, "bottom": 5, "right": 150}  # a bar's note may run past the plot
    return spec, notes


def annotation_text(spec: dict) -> str:
    """Every line of text an annotated chart's spec prints above the chart (for tests and checks)."""
    chart = spec["vconcat"][0]["title"]
    return "\n".join([spec["title"]["text"], *spec["title"]["subtitle"], chart["text"], *chart.get("subtitle", [])])
