"""From a ``RawTable`` and a ``Mapping`` to canonical tables, with a row report.

The row report accounts for every row read: ``read = used + rejected + after_as_of``
(entirely blank rows are not data and are counted apart as ``blank``). Each rejected row
keeps its sheet row number, the column at fault, the value found and the reason.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from babel.numbers import list_currencies

from ..errors import LifecycleError, place
from ..locale.formats import currencies_in, guess_currency
from ..locale.i18n import Key, fmt_date, fmt_int, fmt_number, quoted, shorten, t
from .ingest import RawTable
from .mapping import (
    Mapping,
    code_column,
    column_share,
    header_roles,
    looks_like_emails,
    names_invoices,
    normalise_header,
)
from .parse import (
    INVISIBLE,
    DateParse,
    NumberParse,
    clean_id,
    clean_text,
    marks_shown,
    parse_dates,
    parse_numbers,
    without_whitespace,
)
from .platforms import Platform, recognise
from .statuses import BLANK, MEANING_CODE, MEANINGS, StatusValue, propose_meanings, unmatched

# DuckDB is imported by ``duckdb_connection`` and pyarrow by ``row_hashes``, where they are needed.

__all__ = [
    "INTERACTION_COLUMNS",
    "NOBODY_WORDS",
    "ORDER_FIELDS",
    "ORDER_TOTALS",
    "REJECTED_COLUMNS",
    "SAMPLE_ROWS",
    "TOTAL_WORDS",
    "VALUE_SHOWN",
    "Contacts",
    "CustomerRows",
    "RowReport",
    "Transactions",
    "Warning",
    "all_once",
    "check_as_of",
    "credit_note_column",
    "duckdb_connection",
    "file_currency",
    "id_warnings",
    "key_counted",
    "key_kind",
    "key_notes",
    "key_roles",
    "lookalikes",
    "mixed_currencies",
    "no_usable_row",
    "parse_warnings",
    "placeholder_values",
    "placeholders",
    "prepare",
    "prepare_contacts",
    "require_roles",
    "row_hashes",
    "row_labels",
    "status_warnings",
    "today_of",
    "unit_of",
]

# The columns of the rejected rows' table (``sheet`` when the file has several), each named
# in the reader's language by ``rejected.col.<name>``.
REJECTED_COLUMNS = ("sheet", "row", "reason", "column", "value")

_OPT_OUT_TRUE = {
    "1",
    "x",
    "y",
    "o",
    "yes",
    "oui",
    "true",
    "vrai",
    "opt out",
    "opt-out",
    "optout",
    "desabonne",
    "désabonné",
    "désabonnée",
    "desinscrit",
    "désinscrit",
    "désinscrite",
    "unsubscribed",
    "stop",
}
_OPT_IN_HEADERS = ("optin", "opt in", "consentement", "consent")


@dataclass(frozen=True)
class Warning:
    """Something that changes nothing but deserves a look."""

    code: str
    count: int
    fields: dict = field(default_factory=dict)

    def text(self, lang: str = "en", *, hide: bool = False) -> str:
        """In words, in the reader's language: the count and decimals in its number format, a
        tuple of values from the file each in its quotation marks, a ``Key`` in words.
        ``hide``: the customers' ids and e-mails given as examples shown as «•••» (the
        anonymise switch); sheet and column names stay."""

        def word(k, v):
            if isinstance(v, Key):
                return t(v, lang)
            if isinstance(v, tuple):
                return quoted(["•••"] * len(v) if hide and k == "examples" else v, lang)
            if isinstance(v, float):
                return fmt_number(v, lang, 1)
            if isinstance(v, int) and not isinstance(v, bool):
                return fmt_int(v, lang)
            return v

        fields = {k: word(k, v) for k, v in self.fields.items()}
        return t(f"warn.{self.code}", lang, n=fmt_int(self.count, lang), **fields)


@dataclass(frozen=True)
class RowReport:
    """Where every row read went."""

    file: str
    sheet: str | None
    read: int
    used: int
    rejected: int
    after_as_of: int
    blank: int
    reasons: dict[str, int]
    rejected_rows: pd.DataFrame  # row, reason, column, value
    warnings: tuple[Warning, ...] = ()
    date_parse: DateParse | None = None
    number_parse: NumberParse | None = None
    # What the rows used mean (purchase, return, cancelled, open: rows, and orders when an
    # order column is mapped), the status column's values, the platform recognised.
    meanings: dict[str, int] = field(default_factory=dict)
    meaning_orders: dict[str, int] = field(default_factory=dict)
    statuses: tuple[StatusValue, ...] = ()
    platform: str | None = None
    understood: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        assert self.read == self.used + self.rejected + self.after_as_of, "row report does not add up"
        assert not self.meanings or sum(self.meanings.values()) == self.used, "meanings do not add up"

    def understood_text(self, lang: str = "en") -> str:
        """What was understood, in one sentence: «1,640 orders from 420 customers (by
        e-mail), 03/01/2022 – 30/11/2024; 1,380 purchases, 98 returns, 97 cancelled (not
        purchases)». Empty for a file that is not one of transactions."""
        u = self.understood
        if not u:
            return ""
        if u.get("unit") == "customer_rows":  # one row per customer: no orders to count
            return t(
                "understood.customer_rows",
                lang,
                n=fmt_int(u["customers"], lang),
                by=t(f"understood.key_{u['key']}", lang, column=u["column"]),
                first=fmt_date(u["first"], lang),
                last=fmt_date(u["last"], lang),
            )
        orders = bool(self.meaning_orders) or u["unit"] in ("payments", "deals")
        counts = self.meaning_orders or self.meanings
        parts = [
            t(f"understood.{m}", lang, n=fmt_int(counts.get(m, 0), lang))
            for m in ("purchase", "return", "cancelled", "open")
            if counts.get(m) or m == "purchase"
        ]
        rest = parts[0] + (t("understood.not_purchases", lang, items=", ".join(parts[1:])) if parts[1:] else "")
        return t(
            "understood.sentence",
            lang,
            units=t(f"understood.{u['unit'] if orders else 'rows'}", lang, n=fmt_int(sum(counts.values()), lang)),
            customers=t("understood.customers", lang, n=fmt_int(u["customers"], lang)),
            by=t(f"understood.key_{u['key']}", lang, column=u["column"]),
            first=fmt_date(u["first"], lang),
            last=fmt_date(u["last"], lang),
            rest=rest,
        )

    def reasons_text(self, lang: str = "en") -> dict[str, int]:
        return {t(f"reason.{code}", lang): n for code, n in self.reasons.items()}

    def rejected_frame(self, lang: str = "en") -> pd.DataFrame:
        """The rejected rows with their reason in words, for display or download."""
        out = self.rejected_rows.copy()
        out["reason"] = [t(f"reason.{c}", lang) for c in out["reason"]]
        return out.rename(columns={c: t(f"rejected.col.{c}", lang) for c in REJECTED_COLUMNS})

    def with_warnings(self, extra: tuple[Warning, ...]) -> RowReport:

        return replace(self, warnings=self.warnings + tuple(extra))


_SCAN_COLUMNS = 200  # columns looked at for a key found from the values (as ``mapping`` does)
VALUE_SHOWN = 200  # characters of a rejected value kept in the row report
SAMPLE_ROWS = 20_000  # rows looked at first, where a look at the first rows can settle a question

INTERACTION_COLUMNS = ["customer", "date", "meaning", "email", "name"]


@dataclass(frozen=True)
class Transactions:
    """One row per transaction line: customer, date, amount (NaN when no amount column), order."""

    frame: pd.DataFrame  # customer, date, amount, purchase, order, segment, email, name, opt_out, opt_out_date
    report: RowReport
    as_of: pd.Timestamp
    has_amount: bool
    has_order: bool
    has_segment: bool
    mapping: Mapping
    shape: str = "transactions"
    # Cancelled and open rows on or before the as-of date: the customer was in contact.
    interactions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INTERACTION_COLUMNS))
    currency: str | None = None  # ISO code the file's amounts are in, when its texts say so
    # Rows read by ``lifecycle.reading.scan``: the canonical rows are the table ``tx`` of this
    # source's DuckDB connection, and ``frame`` is empty.
    table: object | None = None


@dataclass(frozen=True)
class CustomerRows:
    """One row per customer: first and last purchase, orders, amount (a CRM export)."""

    frame: pd.DataFrame  # customer, first, last, orders, amount, segment, email, name, opt_out, opt_out_date
    report: RowReport
    as_of: pd.Timestamp
    has_amount: bool
    has_segment: bool
    mapping: Mapping
    shape: str = "customers"
    has_order: bool = False
    currency: str | None = None  # ISO code the file's amounts are in, when its texts say so


@dataclass(frozen=True)
class Contacts:
    """A contacts list: who is known, who showed an interaction, who opted out."""

    frame: pd.DataFrame  # customer, email, name, contact_date, status, opt_out, opt_out_date, interaction, row
    report: RowReport


class _Rejector:
    """Collects rejected rows: the first reason found for a row wins."""

    def __init__(self, n: int, rows: pd.Series, sheets: pd.Series | None = None):
        self.bad = np.zeros(n, dtype=bool)
        self.rows = rows.to_numpy()
        self.sheets = None if sheets is None else sheets.to_numpy(dtype=object)
        self.parts: list[pd.DataFrame] = []
        self.notes: list[Warning] = []
        self.email_key = False  # the customer key is an e-mail (compared in lower case)
        self.order_codes: np.ndarray | None = None  # each row's order (-1 without), once factorized
        # The lines whose amount is their order's, written on another line: 0 here (``_fill_orders``).
        self.carried: np.ndarray | None = None
        # The lines of the orders whose lines give different totals (``_fill_orders``).
        self.differ: np.ndarray | None = None

    def reject(self, mask: pd.Series | np.ndarray, reason: str, column: str | None, values: pd.Series | None):
        m = np.asarray(mask, dtype=bool) & ~self.bad
        if not m.any():
            return
        self.bad |= m
        vals = values[m].astype("string").fillna("") if values is not None else pd.Series([""] * int(m.sum()))
        long = vals.str.len() > VALUE_SHOWN  # the value found, cut: a row report is read, not a copy of the file
        if long.any():
            vals = vals.where(~long, vals.map(lambda v: shorten(v, VALUE_SHOWN)))
        vals = vals.to_numpy()
        part = {"row": self.rows[m], "reason": reason, "column": column or "", "value": vals}
        if self.sheets is not None:  # several sheets read as one table: each row names its sheet
            part = {"sheet": self.sheets[m], **part}
        self.parts.append(pd.DataFrame(part))

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            empty = {"row": pd.Series(dtype="int64"), "reason": [], "column": [], "value": []}
            return pd.DataFrame({"sheet": [], **empty} if self.sheets is not None else empty)
        order = ["sheet", "row"] if self.sheets is not None else ["row"]
        out = pd.concat(self.parts, ignore_index=True)
        if self.sheets is not None:  # in the order the sheets were read
            out["_at"] = out["sheet"].map({name: i for i, name in enumerate(dict.fromkeys(self.sheets))})
            order = ["_at", "row"]
        out = out.sort_values(order, kind="stable").reset_index(drop=True)
        return out.drop(columns="_at", errors="ignore")


def _col(raw: RawTable, column: str | None) -> pd.Series | None:
    return None if column is None else raw.frame[column]


def _some(names, first: int = 30) -> str:
    """Column names for a message: the first 30, then how many more."""
    names = [shorten(n, 60) for n in names]
    more = f", … (+{len(names) - first})" if len(names) > first else ""
    return ", ".join(names[:first]) + more


def require_roles(raw: RawTable, mapping: Mapping, roles: tuple[str, ...]) -> None:
    for role in roles:
        if getattr(mapping, role) is None:
            raise LifecycleError.of(
                "error.no_role",
                where=place(raw.file, raw.sheet),
                role=lambda lang, role=role: t(f"ui.role.{role}", lang).lower(),
                option=role.replace("_", "-"),
                columns=_some(raw.frame.columns),
            )


def _text(frame: pd.DataFrame, rows, column: str | None, *, lower: bool = False) -> pd.Series:
    """A text column for the selected rows (all missing when the role has no column)."""
    if column is None:
        return pd.Series(pd.NA, index=frame.index[rows], dtype="string")
    out = clean_text(frame.loc[rows, column])
    return out.str.lower() if lower else out


def _opt_out_flags(values: pd.Series, header: str) -> pd.Series:
    norm = clean_text(values).str.lower().fillna("")
    if normalise_header(header) in _OPT_IN_HEADERS:  # a consent column: "non" means opted out
        return norm.isin({"0", "non", "no", "false", "faux", "n"})
    return norm.isin(_OPT_OUT_TRUE)


def _opt_out(frame: pd.DataFrame, rows, mapping: Mapping, dayfirst: bool | None):
    """Opt-out flag and date of the selected rows, and a warning for unreadable dates.

    A value in the opt-out date column opts the customer out (from that date); an
    unreadable one still does, from the as-of date, and is reported.
    """
    index = frame.index[rows]
    flag = (
        _opt_out_flags(frame.loc[rows, mapping.opt_out], mapping.opt_out).to_numpy()
        if mapping.opt_out
        else np.zeros(len(index), dtype=bool)
    )
    date = pd.Series(pd.NaT, index=index, dtype="datetime64[s]")
    notes: list[Warning] = []
    if mapping.opt_out_date:
        raw = frame.loc[rows, mapping.opt_out_date]
        date, _ = parse_dates(raw, dayfirst)
        present = clean_text(raw).notna().to_numpy()
        flag = flag | present
        bad = present & date.isna().to_numpy()
        if bad.any():
            examples = tuple(raw[bad].astype("string").drop_duplicates().head(3))
            notes.append(
                Warning("bad_opt_out_date", int(bad.sum()), {"column": mapping.opt_out_date, "examples": examples})
            )
    return flag, date.astype("datetime64[s]"), notes


def today_of(today: pd.Timestamp | None) -> pd.Timestamp:
    return (pd.Timestamp(today) if today is not None else pd.Timestamp.today()).normalize()


def id_warnings(ids: pd.Series, emails: pd.Series | None) -> list[Warning]:
    out: list[Warning] = []
    uniq = pd.Series(ids.unique())
    key = without_whitespace(uniq.str.lower())
    dup = key.duplicated(keep=False)
    if dup.any():
        examples = tuple(uniq[dup].head(4))
        out.append(Warning("id_variants", int(dup.sum()), {"examples": examples}))
    if emails is not None:
        pairs = pd.DataFrame({"c": ids, "e": emails}).dropna().drop_duplicates()
        per_email = pairs.groupby("e")["c"].nunique()
        shared = per_email[per_email > 1]
        if len(shared):
            out.append(Warning("duplicate_emails", len(shared), {"examples": tuple(shared.index[:3])}))
    return out


def parse_warnings(column: str, dp: DateParse | None, np_: NumberParse | None, amount_col: str | None):
    out = []
    if dp is not None and dp.ambiguous:
        out.append(Warning("ambiguous_dates", 0, {"column": column, "order": Key(f"order.{dp.order}")}))
    if np_ is not None and np_.ambiguous and amount_col:
        out.append(Warning("ambiguous_numbers", np_.ambiguous, {"column": amount_col, "decimal": np_.decimal}))
    return out


def prepare(
    raw: RawTable,
    mapping: Mapping,
    *,
    dayfirst: bool | None = None,
    decimal: str | None = None,
    as_of: str | pd.Timestamp | None = None,
    today: str | pd.Timestamp | None = None,
    meanings: dict[str, str] | None = None,
) -> Transactions | CustomerRows:
    """Canonical table and row report, for a transactions or a one-row-per-customer file.

    ``meanings``: the user's meaning for status values (``value -> purchase, return,
    cancelled or open``); the others are proposed (``lifecycle.reading.statuses``)."""
    if mapping.shape == "customers":
        return _prepare_customers(raw, mapping, dayfirst=dayfirst, decimal=decimal, as_of=as_of, today=today)
    return _prepare_transactions(
        raw, mapping, dayfirst=dayfirst, decimal=decimal, as_of=as_of, today=today, meanings=meanings
    )


def check_as_of(as_of, today: pd.Timestamp) -> pd.Timestamp | None:
    if as_of is None:
        return None
    try:
        ts = pd.Timestamp(as_of).normalize()
    except (ValueError, TypeError) as exc:
        raise LifecycleError.of("error.as_of_date", value=as_of) from exc
    if ts > today:
        raise LifecycleError.of("error.as_of_future", as_of=ts.date(), today=today.date())
    return ts


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    return frame.isna().all(axis=1).to_numpy() if frame.shape[1] else np.ones(len(frame), dtype=bool)


def _finish_report(raw, rej: _Rejector, keep_blank, used, after, warnings, dp=None, np_=None, **meaning) -> RowReport:
    rejected = rej.frame()
    reasons = rejected["reason"].value_counts().to_dict()
    read = int(keep_blank.sum())
    return RowReport(
        file=raw.file,
        sheet=raw.sheet,
        read=read,
        used=int(used),
        rejected=len(rejected),
        after_as_of=int(after),
        blank=int(len(keep_blank) - read),
        reasons={str(k): int(v) for k, v in reasons.items()},
        rejected_rows=rejected,
        warnings=tuple(warnings),
        date_parse=dp,
        number_parse=np_,
        **meaning,
    )


# A totals line at the foot of an export: «Total», «Total général», «Sous-total», «Grand
# total», «Totaux», optionally followed by a tax word or a year («Total HT», «Total 2024»).
TOTAL_WORDS = re.compile(
    r"(?:sous total|sub ?total|grand totals?|total general|total generale|totaux|totals?)"
    r"(?: (?:ht|ttc|net|brut|gross|client|clients|customers?|\d{2,4}))*"
    r"(?: \d+ (?:records?|rows?|lignes?|enregistrements?))?"  # «Grand Totals (36 records)»
)


def _total_rows(frame: pd.DataFrame, column: str, name: str | None = None) -> np.ndarray:
    """Rows whose customer cell, first cell or customer's name says it is a total or a subtotal."""
    out = np.zeros(len(frame), dtype=bool)
    for col in dict.fromkeys(c for c in (column, frame.columns[0], name) if c is not None):
        values = frame[col].astype("string")
        codes, uniques = pd.factorize(values, use_na_sentinel=True)  # test each distinct value once
        uniques = pd.Series(uniques, dtype="string")
        maybe = uniques.str.contains("tota", case=False, regex=False).fillna(False).to_numpy()
        hit = np.zeros(len(uniques), dtype=bool)
        hit[maybe] = [bool(TOTAL_WORDS.fullmatch(normalise_header(v))) for v in uniques[maybe]]
        if hit.any():
            out |= (codes >= 0) & hit[np.maximum(codes, 0)]
    return out


