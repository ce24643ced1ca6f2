"""Key indicators as of the as-of date T, each with a one-line definition and the number of
customers behind it.

Every indicator that needs "client at a date" asks the stage rule (``stages_at``): retention
and churn compare the clients of a year ago with the clients now under the full definition.
A KPI the data cannot support (no amount column, no purchase history) is reported as
unavailable with its reason, never estimated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..errors import LifecycleError
from ..locale.i18n import fmt_int, fmt_money, fmt_number, fmt_pct, t
from ..vocabulary import CLIENT_STAGES
from .calendar import NO_DAY, period_ends, sub_months, to_day
from .stages import STAGE_CODE, UNCLASSIFIED, Stages, clients_at, clients_by_months_quiet, is_client, stages_at
from .summary import VALUE_MONTHS, Summary

__all__ = [
    "KPI_KEYS",
    "SERIES_KPIS",
    "SERIES_PERIODS",
    "UNITS",
    "Kpi",
    "cohort_values",
    "compute_kpis",
    "format_value",
    "kpi_series",
    "kpi_table",
    "purchase_days",
    "series_ends",
]

UNITS = {
    "clients": "count",
    "activity_rate": "ratio",
    "retention_rate": "ratio",
    "churn_rate": "ratio",
    "repeat_purchase_rate": "ratio",
    "second_purchase_rate": "ratio",
    "one_time_active_share": "ratio",
    "one_time_dormant_share": "ratio",
    "average_basket": "money",
    "average_basket_lifetime": "money",
    "purchase_frequency": "number",
    "top20_share": "ratio",
    "top20_share_lifetime": "ratio",
    **{f"value_{m}_{s}": "money" for m in VALUE_MONTHS for s in ("mean", "median")},
    **{f"first_value_{m}_mean": "money" for m in VALUE_MONTHS},
}
KPI_KEYS = tuple(UNITS)


@dataclass(frozen=True)
class Kpi:
    """One indicator: its value (None when unavailable), unit, and the customers behind it."""

    key: str
    value: float | None
    unit: str  # count, ratio, money, number
    base: int | None  # how many customers the figure is computed on
    active_months: int
    unavailable_reason: str | None = None  # an i18n key when value is None for lack of data

    def label(self, lang: str = "en") -> str:
        return t(f"kpi.{self.key}", lang)

    def definition(self, lang: str = "en") -> str:
        text = t(f"kpi.{self.key}.def", lang, active=self.active_months)
        if self.value is None and self.unavailable_reason:
            text += " — " + t(self.unavailable_reason, lang)
        return text

    def formatted(self, lang: str = "en") -> str:
        return format_value(self.unit, self.value, lang)


def format_value(unit: str, value: float | None, lang: str = "en") -> str:
    """A KPI value as people read it: 12.3% / 12,3 %, 1,234 / 1 234, 45.60 / 45,60."""
    if value is None:
        return "–"
    if unit == "ratio":
        return fmt_pct(value, lang)
    if unit == "count":
        return fmt_int(value, lang)
    if unit == "number":  # purchases per buyer: not money
        return fmt_number(value, lang, 2)
    return fmt_money(value, lang, 2)


def _ratio(num: float, den: float) -> float | None:
    return float(num) / float(den) if den else None


def _top_share(values: np.ndarray) -> float | None:
    """Share of the total made by the top 20% of the values (positive values only)."""
    values = np.sort(values[values > 0])[::-1]
    if len(values) == 0:
        return None
    k = math.ceil(0.2 * len(values))
    return float(values[:k].sum() / values.sum())


_FRESH = np.zeros(len(STAGE_CODE) + 1, dtype=bool)  # indexed by stage code + 1: new, reactivated, active
_FRESH[[STAGE_CODE[x] + 1 for x in ("new", "reactivated", "active")]] = True
_CLIENT = np.zeros(len(STAGE_CODE) + 1, dtype=bool)  # indexed by stage code + 1: the client stages
_CLIENT[[STAGE_CODE[x] + 1 for x in CLIENT_STAGES]] = True


def _values_of(summary: Summary, clients: np.ndarray) -> dict[int, dict[str, float | None]]:
    """Mean and median value over each of ``VALUE_MONTHS`` of the ``clients``."""
    out = {}
    for m in VALUE_MONTHS:
        values = summary.customers[f"value_{m}"].to_numpy(dtype="float64")[clients]
        ok = summary.has_amount and len(values) > 0
        out[m] = {stat: float(fn(values)) if ok else None for stat, fn in (("mean", np.mean), ("median", np.median))}
    return out


def _top20(summary: Summary, mask: np.ndarray | None) -> tuple[float | None, int]:
    """The top 20 % share of the last 12 months' spend and the customers who spent, of
    everyone (``mask`` None) or of ``mask``."""
    if not summary.has_amount:
        return None, 0
    spend = summary.customers["value_12"].to_numpy(dtype="float64")
    spend = spend if mask is None else spend[mask]
    return _top_share(spend), int((spend > 0).sum())


def purchase_days(summary: Summary) -> np.ndarray:
    """Per customer: the number of distinct days with a purchase on or before T (the number
    of orders for a one-row-per-customer file)."""
    if not summary.has_history:
        return summary.customers["occasions"].to_numpy(dtype="float64")
    n = summary.n_customers
    return summary.timeline.keep(("purchase_days",), lambda: np.bincount(summary.d_code, minlength=n).astype("float64"))


def _bought_in(summary: Summary, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Per customer: purchase occasions and net amount of occasions with a day in (lo, hi]
    (kept for the file: the KPIs ask for the same months on every rerun)."""

    def build():
        n = summary.n_customers
        pm = (summary.p_day > lo) & (summary.p_day <= hi)
        om = (summary.occ_day > lo) & (summary.occ_day <= hi)
        count = np.bincount(summary.p_code[pm], minlength=n)
        amount = np.bincount(summary.occ_code[om], weights=summary.occ_amount[om], minlength=n)
        return count, amount

    return summary.timeline.keep(("bought_in", lo, hi), build)


