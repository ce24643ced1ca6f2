"""Stage rules on hand-computed tables, with every boundary day (DESIGN.md, "Default rules")."""

import numpy as np
import pytest

from lifecycle import Definition, LifecycleError, stages_at
from lifecycle.model.calendar import to_day
from lifecycle.model.stages import STAGE_CODE
from lifecycle.vocabulary import STAGES
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
ORDER_HEADER = ("client", "date", "montant", "commande")


def _counts(**nonzero):
    return {s: nonzero.get(s, 0) for s in STAGES}


def test_every_rule_and_boundary_day():
    a = run(ROWS)
    assert str(a.summary.as_of.date()) == "2025-12-31"
    assert stage_of(a) == EXPECTED
    assert a.stages.counts == _counts(new=3, reactivated=2, active=3, dormant=2, lost=1)
    assert a.stages.clients_total == 10


def test_shares_are_of_clients_and_lost_is_of_buyers():
    shares = run(ROWS).stages.shares()
    assert shares["new"] == pytest.approx(3 / 10)
    assert shares["dormant"] == pytest.approx(2 / 10)
    assert shares["lost"] == pytest.approx(1 / 11)
    assert shares["below_minimum"] == 0


@pytest.mark.parametrize(
    ("first", "expected"),
    [("2024-02-29", "active"), ("2024-03-01", "new")],
    ids=["29-feb-is-the-clipped-cutoff", "day-after-cutoff"],
)
def test_month_end_clipping(first, expected):
    # T = 2024-05-31; 31 May minus 3 months is 29 February (clipped, leap year).
    a = run([("X", first, 5), ("T", "2024-05-31", 5)])
    assert stage_of(a)["X"] == expected


def test_two_orders_on_the_day_of_return_do_not_hide_the_pause():
    # Back after 27 months with two orders on 2025-11-15: the pause is measured to the latest
    # purchase on an earlier day (2023-08-01), not to the other order of the same day.
    rows = [
        ("R", "2023-08-01", 40, "o1"),
        ("R", "2025-11-15", 25, "o2"),
        ("R", "2025-11-15", 30, "o3"),
        ("T", "2025-12-31", 5, "o4"),
    ]
    a = run(rows, header=ORDER_HEADER)
    assert stage_of(a)["R"] == "reactivated"
    r = a.summary.customers.set_index("customer").loc["R"]
    assert r["occasions"] == 3 and str(r["prev"].date()) == "2023-08-01"


def test_a_return_on_the_day_of_return_is_no_purchase():
    # A return (net amount below zero) the same day as the comeback purchase changes nothing:
    # a return is not a purchase and moves no purchase date.
    rows = [
        ("R", "2023-08-01", 40, "o1"),
        ("R", "2025-11-15", 25, "o2"),
        ("R", "2025-11-15", -10, "o3"),
        ("T", "2025-12-31", 5, "o4"),
    ]
    a = run(rows, header=ORDER_HEADER)
    assert stage_of(a)["R"] == "reactivated"
    assert a.summary.customers.set_index("customer").loc["R", "occasions"] == 2


def test_a_return_on_a_later_day_does_not_make_an_active_client():
    # Last purchase 13 months ago, a return 2 months ago: dormant, the return is netted only.
    rows = [("D", "2024-11-30", 80), ("D", "2025-10-31", -20), ("T", "2025-12-31", 5)]
    assert stage_of(run(rows))["D"] == "dormant"


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


# T = 2025-12-31, client window 24 months: purchases after 2023-12-31 count towards the minimum.
MIN_ROWS = [
    ("first_small", "2025-12-17", 30),  # a first order two weeks ago, below 50
    ("small", "2025-06-01", 10),
    ("small", "2023-11-01", 100),  # outside the window: does not count
    ("big", "2025-06-01", 60),
    ("big", "2024-06-01", 10),
    ("returned", "2025-03-01", 70),
    ("returned", "2025-04-01", -30),  # net 40 within the window
    ("gone", "2023-06-01", 10),  # lost by the window: rule 1 wins over the minimum
    ("T", "2025-12-31", 100),
]


def test_min_amount_makes_a_group_of_its_own_not_lost():
    assert stage_of(run(MIN_ROWS))["first_small"] == "new"
    a = run(MIN_ROWS, Definition(min_amount=50))
    assert stage_of(a) == {
        "first_small": "below_minimum",
        "small": "below_minimum",
        "big": "active",
        "returned": "below_minimum",
        "gone": "lost",
        "T": "new",
    }
    assert a.stages.counts == _counts(below_minimum=3, new=1, active=1, lost=1)
    assert a.stages.clients_total == 2
    shares = a.stages.shares()
    assert shares["below_minimum"] == pytest.approx(3 / 6) and shares["lost"] == pytest.approx(1 / 6)


def test_min_amount_counts_the_window_ending_at_each_date():
    a = run(MIN_ROWS, Definition(min_amount=50))
    # On 2025-05-31 the window is (2023-05-31, 2025-05-31]: «small» has 100 in it (2023-11-01): a client;
    # «returned» nets 40: below. On T, «small» keeps only its 10: below the minimum.
    codes = stages_at(a.summary, a.definition, ["2025-05-31", "2025-12-31"])
    code = dict(zip(a.summary.customers["customer"], codes))
    assert code["small"].tolist() == [STAGE_CODE["dormant"], STAGE_CODE["below_minimum"]]
    assert code["returned"].tolist() == [STAGE_CODE["below_minimum"]] * 2
    assert code["first_small"][0] == -1  # no purchase yet on 2025-05-31


