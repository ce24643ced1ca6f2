"""Each KPI on a table computed by hand (T = 2025-12-31, default definition unless said)."""

import pandas as pd
import pytest

from lifecycle import Definition, analyze, cohort_values, kpi_table
from lifecycle.kpis import compute_kpis
from tests.conftest import run

ROWS = [
    ("K1", "2024-03-01", 100),
    ("K1", "2025-03-01", 50),
    ("K1", "2025-06-01", 30),  # active
    ("K2", "2024-06-01", 200),  # dormant, did not buy again
    ("K3", "2025-11-01", 40),  # new
    ("K4", "2023-06-01", 80),  # lost
]


@pytest.fixture(scope="module")
def kpis():
    a = run(ROWS, as_of="2025-12-31")
    return {k.key: k.value for k in compute_kpis(a.stages)}


def test_activity_rate(kpis):
    assert kpis["clients"] == 3
    assert kpis["activity_rate"] == pytest.approx(2 / 3)


def test_retention_and_repeat_purchase_are_two_things(kpis):
    # Clients on 2024-12-31 (the same rule as today): K1, K2, K4. Still clients now: K1, K2.
    assert kpis["retention_rate"] == pytest.approx(2 / 3)
    assert kpis["churn_rate"] == pytest.approx(1 / 3)
    # Of those three, bought again in the last 12 months: K1 only (K2 is a dormant client).
    assert kpis["repeat_purchase_rate"] == pytest.approx(1 / 3)


def test_one_time_buyers_and_second_purchase(kpis):
    # Active: K1 (3 purchase days). Dormant: K2 (1 day).
    assert kpis["one_time_active_share"] == 0
    assert kpis["one_time_dormant_share"] == 1
    # First purchase at least 12 months before T: K1, K2, K4; bought again on a later day: K1.
    assert kpis["second_purchase_rate"] == pytest.approx(1 / 3)


def test_two_orders_on_one_day_are_one_purchase_day():
    rows = [("A", "2024-03-01", 10, "o1"), ("A", "2024-03-01", 10, "o2"), ("B", "2025-12-31", 5, "o3")]
    a = run(rows, header=("client", "date", "montant", "commande"))
    k = {x.key: x for x in compute_kpis(a.stages)}
    assert (k["one_time_dormant_share"].value, k["one_time_dormant_share"].base) == (1.0, 1)  # A, 22 months ago
    assert (k["second_purchase_rate"].value, k["second_purchase_rate"].base) == (0.0, 1)


def test_basket_and_frequency(kpis):
    assert kpis["average_basket"] == pytest.approx(120 / 3)  # 50 + 30 + 40 over 3 occasions
    assert kpis["purchase_frequency"] == pytest.approx(3 / 2)  # 3 occasions, 2 buyers


def test_customer_value(kpis):
    # Clients K1, K2, K3. 12 months: 80, 0, 40. 24 and 36 months: 180, 200, 40.
    assert kpis["value_12_mean"] == pytest.approx(40)
    assert kpis["value_12_median"] == pytest.approx(40)
    assert kpis["value_24_mean"] == pytest.approx(140)
    assert kpis["value_24_median"] == pytest.approx(180)
    assert kpis["value_36_mean"] == pytest.approx(140)


def test_value_over_the_first_months_counts_only_customers_old_enough():
    a = run(ROWS, as_of="2025-12-31")
    k = {x.key: x for x in compute_kpis(a.stages)}
    # First 12 months over by T (first purchase on or before 2025-01-01): K1 100 (its 2025-03-01
    # purchase is after 2025-02-28), K2 200, K4 80.
    assert (k["first_value_12_mean"].value, k["first_value_12_mean"].base) == (pytest.approx(380 / 3), 3)
    assert (k["first_value_24_mean"].value, k["first_value_24_mean"].base) == (pytest.approx(80), 1)  # K4
    assert (k["first_value_36_mean"].value, k["first_value_36_mean"].base) == (None, 0)


def test_value_per_acquisition_cohort():
    a = run(ROWS, as_of="2025-12-31")
    c = cohort_values(a.summary).set_index("cohort")
    assert c.index.tolist() == ["2023-Q2", "2024-Q1", "2024-Q2", "2025-Q4"]
    assert c["acquired"].tolist() == [1, 1, 1, 1]
    assert c.loc["2024-Q1", "old_12"] == 1 and c.loc["2024-Q1", "mean_12"] == 100
    assert c.loc["2024-Q1", "old_24"] == 0 and pd.isna(c.loc["2024-Q1", "mean_24"])
    assert c.loc["2023-Q2", "mean_24"] == 80
    assert c.loc["2025-Q4", "old_12"] == 0


