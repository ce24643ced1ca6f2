"""How the base moves over time: portfolio balance, stage history, transitions, durations.

Every figure here asks ``lifecycle.model.stages.stages_at`` for each customer's stage at its dates:
the same rule, with the same options, as the funnel. "Client at E" means a stage among new,
reactivated, active and dormant at E. The balance, when the client window and the opt-out alone
decide who is a client, reads it from each customer's runs of client ends (``client_spans``):
the same clients as the rule at every end (a property test compares both), in one pass over
the purchase days. The stage history and the durations sum tallies of the rule's month counts
kept per client rule (``stages.StageTallies``): the same counts as the rule's stages on every
date (a property test compares both), without the rule on every customer and date when the
new or active threshold moves.

Balance (DESIGN.md): period ends E1 < E2 < ... from the first period holding a purchase, the
last end being the as-of date. For period k: new = a client at Ek who was a client at no
earlier end; won back = a client at Ek, not at E(k-1), but at some earlier end; lost = a
client at E(k-1) and not at Ek; so that exactly
clients(Ek) = clients(E(k-1)) + new + won back − lost, and the last row ends at the funnel's
total clients under every option.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..definition import Definition
from ..errors import LifecycleError
from ..vocabulary import BUYER_STAGES, CLIENT_STAGES
from .calendar import NO_DAY, period_ends, previous_period_end, sub_months, to_day
from .kpis import purchase_days
from .stages import (
    STAGE_CODE,
    UNCLASSIFIED,
    clients_at,
    ever_in_stage,
    facts_for,
    parts_at,
    stage_codes,
    stage_tallies,
    stages_at,
    tally_size,
)
from .summary import Summary
from .timeline import Facts

__all__ = [
    "BALANCE_COLUMNS",
    "NOT_YET",
    "balance",
    "balance_uncached",
    "client_spans",
    "durations",
    "history_stages",
    "stage_counts",
    "stage_history",
    "state_at",
    "transitions",
]

NOT_YET = "not_yet"  # not a customer yet at that date (row label of the transition matrix)
# The balance's columns (after ``segment`` when split by segment); their names: ``export.col.<column>``.
BALANCE_COLUMNS = (
    "period_end",
    "clients_start",
    "new",
    "won_back",
    "lost",
    "clients_end",
    "quick_ratio",
    "new_revenue",
    "lost_revenue",
)
LOST_REVENUE_MONTHS = 12
# Past this many counts (32 MB: many segments under a long client window), the stage counts are
# read from the rule's stages instead of kept tallies.
TALLY_LIMIT = 4_000_000
DAYS_PER_MONTH = 365.25 / 12


def _need_history(summary: Summary) -> None:
    if not summary.has_history:
        raise LifecycleError.of("unavailable.history")


def state_at(summary: Summary, date) -> Facts:
    """Each customer's purchase facts on ``date`` (only purchases on or before it count)."""
    _need_history(summary)
    return summary.timeline.facts_at(to_day(date))


def history_stages(definition: Definition) -> tuple[str, ...]:
    """The stages a customer with a purchase can be in under ``definition``, in life-cycle order."""
    return tuple(s for s in BUYER_STAGES if s != "below_minimum" or definition.min_amount is not None)


def _segments(summary: Summary, by_segment: bool) -> list[tuple[str | None, np.ndarray]]:
    everyone = np.ones(summary.n_customers, dtype=bool)
    if not by_segment:
        return [(None, everyone)]
    if not summary.has_segment:
        raise LifecycleError.of("error.no_segment")
    seg = summary.customers["segment"].fillna("—").to_numpy(dtype=object)
    return [(str(v), seg == v) for v in sorted(set(seg))]


def balance(
    summary: Summary, definition: Definition, period: str = "month", *, by_segment: bool = False
) -> pd.DataFrame:
    """The per-period portfolio balance (clients won vs lost), from the first period holding a purchase.

    Columns: period_end, clients_start, new, won_back, lost, clients_end, quick_ratio,
    new_revenue (what the period's new clients spent in it), lost_revenue (what the period's
    lost clients spent in the 12 months up to their last purchase); and segment when
    ``by_segment``.
    """
    _need_history(summary)
    # Kept on the timeline: the bridge, the flows and the money charts draw the same balance.
    # It counts clients only, and whether a customer is a client does not depend on the new
    # and active thresholds (they split clients into stages; lost and below the minimum are
    # decided by the window and the options): one balance serves every value of those two,
    # so their sliders do not recompute it (``test_client_status_ignores_new_and_active``).
    key = ("balance", definition.client_rule().to_json(), period, by_segment)
    return summary.timeline.remember(key, lambda: balance_uncached(summary, definition, period, by_segment)).copy()


