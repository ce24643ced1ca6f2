"""Which column is which: roles proposed from French and English header names.

Roles are data (``ROLE_SYNONYMS``): a header scores 3 when it is a synonym, 2 when it
contains one as whole words. Each column takes at most one role and each role one column,
best scores first. Every role can be overridden.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields, replace

from ..errors import LifecycleError
from .parse import date_share
from .platforms import Platform, recognise

__all__ = [
    "ROLE_SYNONYMS",
    "Mapping",
    "Proposal",
    "Why",
    "cached_header_score",
    "code_column",
    "column_share",
    "header_roles",
    "header_score",
    "key_from_values",
    "looks_like_emails",
    "names_invoices",
    "normalise_header",
    "propose",
    "propose_mapping",
]

# Headers naming the customer as an account (a company): the key of B2B files, after an id.
_ACCOUNTS = (
    "associated company",
    "company",
    "company name",
    "societe",
    "nom societe",
    "nom de la societe",
    "entreprise",
    "raison sociale",
    "organisation",
    "organization",
    "organisme",
    "etablissement",
    "client final",
    "enseigne",
    "account name",  # Salesforce, Zoho: beside «Account ID», which two homonyms do not share
    "nom du compte",
    "nom de compte",
)

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
        "customer user id",
        "cus id",
        "customer email",
        "customers id",
        "customers email",
        "e mail client",
        "email client",
        "mail client",
        *_ACCOUNTS,
    ),
    "email": (
        "email",
        "customers email",
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
        "billing email",
        "email billing",
        "e mail address",
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
        "closed at",
        "closing date",
        "date de cloture",
        "date cloture",
        "date de signature",
        "won time",
        "won date",
        "date de gain",
        "order created",
        "transaction time",
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
        "order total amount",
        "subtotal",
        "sub total",
        "sous total",
        "total de la commande",
        "montant de la commande",
        "montant commande",
        "net sales",
        "gross sales",
        "ventes nettes",
        "ventes brutes",
        "gross",
        "gross amount",
        "montant brut",
        "brut",
        "valeur",
        "value",
    ),
    "refund": (
        "refunded amount",
        "amount refunded",
        "refund amount",
        "order refund amount",
        "total refunded",
        "refunded total",
        "refunds",
        "refunded",
        "montant rembourse",
        "montant remboursement",
        "montant du remboursement",
        "rembourse",
        "remboursement",
        "remboursements",
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
        "order name",
        "order reference",
        "reference commande",
        "reference de commande",
        "reference de la commande",
        "numero de la commande",
        "id commande",
        "n de commande",
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
        "created utc",
        "created date",
        "create date",
        "creation date",
        "date created",
        "date de creation",
        "cree le",
        "date d ajout",
        "date ajout",
        "date inscription",
        "date d inscription",
        "deal created",
        "affaire creee",
    ),
    "status": (
        "statut",
        "status",
        "state",
        "etat",
        "etape",
        "stage",
        "phase",
        "lead status",
        "statut prospect",
        "financial status",
        "payment status",
        "order status",
        "statut commande",
        "statut de la commande",
        "statut paiement",
        "statut du paiement",
        "statut de paiement",
        "etat commande",
        "etat de la commande",
        "deal stage",
        "deal status",
        "stage name",
        "opportunity stage",
        "sales stage",
        "pipeline stage",
        "etape de vente",
        "etape de l affaire",
        "statut de l affaire",
        "transaction status",
        "lifecycle stage",
    ),
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


_INVOICE_WORDS = re.compile(r"\b(invoice|invoices|facture|factures|facturation|bill|bills)\b")


def names_invoices(*headers: str | None) -> bool:
    """Whether headers (a file's columns, or its order, date and amount columns) name invoices."""
    return any(h and _INVOICE_WORDS.search(normalise_header(h)) for h in headers)


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


MAX_HEADER_CHARS = 200  # a longer cell is no column name: not compared, not kept in the cache


def header_score(header: str) -> int:
    """The best score any role gives this header (0: not a known header)."""
    header = str(header)
    return 0 if len(header) > MAX_HEADER_CHARS else cached_header_score(header)


@functools.lru_cache(maxsize=4096)
def cached_header_score(header: str) -> int:
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
    refund: str | None = None

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
    r"\b(deal|product|produit|article|item|lineitem|campaign|campagne|file|fichier|owner|vendeur|store|magasin|shop"
    r"|boutique|opportunity|opportunite|affaire|tax|taxe|payment|paiement|terms|province|country|pays|city|ville"
    r"|region|method|methode|shipping method|discount|coupon|variant|sku|card)\b"
)
# Headers of dates that are not the purchase's own (a dispute, a refund, an update, a due date).
_NOT_THE_DATE = re.compile(
    r"\b(dispute|litige|refund|refunded|rembourse|remboursement|due|echeance|expiry|expiration|exp|birth|birthday"
    r"|naissance|update|updated|modified|modification|modifie|last|dernier|derniere|next|prochain|prochaine"
    r"|fulfilled|fulfillment|shipped|expedition|livraison|delivery|cancelled|canceled|annulation|unsub"
    r"|desinscription|desabonnement|optin|confirm|clean|changed|entered|left|payout|virement|available"
    # an expected date (a deal's forecast close): not the sale's
    r"|prevue|prevu|expected|estimated|estimee|forecast|prevision)\b"
)
# Headers of another thing's own id: the row, the order, the payment, the deal. Never the customer.
_ROW_ID = re.compile(
    r"^(id|ids|record id|row id|object id|uuid|guid|key|cle|index|line|ligne|n|no|num|numero|ref|reference|hs object id)$"
    r"|\b(order|orders|commande|invoice|facture|payment|paiement|charge|transaction|deal|affaire|opportunity"
    r"|opportunite|ticket|line|ligne|lineitem|item|article|product|produit|session|event|receipt|recu|refund"
    r"|intent|device|location|fee|payout|transfer|dispute|card|carte bancaire|sku|invoice number)\b"
)
_NOT_A_KEY = re.compile(
    r"\b(rating|score|note|ip|time|date|count|nombre|nb|total|amount|montant|status|statut|type|level|niveau"
    r"|since|depuis|tags?|segment|description|note|notes|city|ville|country|pays|phone|telephone)\b"
)
_NOT_A_FLAG = re.compile(r"\b(ip|time|date|heure|campaign|campagne|reason|raison|title|titre|id)\b")
_BILLING = re.compile(r"\b(billing|shipping|facturation|livraison|delivery|expedition)\b")
# A part of the money, not what the customer paid: a discount, a fee, a tax, shipping, a tip
# («Discount Amount», «Order Total Tax Amount», «Frais de port»). A total with or without
# them is the sale's.
_PART_OF_THE_MONEY = re.compile(
    r"\b(discount|discounts|remise|remises|reduction|rabais|coupon|fee|fees|frais|tax|taxes|taxe|tva|vat"
    r"|shipping|livraison|port|tip|tips|pourboire|commission|escompte)\b"
)
# Words that qualify a total by a part rather than name the part: «Total (Tax incl.)»,
# «Tax-inclusive total», «Total port compris» anywhere in the header; «Total hors taxes»,
# «Amount net of fees», «Montant après réduction» unless the header starts with the part
# («Shipping Total with Tax» is the shipping's).
_INCLUDED = re.compile(r"\b(incl|included|including|inclusive|inc|ttc|compris|comprise|inclus|incluse|ht)\b")
_QUALIFIED = re.compile(
    r"\b(with|avec|hors|excl|excluded|excluding|sans|without|before|after|apres|avant|net|less|moins"
    r"|deduit|deduits|deduite|deduites|plus)\b"
)


