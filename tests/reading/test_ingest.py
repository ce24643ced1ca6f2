"""Reading each input format, with sheets, title rows and encodings, and exact row numbers."""

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import LifecycleError, list_sheets, load, read_table
from lifecycle.reading.ingest import OLE2_SIGNATURE, sheets_like

ROOT = Path(__file__).resolve().parents[2]


def _xlsx(sheets: dict, hidden=()) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


RETAIL = [
    ["Export des ventes 2024"],
    [],
    ["N° client", "Date de commande", "Montant TTC"],
    ["00123", dt.datetime(2024, 1, 5), 12.5],
    ["00124", "05/02/2024", "1 234,56 €"],
    [None, None, None],
    ["125", 45300, 3],
]


def test_xlsx_title_rows_header_detection_and_row_numbers():
    raw = read_table(_xlsx({"Ventes": RETAIL}), "v.xlsx")
    assert raw.header_row == 3
    assert list(raw.frame.columns) == ["N° client", "Date de commande", "Montant TTC"]
    assert raw.row_numbers.tolist() == [4, 5, 6, 7]
    assert raw.frame["N° client"].iloc[0] == "00123"  # leading zeros kept


def test_xlsx_values_through_the_whole_load():
    loaded = load(_xlsx({"Ventes": RETAIL}), "v.xlsx", today="2026-01-01")
    f = loaded.data.frame
    assert f["customer"].tolist() == ["00123", "00124", "125"]
    assert [str(d.date()) for d in f["date"]] == ["2024-01-05", "2024-02-05", "2024-01-09"]
    assert f["amount"].tolist() == pytest.approx([12.5, 1234.56, 3.0])
    assert f["row"].tolist() == [4, 5, 7]
    assert loaded.report.blank == 1 and loaded.report.read == 3


def test_sheet_choice_skips_hidden_and_small_sheets():
    data = _xlsx(
        {"Lisez-moi": [["Notes"], ["Une ligne"]], "Ventes": RETAIL, "Brouillon": RETAIL * 3},
        hidden=("Brouillon",),
    )
    sheets = {s.name: s for s in list_sheets(data, "v.xlsx")}
    assert not sheets["Brouillon"].visible and sheets["Ventes"].visible
    assert read_table(data, "v.xlsx").sheet == "Ventes"
    assert read_table(data, "v.xlsx", include_hidden=True).sheet == "Brouillon"
    assert read_table(data, "v.xlsx", sheet="Lisez-moi").sheet == "Lisez-moi"
    assert read_table(data, "v.xlsx", sheet=1).sheet == "Ventes"


def test_each_sheet_is_parsed_once_and_a_named_smaller_one_is_read_whole(monkeypatch):
    import fastexcel

    data = _xlsx({"Lisez-moi": [["Notes"], ["Une ligne"]], "Ventes": RETAIL, "Calculs": [["x", 1]]})
    parsed = []
    load_sheet = fastexcel.ExcelReader.load_sheet

    def counted(self, name, *args, **kwargs):
        parsed.append(name)
        return load_sheet(self, name, *args, **kwargs)

    monkeypatch.setattr(fastexcel.ExcelReader, "load_sheet", counted)
    raw = read_table(data, "v.xlsx")
    assert parsed == ["Lisez-moi", "Ventes", "Calculs"]  # listed, and the largest read from its listing
    assert raw.sheet == "Ventes" and raw.frame["N° client"].dropna().tolist() == ["00123", "00124", "125"]
    parsed.clear()
    notes = read_table(data, "v.xlsx", sheet="Lisez-moi")
    assert parsed == ["Lisez-moi", "Ventes", "Calculs", "Lisez-moi"]
    assert list(notes.frame.columns) == ["Notes"] and notes.frame["Notes"].tolist() == ["Une ligne"]


def test_unknown_sheet_names_the_sheets():
    with pytest.raises(LifecycleError, match="Lisez-moi, Ventes") as err:
        read_table(_xlsx({"Lisez-moi": [["x"]], "Ventes": RETAIL}), "v.xlsx", sheet="Sales")
    assert "feuille" in err.value.message("fr")


def test_explicit_header_row():
    raw = read_table(_xlsx({"Ventes": RETAIL}), "v.xlsx", header_row=3)
    assert raw.header_row == 3 and raw.row_numbers.iloc[0] == 4


