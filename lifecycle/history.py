"""How the base moves over time: portfolio balance, stage history, transitions, durations.

Every customer's state at a date E (first, last and previous purchase on or before E)
comes from one binary search per customer in the sorted (customer, day) occasion keys, so
each period end is exact to the day and costs a few milliseconds.

Balance (DESIGN.md): a customer is a client at E when their last purchase on or before E
is within the client window of E. For period k, new = first purchase in (E(k-1), Ek] and a
client at Ek; lost = client at E(k-1), not at Ek; reactivated = first purchase on or
before E(k-1), not a client at E(k-1), a client at Ek; so that exactly
clients(Ek) = clients(E(k-1)) + new + reactivated − lost.

History uses the window rules and the opt-out and minimum-amount options; each customer's
own rhythm applies to the current classification only (a past median gap is not kept).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .calendar import period_ends, previous_period_end, sub_months, to_day
from .definition import Definition
from .errors import LifecycleError
from .i18n import CLIENT_STAGES, STAGES, t
from .stages import STAGE_CODE, UNCLASSIFIED, stage_codes
from .summary import KEY_SPAN, NO_DAY, Summary

__all__ = ["NOT_YET", "State", "balance", "durations", "stage_history", "state_at", "transitions"]

NOT_YET = "not_yet"  # not a customer yet at that date (row label of the transition matrix)
LOST_REVENUE_MONTHS = 12


def _need_history(summary: Summary) -> None:
    if not summary.has_history:
        raise LifecycleError(t("unavailable.history", "en"), t("unavailable.history", "fr"))


@dataclass(frozen=True, eq=False)
class State:
    """Each customer's first, last and previous purchase day on or before ``day``."""

    day: int
    first: np.ndarray
    last: np.ndarray
    prev: np.ndarray


class _Index:
    """Sorted search keys and running sums, built once per summary."""

    def __init__(self, summary: Summary):
        self.summary = summary
        self.codes = np.arange(summary.n_customers, dtype="int64")
        self.p_keys = summary.p_keys()
        self.o_keys = summary.occ_keys()
        self.o_cum = np.concatenate([[0.0], np.cumsum(summary.occ_amount)])

    def _q(self, day: int) -> np.ndarray:
        return self.codes * KEY_SPAN + (int(day) - self.summary.day0)

    def state(self, day: int) -> State:
        s = self.summary
        pos = np.searchsorted(self.p_keys, self._q(day), side="right") - 1
        valid = pos >= 0
        valid[valid] = s.p_code[pos[valid]] == self.codes[valid]
        last = np.full(len(pos), NO_DAY, dtype="int64")
        last[valid] = s.p_day[pos[valid]]
        prev = np.full(len(pos), NO_DAY, dtype="int64")
        pv = valid.copy()
        pv[valid] = pos[valid] >= 1
        pv[pv] = s.p_code[pos[pv] - 1] == self.codes[pv]
        prev[pv] = s.p_day[pos[pv] - 1]
        first = np.where(valid, s.first_day, NO_DAY)
        return State(int(day), first, last, prev)

    def money(self, start_day: np.ndarray | int, end_day: np.ndarray | int, codes: np.ndarray | None = None):
        """Net amount of occasions with a day in (start, end], for each customer (or for ``codes``)."""
        codes = self.codes if codes is None else codes
        base = codes * KEY_SPAN - self.summary.day0
        hi = np.searchsorted(self.o_keys, base + np.asarray(end_day), "right")
        lo = np.searchsorted(self.o_keys, base + np.asarray(start_day), "right")
        return self.o_cum[hi] - self.o_cum[lo]

    def _day_order(self):
        if not hasattr(self, "_by_day"):
            order = np.argsort(self.summary.p_day, kind="stable")
            self._by_day = (self.summary.p_day[order], self.summary.p_code[order])
        return self._by_day

    def states(self, days: list[int]):
        """Each customer's ``State`` at each of the increasing ``days``, in one pass over the purchases.

        Same result as ``state(day)`` for each day (a property test checks it), at a fraction
        of the cost when there are many days (history, durations).
        """
        p_day, p_code = self._day_order()
        n = self.summary.n_customers
        last = np.full(n, NO_DAY, dtype="int64")
        prev = np.full(n, NO_DAY, dtype="int64")
        pos = 0
        for day in days:
            end = int(np.searchsorted(p_day, day, side="right"))
            if end > pos:
                c, d = p_code[pos:end], p_day[pos:end]
                order = np.lexsort((d, c))
                c, d = c[order], d[order]
                is_last = np.ones(len(c), dtype=bool)
                is_last[:-1] = c[1:] != c[:-1]
                at = np.flatnonzero(is_last)
                codes = c[at]
                before = np.zeros(len(at), dtype=bool)
                before[at > 0] = c[at[at > 0] - 1] == codes[at > 0]
                # The purchase before the last: the previous one in this slice, else the old last.
                prev[codes] = np.where(before, d[np.maximum(at - 1, 0)], last[codes])
                last[codes] = d[at]
                pos = end
            first = np.where(last != NO_DAY, self.summary.first_day, NO_DAY)
            yield State(int(day), first, last.copy(), prev.copy())

    def last_purchases(self, days: list[int]):
        """Each customer's last purchase day on or before each of the increasing ``days``.

        One pass over the purchases in day order: cheaper than a search per customer per day.
        """
        p_day, p_code = self._day_order()
        last = np.full(self.summary.n_customers, NO_DAY, dtype="int64")
        pos = 0
        for day in days:
            end = int(np.searchsorted(p_day, day, side="right"))
            np.maximum.at(last, p_code[pos:end], p_day[pos:end])
            pos = end
            yield day, last.copy()


