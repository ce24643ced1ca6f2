"""One DuckDB scan from canonical transactions to purchase occasions and one row per customer.

This is the only step whose cost grows with the number of transactions. It produces:

* ``customers``: one row per customer (first and last purchase, the latest purchase on an
  earlier day than the last, purchase occasions, returns, net amount, median gap between
  purchase days, value over 12/24/36 months);
* sorted occasion and purchase-day arrays (customer code, day, net amount) from which
  ``lifecycle.model.timeline`` finds any customer's facts on any date.

A purchase occasion is a distinct order of a customer when an order column is mapped
(dated by its earliest line), else a distinct calendar day. An occasion whose net amount
is not positive is a return: netted into money totals, never a purchase.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa

from ..reading.prepare import Contacts, CustomerRows, Transactions, Warning, duckdb_connection
from ..reading.progress import run_query
from .calendar import KEY_SPAN, NEVER, NO_DAY, from_day, sub_months, to_day
from .timeline import Timeline, read_only

__all__ = [
    "VALUE_MONTHS",
    "Summary",
    "day_numbers",
    "finish_summary",
    "join_contacts",
    "purchase_days",
    "summarise",
    "summary_sql",
    "value_cuts",
]

VALUE_MONTHS = (12, 24, 36)


def _no_contacts() -> pd.DataFrame:
    return pd.DataFrame({"customer": [], "email": [], "name": [], "stage": []}, dtype=object)


@dataclass(frozen=True, eq=False)
class Summary:
    """Per-customer facts as of ``as_of`` and, for transactions, the occasion arrays.

    ``timeline`` answers what each customer's history looked like on any earlier date;
    ``contacts`` holds the people of a contacts list who never bought (``join_contacts``).
    """

    customers: pd.DataFrame  # index: customer code 0..n-1
    as_of: pd.Timestamp
    has_amount: bool
    has_segment: bool
    has_history: bool
    first_date: pd.Timestamp  # first purchase counted
    last_date: pd.Timestamp  # last purchase counted (≤ as_of)
    # Day numbers of first and last purchase and of the latest purchase on an earlier day
    # than the last (NO_DAY when missing), per code.
    first_day: np.ndarray
    last_day: np.ndarray
    prev_day: np.ndarray
    # Occasions sorted by (code, day); purchases only in the p_ arrays.
    occ_code: np.ndarray
    occ_day: np.ndarray
    occ_amount: np.ndarray
    p_code: np.ndarray
    p_day: np.ndarray
    # Distinct purchase days sorted by (code, day), with the customer's number of purchase
    # occasions up to and including that day.
    d_code: np.ndarray
    d_day: np.ndarray
    d_occasions: np.ndarray
    # The day from which each customer counts as opted out (NEVER when they did not opt out).
    opt_out_day: np.ndarray
    day0: int  # the smallest day in the key space
    warnings: tuple[Warning, ...] = ()
    shape: str = "transactions"
    contacts: pd.DataFrame = field(default_factory=_no_contacts)  # customer, email, name, stage
    file_prospects: int = 0  # the prospects of ``contacts`` found in the file itself
    currency: str | None = None  # the currency the file names for its amounts (None: it names none)

    def __post_init__(self) -> None:
        read_only([v for v in vars(self).values() if isinstance(v, np.ndarray)])

    @property
    def n_customers(self) -> int:
        return len(self.customers)

    @property
    def people_in_file(self) -> int:
        """Everyone the file names: its customers, and those who only cancelled or kept a
        deal open (its own prospects; a contacts list's people are not counted)."""
        return len(self.customers) + self.file_prospects

    @property
    def classified(self) -> np.ndarray:
        """Customers with at least one purchase (customers with returns only are not classified)."""
        return self.first_day != NO_DAY

    @cached_property
    def contact_counts(self) -> dict[str, int]:
        """Contacts without purchase by stage (suspect, prospect): no threshold changes them,
        so they are counted once, not on every classification."""
        if not len(self.contacts):
            return {}
        return {str(k): int(v) for k, v in self.contacts["stage"].value_counts().items()}

    @cached_property
    def timeline(self):
        """Each customer's facts on any date (``lifecycle.model.timeline.Timeline``), built once."""
        return Timeline(self)

    @cached_property
    def undated_opt_outs(self) -> int:
        """Customers who count as opted out on the as-of date: those without an opt-out date
        (and any whose date is that very day). All of them leave in the last period."""
        return int((self.opt_out_day == to_day(self.as_of)).sum())

    @cached_property
    def gaps(self) -> np.ndarray:
        """Days between consecutive distinct purchase days of each repeat customer, in
        increasing order (the suggestion reads percentiles and shares from them on every
        rerun). In 32 bits and sorted in place: 4 bytes a purchase day kept, not 16."""
        if len(self.d_day) < 2:
            return read_only(np.zeros(0, dtype="int32"))
        same = self.d_code[1:] == self.d_code[:-1]
        out = (self.d_day[1:] - self.d_day[:-1])[same].astype("int32")
        out.sort()
        return read_only(out)

    @cached_property
    def day_median_gap(self) -> np.ndarray:
        """For each distinct purchase day (``d_`` arrays): the median gap in days between the
        customer's purchase days up to and including it (NaN on their first day)."""
        return read_only(_running_median_gaps(self.d_code, self.d_day))

    def subset(self, mask: np.ndarray) -> Summary:
        """The same summary restricted to the customers in ``mask`` (a segment), codes renumbered.

        Contacts without purchase have no segment: they are left out.
        """
        keep = np.flatnonzero(mask)
        remap = np.full(self.n_customers, -1, dtype="int64")
        remap[keep] = np.arange(len(keep))
        occ, pur, days = mask[self.occ_code], mask[self.p_code], mask[self.d_code]
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
            d_code=remap[self.d_code[days]],
            d_day=self.d_day[days],
            d_occasions=self.d_occasions[days],
            opt_out_day=self.opt_out_day[keep],
            contacts=_no_contacts(),
            file_prospects=0,
        )

    def p_keys(self) -> np.ndarray:
        return _keys(self.p_code, self.p_day, self.day0)

    def occ_keys(self) -> np.ndarray:
        return _keys(self.occ_code, self.occ_day, self.day0)

    def d_keys(self) -> np.ndarray:
        return _keys(self.d_code, self.d_day, self.day0)