def _exact_duplicates(frame: pd.DataFrame, rows: pd.Series, sheets: pd.Series | None) -> Warning | None:
    """Rows identical in every column as read (not only in the mapped ones) to an earlier row.

    Two invoice lines with the same customer, date and amount but another product are not
    duplicates; a line repeated in every cell may be a double export, or real."""
    if frame.shape[1] == 0 or len(frame) < 2:
        return None
    dup = pd.Series(row_hashes(frame)).duplicated(keep="first").to_numpy()
    if not dup.any():
        return None
    return Warning("exact_duplicates", int(dup.sum()), {"rows": row_labels(rows, sheets, dup)})


_DATABASE: list = []  # the process's in-memory DuckDB database, opened on first use
_DATABASE_LOCK = threading.Lock()


def duckdb_connection(private: bool = False):
    """A DuckDB connection that writes nothing: DuckDB draws its own progress bar on standard
    output during a long query, which would break ``analyze --json | jq``.

    A connection of its own to the process's in-memory database: what it registers and its
    temporary tables are its own and go when it is closed, and it opens in microseconds
    where a database takes 15 ms (two per file analysed). ``private``: a database of its
    own, for the settings that are a database's (memory limit, spill folder)."""
    import duckdb

    if private:
        con = duckdb.connect()
    else:
        with _DATABASE_LOCK:
            if not _DATABASE:
                _DATABASE.append(duckdb.connect())
            con = _DATABASE[0].cursor()
    con.execute("SET enable_progress_bar = false")
    return con


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row of every cell: DuckDB's, on all cores (0.10 s for 1,000,000
    rows of five text columns, against 0.49 s for pandas' ``hash_pandas_object``, which
    stays the path for a grid Arrow cannot take, such as mixed cells)."""
    import pyarrow as pa

    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return pd.util.hash_pandas_object(frame, index=False).to_numpy()
    names = [f"c{i}" for i in range(frame.shape[1])]
    con = duckdb_connection()
    try:
        con.register("cells", table.rename_columns(names))
        # In the rows' order: DuckDB keeps the insertion order of a plain projection.
        return con.execute(f"SELECT hash({', '.join(names)}) AS h FROM cells").fetchnumpy()["h"]
    finally:
        con.close()


def _without_invisible(customer: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The ids with their invisible characters (``export_safety.INVISIBLE``: they make two
    ids that look the same differ) removed, and which rows had some."""
    has = customer.str.contains(INVISIBLE, regex=True).to_numpy(dtype=bool, na_value=False)
    if not has.any():
        return customer, has
    cleaned = customer.str.replace(INVISIBLE, "", regex=True)
    return cleaned.mask(cleaned == ""), has


