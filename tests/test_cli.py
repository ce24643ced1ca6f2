"""python -m lifecycle analyze: readable summary, JSON document, one clear line on bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lifecycle.cli import main
from tests.conftest import csv_bytes

ROWS = [("A", "2025-01-10", "10"), ("A", "2025-11-20", "5"), ("B", "2023-01-05", "7"), ("", "2025-01-01", "1")]


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "achats.csv"
    path.write_bytes(csv_bytes(ROWS))
    return path


def test_json_document(tiny, capsys):
    assert main(["analyze", str(tiny), "--json", "--active-months", "6", "--client-months", "12"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["file"] == "achats.csv" and doc["as_of"] == "2025-11-20"
    assert doc["rows"] == {**doc["rows"], "read": 4, "used": 3, "rejected": 1, "reasons": {"no_customer": 1}}
    assert doc["definition"]["active_months"] == 6 and doc["definition"]["client_months"] == 12
    assert "12 months" in doc["definition"]["text"]
    # A bought on 10 Jan and came back on 20 Nov, more than 6 months later: reactivated.
    assert doc["stages"] == {
        "suspect": 0,
        "prospect": 0,
        "below_minimum": 0,
        "new": 0,
        "reactivated": 1,
        "active": 0,
        "dormant": 0,
        "lost": 1,
    }
    assert doc["clients_total"] == 1
    assert set(doc["kpis"]) >= {
        "activity_rate",
        "retention_rate",
        "repeat_purchase_rate",
        "average_basket",
        "churn_rate",
        "top20_share",
    }
    assert doc["kpi_bases"]["clients"] == 1
    assert set(doc["suggested"]) >= {"available", "active_months", "client_months", "text"}
    first, last = doc["balance"][0], doc["balance"][-1]
    assert first["period_end"] == "2023-01-31" and last["period_end"] == "2025-11-20"
    assert set(first) >= {"period_end", "clients_start", "new", "won_back", "lost", "clients_end", "quick_ratio"}
    assert "reactivated" not in first  # a stage, not a flow of the balance
    assert len(doc["balance"]) == 35  # January 2023 to November 2025
    for row in doc["balance"]:
        assert row["clients_end"] == row["clients_start"] + row["new"] + row["won_back"] - row["lost"]


def test_readable_summary_in_french(tiny, capsys):
    assert main(["analyze", str(tiny), "--lang", "fr", "--period", "year"]) == 0
    out = capsys.readouterr().out
    assert "Nombre total de clients\u202f: 1" in out
    assert "identifiant client manquant\u202f: 1" in out
    assert "Bilan du portefeuille (par année)" in out
    assert "20/11/2025" in out


def test_rejected_rows_csv(tiny, tmp_path, capsys):
    out = tmp_path / "rejets.csv"
    assert main(["analyze", str(tiny), "--rejected-csv", str(out)]) == 0
    assert out.read_text().splitlines() == ["row,reason,column,value", "5,no customer id,client,"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--active-months", "30"], "new ≤ active ≤ client window"),
        (["--customer", "Ref"], "There is no column “Ref”"),
        (["--as-of", "31/12/2025x"], "is not a date"),
        (["--sheet", "Ventes"], None),  # a CSV has no sheets: the option is ignored
    ],
    ids=["thresholds", "unknown-column", "bad-as-of", "sheet-on-csv"],
)
def test_bad_options(tiny, capsys, args, message):
    code = main(["analyze", str(tiny), *args])
    err = capsys.readouterr().err
    if message is None:
        assert code == 0
    else:
        assert code == 2 and message in err and err.count("\n") == 1


def test_missing_file_exit_2(capsys):
    assert main(["analyze", "nope.xlsx"]) == 2
    assert capsys.readouterr().err == "error: File not found: nope.xlsx\n"


def test_french_error(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_bytes(csv_bytes([("A", "2025-01-01", "1")]))
    assert main(["analyze", str(path), "--lang", "fr", "--new-months", "13"]) == 2
    assert "Les seuils doivent respecter" in capsys.readouterr().err


def test_definition_file(tiny, tmp_path, capsys):
    d = tmp_path / "def.json"
    d.write_text('{"new_months": 1, "active_months": 2, "client_months": 3}')
    assert main(["analyze", str(tiny), "--definition", str(d), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["definition"]["client_months"] == 3


def test_module_entry_point_never_prints_a_traceback(tmp_path):
    bad = tmp_path / "ventes.xlsx"
    bad.write_bytes(b"this is not a workbook")
    proc = subprocess.run([sys.executable, "-m", "lifecycle", "analyze", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ventes.xlsx: the content is not a workbook")


def test_one_sheet_per_year_and_an_email_key_on_the_command_line(tmp_path, capsys):
    from tests.corpus import ALL

    years = ALL["ventes_par_annee.xlsx"]()
    book = tmp_path / years.name
    book.write_bytes(years.data)
    docs = []
    for options in (["--sheet", "2022", "--sheet", "2023", "--sheet", "2024"], ["--all-sheets"]):
        assert main(["analyze", str(book), "--json", *options]) == 0
        docs.append(json.loads(capsys.readouterr().out))
    for doc in docs:
        assert doc["sheet"] == "2022 + 2023 + 2024"
        assert (doc["rows"]["read"], doc["rows"]["used"]) == (years.expected["read"], years.expected["used"])
    assert docs[0]["stages"] == docs[1]["stages"]
    rejected = tmp_path / "rejected.csv"
    assert main(["analyze", str(book), "--all-sheets", "--rejected-csv", str(rejected)]) == 0
    capsys.readouterr()
    assert rejected.read_text(encoding="utf-8").splitlines()[:2] == [
        "sheet,row,reason,column,value",
        "2023,12,unreadable date,Date,31/02/2023",
    ]
    shop = ALL["orders.csv"]()
    orders = tmp_path / shop.name
    orders.write_bytes(shop.data)
    assert main(["analyze", str(orders), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["mapping"]["customer"] == "Email"
    assert any("the e-mail in column “Email” identifies the customer" in w for w in doc["rows"]["warnings"])


def test_messages_on_the_command_line_speak_the_chosen_language(tmp_path):
    page = tmp_path / "export.xls"
    page.write_bytes(b"<html><table><tr><td>x</td></tr></table></html>")
    proc = subprocess.run(
        [sys.executable, "-m", "lifecycle", "analyze", str(page), "--lang", "fr"], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("erreur\u202f: export.xls\u202f: c’est une page web (HTML)")


DEALS = [
    ("Acme", "2025-03-10", "2025-01-05", "1000", "Closed won"),
    ("Bolt", "2025-02-01", "2024-12-01", "500", "Closed lost"),
    ("Cara", "2025-01-20", "2024-11-02", "800", "Contract sent"),
]
DEAL_HEADER = ("Account", "Close Date", "Create Date", "Amount", "Stage")


def test_status_meanings_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "deals.csv"
    path.write_bytes(csv_bytes(DEALS, DEAL_HEADER, sep=","))
    assert main(["analyze", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["clients_total"], doc["stages"]["prospect"]) == (1, 2)
    assert {s["value"]: s["meaning"] for s in doc["statuses"]} == {
        "Closed won": "purchase",
        "Closed lost": "cancelled",
        "Contract sent": "open",
    }
    argv = ["analyze", str(path), "--json", "--status-meaning", "Contract sent=purchase", "--status", "Stage"]
    assert main(argv) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["clients_total"], doc["stages"]["prospect"]) == (2, 1)
    assert doc["rows"]["by_meaning"] == {"purchase": 2, "return": 0, "cancelled": 1, "open": 0}
    assert main(["analyze", str(path), "--lang", "fr"]) == 0
    text = capsys.readouterr().out
    assert "3 lignes de 3 fiches (identifiées par «\u202fAccount\u202f»)" in text
    assert "«\u202fClosed lost\u202f» → annulé (1 ligne\u202f; libellé reconnu)" in text


def test_a_bad_status_meaning_is_one_line(tmp_path, capsys):
    path = tmp_path / "deals.csv"
    path.write_bytes(csv_bytes(DEALS, DEAL_HEADER, sep=","))
    assert main(["analyze", str(path), "--status-meaning", "Closed won=sold"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "“Closed won=sold” is not VALUE=MEANING" in err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["value", "--horizon", "-5"], "The value model's horizon cannot be -5: it takes 1 – 120."),
        (["value", "--discount", "nan"], "The value model's discount cannot be nan: it takes 0 – 0.99."),
        (["value", "--margin", "0"], "The value model's margin cannot be 0.0: it takes 0.01 – 1."),
        (
            ["value", "--calibration-end", "0001-01-01"],
            "--calibration-end 0001-01-01 must fall inside the file's period",
        ),
        (["value", "--calibration-end", "soon"], "--calibration-end soon: not a date"),
        (["export", "--chart", "balance", "--start", "2030-01-01"], "--start 2030-01-01 is outside the file's period"),
        (
            ["export", "--chart", "balance", "--start", "2024-01-01", "--end", "2023-01-01"],
            "--start (2024-01-01) must come before --end (2023-01-01).",
        ),
        (["export", "--chart", "transitions", "--end", "1999-12-31"], "--end 1999-12-31 is outside the file's period"),
    ],
    ids=["horizon", "discount", "margin", "calibration-early", "calibration-word", "start-late", "order", "end-early"],
)
def test_command_line_values_are_checked_like_the_pages_fields(args, said, tmp_path, capsys):
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "factures_b2b.csv"
    command, *options = args
    out = ["--out", str(tmp_path / "x.png")] if command == "export" else []
    assert main([command, str(sample), *options, *out]) == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_a_binary_file_given_as_the_definition_is_named(tmp_path, capsys):
    path = tmp_path / "def.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x9a\xff" * 20)
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "factures_b2b.csv"
    assert main(["analyze", str(sample), "--definition", str(path)]) == 2
    assert f"{path} is not a definition: a definition is a short JSON text in UTF-8" in capsys.readouterr().err


def test_the_options_are_the_definitions_rules_and_the_mappings_roles():
    from dataclasses import fields

    from lifecycle import Definition, Mapping
    from lifecycle.cli import build_parser

    args = vars(build_parser().parse_args(["analyze", "x.csv"]))
    assert {f.name: args[f.name] for f in fields(Definition)} == {f.name: f.default for f in fields(Definition)}
    assert {f"col_{f.name}" for f in fields(Mapping)} <= set(args)


def test_value_names_the_one_chance_of_stopping_when_every_buyer_shares_it(capsys):
    # The CRM sample's buyers all have the same chance of stopping after a purchase: the model
    # has p in place of a and b, and the summary says so instead of failing on a and b.
    from pathlib import Path

    from lifecycle.cli import main

    crm = Path(__file__).resolve().parents[1] / "sample_data" / "opportunites_crm.csv"
    assert main(["value", str(crm)]) == 0
    out = capsys.readouterr().out
    assert "the same chance of stopping after a purchase for every buyer 33.8%" in out
    # Each heading of the stage table stands apart from the next, however long it is.
    assert "  Stage    Buyers  P(still buying)  Likely buying  Purchases" in out


def test_analyze_json_writes_the_document_alone_and_its_progress_on_standard_error(tmp_path):
    # 300,000 orders of 40,000 customers, long enough for DuckDB to be asked how far it has gone.
    import duckdb

    path = tmp_path / "orders.parquet"
    duckdb.connect().execute(
        f"""COPY (SELECT 'C' || (i % 40000) AS "Customer ID",
                         DATE '2022-01-01' + CAST(i * 7 % 1200 AS INTEGER) AS "Order Date",
                         5 + i % 200 AS "Amount", 'O' || i AS "Order ID"
                  FROM range(300000) t(i)) TO '{path}'"""
    )
    proc = subprocess.run(
        [sys.executable, "-m", "lifecycle", "analyze", str(path), "--json", "--progress"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)  # the whole of standard output
    assert (doc["rows"]["read"], doc["customers"]) == (300_000, 40_000)
    lines = proc.stderr.splitlines()  # not a terminal: plain lines, each step's first, then each 10 %
    for step in (
        "Reading the file",
        "Checking the rows",
        "Grouping purchases by customer",
        "Computing the portfolio balance",
    ):
        assert any(line.startswith(f"{step} (") for line in lines), (step, lines)
        assert any(line.startswith(f"{step} 100% (") for line in lines), (step, lines)
    assert "\r" not in proc.stderr


def test_progress_is_silent_off_a_terminal_unless_asked(tiny, capsys):
    assert main(["analyze", str(tiny), "--json"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["analyze", str(tiny), "--progress", "--lang", "fr"]) == 0
    err = capsys.readouterr().err
    assert "Lecture du fichier 100\u202f% (" in err and "Regroupement des achats par fiche 100\u202f% (" in err
    assert main(["analyze", str(tiny), "--no-progress"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("factures_b2b.csv", ["--lang", "fr", "--period", "quarter", "--active-months", "6"]),
        ("opportunites_crm.csv", ["--own-rhythm", "--opt-out-lost"]),
        ("clients_crm.csv", ["--currency", "USD"]),  # one row per customer: no history
        ("orders_export_1.csv", ["--min-amount", "50"]),  # Shopify, from the corpus
    ],
)
def test_a_saved_summary_prints_the_same_document_as_its_file(tmp_path, capsys, sample_dir, name, options):
    from tests.corpus import ALL

    path = sample_dir / name
    if not path.exists():
        path = tmp_path / name
        path.write_bytes(ALL[name]().data)
    saved = tmp_path / "resume.parquet"
    assert main(["analyze", str(path), "--json", "--save-summary", str(saved), *options]) == 0
    out = capsys.readouterr()
    original = json.loads(out.out)
    if "fr" in options:
        assert out.err.startswith(f"Résumé enregistré\u202f: {saved} (")
    else:
        n = original["customers"]
        assert out.err == f"Summary saved: {saved} ({saved.stat().st_size:,} bytes, {n:,} customers)\n"
    assert main(["analyze", str(saved), "--json", *options]) == 0
    assert json.loads(capsys.readouterr().out) == original
    assert original["file"] == name  # the document speaks of the file summarised


def test_the_saved_summary_carries_its_contacts_list(tmp_path, capsys, sample_dir):
    # The contacts list joined when it was saved is in the summary; joined again, it adds nobody twice.
    saved, contacts = tmp_path / "b2b.parquet", str(sample_dir / "contacts_boutique.csv")
    argv = ["--json", "--contacts", contacts]
    assert main(["analyze", str(sample_dir / "factures_b2b.csv"), *argv, "--save-summary", str(saved)]) == 0
    original = json.loads(capsys.readouterr().out)
    assert original["stages"]["suspect"] > 0  # the list's people who never bought
    assert main(["analyze", str(saved), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == original
    assert main(["analyze", str(saved), *argv]) == 0
    assert json.loads(capsys.readouterr().out) == original


def test_a_saved_summary_refuses_what_would_read_the_file_again(tmp_path, capsys, sample_dir):
    saved = tmp_path / "b2b.parquet"
    assert main(["analyze", str(sample_dir / "factures_b2b.csv"), "--save-summary", str(saved)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(saved), "--dayfirst", "--customer", "Code client", "--sheet", "1"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "error: b2b.parquet is a saved summary, which cannot take these options: --sheet, --dayfirst, "
        "--customer. They say how to read the original file (its sheets, columns, dates, numbers or "
        "statuses), which the summary does not hold. Leave them out, or analyse the original file with them.\n"
    )
    assert main(["analyze", str(saved), "--lang", "fr", "--status-meaning", "Payée=achat"]) == 2
    assert capsys.readouterr().err.startswith(
        "erreur\u202f: b2b.parquet est un résumé enregistré, qui ne peut pas prendre ces options\u202f: --status-meaning."
    )
    assert main(["analyze", str(saved), "--as-of", "2025-06-30", "--lang", "fr"]) == 2
    assert capsys.readouterr().err == (
        "erreur\u202f: b2b.parquet résume factures_b2b.csv à la date du 31/12/2025\u202f: il ne peut pas être vu à "
        "la date du 30/06/2025. Laissez la date d’observation vide, ou analysez le fichier d’origine à cette date.\n"
    )
    path = str(sample_dir / "factures_b2b.csv")
    assert main(["analyze", path, "--contacts", str(saved)]) == 2  # a summary is no contacts list
    assert capsys.readouterr().err.startswith("error: b2b.parquet is a saved summary of customers, not a contacts list")
    assert main(["analyze", str(saved), "--as-of", "2025-12-31"]) == 0  # its own date
    text = capsys.readouterr().out
    assert text.splitlines()[:2] == [
        "lifecycle — factures_b2b.csv (header row 1)",
        "Opened from the saved summary b2b.parquet",
    ]


def test_the_value_model_on_a_saved_summary(tmp_path, capsys, sample_dir):
    path, saved = sample_dir / "factures_b2b.csv", tmp_path / "b2b.parquet"
    argv = ["--json", "--horizon", "24", "--calibration-end", "2024-12-31"]
    assert main(["value", str(path), "--save-summary", str(saved), *argv]) == 0
    original = json.loads(capsys.readouterr().out)
    assert main(["value", str(saved), *argv]) == 0
    assert json.loads(capsys.readouterr().out) == original


def test_the_model_check_counts_purchases_and_dates_them_in_french(capsys, sample_dir):
    # The check compares purchases predicted with purchases made: counts, never money.
    path = str(sample_dir / "factures_b2b.csv")
    assert main(["value", path, "--calibration-end", "2024-12-31", "--json"]) == 0
    cal = json.loads(capsys.readouterr().out)["calibration"]
    assert main(["value", path, "--calibration-end", "2024-12-31", "--lang", "fr"]) == 0
    line = capsys.readouterr().out.splitlines()[-1]
    n = "\u202f"  # French groups digits and sets off « : », « ; » and « % » with a narrow space
    predicted = f"{round(cal['total_predicted']):,}".replace(",", n)
    actual = f"{round(cal['total_actual']):,}".replace(",", n)
    error = f"{cal['error'] * 100:.1f}".replace(".", ",")
    assert line == (
        f"Contrôle du modèle{n}: appris jusqu’au 31/12/2024{n}; sur les 12 mois suivants, "
        f"{predicted} achats prévus, {actual} réalisés ({error}{n}%)"
    )
