"""Calendar months exactly as pandas' DateOffset counts them."""

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from lifecycle.model.calendar import day_order, from_day, period_ends, sub_months, to_day


@given(st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(-130, 130))
def test_sub_months_matches_dateoffset(day, months):
    expected = pd.Timestamp(day) - pd.DateOffset(months=months)
    assert from_day(sub_months(to_day(day), months)) == expected


def test_sub_months_vectorised():
    days = to_day(pd.to_datetime(["2024-03-31", "2024-05-31", "2023-03-29"]).to_numpy())
    got = [str(from_day(d).date()) for d in sub_months(days, 1)]
    assert got == ["2024-02-29", "2024-04-30", "2023-02-28"]
    assert isinstance(sub_months(np.array([0]), 1), np.ndarray)


def test_period_ends():
    ends = period_ends(pd.Timestamp("2024-11-15"), pd.Timestamp("2025-02-10"), "month")
    assert [str(e.date()) for e in ends] == ["2024-11-30", "2024-12-31", "2025-01-31", "2025-02-10"]
    ends = period_ends(pd.Timestamp("2024-11-15"), pd.Timestamp("2025-03-31"), "quarter")
    assert [str(e.date()) for e in ends] == ["2024-12-31", "2025-03-31"]
    ends = period_ends(pd.Timestamp("2024-02-01"), pd.Timestamp("2024-06-30"), "year")
    assert [str(e.date()) for e in ends] == ["2024-06-30"]


@given(
    st.lists(st.integers(-3000, 30000), min_size=1, max_size=60),
    st.integers(0, 9000),
    st.integers(-120, 120),
)
def test_the_lookup_table_gives_the_direct_formula(offsets, base, months):
    from lifecycle.model.calendar import sub_months_array

    days = np.repeat(np.array(offsets, dtype="int64") + base, 100)  # long enough for the table
    np.testing.assert_array_equal(sub_months(days, months), sub_months_array(days, months))
    assert sub_months(int(days[0]), months) == int(sub_months_array(days[:1], months)[0])


@given(
    st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.integers(0, 4000),
    st.integers(0, 130),
)
def test_whole_months_is_the_largest_count_sub_months_allows(a, gap, months):
    from lifecycle.model.calendar import whole_months

    a_day = to_day(a)
    b_day = a_day + gap
    within = a_day > sub_months(b_day, months)  # «a is within `months` months of b»
    assert within == (whole_months(a_day, b_day) < months)
    long_a = np.full(5000, a_day, dtype="int64")  # the table path gives the same count
    assert (whole_months(long_a, b_day) == whole_months(a_day, b_day)).all()


def test_whole_months_by_hand():
    from lifecycle.model.calendar import whole_months

    def wm(a, b):
        return whole_months(to_day(a), to_day(b))

    assert wm("2024-01-31", "2024-02-29") == 0  # 29 Feb − 1 month = 29 Jan, before the 31st
    assert wm("2024-01-29", "2024-02-29") == 1
    assert wm("2023-02-28", "2023-03-31") == 1  # 31 Mar − 1 month = 28 Feb (clipped)
    assert wm("2023-02-28", "2023-03-27") == 0
    assert wm("2024-05-15", "2024-05-15") == 0
    assert wm("2020-05-15", "2024-05-15") == 48


@given(st.lists(st.integers(-30_000, 100_000), max_size=200), st.integers(0, 3))
def test_day_order_is_the_stable_argsort(days, spread):
    # Narrow spans take the 16-bit radix sort, wide ones (``spread``) numpy's own: both must
    # give the stable order, ties kept in their first order.
    a = np.asarray(days, dtype="int64") * (1 if spread < 3 else 7)
    assert np.array_equal(day_order(a), np.argsort(a, kind="stable"))
    narrow = a % 1000
    assert np.array_equal(day_order(narrow), np.argsort(narrow, kind="stable"))