def _keys(code: np.ndarray, day: np.ndarray, day0: int) -> np.ndarray:
    return code.astype("int64") * KEY_SPAN + (day.astype("int64") - day0)


# Customer codes 0..n-1 in id order, so that later steps group integers, not strings.
_SQL_CODES = """
CREATE OR REPLACE TEMP TABLE codes AS
SELECT customer, (row_number() OVER (ORDER BY customer) - 1)::BIGINT AS code
FROM (SELECT DISTINCT customer FROM tx)
"""

_ATTRIBUTES = ("segment", "name", "email")


def _sql_occasions(attributes: list[str], opt_out_date: bool, orders: bool = True) -> str:
    """The one scan of the transactions: lines -> purchase occasions (an order, else a day).

    Descriptive columns (segment, name, email) are carried only when mapped: the most
    recent value wins. ``FILTER`` says what DuckDB's ``arg_max`` does anyway (a blank value
    is skipped) and Spark's ``max_by`` does not. ``orders``: the file has an order column;
    without one, every occasion is a day, grouped by the day alone (at 10,000,000 lines,
    0.3 s and some 200 MB less than with an order key that is NULL on every line).
    """
    extra = "".join(f",\n       arg_max(t.{a}, t.date) FILTER (WHERE t.{a} IS NOT NULL) AS {a}" for a in attributes)
    if opt_out_date:
        extra += ",\n       min(t.opt_out_date) AS opt_out_date"
    day, by = "CAST(min(t.date) AS DATE)", 't."order", CASE WHEN t."order" IS NULL THEN CAST(t.date AS DATE) END'
    if not orders:
        day = by = "CAST(t.date AS DATE)"
    return f"""
CREATE OR REPLACE TEMP TABLE occ AS
SELECT c.code,
       {day} AS d,
       fsum(t.amount) AS amt,
       bool_or(t.purchase) AND (fsum(t.amount) IS NULL OR fsum(t.amount) > 0) AS p,
       bool_or(t.opt_out) AS opt_out{extra}
FROM tx t JOIN codes c USING (customer)
GROUP BY c.code, {by}
"""


