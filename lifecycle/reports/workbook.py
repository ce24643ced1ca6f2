"""The Excel workbook: the summary with the definition and the funnel, the customers, the balance, the history, the KPIs and their series, the definitions; written with XlsxWriter, every text cell as text (never a formula); large customer lists spliced in as rows XML."""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
import zipfile

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..locale.formats import date_pattern, excel_money, excel_percent, quarter
from ..locale.i18n import fmt_date, stage_label, t
from ..model.funnel import stages_shown
from ..model.history import BALANCE_COLUMNS
from ..model.kpis import cohort_values, compute_kpis, kpi_series
from ..vocabulary import COLORS, OF_BUYERS
from .card import definitions_frame
from .customers import customers_frame, with_value
from .tables import kpi_series_headers

# XlsxWriter and pyarrow's compute functions are imported by the functions that write a workbook,
# when one is first asked for.

__all__ = ["workbook_bytes"]


def _w(key: str, lang: str, **kw) -> str:
    return t(f"export.{key}", lang, **kw)


# Above this many customers the workbook takes over a second (0.65 s at 100,000): the app
# writes it on request, with a progress bar, and then offers it.
LARGE_WORKBOOK = 150_000


LARGE_WORKBOOK = 150_000
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # day 0 of Excel's date numbers


def _excel_days(values: pd.Series) -> np.ndarray:
    """Dates as Excel date numbers (NaN where missing): a date is a number shown with a date format."""
    ts = pd.to_datetime(values, errors="coerce")
    return ((ts - _EXCEL_EPOCH) / pd.Timedelta(days=1)).to_numpy(dtype="float64", na_value=np.nan)


