"""Customer value models against the literature (CDNOW), by hand, and as properties."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle.model.value import (
    BGNBD,
    bgnbd_log_likelihood,
    fit_bgnbd,
    fit_gamma_gamma,
    gamma_gamma_log_likelihood,
)
from tests.conftest import analyze_file

CDNOW = Path(__file__).resolve().parents[1] / "data" / "cdnow_summary.csv"
PUBLISHED = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=-9582.4, converged=True, n=2357)


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return pd.read_csv(CDNOW)


@pytest.fixture(scope="module")
def bgnbd(cdnow):
    return fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])


def test_bgnbd_reproduces_the_papers_cdnow_parameters(cdnow, bgnbd):
    # Fader, Hardie and Lee (2005), section 5: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9,582.4.
    assert len(cdnow) == 2357 and bgnbd.n == 2357 and bgnbd.converged
    assert (round(bgnbd.r, 3), round(bgnbd.alpha, 3), round(bgnbd.a, 3), round(bgnbd.b, 3)) == (
        0.243,
        4.414,
        0.793,
        2.426,
    )
    assert round(bgnbd.log_likelihood, 1) == -9582.4
    assert bgnbd.to_dict()["time_unit"] == "week"


def test_bgnbd_conditional_expectation_of_the_papers_worked_example(bgnbd):
    # The paper's customer: 2 repeat purchases, the last at week 30.43, observed 38.86 weeks:
    # 1.226 purchases expected in the next 39 weeks.
    assert round(float(bgnbd.expected_purchases(39, 2, 30.43, 38.86)), 3) == 1.226
    assert round(float(PUBLISHED.expected_purchases(39, 2, 30.43, 38.86)), 3) == 1.226


def test_gamma_gamma_reproduces_the_papers_cdnow_parameters(cdnow):
    # Fader, Hardie and Lee (2005, RFM and CLV): p = 6.25, q = 3.74, γ = 15.44, on the 946
    # customers with a repeat purchase. Our optimum is γ = 15.448: within 0.01 of the
    # published figure (the paper's optimiser stopped a little earlier).
    gg = fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    assert gg.n == 946 and gg.converged
    assert (round(gg.p, 2), round(gg.q, 2)) == (6.25, 3.74)
    assert gg.gamma == pytest.approx(15.44, abs=0.01)
    # The expected spend of a customer with x purchases averaging zbar, by the formula.
    assert float(gg.expected_spend(2, 20.0)) == pytest.approx(gg.p * (gg.gamma + 40) / (2 * gg.p + gg.q - 1))


def _bgnbd_by_hand(r, alpha, a, b, x, t_x, T) -> float:
    """Equation 6 of the paper, term by term with math.lgamma."""

    def beta(u, v):
        return math.exp(math.lgamma(u) + math.lgamma(v) - math.lgamma(u + v))

    gamma_part = math.exp(math.lgamma(r + x) - math.lgamma(r)) * alpha**r
    stays = beta(a, b + x) / beta(a, b) * gamma_part / (alpha + T) ** (r + x)
    drops = beta(a + 1, b + x - 1) / beta(a, b) * gamma_part / (alpha + t_x) ** (r + x) if x > 0 else 0.0
    return math.log(stays + drops)


def test_bgnbd_log_likelihood_by_hand_on_three_customers():
    params = (0.5, 3.0, 0.8, 2.5)
    table = [(0, 0.0, 20.0), (1, 4.0, 30.0), (4, 25.5, 26.0)]
    got = bgnbd_log_likelihood(params, *zip(*table))
    for value, (x, t_x, T) in zip(got, table):
        assert value == pytest.approx(_bgnbd_by_hand(*params, x, t_x, T), rel=1e-12)
    # The customer without a repeat purchase: (α/(α+T))^r · 1 (B(a, b)/B(a, b)).
    assert got[0] == pytest.approx(0.5 * math.log(3.0 / 23.0), rel=1e-12)


def test_gamma_gamma_log_likelihood_by_hand():
    p, q, g = 6.0, 4.0, 15.0
    x, zbar = 3, 25.0
    by_hand = (
        math.lgamma(p * x + q)
        - math.lgamma(p * x)
        - math.lgamma(q)
        + q * math.log(g)
        + (p * x - 1) * math.log(zbar)
        + p * x * math.log(x)
        - (p * x + q) * math.log(g + x * zbar)
    )
    assert float(gamma_gamma_log_likelihood((p, q, g), [x], [zbar])[0]) == pytest.approx(by_hand, rel=1e-12)


customers = st.tuples(st.integers(0, 40), st.floats(0.0, 1.0), st.floats(1.0, 200.0))


@given(
    st.lists(customers, min_size=1, max_size=20),
    st.floats(0.05, 5),
    st.floats(0.5, 50),
    st.floats(0.05, 5),
    st.floats(0.05, 10),
)
def test_bgnbd_properties(rows, r, alpha, a, b):
    m = BGNBD(r, alpha, a, b, 0.0, True, len(rows))
    x = np.array([c[0] for c in rows], dtype="float64")
    T = np.array([c[2] for c in rows])
    t_x = np.where(x > 0, np.array([c[1] for c in rows]) * T, 0.0)
    alive = m.probability_alive(x, t_x, T)
    assert ((alive >= 0) & (alive <= 1)).all()
    assert (alive[x == 0] == 1).all()  # without a repeat purchase nobody has dropped out yet
    if a > 1:  # the expectation's closed form needs a > 1
        soon, later = m.expected_purchases(4, x, t_x, T), m.expected_purchases(52, x, t_x, T)
        assert (soon >= 0).all() and (later >= soon - 1e-9).all()


# ---------------------------------------------------------------- from a customer file


def test_histories_by_hand():
    from lifecycle.model.calendar import to_day
    from lifecycle.model.value import histories
    from tests.conftest import run

    rows = [
        ("A", "2025-01-01", 10),
        ("A", "2025-01-15", 20),
        ("A", "2025-01-15", 5),  # a second order on the same day: one purchase day of 25
        ("A", "2025-03-01", 40),
        ("A", "2025-03-10", -40),  # a return: not a purchase
        ("B", "2025-02-01", 70),
    ]
    s = run(rows, as_of="2025-04-02").summary
    h = histories(s)
    a, b = (int(s.customers.index[s.customers["customer"] == c][0]) for c in ("A", "B"))
    assert (h.x[a], h.x[b]) == (2, 0)
    assert h.t_x[a] == pytest.approx((to_day("2025-03-01") - to_day("2025-01-01")) / 7)
    assert h.T[a] == pytest.approx((to_day("2025-04-02") - to_day("2025-01-01")) / 7)
    assert h.T[b] == pytest.approx((to_day("2025-04-02") - to_day("2025-02-01")) / 7) and h.t_x[b] == 0
    assert h.zbar[a] == pytest.approx((25 + 40) / 2) and np.isnan(h.zbar[b])
    before = histories(s, to_day("2025-01-20"))  # only what happened by then
    assert before.x[a] == 1 and not before.known[b] and before.zbar[a] == pytest.approx(25)


def _many(customers: int, repeat_every: int, months: int = 24):
    rows = []
    for i in range(customers):
        start = pd.Timestamp("2023-01-01") + pd.Timedelta(days=i % 60)
        for k in range(1 + (i % repeat_every == 0) * (1 + i % 5)):
            day = start + pd.Timedelta(days=37 * k + i % 11)
            if day <= pd.Timestamp("2023-01-01") + pd.DateOffset(months=months):
                rows.append((f"C{i}", day.date().isoformat(), 20 + (i * 7 + k * 3) % 50))
    return rows


@pytest.mark.parametrize(
    ("rows", "key", "en", "fr"),
    [
        (None, "value.no_history", "needs purchase history", "nécessite l’historique des achats"),
        ("short", "value.short", "at least three months", "au moins trois mois"),
        ("few", "value.few_repeat", "Too few buyers came back", "Trop peu d’acheteurs sont revenus"),
    ],
)
def test_the_models_refuse_what_the_data_cannot_support(rows, key, en, fr, sample_dir):
    from lifecycle import LifecycleError
    from lifecycle.model.value import fit_value
    from tests.conftest import run

    if rows is None:  # one row per customer: no dates of each purchase
        summary = analyze_file(sample_dir / "clients_crm.csv").summary
        assert not summary.has_history
    elif rows == "short":
        summary = run([(f"C{i}", f"2025-03-{1 + i % 28:02d}", 10) for i in range(200)]).summary
    else:
        summary = run(_many(300, repeat_every=10)).summary
    with pytest.raises(LifecycleError) as err:
        fit_value(summary)
    assert err.value.key == key and en in err.value.message("en") and fr in err.value.message("fr")


@pytest.fixture(scope="module")
def retail_value(sample_dir):
    from lifecycle.model.value import fit_value

    summary = analyze_file(sample_dir / "ventes_boutique.xlsx").summary
    return summary, fit_value(summary)


def test_value_on_the_sample_is_consistent(retail_value):
    from lifecycle.model.value import fit_value

    summary, v = retail_value
    c = v.customers
    assert len(c) == summary.n_customers and v.gamma_gamma is not None
    known = c["p_alive"].notna()
    assert known.sum() == int(summary.classified.sum())
    assert ((c["p_alive"][known] >= 0) & (c["p_alive"][known] <= 1)).all()
    assert (c.loc[c["x"] == 0, "p_alive"] == 1).all()
    assert (c["value_24"][known] >= c["value_12"][known] - 1e-9).all()
    assert (c["value_36"][known] >= c["value_24"][known] - 1e-9).all()
    discounted = fit_value(summary, discount=0.10, margin=0.4).customers
    np.testing.assert_allclose(discounted["p_alive"], c["p_alive"])  # the fit does not depend on them
    assert (discounted["value_36"][known] <= 0.4 * c["value_36"][known] + 1e-9).all()
    assert discounted["value_36"][known].sum() < 0.4 * c["value_36"][known].sum()


def test_calibration_on_the_sample(retail_value):
    from lifecycle.model.value import calibration

    summary, _ = retail_value
    cal = calibration(summary)
    assert cal["holdout_months"] == 12  # a third of the history, at most 12 months
    table = cal["by_repeat_purchases"]
    assert list(table["repeat_purchases"])[:3] == ["0", "1", "2"] and table["repeat_purchases"].iloc[-1] == "7+"
    from lifecycle.model.calendar import NO_DAY, to_day

    bought_by_then = (summary.first_day != NO_DAY) & (summary.first_day <= to_day(cal["fit_end"]))
    assert table["customers"].sum() == int(bought_by_then.sum())
    assert cal["error"] == pytest.approx((cal["total_predicted"] - cal["total_actual"]) / cal["total_actual"])
    assert abs(cal["error"]) < 0.25  # the model holds on this data: a fifth off at most over a year


def test_the_command_line_value_document(sample_dir, capsys):
    import json

    from lifecycle.cli import main

    code = main(["value", str(sample_dir / "ventes_boutique.xlsx"), "--json", "--calibration-end", "2024-12-31"])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["bgnbd"]) == {"r", "alpha", "a", "b", "p", "log_likelihood", "time_unit"}
    assert doc["bgnbd"]["p"] is None and doc["bgnbd"]["a"] > 0  # the sample's dropout probability has a spread
    assert set(doc["gamma_gamma"]) == {"p", "q", "gamma"}
    assert doc["fit_period"] == {"start": "2022-09-03", "end": "2025-12-31"} and doc["horizon_months"] == 12
    stages = {r["stage"]: r for r in doc["by_stage"]}
    assert list(stages) == ["new", "active", "reactivated", "dormant", "lost"]
    assert doc["lost_likely_alive"] == stages["lost"]["likely_alive"]
    assert doc["active_doubtful"] == stages["active"]["customers"] - stages["active"]["likely_alive"]
    assert doc["calibration"]["fit_end"] == "2024-12-31" and doc["calibration"]["holdout_months"] == 12
    risks = [r["risk"] for r in doc["save_first"]]
    assert risks == sorted(risks, reverse=True) and {r["stage"] for r in doc["save_first"]} <= {
        "new",
        "reactivated",
        "active",
        "dormant",
    }


def test_the_command_line_refuses_a_file_without_history_in_french(sample_dir, capsys):
    from lifecycle.cli import main

    assert main(["value", str(sample_dir / "clients_crm.csv"), "--lang", "fr"]) == 2
    assert "nécessite l’historique des achats" in capsys.readouterr().err


def test_the_customers_files_carry_the_models_columns_on_request(retail):
    import io

    import openpyxl

    from lifecycle.model.value import value_of
    from lifecycle.reports.customers import customers_csv
    from lifecycle.reports.export import export

    a = retail
    model = value_of(a.summary)
    text = customers_csv(a, "en", model)
    table = pd.read_csv(io.StringIO(text), dtype={"Customer id": str})
    head = list(table.columns)
    assert head[-3:] == [
        "Probability of still buying (model)",
        "Purchases expected in the next 12 months (model)",
        "Value expected over the next 12 months (model)",
    ]
    row = table.iloc[0]
    engine = model.customers.set_index("customer").loc[row["Customer id"]]
    assert row["Probability of still buying (model)"] == pytest.approx(engine["p_alive"], abs=0.005)
    assert row["Value expected over the next 12 months (model)"] == pytest.approx(engine["value_12"], abs=0.005)
    assert table.iloc[-1][head[-3:]].isna().all()  # a contact without purchase: no figures
    assert "(model)" not in customers_csv(a, "en").splitlines()[0]  # only on request
    ws = openpyxl.load_workbook(io.BytesIO(export(a, "xlsx", "fr", with_value=True)), read_only=True)["Fiches clients"]
    names = [c.value for c in ws[1]]
    assert names[-3] == "Probabilité d’être encore acheteur (modèle)"
    assert ws.cell(2, len(names) - 2).number_format == "0.0 %"  # the French workbook writes «12,5 %»


def test_value_by_segment_adds_up_to_the_whole(retail_value):
    from lifecycle.model.value import by_segment

    summary, v = retail_value
    seg = by_segment(v, summary)
    known = v.customers["p_alive"].notna()
    assert seg["customers"].sum() == known.sum()
    assert seg["value_12"].sum() == pytest.approx(v.customers["value_12"][known].sum())
    assert list(seg["customers"]) == sorted(seg["customers"], reverse=True)


def test_a_refusal_is_kept_so_that_a_rerun_does_not_fit_again(monkeypatch):
    from lifecycle import LifecycleError
    from lifecycle.model import value
    from tests.conftest import run

    summary = run(_many(300, repeat_every=10)).summary
    calls = []
    real = value.fit_value
    monkeypatch.setattr(value, "fit_value", lambda *a, **k: calls.append(1) or real(*a, **k))
    for _ in range(3):
        with pytest.raises(LifecycleError, match="Too few buyers"):
            value.value_of(summary)
    assert len(calls) == 1


def _simulate_bgnbd(n: int, r: float, alpha: float, p: float, weeks: float, seed: int):
    """Customers drawn from BG/NBD with one dropout probability ``p`` for all (no spread):
    purchase rate λ ~ Gamma(r, α), after each purchase out for good with probability ``p``;
    first purchases spread over the first half of the period, observed until ``weeks``."""
    rng = np.random.default_rng(seed)
    x, t_x, T = np.zeros(n), np.zeros(n), np.zeros(n)
    for i in range(n):
        rate = rng.gamma(r, 1 / alpha)
        T[i] = weeks - rng.uniform(0, weeks / 2)
        t = 0.0
        while True:
            t += rng.exponential(1 / rate)
            if t > T[i]:
                break
            x[i], t_x[i] = x[i] + 1, t
            if rng.uniform() < p:
                break
    return x, t_x, T


def test_the_same_dropout_limit_is_bgnbd_with_a_and_b_grown_together():
    # The limit's exact formulas against the general ones at a + b = 10^8.
    from lifecycle.model.value import bgnbd_same_dropout_log_likelihood

    x, t_x, T = _simulate_bgnbd(400, 1.3, 20.0, 0.3, 104.0, seed=3)
    big = BGNBD(1.3, 20.0, 0.3e8, 0.7e8, 0.0, True, 400)
    limit = BGNBD(1.3, 20.0, math.inf, math.inf, 0.0, True, 400, p=0.3)
    same = bgnbd_same_dropout_log_likelihood((1.3, 20.0, 0.3), x, t_x, T)
    assert same == pytest.approx(bgnbd_log_likelihood((1.3, 20.0, 0.3e8, 0.7e8), x, t_x, T), abs=1e-5)
    assert limit.probability_alive(x, t_x, T) == pytest.approx(big.probability_alive(x, t_x, T), abs=1e-6)
    for weeks in (4.0, 52.0):
        assert limit.expected_purchases(weeks, x, t_x, T) == pytest.approx(
            big.expected_purchases(weeks, x, t_x, T), rel=1e-5
        )
    # By hand for one customer: 2 repeat purchases, the last at week 10, seen for 30 weeks.
    r, alpha, p = 1.3, 20.0, 0.3
    stays = (1 - p) ** 2 / (alpha + 30) ** (r + 2)
    drops = p * (1 - p) / (alpha + 10) ** (r + 2)
    by_hand = math.lgamma(r + 2) - math.lgamma(r) + r * math.log(alpha) + math.log(stays + drops)
    assert bgnbd_same_dropout_log_likelihood((r, alpha, p), [2], [10], [30])[0] == pytest.approx(by_hand, rel=1e-12)


def test_a_base_without_spread_in_the_dropout_probability_gets_its_figures():
    # A regional export of 3,000 customers once showed no figures at all: with one dropout
    # probability for everyone, the four-parameter search ran along the ridge a, b → ∞.
    x, t_x, T = _simulate_bgnbd(3000, 1.5, 25.0, 0.35, 150.0, seed=7)
    model = fit_bgnbd(x, t_x, T)
    assert model.converged and model.p is not None
    assert model.p == pytest.approx(0.35, abs=0.04)
    assert model.r == pytest.approx(1.5, rel=0.25) and model.alpha == pytest.approx(25.0, rel=0.3)
    assert model.to_dict()["a"] is None and model.to_dict()["p"] == model.p
    truth = BGNBD(1.5, 25.0, math.inf, math.inf, 0.0, True, len(x), p=0.35)
    assert np.abs(model.probability_alive(x, t_x, T) - truth.probability_alive(x, t_x, T)).max() < 0.06


def test_the_value_charts_note_gives_the_rates_the_user_typed():
    # A discount of 2.5 % once read «2%» under the chart.
    from types import SimpleNamespace

    from lifecycle.reports.charts.alive import value_note

    v = SimpleNamespace(
        fit_start=pd.Timestamp("2023-01-01"), fit_end=pd.Timestamp("2025-11-30"), horizon_months=12, discount=0.025
    )
    assert value_note(SimpleNamespace(**vars(v), margin=1.0), "en").endswith(
        "forecast over 12 months, future value brought back to today at 2.5% a year, margin 100%."
    )
    assert "au taux de 2,5\u202f% par an, marge 37,25\u202f%." in value_note(
        SimpleNamespace(**vars(v), margin=0.3725), "fr"
    )
