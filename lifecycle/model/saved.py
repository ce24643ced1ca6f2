"""A summary saved as one Parquet file, and opened again without the file it summarises.

A big export is summarised once (``python -m lifecycle analyze FILE --save-summary
OUT.parquet``, possibly on another machine), and the result is explored later in the app or
the command line: everything the pages and the ``analyze --json`` document need is in it.

The Parquet file holds one row per customer: the columns of ``Summary.customers``, the day
from which the customer counts as opted out (``opt_out_day``) and the customer's occasions
as one list column ``occ`` of (day, amount, purchase) in the summary's order, so that the
occasions are stored once, without their customer code. The file-level facts are in the
schema's key-value metadata:

* ``lifecycle.summary``: a JSON document with the format version, the summary's dates, flags
  and warnings, the row report of the original file (counts, reasons, warnings, date and
  number reading, meanings, statuses, platform, what was understood) and what the document
  says of the source (file name, sheet, header row, mapping, contacts list);
* ``lifecycle.rejected`` and ``lifecycle.contacts``: the rejected rows and the people who
  never bought, each an Arrow IPC stream (zstd), since they are not one row per customer.

Opening flattens the list column with pyarrow (no Python loop per customer) and derives the
purchase and purchase-day arrays as ``summarise`` does (``purchase_days``). Opening reads
the whole file: the app and the command line do it in a child process within a budget
(``lifecycle.reading.bounded``), as for any file; ``is_saved_summary`` only looks for the
metadata key in the file's footer, without parsing the rest.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import LifecycleError
from ..locale.i18n import Key, fmt_date
from ..reading import bounded as _bounded
from ..reading.parse import DateParse, NumberParse
from ..reading.prepare import RowReport, Warning
from ..reading.statuses import StatusValue
from .summary import Summary, day_numbers, purchase_days

__all__ = [
    "FORMAT_VERSION",
    "SUMMARY_KEY",
    "Saved",
    "Source",
    "is_saved_summary",
    "open_saved",
    "read_parts",
    "write_summary",
]

SUMMARY_KEY = "lifecycle.summary"
FORMAT_VERSION = 1
_REJECTED_KEY = "lifecycle.rejected"
_CONTACTS_KEY = "lifecycle.contacts"
_OCC = "occ"  # the list column of each customer's occasions
_OPT_OUT = "opt_out_day"
_MAGIC = b"PAR1"
# The footer holds the metadata, rejected rows and contacts included: thrift's default
# limit of 100 MB per string is raised for a base with millions of people who never bought
# (the whole file is read in a child process within its budget).
_FOOTER_LIMIT = 1 << 30
# ``is_saved_summary`` parses a footer in the calling process (the app's server) only up to
# this length; a longer one that holds the key is checked by the reader, in its child.
_PARSE_HERE = 16 << 20


@dataclass(frozen=True)
class Source:
    """What the document says of the file the summary was made from."""

    file: str
    sheet: str | None = None
    header_row: int = 1
    mapping: dict[str, str] = field(default_factory=dict)  # role -> column, as applied
    contacts: str | None = None  # the contacts list joined when the summary was saved
    contacts_used: int = 0  # its rows used


@dataclass(frozen=True, eq=False)
class Saved:
    """A saved summary opened: the summary (contacts list joined when it was saved), the row
    report of the original file, and its source."""

    summary: Summary
    report: RowReport
    source: Source
    file: str  # the saved summary's own file name

    def check_as_of(self, as_of) -> None:
        """An as-of date asked of the summary: the summary's own is accepted, any other is
        refused (the summary was made as of its date; another needs the original file)."""
        if as_of is None:
            return
        try:
            asked = pd.Timestamp(as_of).normalize()
        except (ValueError, TypeError) as exc:
            raise LifecycleError.of("error.as_of_date", value=str(as_of)[:40]) from exc
        if asked != self.summary.as_of.normalize():
            raise LifecycleError.of(
                "error.saved_as_of",
                file=self.file,
                source=self.source.file,
                asked=lambda lang: fmt_date(asked, lang),
                as_of=lambda lang: fmt_date(self.summary.as_of, lang),
            )

    def differing(self, read: dict, mapping: dict, statuses: dict) -> list[str]:
        """The reading settings, roles and status meanings of a scenario (``lifecycle.scenario``)
        that differ from those the summary was made with, by their name in the scenario: a
        scenario saved on the original file applies to its summary when they agree."""
        src, rep = self.source, self.report
        out = []
        if read.get("sheet") not in (None, src.sheet, [src.sheet]):
            out.append("read.sheet")
        if read.get("header_row") not in (None, src.header_row):
            out.append("read.header_row")
        order = rep.date_parse.order if rep.date_parse else None
        dayfirst = read.get("dayfirst")
        if dayfirst is not None and order == ("monthfirst" if dayfirst else "dayfirst"):
            out.append("read.dayfirst")
        decimal = read.get("decimal")
        if decimal is not None and rep.number_parse is not None and rep.number_parse.decimal != decimal:
            out.append("read.decimal")
        out += [f"mapping.{role}" for role, column in mapping.items() if (column or None) != src.mapping.get(role)]
        meanings = {v.value: v.meaning for v in rep.statuses}
        if any(meanings.get(value) != meaning for value, meaning in statuses.items()):
            out.append("statuses")
        return out


# --- values of the JSON document -------------------------------------------------------------


def _encode(value):
    """A value of a warning's fields or of what was understood, as JSON that ``_decode``
    turns back into an equal value: a ``Key`` stays a ``Key``, a tuple a tuple, a Timestamp
    a Timestamp (with its unit)."""
    if isinstance(value, Key):
        return {"$key": str(value)}
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, np.generic):
        return _encode(value.item())
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return {"$ts": value.isoformat(), "unit": value.unit}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    raise TypeError(f"cannot save a {type(value).__name__} in a summary")


def _decode(value):
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$key" in value:
        return Key(value["$key"])
    if "$float" in value:
        return float(value["$float"])
    if "$tuple" in value:
        return tuple(_decode(v) for v in value["$tuple"])
    if "$ts" in value:
        return pd.Timestamp(value["$ts"]).as_unit(value["unit"])
    return {k: _decode(v) for k, v in value.items()}


def _warnings(warnings) -> list:
    return [{"code": w.code, "count": int(w.count), "fields": _encode(w.fields)} for w in warnings]


def _warnings_of(items: list) -> tuple[Warning, ...]:
    return tuple(Warning(w["code"], w["count"], _decode(w["fields"])) for w in items)


def _report(report: RowReport) -> dict:
    return {
        "file": report.file,
        "sheet": report.sheet,
        "read": report.read,
        "used": report.used,
        "rejected": report.rejected,
        "after_as_of": report.after_as_of,
        "blank": report.blank,
        "reasons": _encode(report.reasons),
        "warnings": _warnings(report.warnings),
        "date_parse": _encode(dataclasses.asdict(report.date_parse)) if report.date_parse else None,
        "number_parse": _encode(dataclasses.asdict(report.number_parse)) if report.number_parse else None,
        "meanings": _encode(report.meanings),
        "meaning_orders": _encode(report.meaning_orders),
        "statuses": [_encode(dataclasses.asdict(s)) for s in report.statuses],
        "platform": report.platform,
        "understood": _encode(report.understood),
        "rejected_dtypes": _dtypes(report.rejected_rows),
    }


def _report_of(doc: dict, rejected: pd.DataFrame) -> RowReport:
    return RowReport(
        file=doc["file"],
        sheet=doc["sheet"],
        read=doc["read"],
        used=doc["used"],
        rejected=doc["rejected"],
        after_as_of=doc["after_as_of"],
        blank=doc["blank"],
        reasons=_decode(doc["reasons"]),
        rejected_rows=rejected,
        warnings=_warnings_of(doc["warnings"]),
        date_parse=DateParse(**_decode(doc["date_parse"])) if doc["date_parse"] else None,
        number_parse=NumberParse(**_decode(doc["number_parse"])) if doc["number_parse"] else None,
        meanings=_decode(doc["meanings"]),
        meaning_orders=_decode(doc["meaning_orders"]),
        statuses=tuple(StatusValue(**_decode(s)) for s in doc["statuses"]),
        platform=doc["platform"],
        understood=_decode(doc["understood"]),
    )


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(c): str(t) for c, t in frame.dtypes.items()}


def _restore(frame: pd.DataFrame, table: pa.Table, dtypes: dict[str, str]) -> pd.DataFrame:
    """The frame with the column types it was saved with: Parquet keeps dates in
    milliseconds at least, and a column of Python objects (texts and None) comes back as
    text with NaN for None."""
    for column, dtype in dtypes.items():
        if str(frame[column].dtype) == dtype:
            continue
        if dtype == "object":
            values = table.column(column).to_numpy(zero_copy_only=False)  # None where missing
            frame[column] = pd.Series(values, index=frame.index, dtype=object)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


def _ipc(frame: pd.DataFrame) -> bytes:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="zstd")) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _frame_of_ipc(data: bytes, dtypes: dict[str, str]) -> pd.DataFrame:
    table = pa.ipc.open_stream(data).read_all()
    return _restore(table.to_pandas(), table, dtypes)


def _iso(ts: pd.Timestamp) -> dict:
    return _encode(pd.Timestamp(ts))


# --- saving ----------------------------------------------------------------------------------


def _occasions(summary: Summary) -> pa.ListArray:
    """Each customer's occasions as one list of (day, amount, purchase), in summary order."""
    n = summary.n_customers
    counts = np.bincount(summary.occ_code, minlength=n) if len(summary.occ_code) else np.zeros(n, dtype="int64")
    offsets = np.zeros(n + 1, dtype="int64")
    np.cumsum(counts, out=offsets[1:])
    values = pa.StructArray.from_arrays(
        [
            pa.array(summary.occ_day.astype("int32")),
            pa.array(summary.occ_amount.astype("float64")),
            pa.array(_purchase_flags(summary)),
        ],
        names=["day", "amount", "purchase"],
    )
    if offsets[-1] < np.iinfo(np.int32).max:
        return pa.ListArray.from_arrays(pa.array(offsets.astype("int32")), values)
    return pa.LargeListArray.from_arrays(pa.array(offsets), values)


