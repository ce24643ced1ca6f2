"""From a file to everything the app and the command line show: one call, one result.

``load`` reads and maps a file (once per file and mapping); ``analyze`` adds the summary
and the classification; ``Analysis.to_dict`` is the JSON document of ``lifecycle analyze``.
A summary saved by ``lifecycle analyze --save-summary`` (``lifecycle.model.saved``) is
loaded like a file and gives the same results as the file it summarises.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from .definition import Definition
from .errors import LifecycleError
from .locale.formats import currency
from .locale.i18n import fmt_date, t
from .model.funnel import stage_frame
from .model.history import balance
from .model.kpis import compute_kpis
from .model.saved import Saved, Source, is_saved_summary, open_saved
from .model.stages import Stages, classify
from .model.summary import Summary, join_contacts, summarise
from .model.thresholds import Suggestion, suggest_thresholds
from .reading import bounded as _bounded
from .reading.ingest import RawTable, file_size, read_and_propose
from .reading.mapping import Mapping, Proposal, propose
from .reading.prepare import Contacts, CustomerRows, RowReport, Transactions, prepare, prepare_contacts
from .reading.progress import in_step
from .reading.scan import NotScannable, open_source, scan
from .vocabulary import STAGES

__all__ = [
    "ENGINES",
    "SCAN_BYTES",
    "Analysis",
    "Loaded",
    "analyze",
    "analyze_loaded",
    "analyze_spark",
    "describe_period",
    "load",
    "load_contacts",
    "load_saved",
    "loaded_from_saved",
    "saved_source",
]


@dataclass(frozen=True, eq=False)
class Loaded:
    """A file read, mapped and made canonical, with its row report; or a saved summary
    opened (``data`` is then the ``Saved``, and ``raw`` names the file it summarises, its
    sheet and header row, without its rows)."""

    raw: RawTable
    mapping: Mapping
    data: Transactions | CustomerRows | Saved

    @property
    def report(self) -> RowReport:
        return self.data.report

    @property
    def saved(self) -> Saved | None:
        """The saved summary this comes from, or None for a file read."""
        return self.data if isinstance(self.data, Saved) else None


def loaded_from_saved(saved: Saved) -> Loaded:
    """A saved summary as a file loaded: the original file's name, sheet, header row and
    mapping (its columns are those the mapping names; its rows are not kept)."""
    src = saved.source
    columns = list(dict.fromkeys(src.mapping.values()))
    raw = RawTable(
        file=src.file,
        sheet=src.sheet,
        header_row=src.header_row,
        frame=pd.DataFrame(columns=columns),
        row_numbers=pd.Series([], dtype="int64"),
    )
    return Loaded(raw, Mapping.from_dict(src.mapping), saved)


def saved_source(loaded: Loaded, contacts: Contacts | None = None, contacts_name: str | None = None) -> Source:
    """What a saved summary of ``loaded`` says of its source (``lifecycle.model.saved``); a
    summary saved from a saved summary keeps the original's."""
    if loaded.saved is not None:
        src = loaded.saved.source
        if contacts is None:
            return src
        names = ", ".join(n for n in (src.contacts, contacts_name) if n) or None
        return replace(src, contacts=names, contacts_used=src.contacts_used + contacts.report.used)
    raw = loaded.raw
    used = contacts.report.used if contacts is not None else 0
    return Source(raw.file, raw.sheet, raw.header_row, loaded.mapping.to_dict(), contacts_name, used)


def _read(source, name: str | None, in_child: bool | str, *args) -> tuple[RawTable, Proposal | None]:
    """``read_and_propose(source, name, *args)``, in a child process within its budget
    (``lifecycle.reading.bounded``) when ``in_child`` (``"fork"``: a copy of this process), else here."""
    # The child tells nothing: only the step's start and end are reported, from here. The last
    # argument is read_and_propose's ``contacts``: True when the file is a contacts list.
    with in_step("contacts" if args[-1] is True else "read"):
        if not in_child:
            return read_and_propose(source, name, *args)
        file = name or (Path(source).name if isinstance(source, (str, Path)) else "upload")
        return _bounded.call(
            read_and_propose, source, name, *args, file=file, size=file_size(source), fork=in_child == "fork"
        )


# A CSV this large is read by the DuckDB scan (``lifecycle.reading.scan``) unless told otherwise;
# a Parquet file, a folder or glob of them and a DuckDB database always are. Measured with
# ``python -m benchmarks.bench_scan``: a 38 MB French CSV (1,000,000 rows) takes 4.2 s row
# by row and 5.0 s through the scan; a 277 MB one (10,000,000 rows) 34 s through the scan,
# where the row-by-row reader needs 4 GB.
SCAN_BYTES = 128 << 20
ENGINES = ("auto", "duckdb", "pandas")


