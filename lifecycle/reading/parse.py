"""Parse the dates and numbers found in French and English exports, a whole column at a time.

Dates: real Excel date cells (read as ISO text), Excel serial numbers, ISO, yyyymmdd,
dd/mm/yyyy and dd/mm/yy (also with ``.`` or ``-``) with an optional time. Day-first vs
month-first is decided from the evidence in the whole column and reported.

Numbers: ``1 234,56 €`` (ordinary, no-break and narrow no-break spaces), ``1,234.56``,
``1.234,56``, ``(12.00)``, ``12-``, ``+3``, ``12 %``. A value with a lone separator
followed by exactly three digits (``1,234``) is ambiguous; the column's other values
decide, and without evidence it is read as a thousands separator (money rarely has
three decimals).

Hand-written because no library parses mixed French/English columns with a
column-level decision and a report of what was decided (``pd.to_datetime(format=
"mixed")`` guesses value by value and silently swaps days and months).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "BLANKS",
    "ID_SPACES",
    "INVISIBLE",
    "WHITESPACE",
    "WHITESPACE_RE2",
    "DateParse",
    "NumberParse",
    "clean_id",
    "clean_text",
    "date_share",
    "marks_shown",
    "parse_dates",
    "parse_distinct_dates",
    "parse_distinct_numbers",
    "parse_numbers",
    "without_whitespace",
]

# A time of day may end with its time zone (``2024-03-05 14:22:10 +0100``, ``…T14:22Z``):
# the date kept is the one written, the shop's local day, whatever the offset.
_ZONE = r"(?:\s?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT|CET|CEST))?"
_ISO = r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?" + _ZONE + r")?$"
_DMY = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ T]\d{1,2}[:hH]\d{2}(?::\d{2})?" + _ZONE + r")?$"
_COMPACT = r"^((?:19|20)\d{2})(\d{2})(\d{2})$"
# Month names, English and French, as exports write them: «05 Mar 2024», «5 mars 2024 14:22»,
# «Mar 5, 2024», «05-Mar-2024».
_MONTHS = {
    **dict.fromkeys(("jan", "janv", "january", "janvier"), 1),
    **dict.fromkeys(("feb", "fev", "fevr", "february", "fevrier"), 2),
    **dict.fromkeys(("mar", "march", "mars"), 3),
    **dict.fromkeys(("apr", "avr", "april", "avril"), 4),
    **dict.fromkeys(("may", "mai"), 5),
    **dict.fromkeys(("jun", "june", "juin"), 6),
    **dict.fromkeys(("jul", "july", "juil", "juillet"), 7),
    **dict.fromkeys(("aug", "august", "aou", "aout"), 8),
    **dict.fromkeys(("sep", "sept", "september", "septembre"), 9),
    **dict.fromkeys(("oct", "october", "octobre"), 10),
    **dict.fromkeys(("nov", "november", "novembre"), 11),
    **dict.fromkeys(("dec", "december", "decembre"), 12),
}
_TIME = r"(?:[ ,T]+\d{1,2}[:hH]\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?" + _ZONE + r")?"
# An optional weekday first («Tuesday, March 5, 2024», «mardi 5 mars 2024»), «1er» for the
# first of the month in French.
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim)\.?,? "
)
_DAY_MONTH = r"(?i)^(?:" + _WEEKDAY + r")?(\d{1,2})(?:er)?[ \-]([^\W\d_]+)\.?[ \-,]+(\d{4})" + _TIME + r"$"
_MONTH_DAY = r"(?i)^(?:" + _WEEKDAY + r")?([^\W\d_]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})" + _TIME + r"$"
_SERIAL = r"^(\d{5})(?:\.\d+)?$"
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")


# Characters no one types on purpose and no one sees: zero-width spaces and joiners, the
# soft hyphen, the BOM, and direction marks and overrides («\u202eabc.csv» shows as
# «vsc.cba», and turns the text around it too). Written out wherever file text is shown.
INVISIBLE = "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
_INVISIBLE = re.compile(INVISIBLE)


def marks_shown(value: object) -> str:
    """``value`` with its invisible characters written out («⟨U+202E⟩»): a file's name in
    a chart, a deck or a PDF, or an id in the row report, reads as written, and leaves the
    text around it as it was."""
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group(0)):04X}⟩", str(value))


@dataclass(frozen=True)
class DateParse:
    """What ``parse_dates`` decided about a column."""

    order: str  # "dayfirst", "monthfirst" or "iso" (no slash dates at all)
    ambiguous: bool  # slash dates present, none with a part above 12, order not given
    dayfirst_evidence: int  # values only readable day-first (first part above 12)
    monthfirst_evidence: int  # values only readable month-first (second part above 12)
    unreadable: int


@dataclass(frozen=True)
class NumberParse:
    """What ``parse_numbers`` decided about a column."""

    decimal: str  # "," or "."
    ambiguous: int  # values like 1,234 read with the column's decision
    unreadable: int
    percent: int


BLANKS = " \t\r\n\u00a0\u202f\u2009\ufeff"


ID_SPACES = " \u00a0\u202f\u2009\ufeff"

# What Python's ``str.isspace``, ``str.strip()`` and the ``\s`` of ``re`` take: 29 characters.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
# The same characters as a class of RE2, the regular expressions of DuckDB and Arrow, whose
# ``\s`` is ASCII only.
WHITESPACE_RE2 = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"


def without_whitespace(values: pd.Series) -> pd.Series:
    """``values`` with every whitespace character taken out (``WHITESPACE``, as
    ``str.replace(r"\\s+", "", regex=True)`` takes them), by Arrow's RE2 on all values at once:
    0.05 s for 1,000,000 ids, where pandas calls Python's ``re`` once per value (1 s)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values, type=pa.large_string(), from_pandas=True)
    out = pc.replace_substring_regex(arr, WHITESPACE_RE2 + "+", "")
    return pd.Series(pd.arrays.ArrowExtensionArray(out), index=values.index)


