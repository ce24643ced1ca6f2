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

from ..analysis import Analysis
from ..errors import LifecycleError
from ..locale.formats import date_pattern, excel_money, quarter
from ..locale.i18n import fmt_date, fmt_int, fmt_money, fmt_pct, stage_label, t
from ..model.history import BALANCE_COLUMNS, balance, stage_history, transitions
from ..model.kpis import cohort_values, compute_kpis
from ..model.stages import STAGE_CODE
from ..vocabulary import CHART_FORMATS, CHARTS, COLORS, FORMATS, FUNNEL_ORDER, STAGES, VALUE_CHARTS
from .charts import (
    WIDTH,
    Facts,
    Plan,
    annotate,
    balance_bridge_chart,
    balance_flows_chart,
    balance_money_chart,
    balance_notes,
    bridge_since,
    default_bridge_start,
    funnel_plan,
    history_plan,
    no_loss_before,
    sensitivity_plan,
    thresholds_chart,
    transitions_plan,
)
from .export_safety import markdown_text, safe_frame
from .tables import stages_shown

__all__ = [
    "CHARTS",
    "CLIENT_STATUS_CHARTS",
    "FORMATS",
    "build_chart",
    "chart_bytes",
    "chart_inputs",
    "csv_text",
    "customers_csv",
    "customers_frame",
    "customers_shown",
    "definitions_card",
    "definitions_frame",
    "export",
    "workbook_bytes",
]


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


def build_chart(analysis: Analysis, name: str, lang: str = "en", **options) -> alt.TopLevelMixin:
    """One of ``CHARTS`` for an analysis (not yet annotated), as a page shows it: the same
    function draws the page's chart and its export, so both have the same span, dates,
    segment split and period.

    ``start``/``end``: the span of the balance bridge, or the two dates of the transitions
    (default: the last 12 months); ``which``: the threshold the sensitivity slides;
    ``period``: month, quarter or year for the flows, money and history (default: the analysis');
    ``width``: the plot's width in pixels (a slide's chart is wider than a page's);
    ``b_new``, ``b_active``, ``b_client``: scenario B's thresholds for "whatif" (default: A's).
    """
    drawn = plan_or_chart(analysis, name, lang, **options)
    return drawn.chart() if isinstance(drawn, Plan) else drawn


