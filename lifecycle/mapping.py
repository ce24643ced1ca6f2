"""Which column is which: roles proposed from French and English header names.

Roles are data (``ROLE_SYNONYMS``): a header scores 3 when it is a synonym, 2 when it
contains one as whole words. Each column takes at most one role and each role one column,
best scores first. Every role can be overridden.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import asdict, dataclass, fields, replace

from .errors import LifecycleError

__all__ = [
    "ROLE_SYNONYMS",
    "Mapping",
    "header_roles",
    "header_score",
    "key_from_values",
    "looks_like_emails",
    "normalise_header",
    "propose_mapping",
]

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
        "client code",
        "client number",
        "cust id",
        "customer ref",
        "customer reference",
        "account",
        "account id",
        "account name",
        "account number",
        "compte",
        "n compte",
        "compte client",
        "numero compte",
        "numero de compte",
        "code tiers",
        "tiers",
        "n tiers",
        "carte fidelite",
        "carte de fidelite",
        "n carte fidelite",
        "n carte de fidelite",
        "numero carte fidelite",
        "numero de carte fidelite",
        "numero de carte",
        "n carte",
        "carte",
        "loyalty card",
        "loyalty card number",
        "loyalty number",
        "loyalty id",
        "card number",
        "member",
        "member id",
        "member number",
        "membership number",
        "membre",
        "n membre",
        "numero membre",
        "adherent",
        "n adherent",
        "numero adherent",
        "code adherent",
        "matricule",
        "contact id",
        "id contact",
        "buyer",
        "buyer id",
        "acheteur",
        "id acheteur",
        "abonne",
        "n abonne",
        "subscriber id",
        "donateur",
        "donor id",
        "user id",
        "id utilisateur",
        "id",
    ),
    "email": (
        "email",
        "e mail",
        "mail",
        "courriel",
        "adresse mail",
        "adresse email",
        "adresse e mail",
        "email address",
        "e mail address",
        "customer email",
        "email client",
        "mail client",
    ),
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
        "date de piece",
        "date ticket",
        "date du ticket",
        "date de la commande",
        "date de la facture",
        "date operation",
        "date de l operation",
        "close date",
        "closed date",
        "date de cloture",
        "paid at",
        "date paiement",
        "date de paiement",
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
        "region",
        "secteur",
        "sector",
        "agence",
        "branch",
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
    # The synonym as whole words of the header (``normalise_header`` leaves single spaces
    # between words): a substring test, not a regular expression per synonym and cell.
    if f" {synonym} " in f" {header} ":
        return 2
    return 0


@functools.lru_cache(maxsize=4096)
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


# Headers that hold a name, but not the customer's (``Deal Name``, ``Product name``).
_NOT_A_PERSON = re.compile(
    r"\b(deal|product|produit|article|item|campaign|campagne|file|fichier|owner|vendeur|store|magasin|shop|boutique)\b"
)


def propose_mapping(columns: list[str], frame=None, *, contacts: bool = False) -> Mapping:
    """Propose a role for each column from its header name (French or English).

    With ``frame`` (the table's values) the proposal also looks at the values: a ``Name``
    column of order numbers (``#1001``) is the order; when no header names the customer,
    the key is, in this order, the e-mail column, a column of repeated id-like codes
    (``key_from_values``), and only then a name column (homonyms merge: prepare warns).
    A contacts list (``contacts=True``) keeps its e-mail as the e-mail: it is matched to
    the customers' e-mails.
    """
    candidates: list[tuple[int, int, int, str, str]] = []
    for ci, column in enumerate(columns):
        h = normalise_header(column)
        for role, synonyms in ROLE_SYNONYMS.items():
            best = max((_score(h, s) for s in synonyms), default=0)
            if role == "amount" and h in _AMOUNT_LIKE:
                best = 3
            if role == "name" and _NOT_A_PERSON.search(h):
                best = 0
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
    # «Created at» is when a contact was created in a contacts list, the order date in an
    # orders export (a file with amounts and no other date).
    if "date" not in chosen and "last_purchase" not in chosen and "contact_date" in chosen and "amount" in chosen:
        chosen["date"] = chosen.pop("contact_date")
    if frame is not None and chosen.get("name") and _share(frame[chosen["name"]], _ORDER_NUMBER) >= 0.8:
        name = chosen.pop("name")
        chosen.setdefault("order", name)
    if "customer" not in chosen and not contacts:
        if "email" in chosen:
            chosen["customer"] = chosen.pop("email")
        elif frame is not None and (found := key_from_values(frame, set(chosen.values()))):
            chosen["customer"] = found[0]
        elif "name" in chosen:
            chosen["customer"] = chosen.pop("name")
    mapping = Mapping(**chosen)
    if mapping.first_purchase and not mapping.date and not mapping.last_purchase:
        mapping = replace(mapping, date=mapping.first_purchase, first_purchase=None)
    return mapping


_ORDER_NUMBER = r"#\s?\d+"
_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_CODE = r"[A-Za-z0-9][A-Za-z0-9_\-./]{0,39}"
_DATE_LIKE = r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T].*)?"
_DECIMAL = r"[-+]?\d[\d\s\u202f]*[.,]\d{1,2}"
_SAMPLE = 20_000


def _share(values, pattern: str) -> float:
    """Share of the filled values (of the first rows) that match ``pattern`` in full."""
    v = values.head(_SAMPLE).dropna().astype("string").str.strip()
    v = v[v != ""]
    return float(v.str.fullmatch(pattern).mean()) if len(v) else 0.0


def looks_like_emails(values) -> bool:
    return _share(values, _EMAIL) >= 0.8


def key_from_values(frame, taken: set[str] = frozenset()) -> tuple[str, int, float] | None:
    """A column whose values look like customer codes, when no header says which one is.

    A candidate is filled on at least 80% of the rows, made of codes (letters, digits,
    ``-_./``, no spaces) that are neither dates nor amounts, and repeats (a customer buys
    more than once; a column of unique values is an order or line number). Digits-only
    columns must look like account numbers (4 digits or more, or zero-padded), not
    quantities. Codes mixing letters and digits win, then the leftmost column.
    Returns the column, its number of distinct codes and rows per code on average.
    """
    best: tuple[tuple, tuple[str, int, float]] | None = None
    for ci, column in enumerate(frame.columns):
        if column in taken:
            continue
        v = frame[column].head(_SAMPLE).astype("string").str.strip()
        filled = v[v.notna() & (v != "")]
        if len(filled) < max(3, 0.8 * len(v)):
            continue
        filled = filled.str.replace(r"^(\d+)\.0$", r"\1", regex=True)  # Excel numbers read as text
        if filled.str.fullmatch(_CODE).mean() < 0.95:
            continue
        if filled.str.fullmatch(_DATE_LIKE).mean() > 0.2 or filled.str.fullmatch(_DECIMAL).mean() > 0.2:
            continue
        distinct = int(filled.nunique())
        per_code = len(filled) / max(distinct, 1)
        if distinct < 2 or per_code < 1.1:
            continue
        digits = filled.str.fullmatch(r"\d+").mean() > 0.95
        if digits and (distinct < 10 or (filled.str.len().median() < 4 and not filled.str.startswith("0").any())):
            continue
        mixed = filled.str.contains(r"[A-Za-z]").mean() > 0.5 and filled.str.contains(r"\d").mean() > 0.5
        rank = (mixed, -ci)
        if best is None or rank > best[0]:
            whole = frame[column].astype("string").str.strip()
            whole = whole[whole.notna() & (whole != "")]
            n = int(whole.nunique())
            best = (rank, (column, n, round(len(whole) / max(n, 1), 1)))
    return best[1] if best else None


def header_roles(column: str) -> set[str]:
    """The roles whose synonyms name this header."""
    h = normalise_header(column)
    return {role for role, synonyms in ROLE_SYNONYMS.items() if any(_score(h, s) for s in synonyms)}
