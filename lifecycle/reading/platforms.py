"""The exports of the platforms marketers run their business on, recognised from their header.

Each entry says which headers make the export recognisable, which column holds each role
and what its status values mean, as the platform writes them. A recognised export is read
with that mapping; every other file goes through the general rules of ``lifecycle.reading.mapping``,
which must be enough on their own (the platforms' traps are the general rules' tests too).

Headers are compared normalised (lower case, no accents, one space between words), so that
``Financial Status`` and ``financial_status`` are the same header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["PLATFORMS", "Platform", "recognise"]


@dataclass(frozen=True)
class Platform:
    """A platform's export: ``needs`` (normalised headers that must all be present),
    ``roles`` (role -> the headers that may hold it, first present wins) and ``meanings``
    (status value -> meaning, for values whose meaning on this platform is not the
    vocabulary's). ``kind``: ``transactions`` or ``contacts`` (a list of people)."""

    key: str
    needs: frozenset[str]
    roles: dict[str, tuple[str, ...]]
    kind: str = "transactions"
    meanings: dict[str, str] = field(default_factory=dict)
    unit: str = "orders"  # what one order id counts: orders, payments or deals
    # header -> a pattern most of its values match, when the header alone is ambiguous
    # (Shopify's «Name» is the order's number, #1001, never a person's name).
    values: dict[str, str] = field(default_factory=dict)
    # An account's activity, not a list of sales (PayPal): (the transaction type's header, the
    # header of the counterparty for money that leaves the account, the header that says
    # whether money came in or left, «Credit» or «Debit», when the export has one). The rows
    # that are no customer's (transfers, conversions, holds, payments the account sends) are
    # set aside, and a refund is its buyer's (``prepare._counterparts``).
    counterpart: tuple[str, str, str | None] | None = None
    # Status values (normalised) of rows that are no customer's sale in this export: a ledger's
    # payments that settle an invoice already counted, its deposits and transfers.
    no_sale: frozenset[str] = frozenset()
    # A customer written with its job after this mark («Freeman Sporting Goods:55 Twin Lane»,
    # QuickBooks' sub-customers): the customer is the part before it.
    parent_mark: str | None = None
    # Normalised headers that name the customer but hold a person's name (PrestaShop's
    # «Client»: «J. DUPONT»): the key is then said to be a name, homonyms and all.
    name_keys: frozenset[str] = frozenset()
    # The header of the key of a row whose customer is blank (Pipedrive: a deal made with a
    # person, not an organization, names its «Contact person»).
    person: str | None = None


def _p(
    key,
    needs,
    roles,
    kind="transactions",
    meanings=None,
    unit="orders",
    values=None,
    name_keys=(),
    counterpart=None,
    no_sale=(),
    parent_mark=None,
    person=None,
) -> Platform:
    roles = {r: (h,) if isinstance(h, str) else tuple(h) for r, h in roles.items()}
    return Platform(
        key,
        frozenset(needs),
        roles,
        kind,
        meanings or {},
        unit,
        values or {},
        name_keys=frozenset(name_keys),
        counterpart=counterpart,
        no_sale=frozenset(no_sale),
        parent_mark=parent_mark,
        person=person,
    )


PLATFORMS: tuple[Platform, ...] = (
    # Shopify, Orders > Export (orders_export.csv): one row per line item; the order's own
    # fields (Financial Status, Paid at, Total, Refunded Amount, Billing Name, Id) on its first
    # line only. ``Id`` is the order's id, ``Name`` its number (#1001).
    _p(
        "shopify_orders",
        {"name", "email", "financial status", "paid at", "created at", "lineitem name", "total"},
        {
            "customer": "Email",
            "date": "Created at",
            "amount": "Total",
            "refund": "Refunded Amount",
            "order": "Name",
            "status": "Financial Status",
            "name": "Billing Name",
        },
        meanings={
            "paid": "purchase",
            "partially_paid": "purchase",
            "partially_refunded": "purchase",
            "refunded": "return",
            "voided": "cancelled",
            "expired": "cancelled",
            "pending": "open",
            "authorized": "open",
            "unpaid": "open",
        },
        values={"name": r".*\d.*"},
    ),
    # WooCommerce with Advanced Order Export's default fields: one row per product, the
    # order's fields repeated on each; ``Customer User ID`` is 0 for a guest checkout.
    _p(
        "woocommerce_orders",
        {"order number", "order status", "order date", "customer user id"},
        {
            "customer": "Customer User ID",
            "email": ("Email (Billing)", "Billing Email"),
            "name": ("Last Name (Billing)", "Billing Last Name"),
            "date": "Order Date",
            "amount": ("Order Total Amount", "Order Total"),
            "refund": "Order Refund Amount",
            "order": "Order Number",
            "status": "Order Status",
        },
    ),
    # WooCommerce's own Analytics > Orders download: one row per order, customer by name.
    _p(
        "woocommerce_analytics",
        {"date", "order", "status", "customer", "customer type", "net sales"},
        {"customer": "Customer", "date": "Date", "amount": "Net Sales", "order": "Order #", "status": "Status"},
    ),
    # Stripe, Payments > Export (unified_payments.csv): one row per charge; ``id`` is the
    # charge (ch_…), ``Customer ID`` (cus_…) is blank for a payment without a customer. The
    # date is «Created date (UTC)», «Created (UTC)» in older exports. ``Amount`` is in each
    # charge's own currency; ``Converted Amount`` in the account's («Converted Currency»):
    # the one that adds up when customers pay in several currencies.
    _p(
        "stripe_payments",
        {"id", "amount", "amount refunded", "status", "customer email"},
        {
            "customer": "Customer ID",
            "email": "Customer Email",
            "date": ("Created date (UTC)", "Created (UTC)"),
            "amount": ("Converted Amount", "Amount"),
            "refund": ("Converted Amount Refunded", "Amount Refunded"),
            "order": "id",
            "status": "Status",
        },
        meanings={"paid": "purchase", "refunded": "return", "failed": "cancelled", "canceled": "cancelled"},
        unit="payments",
    ),
    # PayPal, Activity > Download (CSV): one row per movement of the account's balance. A
    # payment received is from «From Email Address»; a refund goes to «To Email Address»;
    # currency conversions, withdrawals, holds and payments the account sends are no sale.
    # «Gross» is what the buyer paid («Net» is less PayPal's fee, a cost of the seller's).
    _p(
        "paypal_activity",
        {"type", "status", "gross", "fee", "net", "from email address", "to email address", "transaction id"},
        {
            "customer": "From Email Address",
            "name": "Name",
            "date": "Date",
            "amount": "Gross",
            "order": "Transaction ID",
            "status": "Status",
        },
        meanings={
            "completed": "purchase",
            "partially refunded": "purchase",
            "refunded": "purchase",  # the payment, its refund a row of its own
            "denied": "cancelled",
            "canceled": "cancelled",
            "cancelled": "cancelled",
            "failed": "cancelled",
            "pending": "open",
            "unclaimed": "open",
            "held": "open",
        },
        unit="payments",
        counterpart=("Type", "To Email Address", "Balance Impact"),
    ),
    # The same download in French: «De l'adresse email» pays, «À l'adresse email» receives a
    # refund, «Brut» is what the buyer paid, «Impact sur le solde» says Crédit or Débit.
    _p(
        "paypal_activity_fr",
        {"type", "etat", "brut", "frais", "net", "de l adresse email", "a l adresse email", "numero de transaction"},
        {
            "customer": "De l'adresse email",
            "name": "Nom",
            "date": "Date",
            "amount": "Brut",
            "order": "Numéro de transaction",
            "status": "État",
        },
        meanings={
            "termine": "purchase",
            "partiellement rembourse": "purchase",
            "rembourse": "purchase",  # the payment, its refund a row of its own
            "refuse": "cancelled",
            "annule": "cancelled",
            "echoue": "cancelled",
            "en attente": "open",
            "non reclame": "open",
            "retenu": "open",
        },
        unit="payments",
        counterpart=("Type", "À l'adresse email", "Impact sur le solde"),
    ),
    # QuickBooks Online, Reports > Transaction List by Date (or by Customer), exported to CSV:
    # one row per transaction of the ledger. «Name» is the customer («Parent:Job» for a job of
    # a customer: the parent's),
    # «Account» the ledger's account, «Num» the document's number. Invoices and sales receipts
    # are sales, credit memos and refund receipts returns, estimates open; a payment settles
    # an invoice already counted, and deposits, transfers and the business's own expenses
    # are no sale.
    _p(
        "quickbooks_transactions",
        {"transaction type", "num", "name", "account", "split", "amount"},
        {"customer": "Name", "date": "Date", "amount": "Amount", "order": "Num", "status": "Transaction Type"},
        meanings={
            "invoice": "purchase",
            "sales receipt": "purchase",
            "credit memo": "return",
            "refund receipt": "return",
            "refund": "return",
            "estimate": "open",
            "delayed charge": "open",
        },
        unit="invoices",
        no_sale=(
            "payment",
            "receive payment",
            "deposit",
            "transfer",
            "journal entry",
            "bill",
            "bill payment",
            "bill payment check",
            "check",
            "expense",
            "purchase order",
            "vendor credit",
            "credit card payment",
            "credit card credit",
        ),
        parent_mark=":",
    ),
    # HubSpot, Deals > Export: one row per deal; ``Record ID`` is the deal's, the account is
    # the associated company: its id when the export has it (two companies may share a name),
    # its name beside it. Won deals close on their close date; an open deal's close date is
    # expected, so it is dated by its creation.
    _p(
        "hubspot_deals",
        {"record id", "deal name", "deal stage", "close date"},
        {
            "customer": (
                "Associated Company IDs",
                "Associated Company IDs (Primary)",
                "Associated Company",
                "Associated Company (Primary)",
            ),
            "name": ("Associated Company", "Associated Company (Primary)"),
            "date": "Close Date",
            "contact_date": "Create Date",
            # a deal in another currency: «Amount» is in its own, the other in the company's
            "amount": ("Amount in company currency", "Amount"),
            "order": "Record ID",
            "status": "Deal Stage",
        },
        unit="deals",
    ),
    # HubSpot, Contacts > Export: a contacts list.
    _p(
        "hubspot_contacts",
        {"record id", "first name", "last name", "email", "lifecycle stage"},
        {"email": "Email", "name": "Last Name", "contact_date": "Create Date", "status": "Lifecycle Stage"},
        kind="contacts",
    ),
    # Salesforce, an Opportunities report exported to Excel or CSV: the account by its id when
    # the report has the column (two accounts may share a name), its name beside it.
    _p(
        "salesforce_opportunities",
        {"opportunity name", "account name", "stage", "close date"},
        {
            "customer": ("Account ID", "Account Name"),
            "name": "Account Name",
            "date": "Close Date",
            "contact_date": "Created Date",
            "amount": "Amount",
            "order": "Opportunity ID",
            "status": "Stage",
        },
        unit="deals",
    ),
    # Pipedrive, Deals > Export: «Deal - …» columns; dated when won, created as an interaction.
    _p(
        "pipedrive_deals",
        {"deal title", "deal status", "deal organization"},
        {
            "customer": "Deal - Organization",
            "date": "Deal - Won time",
            "contact_date": "Deal - Deal created",
            "amount": "Deal - Value",
            "order": "Deal - ID",
            "status": "Deal - Status",
        },
        meanings={"won": "purchase", "lost": "cancelled", "open": "open", "deleted": "cancelled"},
        unit="deals",
        person="Deal - Contact person",
    ),
    # PrestaShop, Orders > Export from the back office, in French or in English. Its «Client»
    # is the customer's initial and surname («J. DUPONT»), the only key the export has.
    _p(
        "prestashop_orders",
        {"id", "reference", "nouveau client", "livraison", "client", "total", "paiement", "etat", "date"},
        {"customer": "Client", "date": "Date", "amount": "Total", "order": "Référence", "status": "État"},
        name_keys={"client"},
    ),
    _p(
        "prestashop_orders",
        {"id", "reference", "new client", "delivery", "customer", "total", "payment", "status", "date"},
        {"customer": "Customer", "date": "Date", "amount": "Total", "order": "Reference", "status": "Status"},
        name_keys={"customer"},
    ),
    # Odoo, Sales > Orders exported from the list, in French or in English.
    _p(
        "odoo_orders",
        {"reference de la commande", "client", "vendeur", "total", "statut"},
        {
            "customer": "Client",
            "date": ("Date de la commande", "Date de commande"),
            "contact_date": "Date de création",
            "amount": "Total",
            "order": "Référence de la commande",
            "status": "Statut",
        },
    ),
    _p(
        "odoo_orders",
        {"order reference", "customer", "salesperson", "total", "status"},
        {
            "customer": "Customer",
            "date": "Order Date",
            "contact_date": "Creation Date",
            "amount": "Total",
            "order": "Order Reference",
            "status": "Status",
        },
    ),
    # Mailchimp, Audience > Export: subscribed, unsubscribed or cleaned members, a contacts list.
    _p(
        "mailchimp_audience",
        {"email address", "first name", "last name", "member rating", "optin time"},
        {"email": "Email Address", "name": "Last Name", "opt_out_date": "UNSUB_TIME"},
        kind="contacts",
    ),
)


def recognise(headers: set[str], values=None) -> Platform | None:
    """The platform whose export has these (normalised) headers, or ``None``; the most
    specific signature wins when several match. ``values(header, pattern)``, when given,
    tells the share of a column's values that match a pattern: a platform whose ambiguous
    columns hold something else (a person's name where Shopify writes #1001) is not it."""
    found = [p for p in PLATFORMS if p.needs <= headers]
    if values is not None:
        found = [p for p in found if all(values(h, pattern) >= 0.8 for h, pattern in p.values.items())]
    return max(found, key=lambda p: len(p.needs)) if found else None