def balance_uncached(
    summary: Summary, definition: Definition, period: str, by_segment: bool, *, by_rule: bool = False
) -> pd.DataFrame:
    """``balance`` computed afresh. The clients at each end come from each customer's runs of
    client ends (``client_spans``) when the window and the opt-out alone decide, else from the
    rule at every end; ``by_rule`` asks for the rule even then (both give the same frame)."""
    ends = period_ends(summary.first_date, summary.as_of, period)
    k_ends = len(ends)
    days = np.array([to_day(previous_period_end(ends[0], period))] + [to_day(e) for e in ends], dtype="int64")
    segments = _segments(summary, by_segment)
    seg_id, _ = _group_ids(summary, by_segment)
    slots = len(segments) * k_ends  # one sum per (segment, period)

    def count(codes: np.ndarray, k: np.ndarray) -> np.ndarray:
        return np.bincount(seg_id[codes] * k_ends + k, minlength=slots).reshape(-1, k_ends)

    if by_rule or definition.own_rhythm or definition.min_amount is not None:
        new, won, lost, clients = _flows_from_stages(summary, definition, ends, segments)
    else:
        codes, first, a, b = client_spans(summary, definition, days[1:])
        ended = b < k_ends
        new, won, lost = (codes[first], a[first]), (codes[~first], a[~first]), (codes[ended], b[ended])
        clients = np.cumsum(count(codes, a) - count(*lost), axis=1)
    counts = {"end": clients, "new": count(*new), "won": count(*won), "lost": count(*lost)}
    counts["start"] = np.zeros_like(clients)
    counts["start"][:, 1:] = clients[:, :-1]
    money = None
    if summary.has_amount:
        money = {}
        for name, (codes, k, amounts) in _money(summary, days, new, lost).items():
            money[name] = np.bincount(seg_id[codes] * k_ends + k, weights=amounts, minlength=slots).reshape(-1, k_ends)
    rows = []
    for i, (seg, _mask) in enumerate(segments):
        for k in range(k_ends):
            n_new, n_won, n_lost = (int(counts[c][i, k]) for c in ("new", "won", "lost"))
            row = {
                "period_end": pd.Timestamp(ends[k]),
                "clients_start": int(counts["start"][i, k]),
                "new": n_new,
                "won_back": n_won,
                "lost": n_lost,
                "clients_end": int(counts["end"][i, k]),
                "quick_ratio": (n_new + n_won) / n_lost if n_lost else None,
                "new_revenue": float(money["new"][i, k]) if money else None,
                "lost_revenue": float(money["lost"][i, k]) if money else None,
            }
            if by_segment:
                row = {"segment": seg, **row}
            rows.append(row)
    out = pd.DataFrame(rows)
    return out.sort_values("period_end", kind="stable").reset_index(drop=True) if by_segment else out


def _flows_from_stages(summary: Summary, definition: Definition, ends: list, segments: list) -> tuple:
    """New, won-back and lost (customer, period) pairs, sorted by customer, and the clients
    at each end per segment, from the rule's client matrix (customers × ends)."""
    client = clients_at(summary, definition, ends)
    n, k_ends = client.shape
    before = np.zeros((n, k_ends), dtype=bool)  # a client at some earlier end
    if k_ends > 1:
        before[:, 1:] = np.logical_or.accumulate(client[:, :-1], axis=1)
    start = np.zeros((n, k_ends), dtype=bool)  # a client at the previous end (none before the first)
    start[:, 1:] = client[:, :-1]
    new = np.nonzero(client & ~before)
    won = np.nonzero(client & ~start & before)
    lost = np.nonzero(start & ~client)
    if len(segments) == 1:
        clients = client.sum(axis=0).reshape(1, k_ends)
    else:
        clients = np.stack([client[mask].sum(axis=0) for _, mask in segments])
    return new, won, lost, clients


