"""The exports people download from their platforms (``tests/corpus.py``, platform exports):
the stages the app and the command line show agree with a plain reading of the rules over
each file's own truth (its occasions and contacts, written by the generator, never read by
the engine), with nothing changed by hand.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from lifecycle import LifecycleError, analyze
from lifecycle.analysis import load_contacts
from lifecycle.cli import main
from lifecycle.reading.statuses import meaning_of
from tests.corpus import PLATFORM_EXPORTS, TODAY, mailchimp_audience, write

EXPORTS = {name: make() for name, make in PLATFORM_EXPORTS.items()}


def _within(day: dt.date, months: int, as_of: dt.date) -> bool:
    """Strictly after ``as_of`` minus ``months`` calendar months (the rules' «within»)."""
    return pd.Timestamp(day) > pd.Timestamp(as_of) - pd.DateOffset(months=months)


def plain_stages(expected: dict, new: int = 3, active: int = 12, client: int = 24) -> dict[str, int]:
    """The default rules read plainly, one customer at a time, from the file's occasions and
    contacts on or before its as-of date (DESIGN.md, «Default rules»)."""
    as_of = dt.date.fromisoformat(expected["as_of"])
    purchases: dict[str, list[dt.date]] = {}
    buyers_or_returns: set[str] = set()
    for key, day, _amount, purchase in expected["occasions"]:
        buyers_or_returns.add(key)
        if purchase:
            purchases.setdefault(key, []).append(dt.date.fromisoformat(day))
    counts = dict.fromkeys(
        ("suspect", "prospect", "below_minimum", "new", "reactivated", "active", "dormant", "lost"), 0
    )
    for days in purchases.values():
        first, last = min(days), max(days)
        earlier = [d for d in days if d < last]
        if not _within(last, client, as_of):
            stage = "lost"
        elif _within(first, new, as_of):
            stage = "new"
        elif _within(last, new, as_of) and earlier and not _within(max(earlier), active, last):
            stage = "reactivated"
        elif _within(last, active, as_of):
            stage = "active"
        else:
            stage = "dormant"
        counts[stage] += 1
    counts["prospect"] = len({key for key, _ in expected["contacts"]} - buyers_or_returns)
    return counts


@pytest.mark.parametrize("name", list(EXPORTS))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_stages_are_those_of_a_plain_reading(name, lang):
    export = EXPORTS[name]
    a = analyze(export.data, name=export.name, today=TODAY)
    assert a.loaded.report.platform == export.expected["platform"]
    assert a.summary.as_of == pd.Timestamp(export.expected["as_of"])
    want = plain_stages(export.expected)
    assert a.stages.counts == want
    assert a.stages.clients_total == sum(want[s] for s in ("new", "reactivated", "active", "dormant"))
    doc = a.to_dict(lang)
    assert doc["stages"] == want and doc["platform"] == export.expected["platform"]
    assert doc["rows"]["by_meaning"] == export.expected["meanings"]
    assert doc["understood"].count(";") >= 1  # one sentence: what, from whom, when; what the rows mean


@pytest.mark.parametrize("name", list(EXPORTS))
def test_the_command_line_agrees(name, tmp_path, capsys):
    export = EXPORTS[name]
    path = write(export, tmp_path)
    assert main(["analyze", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["stages"] == plain_stages(export.expected)
    assert doc["as_of"] == export.expected["as_of"]


def test_the_platforms_own_words_are_known_in_english_and_french():
    words = {
        "purchase": [
            "paid",
            "partially_refunded",
            "Closed won",
            "Completed",
            "Processing",
            "Livré",
            "Paiement accepté",
        ],
        "return": ["refunded", "Remboursé", "Refunded", "chargeback"],
        "cancelled": ["voided", "Failed", "Closed Lost", "Perdue", "Annulé", "Erreur de paiement", "declined"],
        "open": [
            "pending",
            "authorized",
            "Contract sent",
            "Pending payment",
            "On hold",
            "En attente de virement bancaire",
        ],
    }
    for meaning, values in words.items():
        assert {v: meaning_of(v) for v in values} == dict.fromkeys(values, meaning)
    assert meaning_of("Backordered in Narnia") is None


def test_a_shopify_order_is_one_purchase_whatever_its_lines():
    export = EXPORTS["orders_export_1.csv"]
    a = analyze(export.data, name=export.name, today=TODAY)
    frame = a.loaded.data.frame
    per_order = frame.groupby("order")["amount"].sum()
    truth = {k: a for k, _, a, _ in export.expected["occasions"]}  # noqa: F841 (one per customer-day)
    assert len(per_order) == len(export.expected["occasions"])
    total = sum(amount for _, _, amount, _ in export.expected["occasions"])
    assert per_order.sum() == pytest.approx(total)
    assert {w.code for w in a.report.warnings} >= {"order_lines", "order_totals"}


def _small_export(name: str, header: str, rows: list[str]):
    """A platform's export of a few rows, written by hand, analysed as the command line does."""
    return analyze("\n".join([header, *rows]).encode(), name=name, today=TODAY)


def test_a_stripe_account_paid_mostly_in_dollars_adds_its_euros():
    """An older Stripe export («Created (UTC)») of an account in euros whose customers pay in
    dollars: each charge's ``Amount`` is in dollars, ``Converted Amount`` in euros. The money
    is the converted amounts, named in euros: 92.00 − 18.40 refunded + 46.00, and 27.60."""
    header = "id,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,"
    header += "Converted Currency,Status,Customer ID,Customer Email"
    rows = [
        "ch_1,2025-03-01 10:00,100.00,20.00,usd,92.00,18.40,eur,Paid,cus_A,a@x.io",
        "ch_2,2025-06-01 10:00,50.00,0.00,usd,46.00,0.00,eur,Paid,cus_A,a@x.io",
        "ch_3,2025-06-02 10:00,30.00,0.00,usd,27.60,0.00,eur,Paid,cus_B,b@x.io",
        "ch_4,2025-06-03 10:00,30.00,0.00,usd,27.60,0.00,eur,Failed,cus_B,b@x.io",
    ]
    a = _small_export("unified_payments.csv", header, rows)
    assert a.report.platform == "stripe_payments"
    assert (a.loaded.mapping.amount, a.loaded.mapping.refund) == ("Converted Amount", "Converted Amount Refunded")
    assert a.summary.currency == "EUR"
    amounts = dict(zip(a.summary.customers["customer"], a.summary.customers["amount"]))
    assert amounts == {"cus_A": pytest.approx(119.60), "cus_B": pytest.approx(27.60)}
    assert "mixed_currencies" not in [w.code for w in a.report.warnings]  # the converted amounts: one currency


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_prestashops_client_is_a_name_and_said_to_be_one(engine, tmp_path):
    """PrestaShop writes the customer's initial and surname under «Client» («J. DUPONT»):
    two people of that name are one customer, which the reading says on both paths."""
    export = EXPORTS["order_2025-12-01.csv"]
    (tmp_path / export.name).write_bytes(export.data)
    a = analyze(tmp_path / export.name, today=TODAY, engine=engine)
    assert a.report.platform == "prestashop_orders"
    assert "(identified by name, “Client”)" in a.report.understood_text("en")
    assert [w.code for w in a.report.warnings if w.code.startswith("key_")] == ["key_name"]


def test_two_hubspot_companies_of_one_name_are_two_customers():
    """HubSpot's deals export with the companies' ids: two companies named «Acme» stay two
    customers, their name beside the id; a deal in dollars counts its amount in the company's
    currency."""
    header = "Record ID,Deal Name,Deal Stage,Close Date,Amount,Amount in company currency,Create Date,"
    header += "Associated Company IDs,Associated Company"
    rows = [
        "101,Acme - platform,Closed Won,2025-10-05 16:40,12000,12000,2025-08-01 09:12,8800000001,Acme",
        "102,Acme - pilot,Closed Won,2023-01-10 10:00,500,500,2022-12-01 10:00,8800000099,Acme",
        "103,Bolt - pilot,Closed Won,2025-03-15 11:00,5000,4600,2025-02-01 10:00,8800000002,Bolt",
        "104,Bolt - renewal,Closed Lost,2025-09-15 11:00,5000,4600,2025-07-01 10:00,8800000002,Bolt",
    ]
    a = _small_export("hubspot-crm-exports-all-deals.csv", header, rows)
    assert a.report.platform == "hubspot_deals"
    customers = a.summary.customers.set_index("customer")
    assert customers.loc[["8800000001", "8800000099", "8800000002"], "name"].tolist() == ["Acme", "Acme", "Bolt"]
    assert customers["amount"].to_dict() == {"8800000001": 12000.0, "8800000002": 4600.0, "8800000099": 500.0}
    assert (a.stages.counts["new"], a.stages.counts["lost"]) == (1, 1)


def test_a_meaning_chosen_by_the_user_applies_and_is_said():
    export = EXPORTS["hubspot-crm-exports-all-deals.csv"]
    before = analyze(export.data, name=export.name, today=TODAY)
    after = analyze(export.data, name=export.name, today=TODAY, meanings={"Closed lost": "open"})
    # A lost deal and an open one are both a contact: no stage moves, the row report does.
    assert after.stages.counts == before.stages.counts
    b, m = before.report.meanings, after.report.meanings
    assert (m["cancelled"], m["open"]) == (0, b["open"] + b["cancelled"])
    lost = next(v for v in after.report.statuses if v.value == "Closed lost")
    assert (lost.meaning, lost.source) == ("open", "chosen")


def test_no_purchase_at_all_is_said_plainly():
    export = EXPORTS["hubspot-crm-exports-all-deals.csv"]
    with pytest.raises(LifecycleError, match="no row is a purchase"):
        analyze(export.data, name=export.name, today=TODAY, meanings={"Closed won": "cancelled"})


def test_a_contacts_list_from_mailchimp_joins_the_shop_and_is_refused_as_data():
    shop = EXPORTS["orders_export_1.csv"]
    audience = mailchimp_audience()
    contacts = load_contacts(audience.data, audience.name)
    assert len(contacts.frame) == audience.expected["people"] and not contacts.frame["interaction"].any()
    alone = analyze(shop.data, name=shop.name, today=TODAY)
    joined = analyze(shop.data, name=shop.name, contacts=audience.data, contacts_name=audience.name, today=TODAY)
    known = set(alone.summary.customers["customer"]) | set(alone.summary.contacts["customer"])
    listed = set(contacts.frame["email"])
    assert len(listed & known) == audience.expected["customers"]
    # The people of the list who neither bought nor were in contact are suspects; the shop's
    # own prospects stay prospects, its customers stay where they were.
    assert joined.stages.counts["suspect"] == len(listed - known)
    assert joined.stages.counts["prospect"] == alone.stages.counts["prospect"]
    assert joined.stages.clients_total == alone.stages.clients_total
    with pytest.raises(LifecycleError, match="Mailchimp") as err:
        analyze(audience.data, name=audience.name, today=TODAY)
    assert "contacts list" in err.value.message("en") and "Mailchimp" in err.value.message("fr")


def test_two_salesforce_accounts_of_the_same_name_stay_two_customers():
    """A Salesforce opportunities report with «Account ID»: two «Global Media» accounts (a UK
    and a US company) stay apart, and each is named by its account name."""
    header = "Account Name,Account ID,Opportunity Name,Amount,Close Date,Created Date,Stage,Opportunity ID"
    rows = [
        "Global Media,001A,Global Media - Subscription,30000.00,1/15/2025,11/2/2024,Closed Won,006A",
        "Global Media,001A,Global Media - Upsell,12000.00,9/28/2025,8/1/2025,Closed Won,006B",
        "Global Media,001B,Global Media US - Pilot,8000.00,6/30/2025,5/2/2025,Closed Won,006C",
        "Acme,001C,Acme - Renewal,5000.00,7/1/2025,6/1/2025,Closed Lost,006D",
    ]
    a = _small_export("opportunities.csv", header, rows)
    assert a.report.platform == "salesforce_opportunities"
    assert (a.loaded.mapping.customer, a.loaded.mapping.name) == ("Account ID", "Account Name")
    c = a.summary.customers.set_index("customer")
    assert c["amount"].to_dict() == {"001A": 42000.0, "001B": 8000.0}
    assert c["name"].to_dict() == {"001A": "Global Media", "001B": "Global Media"}
    assert a.summary.file_prospects == 1 and a.stages.clients_total == 2


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_paypal_activity_download_counts_the_buyers_not_the_account(engine, tmp_path):
    """PayPal's activity download lists every movement of the seller's balance. Payments in
    are from «From Email Address»; a refund's buyer is in «To Email Address» (the seller is
    «From»); conversions, a withdrawal, a hold and its release and a payment to a supplier
    are no sale, set aside with their type. By hand: Ana 45 + 30 (a pending 120 is open),
    Ben 80 − 80 refunded + 70, Cleo 60 (a denied 55 is cancelled): 3 customers, 75, 70, 60."""
    header = "Date,Time,TimeZone,Name,Type,Status,Currency,Gross,Fee,Net,From Email Address,To Email Address,"
    header += "Transaction ID,Balance Impact"
    shop = "shop@example.co.uk"
    rows = [
        f"05/01/2025,10:12:44,GMT,Ana,Express Checkout Payment,Completed,GBP,45.00,-1.83,43.17,ana@x.io,{shop},T1,Credit",
        f"12/01/2025,19:03:10,GMT,Ben,Website Payment,Completed,GBP,80.00,-2.92,77.08,ben@x.io,{shop},T2,Credit",
        f"20/01/2025,08:41:02,GMT,Cleo,Express Checkout Payment,Completed,GBP,60.00,-2.39,57.61,cleo@x.io,{shop},T3,Credit",
        f"20/01/2025,08:41:02,GMT,,General Currency Conversion,Completed,EUR,-57.61,0.00,-57.61,{shop},,T4,Debit",
        f"20/01/2025,08:41:02,GMT,,General Currency Conversion,Completed,GBP,48.95,0.00,48.95,,{shop},T5,Credit",
        f"02/02/2025,14:20:33,GMT,Ana,Express Checkout Payment,Completed,GBP,30.00,-1.32,28.68,ana@x.io,{shop},T6,Credit",
        f"09/02/2025,11:05:00,GMT,Ana,Express Checkout Payment,Pending,GBP,120.00,-4.28,115.72,ana@x.io,{shop},T7,Memo",
        f"15/02/2025,16:45:12,GMT,Ben,Payment Refund,Completed,GBP,-80.00,2.62,-77.38,{shop},ben@x.io,T8,Debit",
        f"01/03/2025,09:00:00,GMT,,General Withdrawal,Completed,GBP,-150.00,0.00,-150.00,{shop},,T9,Debit",
        f"20/04/2025,12:00:00,BST,Ana,Hold on Balance for Dispute Investigation,Completed,GBP,-30.00,0.00,-30.00,{shop},ana@x.io,T10,Debit",
        f"05/05/2025,12:00:00,BST,Ana,Reversal of General Account Hold,Completed,GBP,30.00,0.00,30.00,ana@x.io,{shop},T11,Credit",
        f"20/05/2025,09:12:55,BST,Cleo,Express Checkout Payment,Denied,GBP,55.00,0.00,55.00,cleo@x.io,{shop},T12,Memo",
        f"10/06/2025,21:33:08,BST,Ben,Express Checkout Payment,Completed,GBP,70.00,-2.64,67.36,ben@x.io,{shop},T13,Credit",
        f"15/06/2025,10:10:10,BST,Boxes Ltd,Express Checkout Payment,Completed,GBP,-42.00,0.00,-42.00,{shop},boxes@x.io,T14,Debit",
    ]
    path = tmp_path / "Download.CSV"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY, engine=engine)
    assert a.report.platform == "paypal_activity"
    amounts = a.summary.customers.set_index("customer")["amount"].to_dict()
    assert amounts == {"ana@x.io": 75.0, "ben@x.io": 70.0, "cleo@x.io": 60.0}
    assert dict(a.report.reasons) == {"not_a_sale": 6}
    set_aside = a.report.rejected_rows
    assert sorted(set_aside["row"]) == [5, 6, 10, 11, 12, 15]
    assert set(set_aside["value"]) == {
        "General Currency Conversion",
        "General Withdrawal",
        "Hold on Balance for Dispute Investigation",
        "Reversal of General Account Hold",
        "Express Checkout Payment",
    }
    assert dict(a.report.meanings) == {"purchase": 5, "return": 1, "cancelled": 1, "open": 1}
    assert a.summary.as_of == pd.Timestamp("2025-06-10") and a.stages.clients_total == 3
    # The sales are all in pounds: the euros of a conversion are no sale, and no currency note.
    assert a.summary.currency == "GBP" and "mixed_currencies" not in [w.code for w in a.report.warnings]


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_sales_in_two_currencies_are_said_to_be_added_as_written(engine, tmp_path):
    """A shop selling in euros and pounds writes each order's currency: nothing converts the
    amounts, so the row report says so, naming the currencies, the most frequent first; a
    Stripe export's converted amounts are in one currency and need no such note."""
    rows = ["Email,Created at,Total,Currency"]
    rows += [f"c{i}@x.io,2025-0{1 + i % 9}-10,{10 + i}.00,{'EUR' if i % 3 else 'GBP'}" for i in range(12)]
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY, engine=engine)
    notes = [w for w in a.report.warnings if w.code == "mixed_currencies"]
    assert [(w.count, w.fields["column"], w.fields["currencies"]) for w in notes] == [(2, "Currency", ("EUR", "GBP"))]
    assert "“Currency” names 2 currencies (“EUR”, “GBP”)" in notes[0].text("en")
    assert "«\u202fCurrency\u202f» nomme 2 devises («\u202fEUR\u202f», «\u202fGBP\u202f»)" in notes[0].text("fr")


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_quickbooks_transaction_list_counts_invoices_not_the_payments_that_settle_them(engine, tmp_path):
    """QuickBooks' «Transaction List by Date»: title lines above the header, «Account» the
    ledger's. By hand: Amy 1,200 (its payment settles it: no second sale), Cool Cars 2,500 +
    1,800 − 300 (a credit memo), Red Rock 2,100; an estimate for Geeta is open (a prospect);
    a deposit is no sale. Revenue 7,300, as of the last invoice, 2024-05-20."""
    lines = [
        '"Craig\'s Design and Landscaping Services"',
        '"Transaction List by Date"',
        '"January 1, 2021 - June 30, 2024"',
        "",
        '"","Date","Transaction Type","Num","Posting","Name","Memo/Description","Account","Split","Amount"',
        '"","03/15/2021","Invoice","1001","Yes","Amy\'s Bird Sanctuary","","Accounts Receivable (A/R)","Design income","1,200.00"',
        '"","04/02/2021","Payment","","Yes","Amy\'s Bird Sanctuary","","Undeposited Funds","Accounts Receivable (A/R)","1,200.00"',
        '"","01/20/2023","Invoice","1025","Yes","Cool Cars","","Accounts Receivable (A/R)","Landscaping","2,500.00"',
        '"","11/05/2023","Credit Memo","1052","Yes","Cool Cars","","Accounts Receivable (A/R)","Landscaping","-300.00"',
        '"","02/14/2024","Invoice","1060","Yes","Cool Cars","","Accounts Receivable (A/R)","Landscaping","1,800.00"',
        '"","03/01/2024","Deposit","","Yes","","","Checking","-Split-","3,700.00"',
        '"","04/11/2024","Estimate","1063","No","Geeta Kalapatapu","","Estimates","Design income","800.00"',
        '"","05/20/2024","Invoice","1070","Yes","Red Rock Diner","","Accounts Receivable (A/R)","Design income","2,100.00"',
        '"","06/03/2024","Payment","","Yes","Red Rock Diner","","Undeposited Funds","Accounts Receivable (A/R)","2,100.00"',
    ]
    path = tmp_path / "Transaction List by Date.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY, engine=engine)
    assert a.report.platform == "quickbooks_transactions"
    assert (a.loaded.mapping.customer, a.loaded.mapping.status) == ("Name", "Transaction Type")
    amounts = a.summary.customers.set_index("customer")["amount"].to_dict()
    assert amounts == {"Amy's Bird Sanctuary": 1200.0, "Cool Cars": 4000.0, "Red Rock Diner": 2100.0}
    assert dict(a.report.reasons) == {"not_a_sale": 3}
    assert sorted(a.report.rejected_rows["value"]) == ["Deposit", "Payment", "Payment"]
    assert a.summary.as_of == pd.Timestamp("2024-05-20") and a.summary.file_prospects == 1


def test_a_quickbooks_sub_customer_is_its_customer(tmp_path):
    """QuickBooks writes a customer's job after a colon («Freeman:55 Twin Lane»): the
    customer is Freeman, and the report says how many rows were read so."""
    lines = [
        '"","Date","Transaction Type","Num","Posting","Name","Memo/Description","Account","Split","Amount"',
        '"","06/12/2023","Sales Receipt","1040","Yes","Freeman:55 Twin Lane","","Undeposited Funds","Pest","450.00"',
        '"","08/30/2023","Invoice","1048","Yes","Freeman:0969 Ocean View","","Accounts Receivable (A/R)","-Split-","900.00"',
        '"","02/14/2024","Invoice","1060","Yes","Freeman","","Accounts Receivable (A/R)","Design","100.00"',
        '"","03/14/2024","Invoice","1061","Yes","Cool Cars","","Accounts Receivable (A/R)","Design","200.00"',
    ]
    path = tmp_path / "Transaction List by Customer.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY)
    assert a.summary.customers.set_index("customer")["amount"].to_dict() == {"Cool Cars": 200.0, "Freeman": 1450.0}
    notes = [w for w in a.report.warnings if w.code == "sub_customers"]
    assert [(w.count, w.fields["examples"]) for w in notes] == [
        (2, ("Freeman:55 Twin Lane", "Freeman:0969 Ocean View"))
    ]


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_credit_notes_written_positive_are_told_by_their_type_and_taken_off(engine, tmp_path):
    """Sellsy lists invoices and credit notes («Avoir») with positive totals, told apart by
    «Type»; a credit note is a return whatever its status (Remboursé or not). By hand:
    Bernard 2,400 + 600 − 120 + 300 = 3,180; Caron 1,200 − 240 = 960. A «Type» of customers
    («Particulier», «Pro») is no document type and changes nothing."""
    header = "Type;Référence;Date;Tiers;Total TTC;Statut"
    rows = [
        "Facture;FAC-1;14/09/2024;Ateliers Bernard;2400,00;Payée",
        "Facture;FAC-2;21/12/2024;Ateliers Bernard;600,00;Payée",
        "Avoir;AVO-1;05/01/2025;Ateliers Bernard;120,00;Remboursé",
        "Facture;FAC-3;10/02/2025;Menuiserie Caron;1200,00;Payée",
        "Avoir;AVO-2;12/02/2025;Menuiserie Caron;240,00;Non remboursé",
        "Facture;FAC-4;15/03/2025;Menuiserie Caron;0,00;Brouillon",
        "Facture;FAC-5;20/03/2025;Ateliers Bernard;300,00;Payée",
    ]
    path = tmp_path / "documents.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY, engine=engine)
    amounts = a.summary.customers.set_index("customer")["amount"].to_dict()
    assert amounts == {"Ateliers Bernard": 3180.0, "Menuiserie Caron": 960.0}
    assert a.summary.customers.set_index("customer")["occasions"].to_dict() == {
        "Ateliers Bernard": 3,
        "Menuiserie Caron": 1,
    }
    notes = [w for w in a.report.warnings if w.code == "credit_notes"]
    assert [(w.count, w.fields["column"], w.fields["examples"]) for w in notes] == [(2, "Type", ("Avoir",))]
    assert a.summary.as_of == pd.Timestamp("2025-03-20")

    people = [r.replace("Facture;", "Particulier;").replace("Avoir;", "Pro;") for r in rows[:2]]
    path.write_text("\n".join([header, *people]) + "\n", encoding="utf-8")
    b = analyze(path, today=TODAY, engine=engine)
    assert b.summary.customers["amount"].tolist() == [3000.0]
    assert "credit_notes" not in [w.code for w in b.report.warnings]


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_type_column_of_invoices_makes_unpaid_and_late_invoices_sales(engine, tmp_path):
    """No header names invoices («Numéro», «Date», «Montant TTC»), but «Type» says each row is
    a Facture or an Avoir: an invoice issued, late or unpaid, is a sale. By hand: Alpha
    1,200 − 200 = 1,000; Beta 600 (the draft is no sale); Gamma 900. Without the type column
    the same statuses leave «En retard» and «Non payée» open: Alpha alone."""
    header = "Type;Numéro;Date;Client;Montant TTC;Statut"
    rows = [
        "Facture;F-001;05/01/2024;Alpha SARL;1 200,00;Payée",
        "Facture;F-002;10/02/2024;Beta SAS;600,00;En retard",
        "Avoir;A-001;15/02/2024;Alpha SARL;200,00;Remboursé",
        "Facture;F-003;01/03/2024;Gamma;900,00;Non payée",
        "Facture;F-004;05/03/2024;Beta SAS;300,00;Brouillon",
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY, engine=engine)
    amounts = a.summary.customers.set_index("customer")["amount"].to_dict()
    assert amounts == {"Alpha SARL": 1000.0, "Beta SAS": 600.0, "Gamma": 900.0}
    meaning = {s.value: (s.meaning, s.source) for s in a.report.statuses}
    assert meaning["En retard"] == meaning["Non payée"] == ("purchase", "invoice")
    assert meaning["Brouillon"] == ("open", "known")

    plain = [r.split(";", 1)[1] for r in [header, *rows]]
    path.write_text("\n".join(plain) + "\n", encoding="utf-8")
    b = analyze(path, today=TODAY, engine=engine)
    assert b.summary.customers["customer"].tolist() == ["Alpha SARL"]


def test_an_invoice_whose_type_mentions_a_credit_note_stays_an_invoice(tmp_path):
    """«Facture (avoir déduit)» is an invoice with a credit note taken off: not a credit note."""
    header = "Type;Référence;Date;Tiers;Total TTC;Statut"
    rows = [
        "Facture;FAC-1;14/09/2024;Bernard;2400,00;Payée",
        "Facture (avoir déduit);FAC-2;21/12/2024;Bernard;600,00;Payée",
        "Avoir;AVO-1;05/01/2025;Bernard;100,00;Remboursé",
        "Facture;FAC-3;10/02/2025;Bernard;300,00;Payée",
    ]
    path = tmp_path / "documents.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY)
    assert a.summary.customers["amount"].tolist() == [3200.0]
    assert [w.count for w in a.report.warnings if w.code == "credit_notes"] == [1]


def test_placeholders_in_a_currency_column_are_no_currency(tmp_path):
    rows = ["Email,Created at,Total,Currency"]
    rows += [f"c{i}@x.io,2025-0{1 + i % 9}-10,{10 + i}.00,{['EUR', 'TBD', 'NIL'][i % 3]}" for i in range(12)]
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY)
    assert "mixed_currencies" not in [w.code for w in a.report.warnings]


