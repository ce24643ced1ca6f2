"""Each KPI on a table computed by hand (T = 2025-12-31, default definition unless said)."""

from pathlib import Path

import pandas as pd
import pytest

from lifecycle import Definition, cohort_values, kpi_table
from lifecycle.model.kpis import compute_kpis
from tests.conftest import analyze_file, run

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"

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
    assert t_fr.set_index("key").loc["churn_rate", "label"] == "Taux d’attrition"
    assert t_fr.set_index("key").loc["retention_rate", "label"] == "Taux de rétention (toujours clients)"
    assert t_fr["definition"].str.len().min() > 10


def test_customer_level_file_reports_history_kpis_as_unavailable(sample_dir):
    a = analyze_file(sample_dir / "clients_crm.csv")
    k = {x.key: x for x in compute_kpis(a.stages)}
    assert k["churn_rate"].value is None and k["churn_rate"].unavailable_reason == "unavailable.history"
    assert k["average_basket_lifetime"].value == pytest.approx(45.0)  # the file's totals are 45 per order


def test_cohorts_as_shown_in_each_language():
    from lifecycle.reports.tables import cohort_display

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
    from lifecycle import compute_kpis

    a = analyze_file(sample_dir / "ventes_boutique.xlsx")
    before = {k.key: (k.value, k.base) for k in compute_kpis(a.stages)}
    segment = (a.summary.customers["segment"] == "Web").fillna(False).to_numpy()
    compute_kpis(a.stages, segment)
    assert {k.key: (k.value, k.base) for k in compute_kpis(a.stages)} == before
    assert before["first_value_12_mean"][1] > 0


# ---------------------------------------------------------------- the four Avanci KPIs over time

SERIES_COLUMNS = [
    "clients",
    "activity_rate",
    "clients_year_before",
    "repeat_purchase_rate",
    "purchases",
    "buyers",
    "average_basket",
    "purchase_frequency",
]


def _row(series: pd.DataFrame, day: str) -> dict:
    return series[series["period_end"] == pd.Timestamp(day)].iloc[0][SERIES_COLUMNS].to_dict()


def test_kpi_series_a_month_by_hand():
    from lifecycle.model.kpis import kpi_series

    a = run(ROWS, as_of="2025-12-31")
    series = kpi_series(a.summary, a.definition, "month")
    # Month ends from June 2023 (K4's first purchase) to T: 31 in all.
    assert len(series) == 31 and series["period_end"].iloc[0] == pd.Timestamp("2023-06-30")
    # On 30 June 2025: K1 active (bought on 1 June), K2 dormant (1 June 2024 is not within 12
    # months), K4 lost (1 June 2023 is not within 24 months), K3 not yet a customer.
    # Clients on 30 June 2024: K1, K2, K4; of them, bought since: K1 (1 March and 1 June 2025,
    # 50 + 30).
    assert _row(series, "2025-06-30") == {
        "clients": 2,
        "activity_rate": 1 / 2,
        "clients_year_before": 3,
        "repeat_purchase_rate": 1 / 3,
        "purchases": 2,
        "buyers": 1,
        "average_basket": 80 / 2,
        "purchase_frequency": 2.0,
    }


def test_kpi_series_a_half_year_by_hand():
    from lifecycle.model.kpis import kpi_series

    a = run(ROWS, as_of="2025-12-31")
    series = kpi_series(a.summary, a.definition, "half")
    assert [str(d.date()) for d in series["period_end"]] == [
        "2023-06-30",
        "2023-12-31",
        "2024-06-30",
        "2024-12-31",
        "2025-06-30",
        "2025-12-31",
    ]
    # On 31 December 2024: K1 (1 March 2024) and K2 (1 June 2024) active, K4 dormant. A year
    # before, only K4 was a client, and it did not buy again. In the 12 months: K1 100, K2 200.
    assert _row(series, "2024-12-31") == {
        "clients": 3,
        "activity_rate": 2 / 3,
        "clients_year_before": 1,
        "repeat_purchase_rate": 0.0,
        "purchases": 2,
        "buyers": 2,
        "average_basket": 300 / 2,
        "purchase_frequency": 1.0,
    }
    # Before any client a year earlier, the repeat-purchase rate has no base.
    first = _row(series, "2023-06-30")
    assert first["clients_year_before"] == 0 and pd.isna(first["repeat_purchase_rate"])


