"""Every text lifecycle shows or writes, in each language of the catalogues, and the number and
date formats, for the rest of the code.

The texts are data: ``en.po``, ``fr.po``… beside this module (``catalogues``), one gettext
catalogue per language, ``msgid`` the key and ``msgstr`` the text with its ``str.format``
fields. ``t(key, lang, **fields)`` fills one in and typesets it (``formats.typeset``). Keys
are namespaced by where they appear: ``stage.``, ``flow.``, ``reason.``, ``warn.``, ``def.``
(the definition in words), ``kpi.``, ``chart.``, ``export.``, ``rule.``, ``action.``,
``rejected.`` (the table of rejected rows), ``progress.`` (the steps of a long run), ``ui.``
(the app), ``cli.`` (the command line), ``error.`` (messages for bad input), ``punct.`` (the
quotation marks and the colon around a value), ``language.name``. Stage and flow keys are the names of ``lifecycle.vocabulary``.

A language is added by its catalogue alone (see ``catalogues``): ``languages()`` lists the
catalogues present, and the fmt_* functions write its numbers and dates by its CLDR locale.
"""

from __future__ import annotations

from ..vocabulary import OF_BUYERS
from . import catalogues, formats
from .catalogues import SOURCE_LANG, language_named, language_of_locale, languages

__all__ = [
    "SOURCE_LANG",
    "Key",
    "colon",
    "fmt_date",
    "fmt_int",
    "fmt_money",
    "fmt_number",
    "fmt_pct",
    "fmt_plain",
    "fmt_share",
    "fmt_signed",
    "language_name",
    "language_named",
    "language_of_locale",
    "languages",
    "quoted",
    "shorten",
    "stage_label",
    "t",
    "verbatim",
]


class Key(str):
    """A field that is itself a text key, put in words in the reader's language
    (``Key("order.dayfirst")`` reads «day/month/year» or «jour/mois/année»)."""


def verbatim(key: str, lang: str = "en") -> str:
    """The catalogue's text for ``key`` as written: no field filled in, not typeset."""
    return catalogues.text(key, lang)


def language_name(lang: str) -> str:
    """The language's name in itself, as its switch shows it: «English», «Français»."""
    return verbatim("language.name", lang)


def colon(lang: str = "en") -> str:
    """The colon between a label and its value, with the language's spaces: «: » in English,
    « : » in French (a plain space, for texts that are not typeset)."""
    return verbatim("punct.colon", lang)


def shorten(text: object, most: int = 80, length: int | None = None) -> str:
    """Text from a file cut to a readable length for a message: «aaaa… (50,000,000
    characters)» rather than a message the size of the file. ``length``: the whole
    value's, when ``text`` is already a part of it."""
    text = str(text)
    if len(text) <= most and length is None:
        return text
    return f"{text[: most - 1]}… ({length or len(text):,} characters)"


def quoted(values, lang: str = "en") -> str:
    """Values from a file, each in the language's quotation marks (``punct.quote``): “A1 ”,
    “b” in English, « A1  », « b » in French; a separator between them. A long value is cut
    (``shorten``)."""
    if isinstance(values, str):
        values = [values]
    marks = verbatim("punct.quote", lang)
    return ", ".join(marks.format(value=shorten(v)) for v in values)


def t(key: str, lang: str = "en", **fields: object) -> str:
    """The text for ``key`` in ``lang`` with its fields filled in, typeset for the language
    (English's text for a language that has none).

    A count ``n`` of one takes the singular text ``key + ".1"`` when there is one."""
    if fields.get("n") in (1, "1") and catalogues.has(f"{key}.1"):
        key = f"{key}.1"
    return formats.typeset(catalogues.text(key, lang).format(**fields), lang)


def stage_label(stage: str, lang: str = "en") -> str:
    return t(f"stage.{stage}", lang)


def fmt_int(n: float | int | None, lang: str = "en") -> str:
    """``12,345`` in English, ``12 345`` (narrow no-break space) in French."""
    return formats.integer(n, lang)


def fmt_signed(n: int, lang: str = "en", zero: str = "") -> str:
    """A difference: ``+12``, ``\u22123`` (a true minus sign), ``zero`` + ``0``."""
    return ("+" if n > 0 else "\u2212" if n < 0 else zero) + fmt_int(abs(n), lang)


def fmt_pct(x: float | None, lang: str = "en", digits: int = 1) -> str:
    """``12.3%`` in English, ``12,3 %`` in French."""
    return formats.percent(x, lang, digits)


def fmt_share(stage: str, x: float | None, lang: str = "en", digits: int = 1) -> str:
    """A stage's share as the funnel gives it: ``12.8%`` of the clients for a client stage,
    ``12.8% of buyers`` for lost customers and those below the minimum, who are not clients
    (added to the clients' shares, theirs would pass 100%)."""
    pct = fmt_pct(x, lang, digits)
    return t("share.of_buyers", lang, pct=pct) if stage in OF_BUYERS else pct


def fmt_money(x: float | None, lang: str = "en", digits: int = 2) -> str:
    """An amount in the work's currency: ``€1,465.23``, ``1 465,23 €``."""
    return formats.money(x, lang, digits)


def fmt_number(x: float | None, lang: str = "en", digits: int = 1) -> str:
    """A number that is not money: ``2.5`` / ``2,5`` months, purchases, a ratio."""
    return formats.decimal(x, lang, digits)


def fmt_date(d: object, lang: str = "en") -> str:
    """``2025-12-31`` in English, ``31/12/2025`` in French."""
    return formats.date(d, lang)


def fmt_plain(x: float, lang: str = "en", spec: str = "g") -> str:
    """A number as ``format(x, spec)`` writes it, ungrouped, with the language's decimal sign:
    ``2.5`` / ``2,5`` (a setting as the reader typed it, a ratio in a fixed-width column)."""
    return formats.plain(x, lang, spec)