def test_a_minimum_of_exactly_the_amount_bought_is_met():
    rows = [("x", "2025-06-01", 0.1), ("x", "2025-07-01", 0.2), ("T", "2025-12-31", 1)]
    assert stage_of(run(rows, Definition(min_amount=0.3)))["x"] == "active"  # 0.1 + 0.2 is 0.30000000000000004


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


def test_own_rhythm_uses_only_what_happened_before_each_date():
    rows = [("slow", d, 10) for d in ("2016-01-01", "2018-01-01", "2020-06-01", "2023-01-01")]
    rows += [("T", "2025-12-31", 1)]
    a = run(rows, Definition(own_rhythm=True))
    code = dict(zip(a.summary.customers["customer"], stages_at(a.summary, a.definition, ["2020-05-31", "2025-12-31"])))
    # On 2020-05-31 «slow» had 2 purchases (the rhythm needs 3), the last 29 months old: lost.
    # On T it had 4, gaps 731, 882 and 944 days (median 882); 1,095 days since the last one,
    # under 3 x 882: still a client.
    assert code["slow"].tolist() == [STAGE_CODE["lost"], STAGE_CODE["dormant"]]


def test_own_rhythm_median_is_of_the_purchase_days_up_to_the_date():
    # Gaps 30, 600 and 600 days. On 2022-06-30: 3 purchase days, median of (30, 600) = 315.
    # On T: 4 purchase days, median of (30, 600, 600) = 600.
    rows = [("c", d, 5) for d in ("2020-01-01", "2020-01-31", "2021-09-22", "2023-05-15")]
    rows += [("T", "2025-12-31", 1)]
    a = run(rows, Definition(own_rhythm=True))
    tl = a.summary.timeline
    c = int(a.summary.customers.index[a.summary.customers["customer"] == "c"][0])
    days = [to_day("2022-06-30"), tl.t_day]
    for f in (*[tl.facts_at(d, median=True) for d in days], *tl.sweep(days, median=True)):
        expected = (3, 315.0) if f.day == days[0] else (4, 600.0)
        assert (f.occasions[c], f.median_gap[c]) == expected
    # On T the last purchase is 961 days old: beyond the 24-month window, within 3 x 600 days.
    assert stage_of(a)["c"] == "dormant"


def test_opt_out_option_without_a_date_applies_at_the_as_of_date_only():
    rows = [("a", "2025-09-01", 10, "oui"), ("b", "2025-09-01", 10, ""), ("c", "2025-11-01", 10, "")]
    header = ("client", "date", "montant", "désabonné")
    assert stage_of(run(rows, header=header)) == {"a": "new", "b": "new", "c": "new"}
    a = run(rows, Definition(opt_out_lost=True), header=header)
    assert stage_of(a) == {"a": "lost", "b": "new", "c": "new"}
    # The file does not say when «a» opted out: on any earlier date «a» is still a client.
    earlier = stages_at(a.summary, a.definition, ["2025-10-31"])[:, 0]
    assert earlier.tolist() == [STAGE_CODE["new"], STAGE_CODE["new"], -1]


def test_opt_out_option_with_a_date_applies_from_that_date():
    rows = [
        ("a", "2025-01-10", 10, "2025-06-15"),
        ("a", "2025-09-01", 10, ""),  # a purchase after opting out does not undo it
        ("b", "2025-01-10", 10, "2026-03-01"),  # opts out after T: not yet
        ("c", "2025-01-10", 10, ""),
    ]
    header = ("client", "date", "montant", "date de désinscription")
    a = run(rows, Definition(opt_out_lost=True), header=header)
    assert a.loaded.mapping.opt_out_date == "date de désinscription"
    assert stage_of(a) == {"a": "lost", "b": "active", "c": "active"}
    codes = stages_at(a.summary, a.definition, ["2025-06-14", "2025-06-15"])
    assert codes[0].tolist() == [STAGE_CODE["active"], STAGE_CODE["lost"]]


def test_an_unreadable_opt_out_date_opts_out_from_the_as_of_date_and_says_so():
    rows = [("a", "2025-01-10", 10, "bientôt"), ("b", "2025-01-10", 10, "")]
    a = run(rows, Definition(opt_out_lost=True), header=("client", "date", "montant", "date désinscription"))
    assert stage_of(a) == {"a": "lost", "b": "new"}
    assert a.report.used == 2
    assert any(w.code == "bad_opt_out_date" and w.count == 1 for w in a.report.warnings)


def test_min_amount_without_amount_column_is_a_clear_error():
    with pytest.raises(LifecycleError, match="amount column"):
        run([("a", "2025-01-01")], Definition(min_amount=5), header=("client", "date"))


def test_stages_after_the_as_of_date_are_refused():
    a = run(ROWS)
    with pytest.raises(LifecycleError, match="as-of date"):
        stages_at(a.summary, a.definition, ["2026-01-01"])


def test_one_pass_and_one_date_at_a_time_agree():
    a = run(MIN_ROWS + ROWS, Definition(min_amount=20, own_rhythm=True, opt_out_lost=True))
    dates = ["2023-06-30", "2024-01-31", "2024-12-31", "2025-06-30", "2025-12-31"]
    together = stages_at(a.summary, a.definition, dates)
    for i, date in enumerate(dates):
        np.testing.assert_array_equal(together[:, i], stages_at(a.summary, a.definition, [date])[:, 0])