def lookalikes(customer: pd.Series) -> list[Warning]:
    """Ids that differ only by characters of another width or form (full-width «Ｃ１» and
    «C1», a ligature): said, with examples, and kept apart, for they may be two customers."""
    distinct = pd.Series(customer.dropna().unique(), dtype="string")
    odd = distinct[~distinct.str.isascii()]
    if odd.empty:
        return []
    folded = odd.map(lambda v: unicodedata.normalize("NFKC", v))
    changed = folded != odd
    if not changed.any():
        return []
    known = set(distinct)
    pairs = [(v, f) for v, f in zip(odd[changed], folded[changed]) if f in known]
    if not pairs:
        return []
    counts = customer.value_counts()
    rows = int(sum(counts.get(v, 0) for v, _ in pairs))
    examples = tuple(f"{v} / {f}" for v, f in pairs[:3])
    return [Warning("ids_lookalike", rows, {"ids": len(pairs), "examples": examples})]


def row_labels(rows: pd.Series, sheets: pd.Series | None, mask: np.ndarray, first: int = 5) -> str:
    """The first row numbers of ``mask`` («12, 45, …»; «2023!12» when several sheets are read)."""
    where = rows[mask].head(first).tolist()
    if sheets is not None:
        labels = [f"{s}!{r}" for s, r in zip(sheets[mask].head(first), where)]
    else:
        labels = [str(r) for r in where]
    return ", ".join(labels) + (", …" if mask.sum() > first else "")


def key_roles(column: str, platform: Platform | None) -> set[str]:
    """The roles the customer column's header names: a name where the platform writes a
    person's name under a customer's header (``Platform.name_keys``)."""
    if platform is not None and normalise_header(column) in platform.name_keys:
        return {"name"}
    return header_roles(column)


def key_notes(
    frame: pd.DataFrame, column: str, original: pd.Series, customer: pd.Series, platform: Platform | None = None
) -> list[Warning]:
    """What the customer key is when it is not an id column: said, so the user can judge."""
    roles = key_roles(column, platform)
    if "customer" in roles:
        return []
    if "email" in roles or looks_like_emails(original):
        merged = int(original.dropna().nunique() - customer.dropna().nunique())
        return [Warning("key_email", int(customer.nunique()), {"column": column, "merged": merged})]
    if "name" in roles:
        return [Warning("key_name", int(customer.nunique()), {"column": column})]
    per = len(customer.dropna()) / max(int(customer.nunique()), 1)
    return [
        Warning(
            "key_values",
            int(customer.nunique()),
            {"column": column, "per": round(per, 1)},
        )
    ]


_KEY_NOTES = ("key_email", "key_name", "key_values")


def key_counted(warnings: list[Warning], customers: int) -> list[Warning]:
    """``warnings`` with the note on the customer key counting the customers the analysis
    has (those of the rows used), as the report's first line does: the key is noted before
    rows are set aside for their date or amount."""
    return [replace(w, count=customers) if w.code in _KEY_NOTES else w for w in warnings]


# Values that stand for nobody when many rows share them: a guest checkout, a walk-in sale
# (as written, in lower case: compared with Arrow's own string functions, no Python loop).
NOBODY_WORDS = {
    "guest",
    "guests",
    "invite",
    "invité",
    "invitée",
    "invités",
    "anonymous",
    "anonyme",
    "anonymes",
    "inconnu",
    "unknown",
    "n/a",
    "na",
    "none",
    "null",
    "nil",
    "nobody",
    "personne",
    "divers",
    "client divers",
    "clients divers",
    "client de passage",
    "passage",
    "walk-in",
    "walk in",
    "walkin",
    "walk-in customer",
    "guest customer",
    "guest checkout",
    "cash customer",
    "comptant",
    "default",
    "invité(e)",
    "invite(e)",
    "invité.e",
    "guest user",
    "guest account",
    "compte invité",
    "-",
    "--",
    "?",
    "??",
    "#n/a",
    "#na",
    "n.a.",
    "aucun",
    "néant",
    "inconnu(e)",
    "no customer",
    "sans client",
}


def placeholders(customer: pd.Series, email: pd.Series | None) -> set[str]:
    """The customer values that stand for nobody (``placeholder_values``) among ``customer``."""
    counts = customer.value_counts()

    def emails_per_value(frequent: pd.Index) -> pd.Series:
        pairs = pd.DataFrame({"c": customer, "e": email}).dropna()
        return pairs[pairs["c"].isin(frequent)].groupby("c")["e"].nunique()

    return placeholder_values(counts, emails_per_value if email is not None else None)


def placeholder_values(counts: pd.Series, emails_per_value=None, median: float | None = None) -> set[str]:
    """The customer values that stand for nobody: a placeholder word or a number that is no
    id (``0``, ``-1``, ``guest``, ``invité``) on more than one row, or a value far more
    frequent than the rest whose rows carry ten e-mails or more, a new one on half its rows
    (the shop's code for any guest). ``counts``: rows per value; ``emails_per_value(values)``:
    the distinct e-mails on the rows of each of ``values`` (``None`` without an e-mail column);
    ``median``: the median count of the values on more than one row, when ``counts`` holds
    only the values that may stand for nobody. Vectorised over the distinct values: 0.05 s at
    1,000,000 rows."""
    shared = counts[counts > 1]
    if shared.empty:
        return set()
    median = shared.median() if median is None else median
    values = pd.Series(shared.index, dtype="string")
    nobody = values.str.lower().str.strip().isin(NOBODY_WORDS) | values.str.fullmatch(r"-\d+|0+")
    out = set(values[nobody.fillna(False).to_numpy()])
    frequent = shared[shared >= max(10, 10 * median)]
    if emails_per_value is not None and len(frequent):
        # Any guest's code: its rows carry ten e-mails or more, a new one on half its rows at
        # least (a key account's few buyers share their account's code: not a placeholder).
        per = emails_per_value(frequent.index)
        many = per[(per >= 10) & (per >= 0.5 * frequent.reindex(per.index))]
        out |= set(many.index)
    return out