def test_top20_share_among_customers_with_positive_spend(kpis):
    # Spent something in the last 12 months: K1 (80) and K3 (40); K2 spent nothing. The top 20%
    # of 2 customers is 1 customer: 80 of 120.
    assert kpis["top20_share"] == pytest.approx(80 / 120)


def test_top20_share_leaves_out_net_refunds():
    rows = [*ROWS, ("K5", "2025-05-01", 50), ("K5", "2025-06-01", -70)]
    k = {x.key: x for x in compute_kpis(run(rows, as_of="2025-12-31").stages)}
    assert (k["top20_share"].value, k["top20_share"].base) == (pytest.approx(80 / 120), 2)


def test_kpis_follow_the_options_at_both_dates():
    a = run(ROWS, Definition(min_amount=150), as_of="2025-12-31")
    k = {x.key: x for x in compute_kpis(a.stages)}
    # Minimum 150 within 24 months. On 2024-12-31: K1 has 100 (below), K2 200 (client), K4 80
    # (below). Today: K1 180 and K2 200 are clients. Retention: 1 of 1.
    assert (k["retention_rate"].value, k["retention_rate"].base) == (1.0, 1)
    assert k["churn_rate"].value == 0.0
    assert k["clients"].value == 2


def test_money_kpis_unavailable_without_amount():
    a = run([(c, d) for c, d, _ in ROWS], header=("client", "date"), as_of="2025-12-31")
    k = {x.key: x for x in compute_kpis(a.stages)}
    assert k["average_basket"].value is None
    assert k["average_basket"].unavailable_reason == "unavailable.amount"
    assert "no amount column" in k["average_basket"].definition("en")
    assert k["repeat_purchase_rate"].value == pytest.approx(1 / 3)


def test_definitions_in_both_languages_and_per_segment():
    rows = [(*r, "x" if r[0] in ("K1", "K2") else "y") for r in ROWS]
    a = run(rows, header=("client", "date", "montant", "segment"), as_of="2025-12-31")
    t_en = kpi_table(a.stages, "en", by_segment=True)
    t_fr = kpi_table(a.stages, "fr")
    x = t_en[(t_en["segment"] == "x")].set_index("key")["value"]
    assert x["clients"] == 2 and x["activity_rate"] == pytest.approx(1 / 2)
    assert "Share of clients" in t_en.set_index("key").loc["activity_rate", "definition"].iloc[0]
    assert t_fr.set_index("key").loc["churn_rate", "label"] == "Taux d'attrition (churn)"
    assert t_fr.set_index("key").loc["retention_rate", "label"] == "Taux de rétention (toujours clients)"
    assert t_fr["definition"].str.len().min() > 10


def test_customer_level_file_reports_history_kpis_as_unavailable(sample_dir):
    a = analyze(sample_dir / "clients_crm.csv")
    k = {x.key: x for x in compute_kpis(a.stages)}
    assert k["churn_rate"].value is None and k["churn_rate"].unavailable_reason == "unavailable.history"
    assert k["average_basket_lifetime"].value == pytest.approx(45.0)  # the file's totals are 45 per order


def test_cohorts_as_shown_in_each_language():
    from lifecycle.tables import cohort_display

    a = run(ROWS, as_of="2025-12-31")
    c = cohort_values(a.summary)
    en, fr = cohort_display(c, "en"), cohort_display(c, "fr")
    assert en.iloc[:, 0].tolist() == ["2023-Q2", "2024-Q1", "2024-Q2", "2025-Q4"]
    assert fr.iloc[:, 0].tolist() == ["T2 2023", "T1 2024", "T2 2024", "T4 2025"]
    # The 2024-Q1 customer spent 100 in their first 12 months; the 2025-Q4 one is not 12 months old.
    assert (fr.iloc[1, 2], en.iloc[1, 2]) == ("100\u202f€ (1)", "€100 (1)") and fr.iloc[3, 2] == en.iloc[3, 2] == "–"


def test_a_segments_kpis_leave_the_whole_files_kpis_as_they_were(sample_dir):
    # The first months' value once read «–» for the whole base after a segment was shown:
    # the segment's mask narrowed the file's kept array in place.
    from lifecycle import analyze, compute_kpis

    a = analyze(sample_dir / "ventes_boutique.xlsx")
    before = {k.key: (k.value, k.base) for k in compute_kpis(a.stages)}
    segment = (a.summary.customers["segment"] == "Web").fillna(False).to_numpy()
    compute_kpis(a.stages, segment)
    assert {k.key: (k.value, k.base) for k in compute_kpis(a.stages)} == before
    assert before["first_value_12_mean"][1] > 0
