"""Read an export (xlsx/xlsm/xls, csv/txt, parquet) into a table of text with its sheet row numbers.

Every cell is read as text so that ids keep their leading zeros and French numbers and
dates are parsed by ``lifecycle.reading.parse`` with a column-level decision. Excel goes through
the Rust calamine reader straight to Arrow (fastexcel), openpyxl only where calamine
fails. Title rows above the header are skipped by detecting the header row.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import LifecycleError, place
from ..locale.i18n import fmt_int, t
from .mapping import Proposal, header_score, normalise_header, propose

# Each reader (fastexcel, openpyxl, pyarrow's CSV reader) is imported by the function that reads
# its kind of file: a CSV never loads the Excel readers.

__all__ = [
    "EXCEL_SUFFIXES",
    "OLE2_SIGNATURE",
    "TEXT_SUFFIXES",
    "RawTable",
    "SheetInfo",
    "file_size",
    "list_sheets",
    "name_columns",
    "read_and_propose",
    "read_table",
    "sheets_like",
]

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_HEADER_SCAN = 30


def _limit(name: str, default: int) -> int:
    """A reading limit: its default, or the environment's ``LIFECYCLE_<NAME>``."""
    try:
        return max(1, int(os.environ.get(f"LIFECYCLE_{name}", default)))
    except ValueError:
        return default


# What a file may ask of the reader, checked before any reader allocates for it: a customer
# export has a few dozen columns, and a workbook part inflated past these is no export.
MAX_COLUMNS = _limit("MAX_COLUMNS", 2_000)
MAX_CELLS = _limit("MAX_CELLS", 60_000_000)  # a sheet's extent, rows × columns
MAX_PART_BYTES = _limit("MAX_PART_BYTES", 1 << 30)  # one part of an xlsx, once inflated
# A cell longer than Excel's own limit is cut there, and its row set aside by the row report.
MAX_CELL_CHARS = _limit("MAX_CELL_CHARS", 32_767)


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool
    rows: int
    columns: int


@dataclass(frozen=True)
class RawTable:
    """A sheet as text: ``frame`` has one column per header, ``row_numbers`` the sheet rows."""

    file: str
    sheet: str | None
    header_row: int  # 1-based row number of the header in the sheet or file
    frame: pd.DataFrame
    row_numbers: pd.Series  # 1-based sheet (or file line) number of each data row
    sheets: tuple[SheetInfo, ...] = ()
    encoding: str | None = None
    separator: str | None = None
    # Several sheets read as one table (one sheet per year): the sheet of each data row,
    # the sheets read, and those left out because their columns differ.
    row_sheets: pd.Series | None = None
    sheets_read: tuple[str, ...] = ()
    sheets_skipped: tuple[str, ...] = ()
    read_as: str | None = None  # "text": an Excel-named file that is a CSV, read as one
    row_lines: pd.Series | None = None  # physical lines of each data row, when some span several
    # Cells longer than ``MAX_CELL_CHARS``, cut to it: their row (0-based in ``frame``),
    # column and whole length.
    long_cells: pd.DataFrame | None = None
    # A text file mixing UTF-8 and Windows-1252 lines: how many lines were Windows-1252, the first.
    cp1252_lines: tuple[int, int] | None = None


def _source(data: bytes | str | Path, name: str | None) -> tuple[bytes | Path, str]:
    if isinstance(data, (str, Path)):
        path = Path(data)
        if not path.exists():
            raise LifecycleError.of("error.not_found", file=path.name)
        return path, name or path.name
    return data, name or "upload"


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


def list_sheets(data: bytes | str | Path, name: str | None = None) -> list[SheetInfo]:
    """The sheets of a workbook, with visibility and size (empty list for CSV and Parquet)."""
    src, name = _source(data, name)
    if _suffix(name) not in EXCEL_SUFFIXES:
        return []
    return _Workbook(src, name).sheets


