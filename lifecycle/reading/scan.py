"""A transactions file read, checked and made canonical inside DuckDB: the path for files of
millions of rows (Parquet files and folders, large CSV, a table of a DuckDB database).

The rows never become a pandas frame. DuckDB reads the columns, and each rule of
``lifecycle.reading.prepare`` is applied the same way:

* what needs a decision over a column (dates day-first or month-first, the decimal
  separator, the meaning of each status value, the placeholders that stand for nobody) is
  decided by the same Python functions, run on the column's distinct values and their
  counts (a few thousand dates, a few hundred statuses), then joined back in SQL;
* each row's fate (used, rejected with its reason, after the as-of date) is one SQL
  expression, in the order ``prepare`` applies its checks: the first reason found wins;
* the notes on the customer key (e-mails, variants, look-alikes) are computed on the
  distinct keys.

The canonical rows stay in DuckDB as the table ``tx`` that ``lifecycle.model.summary``
summarises. DuckDB works within a memory limit and spills to a private temporary folder
(removed when the connection closes), so a file larger than memory is summarised.

A file that needs what only the row-by-row path does (opt-out columns, ids with invisible
or control characters, cut cells, a CSV with blank lines, records over several lines or
mixed encodings, every customer buying once) raises ``NotScannable`` with the reason
(``SCAN_REASONS``), and ``lifecycle.analysis.load`` reads it with ``prepare``. A test
compares the two paths' documents on every file of the test corpus and on random tables.
"""

from __future__ import annotations

import csv
import glob
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import LifecycleError
from ..locale.i18n import shorten
from .ingest import RawTable, name_columns, read_table
from .mapping import Mapping, column_share, looks_like_emails, names_invoices, normalise_header
from .parse import (
    BLANKS,
    ID_SPACES,
    WHITESPACE,
    WHITESPACE_RE2,
    DateParse,
    NumberParse,
    parse_distinct_dates,
    parse_distinct_numbers,
)
from .platforms import recognise
from .prepare import (
    NOBODY_WORDS,
    ORDER_FIELDS,
    ORDER_TOTALS,
    SAMPLE_ROWS,
    TOTAL_WORDS,
    VALUE_SHOWN,
    RowReport,
    Transactions,
    Warning,
    check_as_of,
    credit_note_column,
    duckdb_connection,
    file_currency,
    id_warnings,
    key_counted,
    key_kind,
    key_roles,
    mixed_currencies,
    no_usable_row,
    parse_warnings,
    placeholder_values,
    require_roles,
    status_warnings,
    today_of,
    unit_of,
)
from .statuses import MEANING_CODE, MEANINGS, propose_meanings

# pyarrow's CSV reader is imported by ``_csv_source``, where a CSV is streamed.

__all__ = ["MEMORY_LIMIT", "SCAN_REASONS", "NotScannable", "Source", "open_source", "scan", "source_from_raw"]

_ROLES = {
    "customer",
    "date",
    "amount",
    "quantity",
    "unit_price",
    "order",
    "status",
    "segment",
    "name",
    "email",
    "refund",
    "contact_date",
}
_INVISIBLE_SQL = r"[\x{ad}\x{200b}-\x{200f}\x{202a}-\x{202e}\x{2060}-\x{2064}\x{2066}-\x{2069}\x{feff}]"


# Why a file takes the row-by-row path, each said by ``scan.<reason>`` in the catalogues.
SCAN_REASONS = (
    "all_once",
    "contacts_platform",
    "control_ids",
    "counterparts",
    "credit_notes",
    "csv_lines",
    "csv_shape",
    "customer_rows",
    "encoding",
    "file_type",
    "invisible_ids",
    "keyed_by_email",
    "keyed_by_person",
    "long_cells",
    "order_lines",
    "order_totals",
    "reading_notes",
    "roles",
)


class NotScannable(Exception):
    """This file needs the row-by-row path (``prepare``): ``reason`` (of ``SCAN_REASONS``) says why."""

    def __init__(self, reason: str):
        assert reason in SCAN_REASONS, reason
        super().__init__(reason)
        self.reason = reason


@dataclass
class Source:
    """Rows in DuckDB, as the relation ``src``: ``__i`` (position), ``__rn`` (the row number a
    user sees), ``__sheet`` (the file of a dataset of several, else NULL), then the columns.

    ``sample`` is the first rows as ``lifecycle.reading.ingest`` reads them: the mapping is
    proposed, the platform recognised and the currency guessed from it."""

    con: object
    file: str
    sheet: str | None
    header_row: int
    columns: list[str]
    typed: dict[str, str]  # column -> DuckDB type, for the columns that are not text
    sample: RawTable
    raw: RawTable | None = None  # the whole table, when the rows came from one
    several: bool = False
    spill: str | None = None  # the temporary folder DuckDB may spill to
    rows: int = 0
    summary: object | None = None  # ``lifecycle.model.summary.summarise``'s result, once computed
    # Text cells may be spaces only (Parquet, a database): such a cell is blank, as ``ingest``
    # reads it. A CSV and a ``RawTable`` come with those cells missing already.
    space_cells: bool = True

    def let_rows_go(self) -> None:
        """Drop the canonical rows (the table ``tx``) once the summary has grouped them:
        the memory they hold (450 MB at 10,000,000 rows) serves its later queries."""
        _drop_slim(self.con, "tx")

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            if self.spill:
                shutil.rmtree(self.spill, ignore_errors=True)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _strip(expr: str, chars: str) -> str:
    """``str.strip(chars)`` in SQL. DuckDB's ``trim(text, chars)`` takes ten times as long
    as a regular expression on a column of millions of values: the expression is used, and
    only on the values that start or end with one of ``chars``."""
    one = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"
    return f"CASE WHEN regexp_matches({expr}, '^{one}|{one}$') THEN regexp_replace({expr}, '^{one}+|{one}+$', '', 'g') ELSE {expr} END"


def _clean_text(expr: str) -> str:
    """``parse.clean_text`` in SQL: every kind of space off both ends, empty is missing."""
    return f"NULLIF({_strip(expr, BLANKS)}, '')"


# DuckDB's memory when the caller names none. Its own default, 80% of the machine, buys no
# time here: 10,000,000 rows take as long within 1.5 GB (`benchmarks/RESULTS.md`; within
# 1 GB it spills, 1-2 s more), and the history's arrays in Python need the rest.
MEMORY_LIMIT = "1500MB"


def _connect(memory_limit: str | None, spill: bool):
    con = duckdb_connection(private=True)  # a memory limit and a spill folder of its own
    folder = None
    if spill:
        con.execute(f"SET memory_limit = {_lit(memory_limit or MEMORY_LIMIT)}")
    elif memory_limit:
        con.execute(f"SET memory_limit = {_lit(memory_limit)}")
    if spill:  # a private folder, removed with the source: rows spilled never outlive the run
        folder = tempfile.mkdtemp(prefix="lifecycle-")
        con.execute(f"SET temp_directory = {_lit(folder)}")
    else:
        con.execute("SET temp_directory = ''")
    con.execute("SET TimeZone = 'UTC'")
    return con, folder


def source_from_raw(raw: RawTable) -> Source:
    """A ``RawTable`` already read, as a source: every check of ``scan`` on the rows a file
    gave the row-by-row path (the test that compares both paths goes through here)."""
    import pyarrow as pa

    con, _ = _connect(None, False)
    frame = raw.frame.copy()
    names = list(frame.columns)
    frame.columns = [f"c{i}" for i in range(len(names))]
    frame.insert(0, "__sheet", raw.row_sheets.astype("string") if raw.row_sheets is not None else pd.NA)
    frame.insert(0, "__rn", raw.row_numbers.to_numpy(dtype="int64"))
    frame.insert(0, "__i", np.arange(len(frame), dtype="int64"))
    frame["__sheet"] = frame["__sheet"].astype("string")
    con.register("raw_rows", pa.Table.from_pandas(frame, preserve_index=False))
    cols = ", ".join(f"c{i} AS {_q(n)}" for i, n in enumerate(names))
    con.execute(f"CREATE TABLE src AS SELECT __i, __rn, __sheet{', ' + cols if cols else ''} FROM raw_rows")
    con.unregister("raw_rows")
    several = raw.row_sheets is not None
    return Source(con, raw.file, raw.sheet, raw.header_row, names, {}, raw, raw, several, space_cells=False)


