"""The DuckDB scan (``lifecycle.reading.scan``) against the row-by-row path (``prepare``):
the same ``analyze --json`` document on every file of the test corpus, on Parquet, CSV and
DuckDB sources, and on random tables (hypothesis)."""

import datetime as dt
import json

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifecycle.analysis import Loaded, analyze_loaded, load
from lifecycle.cli import main
from lifecycle.errors import LifecycleError
from lifecycle.reading.scan import NotScannable, open_source, scan, source_from_raw
from tests import corpus
from tests.conftest import csv_bytes, examples

CASES = [(name, i) for name, make in corpus.ALL.items() for i in range(len(make().expected["load_options"]))]


def _options(opts: dict) -> dict:
    return {k: opts.get(k) for k in ("dayfirst", "decimal", "as_of", "today", "meanings")}


def _both(loaded: Loaded, opts: dict) -> tuple[dict, dict]:
    data = scan(source_from_raw(loaded.raw), loaded.mapping, **_options(opts))
    scanned = Loaded(loaded.raw, loaded.mapping, data)
    return analyze_loaded(loaded).to_dict(), analyze_loaded(scanned).to_dict()


@pytest.mark.parametrize(("name", "case"), CASES)
def test_the_scan_gives_the_same_document_as_prepare_on_the_corpus(name, case):
    export = corpus.ALL[name]()
    opts = {**export.expected["load_options"][case], "today": corpus.TODAY}
    loaded = load(export.data, export.name, **opts)
    old, new = _both(loaded, opts)
    assert new == old
    assert new["rows"]["read"] == export.expected["read"]  # and both are the hand-checked figures


def _sales_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Client": ["C1", "C2", "C1", "", "C3", "C2", "Total", "C4", "C1"],
            "Date": [
                "2024-01-05",
                "2024-02-10",
                "2024-03-01",
                "2024-03-02",
                "not a date",
                "2024-05-20",
                "",
                "2024-06-01",
                "2024-06-01",
            ],
            "Montant": ["10.5", "20", "-5", "7", "8", "12.25", "57", "", "30"],
            "Commande": ["A", "B", "C", "D", "E", "F", "", "G", "H"],
        }
    )


def test_a_parquet_file_gives_the_csv_document_and_its_row_report(tmp_path):
    frame = _sales_frame()
    (tmp_path / "ventes.csv").write_text(frame.to_csv(index=False))
    frame.to_parquet(tmp_path / "ventes.parquet")
    old = analyze_loaded(load(tmp_path / "ventes.csv", engine="pandas", today="2026-01-01")).to_dict()
    new = analyze_loaded(load(tmp_path / "ventes.parquet", today="2026-01-01")).to_dict()
    assert new.pop("file") == "ventes.parquet" and old.pop("file") == "ventes.csv"
    assert new == old
    # Hand-checked: 9 rows; «Total» is a total line, a blank customer, «not a date», a blank amount.
    assert new["rows"]["read"] == 9 and new["rows"]["used"] == 5
    assert new["rows"]["reasons"] == {"total_row": 1, "no_customer": 1, "bad_date": 1, "no_amount": 1}
    assert new["customers"] == 2  # C1 and C2 (C1's -5 is a return)


def test_typed_parquet_columns_are_read_without_parsing(tmp_path):
    frame = pd.DataFrame(
        {
            "customer_id": [1, 2, 1, 3],
            "order_date": pd.to_datetime(
                ["2024-01-05 10:00", "2024-02-10 00:00", "2024-03-01 09:30", "2024-03-05 00:00"]
            ),
            "amount": [10.5, 20.0, 30.0, None],
        }
    )
    frame.to_parquet(tmp_path / "t.parquet")
    loaded = load(tmp_path / "t.parquet", today="2026-01-01")
    assert loaded.data.table is not None
    doc = analyze_loaded(loaded).to_dict()
    assert doc["rows"]["read"] == 4 and doc["rows"]["reasons"] == {"no_amount": 1}
    assert doc["dates"] == {"order": "iso", "ambiguous": False}
    assert doc["customers"] == 2 and doc["as_of"] == "2024-03-01"
    rejected = loaded.report.rejected_rows
    assert rejected[["row", "reason", "column"]].values.tolist() == [[5, "no_amount", "amount"]]


