"""Invariants on random transaction tables and random definitions, every option on and off (hypothesis)."""

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import Definition, balance, classify, stage_history, stages_at, transitions
from lifecycle.model.calendar import NO_DAY, period_ends, to_day
from lifecycle.model.history import (
    NOT_YET,
    balance_uncached,
    client_spans,
    durations,
    history_stages,
    stage_counts,
)
from lifecycle.model.kpis import compute_kpis, kpi_series, series_ends
from lifecycle.model.stages import STAGE_CODE, clients_at, is_client, parts_at, stage_parts
from lifecycle.vocabulary import CLIENT_STAGES, STAGES
from tests.conftest import run

HEADER = ("client", "date", "montant", "commande", "désabonné", "date de désinscription")
# How fresh a stage is; raising a threshold makes the rules more lenient, so a customer can
# only move to a fresher level (active and reactivated share a level: raising `active`
# turns some reactivated customers into active ones, raising `new` the reverse).
LEVEL = {"lost": 0, "dormant": 1, "active": 2, "reactivated": 2, "new": 3}

DATES = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2025, 12, 31))
rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]),
        DATES.map(dt.date.isoformat),
        st.sampled_from([-20, -5, 5, 10, 35, 100]),
        st.sampled_from(["", "", "o1", "o2", "o3"]),
        st.sampled_from(["", "", "", "", "oui"]),  # opted out, no date
        st.one_of(st.just(""), st.just(""), st.just(""), DATES.map(dt.date.isoformat)),  # opted out on a date
    ),
    min_size=1,
    max_size=40,
)


@st.composite
def definitions(draw, options: bool = True):
    new = draw(st.integers(1, 12))
    active = draw(st.integers(new, 24))
    client = draw(st.integers(active, 36))
    if not options:
        return Definition(new_months=new, active_months=active, client_months=client)
    return Definition(
        new_months=new,
        active_months=active,
        client_months=client,
        min_amount=draw(st.sampled_from([None, None, 5.0, 30.0, 120.0])),
        own_rhythm=draw(st.booleans()),
        rhythm_multiple=draw(st.sampled_from([1.0, 2.5, 3.0])),
        opt_out_lost=draw(st.booleans()),
    )


def _analyse(rows, definition, **options):
    return run(rows, definition, header=HEADER, **options)


def _summary(rows, definition, by_segment):
    """The rows' summary; ``by_segment``: in two segments, each customer in one."""
    if not by_segment:
        return _analyse(rows, definition).summary
    rows = [(*r, "A" if r[0] in "abc" else "B") for r in rows]
    s = run(rows, definition, header=(*HEADER, "segment")).summary
    assert s.has_segment
    return s


def _has_purchase(rows):
    return any(r[2] > 0 for r in rows)


@given(rows_strategy, definitions())
def test_every_customer_in_exactly_one_stage(rows, definition):
    a = _analyse(rows, definition)
    codes = a.stages.codes
    counts = a.stages.counts
    assert len(codes) == a.summary.n_customers
    assert sum(counts.values()) + a.stages.unclassified == a.summary.n_customers
    assert a.stages.clients_total == sum(counts[s] for s in CLIENT_STAGES)
    if definition.min_amount is None:
        assert counts["below_minimum"] == 0


@given(rows_strategy, definitions(), st.sampled_from(["month", "quarter", "year"]))
def test_balance_identity_and_last_row_equal_the_funnel(rows, definition, period):
    if not _has_purchase(rows):
        return
    a = _analyse(rows, definition)
    b = balance(a.summary, definition, period)
    assert (b["clients_end"] == b["clients_start"] + b["new"] + b["won_back"] - b["lost"]).all()
    assert b["clients_start"].iloc[0] == 0
    assert (b["clients_start"].iloc[1:].to_numpy() == b["clients_end"].iloc[:-1].to_numpy()).all()
    assert b["clients_end"].iloc[-1] == a.stages.clients_total
    # New clients appear once: a customer is new in at most one period.
    assert b["new"].sum() <= a.summary.n_customers


@given(rows_strategy, definitions(), st.sampled_from(["month", "quarter", "year"]))
def test_stage_history_at_the_as_of_date_equals_the_funnel(rows, definition, period):
    if not _has_purchase(rows):
        return
    a = _analyse(rows, definition)
    h = stage_history(a.summary, definition, period)
    last = h[h["period_end"] == h["period_end"].max()].set_index("stage")["count"]
    assert {k: int(v) for k, v in last.items()} == {k: a.stages.counts[k] for k in history_stages(definition)}