def client_spans(summary: Summary, definition: Definition, end_days: np.ndarray) -> tuple:
    """Each customer's runs of consecutive period ends at which they are a client, when only
    the client window and the opt-out decide (no minimum amount, no rhythm of their own).

    Returns ``(code, first, a, b)``, one run per element, sorted by customer then ``a``: the
    customer is a client at the ends ``a`` to ``b − 1`` (``b`` = the number of ends: still a
    client at the last one); ``first`` marks each customer's first run.

    Why it equals the rule: a client at E is a customer whose last purchase on or before E is
    within the window, ``whole_months(last, E) < client_months``; the latest purchase has the
    fewest whole months to E, so that is "some purchase p on or before E with
    ``whole_months(p, E) < client_months``", and for one purchase those ends are consecutive:
    from the first end on or after p to the first end E with p ≤ sub_months(E, client_months)
    (``whole_months``' own definition), excluded. A customer's runs are the union of their
    purchases' runs, and an opt-out (when it makes lost) ends them at its day. One pass over
    the purchase days, instead of the rule at every end.
    """
    s = summary
    code, day = s.d_code, s.d_day
    lapse_days = sub_months(end_days, definition.client_months)
    # Each day's ends looked up in a table of the days from the first purchase to the last
    # (dates fall within pandas' years 1677-2262: 220,000 days at most), cheaper than a
    # binary search per purchase.
    lo = int(day.min()) if len(day) else 0
    every = np.arange(lo, int(day.max()) + 1 if len(day) else 0, dtype="int64")
    at = day - lo
    a = np.searchsorted(end_days, every, side="left").astype("int32")[at]
    b = np.searchsorted(lapse_days, every, side="left").astype("int32")[at]
    del at
    if definition.opt_out_lost:
        np.minimum(b, np.searchsorted(end_days, s.opt_out_day, side="left").astype("int32")[code], out=b)
    keep = a < b
    if not keep.all():  # with month ends, every purchase before an opt-out is kept
        code, a, b = code[keep], a[keep], b[keep]
    # Within a customer a and b grow with the day: a run starts where a purchase's ends begin
    # after the previous purchase's have stopped.
    first = np.ones(len(code), dtype=bool)
    first[1:] = code[1:] != code[:-1]
    starts = first.copy()
    starts[1:] |= a[1:] > b[:-1]
    at = np.flatnonzero(starts)
    last_of_run = np.append(at[1:] - 1, len(code) - 1).astype("int64")
    return code[at], first[at], a[at], b[last_of_run] if len(code) else b[:0]


def _money(summary: Summary, days: np.ndarray, new: tuple, lost: tuple) -> dict:
    """The money side as (customer, period, amount) triples: what a new client spent in the
    period, and what a lost client spent in the 12 months up to their last purchase.

    ``new`` and ``lost`` are (customer codes, period index) pairs sorted by customer; a
    customer is new in one period at most: there are few pairs, searched all at once.
    """
    timeline = summary.timeline
    out = {}
    codes, k = new
    out["new"] = codes, k, timeline.amount_between(days[k], days[k + 1], codes)
    codes, k = lost
    last = timeline.last_purchase(days[k + 1], codes)
    out["lost"] = codes, k, timeline.amount_between(sub_months(last, LOST_REVENUE_MONTHS), last, codes)
    return out


def stage_history(
    summary: Summary, definition: Definition, period: str = "month", *, by_segment: bool = False
) -> pd.DataFrame:
    """Number of customers in each stage at each period end (long: period_end, stage, count)."""
    _need_history(summary)
    key = ("history", definition.to_json(), period, by_segment)
    return summary.timeline.remember(key, lambda: _stage_history(summary, definition, period, by_segment)).copy()


def _stage_history(summary: Summary, definition: Definition, period: str, by_segment: bool) -> pd.DataFrame:
    ends = period_ends(summary.first_date, summary.as_of, period)
    segments = _segments(summary, by_segment)
    counts = stage_counts(summary, definition, ends, by_segment)  # segment × period end × stage code + 1
    shown = history_stages(definition)
    columns = [STAGE_CODE[s] + 1 for s in shown]
    out = pd.DataFrame(
        {
            "period_end": np.repeat(pd.DatetimeIndex(ends), len(segments) * len(shown)),
            "stage": np.tile(shown, len(ends) * len(segments)),
            "count": counts[:, :, columns].transpose(1, 0, 2).ravel().astype("int64"),
        }
    )
    if by_segment:
        out.insert(0, "segment", np.tile(np.repeat([seg for seg, _ in segments], len(shown)), len(ends)))
    return out


def _group_ids(summary: Summary, by_segment: bool) -> tuple[np.ndarray, int]:
    """Each customer's segment number (in ``_segments``' order) and the number of segments,
    kept for the file: the balance, the stage counts and the durations split by the same."""

    def build() -> tuple[np.ndarray, int]:
        segments = _segments(summary, by_segment)
        seg_id = np.zeros(summary.n_customers, dtype="int64")
        for i, (_, mask) in enumerate(segments):
            seg_id[mask] = i
        return seg_id, len(segments)

    return summary.timeline.keep(("segment_ids", by_segment), build)


