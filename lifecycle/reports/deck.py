"""The workshop deck: a PowerPoint file (16:9) the consultant leaves behind.

Slides: the three facts; one slide per chart the data allows (the funnel, scenario A
against B when B differs, the segments side by side and their figures, the balance bridge,
won and lost over time, the money side, stage history, transitions, the value model), each
with a one-line takeaway computed from the data; the customers to look after first (as
pseudonyms when anonymised); the KPIs and the definitions card as native tables; a slide
naming what was left out and why. Every slide states the definition in its footer; the
speaker notes hold the exact definitions and the row report.
Charts are the app's own, 1,100 pixels wide, rendered at three times that size by vl-convert.
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import vl_convert as vlc

from ..analysis import Analysis
from ..errors import LifecycleError
from ..locale.i18n import fmt_date, fmt_int, fmt_money, fmt_pct, fmt_signed, stage_label, t
from ..model.kpis import compute_kpis
from ..model.stages import STAGE_CODE
from ..vocabulary import STAGES
from .card import definitions_frame
from .charts import HEADLINE_COLOR, slide_spec
from .charts.dispatch import build_chart

__all__ = ["DECK_CHARTS", "deck_bytes", "first_customers", "takeaway"]

DECK_CHARTS = ("funnel", "segments", "balance", "flows", "money", "history", "transitions", "alive")
SERIES_ROWS = 8  # the last half-year ends on the indicators-over-time slide
SLIDE_CHART_WIDTH = 860  # pixels: with the slide's larger text, the picture fills 12.3 inches at 1 px ≈ 1 pt
PNG_SCALE = 3  # about 2,600 pixels across a 12-inch picture: print resolution (over 200 dpi)
PICTURE_TOP, PICTURE_BOTTOM = 2.45, 6.9  # inches: between the three facts and the footer
FACTS_TOP = 1.8  # inches: under a takeaway of up to two lines
FACTS_SIZE = 14  # points: the three facts on every slide, read from the back of the room
KPI_ROWS = 11  # indicators per slide: their definitions wrap on two lines
_FONT = "Liberation Sans"  # the charts' font (vl-convert embeds it); Arial where it is missing
_INK = (0x33, 0x33, 0x33)


def _w(key: str, lang: str, **kw) -> str:
    return t(f"export.{key}", lang, **kw)


def _d(key: str, lang: str, **kw) -> str:
    return t(f"deck.{key}", lang, **kw)


SEGMENT_GAP = 0.05  # a gap between two segments' shares of active clients worth a headline


def year_ago(analysis: Analysis) -> pd.Timestamp:
    """The one date the deck calls "a year ago": the last period end at least 12 months
    before the as-of date (where the bridge and the transitions start)."""
    from .charts import default_bridge_start

    return default_bridge_start(analysis.balance()["period_end"])


def _apart(a_share: float, a_n: int, b_share: float, b_n: int) -> bool:
    """Whether two groups' shares differ enough to say so: at least ``SEGMENT_GAP`` apart and
    beyond chance (a two-proportion z-test at 5 %; with 16 and 18 clients a 1-point gap is not)."""
    if abs(a_share - b_share) < SEGMENT_GAP or min(a_n, b_n) == 0:
        return False
    pooled = (a_share * a_n + b_share * b_n) / (a_n + b_n)
    spread = (pooled * (1 - pooled) * (1 / a_n + 1 / b_n)) ** 0.5
    return spread > 0 and abs(a_share - b_share) / spread >= 1.96


def takeaway(analysis: Analysis, name: str, lang: str = "en", **options) -> str:
    """The one line a slide says about its chart, computed from the data (``options``: the
    chart's, e.g. scenario B's thresholds for "whatif")."""
    s, st = analysis.summary, analysis.stages
    if name == "whatif":
        from ..model.stages import classify
        from .charts.dispatch import scenario_b
        from .tables import stages_shown

        b = classify(s, scenario_b(analysis.definition, **options))
        diffs = sorted(((b.counts[x] - st.counts[x], x) for x in stages_shown(st)), key=lambda d: (-abs(d[0]), d[1]))
        moves = [
            _d("take.whatif_move", lang, stage=stage_label(x, lang), diff=fmt_signed(n, lang))
            for n, x in diffs[:2]
            if n
        ]
        total = b.clients_total - st.clients_total
        return _d(
            "take.whatif",
            lang,
            moves=", ".join(moves) or _d("take.whatif_none", lang),
            total=fmt_int(b.clients_total, lang),
            diff=fmt_signed(total, lang, zero="±"),
        )
    if name == "funnel":
        counts = st.counts
        activity = next(k for k in compute_kpis(st) if k.key == "activity_rate").value  # the KPI table's own
        return _d(
            "take.funnel",
            lang,
            activity=fmt_pct(activity or 0, lang, 0),
            months=analysis.definition.active_months,
            dormant=fmt_int(counts["dormant"], lang),
            lost=fmt_int(counts["lost"], lang),
        )
    if name == "segments":
        from ..model.segments import segment_table

        table = segment_table(st, lang)
        groups = table[(table["kind"] != "all") & table["share_active"].notna()]
        if len(groups) < 2:  # one group with clients: say how it compares with everybody
            row, every = table.iloc[0], table.iloc[-1]
            return _d(
                "take.segments_one",
                lang,
                group=row["group"],
                share=fmt_pct(row["share_active"], lang, 0),
                all=fmt_pct(every["share_active"], lang, 0),
            )
        most = groups.loc[groups["share_active"].idxmax()]
        least = groups.loc[groups["share_active"].idxmin()]
        if _apart(most["share_active"], int(most["clients"]), least["share_active"], int(least["clients"])):
            return _d(
                "take.segments",
                lang,
                most=most["group"],
                most_share=fmt_pct(most["share_active"], lang, 0),
                least=least["group"],
                least_share=fmt_pct(least["share_active"], lang, 0),
            )
        return _d(
            "take.segments_same",
            lang,
            n=len(groups),
            low=fmt_pct(least["share_active"], lang, 0),
            high=fmt_pct(most["share_active"], lang, 0),
        )
    b = analysis.balance()
    since = year_ago(analysis)
    span = {"since": fmt_date(since, lang), "until": fmt_date(s.as_of, lang)}
    last = b[pd.to_datetime(b["period_end"]) > since]
    if name == "balance":
        return _d(
            "take.balance",
            lang,
            start=fmt_int(int(last["clients_start"].iloc[0]), lang),
            end=fmt_int(int(last["clients_end"].iloc[-1]), lang),
            new=fmt_int(int(last["new"].sum()), lang),
            won=fmt_int(int(last["won_back"].sum()), lang),
            lost=fmt_int(int(last["lost"].sum()), lang),
            **span,
        )
    if name == "flows":
        more_lost = int((last["lost"] > last["new"]).sum())
        units = _d(f"unit.{analysis.period}", lang)
        return _d("take.flows", lang, n=more_lost, of=len(last), units=units, **span)
    if name == "money":
        return _d(
            "take.money",
            lang,
            new=fmt_money(float(last["new_revenue"].sum()), lang, 0),
            lost=fmt_money(float(last["lost_revenue"].sum()), lang, 0),
            **span,
        )
    if name == "history":
        from ..model.history import stage_history

        h = stage_history(s, analysis.definition, analysis.period)
        active = h[h["stage"] == "active"]
        ends = pd.to_datetime(active["period_end"])
        before = active[ends <= since]["count"]
        first = int(before.iloc[-1]) if len(before) else int(active["count"].iloc[0])
        return _d(
            "take.history", lang, first=fmt_int(first, lang), last=fmt_int(int(active["count"].iloc[-1]), lang), **span
        )
    if name == "kpis":
        from ..model.kpis import kpi_series

        series = kpi_series(s, analysis.definition, "month")
        ends = pd.to_datetime(series["period_end"])
        then, now = series[ends <= since].iloc[-1:], series.iloc[-1]
        before = then["activity_rate"].iloc[0] if len(then) else None
        return _d(
            "take.kpis",
            lang,
            then=fmt_pct(before, lang, 0),
            now=fmt_pct(now["activity_rate"], lang, 0),
            repeat=fmt_pct(now["repeat_purchase_rate"], lang, 0),
            **span,
        )
    if name == "transitions":
        from ..model.history import transitions

        m = transitions(s, analysis.definition, since, s.as_of)
        row = m.loc["active"] if "active" in m.index else None
        again = sum(row.get(x, 0) for x in ("active", "reactivated")) if row is not None else 0
        kept = again / row.sum() if row is not None and row.sum() else None
        return _d(
            "take.transitions",
            lang,
            date=fmt_date(since, lang),
            share=fmt_pct(kept, lang, 0) if kept is not None else "–",
        )
    if name == "alive":
        from ..model.value import by_stage, value_of

        table = by_stage(value_of(s), st)
        likely = dict(zip(table["stage"], table["likely_alive"]))
        counts = dict(zip(table["stage"], table["customers"]))
        return _d(
            "take.alive",
            lang,
            lost=fmt_int(int(likely.get("lost", 0)), lang),
            active=fmt_int(int(counts.get("active", 0) - likely.get("active", 0)), lang),
        )
    raise LifecycleError.of("error.chart", chart=name, charts=", ".join(DECK_CHARTS))


FIRST_ROWS = 10  # customers on the "look after first" slide


def first_customers(analysis: Analysis, lang: str = "en", *, anonymous: bool = False) -> tuple[str, pd.DataFrame]:
    """The customers to look after first, as the slide shows them, and its takeaway: the
    value model's save-first list when it fits, else the dormant clients who brought the most
    over 24 months. ``anonymous``: ids replaced by the file's pseudonyms, no names. Raises
    ``LifecycleError`` when the file has neither a purchase history nor amounts."""
    from .tables import pseudonyms

    s, st = analysis.summary, analysis.stages
    if not s.has_history:
        raise LifecycleError.of("unavailable.history")
    if not s.has_amount:
        raise LifecycleError.of("unavailable.amount")
    c = s.customers
    try:
        from ..model.value import save_first, value_of

        first = save_first(value_of(s), st, s, FIRST_ROWS)
        rows = pd.Index(c["customer"]).get_indexer(first["customer"])
        extra = {
            _d("col.p_alive", lang): [fmt_pct(p, lang, 0) for p in first["p_alive"]],
            _d("col.at_stake", lang): [fmt_money(x, lang, 0) for x in first["risk"]],
        }
        line = _d("take.first_model", lang, n=len(first), stake=fmt_money(float(first["risk"].sum()), lang, 0))
    except LifecycleError:  # the model cannot fit this file: the rules' own list
        dormant = np.flatnonzero(st.codes == STAGE_CODE["dormant"])
        value = c["value_24"].to_numpy(dtype="float64")[dormant]
        order = np.lexsort((dormant, -np.nan_to_num(value, nan=-np.inf)))[:FIRST_ROWS]
        rows = dormant[order]
        if not len(rows):
            raise LifecycleError.of("deck.no_dormant") from None
        extra = {}
        line = _d("take.first_dormant", lang, n=len(rows), value=fmt_money(float(np.nansum(value[order])), lang, 0))
    picked = c.iloc[rows]
    ids = pseudonyms(s, picked["customer"]) if anonymous else picked["customer"].astype(str).tolist()
    out = {_w("customer", lang): ids}
    if not anonymous and picked["name"].notna().any():
        out[_w("name", lang)] = picked["name"].fillna("").astype(str).tolist()
    out[_w("stage", lang)] = [stage_label(STAGES[code], lang) for code in st.codes[rows]]
    out[_w("last", lang)] = [fmt_date(d, lang) for d in picked["last"]]
    out[_w("value_24", lang)] = [fmt_money(x, lang, 0) for x in picked["value_24"]]
    out.update(extra)
    return line, pd.DataFrame(out)


def _left_out(analysis: Analysis, lang: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The charts the data allows, and those it does not with the reason (in ``lang``)."""
    s = analysis.summary
    drawn, missing = [], []
    for name in DECK_CHARTS:
        title = t(f"ui.chart.{name}", lang)
        if name == "segments" and (not s.has_segment or analysis.segment):
            if s.has_segment:
                missing.append((title, _d("one_segment", lang, segment=analysis.segment)))
            else:
                missing.append((title, t("unavailable.segment", lang)))
        elif name not in ("funnel", "segments") and not s.has_history:
            missing.append((title, t("unavailable.history", lang)))
        elif name == "money" and not s.has_amount:
            missing.append((title, t("unavailable.amount", lang)))
        elif name == "alive":
            from ..model.value import value_of

            try:
                value_of(s)
                drawn.append(name)
            except LifecycleError as exc:
                missing.append((title, exc.message(lang)))
        else:
            drawn.append(name)
    return drawn, missing


