"""One DuckDB scan from canonical transactions to purchase occasions and one row per customer.

This is the only step whose cost grows with the number of transactions. It produces:

* ``customers``: one row per customer (first and last purchase, the purchase before the
  last, purchase occasions, returns, net amount, median gap, value over 12/24/36 months);
* sorted occasion arrays (customer code, day, net amount, purchase or return) from which
  ``lifecycle.history`` finds any customer's state at any date with a binary search.

A purchase occasion is a distinct order of a customer when an order column is mapped
(dated by its earliest line), else a distinct calendar day. An occasion whose net amount
is not positive is a return: netted into money totals, never a purchase.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from .calendar import from_day, sub_months, to_day
from .prepare import CustomerRows, Transactions, Warning

__all__ = ["KEY_SPAN", "VALUE_MONTHS", "Summary", "summarise"]

KEY_SPAN = 1 << 22  # days per customer in the combined (customer, day) search key: 11,000 years
VALUE_MONTHS = (12, 24, 36)
NO_DAY = np.iinfo(np.int64).min // 4  # a missing date in day arrays (before any real day)


@dataclass(frozen=True, eq=False)
class Summary:
    """Per-customer facts as of ``as_of`` and, for transactions, the occasion arrays."""

    customers: pd.DataFrame  # index: customer code 0..n-1
    as_of: pd.Timestamp
    has_amount: bool
    has_segment: bool
    has_history: bool
    first_date: pd.Timestamp  # first purchase counted
    last_date: pd.Timestamp  # last purchase counted (≤ as_of)
    # Day numbers of first, last and previous purchase (NO_DAY when missing), per code.
    first_day: np.ndarray
    last_day: np.ndarray
    prev_day: np.ndarray
    # Occasions sorted by (code, day); purchases only in the p_ arrays.
    occ_code: np.ndarray
    occ_day: np.ndarray
    occ_amount: np.ndarray
    p_code: np.ndarray
    p_day: np.ndarray
    day0: int  # the smallest day in the key space
    warnings: tuple[Warning, ...] = ()
    shape: str = "transactions"

    @property
    def n_customers(self) -> int:
        return len(self.customers)

    @property
    def classified(self) -> np.ndarray:
        """Customers with at least one purchase (customers with returns only are not classified)."""
        return self.first_day != NO_DAY

    def subset(self, mask: np.ndarray) -> Summary:
        """The same summary restricted to the customers in ``mask`` (a segment), codes renumbered."""
        keep = np.flatnonzero(mask)
        remap = np.full(self.n_customers, -1, dtype="int64")
        remap[keep] = np.arange(len(keep))
        occ, pur = mask[self.occ_code], mask[self.p_code]
        first = self.first_day[keep]
        has = first != NO_DAY
        return replace(
            self,
            customers=self.customers.iloc[keep].reset_index(drop=True),
            first_day=first,
            last_day=self.last_day[keep],
            prev_day=self.prev_day[keep],
            first_date=from_day(int(first[has].min())) if has.any() else self.as_of,
            last_date=from_day(int(self.last_day[keep][has].max())) if has.any() else self.as_of,
            occ_code=remap[self.occ_code[occ]],
            occ_day=self.occ_day[occ],
            occ_amount=self.occ_amount[occ],
            p_code=remap[self.p_code[pur]],
            p_day=self.p_day[pur],
        )

    def p_keys(self) -> np.ndarray:
        return _keys(self.p_code, self.p_day, self.day0)

    def occ_keys(self) -> np.ndarray:
        return _keys(self.occ_code, self.occ_day, self.day0)


def _keys(code: np.ndarray, day: np.ndarray, day0: int) -> np.ndarray:
    return code.astype("int64") * KEY_SPAN + (day.astype("int64") - day0)


# Customer codes 0..n-1 in id order, so that later steps group integers, not strings.
_SQL_CODES = """
CREATE TEMP TABLE codes AS
SELECT customer, (row_number() OVER (ORDER BY customer) - 1)::BIGINT AS code
FROM (SELECT DISTINCT customer FROM tx)
"""

_ATTRIBUTES = ("segment", "name", "email")


def _sql_occasions(attributes: list[str]) -> str:
    """The one scan of the transactions: lines -> purchase occasions (an order, else a day).

    Descriptive columns (segment, name, email) are carried only when mapped: the most
    recent value wins.
    """
    extra = "".join(f",\n       arg_max(t.{a}, t.date) AS {a}" for a in attributes)
    return f"""
