"""The client definition and the stage thresholds: one frozen value, validated, serialisable.

The same value drives the sidebar, the command line, the exports and saved scenarios.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace

import pandas as pd

from .errors import LifecycleError
from .locale.i18n import fmt_date, fmt_money, fmt_plain, t

__all__ = ["MAX_AMOUNT", "MAX_MONTHS", "MULTIPLE_RANGE", "Definition", "shown_value"]

MAX_MONTHS = 120
MULTIPLE_RANGE = (1.0, 10.0)  # own rhythm: lost after 1 to 10 times the median gap
MAX_AMOUNT = 1e12
_TRUE, _FALSE = {"true", "1", "yes", "on", "oui", "vrai"}, {"false", "0", "no", "off", "non", "faux", ""}


def _months(name: str, value) -> int:
    """A whole number of months from any outside value (JSON number, URL text), or the error."""
    number = value
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= MAX_MONTHS:
        raise LifecycleError.of(f"error.months.{name}", max=MAX_MONTHS, value=shown_value(value))
    return number


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _flag(name: str, value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, str)) and str(value).strip().lower() in _TRUE | _FALSE:
        return str(value).strip().lower() in _TRUE
    raise LifecycleError.of("error.flag", name=name, value=shown_value(value))


def shown_value(value) -> str:
    """An outside value, short, for a message (never a whole nested document)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


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
        if self.min_amount is not None and not 0 <= self.min_amount <= MAX_AMOUNT:
            raise LifecycleError.of("error.min_amount", value=self.min_amount)
        low, high = MULTIPLE_RANGE
        if not low <= self.rhythm_multiple <= high:  # NaN and infinity fail too
            raise LifecycleError.of("error.rhythm_multiple", value=self.rhythm_multiple, low=low, high=high)

    def replace(self, **changes) -> Definition:
        """A new definition with some values changed (validated again)."""
        return replace(self, **changes)

    def client_rule(self) -> Definition:
        """This definition with the new and active thresholds set to 1: what decides who is a
        client (the window and the options), the same for every value of those two. Results
        that depend on client status alone are kept under it, so that those sliders reuse them."""
        return replace(self, new_months=1, active_months=1)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict, base: Definition | None = None) -> Definition:
        """The definition from outside values (a scenario file, a link, a JSON file): each
        value is checked and converted, or a ``LifecycleError`` names it; ``base`` gives the
        values not in ``data``. Nothing half-applied: it is all valid or an error."""
        if not isinstance(data, dict):
            raise LifecycleError.of("error.definition_object")
        known = {f.name for f in fields(cls)}
        unknown = {str(k) for k in data} - known
        if unknown:
            raise LifecycleError.of("error.definition_keys", keys=", ".join(sorted(unknown)))
        values = (base or cls()).to_dict()
        for name in ("new_months", "active_months", "client_months"):
            if name in data:
                values[name] = _months(name, data[name])
        if "min_amount" in data:
            raw = data["min_amount"]
            amount = None if raw in (None, "", 0) else _number(raw)
            if raw not in (None, "", 0) and (amount is None or not 0 <= amount <= MAX_AMOUNT):
                raise LifecycleError.of("error.min_amount", value=shown_value(raw))
            values["min_amount"] = amount or None
        if "rhythm_multiple" in data:
            multiple = _number(data["rhythm_multiple"])
            low, high = MULTIPLE_RANGE
            if multiple is None or not low <= multiple <= high:
                raise LifecycleError.of(
                    "error.rhythm_multiple", value=shown_value(data["rhythm_multiple"]), low=low, high=high
                )
            values["rhythm_multiple"] = multiple
        for name in ("own_rhythm", "opt_out_lost"):
            if name in data:
                values[name] = _flag(name, data[name])
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> Definition:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LifecycleError.of("error.definition_json", why=exc.msg, line=exc.lineno) from exc
        except RecursionError as exc:  # nested a thousand levels deep: not a definition
            raise LifecycleError.of("error.definition_object") from exc
        if not isinstance(data, dict):
            raise LifecycleError.of("error.definition_object")
        return cls.from_dict(data)

    def text(self, lang: str = "en", as_of: pd.Timestamp | None = None) -> str:
        """The definition in words, as every chart and export states it."""
        multiple, day = fmt_plain(self.rhythm_multiple, lang), fmt_date(as_of, lang)
        parts = [
            # The rhythm makes a client too: said in the first sentence.
            t("def.client.rhythm", lang, client=self.client_months, multiple=multiple, as_of=day)
            if self.own_rhythm
            else t("def.client", lang, client=self.client_months, as_of=day),
            t("def.stages", lang, new=self.new_months, active=self.active_months, client=self.client_months),
        ]
        if self.min_amount is not None:
            parts.append(t("def.min_amount", lang, amount=fmt_money(self.min_amount, lang)))
        if self.own_rhythm:
            parts.append(t("def.own_rhythm", lang, multiple=multiple))
        if self.opt_out_lost:
            parts.append(t("def.opt_out", lang))
        return " ".join(parts)

    def short_text(self, lang: str = "en") -> str:
        return t("def.short", lang, client=self.client_months)
