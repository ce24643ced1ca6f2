"""Realistic export shapes (``tests/corpus.py``) through ``lifecycle.load``: mapping, row report,
customers, ids and parsed values, against expectations written by hand for each file.

Generic tests run once per shape and load option (``<file>`` or ``<file>-<option>`` in the
test id); the tests after them check what is particular to one shape.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

from lifecycle import load, read_table, summarise
from tests.corpus import ALL, TODAY, write

EXPORTS = {name: make() for name, make in ALL.items()}
REPORT_FIELDS = ("read", "used", "rejected", "after_as_of", "blank", "reasons")


def _cases(needs: str | None = None) -> list:
    out = []
    for name, export in EXPORTS.items():
        variants = export.expected["load_options"]
        if needs is not None and not export.expected.get(needs):
            continue
        for i, options in enumerate(variants):
            label = name if len(variants) == 1 else f"{name}-{'+'.join(options)}"
            out.append(pytest.param(name, i, id=label))
    return out


@cache
def _load(name: str, variant: int = 0):
    export = EXPORTS[name]
    return load(export.data, export.name, today=TODAY, **export.expected["load_options"][variant])


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return [{c: int(v) if c == "row" else str(v) for c, v in rec.items()} for rec in frame[columns].to_dict("records")]


# --- the corpus itself ---------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ALL))
def test_export_is_deterministic_small_and_named(name):
    first, again = ALL[name](), ALL[name]()
    assert first.data == again.data
    assert first.expected == again.expected
    assert first.name == name
    assert 30 <= first.expected["read"] <= 300


def test_write_puts_each_file_in_a_folder(tmp_path):
    folder = tmp_path / "exports"
    for name, export in EXPORTS.items():
        path = write(export, folder)
        assert path == folder / name
        assert path.read_bytes() == export.data


# --- every shape: what load gives ----------------------------------------------------------


@pytest.mark.parametrize(("name", "variant"), _cases())
def test_mapping(name, variant):
    expected = EXPORTS[name].expected["mapping"]
    mapping = _load(name, variant).mapping
    assert {role: getattr(mapping, role) for role in expected} == expected


@pytest.mark.parametrize(("name", "variant"), _cases())
def test_row_report(name, variant):
    expected = EXPORTS[name].expected
    report = _load(name, variant).report
    got = {k: getattr(report, k) for k in REPORT_FIELDS}
    assert got == {k: expected[k] for k in REPORT_FIELDS}
    assert report.read == report.used + report.rejected + report.after_as_of


@pytest.mark.parametrize(("name", "variant"), _cases())
def test_rejected_rows(name, variant):
    expected = EXPORTS[name].expected["rejected_rows"]
    rows = _load(name, variant).report.rejected_rows
    if any("sheet" in r for r in expected):  # several sheets read as one table
        assert "sheet" in rows.columns, "the rejected rows must name their sheet"
    columns = list(expected[0]) if expected else ["row", "reason", "column", "value"]
    assert _records(rows, columns) == expected


@pytest.mark.parametrize(("name", "variant"), _cases())
def test_customers_and_their_keys(name, variant):
    expected = EXPORTS[name].expected
    customers = _load(name, variant).data.frame["customer"]
    assert customers.nunique() == expected["customers"]
    assert sorted(customers.unique()) == expected["ids"]


@pytest.mark.parametrize(("name", "variant"), _cases())
def test_sampled_amounts_and_dates(name, variant):
    frame = _load(name, variant).data.frame
    expected, got = {}, {}
    for customer, day, amount in EXPORTS[name].expected["samples"]:
        rows = frame[(frame["customer"] == customer) & (frame["date"] == pd.Timestamp(day))]
        expected[customer, day] = amount
        got[customer, day] = round(float(rows["amount"].sum()), 2) if len(rows) else None
    assert got == pytest.approx(expected)


@pytest.mark.parametrize(("name", "variant"), _cases(needs="raw"))
def test_raw_table(name, variant):
    expected = EXPORTS[name].expected["raw"]
    raw = _load(name, variant).raw
    assert {k: getattr(raw, k) for k in expected} == expected


# --- 1. e-shop orders keyed by e-mail ------------------------------------------------------


def test_orders_file_spells_some_emails_several_ways():
    """The corpus itself: 15 spellings in the file, 12 e-mails once trimmed and lower-cased."""
    export = EXPORTS["orders.csv"]
    emails = read_table(export.data, export.name).frame["Email"].dropna()
    assert emails.nunique() == export.expected["email_spellings"]
    assert sorted(emails.str.strip().str.lower().unique()) == export.expected["ids"]


def test_orders_timestamps_with_utc_offset_keep_their_day():
    """Mapping given by hand: only the ``2024-03-05 14:22:10 +0100`` timestamps are at stake."""
    export = EXPORTS["orders.csv"]
    mapping = {"customer": "Email", "date": "Created at", "amount": "Total"}
    loaded = load(export.data, export.name, mapping=mapping, today=TODAY)
    assert (loaded.report.read, loaded.report.used, loaded.report.reasons) == (40, 38, {"no_customer": 2})
    frame = loaded.data.frame
    by_day = {day: amount for _, day, amount in export.expected["samples"]}
    got = {day: round(float(frame.loc[frame["date"] == pd.Timestamp(day), "amount"].sum()), 2) for day in by_day}
    assert got == pytest.approx(by_day)
    assert frame["date"].min() >= pd.Timestamp("2023-01-02")
    assert frame["date"].max() <= pd.Timestamp("2025-11-30")


# --- 2. French accounting invoice lines ----------------------------------------------------


def test_ledger_amounts_add_up_to_the_total_line():
    export = EXPORTS["grand_livre_ventes.xlsx"]
    raw = read_table(export.data, export.name)
    last = raw.frame.iloc[-1]
    assert last["Code client"] == "Total" and pd.isna(last["Date pièce"])
    assert float(last["Montant HT"]) == pytest.approx(export.expected["amount_total"])
    frame = _load("grand_livre_ventes.xlsx").data.frame
    assert frame["amount"].sum() == pytest.approx(export.expected["amount_total"])


def test_ledger_final_credit_note_never_moves_the_as_of_date():
    export = EXPORTS["grand_livre_ventes.xlsx"]
    loaded = load(export.data, export.name, today=TODAY)
    expected = export.expected["default_as_of"]
    assert loaded.data.as_of == pd.Timestamp(expected["as_of"])
    assert (loaded.report.used, loaded.report.after_as_of) == (expected["used"], expected["after_as_of"])


def test_ledger_pieces_and_credit_notes():
    frame = _load("grand_livre_ventes.xlsx").data.frame
    export = EXPORTS["grand_livre_ventes.xlsx"]
    assert frame["order"].nunique() == export.expected["orders"]
    credit = frame[frame["order"].str.startswith("AV")]
    assert len(credit) == 4 and (credit["amount"] < 0).all()
    assert credit["order"].nunique() == 3


# --- 3. CRM deals --------------------------------------------------------------------------


def test_deals_won_are_purchases_lost_and_open_are_contacts():
    export = EXPORTS["deals.csv"]
    loaded = _load("deals.csv")
    stage_by_row = dict(zip(loaded.raw.row_numbers, loaded.raw.frame["Stage"]))
    used = pd.Series([stage_by_row[r] for r in loaded.data.frame["row"]]).value_counts().to_dict()
    assert used == {"Closed Won": export.expected["stages"]["Closed Won"]}
    assert loaded.report.meanings["purchase"] == 24
    assert loaded.report.meanings["cancelled"] + loaded.report.meanings["open"] == loaded.report.used - 24
    assert loaded.report.date_parse.order == "monthfirst"
    summary = summarise(loaded.data)
    assert sorted(summary.contacts["customer"]) == export.expected["prospects"]


# --- 4. one sheet per year -----------------------------------------------------------------


def test_one_year_sheet_alone():
    export = EXPORTS["ventes_par_annee.xlsx"]
    expected = export.expected["sheet_2023"]
    loaded = load(export.data, export.name, sheet="2023", today=TODAY)
    report = loaded.report
    got = {k: getattr(report, k) for k in ("read", "used", "rejected", "reasons")}
    assert got == {k: expected[k] for k in ("read", "used", "rejected", "reasons")}
    assert _records(report.rejected_rows, ["row", "reason", "column", "value"]) == expected["rejected_rows"]
    assert loaded.data.frame["customer"].nunique() == expected["customers"]


def test_sheet_list_and_all_sheets_give_the_same_table():
    columns = ["customer", "date", "amount", "row"]
    by_list, every = _load("ventes_par_annee.xlsx", 0).data.frame, _load("ventes_par_annee.xlsx", 1).data.frame
    pd.testing.assert_frame_equal(by_list[columns], every[columns])


# --- 5. French Excel CSV -------------------------------------------------------------------


def test_till_dates_are_day_first_and_decimals_commas():
    report = _load("export_caisse.csv").report
    assert report.date_parse.order == "dayfirst"
    assert report.number_parse.decimal == ","


# --- 6. loyalty cards ----------------------------------------------------------------------


def test_loyalty_card_numbers_keep_every_digit_when_mapped_by_hand():
    """Reading alone: the 20-digit text cells come back whole (the mapping is given)."""
    export = EXPORTS["fidelite.xlsx"]
    loaded = load(export.data, export.name, overrides={"customer": "N° carte fidélité"}, today=TODAY)
    ids = sorted(loaded.data.frame["customer"].unique())
    assert ids == export.expected["ids"]
    assert all(len(i) == 20 and i.isdigit() for i in ids)