def _sample(con, file: str) -> RawTable:
    """The first rows of ``src`` as ``ingest`` reads a Parquet file: text, blank cells missing."""
    head = con.execute(f"SELECT * EXCLUDE (__i, __rn, __sheet) FROM src ORDER BY __i LIMIT {SAMPLE_ROWS}").df()
    rows = con.execute(f"SELECT __rn FROM src ORDER BY __i LIMIT {SAMPLE_ROWS}").fetchnumpy()["__rn"]
    frame = head.astype("string")
    frame = frame.mask(frame.apply(lambda c: c.str.strip() == ""), pd.NA) if len(frame) else frame
    return RawTable(file=file, sheet=None, header_row=1, frame=frame, row_numbers=pd.Series(rows, dtype="int64"))


def _typed(con) -> dict[str, str]:
    described = con.execute("DESCRIBE src").fetchall()
    return {name: kind for name, kind, *_ in described if not name.startswith("__") and kind != "VARCHAR"}


def _parquet_source(path: str, name: str, memory_limit: str | None, spill: bool) -> Source:
    p = Path(path)
    if p.is_dir():
        files = sorted(glob.glob(os.path.join(path, "**", "*.parquet"), recursive=True))
    else:
        files = sorted(glob.glob(path)) if any(ch in path for ch in "*?[") else [path]
    if not files:
        raise LifecycleError.of("error.parquet", file=name, why="no .parquet file found")
    con, folder = _connect(memory_limit, spill)
    listed = "[" + ", ".join(_lit(f) for f in files) + "]"
    try:
        con.execute(
            f"CREATE VIEW pq AS SELECT * FROM read_parquet({listed}, filename = true, file_row_number = true,"
            " hive_partitioning = true, union_by_name = true)"
        )
    except Exception as exc:  # the reader's words, without the machine's paths
        con.close()
        why = shorten(re.sub(r"'?(/[^'\s]+/)+([^'\s/]+)'?", r"\2", str(exc)), 200)
        raise LifecycleError.of("error.parquet", file=name, why=why) from exc
    several = len(files) > 1
    if several:
        con.execute(
            "CREATE TABLE pq_files AS SELECT unnest(?) AS filename, generate_subscripts(?, 1) - 1 AS k", [files, files]
        )
        con.execute(
            "CREATE VIEW src AS SELECT (f.k << 40) + p.file_row_number AS __i, p.file_row_number + 2 AS __rn,"
            " regexp_extract(p.filename, '[^/\\\\]+$') AS __sheet, p.* EXCLUDE (filename, file_row_number)"
            " FROM pq p JOIN pq_files f USING (filename)"
        )
    else:
        con.execute(
            "CREATE VIEW src AS SELECT file_row_number AS __i, file_row_number + 2 AS __rn,"
            " NULL::VARCHAR AS __sheet, * EXCLUDE (filename, file_row_number) FROM pq"
        )
    columns = [c for c, *_ in con.execute("DESCRIBE src").fetchall() if not c.startswith("__")]
    sample = _sample(con, name)
    return Source(con, name, None, 1, columns, _typed(con), sample, None, several, folder)


def _duckdb_source(path: str, name: str, table: str | None, memory_limit: str | None, spill: bool) -> Source:
    con, folder = _connect(memory_limit, spill)
    con.execute(f"ATTACH {_lit(path)} AS db (READ_ONLY)")
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'db'").fetchall()]
    if table is None and len(tables) == 1:
        table = tables[0]
    if table not in tables:
        con.close()
        raise LifecycleError.of("error.duckdb_table", file=name, tables=", ".join(tables) or "—")
    con.execute(
        f"CREATE VIEW src AS SELECT rowid AS __i, rowid + 2 AS __rn, NULL::VARCHAR AS __sheet, * FROM db.{_q(table)}"
    )
    columns = [c for c, *_ in con.execute("DESCRIBE src").fetchall() if not c.startswith("__")]
    sample = replace(_sample(con, name), sheet=table)
    return Source(con, name, table, 1, columns, _typed(con), sample, None, False, folder)


_CSV_HEAD = 4 << 20  # bytes read by ``ingest`` for the sample: the header, separator and encoding