def _first_values(summary: Summary, months: int) -> tuple[np.ndarray, np.ndarray]:
    """Per customer: whether their first ``months`` months are over by T, and their net amount
    over those months (occasions from the first purchase to the day before its anniversary).
    Kept for the file: it depends on the data alone."""
    return summary.timeline.keep(("first_values", months), lambda: _first_values_of(summary, months))


def _first_values_of(summary: Summary, months: int) -> tuple[np.ndarray, np.ndarray]:
    t_day = to_day(summary.as_of)
    first = summary.first_day
    has = first != NO_DAY
    end = np.where(has, sub_months(np.where(has, first, 0), -months) - 1, NO_DAY)
    old = has & (end <= t_day)
    value = np.zeros(summary.n_customers)
    codes = np.flatnonzero(old)
    if len(codes):
        value[codes] = summary.timeline.amount_between(first[codes] - 1, end[codes], codes)
    return old, value


def compute_kpis(stages: Stages, mask: np.ndarray | None = None) -> list[Kpi]:
    """The KPIs for all customers, or for those in ``mask`` (a segment)."""
    s, d = stages.summary, stages.definition
    everyone = mask is None
    a = d.active_months
    # Customers by stage (code + 1), all of them and those with one purchase day: the
    # indicators that move with the new and active thresholds are sums of these counts.
    codes = stages.codes if everyone else np.where(mask, stages.codes, UNCLASSIFIED)
    days = purchase_days(s)
    known = ~np.isnan(days)
    size = len(STAGE_CODE) + 1
    by_stage = np.bincount(codes.astype("int64") + 1, minlength=size)
    by_stage_known = np.bincount(codes[known].astype("int64") + 1, minlength=size)
    one_day = np.bincount(codes[days == 1].astype("int64") + 1, minlength=size)
    n_clients = int(by_stage[_CLIENT].sum())
    no_amount = None if s.has_amount else "unavailable.amount"
    out = [
        Kpi("clients", float(n_clients), "count", n_clients, a),
        Kpi("activity_rate", _ratio(by_stage[_FRESH].sum(), n_clients), "ratio", n_clients, a),
    ]
    for stage in ("active", "dormant"):
        i = STAGE_CODE[stage] + 1
        group = int(by_stage_known[i])
        out.append(Kpi(f"one_time_{stage}_share", _ratio(one_day[i], group), "ratio", group, a))
    t_day = to_day(s.as_of)
    first_day = s.first_day if everyone else np.where(mask, s.first_day, NO_DAY)
    old_enough = (first_day != NO_DAY) & (first_day <= sub_months(t_day, a)) & known
    out.append(
        Kpi(
            "second_purchase_rate",
            _ratio(np.count_nonzero(days[old_enough] >= 2), np.count_nonzero(old_enough)),
            "ratio",
            int(np.count_nonzero(old_enough)),
            a,
        )
    )
    if s.has_history:
        # They depend on who is a client, not on the new and active thresholds: for the
        # whole base they are kept per client rule (medians of a million values alone cost
        # some 25 ms a slider move).
        if everyone:
            key = ("kpis_of_clients", d.client_rule().to_json())
            kept = s.timeline.remember(key, lambda: _kpis_of_clients(stages, None))
        else:
            kept = _kpis_of_clients(stages, mask)
        out.extend(replace(k, active_months=a) for k in kept)
    else:
        amount = s.customers["amount"].to_numpy(dtype="float64")
        orders = s.customers["occasions"].to_numpy(dtype="float64")
        every = np.ones(s.n_customers, dtype=bool) if everyone else mask
        ok = every & ~np.isnan(amount) & ~np.isnan(orders)
        basket = _ratio(amount[ok].sum(), orders[ok].sum()) if s.has_amount else None
        out.append(Kpi("average_basket_lifetime", basket, "money", int(ok.sum()), a, no_amount))
        spend = np.nan_to_num(amount[every]) if s.has_amount else np.zeros(0)
        top = _top_share(spend) if s.has_amount else None
        out.append(Kpi("top20_share_lifetime", top, "ratio", int((spend > 0).sum()), a, no_amount))
        for key in ("retention_rate", "churn_rate", "repeat_purchase_rate", "purchase_frequency"):
            out.append(Kpi(key, None, UNITS[key], None, a, "unavailable.history"))
    order = {k: i for i, k in enumerate(KPI_KEYS)}
    return sorted(out, key=lambda k: order[k.key])


