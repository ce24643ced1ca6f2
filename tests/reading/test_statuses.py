"""What a status value means: the vocabulary, the user's choices, and tiny tables read by hand."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifecycle import Definition, LifecycleError, load
from lifecycle.reading.statuses import MEANINGS, meaning_of, meanings_text, parse_meanings, propose_meanings
from tests.conftest import TODAY, csv_bytes, examples, run, stage_of

HEADER = ("client", "date", "montant", "statut")


@pytest.mark.parametrize(
    ("value", "meaning"),
    [
        ("paid", "purchase"),
        ("Partially refunded", "purchase"),  # a purchase less its refund, not a return
        ("partiellement remboursée", "purchase"),
        ("Closed Won", "purchase"),
        ("closedwon", "purchase"),
        ("Gagnée", "purchase"),
        ("wc-completed", "purchase"),
        ("Préparation en cours", "purchase"),  # «en cours» alone is open; this order is paid
        ("En attente de réapprovisionnement (payé)", "purchase"),
        ("Refunded", "return"),
        ("Avoir", "return"),
        ("voided", "cancelled"),
        ("Closed Lost", "cancelled"),
        ("Perdue", "cancelled"),
        ("Erreur de paiement", "cancelled"),
        ("wc-checkout-draft", "cancelled"),
        ("Pending payment", "open"),
        ("En attente de réapprovisionnement (non payé)", "open"),
        ("Qualified To Buy", "open"),
        ("Proposal/Price Quote", "open"),
        ("unpaid", "open"),  # not «paid»
        ("Brouillon", "open"),
    ],
)
def test_the_vocabulary(value, meaning):
    assert meaning_of(value) == meaning


def test_unknown_and_blank_values_have_no_meaning():
    assert meaning_of("Livraison Mars") is None
    assert meaning_of("") is None and meaning_of(None) is None


def test_the_users_choice_then_the_platform_then_the_vocabulary():
    table = propose_meanings(
        [("Closed won", 5), ("Weird", 2), ("paid", 9), ("Verified", 1)],
        chosen={"Closed won": "cancelled"},
        platform={"verified": "open"},
    )
    got = {v.value: (v.meaning, v.source, v.rows) for v in table}
    assert got == {
        "paid": ("purchase", "known", 9),
        "Closed won": ("cancelled", "chosen", 5),
        "Weird": ("purchase", "unknown", 2),
        "Verified": ("open", "platform", 1),
    }
    assert [v.value for v in table] == ["paid", "Closed won", "Weird", "Verified"]  # most rows first


def test_meanings_as_text_and_back_in_english_or_french():
    chosen = parse_meanings(["Closed won=purchase", " Perdue = annulé ", "a=b=open", "Devis=en cours"])
    assert chosen == {"Closed won": "purchase", "Perdue": "cancelled", "a=b": "open", "Devis": "open"}
    assert parse_meanings(meanings_text(chosen).split(";")) == chosen
    for bad in ("Closed won", "=purchase", "x=bought"):
        with pytest.raises(ValueError) as err:
            parse_meanings([bad])
        assert str(err.value) == bad


def _load(rows, **kw):
    return load(csv_bytes(rows, HEADER), "tiny.csv", today=TODAY, **kw)


def test_a_tiny_shop_by_hand():
    rows = [
        ("A", "2025-01-10", "40", "paid"),
        ("A", "2025-03-02", "25", "refunded"),  # a refunded order: nothing, and no purchase
        ("B", "2025-02-01", "30", "voided"),  # only a voided order: a prospect
        ("C", "2025-03-01", "15", "pending"),  # open, then paid
        ("C", "2025-04-01", "15", "paid"),
        ("D", "2025-05-20", "12", "Livraison Mars"),  # unknown: a purchase, said
        ("E", "2025-06-30", "80", "pending"),  # after the last purchase: after the as-of date
    ]
    loaded = _load(rows)
    rep = loaded.report
    assert loaded.data.as_of == pd.Timestamp("2025-05-20")  # D's, the last purchase
    assert (rep.read, rep.used, rep.rejected, rep.after_as_of) == (7, 6, 0, 1)
    assert rep.meanings == {"purchase": 3, "return": 1, "cancelled": 1, "open": 1}
    assert [w.code for w in rep.warnings if w.code == "unknown_status"] == ["unknown_status"]
    unknown = next(w for w in rep.warnings if w.code == "unknown_status")
    assert unknown.count == 1 and unknown.fields["values"] == ("Livraison Mars (1)",)
    frame = loaded.data.frame
    assert frame[["customer", "amount", "purchase"]].values.tolist() == [
        ["A", 40.0, True],
        ["A", 0.0, False],
        ["C", 15.0, True],
        ["D", 12.0, True],
    ]
    assert loaded.data.interactions[["customer", "meaning"]].values.tolist() == [["B", "cancelled"], ["C", "open"]]
    a = run(rows, header=HEADER)
    assert stage_of(a) == {"A": "active", "C": "new", "D": "new"}
    assert a.summary.contacts[["customer", "stage"]].values.tolist() == [["B", "prospect"]]
    assert a.stages.clients_total == 3 and a.stages.counts["prospect"] == 1
    assert a.summary.customers.set_index("customer").loc["A", "amount"] == 40.0


def test_a_negative_return_is_netted_and_a_refund_column_comes_off_purchases():
    rows = [
        ("A", "2025-01-10", "100", "paid", "30"),
        ("A", "2025-02-10", "-20", "refunded", ""),
        ("B", "2025-01-15", "60", "refunded", "60"),
        ("B", "2025-03-01", "50", "paid", ""),
    ]
    header = (*HEADER, "montant remboursé")
    loaded = load(csv_bytes(rows, header), "tiny.csv", today=TODAY)
    assert loaded.mapping.refund == "montant remboursé"
    assert loaded.data.frame["amount"].tolist() == [70.0, -20.0, 0.0, 50.0]
    a = run(rows, header=header)
    amounts = a.summary.customers.set_index("customer")["amount"].to_dict()
    assert amounts == {"A": 50.0, "B": 50.0}


def test_a_lost_or_open_deal_is_dated_by_its_creation_and_a_future_close_is_no_error():
    header = ("société", "date de clôture", "date de création", "montant", "étape")
    rows = [
        ("Acme", "2025-03-10", "2025-01-05", "1000", "Gagnée"),
        ("Bolt", "2025-02-01", "2024-12-01", "500", "Perdue"),
        ("Bolt", "2026-09-30", "2025-02-20", "", "Proposition envoyée"),  # expected close after today
        ("Cara", "2026-10-01", "2025-06-01", "", "Négociation"),  # created after the as-of date
    ]
    loaded = load(csv_bytes(rows, header), "deals.csv", today=TODAY)
    m = loaded.mapping
    assert (m.customer, m.date, m.contact_date, m.status) == ("société", "date de clôture", "date de création", "étape")
    rep = loaded.report
    assert loaded.data.as_of == pd.Timestamp("2025-03-10")
    assert (rep.used, rep.rejected, rep.after_as_of) == (3, 0, 1)  # nothing rejected for a future date
    inter = loaded.data.interactions
    assert inter[["customer", "date"]].astype(str).values.tolist() == [["Bolt", "2024-12-01"], ["Bolt", "2025-02-20"]]
    a = run(rows, header=header)
    assert stage_of(a) == {"Acme": "new"}
    prospects = a.summary.contacts
    assert prospects[["customer", "stage"]].values.tolist() == [["Bolt", "prospect"]]
    assert prospects["contact_date"].astype(str).tolist() == ["2024-12-01"]  # dated by its first contact
    from lifecycle.reports.customers import customers_frame

    listed = customers_frame(a, "fr", stage="prospect")
    assert listed[["Identifiant client", "Premier contact"]].astype(str).values.tolist() == [["Bolt", "2024-12-01"]]


def test_nothing_but_contacts_is_said():
    with pytest.raises(LifecycleError, match="no row is a purchase"):
        _load([("A", "2025-01-10", "40", "voided"), ("B", "2025-01-11", "40", "pending")])


# --- properties ----------------------------------------------------------------------------

VALUES = ["paid", "refunded", "voided", "pending", "Shipped?"]
rows_with_statuses = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e"]),
        st.dates(min_value=pd.Timestamp("2022-01-01").date(), max_value=pd.Timestamp("2025-12-31").date()).map(
            lambda d: d.isoformat()
        ),
        st.sampled_from(["-10", "5", "20", "80"]),
        st.sampled_from(VALUES),
    ),
    min_size=1,
    max_size=30,
)
meaning_choices = st.dictionaries(st.sampled_from(VALUES), st.sampled_from(MEANINGS), max_size=4)


def _try(rows, meanings):
    try:
        return _load(rows, meanings=meanings)
    except LifecycleError:  # nothing to classify: no purchase, or no usable row
        return None


@given(rows_with_statuses, meaning_choices)
def test_a_status_meaning_never_changes_a_purchases_date(rows, meanings):
    loaded = _try(rows, meanings)
    if loaded is None:
        return
    written = {(r[0], r[1]) for r in rows}
    frame = loaded.data.frame
    for customer, day in zip(frame["customer"], frame["date"]):
        assert (customer, day.date().isoformat()) in written


@pytest.mark.parametrize("value", VALUES)  # a test for each value, each a few seconds
@settings(max_examples=examples(5))  # two loads and two analyses an example
@given(rows_with_statuses, meaning_choices)
def test_marking_a_value_cancelled_never_raises_the_client_total(value, rows, meanings):
    # Amounts as the platforms write them: positive (a refund is a status, not a sign). A
    # «paid» row of −10 beside a +5 line is a refund netted into the day: cancelling it
    # leaves the +5, a purchase, so with signed amounts the property would not hold.
    rows = [(c, d, a.lstrip("-"), v) for c, d, a, v in rows]
    before = _try(rows, meanings)
    after = _try(rows, {**meanings, value: "cancelled"})
    if before is None or after is None:
        return
    as_of = before.data.as_of
    clients = [
        run(rows, Definition(), header=HEADER, meanings=m, as_of=as_of)
        for m in (meanings, {**meanings, value: "cancelled"})
    ]
    assert clients[1].stages.clients_total <= clients[0].stages.clients_total


@given(rows_with_statuses, meaning_choices)
def test_every_row_is_accounted_for_once_by_meaning(rows, meanings):
    loaded = _try(rows, meanings)
    if loaded is None:
        return
    rep = loaded.report
    assert sum(rep.meanings.values()) == rep.used
    assert rep.read == rep.used + rep.rejected + rep.after_as_of
    table = {v.value: v for v in rep.statuses}
    assert sum(v.rows for v in table.values()) == len(rows)
    for value, meaning in meanings.items():
        if value in table:
            assert (table[value].meaning, table[value].source) == (meaning, "chosen")


@pytest.mark.parametrize(
    ("value", "meaning"),
    [
        ("Not delivered", None),  # a negation: the vocabulary cannot tell, so it says so
        ("Non livré", None),
        ("No refund", None),
        ("Won't buy", None),
        ("Remboursement refusé", "purchase"),  # a refused refund leaves the sale standing
        ("Refund declined", "purchase"),
        ("Refund requested", "purchase"),
        ("Remboursé partiellement", "purchase"),
        ("Livraison en cours", "purchase"),
        ("Awaiting Shipment", "purchase"),  # BigCommerce: paid, to be shipped
        ("Non payé", "open"),
        ("storniert", "cancelled"),
        ("cancelado", "cancelled"),
        ("reembolsado", "return"),
        ("pendiente", "open"),
        ("bezahlt", "purchase"),
    ],
)
def test_negations_refusals_and_other_languages(value, meaning):
    assert meaning_of(value) == meaning


def test_a_blank_status_and_a_value_with_a_semicolon_can_be_given_a_meaning():
    from lifecycle.reading.statuses import split_meanings

    chosen = {"": "cancelled", "Shipped; invoiced": "purchase"}
    text = meanings_text(chosen)
    assert text == "∅=cancelled; Shipped\\; invoiced=purchase"
    assert parse_meanings(split_meanings(text)) == chosen
    rows = [("A", "2025-01-10", "40", "paid"), ("B", "2025-02-10", "40", ""), ("C", "2025-03-10", "40", "paid")]
    rep = _load(rows, meanings={"": "cancelled"}).report
    assert rep.meanings == {"purchase": 2, "return": 0, "cancelled": 1, "open": 0}


def test_a_chosen_meaning_matches_whatever_the_case_and_a_value_not_in_the_file_is_said():
    rows = [("A", "2025-01-10", "40", "PAID"), ("B", "2025-02-10", "40", " paid "), ("C", "2025-03-10", "40", "ok")]
    rep = _load(rows, meanings={"Paid": "open", "Nonexistent": "return"}).report
    assert rep.meanings == {"purchase": 1, "return": 0, "cancelled": 0, "open": 2}  # «PAID» and « paid » alike
    note = next(w for w in rep.warnings if w.code == "unmatched_meanings")
    assert note.fields["values"] == ("Nonexistent",)
    assert "Nonexistent" in note.text("fr") and "ne figure pas" in note.text("fr")


def test_in_a_file_of_invoices_an_issued_invoice_unpaid_or_late_is_a_sale():
    values = [("Payée", 5), ("En retard", 4), ("Non payée", 3), ("Overdue", 2), ("Sent", 2)]
    values += [("Brouillon", 2), ("Annulée", 1), ("Awaiting Payment", 1), ("Quote sent", 1), ("Devis envoyé", 1)]
    got = {v.value: (v.meaning, v.source) for v in propose_meanings(values, invoices=True)}
    assert got == {
        "Payée": ("purchase", "known"),
        "En retard": ("purchase", "invoice"),
        "Non payée": ("purchase", "invoice"),
        "Overdue": ("purchase", "invoice"),
        "Sent": ("purchase", "invoice"),
        "Brouillon": ("open", "known"),  # a draft is no invoice sent
        "Annulée": ("cancelled", "known"),
        "Awaiting Payment": ("open", "known"),  # the design's open status, whatever the file
        "Quote sent": ("open", "known"),  # a quote sent is no invoice
        "Devis envoyé": ("open", "known"),
    }
    # An order «unpaid» or «overdue» is not a sale yet: the same values outside invoices.
    orders = {v.value: v.meaning for v in propose_meanings(values)}
    assert orders["En retard"] == orders["Non payée"] == orders["Overdue"] == "open"
    # The user's choice still wins.
    chosen = propose_meanings([("En retard", 4)], {"En retard": "open"}, invoices=True)
    assert [(v.meaning, v.source) for v in chosen] == [("open", "chosen")]


def test_a_french_invoice_export_counts_its_late_and_unpaid_invoices():
    # Pennylane or Axonaut: «Date de facture», «Statut»; Mathis pays late, Inès has not paid
    # yet, Léo's only invoice is a draft: a prospect, not a client.
    rows = [
        ("F-001", "Mathis", "05/01/2024", "1 200,00", "Payée"),
        ("F-002", "Mathis", "05/02/2024", "800,00", "En retard"),
        ("F-003", "Inès", "10/02/2024", "500,00", "Non payée"),
        ("F-004", "Léo", "12/02/2024", "300,00", "Brouillon"),
        ("F-005", "Inès", "01/03/2024", "250,00", "Payée"),
    ]
    header = ("Numéro de facture", "Client", "Date de facture", "Montant TTC", "Statut")
    a = run(rows, header=header)
    assert a.loaded.mapping.status == "Statut" and a.loaded.mapping.order == "Numéro de facture"
    assert a.summary.n_customers == 2 and a.stages.clients_total == 2 and a.summary.file_prospects == 1
    amounts = a.summary.customers.set_index("customer")["amount"]
    assert amounts.to_dict() == {"Inès": 750.0, "Mathis": 2000.0}
    assert a.summary.as_of == pd.Timestamp("2024-03-01")
    sources = {v.value: v.source for v in a.report.statuses}
    assert sources == {"Payée": "known", "En retard": "invoice", "Non payée": "invoice", "Brouillon": "known"}


@pytest.mark.parametrize(
    "value",
    ["Unpaid - voided", "Non payée - annulée", "Livraison en retard", "Not approved", "Proforma envoyée", "Sent back"],
)
def test_a_voided_invoice_a_late_delivery_or_a_pro_forma_is_no_issued_invoice(value):
    (got,) = propose_meanings([(value, 1)], invoices=True)
    (plain,) = propose_meanings([(value, 1)])
    assert got == plain and got.source != "invoice"  # as in any file: the vocabulary's, or unknown
