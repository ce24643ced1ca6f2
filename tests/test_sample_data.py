"""The bundled samples: each one loads, and the row report finds exactly the mess planted in it."""

import pytest

from lifecycle import analyze, load
from tests.conftest import analyze_file


def test_retail_workbook(sample_dir):
    a = analyze_file(sample_dir / "ventes_boutique.xlsx", contacts=sample_dir / "contacts_boutique.csv")
    raw, rep = a.loaded.raw, a.report
    assert raw.sheet == "Ventes" and raw.header_row == 3  # not «Lisez-moi», not the hidden «Calculs»
    assert [s.name for s in raw.sheets if not s.visible] == ["Calculs"]
    # 4 impossible dates, 3 unreadable amounts, and the «Total» row without a date. The 9 rows
    # without a customer id are kept: 6 lines of an order whose other lines name its customer,
    # 3 keyed by their e-mail (2 to the customer who has that e-mail).
    assert rep.reasons == {"bad_date": 4, "bad_amount": 3, "total_row": 1}
    notes = {w.code: w for w in rep.warnings}
    assert (notes["keyed_by_email"].count, notes["keyed_by_email"].fields["matched"]) == (3, 2)
    assert rep.read == rep.used + rep.rejected and rep.blank == 1
    assert {w.code for w in rep.warnings} >= {"exact_duplicates", "returns"}
    # Rows identical in every cell, as pandas counts them on the sheet read as text.
    assert {w.code: w.count for w in rep.warnings}["exact_duplicates"] == 7
    assert a.loaded.mapping.segment == "Canal"
    ids = a.summary.customers["customer"]
    assert ids.str.fullmatch(r"\d{7}").sum() == len(ids) - 1  # leading zeros kept
    assert ids.str.contains("@").sum() == 1  # one customer known by their e-mail only
    assert str(a.summary.as_of.date()) == "2025-12-31"
    counts = a.stages.counts
    assert counts["prospect"] > 0 and counts["suspect"] > 0
    assert (
        sum(counts[s] for s in ("new", "reactivated", "active", "dormant", "lost"))
        == a.summary.n_customers - a.stages.unclassified
    )


def test_b2b_csv(sample_dir):
    loaded = load(sample_dir / "factures_b2b.csv")
    assert (loaded.raw.encoding, loaded.raw.separator) == ("cp1252", ";")
    assert loaded.mapping.segment == "Marché"
    assert set(loaded.data.frame["segment"]) == {"Grands comptes", "Petites entreprises"}
    assert loaded.report.reasons == {"total_row": 1}  # the TOTAL line
    assert loaded.data.frame["amount"].max() > 1000  # «12 345,67» read as thousands


def test_crm_export_is_one_row_per_customer(sample_dir):
    a = analyze_file(sample_dir / "clients_crm.csv")
    assert a.summary.shape == "customers" and not a.summary.has_history
    assert a.report.used == 1500


@pytest.mark.parametrize(
    "name", ["ventes_boutique.xlsx", "factures_b2b.csv", "contacts_boutique.csv", "clients_crm.csv"]
)
def test_samples_are_small(sample_dir, name):
    assert (sample_dir / name).stat().st_size < 5_000_000


def test_crm_opportunities_by_a_plain_reading(sample_dir):
    """Read with the csv module alone: won opportunities are purchases on their close date,
    the others contacts on their creation date; the stages follow the rules read plainly."""
    import csv
    import datetime as dt

    from tests.reading.test_platforms import plain_stages

    path = sample_dir / "opportunites_crm.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))

    def day(text):
        return dt.datetime.strptime(text, "%d/%m/%Y").date()

    won = [(r["Société"], day(r["Date de clôture"])) for r in rows if r["Étape"] == "Gagnée"]
    as_of = max(d for _, d in won)
    contacts = {(r["Société"], day(r["Date de création"])) for r in rows if r["Étape"] != "Gagnée"}
    truth = {
        "as_of": as_of.isoformat(),
        "occasions": [(c, d.isoformat(), 1.0, True) for c, d in won if d <= as_of],
        "contacts": [(c, d.isoformat()) for c, d in contacts if d <= as_of],
    }
    a = analyze(path)
    assert a.loaded.mapping.status == "Étape" and a.loaded.mapping.segment == "Secteur"
    assert a.summary.as_of.date() == as_of
    assert a.stages.counts == plain_stages(truth)
    assert a.report.read == len(rows)