def _kpis_of_clients(stages: Stages, mask: np.ndarray | None) -> list[Kpi]:
    """The KPIs of a history that only the client rule moves: retention and churn, the last
    12 months' purchases, the clients' values and the top 20 % share."""
    s, d = stages.summary, stages.definition
    everyone = mask is None
    mask = np.ones(s.n_customers, dtype=bool) if mask is None else mask
    a = d.active_months
    clients = is_client(stages.codes) & mask
    n_clients = int(clients.sum())
    no_amount = None if s.has_amount else "unavailable.amount"
    out = []
    t_day = to_day(s.as_of)
    c12 = sub_months(t_day, 12)
    # Clients a year ago and now, by the same rule (every option applied at both dates).
    year_ago = stages_at(s, d, [s.as_of - pd.DateOffset(months=12)])[:, 0]
    then = is_client(year_ago) & mask
    retention = _ratio((then & clients).sum(), then.sum())
    base = int(then.sum())
    out.append(Kpi("retention_rate", retention, "ratio", base, a))
    out.append(Kpi("churn_rate", None if retention is None else 1.0 - retention, "ratio", base, a))
    last12_n, last12_amt = _bought_in(s, c12, t_day)
    out.append(Kpi("repeat_purchase_rate", _ratio((then & (last12_n > 0)).sum(), then.sum()), "ratio", base, a))
    buyers = (last12_n > 0) & mask
    basket = _ratio(last12_amt[mask].sum(), last12_n[mask].sum()) if s.has_amount else None
    out.append(Kpi("average_basket", basket, "money", int(buyers.sum()), a, no_amount))
    out.append(Kpi("purchase_frequency", _ratio(last12_n[buyers].sum(), buyers.sum()), "number", int(buyers.sum()), a))
    values = _values_of(s, clients)
    for m in VALUE_MONTHS:
        for stat in ("mean", "median"):
            out.append(Kpi(f"value_{m}_{stat}", values[m][stat], "money", n_clients, a, no_amount))
    for m in VALUE_MONTHS:
        old, value = _first_values(s, m) if s.has_amount else (np.zeros(s.n_customers, dtype=bool), None)
        old = old & mask  # a new array: the file's own is kept for every later call
        mean = float(value[old].mean()) if s.has_amount and old.any() else None
        out.append(Kpi(f"first_value_{m}_mean", mean, "money", int(old.sum()), a, no_amount))
    top, spenders = s.timeline.keep(("top20",), lambda: _top20(s, None)) if everyone else _top20(s, mask)
    out.append(Kpi("top20_share", top, "ratio", spenders, a, no_amount))
    return out


SERIES_KPIS = ("activity_rate", "repeat_purchase_rate", "average_basket", "purchase_frequency")
SERIES_PERIODS = ("month", "half")  # month ends; half-year ends (30 June, 31 December)