def _a_part_of_the_money(h: str) -> bool:
    """Whether a normalised header names a part of the money (a discount, a fee, a tax,
    shipping) rather than a total qualified by one."""
    if not _PART_OF_THE_MONEY.search(h) or _INCLUDED.search(h):
        return False
    return not _QUALIFIED.search(h) or bool(_PART_OF_THE_MONEY.match(h))


# An address's state or region («Ship State», «Billing State»): not the order's status.
_ADDRESS_STATE = re.compile(r"\b(ship|shipping|billing|bill|buyer|delivery|address|adresse|livraison|facturation)\b")
# Sales before discounts and returns, or before shipping and tax, give way to the total when
# both are there.
_BEFORE_DISCOUNTS = {"gross sales", "ventes brutes", "chiffre d affaires brut", "subtotal", "sub total", "sous total"}
# An order's or invoice's number is never written in a column named as a date, a time or money.
_A_DATE_HEADER = re.compile(r"\b(date|time|heure|amount|total|montant|sum|somme|price|prix)\b")
# Who did something («Created By», «Créé par»): a person, not a date.
_WHO = re.compile(r"\b(by|par)\b")
# Values that are another thing's id: a Stripe charge, payment or invoice, an order number.
_ROW_ID_VALUE = r"(?:ch|py|pi|pm|txn|in|re|po|tr|fee|evt|src|card|sub|ii|il|dp|du)_[A-Za-z0-9]{6,}|#\s?\d+"
# «Paid at» is blank on orders never paid: the order's date only when nothing else dates it.
_FALLBACK_DATES = ("paid at", "date paiement", "date de paiement", "payment date", "processed at")
# A customer column filled on fewer rows than this is not the key (a billing company filled
# for a few B2B orders), unless nothing better names the customer.
_FILLED_KEY = 0.3