def test_a_folder_of_parquet_files_is_one_table_with_each_row_named_by_its_file(tmp_path):
    folder = tmp_path / "ventes"
    folder.mkdir()
    frame = _sales_frame()
    frame.iloc[:5].to_parquet(folder / "2024a.parquet")
    frame.iloc[5:].to_parquet(folder / "2024b.parquet")
    loaded = load(folder, today="2026-01-01")
    report = loaded.report
    assert (report.read, report.used) == (9, 5)
    rejected = report.rejected_rows
    assert rejected[["sheet", "row", "reason"]].values.tolist() == [
        ["2024a.parquet", 5, "no_customer"],
        ["2024a.parquet", 6, "bad_date"],
        ["2024b.parquet", 3, "total_row"],
        ["2024b.parquet", 4, "no_amount"],
    ]
    one = analyze_loaded(load(folder / "2024a.parquet", today="2026-01-01"))
    assert one.report.read == 5
    # A glob is shown from the folder its pattern starts in.
    assert analyze_loaded(load(folder, today="2026-01-01")).to_dict()["file"] == "ventes"
    globbed = analyze_loaded(load(str(folder / "2024*.parquet"), today="2026-01-01")).to_dict()
    assert globbed["file"] == "ventes/2024*.parquet" and globbed["rows"]["read"] == 9
    nested = analyze_loaded(load(str(tmp_path / "*" / "2024b.parquet"), today="2026-01-01")).to_dict()
    assert nested["file"] == f"{tmp_path.name}/*/2024b.parquet" and nested["rows"]["read"] == 4


def test_a_duckdb_table_is_read_where_it_lies(tmp_path):
    frame = _sales_frame()
    frame.to_parquet(tmp_path / "v.parquet")
    db = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(db))
    con.execute(f"CREATE TABLE ventes AS SELECT * FROM '{tmp_path / 'v.parquet'}'")
    con.execute("CREATE TABLE other AS SELECT 1 AS x")
    con.close()
    with pytest.raises(LifecycleError) as caught:
        load(db, today="2026-01-01")
    assert "other, ventes" in caught.value.message("en")
    doc = analyze_loaded(load(db, table="ventes", today="2026-01-01")).to_dict()
    parquet = analyze_loaded(load(tmp_path / "v.parquet", today="2026-01-01")).to_dict()
    assert doc.pop("file") == "shop.duckdb" and parquet.pop("file") == "v.parquet"
    assert doc.pop("sheet") == "ventes" and parquet.pop("sheet") is None
    assert doc == parquet


def test_a_csv_streamed_by_the_scan_gives_prepares_document(tmp_path):
    text = "Client;Date;Montant\n" + "".join(
        f"C{i % 7};{1 + i % 28:02d}/{1 + i % 12:02d}/2024;{i % 50},{i % 10}0 €\n" for i in range(300)
    )
    path = tmp_path / "caisse.csv"
    path.write_text(text, encoding="utf-8")
    old = analyze_loaded(load(path, engine="pandas", today="2026-01-01")).to_dict()
    new_loaded = load(path, engine="duckdb", today="2026-01-01")
    assert new_loaded.data.table is not None
    assert analyze_loaded(new_loaded).to_dict() == old


