"""Which column is which: roles proposed from French and English header names.

Roles are data (``ROLE_SYNONYMS``): a header scores 3 when it is a synonym, 2 when it
contains one as whole words. Each column takes at most one role and each role one column,
best scores first. Every role can be overridden.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, fields, replace

from .errors import LifecycleError

__all__ = ["ROLE_SYNONYMS", "Mapping", "header_score", "normalise_header", "propose_mapping"]

ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer": (
        "n client",
        "no client",
        "num client",
        "numero client",
        "code client",
        "id client",
        "client id",
        "ref client",
        "reference client",
        "identifiant client",
        "customerid",
        "customer id",
        "customer",
        "customer number",
        "customer no",
        "customer code",
        "client",
        "clients",
        "account",
        "account id",
        "compte",
        "n compte",
        "code tiers",
        "tiers",
        "id",
    ),
    "email": ("email", "e mail", "mail", "courriel", "adresse mail", "adresse email", "email address"),
    "name": (
        "nom",
        "name",
        "nom client",
        "customer name",
        "client name",
        "raison sociale",
        "societe",
        "company",
        "entreprise",
        "nom prenom",
        "full name",
    ),
    "date": (
        "date",
        "date de commande",
        "date commande",
        "date facture",
        "date de facture",
        "invoicedate",
        "invoice date",
        "order date",
        "date achat",
        "date d achat",
        "purchase date",
        "transaction date",
        "date transaction",
        "date vente",
        "date de vente",
        "sale date",
        "date piece",
        "date ticket",
    ),
    "amount": (
        "montant",
        "montant ttc",
        "montant ht",
        "ca",
        "ca ht",
        "ca ttc",
        "chiffre d affaires",
        "total ttc",
        "total ht",
        "amount",
        "revenue",
        "sales",
        "total",
        "prix total",
        "net",
        "montant net",
        "total amount",
        "line total",
        "order total",
        "valeur",
        "value",
    ),
    "quantity": ("quantite", "qte", "qty", "quantity", "nb articles", "nombre d articles"),
    "unit_price": ("prix unitaire", "pu", "pu ht", "pu ttc", "unit price", "unitprice", "price", "prix"),
    "order": (
        "n commande",
        "no commande",
        "num commande",
        "numero commande",
        "numero de commande",
        "n facture",
        "no facture",
        "numero facture",
        "numero de facture",
        "n piece",
        "order",
        "order id",
        "order no",
        "order number",
        "invoice",
        "invoiceno",
        "invoice no",
        "invoice number",
        "commande",
        "facture",
        "ticket",
        "n ticket",
        "transaction id",
    ),
    "segment": (
        "segment",
        "marche",
        "typologie",
        "canal",
        "channel",
        "market",
        "categorie client",
        "type client",
        "type de client",
        "customer type",
        "customer segment",
        "segment client",
        "cible",
    ),
    "first_purchase": (
        "premier achat",
        "date premier achat",
        "date du premier achat",
        "first purchase",
        "first purchase date",
        "first order",
        "first order date",
        "date premiere commande",
        "premiere commande",
    ),
    "last_purchase": (
        "dernier achat",
        "date dernier achat",
        "date du dernier achat",
        "last purchase",
        "last purchase date",
        "last order",
        "last order date",
        "date derniere commande",
        "derniere commande",
    ),
    "orders_count": (
        "nb commandes",
        "nombre de commandes",
        "nombre commandes",
        "nb achats",
        "nombre d achats",
        "orders",
        "number of orders",
        "order count",
        "frequency",
        "frequence",
        "nb de commandes",
    ),
    "contact_date": (
        "date contact",
        "date de contact",
        "dernier contact",
        "date dernier contact",
        "last contact",
        "contact date",
        "date creation",
        "date de creation",
        "created",
        "created at",
        "date inscription",
    ),
    "status": ("statut", "status", "etape", "stage", "lead status", "statut prospect"),
    "opt_out_date": (
        "date desinscription",
        "date de desinscription",
        "date desabonnement",
        "date de desabonnement",
        "date opt out",
        "opt out date",
        "optout date",
        "unsubscribe date",
        "unsubscribed at",
        "unsubscribed on",
        "date unsubscribed",
    ),
    "opt_out": (
        "opt out",
        "optout",
        "desabonne",
        "desinscrit",
        "unsubscribed",
        "unsubscribe",
        "stop",
        "optin",
        "opt in",
        "consentement",
        "consent",
        "blacklist",
        "rgpd",
    ),
}
# Roles that a customer-level export (one row per customer) uses in place of a date.
_AMOUNT_LIKE = {"total achats", "total spent", "montant total", "ca total", "lifetime value", "total revenue"}


def normalise_header(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: «N° Client» -> «n client»."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)  # InvoiceDate -> Invoice Date
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return text.strip()


def _score(header: str, synonym: str) -> int:
    if header == synonym or header.replace(" ", "") == synonym.replace(" ", ""):
        return 3
    if re.search(rf"(?:^| ){re.escape(synonym)}(?: |$)", header):
        return 2
    return 0


def header_score(header: str) -> int:
    """The best score any role gives this header (0: not a known header)."""
    h = normalise_header(header)
    return max((_score(h, s) for syns in ROLE_SYNONYMS.values() for s in syns), default=0)


@dataclass(frozen=True)
class Mapping:
    """Column name for each role; ``None`` when the file has no such column."""

    customer: str | None = None
    date: str | None = None
    amount: str | None = None
    quantity: str | None = None
    unit_price: str | None = None
    order: str | None = None
    segment: str | None = None
    name: str | None = None
    email: str | None = None
    first_purchase: str | None = None
    last_purchase: str | None = None
    orders_count: str | None = None
    contact_date: str | None = None
    status: str | None = None
    opt_out: str | None = None
    opt_out_date: str | None = None

    @property
    def shape(self) -> str:
        """``transactions`` (a date per row) or ``customers`` (first and last purchase per row)."""
        if self.date is None and self.last_purchase is not None:
            return "customers"
        return "transactions"

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict) -> Mapping:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise LifecycleError.of("error.roles", roles=", ".join(sorted(unknown)))
        return cls(**data)

    def with_overrides(self, columns: list[str], **overrides: str | None) -> Mapping:
        """A copy with the given roles set (a column name, or ``""`` to unset); names are checked."""
        changes = {}
        for role, column in overrides.items():
            if column is None:
                continue
            if column == "":
                changes[role] = None
                continue
            if column not in columns:
                raise LifecycleError.of("error.no_column", column=column, role=role, columns=", ".join(columns))
            # A column takes one role: unset any other role that pointed at it.
            for other in fields(self):
                if other.name != role and getattr(self, other.name) == column and other.name not in overrides:
                    changes[other.name] = None
            changes[role] = column
        return replace(self, **changes)


def propose_mapping(columns: list[str]) -> Mapping:
    """Propose a role for each column from its header name (French or English)."""
    candidates: list[tuple[int, int, int, str, str]] = []
    for ci, column in enumerate(columns):
        h = normalise_header(column)
        for role, synonyms in ROLE_SYNONYMS.items():
            best = max((_score(h, s) for s in synonyms), default=0)
            if role == "amount" and h in _AMOUNT_LIKE:
                best = 3
            if best:
                # Prefer the more specific synonym match (longer header), then the leftmost column.
                candidates.append((best, -len(synonyms), -ci, role, column))
    candidates.sort(key=lambda c: (c[0], c[2]), reverse=True)
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for *_, role, column in candidates:
        if role in chosen or column in taken:
            continue
        chosen[role] = column
        taken.add(column)
    # An order-level amount beats quantity x price; keep both only when no amount column.
    if "amount" in chosen:
        chosen.pop("unit_price", None)
    mapping = Mapping(**chosen)
    if mapping.first_purchase and not mapping.date and not mapping.last_purchase:
        mapping = replace(mapping, date=mapping.first_purchase, first_purchase=None)
    return mapping