def _nobody(frame: pd.DataFrame, mapping: Mapping, customer: pd.Series):
    """Rows whose customer is blank or a placeholder, keyed by their e-mail when the file has
    one (the customer of a registered account with that e-mail when there is one), else
    marked for rejection. Returns the keys, the rows still without a customer because of a
    placeholder, and a note saying what was done."""
    email = None
    if mapping.email and mapping.email != mapping.customer:
        email = clean_text(frame[mapping.email]).str.lower()
    holders = placeholders(customer, email)
    placeholder = customer.isin(holders).to_numpy() if holders else np.zeros(len(customer), dtype=bool)
    need = placeholder | customer.isna().to_numpy()
    notes: list[Warning] = []
    if not need.any():
        return customer, placeholder, notes
    keyed = np.zeros(len(customer), dtype=bool)
    matched = 0
    if email is not None:
        has_email = email.notna().to_numpy()
        known = ~need & has_email
        # Each e-mail's account: the customer id written most often beside it.
        pairs = pd.DataFrame({"e": email[known], "c": customer[known]}).value_counts().reset_index()
        pairs = pairs.sort_values(["count", "c"], ascending=[False, True], kind="stable")  # equals: the smallest id
        registered = pairs.drop_duplicates("e").set_index("e")["c"].astype("string")
        keyed = need & has_email
        by_account = email[keyed].map(registered).astype("string")
        matched = int(by_account.notna().sum())
        customer = customer.copy()
        customer[keyed] = by_account.fillna(email[keyed]).astype("string").to_numpy()
    left = placeholder & ~keyed
    customer = customer.mask(pd.Series(left, index=customer.index))
    if keyed.any() or holders:
        shown = tuple(sorted(map(str, holders))[:3])
        code = "placeholders" if not keyed.any() else "keyed_by_email_placeholders" if holders else "keyed_by_email"
        notes.append(
            Warning(
                code,
                int(keyed.sum()) if keyed.any() else int(placeholder.sum()),
                {
                    "column": mapping.customer,
                    "values": shown,
                    "email": mapping.email or "",
                    "matched": matched,
                    "left": int(left.sum()),
                },
            )
        )
    return customer, left, notes


# Headers of an order's total: written once per order, on its first line or on every line.
ORDER_TOTALS = {
    "total",
    "order total",
    "order total amount",
    "total ttc",
    "total ht",
    "montant total",
    "total de la commande",
    "montant de la commande",
    "montant commande",
    "order amount",
    "refunded amount",
    "order refund amount",
    "amount refunded",
    "montant rembourse",
}
ORDER_FIELDS = ("customer", "email", "name", "date", "contact_date", "status", "segment", "opt_out", "opt_out_date")


def _first_rows(codes: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The first of ``rows`` (positions) for each distinct code among them, in O(n)."""
    none = np.iinfo("int64").max
    first = np.full(int(codes.max()) + 1 if len(codes) else 0, none, dtype="int64")
    np.minimum.at(first, codes[rows], rows)
    return first[first != none]


def _fill_orders(
    frame: pd.DataFrame, mapping: Mapping, codes: np.ndarray
) -> tuple[pd.DataFrame, list[Warning], np.ndarray | None, np.ndarray | None]:
    """Line-item exports write an order's own fields (customer, date, status, total) on its
    first line only, or repeat its total on every line: the fields hold for the whole order,
    and its total is counted once. A field is given to the order's blank lines only when the
    order's lines hold one value for it (whatever the order of the rows, the result is the
    same). ``codes``: each row's order (-1 without one).

    Also returns the lines whose amount is their order's total written on another line
    (None when no total is counted once): such a line has no money of its own, and an order
    that has no total on any line keeps its lines blank; and the lines of the orders whose
    lines give different totals under an order's total header (None when there are none):
    no line's figure is the order's, so the order is set aside."""
    valid = codes >= 0
    if not valid.any():
        return frame, [], None, None
    sizes = np.bincount(codes[valid])
    multi = valid & (sizes[np.maximum(codes, 0)] > 1)
    if not multi.any():
        return frame, [], None, None
    frame = frame.copy()
    group = pd.Series(codes, index=frame.index)[multi]
    filled: list[str] = []
    for role in ORDER_FIELDS:
        column = getattr(mapping, role)
        if column is None or column == mapping.order or column in filled:
            continue
        if not (frame[column].isna().to_numpy() & multi).any():  # blank cells are read as missing
            continue
        values = clean_text(frame[column])
        missing = values.isna().to_numpy() & multi
        per_order = values[multi].groupby(group).agg(["nunique", "first"])
        one = per_order.loc[per_order["nunique"] == 1, "first"]  # the order's one value
        fill = one.reindex(codes[missing]).to_numpy()
        if pd.isna(fill).all():
            continue
        out = frame[column].astype("string").copy()
        out[missing] = fill
        frame[column] = out
        filled.append(column)
    counted: list[str] = []
    carried = differ = pairs = None
    for role in ("amount", "refund"):
        column = getattr(mapping, role)
        if column is None:
            continue
        present = frame[column].notna().to_numpy()
        held = np.zeros(len(sizes), dtype=bool)  # the orders with a total on some line
        held[codes[multi & present]] = True
        held = held[np.maximum(codes, 0)]
        per_order = np.bincount(codes[multi & present], minlength=len(sizes))[sizes > 1]
        written_once = (per_order <= 1).mean() >= 0.95  # blank on the order's other lines
        repeated = False
        odd = np.zeros(len(frame), dtype=bool)
        if not written_once and normalise_header(column) in ORDER_TOTALS:
            # The same total on each line of most orders: an order's total. An order is its id
            # and its customer (an id written for two customers is two orders), its figures
            # compared as numbers («60.00» and «60» are one); a figure that does not read is
            # left to the amount's own check.
            if pairs is None:
                pairs = _pair_codes(codes, clean_text(frame[mapping.customer]))
            figures, _ = parse_numbers(frame[column])
            distinct = figures[multi].groupby(pairs[multi]).nunique()
            repeated = bool((distinct <= 1).mean() >= 0.5)
            if repeated:
                several = np.zeros(int(pairs.max()) + 1, dtype=bool)
                several[distinct.index[distinct > 1].to_numpy(dtype="int64")] = True
                odd = multi & several[np.maximum(pairs, 0)]
        if not (written_once or repeated):
            continue
        if repeated:  # the same total on every line: kept on the order's first line that has it
            keep = np.zeros(len(frame), dtype=bool)
            keep[_first_rows(pairs, np.flatnonzero(multi & present))] = True
            held = np.zeros(int(pairs.max()) + 1, dtype=bool)
            held[pairs[multi & present]] = True
            zero = multi & held[np.maximum(pairs, 0)] & ~keep & ~odd
        else:  # written once: the order's other lines are blank, and a line that has one keeps it
            zero = multi & held & ~present
        out = frame[column].astype("string").copy()
        out[zero] = "0"
        frame[column] = out
        counted.append(column)
        if role == "amount":
            carried = zero
            differ = odd if odd.any() else None
    notes = []
    later = int(multi.sum() - (sizes > 1).sum())  # lines after each order's first
    orders = {"orders": int((sizes > 1).sum()), "order": mapping.order}
    if filled:
        notes.append(Warning("order_lines", later, {**orders, "columns": tuple(filled)}))
    if counted:
        notes.append(Warning("order_totals", later, {**orders, "columns": tuple(counted)}))
    return frame, notes, carried, differ


def _pair_codes(codes: np.ndarray, customer: pd.Series) -> np.ndarray:
    """Each row's code of (order, customer), -1 without an order: an order id written for two
    customers is two orders."""
    who, names = pd.factorize(customer.reset_index(drop=True), use_na_sentinel=True)  # blank: -1
    pairs, _ = pd.factorize(codes.astype("int64") * (len(names) + 1) + (who + 1))
    return np.where(codes >= 0, pairs, -1)


def _orphan_lines(rej: _Rejector, customer: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The lines whose amount is their order's (``_fill_orders``) while no line of that order
    and customer holding its total is kept: without it they carry no money and make no
    occasion. Returned apart: those of an order whose every line holding its total is set
    aside, and those of another customer inside an order that is kept (a line with another
    e-mail would make a purchase of zero for them)."""
    carried, codes = rej.carried, rej.order_codes
    none = np.zeros(len(rej.bad), dtype=bool)
    if carried is None or not carried.any():
        return none, none
    holder = (codes >= 0) & ~carried & ~rej.bad
    pair = _pair_codes(codes, customer)
    kept = np.zeros(len(pair), dtype=bool)
    kept[pair[holder]] = True
    order_kept = np.zeros(int(codes.max()) + 1, dtype=bool)
    order_kept[codes[holder]] = True
    orphan = carried & ~kept[np.maximum(pair, 0)]
    other = orphan & order_kept[np.maximum(codes, 0)]
    return orphan & ~other, other


def _reject_long_cells(raw: RawTable, blank: np.ndarray, frame: pd.DataFrame, rej: _Rejector, mapping: Mapping) -> None:
    """Rows with a cell cut at the reader's limit (``ingest.MAX_CELL_CHARS``) in a column
    the analysis uses are set aside: a value cut is not the file's value. A cut cell in a
    column it does not use (a long comment) changes nothing, and is said."""
    if raw.long_cells is None:
        return
    used = {c for c in mapping.to_dict().values() if c}
    unused = raw.long_cells[~raw.long_cells["column"].isin(used)]
    if len(unused):
        columns = tuple(dict.fromkeys(unused["column"]))
        rej.notes.append(Warning("long_cells_unused", len(unused), {"columns": columns}))
    kept = np.flatnonzero(~np.asarray(blank, dtype=bool))
    for column, part in raw.long_cells[raw.long_cells["column"].isin(used)].groupby("column", sort=False):
        at = np.searchsorted(kept, part["index"].to_numpy())  # a cut cell's row is never blank
        mask = np.zeros(len(frame), dtype=bool)
        mask[at] = True
        values = pd.Series("", index=frame.index, dtype="string")
        if column in frame:
            cut = frame[column].to_numpy()[at]
            values.iloc[at] = [shorten(v, VALUE_SHOWN - 40, int(n)) for v, n in zip(cut, part["length"])]
        rej.reject(mask, "long_cell", column if column in frame else None, values)