def _purchase_flags(summary: Summary) -> np.ndarray:
    """Which occasions are purchases. The summary keeps the purchases apart (``p_`` arrays,
    the occasions that are purchases, in the same (code, day) order) rather than a flag per
    occasion. With amounts, a purchase is exactly an occasion whose net amount is positive (a
    return line's amount is never positive). Without, every occasion's amount is 0: of the
    occasions of one customer on one day, as many as the purchases on that day are flagged,
    the first ones (they differ in nothing else). Either way the flagged occasions give the
    ``p_`` arrays back exactly, which is checked."""
    occ, pur = summary.occ_keys(), summary.p_keys()
    if summary.has_amount:
        flags = summary.occ_amount > 0
    else:
        starts = np.searchsorted(occ, occ, side="left")  # the first occasion of each (code, day)
        purchases = np.searchsorted(pur, occ, side="right") - np.searchsorted(pur, occ, side="left")
        flags = np.arange(len(occ)) - starts < purchases
    if not np.array_equal(occ[flags], pur):
        raise ValueError("the purchases are not a part of the occasions")
    return flags


def _table(summary: Summary, report: RowReport, source: Source) -> pa.Table:
    customers = summary.customers
    reserved = {_OCC, _OPT_OUT} & set(customers.columns)
    if reserved:
        raise ValueError(f"column names reserved by the saved summary: {sorted(reserved)}")
    table = pa.Table.from_pandas(customers, preserve_index=False)
    table = table.append_column(_OPT_OUT, pa.array(np.asarray(summary.opt_out_day, dtype="int64")))
    table = table.append_column(_OCC, _occasions(summary))
    doc = {
        "format": FORMAT_VERSION,
        "summary": {
            "as_of": _iso(summary.as_of),
            "first_date": _iso(summary.first_date),
            "last_date": _iso(summary.last_date),
            "has_amount": bool(summary.has_amount),
            "has_segment": bool(summary.has_segment),
            "has_history": bool(summary.has_history),
            "shape": summary.shape,
            "currency": summary.currency,
            "file_prospects": int(summary.file_prospects),
            "day0": int(summary.day0),
            "warnings": _warnings(summary.warnings),
            "customers": int(summary.n_customers),
            "customer_dtypes": _dtypes(customers),
            "contact_dtypes": _dtypes(summary.contacts),
        },
        "report": _report(report),
        "source": dataclasses.asdict(source),
    }
    metadata = dict(table.schema.metadata or {})
    metadata[SUMMARY_KEY.encode()] = json.dumps(doc, ensure_ascii=False).encode()
    metadata[_REJECTED_KEY.encode()] = _ipc(report.rejected_rows)
    metadata[_CONTACTS_KEY.encode()] = _ipc(summary.contacts)
    return table.replace_schema_metadata(metadata)


