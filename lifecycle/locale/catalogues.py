"""The texts of every language, read from the gettext catalogues beside this module.

Each ``<code>.po`` file (``en.po``, ``fr.po``) is one language: ``msgid`` is the key the code
asks for (``stage.new``), ``msgstr`` the text, with the ``{fields}`` the code fills in. Its
``Language:`` header names the CLDR locale whose numbers, dates and names the language takes
(``fr_FR``); without one, the file's code is the locale. English is the source: a text a
catalogue lacks, leaves empty or marks fuzzy is the English one.

To add a language, copy ``fr.po`` to ``<code>.po`` (``de.po``), set its ``Language:`` header
(``de_DE``) and translate each ``msgstr``, keeping its ``{fields}``; ``language.name`` is the
language's name in itself, on the app's switch. The app's switch, the command line's
``--lang`` and every text and format offer it at the next start: ``formats`` takes the
locale's CLDR data, and names the few places where a language departs from it.
"""

from __future__ import annotations

import contextlib
import functools
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

__all__ = [
    "CATALOGUES",
    "FOLDER",
    "SOURCE_LANG",
    "Catalogues",
    "has",
    "language_named",
    "language_of_locale",
    "languages",
    "load",
    "locale_id",
    "read",
    "text",
]

FOLDER = Path(__file__).resolve().parent
SOURCE_LANG = "en"  # the language every key is written for first, and the one a missing text falls back to


@dataclass(frozen=True, eq=False)
class Catalogues:
    """Every language's texts (``texts[lang][key]``) and CLDR locale (``locales[lang]``)."""

    texts: dict[str, dict[str, str]]
    locales: dict[str, str]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages offered: English first, then the others by code."""
        return tuple(sorted(self.texts, key=lambda lang: (lang != SOURCE_LANG, lang)))


def read(path: Path) -> tuple[dict[str, str], str]:
    """The texts of one catalogue (key → text, untranslated and fuzzy entries left out) and its
    locale. A line Babel cannot read stops the start with its line number rather than losing
    a text: Babel prints what it skips, so whatever it would print is an error here."""
    printed = io.StringIO()
    with path.open("rb") as fh, contextlib.redirect_stdout(printed):
        catalogue = read_po(fh, abort_invalid=True)
    if printed.getvalue():
        raise ValueError(f"{path.name}: {printed.getvalue().strip()}")
    texts = {m.id: m.string for m in catalogue if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}
    locale = str(catalogue.locale) if catalogue.locale else path.stem
    return texts, locale


def load(folder: Path = FOLDER) -> Catalogues:
    """The catalogues of ``folder``: one language per ``<code>.po`` file."""
    texts, locales = {}, {}
    for path in sorted(folder.glob("*.po")):
        texts[path.stem], locales[path.stem] = read(path)
    if SOURCE_LANG not in texts:
        raise FileNotFoundError(f"{folder / (SOURCE_LANG + '.po')}: the source language's catalogue is missing")
    return Catalogues(texts, locales)


CATALOGUES = load()


def languages() -> tuple[str, ...]:
    """The codes of the languages offered (the catalogues present), English first."""
    return CATALOGUES.languages


def text(key: str, lang: str = SOURCE_LANG) -> str:
    """The catalogue's text for ``key`` in ``lang`` as written (fields not filled in), the
    English one when ``lang`` has none; ``KeyError`` for a key no catalogue knows."""
    own = CATALOGUES.texts.get(lang)
    if own is not None and key in own:
        return own[key]
    return CATALOGUES.texts[SOURCE_LANG][key]


def has(key: str) -> bool:
    """Whether the source catalogue has ``key``."""
    return key in CATALOGUES.texts[SOURCE_LANG]


def locale_id(lang: str) -> str:
    """The CLDR locale of ``lang`` (``fr`` → ``fr_FR``); English's for a language not offered."""
    return CATALOGUES.locales.get(lang) or CATALOGUES.locales[SOURCE_LANG]


def _folded(word: str) -> str:
    """``word`` lower-case and without accents: «Français» and «francais» match."""
    decomposed = unicodedata.normalize("NFKD", word.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=8)
def _names(catalogues: Catalogues) -> dict[str, str]:
    """Every word that names an offered language (folded) → its code."""
    names = {}
    for lang in catalogues.languages:
        words = {lang, catalogues.texts[lang].get("language.name", "")}
        for other in catalogues.languages:
            with contextlib.suppress(UnknownLocaleError, ValueError):
                words.add(Locale.parse(catalogues.locales[other]).languages.get(lang.split("_")[0], ""))
        names.update((_folded(w), lang) for w in words if w)
    return names


def language_named(word: str) -> str | None:
    """The offered language ``word`` names, whatever its case and accents: its code (``fr``),
    its name in itself (``Français``, the catalogue's ``language.name``) or in another offered
    language (``French``, ``anglais``, from the CLDR); None for any other word."""
    return _names(CATALOGUES).get(_folded(word))


def language_of_locale(tag: str | None) -> str:
    """The offered language of a browser's locale (``fr-CA`` → ``fr``), else English."""
    wanted = _folded((tag or "").replace("-", "_"))
    offered = languages()
    for lang in sorted(offered, key=len, reverse=True):  # ``pt_BR`` before ``pt``
        if wanted == lang.lower() or wanted.startswith(lang.lower() + "_"):
            return lang
    return SOURCE_LANG