# An account's movements that are no customer's: money moved between the account's own
# balances, banks and cards, held or released, or fees (PayPal's «General Currency
# Conversion», «General Withdrawal», «Hold on Balance for Dispute Investigation»...).
_NOT_A_SALE = re.compile(
    r"\b(?:conversion|withdrawal|transfer|deposit|hold|holds|authorization|authorisation|reserve"
    r"|payout|sweep|card funding|user initiated|mass pay"
    r"|retrait|virement|depot|blocage|autorisation|approvisionnement|paiement de masse)\b"
)
# Money leaving the account back to a buyer: the buyer's return, not a payment sent.
_BACK_TO_THE_BUYER = re.compile(
    r"\b(?:refund|refunds|reversal|chargeback|charge back|return|returns|retour|remboursement|retrofacturation)\b"
)


def _column_named(frame: pd.DataFrame, header: str | None) -> str | None:
    """The file's column whose header is ``header`` once both are normalised (``None`` if none)."""
    if not header:
        return None
    wanted = normalise_header(header)
    return next((c for c in frame.columns if normalise_header(c) == wanted), None)


def _no_sales(frame: pd.DataFrame, mapping: Mapping, platform):
    """For an account's activity (``Platform.counterpart``): the type column, the column of
    the recipient, which rows are money leaving the account and which are no sale (None when
    the export lacks a column this needs)."""
    kind_header, to_header, impact_header = platform.counterpart
    kind_col, to_col = _column_named(frame, kind_header), _column_named(frame, to_header)
    if kind_col is None or to_col is None or mapping.amount is None:
        return None
    kind = clean_text(frame[kind_col]).fillna("").map(normalise_header)
    impact_col = _column_named(frame, impact_header)
    if impact_col is not None:
        out = (clean_text(frame[impact_col]).fillna("").map(normalise_header) == "debit").to_numpy()  # «Débit»
    else:
        out = frame[mapping.amount].astype("string").str.strip().str.startswith("-").fillna(False).to_numpy()
    back = kind.str.contains(_BACK_TO_THE_BUYER).to_numpy()
    no_sale = kind.str.contains(_NOT_A_SALE).to_numpy() | (out & ~back)
    return kind_col, to_col, out, no_sale


def _counterparts(frame: pd.DataFrame, mapping: Mapping, platform, rej: _Rejector) -> pd.DataFrame:
    """An account's activity (``Platform.counterpart``): the rows that are no customer's set
    aside with their type; money that left the account back to a buyer (a refund) keyed by
    its recipient, the buyer, instead of the account itself."""
    found = _no_sales(frame, mapping, platform)
    if found is None:
        return frame
    kind_col, to_col, out, no_sale = found
    rej.reject(no_sale, "not_a_sale", kind_col, frame[kind_col])
    swap = out & ~no_sale
    if swap.any():
        frame = frame.copy()
        frame[mapping.customer] = frame[mapping.customer].astype("string").where(~swap, frame[to_col].astype("string"))
    return frame


def _keyed_by_person(frame: pd.DataFrame, mapping: Mapping, header: str, customer: pd.Series, rej) -> pd.Series:
    """Rows without a customer keyed by the person the platform names beside it (a deal
    made with a person rather than an organization), said in a note."""
    column = _column_named(frame, header)
    if column is None or column == mapping.customer:
        return customer
    person = clean_id(frame[column].astype("string"))
    fill = (customer.isna() & person.notna()).to_numpy()
    if not fill.any():
        return customer
    rej.notes.append(Warning("keyed_by_person", int(fill.sum()), {"column": mapping.customer, "person": column}))
    return customer.where(~fill, person)


def _start(
    raw: RawTable, mapping: Mapping, roles: tuple[str, ...], as_of, today, *, lines: bool = False, platform=None
):
    """What both file shapes begin with: checks, blank rows set apart, an order's fields
    written on its first line only given to its other lines (``lines``), total rows
    rejected, rows whose customer is blank or a placeholder keyed by their e-mail or
    rejected, the key made comparable (e-mails in lower case)."""
    require_roles(raw, mapping, roles)
    today_ts = today_of(today)
    as_of_ts = check_as_of(as_of, today_ts)
    blank = _blank_rows(raw.frame)
    frame = raw.frame[~blank].reset_index(drop=True)
    rows = raw.row_numbers[~blank].reset_index(drop=True)
    sheets = raw.row_sheets[~blank].reset_index(drop=True) if raw.row_sheets is not None else None
    rej = _Rejector(len(frame), rows, sheets)
    rej.notes = []
    _reject_long_cells(raw, blank, frame, rej, mapping)
    if platform is not None and platform.counterpart is not None:
        frame = _counterparts(frame, mapping, platform, rej)
    if platform is not None and platform.no_sale and mapping.status is not None:
        status = clean_text(frame[mapping.status]).fillna("").map(normalise_header)
        rej.reject(status.isin(platform.no_sale).to_numpy(), "not_a_sale", mapping.status, frame[mapping.status])
    if raw.row_lines is not None:  # every physical line accounted for: some are inside rows
        spans = raw.row_lines[~blank].reset_index(drop=True).to_numpy()
        multi = spans > 1
        if multi.any():
            longest = int(np.argmax(spans))
            fields = {"lines": int(spans[multi].sum()), "rows": row_labels(rows, sheets, multi)}
            fields |= {"start": int(rows.iloc[longest]), "longest": int(spans[longest])}
            rej.notes.append(Warning("multi_line_rows", int(multi.sum()), fields))
    if raw.read_as == "text":
        rej.notes.append(Warning("read_as_text", 0, {"file": raw.file}))
    if raw.cp1252_lines:
        n, first = raw.cp1252_lines
        rej.notes.append(Warning("mixed_encoding", n, {"first": first}))
    if raw.sheets_skipped:
        rej.notes.append(
            Warning(
                "sheets_skipped",
                len(raw.sheets_skipped),
                {"first": raw.sheets_read[0], "sheets": tuple(raw.sheets_skipped)},
            )
        )
    duplicates = _exact_duplicates(frame, rows, sheets)
    if duplicates:
        rej.notes.append(duplicates)
    if lines and mapping.order:
        # «#1001 » is «#1001»; blank cells are missing
        rej.order_codes, _ = pd.factorize(clean_text(frame[mapping.order]), use_na_sentinel=True)
        frame, note, rej.carried, rej.differ = _fill_orders(frame, mapping, rej.order_codes)
        rej.notes += note
    original = frame[mapping.customer].astype("string")
    customer = clean_id(original)
    if platform is not None and platform.parent_mark:  # a job of a customer is the customer's
        job = customer.str.contains(platform.parent_mark, regex=False).fillna(False)
        if job.any():
            parent = customer.str.split(platform.parent_mark, n=1, regex=False).str[0].str.strip()
            customer = customer.where(~job, parent.where(parent != "", customer))
            examples = tuple(original[job].drop_duplicates().head(3))
            rej.notes.append(Warning("sub_customers", int(job.sum()), {"examples": examples}))
    if platform is not None and platform.person:
        customer = _keyed_by_person(frame, mapping, platform.person, customer, rej)
    customer, invisible = _without_invisible(customer)
    if invisible.any():
        examples = tuple(shorten(marks_shown(v), 60) for v in original[invisible].drop_duplicates().head(3))
        rej.notes.append(
            Warning(
                "ids_invisible",
                int(invisible.sum()),
                {"examples": examples, "rows": row_labels(rows, sheets, invisible)},
            )
        )
    rej.reject(_total_rows(frame, mapping.customer, mapping.name), "total_row", mapping.customer, original)
    trimmed = (customer.notna() & (original != customer)).fillna(False).to_numpy()
    customer, nobody, notes = _nobody(frame, mapping, customer)
    trimmed &= ~nobody & (original.str.strip() == customer).fillna(False).to_numpy()  # not keyed by e-mail
    rej.notes += notes
    rej.reject(nobody, "placeholder_customer", mapping.customer, original)
    rej.reject(customer.isna(), "no_customer", mapping.customer, original)
    rej.email_key = looks_like_emails(original)
    if rej.email_key:  # e-mails match whatever their case: «Anne@X.fr» is «anne@x.fr»
        customer = customer.str.lower()
    if trimmed.any() and not rej.email_key:  # for e-mails, the key note says how many merged
        examples = tuple(original[trimmed].drop_duplicates().head(3))
        rej.notes.append(Warning("ids_trimmed", int(trimmed.sum()), {"examples": examples}))
    ok = ~rej.bad
    control = (customer.str.contains(r"[\x00-\x1f\x7f]", regex=True).fillna(False).to_numpy()) & ok
    if control.any():  # kept as written, said row by row: never merged into another id in silence
        escaped = (v.encode("unicode_escape").decode("ascii") for v in customer[control].drop_duplicates().head(3))
        shown = tuple(v if len(v) <= 40 else v[:39] + "…" for v in escaped)
        rej.notes.append(
            Warning("ids_control", int(control.sum()), {"examples": shown, "rows": row_labels(rows, sheets, control)})
        )
    rej.notes += key_notes(frame, mapping.customer, original[ok], customer[ok], platform)
    rej.notes += lookalikes(customer[ok])
    return today_ts, as_of_ts, blank, frame, rows, rej, customer