def write_summary(target: str | Path | io.IOBase, summary: Summary, report: RowReport, source: Source) -> None:
    """Write ``summary`` (with the row report and the source of the file it summarises) as one
    Parquet file to ``target``, a path or a binary file object."""
    table = _table(summary, report, source)
    pq.write_table(table, target, compression="zstd", row_group_size=1 << 20)


# --- opening ---------------------------------------------------------------------------------


def _footer(source: bytes | str | Path) -> bytes | None:
    """The Parquet footer (its metadata), or None when ``source`` is no Parquet file."""
    try:
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = memoryview(source)
            if len(data) < 12 or bytes(data[:4]) != _MAGIC or bytes(data[-4:]) != _MAGIC:
                return None
            length = int.from_bytes(data[-8:-4], "little")
            return bytes(data[-8 - length : -8]) if 0 < length <= len(data) - 12 else None
        with open(source, "rb") as fh:
            if fh.read(4) != _MAGIC:
                return None
            size = fh.seek(0, io.SEEK_END)
            if size < 12:
                return None
            fh.seek(size - 8)
            tail = fh.read(8)
            length = int.from_bytes(tail[:4], "little")
            if tail[4:] != _MAGIC or not 0 < length <= size - 12:
                return None
            fh.seek(size - 8 - length)
            return fh.read(length)
    except (OSError, TypeError, ValueError):
        return None