class _Workbook:
    """A workbook checked and opened once, its sheets listed with their sizes.

    Calamine parses a whole sheet even when asked for its first row, so listing the sheets
    parses each of them: the largest (the one a read usually takes) is kept for ``grid``,
    which would otherwise parse it a second time. One sheet at most is kept, so that a
    workbook of many large sheets takes no more memory than before."""

    def __init__(self, src: bytes | Path, name: str):
        self.src, self.name = src, name
        self.reader = _excel_reader(src, name)
        self.sheets: list[SheetInfo] = []
        self._kept: tuple[str, object] | None = None
        largest = 0
        for sheet_name in self.reader.sheet_names:
            try:
                sheet = whole = self._load(sheet_name)
            except Exception:  # its first row alone, then, and ``grid`` asks openpyxl for the rest
                whole = None
                try:
                    sheet = self.reader.load_sheet(sheet_name, header_row=None, dtypes="string", n_rows=1, skip_rows=0)
                except Exception:  # an unreadable sheet (chart sheet, macro sheet) is listed as empty
                    self.sheets.append(SheetInfo(sheet_name, False, 0, 0))
                    continue
            self.sheets.append(SheetInfo(sheet_name, sheet.visible == "visible", sheet.total_height, sheet.width))
            if whole is not None and sheet.total_height * max(sheet.width, 1) > largest:
                largest = sheet.total_height * max(sheet.width, 1)
                self._kept = (sheet_name, whole)

    def _load(self, sheet_name: str):
        return self.reader.load_sheet(sheet_name, header_row=None, dtypes="string", skip_rows=0)

    def grid(self, sheet_name: str) -> pd.DataFrame:
        """The sheet's cells as text, every row (read by openpyxl where calamine fails)."""
        kept, self._kept = self._kept, None
        try:
            sheet = kept[1] if kept is not None and kept[0] == sheet_name else self._load(sheet_name)
            return _days(sheet.to_pandas())
        except Exception:
            return _days(_read_excel_openpyxl(self.src, self.name, sheet_name))


# A date cell is read as its timestamp («2022-09-03 00:00:00»): at midnight, a date alone is
# what Excel shows and what the Data page should show. In RE2, for Arrow, on every cell at once.
_MIDNIGHT = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) 00:00:00$"


def _days(grid: pd.DataFrame) -> pd.DataFrame:
    """``grid`` with each cell that is a date at midnight written as the date alone, in the
    columns where the first 1,000 cells hold one: the others (names, ids, amounts) are left
    without a look at each of their cells, a third of a second a million rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for column in grid.columns:
        head = grid[column].head(1_000).dropna()
        if not any(len(v) == 19 and v.endswith(" 00:00:00") for v in head):
            continue
        values = pa.array(grid[column], type=pa.large_string(), from_pandas=True)
        if pc.any(pc.match_substring_regex(values, _MIDNIGHT)).as_py():
            cut = pc.replace_substring_regex(values, _MIDNIGHT, r"\1")
            grid[column] = pd.Series(cut.to_pandas(), index=grid.index, dtype=grid[column].dtype)
    return grid


def _head(src: bytes | Path, n: int = 65_536) -> bytes:
    if isinstance(src, bytes):
        return src[:n]
    with open(src, "rb") as fh:
        return fh.read(n)


OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# UTF-16 with its byte-order mark, little or big end first: what Excel's «Unicode Text» saves.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def file_kind(src: bytes | Path) -> str:
    """What the bytes are, whatever the name says: ``zip`` (xlsx), ``ole`` (xls, or an
    encrypted xlsx), ``html``, ``text`` or ``binary`` (from the first 64 KB)."""
    head = _head(src)
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(OLE2_SIGNATURE):
        return "ole"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta")):
        return "html"
    if b"\x00" not in head[:4096] or head.startswith(_UTF16_BOMS):
        return "text"
    return "binary"


_CELL_REF = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')  # cells past column Z
_ROW_REF = re.compile(rb'<row r="([0-9]+)"')
_FAR_ROW = re.compile(rb' r="[A-Z]{0,3}([0-9]{6,7})"')  # a row or a cell past row 99,999
_SCAN_ALL = 64 << 20  # a sheet's XML up to this size is searched for far rows wherever they stand


def _count(n: int):
    """A number for a message, in the reader's format (1,234 or 1 234)."""
    return lambda lang: fmt_int(n, lang)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_workbook(src: bytes | Path, name: str) -> None:
    """An xlsx asks the reader for its sheets' whole extent, and inflates its parts: both
    are measured first (the zip's declared sizes, then each sheet streamed once for its last
    row and widest cell), so that a 2 KB file with one cell at XFD1048576 is refused instead
    of making the reader allocate half a terabyte."""
    try:
        box = zipfile.ZipFile(io.BytesIO(src) if isinstance(src, bytes) else src)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip after all: the reader says what it is
    with box:
        for info in box.infolist():
            if info.file_size > MAX_PART_BYTES:
                raise LifecycleError.of(
                    "error.part_too_large",
                    file=name,
                    part=info.filename,
                    size=_count(info.file_size),
                    max=_count(MAX_PART_BYTES),
                )
        for info in box.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            last_row, widest = 0, 26
            tail = b""
            with box.open(info) as part:
                while chunk := part.read(1 << 24):
                    block = tail + chunk
                    at = block.rfind(b'<row r="')  # rows come in order: the chunk's last is the largest
                    if at >= 0 and (row := _ROW_REF.match(block, at)):
                        last_row = max(last_row, int(row.group(1)))
                    if info.file_size <= _SCAN_ALL:  # and a small file put out of order is searched whole
                        far = _FAR_ROW.findall(block)
                        if far:
                            last_row = max(last_row, max(map(int, far)))
                    wide = set(_CELL_REF.findall(block))
                    if wide:
                        widest = max(widest, max(_column_number(c) for c in wide))
                    tail = block[-64:]
            if widest > MAX_COLUMNS or last_row * widest > MAX_CELLS:
                raise LifecycleError.of(
                    "error.sheet_too_large",
                    file=name,
                    rows=_count(last_row),
                    columns=_count(widest),
                    width=_count(MAX_COLUMNS),
                    max=_count(MAX_CELLS),
                )


