"""Stage of every customer under a definition, vectorised (a slider move costs milliseconds).

Rules (DESIGN.md, first match wins), T the as-of date:
1. lost: last purchase not within the client window of T;
2. new: first purchase within ``new`` months of T;
3. reactivated: last purchase within ``new`` months of T and the purchase before it not
   within ``active`` months of that last purchase;
4. active: last purchase within ``active`` months of T;
5. dormant: everything else.
Contacts without any purchase are prospects when they show an interaction, else suspects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .calendar import sub_months, to_day
from .definition import Definition
from .errors import LifecycleError
from .i18n import CLIENT_STAGES, STAGES, stage_label
from .prepare import Contacts
from .summary import NO_DAY, Summary

__all__ = ["STAGE_CODE", "UNCLASSIFIED", "Stages", "classify", "stage_codes"]

STAGE_CODE = {s: i for i, s in enumerate(STAGES)}
UNCLASSIFIED = -1
_NEW, _REACT, _ACTIVE, _DORMANT, _LOST = (STAGE_CODE[s] for s in ("new", "reactivated", "active", "dormant", "lost"))


def stage_codes(
    first: np.ndarray,
    last: np.ndarray,
    prev: np.ndarray,
    t_day: int,
    definition: Definition,
    *,
    occasions: np.ndarray | None = None,
    typical_gap: np.ndarray | None = None,
    window_amount: np.ndarray | None = None,
    opt_out: np.ndarray | None = None,
) -> np.ndarray:
    """Stage code of each customer from day numbers (``NO_DAY`` where missing) as of day ``t_day``.

    Customers without a purchase on or before ``t_day`` get ``UNCLASSIFIED``.
    """
    d = definition
    c_new = sub_months(t_day, d.new_months)
    c_active = sub_months(t_day, d.active_months)
    c_client = sub_months(t_day, d.client_months)
    has = (first != NO_DAY) & (first <= t_day)

    lost = last <= c_client
    if d.own_rhythm and occasions is not None and typical_gap is not None:
        with np.errstate(invalid="ignore"):
            beyond_rhythm = (t_day - last) > d.rhythm_multiple * typical_gap
        lost &= (occasions < 3) | np.isnan(typical_gap) | beyond_rhythm
    if d.min_amount is not None and window_amount is not None:
        lost |= window_amount < d.min_amount
    if d.opt_out_lost and opt_out is not None:
        lost |= opt_out

    has_prev = prev != NO_DAY
    quiet_before = np.zeros_like(has)
    if has_prev.any():
        quiet_before[has_prev] = prev[has_prev] <= sub_months(last[has_prev], d.active_months)
    codes = np.select(
        [lost, first > c_new, (last > c_new) & has_prev & quiet_before, last > c_active],
        [_LOST, _NEW, _REACT, _ACTIVE],
        default=_DORMANT,
    ).astype("int8")
    codes[~has] = UNCLASSIFIED
    return codes


@dataclass(frozen=True, eq=False)
class Stages:
    """The classification: one stage per customer, plus suspects and prospects from contacts."""

    codes: np.ndarray  # per customer code; UNCLASSIFIED for returns only
    definition: Definition
    as_of: pd.Timestamp
    contacts: pd.DataFrame  # contacts without purchase: customer, email, name, stage
    summary: Summary

    @property
    def counts(self) -> dict[str, int]:
        """Number of people in each stage, in life-cycle order."""
        binc = np.bincount(self.codes[self.codes >= 0], minlength=len(STAGES))
        out = {s: int(binc[i]) for i, s in enumerate(STAGES)}
        if len(self.contacts):
            vc = self.contacts["stage"].value_counts()
            out["suspect"] += int(vc.get("suspect", 0))
            out["prospect"] += int(vc.get("prospect", 0))
        return out

    @property
    def clients_total(self) -> int:
        c = self.counts
        return sum(c[s] for s in CLIENT_STAGES)

    @property
    def unclassified(self) -> int:
        return int((self.codes == UNCLASSIFIED).sum())

    def shares(self) -> dict[str, float | None]:
        """Share of each client stage among clients, and of lost among all customers with a purchase."""
        c = self.counts
        total = self.clients_total
        out = {s: (c[s] / total if total else None) for s in CLIENT_STAGES}
        buyers = total + c["lost"]
        out["lost"] = c["lost"] / buyers if buyers else None
        return out

    def labels(self, lang: str = "en") -> pd.Series:
        names = np.array([stage_label(s, lang) for s in STAGES] + [""], dtype=object)
        return pd.Series(names[self.codes], index=self.summary.customers.index, name="stage")

    def frame(self, lang: str | None = None) -> pd.DataFrame:
        """Every customer with their stage (stage names in English keys, or labels in ``lang``)."""
        out = self.summary.customers.copy()
        names = np.array([*list(STAGES), None], dtype=object)
        out.insert(1, "stage", names[self.codes])
        if lang is not None:
            out["stage_label"] = self.labels(lang)
        return out


def _window_amount(summary: Summary, t_day: int, months: int) -> np.ndarray:
    cutoff = sub_months(t_day, months)
    m = (summary.occ_day > cutoff) & (summary.occ_day <= t_day)
    return np.bincount(summary.occ_code[m], weights=summary.occ_amount[m], minlength=summary.n_customers)


def _typical_gap(summary: Summary) -> np.ndarray:
    c = summary.customers
    gap = c["median_gap_days"].to_numpy(dtype="float64")
    if summary.shape == "customers":
        # Without history: the average gap, (last − first) / (orders − 1).
        span = (summary.last_day - summary.first_day).astype("float64")
        orders = c["occasions"].to_numpy(dtype="float64")
        with np.errstate(invalid="ignore", divide="ignore"):
            gap = np.where(orders >= 2, span / (orders - 1), np.nan)
    return gap


def _join_contacts(summary: Summary, contacts: Contacts | None) -> tuple[pd.DataFrame, np.ndarray]:
    """Contacts without purchase (with their stage) and the opt-out flag of each customer."""
    customers = summary.customers
    opt_out = customers["opt_out"].to_numpy(dtype=bool).copy()
    empty = pd.DataFrame({"customer": [], "email": [], "name": [], "stage": []})
    if contacts is None or contacts.frame.empty:
        return empty, opt_out
    cf = contacts.frame
    code_by_id = pd.Series(customers.index, index=customers["customer"])
    matched = cf["customer"].map(code_by_id)
    emails = customers[["email"]].assign(code=customers.index).dropna()
    code_by_email = emails.drop_duplicates("email").set_index("email")["code"]
    matched = matched.fillna(cf["email"].map(code_by_email))
    hit = matched.notna().to_numpy()
    opt_codes = matched[hit & cf["opt_out"].to_numpy()].astype("int64").to_numpy()
    opt_out[opt_codes] = True
    rest = cf[~hit].copy()
    rest["key"] = rest["customer"].fillna("@" + rest["email"].fillna(""))
    # One person, one record: a contact listed twice keeps any interaction.
    rest = rest.groupby("key", sort=True, as_index=False).agg(
        customer=("customer", "first"),
        email=("email", "first"),
        name=("name", "first"),
        interaction=("interaction", "max"),
        opt_out=("opt_out", "max"),
    )
    rest["stage"] = np.where(rest["interaction"], "prospect", "suspect")
    return rest[["customer", "email", "name", "stage", "opt_out"]], opt_out


def classify(summary: Summary, definition: Definition, contacts: Contacts | None = None) -> Stages:
    """Stage of every customer as of the summary's as-of date."""
    t_day = to_day(summary.as_of)
    window_amount = None
    if definition.min_amount is not None:
        if not summary.has_amount:
            raise LifecycleError(
                "A minimum amount needs an amount column.",
                "Un montant minimum nécessite une colonne de montant.",
            )
        if summary.has_history:
            window_amount = _window_amount(summary, t_day, definition.client_months)
        else:
            raise LifecycleError(
                "A minimum amount within the window needs purchase history (this file has one row per customer).",
                "Un montant minimum sur la fenêtre nécessite l'historique des achats (ce fichier a une ligne par client).",
            )
    others, opt_out = _join_contacts(summary, contacts)
    codes = stage_codes(
        summary.first_day,
        summary.last_day,
        summary.prev_day,
        t_day,
        definition,
        occasions=summary.customers["occasions"].to_numpy(dtype="float64"),
        typical_gap=_typical_gap(summary),
        window_amount=window_amount,
        opt_out=opt_out,
    )
    return Stages(codes=codes, definition=definition, as_of=summary.as_of, contacts=others, summary=summary)