def plan_or_chart(
    analysis: Analysis,
    name: str,
    lang: str = "en",
    *,
    by_segment: bool = False,
    start=None,
    end=None,
    which: str = "active_months",
    period: str | None = None,
    horizon: int = 12,
    discount: float = 0.0,
    margin: float = 1.0,
    width: int = WIDTH,
    b_new: int | None = None,
    b_active: int | None = None,
    b_client: int | None = None,
) -> Plan | alt.TopLevelMixin:
    """What ``build_chart`` draws (its options are this function's); as a ``charts.Plan`` (its data apart from its layout) for
    the charts a slider redraws on every move (the funnel, A against B, the stage history and
    the transitions), so that a page can redraw them without Altair (``charts.live_spec``)."""
    s, d = analysis.summary, analysis.definition
    period = period or analysis.period
    if name == "funnel":
        return funnel_plan(analysis.stages, lang, by_segment=by_segment, width=width)
    if name == "whatif":
        from ..model.stages import classify
        from .charts import whatif_plan

        db = scenario_b(d, b_new, b_active, b_client)
        return whatif_plan(analysis.stages, classify(s, db), lang, width=width)
    if name == "segments":
        from ..model.segments import segment_table
        from .charts import segments_chart

        table = segment_table(analysis.stages, lang)
        if table.empty:
            raise LifecycleError.of("unavailable.segment")
        return segments_chart(table, lang, width=width)
    if name in ("thresholds", "sensitivity"):
        if name == "thresholds":
            return thresholds_chart(s, d, lang, width=width)
        return sensitivity_plan(s, d, which, lang, width=width)
    if name in VALUE_CHARTS:
        from ..model.value import by_stage, calibration_of, value_of
        from .charts import alive_chart, calibration_chart, value_note

        v = value_of(s, horizon_months=horizon, discount=discount, margin=margin)
        if name == "alive":
            return alive_chart(by_stage(v, analysis.stages), value_note(v, lang), lang, width=width)
        return calibration_chart(calibration_of(s), s.first_date, lang, width=width)
    if not s.has_history:
        raise LifecycleError.of("error.chart_history", chart=name)
    if name in ("balance", "transitions"):
        start, end = _span(s, start, end)
    notes = balance_notes(s, d, lang)
    until = no_loss_before(s, d)
    if name == "balance":
        b = balance(s, d, period)
        since = bridge_since(b, start, end)
        plain = balance_notes(s, d, lang, shaded=False, since=since)
        return balance_bridge_chart(b, lang, start=start, end=end, notes=plain, width=width)
    if name == "flows":
        b = balance(s, d, period, by_segment=by_segment and s.has_segment)
        return balance_flows_chart(b, lang, period, notes=notes, shade_until=until, width=width)
    if name == "money":
        if not s.has_amount:
            raise LifecycleError.of("unavailable.amount")
        return balance_money_chart(balance(s, d, period), lang, period, notes=notes, shade_until=until, width=width)
    if name == "history":
        h = stage_history(s, d, period, by_segment=by_segment and s.has_segment)
        return history_plan(h, lang, period, notes=notes, shade_until=until, width=width)
    if name == "kpis":
        from ..model.kpis import SERIES_PERIODS, kpi_series
        from .charts import kpi_series_chart

        every = period if period in SERIES_PERIODS else "month"  # the half-year or the month
        series = kpi_series(s, d, every)
        return kpi_series_chart(series, lang, every, width=width, has_amount=s.has_amount)
    if name == "transitions":
        end_ts = pd.Timestamp(end) if end is not None else s.as_of
        if start is not None:
            start_ts = pd.Timestamp(start)
        elif end is None:  # the bridge's year: both charts of the page start on the same day
            start_ts = default_bridge_start(balance(s, d, period)["period_end"])
        else:
            start_ts = end_ts - pd.DateOffset(months=12)
        matrix = transitions(s, d, start_ts, end_ts)
        return transitions_plan(matrix, lang, start=start_ts, end=end_ts, width=width * 520 // WIDTH)
    raise LifecycleError.of("error.chart", chart=name, charts=", ".join(CHARTS))


def _span(s, start, end) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The two dates of a bridge or of the transitions, checked: each a date within the
    file's period (its first date to the as-of date), the first before the second."""
    first, last = s.first_date.normalize(), s.as_of.normalize()
    out = []
    for option, value in (("--start", start), ("--end", end)):
        if value is None:
            out.append(None)
            continue
        try:
            ts = pd.Timestamp(value).normalize()
        except (ValueError, TypeError) as exc:
            raise LifecycleError.of("error.option_date", option=option, value=str(value)[:40]) from exc
        if not first <= ts <= last:
            raise LifecycleError.of(
                "error.option_outside",
                option=option,
                value=ts.date().isoformat(),
                first=first.date().isoformat(),
                last=last.date().isoformat(),
            )
        out.append(ts)
    if out[0] is not None and out[1] is not None and out[0] >= out[1]:
        raise LifecycleError.of("error.option_order", start=out[0].date().isoformat(), end=out[1].date().isoformat())
    return out[0], out[1]


def scenario_b(definition, b_new: int | None = None, b_active: int | None = None, b_client: int | None = None):
    """Scenario B: the definition with the thresholds given replaced (checked like any definition)."""
    return definition.replace(
        new_months=definition.new_months if b_new is None else int(b_new),
        active_months=definition.active_months if b_active is None else int(b_active),
        client_months=definition.client_months if b_client is None else int(b_client),
    )


def chart_bytes(chart: alt.TopLevelMixin, fmt: str, *, scale: float = 2) -> bytes:
    """The chart as PNG (``scale`` times its size: 2x by default), SVG or PDF bytes, rendered by vl-convert."""
    spec = chart.to_dict()
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=scale)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    if fmt == "pdf":
        return vlc.vegalite_to_pdf(spec)
    raise LifecycleError.of("error.chart_format", fmt=fmt)


def annotated_chart(
    analysis: Analysis,
    name: str,
    lang: str = "en",
    *,
    exported: dt.date | None = None,
    width: int = WIDTH,
    **options,
):
    facts = Facts.from_stages(analysis.stages, analysis.loaded.raw.file, lang, exported, analysis.segment)
    return annotate(build_chart(analysis, name, lang, width=width, **options), facts, lang, width=width)


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
    # A customer with returns only has no stage: said so, not left blank.
    labels = np.array([stage_label(x, lang) for x in STAGES] + [t("export.returns_only", lang)], dtype=object)
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
        # The file's own prospects are dated by their first contact (a lost or open deal).
        if "contact_date" in k and k["contact_date"].notna().any():
            at = out.columns.get_loc(_w("stage", lang)) + 1
            out.insert(at, _w("first_contact", lang), pd.NaT)
            contacts[_w("first_contact", lang)] = pd.to_datetime(k["contact_date"]).dt.date.to_numpy()
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


