"""Cohorts over time: how each acquisition cohort keeps buying, and the main figures month by month.

A customer's cohort is the month or quarter of their first purchase; their age at a purchase
is the number of whole calendar months since the first one (``calendar.whole_months``:
month 0 holds the first purchase). A cohort's cell at age k is shown only once every one of
its customers has reached the end of that month of age by the as-of date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import LifecycleError
from .calendar import NO_DAY, from_day, sub_months, to_day, whole_months
from .history import balance
from .stages import STAGE_CODE, is_client, stages_at
from .summary import Summary

__all__ = ["monthly_series", "retention_matrix"]


def retention_matrix(summary: Summary, period: str = "quarter", max_months: int = 36) -> dict[str, pd.DataFrame]:
    """Per acquisition cohort (rows) and month of age 0…``max_months`` (columns):

    - ``share``: the share of the cohort who bought in that month of age;
    - ``value``: the cumulative net amount per customer of the cohort up to the end of that month;
    - ``size``: the cohort's customers (a one-column frame).
    """
    if not summary.has_history:
        raise LifecycleError.of("unavailable.history")
    if period not in ("month", "quarter"):
        raise LifecycleError.of("error.period", period=period)
    # Of the data alone: computed once per file, not on every rerun of the page.
    return summary.timeline.keep(("retention", period, max_months), lambda: _retention(summary, period, max_months))


def _retention(summary: Summary, period: str, max_months: int) -> dict[str, pd.DataFrame]:
    s = summary
    buyers = np.flatnonzero(s.first_day != NO_DAY)
    first = s.first_day
    freq = "M" if period == "month" else "Q"
    cohort_of = pd.PeriodIndex(pd.to_datetime(from_day(first[buyers])), freq=freq)
    labels, cohort_index = np.unique(cohort_of.astype(str), return_inverse=True)
    cohort = np.full(s.n_customers, -1)
    cohort[buyers] = cohort_index
    n_cohorts, width = len(labels), max_months + 1
    size = np.bincount(cohort[buyers], minlength=n_cohorts)

    # Purchase days: who bought at which age (each customer once per month of age).
    age = whole_months(first[s.d_code], s.d_day)
    keep = (age <= max_months) & (cohort[s.d_code] >= 0)
    cell = np.unique(s.d_code[keep].astype("int64") * width + age[keep])
    codes, ages = cell // width, cell % width
    bought = np.bincount(cohort[codes] * width + ages, minlength=n_cohorts * width).reshape(n_cohorts, width)

    # Net amounts (purchases and returns) by age, summed up to each month.
    o_age = whole_months(first[s.occ_code], s.occ_day)
    o_keep = (o_age <= max_months) & (cohort[s.occ_code] >= 0)
    amount = np.bincount(
        cohort[s.occ_code[o_keep]] * width + o_age[o_keep], weights=s.occ_amount[o_keep], minlength=n_cohorts * width
    ).reshape(n_cohorts, width)

    # A cell counts once the cohort's last customer has lived through that month of age.
    as_of = to_day(s.as_of)
    last_first = np.zeros(n_cohorts, dtype="int64")
    np.maximum.at(last_first, cohort[buyers], first[buyers])
    complete = np.array([[whole_months(int(lf), as_of) > k for k in range(width)] for lf in last_first])
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(complete, bought / size[:, None], np.nan)
        value = np.where(complete, np.cumsum(amount, axis=1) / size[:, None], np.nan)
    columns = list(range(width))
    keep_cols = [k for k in columns if complete[:, k].any()]
    rows = complete.any(axis=1)  # a cohort too young for a full month is left out
    return {
        "share": pd.DataFrame(share, index=labels, columns=columns).loc[rows, keep_cols],
        "value": pd.DataFrame(value, index=labels, columns=columns).loc[rows, keep_cols] if s.has_amount else None,
        "size": pd.DataFrame({"customers": size}, index=labels).loc[rows],
    }


def monthly_series(summary: Summary, definition) -> pd.DataFrame:
    """The main figures at each month end of the history, for a monthly follow-up: clients,
    new, won back and lost in the month, the quick ratio, the share of active clients, and
    the clients of 12 months before who are still clients (retention over 12 months)."""

    if not summary.has_history:
        raise LifecycleError.of("unavailable.history")
    b = balance(summary, definition, "month")
    ends = list(pd.to_datetime(b["period_end"]))
    codes = stages_at(summary, definition, ends)
    client = is_client(codes)
    active = (codes == STAGE_CODE["active"]).sum(axis=0)
    clients = client.sum(axis=0)
    retention = [None] * len(ends)
    year_ago = [to_day(e) for e in ends]
    for i, e in enumerate(ends):
        day = sub_months(to_day(e), 12)
        if day in year_ago:
            j = year_ago.index(day)
            base = client[:, j]
            retention[i] = float((client[:, i] & base).sum() / base.sum()) if base.sum() else None
    return pd.DataFrame(
        {
            "period_end": ends,
            "clients": clients.astype("int64"),
            "new": b["new"].to_numpy(),
            "won_back": b["won_back"].to_numpy(),
            "lost": b["lost"].to_numpy(),
            "quick_ratio": b["quick_ratio"].to_numpy(),
            "active_share": np.where(clients > 0, active / np.maximum(clients, 1), np.nan),
            "retention_12": retention,
        }
    )