def test_a_csv_with_blank_lines_goes_to_the_row_by_row_reader(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("client,date,amount\nA,2024-01-01,5\n\nB,2024-02-01,6\n")
    with pytest.raises(NotScannable) as caught:
        open_source(str(path))
    assert caught.value.reason == "csv_lines"
    loaded = load(path, engine="duckdb", today="2026-01-01")  # read all the same, row by row
    assert loaded.data.table is None and loaded.report.blank == 1


@pytest.mark.parametrize("line", ["A,2024-01-01,5,extra", "A,2024-01-01", " "])
def test_a_csv_line_of_another_width_goes_to_the_row_by_row_reader(tmp_path, line):
    path = tmp_path / "x.csv"
    path.write_text(f"client,date,amount\nB,2024-02-01,6\n{line}\nC,2024-03-01,7\n")
    with pytest.raises(NotScannable) as caught:
        open_source(str(path))
    assert caught.value.reason == "csv_shape"
    scanned = load(path, engine="duckdb", today="2026-01-01")
    plain = load(path, engine="pandas", today="2026-01-01")
    assert scanned.data.table is None
    assert analyze_loaded(scanned).to_dict() == analyze_loaded(plain).to_dict()


def test_the_command_line_reads_parquet_and_prints_only_json(tmp_path, capsys):
    _sales_frame().to_parquet(tmp_path / "v.parquet")
    assert main(["analyze", str(tmp_path / "v.parquet"), "--json", "--memory-limit", "500MB"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["rows"]["used"] == 5


# ---------------------------------------------------------------------------- random tables

DATE = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2025, 12, 31))
WRITTEN = st.sampled_from(["iso", "fr", "us", "bad", "blank"])
AMOUNT = st.sampled_from(["12.50", "12,50", "1 234,56", "1,234.56", "-8", "(3.00)", "abc", "", "0", "99"])
CUSTOMER = st.sampled_from(["A", "B", "C", " D ", "", "0", "guest", "Total", "a@x.fr", "E"])
STATUS = st.sampled_from(["paid", "refunded", "voided", "pending", "", "PAID"])
ORDER = st.sampled_from(["", "o1", "o2", "o3", "o4", "o5"])  # lines of one order, some blank fields
EMAIL = st.sampled_from(["", "", "x@a.fr", "y@b.fr", "Z@c.fr"])  # guests keyed by their e-mail


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    rows = []
    for _ in range(n):
        d, how = draw(DATE), draw(WRITTEN)
        written = {
            "iso": d.isoformat(),
            "fr": d.strftime("%d/%m/%Y"),
            "us": d.strftime("%m/%d/%Y"),
            "bad": "31/02/2024",
            "blank": "",
        }[how]
        rows.append([draw(CUSTOMER), written, draw(AMOUNT), draw(STATUS), draw(ORDER), draw(EMAIL)])
    if draw(st.booleans()):
        rows.append(["", "", "", "", "", ""])  # a blank row
    return pd.DataFrame(rows, columns=["Client", "Date", "Montant", "Statut", "Commande", "Email"])


def _document(loaded: Loaded):
    try:
        return analyze_loaded(loaded).to_dict()
    except LifecycleError as exc:
        return ("error", exc.message("en"))


@settings(max_examples=examples(6), deadline=None)
@given(tables(), st.sampled_from([None, True, False]), st.sampled_from([None, ",", "."]))
def test_both_paths_agree_on_random_tables(frame, dayfirst, decimal):
    data = frame.to_csv(index=False).encode()
    try:
        loaded = load(data, "t.csv", dayfirst=dayfirst, decimal=decimal, today="2026-01-01")
    except LifecycleError:
        return  # the file itself is refused (no date column found…): no rows for either path
    old = _document(loaded)
    try:
        data_scan = scan(
            source_from_raw(loaded.raw), loaded.mapping, dayfirst=dayfirst, decimal=decimal, today="2026-01-01"
        )
    except NotScannable:
        return
    except LifecycleError as exc:
        assert old == ("error", exc.message("en"))
        return
    assert _document(Loaded(loaded.raw, loaded.mapping, data_scan)) == old


def test_a_random_table_as_a_csv_file_through_the_stream(tmp_path):
    frame = pd.DataFrame(
        {
            "Client": [f"C{i % 13}" for i in range(500)],
            "Date": [f"{1 + i % 28:02d}/03/2024" for i in range(500)],
            "Montant": [f"{i},5" for i in range(500)],
        }
    )
    path = tmp_path / "t.csv"
    path.write_bytes(frame.to_csv(index=False, sep=";").encode("cp1252"))
    old = analyze_loaded(load(path, engine="pandas", today="2026-01-01")).to_dict()
    new = analyze_loaded(load(path, engine="duckdb", today="2026-01-01")).to_dict()
    assert new == old and new["rows"]["used"] == 500


def test_duckdb_keeps_within_one_and_a_half_gigabytes_unless_told_otherwise(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text(_sales_frame().to_csv(index=False))

    def limit(con) -> str:
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    said = duckdb.connect()
    said.execute("SET memory_limit = '1500MB'")
    one = limit(said)
    said.execute("SET memory_limit = '500MB'")
    half = limit(said)
    assert one != half
    for asked, expected in ((None, one), ("500MB", half)):
        src = open_source(str(path), memory_limit=asked)
        try:
            assert limit(src.con) == expected
        finally:
            src.close()


def test_the_canonical_rows_store_no_column_of_an_unmapped_role(tmp_path):
    """An unmapped role's column is NULL on every row: the rows' table does not store it (at
    10,000,000 rows, 46 MB each), and the view the summary reads still has it."""
    frame = pd.DataFrame(
        {
            "customer_id": ["A", "B", "A"],
            "order_date": ["2024-01-05", "2024-02-10", "2024-03-01"],
            "amount": [1.0, 2, 3],
        }
    )
    frame.to_parquet(tmp_path / "t.parquet")
    loaded = load(tmp_path / "t.parquet", today="2026-01-01")
    con = loaded.data.table.con
    stored = con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'tx__rows'").fetchall()
    assert [c for (c,) in stored] == ["customer", "date", "amount", "purchase", "__i"]
    assert con.execute(
        'SELECT count(*), count("order"), count(segment), count(name), count(email) FROM tx'
    ).fetchone() == (
        3,
        0,
        0,
        0,
        0,
    )
    assert analyze_loaded(loaded).to_dict()["customers"] == 2


def test_the_first_rows_kept_are_read_in_the_files_order_past_rows_set_aside(tmp_path):
    """The key's e-mail test reads the first 20,000 rows kept: here e-mails, after 200 rows
    without a customer among the first 2,000, and before 9,500 rows of plain codes. Both
    paths find the key an e-mail; the last rows would have said codes."""
    rows = []
    for i in range(30_000):
        if i < 2_000 and i % 10 == 0:
            contact = ""
        elif i < 20_500:
            contact = f"user{i % 5_000}@example.com"
        else:
            contact = f"C{i}"
        rows.append((contact, f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", 10 + i % 7))
    (tmp_path / "contacts.csv").write_bytes(csv_bytes(rows, header=("contact", "date", "montant")))
    loaded = load(tmp_path / "contacts.csv", engine="pandas", today="2026-01-01", overrides={"customer": "contact"})
    old, new = _both(loaded, {"today": "2026-01-01"})
    assert new == old
    assert "(identified by e-mail)" in new["understood"]
    assert "14,500 customers" in new["understood"]
    assert new["rows"]["read"] == 30_000 and new["rows"]["reasons"] == {"no_customer": 200}


def test_a_text_cell_of_any_kind_of_space_is_blank_on_both_paths(tmp_path):
    """A vertical tab, a no-break space or an ideographic space alone fill no cell: the row
    they make is blank for the scan as for the row-by-row reader."""
    frame = _sales_frame().astype(str)
    frame.loc[len(frame)] = ["\x0b", " \u3000", "\xa0\t", "\u2028"]
    frame.to_parquet(tmp_path / "v.parquet")
    old = analyze_loaded(load(tmp_path / "v.parquet", engine="pandas", today="2026-01-01")).to_dict()
    scanned = load(tmp_path / "v.parquet", today="2026-01-01")
    assert scanned.data.table is not None  # read by the scan, not sent to the other reader
    new = analyze_loaded(scanned).to_dict()
    assert new == old
    assert new["rows"]["read"] == 9 and new["rows"]["blank"] == 1


def test_the_scan_finds_the_placeholders_the_row_by_row_reader_finds(tmp_path):
    """The scan hands ``placeholder_values`` only the keys that may stand for nobody, with the
    median count of all keys. Keys in capitals, with ideographic spaces around them (longer
    than the longest word), numbers that are no id and a word of 16 characters are still
    found; a code holding a digit is a customer, and so is «ZZZ»: 35 rows and as many
    e-mails, but under ten times the median of 4 rows a key."""
    nobody = ["\u3000\u3000\u3000Client de passage\u3000", "Walk-In Customer", "ANONYMOUS", "-1", "0000", "invité(e)"]
    rows = [
        (f"C{i % 300}", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", 10 + i % 7, f"c{i % 300}@x.fr") for i in range(1_200)
    ]
    rows += [(key, f"2024-03-{1 + j:02d}", 20, None) for key in nobody for j in range(3)]
    rows += [("ZZZ", f"2024-{1 + j % 12:02d}-{1 + j % 28:02d}", 9, f"z{j}@x.fr") for j in range(35)]
    rows += [("G1est", "2024-04-01", 5, None), ("G1est", "2024-05-01", 6, None)]
    frame = pd.DataFrame(rows, columns=["client", "date", "montant", "email"])
    frame.to_parquet(tmp_path / "keys.parquet")
    old = analyze_loaded(load(tmp_path / "keys.parquet", engine="pandas", today="2026-01-01")).to_dict()
    scanned = load(tmp_path / "keys.parquet", today="2026-01-01")
    assert scanned.data.table is not None
    new = analyze_loaded(scanned).to_dict()
    assert new == old
    assert new["rows"]["reasons"] == {"placeholder_customer": 18}
    assert new["customers"] == 302
