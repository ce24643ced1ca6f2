"""Column roles proposed from French and English headers, and overridden."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import LifecycleError, Mapping, propose_mapping
from lifecycle.reading.mapping import key_from_values, propose


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["N° client", "Nom", "Email", "Date de commande", "N° commande", "Montant TTC", "Canal"],
            {
                "customer": "N° client",
                "name": "Nom",
                "email": "Email",
                "date": "Date de commande",
                "order": "N° commande",
                "amount": "Montant TTC",
                "segment": "Canal",
            },
        ),
        (
            ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"],
            {
                "order": "InvoiceNo",
                "quantity": "Quantity",
                "date": "InvoiceDate",
                "unit_price": "UnitPrice",
                "customer": "CustomerID",
            },
        ),
        (
            ["Code client", "Raison sociale", "Marché", "Date facture", "N° facture", "Montant HT"],
            {
                "customer": "Code client",
                "name": "Raison sociale",
                "segment": "Marché",
                "date": "Date facture",
                "order": "N° facture",
                "amount": "Montant HT",
            },
        ),
        (
            ["Customer ID", "First purchase", "Last purchase", "Orders", "Total spent", "Channel"],
            {
                "customer": "Customer ID",
                "first_purchase": "First purchase",
                "last_purchase": "Last purchase",
                "orders_count": "Orders",
                "amount": "Total spent",
                "segment": "Channel",
            },
        ),
        (
            ["client", "date", "CA", "typologie"],
            {"customer": "client", "date": "date", "amount": "CA", "segment": "typologie"},
        ),
        (
            ["Nom", "Email", "Montant", "Date"],  # an e-shop export: the e-mail is the key
            {"customer": "Email", "name": "Nom", "amount": "Montant", "date": "Date"},
        ),
        (
            ["N° carte fidélité", "Date commande", "CA TTC"],
            {"customer": "N° carte fidélité", "date": "Date commande", "amount": "CA TTC"},
        ),
        (
            ["Deal Name", "Account", "Close Date", "Amount", "Stage", "Owner"],  # «Deal Name» is no person
            {"customer": "Account", "date": "Close Date", "amount": "Amount", "status": "Stage"},
        ),
        (
            ["Name", "Email", "Created at", "Total"],  # «Created at» of an order is its date
            {"customer": "Email", "name": "Name", "date": "Created at", "amount": "Total"},
        ),
        (
            ["Nom du client", "Date", "Montant"],  # no id, no e-mail: the name, as a last resort
            {"customer": "Nom du client", "date": "Date", "amount": "Montant"},
        ),
    ]
    + [
        ([header, "Date", "Montant"], {"customer": header, "date": "Date", "amount": "Montant"})
        for header in (
            "Carte de fidélité",
            "Loyalty card number",
            "N° adhérent",
            "Membre",
            "Matricule",
            "Contact ID",
            "Buyer",
            "Acheteur",
            "Compte client",
            "Code tiers",
            "Account number",
        )
    ],
    ids=[
        "retail-fr",
        "online-retail-en",
        "b2b-fr",
        "crm-en",
        "short-fr",
        "eshop-email",
        "loyalty-card",
        "crm-deals",
        "shopify",
        "name-only",
        *(f"synonym-{i}" for i in range(11)),
    ],
)
def test_proposals(columns, expected):
    assert propose_mapping(columns).to_dict() == expected


def test_a_contacts_list_keeps_its_email_as_the_email():
    columns = ["Email", "Nom", "Date de contact", "Statut", "Désabonné"]
    assert propose_mapping(columns, contacts=True).to_dict() == {
        "email": "Email",
        "name": "Nom",
        "contact_date": "Date de contact",
        "status": "Statut",
        "opt_out": "Désabonné",
    }


def test_order_numbers_in_a_name_column_are_the_order():
    frame = pd.DataFrame({"Name": ["#1001", "#1002", "#1003"], "Email": ["a@x.fr", "b@x.fr", "a@x.fr"]})
    m = propose_mapping(list(frame.columns), frame)
    assert (m.customer, m.order, m.name) == ("Email", "Name", None)


def _frame(**columns) -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(v, dtype="string") for k, v in columns.items()})


def test_without_a_header_the_values_show_the_customer_codes():
    n = 40
    frame = _frame(
        Ligne=[str(i + 1) for i in range(n)],  # unique: a line number, not a customer
        Qté=[str(1 + i % 3) for i in range(n)],  # small integers: a quantity
        Ref=[f"CL{i % 12:04d}" for i in range(n)],  # 12 codes, repeated: the customers
        Quand=[f"2024-01-{1 + i % 28:02d}" for i in range(n)],
        Valeur=[f"{10 + i},50" for i in range(n)],
    )
    assert key_from_values(frame) == ("Ref", 12, 3.3)
    assert propose_mapping(list(frame.columns), frame).customer == "Ref"


def test_values_never_propose_dates_amounts_unique_numbers_or_text():
    frame = _frame(
        Quand=["01/02/2024", "01/02/2024", "03/02/2024"] * 5,
        Valeur=["10,50", "10,50", "3,20"] * 5,
        Ligne=[str(i) for i in range(15)],
        Commentaire=["très bon client", "à relancer", "très bon client"] * 5,
        Qte=["1", "2", "1"] * 5,
    )
    assert key_from_values(frame) is None


def test_shapes():
    assert propose_mapping(["client", "date", "montant"]).shape == "transactions"
    assert propose_mapping(["client", "premier achat", "dernier achat"]).shape == "customers"


def test_override_moves_a_column_to_another_role():
    cols = ["Référence", "Quand", "Montant", "Canal"]
    m = propose_mapping(cols)
    assert m.customer is None and m.date is None
    m = m.with_overrides(cols, customer="Référence", date="Quand", segment="")
    assert (m.customer, m.date, m.amount, m.segment) == ("Référence", "Quand", "Montant", None)
    # A column takes one role: giving "Montant" to order unsets amount.
    m2 = m.with_overrides(cols, order="Montant")
    assert m2.order == "Montant" and m2.amount is None


def test_override_with_an_unknown_column_names_the_columns():
    with pytest.raises(LifecycleError, match="Référence, Quand"):
        Mapping().with_overrides(["Référence", "Quand"], customer="Ref")


def test_round_trip():
    m = propose_mapping(["client", "date", "montant"])
    assert Mapping.from_dict(m.to_dict()) == m
    with pytest.raises(LifecycleError, match="Unknown column roles"):
        Mapping.from_dict({"colour": "x"})


# --- the customer is a person or an account, never the row ---------------------------------


@pytest.mark.parametrize(
    ("columns", "customer"),
    [
        (["Id", "Name", "Email", "Created at", "Total"], "Email"),  # Shopify's «Id» is the order's
        (["Record ID", "Deal Name", "Close Date", "Amount", "Associated Company"], "Associated Company"),
        (["Order ID", "Customer Email", "Order Date", "Order Total"], "Customer Email"),
        (["id", "Customer ID", "Customer Email", "Created (UTC)", "Amount"], "Customer ID"),  # id before e-mail
        (["Code client", "Raison sociale", "Date", "Montant"], "Code client"),  # a code before a company
        (["Société", "Email", "Date de clôture", "Montant"], "Société"),  # an account before an e-mail
        (["Billing Company", "Email", "Date", "Total"], "Email"),  # a billing company is the address's
        (["MEMBER_RATING", "Email Address", "Date", "Total"], "Email Address"),
    ],
    ids=["shopify-id", "hubspot-record", "order-id", "stripe", "code-over-company", "societe", "billing", "rating"],
)
def test_the_customer_column_by_its_header(columns, customer):
    assert propose_mapping(columns).customer == customer


def test_a_customer_header_over_unique_values_gives_way_to_a_column_that_repeats():
    n = 30
    frame = _frame(
        Customer=[f"C{i:03d}" for i in range(n)],  # unique per row: the payment, not the customer
        Email=[f"p{i % 7}@x.fr" for i in range(n)],
        Date=[f"2024-02-{1 + i % 28:02d}" for i in range(n)],
        Amount=["12.00"] * n,
    )
    proposal = propose(list(frame.columns), frame)
    assert proposal.mapping.customer == "Email"
    assert proposal.set_aside["Customer"].code == "unique_per_row"


def test_values_that_are_another_things_ids_are_set_aside():
    frame = _frame(
        Client=[f"ch_3Nx{i:08d}AbCd" for i in range(12)],
        Email=[f"p{i % 3}@x.fr" for i in range(12)],
        Date=["2024-01-05"] * 12,
        Montant=["9,90"] * 12,
    )
    proposal = propose(list(frame.columns), frame)
    assert proposal.mapping.customer == "Email"
    assert proposal.set_aside["Client"].code == "row_ids"


@given(
    st.sampled_from(["id", "Id", "ID", "Record ID", "Order ID", "Transaction ID", "Payment ID", "N° commande"]),
    st.sampled_from(["seq", "stripe", "hash"]),
    st.integers(12, 60),
    st.sampled_from([("Email", "e"), ("Customer", "c"), ("Compte", "c"), ("Ref", "c")]),
)
def test_a_row_id_column_is_never_the_proposed_customer(header, style, n, key):
    ids = {
        "seq": [str(1000 + i) for i in range(n)],
        "stripe": [f"ch_{i:06d}ZZtop" for i in range(n)],
        "hash": [f"#{5000 + 3 * i}" for i in range(n)],
    }[style]
    name, kind = key
    values = [f"p{i % 5}@x.fr" if kind == "e" else f"CL{i % 5:04d}" for i in range(n)]
    frame = _frame(**{header: ids, name: values, "Date": ["2024-03-01"] * n, "Montant": ["10"] * n})
    assert propose(list(frame.columns), frame).mapping.customer != header


def test_a_date_column_found_from_its_values():
    frame = _frame(
        Ref=[f"CL{i % 4}" for i in range(12)],
        Quand=[f"{1 + i} mars 2024" for i in range(12)],
        Montant=["10,00"] * 12,
    )
    proposal = propose(list(frame.columns), frame)
    assert proposal.mapping.date == "Quand"
    assert proposal.why["date"].code == "values_date"


def test_paid_at_dates_an_order_only_when_nothing_else_does():
    assert propose_mapping(["Name", "Email", "Paid at", "Created at", "Total"]).date == "Created at"
    assert propose_mapping(["Name", "Email", "Paid at", "Total"]).date == "Paid at"


def test_a_recognised_platform_takes_its_own_mapping():
    columns = ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Create Date", "Amount", "Associated Company"]
    proposal = propose(columns)
    assert proposal.platform.key == "hubspot_deals"
    assert proposal.mapping.to_dict() == {
        "customer": "Associated Company",
        "date": "Close Date",
        "contact_date": "Create Date",
        "amount": "Amount",
        "order": "Record ID",
        "status": "Deal Stage",
    }
    assert {w.code for w in proposal.why.values()} == {"platform"}


def test_a_shopify_header_whose_name_column_holds_people_is_not_shopify():
    columns = ["Name", "Email", "Financial Status", "Paid at", "Created at", "Lineitem name", "Total"]
    people = _frame(
        Name=["Alice Martin", "Bob Durand", "Alice Martin"],
        Email=["a@x.fr", "b@x.fr", "a@x.fr"],
        **{c: ["x"] * 3 for c in columns[2:]},
    )
    assert propose(columns, people).platform is None
    orders = people.assign(Name=["#1001", "#1002", "#1003"])
    assert propose(columns, orders).platform.key == "shopify_orders"


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (  # Etsy's order items: discount, shipping and tax beside the item's total; «Ship State»: an address
            [
                *("Sale Date", "Item Name", "Buyer", "Quantity", "Price", "Discount Amount", "Shipping Discount"),
                *("Order Shipping", "Order Sales Tax", "Item Total", "Transaction ID", "Order ID", "Ship State"),
            ],
            {"amount": "Item Total", "status": None, "order": "Order ID"},
        ),
        (  # Square: what the customer paid after discounts, not the gross sales
            ["Date", "Gross Sales", "Discounts", "Net Sales", "Tax", "Tip", "Customer ID"],
            {"amount": "Net Sales", "customer": "Customer ID"},
        ),
        (  # a total including tax is the sale's; a tax amount is no order number
            ["Client", "Date", "Total (Tax incl.)", "Order Total Tax Amount"],
            {"amount": "Total (Tax incl.)", "order": None},
        ),
        (  # a total without tax or shipping is the sale's; the tax is not
            ["Client", "Date", "Montant TVA", "Total hors taxes", "Frais de port"],
            {"amount": "Total hors taxes"},
        ),
        (
            ["Client", "Date", "Shipping", "Total (excl. shipping)", "Tax"],
            {"amount": "Total (excl. shipping)"},
        ),
        (  # Odoo: an invoice's date is not its number, and the due date is not the sale's
            ["Invoice/Bill Date", "Partner", "Due Date", "Total"],
            {"date": "Invoice/Bill Date", "order": None},
        ),
        (  # Zoho CRM: «Created By» is a user, «Created Time» the deal's creation
            ["Deal Name", "Account Name", "Amount", "Stage", "Closing Date", "Created By", "Created Time"],
            {"customer": "Account Name", "contact_date": "Created Time", "date": "Closing Date"},
        ),
        (  # Pipedrive in French: the deal's organisation, dated when won, not when expected to close
            [
                *("Affaire - Titre", "Affaire - Organisation", "Affaire - Valeur", "Affaire - Statut"),
                *("Affaire - Date de clôture prévue", "Affaire - Date de gain"),
            ],
            {"customer": "Affaire - Organisation", "date": "Affaire - Date de gain", "status": "Affaire - Statut"},
        ),
        (  # invoices: the invoice's status (draft, posted, cancelled) says whether there was a sale
            ["Number", "Invoice Date", "Customer", "Total", "Payment Status", "Status"],
            {"status": "Status"},
        ),
        (  # Salesforce: the account's id, which two accounts of the same name do not share
            ["Opportunity Owner", "Account Name", "Account ID", "Opportunity Name", "Amount", "Close Date", "Stage"],
            {"customer": "Account ID"},
        ),
        (  # orders: the payment's status, the more specific header
            ["Order ID", "Customer", "Date", "Total", "Payment Status", "Status"],
            {"status": "Payment Status"},
        ),
    ],
    ids=[
        "etsy-items",
        "square",
        "tax-columns",
        "hors-taxes",
        "excl-shipping",
        "odoo-dates",
        "zoho-crm",
        "pipedrive-fr",
        "invoice-status",
        "salesforce",
        "order-status",
    ],
)
def test_headers_of_a_part_of_the_money_an_address_or_a_person_hold_no_role(columns, expected):
    got = propose_mapping(columns).to_dict()
    assert {role: got.get(role) for role in expected} == expected


def test_a_column_blank_on_every_row_gives_its_role_to_the_next_header():
    # Square writes «Order Reference ID» blank for a sale outside an order: the order, if
    # any, is another column's; a status column of blanks holds no status.
    frame = pd.DataFrame(
        {
            "Customer ID": [f"C{i % 4}" for i in range(12)],
            "Date": ["2024-03-01"] * 12,
            "Net Sales": ["10.00"] * 12,
            "Order Reference ID": [""] * 12,
            "Order Number": [f"N{i // 2}" for i in range(12)],
            "Payment Status": [None] * 12,
            "Status": ["paid"] * 12,
        }
    )
    got = propose(list(frame.columns), frame).mapping
    assert (got.order, got.status) == ("Order Number", "Status")


def test_a_customer_header_with_one_value_on_every_row_is_set_aside():
    # Xero writes the sales ledger's code «200» in «AccountCode» on every line: no customer.
    frame = pd.DataFrame(
        {
            "ContactName": [f"Client {i % 4}" for i in range(12)],
            "EmailAddress": [f"c{i % 4}@example.com" for i in range(12)],
            "InvoiceDate": ["2024-03-01"] * 12,
            "AccountCode": ["200"] * 12,
            "Total": ["10.00"] * 12,
        }
    )
    p = propose(list(frame.columns), frame)
    assert p.mapping.customer == "EmailAddress"
    assert p.set_aside["AccountCode"].code == "one_value" and p.set_aside["AccountCode"].fields["rows"] == 12


@pytest.mark.parametrize(
    "header",
    [
        "Tax-inclusive total",
        "Order Total (Tax Inclusive)",
        "Amount net of fees",
        "Sale amount less discount",
        "Montant TVA incluse",
        "Total port compris",
        "Montant après réduction",
        "Montant encaissé (frais déduits)",
        "Total hors taxes",
    ],
)
def test_a_total_qualified_by_a_part_of_the_money_is_the_amount(header):
    assert propose_mapping(["Client", "Date", header]).amount == header


def test_a_header_that_starts_with_a_part_of_the_money_is_that_part():
    assert propose_mapping(["Client", "Date", "Shipping Total with Tax", "Montant"]).amount == "Montant"
    assert propose_mapping(["Client", "Date", "Shipping Total with Tax", "Order Subtotal"]).amount == "Order Subtotal"
    # the subtotal gives way to the total; a part of the money is the amount when nothing else is
    assert propose_mapping(["Client", "Date", "Subtotal", "Shipping", "Total"]).amount == "Total"
    assert propose_mapping(["Client", "Date", "Montant remisé"]).amount == "Montant remisé"


@pytest.mark.parametrize(
    "columns",
    [
        ["N° commande", "Client", "Date", "Montant", "Adresse de facturation", "Statut paiement", "Statut"],
        ["Order ID", "Customer", "Date", "Total", "Bill To Name", "Payment Status", "Status"],
        ["N° commande", "N° facture", "Client", "Date", "Montant", "Statut paiement", "Statut commande"],
    ],
    ids=["billing-address", "bill-to", "invoice-number-beside-the-order"],
)
def test_an_order_export_naming_a_billing_address_keeps_its_payment_status(columns):
    status = next(c for c in columns if "aiement" in c or "Payment" in c)
    assert propose_mapping(columns).status == status


def test_a_blank_column_gives_its_role_only_to_a_header_naming_it_exactly():
    frame = pd.DataFrame(
        {
            "Client": [f"C{i % 4}" for i in range(12)],
            "Date": ["2024-03-01"] * 12,
            "Montant": ["10,00"] * 12,
            "Statut": [""] * 12,
            "Statut client": ["VIP", "Nouveau", "Perdu"] * 4,
            "Remboursement": [""] * 12,
            "Frais de remboursement": ["1,00"] * 12,
        }
    )
    got = propose(list(frame.columns), frame).mapping
    assert (got.status, got.refund) == (None, None)


def test_one_customers_history_keeps_its_customer_code():
    frame = pd.DataFrame(
        {
            "Code client": ["ACME-001"] * 15,
            "Email": [f"buyer{i % 3}@acme.fr" for i in range(15)],
            "Date": ["2024-03-01"] * 15,
            "Montant": ["10,00"] * 15,
        }
    )
    assert propose(list(frame.columns), frame).mapping.customer == "Code client"


def test_a_ticket_of_the_day_is_still_the_order():
    assert propose_mapping(["Client", "Date", "N° ticket du jour", "Montant"]).order == "N° ticket du jour"