def clean_id(values: pd.Series) -> pd.Series:
    """An id as written, but for the spaces around it: a tab or a line break is part of it
    (``"\\t=1+1"`` is not ``"=1+1"``; ``prepare`` reports such ids row by row)."""
    s = values.astype("string").str.strip(ID_SPACES)
    return s.mask(s == "")


def clean_text(values: pd.Series) -> pd.Series:
    """Strip every kind of space at both ends; empty strings become missing."""
    s = values.astype("string").str.strip(BLANKS)
    return s.mask(s == "")


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series, np.ndarray]:
    """Codes into the distinct values (-1 for missing), the distinct values, and how often each occurs.

    A column of a million dates holds a few thousand distinct ones: parsing those, then
    mapping back, is what makes a full Excel sheet take seconds.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    weights = np.bincount(codes[codes >= 0], minlength=len(uniques))
    return codes, pd.Series(uniques, dtype="string"), weights


def _spread(codes: np.ndarray, parsed: pd.Series, index: pd.Index, missing) -> pd.Series:
    arr = parsed.to_numpy()
    # No value at all: an empty column of the parsed type (a bare NaT has no unit).
    out = arr[np.where(codes >= 0, codes, 0)] if len(arr) else np.full(len(codes), missing, dtype=arr.dtype)
    out = out.copy()
    out[codes < 0] = missing
    return pd.Series(out, index=index)


YEARS = (1900, 2200)


def _ymd(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    frame = pd.DataFrame(
        {
            "year": pd.to_numeric(year, errors="coerce"),
            "month": pd.to_numeric(month, errors="coerce"),
            "day": pd.to_numeric(day, errors="coerce"),
        }
    )
    out = pd.Series(pd.NaT, index=year.index, dtype="datetime64[s]")
    # A purchase dated before 1900 or after 2200 («0010/1/1») is a typing error, not a date.
    ok = frame.notna().all(axis=1) & frame["year"].between(YEARS[0], YEARS[1])
    if ok.any():
        out[ok] = pd.to_datetime(frame[ok].astype("int64"), errors="coerce").astype("datetime64[s]")
    return out


def _month_number(names: pd.Series) -> pd.Series:
    """«Mar», «mars», «Février» -> 3, 3, 2 (``NaN`` for a word that is no month)."""
    plain = names.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii").str.lower()
    return plain.map(_MONTHS).astype("float64")


def date_share(values: pd.Series, sample: int = 2_000) -> float:
    """Share of the filled values (of the first ``sample``) that read as dates written with
    separators or month names: not plain numbers, which may be amounts or codes."""
    v = clean_text(values.head(sample)).dropna()
    v = v[~v.str.fullmatch(r"[\d.,\s]+")]
    total = int(clean_text(values.head(sample)).notna().sum())
    if not total or v.empty:
        return 0.0
    parsed, _ = parse_dates(v)
    return float(parsed.notna().sum() / total)


def parse_dates(values: pd.Series, dayfirst: bool | None = None) -> tuple[pd.Series, DateParse]:
    """Parse a column of date text into a ``datetime64[s]`` Series (time of day dropped).

    ``dayfirst=None`` decides from the column; unreadable values become ``NaT``.
    """
    codes, uniques, weights = _distinct(clean_text(values))
    parsed, info = parse_distinct_dates(uniques, weights, dayfirst)
    out = _spread(codes, parsed.astype("datetime64[s]"), values.index, np.datetime64("NaT"))
    return out.astype("datetime64[s]"), info


# A timestamp written the ISO way with ASCII digits (a shop's «2024-03-05 14:22:10 +0100», a
# text of its own for every order), each form of which ``_ISO`` takes: its date is its first
# ten characters. In RE2, for Arrow to find them all in one call.
_ISO_TIMED = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?( ?(Z|[+-][0-9]{2}:?[0-9]{2}))?$"


def _by_day(s: pd.Series, w: np.ndarray) -> tuple[np.ndarray, pd.Series, np.ndarray] | None:
    """When some of ``s`` are ISO timestamps, the distinct texts with each such one cut to its
    date (codes into them, -1 for missing; the texts; their summed weights), else ``None``.
    Three million orders' timestamps are a few thousand days: 40 s of parsing become 1."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(s, type=pa.large_string(), from_pandas=True)
    timed = pc.match_substring_regex(arr, _ISO_TIMED).fill_null(False)
    if not pc.any(timed).as_py():
        return None
    cut = pc.if_else(timed, pc.utf8_slice_codeunits(arr, 0, 10), arr)
    codes, uniques = pd.factorize(pd.Series(pd.arrays.ArrowExtensionArray(cut)), use_na_sentinel=True)
    weights = np.bincount(codes[codes >= 0], weights=w[codes >= 0], minlength=len(uniques)).astype("int64")
    return codes, pd.Series(uniques, dtype="string"), weights


