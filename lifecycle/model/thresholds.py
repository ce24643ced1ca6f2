"""Thresholds that follow the rhythm of the business, suggested from the data.

If repeat customers buy every 2 months, an inactive one is someone who has not bought for
about 6: the suggested ``active`` threshold is about 3 times the median gap between two
consecutive purchases, in whole months; the client window covers 90% of observed gaps
and at least twice the active threshold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..definition import MAX_MONTHS, Definition
from ..locale.i18n import SOURCE_LANG, fmt_pct, languages, t
from .summary import Summary

__all__ = ["DAYS_PER_MONTH", "MIN_GAPS", "Suggestion", "percentiles", "purchase_gaps", "suggest_thresholds"]

MIN_GAPS = 20
DAYS_PER_MONTH = 365.25 / 12


def purchase_gaps(summary: Summary) -> np.ndarray:
    """Days between consecutive distinct purchase days of each repeat customer, in increasing
    order (kept on the summary: they depend on the data only, and every rerun suggests
    thresholds)."""
    return summary.gaps


@dataclass(frozen=True)
class Suggestion:
    available: bool
    n_gaps: int
    median_gap_days: float | None
    p90_gap_days: float | None
    definition: Definition | None  # the suggested thresholds (other settings unchanged)
    coverage: float | None = None  # the share of observed gaps the suggested client window covers

    def text(self, lang: str = "en") -> str:
        """The suggestion in words, or why there is none."""
        d = self.definition
        if not self.available or d is None:
            return t("suggest.none", lang, n=self.n_gaps)
        return t(
            "suggest.text",
            lang,
            coverage=fmt_pct(self.coverage, lang, 0),
            median=round(self.median_gap_days),
            p90=round(self.p90_gap_days),
            active=d.active_months,
            client=d.client_months,
        )

    def to_dict(self) -> dict:
        """The suggestion for JSON: its text in English (``text``) and in each other language
        (``text_fr``…)."""
        d = self.definition
        return {
            "available": self.available,
            "gaps": self.n_gaps,
            "median_gap_days": self.median_gap_days,
            "p90_gap_days": self.p90_gap_days,
            "new_months": d.new_months if d else None,
            "active_months": d.active_months if d else None,
            "client_months": d.client_months if d else None,
            "text": self.text(SOURCE_LANG),
            **{f"text_{lang}": self.text(lang) for lang in languages() if lang != SOURCE_LANG},
        }


def percentiles(ordered: np.ndarray, qs) -> list[float]:
    """``np.percentile(values, qs)`` (linear interpolation) read from the values already sorted."""
    out = []
    for q in qs:
        at = q / 100 * (len(ordered) - 1)
        lo = int(np.floor(at))
        hi = min(lo + 1, len(ordered) - 1)
        out.append(float(ordered[lo] + (ordered[hi] - ordered[lo]) * (at - lo)))
    return out


def suggest_thresholds(summary: Summary, current: Definition | None = None) -> Suggestion:
    """Suggested new/active/client thresholds from the gaps between purchases."""
    current = current or Definition()
    gaps = purchase_gaps(summary)
    if len(gaps) < MIN_GAPS:
        return Suggestion(False, len(gaps), None, None, None)
    ordered = gaps
    median, p90 = (float(v) for v in percentiles(ordered, (50, 90)))
    active = int(min(MAX_MONTHS, max(1, round(3 * median / DAYS_PER_MONTH))))
    client = int(min(MAX_MONTHS, max(2 * active, math.ceil(p90 / DAYS_PER_MONTH), active)))
    new = min(current.new_months, active)
    suggested = current.replace(new_months=new, active_months=active, client_months=client)
    # Gaps are whole days: those within the window are those up to its floor. Searched with an
    # integer, numpy does not convert every gap to a float first (15 ms on 8M gaps).
    within = int(np.searchsorted(ordered, math.floor(client * DAYS_PER_MONTH), side="right"))
    coverage = float(within / len(ordered))
    return Suggestion(True, len(gaps), median, p90, suggested, coverage)
