"""A summary saved as one Parquet file and opened again: the file's content, a summary and a
row report that come back equal, and what opening refuses."""

import dataclasses
import datetime as dt
import io
import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lifecycle import analyze
from lifecycle.analysis import Analysis, load, saved_source
from lifecycle.errors import LifecycleError
from lifecycle.locale.i18n import Key
from lifecycle.model.calendar import NEVER
from lifecycle.model.saved import SUMMARY_KEY, is_saved_summary, open_saved, write_summary
from lifecycle.reading.prepare import Warning
from tests.conftest import analyze_file, csv_bytes, run

# A buys, returns part of it, buys again; B buys twice on one day (one occasion: no order column).
ROWS = [
    ("A", "2025-01-10", "10"),
    ("A", "2025-02-01", "-4"),
    ("A", "2025-03-05", "20"),
    ("B", "2025-03-01", "7"),
    ("B", "2025-03-01", "5"),
]


def _day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - dt.date(1970, 1, 1)).days


def _saved_bytes(a: Analysis, report=None) -> bytes:
    out = io.BytesIO()
    write_summary(out, a.summary, report or a.loaded.report, saved_source(a.loaded, a.contacts, None))
    return out.getvalue()


def _same_summary(a, b) -> None:
    for f in dataclasses.fields(a):
        left, right = getattr(a, f.name), getattr(b, f.name)
        if isinstance(left, np.ndarray):
            assert left.dtype == right.dtype, f.name
            np.testing.assert_array_equal(left, right, err_msg=f.name)
        elif isinstance(left, pd.DataFrame):
            pd.testing.assert_frame_equal(left, right, obj=f.name)
        else:
            assert left == right and type(left) is type(right), f.name


def _same_report(a, b) -> None:
    for f in dataclasses.fields(a):
        left, right = getattr(a, f.name), getattr(b, f.name)
        if isinstance(left, pd.DataFrame):
            pd.testing.assert_frame_equal(left, right, obj=f.name)
        else:
            assert left == right, f.name


def test_one_row_per_customer_with_the_occasions_as_a_list():
    a = run(ROWS)
    table = pq.read_table(io.BytesIO(_saved_bytes(a)))
    assert table.column("customer").to_pylist() == ["A", "B"]
    assert table.column("occasions").to_pylist() == [2, 1]  # purchases; A's return is not one
    assert table.column("returns").to_pylist() == [1, 0]
    assert table.column("opt_out_day").to_pylist() == [NEVER, NEVER]
    assert table.column("occ").to_pylist() == [
        [
            {"day": _day("2025-01-10"), "amount": 10.0, "purchase": True},
            {"day": _day("2025-02-01"), "amount": -4.0, "purchase": False},
            {"day": _day("2025-03-05"), "amount": 20.0, "purchase": True},
        ],
        [{"day": _day("2025-03-01"), "amount": 12.0, "purchase": True}],
    ]
    doc = json.loads(table.schema.metadata[SUMMARY_KEY.encode()])
    assert doc["format"] == 1
    assert doc["summary"]["as_of"] == {"$ts": "2025-03-05T00:00:00", "unit": "s"}
    assert doc["report"]["read"] == 5 and doc["report"]["used"] == 5
    assert doc["source"] == {
        "file": "tiny.csv",
        "sheet": None,
        "header_row": 1,
        "mapping": {"customer": "client", "date": "date", "amount": "montant"},
        "contacts": None,
        "contacts_used": 0,
    }


def test_the_summary_and_the_row_report_come_back_equal(sample_dir):
    a = analyze_file(sample_dir / "factures_b2b.csv")
    saved = open_saved(_saved_bytes(a), "f.parquet")
    _same_summary(a.summary, saved.summary)
    _same_report(a.loaded.report, saved.report)
    assert saved.source.file == "factures_b2b.csv" and saved.file == "f.parquet"
    assert analyze(_saved_bytes(a), name="f.parquet").to_dict("fr") == a.to_dict("fr")


def test_without_amounts_the_purchases_among_occasions_of_one_day_come_back():
    # Orders o1 (paid) and o2 (refunded) fall on A's same day: two occasions worth 0 each, one
    # a purchase. B's first order was refunded: B's first purchase is 1 March.
    rows = [
        ("A", "2025-01-10", "o1", "paid"),
        ("A", "2025-01-10", "o2", "refunded"),
        ("A", "2025-02-10", "o3", "paid"),
        ("B", "2025-01-05", "o4", "refunded"),
        ("B", "2025-03-01", "o5", "paid"),
    ]
    a = run(rows, header=("Customer", "Date", "Order ID", "Status"))
    assert not a.summary.has_amount
    data = _saved_bytes(a)
    flags = [[o["purchase"] for o in c] for c in pq.read_table(io.BytesIO(data)).column("occ").to_pylist()]
    assert flags == [[True, False, True], [False, True]]
    saved = open_saved(data, "s.parquet").summary
    assert saved.p_day.tolist() == [_day("2025-01-10"), _day("2025-02-10"), _day("2025-03-01")]
    assert saved.p_code.tolist() == [0, 0, 1]
    _same_summary(a.summary, saved)