def series_ends(summary: Summary, period: str = "month") -> list[pd.Timestamp]:
    """The dates of a KPI series: month ends (or the half-year ends among them, 30 June and
    31 December) from the month of the first purchase, the last one being the as-of date."""
    if period not in SERIES_PERIODS:
        raise LifecycleError.of("error.series_period", period=period)
    ends = period_ends(summary.first_date, summary.as_of, "month")
    if period == "half":
        ends = [e for e in ends[:-1] if e.month in (6, 12)] + [ends[-1]]
    return ends


def kpi_series(summary: Summary, definition, period: str = "month") -> pd.DataFrame:
    """Activity rate, repeat-purchase rate, average basket and purchase frequency at each
    period end (``series_ends``), each by the rule ``compute_kpis`` applies at the as-of date,
    so that the last row is the KPI table's figures.

    Columns: period_end; clients (the base of the activity rate), activity_rate;
    clients_year_before (clients 12 months before the date: the base of the repeat-purchase
    rate), repeat_purchase_rate; purchases and buyers (purchase occasions and customers with
    one in the 12 months up to the date), average_basket (None without an amount column),
    purchase_frequency. A rate without a base is None.
    """
    if not summary.has_history:
        raise LifecycleError.of("unavailable.history")
    ends = series_ends(summary, period)
    key = ("kpi_series", definition.to_json(), period)
    return summary.timeline.remember(key, lambda: _kpi_series(summary, definition, ends)).copy()


def _day_order(summary: Summary) -> dict[str, np.ndarray]:
    """The file's purchases, occasions and purchase days sorted by day, each purchase day with
    the customer's previous one (kept for the file: it depends on the data alone)."""

    def build():
        s = summary
        prev = np.full(len(s.d_day), NO_DAY, dtype="int64")
        if len(s.d_day) > 1:
            same = s.d_code[1:] == s.d_code[:-1]
            prev[1:] = np.where(same, s.d_day[:-1], NO_DAY)
        (d_order, d_day), (o_order, o_day) = s.timeline.day_orders()  # the sweeps' own
        return {
            "p_day": d_day if s.p_day is s.d_day else np.sort(s.p_day),
            "o_day": o_day,
            "o_amount": s.occ_amount[o_order],
            "d_day": d_day,
            "d_code": s.d_code[d_order],
            "d_prev": prev[d_order],
        }

    return summary.timeline.keep(("day_order",), build)


def _clients_year_before(summary: Summary, definition, ends: list[pd.Timestamp], client: np.ndarray) -> np.ndarray:
    """Whether each customer was a client 12 months before each of ``ends`` (customers × ends).

    Twelve months before a month end is a month end: read from ``client`` when it is among
    ``ends``; before the first purchase nobody is a client; any other date (a year before an
    as-of date that is no month end) is asked of the rule, as ``compute_kpis`` asks it."""
    first = summary.first_date.normalize()
    col = {e: i for i, e in enumerate(ends)}
    out = np.zeros(client.shape, dtype=bool, order="F")  # a date's column contiguous, as ``client``'s
    for k, e in enumerate(ends):
        before = e - pd.DateOffset(months=12)
        if before < first:
            continue
        out[:, k] = (
            client[:, col[before]] if before in col else is_client(stages_at(summary, definition, [before]))[:, 0]
        )
    return out


def _kpi_series(summary: Summary, definition, ends: list[pd.Timestamp]) -> pd.DataFrame:
    # Only the activity rate depends on the new and active thresholds: the rest, and the
    # clients by months since their last purchase that give it, are kept for the client rule,
    # so that a move of those two sliders counts the dormant clients and nothing more.
    rule = definition.client_rule()

    def build():
        return _kpi_series_of_clients(summary, rule, ends), clients_by_months_quiet(summary, rule, ends)

    frame, quiet = summary.timeline.remember(("kpi_series_clients", rule.to_json(), tuple(ends)), build)
    clients = frame["clients"].to_numpy()
    fresh = clients - quiet[:, definition.active_months :].sum(axis=1)
    out = frame.copy()
    out.insert(2, "activity_rate", [_ratio(fresh[k], clients[k]) for k in range(len(ends))])
    return out