def deck_bytes(
    analysis: Analysis,
    lang: str = "en",
    *,
    exported: dt.date | None = None,
    progress=None,
    whatif: dict | None = None,
    anonymous: bool = False,
) -> bytes:
    """The deck as .pptx bytes (``progress(share)`` told after each slide). ``whatif``: scenario
    B's thresholds (``b_new``, ``b_active``, ``b_client``); the A-against-B slide is added when
    they differ from the analysis' own. ``anonymous``: customer ids as the file's pseudonyms
    and no names, for a deck that travels (the one slide with customers on it)."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    s, st, d = analysis.summary, analysis.stages, analysis.definition
    exported = exported or dt.date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12_192_000), Emu(6_858_000)  # 16:9, PowerPoint's own size
    blank = prs.slide_layouts[6]
    headline = RGBColor.from_string(HEADLINE_COLOR.lstrip("#"))
    ink = RGBColor(*_INK)
    footer_text = _d("footer", lang, short=d.short_text(lang), file=analysis.loaded.raw.file)
    if anonymous:
        footer_text += " · " + _d("anonymous", lang)
    notes_text = "\n".join(
        [
            d.text(lang, s.as_of),
            _d(
                "notes.rows",
                lang,
                read=fmt_int(analysis.report.read, lang),
                used=fmt_int(analysis.report.used, lang),
                rejected=fmt_int(analysis.report.rejected, lang),
            ),
            *(w.text(lang, hide=anonymous) for w in analysis.report.warnings),  # examples quote ids
        ]
    )

    def text(slide, x, y, w, h, value, size, *, bold=False, color=ink):
        box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        frame = box.text_frame
        frame.word_wrap = True
        run = frame.paragraphs[0].add_run()
        run.text = value  # text from the file stays text: python-pptx writes it as a run
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, _FONT
        run.font.color.rgb = color
        return box

    facts_text = _d(
        "facts",
        lang,
        headline=t("chart.facts.headline", lang, n=fmt_int(st.clients_total, lang), date=fmt_date(s.as_of, lang)),
        a=fmt_date(s.first_date, lang),
        b=fmt_date(s.last_date, lang),
        definition=d.short_text(lang),
        file=analysis.loaded.raw.file,
        date=fmt_date(pd.Timestamp(exported), lang),
    )

    def slide(title: str, *, line: str | None = None, facts_at: float | None = 1.0, notes: list[str] = ()):
        """A slide with its title, its one ``line`` (a takeaway), the three facts (client
        total, period, definition and source: slide text a room can read, not a chart's small
        print) and the footer."""
        sl = prs.slides.add_slide(blank)
        text(sl, 0.5, 0.3, 12.3, 0.8, title, 28, bold=True, color=headline)
        if line is not None:
            text(sl, 0.5, 1.0, 12.3, 0.8, line, 18, bold=True)
        if facts_at is not None:
            text(sl, 0.5, facts_at, 12.3, 0.6, facts_text, FACTS_SIZE, color=ink)
        text(sl, 0.5, 6.95, 12.3, 0.4, footer_text, 12)
        sl.notes_slide.notes_text_frame.text = "\n".join([*notes, notes_text])
        return sl

    def table(sl, frame: pd.DataFrame, widths: list[float], top: float = 1.7):
        rows, cols = frame.shape[0] + 1, frame.shape[1]
        height = min(5.5, 0.4 * rows)
        shape = sl.shapes.add_table(rows, cols, Inches(0.5), Inches(top), Inches(sum(widths)), Inches(height))
        grid = shape.table
        for j, w in enumerate(widths):
            grid.columns[j].width = Emu(int(Inches(w)))
        for j, name in enumerate(frame.columns):
            grid.cell(0, j).text = str(name)
        for i, row in enumerate(frame.itertuples(index=False), start=1):
            for j, v in enumerate(row):
                grid.cell(i, j).text = "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
        for cell in (grid.cell(i, j) for i in range(rows) for j in range(cols)):
            for p in cell.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size, r.font.name = Pt(12), _FONT
        return grid

    drawn, missing = _left_out(analysis, lang)
    options = {name: {} for name in drawn}
    if whatif:
        from .charts.dispatch import scenario_b

        try:
            b_def = scenario_b(d, **{k: whatif.get(k) for k in ("b_new", "b_active", "b_client")})
        except LifecycleError as exc:  # B's thresholds do not fit together: the slide says so
            missing.append((t("ui.chart.whatif", lang), exc.message(lang)))
            b_def = d
        if b_def != d:
            drawn.insert(drawn.index("funnel") + 1, "whatif")
            options["whatif"] = {k: getattr(b_def, f"{k[2:]}_months") for k in ("b_new", "b_active", "b_client")}
    total_steps = 4 + len(drawn) + (1 if missing else 0)
    done = [0]

    def step():
        done[0] += 1
        if progress is not None:
            progress(done[0] / total_steps)

    # 1. The three facts in large type, and what the file is (a customer database, perhaps
    # not the whole customer base).
    sl = slide(_d("title", lang, file=analysis.loaded.raw.file), facts_at=None)
    text(sl, 0.5, 5.9, 12.3, 0.9, t("ui.funnel.database_not_base", lang), FACTS_SIZE)
    text(sl, 0.5, 1.4, 5.5, 1.6, fmt_int(st.clients_total, lang), 72, bold=True, color=headline)
    text(sl, 0.5, 3.0, 5.5, 0.5, t("ui.facts.clients", lang), 20)
    period = _d(
        "period", lang, a=fmt_date(s.first_date, lang), b=fmt_date(s.last_date, lang), c=fmt_date(s.as_of, lang)
    )
    text(sl, 6.3, 1.5, 6.5, 1.0, period, 20, bold=True)
    text(sl, 6.3, 2.6, 6.5, 4.0, d.text(lang, s.as_of), 16)
    text(sl, 0.5, 4.0, 5.5, 0.6, _d("exported", lang, date=fmt_date(pd.Timestamp(exported), lang)), 14)
    step()

    # 2. One slide per chart the data allows, with its takeaway.
    for name in drawn:
        width = SLIDE_CHART_WIDTH * (3 if name == "transitions" else 2) // 2  # a grid needs room for its column names
        chart = build_chart(analysis, name, lang, width=width, **options[name])
        spec, chart_notes = slide_spec(chart, lang)
        line = takeaway(analysis, name, lang, **options[name])
        sl = slide(t(f"ui.chart.{name}", lang), line=line, facts_at=FACTS_TOP, notes=chart_notes)
        png = vlc.vegalite_to_png(spec, scale=PNG_SCALE)
        picture = sl.shapes.add_picture(io.BytesIO(png), Inches(0.5), Inches(PICTURE_TOP))
        # Fit in the space between the facts and the footer, keeping the proportions.
        box_w, box_h = Inches(12.3), Inches(PICTURE_BOTTOM - PICTURE_TOP)
        scale = min(box_w / picture.width, box_h / picture.height)
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
        picture.left = int(Inches(0.5) + (box_w - picture.width) / 2)
        if name == "segments":
            from ..model.segments import segment_table
            from .tables import segment_display

            figures = segment_display(segment_table(st, lang), lang, compact=True)
            widths = [2.6] + [9.7 / (figures.shape[1] - 1)] * (figures.shape[1] - 1)
            table(slide(_d("segments_table", lang)), figures, widths)
        step()

    # The customers to look after first: the one slide with people on it (pseudonyms on request).
    try:
        line, first = first_customers(analysis, lang, anonymous=anonymous)
    except LifecycleError as exc:
        missing.append((_d("first", lang), exc.message(lang)))
    else:
        sl = slide(_d("first", lang), line=line, facts_at=FACTS_TOP)
        widths = [12.3 / first.shape[1]] * first.shape[1]
        table(sl, first, widths, top=PICTURE_TOP)

    # 3. The KPIs and the definitions card as native tables.
    kpis = compute_kpis(st)
    frame = pd.DataFrame(
        {
            _d("col.kpi", lang): [k.label(lang) for k in kpis],
            _d("col.value", lang): [k.formatted(lang) for k in kpis],
            _d("col.definition", lang): [k.definition(lang) for k in kpis],
        }
    )
    pages = [frame.iloc[i : i + KPI_ROWS] for i in range(0, len(frame), KPI_ROWS)]
    for i, part in enumerate(pages):
        title = _d("kpis", lang) if len(pages) == 1 else _d("kpis_part", lang, i=i + 1, n=len(pages))
        table(slide(title), part, [3.6, 1.6, 7.1])
    if s.has_history:  # the four indicators half-year by half-year, as a native table
        from ..model.kpis import kpi_series
        from .tables import kpi_series_display, kpi_series_headers

        series = kpi_series(s, d, "half").tail(SERIES_ROWS)
        shown = kpi_series_display(series, lang)
        keep = ["period_end", "activity_rate", "repeat_purchase_rate", "average_basket", "purchase_frequency"]
        shown = shown[[kpi_series_headers(lang)[k] for k in keep if s.has_amount or k != "average_basket"]]
        sl = slide(_d("series", lang), line=takeaway(analysis, "kpis", lang), facts_at=FACTS_TOP)
        table(sl, shown, [12.3 / shown.shape[1]] * shown.shape[1], top=PICTURE_TOP)
    step()
    model = [why for title, why in missing if title == t("ui.chart.alive", lang)]
    # A model that cannot learn from this file is one line on this slide, not a slide: above
    # the table (a table's rows grow with their text, so nothing can sit safely below it).
    sl = slide(
        _d("definitions", lang),
        line=_d("no_model", lang, why=model[0].rstrip(".")) if model else None,
        facts_at=FACTS_TOP,
    )
    missing = [m for m in missing if m[0] != t("ui.chart.alive", lang)]
    defs = definitions_frame(analysis, lang).drop(columns="stage")
    share = _w("share", lang)
    defs[share] = [fmt_pct(v, lang) if v is not None and v == v else "" for v in defs[share]]
    count = _w("count", lang)
    defs[count] = [fmt_int(int(v), lang) for v in defs[count]]
    table(sl, defs, [1.7, 4.6, 1.1, 1.0, 3.9], top=PICTURE_TOP)
    step()

    # 4. What the data could not show, and why.
    if missing:
        sl = slide(_d("left_out", lang))
        table(
            sl,
            pd.DataFrame(
                {_d("col.chart", lang): [m[0] for m in missing], _d("col.why", lang): [m[1] for m in missing]}
            ),
            [4.0, 8.3],
        )
        step()

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
