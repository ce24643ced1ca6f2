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

from .alive import alive_chart, value_note
from .balance import balance_bridge_chart, bridge_frame, bridge_since, default_bridge_start
from .base import (
    AXIS_EXTENT,
    FONT,
    LIVE_TABLE,
    NOTE_LINE,
    PANELS_PER_ROW,
    WIDTH,
    Plan,
    balance_notes,
    json_records,
    live_spec,
    no_loss_before,
    styled,
    styled_spec,
)
from .calibration import calibration_chart
from .facts import HEADLINE_COLOR, SLIDE_MIN_FONT, SLIDE_TEXT, Facts, annotate, annotation_text, larger_text, slide_spec
from .flows import balance_flows_chart
from .funnel import funnel_chart, funnel_frame, funnel_plan
from .history import history_chart, history_plan
from .kpis import kpi_series_chart, kpi_series_frame
from .money import balance_money_chart
from .segments import segments_chart
from .sensitivity import sensitivity_chart, sensitivity_frame, sensitivity_plan
from .thresholds import thresholds_chart
from .transitions import transitions_chart, transitions_plan
from .whatif import whatif_chart, whatif_plan

__all__ = [
    "AXIS_EXTENT",
    "FONT",
    "HEADLINE_COLOR",
    "LIVE_TABLE",
    "NOTE_LINE",
    "PANELS_PER_ROW",
    "SLIDE_MIN_FONT",
    "SLIDE_TEXT",
    "WIDTH",
    "Facts",
    "Plan",
    "alive_chart",
    "annotate",
    "annotation_text",
    "balance_bridge_chart",
    "balance_flows_chart",
    "balance_money_chart",
    "balance_notes",
    "bridge_frame",
    "bridge_since",
    "calibration_chart",
    "default_bridge_start",
    "funnel_chart",
    "funnel_frame",
    "funnel_plan",
    "history_chart",
    "history_plan",
    "json_records",
    "kpi_series_chart",
    "kpi_series_frame",
    "larger_text",
    "live_spec",
    "no_loss_before",
    "segments_chart",
    "sensitivity_chart",
    "sensitivity_frame",
    "sensitivity_plan",
    "slide_spec",
    "styled",
    "styled_spec",
    "thresholds_chart",
    "transitions_chart",
    "transitions_plan",
    "value_note",
    "whatif_chart",
    "whatif_plan",
]
