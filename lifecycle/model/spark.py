"""The per-customer summary of transactions held as Parquet on a Spark cluster.

The rows are read, checked and made canonical by Spark (a view ``tx`` with the columns DuckDB's
scan reads), the scan's own statements run there as SQLGlot translates them
(``lifecycle.model.query``), and the two small results come to the driver through Arrow:
the per-customer table and the occasion arrays. ``finish_summary`` then does what it does for
DuckDB, so both engines give the same ``Summary``.

Fewer checks than the DuckDB path (``lifecycle.reading.prepare``): a row is rejected for a
blank customer, a missing or unreadable date (text dates in ISO form only), a missing or
unreadable amount, or a date after today; ids are trimmed, not cleaned further (no
placeholder, total row, invisible character or e-mail key); an order's fields are not copied
to its other lines, a refund column is not netted, and the row report lists reasons and
counts, not the rejected rows themselves.

``pyspark`` is imported inside the functions: it weighs half a gigabyte, starts a Java
virtual machine, and most runs never need it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..errors import LifecycleError
from ..reading.mapping import Mapping, names_invoices, propose
from ..reading.prepare import REJECTED_COLUMNS, RowReport, Transactions
from ..reading.statuses import INTERACTIONS, MEANING_CODE, MEANINGS, propose_meanings
from .query import spark_statements
from .summary import Summary, finish_summary, summary_sql, value_cuts

__all__ = ["SMALL", "SparkRun", "run_spark", "spark_mapping", "spark_session", "summarise_spark"]

_ATTRIBUTES = ("segment", "name", "email")
_SAMPLE = 1000  # rows a mapping is proposed from when none is given
_PURCHASE, _RETURN = MEANING_CODE["purchase"], MEANING_CODE["return"]


@dataclass(frozen=True)
class SparkRun:
    """What a Spark run gives: the summary, the row report, and the rows as canonical
    ``Transactions`` without their lines (only the analysis around the summary reads them)."""

    summary: Summary
    report: RowReport
    data: Transactions


# For a few thousand rows on one machine (the tests): one shuffle partition, no adaptive
# plans, no generated code, the JVM's quick compiler. A run's dozen small jobs then take a
# quarter of the time; a cluster's data wants Spark's defaults.
SMALL = {
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
    "spark.driver.extraJavaOptions": "-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
}


def spark_session(master: str = "local[2]", shuffle_partitions: int = 4, small: bool = False):
    """A Spark session on ``master``: no web UI, Arrow to the driver, dates in UTC (as
    DuckDB reads a timestamp without a time zone), a few shuffle partitions for a local run
    (``small``: the settings of ``SMALL``). Nothing is downloaded: no package or jar is asked for."""
    if shutil.which("java") is None and not _java_home():
        raise LifecycleError.of("error.spark_missing", what="Java")
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise LifecycleError.of("error.spark_missing", what="pyspark") from exc
    import warnings

    # PySpark warns, at each table it hands to pandas, that it does not yet fully support
    # pandas 3. The columns it hands here (text, dates, integers, doubles) come out equal to
    # DuckDB's, every one of them (tests/model/test_spark.py): the warning only alarms.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    session = (
        SparkSession.builder.master(master)
        .appName("lifecycle")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
    )
    for key, value in (SMALL if small else {}).items():
        session = session.config(key, value)
    session = session.getOrCreate()
    # Errors only: the single-partition window of the customer codes warns on every run.
    session.sparkContext.setLogLevel("ERROR")
    return session


def _java_home() -> bool:
    import os

    home = os.environ.get("JAVA_HOME")
    return bool(home) and (Path(home) / "bin" / "java").exists()


def _session(spark_or_master):
    return spark_session(spark_or_master) if isinstance(spark_or_master, str) else spark_or_master


def spark_mapping(spark, path: str | Path, overrides: dict[str, str | None] | None = None) -> Mapping:
    """The mapping proposed from the Parquet's columns and first rows (as text, as the DuckDB
    path reads them), with the user's ``overrides``."""
    frame = _read(spark, path)
    columns = list(frame.columns)
    sample = frame.limit(_SAMPLE).toArrow().to_pandas().astype("string")
    mapping = propose(columns, sample).mapping
    if overrides:
        mapping = mapping.with_overrides(columns, **overrides)
    return mapping


