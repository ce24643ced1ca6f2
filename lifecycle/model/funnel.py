"""The funnel's figures: which stages a classification shows, and for each its count, share, one-purchase customers and (with amounts and history) revenue and value over the last 12 months."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..vocabulary import BUYER_STAGES, FUNNEL_ORDER, STAGES
from .kpis import purchase_days
from .stages import STAGE_CODE, Stages, stage_shares

__all__ = ["stage_frame", "stages_shown"]


def stages_shown(stages: Stages) -> tuple[str, ...]:
    """The funnel's stages for this classification: contacts only with a contacts list, below
    the minimum only when a minimum amount is set."""
    counts = stages.counts
    out = []
    for s in FUNNEL_ORDER:
        if s in ("suspect", "prospect") and not (counts["suspect"] or counts["prospect"]):
            continue
        if s == "below_minimum" and stages.definition.min_amount is None:
            continue
        out.append(s)
    return tuple(out)


def stage_frame(stages: Stages, mask: np.ndarray | None = None) -> pd.DataFrame:
    """One row per stage in funnel order: count, share, customers with one purchase only, and
    (with amounts and history) revenue and mean value over the last 12 months.

    Columns: stage, count, share, one_purchase, one_purchase_share, revenue_12, value_12_mean.
    """
    s = stages.summary
    codes = stages.codes
    if mask is not None:
        codes = np.where(mask, codes, -1)
    binc = np.bincount(codes[codes >= 0], minlength=len(STAGES))
    counts = {x: int(binc[i]) for i, x in enumerate(STAGES)}
    if mask is None:
        for x in ("suspect", "prospect"):
            counts[x] = stages.counts[x]
    shares = stage_shares(counts)
    days = purchase_days(s)
    value = s.customers["value_12"].to_numpy(dtype="float64") if s.has_amount and s.has_history else None
    # One pass instead of a mask per stage: one-purchase customers counted by stage, and the
    # values grouped by stage in the customers' order (a stable sort), so that each stage's
    # sum and mean are those of ``value[codes == stage]``, to the last bit.
    known = codes >= 0
    one_binc = np.bincount(codes[known & (days == 1)], minlength=len(STAGES))
    if value is not None:
        order = np.argsort(codes, kind="stable")
        grouped = value[order]
        bounds = np.searchsorted(codes[order], np.arange(-1, len(STAGES) + 1))
    rows = []
    for stage in stages_shown(stages):
        code = STAGE_CODE[stage]
        one = int(one_binc[code]) if stage in BUYER_STAGES else None
        members = grouped[bounds[code + 1] : bounds[code + 2]] if value is not None else None
        row = {
            "stage": stage,
            "count": counts[stage],
            "share": shares.get(stage),
            "one_purchase": one,
            "one_purchase_share": (one / counts[stage]) if one is not None and counts[stage] else None,
            "revenue_12": float(members.sum()) if value is not None and stage in BUYER_STAGES else None,
            "value_12_mean": float(members.mean()) if value is not None and len(members) else None,
        }
        rows.append(row)
    return pd.DataFrame(rows)
