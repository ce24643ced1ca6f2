"""Key indicators as of the as-of date T, each with a one-line definition in both languages.

A KPI the data cannot support (no amount column, no purchase history) is reported as
unavailable with its reason, never estimated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .calendar import sub_months, to_day
from .i18n import CLIENT_STAGES, t
from .stages import STAGE_CODE, Stages
from .summary import NO_DAY, VALUE_MONTHS

__all__ = ["KPI_DEFINITIONS", "KPI_NAMES", "Kpi", "compute_kpis", "kpi_table", "value_by_stage"]

KPI_DEFINITIONS: dict[str, tuple[str, str]] = {
    "clients": ("Number of clients under the definition.", "Nombre de clients selon la définition."),
    "activity_rate": (
        "Share of clients who bought within the active threshold ({active} months): new, reactivated and active.",
        "Part des clients ayant acheté dans le seuil actif ({active} mois) : nouveaux, reconquis et actifs.",
    ),
    "repurchase_rate": (
        "Of the customers who bought in the 12 months before the last 12, the share who bought again in the last 12.",
        "Parmi les clients ayant acheté dans les 12 mois précédant les 12 derniers, part de ceux qui ont racheté "
        "dans les 12 derniers.",
    ),
    "average_basket": (
        "Net amount per purchase occasion over the last 12 months.",
        "Montant net par occasion d'achat sur les 12 derniers mois.",
    ),
    "average_basket_lifetime": (
        "Total amount divided by the total number of orders (one row per customer: no dates per order).",
        "Montant total divisé par le nombre total de commandes (une ligne par client : pas de date par commande).",
    ),
    "purchase_frequency": (
        "Purchase occasions per customer who bought in the last 12 months.",
        "Occasions d'achat par client ayant acheté dans les 12 derniers mois.",
    ),
    "churn_rate": (
        "Share of the clients of 12 months ago who are no longer clients.",
        "Part des clients d'il y a 12 mois qui ne sont plus clients.",
    ),
    "retention_rate": (
        "Share of the clients of 12 months ago who are still clients.",
        "Part des clients d'il y a 12 mois qui sont toujours clients.",
    ),
    "value_12_mean": (
        "Mean customer value over 12 months: what a client bought (net) in the last 12 months.",
        "Valeur client moyenne sur 12 mois : ce qu'un client a acheté (net) dans les 12 derniers mois.",
    ),
    "value_12_median": ("Median customer value over 12 months.", "Valeur client médiane sur 12 mois."),
    "value_24_mean": ("Mean customer value over 24 months.", "Valeur client moyenne sur 24 mois."),
    "value_24_median": ("Median customer value over 24 months.", "Valeur client médiane sur 24 mois."),
    "value_36_mean": ("Mean customer value over 36 months.", "Valeur client moyenne sur 36 mois."),
    "value_36_median": ("Median customer value over 36 months.", "Valeur client médiane sur 36 mois."),
    "top20_share": (
        "Share of the last 12 months' revenue from clients made by the top 20% of clients.",
        "Part du chiffre d'affaires des 12 derniers mois réalisée par les 20 % de meilleurs clients.",
    ),
    "top20_share_lifetime": (
        "Share of clients' total amount made by the top 20% of clients.",
        "Part du montant total des clients réalisée par les 20 % de meilleurs clients.",
    ),
}
KPI_NAMES: dict[str, tuple[str, str]] = {
    "clients": ("Clients", "Clients"),
    "activity_rate": ("Activity rate", "Taux d'activité"),
    "repurchase_rate": ("Repurchase rate", "Taux de réachat"),
    "average_basket": ("Average basket", "Panier moyen"),
    "average_basket_lifetime": ("Average basket (lifetime)", "Panier moyen (historique)"),
    "purchase_frequency": ("Purchase frequency", "Fréquence d'achat"),
    "churn_rate": ("Churn rate", "Taux d'attrition"),
    "retention_rate": ("Retention rate", "Taux de rétention"),
    "value_12_mean": ("Value 12 months, mean", "Valeur 12 mois, moyenne"),
    "value_12_median": ("Value 12 months, median", "Valeur 12 mois, médiane"),
    "value_24_mean": ("Value 24 months, mean", "Valeur 24 mois, moyenne"),
    "value_24_median": ("Value 24 months, median", "Valeur 24 mois, médiane"),
    "value_36_mean": ("Value 36 months, mean", "Valeur 36 mois, moyenne"),
    "value_36_median": ("Value 36 months, median", "Valeur 36 mois, médiane"),
    "top20_share": ("Top 20% share", "Part des 20 % meilleurs"),
    "top20_share_lifetime": ("Top 20% share (lifetime)", "Part des 20 % meilleurs (historique)"),
}
_UNITS = {
    "clients": "count",
    "activity_rate": "ratio",
    "repurchase_rate": "ratio",
    "average_basket": "money",
    "average_basket_lifetime": "money",
    "purchase_frequency": "number",
    "churn_rate": "ratio",
    "retention_rate": "ratio",
    "top20_share": "ratio",
    "top20_share_lifetime": "ratio",
}


@dataclass(frozen=True)
class Kpi:
    key: str
    value: float | None
    unit: str
    definition_en: str
    definition_fr: str
    unavailable_reason: str | None = None  # key into i18n when value is None for lack of data

    def definition(self, lang: str = "en") -> str:
        return self.definition_fr if lang == "fr" else self.definition_en

    def label(self, lang: str = "en") -> str:
        en, fr = KPI_NAMES[self.key]
        return fr if lang == "fr" else en


def _kpi(key: str, value, active: int, reason: str | None = None) -> Kpi:
    en, fr = KPI_DEFINITIONS[key]
    if value is not None and (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        value = None
    return Kpi(key, value, _UNITS.get(key, "money"), en.format(active=active), fr.format(active=active), reason)


def _ratio(num: float, den: float) -> float | None:
    return float(num) / float(den) if den else None


def _bought_in(summary, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Per customer: purchase occasions and net amount of occasions with a day in (lo, hi]."""
    n = summary.n_customers
    pm = (summary.p_day > lo) & (summary.p_day <= hi)
    om = (summary.occ_day > lo) & (summary.occ_day <= hi)
    count = np.bincount(summary.p_code[pm], minlength=n)
    amount = np.bincount(summary.occ_code[om], weights=summary.occ_amount[om], minlength=n)
    return count, amount