def _read(spark, path: str | Path):
    """The Parquet data at ``path``; a path Spark cannot read is the user's error, said as such."""
    from pyspark.errors import AnalysisException  # pyspark is there: a session was given

    try:
        return spark.read.parquet(str(path))
    except AnalysisException as exc:
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise LifecycleError.of("error.parquet", file=Path(str(path)).name, why=why) from exc


def _quote(column: str) -> str:
    return "`" + column.replace("`", "``") + "`"


def _typed(kind: str, column: str, spark_type: str) -> tuple[str, str]:
    """(the raw value as SQL, the typed value as SQL) of a date or amount column. A date is
    its day, as the DuckDB path reads it (the time of day dropped), as a timestamp without a
    time zone."""
    c = _quote(column)
    text = f"nullif(trim(CAST({c} AS STRING)), '')"
    if kind == "date":
        if spark_type in ("date", "timestamp", "timestamp_ntz"):
            return c, f"CAST(CAST({c} AS DATE) AS TIMESTAMP_NTZ)"
        return text, f"CAST(CAST(try_to_timestamp({text}) AS DATE) AS TIMESTAMP_NTZ)"
    if spark_type in ("string", "varchar", "char"):
        return text, f"try_cast({text} AS DOUBLE)"
    return c, f"try_cast({c} AS DOUBLE)"


