"""The definition: validated, serialisable, stated in words in both languages."""

import pandas as pd
import pytest

from lifecycle import Definition, LifecycleError


def test_defaults():
    d = Definition()
    assert (d.new_months, d.active_months, d.client_months) == (3, 12, 24)
    assert (d.min_amount, d.own_rhythm, d.opt_out_lost) == (None, False, False)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"new_months": 13},
        {"active_months": 30},
        {"new_months": 0},
        {"client_months": 121},
        {"active_months": 2.5},
        {"min_amount": -1},
        {"rhythm_multiple": 0},
    ],
    ids=["new>active", "active>client", "zero", "too-long", "not-whole", "negative-amount", "zero-multiple"],
)
def test_invalid_definitions_are_refused_in_both_languages(kwargs):
    with pytest.raises(LifecycleError) as err:
        Definition(**kwargs)
    assert err.value.message("fr") != err.value.message("en")


def test_json_round_trip():
    d = Definition(new_months=2, active_months=9, client_months=18, min_amount=25.0, own_rhythm=True)
    assert Definition.from_json(d.to_json()) == d
    with pytest.raises(LifecycleError, match="Unknown definition settings"):
        Definition.from_dict({"dormant_months": 9})
    with pytest.raises(LifecycleError, match="not valid JSON"):
        Definition.from_json("{nope")


def test_text_states_the_numbers():
    d = Definition(active_months=9)
    en = d.text("en", pd.Timestamp("2025-12-31"))
    fr = d.text("fr", pd.Timestamp("2025-12-31"))
    assert "within the last 24 months (as of 2025-12-31)" in en and "within 9 months" in en
    assert "moins de 24 mois (au 31/12/2025)" in fr and "moins de 9 mois" in fr
    opts = Definition(min_amount=1000, own_rhythm=True, opt_out_lost=True).text("fr")
    assert "1\u202f000,00" in opts and "3 fois" in opts and "désinscrit" in opts


def test_with_the_own_rhythm_the_first_sentence_says_who_is_a_client_by_it_too():
    d = Definition(own_rhythm=True, rhythm_multiple=1.5)
    fr = d.text("fr", pd.Timestamp("2025-12-31")).replace("\u00a0", " ").replace("\u202f", " ")
    assert fr.startswith(
        "Est client tout acheteur dont le dernier achat a eu lieu il y a moins de 24 mois ou, s’il a au moins"
        " 3 achats, il y a moins de 1,5 fois son délai habituel entre deux achats (au 31/12/2025)."
    )
    en = d.text("en", pd.Timestamp("2025-12-31"))
    assert en.startswith("A client is a buyer whose last purchase is within the last 24 months or, with at least 3")
    assert Definition().text("en").startswith("A client is a buyer whose last purchase is within the last 24 months (")