def _top_share(values: np.ndarray) -> float | None:
    values = np.sort(values)[::-1]
    total = values.sum()
    if len(values) == 0 or total <= 0:
        return None
    k = math.ceil(0.2 * len(values))
    return float(values[:k].sum() / total)


def compute_kpis(stages: Stages, mask: np.ndarray | None = None) -> list[Kpi]:
    """The KPIs for all customers, or for those in ``mask`` (a segment)."""
    s = stages.summary
    d = stages.definition
    n = s.n_customers
    mask = np.ones(n, dtype=bool) if mask is None else mask
    codes = stages.codes
    is_client = np.isin(codes, [STAGE_CODE[x] for x in CLIENT_STAGES]) & mask
    n_clients = int(is_client.sum())
    fresh = np.isin(codes, [STAGE_CODE[x] for x in ("new", "reactivated", "active")]) & mask
    out = [
        _kpi("clients", float(n_clients), d.active_months),
        _kpi("activity_rate", _ratio(fresh.sum(), n_clients), d.active_months),
    ]
    no_amount = None if s.has_amount else "unavailable.amount"
    if s.has_history:
        t_day = to_day(s.as_of)
        c12, c24 = sub_months(t_day, 12), sub_months(t_day, 24)
        last12_n, last12_amt = _bought_in(s, c12, t_day)
        prior12_n, _ = _bought_in(s, c24, c12)
        prior = (prior12_n > 0) & mask
        out.append(_kpi("repurchase_rate", _ratio((prior & (last12_n > 0)).sum(), prior.sum()), d.active_months))
        buyers = (last12_n > 0) & mask
        basket = _ratio(last12_amt[mask].sum(), last12_n[mask].sum()) if s.has_amount else None
        out.append(_kpi("average_basket", basket, d.active_months, no_amount))
        out.append(_kpi("purchase_frequency", _ratio(last12_n[buyers].sum(), buyers.sum()), d.active_months))
        # Clients 12 months ago (window rule) and whether they still are.
        from .history import state_at

        then = state_at(s, s.as_of - pd.DateOffset(months=12))
        c_then = (then.last != NO_DAY) & (then.last > sub_months(then.day, d.client_months)) & mask
        still = c_then & is_client
        churn = _ratio((c_then & ~still).sum(), c_then.sum())
        out.append(_kpi("churn_rate", churn, d.active_months))
        out.append(_kpi("retention_rate", None if churn is None else 1.0 - churn, d.active_months))
        for m in VALUE_MONTHS:
            values = s.customers[f"value_{m}"].to_numpy(dtype="float64")[is_client]
            ok = s.has_amount and len(values) > 0
            out.append(_kpi(f"value_{m}_mean", float(values.mean()) if ok else None, d.active_months, no_amount))
            out.append(_kpi(f"value_{m}_median", float(np.median(values)) if ok else None, d.active_months, no_amount))
        top = _top_share(s.customers["value_12"].to_numpy(dtype="float64")[is_client]) if s.has_amount else None
        out.append(_kpi("top20_share", top, d.active_months, no_amount))
    else:
        amount = s.customers["amount"].to_numpy(dtype="float64")
        orders = s.customers["occasions"].to_numpy(dtype="float64")
        ok = mask & ~np.isnan(amount) & ~np.isnan(orders)
        basket = _ratio(amount[ok].sum(), orders[ok].sum()) if s.has_amount else None
        out.append(_kpi("average_basket_lifetime", basket, d.active_months, no_amount))
        top = _top_share(np.nan_to_num(amount[is_client])) if s.has_amount else None
        out.append(_kpi("top20_share_lifetime", top, d.active_months, no_amount))
        for key in ("repurchase_rate", "purchase_frequency", "churn_rate", "retention_rate"):
            out.append(_kpi(key, None, d.active_months, "unavailable.history"))
    return out