def with_value(frame: pd.DataFrame, analysis: Analysis, model, lang: str = "en") -> pd.DataFrame:
    """``customers_frame``'s rows with the value model's columns added (``model``: a
    ``lifecycle.model.value.Value`` of the same summary): probability alive, expected purchases
    over the horizon, expected value over 12 months when the file has amounts. Contacts
    without a purchase get blanks."""
    c = model.customers
    by_id = c.set_index("customer")
    ids = frame[_w("customer", lang)]
    out = frame.copy()
    out[_w("p_alive", lang)] = ids.map(by_id["p_alive"]).astype("float64").round(4).to_numpy()
    name = _w("expected_purchases", lang, months=model.horizon_months)
    out[name] = ids.map(by_id["expected_purchases"]).astype("float64").round(2).to_numpy()
    if "value_12" in c:
        out[_w("expected_value_12", lang)] = ids.map(by_id["value_12"]).astype("float64").round(2).to_numpy()
    return out


def customers_csv(analysis: Analysis, lang: str = "en", model=None) -> str:
    """Customers with their stage, for a CRM import (protected against formula injection);
    with the value model's columns when ``model`` is given."""
    frame = customers_frame(analysis, lang)
    if model is not None:
        frame = with_value(frame, analysis, model, lang)
    return csv_text(frame, lang)


def csv_text(frame: pd.DataFrame, lang: str = "en") -> str:
    """A table as CSV that a spreadsheet in the reader's language opens right: in French
    ``;`` between fields, decimal commas and dd/mm/yyyy dates; in English ``,``, points and
    ISO dates. Protected against formula injection; amounts with two decimals."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values) or (
            values.dtype == object and values.map(lambda v: isinstance(v, dt.date)).any()
        ):
            out[column] = [fmt_date(v, lang) if isinstance(v, dt.date) and pd.notna(v) else "" for v in values]
    sep, decimal = (";", ",") if lang == "fr" else (",", ".")
    return safe_frame(out).to_csv(index=False, sep=sep, decimal=decimal, float_format="%.2f")


def customers_shown(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``customers_frame`` as a page shows it: dates, amounts (with the currency) and counts
    in the reader's language, blanks for what a customer does not have (never «None»)."""
    out = frame.copy()
    money = {_w(k, lang) for k in ("amount", "value_12", "value_24", "value_36")}
    for column in out.columns:
        values = out[column]
        if column in money:
            out[column] = [fmt_money(v, lang) if pd.notna(v) else "" for v in values]
        elif values.map(lambda v: isinstance(v, dt.date)).any():
            out[column] = [fmt_date(v, lang) if isinstance(v, dt.date) and pd.notna(v) else "" for v in values]
        elif pd.api.types.is_integer_dtype(values):
            out[column] = [fmt_int(v, lang) if pd.notna(v) else "" for v in values]
        else:
            out[column] = values.astype(object).where(values.notna(), "")
    return out