def no_usable_row(raw: RawTable, report: RowReport) -> LifecycleError:
    """No row is usable: the error carries the row report, which says why of each row."""
    if report.read == 0 and report.blank:  # nothing under the header but blank lines
        error = LifecycleError.of("error.only_blank_rows", file=raw.file, blank=_n(report.blank))
        error.report = report
        return error
    error = LifecycleError.of(
        "error.no_usable_row",
        file=raw.file,
        read=_n(report.read),
        rejected=_n(report.rejected),
        after=_n(report.after_as_of),
    )
    error.report = report
    return error


def _n(count: int):
    return lambda lang: fmt_int(count, lang)


def _meanings(frame: pd.DataFrame, mapping: Mapping, chosen: dict | None, platform: Platform | None, rows):
    """Each row's meaning code (``statuses.MEANINGS``) from its status, and the status table
    (the values of ``rows``: not the total lines and rows without a customer)."""
    if mapping.status is None:
        return np.zeros(len(frame), dtype="int8"), ()
    status = clean_text(frame[mapping.status]).fillna("")
    counts = status[rows].value_counts(sort=False)
    # A file of invoices names them in its order, date or amount header, or in a type column
    # (Facture / Avoir) without a role.
    invoices = (
        names_invoices(mapping.order, mapping.date, mapping.amount) or credit_note_column(frame, mapping) is not None
    )
    table = propose_meanings(counts.items(), chosen, platform.meanings if platform else None, invoices=invoices)
    code = {v.value: MEANING_CODE[v.meaning] for v in table}
    return status.map(code).fillna(0).to_numpy(dtype="int8"), table  # rows set aside: any code


def _prepare_transactions(raw, mapping, *, dayfirst, decimal, as_of, today, meanings=None) -> Transactions:
    columns = list(raw.frame.columns)
    platform = recognise({normalise_header(c) for c in columns}, column_share(columns, raw.frame))
    if platform is not None and platform.kind == "contacts":
        name = f"platform.{platform.key}"
        raise LifecycleError.of("error.contacts_platform", file=raw.file, platform=lambda lang: t(name, lang))
    today_ts, as_of_ts, blank, frame, rows, rej, customer = _start(
        raw, mapping, ("customer", "date"), as_of, today, lines=True, platform=platform
    )
    kind, statuses = _meanings(frame, mapping, meanings, platform, ~rej.bad)
    # A credit note counted as a sale or a return by its status (Remboursé) is a return, its
    # amount taken off.
    credit = np.zeros(len(frame), dtype=bool)
    credit_col = credit_note_column(frame, mapping)
    if credit_col is not None:
        doc = clean_text(frame[credit_col]).fillna("").map(normalise_header)
        # «Facture (avoir déduit)» is an invoice: a credit note's type names no invoice
        note = doc.str.contains(_CREDIT_NOTE) & ~doc.str.contains(_AN_INVOICE)
        credit = note.to_numpy() & (kind <= MEANING_CODE["return"]) & ~rej.bad
        kind = np.where(credit, np.int8(MEANING_CODE["return"]), kind)
        other = (doc.str.contains(_OTHER_DOCUMENT) & ~doc.str.contains(_DOCUMENT)).to_numpy()
        kind = np.where(other & (kind == MEANING_CODE["purchase"]), np.int8(MEANING_CODE["open"]), kind)
    sale = kind <= MEANING_CODE["return"]  # a purchase or a return: dated, with money
    purchase = kind == MEANING_CODE["purchase"]

    date_raw = frame[mapping.date]
    dates, dp = parse_dates(date_raw, dayfirst)
    order = dayfirst if dayfirst is not None else (dp.order == "dayfirst" if dp else None)
    # A cancelled or open row (a lost or open deal) is dated by its creation when the file
    # has one: an open deal's close date is only expected.
    when = dates
    when_col, when_raw = mapping.date, date_raw
    if mapping.contact_date and not sale.all():
        c_raw = frame[mapping.contact_date]
        created, _ = parse_dates(c_raw, order)
        when = created.where(created.notna(), dates)
        inter = ~sale & clean_text(c_raw).notna().to_numpy()
        when_raw = c_raw.where(pd.Series(inter, index=c_raw.index), date_raw)
        when_col = mapping.contact_date
    blank_date = clean_text(date_raw).isna().to_numpy()
    rej.reject(sale & blank_date, "no_date", mapping.date, date_raw)
    rej.reject(sale & dates.isna().to_numpy(), "bad_date", mapping.date, date_raw)
    rej.reject(~sale & clean_text(when_raw).isna().to_numpy(), "no_date", when_col, when_raw)
    rej.reject(~sale & when.isna().to_numpy(), "bad_date", when_col, when_raw)

    has_amount = mapping.amount is not None or (mapping.quantity is not None and mapping.unit_price is not None)
    np_info = None
    if mapping.amount is not None:
        a_raw = frame[mapping.amount]
        amount, np_info = parse_numbers(a_raw, decimal)
        rej.reject(sale & clean_text(a_raw).isna().to_numpy(), "no_amount", mapping.amount, a_raw)
        rej.reject(sale & amount.isna().to_numpy(), "bad_amount", mapping.amount, a_raw)
    elif has_amount:
        q_raw, p_raw = frame[mapping.quantity], frame[mapping.unit_price]
        qty, _ = parse_numbers(q_raw, decimal)
        price, np_info = parse_numbers(p_raw, decimal)
        rej.reject(sale & qty.isna().to_numpy(), "bad_quantity", mapping.quantity, q_raw)
        rej.reject(sale & price.isna().to_numpy(), "bad_unit_price", mapping.unit_price, p_raw)
        amount = qty * price
    else:
        amount = pd.Series(np.nan, index=frame.index)
    if credit.any():  # written positive: taken off
        amount = amount.where(~pd.Series(credit & (amount > 0).to_numpy(), index=amount.index), -amount)
        examples = tuple(clean_text(frame[credit_col])[credit].drop_duplicates().head(3))
        rej.notes.append(Warning("credit_notes", int(credit.sum()), {"column": credit_col, "examples": examples}))
    if has_amount:
        amount = _net_of_refunds(frame, mapping, amount, purchase, sale, decimal)

    rej.reject(sale & (dates > today_ts).to_numpy(), "future_date", mapping.date, date_raw)
    if rej.differ is not None:
        rej.reject(rej.differ, "totals_differ", mapping.amount, frame[mapping.amount])
    orphan, other = _orphan_lines(rej, customer)
    rej.reject(orphan, "order_line", mapping.order, frame[mapping.order] if mapping.order else None)
    rej.reject(other, "order_other_customer", mapping.customer, customer)
    ok = ~rej.bad
    day = dates.where(pd.Series(sale, index=dates.index), when)  # each row's own date
    after = np.zeros(len(frame), dtype=bool)
    if as_of_ts is None:
        # The last purchase not after today: a final credit note, a cancelled order or an
        # open deal's expected close never moves it.
        bought = ok & purchase & ~(amount <= 0).to_numpy()
        if not (ok & purchase).any() and (ok & ~sale).any():
            raise LifecycleError.of("error.no_purchase", file=raw.file, column=mapping.status or "")
        valid = dates[bought] if bought.any() else dates[ok & sale]
        as_of_ts = pd.Timestamp(valid.max()) if not valid.empty else today_ts  # no row used: said below
    after = ok & (day > as_of_ts).to_numpy()
    used = ok & ~after
    used_sale = used & sale

    out = pd.DataFrame(
        {
            "customer": customer[used_sale].astype("string"),
            "date": dates[used_sale].astype("datetime64[s]"),
            "amount": amount[used_sale].astype("float64"),
            "purchase": purchase[used_sale],
        }
    )
    # Text stays Arrow-backed ("string"): DuckDB scans it without converting Python objects.
    for role in ("order", "segment", "name", "email"):
        out[role] = _text(frame, used_sale, getattr(mapping, role), lower=role == "email")
    if rej.email_key and mapping.email is None:  # the key is the e-mail
        out["email"] = out["customer"]
    opt_flag, opt_date, opt_notes = _opt_out(frame, used_sale, mapping, order)
    out["opt_out"] = opt_flag
    out["opt_out_date"] = opt_date.to_numpy()
    out["row"] = rows[used_sale].to_numpy()
    out = out.reset_index(drop=True)
    used_inter = used & ~sale
    interactions = pd.DataFrame(
        {
            "customer": customer[used_inter].astype("string").to_numpy(),
            "date": day[used_inter].astype("datetime64[s]").to_numpy(),
            "meaning": pd.array(np.asarray(MEANINGS)[kind[used_inter]], dtype="string"),
            "email": _text(frame, used_inter, mapping.email, lower=True).to_numpy(),
            "name": _text(frame, used_inter, mapping.name).to_numpy(),
        }
    ).reset_index(drop=True)
    if rej.email_key and mapping.email is None:
        interactions["email"] = interactions["customer"]

    warnings: list[Warning] = list(rej.notes) + opt_notes
    warnings += status_warnings(mapping, statuses, meanings)
    warnings += id_warnings(out["customer"], out["email"] if mapping.email else None)
    warnings += parse_warnings(mapping.date, dp, np_info, mapping.amount)
    warnings += all_once(frame, mapping, out, used_sale)
    said = kind.copy()  # a negative amount without a status saying so is a return all the same
    said[purchase & (amount < 0).to_numpy()] = MEANING_CODE["return"]
    counts = np.bincount(said[used], minlength=len(MEANINGS))
    meanings_used = {m: int(n) for m, n in zip(MEANINGS, counts)}
    order_counts = {}
    if mapping.order:  # orders by meaning: the first line of each order gives the order's meaning
        # an order is its id and its customer: an id written for two customers is two orders
        o_codes = _pair_codes(rej.order_codes, customer)
        first = _first_rows(o_codes, np.flatnonzero(used & (o_codes >= 0)))
        counts_o = np.bincount(said[first], minlength=len(MEANINGS))
        order_counts = {m: int(n) for m, n in zip(MEANINGS, counts_o)}
    only_contacts = interactions["customer"]
    if len(only_contacts):  # a hash of every customer only when some rows are contacts
        only_contacts = only_contacts[~only_contacts.isin(out["customer"])]
    dates = [out.loc[out["purchase"], "date"]] if out["purchase"].any() else [out["date"]]  # the purchases' period
    understood = {
        "customers": int(out["customer"].nunique() + only_contacts.nunique()),
        "key": key_kind(mapping, rej.email_key, platform),
        "column": mapping.customer,
        "unit": unit_of(mapping, platform),
        "first": min(d.min() for d in dates) if dates else None,
        "last": max(d.max() for d in dates) if dates else None,
    }
    report = _finish_report(
        raw,
        rej,
        ~blank,
        used.sum(),
        after.sum(),
        key_counted(warnings, understood["customers"]),
        dp,
        np_info,
        meanings=meanings_used,
        meaning_orders=order_counts,
        statuses=statuses,
        platform=platform.key if platform else None,
        understood=understood,
    )
    if report.used == 0 or out.empty:
        raise no_usable_row(raw, report)
    return Transactions(
        frame=out,
        report=report.with_warnings(mixed_currencies(raw, mapping, platform)),
        as_of=as_of_ts,
        has_amount=has_amount,
        has_order=mapping.order is not None,
        has_segment=mapping.segment is not None,
        mapping=mapping,
        interactions=interactions,
        currency=file_currency(raw, mapping),
    )