@pytest.mark.parametrize(
    ("currency", "amount", "noted"),
    [
        (["€", "$", "€"], ["10.00"] * 3, ("EUR", "USD")),  # symbols in a currency column
        (["€", "EUR", ""], ["10.00"] * 3, None),  # one currency written two ways, and a blank
        (None, ["10,00 €", "$11.00", "12,00 €"], ("EUR", "USD")),  # in the amounts themselves
        (None, ["10,00 €", "11,00", "12,00 €"], None),
    ],
)
def test_currencies_written_as_symbols_are_noted_when_they_differ(currency, amount, noted, tmp_path):
    rows = [
        f"c{i}@x.io;2025-0{1 + i}-10;{a}" + (f";{currency[i % 3]}" if currency else "")
        for i, a in enumerate(amount * 3)
    ]
    header = "Email;Date;Montant" + (";Currency" if currency else "")
    path = tmp_path / "ventes.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY)
    notes = [w.fields["currencies"] for w in a.report.warnings if w.code == "mixed_currencies"]
    assert notes == ([noted] if noted else [])


def test_a_paypal_activity_download_in_french_counts_the_buyers_not_the_account(tmp_path):
    """The French download: «De l'adresse email» pays, a refund goes to «À l'adresse email»,
    «Retrait général» is the seller's own money. By hand: Claire 59,90 + 24,00 − 24,00 (the
    payment «Remboursé», its refund a row of its own), Hugo 1 234,50 − 234,50 + 45,00, Léa
    12,50 (a «Refusé» 12,50 is cancelled), Inès «En attente» a prospect: 1 216,40 in all."""
    header = (
        '"Date","Heure","Fuseau horaire","Nom","Type","État","Devise","Brut","Frais","Net",'
        '"De l\'adresse email","À l\'adresse email","Numéro de transaction","Impact sur le solde"'
    )
    shop = "boutique@lune.fr"
    rows = [
        f'"02/01/2025","10:12:45","Europe/Paris","Claire","Paiement Express Checkout","Terminé","EUR","59,90","-2,39","57,51","claire@x.fr","{shop}","T1","Crédit"',
        f'"05/01/2025","16:40:02","Europe/Paris","Hugo","Paiement sur site marchand","Partiellement remboursé","EUR","1 234,50","-42,32","1 192,18","hugo@x.fr","{shop}","T2","Crédit"',
        f'"06/01/2025","09:00:00","Europe/Paris","","Retrait général","Terminé","EUR","-1 000,00","0,00","-1 000,00","{shop}","","T3","Débit"',
        f'"10/01/2025","11:20:00","Europe/Paris","Hugo","Remboursement de paiement","Terminé","EUR","-234,50","7,97","-226,53","{shop}","hugo@x.fr","T4","Débit"',
        f'"12/01/2025","21:05:33","Europe/Paris","Claire","Paiement Express Checkout","Remboursé","EUR","24,00","-1,17","22,83","claire@x.fr","{shop}","T5","Crédit"',
        f'"20/01/2025","14:00:10","Europe/Paris","Claire","Remboursement de paiement","Terminé","EUR","-24,00","0,82","-23,18","{shop}","claire@x.fr","T6","Débit"',
        f'"03/02/2025","08:45:00","Europe/Paris","Inès","Paiement Express Checkout","En attente","EUR","80,00","-3,07","76,93","ines@x.fr","{shop}","T7","Mémo"',
        f'"15/02/2025","19:30:00","Europe/Paris","Hugo","Paiement Express Checkout","Terminé","EUR","45,00","-1,88","43,12","hugo@x.fr","{shop}","T8","Crédit"',
        f'"20/02/2025","12:00:00","Europe/Paris","Léa","Paiement Express Checkout","Terminé","EUR","12,50","-0,77","11,73","lea@x.fr","{shop}","T9","Crédit"',
        f'"28/02/2025","23:45:10","Europe/Paris","Léa","Paiement sur site marchand","Refusé","EUR","12,50","0,00","12,50","lea@x.fr","{shop}","T10","Mémo"',
    ]
    path = tmp_path / "Telecharger.csv"
    path.write_text("\ufeff" + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY)
    assert a.report.platform == "paypal_activity_fr"
    amounts = a.summary.customers.set_index("customer")["amount"].to_dict()
    assert amounts == pytest.approx({"claire@x.fr": 59.9, "hugo@x.fr": 1045.0, "lea@x.fr": 12.5})
    assert dict(a.report.reasons) == {"not_a_sale": 1}
    assert a.stages.counts["prospect"] == 1 and a.summary.as_of == pd.Timestamp("2025-02-20")


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_square_export_is_keyed_by_its_customer_id_never_by_the_amount_paid_by_card(engine, tmp_path):
    """Square's «Carte» is the amount paid by card, «ID du client» the customer. By hand:
    Sophie 25 + 18, Marc 40; the two walk-ins have no customer. Without «ID du client» the
    card amounts are set aside as a key and the e-mail keys the customers."""
    header = "Date,Heure,Ventes nettes,Carte,Espèces,ID de transaction,ID du client,E-mail du client"
    rows = [
        '01/03/2025,09:15:02,"12,50 €","12,50 €","0,00 €",TX1,,',
        '01/03/2025,09:40:11,"25,00 €","25,00 €","0,00 €",TX2,K7M2Q9,sophie@x.fr',
        '02/03/2025,11:00:00,"40,00 €","40,00 €","0,00 €",TX3,R9Q4L2,marc@x.fr',
        '05/03/2025,14:32:00,"18,00 €","18,00 €","0,00 €",TX4,K7M2Q9,sophie@x.fr',
        '06/03/2025,16:00:00,"9,50 €","0,00 €","9,50 €",TX5,,',
    ]
    path = tmp_path / "ventes.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY, engine=engine)
    assert a.summary.customers.set_index("customer")["amount"].to_dict() == {"K7M2Q9": 43.0, "R9Q4L2": 40.0}
    assert dict(a.report.reasons) == {"no_customer": 2}
    without = [",".join(r.rsplit(",", 2)[0:1] + r.rsplit(",", 1)[1:]) for r in [header, *rows]]
    path.write_text("\n".join(without) + "\n", encoding="utf-8")
    b = analyze(path, today=TODAY, engine=engine)
    assert b.loaded.mapping.customer == "E-mail du client"
    assert b.summary.customers.set_index("customer")["amount"].to_dict() == {"sophie@x.fr": 43.0, "marc@x.fr": 40.0}


