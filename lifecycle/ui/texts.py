"""Interface strings: they live with every other text in ``lifecycle.i18n`` under ``ui.``."""

from __future__ import annotations

from ..i18n import t


def tr(key: str, lang: str, **fields: object) -> str:
    """An interface string in ``lang`` (``ui.<key>`` in the one text table)."""
    return t(f"ui.{key}", lang, **fields)
