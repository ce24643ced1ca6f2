"""Cohorts over time, by hand on a tiny table, and the monthly series against the funnel and KPIs."""

import numpy as np
import pytest

from lifecycle import LifecycleError
from lifecycle.model.cohorts import monthly_series, retention_matrix
from lifecycle.model.kpis import compute_kpis
from tests.conftest import analyze_file, run

ROWS = [
    ("A", "2025-01-10", 10),
    ("A", "2025-02-15", 20),  # age 1
    ("A", "2025-03-20", 30),  # age 2
    ("B", "2025-01-20", 5),
    ("B", "2025-01-25", 7),  # age 0 again: counted once
    ("B", "2025-04-01", 11),  # age 2 (20 March ≤ 1 April < 20 April)
    ("C", "2025-02-05", 40),
]


def test_retention_matrix_by_hand():
    r = retention_matrix(run(ROWS, as_of="2025-06-30").summary, period="month")
    assert list(r["size"]["customers"]) == [2, 1] and list(r["share"].index) == ["2025-01", "2025-02"]
    # January's last customer (20 Jan) has lived 5 whole months by 30 June: ages 0-4 shown.
    assert list(r["share"].loc["2025-01"].iloc[:5]) == [1.0, 0.5, 1.0, 0.0, 0.0]
    assert np.isnan(r["share"].loc["2025-01"].iloc[5]) if r["share"].shape[1] > 5 else True
    assert list(r["value"].loc["2025-01"].iloc[:3]) == pytest.approx([(10 + 5 + 7) / 2, 21, 41.5])
    assert list(r["share"].loc["2025-02"].iloc[:4]) == [1.0, 0.0, 0.0, 0.0]  # C: 5 Feb to 30 June, 4 months


def test_monthly_series_ends_at_the_funnel_and_the_kpis(sample_dir):
    a = analyze_file(sample_dir / "ventes_boutique.xlsx")
    m = monthly_series(a.summary, a.definition)
    last = m.iloc[-1]
    assert last["clients"] == a.stages.clients_total
    kpis = {k.key: k.value for k in compute_kpis(a.stages)}
    assert last["retention_12"] == pytest.approx(kpis["retention_rate"])
    assert (
        m["clients"].iloc[1:].to_numpy() == (m["clients"].shift(1) + m["new"] + m["won_back"] - m["lost"]).iloc[1:]
    ).all()


def test_cohorts_need_history(sample_dir):
    with pytest.raises(LifecycleError):
        retention_matrix(analyze_file(sample_dir / "clients_crm.csv").summary)


def test_the_matrix_is_computed_once_per_file():
    s = run(ROWS, as_of="2025-06-30").summary
    assert retention_matrix(s, "month") is retention_matrix(s, "month")  # a rerun does not scan again
