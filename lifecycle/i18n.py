"""Every text the engine produces, in English and French, and number/date formatting.

One table: ``TEXT[key] = (english, french)``, with ``str.format`` fields.
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = [
    "CLIENT_STAGES",
    "LANGS",
    "STAGES",
    "fmt_date",
    "fmt_int",
    "fmt_money",
    "fmt_pct",
    "pick",
    "stage_label",
    "t",
]

LANGS = ("en", "fr")
# Life-cycle order; the first two are contacts without purchase, the last is not a client.
STAGES = ("suspect", "prospect", "new", "reactivated", "active", "dormant", "lost")
CLIENT_STAGES = ("new", "reactivated", "active", "dormant")

TEXT: dict[str, tuple[str, str]] = {
    # stages
    "stage.suspect": ("suspect", "suspect"),
    "stage.prospect": ("prospect", "prospect"),
    "stage.new": ("new", "nouveau client"),
    "stage.reactivated": ("reactivated", "client reconquis"),
    "stage.active": ("active", "client actif"),
    "stage.dormant": ("dormant", "client dormant"),
    "stage.lost": ("lost", "client perdu"),
    # row report: reasons a row is rejected
    "reason.no_customer": ("no customer id", "pas d'identifiant client"),
    "reason.no_date": ("no date", "pas de date"),
    "reason.bad_date": ("unreadable date", "date illisible"),
    "reason.future_date": ("date in the future", "date dans le futur"),
    "reason.no_amount": ("no amount", "pas de montant"),
    "reason.bad_amount": ("unreadable amount", "montant illisible"),
    "reason.bad_quantity": ("unreadable quantity", "quantité illisible"),
    "reason.bad_unit_price": ("unreadable unit price", "prix unitaire illisible"),
    "reason.bad_first_date": ("unreadable first purchase date", "date de premier achat illisible"),
    "reason.bad_last_date": ("unreadable last purchase date", "date de dernier achat illisible"),
    "reason.last_before_first": (
        "last purchase before first purchase",
        "dernier achat antérieur au premier achat",
    ),
    "reason.bad_orders": ("unreadable number of orders", "nombre de commandes illisible"),
    "reason.no_contact_key": ("neither customer id nor email", "ni identifiant client ni email"),
    # row report: warnings that change nothing but deserve a look
    "warn.duplicate_rows": (
        "{n} rows are exact duplicates of another row (kept: two identical lines can be real)",
        "{n} lignes sont des doublons exacts d'une autre ligne (conservées : deux lignes identiques peuvent être réelles)",
    ),
    "warn.returns": (
        "{n} purchase occasions have a net amount of zero or less (returns): netted into money totals, "
        "not counted as purchases",
        "{n} occasions d'achat ont un montant net nul ou négatif (retours) : déduites des montants, "
        "non comptées comme achats",
    ),
    "warn.returns_only": (
        "{n} customers have returns only: reported, not classified",
        "{n} clients n'ont que des retours : signalés, non classés",
    ),
    "warn.id_variants": (
        "{n} customer ids differ from another only by case or spaces (e.g. {examples}): they are counted "
        "as different customers",
        "{n} identifiants clients ne diffèrent d'un autre que par la casse ou les espaces (ex. {examples}) : "
        "ils sont comptés comme des clients différents",
    ),
    "warn.ids_trimmed": (
        "{n} rows have spaces around the customer id (e.g. {examples}): trimmed, so «A1 » and «A1» are one customer",
        "{n} lignes ont des espaces autour de l'identifiant client (ex. {examples}) : supprimés, « A1 » et "
        "« A1» sont donc un seul client",
    ),
    "warn.duplicate_emails": (
        "{n} emails are shared by several customer ids (e.g. {examples}): one customer should be one record",
        "{n} emails sont partagés par plusieurs identifiants clients (ex. {examples}) : un client doit "
        "correspondre à une seule fiche",
    ),
    "warn.duplicate_customers": (
        "{n} customer ids appear on several rows of a one-row-per-customer file: merged (earliest first "
        "purchase, latest last purchase, orders and amounts added)",
        "{n} identifiants clients apparaissent sur plusieurs lignes d'un fichier à une ligne par client : "
        "fusionnés (premier achat le plus ancien, dernier le plus récent, commandes et montants additionnés)",
    ),
    "warn.ambiguous_dates": (
        "column «{column}»: dates like 03/04/2024 could be day-first or month-first; read as {order} "
        "(choose the other order if wrong)",
        "colonne « {column} » : des dates comme 03/04/2024 peuvent se lire jour/mois ou mois/jour ; lues "
        "en {order} (choisissez l'autre ordre si c'est faux)",
    ),
    "warn.ambiguous_numbers": (
        "column «{column}»: {n} values like 1,234 could use either decimal separator; read with «{decimal}» "
        "as decimal separator",
        "colonne « {column} » : {n} valeurs comme 1,234 peuvent utiliser l'un ou l'autre séparateur "
        "décimal ; lues avec « {decimal} » comme séparateur décimal",
    ),
    "warn.contacts_unmatched_optout": (
        "{n} opt-out flags in the contacts list match no customer",
        "{n} indications de désinscription de la liste de contacts ne correspondent à aucun client",
    ),
    "period.month": ("month", "mois"),
    "period.quarter": ("quarter", "trimestre"),
    "period.year": ("year", "année"),
    "order.dayfirst": ("day/month/year", "jour/mois/année"),
    "order.monthfirst": ("month/day/year", "mois/jour/année"),
    "order.iso": ("year-month-day", "année-mois-jour"),
    # definition sentences
    "def.client": (
        "A client is a customer whose last purchase is within the last {client} months (as of {as_of}).",
        "Est client toute personne dont le dernier achat date de moins de {client} mois (au {as_of}).",
    ),
    "def.stages": (
        "New: first purchase within {new} months. Reactivated: bought within {new} months after more than "
        "{active} months without buying. Active: bought within {active} months. Dormant: last purchase "
        "{active} to {client} months ago. Lost: no purchase for more than {client} months.",
        "Nouveau : premier achat il y a moins de {new} mois. Reconquis : a racheté il y a moins de {new} mois "
        "après plus de {active} mois sans achat. Actif : a acheté il y a moins de {active} mois. Dormant : "
        "dernier achat il y a {active} à {client} mois. Perdu : aucun achat depuis plus de {client} mois.",
    ),
    "def.min_amount": (
        "A client must also have bought at least {amount} within the client window.",
        "Un client doit aussi avoir acheté au moins {amount} sur la fenêtre client.",
    ),
    "def.own_rhythm": (
        "A customer with at least 3 purchases is lost only when the time since the last purchase also "
        "exceeds {multiple} times their median gap between purchases.",
        "Un client ayant au moins 3 achats n'est perdu que si le temps écoulé depuis son dernier achat "
        "dépasse aussi {multiple} fois son intervalle médian entre deux achats.",
    ),
    "def.opt_out": (
        "A customer who opted out counts as lost.",
        "Un client désinscrit compte comme perdu.",
    ),
    "def.short": (
        "Client = bought within {client} months",
        "Client = a acheté dans les {client} derniers mois",
    ),
    # suggested thresholds
    "suggest.text": (
        "Repeat customers buy every {median} days (median gap between two purchases; 90% of gaps are under "
        "{p90} days). Suggested: active = about 3 × the median gap = {active} months; client window = "
        "{client} months (covers {coverage} of observed gaps and at least twice the active threshold).",
        "Les clients qui rachètent le font tous les {median} jours (intervalle médian entre deux achats ; "
        "90 % des intervalles sont inférieurs à {p90} jours). Suggestion : actif = environ 3 × l'intervalle "
        "médian = {active} mois ; fenêtre client = {client} mois (couvre {coverage} des intervalles observés "
        "et au moins deux fois le seuil actif).",
    ),
    "suggest.none": (
        "Too few repeat purchases to suggest thresholds ({n} gaps between purchases; at least 20 needed).",
        "Trop peu de rachats pour suggérer des seuils ({n} intervalles entre achats ; au moins 20 requis).",
    ),
    "unavailable.history": (
        "not available: the file has one row per customer, without purchase history",
        "indisponible : le fichier a une ligne par client, sans historique d'achats",
    ),
    "unavailable.amount": (
        "not available: no amount column",
        "indisponible : pas de colonne de montant",
    ),
}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str = "en", **fields: object) -> str:
    """The text for ``key`` in a module's own ``{key: (english, french)}`` table."""
    en, fr = table[key]
    return (fr if lang == "fr" else en).format(**fields)