def test_warnings_with_keys_tuples_and_dates_come_back_equal_and_read_the_same():
    a = run(ROWS)
    warnings = (
        Warning("ambiguous_dates", 0, {"column": "date", "order": Key("order.dayfirst")}),
        Warning("ids_trimmed", 2, {"examples": ("A ", " B")}),
    )
    report = dataclasses.replace(a.loaded.report, warnings=warnings)
    saved = open_saved(_saved_bytes(a, report), "s.parquet")
    assert saved.report.warnings == warnings
    assert isinstance(saved.report.warnings[0].fields["order"], Key)
    for lang in ("en", "fr"):
        assert [w.text(lang) for w in saved.report.warnings] == [w.text(lang) for w in warnings]
    assert saved.report.understood["first"] == pd.Timestamp("2025-01-10")
    assert saved.report.understood_text("fr") == a.loaded.report.understood_text("fr")


def test_the_file_prospects_and_a_contacts_list_come_back(retail):
    saved = open_saved(_saved_bytes(retail), "boutique.parquet")
    assert saved.summary.contact_counts == retail.summary.contact_counts == {"suspect": 1190, "prospect": 810}
    pd.testing.assert_frame_equal(saved.summary.contacts, retail.summary.contacts)
    assert saved.source.file == "ventes_boutique.xlsx" and saved.source.sheet == "Ventes"


def test_only_a_saved_summary_is_recognised(tmp_path):
    data = _saved_bytes(run(ROWS))
    plain = io.BytesIO()
    pq.write_table(pa.table({"client": ["A"], "date": ["2025-01-10"]}), plain)
    assert is_saved_summary(data)
    assert not is_saved_summary(plain.getvalue())
    assert not is_saved_summary(csv_bytes(ROWS))
    assert not is_saved_summary(data[:-100])  # cut short: no footer
    path = tmp_path / "s.parquet"
    path.write_bytes(data)
    assert is_saved_summary(path) and is_saved_summary(str(path))
    assert not is_saved_summary(tmp_path / "missing.parquet")


def test_a_later_format_is_refused_with_its_version():
    table = pq.read_table(io.BytesIO(_saved_bytes(run(ROWS))))
    metadata = dict(table.schema.metadata)
    doc = json.loads(metadata[SUMMARY_KEY.encode()])
    metadata[SUMMARY_KEY.encode()] = json.dumps({**doc, "format": 7}).encode()
    out = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(metadata), out)
    with pytest.raises(LifecycleError) as err:
        open_saved(out.getvalue(), "futur.parquet")
    assert err.value.key == "error.saved_version"
    assert "format 7" in err.value.message("en") and "format de résumé 7" in err.value.message("fr")


def test_the_as_of_date_is_its_own_and_reading_options_are_refused():
    data = _saved_bytes(run(ROWS))
    assert load(data, "s.parquet", as_of="2025-03-05").saved.summary.as_of == pd.Timestamp("2025-03-05")
    with pytest.raises(LifecycleError) as err:
        load(data, "s.parquet", as_of="2025-02-28")
    assert err.value.message("en") == (
        "s.parquet summarises tiny.csv as of 2025-03-05: it cannot be seen as of 2025-02-28. "
        "Leave the as-of date out, or analyse the original file as of that date."
    )
    assert "à la date du 05/03/2025" in err.value.message("fr")
    with pytest.raises(LifecycleError) as err:
        load(data, "s.parquet", dayfirst=True, overrides={"customer": "client"})
    assert err.value.key == "error.saved_options" and "overrides, dayfirst" in err.value.message("en")


def test_a_scenario_that_agrees_with_how_it_was_read_applies():
    saved = open_saved(_saved_bytes(run(ROWS)), "s.parquet")
    assert saved.differing({}, {}, {}) == []
    assert saved.differing({"header_row": 1, "dayfirst": None}, {"customer": "client"}, {}) == []
    assert saved.differing({"header_row": 2}, {"customer": "date", "segment": None}, {}) == [
        "read.header_row",
        "mapping.customer",
    ]
