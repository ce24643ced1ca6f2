"""Hostile files, small on disk and large in what they ask of a reader, by family.

Each maker returns the file's bytes. ``CASES`` lists them as (family, name, maker): the
tests read the small ones (``tests/test_hostile.py``), ``python -m benchmarks.bench_hostile``
times every one and measures its peak memory.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable

HEADER = "client;date;montant\n"
ROW = "C1;2024-01-05;12,50\n"


def csv_wide(columns: int) -> bytes:
    head = ";".join(f"c{i}" for i in range(columns))
    return (head + "\n" + ";".join("1" for _ in range(columns)) + "\n").encode()


def csv_wide_rows(columns: int, rows: int) -> bytes:
    """A wide file under the column limit, with rows: the accepted path's cost."""
    head = ";".join(["client", "date", "montant"] + [f"x{i}" for i in range(columns - 3)])
    line = ";".join(["C1", "2024-01-05", "12,50"] + ["v"] * (columns - 3))
    return (head + "\n" + "\n".join(line for _ in range(rows)) + "\n").encode()


def one_line(size: int, char: str = "a") -> bytes:
    return (char * size).encode()


def huge_cell(size: int) -> bytes:
    return (HEADER + ROW + "C2;2024-02-01;" + "9" * size + "\n" + ROW).encode()


