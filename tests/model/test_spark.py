"""The summary on Spark equals the summary on DuckDB, column by column and array by array.

One seeded Parquet dataset (a few thousand lines: orders over several lines, several orders
on one day, returns and refunds, cancelled orders, rows to reject) is written once as one
file for the DuckDB path and once as a hive-partitioned folder for Spark. One Spark session
(local, two threads, four shuffle partitions, no UI) serves the whole module: a Java virtual
machine takes a few seconds to start.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lifecycle import analyze
from lifecycle.reading.mapping import Mapping

TODAY = "2026-06-30"
COLUMNS = {
    "customer": "customer_id",
    "date": "order_date",
    "amount": "total",
    "order": "order_id",
    "status": "status",
    "segment": "segment",
    "name": "name",
    "email": "email",
}
MAPPING = Mapping(**COLUMNS)


def _why_not() -> str | None:
    if shutil.which("java") is None:
        return "Java runtime not found: Spark needs one (apt-get install openjdk-17-jre-headless)"
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark not installed (requirements-dev.txt)"
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=_why_not() or "")


def transactions(seed: int = 7, customers: int = 300) -> pd.DataFrame:
    """Order lines: 1 to 3 lines an order, some customers buying twice a day, a few returns
    (negative lines, and refunded orders), cancelled orders, blank customers, dates and
    amounts, and customers whose segment is blank on some lines."""
    rng = np.random.default_rng(seed)
    rows = []
    order = 0
    start = pd.Timestamp("2021-01-01")
    for c in range(customers):
        cid = f"C{c:04d}"
        segment = ["retail", "pro", None][c % 3]
        n_orders = int(rng.integers(1, 12))
        days = np.sort(rng.integers(0, 365 * 4, n_orders))
        if c % 10 == 0 and n_orders > 1:
            days[1] = days[0]  # two orders on the same day
        for day in days:
            order += 1
            status = rng.choice(["paid", "paid", "paid", "paid", "refunded", "cancelled"])
            when = start + pd.Timedelta(days=int(day), hours=int(rng.integers(0, 20)))
            for _ in range(int(rng.integers(1, 4))):
                amount = round(float(rng.uniform(-20, 300)), 2)
                rows.append(
                    {
                        "customer_id": cid,
                        "order_date": when,
                        "total": amount,
                        "order_id": f"O{order:06d}",
                        "status": str(status),
                        "segment": segment if rng.random() > 0.1 else None,
                        "name": f"Name {c}",
                        "email": f"c{c}@example.com",
                    }
                )
    frame = pd.DataFrame(rows)
    # Rows to reject, each an order of its own (the DuckDB path fills an order's blank fields
    # from its first line) and without an e-mail (it keys a blank customer by the e-mail).
    bad = frame.sample(30, random_state=seed).assign(email=None)
    bad["order_id"] = [f"X{i:03d}" for i in range(len(bad))]
    bad.iloc[:10, bad.columns.get_loc("customer_id")] = None
    bad.iloc[10:20, bad.columns.get_loc("total")] = None
    bad.iloc[20:, bad.columns.get_loc("order_date")] = pd.NaT
    frame = pd.concat([frame, bad], ignore_index=True)
    frame["year"] = frame["order_date"].dt.year.fillna(0).astype("int64")
    return frame


def _write(frame: pd.DataFrame, tmp) -> tuple[str, str]:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    one = tmp / "transactions.parquet"
    pq.write_table(table.drop(["year"]), one, coerce_timestamps="us")  # Spark reads micro-, not nanoseconds
    folder = tmp / "by_year"
    pq.write_to_dataset(table, folder, partition_cols=["year"], coerce_timestamps="us")
    return str(one), str(folder)


@pytest.fixture(scope="module")
def spark():
    from lifecycle.model.spark import spark_session

    session = spark_session("local[1]", shuffle_partitions=1, small=True)
    yield session
    session.stop()
    # The Java process outlives a stopped session until Python exits: ended here, so that
    # it takes no memory or processor time from the tests this worker runs next.
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is not None:
        gateway.shutdown()
        process = getattr(gateway, "proc", None)
        if process is not None:
            # Its input closed, the JVM ends on its own and deletes what it unpacked in the
            # temporary folder (Snappy's native library); killed, it left it behind.
            if process.stdin is not None:
                process.stdin.close()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        SparkContext._gateway = SparkContext._jvm = None


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return _write(transactions(), tmp_path_factory.mktemp("spark"))


@pytest.fixture(scope="module")
def both(spark, data):
    from lifecycle.model.spark import run_spark

    one, folder = data
    duck = analyze(one, overrides=COLUMNS, today=TODAY)
    run = run_spark(spark, folder, MAPPING, today=TODAY)
    return duck, run


def test_the_per_customer_table_is_the_same(both):
    duck, run = both
    a, b = duck.summary.customers, run.summary.customers
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b) > 250
    for column in a.columns:
        x, y = a[column], b[column]
        if column in ("amount", "value_12", "value_24", "value_36", "median_gap_days"):
            # DuckDB sums with fsum, Spark as DECIMAL(38, 10) then DOUBLE: both exact to far
            # below a cent, they may differ in the last bit of a double.
            np.testing.assert_allclose(x.to_numpy(float), y.to_numpy(float), rtol=1e-12, atol=1e-9, err_msg=column)
        else:
            pd.testing.assert_series_equal(x, y, check_dtype=False, obj=column)


def test_the_occasion_arrays_and_dates_are_the_same(both):
    duck, run = both
    s, t = duck.summary, run.summary
    assert s.as_of == t.as_of
    assert (s.first_date, s.last_date, s.day0) == (t.first_date, t.last_date, t.day0)
    for name in ("occ_code", "occ_day", "p_code", "p_day", "d_code", "d_day", "d_occasions"):
        np.testing.assert_array_equal(getattr(s, name), getattr(t, name), err_msg=name)
    for name in ("first_day", "last_day", "prev_day", "opt_out_day"):
        np.testing.assert_array_equal(getattr(s, name), getattr(t, name), err_msg=name)
    np.testing.assert_allclose(s.occ_amount, t.occ_amount, rtol=1e-12, atol=1e-9)
    assert [w.code for w in s.warnings] == [w.code for w in t.warnings]
    pd.testing.assert_frame_equal(
        s.contacts.reset_index(drop=True), t.contacts.reset_index(drop=True), check_dtype=False
    )


def test_the_row_report_counts_the_same_rows(both):
    duck, run = both
    a, b = duck.report, run.report
    assert (a.read, a.used, a.rejected, a.after_as_of) == (b.read, b.used, b.rejected, b.after_as_of)
    assert a.reasons == b.reasons
    assert a.meanings == b.meanings
    assert [(v.value, v.meaning, v.rows) for v in a.statuses] == [(v.value, v.meaning, v.rows) for v in b.statuses]


def test_the_command_line_on_spark_gives_the_same_stages(both, data, capsys, tmp_path):
    """``analyze --engine spark`` in this process: the module's session is reused (no second
    Java virtual machine), the document's stages, KPIs and rows as the DuckDB path's."""
    import json

    from lifecycle.cli import main

    duck, _ = both
    options = [x for role, column in COLUMNS.items() for x in (f"--{role}", column)]
    contacts = tmp_path / "contacts.csv"  # two people who never bought: prospect and suspect
    contacts.write_text("Email,Nom,Date de contact\nnew.one@x.fr,New One,03/01/2025\nother@x.fr,Other,\n")
    argv = ["analyze", data[1], "--engine", "spark", "--spark-master", "local[2]", *options, "--json"]
    assert main([*argv, "--contacts", str(contacts)]) == 0
    doc, expected = json.loads(capsys.readouterr().out), duck.to_dict()
    assert doc["stages"]["prospect"] == expected["stages"]["prospect"] + 1
    assert doc["stages"]["suspect"] == expected["stages"]["suspect"] + 1
    for stage in ("prospect", "suspect"):
        doc["stages"][stage] = expected["stages"][stage]
    for key in ("stages", "customers", "clients_total", "as_of", "period"):
        assert doc[key] == expected[key], key
    assert doc["kpis"] == pytest.approx(expected["kpis"], rel=1e-9, nan_ok=True)
    for key in ("read", "used", "rejected", "reasons", "by_meaning"):
        assert doc["rows"][key] == expected["rows"][key], key
