"""Numbers, money, percents, dates, plurals and typography as each language writes them.

Babel holds the Unicode CLDR's rules for every locale: French writes ``1 465,23 €`` with
narrow no-break spaces, ``12,3 %`` and ``04/09/2026``; English ``€1,465.23``, ``12.3%``.
A language's locale is the ``Language:`` header of its catalogue (``catalogues``), so a new
catalogue brings its numbers, dates, month names and plurals with it. The few places where
the app departs from the CLDR are the settings below (``ISO_DATES``, ``SPACED_PUNCTUATION``),
each with its reason; every other rule comes from the locale's data.

The currency is the file's (guessed from the symbols and codes in it, ``guess_currency``)
unless the reader chose another; it is set for the work under way with ``using_currency``
(a context variable: each app run, download and command sets its own).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import math
import re
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, localcontext

import pandas as pd
from babel import Locale
from babel.dates import format_skeleton, get_date_format
from babel.numbers import NumberPattern, format_currency, format_decimal, format_percent, is_currency, parse_pattern

from . import catalogues

__all__ = [
    "CURRENCIES",
    "DEFAULT_CURRENCY",
    "ISO_DATES",
    "NARROW",
    "SPACED_PUNCTUATION",
    "csv_separators",
    "currencies_in",
    "currency",
    "currency_symbol",
    "date",
    "date_pattern",
    "decimal",
    "decimal_sign",
    "excel_money",
    "excel_percent",
    "guess_currency",
    "integer",
    "known_currency",
    "money",
    "percent",
    "plain",
    "plural",
    "quarter",
    "set_currency",
    "typeset",
    "using_currency",
    "vega_locale",
]

DEFAULT_CURRENCY = "EUR"
# The currencies offered in the app's setting; any ISO 4217 code works on the command line.
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "CAD", "JPY", "SEK", "DKK", "NOK", "PLN", "AUD", "XOF", "MAD")
NARROW = "\u202f"  # narrow no-break space: French thousands, before « : ; ! ? % » and inside «»

# Where a language departs from its locale's CLDR data, and why; a language named in
# neither set follows the CLDR alone.
# Dates and quarters in ISO form (2026-09-04, 2026-Q3) rather than the locale's short date:
# the app's English readers are international, and 9/4/26 names two different days on
# either side of the Atlantic.
ISO_DATES = frozenset({"en"})
# A narrow no-break space before « : ; ! ? » and inside « » in sentences: a rule of French
# typography, which the CLDR (numbers, dates, names) does not hold.
SPACED_PUNCTUATION = frozenset({"fr"})

_currency: contextvars.ContextVar[str] = contextvars.ContextVar("currency", default=DEFAULT_CURRENCY)


def _offered(lang: str) -> str:
    """``lang`` when a catalogue offers it, else English (whose texts it is shown)."""
    return lang if lang in catalogues.CATALOGUES.locales else catalogues.SOURCE_LANG


def _locale(lang: str) -> str:
    return catalogues.locale_id(lang)


def _babel(lang: str) -> Locale:
    return _parsed(catalogues.locale_id(lang))


@functools.lru_cache(maxsize=16)
def _parsed(locale_id: str) -> Locale:
    """Babel's locale, parsed once: Babel parses a locale name anew on every call it is given
    (a third of the time a number takes to write)."""
    return Locale.parse(locale_id)


@functools.lru_cache(maxsize=64)
def _number_pattern(pattern: str) -> NumberPattern:
    """A number pattern, parsed once (Babel takes the parsed pattern as it is)."""
    return parse_pattern(pattern)


def _missing(x) -> bool:
    """No value to write: None, NaN, NA, NaT, or anything that is not a number."""
    if x is None or x is pd.NaT or x is pd.NA:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def currency() -> str:
    """The currency of the work under way (ISO 4217 code)."""
    return _currency.get()


@contextlib.contextmanager
def using_currency(code: str | None) -> Iterator[None]:
    """Money is written in ``code`` inside the block (the default currency when None)."""
    token = _currency.set(code or DEFAULT_CURRENCY)
    try:
        yield
    finally:
        _currency.reset(token)


def set_currency(code: str | None) -> None:
    """Money is written in ``code`` for the rest of this thread's work (one app run)."""
    _currency.set(code or DEFAULT_CURRENCY)