# Invoicing tools that list credit notes beside invoices, both with a positive total, tell
# them apart by the document's type (Sellsy's «Type»: Facture or Avoir; Xero's «Type»: Sales
# invoice or Sales credit note).
_DOCUMENT_TYPE_HEADERS = {
    "type",
    "type de document",
    "document type",
    "type document",
    "type de piece",
    "doc type",
    "nature",
    "type de facture",
    "invoice type",
}
_CREDIT_NOTE = re.compile(r"\b(?:avoir|avoirs|credit note|credit notes|credit memo|note de credit)\b")
_AN_INVOICE = re.compile(r"\b(?:facture|factures|invoice|invoices)\b")
_DOCUMENT = re.compile(r"\b(?:facture|factures|invoice|invoices|avoir|avoirs|credit note|credit memo|note de credit)\b")
# The other documents of a sale's chain (EBP, Sage, Axonaut): a quote, an order form, a delivery
# note. The invoice holds the sale; they are an interaction.
_OTHER_DOCUMENT = re.compile(
    r"\b(?:devis|bon de livraison|bons de livraison|bon de commande|proforma|pro forma|quote|quotation|estimate"
    r"|delivery note|packing slip)\b"
)


def credit_note_column(frame: pd.DataFrame, mapping: Mapping) -> str | None:
    """A column (of no role) of the documents' type, invoices and credit notes (and the quotes
    and delivery notes of their chain), when most of its first rows name one."""
    used = set(mapping.to_dict().values())
    for column in frame.columns:
        if column in used or normalise_header(str(column)) not in _DOCUMENT_TYPE_HEADERS:
            continue
        values = clean_text(frame[column].head(SAMPLE_ROWS)).dropna().map(normalise_header)
        invoices = values.str.contains(_DOCUMENT)
        if len(values) and invoices.any() and (invoices | values.str.contains(_OTHER_DOCUMENT)).mean() >= 0.8:
            return column
    return None


def _net_of_refunds(frame, mapping, amount: pd.Series, purchase, sale, decimal) -> pd.Series:
    """A purchase's money is its amount less what was refunded on it (``Refunded Amount``);
    a return nets a negative amount, and a refunded order's positive total adds nothing."""
    if mapping.refund is None and purchase.all():  # nothing to take off: the amounts as read
        return amount
    refund = pd.Series(0.0, index=amount.index)
    if mapping.refund is not None:
        r, _ = parse_numbers(frame[mapping.refund], decimal)
        refund = r.abs().fillna(0.0)
    net = amount.where(amount < 0, amount - refund)  # a refund line is its own refund
    returned = sale & ~purchase
    out = amount.where(~pd.Series(purchase, index=amount.index), net)
    back = np.where(amount < 0, amount, np.minimum(net, 0.0))
    return out.where(~pd.Series(returned, index=amount.index), pd.Series(back, index=amount.index) + 0.0)


def all_once(frame: pd.DataFrame, mapping: Mapping, out: pd.DataFrame, used) -> list[Warning]:
    """When every customer bought once while another column repeats across the purchases,
    the customer column is likely the order's or the payment's own id: said, with the other
    column to pick."""
    if len(out) < 10:
        return []
    occasion = out["order"] if mapping.order else out["date"]
    head = pd.DataFrame({"c": out["customer"].head(SAMPLE_ROWS), "o": occasion.head(SAMPLE_ROWS)}).drop_duplicates()
    if head["c"].duplicated().any():  # a customer bought twice among the first rows already
        return []
    per = pd.DataFrame({"c": out["customer"], "o": occasion}).drop_duplicates().groupby("c").size()
    if len(per) < 10 or (per > 1).any():
        return []
    unmapped = [c for c in frame.columns[:_SCAN_COLUMNS] if c not in set(mapping.to_dict().values())]
    others = [mapping.email, mapping.name, *unmapped]
    for column in dict.fromkeys(c for c in others if c and c != mapping.customer):
        if column in unmapped and not (looks_like_emails(frame[column]) or code_column(frame[column]) is not None):
            continue  # a city, a shop or a product repeats too: only an e-mail, a name or codes name a customer
        values = clean_text(frame.loc[used, column])
        if values.notna().mean() < 0.8:
            continue
        pairs = pd.DataFrame({"v": values.to_numpy(), "o": occasion.to_numpy()}).dropna().drop_duplicates()
        counts = pairs.groupby("v").size()
        repeated = int((counts > 1).sum())
        if repeated >= max(2, 0.1 * len(counts)) and len(counts) >= 0.05 * len(per) and len(counts) < len(pairs):
            fields = {"column": mapping.customer, "other": column, "repeated": repeated, "values": len(counts)}
            return [Warning("all_once", len(per), fields)]
    return []


def unit_of(mapping: Mapping, platform: Platform | None) -> str:
    """What one occasion is, for the sentence: the platform's (payments, deals; a row each
    when the file has no id for them), invoices when the order column names one, else orders."""
    if platform is not None and platform.unit != "orders":
        return platform.unit
    if mapping.order and re.search(
        r"\b(facture|factures|invoice|invoiceno|invoices)\b", normalise_header(mapping.order)
    ):
        return "invoices"
    return "orders"


def key_kind(mapping: Mapping, email_key: bool, platform: Platform | None = None) -> str:
    roles = key_roles(mapping.customer, platform)
    if email_key or "email" in roles:
        return "email"
    if "customer" in roles:
        return "column"
    if "name" in roles:
        return "name"
    return "values"


def status_warnings(mapping: Mapping, statuses: tuple[StatusValue, ...], chosen: dict | None) -> list[Warning]:
    out = []
    unknown = [s for s in statuses if s.source == "unknown"]
    if unknown:
        shown = tuple(f"{s.value or BLANK} ({s.rows})" for s in unknown[:8])
        out.append(Warning("unknown_status", sum(s.rows for s in unknown), {"column": mapping.status, "values": shown}))
    missing = unmatched(chosen or {}, statuses)
    if missing:
        column = mapping.status or ""
        out.append(Warning("unmatched_meanings", len(missing), {"values": tuple(missing[:8]), "column": column}))
    return out


