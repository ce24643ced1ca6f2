"""Interface strings: they live with every other text in the catalogues (``lifecycle/locale/*.po``) under ``ui.``."""

from __future__ import annotations

import re

from ..locale.i18n import t
from ..reports.export_safety import markdown_text

__all__ = ["code", "plain", "sentence", "tr"]


def plain(text: object) -> str:
    """Text from a file (a name, an id, a value) or a message that carries some, shown
    literally where Streamlit renders Markdown: never an image, a link or a directive."""
    return markdown_text(text)


def sentence(text: str) -> str:
    """A note shown on its own as a sentence: with its full stop (the same texts end
    mid-line in the command line's report, where they take none)."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?…" else text + "."


def code(text: object) -> str:
    """Text from a file as a Markdown code span: shown as written, in a typewriter face,
    never a link (an e-mail address in a Markdown table cell otherwise becomes one)."""
    text = " ".join(str(text).split())
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def tr(key: str, lang: str, **fields: object) -> str:
    """An interface string in ``lang`` (``ui.<key>`` in the catalogues)."""
    return t(f"ui.{key}", lang, **fields)
