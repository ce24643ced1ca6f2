"""The charts, one module each, and their registry.

Each module of this folder draws one chart and ends with its entry, ``CHART = Chart(...)``
(``base.Chart``): its name, what it needs from the file, how to draw it, and the line a
slide says about it. The command line, the pages, the Export page, the deck and the
one-page summary all ask the registry. Adding a chart is one new module here and its name
in ``NAMES``.

Colours: Okabe-Ito (colour-blind safe). Opportunity stages (new, active, reactivated) in
cool colours, risk stages (dormant, lost) in warm ones, contacts without purchase in grey.
Numbers and dates in labels and tooltips are formatted in Python for the language; axes
use Vega expressions so that French gets ``1 234`` and ``31/12/2025`` in the browser too.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ...errors import LifecycleError

if TYPE_CHECKING:
    import altair as alt

    from ...analysis import Analysis
    from .base import Chart, Plan

__all__ = ["NAMES", "build_chart", "chart", "chart_inputs", "charts", "plan_or_chart"]

# Every chart, in the order menus list them and the deck shows them.
NAMES = (
    "funnel",
    "segments",
    "balance",
    "flows",
    "money",
    "history",
    "kpis",
    "transitions",
    "thresholds",
    "sensitivity",
    "whatif",
    "alive",
    "calibration",
)


def chart(name: str) -> Chart:
    """The registry's entry for ``name``. Its module is imported here, when first asked for:
    the command line's parser lists ``NAMES`` without loading Altair."""
    if name not in NAMES:
        raise LifecycleError.of("error.chart", chart=name, charts=", ".join(NAMES))
    return importlib.import_module(f"{__name__}.{name}").CHART


def charts() -> tuple[Chart, ...]:
    return tuple(chart(name) for name in NAMES)


def plan_or_chart(analysis: Analysis, name: str, lang: str = "en", **options) -> Plan | alt.TopLevelMixin:
    """What ``build_chart`` draws (``options``: those of ``base.Options``); a ``Plan`` (its
    data apart from its layout) for the charts a slider redraws on every move (the funnel, A
    against B, the stage history, the indicators over time, the sensitivity and the
    transitions), so that a page can redraw them without Altair (``base.live_spec``)."""
    from .base import Options

    entry = chart(name)
    return entry.draw(analysis, lang, Options(**options))


def build_chart(analysis: Analysis, name: str, lang: str = "en", **options) -> alt.TopLevelMixin:
    """One chart of an analysis (not yet annotated), as a page shows it: the same function
    draws the page's chart and its export, so both have the same span, dates, segment split
    and period."""
    from .base import Plan

    drawn = plan_or_chart(analysis, name, lang, **options)
    return drawn.chart() if isinstance(drawn, Plan) else drawn


def chart_inputs(analysis: Analysis, name: str, options: dict) -> str:
    """Everything ``build_chart(analysis, name, **options)`` depends on besides the data and
    the language, as text: equal texts, equal charts. A chart drawn from client status alone
    does not change with the new and active thresholds, so a page may keep it while those
    sliders move."""
    d = analysis.definition
    if chart(name).client_status_only:
        d = d.client_rule()
    return f"{name}|{analysis.period}|{sorted(options.items())!r}|{d.to_json()}"
