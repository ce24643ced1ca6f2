"""Stage rules on hand-computed tables, with every boundary day (DESIGN.md, "Default rules")."""

import pytest

from lifecycle import Definition, LifecycleError
from tests.conftest import run, stage_of

# T = 2025-12-31. Defaults: new 3 -> cut-off 2025-09-30; active 12 -> 2024-12-31; client 24 -> 2023-12-31.
ROWS = [
    ("L1", "2023-12-31", 10),  # last purchase exactly 24 months before T: not within -> lost
    ("D1", "2023-01-01", 10),
    ("D1", "2024-01-01", 10),  # one day inside the client window, outside active -> dormant
    ("D2", "2024-12-31", 10),  # exactly 12 months: not within active -> dormant
    ("A1", "2024-06-01", 10),
    ("A1", "2025-01-01", 10),  # one day inside active -> active
    ("N1", "2025-10-01", 10),  # first purchase one day inside new -> new
    ("A2", "2025-09-30", 10),  # first purchase exactly 3 months: not new -> active
    ("R1", "2023-06-01", 10),
    ("R1", "2025-11-15", 10),  # came back after 29 months quiet -> reactivated
    ("R2", "2024-11-15", 10),
    ("R2", "2025-11-15", 10),  # previous purchase exactly 12 months before the last: quiet -> reactivated
    ("A3", "2024-11-16", 10),
    ("A3", "2025-11-15", 10),  # previous purchase 1 day inside 12 months -> active
    ("N2", "2025-10-05", 10),
    ("N2", "2025-12-01", 10),  # new wins over the other rules
    ("Z9", "2025-12-31", 10),  # bought on T -> new
]
EXPECTED = {
    "L1": "lost",
    "D1": "dormant",
    "D2": "dormant",
    "A1": "active",
    "N1": "new",
    "A2": "active",
    "R1": "reactivated",
    "R2": "reactivated",
    "A3": "active",
    "N2": "new",
    "Z9": "new",
}


def test_every_rule_and_boundary_day():
    a = run(ROWS)
    assert str(a.summary.as_of.date()) == "2025-12-31"
    assert stage_of(a) == EXPECTED
    assert a.stages.counts == {
        "suspect": 0,
        "prospect": 0,
        "new": 3,
        "reactivated": 2,
        "active": 3,
        "dormant": 2,
        "lost": 1,
    }
    assert a.stages.clients_total == 10


def test_shares_are_of_clients_and_lost_is_of_buyers():
    shares = run(ROWS).stages.shares()
    assert shares["new"] == pytest.approx(3 / 10)
    assert shares["dormant"] == pytest.approx(2 / 10)
    assert shares["lost"] == pytest.approx(1 / 11)


@pytest.mark.parametrize(
    ("first", "expected"),
    [("2024-02-29", "active"), ("2024-03-01", "new")],
    ids=["29-feb-is-the-clipped-cutoff", "day-after-cutoff"],
)
def test_month_end_clipping(first, expected):
    # T = 2024-05-31; 31 May minus 3 months is 29 February (clipped, leap year).
    a = run([("X", first, 5), ("T", "2024-05-31", 5)])
    assert stage_of(a)["X"] == expected


def test_thresholds_move_customers():
    # "What if dormant started at 9 months?": D2 (last purchase 12 months ago) stays dormant,
    # a customer last seen 10 months ago moves from active to dormant.
    rows = [*ROWS, ("M10", "2025-02-28", 10)]
    assert stage_of(run(rows))["M10"] == "active"
    a9 = run(rows, Definition(active_months=9))
    assert stage_of(a9)["M10"] == "dormant"
    assert stage_of(a9)["D2"] == "dormant"


def test_as_of_chosen_by_user_counts_later_rows_apart():
    # T = 2025-06-30: cut-offs new 2025-03-30, active 2024-06-30, client 2023-06-30.
    a = run(ROWS, as_of="2025-06-30")
    assert a.report.after_as_of == 8  # N1, A2, R1, R2, A3, N2 twice, Z9
    assert (a.report.read, a.report.used, a.report.rejected) == (17, 9, 0)
    assert stage_of(a) == {
        "L1": "dormant",
        "D1": "dormant",
        "D2": "active",
        "A1": "active",
        "R1": "lost",
        "R2": "active",
        "A3": "active",
    }


def test_min_amount_option():
    rows = [("small", "2025-06-01", 10), ("big", "2025-06-01", 60), ("big", "2024-06-01", 10), ("T", "2025-12-31", 100)]
    assert stage_of(run(rows))["small"] == "active"
    st = stage_of(run(rows, Definition(min_amount=50)))
    assert st["small"] == "lost"
    assert st["big"] == "active"


def test_own_rhythm_option():
    # Buys every two years; last purchase three years before T.
    rows = [("slow", d, 10) for d in ("2017-01-01", "2019-01-01", "2021-01-01", "2023-01-01")]
    rows += [("T", "2025-12-31", 1)]
    assert stage_of(run(rows))["slow"] == "lost"
    # 1,095 days since the last purchase; gaps 730, 731, 730 days, median 730; 3 x 730 > 1,095: a client.
    assert stage_of(run(rows, Definition(own_rhythm=True)))["slow"] == "dormant"
    assert stage_of(run(rows, Definition(own_rhythm=True, rhythm_multiple=1.0)))["slow"] == "lost"
    # Fewer than 3 purchases: the rhythm does not apply.
    two = [("pair", "2021-01-01", 10), ("pair", "2023-01-01", 10), ("T", "2025-12-31", 1)]
    assert stage_of(run(two, Definition(own_rhythm=True)))["pair"] == "lost"


def test_opt_out_option():
    rows = [("a", "2025-11-01", 10, "oui"), ("b", "2025-11-01", 10, "")]
    header = ("client", "date", "montant", "désabonné")
    assert stage_of(run(rows, header=header)) == {"a": "new", "b": "new"}
    assert stage_of(run(rows, Definition(opt_out_lost=True), header=header)) == {"a": "lost", "b": "new"}


def test_min_amount_without_amount_column_is_a_clear_error():
    with pytest.raises(LifecycleError, match="amount column"):
        run([("a", "2025-01-01")], Definition(min_amount=5), header=("client", "date"))