@given(rows_strategy, definitions(), st.integers(1, 30))
def test_transition_sums_equal_the_stage_counts_at_both_dates(rows, definition, months_back):
    if not _has_purchase(rows):
        return
    a = _analyse(rows, definition)
    s = a.summary
    start = s.as_of - pd.DateOffset(months=months_back)
    m = transitions(s, definition, start, s.as_of)
    at_start = stages_at(s, definition, [start])[:, 0]
    end_counts = a.stages.counts
    for stage in history_stages(definition):
        assert m[stage].sum() == end_counts[stage]
        assert m.loc[stage].sum() == int((at_start == STAGE_CODE[stage]).sum())
    assert m.loc[NOT_YET].sum() == int(((at_start == -1) & (a.stages.codes >= 0)).sum())


@given(rows_strategy, definitions())
def test_churn_and_retention_add_up_to_one(rows, definition):
    if not _has_purchase(rows):
        return
    k = {x.key: x for x in compute_kpis(_analyse(rows, definition).stages)}
    if k["retention_rate"].value is None:
        assert k["churn_rate"].value is None and k["retention_rate"].base == 0
    else:
        assert k["retention_rate"].value + k["churn_rate"].value == 1.0
        assert 0 <= k["repeat_purchase_rate"].value <= 1


@given(
    rows_strategy,
    definitions(options=False),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["new_months", "active_months", "client_months"]),
    st.integers(1, 12),
)
def test_raising_a_threshold_never_makes_a_stage_staler(rows, definition, rhythm, opt_out, which, step):
    definition = definition.replace(own_rhythm=rhythm, opt_out_lost=opt_out)
    d = definition.to_dict()
    d[which] += step
    # Keep new <= active <= client by raising the ones above too.
    d["active_months"] = max(d["active_months"], d["new_months"])
    d["client_months"] = max(d["client_months"], d["active_months"])
    raised = Definition.from_dict(d)
    before = _analyse(rows, definition).stages.frame().set_index("customer")["stage"]
    after = _analyse(rows, raised).stages.frame().set_index("customer")["stage"]
    for customer, stage in before.dropna().items():
        assert LEVEL[after[customer]] >= LEVEL[stage], (customer, stage, after[customer])


@given(rows_strategy, definitions(), st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(rows, definition, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a, b = _analyse(rows, definition), _analyse(shuffled, definition)
    sa = a.stages.frame().set_index("customer")
    sb = b.stages.frame().set_index("customer")
    pd.testing.assert_frame_equal(sa, sb)
    if _has_purchase(rows):
        pd.testing.assert_frame_equal(balance(a.summary, definition), balance(b.summary, definition))


@given(rows_strategy)
def test_facts_on_the_as_of_date_agree_with_the_duckdb_summary(rows):
    a = _analyse(rows, Definition())
    s = a.summary
    f = s.timeline.facts_at(to_day(s.as_of), median=True)
    np.testing.assert_array_equal(f.last, s.last_day)
    np.testing.assert_array_equal(f.prev, s.prev_day)
    np.testing.assert_array_equal(f.first, s.first_day)
    np.testing.assert_array_equal(f.occasions, s.customers["occasions"].to_numpy())
    np.testing.assert_array_equal(f.median_gap, s.customers["median_gap_days"].to_numpy())


@given(
    rows_strategy,
    st.lists(st.dates(min_value=dt.date(2018, 6, 1), max_value=dt.date(2025, 12, 31)), min_size=1, max_size=8),
    st.integers(1, 36),
)
def test_one_sweep_equals_a_search_per_date(rows, dates, months):
    a = _analyse(rows, Definition())
    tl = a.summary.timeline
    days = sorted({to_day(d) for d in dates if to_day(d) <= tl.t_day}) or [tl.t_day]
    for swept in tl.sweep(days, client_months=months, median=True):
        direct = tl.facts_at(swept.day, client_months=months, median=True)
        for name in ("first", "last", "prev", "occasions", "median_gap", "window_amount"):
            np.testing.assert_array_equal(getattr(swept, name), getattr(direct, name), err_msg=name)


@given(rows_strategy, st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2025, 12, 31)), st.integers(1, 36))
def test_facts_equal_a_direct_reading_of_the_rows(rows, date, months):
    """The timeline's facts against the plainest reading of the table: purchase days per
    customer, their median gap, and the net amount in the window."""
    a = _analyse(rows, Definition())
    s = a.summary
    day = min(to_day(date), to_day(s.as_of))
    f = s.timeline.facts_at(day, client_months=months, median=True)
    lo = to_day(pd.Timestamp(dt.date.fromordinal(day + 719163)) - pd.DateOffset(months=months))
    for code, customer in enumerate(s.customers["customer"]):
        occ = pd.DataFrame([r for r in rows if r[0] == customer], columns=HEADER)
        occ["day"] = [to_day(d) for d in occ["date"]]
        occ = occ[occ["day"] <= to_day(s.as_of)]  # rows after the as-of date do not count
        occ["key"] = np.where(occ["commande"] == "", occ["date"], occ["commande"])
        occasions = occ.groupby("key").agg(day=("day", "min"), amount=("montant", "sum"))
        occasions = occasions[occasions["day"] <= day]
        bought = occasions[occasions["amount"] > 0]
        purchase_days = sorted(set(bought["day"]))
        if not purchase_days:
            assert f.last[code] == NO_DAY
            continue
        assert f.last[code] == purchase_days[-1] and f.first[code] == purchase_days[0]
        assert f.prev[code] == (purchase_days[-2] if len(purchase_days) > 1 else NO_DAY)
        assert f.occasions[code] == len(bought)
        gaps = np.diff(purchase_days)
        assert (np.isnan(f.median_gap[code]) and len(gaps) == 0) or f.median_gap[code] == np.median(gaps)
        in_window = occasions[(occasions["day"] > lo) & (occasions["day"] <= day)]["amount"].sum()
        assert f.window_amount[code] == in_window