CREATE TEMP TABLE occ AS
SELECT c.code,
       CAST(min(t.date) AS DATE) AS d,
       sum(t.amount) AS amt,
       bool_or(t.opt_out) AS opt_out{extra}
FROM tx t JOIN codes c USING (customer)
GROUP BY c.code, t."order", CASE WHEN t."order" IS NULL THEN CAST(t.date AS DATE) END
"""


def _sql_customers(attributes: list[str]) -> str:
    extra = "".join(f"\n       arg_max(o.{a}, o.d) FILTER (WHERE o.{a} IS NOT NULL) AS {a}," for a in attributes)
    return f"""
SELECT c.code, c.customer,{extra}
       coalesce(bool_or(o.opt_out), false) AS opt_out,
       min(o.d) FILTER (WHERE o.amt IS NULL OR o.amt > 0) AS first,
       max(o.d) FILTER (WHERE o.amt IS NULL OR o.amt > 0) AS last,
       count(*) FILTER (WHERE o.amt IS NULL OR o.amt > 0) AS occasions,
       count(*) FILTER (WHERE o.amt <= 0) AS returns,
       sum(o.amt) AS amount,
       sum(o.amt) FILTER (WHERE o.d > $c12) AS value_12,
       sum(o.amt) FILTER (WHERE o.d > $c24) AS value_24,
       sum(o.amt) FILTER (WHERE o.d > $c36) AS value_36
FROM occ o JOIN codes c USING (code)
GROUP BY c.code, c.customer
ORDER BY c.code
"""


# Occasions sorted by customer, then day (ties: purchases before returns, for stable output).
_SQL_ARRAYS = """
SELECT code, datediff('day', DATE '1970-01-01', d) AS day, coalesce(amt, 0) AS amt,
       (amt IS NULL OR amt > 0) AS purchase
FROM occ
ORDER BY code, day, amt
"""


def _prev_and_median_gap(code: np.ndarray, day: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per customer, from purchases sorted by (code, day): the day of the purchase before the
    last, and the median gap in days between consecutive distinct purchase days.

    Done in numpy on the sorted arrays (a window function in SQL costs 4 times as much).
    """
    prev = np.full(n, NO_DAY, dtype="int64")
    if len(code) >= 2:
        is_last = np.ones(len(code), dtype=bool)
        is_last[:-1] = code[1:] != code[:-1]
        has_prev = np.zeros(len(code), dtype=bool)
        has_prev[1:] = code[1:] == code[:-1]
        at = np.flatnonzero(is_last & has_prev)
        prev[code[at]] = day[at - 1]
    median = np.full(n, np.nan)
    if len(code) >= 2:
        same = code[1:] == code[:-1]
        gap = (day[1:] - day[:-1])[same]
        gcode = code[1:][same]
        keep = gap > 0  # distinct days only: two orders on one day are not a rhythm
        gap, gcode = gap[keep], gcode[keep]
        if len(gap):
            # gcode is already sorted: one sort of a combined key orders gaps within each customer.
            key = np.sort(gcode * (1 << 32) + gap)
            gcode, gap = key >> 32, key & ((1 << 32) - 1)
            counts = np.bincount(gcode, minlength=n)
            starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
            has = counts > 0
            lo = starts[has] + (counts[has] - 1) // 2
            hi = starts[has] + counts[has] // 2
            median[has] = (gap[lo] + gap[hi]) / 2.0
    return prev, median


def _dates(days: np.ndarray) -> pd.Series:
    out = pd.Series(pd.NaT, index=range(len(days)), dtype="datetime64[s]")
    ok = days != NO_DAY
    out[ok] = from_day(days[ok]).astype("datetime64[s]")
    return out


def _days(series: pd.Series) -> np.ndarray:
    out = np.full(len(series), NO_DAY, dtype="int64")
    ok = series.notna().to_numpy()
    if ok.any():
        out[ok] = to_day(series[ok].to_numpy())
    return out