def definition_stages(analysis: Analysis) -> tuple[str, ...]:
    """The stages the definitions card lists: every stage of the funnel, below the minimum
    only when a minimum amount is set, prospects only when someone can be one (a contacts
    list, or the file's own cancelled or open rows), suspects only with a contacts list."""
    listed = len(analysis.summary.contacts)  # a contacts list's people and the file's own prospects
    can_be = {"prospect": listed > 0, "suspect": listed > analysis.summary.file_prospects}
    return tuple(
        s
        for s in FUNNEL_ORDER
        if (s != "below_minimum" or analysis.definition.min_amount is not None) and can_be.get(s, True)
    )


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
    rep = analysis.report
    if rep.statuses:  # the statuses the whole team reads the same way
        column = markdown_text(analysis.loaded.mapping.status)
        lines += ["", f"## {_w('card.statuses', lang, column=column)}", ""]
        lines += [
            f"| {_w('status.value', lang)} | {_w('status.meaning', lang)} | {_w('status.rows', lang)} |",
            "|---|---|---:|",
        ]
        for v in rep.statuses:
            meaning = t(f"meaning.{v.meaning}", lang) + (
                f" ({t('source.chosen', lang)})" if v.source == "chosen" else ""
            )
            lines.append(f"| {markdown_text(v.value or '∅')} | {meaning} | {fmt_int(v.rows, lang)} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- workbook


# Above this many customers the workbook takes over a second (0.65 s at 100,000): the app
# writes it on request, with a progress bar, and then offers it.
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
    import textwrap

    import xlsxwriter

    exported = exported or dt.date.today()
    date_fmt = date_pattern(lang)
    money = excel_money(lang)
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

    bold = fmt(bold=True)
    head = fmt(bold=True, bg_color="#DDE7F0")
    wrap = fmt(text_wrap=True, valign="top")

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
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        if freeze:
            ws.freeze_panes(1, 0)
        return ws

    def rows(ws, start: int, records) -> int:
        """Write rows of (value, format) pairs from row ``start``; the next free row."""
        r = start
        for record in records:
            for c, (value, f) in enumerate(record):
                put(ws, r, c, value, f)
            r += 1
        return r

    def header(ws, r: int, names: list[str]) -> int:
        return rows(ws, r, [[(n, head) for n in names]])

    s, st, d = analysis.summary, analysis.stages, analysis.definition

    # Summary: the three facts, the stage table and a native bar chart of the funnel.
    ws = sheet(_w("sheet.summary", lang), [24, 14, 10, 12, 12, 12, 12, 12], freeze=False)
    ws.fit_to_pages(1, 0)  # one page wide when printed
    put(ws, 0, 0, f"{_w('title', lang)} — {analysis.loaded.raw.file}", fmt(bold=True, font_size=16))
    r = 2
    # Long text is written one line per row: it overflows into the empty cells on its right.
    for i, line in enumerate(textwrap.wrap(d.text(lang, s.as_of), 95)):
        r = rows(ws, r, [[(_w("definition", lang) if i == 0 else None, bold), (line, None)]])
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
        [[(stage_label(x, lang), None), (counts[x], fmt("#,##0")), (shares.get(x), fmt("0.0%"))] for x in listed],
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
    number_formats = {_w("occasions", lang): "#,##0", _w("p_alive", lang): "0.0%"}
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
    defs = definitions_frame(analysis, lang).drop(columns="stage")
    ws = sheet(_w("sheet.definitions", lang), [20, 70, 12, 10, 60])
    r = header(ws, 0, list(defs.columns))
    rows(
        ws,
        r,
        [
            [(x[0], bold), (x[1], wrap), (x[2], fmt("#,##0")), (x[3], fmt("0.0%")), (x[4], wrap)]
            for x in defs.itertuples(index=False)
        ],
    )

    # KPIs.
    ws = sheet(_w("sheet.kpis", lang), [40, 16, 14, 90])
    r = header(ws, 0, [_w("kpi", lang), _w("value", lang), _w("base", lang), _w("kpi_definition", lang)])
    unit_fmt = {"ratio": "0.0%", "money": money, "count": "#,##0", "number": "0.00"}
    rows(
        ws,
        r,
        [
            [
                (k.label(lang), bold),
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
        from ..model.kpis import kpi_series
        from .tables import kpi_series_headers

        series = kpi_series(s, d, "month")
        names = kpi_series_headers(lang)
        ws = sheet(_w("sheet.kpi_series", lang), [max(12, len(n) + 3) for n in names.values()])
        r = header(ws, 0, list(names.values()))
        number = {"activity_rate": "0.0%", "repeat_purchase_rate": "0.0%", "average_basket": money}
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
    r = rows(ws, 0, [[(line, bold)] for line in understood])
    counts_read = [("rows.read", rep.read), ("rows.used", rep.used), ("rows.rejected", rep.rejected)]
    counts_read.append(("rows.after", rep.after_as_of))
    r = rows(ws, r, [[(_w(key, lang), bold), (n, fmt("#,##0"))] for key, n in counts_read])
    r = rows(ws, r, [[("!", None), (w.text(lang), None)] for w in rep.warnings])
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
    import re
    import zipfile

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


# ---------------------------------------------------------------- one entry point


def export(
    analysis: Analysis,
    fmt: str,
    lang: str = "en",
    *,
    chart: str = "funnel",
    exported: dt.date | None = None,
    with_value: bool = False,
    anonymous: bool = False,
    **options,
) -> bytes:
    """The bytes of one export: an annotated chart (png/svg/pdf), the workbook, the CSV or the
    card; ``with_value`` adds the value model's columns to the customers (workbook, CSV);
    ``anonymous`` puts pseudonyms for the customers in a deck (the charts name nobody)."""
    if fmt in CHART_FORMATS:
        return chart_bytes(annotated_chart(analysis, chart, lang, exported=exported, **options), fmt)
    model = None
    if with_value and fmt in ("xlsx", "csv"):
        from ..model.value import value_of

        model = value_of(analysis.summary)
    if fmt == "xlsx":
        return workbook_bytes(analysis, lang, exported=exported, model=model)
    if fmt == "csv":
        return customers_csv(analysis, lang, model).encode("utf-8-sig")  # BOM: Excel opens accents right
    if fmt == "md":
        return definitions_card(analysis, lang).encode("utf-8")
    if fmt == "summary":
        from .summary_pdf import summary_pdf_bytes

        return summary_pdf_bytes(analysis, lang, exported=exported)
    if fmt == "pptx":
        from .deck import deck_bytes  # python-pptx is imported only for a deck

        whatif = {k: options[k] for k in ("b_new", "b_active", "b_client") if options.get(k) is not None}
        return deck_bytes(analysis, lang, exported=exported, whatif=whatif or None, anonymous=anonymous)
    raise LifecycleError.of("error.format", fmt=fmt, formats=", ".join(FORMATS))