@dataclass(frozen=True)
class Why:
    """Why a column holds a role, or why a column was set aside: a text key under ``why.``
    and its fields (``lifecycle.locale.i18n``)."""

    code: str
    fields: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    """The proposed mapping, why each role holds its column, the columns set aside as the
    customer and why, and the platform whose export this is (``None``: general rules)."""

    mapping: Mapping
    why: dict[str, Why]
    set_aside: dict[str, Why]
    platform: Platform | None = None


def propose_mapping(columns: list[str], frame=None, *, contacts: bool = False) -> Mapping:
    """Propose a role for each column from its header name (French or English) and, given
    ``frame`` (the table's values), from the values too (``propose``)."""
    return propose(columns, frame, contacts=contacts).mapping


def _candidates(columns: list[str], taken: set[str]) -> list[tuple[int, int, int, str, str]]:
    """(score, length of the synonym matched, -column index, role, column) for every role a
    header names; the longer synonym is the more specific (``Order Total Amount`` is the
    order's total, not any amount)."""
    out = []
    for ci, column in enumerate(columns):
        if column in taken:
            continue
        h = normalise_header(column)
        for role, synonyms in ROLE_SYNONYMS.items():
            best, length = 0, 0
            for syn in synonyms:
                sc = _score(h, syn)
                if (sc, len(syn)) > (best, length) and sc:
                    best, length = sc, len(syn)
            if role == "amount" and h in _AMOUNT_LIKE:
                best, length = 3, len(h)
            if role in ("amount", "refund") and best < 3 and _a_part_of_the_money(h):
                # «Discount Amount», «Frais de remboursement»: no refund, and the amount only
                # when no other header names one («Montant remisé», «Total + shipping»)
                best = 1 if role == "amount" else 0
            if role == "amount" and h in _BEFORE_DISCOUNTS:
                length = 0
            if role == "status" and " state " in f" {h} " and _ADDRESS_STATE.search(h):
                best = 0
            if role == "order" and best < 3 and _A_DATE_HEADER.search(h):
                best = 0
            if role in ("date", "contact_date") and best < 3 and _WHO.search(h):
                best = 0
            if role == "name" and _NOT_A_PERSON.search(h):
                best = 0
            if role == "date" and best < 3 and _NOT_THE_DATE.search(h):
                best = 0
            if role == "opt_out" and best < 3 and _NOT_A_FLAG.search(h):
                best = 0  # «OPTIN_IP», «Opt-in time»: not the flag
            if role == "customer":
                if best < 3 and _NOT_A_KEY.search(h):
                    best = 0  # «MEMBER_RATING», «Customer type», «Client count»: about the customer
                if _BILLING.search(h):
                    best = 0  # a billing or shipping company is the address's, not the key
                if (
                    best < 3
                    and _ROW_ID.search(h)
                    and not re.search(
                        r"\b(customer|client|cus|acheteur|buyer|account|compte|organisation|organization"
                        r"|company|societe|entreprise)\b",
                        h,
                    )
                ):
                    best = 0
                if best and any(f" {a} " in f" {h} " for a in _ACCOUNTS):
                    length = 0  # an account name is the key after any customer id or code
                elif best and "mail" in h:
                    length = 1  # and a customer's e-mail after their id
            if best:
                out.append((best, length, -ci, role, column))
    out.sort(key=lambda c: c[:3], reverse=True)
    return out


def column_share(columns: list[str], frame):
    """How much of a column (by its normalised header) matches a pattern: what ``recognise``
    asks of a platform's ambiguous columns. Without the values, nothing is checked."""
    if frame is None:
        return None
    by_norm = {normalise_header(c): c for c in reversed(columns)}
    return lambda header, pattern: _share(frame[by_norm[header]], pattern) if header in by_norm else 0.0