@pytest.mark.parametrize("period", ["month", "half"])
@pytest.mark.parametrize(
    "definition",
    [Definition(), Definition(new_months=2, active_months=6, client_months=12, own_rhythm=True, min_amount=60)],
)
def test_the_last_row_of_a_kpi_series_is_the_kpi_tables(period, definition):
    from lifecycle.model.kpis import SERIES_KPIS, kpi_series

    a = run(ROWS, definition, as_of="2025-12-31")
    last = kpi_series(a.summary, definition, period).iloc[-1]
    k = {x.key: x for x in compute_kpis(a.stages)}
    assert last["period_end"] == a.summary.as_of
    assert {key: last[key] for key in SERIES_KPIS} == {key: k[key].value for key in SERIES_KPIS}
    assert (last["clients"], last["clients_year_before"], last["buyers"]) == (
        k["activity_rate"].base,
        k["repeat_purchase_rate"].base,
        k["purchase_frequency"].base,
    )


def test_the_last_row_of_a_kpi_series_is_the_kpi_tables_on_the_sample():
    from lifecycle.model.kpis import SERIES_KPIS, kpi_series

    a = analyze_file(SAMPLES / "ventes_boutique.xlsx")
    last = kpi_series(a.summary, a.definition).iloc[-1]
    k = {x.key: x.value for x in compute_kpis(a.stages)}
    assert {key: last[key] for key in SERIES_KPIS} == {key: k[key] for key in SERIES_KPIS}
    assert last["buyers"] > 100


def test_a_kpi_series_needs_purchase_history_and_a_known_period():
    from lifecycle import LifecycleError
    from lifecycle.model.kpis import kpi_series

    a = run(ROWS, as_of="2025-12-31")
    with pytest.raises(LifecycleError, match="month or half"):
        kpi_series(a.summary, a.definition, "week")


@pytest.mark.parametrize(
    ("lang", "table", "bases"),
    [
        (
            "en",
            ["2024-12-31", "3", "66.7%", "1", "0.0%", "2", "2", "€150.00", "1.00"],
            ["3 clients", "1 client 12 months before", "2 purchase occasions in 12 months", "2 buyers in 12 months"],
        ),
        (
            "fr",
            ["31/12/2024", "3", "66,7\u202f%", "1", "0,0\u202f%", "2", "2", "150,00\u202f€", "1,00"],
            ["3 clients", "1 client 12 mois avant", "2 achats sur 12 mois", "2 acheteurs sur 12 mois"],
        ),
    ],
)
def test_a_kpi_series_as_shown_in_both_languages(lang, table, bases):
    from lifecycle.model.kpis import kpi_series
    from lifecycle.reports.charts.kpis import kpi_series_frame
    from lifecycle.reports.tables import kpi_series_display

    a = run(ROWS, as_of="2025-12-31")
    series = kpi_series(a.summary, a.definition, "half")
    shown = kpi_series_display(series, lang)
    assert shown.iloc[3].tolist() == table  # 31 December 2024, computed by hand above
    if lang == "fr":
        assert list(shown.columns)[:3] == ["Fin de période", "Clients", "Taux d’activité"]
    # The chart's tooltips: the same figures, each with its base.
    frame = kpi_series_frame(series, lang)
    row = frame[frame["period_end"] == pd.Timestamp("2024-12-31")]
    assert row["value_label"].tolist() == [table[2], table[4], table[7], table[8]]
    assert row["base_label"].tolist() == bases
    # Before anyone was a client a year earlier, the repeat-purchase rate has no value, not 0.
    assert shown.iloc[0].tolist()[4] == "–"