def _scan_first(source, engine: str, options: dict) -> bool:
    if engine == "pandas" or not isinstance(source, (str, Path)):
        return False
    path = str(source)
    if any(options.get(k) for k in ("sheet", "header_row", "include_hidden", "all_sheets")):
        return False  # choices of the row-by-row reader
    suffix = Path(path).suffix.lower()
    if Path(path).is_dir() or suffix in (".parquet", ".duckdb", ".db") or any(ch in path for ch in "*?["):
        return True
    return suffix in (".csv", ".txt") and (engine == "duckdb" or file_size(path) > SCAN_BYTES)


def _chosen(columns: list[str], proposed: Mapping, mapping, overrides) -> Mapping:
    if mapping is None:
        m = proposed
    elif isinstance(mapping, dict):
        m = Mapping().with_overrides(columns, **mapping)
    else:
        m = Mapping().with_overrides(columns, **mapping.to_dict())
    if overrides:
        m = m.with_overrides(columns, **overrides)
    return m


def load(
    source: bytes | str | Path,
    name: str | None = None,
    *,
    sheet: str | int | list | None = None,
    header_row: int | None = None,
    include_hidden: bool = False,
    all_sheets: bool = False,
    mapping: Mapping | dict | None = None,
    overrides: dict[str, str | None] | None = None,
    dayfirst: bool | None = None,
    decimal: str | None = None,
    as_of=None,
    today=None,
    meanings: dict[str, str] | None = None,
    bounded: bool | str = False,
    engine: str = "auto",
    table: str | None = None,
    memory_limit: str | None = None,
) -> Loaded:
    """Read ``source`` (a path, or bytes with ``name``), propose or apply a mapping, prepare it.

    ``sheet`` may be a list of sheets, or ``all_sheets`` every sheet with data: one table.
    ``meanings``: what status values mean where the proposal is not right
    (``{"Closed won": "purchase"}``; see ``lifecycle.reading.statuses``). ``bounded``: read in a
    child process within a budget of time and memory (``lifecycle.reading.bounded``; the command
    line and the app do), so that a hostile file ends there with a message; ``"fork"``: a
    child copied from this process, for a process that runs no other thread.

    ``engine``: ``"duckdb"`` reads the rows inside DuckDB (``lifecycle.reading.scan``: Parquet
    files and folders, CSV, a ``table`` of a DuckDB database; within ``memory_limit``, e.g.
    ``"2GB"``), ``"pandas"`` row by row (``prepare``), ``"auto"`` the scan for Parquet, DuckDB
    and CSV over ``SCAN_BYTES``. A file the scan cannot take is read row by row.

    A summary saved by ``--save-summary`` is opened instead of read: the options that say
    how to read the file it summarises cannot apply to it and are refused (a
    ``LifecycleError`` naming them), and an ``as_of`` other than its own too."""
    if is_saved_summary(source):
        given = {
            "sheet": sheet is not None,
            "header_row": header_row is not None,
            "include_hidden": include_hidden,
            "all_sheets": all_sheets,
            "mapping": mapping is not None,
            "overrides": bool(overrides),
            "dayfirst": dayfirst is not None,
            "decimal": decimal is not None,
            "meanings": bool(meanings),
        }
        return load_saved(source, name, refused=[k for k, v in given.items() if v], as_of=as_of, bounded=bounded)
    options = {"sheet": sheet, "header_row": header_row, "include_hidden": include_hidden, "all_sheets": all_sheets}
    prepare_options = {"dayfirst": dayfirst, "decimal": decimal, "as_of": as_of, "today": today, "meanings": meanings}
    if engine not in ENGINES:
        raise ValueError(f"engine: {engine!r} is not one of {ENGINES}")
    if _scan_first(source, engine, options):
        loaded = _load_scanned(str(source), name, mapping, overrides, prepare_options, table, memory_limit)
        if loaded is not None:
            return loaded
    raw, proposal = _read(
        source, name, bounded, sheet, header_row, include_hidden, all_sheets, False if mapping is None else None
    )
    m = _chosen(list(raw.frame.columns), proposal.mapping if proposal else None, mapping, overrides)
    with in_step("prepare"):
        data = prepare(raw, m, **prepare_options)
    return Loaded(raw, m, data)