def _csv_source(path: str, name: str, memory_limit: str | None, spill: bool) -> Source:
    """A CSV streamed by Arrow's reader (the one ``ingest`` uses) into a DuckDB table, in
    record batches: only the rows of one batch are in Python's memory at a time."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with open(path, "rb") as handle:
        head = handle.read(_CSV_HEAD)
        whole = len(head) < _CSV_HEAD
    cut = head if whole else head[: head.rfind(b"\n") + 1]
    if not cut.strip():  # no whole line in the first megabytes: the row-by-row reader says what is wrong
        raise NotScannable("csv_shape")
    try:
        sample = read_table(cut, name)
    except LifecycleError as exc:  # its message is the row-by-row reader's, within its budget
        raise NotScannable("csv_shape") from exc
    if sample.encoding not in ("utf-8", "utf-8-sig", "cp1252") or sample.cp1252_lines or sample.row_lines is not None:
        raise NotScannable("encoding")
    if sample.long_cells is not None:
        raise NotScannable("long_cells")
    skip = sample.header_row  # lines before the first data row (a «sep=» line, the header)
    with open(path, encoding="utf-8-sig" if sample.encoding == "utf-8-sig" else sample.encoding, newline="") as f:
        for _ in range(skip - 1):
            f.readline()
        header = next(csv.reader([f.readline()], delimiter=sample.separator))
    names = name_columns(header)
    keep = [i for i, n in enumerate(names) if n in set(sample.frame.columns)]
    fields = [f"f{i}" for i in range(len(names))]
    con, folder = _connect(memory_limit, spill)
    encoding = {"utf-8-sig": "utf8", "utf-8": "utf8", "cp1252": "cp1252"}[sample.encoding]
    try:  # the reader parses its first block at once: a line of another width fails here
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=fields, skip_rows=skip, block_size=1 << 24, encoding=encoding),
            parse_options=pacsv.ParseOptions(delimiter=sample.separator, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(fields, pa.string()),
                include_columns=[fields[i] for i in keep],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except Exception as exc:  # the row-by-row reader judges, as below
        con.close()
        shutil.rmtree(folder or "", ignore_errors=True)
        raise NotScannable("csv_shape") from exc
    first = skip + 1
    schema = pa.schema(
        [pa.field("__i", pa.int64()), pa.field("__rn", pa.int64()), pa.field("__sheet", pa.string())]
        + [pa.field(f"c{i}", pa.string()) for i in keep]
    )

    def batches():
        done = 0
        for batch in reader:
            n = batch.num_rows
            at = np.arange(done, done + n, dtype="int64")
            yield pa.RecordBatch.from_arrays(
                [pa.array(at), pa.array(at + first), pa.nulls(n, pa.string()), *batch.columns], schema=schema
            )
            done += n

    stream = pa.RecordBatchReader.from_batches(schema, batches())
    con.register("csv_rows", stream)
    # Cells of spaces only are blank, as ``ingest`` reads them.
    cols = ", ".join(
        f"CASE WHEN regexp_full_match(c{i}, '{WHITESPACE_RE2}*') THEN NULL ELSE c{i} END AS {_q(names[i])}"
        for i in keep
    )
    try:
        con.execute(f"CREATE TABLE src AS SELECT __i, __rn, __sheet, {cols} FROM csv_rows")
    except Exception as exc:  # a line of another width, a quote never closed: the row-by-row reader judges
        con.close()
        shutil.rmtree(folder or "", ignore_errors=True)
        raise NotScannable("csv_shape") from exc
    con.unregister("csv_rows")
    rows = con.execute("SELECT count(*) FROM src").fetchone()[0]
    if _lines(path) != rows + skip:  # blank lines or records over several lines: numbered by the other path
        con.close()
        shutil.rmtree(folder or "", ignore_errors=True)
        raise NotScannable("csv_lines")
    columns = [names[i] for i in keep]
    return Source(con, name, None, sample.header_row, columns, {}, sample, None, False, folder, rows, space_cells=False)


def _lines(path: str) -> int:
    """Lines of a file, counted in blocks (a last line without its line break counts)."""
    n, last = 0, b"\n"
    with open(path, "rb") as handle:
        while block := handle.read(1 << 24):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (last != b"\n")


def _shown_name(path: str) -> str:
    """The name a path is shown by: a file's or a folder's own name; a glob from the folder
    its pattern starts in (``ventes/2024-*.parquet``, not ``2024-*.parquet`` alone)."""
    parts = Path(path.rstrip("/")).parts
    at = next((i for i, part in enumerate(parts) if any(ch in part for ch in "*?[")), None)
    if at is None:
        return parts[-1] if parts else path
    return "/".join(p for p in parts[max(at - 1, 0) :] if p != "/")


def open_source(
    path: str, name: str | None = None, *, table: str | None = None, memory_limit: str | None = None, spill=True
) -> Source:
    """A file, a folder of Parquet files, a glob, or a DuckDB database as a ``Source``."""
    name = name or _shown_name(path)
    suffix = Path(path).suffix.lower()
    if os.path.isdir(path) or suffix == ".parquet" or (any(ch in path for ch in "*?[") and ".parquet" in path):
        return _parquet_source(path, name, memory_limit, spill)
    if suffix in (".duckdb", ".db"):
        return _duckdb_source(path, name, table, memory_limit, spill)
    if suffix in (".csv", ".txt"):
        return _csv_source(path, name, memory_limit, spill)
    raise NotScannable("file_type")


# ---------------------------------------------------------------------------------------- the rows


@dataclass
class _Column:
    """How a mapped column reads in SQL: its text as ``ingest`` gives it, and its clean text."""

    name: str
    typed: str | None

    @property
    def raw(self) -> str:
        return f"CAST({_q(self.name)} AS VARCHAR)" if self.typed else _q(self.name)

    @property
    def clean(self) -> str:
        return f"CAST({_q(self.name)} AS VARCHAR)" if self.typed else _clean_text(self.raw)

    @property
    def blank(self) -> str:
        return f"{_q(self.name)} IS NULL" if self.typed else f"{self.clean} IS NULL"


_DATE_TYPES = ("DATE", "TIMESTAMP")
_NUMBER_TYPES = (
    "DOUBLE",
    "FLOAT",
    "REAL",
    "DECIMAL",
    "BIGINT",
    "INTEGER",
    "SMALLINT",
    "TINYINT",
    "HUGEINT",
    "UBIGINT",
    "UINTEGER",
    "USMALLINT",
    "UTINYINT",
)


def _distinct(con, col: _Column, name: str) -> tuple[pd.Series, np.ndarray]:
    """The distinct clean texts of ``col`` and their rows, to be parsed in Python; the table
    ``name__raw`` keeps each distinct text as written with its clean text (``_lookup``)."""
    con.execute(
        f"""CREATE TEMP TABLE {name}__raw AS SELECT r, {_clean_text("r")} AS v, w FROM (
              SELECT {col.raw} AS r, count(*) AS w FROM keyed WHERE {col.raw} IS NOT NULL GROUP BY r)"""
    )
    got = con.execute(f"SELECT v, sum(w) AS w FROM {name}__raw WHERE v IS NOT NULL GROUP BY v").df()
    return got["v"].astype("string").reset_index(drop=True), got["w"].to_numpy(dtype="int64")


def _lookup(con, name: str, frame: pd.DataFrame, select: str) -> None:
    """The table ``name``: each distinct text of a column as written (``v``, as the rows hold
    it: they join it without cleaning 10,000,000 cells again), whether it is blank (``b``:
    spaces only) and what its clean text reads as (``frame``, by clean text ``v``, as
    ``select`` gives it)."""
    _temp_table(con, f"{name}__parsed", frame, select)
    con.execute(
        f"""CREATE TEMP TABLE {name} AS SELECT raw.r AS v, raw.v IS NULL AS b, p.* EXCLUDE (v)
            FROM {name}__raw raw LEFT JOIN {name}__parsed p ON p.v = raw.v"""
    )
    con.execute(f"DROP TABLE {name}__raw")
    con.execute(f"DROP TABLE {name}__parsed")


def _temp_table(con, name: str, frame: pd.DataFrame, select: str = "*") -> None:
    """``frame`` (values decided in Python) as the DuckDB table ``name``, for the rows to join."""
    con.register(f"{name}_df", frame)
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT {select} FROM {name}_df")
    con.unregister(f"{name}_df")


def _dates(con, col: _Column, dayfirst, name: str) -> tuple[str, DateParse]:
    """A table ``name`` (v, d) of each distinct clean text and its date, and what was decided;
    typed date columns need none: the SQL expression is returned instead."""
    if col.typed and col.typed.startswith(_DATE_TYPES):
        return f"CAST({_q(col.name)} AS DATE)", DateParse("iso", False, 0, 0, 0)
    values, weights = _distinct(con, col, name)
    parsed, info = parse_distinct_dates(values, weights, dayfirst)
    _lookup(con, name, pd.DataFrame({"v": values, "d": parsed.astype("datetime64[s]")}), "v, CAST(d AS DATE) AS d")
    return f"{name}.d", info


def _numbers(con, col: _Column, decimal, name: str) -> tuple[str, NumberParse]:
    if col.typed and col.typed.startswith(_NUMBER_TYPES):
        return f"CAST({_q(col.name)} AS DOUBLE)", NumberParse(".", 0, 0, 0)
    values, weights = _distinct(con, col, name)
    parsed, info = parse_distinct_numbers(values, weights, decimal)
    _lookup(con, name, pd.DataFrame({"v": values, "x": parsed.astype("float64")}), "*")
    return f"{name}.x", info


@dataclass
class _Plan:
    """What ``scan`` decided, to build the SQL of each row's fate."""

    joins: list[str] = field(default_factory=list)
    notes: list[Warning] = field(default_factory=list)


def _strings(con, sql: str, params=None) -> list[str]:
    return [r[0] for r in con.execute(sql, params or []).fetchall()]


def _first_rows(con, query: str, n: int = SAMPLE_ROWS) -> pd.DataFrame:
    """The first ``n`` rows of ``query`` (``SELECT ... WHERE ...`` of a relation with ``__i``)
    in the file's order. They are looked for among the first ``4 n`` positions first, where
    DuckDB skips the rest of a table by its row groups' bounds (0.01 s at 10,000,000 rows,
    against 0.45 s to order them all); all the rows only when fewer are found there."""
    near = con.execute(f"{query} AND __i < {4 * n} ORDER BY __i LIMIT {n}").df()
    if len(near) == n:
        return near
    return con.execute(f"{query} ORDER BY __i LIMIT {n}").df()


def _total_values(con, columns: list[_Column]) -> set[str]:
    """Values (as read) that say the row is a total: ``prepare``'s test, on the distinct values."""
    out: set[str] = set()
    for col in columns:
        cands = _strings(con, f"SELECT DISTINCT {col.raw} FROM lines WHERE contains(lower({col.raw}), 'tota')")
        out |= {v for v in cands if TOTAL_WORDS.fullmatch(normalise_header(v))}
    return out