def test_gocardless_and_ebp_words_are_known():
    """GoCardless: «submitted» is sent to the banks, not yet collected; «customer_approval_denied»
    the customer's refusal. EBP: «Transféré» is a quote or delivery note carried into the
    invoice; «Soldé» an invoice settled, «Non soldé» one not yet paid."""
    assert {v: meaning_of(v) for v in ("submitted", "customer_approval_denied", "paid_out", "Transféré", "Soldé")} == {
        "submitted": "open",
        "customer_approval_denied": "cancelled",
        "paid_out": "purchase",
        "Transféré": "cancelled",
        "Soldé": "purchase",
    }
    assert meaning_of("Non soldé") == "open"  # an invoice file makes it a sale (``_issued_invoice``)


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_gocardless_export_is_keyed_by_customers_id(engine, tmp_path):
    """By hand: CU001 29 paid out; CU003's «submitted» 59 is open, CU005's refusal cancelled:
    one client, as of the only payment collected, the other two rows after it."""
    header = "id,created_at,charge_date,amount,currency,status,amount_refunded,customers.id,customers.email"
    rows = [
        "PM001,2025-01-01T08:00:12.000Z,2025-01-06,29.00,EUR,paid_out,0.00,CU001,anne@x.fr",
        "PM008,2025-01-20T09:00:00.000Z,2025-01-23,59.00,EUR,submitted,0.00,CU003,chloe@x.fr",
        "PM011,2025-02-25T12:00:00.000Z,2025-02-28,35.00,EUR,customer_approval_denied,0.00,CU005,emma@x.fr",
    ]
    path = tmp_path / "payments.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY, engine=engine)
    assert a.loaded.mapping.customer == "customers.id"
    assert a.stages.clients_total == 1 and a.report.after_as_of == 2
    assert a.summary.as_of == pd.Timestamp("2025-01-06")
    assert {s.value: s.meaning for s in a.report.statuses} == {
        "paid_out": "purchase",
        "submitted": "open",
        "customer_approval_denied": "cancelled",
    }


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_list_of_sales_documents_counts_the_invoices_not_their_quotes_and_delivery_notes(engine, tmp_path):
    """EBP's «Liste des documents de vente»: a quote becomes a delivery note, then an invoice
    («Transféré»); an accepted quote is no sale yet; an unpaid invoice («Non soldé») is one.
    By hand: Bérard 1 500 + 1 080, Gaël 768 + 252,60 − 252,60, Façades 5 760: 3 customers,
    5 purchases, 9 108 in all."""
    header = "Type;N° document;Date;Code client;Nom;Total TTC;État"
    rows = [
        "Devis;DE00012;06/01/2025;CLI0001;Électricité Bérard;1 500,00;Transféré",
        "Bon de livraison;BL00008;13/01/2025;CLI0001;Électricité Bérard;1 500,00;Transféré",
        "Facture;FA00031;13/01/2025;CLI0001;Électricité Bérard;1 500,00;Soldé",
        "Facture;FA00032;20/01/2025;CLI0002;Plomberie Gaël;768,00;Soldé",
        "Devis;DE00013;22/01/2025;CLI0003;Menuiserie Hervé;3 600,00;Accepté",
        "Facture;FA00033;03/02/2025;CLI0002;Plomberie Gaël;252,60;Non soldé",
        "Avoir;AV00004;10/02/2025;CLI0002;Plomberie Gaël;-252,60;Soldé",
        "Facture;FA00034;15/02/2025;CLI0004;SARL Façades Ouest;5 760,00;Non soldé",
        "Facture;FA00035;28/02/2025;CLI0001;Électricité Bérard;1 080,00;Soldé",
    ]
    path = tmp_path / "documents.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="cp1252")
    a = analyze(path, today=TODAY, engine=engine)
    amounts = a.summary.customers.set_index("customer")["amount"].to_dict()
    assert amounts == pytest.approx({"CLI0001": 2580.0, "CLI0002": 768.0, "CLI0004": 5760.0})
    assert int(a.summary.customers["occasions"].sum()) == 5
    assert a.stages.counts["prospect"] == 1  # Hervé's accepted quote: in contact, no sale


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_pipedrive_deal_made_with_a_person_is_that_persons(engine, tmp_path):
    """Pipedrive links a deal to an organization or to a person. By hand: Boulangerie Paul
    4 500; Julie Caron, with no organization, 800 + 250: 2 customers, 3 purchases."""
    header = "Deal - ID,Deal - Title,Deal - Organization,Deal - Contact person,Deal - Value,Deal - Currency,"
    header += "Deal - Status,Deal - Deal created,Deal - Won time"
    rows = [
        "101,Refonte site,Boulangerie Paul,Paul Girard,4500,EUR,Won,2024-09-02 10:00:00,2024-10-15 16:20:00",
        "105,Logo,,Julie Caron,800,EUR,Won,2025-01-20 15:00:00,2025-01-28 10:00:00",
        "106,Flyers,,Julie Caron,250,EUR,Won,2025-03-01 08:00:00,2025-03-03 09:12:00",
        "107,Cartes,,,90,EUR,Won,2025-03-01 08:00:00,2025-03-02 09:12:00",
    ]
    path = tmp_path / "deals.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    a = analyze(path, today=TODAY, engine=engine)
    assert a.report.platform == "pipedrive_deals"
    amounts = a.summary.customers.set_index("customer")["amount"].to_dict()
    assert amounts == {"Boulangerie Paul": 4500.0, "Julie Caron": 1050.0}
    assert dict(a.report.reasons) == {"no_customer": 1}  # neither an organization nor a person
    note = next(w for w in a.report.warnings if w.code == "keyed_by_person")
    assert note.text("fr").replace("\u202f", " ").replace("\u00a0", " ") == (
        "2 lignes n’ont pas de client dans « Deal - Organization » : elles sont rattachées à la personne"
        " nommée dans « Deal - Contact person »"
    )
