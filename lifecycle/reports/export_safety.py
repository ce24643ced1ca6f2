"""Text from a file stays data: protection against formula injection (CSV and Excel) and
against Markdown (the definitions card, and every place the app renders Markdown).

A cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return would be run as
a formula by a spreadsheet; text cells like that get a leading apostrophe in CSV, and
are written as text (never a formula) in Excel. Numbers are left alone.

A file name like ``![x](http://host/x.png).csv`` would be an image fetched from that host
wherever it is rendered as Markdown, ``:red[...]`` a coloured directive in Streamlit:
``markdown_text`` escapes every character that can start markup.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["DANGEROUS_PREFIXES", "is_dangerous", "markdown_text", "safe_cell", "safe_frame"]

from ..reading.parse import marks_shown

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# CommonMark lets any ASCII punctuation be escaped with a backslash; these can start markup
# (emphasis, links, images, code, HTML, tables, headings, lists, Streamlit's :directives:,
# emoji shortcodes and $math$).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&@])")


# Escaping is not enough for what Markdown finds in plain text: web addresses and e-mails
# become links (GFM's autolinks: «http://», «www.», «a@b.fr») and «:name:» an emoji or an
# icon (Streamlit's shortcodes). A word joiner (U+2060, invisible, no width) after a colon
# or an at sign followed by text, and after «www», breaks each pattern and leaves the text
# as it reads; a colon before a space, as in a sentence, is left alone.
_AUTOLINK = re.compile(r"(\\[:@](?=\S)|(?i:www)(?=\\\.))")


def markdown_text(value: object) -> str:
    """``value`` as text that Markdown shows literally (line breaks become spaces): no
    markup, link, emoji, icon or direction mark is interpreted."""
    text = marks_shown(" ".join(str(value).split("\n")))
    return _AUTOLINK.sub("\\1\u2060", _MARKDOWN.sub(r"\\\1", text))


def is_dangerous(value: object) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES)


def safe_cell(value: object) -> object:
    """``'=1+1`` for ``=1+1``; anything that is not a dangerous string is returned as is."""
    return "'" + value if is_dangerous(value) else value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text columns (and column names) are protected for a CSV export."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out
