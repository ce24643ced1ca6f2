"""Interface strings: they live with every other text in ``lifecycle.i18n`` under ``ui.``."""

from __future__ import annotations

from ..export_safety import markdown_text
from ..i18n import t

__all__ = ["plain", "tr"]


def plain(text: object) -> str:
    """Text from a file (a name, an id, a value) or a message that carries some, shown
    literally where Streamlit renders Markdown: never an image, a link or a directive."""
    return markdown_text(text)


def tr(key: str, lang: str, **fields: object) -> str:
    """An interface string in ``lang`` (``ui.<key>`` in the one text table)."""
    return t(f"ui.{key}", lang, **fields)