def huge_quoted_cell(size: int) -> bytes:
    return (HEADER + ROW + 'C2;2024-02-01;"' + ("x;\n" * (size // 3)) + '"\n' + ROW).encode()


def many_rows(size: int) -> bytes:
    return ("client\n" + "1\n" * (size // 2)).encode()


def many_short_rows(size: int) -> bytes:
    return (HEADER + ";;\n" * (size // 3)).encode()


def unclosed_quote(size: int) -> bytes:
    return (HEADER + 'C1;2024-01-05;"12\n' + "C2;2024-01-06;3\n" * (size // 16)).encode()


def random_bytes(size: int) -> bytes:
    return os.urandom(size)


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b"%s</Types>"
)
_SHEET_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(sheets: list[bytes], shared: bytes | None = None) -> bytes:
    """A minimal workbook whose sheets hold the given ``<sheetData>`` contents, written by
    hand so that a test can put in it what no spreadsheet program would write."""
    overrides = b"".join(
        b'<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%s"/>' % (i + 1, _SHEET_TYPE)
        for i in range(len(sheets))
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as box:
        box.writestr("[Content_Types].xml", _CONTENT_TYPES % overrides)
        box.writestr(
            "_rels/.rels",
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % _REL,
        )
        names = b"".join(
            b'<sheet name="S%d" sheetId="%d" r:id="rId%d"/>' % (i + 1, i + 1, i + 1) for i in range(len(sheets))
        )
        box.writestr("xl/workbook.xml", b"<workbook %s %s><sheets>%s</sheets></workbook>" % (_NS, _R_NS, names))
        rels = b"".join(
            b'<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, _REL, i + 1)
            for i in range(len(sheets))
        )
        if shared is not None:
            rels += b'<Relationship Id="rIdS" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % _REL
            box.writestr("xl/sharedStrings.xml", b"<sst %s>%s</sst>" % (_NS, shared))
        box.writestr(
            "xl/_rels/workbook.xml.rels",
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>'
            % rels,
        )
        for i, data in enumerate(sheets):
            box.writestr(
                f"xl/worksheets/sheet{i + 1}.xml", b"<worksheet %s><sheetData>%s</sheetData></worksheet>" % (_NS, data)
            )
    return buf.getvalue()


def _cell(ref: str, text: str) -> bytes:
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref.encode(), text.encode())


_HEAD_ROW = b'<row r="1">' + _cell("A1", "client") + _cell("B1", "date") + _cell("C1", "montant") + b"</row>"
_DATA_ROW = b'<row r="2">' + _cell("A2", "C1") + _cell("B2", "2024-01-05") + _cell("C2", "12") + b"</row>"


def xlsx_far_cell(ref: str) -> bytes:
    row = "".join(ch for ch in ref if ch.isdigit())
    return xlsx([_HEAD_ROW + _DATA_ROW + b'<row r="%s">' % row.encode() + _cell(ref, "x") + b"</row>"])


def xlsx_big_cell(size: int) -> bytes:
    """One inline cell of ``size`` characters: a few hundred KB on disk."""
    big = b'<row r="3"><c r="A3" t="inlineStr"><is><t>' + b"a" * size + b"</t></is></c></row>"
    return xlsx([_HEAD_ROW + _DATA_ROW + big])


def xlsx_big_shared(size: int) -> bytes:
    shared = b"<si><t>" + b"b" * size + b"</t></si>"
    return xlsx([_HEAD_ROW + _DATA_ROW + b'<row r="3"><c r="A3" t="s"><v>0</v></c></row>'], shared=shared)


def xlsx_deep(depth: int) -> bytes:
    """A cell whose text sits under ``depth`` nested unknown elements."""
    deep = (
        b'<row r="3"><c r="A3" t="inlineStr"><is>' + b"<x>" * depth + b"<t>y</t>" + b"</x>" * depth + b"</is></c></row>"
    )
    return xlsx([_HEAD_ROW + _DATA_ROW + deep])


def xlsx_many_sheets(n: int) -> bytes:
    return xlsx([_HEAD_ROW + _DATA_ROW for _ in range(n)])


def xlsx_many_cells_row(columns: int) -> bytes:
    """One row of ``columns`` cells without references (the reader counts them itself)."""
    return xlsx([_HEAD_ROW + b'<row r="2">' + b'<c t="inlineStr"><is><t>1</t></is></c>' * columns + b"</row>"])


def xlsx_many_rows(rows: int) -> bytes:
    body = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(2, rows + 2))
    return xlsx([_HEAD_ROW + body])


def mixed_encoding(rows: int) -> bytes:
    """A third of the lines in cp1252, the rest in UTF-8: two exports pasted together."""
    lines = [HEADER.encode()]
    for i in range(rows):
        line = f"Société Générale;2024-01-{i % 28 + 1:02d};10\n"
        lines.append(line.encode("cp1252" if i % 3 == 0 else "utf-8"))
    return b"".join(lines)


MB = 1_000_000
CASES: list[tuple[str, str, str, Callable[[], bytes]]] = [
    # family, case, file name, maker
    ("wide header", "2,001 columns", "wide.csv", lambda: csv_wide(2_001)),
    ("wide header", "20,000 columns (2.5 MB)", "wide.csv", lambda: csv_wide(20_000)),
    ("wide header", "200,000 columns", "wide.csv", lambda: csv_wide(200_000)),
    ("wide header", "2,000 columns × 1,000 rows (accepted)", "wide.csv", lambda: csv_wide_rows(2_000, 1_000)),
    ("wide header", "xlsx row of 20,000 unreferenced cells", "wide.xlsx", lambda: xlsx_many_cells_row(20_000)),
    ("long line", "5 MB without a newline", "line.csv", lambda: one_line(5 * MB)),
    ("long line", "50 MB without a newline", "line.csv", lambda: one_line(50 * MB)),
    ("long line", "5 MB of separators", "line.csv", lambda: one_line(5 * MB, ";")),
    ("long line", "5 MB of quotes", "line.csv", lambda: one_line(5 * MB, '"')),
    ("huge cell", "a 5 MB amount", "cell.csv", lambda: huge_cell(5 * MB)),
    ("huge cell", "a 50 MB amount", "cell.csv", lambda: huge_cell(50 * MB)),
    ("huge cell", "a 5 MB quoted cell over 1.7 million lines", "cell.csv", lambda: huge_quoted_cell(5 * MB)),
    ("huge cell", "a quote never closed, 5 MB", "quote.csv", lambda: unclosed_quote(5 * MB)),
    ("many rows", "2.5 million one-digit rows (5 MB)", "rows.csv", lambda: many_rows(5 * MB)),
    ("many rows", "1.7 million empty rows (5 MB)", "rows.csv", lambda: many_short_rows(5 * MB)),
    ("many rows", "xlsx of 1,000,000 one-cell rows", "rows.xlsx", lambda: xlsx_many_rows(1_000_000)),
    ("sheet extent", "one cell at XFD1048576", "far.xlsx", lambda: xlsx_far_cell("XFD1048576")),
    ("sheet extent", "one cell at ZZ100000", "far.xlsx", lambda: xlsx_far_cell("ZZ100000")),
    ("sheet extent", "one cell at A1048576", "far.xlsx", lambda: xlsx_far_cell("A1048576")),
    ("sheet extent", "1,000 sheets", "sheets.xlsx", lambda: xlsx_many_sheets(1_000)),
    ("decompression", "an inline cell of 100 MB", "bomb.xlsx", lambda: xlsx_big_cell(100 * MB)),
    ("decompression", "a shared string of 300 MB", "bomb.xlsx", lambda: xlsx_big_shared(300 * MB)),
    ("decompression", "an inline cell of 1.1 GB", "bomb.xlsx", lambda: xlsx_big_cell(1_100 * MB)),
    ("deep XML", "a cell under 100,000 nested elements", "deep.xlsx", lambda: xlsx_deep(100_000)),
    ("deep XML", "a cell under 1,000,000 nested elements", "deep.xlsx", lambda: xlsx_deep(1_000_000)),
    ("not a table", "5 MB of random bytes as .csv", "noise.csv", lambda: random_bytes(5 * MB)),
    ("not a table", "5 MB of random bytes as .xlsx", "noise.xlsx", lambda: random_bytes(5 * MB)),
    ("not a table", "5 MB of random bytes as .parquet", "noise.parquet", lambda: random_bytes(5 * MB)),
    ("encodings", "one third cp1252, two thirds UTF-8", "mixed.csv", lambda: mixed_encoding(3_000)),
]