@given(rows_strategy, definitions())
def test_stage_codes_are_known_stages(rows, definition):
    codes = _analyse(rows, definition).stages.codes
    assert set(codes.tolist()) <= {-1, *range(len(STAGES))}
    assert not (codes == STAGE_CODE["suspect"]).any() and not (codes == STAGE_CODE["prospect"]).any()


@given(
    rows_strategy,
    definitions(),
    st.integers(1, 36),
    st.integers(1, 36),
    st.sampled_from(["month", "quarter", "year"]),
)
def test_client_status_ignores_new_and_active(rows, definition, new, active, period):
    # The balance is kept once for every value of the new and active thresholds: it may be,
    # because whether a customer is a client at a date does not depend on them.
    if not _has_purchase(rows):
        return
    new, active = sorted((new, active))
    if active > definition.client_months:
        return
    other = definition.replace(new_months=new, active_months=active)
    a = _analyse(rows, definition)
    s = a.summary
    ends = period_ends(s.first_date, s.as_of, period)
    assert (is_client(stages_at(s, definition, ends)) == is_client(stages_at(s, other, ends))).all()
    balance(s, definition, period)  # kept, then asked for with the other thresholds
    assert balance(s, other, period).equals(balance_uncached(s, other, period, False))


@given(rows_strategy, definitions(), st.sampled_from(["month", "quarter", "year"]), st.booleans())
def test_client_runs_equal_the_rule_at_every_end(rows, definition, period, by_segment):
    # Without a minimum amount or a rhythm of their own, the balance reads each customer's
    # runs of client period ends from their purchase days (``client_spans``); the rule at
    # every end must give the same clients, and the balance the same figures as the one read
    # from the rule's matrix.
    if not _has_purchase(rows):
        return
    definition = definition.replace(min_amount=None, own_rhythm=False)
    s = _summary(rows, definition, by_segment)
    ends = period_ends(s.first_date, s.as_of, period)
    days = np.array([to_day(e) for e in ends], dtype="int64")
    codes, first, a, b = client_spans(s, definition, days)
    runs = np.zeros((s.n_customers, len(ends)), dtype=bool)
    for c, lo, hi in zip(codes, a, b):
        assert not runs[c, lo:hi].any() and lo < hi  # runs are disjoint and not empty
        runs[c, lo:hi] = True
    assert (runs == clients_at(s, definition, ends)).all()
    assert first.sum() == len(set(codes.tolist()))
    by_rule = balance_uncached(s, definition, period, by_segment, by_rule=True)
    assert balance(s, definition, period, by_segment=by_segment).equals(by_rule)


