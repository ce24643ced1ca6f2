"""Balance, stage history, transitions and durations on a table computed by hand."""

import pandas as pd
import pytest

from lifecycle import Definition, LifecycleError, balance, durations, stage_history, state_at, transitions
from lifecycle.model.history import NOT_YET
from tests.conftest import analyze_file, run

# Client window 2 months, new 1, active 1; T = 2025-05-31.
ROWS = [
    ("A", "2025-01-10", 10),
    ("A", "2025-04-20", 20),
    ("B", "2025-02-05", 5),
    ("C", "2025-01-31", 7),
    ("C", "2025-05-15", 11),
]
DEF = Definition(new_months=1, active_months=1, client_months=2)
COLUMNS = ["period_end", "clients_start", "new", "won_back", "lost", "clients_end", "quick_ratio"]


@pytest.fixture(scope="module")
def tiny():
    return run(ROWS, DEF, as_of="2025-05-31")


def test_monthly_balance_by_hand(tiny):
    b = balance(tiny.summary, DEF, "month")
    expected = pd.DataFrame(
        [
            ("2025-01-31", 0, 2, 0, 0, 2, None),
            ("2025-02-28", 2, 1, 0, 0, 3, None),
            ("2025-03-31", 3, 0, 0, 2, 1, 0.0),  # C bought on 31 Jan: exactly 2 months -> lost on 31 Mar
            ("2025-04-30", 1, 0, 1, 1, 1, 1.0),  # A is won back, B leaves
            ("2025-05-31", 1, 0, 1, 0, 2, None),  # C is won back
        ],
        columns=COLUMNS,
    )
    expected["period_end"] = pd.to_datetime(expected["period_end"])
    got = b[COLUMNS].copy()
    got["period_end"] = pd.to_datetime(got["period_end"])
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_money_side_by_hand(tiny):
    b = balance(tiny.summary, DEF, "month")
    assert b["new_revenue"].tolist() == [17.0, 5.0, 0.0, 0.0, 0.0]  # A 10 + C 7; then B 5
    # Lost in March: A (12 months up to 10 Jan: 10) and C (7); in April: B (5).
    assert b["lost_revenue"].tolist() == [0.0, 0.0, 17.0, 5.0, 0.0]


def test_quarterly_balance_ends_on_a_partial_period(tiny):
    b = balance(tiny.summary, DEF, "quarter")
    assert [str(d.date()) for d in b["period_end"]] == ["2025-03-31", "2025-05-31"]
    # On 31 March only B is a client (A and C bought before 31 January). On 31 May A and C are
    # clients for the first time at a period end: new, not won back (they were never clients at
    # an earlier end); B leaves.
    assert b[["clients_start", "new", "won_back", "lost", "clients_end"]].values.tolist() == [
        [0, 1, 0, 0, 1],
        [1, 2, 0, 1, 2],
    ]


def test_partial_last_month():
    a = run(ROWS, DEF, as_of="2025-05-20")
    b = balance(a.summary, DEF)
    assert str(b["period_end"].iloc[-1].date()) == "2025-05-20"
    assert b["clients_end"].iloc[-1] == 2


def test_identity_holds_on_the_samples(sample_dir):

    a = analyze_file(sample_dir / "factures_b2b.csv")
    for period in ("month", "quarter", "year"):
        b = balance(a.summary, a.definition, period)
        assert (b["clients_end"] == b["clients_start"] + b["new"] + b["won_back"] - b["lost"]).all()
        assert (b["clients_start"].iloc[1:].to_numpy() == b["clients_end"].iloc[:-1].to_numpy()).all()
        assert b["clients_end"].iloc[-1] == a.stages.clients_total


def test_balance_by_segment_adds_up():
    rows = [r + (("north",) if r[0] != "B" else ("south",)) for r in ROWS]
    a = run(rows, DEF, as_of="2025-05-31", header=("client", "date", "montant", "segment"))
    whole = balance(a.summary, DEF)
    split = balance(a.summary, DEF, by_segment=True)
    assert set(split["segment"]) == {"north", "south"}
    summed = split.groupby("period_end")[["new", "won_back", "lost", "clients_end"]].sum().reset_index()
    assert (
        summed[["new", "won_back", "lost", "clients_end"]].values.tolist()
        == whole[["new", "won_back", "lost", "clients_end"]].values.tolist()
    )


def test_state_at_a_date(tiny):
    s = state_at(tiny.summary, "2025-04-30")
    codes = dict(zip(tiny.summary.customers["customer"], range(3)))
    from lifecycle.model.calendar import from_day

    assert str(from_day(s.last[codes["A"]]).date()) == "2025-04-20"
    assert str(from_day(s.prev[codes["A"]]).date()) == "2025-01-10"
    assert str(from_day(s.last[codes["C"]]).date()) == "2025-01-31"