def is_saved_summary(source: bytes | str | Path) -> bool:
    """Whether ``source`` (a path, or a file's bytes) is a summary saved by ``write_summary``:
    a Parquet file whose schema carries the ``lifecycle.summary`` key. Only the footer is
    read, and parsed when it is short (pyarrow's own limits); any other file, Parquet or
    not, is not one."""
    footer = _footer(source)
    if footer is None or SUMMARY_KEY.encode() not in footer:
        return False
    if len(footer) > _PARSE_HERE:  # the reader parses it within its budget, and says if it is no summary
        return True
    try:
        reader = pa.BufferReader(source) if isinstance(source, (bytes, bytearray, memoryview)) else source
        metadata = pq.ParquetFile(reader).schema_arrow.metadata or {}
    except (OSError, ValueError, pa.ArrowException):
        return False
    return SUMMARY_KEY.encode() in metadata


@dataclass(frozen=True)
class _Parts:
    """What a read of the file gives (in a child process, it crosses back through a pipe):
    the customers, the occasions flattened, and the JSON document."""

    doc: dict
    customers: pd.DataFrame
    contacts: pd.DataFrame
    rejected: pd.DataFrame
    occ_code: np.ndarray
    occ_day: np.ndarray
    occ_amount: np.ndarray
    occ_purchase: np.ndarray
    opt_out_day: np.ndarray


def _damaged(file: str, why: str) -> LifecycleError:
    return LifecycleError.of("error.saved_damaged", file=file, why=why[:300])


