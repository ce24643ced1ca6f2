"""What each customer's history looked like on any date E: only what happened on or before E.

The stage rule (``lifecycle.model.stages.stage_codes``) needs, per customer and date E: the first
and last purchase day, the latest purchase on an earlier day than the last, the number of
purchase occasions, the median gap between purchase days, the net amount within the client
window and the opt-out day. ``Timeline`` answers that for one date with a binary search per
customer in the sorted (customer, day) keys, and for many increasing dates (every period end
of a history) in one sweep over the purchases in day order. Both give the same arrays (a
property test checks it); nothing here depends on the thresholds except the window amount.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import LifecycleError
from .calendar import KEY_SPAN, NO_DAY, day_order, sub_months, to_day

if TYPE_CHECKING:
    from .summary import Summary

__all__ = ["Facts", "Timeline", "read_only"]


def read_only(value):
    """``value`` with every numpy array in it made read-only: results kept for the file are
    shared by every later view, so a change in place must fail loudly, not narrow the next
    figure (a frame is handed out as a copy instead: pandas' copy-on-write keeps it apart)."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, tuple | list):
        for item in value:
            read_only(item)
    elif isinstance(value, dict):
        for item in value.values():
            read_only(item)
    return value


@dataclass(frozen=True, eq=False)
class Facts:
    """Each customer's facts as of ``day`` (one day, or one day per customer)."""

    day: int | np.ndarray
    first: np.ndarray  # first purchase day (NO_DAY: no purchase on or before the day)
    last: np.ndarray  # last purchase day
    prev: np.ndarray  # latest purchase on an earlier day than ``last`` (NO_DAY when none)
    occasions: np.ndarray  # purchase occasions on or before the day
    median_gap: np.ndarray | None  # median gap between purchase days (days), when asked for
    window_amount: np.ndarray | None  # net amount within the client window, when asked for
    opt_out_day: np.ndarray  # the day each customer counts as opted out from (NEVER: not)


class _Sweep:
    """For increasing days, the position of each customer's latest event on or before the day,
    in arrays sorted by (customer, day): one pass over the events in day order."""

    def __init__(self, code: np.ndarray, order: tuple[np.ndarray, np.ndarray], n: int):
        self.order, self.sorted_day = order
        self.code = code
        self.pos = np.full(n, -1, dtype="int64")
        self.done = 0

    def advance(self, day: int) -> np.ndarray:
        """Move to ``day``; the customers whose position moved (possibly repeated)."""
        end = int(np.searchsorted(self.sorted_day, day, side="right"))
        if end <= self.done:
            return np.zeros(0, dtype="int64")
        idx = self.order[self.done : end]
        moved = self.code[idx]
        # Within a customer positions grow with the day: the latest event is the largest.
        np.maximum.at(self.pos, moved, idx)
        self.done = end
        return moved


class Timeline:
    """Facts of every customer of a summary on any date; built once per summary."""

    def __init__(self, summary: Summary):
        self.summary = summary
        self.n = summary.n_customers
        self.codes = np.arange(self.n, dtype="int64")
        self.t_day = to_day(summary.as_of)
        self._same = False
        if summary.has_history:
            self.d_keys = summary.d_keys()
            # Purchase days and occasions are often one and the same arrays (every occasion a
            # purchase on a day of its own): their keys and day order are then built once.
            self._same = summary.d_code is summary.occ_code and summary.d_day is summary.occ_day
            self.o_keys = self.d_keys if self._same else summary.occ_keys()
            # Every per-day array ends with one more element for «no purchase yet», read at
            # position −1: one gather per fact, no masks.
            d = summary
            self.x_day = np.append(d.d_day, NO_DAY)
            first_of_customer = np.ones(len(d.d_code), dtype=bool)
            first_of_customer[1:] = d.d_code[1:] != d.d_code[:-1]
            self.x_prev = np.append(np.where(first_of_customer, NO_DAY, np.roll(d.d_day, 1)), NO_DAY)
            self.x_occasions = np.append(d.d_occasions, 0)
            # Each occasion's net amount summed with the customer's earlier ones: the amount in
            # (a, b] is run[pos(b)] − run[pos(a)], on numbers no larger than one customer's total.
            amounts = pd.Series(summary.occ_amount)
            run = amounts.groupby(summary.occ_code, sort=False).cumsum().to_numpy(dtype="float64")
            self.x_run = np.append(run, 0.0)
        self._cache: OrderedDict = OrderedDict()  # small, per summary: stage matrices and window amounts
        self._parts: OrderedDict = OrderedDict()  # the rule's first step over many dates: large, few kept
        self._stages: OrderedDict = OrderedDict()  # stage matrices over many dates: large, few kept
        self._data: dict = {}  # values of the data alone (no threshold in them): computed once

    # ------------------------------------------------------------------ one date

    def _positions(self, keys: np.ndarray, code: np.ndarray, day, codes: np.ndarray | None = None) -> np.ndarray:
        """Position of each customer's (or each of ``codes``') latest event on or before ``day``
        (−1 when none)."""
        codes = self.codes if codes is None else codes
        q = codes * KEY_SPAN + (np.asarray(day, dtype="int64") - self.summary.day0)
        pos = np.searchsorted(keys, q, side="right") - 1
        ok = pos >= 0
        ok[ok] = code[pos[ok]] == codes[ok]
        return np.where(ok, pos, -1)

    def amount_between(self, lo, hi, codes: np.ndarray) -> np.ndarray:
        """Net amount of each of ``codes`` over the occasions dated in (lo, hi]."""
        s = self.summary
        return self._run(self._positions(self.o_keys, s.occ_code, hi, codes)) - self._run(
            self._positions(self.o_keys, s.occ_code, lo, codes)
        )

    def last_purchase(self, day, codes: np.ndarray) -> np.ndarray:
        """Each of ``codes``' last purchase day on or before ``day`` (NO_DAY when none)."""
        s = self.summary
        pos = self._positions(self.d_keys, s.d_code, day, codes)
        return np.where(pos >= 0, s.d_day[np.maximum(pos, 0)], NO_DAY)

    def facts_at(self, day, *, client_months: int | None = None, median: bool = False, remember: bool = True) -> Facts:
        """Facts on ``day`` (an int day number, or one per customer); the window amount when
        ``client_months`` is given, the median gap when ``median``. ``remember=False`` keeps
        nothing (a sweep over many windows would push out what the pages reuse)."""
        s = self.summary
        if not s.has_history:
            return self._customer_rows(day, median)
        scalar = np.ndim(day) == 0 and remember
        key = ("pos", int(day)) if scalar else None
        pos = self._cached(key, lambda: self._positions(self.d_keys, s.d_code, day))
        window = None
        if client_months is not None:
            window = self._cached(
                ("window", int(day), client_months) if scalar else None,
                lambda: self._window(day, client_months),
            )
        return self._facts(day, pos, window, median)

    def _window(self, day, client_months: int) -> np.ndarray:
        s = self.summary
        hi = self._positions(self.o_keys, s.occ_code, day)
        lo = self._positions(self.o_keys, s.occ_code, sub_months(day, client_months))
        return self._run(hi) - self._run(lo)

    def _run(self, pos: np.ndarray) -> np.ndarray:
        return self.x_run[pos]

    @cached_property
    def _x_median(self) -> np.ndarray:
        return read_only(np.append(self.summary.day_median_gap, np.nan))

    @cached_property
    def _d_order(self) -> tuple[np.ndarray, np.ndarray]:
        order = day_order(self.summary.d_day)
        return read_only((order, self.summary.d_day[order]))

    @cached_property
    def _o_order(self) -> tuple[np.ndarray, np.ndarray]:
        if self._same:
            return self._d_order
        order = day_order(self.summary.occ_day)
        return read_only((order, self.summary.occ_day[order]))

    def day_orders(self) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """The purchase days' and the occasions' stable order by day, with the days in that
        order (read-only; built once for the timeline)."""
        return self._d_order, self._o_order

    def _facts(self, day, pos: np.ndarray, window: np.ndarray | None, median: bool) -> Facts:
        return Facts(
            day=day,
            first=np.where(pos >= 0, self.summary.first_day, NO_DAY),
            last=self.x_day[pos],
            prev=self.x_prev[pos],
            occasions=self.x_occasions[pos],
            median_gap=self._x_median[pos] if median else None,
            window_amount=window,
            opt_out_day=self.summary.opt_out_day,
        )

    def _customer_rows(self, day, median: bool) -> Facts:
        """A one-row-per-customer file: facts exist on the as-of date only."""
        s = self.summary
        if np.ndim(day) != 0 or int(day) != self.t_day:
            raise LifecycleError.of("unavailable.history")
        c = s.customers
        orders = c["occasions"].to_numpy(dtype="float64")
        gap = None
        if median:
            # Without history: the average gap, (last − first) / (orders − 1).
            span = (s.last_day - s.first_day).astype("float64")
            with np.errstate(invalid="ignore", divide="ignore"):
                gap = np.where(orders >= 2, span / (orders - 1), np.nan)
        return Facts(
            day=day,
            first=s.first_day,
            last=s.last_day,
            prev=s.prev_day,
            occasions=orders,
            median_gap=gap,
            window_amount=None,
            opt_out_day=s.opt_out_day,
        )

    # ------------------------------------------------------------------ many dates

    def sweep(self, days: list[int], *, client_months: int | None = None, median: bool = False) -> Iterator[Facts]:
        """Facts on each of the increasing ``days``, in one pass over the purchases.

        Same result as ``facts_at`` for each day, at a fraction of the cost over many days.
        """
        s = self.summary
        if not s.has_history:
            for day in days:
                yield self._customer_rows(day, median)
            return
        # The facts of a customer change only when they buy: each step updates the customers
        # who bought since the previous day, and hands out copies.
        purchases = _Sweep(s.d_code, self._d_order, self.n)
        f = self._facts(0, purchases.pos, None, median)
        first, last, prev, occasions = f.first.copy(), f.last.copy(), f.prev.copy(), f.occasions.copy()
        gap = f.median_gap.copy() if median else None
        if client_months is not None:
            upper = _Sweep(s.occ_code, self._o_order, self.n)
            lower = _Sweep(s.occ_code, self._o_order, self.n)
            window = np.zeros(self.n)
        for day in days:
            moved = purchases.advance(day)
            if len(moved):
                at = purchases.pos[moved]
                first[moved], last[moved], prev[moved] = s.first_day[moved], self.x_day[at], self.x_prev[at]
                occasions[moved] = self.x_occasions[at]
                if median:
                    gap[moved] = self._x_median[at]
            amounts = None
            if client_months is not None:
                moved = np.concatenate([upper.advance(day), lower.advance(sub_months(day, client_months))])
                window[moved] = self._run(upper.pos[moved]) - self._run(lower.pos[moved])
                amounts = window.copy()
            yield Facts(
                day=int(day),
                first=first.copy(),
                last=last.copy(),
                prev=prev.copy(),
                occasions=occasions.copy(),
                median_gap=gap.copy() if median else None,
                window_amount=amounts,
                opt_out_day=s.opt_out_day,
            )

    # ------------------------------------------------------------------ cache

    def _cached(self, key, build, table: OrderedDict | None = None, keep: int = 24):
        table = self._cache if table is None else table
        if key is None:
            return build()
        if key in table:
            table.move_to_end(key)
            return table[key]
        value = read_only(build())
        table[key] = value
        while len(table) > keep:
            table.popitem(last=False)
        return value

    def remember_parts(self, key, build):
        """The stage rule's first step on many dates (4 int8 arrays of customers × dates): the
        last three kept (the month, quarter and year ends of one definition)."""
        return self._cached(key, build, self._parts, keep=3)

    def remember_stages(self, key, build):
        """A stage matrix over many dates (int8, customers × dates): the last four kept (the
        views of one rerun share it; a new threshold rebuilds it from the kept parts)."""
        return self._cached(key, build, self._stages, keep=4)

    def kept_parts(self) -> list:
        """The kept first steps, most recent first."""
        return list(reversed(self._parts.items()))

    def remember(self, key, build):
        """A value derived from this timeline (a stage matrix), kept while few are asked for."""
        return self._cached(key, build)

    def keep(self, key, build):
        """A value of the data alone (no threshold in it), computed once for the file."""
        if key not in self._data:
            self._data[key] = read_only(build())
        value = self._data[key]
        return value.copy(deep=False) if isinstance(value, pd.DataFrame) else value
