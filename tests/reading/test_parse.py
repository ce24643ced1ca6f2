"""Dates and numbers as French and English exports write them."""

import datetime as dt
import math
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle.reading.parse import WHITESPACE, parse_dates, parse_numbers, without_whitespace


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56 €", 1234.56),
        ("1\u00a0234,56", 1234.56),  # no-break space
        ("1\u202f234,56 EUR", 1234.56),  # narrow no-break space
        ("1,234.56", 1234.56),
        ("1.234,56", 1234.56),
        ("(12.00)", -12.0),
        ("12-", -12.0),
        ("-7,5", -7.5),
        ("+3", 3.0),
        ("12,5 %", 0.125),
        ("$1,000,000.00", 1_000_000.0),
        ("0", 0.0),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_numbers(text, expected):
    values, _ = parse_numbers(pd.Series([text]))
    assert values.iloc[0] == pytest.approx(expected)


def test_unreadable_numbers_are_nan_and_counted():
    values, info = parse_numbers(pd.Series(["n/a", "#VALEUR!", "12", None]))
    assert math.isnan(values.iloc[0]) and math.isnan(values.iloc[1]) and values.iloc[2] == 12
    assert info.unreadable == 2


def test_ambiguous_comma_follows_the_column():
    # "12,50" proves the comma is decimal: then "1,234" is 1.234.
    values, info = parse_numbers(pd.Series(["1,234", "12,50"]))
    assert values.tolist() == pytest.approx([1.234, 12.5])
    assert info.decimal == "," and info.ambiguous == 1
    # "12.5" proves the dot is decimal: then "1,234" is 1234.
    values, info = parse_numbers(pd.Series(["1,234", "12.5"]))
    assert values.tolist() == pytest.approx([1234, 12.5])
    # No evidence: a lone separator before three digits is a thousands separator.
    values, _ = parse_numbers(pd.Series(["1,234", "2.500"]))
    assert values.tolist() == pytest.approx([1234, 2500])
    # Forced by the user.
    values, _ = parse_numbers(pd.Series(["1,234"]), decimal=",")
    assert values.tolist() == pytest.approx([1.234])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-05 00:00:00", "2024-01-05"),  # a real Excel date cell, as read
        ("2024-01-05T13:45:00", "2024-01-05"),
        ("2024/3/4", "2024-03-04"),
        ("45300", "2024-01-09"),  # Excel serial number
        ("45300.5", "2024-01-09"),
        ("20240105", "2024-01-05"),
        ("31/01/2024", "2024-01-31"),
        ("31/01/24", "2024-01-31"),
        ("31.01.2024 10:30", "2024-01-31"),
        ("31-01-2024 10h30", "2024-01-31"),
        ("2024-03-05 23:22:10 +0100", "2024-03-05"),  # e-shop exports: the local day, whatever the offset
        ("2024-03-05 00:10:00 -05:00", "2024-03-05"),
        ("2024-03-05T14:22:10Z", "2024-03-05"),
        ("2024-03-05T14:22:10.123+02:00", "2024-03-05"),
        ("05/03/2024 14:22 UTC", "2024-03-05"),
    ],
)
def test_dates(text, expected):
    values, _ = parse_dates(pd.Series([text]))
    assert str(values.iloc[0].date()) == expected


def test_unreadable_dates():
    values, info = parse_dates(pd.Series(["31/02/2024", "à confirmer", "2024-13-05", "00/00/0000", "99"]))
    assert values.isna().all()
    assert info.unreadable == 5


def test_day_first_from_evidence():
    values, info = parse_dates(pd.Series(["03/04/2024", "25/04/2024"]))
    assert info.order == "dayfirst" and not info.ambiguous and info.dayfirst_evidence == 1
    assert str(values.iloc[0].date()) == "2024-04-03"


def test_month_first_from_evidence():
    values, info = parse_dates(pd.Series(["03/04/2024", "04/25/2024"]))
    assert info.order == "monthfirst" and info.monthfirst_evidence == 1
    assert str(values.iloc[0].date()) == "2024-03-04"