@given(rows_strategy, definitions(), st.integers(1, 12), st.sampled_from(["month", "half"]))
def test_the_activity_rate_series_counts_the_rule_s_dormant_clients(rows, definition, new, period):
    # The series keeps what the client rule gives and counts the dormant clients from the
    # months since each client's last purchase; after a move of the new and active
    # thresholds (the kept counts reused) it must still match the rule's stages at every end.
    if not _has_purchase(rows):
        return
    s = _analyse(rows, definition).summary
    moved = definition.replace(new_months=min(new, definition.active_months))
    moved = moved.replace(active_months=max(moved.new_months, definition.client_months - new + 1))
    for d in (definition, moved):
        ends = series_ends(s, period)
        codes = stages_at(s, d, ends)
        clients = is_client(codes).sum(axis=0)
        fresh = clients - (codes == STAGE_CODE["dormant"]).sum(axis=0)
        expected = [float(f) / float(c) if c else np.nan for f, c in zip(fresh, clients)]
        got = kpi_series(s, d, period)["activity_rate"].to_numpy(dtype="float64")
        assert np.array_equal(got, np.array(expected), equal_nan=True)


@given(rows_strategy, definitions(), st.integers(1, 12), st.integers(0, 12))
def test_kpis_after_a_move_of_new_and_active_equal_a_fresh_analysis(rows, definition, new, more):
    # The clients' values and the top 20 % share are kept per client rule and per file: after
    # a move of the new and active thresholds every KPI must equal a fresh analysis's.
    if not _has_purchase(rows):
        return
    a = _analyse(rows, definition)
    compute_kpis(a.stages)  # keeps what the rule and the file give
    new = min(new, definition.client_months)
    moved = definition.replace(new_months=new, active_months=min(new + more, definition.client_months))
    # Then the client window: the values kept for the earlier rule must not serve.
    window = moved.replace(client_months=max(moved.active_months, definition.client_months - more))
    for d in (moved, window):
        kept = compute_kpis(classify(a.summary, d))
        fresh = compute_kpis(_analyse(rows, d).stages)
        assert [(k.key, k.value, k.base, k.active_months) for k in kept] == [
            (k.key, k.value, k.base, k.active_months) for k in fresh
        ]


@given(
    rows_strategy,
    definitions(),
    st.integers(1, 12),
    st.integers(0, 12),
    st.sampled_from(["month", "quarter", "year"]),
    st.booleans(),
)
def test_stage_counts_and_durations_from_the_tallies_equal_the_rule(rows, definition, new, more, period, by_segment):
    # The stage history and the durations sum tallies kept per client rule; for the
    # definition, then after a move of the new and active thresholds (the tallies reused),
    # they must equal what the rule's stages give on every date, per segment.
    if not _has_purchase(rows):
        return
    s = _summary(rows, definition, by_segment)
    ends = period_ends(s.first_date, s.as_of, period)
    new = min(new, definition.client_months)
    moved = definition.replace(new_months=new, active_months=min(new + more, definition.client_months))
    for d in (definition, moved):
        tallied = stage_counts(s, d, ends, by_segment)
        assert np.array_equal(tallied, stage_counts(s, d, ends, by_segment, by_rule=True))
        assert tallied.sum(axis=2).tolist() == [[int(n)] * len(ends) for n in np.bincount(_segment_ids(s, by_segment))]
        kept = durations(s, d, by_segment=by_segment)
        assert kept.equals(durations(s, d, by_segment=by_segment, by_rule=True))


@given(rows_strategy, definitions(), st.sampled_from([89, 100, 120]), st.booleans())
def test_stage_counts_from_the_tallies_under_the_longest_client_windows(rows, definition, window, by_segment):
    # The tallies' keys grow with the square of the client window: up to the ten years a
    # window may last, with every option (customers lost by an opt-out, below a minimum).
    if not _has_purchase(rows):
        return
    definition = definition.replace(client_months=window)
    s = _summary(rows, definition, by_segment)
    ends = period_ends(s.first_date, s.as_of, "month")
    assert np.array_equal(
        stage_counts(s, definition, ends, by_segment), stage_counts(s, definition, ends, by_segment, by_rule=True)
    )


