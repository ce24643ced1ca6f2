"""Segments side by side: the largest segments (at most five) and the rest as one group.

The sources advise comparing a handful of segments, not fifty: more bars than a room can
read hide the few that matter. Segments are ranked by their customers with a purchase
(a number the thresholds do not move, so the ranking holds while a slider moves); the
customers without a segment form their own group; whatever is left after the first
``TOP`` groups is pooled as "other segments". Every group's figures come from the same
stage rule and KPI functions as the whole base, so the groups add up to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..locale.i18n import t
from ..vocabulary import BUYER_STAGES, CLIENT_STAGES, STAGES
from .kpis import compute_kpis
from .stages import STAGE_CODE, Stages, stage_shares

__all__ = ["KPIS", "TOP", "Group", "segment_groups", "segment_table"]

TOP = 5
# The indicators a side-by-side table shows (those of ``compute_kpis``; unavailable ones are blank).
KPIS = ("activity_rate", "retention_rate", "repeat_purchase_rate", "average_basket", "value_12_mean")


@dataclass(frozen=True)
class Group:
    """One column of the comparison: a segment, the customers without one, or the rest pooled."""

    kind: str  # "segment", "none" (no segment) or "other" (the smaller segments pooled)
    name: str | None  # the segment's value (kind "segment")
    members: int  # how many segments it holds (1, or the pooled count)
    mask: np.ndarray  # per customer of the summary

    def label(self, lang: str = "en") -> str:
        if self.kind == "segment":
            return str(self.name)
        if self.kind == "none":
            return t("segments.none", lang)
        return t("segments.other", lang, n=self.members)


def segment_groups(stages: Stages, top: int = TOP) -> list[Group]:
    """The ``top`` largest segments by customers with a purchase (ties by name), then the rest
    pooled as one group; empty when the file has no segment column."""
    s = stages.summary
    if not s.has_segment or s.n_customers == 0:
        return []
    seg = s.customers["segment"]
    buyer = stages.codes >= 0
    missing = seg.isna().to_numpy()
    values = seg.astype(object).where(~seg.isna(), None).to_numpy(dtype=object)
    sizes = pd.Series(values[buyer & ~missing]).astype(str).value_counts()
    # Largest first; equal sizes in name order, so that the choice never depends on the row order.
    ranked = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))
    names = np.array([str(v) if v is not None else "" for v in values], dtype=object)
    groups = [(n, ("segment", name)) for name, n in ranked]
    if missing.any():
        groups.append((int((buyer & missing).sum()), ("none", None)))
        groups.sort(key=lambda g: -g[0])  # stable: the ranked order holds among equals
    out: list[Group] = []
    shown = groups if len(groups) <= top + 1 else groups[:top]
    for _n, (kind, name) in shown:
        mask = missing if kind == "none" else (names == name) & ~missing
        out.append(Group(kind, name, 1, mask))
    if len(groups) > len(shown):
        covered = np.zeros(s.n_customers, dtype=bool)
        for g in out:
            covered |= g.mask
        out.append(Group("other", None, len(groups) - len(shown), ~covered))
    return out


def _row(stages: Stages, mask: np.ndarray | None) -> dict:
    codes = stages.codes if mask is None else stages.codes[mask]
    binc = np.bincount(codes[codes >= 0], minlength=len(STAGES))
    counts = {st: int(binc[STAGE_CODE[st]]) for st in STAGES}
    shares = stage_shares(counts)
    kpis = {k.key: k.value for k in compute_kpis(stages, mask)}
    return {
        "customers": sum(counts[st] for st in BUYER_STAGES),
        "clients": sum(counts[st] for st in CLIENT_STAGES),
        **{st: counts[st] for st in (*CLIENT_STAGES, "lost", "below_minimum")},
        **{f"share_{st}": shares[st] for st in (*CLIENT_STAGES, "lost")},
        **{k: kpis.get(k) for k in KPIS},
    }


def _rows(stages: Stages, top: int) -> tuple[list[Group], list[dict]]:
    groups = segment_groups(stages, top)
    if not groups:
        return [], []
    rows = [{"kind": g.kind, "members": g.members, **_row(stages, g.mask)} for g in groups]
    rows.append({"kind": "all", "members": 0, **_row(stages, None)})
    return groups, rows


def segment_table(stages: Stages, lang: str = "en", top: int = TOP) -> pd.DataFrame:
    """One row per group of ``segment_groups`` and a last row for all customers: customers with
    a purchase, clients, each stage's count and share (as the funnel shows them: client stages
    of clients, lost of customers with a purchase) and the main KPIs. Counts add up to the
    last row; contacts without purchase have no segment and are in none of the rows."""
    # The figures of one definition are kept with the file's timeline: the page's table and
    # chart, and the next rerun in another language, ask for the same.
    key = ("segment_rows", stages.definition.to_json(), str(stages.as_of), top)
    groups, rows = stages.summary.timeline.remember(key, lambda: _rows(stages, top))
    if not groups:
        return pd.DataFrame()
    labels = [g.label(lang) for g in groups] + [t("segments.all", lang)]
    out = pd.DataFrame([{"group": label, **row} for label, row in zip(labels, rows)])
    total = out["clients"].iloc[-1]
    out.insert(5, "share_of_clients", out["clients"] / total if total else np.nan)
    return out
