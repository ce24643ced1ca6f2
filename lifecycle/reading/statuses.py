"""What a row of a transactions file means, read from its status: a purchase, a return,
cancelled or open.

Platforms write a status per row (an order's financial status, a payment's status, a deal's
stage). Each distinct value gets one meaning, proposed here from the platforms' own words in
English and French, and editable by the user:

* ``purchase``: the row is a purchase (paid, completed, processing, shipped, closed won, …);
* ``return``: never a purchase; a negative amount is netted, a refunded order adds nothing;
* ``cancelled``: not a purchase, no money, but an interaction (voided, failed, closed lost, …);
* ``open``: not a purchase yet, an interaction (pending, on hold, any open deal stage, …).

A value the vocabulary does not know counts as a purchase, and the row report names it.

Hand-written: no library knows the status words of the shop, payment and CRM platforms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .mapping import normalise_header

__all__ = [
    "BLANK",
    "INTERACTIONS",
    "MEANINGS",
    "MEANING_CODE",
    "StatusValue",
    "meaning_of",
    "meanings_text",
    "parse_meanings",
    "propose_meanings",
    "split_meanings",
    "unmatched",
]

MEANINGS = ("purchase", "return", "cancelled", "open")
MEANING_CODE = {m: i for i, m in enumerate(MEANINGS)}
INTERACTIONS = ("cancelled", "open")  # not a purchase, but the customer was in contact

# Not paid yet, or late: an order not yet a sale, an invoice sent (``_ISSUED``) a sale made.
_UNPAID = (
    "unpaid",
    "not paid",
    "impaye",
    "impayee",
    "non paye",
    "non payee",
    "non solde",
    "non soldee",
    "overdue",
    "en retard",
)

# Phrases (normalised: lower case, no accents, words separated by single spaces) tried in
# this order, each as whole words of the value; the first that matches gives the meaning.
# Purchases that hold a word of another meaning come first («partially refunded» is a
# purchase less its refund, «closed won» holds «closed», «paiement accepté» is paid).
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "open",
        (
            "not paid",
            "non paye",
            "non payee",
            "non solde",
            "non soldee",
            "unpaid",
            "impaye",
            "impayee",
            "payment pending",
            "paiement en attente",
        ),
    ),
    (
        "purchase",
        (
            "refund refused",
            "refund declined",
            "refund rejected",
            "return refused",
            "return declined",
            "return rejected",
            "remboursement refuse",
            "remboursement refusee",
            "retour refuse",
            "annulation refusee",
            "cancellation refused",
            "cancellation declined",
            "refund requested",
            "refund pending",
            "return requested",
            "demande de remboursement",
            "remboursement demande",
            "demande de retour",
            "retour demande",
            "refunded partially",
            "rembourse partiellement",
            "remboursee partiellement",
            "partially shipped",
            "partiellement expedie",
            "partiellement expediee",
            "partiellement livre",
            "partiellement livree",
            "livree partiellement",
            "livre partiellement",
            "livraison en cours",
            "en livraison",
            "in transit",
            "out for delivery",
            "awaiting fulfillment",
            "awaiting fulfilment",
            "awaiting shipment",
            "awaiting pickup",
            "ready to ship",
            "pret a expedier",
        ),
    ),
    (
        "purchase",
        (
            "partially refunded",
            "partially refund",
            "partial refund",
            "partiellement rembourse",
            "partiellement remboursee",
            "remboursement partiel",
            "partially paid",
            "partiellement paye",
            "partiellement payee",
            "closed won",
            "closedwon",
            "won",
            "gagne",
            "gagnee",
            "signe",
            "signee",
            "paiement accepte",
            "paiement a distance accepte",
            "en attente de reapprovisionnement paye",
            "preparation en cours",
            "en cours de preparation",
            "en cours de livraison",
        ),
    ),
    (
        "cancelled",
        (
            "closed lost",
            "closedlost",
            "lost",
            "perdu",
            "perdue",
            "void",
            "voided",
            "annule",
            "annulee",
            "annulation",
            "cancel",
            "cancelled",
            "canceled",
            "failed",
            "failure",
            "fail",
            "echec",
            "echoue",
            "echouee",
            "erreur de paiement",
            "payment error",
            "declined",
            "denied",
            "approval denied",
            # A quote or a delivery note carried into the next document (EBP, Sage): the
            # invoice holds the sale.
            "transfere",
            "transferee",
            "refuse",
            "refusee",
            "expired",
            "expire",
            "expiree",
            "abandoned",
            "abandonne",
            "abandonnee",
            "deleted",
            "supprime",
            "supprimee",
            "blocked",
            "bloque",
            "bloquee",
            "rejected",
            "rejete",
            "rejetee",
            "trash",
            "spam",
            "fraud",
            "fraude",
            "fraudulent",
            "checkout draft",
            "no show",
            "storniert",
            "storno",
            "abgebrochen",
            "fehlgeschlagen",
            "abgelehnt",
            "cancelado",
            "cancelada",
            "anulado",
            "anulada",
            "fallido",
            "fallida",
            "rechazado",
            "rechazada",
        ),
    ),
    (
        "return",
        (
            "refunded",
            "refund",
            "rembourse",
            "remboursee",
            "remboursement",
            "returned",
            "return",
            "retourne",
            "retournee",
            "retour",
            "avoir",
            "credit note",
            "chargeback",
            "charged back",
            "reversed",
            "erstattet",
            "ruckerstattet",
            "zuruckerstattet",
            "retoure",
            "reembolsado",
            "reembolsada",
            "devuelto",
            "devuelta",
        ),
    ),
    (
        "open",
        (
            "pending",
            "en attente",
            "attente",
            "awaiting",
            "on hold",
            "hold",
            "authorized",
            "authorised",
            "submitted",  # GoCardless: sent to the banks, not yet collected
            "autorise",
            "autorisee",
            *_UNPAID,
            "draft",
            "brouillon",
            "quotation",
            "quotation sent",
            "quote",
            "devis",
            "devis envoye",
            "proposal",
            "proposition",
            "proposition envoyee",
            "negotiation",
            "negociation",
            "prospecting",
            "prospection",
            "qualification",
            "qualified",
            "qualifie",
            "qualifiee",
            "qualifiedtobuy",
            "needs analysis",
            "value proposition",
            "decision makers",
            "perception analysis",
            "proposal price quote",
            "negotiation review",
            "appointment scheduled",
            "appointmentscheduled",
            "presentation scheduled",
            "presentationscheduled",
            "decision maker bought in",
            "decisionmakerboughtin",
            "contract sent",
            "contractsent",
            "contrat envoye",
            "open",
            "opened",
            "ouvert",
            "ouverte",
            "en cours",
            "in progress",
            "new",
            "nouveau",
            "nouvelle",
            "lead",
            "discovery",
            "decouverte",
            "demo",
            "rdv",
            "meeting",
            "trial",
            "essai",
            "requires payment method",
            "requires action",
            "requires confirmation",
            "incomplete",
            "uncaptured",
            "a relancer",
            "relance",
            "contact",
            "premier contact",
            "prise de contact",
            "contacted",
            "contacte",
            "a qualifier",
            "demonstration",
            "presentation",
            "identifie",
            "analyse des besoins",
            "en discussion",
            "interesse",
            "ausstehend",
            "offen",
            "angebot",
            "pendiente",
            "abierto",
            "abierta",
            "presupuesto",
        ),
    ),
    (
        "purchase",
        (
            "paid",
            "paye",
            "payee",
            "completed",
            "complete",
            "termine",
            "terminee",
            "processing",
            "processed",
            "shipped",
            "expedie",
            "expediee",
            "delivered",
            "livre",
            "livree",
            "fulfilled",
            "succeeded",
            "successful",
            "success",
            "succes",
            "captured",
            "settled",
            "solde",  # an invoice settled («Soldé»); «Non soldé» is unpaid
            "soldee",
            "closed",
            "clos",
            "cloture",
            "sales order",
            "sale",
            "vente",
            "bon de commande",
            "commande",
            "confirmed",
            "confirme",
            "confirmee",
            "valide",
            "validee",
            "done",
            "locked",
            "verrouille",
            "invoiced",
            "facture",
            "facturee",
            "accepted",
            "accepte",
            "acceptee",
            "ok",
            "bezahlt",
            "abgeschlossen",
            "versendet",
            "geliefert",
            "gewonnen",
            "pagado",
            "pagada",
            "completado",
            "completada",
            "enviado",
            "enviada",
            "entregado",
            "entregada",
            "ganado",
            "ganada",
        ),
    ),
)
# A value that negates one of the words above (not delivered, non livré, no refund): the
# vocabulary cannot tell what it means, so it is left unknown (a purchase, named in the
# row report) rather than read as the word it negates. Also the accidents of delivery.
_NEITHER = re.compile(
    r"\b(not|non|no|pas|never|jamais|nicht|kein|keine|sin|won t|n a pas|lost in transit|colis perdu|then)\b"
)


# A file of invoices (``mapping.names_invoices``: «Invoice Number», «Date de facture»): an invoice
# sent and not yet paid, or paid late, is a sale made, where an order «unpaid» is not one yet.
# Drafts, cancelled invoices and those «awaiting payment» or «en attente» keep the vocabulary's
# meaning (the design lists «awaiting payment» among the open statuses).
_ISSUED = (
    *_UNPAID,
    "retard",
    "late",
    "past due",
    "due",
    "echue",
    "echu",
    "a payer",
    "a venir",
    "sent",
    "envoyee",
    "envoye",
    "emise",
    "emis",
    "issued",
    "posted",
    "comptabilisee",
    "comptabilise",
    "approved",
    "approuvee",
)


# A quote, a proposal or a draft sent is no invoice: «Quote sent», «Devis envoyé» stay open.
# Nor is a cancelled or voided one, an order or a parcel sent or late, or one not approved.
_NOT_AN_INVOICE = re.compile(
    r"\b(quote|quotation|devis|proposal|proposition|contract|contrat|draft|brouillon|estimate|estimation"
    r"|proforma|pro forma|void|voided|cancel|cancelled|canceled|cancellation|annule|annulee|annulation"
    r"|order|commande|colis|parcel|livraison|delivery|expedition|shipment|back|retour|not approved"
    r"|non approuvee|refuse|refusee|rejected)\b"
)


def _issued_invoice(value: object) -> bool:
    text = normalise_header(str(value)) if value is not None else ""
    if not text or _NOT_AN_INVOICE.search(text):
        return False
    return any(f" {phrase} " in f" {text} " for phrase in _ISSUED)


def meaning_of(value: object) -> str | None:
    """The meaning the platforms give this status value, or ``None`` when no word is known."""
    text = normalise_header(str(value)) if value is not None else ""
    if not text:
        return None
    padded = f" {text} "
    for meaning, phrases in _RULES[:2]:  # unpaid, a refused refund: meant as written
        if any(f" {phrase} " in padded for phrase in phrases):
            return meaning
    if _NEITHER.search(text):
        return None
    for meaning, phrases in _RULES[2:]:
        for phrase in phrases:
            if f" {phrase} " in padded:
                return meaning
    return None


@dataclass(frozen=True)
class StatusValue:
    """One distinct value of the status column: its meaning, where that meaning came from
    (``known``: the vocabulary; ``platform``: the recognised export; ``chosen``: the user;
    ``unknown``: a purchase by default) and how many rows hold it."""

    value: str
    meaning: str
    source: str
    rows: int


def propose_meanings(
    values: Iterable[tuple[str, int]],
    chosen: dict[str, str] | None = None,
    platform: dict[str, str] | None = None,
    *,
    invoices: bool = False,
) -> tuple[StatusValue, ...]:
    """A meaning for each ``(value, rows)``: the user's choice, else the recognised platform's,
    else, in a file of ``invoices``, a purchase for an invoice issued and not paid (said as
    ``invoice``), else the vocabulary's, else ``purchase`` (said as ``unknown``). Most
    frequent first."""
    chosen = chosen or {}
    loose = {_loose(k): v for k, v in chosen.items()}  # «paid», «PAID» and « Paid » alike
    platform = {normalise_header(k): v for k, v in (platform or {}).items()}
    out = []
    for value, rows in values:
        if value in chosen or _loose(value) in loose:
            meaning, source = chosen.get(value, loose.get(_loose(value))), "chosen"
        elif normalise_header(value) in platform:
            meaning, source = platform[normalise_header(value)], "platform"
        elif invoices and _issued_invoice(value) and meaning_of(value) in ("open", None):
            meaning, source = "purchase", "invoice"
        elif (known := meaning_of(value)) is not None:
            meaning, source = known, "known"
        else:
            meaning, source = "purchase", "unknown"
        out.append(StatusValue(value, meaning, source, int(rows)))
    return tuple(sorted(out, key=lambda s: (-s.rows, s.value)))


BLANK = "∅"  # a blank status, as the table, the link and the command line write it


def _loose(value: str) -> str:
    return " ".join(str(value).split()).casefold()


def unmatched(chosen: dict[str, str], statuses: Iterable[StatusValue]) -> list[str]:
    """The values given a meaning that no status of the file matches (case and spaces aside)."""
    present = {_loose(v.value) for v in statuses}
    return [value for value in chosen if _loose(value) not in present]


def split_meanings(text: str) -> list[str]:
    """``a=purchase; b\\;c=open`` as its items: a ``;`` inside a value is written ``\\;``."""
    return [item.replace("\\;", ";") for item in re.split(r"(?<!\\);", text or "") if item.strip()]


def parse_meanings(items: Iterable[str]) -> dict[str, str]:
    """``["Closed won=purchase", "Perdue=annulé"]`` as a dict (meanings in English or French);
    the last ``=`` splits, so a value may hold one. Raises ``ValueError`` naming the item that
    is not ``VALUE=MEANING``."""
    out: dict[str, str] = {}
    for item in items:
        value, sep, meaning = str(item).rpartition("=")
        meaning = _MEANING_WORDS.get(normalise_header(meaning), "")
        value = value.strip()
        if not sep or not value or meaning not in MEANINGS:
            raise ValueError(item)
        out["" if value == BLANK else value] = meaning
    return out


# The meanings as a user may write them, in English or in French.
_MEANING_WORDS = {
    **{m: m for m in MEANINGS},
    "achat": "purchase",
    "retour": "return",
    "annule": "cancelled",
    "canceled": "cancelled",
    "en cours": "open",
    "ouvert": "open",
}


def meanings_text(meanings: dict[str, str]) -> str:
    """``{"Closed won": "purchase"}`` as ``Closed won=purchase``, items joined by ``; ``:
    the form the share link and the sidebar carry (``parse_meanings`` reads it back)."""
    return "; ".join(f"{(value or BLANK).replace(';', chr(92) + ';')}={meaning}" for value, meaning in meanings.items())