def parse_distinct_dates(s: pd.Series, w: np.ndarray, dayfirst: bool | None) -> tuple[pd.Series, DateParse]:
    cut = _by_day(s, w)
    if cut is not None:
        codes, days, weights = cut
        parsed, info = parse_distinct_dates(days, weights, dayfirst)
        return _spread(codes, parsed.astype("datetime64[s]"), s.index, np.datetime64("NaT")), info
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[s]")
    present = s.notna()

    iso = s.str.extract(_ISO)
    m = iso[0].notna()
    if m.any():
        out[m] = _ymd(iso.loc[m, 0], iso.loc[m, 1], iso.loc[m, 2])
        if bool((out.notna() | ~present).all()):  # every date ISO: no other form can match
            return out, DateParse("iso", False, 0, 0, 0)

    compact = s.str.extract(_COMPACT)
    m2 = compact[0].notna() & ~m
    if m2.any():
        out[m2] = _ymd(compact.loc[m2, 0], compact.loc[m2, 1], compact.loc[m2, 2])

    serial = s.str.extract(_SERIAL)[0]
    m3 = serial.notna() & ~m & ~m2
    if m3.any():
        n = pd.to_numeric(serial[m3]).astype("int64")
        n = n.where((n >= 20000) & (n <= 80000))  # 1954 to 2119: anything else is not a date
        days = _EXCEL_EPOCH + n.fillna(0).to_numpy().astype("timedelta64[D]")
        out[m3] = pd.Series(days.astype("datetime64[s]"), index=n.index).where(n.notna())

    for pattern, day_at, month_at in ((_DAY_MONTH, 0, 1), (_MONTH_DAY, 1, 0)):
        named = s.str.extract(pattern)
        mn = named[0].notna() & out.isna()
        if mn.any():
            month = _month_number(named.loc[mn, month_at])
            out[mn] = _ymd(named.loc[mn, 2], month, named.loc[mn, day_at])

    dmy = s.str.extract(_DMY)
    m4 = dmy[0].notna()
    day_ev = mon_ev = 0
    if m4.any():
        a = pd.to_numeric(dmy.loc[m4, 0])
        b = pd.to_numeric(dmy.loc[m4, 1])
        y = pd.to_numeric(dmy.loc[m4, 2])
        y = y.where(y >= 100, np.where(y <= 68, 2000 + y, 1900 + y))  # strptime's %y pivot
        wm = w[m4.to_numpy()]
        day_ev = int(wm[((a > 12) & (b <= 12)).to_numpy()].sum())
        mon_ev = int(wm[((b > 12) & (a <= 12)).to_numpy()].sum())
        if dayfirst is None:
            first = day_ev >= mon_ev  # French exports by default; evidence wins
        else:
            first = dayfirst
        day, month = (a, b) if first else (b, a)
        out[m4] = _ymd(y, month, day)
        order = "dayfirst" if first else "monthfirst"
        ambiguous = dayfirst is None and day_ev == 0 and mon_ev == 0
    else:
        order, ambiguous = "iso", False

    unreadable = int(w[(present & out.isna()).to_numpy()].sum())
    return out, DateParse(order, ambiguous, day_ev, mon_ev, unreadable)