def _index(summary: Summary) -> _Index:
    # Stored on the summary object itself: it lives and dies with the data it indexes.
    idx = getattr(summary, "_history_index", None)
    if idx is None:
        idx = _Index(summary)
        object.__setattr__(summary, "_history_index", idx)
    return idx


def state_at(summary: Summary, date) -> State:
    """Each customer's purchase state on ``date`` (only purchases on or before it count)."""
    _need_history(summary)
    return _index(summary).state(to_day(date))


def _clients(state: State, client_months: int) -> np.ndarray:
    return (state.last != NO_DAY) & (state.last > sub_months(state.day, client_months))


def _segments(summary: Summary, by_segment: bool) -> list[tuple[str | None, np.ndarray]]:
    everyone = np.ones(summary.n_customers, dtype=bool)
    if not by_segment:
        return [(None, everyone)]
    if not summary.has_segment:
        raise LifecycleError("No segment column is mapped.", "Aucune colonne de segment n'est associée.")
    seg = summary.customers["segment"].fillna("—").to_numpy(dtype=object)
    return [(str(v), seg == v) for v in sorted(set(seg))]


def balance(
    summary: Summary, definition: Definition, period: str = "month", *, by_segment: bool = False
) -> pd.DataFrame:
    """The per-period portfolio balance (clients won vs lost), from the first period holding a purchase.

    Columns: period_end, clients_start, new, reactivated, lost, clients_end, quick_ratio,
    new_revenue (what the period's new clients spent in it), lost_revenue (what the
    period's lost clients spent in the 12 months up to their last purchase); and segment
    when ``by_segment``.
    """
    _need_history(summary)
    idx = _index(summary)
    ends = period_ends(summary.first_date, summary.as_of, period)
    e_days = [to_day(previous_period_end(ends[0], period))] + [to_day(e) for e in ends]
    lasts = [last for _, last in idx.last_purchases(e_days)]
    client = [(last != NO_DAY) & (last > sub_months(day, definition.client_months)) for day, last in zip(e_days, lasts)]
    first = summary.first_day
    rows = []
    for k in range(1, len(e_days)):
        lo, hi = e_days[k - 1], e_days[k]
        first_in = (first > lo) & (first <= hi)
        new = first_in & client[k]
        lost = client[k - 1] & ~client[k]
        react = (first != NO_DAY) & (first <= lo) & ~client[k - 1] & client[k]
        new_rev = np.zeros(summary.n_customers)
        lost_rev = np.zeros(summary.n_customers)
        if summary.has_amount:
            codes = np.flatnonzero(new)
            new_rev[codes] = idx.money(lo, hi, codes)
            codes = np.flatnonzero(lost)
            last = lasts[k][codes]
            lost_rev[codes] = idx.money(sub_months(last, LOST_REVENUE_MONTHS), last, codes)
        for seg, mask in _segments(summary, by_segment):
            n_new, n_react, n_lost = int((new & mask).sum()), int((react & mask).sum()), int((lost & mask).sum())
            row = {
                "period_end": pd.Timestamp(ends[k - 1]),
                "clients_start": int((client[k - 1] & mask).sum()),
                "new": n_new,
                "reactivated": n_react,
                "lost": n_lost,
                "clients_end": int((client[k] & mask).sum()),
                "quick_ratio": (n_new + n_react) / n_lost if n_lost else None,
                "new_revenue": float(new_rev[mask].sum()) if summary.has_amount else None,
                "lost_revenue": float(lost_rev[mask].sum()) if summary.has_amount else None,
            }
            if by_segment:
                row = {"segment": seg, **row}
            rows.append(row)
    out = pd.DataFrame(rows)
    return out


def _stage_state(
    summary: Summary, idx: _Index, day: int, definition: Definition, state: State | None = None
) -> np.ndarray:
    state = state or idx.state(day)
    window_amount = opt_out = None
    if definition.min_amount is not None and summary.has_amount:
        window_amount = idx.money(sub_months(day, definition.client_months), day)
    if definition.opt_out_lost:
        opt_out = summary.customers["opt_out"].to_numpy(dtype=bool)
    base = definition.replace(own_rhythm=False)
    return stage_codes(state.first, state.last, state.prev, day, base, window_amount=window_amount, opt_out=opt_out)