def test_xls_legacy_format():
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Feuil1")
    for r, row in enumerate([["Code client", "Date facture", "Montant"], ["007", "15/03/2024", "10,5"]]):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    loaded = load(buf.getvalue(), "old.xls", today="2026-01-01")
    assert loaded.data.frame[["customer", "amount"]].values.tolist() == [["007", 10.5]]


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", "\t"), ("cp1252", "|")],
    ids=["utf8-comma", "bom-semicolon", "cp1252-semicolon", "utf8-tab", "cp1252-pipe"],
)
def test_csv_encodings_and_separators(encoding, sep):
    text = sep.join(["Référence client", "Date d'achat", "Montant"]) + "\r\n"
    text += sep.join(["é001", "05/01/2024", "12"]) + "\r\n"
    raw = read_table(text.encode(encoding), "x.csv")
    assert raw.separator == sep
    assert raw.frame.columns[0] == "Référence client"
    assert raw.frame.iloc[0, 0] == "é001"


def test_csv_sep_line_offsets_row_numbers():
    data = b"sep=;\nclient;date;montant\nA;2024-01-01;1\n;2024-01-02;2\n"
    loaded = load(data, "x.csv", today="2026-01-01")
    assert loaded.raw.header_row == 2
    assert loaded.report.rejected_rows["row"].tolist() == [4]


def test_csv_ragged_lines_are_padded():
    data = b"client;date;montant\nA;2024-01-01;1\nB;2024-01-02\nC;2024-01-03;3;extra\n"
    loaded = load(data, "x.csv", today="2026-01-01")
    assert loaded.report.read == 3
    assert loaded.report.reasons == {"no_amount": 1}


def test_parquet(tmp_path):
    frame = pd.DataFrame(
        {"CustomerID": ["A", "B"], "InvoiceDate": pd.to_datetime(["2024-01-01", "2024-02-01"]), "Amount": [1.5, 2.0]}
    )
    path = tmp_path / "x.parquet"
    frame.to_parquet(path)
    loaded = load(path, today="2026-01-01", engine="pandas")
    assert loaded.data.frame["amount"].tolist() == [1.5, 2.0]
    assert [str(d.date()) for d in loaded.data.frame["date"]] == ["2024-01-01", "2024-02-01"]