@given(rows_strategy, definitions(), st.integers(1, 36), st.booleans(), st.sampled_from(["month", "quarter", "year"]))
def test_parts_of_a_new_client_window_read_from_kept_parts_equal_a_sweep(rows, definition, window, opt_out, period):
    # Without a minimum amount or a rhythm of their own, a move of the client window or of
    # the opt-out reads the rule's first step from the parts kept for another rule (any
    # options); each date must equal the rule applied to a fresh sweep of the purchases.
    if not _has_purchase(rows):
        return
    s = _analyse(rows, definition).summary
    ends = period_ends(s.first_date, s.as_of, period)
    parts_at(s, definition, ends)  # kept
    other = definition.replace(
        min_amount=None, own_rhythm=False, opt_out_lost=opt_out, client_months=max(window, definition.active_months)
    )
    got = parts_at(s, other, ends)
    days = [to_day(e) for e in ends]
    for k, facts in enumerate(_analyse(rows, definition).summary.timeline.sweep(days)):
        want = stage_parts(facts, other)
        for name in ("kind", "since_first", "since_last", "quiet"):
            assert np.array_equal(getattr(got, name)[:, k], getattr(want, name)), name


def _segment_ids(s, by_segment):
    if not by_segment:
        return np.zeros(s.n_customers, dtype="int64")
    return np.unique(s.customers["segment"].fillna("—").to_numpy(dtype=object), return_inverse=True)[1]


def _rule_as_written(f, d):
    """DESIGN.md's rules read literally, with calendar dates (``sub_months``): the reference
    the two-step rule (``stage_parts`` then ``decide``) must equal."""
    from lifecycle.model.calendar import sub_months

    out = []
    for i in range(len(f.last)):
        day = int(f.day if np.ndim(f.day) == 0 else f.day[i])
        last, prev, first = int(f.last[i]), int(f.prev[i]), int(f.first[i])
        if last == NO_DAY:
            out.append(-1)
            continue
        lost = last <= sub_months(day, d.client_months)
        if d.own_rhythm and f.occasions[i] >= 3 and not np.isnan(f.median_gap[i]):
            lost = lost and (day - last) > d.rhythm_multiple * f.median_gap[i]
        if d.opt_out_lost and f.opt_out_day[i] <= day:
            lost = True
        if lost:
            stage = "lost"
        elif d.min_amount is not None and f.window_amount[i] < d.min_amount - 1e-6:
            stage = "below_minimum"
        elif first > sub_months(day, d.new_months):
            stage = "new"
        elif last > sub_months(day, d.new_months) and prev != NO_DAY and prev <= sub_months(last, d.active_months):
            stage = "reactivated"
        elif last > sub_months(day, d.active_months):
            stage = "active"
        else:
            stage = "dormant"
        out.append(STAGE_CODE[stage])
    return np.array(out)


@given(st.integers(0, 2**32 - 1), definitions(), st.booleans())
def test_the_two_step_rule_equals_the_rules_as_written(seed, definition, per_customer_day):
    from lifecycle.model.stages import stage_codes
    from lifecycle.model.timeline import Facts

    rng = np.random.default_rng(seed)
    n = 300
    day0 = to_day("2024-02-29")
    days = day0 + rng.integers(-400, 400, n) if per_customer_day else day0
    last = days - rng.integers(0, 1500, n)  # month ends, 29 February and the 31st all come up
    prev = np.where(rng.random(n) < 0.7, last - rng.integers(1, 900, n), NO_DAY)
    first = np.where(prev != NO_DAY, np.minimum(prev, last - rng.integers(0, 2000, n)), last)
    none = rng.random(n) < 0.1
    facts = Facts(
        day=days,
        first=np.where(none, NO_DAY, first),
        last=np.where(none, NO_DAY, last),
        prev=np.where(none, NO_DAY, prev),
        occasions=rng.integers(1, 8, n),
        median_gap=np.where(rng.random(n) < 0.8, rng.uniform(5, 400, n), np.nan),
        window_amount=rng.choice([-10.0, 0.0, 4.999999, 5.0, 29.0, 30.0, 200.0], n),
        opt_out_day=np.where(rng.random(n) < 0.2, day0 - rng.integers(-300, 600, n), np.iinfo(np.int64).max // 4),
    )
    np.testing.assert_array_equal(stage_codes(facts, definition), _rule_as_written(facts, definition))
