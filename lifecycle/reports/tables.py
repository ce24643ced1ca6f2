"""The tables people read, built once for the app, the exports and the command line.

Each ``*_frame`` function returns numbers with English keys (for JSON and tests);
``display`` turns one into column names and formatted values in the user's language."""

from __future__ import annotations

import re
import secrets

import numpy as np
import pandas as pd

from ..locale.formats import quarter
from ..locale.i18n import (
    fmt_date,
    fmt_int,
    fmt_money,
    fmt_number,
    fmt_pct,
    fmt_share,
    fmt_signed,
    shorten,
    stage_label,
    t,
)
from ..model.funnel import stages_shown
from ..model.history import BALANCE_COLUMNS
from ..model.kpis import UNITS, compute_kpis, format_value
from ..model.segments import KPIS
from ..model.stages import STAGE_CODE, Stages
from ..model.summary import VALUE_MONTHS
from ..vocabulary import FUNNEL_ORDER, STAGES

__all__ = [
    "balance_display",
    "cohort_display",
    "figure_columns",
    "kpi_display",
    "kpi_series_display",
    "kpi_series_headers",
    "monthly_display",
    "movers",
    "movers_display",
    "pseudonyms",
    "retention_display",
    "scenario_table",
    "screen_cells",
    "segment_display",
    "side_by_side",
    "stage_display",
    "value_display",
]


