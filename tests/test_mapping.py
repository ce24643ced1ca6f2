"""Column roles proposed from French and English headers, and overridden."""

import pytest

from lifecycle import LifecycleError, Mapping, propose_mapping


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
            ["Email", "Nom", "Date de contact", "Statut", "Désabonné"],
            {
                "email": "Email",
                "name": "Nom",
                "contact_date": "Date de contact",
                "status": "Statut",
                "opt_out": "Désabonné",
            },
        ),
    ],
    ids=["retail-fr", "online-retail-en", "b2b-fr", "crm-en", "short-fr", "contacts-fr"],
)
def test_proposals(columns, expected):
    assert propose_mapping(columns).to_dict() == expected


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