def _load_scanned(path, name, mapping, overrides, prepare_options, table, memory_limit) -> Loaded | None:
    """``load`` by the DuckDB scan; ``None`` when the file needs the row-by-row path."""
    try:
        with in_step("read"):  # the file into DuckDB
            src = open_source(path, name, table=table, memory_limit=memory_limit)
    except NotScannable:
        return None
    try:
        columns = list(src.sample.frame.columns)
        proposed = propose(columns, src.sample.frame).mapping if mapping is None else None
        m = _chosen(columns, proposed, mapping, overrides)
        with in_step("prepare"):  # the rows checked inside DuckDB
            data = scan(src, m, **prepare_options)
    except NotScannable as exc:
        src.close()
        if Path(path).suffix.lower() in (".duckdb", ".db"):  # no other reader for a database
            why = f"scan.{exc.reason}"
            raise LifecycleError.of("error.scan_only", file=src.file, why=lambda lang: t(why, lang)) from exc
        return None
    except BaseException:
        src.close()
        raise
    return Loaded(src.sample, m, data)


def load_saved(
    source: bytes | str | Path,
    name: str | None = None,
    *,
    refused: list[str] = (),
    as_of=None,
    bounded: bool | str = False,
) -> Loaded:
    """Open a saved summary as a file loaded. ``refused``: the names of the reading options
    the caller was given (they cannot apply: the error names them); ``as_of`` must be the
    summary's own."""
    file = name or (Path(source).name if isinstance(source, (str, Path)) else "upload")
    if refused:
        raise LifecycleError.of("error.saved_options", file=file, options=", ".join(refused))
    saved = open_saved(source, file, bounded=bounded)
    saved.check_as_of(as_of)
    return loaded_from_saved(saved)


def load_contacts(
    source: bytes | str | Path,
    name: str | None = None,
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    overrides: dict[str, str | None] | None = None,
    dayfirst: bool | None = None,
    bounded: bool | str = False,
) -> Contacts:
    if is_saved_summary(source):
        file = name or (Path(source).name if isinstance(source, (str, Path)) else "upload")
        raise LifecycleError.of("error.saved_contacts", file=file)
    raw, proposal = _read(source, name, bounded, sheet, header_row, False, False, True)
    m = proposal.mapping
    if overrides:
        m = m.with_overrides(list(raw.frame.columns), **overrides)
    return prepare_contacts(raw, m, dayfirst=dayfirst)


@dataclass(frozen=True, eq=False)
class Analysis:
    """A file, its summary (contacts joined) and its classification under one definition."""

    loaded: Loaded
    summary: Summary  # with the contacts list joined: every view sees the same opt-outs
    stages: Stages
    suggestion: Suggestion
    contacts: Contacts | None = None
    period: str = "month"
    segment: str | None = None  # when the analysis covers one segment only

    @property
    def definition(self) -> Definition:
        return self.stages.definition

    @property
    def report(self) -> RowReport:
        return self.loaded.report.with_warnings(self.summary.warnings)

    @cached_property
    def _balance(self) -> pd.DataFrame | None:
        if not self.summary.has_history:
            return None
        with in_step("history"):
            return balance(self.summary, self.definition, self.period)

    def balance(self) -> pd.DataFrame | None:
        """The portfolio balance per period (None without purchase history)."""
        return None if self._balance is None else self._balance.copy(deep=False)

    def to_dict(self, lang: str = "en") -> dict:
        """The JSON document of ``lifecycle analyze --json``."""
        s, st, d, rep = self.summary, self.stages, self.definition, self.report
        counts = st.counts
        kpis = compute_kpis(st)
        bal = self.balance()
        out = {
            "file": self.loaded.raw.file,
            "sheet": self.loaded.raw.sheet,
            "segment": self.segment,
            "header_row": self.loaded.raw.header_row,
            "shape": s.shape,
            "as_of": _iso(s.as_of),
            "currency": currency(),
            "period": {"first": _iso(s.first_date), "last": _iso(s.last_date), "as_of": _iso(s.as_of)},
            "platform": rep.platform,
            "understood": rep.understood_text(lang),
            "rows": {
                "read": rep.read,
                "used": rep.used,
                "rejected": rep.rejected,
                "after_as_of": rep.after_as_of,
                "blank": rep.blank,
                "reasons": dict(rep.reasons),
                "reasons_text": rep.reasons_text(lang),
                "by_meaning": dict(rep.meanings),
                "orders_by_meaning": dict(rep.meaning_orders),
                "warnings": [w.text(lang) for w in rep.warnings],
            },
            "statuses": [
                {"value": v.value, "meaning": v.meaning, "rows": v.rows, "source": v.source} for v in rep.statuses
            ],
            "dates": {
                "order": rep.date_parse.order if rep.date_parse else None,
                "ambiguous": bool(rep.date_parse.ambiguous) if rep.date_parse else False,
            },
            "mapping": self.loaded.mapping.to_dict(),
            "definition": {**d.to_dict(), "text": d.text(lang, s.as_of)},
            "customers": s.n_customers,
            "people_in_file": s.people_in_file,
            "unclassified": st.unclassified,
            "clients_total": st.clients_total,
            "stages": {k: counts[k] for k in STAGES},
            "shares": st.shares(),
            "kpis": {k.key: k.value for k in kpis},
            "kpi_bases": {k.key: k.base for k in kpis},
            "kpi_definitions": {k.key: k.definition(lang) for k in kpis},
            "stage_table": _records(stage_frame(st)),
            "suggested": self.suggestion.to_dict(),
            "balance": _records(bal) if bal is not None else None,
            "unavailable": {} if s.has_history else {"balance": t("unavailable.history", lang)},
        }
        if not s.has_history:
            out["unavailable"]["reactivated"] = t("unavailable.history", lang)
        return out