def t(key: str, lang: str = "en", **fields: object) -> str:
    """The text for ``key`` in ``lang`` (``en`` or ``fr``), with its fields filled in."""
    return pick(TEXT, key, lang, **fields)


def stage_label(stage: str, lang: str = "en") -> str:
    return t(f"stage.{stage}", lang)


def fmt_int(n: float | int | None, lang: str = "en") -> str:
    """``12,345`` in English, ``12 345`` (narrow no-break space) in French."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "–"
    s = f"{round(n):,}"
    return s.replace(",", "\u202f") if lang == "fr" else s


def fmt_pct(x: float | None, lang: str = "en", digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{100 * x:.{digits}f}"
    return f"{s.replace('.', ',')}\u202f%" if lang == "fr" else f"{s}%"


def fmt_money(x: float | None, lang: str = "en", digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x:,.{digits}f}"
    if lang == "fr":
        return s.replace(",", "\u202f").replace(".", ",")
    return s


def fmt_date(d: object, lang: str = "en") -> str:
    """``2025-12-31`` in English, ``31/12/2025`` in French."""
    if d is None or pd.isna(d):
        return "–"
    ts = pd.Timestamp(d)
    return ts.strftime("%d/%m/%Y") if lang == "fr" else ts.strftime("%Y-%m-%d")