def run_spark(
    spark_or_master,
    path: str | Path,
    mapping: Mapping,
    *,
    meanings: dict[str, str] | None = None,
    as_of=None,
    today=None,
) -> SparkRun:
    """Read the Parquet transactions at ``path`` (a file, a folder, a hive-partitioned folder
    or a glob) with Spark, check and map them, and summarise them with the scan's statements.

    ``spark_or_master``: a ``SparkSession``, or a master URL to start one on. The as-of date
    is, unless given, the last purchase's (as the DuckDB path gives it): rows after it are
    counted, not used."""
    if mapping.customer is None or mapping.date is None:
        raise LifecycleError.of("error.spark_mapping")
    spark = _session(spark_or_master)
    today_ts = (pd.Timestamp(today) if today is not None else pd.Timestamp.today()).normalize()
    raw = _read(spark, path)
    types = dict(raw.dtypes)
    for column in (mapping.customer, mapping.date, mapping.amount, mapping.order, mapping.status, *_roles(mapping)):
        if column is not None and column not in types:
            raise LifecycleError.of("error.spark_column", column=column, columns=", ".join(types))
    raw.createOrReplaceTempView("tx_raw")
    meaning_sql, meaning_join, statuses = _meanings(spark, mapping, meanings)
    date_raw, date = _typed("date", mapping.date, types[mapping.date])
    if mapping.amount is not None:
        amount_raw, amount = _typed("amount", mapping.amount, types[mapping.amount])
    else:
        amount_raw, amount = "CAST(0 AS DOUBLE)", "CAST(NULL AS DOUBLE)"
    text = {
        role: f"nullif(trim(CAST({_quote(getattr(mapping, role))} AS STRING)), '')"
        if getattr(mapping, role)
        else "CAST(NULL AS STRING)"
        for role in ("customer", "order", *_ATTRIBUTES)
    }
    if mapping.email:
        text["email"] = f"lower({text['email']})"
    sale = f"meaning <= {_RETURN}"
    # One reason per row, the first found (as the DuckDB path's rejector keeps).
    reason = f"""CASE WHEN customer IS NULL THEN 'no_customer'
         WHEN date_raw IS NULL THEN 'no_date'
         WHEN date IS NULL THEN 'bad_date'
         WHEN {sale} AND amount_raw IS NULL THEN 'no_amount'
         WHEN {sale} AND amount IS NULL THEN 'bad_amount'
         WHEN {sale} AND date > TIMESTAMP_NTZ '{today_ts}' THEN 'future_date'
    END"""
    spark.sql(f"""
        CREATE OR REPLACE TEMPORARY VIEW tx_rows AS
        SELECT *, {reason} AS reason FROM (
            SELECT {text["customer"]} AS customer, {date_raw} AS date_raw, {date} AS date,
                   {amount_raw} AS amount_raw, {amount} AS amount, {meaning_sql} AS meaning,
                   {text["order"]} AS `order`, {text["segment"]} AS segment, {text["name"]} AS name,
                   {text["email"]} AS email
            FROM tx_raw{meaning_join})
    """)
    spark.sql("CACHE TABLE tx_rows")  # the Parquet read once: every later query starts here
    as_of_ts = _as_of(spark, as_of, today_ts)
    # A return nets a negative amount; a returned order's positive total adds nothing.
    spark.sql(f"""
        CREATE OR REPLACE TEMPORARY VIEW tx_used AS
        SELECT customer, date, meaning, `order`, segment, name, email,
               CASE WHEN meaning = {_RETURN} AND amount > 0 THEN 0.0D ELSE amount END AS amount
        FROM tx_rows
        WHERE reason IS NULL AND date <= TIMESTAMP_NTZ '{as_of_ts}'
    """)
    has_amount = mapping.amount is not None
    spark.sql(f"""
        CREATE OR REPLACE TEMPORARY VIEW tx AS
        SELECT customer, date, {"amount" if has_amount else "CAST(NULL AS DOUBLE) AS amount"},
               meaning = {_PURCHASE} AS purchase, `order`, segment, name, email, false AS opt_out
        FROM tx_used WHERE {sale}
    """)
    report = _report(spark, path, as_of_ts, statuses)
    attributes = [a for a in _ATTRIBUTES if getattr(mapping, a) is not None]
    if attributes:  # only the columns holding a value, as the DuckDB path carries them
        filled = spark.sql("SELECT " + ", ".join(f"count({a})" for a in attributes) + " FROM tx").first()
        attributes = [a for a, n in zip(attributes, filled) if n]
    if not report.meanings.get("purchase") and not report.meanings.get("return"):
        raise LifecycleError.of("error.spark_no_row", file=Path(str(path)).name)
    interactions = spark.sql(f"""
        SELECT customer, date, meaning, email, name FROM tx_used u
        WHERE meaning IN ({", ".join(str(MEANING_CODE[m]) for m in INTERACTIONS)})
          AND NOT EXISTS (SELECT 1 FROM tx WHERE tx.customer = u.customer)
    """).toArrow()
    codes, occasions, per_customer, arrays_sql = summary_sql(attributes, False, mapping.order is not None)
    for statement in (codes, occasions):
        for sql in spark_statements(statement):
            spark.sql(sql)
    cuts = value_cuts(as_of_ts)
    (customers_sql,) = spark_statements(per_customer)
    (arrays_only,) = spark_statements(arrays_sql)
    customers = spark.sql(customers_sql, args=cuts).toArrow().to_pandas()
    arrays = {name: column.to_numpy() for name, column in zip(*_columns(spark.sql(arrays_only).toArrow()))}
    for view in ("occ", "codes", "tx_rows"):
        spark.catalog.dropTempView(view)  # and their cached rows
    interactions_frame = _interactions(interactions)
    summary = finish_summary(
        customers,
        arrays,
        as_of=as_of_ts,
        has_amount=has_amount,
        has_segment=mapping.segment is not None,
        interactions=interactions_frame,
    )
    data = Transactions(
        frame=pd.DataFrame(columns=["customer", "date", "amount", "purchase", "order"]),
        report=report,
        as_of=as_of_ts,
        has_amount=has_amount,
        has_order=mapping.order is not None,
        has_segment=mapping.segment is not None,
        mapping=mapping,
        interactions=interactions_frame,
    )
    return SparkRun(summary, report, data)


def summarise_spark(spark_or_master, path: str | Path, mapping: Mapping, **options) -> Summary:
    """``summarise`` on Spark: the same ``Summary`` from Parquet transactions (``run_spark``)."""
    return run_spark(spark_or_master, path, mapping, **options).summary


def _roles(mapping: Mapping) -> list[str | None]:
    return [getattr(mapping, a) for a in _ATTRIBUTES]


def _columns(table: pa.Table):
    return table.column_names, [table.column(i) for i in range(table.num_columns)]