def _kpi_series_of_clients(summary: Summary, definition, ends: list[pd.Timestamp]) -> pd.DataFrame:
    """The KPI series but for the activity rate: the same for every new and active threshold."""
    s = summary
    days = np.array([to_day(e) for e in ends], dtype="int64")
    lows = np.array([sub_months(int(d), 12) for d in days], dtype="int64")  # windows (lo, day]
    client = clients_at(s, definition, ends)  # the balance's, kept for the file's month ends
    clients = client.sum(axis=0)
    then = _clients_year_before(s, definition, ends, client)
    o = _day_order(s)
    purchases = np.searchsorted(o["p_day"], days, "right") - np.searchsorted(o["p_day"], lows, "right")
    o_lo, o_hi = np.searchsorted(o["o_day"], lows, "right"), np.searchsorted(o["o_day"], days, "right")
    d_lo, d_hi = np.searchsorted(o["d_day"], lows, "right"), np.searchsorted(o["d_day"], days, "right")
    rows = []
    for k, end in enumerate(ends):
        # A customer bought in (lo, day] once for their first purchase day in it: the one whose
        # previous purchase day is on or before lo.
        first_in = o["d_prev"][d_lo[k] : d_hi[k]] <= lows[k]
        who = o["d_code"][d_lo[k] : d_hi[k]][first_in]
        buyers = len(who)
        base = int(then[:, k].sum())
        amount = float(o["o_amount"][o_lo[k] : o_hi[k]].sum())
        if k == len(ends) - 1:  # the as-of date: the very sum the KPI table makes
            amount = float(_bought_in(s, int(lows[k]), int(days[k]))[1].sum())
        rows.append(
            {
                "period_end": end,
                "clients": int(clients[k]),
                "clients_year_before": base,
                "repeat_purchase_rate": _ratio(int(then[who, k].sum()), base),
                "purchases": int(purchases[k]),
                "buyers": buyers,
                "average_basket": _ratio(amount, purchases[k]) if s.has_amount else None,
                "purchase_frequency": _ratio(purchases[k], buyers),
            }
        )
    return pd.DataFrame(rows, columns=list(rows[0]))


def kpi_table(stages: Stages, lang: str = "en", *, by_segment: bool = False) -> pd.DataFrame:
    """KPIs as a table (key, label, value, unit, base, definition[, segment])."""
    groups: list[tuple[str | None, np.ndarray | None]] = [(None, None)]
    if by_segment and stages.summary.has_segment:
        seg = stages.summary.customers["segment"].fillna("—").to_numpy(dtype=object)
        groups = [(str(v), seg == v) for v in sorted(set(seg))]
    rows = []
    for name, mask in groups:
        for k in compute_kpis(stages, mask):
            row = {
                "key": k.key,
                "label": k.label(lang),
                "value": k.value,
                "unit": k.unit,
                "base": k.base,
                "definition": k.definition(lang),
            }
            if by_segment:
                row = {"segment": name, **row}
            rows.append(row)
    return pd.DataFrame(rows)


def cohort_values(summary: Summary) -> pd.DataFrame:
    """Value over the first 12, 24 and 36 months after the first purchase, per acquisition
    cohort (the quarter of the first purchase). Only customers whose first m months are over
    by T enter the m-month figures; ``old_m`` says how many did.

    Columns: cohort (e.g. 2024-Q1), acquired, and for each m: old_m, mean_m, median_m.
    """
    if not summary.has_history or not summary.has_amount:
        return pd.DataFrame()
    # Data only (no threshold in it): computed once per file and kept with the timeline.
    return summary.timeline.keep(("cohorts",), lambda: _cohort_values(summary)).copy()


def _cohort_values(summary: Summary) -> pd.DataFrame:
    has = summary.first_day != NO_DAY
    first = pd.to_datetime(summary.customers["first"])
    cohort = first.dt.to_period("Q")
    frame = pd.DataFrame({"cohort": cohort[has].astype(str).str.replace("Q", "-Q", regex=False)})
    for m in VALUE_MONTHS:
        old, value = _first_values(summary, m)
        frame[f"old_{m}"] = old[has]
        frame[f"value_{m}"] = np.where(old, value, np.nan)[has]
    grouped = frame.groupby("cohort", sort=True)
    out = grouped.size().rename("acquired").to_frame()
    for m in VALUE_MONTHS:
        out[f"old_{m}"] = grouped[f"old_{m}"].sum().astype("int64")
        out[f"mean_{m}"] = grouped[f"value_{m}"].mean()
        out[f"median_{m}"] = grouped[f"value_{m}"].median()
    return out.reset_index()