def workbook_bytes(
    analysis: Analysis, lang: str = "en", *, exported: dt.date | None = None, progress=None, model=None
) -> bytes:
    """The Excel workbook: Summary (with a native chart), Customers, Definitions, KPIs, Balance, Row report.

    Written by XlsxWriter in memory (no temporary file holds customer data): the customers
    sheet, one row per customer, goes column by column through typed writes. Every text is
    written as text, never as a formula, a number or a link. ``progress(share)`` is told how
    far the writing is, from 0 to 1 (the share of the time spent, as measured at 100,000 customers).
    ``model`` (a ``lifecycle.model.value.Value``) adds the value model's columns to the customers.
    """

    import xlsxwriter

    exported = exported or dt.date.today()
    date_fmt = date_pattern(lang)
    money = excel_money(lang)
    pct = excel_percent(lang)
    # A lost customer's share is of all buyers: the cell says so (``fmt_share``).
    pct_of_buyers = excel_percent(lang, after=t("share.of_buyers", lang, pct=""))
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,  # «=1+1» in a name stays text
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
        },
    )
    formats: dict = {}

    def fmt(num: str | None = None, **props):
        key = (num, tuple(sorted(props.items())))
        if key not in formats:
            formats[key] = wb.add_format({**props, **({"num_format": num} if num else {})})
        return formats[key]

    def _share_format(stage: str) -> str:
        return pct_of_buyers if stage in OF_BUYERS else pct

    bold = fmt(bold=True)
    head = fmt(bold=True, bg_color="#DDE7F0", text_wrap=True, valign="top")
    wrap = fmt(text_wrap=True, valign="top")
    bold_wrap = fmt(bold=True, text_wrap=True, valign="top")
    bold_top = fmt(bold=True, valign="top")
    # A spreadsheet does not grow a row for its wrapped text on opening (LibreOffice drew it
    # over the next rows): each row is given the height of its longest wrapped cell, the
    # lines counted in characters of the column's width.
    wrapping = {id(head), id(wrap), id(bold_wrap)}
    widths_of: dict[str, list[int]] = {}

    def put(ws, r: int, c: int, value, f=None) -> None:
        if isinstance(value, (pd.Timestamp, dt.date)) and not pd.isna(value):
            ws.write_datetime(r, c, pd.Timestamp(value).to_pydatetime(), f)
        elif isinstance(value, str):
            ws.write_string(r, c, value, f)
        elif value is None or pd.isna(value):
            ws.write_blank(r, c, None, f)
        else:
            ws.write_number(r, c, float(value), f)

    def sheet(title: str, widths: list[int], freeze: bool = True):
        ws = wb.add_worksheet(title)
        widths_of[ws.name] = widths
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        # Printed on A4 in landscape, one page wide, the header row on every page.
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        if freeze:
            ws.freeze_panes(1, 0)
            ws.repeat_rows(0)
        return ws

    def rows(ws, start: int, records) -> int:
        """Write rows of (value, format) pairs from row ``start``; the next free row."""
        r = start
        widths = widths_of.get(ws.name, [])
        for record in records:
            lines = 1
            for c, (value, f) in enumerate(record):
                put(ws, r, c, value, f)
                if isinstance(value, str) and id(f) in wrapping and c < len(widths):
                    lines = max(lines, len(textwrap.wrap(value, max(1, int(widths[c])))))
            if lines > 1:
                ws.set_row(r, 15 * lines)
            r += 1
        return r

    def header(ws, r: int, names: list[str]) -> int:
        return rows(ws, r, [[(n, head) for n in names]])

    s, st, d = analysis.summary, analysis.stages, analysis.definition

    # Summary: the three facts, the stage table and a native bar chart of the funnel.
    ws = sheet(_w("sheet.summary", lang), [24, 14, 22, 12, 12, 12, 12, 12], freeze=False)
    put(ws, 0, 0, f"{_w('title', lang)} — {analysis.loaded.raw.file}", fmt(bold=True, font_size=16))
    r = 2
    # The definition whole in one cell, wrapped over the columns to the chart's right edge (so
    # that it is copied in one piece), its row as tall as its lines.
    definition = d.text(lang, s.as_of)
    put(ws, r, 0, _w("definition", lang), bold_top)
    ws.merge_range(r, 1, r, 7, definition, wrap)
    ws.set_row(r, 15 * max(1, len(textwrap.wrap(definition, sum(widths_of[ws.name][1:8]) - 4))))
    r += 1
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
        num = date_fmt if isinstance(value, pd.Timestamp) else ("#,##0" if isinstance(value, int) else None)
        r = rows(ws, r, [[(label, bold), (value, fmt(num) if num else None)]])
    r += 1
    table_top = r
    r = header(ws, r, [_w("stage", lang), _w("count", lang), _w("share", lang)])
    counts, shares = st.counts, st.shares()
    listed = stages_shown(st)  # the funnel's stages: contacts only with a contacts list
    r = rows(
        ws,
        r,
        [
            [(stage_label(x, lang), None), (counts[x], fmt("#,##0")), (shares.get(x), fmt(_share_format(x)))]
            for x in listed
        ],
    )
    chart = wb.add_chart({"type": "bar"})
    sheet_name = ws.get_name()
    chart.add_series(
        {
            "name": [sheet_name, table_top, 1],
            "categories": [sheet_name, table_top + 1, 0, table_top + len(listed), 0],
            "values": [sheet_name, table_top + 1, 1, table_top + len(listed), 1],
            "points": [{"fill": {"color": COLORS[x]}, "border": {"color": COLORS[x]}} for x in listed],
        }
    )
    chart.set_title({"name": _w("title", lang)})
    chart.set_x_axis({"name": _w("count", lang)})
    chart.set_y_axis({"reverse": True})  # life-cycle order from the top
    chart.set_legend({"none": True})
    chart.set_size({"width": 640, "height": 300})
    ws.insert_chart(r + 1, 0, chart)

    # Customers: one row per customer (and the value model's columns when given).
    frame = customers_frame(analysis, lang)
    if model is not None:
        frame = with_value(frame, analysis, model, lang)
    sample = frame.head(500).astype("string").fillna("")
    widths = [min(45, max(12, len(c) + 3, int(sample[c].str.len().quantile(0.95) or 0) + 3)) for c in frame.columns]
    ws = sheet(_w("sheet.customers", lang), widths)
    header(ws, 0, list(frame.columns))
    date_cols = {_w("first", lang), _w("last", lang), _w("first_contact", lang)}
    money_cols = {_w(k, lang) for k in ("amount", "value_12", "value_24", "value_36", "expected_value_12")}
    number_formats = {_w("occasions", lang): "#,##0", _w("p_alive", lang): pct}
    if model is not None:
        number_formats[_w("expected_purchases", lang, months=model.horizon_months)] = "0.00"
    kinds = []
    for name in frame.columns:
        if name in date_cols:
            kinds.append((fmt(date_fmt), _excel_days(frame[name])))
        elif name in money_cols or name in number_formats:
            f = fmt(money if name in money_cols else number_formats[name])
            kinds.append((f, pd.to_numeric(frame[name]).to_numpy("float64", na_value=np.nan)))
        else:
            kinds.append((None, frame[name].astype(object).where(frame[name].notna(), None).tolist()))
    # The first customer through XlsxWriter's own calls (it registers the cell formats); the
    # others are spliced in below, as XML built a column at a time.
    rest = _rows_xml_possible(kinds)
    last = 1 if rest and len(frame) else len(frame)
    for c, (f, values) in enumerate(kinds):
        for i in range(last):
            v = values[i]
            if isinstance(values, np.ndarray):
                if not np.isnan(v):
                    ws.write_number(i + 1, c, v, f)
                elif i == 0:
                    ws.write_blank(i + 1, c, None, f)  # the format registered all the same
            elif v is not None and v != "":
                ws.write_string(i + 1, c, str(v))
        if progress is not None:
            progress(0.05 + 0.1 * (c + 1) / len(frame.columns))
    customers_sheet = f"xl/worksheets/sheet{len(wb.worksheets())}.xml"

    # Definitions.
    defs = definitions_frame(analysis, lang)
    ws = sheet(_w("sheet.definitions", lang), [20, 70, 12, 22, 60])
    r = header(ws, 0, list(defs.columns[1:]))
    rows(
        ws,
        r,
        [
            [(x[1], bold), (x[2], wrap), (x[3], fmt("#,##0")), (x[4], fmt(_share_format(x[0]))), (x[5], wrap)]
            for x in defs.itertuples(index=False)
        ],
    )

    # KPIs.
    ws = sheet(_w("sheet.kpis", lang), [40, 16, 14, 90])
    r = header(ws, 0, [_w("kpi", lang), _w("value", lang), _w("base", lang), _w("kpi_definition", lang)])
    unit_fmt = {"ratio": pct, "money": money, "count": "#,##0", "number": "0.00"}
    rows(
        ws,
        r,
        [
            [
                (k.label(lang), bold_wrap),
                (k.value, fmt(unit_fmt[k.unit]) if k.unit in unit_fmt else None),
                (k.base, fmt("#,##0")),
                (k.definition(lang), wrap),
            ]
            for k in compute_kpis(st)
        ],
    )

    # Value over the first months after the first purchase, per acquisition cohort.
    cohorts = cohort_values(s)
    if len(cohorts):
        names = [_w("cohort", lang), _w("acquired", lang)]
        for m in (12, 24, 36):
            names += [_w("old", lang, m=m), _w("mean_first", lang, m=m), _w("median_first", lang, m=m)]
        ws = sheet(_w("sheet.cohorts", lang), [len(x) + 3 for x in names])  # headers in full
        r = header(ws, 0, names)
        records = []
        for x in cohorts.itertuples(index=False):
            record = [(quarter(x.cohort, lang), None), (int(x.acquired), fmt("#,##0"))]
            for m in (12, 24, 36):
                record += [
                    (int(getattr(x, f"old_{m}")), fmt("#,##0")),
                    (getattr(x, f"mean_{m}"), fmt(money)),
                    (getattr(x, f"median_{m}"), fmt(money)),
                ]
            records.append(record)
        rows(ws, r, records)

    # Balance.
    ws = sheet(_w("sheet.balance", lang), [16, 16, 12, 12, 12, 16, 14, 20, 26])
    bal = analysis.balance()
    if bal is None:
        put(ws, 0, 0, _w("no_balance", lang) + t("unavailable.history", lang))
    else:
        r = header(ws, 0, [_w(f"col.{k}", lang) for k in BALANCE_COLUMNS])
        rows(
            ws,
            r,
            [
                [
                    (pd.Timestamp(x.period_end), fmt(date_fmt)),
                    *((int(v), fmt("#,##0")) for v in (x.clients_start, x.new, x.won_back, x.lost, x.clients_end)),
                    (x.quick_ratio, fmt("0.00")),
                    (x.new_revenue, fmt(money)),
                    (x.lost_revenue, fmt(money)),
                ]
                for x in bal.itertuples(index=False)
            ],
        )

    # The four indicators at each month end.
    if s.has_history:
        series = kpi_series(s, d, "month")
        names = kpi_series_headers(lang)
        ws = sheet(_w("sheet.kpi_series", lang), [max(12, len(n) + 3) for n in names.values()])
        r = header(ws, 0, list(names.values()))
        number = {"activity_rate": pct, "repeat_purchase_rate": pct, "average_basket": money}
        number["purchase_frequency"] = "0.00"
        r = rows(
            ws,
            r,
            [
                [
                    (pd.Timestamp(x["period_end"]), fmt(date_fmt)),
                    *((x[c], fmt(number.get(c, "#,##0"))) for c in list(names)[1:]),
                ]
                for x in series.to_dict("records")
            ],
        )
        put(ws, r + 1, 0, _w("kpi_series.note", lang))

    # Row report: every row read accounted for.
    rep = analysis.report
    ws = sheet(_w("sheet.rows", lang), [14, 36, 24, 40], freeze=False)
    understood = (
        [t("understood.recognised", lang, platform=t(f"platform.{rep.platform}", lang))] if rep.platform else []
    )
    understood += [rep.understood_text(lang)] if rep.understood else []
    r = 0

    def across(first: int, text: str, f) -> None:
        """``text`` wrapped in one cell over the columns from ``first`` to the last, its row
        as tall as its lines (a long line once ran on over three printed pages)."""
        nonlocal r
        ws.merge_range(r, first, r, 3, text, f)
        lines = len(textwrap.wrap(text, sum(widths_of[ws.name][first:4])))
        if lines > 1:
            ws.set_row(r, 15 * lines)
        r += 1

    for line in understood:
        across(0, line, bold_wrap)
    counts_read = [("rows.read", rep.read), ("rows.used", rep.used), ("rows.rejected", rep.rejected)]
    counts_read.append(("rows.after", rep.after_as_of))
    r = rows(ws, r, [[(_w(key, lang), bold_wrap), (n, fmt("#,##0"))] for key, n in counts_read])
    for w in rep.warnings:
        put(ws, r, 0, _w("rows.note", lang), bold_top)
        across(1, w.text(lang), wrap)
    if rep.statuses:  # what each status value was read as
        r = header(ws, r + 1, [_w("status.value", lang), _w("status.meaning", lang), _w("status.rows", lang)])
        r = rows(
            ws,
            r,
            [[(v.value, None), (t(f"meaning.{v.meaning}", lang), None), (v.rows, fmt("#,##0"))] for v in rep.statuses],
        )
    r = header(
        ws, r + 1, [_w("rows.row", lang), _w("rows.reason", lang), _w("rows.column", lang), _w("rows.value", lang)]
    )
    rows(
        ws,
        r,
        [
            [(int(x[0]), None), (x[1], None), (x[2], None), (x[3], None)]
            for x in rep.rejected_frame(lang).itertuples(index=False)
        ],
    )

    wb.close()
    content = buf.getvalue()
    if rest and len(frame) > 1:
        if progress is not None:
            progress(0.5)
        content = _splice_rows(content, customers_sheet, _rows_xml(kinds, start=1), len(frame) + 1)
    if progress is not None:
        progress(1.0)
    return content


