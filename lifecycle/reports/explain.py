"""What the reading understood, as tables a person reads: which column holds each role and
why (with three of its values), and what each status value means.

The Data page shows them; the words come from ``lifecycle.locale.i18n`` in the reader's language.
"""

from __future__ import annotations

import re

import pandas as pd

from ..locale.i18n import fmt_int, fmt_pct, fmt_plain, t
from ..reading.ingest import RawTable
from ..reading.mapping import Mapping, Proposal, Why
from ..reading.prepare import RowReport
from ..reading.statuses import BLANK, StatusValue
from .export_safety import safe_frame

__all__ = ["cells_as_shown", "rejected_csv", "roles_frame", "set_aside_lines", "statuses_frame", "why_text"]

_PRIVATE = ("customer", "email", "name")  # roles whose values identify a person


def why_text(why: Why, lang: str = "en") -> str:
    """A reason in words: a platform named, a share as a percentage, counts in the locale."""
    fields = {}
    for k, v in why.fields.items():
        if k == "platform":
            v = t(f"platform.{v}", lang)
        elif k == "share":
            v = fmt_pct(v, lang, 0)
        elif isinstance(v, int) and not isinstance(v, bool):
            v = fmt_int(v, lang)
        fields[k] = v
    return t(f"why.{why.code}", lang, **fields)


# A number cell of a workbook or Parquet file, read as text: its digits with a point.
_NUMBER_CELL = re.compile(r"-?[0-9]+\.[0-9]+")


def cells_as_shown(frame: pd.DataFrame, raw: RawTable, lang: str = "en") -> pd.DataFrame:
    """``frame`` (rows of ``raw.frame``) as the reader's spreadsheet shows it: a workbook's or
    a Parquet file's number cells with the language's decimal sign («111,73» in French, where
    the reader reads «111.73» as text). A text file's cells stay as written."""
    sign = fmt_plain(0.5, lang)[1]
    if raw.separator is not None or sign == ".":
        return frame
    out = {}
    for column in frame.columns:
        values = frame[column].astype("string")
        number = values.str.fullmatch(_NUMBER_CELL).fillna(False)
        if number.any():
            out[column] = values.where(~number, values.str.replace(".", sign, regex=False))
    return frame.assign(**out) if out else frame


def _examples(raw: RawTable, column: str, hide: bool, lang: str) -> tuple[str, ...]:
    values = raw.frame[column].astype("string").str.strip()
    values = values[values.notna() & (values != "")].drop_duplicates().head(3)
    values = cells_as_shown(values.to_frame(), raw, lang)[column]
    return tuple(["•••"] * len(values) if hide else [v if len(v) <= 40 else v[:39] + "…" for v in values])


def roles_frame(raw: RawTable, mapping: Mapping, proposal: Proposal | None, lang: str = "en", hide: bool = False):
    """One row per role in use: the role, the column, three of its values (a tuple) and why
    (the proposal's reason, or «your choice» where the user changed it). ``hide``: the values
    of the customer, e-mail and name columns shown as «•••» (the anonymise switch)."""
    rows = []
    for role, column in mapping.to_dict().items():
        why = None
        if proposal is not None and getattr(proposal.mapping, role) == column:
            why = proposal.why.get(role)
        reason = why_text(why, lang) if why else t("why.chosen", lang)
        rows.append(
            {
                t("ui.col.role", lang): t(f"ui.role.{role}", lang),
                t("ui.col.column", lang): column,
                t("ui.col.examples", lang): _examples(raw, column, hide and role in _PRIVATE, lang),
                t("ui.col.why", lang): reason,
            }
        )
    return pd.DataFrame(rows)


def set_aside_lines(proposal: Proposal | None, mapping: Mapping, lang: str = "en") -> list[str]:
    """The columns whose header named the customer but were not taken, each with why."""
    if proposal is None:
        return []
    return [why_text(w, lang) for column, w in proposal.set_aside.items() if column != mapping.customer]


def statuses_frame(statuses: tuple[StatusValue, ...], lang: str = "en") -> pd.DataFrame:
    """The status values with their meaning (a code: ``purchase``...), rows and where the
    meaning comes from; ``value`` as written in the file."""
    return pd.DataFrame(
        {
            "value": [s.value or BLANK for s in statuses],
            "rows": [s.rows for s in statuses],
            "meaning": [s.meaning for s in statuses],
            "source": [t(f"source.{s.source}", lang) for s in statuses],
        }
    )


def rejected_csv(report: RowReport, lang: str = "en") -> str:
    """The rejected rows with their reason in words, as a CSV where no cell is a formula."""
    return safe_frame(report.rejected_frame(lang)).to_csv(index=False)