def read_parts(source: bytes | str | Path, file: str) -> _Parts:
    """Read a saved summary's file (module-level: it runs in a child process)."""
    reader = pa.BufferReader(source) if isinstance(source, (bytes, bytearray, memoryview)) else source
    try:
        pf = pq.ParquetFile(reader, thrift_string_size_limit=_FOOTER_LIMIT)
        metadata = pf.schema_arrow.metadata or {}
        doc = json.loads(metadata[SUMMARY_KEY.encode()])
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        raise _damaged(file, f"{type(exc).__name__}: {exc}") from exc
    version = doc.get("format") if isinstance(doc, dict) else None
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        raise LifecycleError.of("error.saved_version", file=file, version=str(version)[:20], known=FORMAT_VERSION)
    try:
        table = pf.read()
        s = doc["summary"]
        customer_dtypes = s["customer_dtypes"]
        customers = _restore(table.select(list(customer_dtypes)).to_pandas(), table, customer_dtypes)
        n = len(customers)
        occ = table.column(_OCC).combine_chunks()
        offsets = np.asarray(occ.offsets, dtype="int64")
        values = occ.flatten()
        code = np.repeat(np.arange(n, dtype="int64"), np.diff(offsets))
        parts = _Parts(
            doc=doc,
            customers=customers,
            contacts=_frame_of_ipc(metadata[_CONTACTS_KEY.encode()], s["contact_dtypes"]),
            rejected=_frame_of_ipc(metadata[_REJECTED_KEY.encode()], doc["report"]["rejected_dtypes"]),
            occ_code=code,
            occ_day=np.asarray(values.field("day"), dtype="int64"),
            occ_amount=np.asarray(values.field("amount"), dtype="float64"),
            occ_purchase=values.field("purchase").to_numpy(zero_copy_only=False).astype(bool),
            opt_out_day=np.asarray(table.column(_OPT_OUT), dtype="int64"),
        )
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException) as exc:
        raise _damaged(file, f"{type(exc).__name__}: {exc}") from exc
    if n != s["customers"] or len(code) != len(parts.occ_day):
        raise _damaged(file, f"{n} customers, {s['customers']} expected")
    return parts


def _assemble(parts: _Parts, file: str) -> Saved:
    """The summary from its parts, the purchase arrays derived as ``summarise`` derives them."""
    s, customers = parts.doc["summary"], parts.customers
    code, day, purchase = parts.occ_code, parts.occ_day, parts.occ_purchase
    p_code, p_day = code[purchase], day[purchase]
    d_code, d_day, d_occasions, prev_day = purchase_days(p_code, p_day, len(customers))
    summary = Summary(
        customers=customers,
        as_of=_decode(s["as_of"]),
        has_amount=s["has_amount"],
        has_segment=s["has_segment"],
        has_history=s["has_history"],
        first_date=_decode(s["first_date"]),
        last_date=_decode(s["last_date"]),
        first_day=day_numbers(customers["first"]),
        last_day=day_numbers(customers["last"]),
        prev_day=prev_day,
        occ_code=code,
        occ_day=day,
        occ_amount=parts.occ_amount,
        p_code=p_code,
        p_day=p_day,
        d_code=d_code,
        d_day=d_day,
        d_occasions=d_occasions,
        opt_out_day=parts.opt_out_day,
        day0=s["day0"],
        warnings=_warnings_of(s["warnings"]),
        shape=s["shape"],
        contacts=parts.contacts,
        file_prospects=s["file_prospects"],
        currency=s["currency"],
    )
    report = _report_of(parts.doc["report"], parts.rejected)
    return Saved(summary, report, Source(**parts.doc["source"]), file)


def open_saved(source: bytes | str | Path, name: str | None = None, *, bounded: bool | str = False) -> Saved:
    """Open a saved summary (``is_saved_summary(source)`` is true). ``bounded``: read in a child
    process within a budget of time and memory (``"fork"``: a copy of this process), as
    ``lifecycle.analysis.load`` reads any file."""
    file = name or (Path(source).name if isinstance(source, (str, Path)) else "upload")
    if not bounded:
        return _assemble(read_parts(source, file), file)
    size = len(source) if isinstance(source, (bytes, bytearray)) else Path(source).stat().st_size
    parts = _bounded.call(read_parts, source, file, file=file, size=size, fork=bounded == "fork")
    return _assemble(parts, file)