def summarise(data: Transactions | CustomerRows) -> Summary:
    """Per-customer summary as of the data's as-of date (one scan of the transactions)."""
    if isinstance(data, CustomerRows):
        return _summarise_customer_rows(data)
    as_of = data.as_of
    t_day = to_day(as_of)
    cut = {f"c{m}": from_day(sub_months(t_day, m)) for m in VALUE_MONTHS}
    con = duckdb.connect()
    try:
        attributes = [a for a in _ATTRIBUTES if data.frame[a].notna().any()]
        columns = ["customer", "date", "amount", "order", "opt_out", *attributes]
        con.register("tx", pa.Table.from_pandas(data.frame[columns], preserve_index=False))
        con.execute(_SQL_CODES)
        con.execute(_sql_occasions(attributes))
        customers = con.execute(_sql_customers(attributes), {k: v.date() for k, v in cut.items()}).df()
        arrays = con.execute(_SQL_ARRAYS).fetchnumpy()
    finally:
        con.close()
    customers = customers.drop(columns="code")
    for a in _ATTRIBUTES:
        if a not in customers:
            customers.insert(1, a, pd.Series(pd.NA, index=customers.index, dtype="string"))
    rest = [c for c in customers.columns if c not in ("customer", *_ATTRIBUTES)]
    customers = customers[["customer", *_ATTRIBUTES, *rest]]
    for column in ("first", "last"):
        customers[column] = pd.to_datetime(customers[column]).astype("datetime64[s]")
    customers["occasions"] = customers["occasions"].astype("int64")
    customers["returns"] = customers["returns"].astype("int64")
    value_columns = [f"value_{m}" for m in VALUE_MONTHS]
    if data.has_amount:
        customers[value_columns] = customers[value_columns].fillna(0.0)
    else:
        customers[["amount", *value_columns]] = np.nan
    code = np.asarray(arrays["code"], dtype="int64")
    day = np.asarray(arrays["day"], dtype="int64")
    amt = np.asarray(arrays["amt"], dtype="float64")
    purchase = np.asarray(arrays["purchase"], dtype=bool)
    prev_day, median_gap = _prev_and_median_gap(code[purchase], day[purchase], len(customers))
    customers.insert(customers.columns.get_loc("last") + 1, "prev", _dates(prev_day))
    customers.insert(customers.columns.get_loc("amount") + 1, "median_gap_days", median_gap)
    warnings = []
    n_returns = int(customers["returns"].sum())
    if n_returns:
        warnings.append(Warning("returns", n_returns))
    returns_only = int((customers["occasions"] == 0).sum())
    if returns_only:
        warnings.append(Warning("returns_only", returns_only))
    purchases = customers["first"].dropna()
    return Summary(
        customers=customers,
        as_of=as_of,
        has_amount=data.has_amount,
        has_segment=data.has_segment,
        has_history=True,
        first_date=pd.Timestamp(purchases.min()) if len(purchases) else as_of,
        last_date=pd.Timestamp(customers["last"].max()) if len(purchases) else as_of,
        first_day=_days(customers["first"]),
        last_day=_days(customers["last"]),
        prev_day=prev_day,
        occ_code=code,
        occ_day=day,
        occ_amount=amt,
        p_code=code[purchase],
        p_day=day[purchase],
        day0=int(day.min()) if len(day) else 0,
        warnings=tuple(warnings),
    )


def _summarise_customer_rows(data: CustomerRows) -> Summary:
    f = data.frame.sort_values("customer", kind="stable").reset_index(drop=True)
    customers = pd.DataFrame(
        {
            "customer": f["customer"],
            "segment": f["segment"],
            "name": f["name"],
            "email": f["email"],
            "opt_out": f["opt_out"].astype(bool),
            "first": f["first"].astype("datetime64[s]"),
            "last": f["last"].astype("datetime64[s]"),
            "prev": pd.Series(pd.NaT, index=f.index, dtype="datetime64[s]"),
            "occasions": f["orders"],
            "returns": 0,
            "amount": f["amount"] if data.has_amount else np.nan,
            "median_gap_days": np.nan,
            "value_12": np.nan,
            "value_24": np.nan,
            "value_36": np.nan,
        }
    )
    empty_i = np.zeros(0, dtype="int64")
    return Summary(
        customers=customers,
        as_of=data.as_of,
        has_amount=data.has_amount,
        has_segment=data.has_segment,
        has_history=False,
        first_date=pd.Timestamp(customers["first"].min()),
        last_date=pd.Timestamp(customers["last"].max()),
        first_day=_days(customers["first"]),
        last_day=_days(customers["last"]),
        prev_day=np.full(len(customers), NO_DAY, dtype="int64"),
        occ_code=empty_i,
        occ_day=empty_i,
        occ_amount=np.zeros(0),
        p_code=empty_i,
        p_day=empty_i,
        day0=0,
        warnings=(),
        shape="customers",
    )
