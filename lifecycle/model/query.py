"""The summary's SQL, written once in DuckDB's dialect (``lifecycle.model.summary``), as Spark SQL.

SQLGlot translates the statements (identifiers, ``::`` casts, ``arg_max``, ``bool_or``,
``datediff``, ``FILTER``, ``$name`` parameters as ``:name``, null ordering). Two things it
leaves to this module, each done on SQLGlot's syntax tree:

* ``fsum`` (DuckDB's compensated sum, so that a total does not depend on the order threads
  add it in) has no Spark equivalent: Spark sums the amounts as ``DECIMAL(38, 10)``, exact and
  so independent of partitioning too, then gives the total back as a double;
* ``CREATE OR REPLACE TEMP TABLE t AS q`` comes out of SQLGlot as a temporary view without
  ``OR REPLACE``: here it is a temporary view that replaces any earlier one, then cached,
  so that a table the later statements read twice is computed once.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp

__all__ = ["spark_statements"]

# Amounts to the tenth of a millionth of a cent, 28 digits before the point.
_EXACT = "DECIMAL(38, 10)"


def _is_fsum(node: exp.Expression) -> bool:
    return isinstance(node, exp.Anonymous) and node.name.lower() == "fsum"


def _exact_sum(node: exp.Expression) -> exp.Expression:
    """``fsum(x)`` as ``CAST(SUM(CAST(x AS DECIMAL(38, 10))) AS DOUBLE)``; with a ``FILTER``,
    the filter stays on the sum, inside the cast (Spark filters aggregates only)."""
    if isinstance(node, exp.Filter) and _is_fsum(node.this):
        (value,) = node.this.expressions
        total = exp.Filter(this=exp.Sum(this=exp.cast(value, _EXACT)), expression=node.expression)
        return exp.cast(total, "DOUBLE")
    if _is_fsum(node):
        (value,) = node.expressions
        return exp.cast(exp.Sum(this=exp.cast(value, _EXACT)), "DOUBLE")
    return node


def spark_statements(sql: str) -> list[str]:
    """The Spark SQL statements that do what the DuckDB statement ``sql`` does.

    Parameters stay named (``$c12`` becomes ``:c12``): pass their values as ``args`` to
    ``SparkSession.sql``.
    """
    out = []
    for tree in sqlglot.parse(sql, read="duckdb"):
        if tree is None:
            continue
        tree = tree.transform(_exact_sum)
        if isinstance(tree, exp.Create) and tree.kind == "TABLE":
            name = tree.this.sql(dialect="spark")
            query = tree.expression.sql(dialect="spark")
            out.append(f"CREATE OR REPLACE TEMPORARY VIEW {name} AS {query}")
            out.append(f"CACHE TABLE {name}")
        else:
            out.append(tree.sql(dialect="spark"))
    return out