def _from_platform(columns: list[str], platform: Platform) -> dict[str, str]:
    by_norm = {}
    for column in columns:
        by_norm.setdefault(normalise_header(column), column)
    chosen: dict[str, str] = {}
    for role, headers in platform.roles.items():
        for header in headers:
            column = by_norm.get(normalise_header(header))
            if column is not None and column not in chosen.values():
                chosen[role] = column
                break
    return chosen


def propose(columns: list[str], frame=None, *, contacts: bool = False) -> Proposal:
    """Propose a role for each column, and say why.

    A known platform's export (``lifecycle.reading.platforms``) takes the platform's mapping; the
    general rules give the other roles, and every role of any other file. The customer is a
    person or an account, never the row: a header naming the customer wins unless its values
    are another thing's ids (unique per row, ``ch_…``, ``#1001``) or mostly blank; then the
    e-mail, then a column of repeated codes found from the values (``key_from_values``),
    then a name (homonyms merge: prepare says so). A contacts list (``contacts=True``) keeps
    its e-mail as the e-mail: it is matched to the customers' e-mails. Without a header
    naming a date, a column of dates is found from its values.
    """
    platform = recognise({normalise_header(c) for c in columns}, column_share(columns, frame))
    if platform is not None and (platform.kind == "contacts") != contacts:
        platform = None if contacts else platform  # a contacts platform as the main file: said by prepare
    chosen: dict[str, str] = {}
    why: dict[str, Why] = {}
    if platform is not None:
        chosen = _from_platform(columns, platform)
        why = {role: Why("platform", {"platform": platform.key}) for role in chosen}
    taken = set(chosen.values())
    header_customers: list[str] = []
    platform_key = "customer" in chosen
    # A recognised export is read as its platform writes it: the general rules add nothing.
    blank_roles: set[str] = set()
    statuses: list[str] = []
    for score, _, _, role, column in [] if platform else _candidates(columns, taken):
        if role == "customer" and not platform_key:
            header_customers.append(column)  # every header naming the customer, best first
        if role == "status" and column not in taken:
            statuses.append(column)
        if role in chosen or column in taken:
            continue
        if frame is not None and role in ("order", "status", "amount", "refund") and not _repeats(frame[column])[0]:
            blank_roles.add(role)  # blank on every row: it holds nothing for the role
            continue
        if role in blank_roles and score < 3:
            continue  # only a header naming the role exactly takes it from a blank column
        chosen[role] = column
        taken.add(column)
        why[role] = Why("header", {"column": column})
    _invoice_status(chosen, why, statuses)
    if "amount" in chosen:  # an order-level amount beats quantity x price
        chosen.pop("unit_price", None)
        why.pop("unit_price", None)
    set_aside: dict[str, Why] = {}
    if not contacts:
        _dates(chosen, why, columns, frame)
    named_by_platform = platform is not None and "name" in platform.roles
    if (
        frame is not None
        and chosen.get("name")
        and not named_by_platform
        and _share(frame[chosen["name"]], _ORDER_NUMBER) >= 0.8
    ):
        name = chosen.pop("name")  # a «Name» of order numbers (#1001) is the order
        why.pop("name")
        if "order" not in chosen:
            chosen["order"], why["order"] = name, Why("values_order", {"column": name})
    if not contacts and why.get("customer", Why("")).code != "platform":
        _customer(chosen, why, set_aside, header_customers, frame)
    mapping = Mapping(**chosen)
    if mapping.first_purchase and not mapping.date and not mapping.last_purchase:
        mapping = replace(mapping, date=mapping.first_purchase, first_purchase=None)
        why["date"] = why.pop("first_purchase")
    return Proposal(mapping, {r: w for r, w in why.items() if getattr(mapping, r, None)}, set_aside, platform)


_PAYMENT_STATUS = re.compile(r"\b(payment|paiement|reglement)\b")


def _invoice_status(chosen: dict, why: dict, statuses: list[str]) -> None:
    """In a file of invoices (its order, date or amount column names them), whether a sale
    exists is the invoice's status (draft, posted, cancelled), not its payment's: «Payment
    Status» gives way to another status header («Status»)."""
    current = chosen.get("status")
    if current is None or not _PAYMENT_STATUS.search(normalise_header(current)):
        return
    if not names_invoices(chosen.get("order"), chosen.get("date"), chosen.get("amount")):
        return
    taken = set(chosen.values())
    other = next((c for c in statuses if c not in taken and not _PAYMENT_STATUS.search(normalise_header(c))), None)
    if other is not None:
        chosen["status"], why["status"] = other, Why("header", {"column": other})


