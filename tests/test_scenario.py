"""Outside values (scenario files, JSON definitions, links) become a valid definition or one
plain message in both languages; nothing is half-applied and no Python internals leak."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import Definition, LifecycleError
from lifecycle.definition import MAX_MONTHS
from lifecycle.scenario import parse_scenario

INTERNALS = ("not supported between", "isoformat", "codec", "recursion", "Traceback", "object has no", "NoneType")


def _doc(**definition) -> bytes:
    return json.dumps({"definition": definition}).encode()


def test_outside_values_are_converted():
    d = Definition.from_dict({"new_months": "2", "active_months": 6.0, "client_months": 18, "own_rhythm": "true"})
    assert (d.new_months, d.active_months, d.client_months, d.own_rhythm) == (2, 6, 18, True)
    d = Definition.from_dict({"min_amount": "150,5", "rhythm_multiple": "2.5", "opt_out_lost": 1})
    assert (d.min_amount, d.rhythm_multiple, d.opt_out_lost) == (150.5, 2.5, True)
    assert Definition.from_dict({"min_amount": 0}).min_amount is None
    # The sidebar's extreme values are the engine's: a saved scenario at the limits applies.
    d = Definition.from_dict({"new_months": 50, "active_months": 60, "client_months": MAX_MONTHS})
    assert (d.new_months, d.active_months, d.client_months) == (50, 60, 120)


@pytest.mark.parametrize(
    ("definition", "english", "french"),
    [
        (
            {"new_months": "abc"},
            "The “new” threshold must be a whole number of months from 1 to 120 (got 'abc')",
            "Le seuil nouveau",
        ),
        ({"active_months": 1e309}, "The “active” threshold must be a whole number", "Le seuil actif"),
        ({"client_months": 121}, "from 1 to 120 (got 121)", "de 1 à 120"),
        ({"client_months": True}, "The client window must be", "La fenêtre client"),
        ({"client_months": {"a": [1, 2]}}, "The client window must be", "fenêtre client"),
        ({"new_months": 2.5}, "whole number", "nombre entier"),
        ({"rhythm_multiple": 50}, "from 1 to 10 (got 50)", "de 1 à 10 (reçu 50)"),
        (
            {"rhythm_multiple": "Infinity"},
            "usual time between purchases must be a number from 1 to 10",
            "multiple du délai habituel",
        ),
        ({"rhythm_multiple": float("nan")}, "multiple of the usual time", "multiple du délai habituel"),
        ({"min_amount": -5}, "minimum amount must be a number, zero or more", "montant minimum"),
        ({"min_amount": "beaucoup"}, "(got 'beaucoup')", "reçu 'beaucoup'"),
        ({"own_rhythm": "maybe"}, "own_rhythm must be true or false", "own_rhythm doit valoir vrai ou faux"),
        ({"new_months": 13}, "new ≤ active ≤ client window", "nouveau ≤ actif ≤ fenêtre client"),
        ({"colour": "red"}, "Unknown definition settings: colour", "Paramètres de définition inconnus"),
    ],
)
def test_bad_values_name_the_setting_in_both_languages(definition, english, french):
    with pytest.raises(LifecycleError) as err:
        parse_scenario(_doc(**definition))
    assert english in err.value.message("en") and french in err.value.message("fr")
    assert not any(x in err.value.message("en") for x in INTERNALS)


@pytest.mark.parametrize(
    "data",
    [
        b"{nope",
        b"\xff\xfe\x00garbage",
        b"[" * 100_000 + b"]" * 100_000,  # nested too deep for json
        b'{"definition": {}, "as_of": "31/12/2025"}',
        b'{"definition": {}, "as_of": "2999-01-01"}',
        b'{"definition": {}, "period": "week"}',
        b'{"definition": {}, "lang": "de"}',
        b'{"definition": {}, "read": {"header_row": "3"}}',
        b'{"definition": {}, "read": {"decimal": ";"}}',
        b'{"definition": {}, "read": {"sheet": {"x": 1}}}',
        b'{"definition": {}, "mapping": {"customer": 12}}',
        b'{"definition": {}, "mapping": ["customer"]}',
        b'{"definition": "strict"}',
        b'{"no": "definition"}',
        b"[1, 2, 3]",
        b'"a string"',
    ],
)
def test_hostile_scenario_files_give_one_plain_message(data):
    with pytest.raises(LifecycleError) as err:
        parse_scenario(data)
    for lang in ("en", "fr"):
        assert not any(x in err.value.message(lang) for x in INTERNALS), err.value.message(lang)


def test_a_good_scenario_is_read_whole():
    doc = {
        "definition": {"new_months": 2, "active_months": 5, "client_months": 18, "min_amount": 100},
        "period": "quarter",
        "lang": "fr",
        "as_of": "2025-06-30",
        "read": {"sheet": ["2023", "2024"], "header_row": 3, "dayfirst": True, "decimal": ","},
        "mapping": {"customer": "Réf", "segment": None},
    }
    sc = parse_scenario(json.dumps(doc).encode("utf-8-sig"))
    assert (sc.definition.client_months, sc.definition.min_amount, sc.period, sc.lang) == (18, 100.0, "quarter", "fr")
    assert str(sc.as_of) == "2025-06-30" and sc.read["sheet"] == ["2023", "2024"] and sc.read["header_row"] == 3
    assert sc.mapping == {"customer": "Réf", "segment": None}


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
KEYS = st.sampled_from(
    ["new_months", "active_months", "client_months", "min_amount", "own_rhythm", "rhythm_multiple", "opt_out_lost"]
)


@given(st.dictionaries(KEYS, JSONISH, max_size=7))
def test_any_definition_document_is_valid_or_a_plain_error(values):
    try:
        d = Definition.from_dict(values)
    except LifecycleError as err:
        assert not any(x in err.message("en") for x in INTERNALS)
        return
    assert 1 <= d.new_months <= d.active_months <= d.client_months <= MAX_MONTHS
    assert d.min_amount is None or d.min_amount > 0
    assert 1 <= d.rhythm_multiple <= 10


def test_status_meanings_travel_with_the_scenario():
    doc = {"definition": {}, "statuses": {"Closed won": "purchase", "Perdue": "cancelled"}}
    assert parse_scenario(json.dumps(doc)).statuses == {"Closed won": "purchase", "Perdue": "cancelled"}
    assert parse_scenario(json.dumps({"definition": {}})).statuses == {}
    for bad in ({"Closed won": "bought"}, ["Closed won"], {"x" * 400: "open"}):
        with pytest.raises(LifecycleError, match="statuses"):
            parse_scenario(json.dumps({"definition": {}, "statuses": bad}))


@pytest.mark.parametrize(
    ("doc", "said"),
    [
        ({"definition": {}, "colour": "blue"}, "The scenario has fields this version does not know (“colour”"),
        (
            {"definition": {}, "mapping": {"favourite": "x"}},
            "The scenario's “mapping” cannot be used (got 'favourite')",
        ),
        ({"definition": {}, "read": {"sheet": [str(i) for i in range(1_000)]}}, "The scenario's “read.sheet”"),
    ],
    ids=["unknown-key", "unknown-role", "a-thousand-sheets"],
)
def test_what_a_scenario_cannot_hold_is_refused_whole(doc, said):
    with pytest.raises(LifecycleError) as err:
        parse_scenario(json.dumps(doc))
    assert str(err.value).startswith(said)
    assert "nothing was changed" in str(err.value) and "rien n’a été modifié" in err.value.message("fr")


def test_a_scenario_is_checked_against_the_files_columns_and_first_date():
    import datetime as dt

    from lifecycle.scenario import check_against

    sc = parse_scenario(json.dumps({"definition": {}, "mapping": {"customer": "Réf", "date": "Jour"}}))
    check_against(sc, ["Réf", "Jour", "Montant"], dt.date(2020, 1, 1))
    with pytest.raises(LifecycleError) as err:
        check_against(sc, ["Client", "Jour"], None)
    assert "maps columns this file does not have (“Réf”)" in str(err.value)
    early = parse_scenario(json.dumps({"definition": {}, "as_of": "1900-01-01"}))
    with pytest.raises(LifecycleError) as err:
        check_against(early, [], dt.date(2021, 3, 4))
    assert "as-of date (1900-01-01) comes before this file's first date (2021-03-04)" in str(err.value)
