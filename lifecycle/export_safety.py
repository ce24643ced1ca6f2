"""Protection of exported cells against formula injection (CSV and Excel).

A cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return would be run as
a formula by a spreadsheet; text cells like that get a leading apostrophe in CSV, and
are written as text (never a formula) in Excel. Numbers are left alone.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["DANGEROUS_PREFIXES", "is_dangerous", "safe_cell", "safe_frame"]

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
