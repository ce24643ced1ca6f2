"""The row report: every row read is used, rejected with a reason, or after the as-of date."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import LifecycleError, load
from lifecycle.analysis import Loaded, analyze_loaded, load_contacts
from lifecycle.reading.prepare import row_hashes
from lifecycle.reading.scan import NotScannable, scan, source_from_raw
from lifecycle.reports.explain import rejected_csv
from tests.conftest import TODAY, csv_bytes

HEADER = ("client", "date", "montant")
MESSY = [
    ("A", "2025-01-01", "10"),
    ("", "2025-01-02", "10"),  # no customer id
    ("B", "", "10"),  # no date
    ("C", "31/02/2025", "10"),  # unreadable date
    ("D", "2025-01-03", ""),  # no amount
    ("E", "2025-01-04", "n/a"),  # unreadable amount
    ("F", "2027-01-01", "10"),  # date in the future (today is 2026-06-30)
    ("G", "2025-02-01", "(5,00)"),
    ("", "", ""),  # blank: not data
]


def _load(rows, header=HEADER, **kw):
    return load(csv_bytes(rows, header), "messy.csv", today=TODAY, **kw)


def test_every_reason_with_its_row_number():
    rep = _load(MESSY).report
    # G's refund (2025-02-01) comes after the last purchase, A's on 2025-01-01, which is the
    # as-of date: a final refund never moves it, and is counted after it.
    assert (rep.read, rep.used, rep.rejected, rep.after_as_of, rep.blank) == (8, 1, 6, 1, 1)
    assert rep.rejected_rows[["row", "reason", "column"]].values.tolist() == [
        [3, "no_customer", "client"],
        [4, "no_date", "date"],
        [5, "bad_date", "date"],
        [6, "no_amount", "montant"],
        [7, "bad_amount", "montant"],
        [8, "future_date", "date"],
    ]
    assert rep.rejected_rows["value"].tolist()[2:5] == ["31/02/2025", "", "n/a"]


def test_report_csv_in_both_languages():
    rep = _load(MESSY).report
    en = rejected_csv(rep, "en").splitlines()
    fr = rejected_csv(rep, "fr").splitlines()
    assert en[0] == "row,reason,column,value" and len(en) == 7
    assert fr[0] == "ligne,motif,colonne,valeur"
    assert "date dans le futur" in fr[-1]
    assert rep.reasons_text("fr")["montant illisible"] == 1


def test_rows_after_a_chosen_as_of_are_counted_apart():
    rep = _load(MESSY, as_of="2025-01-15").report
    assert (rep.read, rep.used, rep.rejected, rep.after_as_of) == (8, 1, 6, 1)


def test_as_of_after_today_is_refused():
    with pytest.raises(LifecycleError, match="after today"):
        _load(MESSY, as_of="2099-01-01")


def test_quantity_times_unit_price():
    rows = [("A", "2025-01-01", "2", "3,50"), ("B", "2025-01-01", "x", "1")]
    loaded = _load(rows, header=("client", "date", "quantité", "prix unitaire"))
    assert loaded.data.frame["amount"].tolist() == [7.0]
    assert loaded.report.reasons == {"bad_quantity": 1}


def test_warnings_duplicates_id_variants_and_shared_emails():
    rows = [
        ("A1", "2025-01-01", "10", "a@x.fr"),
        ("A1", "2025-01-01", "10", "a@x.fr"),  # exact duplicate
        ("a1", "2025-01-02", "10", "b@x.fr"),  # differs from A1 only by case
        ("Z", "2025-01-03", "10", "A@X.fr "),  # shares A1's email
    ]
    rep = _load(rows, header=("client", "date", "montant", "email")).report
    codes = {w.code: w for w in rep.warnings}
    assert codes["exact_duplicates"].count == 1
    assert codes["exact_duplicates"].fields["rows"] == "3"  # the second of the two identical rows
    assert codes["id_variants"].count == 2
    assert codes["duplicate_emails"].count == 1
    assert "a@x.fr" in codes["duplicate_emails"].text("en")
    assert rep.used == 4  # warnings change nothing


def test_ambiguous_dates_are_flagged_and_can_be_forced():
    rows = [("A", "03/04/2025", "1"), ("B", "05/06/2025", "1")]
    loaded = _load(rows)
    assert any(w.code == "ambiguous_dates" for w in loaded.report.warnings)
    assert str(loaded.data.frame["date"].iloc[0].date()) == "2025-04-03"
    forced = _load(rows, dayfirst=False)
    assert str(forced.data.frame["date"].iloc[0].date()) == "2025-03-04"
    assert not any(w.code == "ambiguous_dates" for w in forced.report.warnings)


def test_missing_role_names_the_columns():
    with pytest.raises(LifecycleError, match="Columns found: ref, when") as err:
        _load([("A", "2025-01-01")], header=("ref", "when"))
    assert "--customer" in str(err.value)


def test_all_rows_rejected():
    with pytest.raises(LifecycleError, match="no usable row"):
        _load([("", "2025-01-01", "1"), ("A", "??", "1")])


def test_one_row_per_customer():
    rows = [
        ("C1", "2021-01-01", "2025-11-01", "5", "100"),
        ("C2", "2023-02-01", "2022-01-01", "2", "10"),  # last before first
        ("C3", "xx", "2025-01-01", "1", "1"),
        ("C1", "2020-06-01", "2024-01-01", "1", "50"),  # same customer twice: merged
    ]
    loaded = _load(rows, header=("code client", "premier achat", "dernier achat", "nb commandes", "ca total"))
    rep = loaded.report
    assert (rep.read, rep.used, rep.rejected) == (4, 2, 2)
    assert rep.reasons == {"last_before_first": 1, "bad_first_date": 1}
    f = loaded.data.frame.set_index("customer")
    assert str(f.loc["C1", "first"].date()) == "2020-06-01" and str(f.loc["C1", "last"].date()) == "2025-11-01"
    assert (f.loc["C1", "orders"], f.loc["C1", "amount"]) == (6, 150)
    assert any(w.code == "duplicate_customers" for w in rep.warnings)


def test_contacts_prospects_suspects_and_opt_out():
    rows = [
        ("a@x.fr", "2025-03-01", "", ""),
        ("b@x.fr", "", "Demande de devis", ""),
        ("c@x.fr", "", "Cible", "oui"),
        ("", "", "Cible", ""),  # neither id nor email
    ]
    c = load_contacts(csv_bytes(rows, ("email", "date de contact", "statut", "désabonné")), "contacts.csv")
    assert c.report.reasons == {"no_contact_key": 1}
    assert c.frame["interaction"].tolist() == [True, True, False]
    assert c.frame["opt_out"].tolist() == [False, False, True]


def test_ids_with_spaces_around_are_trimmed_and_reported():
    rows = [("A1 ", "2025-01-01", "1"), ("A1", "2025-02-01", "1"), (" B", "2025-02-01", "1")]
    loaded = _load(rows)
    assert sorted(set(loaded.data.frame["customer"])) == ["A1", "B"]
    w = {x.code: x for x in loaded.report.warnings}["ids_trimmed"]
    assert w.count == 2 and "“A1 ”" in w.text("en") and "«\u202fA1 \u202f»" in w.text("fr")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "", None]), st.sampled_from(["1", "1.0", None]), st.sampled_from(["x", "é"])
        ),
        min_size=2,
        max_size=30,
    )
)
def test_row_hashes_find_the_rows_pandas_finds_identical(rows):
    frame = pd.DataFrame(rows, dtype="str")
    assert (pd.Series(row_hashes(frame)).duplicated().to_numpy() == frame.duplicated().to_numpy()).all()


def test_row_hashes_keep_the_rows_order_on_a_large_file():
    # Several of DuckDB's row groups, read on all cores: the hashes must come back in the rows' order.
    rng = np.random.default_rng(7)
    n = 300_000
    frame = pd.DataFrame(
        {"id": [f"C{i}" for i in range(n)], "amount": rng.integers(0, 1000, n).astype(str)}, dtype="str"
    )
    copies = rng.choice(n - 1, 500, replace=False) + 1
    frame.iloc[copies] = frame.iloc[copies - 1].to_numpy()
    found = pd.Series(row_hashes(frame)).duplicated().to_numpy()
    assert (found == frame.duplicated().to_numpy()).all() and found.sum() == frame.duplicated().sum() > 0
    assert (row_hashes(frame)[:5] == row_hashes(frame.head(5))).all()


def test_exact_duplicates_are_rows_identical_in_every_column():
    # Invoice lines: same invoice, customer, date and amount, another product: not duplicates.
    header = ("Invoice", "Product", "Date", "Amount", "Customer")
    rows = [
        ("F1", "mug", "2025-01-01", "10", "C1"),
        ("F1", "plate", "2025-01-01", "10", "C1"),
        ("F1", "mug", "2025-01-01", "10", "C1"),  # row 4: identical to row 2
        ("F2", "bowl", "2025-01-02", "10", "C2"),
        ("F2", "bowl", "2025-01-02", "10", "C2"),  # row 6: identical to row 5
        ("F1", "mug", "2025-01-01", "10", "C1"),  # row 7: identical to row 2 again
    ]
    rep = load(csv_bytes(rows, header), "lines.csv", today=TODAY).report
    dup = {w.code: w for w in rep.warnings}["exact_duplicates"]
    assert dup.count == 3 and dup.fields["rows"] == "4, 6, 7"
    assert "3 rows are identical in every column" in dup.text("en")
    assert rep.used == 6  # kept: identical lines can be real
    assert "exact_duplicates" not in {w.code for w in _load([("A", "2025-01-01", "1")]).report.warnings}


@pytest.mark.parametrize(
    "label", ["Total", "TOTAL", "Total général", "Sous-total", "Grand total", "Total HT", "Totaux"]
)
def test_total_rows_have_their_own_reason(label):
    rows = [("A", "2025-01-01", "10"), ("B", "2025-01-02", "5"), (label, "", "15")]
    rep = _load(rows).report
    assert rep.reasons == {"total_row": 1}
    assert rep.rejected_rows[["row", "reason", "value"]].values.tolist() == [[4, "total_row", label]]
    assert "ligne de total" in rep.rejected_frame("fr")["motif"].iloc[0]


def test_a_total_in_the_first_column_and_real_customers_named_total():
    header = ("Libellé", "client", "date", "montant")
    rows = [
        ("vente", "A", "2025-01-01", "10"),
        ("vente", "TOTAL ENERGIES", "2025-01-02", "5"),  # a customer, not a total
        ("Total général", "", "", "15"),
    ]
    rep = load(csv_bytes(rows, header), "t.csv", today=TODAY).report
    assert rep.reasons == {"total_row": 1} and rep.used == 2


@pytest.mark.parametrize("columns", [(0, 1, 2, 3), (2, 1, 0, 3)])
def test_a_total_in_the_name_column_is_a_total_row_on_both_paths(columns):
    header = ("N° client", "Nom", "Date", "Montant")
    rows = [("C1", "Anne", "2024-01-05", "10"), ("C2", "Bob", "2024-02-05", "20"), ("", "Total général", "", "30")]

    def order(row):
        return tuple(row[i] for i in columns)

    loaded = load(csv_bytes([order(r) for r in rows], order(header)), "t.csv", today=TODAY)
    assert (loaded.mapping.customer, loaded.mapping.name) == ("N° client", "Nom")
    scanned = scan(source_from_raw(loaded.raw), loaded.mapping, today=TODAY)
    for rep in (loaded.report, scanned.report):
        assert rep.rejected_rows[["row", "reason", "column"]].values.tolist() == [[4, "total_row", "N° client"]]
        assert rep.used == 2


def test_an_email_key_is_matched_in_lower_case_and_said():
    header = ("Nom", "Email", "Montant", "Date")
    rows = [
        ("Anne Roy", " Anne.Roy@Exemple.fr", "10", "2025-01-02"),
        ("Anne Roy", "anne.roy@exemple.fr", "20", "2025-02-02"),
        ("Bob", "bob@exemple.com", "5", "2025-03-01"),
        ("Bob", "", "5", "2025-03-02"),  # no e-mail: no key
    ]
    loaded = load(csv_bytes(rows, header), "shop.csv", today=TODAY)
    f = loaded.data.frame
    assert loaded.mapping.customer == "Email"
    assert f["customer"].tolist() == ["anne.roy@exemple.fr", "anne.roy@exemple.fr", "bob@exemple.com"]
    assert f["email"].tolist() == f["customer"].tolist()
    notes = {w.code: w for w in loaded.report.warnings}
    assert notes["key_email"].count == 2 and notes["key_email"].fields["merged"] == 1
    assert "ids_trimmed" not in notes
    assert "“Email”" in notes["key_email"].text("en") and "l’e-mail de la colonne" in notes["key_email"].text("fr")
    assert loaded.report.reasons == {"no_customer": 1}


def test_a_name_key_warns_that_homonyms_merge():
    rows = [("Jean Martin", "2025-01-02", "10"), ("Jean Martin", "2025-02-02", "20"), ("Eve", "2025-01-05", "3")]
    loaded = load(csv_bytes(rows, ("Nom", "Date", "Montant")), "n.csv", today=TODAY)
    note = {w.code: w for w in loaded.report.warnings}["key_name"]
    assert loaded.mapping.customer == "Nom" and note.count == 2
    assert "homonymes" in note.text("fr") and "same name count as one" in note.text("en")


def test_a_key_found_from_values_gives_its_reason():
    rows = [(f"K{i % 4:03d}", f"2025-01-{i + 1:02d}", "10") for i in range(12)]
    loaded = load(csv_bytes(rows, ("Réf", "Date", "Montant")), "v.csv", today=TODAY)
    note = {w.code: w for w in loaded.report.warnings}["key_values"]
    assert loaded.mapping.customer == "Réf"
    assert (note.count, note.fields["per"]) == (4, 3.0)
    assert "rows per code on average: 3.0" in note.text("en") and "en moyenne\u202f: 3,0" in note.text("fr")
    assert "read as customer codes" in note.text("en")


def test_ids_with_control_characters_are_kept_and_reported_row_by_row():
    data = b'client;date;montant\n\t=1+1;2024-01-01;3\n=1+1;2024-01-02;4\n"A\r";2024-01-03;5\n B ;2024-01-04;1\n'
    loaded = load(data, "c.csv", today=TODAY)
    assert loaded.data.frame["customer"].tolist() == ["\t=1+1", "=1+1", "A\r", "B"]  # never merged
    note = {w.code: w for w in loaded.report.warnings}["ids_control"]
    assert note.count == 2 and note.fields["rows"] == "2, 4"
    assert "“\\t=1+1”, “A\\r”" in note.text("en") and "lignes 2, 4" in note.text("fr")
    assert "•••" in note.text("en", hide=True) and "=1+1" not in note.text("en", hide=True)


# --- line items, guests and the customer key ---------------------------------------------


def test_an_orders_fields_on_its_first_line_hold_for_its_other_lines():
    header = ("Name", "Email", "Financial Status", "Created at", "Total", "Lineitem name", "Lineitem price")
    rows = [
        ("#1003", "b@x.fr", "paid", "2025-03-02 10:00:00 +0100", "30.00", "Tasse", "10.00"),
        ("#1003", "b@x.fr", "", "", "", "Thé", "20.00"),
        ("#1002", "a@x.fr", "voided", "2025-02-01 09:00:00 +0100", "55.00", "Théière", "55.00"),
        ("#1001", "a@x.fr", "paid", "2025-01-05 11:00:00 +0100", "42.50", "Coffret", "30.00"),
        ("#1001", "a@x.fr", "", "", "", "Tasse", "12.50"),
        ("#1001", "a@x.fr", "", "", "", "Thé", "0.00"),
    ]
    loaded = load(csv_bytes(rows, header, sep=","), "orders_export.csv", today=TODAY)
    rep = loaded.report
    assert (rep.read, rep.used, rep.rejected) == (6, 6, 0)  # no line rejected for its blank fields
    assert rep.meanings == {"purchase": 5, "return": 0, "cancelled": 1, "open": 0}
    frame = loaded.data.frame
    per_order = frame.groupby("order")["amount"].sum().to_dict()
    assert per_order == {"#1001": 42.50, "#1003": 30.00}  # each total once, the voided order none
    assert frame.groupby("order")["date"].nunique().max() == 1
    notes = {w.code: w for w in rep.warnings}
    assert notes["order_lines"].count == 3 and notes["order_lines"].fields["orders"] == 2
    assert notes["order_totals"].fields["columns"] == ("Total",)


SHOP_HEADER = ("Name", "Email", "Financial Status", "Created at", "Total", "Lineitem name")


def _both_paths(rows, header=SHOP_HEADER, scannable: bool = True):
    """The rejected rows and the customers of ``rows``, row by row and through the DuckDB scan
    (or, when not ``scannable``, the scan's reason to leave them to the row-by-row reader)."""
    loaded = load(csv_bytes(rows, header, sep=","), "orders_export.csv", today=TODAY)
    paths = [loaded]
    try:
        paths.append(Loaded(loaded.raw, loaded.mapping, scan(source_from_raw(loaded.raw), loaded.mapping, today=TODAY)))
        assert scannable
    except NotScannable as caught:
        assert not scannable and caught.reason == "order_totals"
    out = []
    for one in paths:
        a = analyze_loaded(one)
        for key in (w for w in one.report.warnings if w.code in ("key_email", "key_values")):
            assert key.count == a.summary.n_customers  # the note counts the customers the analysis has
        rows_out = one.report.rejected_rows[["row", "reason", "column", "value"]].values.tolist()
        people = a.summary.customers[["customer", "occasions", "returns", "amount"]].values.tolist()
        out.append((rows_out, people, dict(one.report.meaning_orders)))
    assert out[0] == out[-1]
    return out[0][:2]


def test_an_order_whose_total_is_on_a_line_set_aside_leaves_no_zero_amount_return():
    rows = [
        ("#1001", "a@x.fr", "paid", "2025-01-05 10:00:00 +0100", "50.00", "Chemise"),
        ("#1001", "", "", "", "", "Chapeau"),
        ("#1002", "b@x.fr", "paid", "2025-01-06 10:00:00 +0100", "abc", "Chaussure"),  # its total unreadable
        ("#1002", "", "", "", "", "Chaussettes"),
        ("#1002", "", "", "", "", "Lacets"),
    ]
    rejected, customers = _both_paths(rows)
    assert rejected == [
        [4, "bad_amount", "Total", "abc"],
        [5, "order_line", "Name", "#1002"],
        [6, "order_line", "Name", "#1002"],
    ]
    assert customers == [["a@x.fr", 1, 0, 50.0]]  # b@x.fr bought nothing that can be counted, returned nothing
    loaded = load(csv_bytes(rows, SHOP_HEADER, sep=","), "orders_export.csv", today=TODAY)
    assert loaded.report.reasons_text("fr")["ligne d’une commande dont le total est sur une ligne écartée"] == 2
    assert "returns_only" not in {w.code for w in analyze_loaded(loaded).report.warnings}


def test_an_order_with_no_total_on_any_line_has_no_amount_on_each_line():
    rows = [
        ("#1001", "a@x.fr", "paid", "2025-01-05 10:00:00 +0100", "50.00", "Chemise"),
        ("#1001", "", "", "", "", "Chapeau"),
        ("#1002", "b@x.fr", "paid", "2025-01-06 10:00:00 +0100", "", "Chaussure"),
        ("#1002", "", "", "", "", "Chaussettes"),
        ("#1003", "c@x.fr", "paid", "2025-01-07 10:00:00 +0100", "20.00", "Tasse"),
    ]
    rejected, customers = _both_paths(rows)
    assert rejected == [[4, "no_amount", "Total", ""], [5, "no_amount", "Total", ""]]
    assert customers == [["a@x.fr", 1, 0, 50.0], ["c@x.fr", 1, 0, 20.0]]


def test_a_total_repeated_on_each_line_goes_with_the_first_line_that_holds_it():
    header = ("Order Number", "Order Status", "Order Date", "Email", "Order Total Amount", "Item Name")
    rows = [
        ("4100", "Completed", "2025-01-05 10:00", "a@x.fr", "35.80", "Tasse"),
        ("4100", "Completed", "2025-01-05 10:00", "a@x.fr", "35.80", "Thé"),
        ("4101", "Completed", "2025-02-31 10:00", "b@x.fr", "18.90", "Tasse"),  # the total's line: no such day
        ("4101", "Completed", "2025-02-05 10:00", "b@x.fr", "18.90", "Thé"),
    ]
    rejected, customers = _both_paths(rows, header)
    # the order's total counts once, on its first line: set aside, it takes the order with it
    assert rejected == [[4, "bad_date", "Order Date", "2025-02-31 10:00"], [5, "order_line", "Order Number", "4101"]]
    assert customers == [["a@x.fr", 1, 0, 35.8]]


WOO_HEADER = ("Order Number", "Order Status", "Order Date", "Customer User ID", "Order Total Amount", "Item Name")


def _woo(*orders):
    """WooCommerce lines: (order, day, customer, the total written on each line...)."""
    return [
        (o, "completed", f"2025-{day} 10:00", c, total, f"item {i}")
        for o, day, c, *totals in orders
        for i, total in enumerate(totals)
    ]


def test_an_order_whose_lines_give_different_totals_is_set_aside_and_the_others_count_once():
    rows = _woo(
        ("501", "03-01", "12", "60.00", "60.00", "60.00"),
        ("502", "04-01", "13", "25.00", "25.00"),
        ("503", "05-01", "12", "40.00", "40.00", "45.00"),
    )
    rejected, customers = _both_paths(rows, WOO_HEADER, scannable=False)
    assert rejected == [
        [7, "totals_differ", "Order Total Amount", "40.00"],
        [8, "totals_differ", "Order Total Amount", "40.00"],
        [9, "totals_differ", "Order Total Amount", "45.00"],
    ]
    assert customers == [["12", 1, 0, 60.0], ["13", 1, 0, 25.0]]  # not 305 and 50: each line counted
    loaded = load(csv_bytes(rows, WOO_HEADER, sep=","), "woo.csv", today=TODAY)
    why = "ligne d’une commande dont les lignes donnent des totaux différents"
    assert loaded.report.reasons_text("fr")[why] == 3


def test_a_total_written_60_and_60_00_is_one_total():
    rows = _woo(("501", "03-01", "12", "60.00", "60", "60.00"), ("502", "04-01", "13", "25.00", "25.00"))
    rejected, customers = _both_paths(rows, WOO_HEADER, scannable=False)
    assert rejected == [] and customers == [["12", 1, 0, 60.0], ["13", 1, 0, 25.0]]


def test_an_order_id_written_for_two_customers_is_two_orders():
    rows = _woo(
        ("901", "03-01", "12", "30.00", "30.00"),
        ("901", "09-01", "13", "50.00", "50.00"),
        ("902", "04-01", "14", "20.00", "20.00"),
    )
    rejected, customers = _both_paths(rows, WOO_HEADER, scannable=False)
    assert rejected == [] and customers == [["12", 1, 0, 30.0], ["13", 1, 0, 50.0], ["14", 1, 0, 20.0]]
    loaded = load(csv_bytes(rows, WOO_HEADER, sep=","), "woo.csv", today=TODAY)
    assert loaded.report.meaning_orders["purchase"] == 3 and loaded.report.understood_text().startswith("3 orders")


def test_a_line_with_another_customers_email_makes_no_purchase_of_zero_for_them():
    rows = [
        ("#1001", "a@x.fr", "paid", "2025-01-05 10:00:00 +0100", "30.00", "Tasse"),
        ("#1001", "c@x.fr", "", "", "", "Thé"),  # another e-mail inside a@'s order
        ("#1002", "b@x.fr", "paid", "2025-01-06 10:00:00 +0100", "15.00", "Théière"),
    ]
    rejected, customers = _both_paths(rows)
    assert rejected == [[3, "order_other_customer", "Email", "c@x.fr"]]
    assert customers == [["a@x.fr", 1, 0, 30.0], ["b@x.fr", 1, 0, 15.0]]  # no c@x.fr with «returns only»
    loaded = load(csv_bytes(rows, SHOP_HEADER, sep=","), "orders_export.csv", today=TODAY)
    why = "ligne d’un autre client dans une commande, sans montant propre"
    assert loaded.report.reasons_text("fr")[why] == 1


def test_an_order_id_with_spaces_around_it_is_the_same_order():
    rows = [
        ("#1001", "a@x.fr", "paid", "2025-01-05 10:00:00 +0100", "30.00", "Tasse"),
        ("#1001 ", "", "", "", "", "Thé"),
        (" #1001", "", "", "", "", "Sucre"),
        ("#1002", "b@x.fr", "paid", "2025-01-06 10:00:00 +0100", "15.00", "Théière"),
    ]
    rejected, customers = _both_paths(rows)
    assert rejected == [] and customers == [["a@x.fr", 1, 0, 30.0], ["b@x.fr", 1, 0, 15.0]]
    loaded = load(csv_bytes(rows, SHOP_HEADER, sep=","), "orders_export.csv", today=TODAY)
    assert loaded.report.meaning_orders["purchase"] == 2


def test_a_total_repeated_on_each_line_counts_once():
    header = ("Order Number", "Order Status", "Order Date", "Email", "Order Total Amount", "Item Name")
    rows = [
        ("4100", "Completed", "2025-01-05 10:00", "a@x.fr", "35.80", "Tasse"),
        ("4100", "Completed", "2025-01-05 10:00", "a@x.fr", "35.80", "Thé"),
        ("4101", "Completed", "2025-02-05 10:00", "a@x.fr", "18.90", "Tasse"),
    ]
    loaded = load(csv_bytes(rows, header, sep=","), "woo.csv", today=TODAY)
    assert loaded.data.frame.groupby("order")["amount"].sum().to_dict() == {"4100": 35.80, "4101": 18.90}


def test_guests_are_keyed_by_their_email_or_by_the_account_that_has_it():
    header = ("Customer User ID", "Email", "Date", "Total")
    rows = [
        ("12", "anne@x.fr", "2025-01-05", "10"),
        ("0", "Anne@X.fr", "2025-02-05", "20"),  # Anne as a guest: her account
        ("0", "bob@x.fr", "2025-03-05", "30"),  # a guest only: his e-mail
        ("0", "", "2025-03-06", "40"),  # a guest without e-mail: nobody
        ("", "cara@x.fr", "2025-03-07", "50"),  # no id: her e-mail
        ("27", "dan@x.fr", "2025-03-08", "60"),
    ]
    loaded = load(csv_bytes(rows, header, sep=","), "woo.csv", today=TODAY)
    frame = loaded.data.frame
    assert frame[["customer", "amount"]].values.tolist() == [
        ["12", 10.0],
        ["12", 20.0],
        ["bob@x.fr", 30.0],
        ["cara@x.fr", 50.0],
        ["27", 60.0],
    ]
    rep = loaded.report
    assert rep.reasons == {"placeholder_customer": 1}
    assert rep.rejected_rows[["row", "column", "value"]].values.tolist() == [[5, "Customer User ID", "0"]]
    note = next(w for w in rep.warnings if w.code == "keyed_by_email_placeholders")
    assert (note.count, note.fields["matched"], note.fields["left"], note.fields["values"]) == (3, 1, 1, ("0",))


def test_every_customer_bought_once_while_another_column_repeats_is_said():
    rows = [(f"T{i:03d}", f"2025-01-{1 + i:02d}", "10", f"p{i % 4}@x.fr") for i in range(20)]
    loaded = load(
        csv_bytes(rows, ("payment", "date", "montant", "email"), sep=","),
        "p.csv",
        today=TODAY,
        overrides={"customer": "payment"},
    )
    note = next(w for w in loaded.report.warnings if w.code == "all_once")
    assert (note.count, note.fields["other"], note.fields["repeated"], note.fields["values"]) == (20, "email", 4, 4)
    assert "appears on one purchase only" in note.text("en") and "«\u202femail\u202f»" in note.text("fr")


def test_what_was_understood_in_one_sentence():
    rows = [
        ("a@x.fr", "2025-01-05", "10", "paid", "#1"),
        ("a@x.fr", "2025-02-05", "20", "refunded", "#2"),
        ("b@x.fr", "2025-03-05", "30", "voided", "#3"),
        ("c@x.fr", "2025-04-01", "15", "paid", "#4"),
    ]
    loaded = load(csv_bytes(rows, ("email", "date", "total", "status", "order"), sep=","), "s.csv", today=TODAY)
    rep = loaded.report
    assert rep.understood_text("en") == (
        "4 orders from 3 customers (identified by e-mail), 2025-01-05 – 2025-04-01; 2 purchases;"
        " not counted as purchases: 1 return or refund, 1 cancelled."
    )
    assert rep.understood_text("fr") == (
        "4 commandes de 3 fiches (identifiées par e-mail), du 05/01/2025 au 01/04/2025\u202f; 2 achats\u202f;"
        " non comptés comme achats\u202f: 1 retour ou remboursement, 1 annulation."
    )


def test_guests_only_are_keyed_by_their_email():
    header = ("Order Number", "Order Status", "Order Date", "Customer User ID", "Billing Email", "Order Total Amount")
    rows = [
        ("101", "completed", "2025-01-05", "0", "alice@ex.com", "30"),
        ("102", "completed", "2025-02-05", "0", "bob@ex.com", "20"),
        ("103", "completed", "2025-03-05", "0", "alice@ex.com", "25"),
    ]
    loaded = load(csv_bytes(rows, header, sep=","), "woo.csv", today=TODAY)
    assert sorted(loaded.data.frame["customer"]) == ["alice@ex.com", "alice@ex.com", "bob@ex.com"]


def test_a_key_accounts_many_buyers_do_not_split_it():
    rows = [("ACME01", f"2025-{1 + i % 11:02d}-01", "10", f"buyer{i % 4}@acme.fr") for i in range(40)]
    rows += [(f"CL{i:03d}", f"2025-0{1 + i % 9}-15", "10", f"c{i}@x.fr") for i in range(20) for _ in range(2)]
    loaded = load(csv_bytes(rows, ("Code client", "Date", "Montant", "Email")), "b2b.csv", today=TODAY)
    assert loaded.data.frame["customer"].nunique() == 21 and not loaded.report.rejected


@pytest.mark.parametrize("placeholder", ["Invité(e)", "-", "#N/A", "Guest User", "?", "GUEST", "N/A", "0", "-1"])
def test_values_that_stand_for_nobody(placeholder):
    rows = [("C100", "2025-01-05", "10"), (placeholder, "2025-02-05", "10"), (placeholder, "2025-03-05", "10")]
    rep = _load(rows).report
    assert rep.reasons == {"placeholder_customer": 2}


def test_a_line_amount_blank_on_a_gift_line_keeps_the_other_lines_amounts():
    header = ("Order", "Customer", "Date", "Amount", "Item")
    rows = [
        (f"O{i}", f"C{i % 5}", f"2025-0{1 + i % 9}-0{1 + i % 8}", a, item)
        for i in range(19)
        for a, item in (("30", "Widget"), ("", "Gift"))
    ]
    rows += [("O999", "C1", "2025-05-05", "30", "Widget"), ("O999", "C1", "2025-05-05", "20", "Gadget")]
    loaded = load(csv_bytes(rows, header, sep=","), "lines.csv", today=TODAY)
    assert loaded.data.frame["amount"].sum() == 19 * 30 + 50


def test_a_city_or_a_shop_is_never_the_customer():
    rows = [(f"C{i:03d}", ["Paris", "Lyon", "Lille"][i % 3], f"2025-{1 + i % 11:02d}-05", "10") for i in range(12)]
    loaded = load(csv_bytes(rows, ("Customer", "Store", "Date", "Amount"), sep=","), "once.csv", today=TODAY)
    assert loaded.mapping.customer == "Customer"
    assert "all_once" not in {w.code for w in loaded.report.warnings}
    with pytest.raises(LifecycleError, match="customer id"):
        load(
            csv_bytes(rows, ("Ref", "Country", "Date", "Amount"), sep=","),
            "nokey.csv",
            today=TODAY,
            overrides={"customer": ""},
        )


def test_a_one_row_per_customer_file_is_said_in_one_sentence_too(sample_dir):
    rep = load(sample_dir / "clients_crm.csv").report
    assert rep.understood_text("en").startswith("1,500 customers, one row each (identified by “Customer ID”)")


def test_a_value_the_size_of_the_file_is_cut_in_messages_and_in_the_row_report():
    rows = [("A", "2025-01-01", "10"), ("B", "x" * 50_000, "10")]
    rep = _load(rows).report
    shown = rep.rejected_rows["value"].iloc[0]
    assert len(shown) < 250 and shown.endswith("(50,000 characters)")
    with pytest.raises(LifecycleError) as err:
        load(b"a" * 1_000_000, "one_line.csv", today=TODAY)
    assert len(err.value.message("en")) < 400 and "a cell of 1,000,000 characters" in err.value.message("en")
    assert "une cellule de 1\u202f000\u202f000 caractères" in err.value.message("fr")


def test_connections_to_the_shared_database_see_only_their_own_tables():
    # Every file's summary registers its rows as ``tx`` and builds ``codes`` in a connection
    # to the process's one database: sessions summarising at once must never see each other's.
    import threading

    import pyarrow as pa

    from lifecycle.reading.prepare import duckdb_connection

    seen = []

    def summarise_alone(k: int) -> None:
        for _ in range(20):
            con = duckdb_connection()
            try:
                con.register("tx", pa.table({"v": [k] * (100 + k)}))
                con.execute("CREATE OR REPLACE TEMP TABLE codes AS SELECT v, count(*) AS n FROM tx GROUP BY v")
                seen.append((k, *con.execute("SELECT v, n FROM codes").fetchall()))
            finally:
                con.close()

    threads = [threading.Thread(target=summarise_alone, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 80
    assert all(rows == [(k, 100 + k)] for k, *rows in seen)