def known_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency code."""
    return is_currency(code)


def currency_symbol(lang: str = "en", code: str | None = None) -> str:
    return Locale.parse(_locale(lang)).currency_symbols.get(code or currency(), code or currency())


def _half_up():
    """Figures round half away from zero, as a spreadsheet shows them: a deck and a workbook
    both give 4.025 as 4.03 (Babel rounds half to even by default, and wrote 4.02)."""
    return localcontext(rounding=ROUND_HALF_UP)


def integer(n, lang: str = "en") -> str:
    """``12,345`` in English, ``12 345`` (narrow no-break space) in French."""
    if _missing(n):
        return "–"
    with _half_up():
        return format_decimal(n, _number_pattern("#,##0"), locale=_babel(lang)).replace("\u00a0", NARROW)


def decimal(x, lang: str = "en", digits: int = 1) -> str:
    """A number with ``digits`` decimals: ``2.45`` / ``2,45``; thousands grouped."""
    if _missing(x):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    with _half_up():
        return format_decimal(x, _number_pattern(pattern), locale=_babel(lang)).replace("\u00a0", NARROW)


def money(x, lang: str = "en", digits: int = 2, code: str | None = None) -> str:
    """``€1,465.23`` in English, ``1 465,23 €`` in French (the currency of the work)."""
    if _missing(x):
        return "–"
    code = code or currency()
    locale = _babel(lang)
    pattern = locale.currency_formats["standard"].pattern
    if digits == 0:
        pattern = pattern.replace(".00", "")
    with _half_up():
        text = format_currency(
            x, code, _number_pattern(pattern), locale=locale, currency_digits=False, decimal_quantization=True
        )
    return text.replace("\u00a0", NARROW)


def percent(x, lang: str = "en", digits: int = 1) -> str:
    """``12.3%`` in English, ``12,3 %`` in French."""
    if _missing(x):
        return "–"
    pattern = _babel(lang).percent_formats[None].pattern
    if digits:  # the last digit of the pattern takes the decimals: «#,##0 %» → «#,##0.0 %»
        at = pattern.rindex("0") + 1
        pattern = pattern[:at] + "." + "0" * digits + pattern[at:]
    with _half_up():
        return format_percent(x, _number_pattern(pattern), locale=_babel(lang)).replace("\u00a0", NARROW)


def decimal_sign(lang: str = "en") -> str:
    """The locale's decimal sign: ``.`` in English, ``,`` in French."""
    loc = Locale.parse(_locale(lang))
    return loc.number_symbols.get("latn", loc.number_symbols)["decimal"]


def plain(x, lang: str = "en", spec: str = "g") -> str:
    """``format(x, spec)`` with the locale's decimal sign, ungrouped: ``2.5`` / ``2,5``."""
    return format(x, spec).replace(".", decimal_sign(lang))


def csv_separators(lang: str = "en") -> tuple[str, str]:
    """The field separator and decimal sign of a CSV file a spreadsheet in the reader's
    language opens right: ``,`` and ``.`` in English; where the decimal sign is the comma
    (French), spreadsheets split fields on ``;``."""
    sign = decimal_sign(lang)
    return (";" if sign == "," else ","), sign


@functools.lru_cache(maxsize=64)
def _date_format(locale: str, iso: bool) -> str:
    """The strftime format of a day: the locale's short date with the day and month on two
    digits and the year on four (a column of dates keeps its width, and Streamlit's date
    fields take no other form), or ISO."""
    if iso:
        return "%Y-%m-%d"
    out = []
    for part in re.findall(r"'[^']*'|y+|M+|d+|[^'yMd]+", get_date_format("short", locale=locale).pattern):
        if part.startswith("'"):
            out.append(part[1:-1].replace("%", "%%") or "'")
        else:
            out.append({"y": "%Y", "M": "%m", "d": "%d"}.get(part[0]) or part.replace("%", "%%"))
    return "".join(out)


def _strftime(lang: str) -> str:
    return _date_format(_locale(lang), _offered(lang) in ISO_DATES)


def date(d, lang: str = "en") -> str:
    """``2025-12-31`` in English, ``31/12/2025`` in French."""
    if d is None or pd.isna(d):
        return "–"
    return pd.Timestamp(d).strftime(_strftime(lang))


def date_pattern(lang: str = "en") -> str:
    """How ``date`` writes a day, in the pattern letters Streamlit's date fields and Excel
    cells take: ``DD/MM/YYYY`` in French, ``YYYY-MM-DD`` in English."""
    return _strftime(lang).replace("%d", "DD").replace("%m", "MM").replace("%Y", "YYYY").replace("%%", "%")


@functools.lru_cache(maxsize=1024)
def _quarter(year: int, q: int, locale: str) -> str:
    return format_skeleton("yQQQ", dt.date(year, 3 * q - 2, 1), locale=locale)


def quarter(period, lang: str = "en") -> str:
    """A quarter as each language names it: ``2024-Q1``, «T1 2024» (a pandas Period or
    the text ``2024Q1`` / ``2024-Q1``)."""
    text = str(period).replace("-", "")
    year, q = text.split("Q") if "Q" in text else (text, "")
    if not q:
        return text
    if _offered(lang) in ISO_DATES or not (year.isdigit() and q in ("1", "2", "3", "4")):
        return f"{year}-Q{q}"
    return _quarter(int(year), int(q), _locale(lang))