def _fill_order_lines(
    con, mapping: Mapping, cols: dict[str, _Column], not_blank: str, notes: list, row_hash: str
) -> tuple[dict, bool]:
    """The view ``lines_v``: the rows that are not blank, with ``prepare._fill_orders`` applied,
    and ``row_hash`` (an expression on ``src``'s columns as read) as ``__h``.

    Line-item exports write an order's own fields (customer, date, status, total) on its
    first line only, or repeat its total on every line: a field is given to the order's blank
    lines when the order's lines hold one value for it; a total counts once when no order
    holds two different ones. Returns the columns as they read from ``lines`` (a column
    filled with text is text there), and whether the view has the column ``__c``: the line's
    amount is its order's total, written on another line (``prepare._fill_orders``)."""
    plain = f"CREATE TEMP VIEW lines_v AS SELECT *, {row_hash} AS __h FROM src WHERE {not_blank}"
    if mapping.order is None:
        con.execute(plain)
        return cols, False
    order = cols["order"].clean  # «#1001 » is «#1001»
    con.execute(
        f"""CREATE TEMP TABLE multi AS SELECT {order} AS __o, count(*) AS __n FROM src
            WHERE {not_blank} AND {order} IS NOT NULL GROUP BY 1 HAVING count(*) > 1"""
    )
    orders, lines = con.execute("SELECT count(*), coalesce(sum(__n), 0) FROM multi").fetchone()
    if not orders:
        con.execute(plain)
        return cols, False
    joined = f"src JOIN multi ON {order} = multi.__o WHERE {not_blank}"
    replaced: dict[str, str] = {}
    joins = []
    filled: list[str] = []
    for role in ORDER_FIELDS:
        column = getattr(mapping, role)
        if column is None or column == mapping.order or column in filled or role not in cols:
            continue
        col = cols[role]
        if not con.execute(f"SELECT count(*) FROM {joined} AND {_q(col.name)} IS NULL").fetchone()[0]:
            continue
        k = role
        con.execute(
            f"""CREATE TEMP TABLE fill{k} AS SELECT {order} AS __o,
                   first({col.clean} ORDER BY __i) FILTER (WHERE {col.clean} IS NOT NULL) AS __v
                FROM {joined} GROUP BY 1 HAVING count(DISTINCT {col.clean}) = 1"""
        )
        hits = con.execute(
            f"SELECT count(*) FROM {joined} AND {col.clean} IS NULL AND {order} IN (SELECT __o FROM fill{k})"
        ).fetchone()[0]
        if not hits:
            continue
        joins.append(f"LEFT JOIN fill{k} ON {order} = fill{k}.__o")
        replaced[col.name] = (
            f"CASE WHEN multi.__o IS NOT NULL AND {col.clean} IS NULL THEN fill{k}.__v ELSE {col.raw} END"
        )
        filled.append(column)
    counted: list[str] = []
    carried = None
    for role in ("amount", "refund"):
        column = getattr(mapping, role)
        if column is None or role not in cols:
            continue
        col = cols[role]
        present = f"{_q(col.name)} IS NOT NULL"
        once, repeated = con.execute(
            f"""SELECT avg(CASE WHEN n <= 1 THEN 1.0 ELSE 0.0 END), bool_and(d <= 1) FROM (
                  SELECT count(*) FILTER (WHERE {present}) AS n, count(DISTINCT {col.clean}) AS d
                  FROM {joined} GROUP BY {order})"""
        ).fetchone()
        written_once = once >= 0.95  # blank on the order's other lines
        total = not written_once and normalise_header(column) in ORDER_TOTALS
        if total and not repeated:  # some orders' lines give different totals: compared as numbers there
            raise NotScannable("order_totals")
        repeated = total and bool(repeated)
        if not (written_once or repeated):
            continue
        # The orders with a total on some line, and the first such line: an order without
        # one keeps its lines blank.
        k = len(joins)
        con.execute(
            f"CREATE TEMP TABLE hold{k} AS SELECT {order} AS __o, min(__i) AS __f FROM {joined} AND {present} GROUP BY 1"
        )
        joins.append(f"LEFT JOIN hold{k} ON {order} = hold{k}.__o")
        if repeated:  # the same total on every line: kept on the order's first line that has it
            zero = f"hold{k}.__o IS NOT NULL AND src.__i <> hold{k}.__f"
        else:  # written once: the order's other lines are blank, and a line that has one keeps it
            zero = f"hold{k}.__o IS NOT NULL AND NOT ({present})"
        zero = f"multi.__o IS NOT NULL AND {zero}"
        replaced[col.name] = f"CASE WHEN {zero} THEN '0' ELSE {col.raw} END"
        counted.append(column)
        if role == "amount":
            carried = zero
    if not replaced:
        con.execute(plain)
        return cols, False
    later = int(lines - orders)  # lines after each order's first
    fields = {"orders": int(orders), "order": mapping.order}
    if filled:
        notes.append(Warning("order_lines", later, {**fields, "columns": tuple(filled)}))
    if counted:
        notes.append(Warning("order_totals", later, {**fields, "columns": tuple(counted)}))
    swaps = ", ".join(f"{expr} AS {_q(name)}" for name, expr in replaced.items())
    flag = f", coalesce({carried}, false) AS __c" if carried else ""
    con.execute(
        f"""CREATE TEMP VIEW lines_v AS SELECT src.* REPLACE ({swaps}), {row_hash} AS __h{flag} FROM src
            LEFT JOIN multi ON {order} = multi.__o {" ".join(joins)} WHERE {not_blank}"""
    )
    return {r: _Column(c.name, None if c.name in replaced else c.typed) for r, c in cols.items()}, bool(carried)


# A key ``placeholder_values`` may take for nobody: one frequent enough (the parameter
# ``$frequent``), a number it reads as no id (``-1``, ``000``), or a placeholder word. No word
# holds a digit and Python's ``lower()`` gives none, nor does it shorten a text; the longest
# word has 17 characters, and spaces around a key may make it longer.
_NOBODY_LENGTH = max(len(w) for w in NOBODY_WORDS)
_MAY_BE_NOBODY = (
    f"n >= $frequent OR starts_with(k, '-') OR regexp_full_match(k, '0+')"
    f" OR (NOT regexp_matches(k, '[0-9]') AND (length(k) <= {_NOBODY_LENGTH}"
    f" OR regexp_matches(k, '^{WHITESPACE_RE2}|{WHITESPACE_RE2}$')))"
)

# The value of a text column whose role is not mapped.
_NO_TEXT = "CAST(NULL AS VARCHAR)"
_TEXT_ROLES = ("order", "segment", "name", "email")
# Values the same on every row: a table of ``_slim_table`` does not store them.
_CONSTANTS = (_NO_TEXT, "false")


def _slim_table(con, name: str, columns: dict[str, str | None], rest: str) -> None:
    """``CREATE TEMP TABLE name AS SELECT columns rest`` (``columns``: name -> expression,
    ``None`` for the column of that name), where a column that holds one value on every row
    (``_CONSTANTS``) is not stored: the table ``name__rows`` holds the others and the view
    ``name`` adds the constants. DuckDB stores a column of NULLs at about 5 bytes a row
    (46 MB at 10,000,000 rows), and the rows' fates and canonical rows carry up to five."""
    stored = {n: e for n, e in columns.items() if e not in _CONSTANTS}
    listed = ", ".join(_q(n) if e is None else f"{e} AS {_q(n)}" for n, e in stored.items())
    con.execute(f"CREATE TEMP TABLE {name}__rows AS SELECT {listed} {rest}")
    shown = ", ".join(_q(n) if e not in _CONSTANTS else f"{e} AS {_q(n)}" for n, e in columns.items())
    con.execute(f"CREATE TEMP VIEW {name} AS SELECT {shown} FROM {name}__rows")


def _drop_slim(con, name: str) -> None:
    con.execute(f"DROP VIEW {name}")
    con.execute(f"DROP TABLE {name}__rows")