def test_stage_history_by_hand(tiny):
    h = stage_history(tiny.summary, DEF)
    at = h[h["period_end"] == pd.Timestamp("2025-04-30")].set_index("stage")["count"].to_dict()
    # A came back on 20 Apr after a quiet March -> reactivated; B and C lost.
    assert at == {"new": 0, "reactivated": 1, "active": 0, "dormant": 0, "lost": 2}
    assert "below_minimum" not in set(h["stage"])  # only with a minimum amount
    last = h[h["period_end"] == pd.Timestamp("2025-05-31")].set_index("stage")["count"].to_dict()
    assert last == {k: tiny.stages.counts[k] for k in last}


def test_transitions_by_hand(tiny):
    m = transitions(tiny.summary, DEF, "2025-02-28", "2025-05-31")
    assert m.loc["dormant", "dormant"] == 1  # A
    assert m.loc["new", "lost"] == 1  # B
    assert m.loc["new", "reactivated"] == 1  # C
    assert int(m.values.sum()) == 3
    assert m.loc[NOT_YET].sum() == 0


def test_transitions_reject_reversed_dates(tiny):
    with pytest.raises(LifecycleError, match="must be before"):
        transitions(tiny.summary, DEF, "2025-05-01", "2025-02-01")


def test_durations_by_hand(tiny):
    d = durations(tiny.summary, DEF).iloc[0]
    # Only B is lost at T, after its one purchase: its cycle is the window itself, left out.
    assert d["completed_cycles"] == 0
    assert d["one_purchase_cycles"] == 1
    assert d["cycle_mean_months"] is None and d["cycle_median_months"] is None
    # Month-end snapshots: A is reactivated at the end of April only. New: A at the end of January,
    # B at the end of February, C at both (31 Jan is within 1 month of 28 Feb): (1 + 1 + 2) / 3.
    assert d["reactivated_mean_months"] == pytest.approx(1.0)
    assert d["new_mean_months"] == pytest.approx(4 / 3)


def test_history_unavailable_without_transactions(sample_dir):

    a = analyze_file(sample_dir / "clients_crm.csv")
    assert a.balance() is None
    with pytest.raises(LifecycleError, match="one row per customer"):
        balance(a.summary, a.definition)


def test_transitions_for_one_segment():
    rows = [(*r, "north" if r[0] != "B" else "south") for r in ROWS]
    a = run(rows, DEF, as_of="2025-05-31", header=("client", "date", "montant", "segment"))
    south = transitions(a.summary, DEF, "2025-02-28", "2025-05-31", segment="south")
    assert int(south.values.sum()) == 1 and south.loc["new", "lost"] == 1
    assert int(transitions(a.summary, DEF, "2025-02-28", "2025-05-31", segment="east").values.sum()) == 0


def _flows(b):
    return b[["clients_start", "new", "won_back", "lost", "clients_end"]].values.tolist()


def test_reaching_the_minimum_by_a_second_purchase_is_new_then():
    # Minimum 15 within a 2-month window. X buys 10 on 10 Jan (below), 10 on 20 Feb: 20 within
    # the window on 28 Feb, a client for the first time (new in February, although the first
    # purchase was in January). On 31 March only the 20 Feb purchase is in the window (10):
    # below the minimum, so no longer a client (a balance «lost»); the stage is not «lost».
    # On 30 April the last purchase is over 2 months old: lost by the window.
    d = Definition(new_months=1, active_months=1, client_months=2, min_amount=15)
    rows = [("X", "2025-01-10", 10), ("X", "2025-02-20", 10), ("Y", "2025-01-05", 40), ("Y", "2025-04-30", 40)]
    a = run(rows, d, as_of="2025-04-30")
    b = balance(a.summary, d)
    assert _flows(b) == [
        [0, 1, 0, 0, 1],  # January: Y new; X below the minimum
        [1, 1, 0, 0, 2],  # February: X new
        [2, 0, 0, 2, 0],  # March: X below the minimum, Y lost by the window (5 Jan)
        [0, 0, 1, 0, 1],  # April: Y won back
    ]
    h = stage_history(a.summary, d)
    march = h[h["period_end"] == pd.Timestamp("2025-03-31")].set_index("stage")["count"]
    assert march["below_minimum"] == 1 and march["lost"] == 1
    assert b["clients_end"].iloc[-1] == a.stages.clients_total == 1
    assert b["new_revenue"].tolist() == [40.0, 10.0, 0.0, 0.0]  # what the new clients spent in the period


def test_opt_out_with_a_date_is_lost_in_that_period():
    header = ("client", "date", "montant", "date de désinscription")
    rows = [
        ("A", "2025-01-10", 10, ""),
        ("A", "2025-03-20", 10, "2025-04-15"),
        ("B", "2025-01-20", 10, ""),
        ("B", "2025-04-25", 10, ""),
    ]
    d = Definition(new_months=1, active_months=2, client_months=3, opt_out_lost=True)
    a = run(rows, d, as_of="2025-04-30", header=header)
    b = balance(a.summary, d)
    assert _flows(b) == [[0, 2, 0, 0, 2], [2, 0, 0, 0, 2], [2, 0, 0, 0, 2], [2, 0, 0, 1, 1]]
    assert b["clients_end"].iloc[-1] == a.stages.clients_total == 1
    assert b["lost_revenue"].iloc[-1] == 20.0  # A's 12 months up to its last purchase


