"""Purchase occasions, returns and the per-customer table, by hand."""

import math

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifecycle.model.summary import summary_sql, value_cuts
from tests.conftest import analyze_file, run


def _row(a, customer):
    c = a.summary.customers
    return c[c["customer"] == customer].iloc[0]


def test_order_lines_make_one_occasion_dated_by_the_earliest_line():
    rows = [("A", "2025-01-10", 10, "o1"), ("A", "2025-01-12", 5, "o1"), ("A", "2025-03-01", 7, "o2")]
    a = run(rows, header=("client", "date", "montant", "commande"))
    r = _row(a, "A")
    assert r["occasions"] == 2
    assert str(r["first"].date()) == "2025-01-10"
    assert str(r["prev"].date()) == "2025-01-10"
    assert str(r["last"].date()) == "2025-03-01"
    assert r["amount"] == 22


def test_without_order_column_an_occasion_is_a_calendar_day():
    rows = [("A", "2025-01-10", 10), ("A", "2025-01-10", 5), ("A", "2025-02-10", 1)]
    r = _row(run(rows), "A")
    assert r["occasions"] == 2
    assert r["median_gap_days"] == 31


def test_a_return_is_netted_but_moves_no_purchase_date():
    rows = [("A", "2025-01-01", 100), ("A", "2025-06-01", -30), ("T", "2025-12-31", 1)]
    a = run(rows)
    r = _row(a, "A")
    assert str(r["last"].date()) == "2025-01-01"
    assert (r["occasions"], r["returns"], r["amount"]) == (1, 1, 70)
    assert r["value_12"] == 70  # both within 12 months of 2025-12-31
    assert any(w.code == "returns" and w.count == 1 for w in a.report.warnings)


def test_an_order_that_nets_to_zero_is_a_return():
    rows = [("A", "2025-01-01", 50, "o1"), ("A", "2025-05-01", 50, "o2"), ("A", "2025-05-01", -50, "o2")]
    r = _row(run(rows, header=("client", "date", "montant", "commande")), "A")
    assert (r["occasions"], r["returns"]) == (1, 1)
    assert str(r["last"].date()) == "2025-01-01"


def test_a_customer_with_returns_only_is_reported_not_classified():
    a = run([("A", "2025-01-01", -10), ("B", "2025-02-01", 10)])
    assert a.stages.unclassified == 1
    assert pd.isna(a.stages.frame().set_index("customer").loc["A", "stage"])
    assert sum(a.stages.counts.values()) == 1
    assert any(w.code == "returns_only" and w.count == 1 for w in a.report.warnings)


def test_without_amount_every_occasion_is_a_purchase():
    a = run([("A", "2025-01-01"), ("A", "2025-02-01")], header=("client", "date"))
    r = _row(a, "A")
    assert r["occasions"] == 2
    assert math.isnan(r["amount"])
    assert not a.summary.has_amount


def test_values_over_12_24_36_months():
    rows = [
        ("A", "2022-12-31", 1),
        ("A", "2023-01-01", 2),
        ("A", "2024-01-01", 4),
        ("A", "2025-01-01", 8),
        ("A", "2025-12-31", 16),
    ]
    r = _row(run(rows), "A")
    # T = 2025-12-31: strictly after 2024-12-31, 2023-12-31, 2022-12-31.
    assert (r["value_12"], r["value_24"], r["value_36"]) == (24, 28, 30)


def test_segment_is_the_most_recent_one():
    rows = [("A", "2025-01-01", 1, "web"), ("A", "2025-03-01", 1, "shop")]
    r = _row(run(rows, header=("client", "date", "montant", "canal")), "A")
    assert r["segment"] == "shop"


def test_arrays_agree_with_the_customer_table(sample_dir):
    from lifecycle import state_at

    a = analyze_file(sample_dir / "factures_b2b.csv")
    s = state_at(a.summary, a.summary.as_of)
    pd.testing.assert_series_equal(pd.Series(s.last), pd.Series(a.summary.last_day), check_names=False)
    pd.testing.assert_series_equal(pd.Series(s.prev), pd.Series(a.summary.prev_day), check_names=False)
    assert a.summary.customers["occasions"].sum() == pytest.approx(len(a.summary.p_day))


def test_median_gap_of_an_even_number_of_gaps_and_same_day_orders():
    rows = [
        ("A", "2025-01-01", 1, "o1"),
        ("A", "2025-01-01", 1, "o2"),
        ("A", "2025-01-11", 1, "o3"),
        ("A", "2025-01-31", 1, "o4"),
    ]
    r = _row(run(rows, header=("client", "date", "montant", "commande")), "A")
    # Distinct purchase days 1, 11 and 31 January: gaps 10 and 20; two orders on one day are no rhythm.
    assert r["median_gap_days"] == 15
    assert r["occasions"] == 4 and str(r["prev"].date()) == "2025-01-11"


def test_subset_to_a_segment_gives_the_segment_numbers():
    from lifecycle import balance, classify

    rows = [
        ("A", "2025-01-01", 1, "x"),
        ("B", "2024-01-01", 1, "y"),
        ("C", "2025-06-01", 1, "x"),
        ("C", "2025-07-01", 1, "x"),
    ]
    a = run(rows, header=("client", "date", "montant", "segment"), as_of="2025-12-31")
    mask = (a.summary.customers["segment"] == "x").to_numpy()
    sub = a.summary.subset(mask)
    assert sub.customers["customer"].tolist() == ["A", "C"]
    assert str(sub.first_date.date()) == "2025-01-01" and len(sub.p_day) == 3
    assert classify(sub, a.definition).counts["active"] == 2
    split = balance(a.summary, a.definition, "year", by_segment=True)
    whole_x = split[split["segment"] == "x"].reset_index(drop=True)
    alone = balance(sub, a.definition, "year")
    assert alone["clients_end"].iloc[-1] == whole_x["clients_end"].iloc[-1] == 2


def test_duckdb_writes_no_progress_bar_on_standard_output():
    # DuckDB draws a progress bar on standard output during a long query: ``analyze --json``
    # must print the document alone, so every connection the engine opens has it off.
    from lifecycle.reading.prepare import duckdb_connection

    con = duckdb_connection()
    assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0] is False


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C"]),
            st.integers(0, 20),  # day
            st.integers(0, 23),  # hour: lines of one day at several times
            st.one_of(st.none(), st.floats(-50, 50, allow_nan=False).map(lambda x: round(x, 2))),
            st.booleans(),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_occasions_without_an_order_column_are_those_of_an_order_key_null_on_every_line(rows):
    """Without orders the occasions are grouped by the day alone; the general query, whose
    order key is then NULL on every line, gives the same occasions and customers."""
    con = duckdb.connect()
    frame = pd.DataFrame(
        {
            "customer": [r[0] for r in rows],
            "date": [pd.Timestamp("2025-01-01") + pd.Timedelta(days=r[1], hours=r[2]) for r in rows],
            "amount": [r[3] for r in rows],
            "order": pd.Series([None] * len(rows), dtype="string"),
            "purchase": [r[4] for r in rows],
            "opt_out": False,
        }
    )
    con.register("tx", pa.Table.from_pandas(frame, preserve_index=False))
    got = []
    for orders in (True, False):
        codes, occasions, per_customer, arrays = summary_sql([], False, orders)
        con.execute(codes)
        con.execute(occasions)
        customers = con.execute(per_customer, value_cuts(pd.Timestamp("2025-01-31"))).df()
        got.append((con.execute(arrays).df(), customers))
    pd.testing.assert_frame_equal(got[0][0], got[1][0])
    pd.testing.assert_frame_equal(got[0][1], got[1][1])