def scan(
    source: Source,
    mapping: Mapping,
    *,
    dayfirst: bool | None = None,
    decimal: str | None = None,
    as_of=None,
    today=None,
    meanings: dict[str, str] | None = None,
) -> Transactions:
    """The canonical transactions of ``source`` in its connection (the table ``tx``), with
    the row report ``prepare`` gives for the same rows; ``NotScannable`` when the file needs
    ``prepare`` (see the module's text)."""
    if mapping.shape == "customers":
        raise NotScannable("customer_rows")
    used_roles = {r for r, c in mapping.to_dict().items() if c}
    if used_roles - _ROLES:
        raise NotScannable("roles")
    raw_all = source.raw
    if raw_all is not None and (
        raw_all.long_cells is not None
        or raw_all.row_lines is not None
        or raw_all.read_as
        or raw_all.cp1252_lines
        or raw_all.sheets_skipped
    ):
        raise NotScannable("reading_notes")
    sample = source.sample
    con = source.con
    require_roles(sample, mapping, ("customer", "date"))
    columns = list(source.columns)
    platform = recognise({normalise_header(c) for c in columns}, column_share(columns, sample.frame))
    if platform is not None and platform.kind == "contacts":
        raise NotScannable("contacts_platform")
    if platform is not None and (platform.counterpart is not None or platform.no_sale):
        raise NotScannable("counterparts")  # an account's activity: whose each row is, read row by row
    if platform is not None and platform.person:
        raise NotScannable("keyed_by_person")  # a row without a customer keyed by its person
    if credit_note_column(sample.frame, mapping) is not None:
        raise NotScannable("credit_notes")  # invoices and credit notes told apart by a type
    today_ts = today_of(today)
    as_of_ts = check_as_of(as_of, today_ts)
    cols = {r: _Column(c, source.typed.get(c)) for r, c in mapping.to_dict().items() if c}
    all_cols = [_Column(c, source.typed.get(c)) for c in columns]

    # Blank rows: every cell missing (text of spaces only is missing, as ``ingest`` reads it).
    def blank_expr(c: _Column) -> str:
        if c.typed or not source.space_cells:
            return f"{_q(c.name)} IS NULL"
        return f"({_q(c.name)} IS NULL OR regexp_full_match({_q(c.name)}, '{WHITESPACE_RE2}*'))"

    blank_sql = " AND ".join(blank_expr(c) for c in all_cols) if all_cols else "true"
    not_blank = f"NOT ({blank_sql})"
    # Exact duplicates over every column as read: each row's hash is kept with the rows that
    # are not blank, and counted there (one pass over the file less than apart).
    hashed = ", ".join(f"src.{_q(c.name)}" for c in all_cols)
    notes: list[Warning] = []
    cols, carried = _fill_order_lines(con, mapping, cols, not_blank, notes, f"hash({hashed})" if all_cols else "NULL")
    # The rows that are not blank, their mapped columns and the first (a totals line may be
    # written there), read once: every later step reads this table, not the file.
    # The customer key, as written but for the spaces around it, computed once.
    cust = cols["customer"]
    kept = ", ".join(_q(c) for c in dict.fromkeys([*(c.name for c in cols.values()), all_cols[0].name]))
    key_expr = f"NULLIF({_strip(cust.raw, ID_SPACES)}, '')"
    flag = ", __c" if carried else ""
    con.execute(
        f"CREATE TEMP TABLE lines AS SELECT __i, __rn, __sheet, {kept}, {key_expr} AS __k0, __h{flag} FROM lines_v"
    )
    n_all = con.execute("SELECT count(*) FROM src").fetchone()[0]
    n_kept, n_distinct = con.execute("SELECT count(*), count(DISTINCT __h) FROM lines").fetchone()
    if all_cols and n_kept >= 2:
        dup = n_kept - n_distinct
        if dup:
            firsts = con.execute(
                f"""SELECT __rn, __sheet FROM (
                      SELECT __i, __rn, __sheet, row_number() OVER (PARTITION BY hash({hashed}) ORDER BY __i) AS k
                      FROM src WHERE {not_blank})
                    WHERE k > 1 ORDER BY __i LIMIT 6"""
            ).fetchall()
            # said before the notes on order lines, as ``prepare`` says them
            notes.insert(0, Warning("exact_duplicates", int(dup), {"rows": _labels(firsts, int(dup), source.several)}))

    key = "__k0"
    # Rows per key, grouped once: the keys' characters are checked on the distinct keys.
    con.execute(f"CREATE TEMP TABLE key_rows AS SELECT {key} AS k, count(*) AS n FROM lines GROUP BY k")
    odd = con.execute(
        f"""SELECT count(*) FILTER (WHERE regexp_matches(k, '{_INVISIBLE_SQL}')),
                   count(*) FILTER (WHERE regexp_matches(k, '[\\x00-\\x1f\\x7f]'))
            FROM key_rows"""
    ).fetchone()
    if odd[0]:
        raise NotScannable("invisible_ids")
    total_cols = _uniq([cust, all_cols[0], *([cols["name"]] if "name" in cols else [])])
    totals = _total_values(con, total_cols)
    email_col = cols.get("email") if mapping.email and mapping.email != mapping.customer else None
    # Only the keys that could be placeholders go to ``placeholder_values``, with the median
    # it compares frequencies with: at 1,000,000 keys, a few rows instead of every key.
    median = con.execute("SELECT quantile_cont(n, 0.5) FROM key_rows WHERE k IS NOT NULL AND n > 1").fetchone()[0]
    counts = con.execute(
        f"SELECT k, n FROM key_rows WHERE k IS NOT NULL AND n > 1 AND ({_MAY_BE_NOBODY})",
        {"frequent": max(10, 10 * median) if median is not None else 0},
    ).df()
    con.execute("DROP TABLE key_rows")
    counts = pd.Series(counts["n"].to_numpy(), index=counts["k"].astype("string"))

    def emails_per_value(values: pd.Index) -> pd.Series:
        con.register("frequent_df", pd.DataFrame({"k": pd.Series(values, dtype="string")}))
        got = con.execute(
            f"""SELECT k, count(DISTINCT lower({email_col.clean})) AS n FROM (SELECT {key} AS k, {email_col.raw} AS {_q(email_col.name)} FROM lines)
                WHERE k IN (SELECT k FROM frequent_df) AND {email_col.clean} IS NOT NULL GROUP BY k"""
        ).df()
        con.unregister("frequent_df")
        return pd.Series(got["n"].to_numpy(), index=got["k"].astype("string"))

    holders = placeholder_values(counts, emails_per_value if email_col is not None else None, median=median)
    _temp_table(con, "holders", pd.DataFrame({"k": pd.Series(sorted(holders), dtype="string")}))
    _temp_table(con, "totals", pd.DataFrame({"v": pd.Series(sorted(totals), dtype="string")}))
    total_sql = " OR ".join(f"{c.raw} IN (SELECT v FROM totals)" for c in total_cols) if totals else "false"
    holder_sql = f"{key} IN (SELECT k FROM holders)" if holders else "false"
    # Rows whose customer is blank or a placeholder are keyed by their e-mail when the file
    # has one: the customer of a registered account with that e-mail (the id written most
    # often beside it; the smallest id among equals), else the e-mail (``prepare._nobody``).
    need = f"({key} IS NULL OR {holder_sql})"
    n_keyed = matched = 0
    keyed_sql, join = f"CASE WHEN {holder_sql} THEN NULL ELSE {key} END", ""
    if email_col is not None:
        email = f"lower({email_col.clean})"
        n_keyed = con.execute(f"SELECT count(*) FROM lines WHERE {need} AND {email} IS NOT NULL").fetchone()[0]
        if n_keyed:
            con.execute(
                f"""CREATE TEMP TABLE registered AS SELECT e AS __e, c AS __c FROM (
                      SELECT e, c, row_number() OVER (PARTITION BY e ORDER BY n DESC, c) AS k FROM (
                        SELECT {email} AS e, {key} AS c, count(*) AS n FROM lines
                        WHERE NOT {need} AND {email} IS NOT NULL GROUP BY e, c)) WHERE k = 1"""
            )
            join = f"LEFT JOIN registered ON registered.__e = {email}"
            keyed_sql = (
                f"CASE WHEN {need} AND {email} IS NOT NULL THEN coalesce(registered.__c, {email}) ELSE {keyed_sql} END"
            )
            matched = con.execute(
                f"SELECT count(*) FROM lines {join} WHERE {need} AND {email} IS NOT NULL AND registered.__c IS NOT NULL"
            ).fetchone()[0]
    left_sql = f"({holder_sql} AND NOT ({need} AND {email} IS NOT NULL))" if n_keyed else holder_sql
    # Rows set aside before the statuses are read: totals, placeholders, no customer.
    early = f"""CASE WHEN {total_sql} THEN 'total_row' WHEN {left_sql} THEN 'placeholder_customer'
                     WHEN ({keyed_sql}) IS NULL THEN 'no_customer' END"""
    # A table when placeholders, totals or e-mails decide (the lists joined once), else a view:
    # the usual file's key is the stripped id, and copying its rows would only cost.
    kind_of = "TABLE" if (join or holders or totals) else "VIEW"
    con.execute(
        f"""CREATE TEMP {kind_of} keyed AS SELECT lines.* EXCLUDE (__h), {keyed_sql} AS __key, {left_sql} AS __left,
               {early} AS __early FROM lines {join}"""
    )
    n_holder_rows, n_left = (
        con.execute(
            "SELECT count(*) FILTER (WHERE " + holder_sql + "), count(*) FILTER (WHERE __left) FROM keyed"
        ).fetchone()
        if holders
        else (0, 0)
    )
    if n_keyed or holders:
        shown = tuple(sorted(map(str, holders))[:3])
        code = "placeholders" if not n_keyed else "keyed_by_email_placeholders" if holders else "keyed_by_email"
        notes.append(
            Warning(
                code,
                int(n_keyed) if n_keyed else int(n_holder_rows),
                {
                    "column": mapping.customer,
                    "values": shown,
                    "email": mapping.email or "",
                    "matched": int(matched),
                    "left": int(n_left),
                },
            )
        )
    head = con.execute(f"SELECT {cust.raw} FROM keyed ORDER BY __i LIMIT {SAMPLE_ROWS}").df().iloc[:, 0]
    email_key = looks_like_emails(head.astype("string"))
    customer = "lower(__key)" if email_key else "__key"
    early = "__early"
    if not email_key:  # for e-mails, the key note says how many merged
        trimmed = (
            con.execute(
                f"""SELECT {cust.raw} FROM keyed WHERE {key} IS NOT NULL AND NOT __left
                AND {cust.raw} <> {key} AND {_strip(cust.raw, WHITESPACE)} = __key ORDER BY __i"""
            )
            .df()
            .iloc[:, 0]
        )
        if len(trimmed):
            notes.append(Warning("ids_trimmed", len(trimmed), {"examples": tuple(trimmed.drop_duplicates().head(3))}))
    if odd[1]:
        raise NotScannable("control_ids")
    ok_keys = _first_rows(con, f"SELECT {cust.raw} AS o, {customer} AS c FROM keyed WHERE ({early}) IS NULL")
    notes += _key_notes(mapping.customer, ok_keys, con, cust, customer, early, platform)
    notes += _lookalikes(con, customer, not_blank, early)

    # Statuses: each value's meaning, from the rows kept so far.
    if mapping.status:
        status = f"coalesce({cols['status'].clean}, '')"
        got = con.execute(
            f"SELECT {status} AS v, count(*) AS n FROM keyed WHERE ({early}) IS NULL GROUP BY v"
        ).fetchall()
        invoices = names_invoices(mapping.order, mapping.date, mapping.amount)
        statuses = propose_meanings(got, meanings, platform.meanings if platform else None, invoices=invoices)
        code = {v.value: MEANING_CODE[v.meaning] for v in statuses}
        _temp_table(
            con,
            "meaning",
            pd.DataFrame({"v": pd.Series(list(code), dtype="string"), "m": list(code.values())}),
            "v, CAST(m AS TINYINT) AS m",
        )
        joins = [f"LEFT JOIN meaning ON meaning.v = {status}"]
        kind = "coalesce(meaning.m, 0)"
    else:
        statuses, kind, joins = (), "0", []
    all_sale, all_purchase = con.execute(
        f"SELECT coalesce(bool_and({kind} <= 1), true), coalesce(bool_and({kind} = 0), true) FROM keyed src {' '.join(joins)}"
    ).fetchone()

    blanks = {}  # role -> whether the cell is blank, read from the lookup's row

    def lookup(role: str, table: str, parse, option) -> tuple[str, object]:
        expr, info = parse(con, cols[role], option, table)
        if not cols[role].typed:
            joins.append(f"LEFT JOIN {table} ON {table}.v = {cols[role].raw}")
            blanks[role] = f"coalesce({table}.b, true)"  # no row: the cell is missing
        return expr, info

    date_expr, dp = lookup("date", "dlook", _dates, dayfirst)
    date = cols["date"]
    date_blank = blanks.get("date", date.blank)
    # A cancelled or open row (a lost or open deal) is dated by its creation when the file
    # has one: an open deal's close date is only expected.
    when_col = mapping.date
    when_expr, when_blank, when_ref = date_expr, date_blank, _q(date.name)
    if mapping.contact_date and not all_sale:
        order = dayfirst if dayfirst is not None else dp.order == "dayfirst"
        created, _ = lookup("contact_date", "clook", _dates, order)
        contact = cols["contact_date"]
        when_expr = f"coalesce({created}, {date_expr})"
        when_raw = f"CASE WHEN {kind} > 1 AND {contact.clean} IS NOT NULL THEN {contact.raw} ELSE {date.raw} END"
        when_blank, when_ref = f"{_clean_text(when_raw)} IS NULL", when_raw
        when_col = mapping.contact_date
    has_amount = mapping.amount is not None or (mapping.quantity is not None and mapping.unit_price is not None)
    np_info = None
    checks = []  # (condition on the inner columns, reason, column, value column)
    if mapping.amount is not None:
        amount_expr, np_info = lookup("amount", "alook", _numbers, decimal)
        blank_amount = blanks.get("amount", cols["amount"].blank)
        checks += [
            ("sale AND amount_blank", "no_amount", mapping.amount, "v_amount"),
            ("sale AND amount_read IS NULL", "bad_amount", mapping.amount, "v_amount"),
        ]
        inner = f", {blank_amount} AS amount_blank, {_q(cols['amount'].name)} AS v_amount"
    elif has_amount:
        q_expr, _ = lookup("quantity", "qlook", _numbers, decimal)
        p_expr, np_info = lookup("unit_price", "plook", _numbers, decimal)
        amount_expr = f"({q_expr}) * ({p_expr})"
        checks += [
            ("sale AND qty IS NULL", "bad_quantity", mapping.quantity, "v_quantity"),
            ("sale AND price IS NULL", "bad_unit_price", mapping.unit_price, "v_unit_price"),
        ]
        inner = (
            f", {q_expr} AS qty, {p_expr} AS price, {_q(cols['quantity'].name)} AS v_quantity,"
            f" {_q(cols['unit_price'].name)} AS v_unit_price"
        )
    else:
        amount_expr, inner = "CAST(NULL AS DOUBLE)", ""
    refund = "0.0"
    if mapping.refund is not None:
        r_expr, _ = lookup("refund", "rlook", _numbers, decimal)
        refund = f"coalesce(abs({r_expr}), 0.0)"
    # A purchase's money is its amount less what was refunded on it; a return nets a negative
    # amount, and a refunded order's positive total adds nothing (``prepare._net_of_refunds``).
    net = "amount_read"
    if has_amount and (mapping.refund is not None or not all_purchase):
        net = (
            "CASE WHEN amount_read IS NULL THEN NULL"
            " WHEN kind = 0 THEN (CASE WHEN amount_read < 0 THEN amount_read ELSE amount_read - refund END)"
            " WHEN kind = 1 THEN (CASE WHEN amount_read < 0 THEN amount_read ELSE least(amount_read - refund, 0.0) + 0.0 END)"
            " ELSE amount_read END"
        )
    texts = {role: (cols[role].clean if role in cols else _NO_TEXT) for role in _TEXT_ROLES}
    texts["email"] = f"lower({texts['email']})"
    order_raw = cols["order"].raw if "order" in cols else _NO_TEXT
    day_cut = pd.Timestamp(today_ts).date().isoformat()
    reasons = [
        ("sale AND date_blank", "no_date", mapping.date, "v_date"),
        ("sale AND d IS NULL", "bad_date", mapping.date, "v_date"),
        ("NOT sale AND when_blank", "no_date", when_col, "v_when"),
        ("NOT sale AND w IS NULL", "bad_date", when_col, "v_when"),
        *checks,
        (f"sale AND d > DATE '{day_cut}'", "future_date", mapping.date, "v_date"),
    ]
    reason_sql = (
        "CASE WHEN early IS NOT NULL THEN early " + " ".join(f"WHEN {c} THEN '{r}'" for c, r, _, _ in reasons) + " END"
    )
    column_sql = (
        f"CASE WHEN early IS NOT NULL THEN {_lit(mapping.customer)} "
        + " ".join(f"WHEN {c} THEN {_lit(col)}" for c, _, col, _ in reasons)
        + " END"
    )
    value_sql = (
        "CASE WHEN early IS NOT NULL THEN CAST(v_customer AS VARCHAR) "
        + " ".join(f"WHEN {c} THEN CAST({v} AS VARCHAR)" for c, _, _, v in reasons)
        + " END"
    )
    _slim_table(
        con,
        "fate",
        {
            **dict.fromkeys(["__i", "__rn", "__sheet", "customer", "d"]),
            "day": "CASE WHEN sale THEN d ELSE w END",
            **dict.fromkeys(["kind", "sale", "purchase"]),
            "amount": net,
            # an unmapped role's column is NULL on every row: not stored
            **{r: None if r in cols else _NO_TEXT for r in _TEXT_ROLES},
            "order_raw": None if "order" in cols else _NO_TEXT,
            "reason": reason_sql,
            "rcolumn": column_sql,
            "rvalue": value_sql,
            **({"__c": None} if carried else {}),
        },
        f"""FROM (
          SELECT src.__i, src.__rn, src.__sheet, {early} AS early, {customer} AS customer, {date_expr} AS d,
                 {when_expr} AS w, {when_blank} AS when_blank, {when_ref} AS v_when,
                 {kind} AS kind, ({kind}) <= 1 AS sale, ({kind}) = 0 AS purchase, {amount_expr} AS amount_read, {
            refund
        } AS refund,
                 {texts["order"]} AS "order", {order_raw} AS order_raw, {texts["segment"]} AS segment,
                 {texts["name"]} AS name, {texts["email"]} AS email,
                 {_q(cust.name)} AS v_customer, {_q(date.name)} AS v_date, {date_blank} AS date_blank{inner}{
            ", src.__c" if carried else ""
        }
          FROM keyed src {" ".join(joins)}) t""",
    )
    if carried:  # ``prepare._orphan_lines``: lines without money whose order or customer has no line holding it
        con.execute(
            """CREATE TEMP TABLE held AS SELECT DISTINCT "order", customer FROM fate__rows
               WHERE NOT __c AND reason IS NULL AND "order" IS NOT NULL"""
        )
        # another customer's line inside an order that is kept, then the lines of an order set aside
        con.execute(
            f"""UPDATE fate__rows f SET reason = 'order_other_customer', rcolumn = {_lit(mapping.customer)},
                  rvalue = f.customer
                WHERE __c AND reason IS NULL AND f."order" IN (SELECT "order" FROM held)
                AND NOT EXISTS (SELECT 1 FROM held h WHERE h."order" = f."order" AND h.customer = f.customer)"""
        )
        con.execute(
            f"""UPDATE fate__rows f SET reason = 'order_line', rcolumn = {_lit(mapping.order)}, rvalue = order_raw
                WHERE __c AND reason IS NULL AND f."order" NOT IN (SELECT "order" FROM held)"""
        )
        con.execute("DROP TABLE held")
    # Each row's fate holds what the rest needs: the lines and their keys are let go, and
    # the memory they took with them (at 10M rows, each such table is some hundreds of MB).
    con.execute(f"DROP {kind_of} keyed")
    con.execute("DROP TABLE lines")
    if as_of_ts is None:
        # The last purchase not after today: a final credit note, a cancelled order or an
        # open deal's expected close never moves it.
        has_purchase, has_other = con.execute(
            "SELECT coalesce(bool_or(purchase), false), coalesce(bool_or(NOT sale), false) FROM fate WHERE reason IS NULL"
        ).fetchone()
        if not has_purchase and has_other:
            raise LifecycleError.of("error.no_purchase", file=source.file, column=mapping.status or "")
        bought, bought_max, sale_max = con.execute(
            """SELECT count(*) FILTER (WHERE purchase AND NOT coalesce(amount <= 0, false)),
                      max(d) FILTER (WHERE purchase AND NOT coalesce(amount <= 0, false)),
                      max(d) FILTER (WHERE sale) FROM fate WHERE reason IS NULL"""
        ).fetchone()
        last = bought_max if bought else sale_max
        as_of_ts = pd.Timestamp(last) if last is not None else today_ts  # no row used: said below
    cut = pd.Timestamp(as_of_ts).date().isoformat()
    # The canonical rows, as ``lifecycle.model.summary`` reads them; a file keyed by e-mail
    # without an e-mail column has its key for e-mail.
    texts_of = {r: None if r in cols else _NO_TEXT for r in _TEXT_ROLES}
    if email_key and mapping.email is None:
        texts_of["email"] = "customer"
    _slim_table(
        con,
        "tx",
        {
            "customer": None,
            "date": "CAST(d AS TIMESTAMP)",
            "amount": None,
            "purchase": None,
            **texts_of,
            "opt_out": "false",
            "__i": None,
        },
        f"FROM fate WHERE reason IS NULL AND sale AND d <= DATE '{cut}'",
    )
    interactions = con.execute(
        f"""SELECT customer, CAST(day AS TIMESTAMP) AS date, kind, email, name FROM fate
            WHERE reason IS NULL AND NOT sale AND day <= DATE '{cut}' ORDER BY __i"""
    ).df()
    interactions = pd.DataFrame(
        {
            "customer": interactions["customer"].astype("string").to_numpy(),
            "date": interactions["date"].astype("datetime64[s]").to_numpy(),
            "meaning": pd.array(np.asarray(MEANINGS)[interactions["kind"].to_numpy(dtype="int64")], dtype="string"),
            "email": interactions["email"].astype("string").to_numpy(),
            "name": interactions["name"].astype("string").to_numpy(),
        }
    )
    if email_key and mapping.email is None:
        interactions["email"] = interactions["customer"]

    # The row report.
    rejected = con.execute(
        "SELECT __sheet AS sheet, __rn AS row, reason, rcolumn, rvalue FROM fate WHERE reason IS NOT NULL ORDER BY __i"
    ).df()
    rejected = pd.DataFrame(
        {
            "row": rejected["row"].to_numpy(dtype="int64"),
            "reason": rejected["reason"].astype(object).to_numpy(),
            "column": rejected["rcolumn"].fillna("").astype(object).to_numpy(),
            "value": rejected["rvalue"].astype("string").fillna("").map(_shown).to_numpy(dtype=object),
            **({"sheet": rejected["sheet"].to_numpy(dtype=object)} if source.several else {}),
        }
    )
    if source.several:
        rejected = rejected[["sheet", "row", "reason", "column", "value"]]
        order = {
            s: i for i, s in enumerate(_strings(con, "SELECT __sheet FROM src GROUP BY __sheet ORDER BY min(__i)"))
        }
        rejected = (
            rejected.assign(_at=rejected["sheet"].map(order))
            .sort_values(["_at", "row"], kind="stable")
            .drop(columns="_at")
            .reset_index(drop=True)
        )
    if rejected.empty:
        rejected = rejected.astype({"row": "int64"})
    n_used, n_after = con.execute(
        f"SELECT count(*) FILTER (WHERE day <= DATE '{cut}'), count(*) FILTER (WHERE day > DATE '{cut}') FROM fate WHERE reason IS NULL"
    ).fetchone()

    said = "CASE WHEN kind = 0 AND amount < 0 THEN 1 ELSE kind END"
    counts_m = dict(
        con.execute(
            f"SELECT {said}, count(*) FROM fate WHERE reason IS NULL AND day <= DATE '{cut}' GROUP BY 1"
        ).fetchall()
    )
    meanings_used = {m: int(counts_m.get(i, 0)) for i, m in enumerate(MEANINGS)}
    order_counts = {}
    if mapping.order:
        got = dict(
            con.execute(
                f"""SELECT s, count(*) FROM (SELECT arg_min({said}, __i) AS s FROM fate
                    WHERE reason IS NULL AND day <= DATE '{cut}' AND "order" IS NOT NULL GROUP BY "order", customer) GROUP BY s"""
            ).fetchall()
        )
        order_counts = {m: int(got.get(i, 0)) for i, m in enumerate(MEANINGS)}
    # The summary reads ``tx`` alone: the rows' fates and the rows copied in from a CSV go
    # before the customers are listed (at 10M rows, some hundreds of MB).
    _drop_slim(con, "fate")
    if con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'src'").fetchone()[0]:
        con.execute("DROP TABLE src")
    warnings = list(notes)
    warnings += status_warnings(mapping, statuses, meanings)
    pairs = con.execute(
        f"SELECT customer AS c{', email AS e' if mapping.email else ''} FROM tx GROUP BY ALL ORDER BY min(__i)"
    ).df()
    ids = pairs["c"].astype("string")
    warnings += id_warnings(ids, pairs["e"].astype("string") if mapping.email else None)
    warnings += parse_warnings(mapping.date, dp, np_info, mapping.amount)
    occasion = '"order"' if mapping.order else "date"
    head = con.execute(f"SELECT customer, {occasion} FROM tx ORDER BY __i LIMIT {SAMPLE_ROWS}").df().drop_duplicates()
    if n_used and not head.iloc[:, 0].duplicated().any():  # a customer bought twice among the first rows: not all once
        per_max = con.execute(
            f"SELECT max(n) FROM (SELECT customer, count(DISTINCT {occasion}) AS n FROM tx GROUP BY customer)"
        ).fetchone()
        tx_rows = con.execute("SELECT count(*) FROM tx").fetchone()[0]
        if tx_rows >= 10 and per_max[0] == 1:
            raise NotScannable("all_once")
    # The file's customers, and those who only cancelled or kept a deal open.
    # ``pairs`` holds one row per customer, or per customer and e-mail.
    bought = ids.drop_duplicates() if mapping.email else ids
    n_customers = len(bought)
    if len(interactions):
        n_customers += interactions["customer"][~interactions["customer"].isin(bought)].nunique()
    first, last = con.execute(
        "SELECT CASE WHEN bool_or(purchase) THEN min(date) FILTER (WHERE purchase) ELSE min(date) END,"
        " CASE WHEN bool_or(purchase) THEN max(date) FILTER (WHERE purchase) ELSE max(date) END FROM tx"
    ).fetchone()
    understood = {
        "customers": int(n_customers),
        "key": key_kind(mapping, email_key, platform),
        "column": mapping.customer,
        "unit": unit_of(mapping, platform),
        "first": pd.Timestamp(first) if first is not None else None,
        "last": pd.Timestamp(last) if last is not None else None,
    }
    reasons = rejected["reason"].value_counts().to_dict()
    report = RowReport(
        file=source.file,
        sheet=source.sheet,
        read=int(n_kept),
        used=int(n_used),
        rejected=len(rejected),
        after_as_of=int(n_after),
        blank=int(n_all - n_kept),
        reasons={str(k): int(v) for k, v in reasons.items()},
        rejected_rows=rejected,
        warnings=tuple(key_counted(warnings, understood["customers"])),
        date_parse=dp,
        number_parse=np_info,
        meanings=meanings_used,
        meaning_orders=order_counts,
        statuses=statuses,
        platform=platform.key if platform else None,
        understood=understood,
    )
    tx_rows = con.execute("SELECT count(*) FROM tx").fetchone()[0]
    if report.used == 0 or tx_rows == 0:
        raise no_usable_row(sample if raw_all is None else raw_all, report)
    empty = pd.DataFrame({c: pd.Series(dtype="string") for c in ("customer", "order", "segment", "name", "email")})
    return Transactions(
        frame=empty,
        report=report.with_warnings(mixed_currencies(sample if raw_all is None else raw_all, mapping)),
        as_of=pd.Timestamp(as_of_ts),
        has_amount=has_amount,
        has_order=mapping.order is not None,
        has_segment=mapping.segment is not None,
        mapping=mapping,
        interactions=interactions,
        currency=file_currency(sample if raw_all is None else raw_all, mapping),
        table=source,
    )