def _meanings(spark, mapping: Mapping, chosen: dict[str, str] | None):
    """Each row's meaning code as SQL, from the status column by the DuckDB path's rules
    (``propose_meanings``: the user's choice, else the vocabulary, else a purchase), and the
    status table (counted on the rows with a customer). The distinct values are few: they come to the driver and go back as a
    small view joined to the rows."""
    if mapping.status is None:
        return f"{_PURCHASE}", "", ()
    status = f"coalesce(trim(CAST({_quote(mapping.status)} AS STRING)), '')"
    customer = f"nullif(trim(CAST({_quote(mapping.customer)} AS STRING)), '')"
    counts = spark.sql(
        f"SELECT {status} AS value, count(*) AS n FROM tx_raw WHERE {customer} IS NOT NULL GROUP BY 1"
    ).collect()
    invoices = names_invoices(mapping.order, mapping.date, mapping.amount)
    table = propose_meanings([(r["value"], r["n"]) for r in counts], chosen, None, invoices=invoices)
    pairs = [(v.value, MEANING_CODE[v.meaning]) for v in table]
    spark.createDataFrame(pairs, "lifecycle_status STRING, lifecycle_meaning INT").createOrReplaceTempView(
        "tx_statuses"
    )
    join = f" LEFT JOIN tx_statuses ON tx_statuses.lifecycle_status = {status}"
    return f"coalesce(tx_statuses.lifecycle_meaning, {_PURCHASE})", join, table


def _as_of(spark, as_of, today_ts: pd.Timestamp) -> pd.Timestamp:
    """The as-of date given (checked as the DuckDB path checks it), else the last purchase not
    after today whose amount is not negative or nil; else the last sale."""
    if as_of is not None:
        try:
            ts = pd.Timestamp(as_of).normalize()
        except (ValueError, TypeError) as exc:
            raise LifecycleError.of("error.as_of_date", value=as_of) from exc
        if ts > today_ts:
            raise LifecycleError.of("error.as_of_future", as_of=ts.date(), today=today_ts.date())
        return ts
    row = spark.sql(f"""
        SELECT max(date) FILTER (WHERE meaning = {_PURCHASE} AND NOT coalesce(amount <= 0, false)) AS bought,
               max(date) FILTER (WHERE meaning <= {_RETURN}) AS sold
        FROM tx_rows WHERE reason IS NULL
    """).first()
    last = row["bought"] if row["bought"] is not None else row["sold"]
    return pd.Timestamp(last) if last is not None else today_ts


def _report(spark, path, as_of_ts: pd.Timestamp, statuses) -> RowReport:
    """Rows read, used, rejected by reason and after the as-of date, counted exactly by Spark;
    the rows used by meaning (a purchase with a negative amount is a return)."""
    said = f"CASE WHEN meaning = {_PURCHASE} AND amount < 0 THEN {_RETURN} ELSE meaning END"
    rows = spark.sql(f"""
        SELECT reason, {said} AS said, reason IS NULL AND date > TIMESTAMP_NTZ '{as_of_ts}' AS after, count(*) AS n
        FROM tx_rows GROUP BY 1, 2, 3
    """).collect()
    reasons: dict[str, int] = {}
    meanings = dict.fromkeys(MEANINGS, 0)
    read = after = used = 0
    for r in rows:
        read += r["n"]
        if r["reason"] is not None:
            reasons[r["reason"]] = reasons.get(r["reason"], 0) + r["n"]
        elif r["after"]:
            after += r["n"]
        else:
            used += r["n"]
            meanings[MEANINGS[r["said"]]] += r["n"]
    rejected = sum(reasons.values())
    return RowReport(
        file=Path(str(path)).name,
        sheet=None,
        read=read,
        used=used,
        rejected=rejected,
        after_as_of=after,
        blank=0,
        reasons=dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        rejected_rows=pd.DataFrame({c: [] for c in REJECTED_COLUMNS if c != "sheet"}),
        meanings=meanings if used else {},
        statuses=statuses,
    )


def _interactions(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas()
    return pd.DataFrame(
        {
            "customer": frame["customer"].astype("string"),
            "date": pd.to_datetime(frame["date"]).astype("datetime64[s]"),
            "meaning": pd.array([MEANINGS[int(m)] for m in frame["meaning"]], dtype="string"),
            "email": frame["email"].astype("string"),
            "name": frame["name"].astype("string"),
        }
    )