@pytest.mark.parametrize(
    ("data", "name", "match"),
    [
        (b"anything", "x.pdf", "unsupported file type"),
        (b"not a zip at all", "x.xlsx", "the content is not a workbook"),
        (b"", "x.csv", "empty"),
        (b"\n\n;;\n", "x.csv", "empty"),
        ("a,b\n1,2\n".encode("utf-16-le"), "x.csv", "not a text file"),  # no byte-order mark: unknown
        (b"<!DOCTYPE html><html><table><tr><td>1</td></tr></table></html>", "export.xls", "a web page \\(HTML\\)"),
        (OLE2_SIGNATURE + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le"), "x.xlsx", "password-protected"),
        (bytes(range(256)) * 8, "x.xls", "the content is not a workbook"),
    ],
    ids=["pdf", "fake-xlsx", "empty-csv", "blank-csv", "utf16-no-mark", "html-as-xls", "encrypted", "binary-as-xls"],
)
def test_bad_files_give_a_clear_message(data, name, match):
    with pytest.raises(LifecycleError, match=match) as err:
        read_table(data, name)
    assert name in str(err.value)
    assert name in err.value.message("fr")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_excels_unicode_text_reads_as_its_utf8_csv(codec):
    """Excel's «Unicode Text»: UTF-16 with its byte-order mark, tabs between the fields."""
    text = "N° client\tDate\tMontant\nC1\t05/01/2024\t12,50\nC2\t06/01/2024\t7,00\n"
    data = text.encode(codec) if codec == "utf-16" else b"\xfe\xff" + text.encode(codec)
    raw = read_table(data, "ventes.txt")
    assert raw.encoding == "utf-16" and raw.separator == "\t"
    assert raw.frame.equals(read_table(text.encode("utf-8"), "ventes.txt").frame)


def test_missing_file():
    with pytest.raises(LifecycleError, match="not found"):
        read_table("/nonexistent/ventes.xlsx")


def test_xlsm_reads_like_xlsx():
    raw = read_table(_xlsx({"Ventes": RETAIL}), "macro.xlsm")
    assert raw.header_row == 3 and raw.frame.shape == (4, 3)


def test_openpyxl_fallback_gives_the_same_table(monkeypatch):
    import fastexcel

    data = _xlsx({"Ventes": RETAIL})
    direct = read_table(data, "v.xlsx")
    listing = fastexcel.ExcelReader.load_sheet

    def load_sheet(self, *args, **kwargs):
        if kwargs.get("n_rows") is None:  # the full read fails; listing the sheets still works
            raise RuntimeError("calamine cannot read this sheet")
        return listing(self, *args, **kwargs)

    monkeypatch.setattr(fastexcel.ExcelReader, "load_sheet", load_sheet)
    fallback = read_table(data, "v.xlsx")
    assert fallback.header_row == direct.header_row
    assert fallback.row_numbers.tolist() == direct.row_numbers.tolist()
    assert fallback.frame["N° client"].tolist()[:2] == ["00123", "00124"]


def _years(bad_in="2023") -> bytes:
    sheets = {}
    for year in (2022, 2023, 2024):
        rows = [["Ventes " + str(year)], ["N° client", "Date", "Montant"]]
        rows += [[f"C{i:03d}", dt.datetime(year, i + 1, 3), 10 * (i + 1)] for i in range(4)]
        if str(year) == bad_in:
            rows.append(["C001", "le 3 mars", 5])  # row 7 of sheet 2023
        sheets[str(year)] = rows
    sheets["Notes"] = [["Lisez-moi"], ["Chiffres HT", "source ERP"]]
    return _xlsx(sheets)


def test_one_sheet_per_year_read_as_one_table():
    data = _years()
    for options in ({"sheet": ["2022", "2023", "2024"]}, {"all_sheets": True}):
        loaded = load(data, "ventes.xlsx", today="2026-01-01", **options)
        rep = loaded.report
        assert (rep.read, rep.used, rep.rejected) == (13, 12, 1)
        assert rep.rejected_rows[["sheet", "row", "reason"]].values.tolist() == [["2023", 7, "bad_date"]]
        assert rep.rejected_frame("fr").columns[0] == "feuille"
        assert loaded.raw.sheets_read == ("2022", "2023", "2024")
        assert loaded.data.frame["customer"].nunique() == 4
        assert sorted(loaded.data.frame["date"].dt.year.unique()) == [2022, 2023, 2024]
    every = load(data, "ventes.xlsx", today="2026-01-01", all_sheets=True)
    skipped = {w.code: w for w in every.report.warnings}["sheets_skipped"]
    assert (
        every.raw.sheets_skipped == ("Notes",)
        and "“Notes”" in skipped.text("en")
        and "«\u202fNotes\u202f»" in skipped.text("fr")
    )


def test_sheets_with_other_columns_are_named():
    data = _xlsx(
        {
            "2023": [["Client", "Date", "Montant"], ["A", "2023-01-01", "1"]],
            "Stock": [["Article", "Quantité"], ["vis", "3"]],
        }
    )
    with pytest.raises(LifecycleError) as err:
        read_table(data, "v.xlsx", sheet=["2023", "Stock"])
    assert "sheet “Stock”" in str(err.value) and "Article, Quantité" in str(err.value)
    assert "feuille «\u202fStock\u202f»" in err.value.message("fr")


def test_sheets_whose_headers_differ_by_case_and_accents_line_up():
    data = _xlsx(
        {
            "2023": [["N° client", "Date", "Montant"], ["A", "2023-01-01", "1"]],
            "2024": [["N° Client", "date", "Montant", "Canal"], ["B", "2024-01-01", "2", "web"]],
        }
    )
    raw = read_table(data, "v.xlsx", all_sheets=True)
    assert list(raw.frame.columns) == ["N° client", "Date", "Montant", "Canal"]
    assert raw.frame.fillna("").values.tolist() == [["A", "2023-01-01", "1", ""], ["B", "2024-01-01", "2", "web"]]


def test_a_truncated_workbook_and_a_csv_with_an_excel_name(sample_dir):
    cut = (sample_dir / "ventes_boutique.xlsx").read_bytes()[:5000]
    with pytest.raises(LifecycleError, match="damaged or incomplete") as err:
        read_table(cut, "ventes.xlsx")
    assert "endommagé ou incomplet" in err.value.message("fr")
    loaded = load(b"client;date;montant\nA;2024-01-01;3\n", "export.xlsx", today="2026-01-01")
    assert loaded.report.used == 1 and loaded.raw.read_as == "text"
    assert any("has an Excel name but is a text (CSV) file" in w.text() for w in loaded.report.warnings)


def test_fields_longer_than_the_csv_modules_limit():
    huge = b"client;date;montant;note\nA;2024-01-01;3;" + b"x" * 200_000 + b"\nB;2024-01-02;4;ok\n"
    loaded = load(huge, "long.csv", today="2026-01-01")
    assert (loaded.report.read, loaded.report.used) == (2, 2)  # a long comment loses no purchase
    assert loaded.raw.frame["note"].str.len().tolist() == [32_767, 2]
    note = next(w for w in loaded.report.warnings if w.code == "long_cells_unused")
    assert note.text().startswith("Cells longer than 32,767 characters (Excel's own limit) were cut in columns")
    assert "(“note”; cells: 1): their rows are kept" in note.text()
    wide = (";".join(f"c{i}" for i in range(1_500)) + "\n" + ";".join("1" * 1_500) + "\n").encode()
    with pytest.raises(LifecycleError) as err:
        load(wide, "wide.csv")
    assert "c29, … (+1470)" in str(err.value) and len(str(err.value)) < 800


def test_a_header_wider_than_the_limit_is_refused_at_once():
    wide = (";".join(f"c{i}" for i in range(200_000)) + "\n" + ";".join("1" * 200_000) + "\n").encode()
    with pytest.raises(LifecycleError) as err:
        read_table(wide, "wide.csv")
    assert err.value.message("en") == (
        "wide.csv: its first line has 200,000 columns; a file of more than 2,000 columns is refused"
        " (a customer export has a few dozen)."
    )
    assert "200\u202f000 colonnes" in err.value.message("fr")


def _extent_workbook(path, cell: str, out_of_order: bool = False) -> None:
    import re as _re
    import zipfile as _zip

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["client", "date", "montant"])
    ws.append(["A", "2024-01-01", 3])
    ws[cell] = "x"
    wb.save(path)
    if out_of_order:  # the far row written first: a reader that trusts the order is fooled
        with _zip.ZipFile(path) as box:
            parts = {i.filename: box.read(i.filename) for i in box.infolist()}
        sheet = parts["xl/worksheets/sheet1.xml"]
        far = _re.search(rb'<row r="[0-9]{6,}".*?</row>', sheet, _re.S).group(0)
        parts["xl/worksheets/sheet1.xml"] = sheet.replace(far, b"").replace(b"<sheetData>", b"<sheetData>" + far)
        with _zip.ZipFile(path, "w", _zip.ZIP_DEFLATED) as box:
            for name, data in parts.items():
                box.writestr(name, data)