def _shown(value: str) -> str:
    """A rejected value as the row report keeps it: cut past ``VALUE_SHOWN`` characters."""
    return shorten(value, VALUE_SHOWN) if len(value) > VALUE_SHOWN else value


def _uniq(cols: list[_Column]) -> list[_Column]:
    seen, out = set(), []
    for c in cols:
        if c.name not in seen:
            seen.add(c.name)
            out.append(c)
    return out


def _labels(found: list[tuple], total: int, several: bool, first: int = 5) -> str:
    """``prepare.row_labels`` for rows read from DuckDB: «12, 45, …» («2023!12» for a dataset of files)."""
    shown = [f"{s}!{r}" if several else str(r) for r, s in found[:first]]
    return ", ".join(shown) + (", …" if total > first else "")


def _key_notes(column, ok_keys: pd.DataFrame, con, cust: _Column, customer: str, early: str, platform) -> list[Warning]:
    """``prepare.key_notes``: the e-mail test on the first rows kept, counts over them all
    (counted only when the header does not name the customer: then there is no note)."""
    roles = key_roles(column, platform)
    if "customer" in roles:
        return []
    roles_email = looks_like_emails(ok_keys["o"].astype("string"))
    n_orig, n_cust = con.execute(
        f"SELECT count(DISTINCT {cust.raw}), count(DISTINCT {customer}) FROM keyed WHERE ({early}) IS NULL"
    ).fetchone()
    if "email" in roles or roles_email:
        return [Warning("key_email", int(n_cust), {"column": column, "merged": int(n_orig - n_cust)})]
    if "name" in roles:
        return [Warning("key_name", int(n_cust), {"column": column})]
    rows = con.execute(f"SELECT count(*) FROM keyed WHERE ({early}) IS NULL").fetchone()[0]
    per = rows / max(int(n_cust), 1)
    return [Warning("key_values", int(n_cust), {"column": column, "per": round(per, 1)})]