def _iso(ts) -> str | None:
    return None if ts is None or pd.isna(ts) else pd.Timestamp(ts).date().isoformat()


def _records(frame: pd.DataFrame) -> list[dict]:
    rows = []
    for rec in frame.to_dict(orient="records"):
        clean = {}
        for k, v in rec.items():
            if isinstance(v, pd.Timestamp):
                v = v.date().isoformat()
            elif v is not None and isinstance(v, float) and v != v:  # NaN
                v = None
            elif hasattr(v, "item"):
                v = v.item()
            clean[k] = v
        rows.append(clean)
    return rows


def analyze_loaded(
    loaded: Loaded,
    definition: Definition | None = None,
    *,
    contacts: Contacts | None = None,
    period: str = "month",
    summary: Summary | None = None,
    segment: str | None = None,
    suggestion: Suggestion | None = None,
) -> Analysis:
    """Summary (unless given: it only depends on the file and mapping), stages and suggestion.

    The contacts list is joined into a summary built here; a ``summary`` passed in is used as
    it is (join it once with ``join_contacts``: a new summary object starts an empty cache).
    ``segment`` names the segment when ``summary`` is restricted to one (``Summary.subset``).
    ``suggestion`` is ``suggest_thresholds(summary, definition)`` when the caller has it.
    """
    definition = definition or Definition()
    if summary is None:
        with in_step("summary"):
            base = loaded.saved.summary if loaded.saved is not None else summarise(loaded.data)
            summary = join_contacts(base, contacts)
    stages = classify(summary, definition)
    suggestion = suggestion or suggest_thresholds(summary, definition)
    return Analysis(loaded, summary, stages, suggestion, contacts, period, segment)


def analyze(
    source: bytes | str | Path,
    definition: Definition | None = None,
    *,
    name: str | None = None,
    contacts: bytes | str | Path | None = None,
    contacts_name: str | None = None,
    period: str = "month",
    **load_options,
) -> Analysis:
    """Read, map, summarise and classify a file in one call (the command line's ``analyze``)."""
    loaded = load(source, name, **load_options)
    contacts_data = None
    if contacts is not None:
        contacts_data = load_contacts(
            contacts, contacts_name, dayfirst=load_options.get("dayfirst"), bounded=load_options.get("bounded", False)
        )
    return analyze_loaded(loaded, definition, contacts=contacts_data, period=period)


def analyze_spark(
    path: str | Path,
    definition: Definition | None = None,
    *,
    spark=None,
    master: str = "local[2]",
    overrides: dict[str, str | None] | None = None,
    meanings: dict[str, str] | None = None,
    as_of=None,
    today=None,
    period: str = "month",
    contacts: bytes | str | Path | None = None,
) -> Analysis:
    """``analyze`` for Parquet transactions on Spark (a file, folder or glob): the summary and
    the row report computed there (``lifecycle.model.spark``), the rest as for any file.

    ``spark``: a session to use, else one is started on ``master``. The mapping is proposed
    from the Parquet's columns and first rows, with ``overrides``; ``contacts``, a contacts
    list, is joined as for any file."""
    # Imported here: the Spark module starts a Java virtual machine, and most runs never need it.
    from .model.spark import run_spark, spark_mapping, spark_session

    session = spark if spark is not None else spark_session(master)
    mapping = spark_mapping(session, path, overrides)
    run = run_spark(session, path, mapping, meanings=meanings, as_of=as_of, today=today)
    name = Path(str(path)).name
    raw = RawTable(name, None, 1, pd.DataFrame(), pd.Series(dtype="int64"))
    contacts_data = load_contacts(contacts) if contacts is not None else None
    summary = join_contacts(run.summary, contacts_data)  # a contacts list is small: joined here
    return analyze_loaded(
        Loaded(raw, mapping, run.data), definition, contacts=contacts_data, summary=summary, period=period
    )


def describe_period(summary: Summary, lang: str = "en") -> str:
    """«2022-09-01 – 2025-12-31 (as of 2025-12-31)» in the user's language."""
    a, b, c = (fmt_date(x, lang) for x in (summary.first_date, summary.last_date, summary.as_of))
    return t("cli.period_text", lang, a=a, b=b, c=c)