@pytest.mark.parametrize(
    ("cell", "out_of_order", "said"),
    [
        ("XFD1048576", False, "reaches row 1,048,576 and column 16,384"),
        ("ZZ100000", False, "reaches row 100,000 and column 702"),
        ("ZZ100000", True, "reaches row 100,000 and column 702"),
    ],
    ids=["last-cell", "sparse", "out-of-order"],
)
def test_a_small_workbook_of_huge_extent_is_refused_before_any_reader_allocates(tmp_path, cell, out_of_order, said):
    # In a child process: were the check to fail, the reader's abort would end that process only.
    path = tmp_path / "tiny.xlsx"
    _extent_workbook(path, cell, out_of_order)
    assert path.stat().st_size < 6_000
    done = subprocess.run(
        [sys.executable, "-m", "lifecycle", "analyze", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert said in done.stderr and done.stderr.count("\n") == 1


def test_a_workbook_part_that_would_inflate_past_its_limit_is_refused(monkeypatch):
    import zipfile

    import lifecycle.reading.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_PART_BYTES", 1 << 20)
    data = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["client", "date", "montant"])
    wb.active.append(["A", "2024-01-01", 3])
    wb.save(data)
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as box:  # a part that inflates 2 MB from a few KB
        box.writestr("xl/sharedStrings.xml", b"<sst>" + b"a" * 2_000_000 + b"</sst>")
    assert len(data.getvalue()) < 30_000
    with pytest.raises(LifecycleError) as err:
        read_table(data.getvalue(), "bomb.xlsx")
    assert "“xl/sharedStrings.xml” would inflate to 2,000,011 bytes, past the limit of 1,048,576" in str(err.value)


def test_sheets_like_finds_the_other_years():
    data = _years()
    assert sheets_like(data, "v.xlsx", "2024") == ["2022", "2023", "2024"]
    assert sheets_like(data, "v.xlsx", "Notes") == []
    assert sheets_like(_xlsx({"Ventes": RETAIL}), "v.xlsx", "Ventes") == []


def test_rows_over_several_lines_keep_their_line_numbers_and_are_said():
    # A quoted note with a line break: the rows after it keep their real line numbers.
    data = b'client;date;montant;note\nA;2024-01-01;3;"line one\nline two"\nB;2024-01-02;4;ok\nC;2024-01-03;x;ok\n'
    loaded = load(data, "m.csv", today="2026-01-01")
    assert loaded.data.frame["row"].tolist() == [2, 4]
    assert loaded.report.rejected_rows[["row", "reason"]].values.tolist() == [[5, "bad_amount"]]
    note = {w.code: w for w in loaded.report.warnings}["multi_line_rows"]
    assert note.count == 1 and note.fields == {"lines": 2, "rows": "2", "start": 2, "longest": 2}
    # A quote never closed swallows the file's end into one row: found, with its line.
    data = b'client;date;montant\nA;2024-01-01;3\n"B;2024-01-02;4\nC;2024-01-03;5\nD;2024-01-04;6\n'
    rep = load(data, "q.csv", today="2026-01-01").report
    assert (rep.read, rep.used, rep.rejected) == (2, 1, 1)
    note = {w.code: w for w in rep.warnings}["multi_line_rows"]
    assert (note.fields["start"], note.fields["longest"]) == (3, 3)  # lines 3 to 5: all 5 accounted for
    assert "check the quotes there" in note.text("en") and "vérifiez les guillemets" in note.text("fr")


@given(
    st.lists(
        st.lists(
            st.one_of(
                st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8),
                st.sampled_from(['"quoted; value"', '"a ""b"" c"', '"multi\nline"', " padded ", "", "=1+1"]),
            ),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([";", ",", "\t", "|"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_arrows_csv_grid_equals_pandas_wherever_arrow_reads_it(rows, sep, newline):
    # The fast reader must read exactly what the pandas path reads (its C parser, or the csv
    # module where that parser refuses), or step aside (None).
    from unittest import mock

    from lifecycle.reading import ingest

    text = newline.join(sep.join(r) for r in rows) + newline
    grid = ingest._arrow_grid(text, sep)
    if grid is None:
        return
    with (
        mock.patch.object(ingest, "_arrow_grid", lambda text, sep: None),
        mock.patch.object(ingest, "_sniff_separator", lambda lines: sep),
    ):
        reference = ingest._read_text_grid(text.encode("utf-8"), "x.csv")[0]
    grid.columns = range(grid.shape[1])
    pd.testing.assert_frame_equal(grid, reference)


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_a_date_cell_at_midnight_reads_as_the_date_alone(reader, monkeypatch):
    # What Excel shows, and what the Data page shows: «2024-01-05», not «2024-01-05 00:00:00».
    # A time of day is kept, and so is a text cell that only looks like a date at midnight
    # within a longer text.
    if reader == "openpyxl":
        import fastexcel

        listing = fastexcel.ExcelReader.load_sheet

        def load_sheet(self, *args, **kwargs):
            if kwargs.get("n_rows") is None:
                raise RuntimeError("calamine cannot read this sheet")
            return listing(self, *args, **kwargs)

        monkeypatch.setattr(fastexcel.ExcelReader, "load_sheet", load_sheet)
    rows = [
        ["client", "date", "note"],
        ["a", dt.datetime(2024, 1, 5), "2024-01-05 00:00:00 (copied)"],
        ["b", dt.datetime(2024, 2, 6, 14, 30), None],
        ["c", None, "x"],
    ]
    frame = read_table(_xlsx({"Ventes": rows}), "v.xlsx").frame
    assert frame["date"].tolist()[:2] == ["2024-01-05", "2024-02-06 14:30:00"]
    assert frame["date"].isna().tolist() == [False, False, True]
    assert frame["note"].tolist()[0] == "2024-01-05 00:00:00 (copied)"
    assert str(frame["date"].dtype) == str(frame["client"].dtype)