_CURRENCY = r"(?i)(?:€|\$|£|eur|euros?|usd|gbp|chf|ttc|ht)"
_SPACES = r"[\s\u00a0\u202f\u2009']"
_AMBIG_COMMA = r"^\d{1,3}(?:,\d{3})+$"
_AMBIG_DOT = r"^\d{1,3}(?:\.\d{3})+$"


def parse_numbers(values: pd.Series, decimal: str | None = None) -> tuple[pd.Series, NumberParse]:
    """Parse a column of number text into float64 (unreadable values become NaN).

    ``decimal`` forces the decimal separator for ambiguous values; ``None`` decides from
    the column's unambiguous values.
    """
    codes, uniques, weights = _distinct(clean_text(values))
    parsed, info = parse_distinct_numbers(uniques, weights, decimal)
    return _spread(codes, parsed, values.index, np.nan).astype("float64"), info


def parse_distinct_numbers(s: pd.Series, w: np.ndarray, decimal: str | None) -> tuple[pd.Series, NumberParse]:
    present = s.notna()
    t = s.str.replace(_CURRENCY, "", regex=True).str.replace(_SPACES, "", regex=True)
    pct = t.str.endswith("%", na=False)
    t = t.str.rstrip("%")
    neg_paren = t.str.match(r"^\(.*\)$", na=False)
    t = t.str.replace(r"^\((.*)\)$", r"\1", regex=True)
    neg_trail = t.str.endswith("-", na=False) & (t.str.len() > 1)
    t = t.str.replace(r"-$", "", regex=True)
    minus = t.str.startswith("-", na=False)
    body = t.str.lstrip("+-")

    has_c = body.str.contains(",", regex=False, na=False)
    has_d = body.str.contains(".", regex=False, na=False)
    amb_c = body.str.match(_AMBIG_COMMA, na=False)
    amb_d = body.str.match(_AMBIG_DOT, na=False)
    both = has_c & has_d
    last_c = body.str.rfind(",") > body.str.rfind(".")
    # Unambiguous evidence, value by value.
    comma_dec = (both & last_c) | (has_c & ~has_d & ~amb_c)
    dot_dec = (both & ~last_c) | (has_d & ~has_c & ~amb_d)
    ambiguous = (amb_c & ~has_d) | (amb_d & ~has_c)
    thousands_only = False
    if decimal is None:
        n_c, n_d = int(w[comma_dec.to_numpy()].sum()), int(w[dot_dec.to_numpy()].sum())
        if n_c != n_d:
            decimal = "," if n_c > n_d else "."
        else:
            # No (or even) evidence: a lone separator before three digits is a thousands separator.
            decimal, thousands_only = ".", True
    ambiguous_comma = decimal == "," and not thousands_only  # ambiguous values take a decimal comma
    use_comma = comma_dec | (ambiguous & ambiguous_comma)
    normal = body.where(~use_comma, body.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    normal = normal.where(use_comma, normal.str.replace(",", "", regex=False))
    # Ambiguous values read as thousands: "1.234" -> 1234 under a comma decision or without evidence.
    as_thousands = ambiguous & has_d & ~has_c & (decimal == "," or thousands_only)
    normal = normal.where(~as_thousands, body.str.replace(".", "", regex=False))
    num = pd.to_numeric(normal.where(normal.str.match(r"^\d*\.?\d+$|^\d+\.$", na=False)), errors="coerce")
    num = num.astype("float64")
    neg = minus | neg_paren | neg_trail
    num = num.where(~neg, -num)
    num = num.where(~pct, num / 100.0)
    unreadable = int(w[(present & num.isna()).to_numpy()].sum())
    info = NumberParse(
        decimal, int(w[(ambiguous & present).to_numpy()].sum()), unreadable, int(w[pct.to_numpy()].sum())
    )
    return num.astype("float64"), info