def _prepare_customers(raw, mapping, *, dayfirst, decimal, as_of, today) -> CustomerRows:
    roles = ("customer", "first_purchase", "last_purchase")
    today_ts, as_of_ts, blank, frame, _rows, rej, customer = _start(raw, mapping, roles, as_of, today)
    f_raw, l_raw = frame[mapping.first_purchase], frame[mapping.last_purchase]
    first, dp = parse_dates(f_raw, dayfirst)
    last, _ = parse_dates(l_raw, dayfirst if dayfirst is not None else dp.order == "dayfirst")
    rej.reject(first.isna(), "bad_first_date", mapping.first_purchase, f_raw)
    rej.reject(last.isna(), "bad_last_date", mapping.last_purchase, l_raw)
    rej.reject(last < first, "last_before_first", mapping.last_purchase, l_raw)
    orders = pd.Series(np.nan, index=frame.index)
    if mapping.orders_count:
        o_raw = frame[mapping.orders_count]
        orders, _ = parse_numbers(o_raw, decimal)
        rej.reject(
            clean_text(o_raw).notna() & (orders.isna() | (orders < 0)), "bad_orders", mapping.orders_count, o_raw
        )
    np_info = None
    amount = pd.Series(np.nan, index=frame.index)
    if mapping.amount:
        a_raw = frame[mapping.amount]
        amount, np_info = parse_numbers(a_raw, decimal)
        rej.reject(clean_text(a_raw).notna() & amount.isna(), "bad_amount", mapping.amount, a_raw)
    rej.reject(last > today_ts, "future_date", mapping.last_purchase, l_raw)
    ok = ~rej.bad
    after = np.zeros(len(frame), dtype=bool)
    if as_of_ts is not None:
        # Without history the state before the as-of date is unknown: counted apart.
        after = ok & (last > as_of_ts).to_numpy()
    else:
        as_of_ts = pd.Timestamp(last[ok].max()) if ok.any() else today_ts  # no row used: said below
    used = ok & ~after
    out = pd.DataFrame(
        {
            "customer": customer[used].astype("string"),
            "first": first[used],
            "last": last[used],
            "orders": orders[used],
            "amount": amount[used],
            "segment": _text(frame, used, mapping.segment),
            "name": _text(frame, used, mapping.name),
            "email": customer[used].astype("string")
            if rej.email_key and mapping.email is None
            else _text(frame, used, mapping.email, lower=True),
        }
    )
    order = dayfirst if dayfirst is not None else dp.order == "dayfirst"
    opt_flag, opt_date, opt_notes = _opt_out(frame, used, mapping, order)
    out["opt_out"] = opt_flag
    out["opt_out_date"] = opt_date.to_numpy()
    out = out.reset_index(drop=True)
    warnings: list[Warning] = list(rej.notes) + opt_notes
    n_dup = int(out["customer"].duplicated().sum())
    if n_dup:
        warnings.append(
            Warning("duplicate_customers", int(out.loc[out["customer"].duplicated(), "customer"].nunique()))
        )
        agg = {
            "first": "min",
            "last": "max",
            "orders": lambda s: s.sum(min_count=1),
            "amount": lambda s: s.sum(min_count=1),
        }
        for c in ("segment", "name", "email"):
            agg[c] = "last"
        agg["opt_out"] = "max"
        agg["opt_out_date"] = "min"
        out = out.groupby("customer", sort=False, as_index=False).agg(agg)
    warnings += id_warnings(out["customer"], out["email"] if mapping.email else None)
    warnings += parse_warnings(mapping.last_purchase, dp, np_info, mapping.amount)
    understood = {
        "unit": "customer_rows",
        "customers": len(out),
        "key": key_kind(mapping, rej.email_key),
        "column": mapping.customer,
        "first": out["first"].min() if len(out) else None,
        "last": out["last"].max() if len(out) else None,
    }
    report = _finish_report(raw, rej, ~blank, used.sum(), after.sum(), warnings, dp, np_info, understood=understood)
    if report.used == 0:
        raise no_usable_row(raw, report)
    return CustomerRows(
        frame=out,
        report=report,
        as_of=as_of_ts,
        has_amount=mapping.amount is not None,
        has_segment=mapping.segment is not None,
        mapping=mapping,
        currency=file_currency(raw, mapping),
    )


_CURRENCY_HEADERS = {
    "currency",
    "devise",
    "monnaie",
    "currency code",
    "code devise",
    "presentment currency",
    "converted currency",
}


def _currency_columns(frame: pd.DataFrame, mapping: Mapping) -> list[str]:
    """The file's currency columns, the one its amounts are in first."""
    columns = list(frame.columns)
    if mapping.amount is not None and normalise_header(mapping.amount).startswith("converted"):
        # Stripe's converted amounts are in its «Converted Currency», not each charge's «Currency»
        columns = [c for c in columns if normalise_header(str(c)) == "converted currency"] + columns
    return [c for c in columns if normalise_header(str(c)) in _CURRENCY_HEADERS]


_ISO_CURRENCIES = frozenset(list_currencies())  # ISO 4217 codes, from the CLDR (Babel)


def mixed_currencies(raw: RawTable, mapping: Mapping, platform=None) -> tuple[Warning, ...]:
    """A note when the currency column of the amounts names several currencies (PayPal's or
    Shopify's sales in euros and pounds): their amounts are added as written, nothing converts
    them. Read on the first 2,000 rows, as ``file_currency`` reads the currency; an account's
    movements that are no sale (a conversion to another currency) left out."""
    frame = raw.frame.iloc[:2000]
    columns = _currency_columns(frame, mapping)
    if mapping.amount is None or mapping.amount not in frame:
        return ()
    found = _no_sales(frame, mapping, platform) if platform is not None and platform.counterpart else None
    if found is not None:
        frame = frame[~found[3]]
    # A currency column's ISO codes or symbols («EUR», «€»: one currency), else the amounts'
    # own («12,50 €», «$40.00»); a text naming no currency («TBD») or two is left out.
    column = columns[0] if columns else mapping.amount

    def named(value) -> str | None:
        if pd.isna(value):
            return None
        code = str(value).strip().upper()
        if code in _ISO_CURRENCIES:
            return code
        found = currencies_in(value)
        return next(iter(found)) if len(found) == 1 else None

    codes = frame[column].map(named).dropna()
    found = tuple(codes.value_counts(sort=True).index)
    if len(found) < 2:
        return ()
    return (Warning("mixed_currencies", len(found), {"column": column, "currencies": found}),)


def file_currency(raw: RawTable, mapping: Mapping) -> str | None:
    """The currency the file names for its amounts: a currency column's codes (Shopify's and
    Stripe's ``Currency``), else the symbols in the amount column and its header (``12,50 €``,
    ``Montant (€)``). A sample of 2,000 rows: the guess only picks how money is written."""
    frame = raw.frame.iloc[:2000]
    for column in _currency_columns(frame, mapping):
        found = guess_currency(frame[column].dropna().astype(str))
        if found:
            return found
    texts = [str(mapping.amount)] if mapping.amount is not None else []
    if mapping.amount is not None and mapping.amount in frame.columns:
        texts += frame[mapping.amount].dropna().astype(str).tolist()
    return guess_currency(texts)


_PROSPECT_WORDS = (
    "prospect",
    "lead",
    "contact",
    "devis",
    "quote",
    "rdv",
    "rendez",
    "meeting",
    "demo",
    "essai",
    "trial",
    "qualifi",
    "opportunit",
    "relance",
    "interest",
    "interess",
)


def prepare_contacts(
    raw: RawTable,
    mapping: Mapping,
    *,
    dayfirst: bool | None = None,
    prospect_statuses: tuple[str, ...] | None = None,
) -> Contacts:
    """A contacts list: each row keyed by customer id or email; interaction and opt-out flags.

    A contact shows an interaction when it has a contact date, or a status that is in
    ``prospect_statuses`` (default: statuses containing words such as prospect, lead,
    devis, quote, rdv, meeting).
    """
    if mapping.customer is None and mapping.email is None:
        require_roles(raw, mapping, ("customer",))
    blank = _blank_rows(raw.frame)
    frame = raw.frame[~blank].reset_index(drop=True)
    rows = raw.row_numbers[~blank].reset_index(drop=True)
    rej = _Rejector(len(frame), rows)
    _reject_long_cells(raw, blank, frame, rej, mapping)
    customer = clean_text(frame[mapping.customer]) if mapping.customer else pd.Series(pd.NA, index=frame.index)
    email = clean_text(frame[mapping.email]).str.lower() if mapping.email else pd.Series(pd.NA, index=frame.index)
    key_col = mapping.customer or mapping.email
    rej.reject(customer.isna() & email.isna(), "no_contact_key", key_col, frame[key_col])
    contact_date = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    dp = None
    if mapping.contact_date:
        c_raw = frame[mapping.contact_date]
        contact_date, dp = parse_dates(c_raw, dayfirst)
        rej.reject(clean_text(c_raw).notna() & contact_date.isna(), "bad_date", mapping.contact_date, c_raw)
    status = clean_text(frame[mapping.status]) if mapping.status else pd.Series(pd.NA, index=frame.index)
    low = status.str.lower().fillna("")
    if prospect_statuses is None:
        by_status = low.str.contains("|".join(_PROSPECT_WORDS), regex=True)
    else:
        by_status = low.isin({s.lower() for s in prospect_statuses})
    ok = ~rej.bad
    order = dayfirst if dayfirst is not None else (dp.order == "dayfirst" if dp else None)
    opt_flag, opt_date, opt_notes = _opt_out(frame, ok.copy(), mapping, order)
    out = pd.DataFrame(
        {
            "customer": customer[ok].astype(object),
            "email": email[ok].astype(object),
            "name": clean_text(frame.loc[ok, mapping.name]).astype(object) if mapping.name else None,
            "contact_date": contact_date[ok],
            "status": status[ok].astype(object),
            "opt_out": opt_flag,
            "opt_out_date": opt_date.to_numpy(),
            "interaction": (contact_date[ok].notna() | by_status[ok]).to_numpy(),
            "row": rows[ok].to_numpy(),
        }
    ).reset_index(drop=True)
    report = _finish_report(raw, rej, ~blank, ok.sum(), 0, opt_notes, dp, None)
    return Contacts(frame=out, report=report)