def _excel_reader(src: bytes | Path, name: str):
    import fastexcel

    if file_kind(src) == "zip":
        _check_workbook(src, name)
    try:
        return fastexcel.read_excel(src if isinstance(src, bytes) else str(src))
    except Exception as exc:  # calamine refused the file: say what the file is instead
        kind = file_kind(src)
        whole = src if isinstance(src, bytes) else Path(src).read_bytes()
        if kind == "ole" and _ENCRYPTED in whole:  # an encrypted xlsx is an OLE2 box around it
            raise LifecycleError.of("error.encrypted", file=name) from exc
        if kind == "html":
            raise LifecycleError.of("error.html", file=name) from exc
        if kind in ("zip", "ole"):
            raise LifecycleError.of("error.damaged", file=name) from exc
        raise LifecycleError.of("error.not_workbook", file=name) from exc


def _short(exc: Exception | str) -> str:
    """A reader's message in one line, cut at a word past 160 characters."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 160 else text[:160].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _pick_sheet(sheets: list[SheetInfo], wanted: str | int | None, include_hidden: bool, name: str) -> str:
    names = [s.name for s in sheets]
    if wanted is not None:
        if isinstance(wanted, int) or (isinstance(wanted, str) and wanted.isdigit() and wanted not in names):
            idx = int(wanted)
            if 0 <= idx < len(names):
                return names[idx]
        elif wanted in names:
            return wanted
        raise LifecycleError.of("error.no_sheet", file=name, sheet=wanted, sheets=", ".join(names))
    candidates = [s for s in sheets if (s.visible or include_hidden) and s.rows > 0]
    if not candidates:
        raise LifecycleError.of("error.no_data_sheet", file=name)
    # The one that looks like data: the most cells; ties go to the first.
    return max(candidates, key=lambda s: (s.rows * max(s.columns, 1), -names.index(s.name))).name


def _read_excel_openpyxl(src: bytes | Path, name: str, sheet: str) -> pd.DataFrame:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(src) if isinstance(src, bytes) else src, read_only=True, data_only=True)
        rows = [["" if v is None else str(v) for v in row] for row in wb[sheet].iter_rows(values_only=True)]
    except Exception as exc:
        raise LifecycleError.of("error.sheet_unreadable", where=place(name, sheet), why=_short(exc)) from exc
    return pd.DataFrame(rows, dtype="string")


def _windows_1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """A codec error handler: the bytes that are not UTF-8 read as Windows-1252 (latin-1
    for the five bytes it leaves undefined), one byte at a time."""
    byte = error.object[error.start : error.start + 1]
    try:
        return byte.decode("cp1252"), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


codecs.register_error("lifecycle-cp1252", _windows_1252)


def _decode(raw: bytes, name: str) -> tuple[str, str, tuple[int, int] | None]:
    """The text, its encoding, and, for a file mixing UTF-8 and Windows-1252 lines (two
    exports pasted together), how many lines were read as Windows-1252 and the first one.

    UTF-8 is strict: a Windows-1252 accent followed by a plain letter is never valid UTF-8.
    A file that is not UTF-8 is read line by line: each line in UTF-8 when it is, else in
    Windows-1252, so that «Société» is one name whichever export it came from."""
    try:
        text = raw.decode("utf-8-sig")
        return text, "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8", None
    except UnicodeDecodeError:
        pass
    if not _UTF8_PAIR.search(raw):  # a plain Windows-1252 file: nothing in it reads as UTF-8
        return raw.decode("cp1252", errors="lifecycle-cp1252"), "cp1252", None
    other = first = 0
    parts = []
    for i, line in enumerate(raw.splitlines(keepends=True)):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append(line.decode("utf-8", errors="lifecycle-cp1252"))
            other += 1
            first = first or i + 1
    return "".join(parts), "utf-8+cp1252", (other, first)


# An accented letter or a symbol as UTF-8 writes it (two or three bytes); in a Windows-1252
# text these pairs are mojibake («Ã©»), which nobody writes on purpose.
_UTF8_PAIR = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _sniff_separator(lines: list[str]) -> str:
    candidates = [";", ",", "\t", "|"]
    best, best_score = ",", -1.0
    lines = [ln[:20_000] for ln in lines]  # enough to count separators; no field-size error
    for sep in candidates:
        counts = [len(next(csv.reader([ln], delimiter=sep))) for ln in lines if ln.strip()]
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        # A separator that splits most lines into the same number of fields.
        score = sum(c == widest for c in counts) / len(counts) * widest
        if score > best_score:
            best, best_score = sep, score
    return best


@contextlib.contextmanager
def _no_field_limit():
    """The csv module refuses fields over 131,072 characters; a file may have one (a long
    comment): read it, the row report judges it."""
    previous = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _record_lines(text: str, sep: str, records: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The first line and the number of physical lines of each record, when some record
    spans several lines (a quoted value with line breaks, or a quote never closed);
    ``None`` when every record is one line (the usual case, found by counting)."""
    breaks = text.count("\n") if "\n" in text else text.count("\r")
    lines = breaks + (0 if text.endswith(("\n", "\r")) else 1)
    if lines <= records:
        return None
    starts, spans, previous = [], [], 0
    try:
        with _no_field_limit():
            reader = csv.reader(io.StringIO(text), delimiter=sep)
            for _ in reader:
                starts.append(previous + 1)
                spans.append(reader.line_num - previous)
                previous = reader.line_num
    except csv.Error:  # a stray carriage return: keep the plain numbering
        return None
    if len(starts) != records:  # the two readers disagree: keep the plain numbering
        return None
    return np.array(starts, dtype="int64"), np.array(spans, dtype="int64")