def _dates(chosen: dict, why: dict, columns: list[str], frame) -> None:
    """The transaction's date when no header names it: a creation date (``Created at``) is
    the order's date in a file of orders, «Paid at» only when nothing else dates it, then
    a column whose values are dates. A creation date beside a date stays the interaction's
    date (a deal's creation beside its close date)."""
    if "date" in chosen or "last_purchase" in chosen:
        return
    transactional = any(r in chosen for r in ("amount", "order", "status", "quantity"))
    if "contact_date" in chosen and transactional:
        chosen["date"] = chosen.pop("contact_date")
        why["date"] = why.pop("contact_date")
        return
    taken = set(chosen.values())
    for column in columns:
        if column not in taken and normalise_header(column) in _FALLBACK_DATES:
            chosen["date"], why["date"] = column, Why("header_fallback", {"column": column})
            return
    if frame is None:
        return
    for column in [c for c in columns if c not in taken][:_SCAN_COLUMNS]:
        share = date_share(frame[column])
        if share >= 0.9:
            chosen["date"], why["date"] = column, Why("values_date", {"column": column, "share": share})
            return


def _repeats(values, whole: bool = False) -> tuple[int, int, int]:
    """Filled rows, distinct values and values found on more than one row (of the first
    rows, or of the ``whole`` column)."""
    v = (values if whole else values.head(_SAMPLE)).astype("string").str.strip()
    v = v[v.notna() & (v != "")]
    counts = v.value_counts()
    return len(v), len(counts), int((counts > 1).sum())


def _customer(chosen: dict, why: dict, set_aside: dict, header_customers: list[str], frame) -> None:
    """The customer column: a header naming the customer whose values hold up, else the
    e-mail, else codes found from the values, else a name."""
    if frame is None:  # the headers alone: the best header naming the customer, else the fallbacks
        if header_customers:
            _take_customer(chosen, why, header_customers[0])
        elif "customer" not in chosen:
            _customer_fallback(chosen, why, None)
        return
    n = len(frame)
    alternatives = [chosen[r] for r in ("email", "name") if r in chosen]
    found = key_from_values(frame, set(chosen.values()) | set(header_customers)) or ()
    if found:
        alternatives.append(found[0])
    alt_repeats = any(_repeats(frame[c])[2] > 0 for c in alternatives)
    keep = None
    for column in header_customers:
        filled, distinct, repeated = _repeats(frame[column])
        if _share(frame[column], _ROW_ID_VALUE) >= 0.8:
            set_aside[column] = Why("row_ids", {"column": column})
        elif _share(frame[column], _MONEY) >= 0.8:  # Square's «Carte»: the amount paid by card
            set_aside[column] = Why("amounts", {"column": column})
        elif filled >= 10 and distinct == filled and alt_repeats:
            set_aside[column] = Why("unique_per_row", {"column": column, "rows": filled})
        elif filled >= 10 and distinct == 1 and alternatives and not _names_the_customer(column):
            # a ledger's code («AccountCode»); a «Code client» of one value is one customer's history
            set_aside[column] = Why("one_value", {"column": column, "rows": filled})
        elif n and filled < _FILLED_KEY * min(n, _SAMPLE) and alternatives:
            set_aside[column] = Why("mostly_blank", {"column": column, "filled": filled, "rows": min(n, _SAMPLE)})
        else:
            keep = column
            break
    current = chosen.get("customer")
    if keep is None:
        if current is not None:
            chosen.pop("customer")
            why.pop("customer", None)
        _customer_fallback(chosen, why, frame, found)
    elif keep != current:
        _take_customer(chosen, why, keep)
    if "customer" in chosen and why["customer"].code == "header":
        filled, distinct, repeated = _repeats(frame[chosen["customer"]], whole=True)
        why["customer"] = Why("header_repeats", {"column": chosen["customer"], "repeated": repeated, "n": distinct})


def _names_the_customer(column: str) -> bool:
    """Whether a header is one of the customer's own names exactly («Code client», «N° client»)."""
    h = normalise_header(column)
    return any(_score(h, syn) == 3 for syn in ROLE_SYNONYMS["customer"])


