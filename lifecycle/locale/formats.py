"""Numbers, money, percents, dates, plurals and typography as each language writes them.

Babel holds the Unicode CLDR's rules for every locale: French writes ``1 465,23 €`` with
narrow no-break spaces, ``12,3 %`` and ``04/09/2026``; English ``€1,465.23``, ``12.3%``.
English dates stay ISO (``2026-09-04``): the app's English readers are international, and
``9/4/26`` means two different days on either side of the Atlantic.

The currency is the file's (guessed from the symbols and codes in it, ``guess_currency``)
unless the reader chose another; it is set for the work under way with ``using_currency``
(a context variable: each app run, download and command sets its own).
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import re
from collections.abc import Iterable, Iterator

import pandas as pd
from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent, is_currency

__all__ = [
    "CURRENCIES",
    "DEFAULT_CURRENCY",
    "currency",
    "currency_symbol",
    "date",
    "date_pattern",
    "decimal",
    "excel_money",
    "guess_currency",
    "integer",
    "known_currency",
    "money",
    "percent",
    "plural",
    "quarter",
    "set_currency",
    "typeset",
    "using_currency",
    "vega_locale",
]

LOCALES = {"en": "en", "fr": "fr_FR"}
DEFAULT_CURRENCY = "EUR"
# The currencies offered in the app's setting; any ISO 4217 code works on the command line.
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "CAD", "JPY", "SEK", "DKK", "NOK", "PLN", "AUD", "XOF", "MAD")
NARROW = "\u202f"  # narrow no-break space: French thousands, before « : ; ! ? % » and inside «»

_currency: contextvars.ContextVar[str] = contextvars.ContextVar("currency", default=DEFAULT_CURRENCY)


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "en")


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


def integer(n, lang: str = "en") -> str:
    """``12,345`` in English, ``12 345`` (narrow no-break space) in French."""
    if _missing(n):
        return "–"
    return format_decimal(round(n), locale=_locale(lang)).replace("\u00a0", NARROW)


def decimal(x, lang: str = "en", digits: int = 1) -> str:
    """A number with ``digits`` decimals: ``2.45`` / ``2,45``; thousands grouped."""
    if _missing(x):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(x, pattern, locale=_locale(lang)).replace("\u00a0", NARROW)


def money(x, lang: str = "en", digits: int = 2, code: str | None = None) -> str:
    """``€1,465.23`` in English, ``1 465,23 €`` in French (the currency of the work)."""
    if _missing(x):
        return "–"
    code = code or currency()
    pattern = Locale.parse(_locale(lang)).currency_formats["standard"].pattern
    if digits == 0:
        pattern = pattern.replace(".00", "")
    text = format_currency(x, code, pattern, locale=_locale(lang), currency_digits=False, decimal_quantization=True)
    return text.replace("\u00a0", NARROW)


def percent(x, lang: str = "en", digits: int = 1) -> str:
    """``12.3%`` in English, ``12,3 %`` in French."""
    if _missing(x):
        return "–"
    pattern = Locale.parse(_locale(lang)).percent_formats[None].pattern
    if digits:  # the last digit of the pattern takes the decimals: «#,##0 %» → «#,##0.0 %»
        at = pattern.rindex("0") + 1
        pattern = pattern[:at] + "." + "0" * digits + pattern[at:]
    return format_percent(x, pattern, locale=_locale(lang)).replace("\u00a0", NARROW)


def date(d, lang: str = "en") -> str:
    """``2025-12-31`` in English, ``31/12/2025`` in French."""
    if d is None or pd.isna(d):
        return "–"
    ts = pd.Timestamp(d)
    return ts.strftime("%d/%m/%Y") if lang == "fr" else ts.strftime("%Y-%m-%d")


def date_pattern(lang: str = "en") -> str:
    """How ``date`` writes a day, in the pattern letters Streamlit's date fields and Excel
    cells take: ``DD/MM/YYYY`` in French, ``YYYY-MM-DD`` in English."""
    return "DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD"


def quarter(period, lang: str = "en") -> str:
    """A quarter as each language names it: ``2024-Q1``, «T1 2024» (a pandas Period or
    the text ``2024Q1`` / ``2024-Q1``)."""
    text = str(period).replace("-", "")
    year, q = text.split("Q") if "Q" in text else (text, "")
    return f"T{q} {year}" if lang == "fr" and q else f"{year}-Q{q}" if q else text


def excel_money(lang: str = "en", code: str | None = None) -> str:
    """A spreadsheet number format for money in the work's currency, its symbol where the
    language puts it: ``"€"#,##0.00`` in English, ``#,##0.00 "€"`` in French (Excel writes
    the separators of the reader's own settings)."""
    symbol = currency_symbol(lang, code).replace('"', "")
    return f'#,##0.00 "{symbol}"' if lang == "fr" else f'"{symbol}"#,##0.00'


def plural(n: float, lang: str = "en") -> str:
    """The CLDR plural category of ``n`` in ``lang``: French says «0 client», «1 client»,
    «2 clients» (zero and one are singular), English «0 clients», «1 client»."""
    return Locale.parse(_locale(lang)).plural_form(abs(n))


# French typography: a narrow no-break space before « : ; ! ? » and inside «», never a
# plain space a line could break at. Written by hand: no maintained Python library does
# French typesetting of plain text (Babel formats numbers, not prose).
_BEFORE = re.compile(r"[ \u00a0]+([:;!?»])")
_AFTER = re.compile(r"(«)[ \u00a0]+")
_STUCK = re.compile(r"(?<=[\w)\]*»])([;!?])(?=\s|$)")


def typeset(text: str, lang: str = "en") -> str:
    """``text`` with the language's spaces around punctuation (French only changes)."""
    if lang != "fr" or not text:
        return text
    text = _BEFORE.sub(NARROW + r"\1", text)
    text = _AFTER.sub(r"\1" + NARROW, text)
    return _STUCK.sub(NARROW + r"\1", text)


_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "CHF": "CHF", "FCFA": "XOF", "CFA": "XOF"}
_CODE = re.compile(r"\b(EUR|USD|GBP|CHF|CAD|JPY|SEK|DKK|NOK|PLN|AUD|XOF|MAD)\b", re.IGNORECASE)


def guess_currency(texts: Iterable[str]) -> str | None:
    """The currency the file's own texts name most (symbols in amounts and headers, ISO
    codes in a currency column), or None when they name none."""
    counts: dict[str, int] = {}
    for text in texts:
        if not isinstance(text, str) or not text:
            continue
        found = [_SYMBOLS[s] for s in _SYMBOLS if s in text] + [m.upper() for m in _CODE.findall(text)]
        for code in set(found):
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
    months = loc.months["format"]
    days = loc.days["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # d3 counts from Sunday, the CLDR from Monday
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"].replace("\u00a0", NARROW),
            "grouping": [3],
            "currency": ["", NARROW + symbol] if after else [symbol, ""],
            "percent": (NARROW + "%") if lang == "fr" else "%",
        },
        "time": {
            "dateTime": "%x, %X",
            "date": "%d/%m/%Y" if lang == "fr" else "%Y-%m-%d",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days["wide"][i] for i in sunday_first],
            "shortDays": [days["abbreviated"][i] for i in sunday_first],
            "months": [months["wide"][i] for i in range(1, 13)],
            "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        },
    }
