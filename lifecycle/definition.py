"""The client definition and the stage thresholds: one frozen value, validated, serialisable.

The same value drives the sidebar, the command line, the exports and saved scenarios.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace

import pandas as pd

from .errors import LifecycleError
from .i18n import fmt_date, fmt_money, t

__all__ = ["MAX_MONTHS", "Definition"]

MAX_MONTHS = 120


@dataclass(frozen=True)
class Definition:
    """Thresholds in months (new ≤ active ≤ client window) and the optional rules.

    Parameters
    ----------
    new_months, active_months, client_months
        A first purchase within ``new_months`` of the as-of date makes a new client; a
        purchase within ``active_months`` an active one; a customer whose last purchase is
        not within ``client_months`` is lost.
    min_amount
        When set, a client must also have bought at least this much within the window.
    own_rhythm, rhythm_multiple
        When on, a customer with at least 3 purchases is lost only when the time since the
        last purchase also exceeds ``rhythm_multiple`` times their median gap.
    opt_out_lost
        When on, a customer who opted out counts as lost.
    """

    new_months: int = 3
    active_months: int = 12
    client_months: int = 24
    min_amount: float | None = None
    own_rhythm: bool = False
    rhythm_multiple: float = 3.0
    opt_out_lost: bool = False

    def __post_init__(self) -> None:
        for name in ("new_months", "active_months", "client_months"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MONTHS:
                raise LifecycleError.of(f"error.months.{name}", max=MAX_MONTHS, value=repr(value))
        if not self.new_months <= self.active_months <= self.client_months:
            raise LifecycleError.of(
                "error.threshold_order", new=self.new_months, active=self.active_months, client=self.client_months
            )
        if self.min_amount is not None and not self.min_amount >= 0:
            raise LifecycleError.of("error.min_amount", value=self.min_amount)
        if not self.rhythm_multiple > 0:
            raise LifecycleError.of("error.rhythm_multiple", value=self.rhythm_multiple)

    def replace(self, **changes) -> Definition:
        """A new definition with some values changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> Definition:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise LifecycleError.of("error.definition_keys", keys=", ".join(sorted(unknown)))
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> Definition:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LifecycleError.of("error.definition_json", why=exc.msg, line=exc.lineno) from exc
        if not isinstance(data, dict):
            raise LifecycleError.of("error.definition_object")
        return cls.from_dict(data)

    def text(self, lang: str = "en", as_of: pd.Timestamp | None = None) -> str:
        """The definition in words, as every chart and export states it."""
        parts = [
            t("def.client", lang, client=self.client_months, as_of=fmt_date(as_of, lang)),
            t("def.stages", lang, new=self.new_months, active=self.active_months, client=self.client_months),
        ]
        if self.min_amount is not None:
            parts.append(t("def.min_amount", lang, amount=fmt_money(self.min_amount, lang)))
        if self.own_rhythm:
            multiple = f"{self.rhythm_multiple:g}".replace(".", "," if lang == "fr" else ".")
            parts.append(t("def.own_rhythm", lang, multiple=multiple))
        if self.opt_out_lost:
            parts.append(t("def.opt_out", lang))
        return " ".join(parts)

    def short_text(self, lang: str = "en") -> str:
        return t("def.short", lang, client=self.client_months)