def excel_money(lang: str = "en", code: str | None = None) -> str:
    """A spreadsheet number format for money in the work's currency, its symbol where the
    locale puts it: ``"€"#,##0.00`` in English, ``#,##0.00 "€"`` in French (Excel writes
    the separators of the reader's own settings)."""
    symbol = currency_symbol(lang, code).replace('"', "")
    pattern = Locale.parse(_locale(lang)).currency_formats["standard"].pattern.split(";")[0]
    return pattern.replace("\u00a0", " ").replace(NARROW, " ").replace("¤", f'"{symbol}"')


def excel_percent(lang: str = "en", digits: int = 1, after: str = "") -> str:
    """A spreadsheet percent format with the sign where the locale puts it: ``0.0%`` in
    English, ``0.0 %`` in French; ``after``: a text written after the figure."""
    pattern = _babel(lang).percent_formats[None].pattern.split(";")[0]
    number = "0" + ("." + "0" * digits if digits else "")
    out = re.sub(r"[#,0]+", number, pattern, count=1).replace("\u00a0", " ").replace(NARROW, " ")
    return out + ('"' + after.replace('"', "") + '"' if after else "")


def plural(n: float, lang: str = "en") -> str:
    """The CLDR plural category of ``n`` in ``lang``: French says «0 client», «1 client»,
    «2 clients» (zero and one are singular), English «0 clients», «1 client»."""
    return Locale.parse(_locale(lang)).plural_form(abs(n))


# French typography: a narrow no-break space before « : ; ! ? » and inside «», and between
# a number and its « % », never a plain space a line could break at. Written by hand: no
# maintained Python library does French typesetting of plain text (Babel formats numbers,
# not prose).
_BEFORE = re.compile(r"[ \u00a0]+([:;!?»]|(?<=\d[ \u00a0])%)")
_AFTER = re.compile(r"(«)[ \u00a0]+")
_STUCK = re.compile(r"(?<=[\w)\]*»])([;!?])(?=\s|$)")


def typeset(text: str, lang: str = "en") -> str:
    """``text`` with the language's spaces around punctuation (``SPACED_PUNCTUATION``: French)."""
    if _offered(lang) not in SPACED_PUNCTUATION or not text:
        return text
    text = _BEFORE.sub(NARROW + r"\1", text)
    text = _AFTER.sub(r"\1" + NARROW, text)
    return _STUCK.sub(NARROW + r"\1", text)


_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "CHF": "CHF", "FCFA": "XOF", "CFA": "XOF"}
_CODE = re.compile(r"\b(EUR|USD|GBP|CHF|CAD|JPY|SEK|DKK|NOK|PLN|AUD|XOF|MAD)\b", re.IGNORECASE)


def currencies_in(text: object) -> frozenset[str]:
    """The currencies a text names by symbol or ISO code («12,50 €», «USD 40»)."""
    if not isinstance(text, str) or not text:
        return frozenset()
    return frozenset([_SYMBOLS[s] for s in _SYMBOLS if s in text] + [m.upper() for m in _CODE.findall(text)])


def guess_currency(texts: Iterable[str]) -> str | None:
    """The currency the file's own texts name most (symbols in amounts and headers, ISO
    codes in a currency column), or None when they name none."""
    counts: dict[str, int] = {}
    for text in texts:
        for code in currencies_in(text):
            counts[code] = counts.get(code, 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=counts.get)


def vega_locale(lang: str = "en") -> dict:
    """Vega's ``config.locale`` for ``lang`` from the CLDR (d3's number and time locales):
    axes, tooltips and labels written with ``format`` and ``timeFormat`` follow the language
    («12 345», «sept. 2025») on the page and in every export."""
    loc = Locale.parse(_locale(lang))
    symbols = loc.number_symbols.get("latn", loc.number_symbols)
    symbol = currency_symbol(lang)
    after = loc.currency_formats["standard"].pattern.strip().endswith("¤")
    percent = loc.percent_formats[None].pattern.split(";")[0]
    percent = percent[percent.rindex("0") + 1 :] if percent.endswith("%") else "%"
    months = loc.months["format"]
    days = loc.days["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # d3 counts from Sunday, the CLDR from Monday
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"].replace("\u00a0", NARROW),
            "grouping": [3],
            "currency": ["", NARROW + symbol] if after else [symbol, ""],
            "percent": percent.replace("\u00a0", NARROW),
        },
        "time": {
            "dateTime": "%x, %X",
            "date": _strftime(lang),
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days["wide"][i] for i in sunday_first],
            "shortDays": [days["abbreviated"][i] for i in sunday_first],
            "months": [months["wide"][i] for i in range(1, 13)],
            "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        },
    }