def test_ambiguous_column_is_flagged_and_can_be_forced():
    values, info = parse_dates(pd.Series(["03/04/2024", "05/06/2024"]))
    assert info.ambiguous and info.order == "dayfirst"
    values, info = parse_dates(pd.Series(["03/04/2024"]), dayfirst=False)
    assert str(values.iloc[0].date()) == "2024-03-04" and not info.ambiguous


def test_years_outside_1900_to_2200_are_typing_errors():
    values, info = parse_dates(pd.Series(["0010/1/1", "0000-01-01", "31/12/2301", "1899-12-31", "1900-01-01"]))
    assert values.isna().tolist() == [True, True, True, True, False]
    assert info.unreadable == 4


def test_dates_with_month_names_ordinals_and_weekdays():
    import pandas as pd

    from lifecycle.reading.parse import parse_dates

    values = [
        "1er avril 2024",
        "Tuesday, March 5, 2024",
        "mardi 5 mars 2024",
        "05 Mar 2024 14:22",
        "Dec 31st, 2025 3:04 PM",
        "12 Foo 2024",
    ]
    got = [d.date().isoformat() if pd.notna(d) else "NaT" for d in parse_dates(pd.Series(values))[0]]
    assert got == ["2024-04-01", "2024-03-05", "2024-03-05", "2024-03-05", "2025-12-31", "NaT"]


def test_whitespace_is_what_python_takes_for_a_space():
    every = {chr(i) for i in range(0x110000)}
    assert set(WHITESPACE) == {c for c in every if c.isspace()} == {c for c in every if re.fullmatch(r"\s", c)}
    assert len(WHITESPACE) == 29


@given(st.lists(st.one_of(st.none(), st.text(alphabet=st.sampled_from([*WHITESPACE, *"aB9-é", "\u200b", "İ"])))))
def test_whitespace_taken_out_by_arrow_as_by_pythons_re(values):
    s = pd.Series(values, dtype="string")
    expected = s.str.replace(r"\s+", "", regex=True)
    got = without_whitespace(s)
    assert got.isna().tolist() == expected.isna().tolist()
    assert got.dropna().tolist() == expected.dropna().tolist()


# Times after an ISO date, and whether the date is read with them.
_TIMES = {
    "": True,
    " 14:22": True,
    "T14:22:10": True,
    " 14:22:10 +0100": True,
    "T14:22:10.123Z": True,
    " 14:22:10+01:00": True,
    " 9:05": True,
    " 14:22:10 UTC": True,
    " 14:22 PST": False,
    " 14h22": False,
    "T25": False,
}


@given(
    st.lists(
        st.tuples(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), st.sampled_from(sorted(_TIMES))),
        min_size=1,
        max_size=40,
    ),
    st.lists(st.sampled_from(["05/03/2024", "13/02/2024", "2024-13-05 10:00", "Mar 5, 2024", "n/a"]), max_size=5),
)
def test_an_iso_timestamp_is_read_as_its_day_whatever_the_time_after_it(stamped, others):
    values = [f"{d.isoformat()}{time}" for d, time in stamped] + others
    parsed, info = parse_dates(pd.Series(values, dtype="string"))
    expected = [pd.Timestamp(d) if _TIMES[time] else pd.NaT for d, time in stamped]
    assert parsed.iloc[: len(stamped)].tolist() == expected
    # The other values read as they do alone, and the column's decisions are the same.
    alone, alone_info = parse_dates(pd.Series([*others, "2024-01-01"], dtype="string"))
    assert parsed.iloc[len(stamped) :].tolist() == alone.iloc[: len(others)].tolist()
    assert (info.order, info.dayfirst_evidence, info.monthfirst_evidence) == (
        alone_info.order,
        alone_info.dayfirst_evidence,
        alone_info.monthfirst_evidence,
    )
    assert info.unreadable == alone_info.unreadable + sum(not _TIMES[time] for _, time in stamped)