def _snapshots(summary: Summary, definition: Definition, ends: list[pd.Timestamp]) -> np.ndarray:
    """Stage codes of every customer at each period end (customers x ends), kept on the index:
    the stage history and the durations draw on the same month-end snapshots."""
    idx = _index(summary)
    days = tuple(to_day(e) for e in ends)
    cache = idx.__dict__.setdefault("_snapshots", {})
    key = (definition.to_json(), days)
    if key not in cache:
        if len(cache) > 8:
            cache.clear()
        cache[key] = np.stack(
            [_stage_state(summary, idx, st.day, definition, st) for st in idx.states(list(days))], axis=1
        )
    return cache[key]


def stage_history(
    summary: Summary, definition: Definition, period: str = "month", *, by_segment: bool = False
) -> pd.DataFrame:
    """Number of customers in each stage at each period end (long: period_end, stage, count)."""
    _need_history(summary)
    rows = []
    segments = _segments(summary, by_segment)
    ends = period_ends(summary.first_date, summary.as_of, period)
    snaps = _snapshots(summary, definition, ends)
    for k, end in enumerate(ends):
        codes = snaps[:, k]
        for seg, mask in segments:
            binc = np.bincount(codes[mask & (codes >= 0)], minlength=len(STAGES))
            for stage in ("new", "reactivated", "active", "dormant", "lost"):
                row = {"period_end": pd.Timestamp(end), "stage": stage, "count": int(binc[STAGE_CODE[stage]])}
                if by_segment:
                    row = {"segment": seg, **row}
                rows.append(row)
    return pd.DataFrame(rows)


def transitions(summary: Summary, definition: Definition, start, end, *, segment: str | None = None) -> pd.DataFrame:
    """Customers by stage at ``start`` (rows) and at ``end`` (columns), counts.

    The row ``not_yet`` holds customers whose first purchase came after ``start``.
    Row percentages: ``out.div(out.sum(axis=1), axis=0)``. ``segment`` keeps one segment.
    """
    _need_history(summary)
    start_ts, end_ts = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if not start_ts < end_ts:
        raise LifecycleError(
            f"The first date ({start_ts.date()}) must be before the second ({end_ts.date()}).",
            f"La première date ({start_ts.date()}) doit précéder la seconde ({end_ts.date()}).",
        )
    if end_ts > summary.as_of:
        raise LifecycleError(
            f"The second date ({end_ts.date()}) is after the as-of date ({summary.as_of.date()}).",
            f"La seconde date ({end_ts.date()}) est postérieure à la date d'observation ({summary.as_of.date()}).",
        )
    idx = _index(summary)
    a = _stage_state(summary, idx, to_day(start_ts), definition)
    b = _stage_state(summary, idx, to_day(end_ts), definition)
    order = ["new", "reactivated", "active", "dormant", "lost"]
    names = np.array([*list(STAGES), NOT_YET], dtype=object)
    row = names[np.where(a == UNCLASSIFIED, len(STAGES), a)]
    keep = b != UNCLASSIFIED
    if segment is not None:
        keep &= dict(_segments(summary, True)).get(segment, np.zeros(len(b), dtype=bool))
    table = pd.crosstab(pd.Series(row[keep], name="from"), pd.Series(names[b[keep]], name="to"))
    return table.reindex(index=[NOT_YET, *order], columns=order, fill_value=0).astype("int64")


def durations(summary: Summary, definition: Definition, *, by_segment: bool = False) -> pd.DataFrame:
    """Length of completed life cycles and mean time spent in each stage, in months.

    A completed life cycle runs from the first purchase to the day the customer became
    lost (last purchase + client window), for customers lost at the as-of date. Time in
    each stage is counted on month-end snapshots: the mean number of months a customer
    who ever was in a stage spent in it.
    """
    _need_history(summary)
    idx = _index(summary)
    t_day = to_day(summary.as_of)
    lost_now = _clients(idx.state(t_day), definition.client_months)
    ever = summary.first_day != NO_DAY
    lost_now = ever & ~lost_now
    end_day = sub_months(summary.last_day[lost_now], -definition.client_months)
    cycle_days = np.full(summary.n_customers, np.nan)
    cycle_days[lost_now] = end_day - summary.first_day[lost_now]
    ends = period_ends(summary.first_date, summary.as_of, "month")
    snaps = _snapshots(summary, definition, ends)
    rows = []
    for seg, mask in _segments(summary, by_segment):
        cyc = cycle_days[mask & lost_now] / (365.25 / 12)
        row = {
            "completed_cycles": len(cyc),
            "cycle_mean_months": float(np.mean(cyc)) if len(cyc) else None,
            "cycle_median_months": float(np.median(cyc)) if len(cyc) else None,
        }
        for stage in CLIENT_STAGES:
            months_in = (snaps[mask] == STAGE_CODE[stage]).sum(axis=1)
            ever_in = months_in > 0
            row[f"{stage}_mean_months"] = float(months_in[ever_in].mean()) if ever_in.any() else None
        if by_segment:
            row = {"segment": seg, **row}
        rows.append(row)
    return pd.DataFrame(rows)