def stage_display(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A ``stage_frame`` with headers and values in ``lang``."""
    out = pd.DataFrame(
        {
            t("ui.col.stage", lang): [stage_label(x, lang) for x in frame["stage"]],
            t("ui.col.count", lang): [fmt_int(v, lang) for v in frame["count"]],
            t("ui.col.share", lang): [
                fmt_share(x, v, lang) if v is not None else "–" for x, v in zip(frame["stage"], frame["share"])
            ],
            t("ui.col.one_purchase", lang): [
                _one_purchase(n, p, lang) for n, p in zip(frame["one_purchase"], frame["one_purchase_share"])
            ],
        }
    )
    if frame["revenue_12"].notna().any():
        out[t("ui.col.revenue", lang)] = [
            "–" if v is None or v != v else fmt_money(v, lang, 0) for v in frame["revenue_12"]
        ]
        out[t("ui.col.avg_value", lang)] = [
            "–" if v is None or v != v else fmt_money(v, lang) for v in frame["value_12_mean"]
        ]
    return out


def _one_purchase(n, share, lang: str) -> str:
    """«12 (40 %)»; «0» for a stage nobody is in; «–» for contacts, who bought nothing."""
    if n is None or n != n:
        return "–"
    if share is None or share != share:
        return fmt_int(n, lang)
    return f"{fmt_int(n, lang)} ({fmt_pct(share, lang, 0)})"


def cohort_display(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A ``kpis.cohort_values`` table with headers and values in ``lang`` (the quarter 2024-Q1
    reads «T1 2024» in French)."""
    cohorts = [quarter(c, lang) for c in frame["cohort"]]
    out = pd.DataFrame({t("ui.cohort.cohort", lang): cohorts})
    out[t("ui.cohort.acquired", lang)] = [fmt_int(v, lang) for v in frame["acquired"]]
    for m in VALUE_MONTHS:
        out[t("ui.cohort.value", lang, m=m)] = [
            "–" if n == 0 else f"{fmt_money(v, lang, 0)} ({fmt_int(n, lang)})"
            for v, n in zip(frame[f"mean_{m}"], frame[f"old_{m}"])
        ]
    return out


def kpi_display(stages: Stages, lang: str = "en", mask: np.ndarray | None = None) -> pd.DataFrame:
    """The KPIs as shown: indicator, value, the number of customers behind it, definition."""
    kpis = compute_kpis(stages, mask)
    return pd.DataFrame(
        {
            t("ui.col.kpi", lang): [k.label(lang) for k in kpis],
            t("ui.col.value", lang): [k.formatted(lang) for k in kpis],
            t("ui.col.base", lang): [fmt_int(k.base, lang) if k.base is not None else "–" for k in kpis],
            t("ui.col.definition", lang): [k.definition(lang) for k in kpis],
        }
    )


MISSING = "–"  # a figure that has no value (a ratio without a base), as every table shows it


# A figure as the tables write it: an optional sign and currency symbol, then a digit («5 657,84 €»,
# «-€12.50», «338 (70 %)», «12,8 % des acheteurs»); a date («31/10/2025», «2025-10-31») is not.
_FIGURE = re.compile(r"[-−+]?[$£€¥]?\s?\d[\d\s.,']*(?![\d/:-])")


def figure_columns(frame: pd.DataFrame | dict) -> list[str]:
    """The text columns of ``frame`` that hold figures written out: each cell a figure or
    «–», one at least a figure. A screen aligns them on the right, as numbers are read."""
    if not isinstance(frame, pd.DataFrame):  # a table given as {column: values}
        frame = pd.DataFrame(frame)
    out = []
    for column in frame.columns:
        values = frame[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        cells = [str(v).strip() for v in values if isinstance(v, str) and v.strip()]
        figures = sum(bool(_FIGURE.match(c)) for c in cells)
        if figures and all(c == MISSING or _FIGURE.match(c) for c in cells):
            out.append(column)
    return out


def _written(values, write) -> list[str]:
    return [MISSING if v is None or v != v else write(v) for v in values]


def balance_display(balance: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The balance table as shown: column names in ``lang``, dates, counts, the quick ratio
    and money written as people of that language write them, «–» where a figure has no value
    (no client lost: no quick ratio)."""
    out = balance.copy()
    out["period_end"] = [fmt_date(d, lang) for d in out["period_end"]]
    for column in ("clients_start", "new", "won_back", "lost", "clients_end"):
        out[column] = _written(out[column], lambda v: fmt_int(v, lang))
    out["quick_ratio"] = _written(out["quick_ratio"], lambda v: fmt_number(v, lang, 2))
    for column in ("new_revenue", "lost_revenue"):
        if column in out:
            out[column] = _written(out[column], lambda v: fmt_money(v, lang))
    columns = ("segment", *BALANCE_COLUMNS)
    return out.rename(columns={c: t(f"export.col.{c}", lang) for c in columns if c in out.columns})


def kpi_series_headers(lang: str = "en") -> dict[str, str]:
    """The column names of ``kpis.kpi_series`` in ``lang``: each indicator beside its base."""
    return {
        "period_end": t("export.col.period_end", lang),
        "clients": t("export.series.clients", lang),
        "activity_rate": t("kpi.activity_rate", lang),
        "clients_year_before": t("export.series.clients_year_before", lang),
        "repeat_purchase_rate": t("kpi.repeat_purchase_rate", lang),
        "purchases": t("export.series.purchases", lang),
        "buyers": t("export.series.buyers", lang),
        "average_basket": t("kpi.average_basket", lang),
        "purchase_frequency": t("kpi.purchase_frequency", lang),
    }


def kpi_series_display(series: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The indicators over time as shown: dates, counts, percentages, money and decimals
    written in ``lang``; «–» for a figure without a base."""

    def each(column: str, write) -> list[str]:
        return _written(series[column], write)

    out = pd.DataFrame(
        {
            "period_end": [fmt_date(d, lang) for d in series["period_end"]],
            "clients": each("clients", lambda v: fmt_int(v, lang)),
            "activity_rate": each("activity_rate", lambda v: fmt_pct(v, lang)),
            "clients_year_before": each("clients_year_before", lambda v: fmt_int(v, lang)),
            "repeat_purchase_rate": each("repeat_purchase_rate", lambda v: fmt_pct(v, lang)),
            "purchases": each("purchases", lambda v: fmt_int(v, lang)),
            "buyers": each("buyers", lambda v: fmt_int(v, lang)),
            "average_basket": each("average_basket", lambda v: fmt_money(v, lang)),
            "purchase_frequency": each("purchase_frequency", lambda v: fmt_number(v, lang, 2)),
        }
    )
    return out.rename(columns=kpi_series_headers(lang))


def scenario_table(a: Stages, b: Stages, lang: str = "en") -> pd.DataFrame:
    """Stage counts under scenario A and scenario B, and the difference, as shown."""
    shown = stages_shown(a)
    diff = [b.counts[x] - a.counts[x] for x in shown]
    return pd.DataFrame(
        {
            t("ui.col.stage", lang): [stage_label(x, lang) for x in shown],
            t("ui.whatif.a", lang): [fmt_int(a.counts[x], lang) for x in shown],
            t("ui.whatif.b", lang): [fmt_int(b.counts[x], lang) for x in shown],
            t("ui.whatif.diff", lang): [fmt_signed(d, lang) for d in diff],
        }
    )


def movers(a: Stages, b: Stages, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who changes stage from classification ``a`` to ``b``: a from × to count table (labels
    in ``lang``) and the customers who move (customer, name, segment, A, B)."""
    moved = (a.codes != b.codes) & (a.codes >= 0)
    names = np.array([stage_label(x, lang) for x in STAGES] + [""], dtype=object)
    none = len(STAGES)  # no stage (not a customer under b): its name is "", never a row or column
    frm = np.where(a.codes[moved] >= 0, a.codes[moved], none).astype(np.intp)
    to = np.where(b.codes[moved] >= 0, b.codes[moved], none).astype(np.intp)
    # A cross table of codes (a crosstab of labels costs 7 ms on a slider move), rows and
    # columns in funnel order, only those with someone in them.
    k = none + 1
    grid = np.bincount(frm * k + to, minlength=k * k).reshape(k, k)
    order = [STAGE_CODE[x] for x in FUNNEL_ORDER]
    rows = [i for i in order if grid[i].any()]
    cols = [j for j in order if grid[:, j].any()]
    table = pd.DataFrame(
        grid[np.ix_(rows, cols)],
        index=pd.Index(names[rows].tolist(), name="A"),
        columns=pd.Index(names[cols].tolist(), name="B"),
    )
    people = a.summary.customers.loc[moved, ["customer", "name", "segment"]].reset_index(drop=True)
    people["A"], people["B"] = names[frm], names[to]
    return table, people.dropna(axis=1, how="all")


def movers_display(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The ``movers`` count table as shown: A's stages down the first column, B's across, each
    named (a bare index column cut the stage names and said only «A»)."""
    out = pd.DataFrame({t("ui.whatif.from_to", lang): table.index.tolist()})
    for column in table.columns:
        out[t("ui.whatif.to", lang, stage=column)] = [fmt_int(v, lang) for v in table[column]]
    return out


def segment_display(table: pd.DataFrame, lang: str = "en", *, compact: bool = False) -> pd.DataFrame:
    """A ``segments.segment_table`` as shown: the group, its customers and clients, each stage's
    share (as the funnel shows them) and the main KPIs, in ``lang``; ``compact`` leaves out the
    customers, the new and reactivated shares and the repeat-purchase rate (a slide's width)."""

    def pct(values) -> list[str]:
        return [fmt_pct(v, lang, 0) if v is not None and v == v else "–" for v in values]

    out = pd.DataFrame({t("ui.col.segment", lang): table["group"]})
    if not compact:
        out[t("ui.col.customers", lang)] = [fmt_int(v, lang) for v in table["customers"]]
    out[t("kpi.clients", lang)] = [fmt_int(v, lang) for v in table["clients"]]
    out[t("ui.col.share_of_clients", lang)] = pct(table["share_of_clients"])
    shares = ("active", "dormant", "lost") if compact else ("new", "active", "reactivated", "dormant", "lost")
    for st in shares:
        label = stage_label(st, lang)
        out[t("ui.col.stage_share", lang, stage=label[:1].upper() + label[1:])] = pct(table[f"share_{st}"])
    for k in KPIS:
        if compact and k == "repeat_purchase_rate":
            continue
        if table[k].isna().all():  # unavailable for this file (no amount, no history)
            continue
        if compact and UNITS[k] == "money":  # whole units: «35 567 €» fits a slide's column, «35 566,61 €» breaks
            out[t(f"kpi.{k}", lang)] = [MISSING if v != v else fmt_money(v, lang, 0) for v in table[k]]
            continue
        out[t(f"kpi.{k}", lang)] = [format_value(UNITS[k], None if v != v else v, lang) for v in table[k]]
    return out


def side_by_side(shown: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A table whose first column names a few groups (the largest segments and all buyers;
    the stages) turned a quarter: a column a group, a row a figure. Eight to thirteen figures
    as columns are wider than a page, their headers cut on a projector; the groups are
    seven at most. Unturned when a group's name is another's or the figures' column's."""
    label = t("ui.col.kpi", lang)
    groups = shown.iloc[:, 0].astype(str).tolist()
    if len(set(groups)) < len(groups) or label in groups:
        return shown
    # Text throughout: a column a group holds a count, a share and money side by side.
    out = pd.DataFrame(shown.iloc[:, 1:].astype("string").to_numpy().T, columns=groups, dtype="string")
    out.insert(0, label, list(shown.columns[1:]))
    return out


def pseudonyms(summary, ids) -> list[str]:
    """Pseudonyms for customer ids: ``C-`` and a number drawn at random once for the file in
    this session (the id order would give them away: customer 0000332 must not become
    C-000332), so the same customer has the same pseudonym on every page and in every
    anonymised export while the file is open; ids not among the customers (contacts without
    purchase) get ``P-`` and their order of appearance, and a contact without an id (known by
    an e-mail only: one person, one record) a number of its own."""

    n = summary.n_customers
    draw = summary.timeline.keep(("pseudonyms",), lambda: np.random.default_rng(secrets.randbits(64)).permutation(n))
    ids = pd.Series(list(ids), dtype=object)
    known = pd.Index(summary.customers["customer"]).get_indexer(pd.Index(ids))
    rest = ids[known < 0]
    rest = rest.where(rest.notna(), pd.Series([("no id", i) for i in range(len(rest))], index=rest.index, dtype=object))
    others, _ = pd.factorize(rest, use_na_sentinel=False)
    out, k = [], iter(others)
    for code in known:
        out.append(f"C-{draw[code] + 1:06d}" if code >= 0 else f"P-{next(k) + 1:06d}")
    return out


SCREEN_CELL = 200  # characters of a cell from a file shown in a table on screen


def screen_cells(frame: pd.DataFrame, most: int = SCREEN_CELL) -> pd.DataFrame:
    """``frame`` with every text cell longer than ``most`` characters cut («aaa… (32,767
    characters)»): what a page sends the browser stays small whatever the file's cells hold
    (a preview of 20 rows of 2,000 columns of 32,767 characters would be 1.3 GB). Short
    tables come back as they were, without a copy."""
    cut = {}
    for column in frame.columns:
        values = frame[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        long = values.astype("string").str.len().gt(most).to_numpy(dtype=bool, na_value=False)
        if long.any():
            cut[column] = values.where(~long, values[long].map(lambda v: shorten(v, most)))
    if not cut:
        return frame
    out = frame.copy()
    for column, values in cut.items():
        out[column] = values
    return out


# ---------------------------------------------------------------- the Value page


_PERCENT = ("p_alive", "p_alive_mean", "p_alive_p25", "p_alive_median", "p_alive_p75")
_MONEY = ("past_value", "risk", "value_12")


def value_display(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The table as the page shows it: stage names, percentages, rounded counts and money, headings in ``lang``."""
    out = frame.copy()
    for column in out.columns:
        if column == "stage":
            out[column] = [stage_label(x, lang) for x in out[column]]
        elif column in _PERCENT:
            out[column] = [fmt_pct(float(x), lang, 0) for x in out[column]]
        elif column in _MONEY:
            out[column] = [fmt_money(float(x), lang, 0) for x in out[column]]
        elif column == "expected_purchases":
            out[column] = [fmt_number(float(x), lang, 1) for x in out[column]]
        elif column in ("customers", "likely_alive"):
            out[column] = [fmt_int(int(x), lang) for x in out[column]]
    return out.rename(columns=lambda c: t(f"ui.value.col.{c}", lang))  # every name of value.COLUMNS


def retention_display(matrix: dict, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The cohorts' retention (``cohorts.retention_matrix``) as the page shows it: the share
    of each quarter's cohort still buying k months on, and their value when the file has
    amounts; one row per cohort («T1 2024»), its size first."""
    size = matrix["size"]["customers"]

    def table(frame, cell):
        out = frame.apply(lambda col: [cell(v) if v == v else "" for v in col])
        out.columns = [f"M{k}" for k in frame.columns]
        out.insert(0, t("ui.value.cohort_size", lang), [fmt_int(int(n), lang) for n in size])
        out.index = [quarter(p, lang) for p in frame.index]
        out.index.name = t("ui.value.cohort", lang)
        return out

    share = table(matrix["share"], lambda v: fmt_pct(v, lang, 0))
    value = None if matrix["value"] is None else table(matrix["value"], lambda v: fmt_money(v, lang, 0))
    return share, value


def monthly_display(m: pd.DataFrame, lang: str = "en") -> dict[str, list[str]]:
    """The main figures month by month (``cohorts.monthly_series``) as the page shows them."""
    return {
        t("ui.value.m.month", lang): [fmt_date(d, lang) for d in m["period_end"]],
        t("ui.value.m.clients", lang): [fmt_int(int(v), lang) for v in m["clients"]],
        t("ui.value.m.new", lang): [fmt_int(int(v), lang) for v in m["new"]],
        t("ui.value.m.won_back", lang): [fmt_int(int(v), lang) for v in m["won_back"]],
        t("ui.value.m.lost", lang): [fmt_int(int(v), lang) for v in m["lost"]],
        t("ui.value.m.quick", lang): ["" if v != v or v is None else fmt_number(v, lang, 2) for v in m["quick_ratio"]],
        t("ui.value.m.active", lang): [fmt_pct(v, lang, 0) for v in m["active_share"]],
        t("ui.value.m.retention", lang): ["" if v is None else fmt_pct(v, lang, 0) for v in m["retention_12"]],
    }