def _arrow_grid(text: str, sep: str) -> pd.DataFrame | None:
    """The grid of text by Arrow's CSV reader (multi-threaded, straight to Arrow strings: a
    1,000,000-line file in a fifth of pandas' time), or ``None`` where pandas' reader must
    judge: lines of different widths, blank lines, an empty text, a separator of several
    characters. Both read the same quoting rules (a test compares their grids)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if len(sep) != 1 or not text.strip():
        return None
    with _no_field_limit():
        try:
            first = next(csv.reader(io.StringIO(text[:1_000_000]), delimiter=sep), None)
        except csv.Error:
            return None
    if not first:
        return None
    names = [f"f{i}" for i in range(len(first))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype()}.get)


def _read_text_grid(
    src: bytes | Path, name: str
) -> tuple[pd.DataFrame, int, str, str, tuple | None, tuple[int, int] | None]:
    raw = src if isinstance(src, bytes) else Path(src).read_bytes()
    if raw.startswith(_UTF16_BOMS):
        try:
            text, encoding, mixed = raw.decode("utf-16"), "utf-16", None
        except UnicodeDecodeError as exc:
            raise LifecycleError.of("error.not_text", file=name) from exc
        del raw  # the text is what is read from here on
    elif b"\x00" in raw[:4096]:
        raise LifecycleError.of("error.not_text", file=name)
    else:
        text, encoding, mixed = _decode(raw, name)
    offset = 0
    first_line = text.split("\n", 1)[0].strip()
    m = re.fullmatch(r'"?sep=(.)"?', first_line, flags=re.IGNORECASE)
    if m:
        sep = m.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        offset = 1
    else:
        sep = _sniff_separator(text[:200_000].splitlines()[:60])
    width = text[: text.find("\n") if "\n" in text else 10_000_000].count(sep) + 1
    if width > MAX_COLUMNS:  # refused before any reader builds a column for each field
        raise LifecycleError.of("error.too_wide", file=name, n=_count(width), max=_count(MAX_COLUMNS))
    grid = _arrow_grid(text, sep)
    if grid is not None:
        grid.columns = range(grid.shape[1])
        return grid, offset, encoding, sep, _record_lines(text, sep, len(grid)), mixed
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype="string",
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c" if len(sep) == 1 else "python",
            on_bad_lines="error",
        )
    except pd.errors.EmptyDataError:
        grid = pd.DataFrame(dtype="string")
    except (pd.errors.ParserError, csv.Error) as exc:
        line = re.search(r"line (\d+)", str(exc))
        at_line = (lambda lang: t("error.at_line", lang, line=int(line.group(1)) + offset)) if line else ""
        # Ragged lines: read them with the python engine, padding short ones.
        try:
            with _no_field_limit():
                rows = list(csv.reader(io.StringIO(text), delimiter=sep))
            width = max((len(r) for r in rows), default=0)
            grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype="string")
        except csv.Error as exc2:
            raise LifecycleError.of("error.csv", file=name, line=at_line, why=_short(exc2)) from exc2
    grid.columns = range(grid.shape[1])
    return grid, offset, encoding, sep, _record_lines(text, sep, len(grid)), mixed


def _detect_header(grid: pd.DataFrame) -> int:
    """Index (0-based, in ``grid``) of the row that holds the column names."""
    head = grid.head(_HEADER_SCAN)
    # Rows as lists once: a pandas row costs a Series each time (a third of a small file's read).
    values, missing = head.to_numpy(dtype=object).tolist(), head.isna().to_numpy().tolist()
    rows = [[v for v, na in zip(row, nas) if not na] for row, nas in zip(values, missing)]
    best, best_score = 0, float("-inf")
    widest = max((len(row) for row in rows), default=0)
    for i, row in enumerate(rows):
        cells = [str(v).strip() for v in row if str(v).strip()]
        if len(cells) < min(2, widest):
            continue
        texty = [c for c in cells if not re.fullmatch(r"[-+()\d\s.,:/%€$£]+", c)]
        score = len(texty) + 3 * sum(header_score(c) > 0 for c in cells) - 2 * (len(cells) - len(texty))
        if score > best_score:
            best, best_score = i, score
    return best


def name_columns(cells: list) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, v in enumerate(cells):
        label = str(v).strip() if pd.notna(v) and str(v).strip() else f"column {i + 1}"
        label = re.sub(r"\s+", " ", label)
        if label in seen:
            seen[label] += 1
            label = f"{label} ({seen[label]})"
        else:
            seen[label] = 1
        names.append(label)
    return names


def read_table(
    data: bytes | str | Path,
    name: str | None = None,
    *,
    sheet: str | int | list | tuple | None = None,
    header_row: int | None = None,
    include_hidden: bool = False,
    all_sheets: bool = False,
) -> RawTable:
    """Read a file (path, or bytes with its name) into a ``RawTable`` of text.

    ``header_row`` is the 1-based row of the column names; ``None`` detects it.
    ``sheet`` may list several sheets, and ``all_sheets`` takes every sheet with data: they
    are read as one table (see ``_stack``).
    """
    src, name = _source(data, name)
    suffix = _suffix(name)
    read_as = None
    if suffix in EXCEL_SUFFIXES and file_kind(src) == "text":  # a CSV saved with an Excel name
        suffix, read_as = ".csv", "text"
    several = all_sheets or (isinstance(sheet, (list, tuple)) and len(sheet) > 1)
    if isinstance(sheet, (list, tuple)) and not several:
        sheet = sheet[0] if sheet else None
    if several and suffix in EXCEL_SUFFIXES:
        return _read_sheets(src, name, None if all_sheets else list(sheet), header_row, include_hidden)
    sheets: list[SheetInfo] = []
    encoding = separator = record_lines = mixed = None
    offset = 0
    chosen: str | None = None
    if suffix in EXCEL_SUFFIXES:
        book = _Workbook(src, name)
        sheets = book.sheets
        chosen = _pick_sheet(sheets, sheet, include_hidden, name)
        grid = book.grid(chosen)
    elif suffix in TEXT_SUFFIXES:
        grid, offset, encoding, separator, record_lines, mixed = _read_text_grid(src, name)
        if read_as == "text" and grid.shape[1] < 2:  # text, but no table: not a CSV either
            raise LifecycleError.of("error.not_workbook", file=name)
    elif suffix == ".parquet":
        try:
            frame = pd.read_parquet(io.BytesIO(src) if isinstance(src, bytes) else src)
        except Exception as exc:  # the reader's words, without the server's paths
            why = _short(re.sub(r"'?(/[^'\s]+/)+([^'\s/]+)'?", r"\2", str(exc)))
            raise LifecycleError.of("error.parquet", file=name, why=why) from exc
        header = pd.DataFrame([list(map(str, frame.columns))], dtype="string")
        body = frame.astype("string")
        body.columns = range(frame.shape[1])
        header.columns = range(frame.shape[1])
        grid = pd.concat([header, body], ignore_index=True)
    else:
        raise LifecycleError.of(
            "error.file_type", file=name, suffix=suffix or (lambda lang: t("error.no_suffix", lang))
        )
    header, body, rows, long_cells = _table(grid, header_row, offset, place(name, chosen))
    row_lines = None
    if record_lines is not None:  # records over several lines: their real first line
        starts, spans = record_lines
        first = len(grid) - len(body)
        rows = pd.Series(starts[first:] + offset, name="row", dtype="int64")
        row_lines = pd.Series(spans[first:], dtype="int64")
    return RawTable(
        file=name,
        sheet=chosen,
        header_row=header,
        frame=body,
        row_numbers=rows,
        sheets=tuple(sheets),
        encoding=encoding,
        separator=separator,
        sheets_read=(chosen,) if chosen else (),
        read_as=read_as,
        row_lines=row_lines,
        long_cells=long_cells,
        cp1252_lines=mixed,
    )


def _cut_long_cells(grid: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """``grid`` with every cell over ``MAX_CELL_CHARS`` cut to it, and, by column position,
    the positions and lengths of those cells. No later step then works on a cell of megabytes."""
    long = {}
    for i, c in enumerate(grid.columns):
        lengths = grid[c].str.len()
        over = (lengths > MAX_CELL_CHARS).to_numpy(dtype=bool, na_value=False)
        if over.any():
            long[i] = (np.flatnonzero(over), lengths.to_numpy(dtype="int64", na_value=0)[over])
            grid[c] = grid[c].where(~over, grid[c].str.slice(0, MAX_CELL_CHARS))
    return grid, long


def _table(
    grid: pd.DataFrame, header_row: int | None, offset: int, where
) -> tuple[int, pd.DataFrame, pd.Series, pd.DataFrame | None]:
    """The header row (1-based), the data rows under it with named columns, their row
    numbers, and the cells that were too long (see ``RawTable.long_cells``)."""
    if grid.shape[1] > MAX_COLUMNS:  # cells the sheet did not declare (no reference) count too
        raise LifecycleError.of("error.sheet_too_wide", where=where, n=_count(grid.shape[1]), max=_count(MAX_COLUMNS))
    grid = grid.astype("string")
    grid, long = _cut_long_cells(grid)
    grid = grid.mask(grid.apply(lambda c: c.str.strip() == ""), pd.NA) if len(grid) else grid
    if grid.shape[0] == 0 or grid.notna().sum().sum() == 0:
        raise LifecycleError.of("error.empty_sheet", where=where)
    if header_row is None:
        h = _detect_header(grid)
    else:
        h = header_row - 1 - offset
        if not 0 <= h < len(grid):
            raise LifecycleError.of(
                "error.header_row", where=where, row=_count(header_row), last=_count(len(grid) + offset)
            )
    for at, lengths in long.values():
        if h in at:  # a column name of thousands of characters: this is no export's header
            raise LifecycleError.of(
                "error.long_header",
                where=where,
                row=h + 1 + offset,
                n=_count(int(lengths[list(at).index(h)])),
                max=_count(MAX_CELL_CHARS),
            )
    columns = name_columns(grid.iloc[h].tolist())
    body = grid.iloc[h + 1 :].copy()
    body.columns = columns
    # Drop columns with neither a name nor any value (stray formatting to the right).
    keep = [c for i, c in enumerate(columns) if not (c == f"column {i + 1}" and body[c].isna().all())]
    body = body[keep].reset_index(drop=True)
    rows = pd.Series(range(h + 2 + offset, h + 2 + offset + len(body)), name="row", dtype="int64")
    parts = [
        pd.DataFrame({"index": at[at > h] - h - 1, "column": columns[c], "length": lengths[at > h]})
        for c, (at, lengths) in long.items()
        if (at > h).any()
    ]
    cut = pd.concat(parts, ignore_index=True).sort_values("index", kind="stable") if parts else None
    return h + 1 + offset, body, rows, cut


def _read_sheets(src, name: str, wanted: list | None, header_row: int | None, include_hidden: bool) -> RawTable:
    """Several sheets of a workbook as one table: one sheet per year, with the same columns.

    Columns are matched by name (case, accents and spacing aside); a sheet may lack a few
    columns (left empty) or add some. With ``wanted=None`` (every sheet), a sheet sharing
    less than half of the first sheet's columns is left out and listed (a notes or
    pivot sheet); a sheet the user named must match, or the error names it.
    """
    book = _Workbook(src, name)
    sheets = book.sheets
    if wanted is None:
        names = [s.name for s in sheets if (s.visible or include_hidden) and s.rows > 0]
        if not names:
            raise LifecycleError.of("error.no_data_sheet", file=name)
    else:
        names = list(dict.fromkeys(_pick_sheet(sheets, w, include_hidden, name) for w in wanted))
    tables, skipped, cut = [], [], []
    reference: list[str] | None = None
    for sheet_name in names:
        try:
            header, body, rows, long_cells = _table(book.grid(sheet_name), header_row, 0, place(name, sheet_name))
        except LifecycleError as exc:
            if wanted is None and exc.key == "error.empty_sheet":
                skipped.append(sheet_name)
                continue
            raise
        if reference is None:
            reference = list(body.columns)
        else:
            body, shared = _align(body, reference)
            if shared * 2 < len(reference):
                if wanted is None:
                    skipped.append(sheet_name)
                    continue
                raise LifecycleError.of(
                    "error.sheets_differ",
                    where=place(name, sheet_name),
                    first=names[0],
                    columns=", ".join(map(str, body.columns)),
                    expected=", ".join(reference),
                )
            for column in body.columns:
                if column not in reference:
                    reference.append(column)
        if long_cells is not None:
            long_cells = long_cells.assign(index=long_cells["index"] + sum(len(b) for _, _, b, _ in tables))
            cut.append(long_cells)
        tables.append((sheet_name, header, body, rows))
    if not tables:
        raise LifecycleError.of("error.no_data_sheet", file=name)
    frame = pd.concat([b for _, _, b, _ in tables], ignore_index=True)
    frame = frame[reference]
    return RawTable(
        file=name,
        sheet=" + ".join(n for n, *_ in tables),
        header_row=tables[0][1],
        frame=frame,
        row_numbers=pd.concat([r for *_, r in tables], ignore_index=True),
        sheets=tuple(sheets),
        row_sheets=pd.Series(
            pd.Categorical([n for n, _, b, _ in tables for _ in range(len(b))], categories=[n for n, *_ in tables]),
            name="sheet",
        ),
        sheets_read=tuple(n for n, *_ in tables),
        sheets_skipped=tuple(skipped),
        long_cells=pd.concat(cut, ignore_index=True) if cut else None,
    )


def _align(body: pd.DataFrame, reference: list[str]) -> tuple[pd.DataFrame, int]:
    """``body`` with its columns renamed to the reference's where only case, accents or
    spacing differ; the number of reference columns it has."""
    by_norm = {normalise_header(c): c for c in reference}
    renamed = {c: by_norm.get(normalise_header(c), c) for c in body.columns}
    body = body.rename(columns=renamed)
    body = body.loc[:, ~body.columns.duplicated()]
    return body, sum(c in body.columns for c in reference)


def sheets_like(data: bytes | str | Path, name: str | None, sheet: str, include_hidden: bool = False) -> list[str]:
    """The other sheets whose header has at least half of ``sheet``'s columns (one sheet per
    year), in workbook order with ``sheet`` among them; ``[]`` when it has no such sibling.

    Only the first rows of each sheet are read, to find its header."""
    src, name = _source(data, name)
    if _suffix(name) not in EXCEL_SUFFIXES:
        return []
    book = _Workbook(src, name)
    sheets = [s for s in book.sheets if (s.visible or include_hidden) and s.rows > 0]
    reader = book.reader
    headers: dict[str, set[str]] = {}
    for s in sheets:
        try:
            grid = reader.load_sheet(s.name, header_row=None, dtypes="string", n_rows=_HEADER_SCAN).to_pandas()
        except Exception:  # a sheet calamine cannot read is nobody's sibling
            continue
        grid = grid.astype("string")
        grid = grid.mask(grid.apply(lambda c: c.str.strip() == ""), pd.NA) if len(grid) else grid
        if grid.notna().sum().sum() == 0:
            continue
        cells = grid.iloc[_detect_header(grid)].dropna().tolist()
        headers[s.name] = {normalise_header(c) for c in cells if str(c).strip()}
    mine = headers.get(sheet)
    if not mine:
        return []
    like = [n for n, cols in headers.items() if len(cols & mine) * 2 >= len(mine)]
    return like if len(like) > 1 else []


def read_and_propose(
    data: bytes | str | Path,
    name: str | None = None,
    sheet: str | int | list | tuple | None = None,
    header_row: int | None = None,
    include_hidden: bool = False,
    all_sheets: bool = False,
    contacts: bool | None = False,
) -> tuple[RawTable, Proposal | None]:
    """``read_table`` and the proposed mapping of what it read, in one call: the part of a
    read that a hostile file can make slow or large, run in a child process by
    ``lifecycle.reading.bounded`` (``contacts=None``: no proposal)."""
    raw = read_table(
        data, name, sheet=sheet, header_row=header_row, include_hidden=include_hidden, all_sheets=all_sheets
    )
    if contacts is None:
        return raw, None
    return raw, propose(list(raw.frame.columns), raw.frame, contacts=contacts)


def file_size(data: bytes | str | Path) -> int:
    """The size in bytes of a file given as bytes or as a path (0 when it cannot be found)."""
    if isinstance(data, bytes):
        return len(data)
    try:
        return os.path.getsize(data)
    except OSError:
        return 0