def _lookalikes(con, customer: str, not_blank: str, early: str) -> list[Warning]:
    """``prepare.lookalikes`` on the distinct keys that are not ASCII."""
    odd = con.execute(
        f"SELECT c, count(*) AS n, min(i) AS i FROM (SELECT {customer} AS c, __i AS i FROM keyed WHERE ({early}) IS NULL)"
        " WHERE c IS NOT NULL AND NOT regexp_full_match(c, '[\\x00-\\x7f]*') GROUP BY c ORDER BY i"
    ).df()
    if odd.empty:
        return []
    folded = {v: unicodedata.normalize("NFKC", v) for v in odd["c"]}
    changed = [v for v, f in folded.items() if f != v]
    if not changed:
        return []
    targets = list({folded[v] for v in changed})
    con.register("folded_df", pd.DataFrame({"c": pd.Series(targets, dtype="string")}))
    known = set(
        _strings(
            con,
            f"SELECT DISTINCT c FROM (SELECT {customer} AS c FROM keyed WHERE ({early}) IS NULL) WHERE c IN (SELECT c FROM folded_df)",
        )
    )
    con.unregister("folded_df")
    pairs = [(v, folded[v]) for v in changed if folded[v] in known]
    if not pairs:
        return []
    n = dict(zip(odd["c"], odd["n"]))
    rows = int(sum(n.get(v, 0) for v, _ in pairs))
    examples = tuple(f"{v} / {f}" for v, f in pairs[:3])
    return [Warning("ids_lookalike", rows, {"ids": len(pairs), "examples": examples})]
