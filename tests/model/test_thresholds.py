"""Suggested thresholds from the rhythm of purchases."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import Definition, purchase_gaps, suggest_thresholds
from tests.conftest import analyze_file, run


def test_gaps_are_each_repeat_customers_days_between_purchase_days_in_increasing_order():
    # A: 2025-01-01, 01-01 (same day), 02-01, 02-11: gaps 31 and 10; B: 03-01, 04-29: 59;
    # C buys once: no gap.
    rows = [
        ("A", "2025-01-01", 5),
        ("A", "2025-01-01", 5),
        ("A", "2025-02-01", 5),
        ("A", "2025-02-11", 5),
        ("B", "2025-03-01", 5),
        ("B", "2025-04-29", 5),
        ("C", "2025-05-01", 5),
    ]
    gaps = purchase_gaps(run(rows).summary)
    assert gaps.tolist() == [10, 31, 59]


def test_suggestion_from_a_regular_rhythm():
    # 25 customers buying every 30 days, 3 times each: 50 gaps of 30 days.
    rows = []
    for i in range(25):
        for d in ("2025-01-01", "2025-01-31", "2025-03-02"):
            rows.append((f"C{i}", d, 10))
    a = run(rows)
    assert sorted(set(purchase_gaps(a.summary).tolist())) == [30]
    s = suggest_thresholds(a.summary)
    assert s.available and s.n_gaps == 50 and s.median_gap_days == 30
    # 3 x 30 days = 2.96 months -> 3; client window: at least twice that -> 6.
    assert (s.definition.new_months, s.definition.active_months, s.definition.client_months) == (3, 3, 6)
    assert "every 30 days" in s.text("en") and "tous les 30 jours" in s.text("fr")
    assert s.to_dict()["active_months"] == 3


def test_suggestion_keeps_new_at_most_active_and_other_options():
    rows = [(f"C{i}", d, 10) for i in range(25) for d in ("2025-01-01", "2025-01-11", "2025-01-21")]
    s = suggest_thresholds(run(rows).summary, Definition(new_months=3, opt_out_lost=True))
    assert s.definition.active_months == 1  # 3 x 10 days
    assert s.definition.new_months == 1
    assert s.definition.opt_out_lost


def test_too_few_gaps():
    s = suggest_thresholds(run([("A", "2025-01-01", 1), ("A", "2025-02-01", 1)]).summary)
    assert not s.available and s.definition is None
    assert "(gaps between purchases: 1; at least 20 needed)" in s.text("en")
    assert "(délais entre achats\u202f: 1\u202f; au moins 20 requis)" in s.text("fr")


@pytest.mark.parametrize("name", ["ventes_boutique.xlsx", "factures_b2b.csv"])
def test_samples_have_a_suggestion(sample_dir, name):

    s = analyze_file(sample_dir / name).suggestion
    assert s.available and 1 <= s.definition.active_months <= s.definition.client_months


@given(st.lists(st.integers(1, 5000), min_size=1, max_size=200))
def test_percentiles_from_sorted_gaps_equal_numpy(values):
    from lifecycle.model.thresholds import percentiles

    ordered = np.sort(np.array(values, dtype="int64"))
    np.testing.assert_allclose(percentiles(ordered, (50, 90)), np.percentile(values, [50, 90]))
