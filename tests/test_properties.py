"""Invariants on random transaction tables (hypothesis)."""

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import Definition, balance, stage_history, state_at
from lifecycle.i18n import CLIENT_STAGES
from tests.conftest import run

HEADER = ("client", "date", "montant", "commande")
# How fresh a stage is; raising a threshold makes the rules more lenient, so a customer can
# only move to a fresher level (active and reactivated share a level: raising `active`
# turns some reactivated customers into active ones, raising `new` the reverse).
LEVEL = {"lost": 0, "dormant": 1, "active": 2, "reactivated": 2, "new": 3}

rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]),
        st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2025, 12, 31)).map(dt.date.isoformat),
        st.sampled_from([-20, -5, 5, 10, 35, 100]),
        st.sampled_from(["", "o1", "o2", "o3"]),
    ),
    min_size=1,
    max_size=40,
)


@st.composite
def definitions(draw):
    new = draw(st.integers(1, 12))
    active = draw(st.integers(new, 24))
    client = draw(st.integers(active, 36))
    return Definition(new_months=new, active_months=active, client_months=client)


def _has_purchase(rows):
    return any(r[2] > 0 for r in rows)


@given(rows_strategy, definitions())
def test_every_customer_in_exactly_one_stage(rows, definition):
    a = run(rows, definition, header=HEADER)
    codes = a.stages.codes
    counts = a.stages.counts
    assert len(codes) == a.summary.n_customers
    assert sum(counts.values()) + a.stages.unclassified == a.summary.n_customers
    assert a.stages.clients_total == sum(counts[s] for s in CLIENT_STAGES)


@given(rows_strategy, definitions(), st.sampled_from(["month", "quarter", "year"]))
def test_balance_identity(rows, definition, period):
    a = run(rows, definition, header=HEADER)
    if not _has_purchase(rows):
        return
    b = balance(a.summary, definition, period)
    assert (b["clients_end"] == b["clients_start"] + b["new"] + b["reactivated"] - b["lost"]).all()
    assert b["clients_start"].iloc[0] == 0
    assert (b["clients_start"].iloc[1:].to_numpy() == b["clients_end"].iloc[:-1].to_numpy()).all()
    assert b["clients_end"].iloc[-1] == a.stages.clients_total
    h = stage_history(a.summary, definition, period)
    last = h[h["period_end"] == h["period_end"].max()].set_index("stage")["count"]
    assert {k: int(v) for k, v in last.items()} == {k: a.stages.counts[k] for k in last.index}


@given(
    rows_strategy, definitions(), st.sampled_from(["new_months", "active_months", "client_months"]), st.integers(1, 12)
)
def test_raising_a_threshold_never_makes_a_stage_staler(rows, definition, which, step):
    d = definition.to_dict()
    d[which] += step
    # Keep new <= active <= client by raising the ones above too.
    d["active_months"] = max(d["active_months"], d["new_months"])
    d["client_months"] = max(d["client_months"], d["active_months"])
    raised = Definition.from_dict(d)
    before = run(rows, definition, header=HEADER).stages.frame().set_index("customer")["stage"]
    after = run(rows, raised, header=HEADER).stages.frame().set_index("customer")["stage"]
    for customer, stage in before.dropna().items():
        assert LEVEL[after[customer]] >= LEVEL[stage], (customer, stage, after[customer])


@given(rows_strategy, definitions(), st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(rows, definition, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a, b = run(rows, definition, header=HEADER), run(shuffled, definition, header=HEADER)
    sa = a.stages.frame().set_index("customer")
    sb = b.stages.frame().set_index("customer")
    pd.testing.assert_frame_equal(sa, sb)
    if _has_purchase(rows):
        pd.testing.assert_frame_equal(balance(a.summary, definition), balance(b.summary, definition))


@given(rows_strategy)
def test_binary_search_state_agrees_with_the_duckdb_summary(rows):
    a = run(rows, header=HEADER)
    s = state_at(a.summary, a.summary.as_of)
    np.testing.assert_array_equal(s.last, a.summary.last_day)
    np.testing.assert_array_equal(s.prev, a.summary.prev_day)
    np.testing.assert_array_equal(s.first, a.summary.first_day)


@given(
    rows_strategy,
    st.lists(st.dates(min_value=dt.date(2018, 6, 1), max_value=dt.date(2025, 12, 31)), min_size=1, max_size=8),
)
def test_one_pass_states_equal_the_per_day_search(rows, dates):
    from lifecycle.calendar import to_day
    from lifecycle.history import _index

    a = run(rows, header=HEADER)
    idx = _index(a.summary)
    days = sorted({to_day(d) for d in dates})
    for state in idx.states(days):
        direct = idx.state(state.day)
        np.testing.assert_array_equal(state.last, direct.last)
        np.testing.assert_array_equal(state.prev, direct.prev)
        np.testing.assert_array_equal(state.first, direct.first)
