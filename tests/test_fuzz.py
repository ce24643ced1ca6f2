"""Random files through the whole engine: read, map, prepare, summarise, classify, balance.

Hypothesis writes CSV and XLSX files with random headers (known synonyms among them), types,
blanks, quotes, separators, encodings and sizes. Whatever it writes, the engine either
gives a result whose row report adds up and whose balance ends at the funnel's total, or
raises the project's own error with a message in both languages: never anything else.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lifecycle import LifecycleError, analyze

HEADERS = st.sampled_from(
    ["client", "N° client", "Email", "Nom", "date", "Date de commande", "montant", "Montant TTC", "CA", "Canal"]
) | st.text(min_size=0, max_size=12)
DATES = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
CELLS = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=15),
    st.sampled_from(["A1", "a1 ", " 0042", "=1+1", "\t=1+1", "x@y.fr", "X@Y.FR", "Total", "Sous-total", '"', '""']),
    DATES.map(lambda d: d.isoformat()),
    DATES.map(lambda d: d.strftime("%d/%m/%Y")),
    DATES.map(lambda d: d.strftime("%m/%d/%y")),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda x: f"{x:,.2f}".replace(",", " ").replace(".", ",")),
    st.floats(-1e6, 1e6).map(lambda x: f"{x:.2f} €"),
    st.text(alphabet="0123456789;,.\"'\n\r\t ", max_size=10),
)
TABLES = st.integers(1, 6).flatmap(
    lambda width: st.tuples(
        st.lists(HEADERS, min_size=width, max_size=width),
        st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=30),
    )
)


def _csv(header, rows, sep: str, encoding: str) -> bytes:
    def cell(v):
        text = "" if v is None else str(v)
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in (sep, '"', "\n", "\r")) else text

    lines = [sep.join(cell(v) for v in header)] + [sep.join(cell(v) for v in row) for row in rows]
    return "\n".join(lines).encode(encoding, errors="replace")


def _xlsx(header, rows, title_rows: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["Export"])
    for row in [header, *rows]:
        values = []
        for v in row:
            text = None if v in (None, "") else ILLEGAL_CHARACTERS_RE.sub("", str(v))  # what a cell can hold
            if text and text.startswith("="):
                text = "'" + text  # openpyxl would write a formula
            values.append(text or None)
        ws.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _through_the_engine(data: bytes, name: str) -> None:
    try:
        a = analyze(data, name=name, today="2031-01-01")
    except LifecycleError as err:
        assert err.message("en") and err.message("fr")
        return
    rep = a.report
    assert rep.read == rep.used + rep.rejected + rep.after_as_of
    assert len(rep.rejected_rows) == rep.rejected
    counts = a.stages.counts
    assert sum(counts.values()) + a.stages.unclassified == a.summary.n_customers + len(a.summary.contacts)
    balance = a.balance()
    if balance is not None and len(balance):
        assert int(balance["clients_end"].iloc[-1]) == a.stages.clients_total


FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(TABLES, st.sampled_from([";", ",", "\t", "|"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_any_csv_reads_or_says_why(table, sep, encoding):
    header, rows = table
    _through_the_engine(_csv(header, rows, sep, encoding), "fuzz.csv")


@FUZZ
@given(TABLES, st.integers(0, 3))
def test_any_workbook_reads_or_says_why(table, title_rows):
    header, rows = table
    _through_the_engine(_xlsx(header, rows, title_rows), "fuzz.xlsx")


@FUZZ
@given(st.binary(max_size=2_000), st.sampled_from(["x.csv", "x.xlsx", "x.xls", "x.txt", "x.parquet"]))
def test_any_bytes_under_any_name(data, name):
    _through_the_engine(data, name)