def stage_counts(
    summary: Summary, definition: Definition, dates: list, by_segment: bool = False, *, by_rule: bool = False
) -> np.ndarray:
    """Customers in each stage on each date, per segment (segments × dates × stage code + 1;
    index 0: no purchase yet).

    Read from the client rule's tallies (``StageTallies``), kept on the timeline: a move of the
    new or active threshold sums them instead of applying the rule to every customer and
    date. ``by_rule`` (and tallies too large to keep) counts the rule's stages instead; both
    give the same counts (a property test compares them).
    """
    seg_id, n_seg = _group_ids(summary, by_segment)
    if by_rule or tally_size(definition, len(dates), n_seg) > TALLY_LIMIT:
        codes = stages_at(summary, definition, dates)
        size = len(STAGE_CODE) + 1  # codes and UNCLASSIFIED
        counts = [np.bincount(seg_id * size + codes[:, k] + 1, minlength=n_seg * size) for k in range(len(dates))]
        return np.stack(counts).reshape(len(dates), n_seg, size).transpose(1, 0, 2)
    days = tuple(to_day(d) for d in dates)
    key = ("tallies", definition.client_rule().to_json(), days, by_segment)
    tallies = summary.timeline.remember(
        key, lambda: stage_tallies(parts_at(summary, definition, dates), definition, seg_id, n_seg)
    )
    return tallies.counts(definition)


def _cycles(summary: Summary, definition: Definition, by_segment: bool) -> list[tuple[str | None, dict]]:
    """The completed life cycles of ``durations``, per segment."""
    lost_now = parts_at(summary, definition, [summary.as_of]).is_lost()[:, 0]
    since = _lost_since(summary, definition, lost_now)
    cycle_days = np.full(summary.n_customers, np.nan)
    cycle_days[lost_now] = since[lost_now] - summary.first_day[lost_now]
    repeat = purchase_days(summary) >= 2
    once_lost = lost_now & ~repeat
    repeat_lost = lost_now & repeat
    out = []
    for seg, mask in _segments(summary, by_segment):
        cyc = cycle_days[mask & repeat_lost] / DAYS_PER_MONTH
        row = {
            "completed_cycles": len(cyc),
            "one_purchase_cycles": int(np.count_nonzero(mask & once_lost)),
            "cycle_mean_months": float(np.mean(cyc)) if len(cyc) else None,
            "cycle_median_months": float(np.median(cyc)) if len(cyc) else None,
        }
        out.append((seg, row))
    return out


def _ever_in_stage(
    summary: Summary, definition: Definition, dates: list, by_segment: bool, *, by_rule: bool = False
) -> dict[str, np.ndarray]:
    """How many customers of each segment were in each client stage on at least one of
    ``dates`` (stage → one count per segment); kept per client rule and new threshold."""
    seg_id, n_seg = _group_ids(summary, by_segment)
    if by_rule:
        codes = stages_at(summary, definition, dates)
        return {
            stage: np.bincount(seg_id, weights=(codes == STAGE_CODE[stage]).any(axis=1), minlength=n_seg).astype(
                "int64"
            )
            for stage in CLIENT_STAGES
        }
    days = tuple(to_day(d) for d in dates)
    key = ("ever_in_stage", definition.client_rule().to_json(), definition.new_months, days, by_segment)
    ever = summary.timeline.remember(
        key,
        lambda: ever_in_stage(parts_at(summary, definition, dates), definition.new_months, seg_id, n_seg),
    )
    return ever.counts(definition.active_months)


def transitions(summary: Summary, definition: Definition, start, end, *, segment: str | None = None) -> pd.DataFrame:
    """Customers by stage at ``start`` (rows) and at ``end`` (columns), counts.

    The row ``not_yet`` holds customers whose first purchase came after ``start``. Row sums
    are the stage counts at ``start`` (plus those not yet customers), column sums the stage
    counts at ``end``. Row percentages: ``out.div(out.sum(axis=1), axis=0)``. ``segment``
    keeps one segment.
    """
    _need_history(summary)
    start_ts, end_ts = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if not start_ts < end_ts:
        raise LifecycleError.of("error.dates_order", a=start_ts.date(), b=end_ts.date())
    if end_ts > summary.as_of:
        raise LifecycleError.of("error.after_as_of", b=end_ts.date(), as_of=summary.as_of.date())
    codes = stages_at(summary, definition, [start_ts, end_ts])
    a, b = codes[:, 0].astype("int64"), codes[:, 1].astype("int64")
    keep = b != UNCLASSIFIED
    if segment is not None:
        keep &= dict(_segments(summary, True)).get(segment, np.zeros(len(b), dtype=bool))
    # Counts of (stage at start, stage at end) pairs; «not yet» is the unclassified code at start.
    size = len(STAGE_CODE) + 1
    pairs = np.bincount((a[keep] + 1) * size + (b[keep] + 1), minlength=size * size).reshape(size, size)
    order = list(history_stages(definition))
    rows = [UNCLASSIFIED + 1] + [STAGE_CODE[s] + 1 for s in order]
    table = pd.DataFrame(
        pairs[np.ix_(rows, [STAGE_CODE[s] + 1 for s in order])], index=[NOT_YET, *order], columns=order
    )
    table.index.name, table.columns.name = "from", "to"
    return table.astype("int64")


