"""Files to hand over: annotated charts (PNG at 2x, SVG, PDF), the Excel workbook, the
customers CSV for a CRM import, and the definitions card (Markdown).

Every exported chart states the definition, the total number of clients and the period,
with the source file and the export date. Every text cell that would start a formula
(``=``, ``+``, ``-``, ``@``, tab, CR) is written as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io

import altair as alt
import numpy as np
import pandas as pd
import vl_convert as vlc

from .analysis import Analysis
from .charts import (
    Facts,
    annotate,
    balance_bridge_chart,
    balance_flows_chart,
    balance_money_chart,
    balance_notes,
    bridge_since,
    default_bridge_start,
    funnel_chart,
    history_chart,
    no_loss_before,
    sensitivity_chart,
    thresholds_chart,
    transitions_chart,
)
from .errors import LifecycleError
from .export_safety import markdown_text, safe_frame
from .history import BALANCE_COLUMNS, balance, stage_history, transitions
from .i18n import fmt_date, fmt_int, fmt_money, fmt_pct, stage_label, t
from .kpis import cohort_values, compute_kpis
from .stages import STAGE_CODE
from .tables import stages_shown
from .vocabulary import COLORS, FUNNEL_ORDER, STAGES

__all__ = [
    "CHARTS",
    "CLIENT_STATUS_CHARTS",
    "FORMATS",
    "build_chart",
    "chart_bytes",
    "chart_inputs",
    "customers_csv",
    "customers_frame",
    "definitions_card",
    "definitions_frame",
    "export",
    "workbook_bytes",
]

CHARTS = ("funnel", "balance", "flows", "money", "history", "transitions", "thresholds", "sensitivity")
FORMATS = ("png", "svg", "pdf", "xlsx", "csv", "md")
CHART_FORMATS = ("png", "svg", "pdf")


def _w(key: str, lang: str, **kw) -> str:
    return t(f"export.{key}", lang, **kw)


# ---------------------------------------------------------------- charts


# Charts drawn from client status alone (the balance): the new and active thresholds do not
# change them (``history.balance``), so a page may keep them while those sliders move.
CLIENT_STATUS_CHARTS = ("balance", "flows", "money")


def chart_inputs(analysis: Analysis, name: str, options: dict) -> str:
    """Everything ``build_chart(analysis, name, **options)`` depends on besides the data and
    the language, as text: equal texts, equal charts."""
    d = analysis.definition
    if name in CLIENT_STATUS_CHARTS:
        d = d.replace(new_months=1, active_months=1)
    return f"{name}|{analysis.period}|{sorted(options.items())!r}|{d.to_json()}"


def build_chart(
    analysis: Analysis,
    name: str,
    lang: str = "en",
    *,
    by_segment: bool = False,
    start=None,
    end=None,
    which: str = "active_months",
    period: str | None = None,
) -> alt.TopLevelMixin:
    """One of ``CHARTS`` for an analysis (not yet annotated), as a page shows it: the same
    function draws the page's chart and its export, so both have the same span, dates,
    segment split and period.

    ``start``/``end``: the span of the balance bridge, or the two dates of the transitions
    (default: the last 12 months); ``which``: the threshold the sensitivity slides;
    ``period``: month, quarter or year for the flows, money and history (default: the analysis').
    """
    s, d = analysis.summary, analysis.definition
    period = period or analysis.period
    if name == "funnel":
        return funnel_chart(analysis.stages, lang, by_segment=by_segment)
    if name in ("thresholds", "sensitivity"):
        if name == "thresholds":
            return thresholds_chart(s, d, lang)
        return sensitivity_chart(s, d, which, lang)
    if not s.has_history:
        raise LifecycleError.of("error.chart_history", chart=name)
    notes = balance_notes(s, d, lang)
    until = no_loss_before(s, d)
    if name == "balance":
        b = balance(s, d, period)
        since = bridge_since(b, start, end)
        plain = balance_notes(s, d, lang, shaded=False, since=since)
        return balance_bridge_chart(b, lang, start=start, end=end, notes=plain)
    if name == "flows":
        b = balance(s, d, period, by_segment=by_segment and s.has_segment)
        return balance_flows_chart(b, lang, period, notes=notes, shade_until=until)
    if name == "money":
        if not s.has_amount:
            raise LifecycleError.of("unavailable.amount")
        return balance_money_chart(balance(s, d, period), lang, period, notes=notes, shade_until=until)
    if name == "history":
        h = stage_history(s, d, period, by_segment=by_segment and s.has_segment)
        return history_chart(h, lang, period, notes=notes, shade_until=until)
    if name == "transitions":
        end_ts = pd.Timestamp(end) if end is not None else s.as_of
        if start is not None:
            start_ts = pd.Timestamp(start)
        elif end is None:  # the bridge's year: both charts of the page start on the same day
            start_ts = default_bridge_start(balance(s, d, period)["period_end"])
        else:
            start_ts = end_ts - pd.DateOffset(months=12)
        return transitions_chart(transitions(s, d, start_ts, end_ts), lang, start=start_ts, end=end_ts)
    raise LifecycleError.of("error.chart", chart=name, charts=", ".join(CHARTS))


def chart_bytes(chart: alt.TopLevelMixin, fmt: str) -> bytes:
    """The chart as PNG (2x), SVG or PDF bytes, rendered by vl-convert."""
    spec = chart.to_dict()
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=2)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    if fmt == "pdf":
        return vlc.vegalite_to_pdf(spec)
    raise LifecycleError.of("error.chart_format", fmt=fmt)


def annotated_chart(analysis: Analysis, name: str, lang: str = "en", *, exported: dt.date | None = None, **options):
    facts = Facts.from_stages(analysis.stages, analysis.loaded.raw.file, lang, exported, analysis.segment)
    return annotate(build_chart(analysis, name, lang, **options), facts, lang)


# ---------------------------------------------------------------- tables


def customers_frame(
    analysis: Analysis,
    lang: str = "en",
    *,
    include_contacts: bool = True,
    stage: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Every customer with their stage (labels in ``lang``), and contacts without purchase;
    only those of ``stage`` when given; the first ``limit`` rows when given (the columns are
    the same as without a limit: they are chosen from every row)."""
    st = analysis.stages
    c = analysis.summary.customers
    codes = st.codes
    if stage is not None:
        keep = codes == STAGE_CODE[stage]
        c, codes = c[keep], codes[keep]
        include_contacts = include_contacts and stage in ("suspect", "prospect")
    k = analysis.summary.contacts if include_contacts else analysis.summary.contacts.iloc[:0]
    if stage is not None and len(k):
        k = k[k["stage"] == stage]
    # Descriptive columns the file did not have are left out, and the e-mail when it is the id.
    ids, emails = pd.concat([c["customer"], k["customer"]]), pd.concat([c["email"], k["email"]])
    drop = set()
    if emails.notna().any() and (emails.isna() | (emails == ids)).all():
        drop.add("email")
    for key in ("name", "email", "segment"):
        values = pd.concat([c[key], k[key]]) if key in k else c[key]
        if values.isna().all():
            drop.add(key)
    if limit is not None:
        c, codes = c.iloc[:limit], codes[:limit]
        k = k.iloc[: max(0, limit - len(c))]
    labels = np.array([stage_label(x, lang) for x in STAGES] + [""], dtype=object)
    out = pd.DataFrame(
        {
            _w("customer", lang): c["customer"],
            _w("name", lang): c["name"],
            _w("email", lang): c["email"],
            _w("segment", lang): c["segment"],
            _w("stage", lang): labels[codes],
            _w("first", lang): c["first"],
            _w("last", lang): c["last"],
            _w("occasions", lang): c["occasions"],
            _w("amount", lang): c["amount"],
            _w("value_12", lang): c["value_12"],
            _w("value_24", lang): c["value_24"],
            _w("value_36", lang): c["value_36"],
        }
    )
    if len(k):
        contacts = pd.DataFrame(
            {
                _w("customer", lang): k["customer"],
                _w("name", lang): k["name"],
                _w("email", lang): k["email"],
                _w("stage", lang): [stage_label(x, lang) for x in k["stage"]],
            }
        )
        out = pd.concat([out, contacts], ignore_index=True)
    else:
        out = out.reset_index(drop=True)
    out[_w("occasions", lang)] = pd.to_numeric(out[_w("occasions", lang)]).round().astype("Int64")
    for key in ("amount", "value_12", "value_24", "value_36"):
        out[_w(key, lang)] = pd.to_numeric(out[_w(key, lang)]).round(2)
    for key in ("first", "last"):  # days, not midnight timestamps
        out[_w(key, lang)] = pd.to_datetime(out[_w(key, lang)]).dt.date
    out = out.drop(columns=[_w(key, lang) for key in sorted(drop)])
    if not analysis.summary.has_amount:
        out = out.drop(columns=[_w(k, lang) for k in ("amount", "value_12", "value_24", "value_36")])
    elif not analysis.summary.has_history:
        out = out.drop(columns=[_w(k, lang) for k in ("value_12", "value_24", "value_36")])
    return out


def customers_csv(analysis: Analysis, lang: str = "en") -> str:
    """Customers with their stage, for a CRM import (protected against formula injection)."""
    frame = customers_frame(analysis, lang)
    for col in (_w("first", lang), _w("last", lang)):
        frame[col] = pd.to_datetime(frame[col]).dt.strftime("%Y-%m-%d")
    sep = ";" if lang == "fr" else ","
    decimal = "," if lang == "fr" else "."
    return safe_frame(frame).to_csv(index=False, sep=sep, decimal=decimal, float_format="%.2f")


def definition_stages(analysis: Analysis) -> tuple[str, ...]:
    """The stages the definitions card lists: every stage of the funnel, below the minimum
    only when a minimum amount is set."""
    return tuple(s for s in FUNNEL_ORDER if s != "below_minimum" or analysis.definition.min_amount is not None)


def definitions_frame(analysis: Analysis, lang: str = "en") -> pd.DataFrame:
    """One row per stage: the rule in words with the current thresholds, count, share, action."""
    d, st = analysis.definition, analysis.stages
    counts, shares = st.counts, st.shares()
    amount = fmt_money(d.min_amount, lang) if d.min_amount is not None else ""
    rows = []
    for stage in definition_stages(analysis):
        rule = t(f"rule.{stage}", lang, new=d.new_months, active=d.active_months, client=d.client_months, amount=amount)
        if stage == "lost":
            extra = []
            if d.own_rhythm:
                extra.append(t("def.own_rhythm", lang, multiple=_multiple(d.rhythm_multiple, lang)))
            if d.opt_out_lost:
                extra.append(t("def.opt_out", lang))
            rule = " ".join([rule, *extra])
        rows.append(
            {
                "stage": stage,
                _w("stage", lang): stage_label(stage, lang),
                _w("rule", lang): rule,
                _w("count", lang): counts[stage],
                _w("share", lang): shares.get(stage),
                _w("action", lang): t(f"action.{stage}", lang),
            }
        )
    return pd.DataFrame(rows)


def _multiple(x: float, lang: str) -> str:
    return f"{x:g}".replace(".", "," if lang == "fr" else ".")


def definitions_card(analysis: Analysis, lang: str = "en") -> str:
    """The definitions card as Markdown: the three facts, then one line per stage."""
    d, s, st = analysis.definition, analysis.summary, analysis.stages
    lines = [
        f"# {_w('card.title', lang)}",
        "",
        _w("card.intro", lang, new=d.new_months, active=d.active_months, client=d.client_months),
        "",
        f"- **{_w('definition', lang)}**: {d.text(lang, s.as_of)}".replace("**:", "** :" if lang == "fr" else "**:"),
        f"- **{_w('clients', lang)}**{' :' if lang == 'fr' else ':'} {fmt_int(st.clients_total, lang)}",
        f"- **{_w('period', lang)}**{' :' if lang == 'fr' else ':'} {fmt_date(s.first_date, lang)} – "
        f"{fmt_date(s.last_date, lang)} ({_w('as_of', lang).lower()} {fmt_date(s.as_of, lang)})",
        f"- **{_w('source', lang)}**{' :' if lang == 'fr' else ':'} {markdown_text(analysis.loaded.raw.file)}",
        *(
            [f"- **{_w('segment', lang)}**{' :' if lang == 'fr' else ':'} {markdown_text(analysis.segment)}"]
            if analysis.segment
            else []
        ),
        f"- **{_w('scope', lang)}**{' :' if lang == 'fr' else ':'} {_w('card.scope', lang)}",
        "",
        f"| {_w('stage', lang)} | {_w('rule', lang)} | {_w('count', lang)} | {_w('share', lang)} | {_w('action', lang)} |",
        "|---|---|---:|---:|---|",
    ]
    for r in definitions_frame(analysis, lang).itertuples(index=False):
        share = "" if r[4] is None else fmt_pct(r[4], lang)
        cells = [str(r[1]), str(r[2]), fmt_int(r[3], lang), share, str(r[5])]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- workbook


def workbook_bytes(analysis: Analysis, lang: str = "en", *, exported: dt.date | None = None) -> bytes:
    """The Excel workbook: Summary (with a native chart), Customers, Definitions, KPIs, Balance, Row report."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill

    exported = exported or dt.date.today()
    date_fmt = "DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD"
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    wb = Workbook(write_only=True)

    def cell(ws, value, *, font=None, fmt=None, fill=None, wrap=False):
        if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
            value = None
        if isinstance(value, pd.Timestamp):
            value = None if pd.isna(value) else value.to_pydatetime()
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # text stays text: «=1+1» is never a formula
        if font:
            c.font = font
        if fmt:
            c.number_format = fmt
        if fill:
            c.fill = fill
        if wrap:
            c.alignment = Alignment(wrap_text=True, vertical="top")
        return c

    def sheet(title: str, widths: list[int], freeze: str | None = "A2"):
        ws = wb.create_sheet(title)
        for i, w in enumerate(widths):
            ws.column_dimensions[_col(i)].width = w
        if freeze:
            ws.freeze_panes = freeze
        return ws

    def header(ws, names: list[str]):
        ws.append([cell(ws, n, font=bold, fill=header_fill) for n in names])

    s, st, d = analysis.summary, analysis.stages, analysis.definition

    # Summary: the three facts, the stage table and a native bar chart of the funnel.
    import textwrap

    ws = sheet(_w("sheet.summary", lang), [24, 14, 10, 12, 12, 12, 12, 12], freeze=None)
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # one page wide when printed
    ws.page_setup.fitToHeight = 0
    ws.append([cell(ws, f"{_w('title', lang)} — {analysis.loaded.raw.file}", font=Font(bold=True, size=16))])
    ws.append([])
    # Long text is written one line per row: it overflows into the empty cells on its right.
    for i, line in enumerate(textwrap.wrap(d.text(lang, s.as_of), 95)):
        ws.append([cell(ws, _w("definition", lang) if i == 0 else None, font=bold), cell(ws, line)])
    facts = [
        (_w("clients", lang), st.clients_total),
        (_w("period", lang), f"{fmt_date(s.first_date, lang)} – {fmt_date(s.last_date, lang)}"),
        (_w("as_of", lang), s.as_of),
        (_w("source", lang), analysis.loaded.raw.file),
        (_w("exported", lang), pd.Timestamp(exported)),
    ]
    if analysis.segment:
        facts.insert(1, (_w("segment", lang), analysis.segment))
    for label, value in facts:
        fmt = date_fmt if isinstance(value, pd.Timestamp) else ("#,##0" if isinstance(value, int) else None)
        ws.append([cell(ws, label, font=bold), cell(ws, value, fmt=fmt)])
    ws.append([])
    table_top = 2 + len(textwrap.wrap(d.text(lang, s.as_of), 95)) + len(facts) + 2
    header(ws, [_w("stage", lang), _w("count", lang), _w("share", lang)])
    counts, shares = st.counts, st.shares()
    listed = stages_shown(st)  # the funnel's stages: contacts only with a contacts list
    for stage in listed:
        ws.append(
            [
                cell(ws, stage_label(stage, lang)),
                cell(ws, counts[stage], fmt="#,##0"),
                cell(ws, shares.get(stage), fmt="0.0%"),
            ]
        )
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = _w("title", lang)
    chart.y_axis.title = _w("count", lang)
    chart.x_axis.scaling.orientation = "maxMin"  # life-cycle order from the top
    chart.legend = None
    chart.add_data(Reference(ws, min_col=2, min_row=table_top, max_row=table_top + len(listed)), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=table_top + 1, max_row=table_top + len(listed)))
    chart.width, chart.height = 17, 8
    from openpyxl.chart.marker import DataPoint

    for i, stage in enumerate(listed):  # the same zone colours as the charts
        point = DataPoint(idx=i)
        point.graphicalProperties.solidFill = COLORS[stage].lstrip("#")
        point.graphicalProperties.line.solidFill = COLORS[stage].lstrip("#")
        chart.series[0].dPt.append(point)
    ws.add_chart(chart, f"A{table_top + len(listed) + 2}")

    # Customers.
    frame = customers_frame(analysis, lang)
    sample = frame.head(500).astype("string").fillna("")
    widths = [min(45, max(12, len(c) + 3, int(sample[c].str.len().quantile(0.95) or 0) + 3)) for c in frame.columns]
    ws = sheet(_w("sheet.customers", lang), widths)
    header(ws, list(frame.columns))
    date_cols = {_w("first", lang), _w("last", lang)}
    money_cols = {_w(k, lang) for k in ("amount", "value_12", "value_24", "value_36")}
    fmts = [
        date_fmt
        if c in date_cols
        else "#,##0.00"
        if c in money_cols
        else "#,##0"
        if c == _w("occasions", lang)
        else None
        for c in frame.columns
    ]
    for rec in frame.itertuples(index=False):
        ws.append([cell(ws, v, fmt=f) for v, f in zip(rec, fmts)])

    # Definitions.
    defs = definitions_frame(analysis, lang).drop(columns="stage")
    ws = sheet(_w("sheet.definitions", lang), [20, 70, 12, 10, 60])
    header(ws, list(defs.columns))
    for rec in defs.itertuples(index=False):
        ws.append(
            [
                cell(ws, rec[0], font=bold),
                cell(ws, rec[1], wrap=True),
                cell(ws, rec[2], fmt="#,##0"),
                cell(ws, rec[3], fmt="0.0%"),
                cell(ws, rec[4], wrap=True),
            ]
        )

    # KPIs.
    ws = sheet(_w("sheet.kpis", lang), [40, 16, 14, 90])
    header(ws, [_w("kpi", lang), _w("value", lang), _w("base", lang), _w("kpi_definition", lang)])
    unit_fmt = {"ratio": "0.0%", "money": "#,##0.00", "count": "#,##0", "number": "0.00"}
    for k in compute_kpis(st):
        ws.append(
            [
                cell(ws, k.label(lang), font=bold),
                cell(ws, k.value, fmt=unit_fmt.get(k.unit)),
                cell(ws, k.base, fmt="#,##0"),
                cell(ws, k.definition(lang), wrap=True),
            ]
        )

    # Value over the first months after the first purchase, per acquisition cohort.
    cohorts = cohort_values(s)
    if len(cohorts):
        names = [_w("cohort", lang), _w("acquired", lang)]
        for m in (12, 24, 36):
            names += [_w("old", lang, m=m), _w("mean_first", lang, m=m), _w("median_first", lang, m=m)]
        ws = sheet(_w("sheet.cohorts", lang), [len(n) + 3 for n in names])  # headers in full
        header(ws, names)
        for r in cohorts.itertuples(index=False):
            row = [cell(ws, r.cohort), cell(ws, int(r.acquired), fmt="#,##0")]
            for m in (12, 24, 36):
                row += [
                    cell(ws, int(getattr(r, f"old_{m}")), fmt="#,##0"),
                    cell(ws, getattr(r, f"mean_{m}"), fmt="#,##0.00"),
                    cell(ws, getattr(r, f"median_{m}"), fmt="#,##0.00"),
                ]
            ws.append(row)

    # Balance.
    ws = sheet(_w("sheet.balance", lang), [16, 16, 12, 12, 12, 16, 14, 20, 26])
    bal = analysis.balance()
    if bal is None:
        ws.append([cell(ws, _w("no_balance", lang) + t("unavailable.history", lang))])
    else:
        keys = BALANCE_COLUMNS
        header(ws, [_w(f"col.{k}", lang) for k in keys])
        for r in bal.itertuples(index=False):
            ws.append(
                [
                    cell(ws, pd.Timestamp(r.period_end), fmt=date_fmt),
                    *(
                        cell(ws, int(v), fmt="#,##0")
                        for v in (r.clients_start, r.new, r.won_back, r.lost, r.clients_end)
                    ),
                    cell(ws, r.quick_ratio, fmt="0.00"),
                    cell(ws, r.new_revenue, fmt="#,##0.00"),
                    cell(ws, r.lost_revenue, fmt="#,##0.00"),
                ]
            )

    # Row report: every row read accounted for.
    rep = analysis.report
    ws = sheet(_w("sheet.rows", lang), [14, 36, 24, 40], freeze=None)
    for key, n in (
        ("rows.read", rep.read),
        ("rows.used", rep.used),
        ("rows.rejected", rep.rejected),
        ("rows.after", rep.after_as_of),
    ):
        ws.append([cell(ws, _w(key, lang), font=bold), cell(ws, n, fmt="#,##0")])
    for w in rep.warnings:
        ws.append([cell(ws, "!"), cell(ws, w.text(lang))])
    ws.append([])
    header(ws, [_w("rows.row", lang), _w("rows.reason", lang), _w("rows.column", lang), _w("rows.value", lang)])
    for r in rep.rejected_frame(lang).itertuples(index=False):
        ws.append([cell(ws, int(r[0])), cell(ws, r[1]), cell(ws, r[2]), cell(ws, r[3])])

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _col(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


# ---------------------------------------------------------------- one entry point


def export(
    analysis: Analysis, fmt: str, lang: str = "en", *, chart: str = "funnel", exported: dt.date | None = None, **options
) -> bytes:
    """The bytes of one export: an annotated chart (png/svg/pdf), the workbook, the CSV or the card."""
    if fmt in CHART_FORMATS:
        return chart_bytes(annotated_chart(analysis, chart, lang, exported=exported, **options), fmt)
    if fmt == "xlsx":
        return workbook_bytes(analysis, lang, exported=exported)
    if fmt == "csv":
        return customers_csv(analysis, lang).encode("utf-8-sig")  # BOM: Excel opens accents right
    if fmt == "md":
        return definitions_card(analysis, lang).encode("utf-8")
    raise LifecycleError.of("error.format", fmt=fmt, formats=", ".join(FORMATS))