def _sql_customers(attributes: list[str], opt_out_date: bool) -> str:
    """Per customer, grouped by the integer code alone and given its id after: a join of one
    row per customer, not of every occasion (0.35 s less on 10 million occasions)."""
    extra = "".join(f"\n         arg_max(o.{a}, o.d) FILTER (WHERE o.{a} IS NOT NULL) AS {a}," for a in attributes)
    names = list(attributes)
    if opt_out_date:
        extra += "\n         min(o.opt_out_date) AS opt_out_date,"
        names.append("opt_out_date")
    names += ["opt_out", "first", "last", "occasions", "returns", "amount", "value_12", "value_24", "value_36"]
    return f"""
SELECT c.code, c.customer, {", ".join(f"g.{n}" for n in names)}
FROM (
  SELECT o.code,{extra}
         coalesce(bool_or(o.opt_out), false) AS opt_out,
         min(o.d) FILTER (WHERE o.p) AS first,
         max(o.d) FILTER (WHERE o.p) AS last,
         count(*) FILTER (WHERE o.p) AS occasions,
         count(*) FILTER (WHERE NOT o.p) AS returns,
         fsum(o.amt) AS amount,
         fsum(o.amt) FILTER (WHERE o.d > $c12) AS value_12,
         fsum(o.amt) FILTER (WHERE o.d > $c24) AS value_24,
         fsum(o.amt) FILTER (WHERE o.d > $c36) AS value_36
  FROM occ o
  GROUP BY o.code
) g JOIN codes c ON c.code = g.code
ORDER BY c.code
"""


# Occasions sorted by customer, then day (ties: purchases before returns, for stable output).
_SQL_ARRAYS = """
SELECT code, datediff('day', DATE '1970-01-01', d) AS day, coalesce(amt, 0) AS amt, p AS purchase
FROM occ
ORDER BY code, day, amt
"""


def summary_sql(attributes: list[str], opt_out_date: bool, orders: bool = True) -> tuple[str, str, str, str]:
    """The scan's statements in DuckDB's dialect, in order: customer codes, occasions (two
    temporary tables), then the per-customer query (parameters ``$c12``, ``$c24``, ``$c36``:
    ``value_cuts``) and the occasion arrays' query. ``lifecycle.model.query`` makes Spark SQL
    of the same text. ``orders``: the rows have an order column."""
    occasions = _sql_occasions(attributes, opt_out_date, orders)
    return _SQL_CODES, occasions, _sql_customers(attributes, opt_out_date), _SQL_ARRAYS


def value_cuts(as_of: pd.Timestamp) -> dict[str, object]:
    """The per-customer query's parameters: the day after which a purchase counts in the value
    over 12, 24 and 36 months (``c12``...), as ``datetime.date``."""
    t_day = to_day(as_of)
    return {f"c{m}": from_day(sub_months(t_day, m)).date() for m in VALUE_MONTHS}


def purchase_days(code: np.ndarray, day: np.ndarray, n: int):
    """From purchases sorted by (code, day): the distinct purchase days, each with the
    customer's number of purchase occasions up to it, and per customer the latest purchase
    day earlier than their last one (two orders on the day they come back hide no pause).

    Done in numpy on the sorted arrays (a window function in SQL costs 4 times as much).
    """
    if len(code) == 0:
        empty = np.zeros(0, dtype="int64")
        return empty, empty, empty, np.full(n, NO_DAY, dtype="int64")
    new_day = np.ones(len(code), dtype=bool)
    new_day[1:] = (code[1:] != code[:-1]) | (day[1:] != day[:-1])
    starts = np.flatnonzero(new_day)
    # Each purchase on a day of its own (always so when an occasion is a day): the days are
    # the purchases' own arrays, not a copy (16 bytes an occasion).
    d_code, d_day = (code, day) if len(starts) == len(code) else (code[starts], day[starts])
    # Occasions up to and including each day, counted within the customer.
    ends = np.append(starts[1:], len(code))  # one past each day's last occasion
    first_of_customer = np.ones(len(d_code), dtype=bool)
    first_of_customer[1:] = d_code[1:] != d_code[:-1]
    customer_start = np.maximum.accumulate(np.where(first_of_customer, starts, 0))
    d_occasions = ends - customer_start
    prev = np.full(n, NO_DAY, dtype="int64")
    is_last = np.ones(len(d_code), dtype=bool)
    is_last[:-1] = d_code[1:] != d_code[:-1]
    at = np.flatnonzero(is_last & ~first_of_customer)
    prev[d_code[at]] = d_day[at - 1]
    return d_code, d_day, d_occasions.astype("int64"), prev


def _median_gaps(d_code: np.ndarray, d_day: np.ndarray, n: int) -> np.ndarray:
    """Per customer: the median gap in days between consecutive distinct purchase days."""
    median = np.full(n, np.nan)
    if len(d_code) < 2:
        return median
    same = d_code[1:] == d_code[:-1]
    gap, gcode = (d_day[1:] - d_day[:-1])[same], d_code[1:][same]
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
    return median