# Text XlsxWriter would escape cell by cell (control characters, and «_xHHHH_» which Excel
# reads as an escaped character): a sheet holding any is written by XlsxWriter itself.
_NEEDS_XLSXWRITER = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]|_x[0-9A-Fa-f]{4}_"


def _column_letter(i: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(i)


def _rows_xml_possible(kinds: list) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    for _format, values in kinds:
        if not isinstance(values, np.ndarray):
            text = pa.array([None if v is None else str(v) for v in values], type=pa.string())
            if pc.any(pc.match_substring_regex(text, _NEEDS_XLSXWRITER)).as_py():
                return False
            if len(text) and (pc.max(pc.utf8_length(text)).as_py() or 0) > 32_767:  # Excel's limit: XlsxWriter cuts
                return False
    return True


def _rows_xml(kinds: list, start: int) -> bytes:
    """Values ``start``… of each column, as the sheet's rows ``start + 2``… (row 1 holds the
    names) in SpreadsheetML, from (format, values) per column: numbers
    as ``<v>`` with the format's style, text as inline strings (escaped; never a formula).

    Why by hand: XlsxWriter spends about 5 µs a cell in Python; 1,000,000 cells took 4.8 s.
    Built a column at a time with Arrow's string kernels, the same cells take well under a
    second. Only the cells; XlsxWriter writes everything else of the workbook."""
    import pyarrow as pa
    import pyarrow.compute as pc

    row_numbers = pa.array(np.arange(start + 2, len(kinds[0][1]) + 2)).cast(pa.string())
    cells = []
    for c, (f, values) in enumerate(kinds):
        ref = pc.binary_join_element_wise(_column_letter(c), row_numbers, "")
        if isinstance(values, np.ndarray):
            v = values[start:]
            number = pa.array(v, mask=np.isnan(v)).cast(pa.string())
            style = f' s="{f.xf_index}"' if f is not None and f.xf_index else ""
            cell = pc.binary_join_element_wise('<c r="', ref, f'"{style}><v>', number, "</v></c>", "")
        else:
            text = pa.array([None if v is None or v == "" else str(v) for v in values[start:]], type=pa.string())
            for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
                text = pc.replace_substring(text, raw, escaped)
            cell = pc.binary_join_element_wise(
                '<c r="', ref, '" t="inlineStr"><is><t xml:space="preserve">', text, "</t></is></c>", ""
            )
        cells.append(pc.fill_null(cell, ""))
    rows = pc.binary_join_element_wise('<row r="', row_numbers, '">', *cells, "</row>", "")
    return "".join(rows.to_pylist()).encode("utf-8")


def _splice_rows(xlsx: bytes, sheet: str, rows: bytes, last_row: int) -> bytes:
    """The workbook with ``rows`` added at the end of ``sheet``'s data, its dimension widened."""

    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == sheet:
                data = data.replace(b"</sheetData>", rows + b"</sheetData>", 1)
                data = re.sub(
                    rb'<dimension ref="A1:([A-Z]+)\d+"/>', rb'<dimension ref="A1:\g<1>%d"/>' % last_row, data, count=1
                )
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()