def _take_customer(chosen: dict, why: dict, column: str) -> None:
    """``column`` becomes the customer, leaving any other role it held."""
    for role, held in list(chosen.items()):
        if held == column or role == "customer":
            chosen.pop(role)
            why.pop(role, None)
    chosen["customer"], why["customer"] = column, Why("header", {"column": column})


def _customer_fallback(chosen: dict, why: dict, frame, found=None) -> None:
    if "email" in chosen:
        chosen["customer"] = chosen.pop("email")
        why["customer"] = Why("email", {"column": chosen["customer"]})
        why.pop("email", None)
    elif frame is not None and (found := key_from_values(frame, set(chosen.values())) if found is None else found):
        chosen["customer"], why["customer"] = (
            found[0],
            Why("values_key", {"column": found[0], "n": found[1], "per": found[2]}),
        )
    elif "name" in chosen:
        chosen["customer"] = chosen.pop("name")
        why["customer"] = Why("name", {"column": chosen["customer"]})
        why.pop("name", None)


_ORDER_NUMBER = r"#\s?\d+"
_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_CODE = r"[A-Za-z0-9][A-Za-z0-9_\-./]{0,39}"
_DATE_LIKE = r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T].*)?"
_DECIMAL = r"[-+]?\d[\d\s\u202f]*[.,]\d{1,2}"
# An amount of money: a decimal with its cents, or a number with its currency («12,50 €», «$9.99», «40 €»).
_MONEY = (
    r"[-+−]?(?:[$£€]\s?)?\d[\d\s\u202f\u00a0.,']*[.,]\d{2}\s?(?:[$£€]|EUR|USD|GBP)?"
    r"|[-+−]?(?:[$£€]\s?\d[\d\s\u202f\u00a0.,']*|\d[\d\s\u202f\u00a0.,']*\s?(?:[$£€]|EUR|USD|GBP))"
)
_SAMPLE = 20_000
_SCAN_COLUMNS = 200  # a key or a date found from the values: in the first 200 columns


def _share(values, pattern: str) -> float:
    """Share of the filled values (of the first rows) that match ``pattern`` in full."""
    v = values.head(_SAMPLE).dropna().astype("string").str.strip()
    v = v[v != ""]
    return float(v.str.fullmatch(pattern).mean()) if len(v) else 0.0


def looks_like_emails(values) -> bool:
    return _share(values, _EMAIL) >= 0.8


def code_column(values) -> bool | None:
    """Whether ``values`` (a column) look like customer codes: filled on at least 80% of the
    rows, codes (letters, digits, ``-_./``, no spaces) holding a digit, neither dates nor
    amounts, repeated (a customer buys more than once; a column of unique values is an
    order or line number). Digits-only codes must look like account numbers (4 digits or
    more, or zero-padded), not quantities; places and words (Paris, Web) hold no digit.
    ``None``: no; else whether the codes mix letters and digits (the likelier key)."""
    v = values.head(_SAMPLE).astype("string").str.strip()
    filled = v[v.notna() & (v != "")]
    if len(filled) < max(3, 0.8 * len(v)):
        return None
    filled = filled.str.replace(r"^(\d+)\.0$", r"\1", regex=True)  # Excel numbers read as text
    if filled.str.fullmatch(_CODE).mean() < 0.95 or filled.str.contains(r"\d").mean() < 0.8:
        return None
    if filled.str.fullmatch(_DATE_LIKE).mean() > 0.2 or filled.str.fullmatch(_DECIMAL).mean() > 0.2:
        return None
    distinct = int(filled.nunique())
    if distinct < 2 or len(filled) / max(distinct, 1) < 1.1:
        return None
    digits = filled.str.fullmatch(r"\d+").mean() > 0.95
    if digits and (distinct < 10 or (filled.str.len().median() < 4 and not filled.str.startswith("0").any())):
        return None
    return bool(filled.str.contains(r"[A-Za-z]").mean() > 0.5)


def key_from_values(frame, taken: set[str] = frozenset()) -> tuple[str, int, float] | None:
    """A column whose values look like customer codes (``code_column``), when no header says
    which one is: codes mixing letters and digits win, then the leftmost column. Returns the
    column, its number of distinct codes and rows per code on average."""
    best: tuple[tuple, tuple[str, int, float]] | None = None
    for ci, column in enumerate(frame.columns[:_SCAN_COLUMNS]):
        if column in taken:
            continue
        mixed = code_column(frame[column])
        if mixed is None:
            continue
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
