"""Each KPI on a table computed by hand (T = 2025-12-31, default definition)."""

import pytest

from lifecycle import analyze, kpi_table
from lifecycle.kpis import compute_kpis
from tests.conftest import run

ROWS = [
    ("K1", "2024-03-01", 100),
    ("K1", "2025-03-01", 50),
    ("K1", "2025-06-01", 30),  # active
    ("K2", "2024-06-01", 200),  # dormant, did not buy again
    ("K3", "2025-11-01", 40),  # new
    ("K4", "2023-06-01", 80),  # lost
    ("T", "2025-12-31", 0),  # an occasion of zero on T: a return, it only fixes T
]


@pytest.fixture(scope="module")
def kpis():
    a = run(ROWS[:-1], as_of="2025-12-31")
    return {k.key: k.value for k in compute_kpis(a.stages)}


def test_activity_rate(kpis):
    assert kpis["clients"] == 3
    assert kpis["activity_rate"] == pytest.approx(2 / 3)


def test_repurchase_rate(kpis):
    # Bought in (2023-12-31, 2024-12-31]: K1, K2; of them, bought again in the last 12 months: K1.
    assert kpis["repurchase_rate"] == pytest.approx(1 / 2)


def test_basket_and_frequency(kpis):
    assert kpis["average_basket"] == pytest.approx(120 / 3)  # 50 + 30 + 40 over 3 occasions
    assert kpis["purchase_frequency"] == pytest.approx(3 / 2)  # 3 occasions, 2 buyers


def test_churn_and_retention(kpis):
    # Clients on 2024-12-31: K1, K2, K4; K4 is no longer one.
    assert kpis["churn_rate"] == pytest.approx(1 / 3)
    assert kpis["retention_rate"] == pytest.approx(2 / 3)


def test_customer_value(kpis):
    # Clients K1, K2, K3. 12 months: 80, 0, 40. 24 and 36 months: 180, 200, 40.
    assert kpis["value_12_mean"] == pytest.approx(40)
    assert kpis["value_12_median"] == pytest.approx(40)
    assert kpis["value_24_mean"] == pytest.approx(140)
    assert kpis["value_24_median"] == pytest.approx(180)
    assert kpis["value_36_mean"] == pytest.approx(140)


def test_top20_share(kpis):
    # 12-month values 80, 40, 0: the top 20% of 3 clients is 1 client, 80 of 120.
    assert kpis["top20_share"] == pytest.approx(80 / 120)


def test_money_kpis_unavailable_without_amount():
    a = run([(c, d) for c, d, _ in ROWS[:-1]], header=("client", "date"), as_of="2025-12-31")
    k = {x.key: x for x in compute_kpis(a.stages)}
    assert k["average_basket"].value is None
    assert k["average_basket"].unavailable_reason == "unavailable.amount"
    assert k["repurchase_rate"].value == pytest.approx(1 / 2)


def test_definitions_in_both_languages_and_per_segment():
    rows = [(*r, "x" if r[0] in ("K1", "K2") else "y") for r in ROWS[:-1]]
    a = run(rows, header=("client", "date", "montant", "segment"), as_of="2025-12-31")
    t_en = kpi_table(a.stages, "en", by_segment=True)
    t_fr = kpi_table(a.stages, "fr")
    x = t_en[(t_en["segment"] == "x")].set_index("key")["value"]
    assert x["clients"] == 2 and x["activity_rate"] == pytest.approx(1 / 2)
    assert "Share of clients" in t_en.set_index("key").loc["activity_rate", "definition"].iloc[0]
    assert t_fr.set_index("key").loc["churn_rate", "label"] == "Taux d'attrition"
    assert t_fr["definition"].str.len().min() > 10


def test_customer_level_file_reports_history_kpis_as_unavailable(sample_dir):
    a = analyze(sample_dir / "clients_crm.csv")
    k = {x.key: x for x in compute_kpis(a.stages)}
    assert k["churn_rate"].value is None and k["churn_rate"].unavailable_reason == "unavailable.history"
    assert k["average_basket_lifetime"].value == pytest.approx(45.0)  # the file's totals are 45 per order