def kpi_table(stages: Stages, lang: str = "en", *, by_segment: bool = False) -> pd.DataFrame:
    """KPIs as a table (key, value, unit, definition[, segment])."""
    groups: list[tuple[str | None, np.ndarray | None]] = [(None, None)]
    if by_segment and stages.summary.has_segment:
        seg = stages.summary.customers["segment"].fillna("—").to_numpy(dtype=object)
        groups = [(str(v), seg == v) for v in sorted(set(seg))]
    rows = []
    for name, mask in groups:
        for k in compute_kpis(stages, mask):
            row = {
                "key": k.key,
                "label": k.label(lang),
                "value": k.value,
                "unit": k.unit,
                "definition": k.definition(lang),
            }
            if k.value is None and k.unavailable_reason:
                row["definition"] += " — " + t(k.unavailable_reason, lang)
            if by_segment:
                row = {"segment": name, **row}
            rows.append(row)
    return pd.DataFrame(rows)


def value_by_stage(stages: Stages) -> pd.DataFrame:
    """Per stage: customers, net amount, and mean/median value over 12, 24 and 36 months."""
    c = stages.frame()
    c = c[c["stage"].notna()]
    rows = []
    for stage in ("new", "reactivated", "active", "dormant", "lost"):
        g = c[c["stage"] == stage]
        row = {"stage": stage, "customers": len(g), "amount": float(g["amount"].sum()) if len(g) else 0.0}
        for m in VALUE_MONTHS:
            v = g[f"value_{m}"]
            row[f"value_{m}_mean"] = float(v.mean()) if len(g) and v.notna().any() else None
            row[f"value_{m}_median"] = float(v.median()) if len(g) and v.notna().any() else None
        rows.append(row)
    return pd.DataFrame(rows)