_SMALL = 48  # customers with up to this many gaps: running medians by vectorised sorts


def _running_median_gaps(d_code: np.ndarray, d_day: np.ndarray) -> np.ndarray:
    """Median of each customer's gaps between purchase days, up to each of their purchase days.

    No library computes grouped running medians; this does it in numpy for the usual customer
    (a few dozen purchase days: one sort per prefix length, across all customers at once) and
    with an insertion-sorted list for the rare customer with more.
    """
    out = np.full(len(d_day), np.nan)
    if len(d_day) < 2:
        return out
    first = np.ones(len(d_code), dtype=bool)
    first[1:] = d_code[1:] != d_code[:-1]
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, len(d_code))) - 1  # gaps per customer
    gap = np.zeros(len(d_day), dtype="float64")
    gap[1:] = d_day[1:] - d_day[:-1]  # the gap ending at each day (meaningless on a first day)
    small = (counts >= 1) & (counts <= _SMALL)
    if small.any():
        s_start, s_count = starts[small], counts[small]
        width = int(s_count.max())
        cols = np.arange(1, width + 1)
        index = s_start[:, None] + cols[None, :]
        valid = cols[None, :] <= s_count[:, None]
        matrix = np.where(valid, gap[np.where(valid, index, 0)], np.inf)
        for length in range(1, width + 1):
            rows = s_count >= length
            part = np.sort(matrix[rows, :length], axis=1)
            lo, hi = part[:, (length - 1) // 2], part[:, length // 2]
            out[s_start[rows] + length] = (lo + hi) / 2.0

    for start, count in zip(starts[counts > _SMALL], counts[counts > _SMALL]):
        seen: list[float] = []
        for j in range(start + 1, start + count + 1):
            bisect.insort(seen, gap[j])
            k = len(seen)
            out[j] = (seen[(k - 1) // 2] + seen[k // 2]) / 2.0
    return out


def _dates(days: np.ndarray) -> pd.Series:
    out = pd.Series(pd.NaT, index=range(len(days)), dtype="datetime64[s]")
    ok = days != NO_DAY
    out[ok] = from_day(days[ok]).astype("datetime64[s]")
    return out


def day_numbers(series: pd.Series) -> np.ndarray:
    """Each date's day number (``calendar.to_day``); ``NO_DAY`` where there is none."""
    out = np.full(len(series), NO_DAY, dtype="int64")
    ok = series.notna().to_numpy()
    if ok.any():
        out[ok] = to_day(series[ok].to_numpy())
    return out


def _opt_out_days(flag: np.ndarray, date: pd.Series | None, as_of: pd.Timestamp) -> np.ndarray:
    """The day each customer counts as opted out from: its date when known, else the as-of date."""
    out = np.full(len(flag), NEVER, dtype="int64")
    out[np.asarray(flag, dtype=bool)] = to_day(as_of)
    if date is not None:
        days = day_numbers(date)
        dated = days != NO_DAY
        out[dated] = days[dated]
    return out


def summarise(data: Transactions | CustomerRows) -> Summary:
    """Per-customer summary as of the data's as-of date (one scan of the transactions)."""
    if isinstance(data, CustomerRows):
        return _summarise_customer_rows(data)
    as_of = data.as_of
    scanned = data.table  # rows read by ``lifecycle.reading.scan``: the table ``tx`` is in its connection
    if scanned is not None and scanned.summary is not None:
        return scanned.summary
    con = scanned.con if scanned is not None else duckdb_connection()
    try:
        if scanned is not None:
            filled = con.execute("SELECT " + ", ".join(f"count({a})" for a in _ATTRIBUTES) + " FROM tx").fetchone()
            attributes = [a for a, n in zip(_ATTRIBUTES, filled) if n]
            dated = False
        else:
            attributes = [a for a in _ATTRIBUTES if data.frame[a].notna().any()]
            dated = "opt_out_date" in data.frame and bool(data.frame["opt_out_date"].notna().any())
            columns = [
                "customer",
                "date",
                "amount",
                "order",
                "opt_out",
                *attributes,
                *(["opt_out_date"] if dated else []),
            ]
            frame = data.frame[columns]
            if "purchase" in data.frame:
                frame = frame.assign(purchase=data.frame["purchase"].to_numpy(dtype=bool))
            else:
                frame = frame.assign(purchase=True)
            con.register("tx", pa.Table.from_pandas(frame, preserve_index=False))
        codes, occasions, per_customer, occasion_arrays = summary_sql(attributes, dated, data.has_order)
        # Each query's share of the step, as measured on 1,000,000 rows; the rest is the
        # arrays' work below.
        run_query(con, codes, span=(0.0, 0.1))
        run_query(con, occasions, span=(0.1, 0.55))
        if scanned is not None:
            scanned.let_rows_go()
        customers = run_query(con, per_customer, value_cuts(as_of), span=(0.55, 0.8)).df()
        arrays = run_query(con, occasion_arrays, span=(0.8, 0.9)).fetchnumpy()
    finally:
        if scanned is None:
            con.close()
        else:  # the rows have given what they hold: DuckDB's memory and spill folder are freed
            scanned.close()
    summary = finish_summary(
        customers,
        arrays,
        as_of=as_of,
        has_amount=data.has_amount,
        has_segment=data.has_segment,
        currency=data.currency,
        interactions=data.interactions,
    )
    if scanned is not None:
        scanned.summary = summary
    return summary


def finish_summary(
    customers: pd.DataFrame,
    arrays: dict[str, np.ndarray],
    *,
    as_of: pd.Timestamp,
    has_amount: bool,
    has_segment: bool,
    currency: str | None = None,
    interactions: pd.DataFrame | None = None,
) -> Summary:
    """The summary from the per-customer query's frame and the occasion arrays (``summary_sql``),
    whichever engine ran them: purchase days, median gaps, opt-out days and warnings in numpy."""
    customers = customers.drop(columns="code")
    for a in _ATTRIBUTES:
        if a not in customers:
            customers.insert(1, a, pd.Series(pd.NA, index=customers.index, dtype="string"))
    dated = "opt_out_date" in customers
    opt_out_date = pd.to_datetime(customers.pop("opt_out_date")) if dated else None
    rest = [c for c in customers.columns if c not in ("customer", *_ATTRIBUTES)]
    customers = customers[["customer", *_ATTRIBUTES, *rest]]
    for column in ("first", "last"):
        customers[column] = pd.to_datetime(customers[column]).astype("datetime64[s]")
    customers["occasions"] = customers["occasions"].astype("int64")
    customers["returns"] = customers["returns"].astype("int64")
    value_columns = [f"value_{m}" for m in VALUE_MONTHS]
    if has_amount:
        customers[value_columns] = customers[value_columns].fillna(0.0)
    else:
        customers[["amount", *value_columns]] = np.nan
    code = np.asarray(arrays["code"], dtype="int64")
    day = np.asarray(arrays["day"], dtype="int64")
    amt = np.asarray(arrays["amt"], dtype="float64")
    purchase = np.asarray(arrays["purchase"], dtype=bool)
    # Every occasion a purchase (the usual file): the purchase arrays are the occasions' own, not a copy.
    p_code, p_day = (code, day) if purchase.all() else (code[purchase], day[purchase])
    d_code, d_day, d_occasions, prev_day = purchase_days(p_code, p_day, len(customers))
    customers.insert(customers.columns.get_loc("last") + 1, "prev", _dates(prev_day))
    median_gap = _median_gaps(d_code, d_day, len(customers))
    customers.insert(customers.columns.get_loc("amount") + 1, "median_gap_days", median_gap)
    warnings = []
    n_returns = int(customers["returns"].sum())
    if n_returns:
        warnings.append(Warning("returns", n_returns))
    returns_only = int((customers["occasions"] == 0).sum())
    if returns_only:
        warnings.append(Warning("returns_only", returns_only))
    purchases = customers["first"].dropna()
    prospects = _file_prospects(interactions, customers)
    if len(prospects):
        warnings.append(Warning("file_prospects", len(prospects)))
    return Summary(
        customers=customers,
        as_of=as_of,
        contacts=prospects,
        file_prospects=len(prospects),
        has_amount=has_amount,
        has_segment=has_segment,
        has_history=True,
        currency=currency,
        first_date=pd.Timestamp(purchases.min()) if len(purchases) else as_of,
        last_date=pd.Timestamp(customers["last"].max()) if len(purchases) else as_of,
        first_day=day_numbers(customers["first"]),
        last_day=day_numbers(customers["last"]),
        prev_day=prev_day,
        occ_code=code,
        occ_day=day,
        occ_amount=amt,
        p_code=p_code,
        p_day=p_day,
        d_code=d_code,
        d_day=d_day,
        d_occasions=d_occasions,
        opt_out_day=_opt_out_days(customers["opt_out"].to_numpy(dtype=bool), opt_out_date, as_of),
        day0=int(day.min()) if len(day) else 0,
        warnings=tuple(warnings),
    )


def _file_prospects(interactions: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """The customers of the file with a cancelled or open row but no purchase or return on or
    before the as-of date: they were in contact and did not buy, so they are prospects.
    Their first interaction dates them; their latest e-mail and name describe them."""
    if interactions is None or interactions.empty:
        return _no_contacts()
    rest = interactions[~interactions["customer"].isin(customers["customer"])]
    if rest.empty:
        return _no_contacts()
    rest = rest.sort_values(["customer", "date"], kind="stable")
    out = rest.groupby("customer", sort=True, as_index=False).agg(
        email=("email", "last"), name=("name", "last"), contact_date=("date", "min")
    )
    out["stage"] = "prospect"
    return out[["customer", "email", "name", "stage", "contact_date"]].astype(
        {"customer": object, "email": object, "name": object, "stage": object}
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
    opt_out_day = _opt_out_days(customers["opt_out"].to_numpy(dtype=bool), f.get("opt_out_date"), data.as_of)
    return Summary(
        customers=customers,
        as_of=data.as_of,
        has_amount=data.has_amount,
        has_segment=data.has_segment,
        has_history=False,
        currency=data.currency,
        first_date=pd.Timestamp(customers["first"].min()),
        last_date=pd.Timestamp(customers["last"].max()),
        first_day=day_numbers(customers["first"]),
        last_day=day_numbers(customers["last"]),
        prev_day=np.full(len(customers), NO_DAY, dtype="int64"),
        occ_code=empty_i,
        occ_day=empty_i,
        occ_amount=np.zeros(0),
        p_code=empty_i,
        p_day=empty_i,
        d_code=empty_i,
        d_day=empty_i,
        d_occasions=empty_i,
        opt_out_day=opt_out_day,
        day0=0,
        warnings=(),
        shape="customers",
    )


def join_contacts(summary: Summary, contacts: Contacts | None) -> Summary:
    """The summary with a contacts list joined: opt-outs of customers who bought (matched on
    the customer id, else the email) and the people who never bought, as prospects (an
    interaction: a contact date or a prospect status) or suspects.

    One person, one record: a contact listed twice keeps any interaction and the earliest
    opt-out date.
    """
    if contacts is None or contacts.frame.empty:
        return summary
    customers = summary.customers
    cf = contacts.frame
    code_by_id = pd.Series(customers.index, index=customers["customer"])
    matched = cf["customer"].map(code_by_id)
    emails = customers[["email"]].assign(code=customers.index).dropna()
    code_by_email = emails.drop_duplicates("email").set_index("email")["code"]
    matched = matched.fillna(cf["email"].map(code_by_email))
    hit = matched.notna().to_numpy()
    opt_out_day = summary.opt_out_day.copy()
    flagged = hit & cf["opt_out"].to_numpy(dtype=bool)
    if flagged.any():
        codes = matched[flagged].astype("int64").to_numpy()
        dates = cf.loc[flagged, "opt_out_date"] if "opt_out_date" in cf else None
        days = _opt_out_days(np.ones(len(codes), dtype=bool), dates, summary.as_of)
        np.minimum.at(opt_out_day, codes, days)
    known = summary.contacts  # the file's own prospects: one person, one record
    if len(known):
        seen = cf["customer"].isin(set(known["customer"].dropna())) | cf["email"].isin(set(known["email"].dropna()))
        hit = hit | seen.to_numpy()
    rest = cf[~hit].copy()
    rest["key"] = rest["customer"].fillna("@" + rest["email"].fillna(""))
    rest = rest.groupby("key", sort=True, as_index=False).agg(
        customer=("customer", "first"),
        email=("email", "first"),
        name=("name", "first"),
        interaction=("interaction", "max"),
    )
    rest["stage"] = np.where(rest["interaction"], "prospect", "suspect")
    others = rest[["customer", "email", "name", "stage"]].astype(object)
    if len(known):
        others = pd.concat([known, others], ignore_index=True)
    others = others.reset_index(drop=True)
    customers = customers.assign(opt_out=customers["opt_out"].to_numpy(dtype=bool) | (opt_out_day != NEVER))
    return replace(summary, customers=customers, opt_out_day=opt_out_day, contacts=others)