def test_opt_out_without_a_date_is_lost_in_the_last_period_only():
    header = ("client", "date", "montant", "désabonné")
    rows = [("A", "2025-01-10", 10, "oui"), ("A", "2025-03-20", 10, ""), ("B", "2025-04-25", 10, "")]
    d = Definition(new_months=1, active_months=2, client_months=3, opt_out_lost=True)
    a = run(rows, d, as_of="2025-04-30", header=header)
    b = balance(a.summary, d)
    assert b["lost"].tolist() == [0, 0, 0, 1]
    assert b["clients_end"].tolist() == [1, 1, 1, 1]
    assert a.stages.clients_total == 1


def test_quick_ratio_counts_won_back_with_new():
    b = pd.DataFrame(balance(run(ROWS, DEF, as_of="2025-05-31").summary, DEF))
    april = b[b["period_end"] == pd.Timestamp("2025-04-30")].iloc[0]
    assert april["quick_ratio"] == (april["new"] + april["won_back"]) / april["lost"] == 1.0


def test_durations_end_a_cycle_on_the_day_the_rule_says_lost():
    # Window 3 months; A bought on 10 Jan and 20 Mar 2025 and opted out on 15 Apr 2025.
    header = ("client", "date", "montant", "date de désinscription")
    rows = [("A", "2025-01-10", 10, ""), ("A", "2025-03-20", 10, "2025-04-15"), ("B", "2025-08-31", 10, "")]
    d = Definition(new_months=1, active_months=2, client_months=3)
    a = run(rows, d, header=header)
    # Without the opt-out option A is lost on 20 June (its last purchase is then exactly 3 months
    # old, no longer within the window): 161 days after the first purchase.
    assert durations(a.summary, d).iloc[0]["cycle_mean_months"] == pytest.approx(161 / (365.25 / 12))
    # With it, A is lost from 15 April: 95 days after the first purchase.
    d_opt = d.replace(opt_out_lost=True)
    assert durations(a.summary, d_opt).iloc[0]["cycle_mean_months"] == pytest.approx(95 / (365.25 / 12))


def test_durations_rest_on_repeat_buyers_and_count_the_one_purchase_customers_left_out():
    # Window 3 months, T = 31 Aug 2025. R bought on 10 Jan and 20 Mar: lost on 20 June, 161 days
    # after its first purchase. S bought once, on 1 Feb: lost on 1 May (89 days), left out.
    # Q bought on 1 Aug: a client at T.
    rows = [("R", "2025-01-10", 10), ("R", "2025-03-20", 10), ("S", "2025-02-01", 30), ("Q", "2025-08-01", 5)]
    d = Definition(new_months=1, active_months=2, client_months=3)
    dur = durations(run(rows, d, as_of="2025-08-31").summary, d).iloc[0]
    assert dur["completed_cycles"] == 1
    assert dur["one_purchase_cycles"] == 1
    assert dur["cycle_mean_months"] == pytest.approx(161 / (365.25 / 12))
    assert dur["cycle_median_months"] == pytest.approx(161 / (365.25 / 12))


def test_a_purchase_in_the_period_where_the_last_one_lapses_keeps_the_client():
    # Client window 2 months. A buys on 31 Jan (a client at the January and February ends,
    # lost on 31 March: exactly 2 months) and again on 31 March: a client without a break to
    # the April end, lost in May. B buys on 15 Jan, is lost in March and won back in May.
    rows = [("A", "2024-01-31", 10), ("A", "2024-03-31", 20), ("B", "2024-01-15", 5), ("B", "2024-05-10", 7)]
    rows.append(("Z", "2024-06-30", 3))
    b = balance(run(rows, DEF).summary, DEF, "month")
    assert b[["clients_start", "new", "won_back", "lost", "clients_end"]].values.tolist() == [
        [0, 2, 0, 0, 2],  # January: A and B
        [2, 0, 0, 0, 2],
        [2, 0, 0, 1, 1],  # March: B leaves; A bought that very day
        [1, 0, 0, 0, 1],
        [1, 0, 1, 1, 1],  # May: B is won back, A leaves
        [1, 1, 0, 0, 2],  # June: Z
    ]
    assert b["new_revenue"].tolist() == [15.0, 0.0, 0.0, 0.0, 0.0, 3.0]
    # B lost in March: the 12 months up to 15 Jan (5); A in May: up to 31 March (10 + 20).
    assert b["lost_revenue"].tolist() == [0.0, 0.0, 5.0, 0.0, 30.0, 0.0]