def _lost_since(summary: Summary, definition: Definition, who: np.ndarray) -> np.ndarray:
    """For customers lost at the as-of date: the first day after their last purchase on which
    the rule calls them lost (for an opt-out before the last purchase: that purchase's day).

    Between the last purchase and the as-of date nothing new happens, so being lost can only
    start once and last: a binary search on the day, asking the stage rule itself.
    """
    # Who is lost, and since when, does not depend on the new and active thresholds.
    rule = definition.replace(min_amount=None, new_months=1, active_months=1)  # nor on the minimum
    key = ("lost_since", rule.to_json(), who.tobytes())
    return summary.timeline.remember(key, lambda: _search_lost_since(summary, rule, who))


def _search_lost_since(summary: Summary, rule: Definition, who: np.ndarray) -> np.ndarray:
    t_day = to_day(summary.as_of)
    f = facts_for(summary, rule, t_day)
    pick = np.flatnonzero(who)
    lo, hi = f.last[pick].copy(), np.full(len(pick), t_day, dtype="int64")

    def lost_on(days: np.ndarray) -> np.ndarray:
        sub = Facts(
            day=days,
            first=f.first[pick],
            last=f.last[pick],
            prev=f.prev[pick],
            occasions=f.occasions[pick],
            median_gap=None if f.median_gap is None else f.median_gap[pick],
            window_amount=None,
            opt_out_day=f.opt_out_day[pick],
        )
        return stage_codes(sub, rule) == STAGE_CODE["lost"]

    while (lo < hi).any():
        mid = (lo + hi) // 2
        yes = lost_on(mid)
        hi = np.where(yes, mid, hi)
        lo = np.where(yes, lo, mid + 1)
    out = np.full(summary.n_customers, NO_DAY, dtype="int64")
    out[pick] = hi
    return out


def durations(
    summary: Summary, definition: Definition, *, by_segment: bool = False, by_rule: bool = False
) -> pd.DataFrame:
    """Length of completed life cycles and mean time spent in each client stage, in months.

    A completed life cycle runs from the first purchase to the day the customer became lost,
    for customers lost at the as-of date. The cycle lengths rest on repeat buyers only
    (purchases on two days or more): a one-purchase customer becomes lost a client window
    after their only purchase, so their "cycle" is the window itself, not a measure of the
    customers. ``completed_cycles`` counts the cycles measured, ``one_purchase_cycles`` the
    one-purchase customers left out. Time in each stage is counted on month-end snapshots:
    the mean number of months a customer who ever was in a stage spent in it, that is the
    customer-months in the stage over the customers ever in it (both counted from the kept
    tallies; ``by_rule`` counts them on the rule's stages instead, with the same result).
    """
    _need_history(summary)
    ends = period_ends(summary.first_date, summary.as_of, "month")
    # The cycles do not depend on the new and active thresholds: kept per client rule.
    key = ("cycles", definition.client_rule().to_json(), by_segment)
    cycles = summary.timeline.remember(key, lambda: _cycles(summary, definition, by_segment))
    months = stage_counts(summary, definition, ends, by_segment, by_rule=by_rule).sum(axis=1)
    ever = _ever_in_stage(summary, definition, ends, by_segment, by_rule=by_rule)
    rows = []
    for i, (seg, row) in enumerate(cycles):
        row = dict(row)
        for stage in CLIENT_STAGES:
            customers, customer_months = int(ever[stage][i]), int(months[i, STAGE_CODE[stage] + 1])
            row[f"{stage}_mean_months"] = customer_months / customers if customers else None
        if by_segment:
            row = {"segment": seg, **row}
        rows.append(row)
    return pd.DataFrame(rows)
