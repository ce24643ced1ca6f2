"""The workshop deck: a PowerPoint file (16:9) the consultant leaves behind.

Slides: the three facts; one slide per chart the data allows (the funnel, scenario A
against B when B differs, the segments side by side and their figures, the balance bridge,
won and lost over time, the money side, stage history, transitions, the value model), each
with a one-line takeaway computed from the data; the customers to look after first (as
pseudonyms when anonymised); the KPIs and the definitions card as native tables; a slide
naming what was left out and why. Every slide states the three facts under its title (the
first one, the definition in full), once: no footer repeats them; the speaker notes hold the
exact definitions and the row report.
Charts are the app's own, 1,100 pixels wide, rendered at three times that size by vl-convert.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable

import numpy as np
import pandas as pd
import vl_convert as vlc

from ..analysis import Analysis
from ..errors import LifecycleError
from ..locale.i18n import fmt_date, fmt_int, fmt_money, fmt_pct, fmt_share, stage_label, t
from ..model.kpis import compute_kpis, kpi_series
from ..model.segments import segment_table
from ..model.stages import STAGE_CODE
from ..model.value import save_first, value_of
from ..vocabulary import STAGES
from .card import definitions_frame
from .charts import build_chart, chart, charts
from .charts.base import Options
from .charts.facts import HEADLINE_COLOR, slide_spec
from .charts.whatif import scenario_b
from .tables import figure_columns, kpi_series_display, kpi_series_headers, pseudonyms, segment_display

# python-pptx is imported by ``deck_bytes`` only: nothing else needs it, and it is loaded when a
# deck is first asked for.

__all__ = [
    "PICTURE_BOTTOM",
    "PICTURE_TOP",
    "PNG_SCALE",
    "SLIDE_CHART_WIDTH",
    "TABLE_BOTTOM",
    "TABLE_SIZE",
    "deck_bytes",
    "first_customers",
    "row_heights",
    "table_pages",
    "takeaway",
]

SERIES_ROWS = 8  # the last half-year ends on the indicators-over-time slide
SLIDE_CHART_WIDTH = 860  # pixels: with the slide's larger text, the picture fills 12.3 inches at 1 px ≈ 1 pt
PNG_SCALE = 3  # about 2,600 pixels across a 12-inch picture: print resolution (over 200 dpi)
PICTURE_TOP = 2.45  # inches: under the three facts
PICTURE_BOTTOM = 7.15  # inches: a third of an inch above the slide's edge
# A chart whose picture is flatter than this share of the room's proportions has its views
# drawn taller, up to this many times their height.
FLAT, TALLEST = 0.8, 1.8
FACTS_TOP = 1.8  # inches: under a takeaway of up to two lines
FACTS_SIZE = 14  # points: the three facts on every slide, read from the back of the room
TABLE_SIZE = 14  # points: a table's text, read from the back of the room like the facts
TABLE_BOTTOM = 7.1  # inches: a table ends this far down at most
_FONT = "Liberation Sans"  # the charts' font (vl-convert embeds it); Arial where it is missing
_INK = (0x33, 0x33, 0x33)


# A table's rows grow with their text on the slide: their heights are estimated here, so that
# a table is cut into slides before it runs off the slide (python-pptx cannot measure text).
# Text is measured with the slide's font where Pillow (python-pptx's own dependency) finds
# it, else at half its size a character.
_LINE = TABLE_SIZE * 1.2 / 72  # inches a line of table text takes
_CELL_SIDES = 0.2  # inches: a cell's left and right margins together
_CELL_ENDS = 0.1  # inches: its top and bottom margins together
_ROW = 0.36  # inches: the height of a row of one line


@functools.cache
def _measure() -> Callable[[str], float]:
    """The width of a text at ``TABLE_SIZE``, in inches."""
    try:
        from PIL import ImageFont

        font = ImageFont.truetype("LiberationSans-Regular.ttf", 100)
    except (ImportError, OSError):
        return lambda text: len(text) * TABLE_SIZE * 0.5 / 72
    return lambda text: font.getlength(text) / 100 * TABLE_SIZE / 72


def _lines(text: str, width: float) -> int:
    """The lines ``text`` takes in a cell ``width`` inches wide, its words wrapped whole (a
    word wider than the cell on lines of its own)."""
    measure, room = _measure(), width - _CELL_SIDES
    lines, line = 1, ""
    for word in text.split():
        wider = f"{line} {word}" if line else word
        if not line or measure(wider) <= room:
            line = wider
        else:
            lines, line = lines + 1, word
        while measure(line) > room and len(line) > 1:
            lines, line = lines + 1, line[max(1, int(len(line) * room / measure(line))) :]
    return lines


def _cell(value) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def row_heights(frame: pd.DataFrame, widths: list[float]) -> list[float]:
    """The inches each row of ``frame``'s table takes at ``TABLE_SIZE``, its header first:
    the lines of its tallest cell."""
    rows = [[str(c) for c in frame.columns], *([_cell(v) for v in row] for row in frame.itertuples(index=False))]
    return [max(_ROW, _CELL_ENDS + _LINE * max(_lines(c, w) for c, w in zip(row, widths))) for row in rows]


def table_pages(frame: pd.DataFrame, widths: list[float], room: float) -> list[pd.DataFrame]:
    """``frame`` cut into consecutive parts whose tables (each with the header) fit ``room``
    inches, as even in rows as they can be; a row taller than the room has a part of its own."""
    header, *body = row_heights(frame, widths)
    pages, start, used = [], 0, header
    for i, height in enumerate(body):
        if i > start and used + height > room:
            pages.append(frame.iloc[start:i])
            start, used = i, header
        used += height
    pages.append(frame.iloc[start:])
    # As many rows on each slide as can be, rather than full slides and a last of two rows.
    per = -(-len(frame) // len(pages))
    even = [frame.iloc[i : i + per] for i in range(0, len(frame), per)] if len(frame) else pages
    if len(even) == len(pages) and all(header + sum(body[i : i + per]) <= room for i in range(0, len(body), per)):
        return even
    return pages


def _png_aspect(png: bytes) -> float:
    """A PNG's height over its width, read from its header (the IHDR chunk's first 8 bytes)."""
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return height / width


def _taller(spec, factor: float):
    """``spec`` with every view's height in pixels ``factor`` times as large (bars thicker,
    rows further apart; the text keeps its size)."""
    if isinstance(spec, dict):
        return {
            k: int(v * factor) if k == "height" and isinstance(v, int | float) else _taller(v, factor)
            for k, v in spec.items()
        }
    if isinstance(spec, list):
        return [_taller(v, factor) for v in spec]
    return spec


def _w(key: str, lang: str, **kw) -> str:
    return t(f"export.{key}", lang, **kw)


def _d(key: str, lang: str, **kw) -> str:
    return t(f"deck.{key}", lang, **kw)


def takeaway(analysis: Analysis, name: str, lang: str = "en", **options) -> str:
    """The one line a slide says about its chart, computed from the data (``options``: the
    chart's, e.g. scenario B's thresholds for "whatif")."""
    entry = chart(name)
    if entry.takeaway is None:
        raise LifecycleError.of("error.chart", chart=name, charts=", ".join(c.name for c in charts() if c.takeaway))
    return entry.takeaway(analysis, lang, Options(**options))


FIRST_ROWS = 10  # customers on the "look after first" slide


def first_customers(analysis: Analysis, lang: str = "en", *, anonymous: bool = False) -> tuple[str, pd.DataFrame]:
    """The customers to look after first, as the slide shows them, and its takeaway: the
    value model's save-first list when it fits, else the dormant clients who brought the most
    over 24 months. ``anonymous``: ids replaced by the file's pseudonyms, no names. Raises
    ``LifecycleError`` when the file has neither a purchase history nor amounts."""

    s, st = analysis.summary, analysis.stages
    if not s.has_history:
        raise LifecycleError.of("unavailable.history")
    if not s.has_amount:
        raise LifecycleError.of("unavailable.amount")
    c = s.customers
    try:
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
    """The charts with a slide that the data allows, and those it does not with the reason (in ``lang``)."""
    drawn, missing = [], []
    for entry in charts():
        if not entry.slide:
            continue
        why = entry.why_not(analysis, lang)
        if why is None and entry.fits is not None:
            try:
                entry.fits(analysis)
            except LifecycleError as exc:
                why = exc.message(lang)
        if why is None:
            drawn.append(entry.name)
        else:
            missing.append((entry.label(lang), why))
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
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Inches, Pt

    s, st, d = analysis.summary, analysis.stages, analysis.definition
    exported = exported or dt.date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12_192_000), Emu(6_858_000)  # 16:9, PowerPoint's own size
    blank = prs.slide_layouts[6]
    headline = RGBColor.from_string(HEADLINE_COLOR.lstrip("#"))
    ink = RGBColor(*_INK)
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
    if anonymous:  # said on every slide, with the facts
        facts_text += " · " + _d("anonymous", lang)

    def slide(title: str, *, line: str | None = None, facts_at: float | None = 1.0, notes: list[str] = ()):
        """A slide with its title, its one ``line`` (a takeaway) and the three facts (client
        total, period, definition and source: slide text a room can read, not a chart's small
        print). Without the facts (the title slide, which states them in full), an anonymised
        deck says so at the foot."""
        sl = prs.slides.add_slide(blank)
        text(sl, 0.5, 0.3, 12.3, 0.8, title, 28, bold=True, color=headline)
        if line is not None:
            text(sl, 0.5, 1.0, 12.3, 0.8, line, 18, bold=True)
        if facts_at is not None:
            text(sl, 0.5, facts_at, 12.3, 0.6, facts_text, FACTS_SIZE, color=ink)
        elif anonymous:
            text(sl, 0.5, 6.95, 12.3, 0.4, _d("anonymous", lang), 12)
        sl.notes_slide.notes_text_frame.text = "\n".join([*notes, notes_text])
        return sl

    def table(sl, frame: pd.DataFrame, widths: list[float], top: float = 1.7):
        rows, cols = frame.shape[0] + 1, frame.shape[1]
        heights = row_heights(frame, widths)
        height = sum(heights)
        shape = sl.shapes.add_table(rows, cols, Inches(0.5), Inches(top), Inches(sum(widths)), Inches(height))
        grid = shape.table
        for j, w in enumerate(widths):
            grid.columns[j].width = Emu(int(Inches(w)))
        for i, h in enumerate(heights):
            grid.rows[i].height = Emu(int(Inches(h)))
        for j, name in enumerate(frame.columns):
            grid.cell(0, j).text = str(name)
        for i, row in enumerate(frame.itertuples(index=False), start=1):
            for j, v in enumerate(row):
                grid.cell(i, j).text = _cell(v)
        for cell in (grid.cell(i, j) for i in range(rows) for j in range(cols)):
            for p in cell.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size, r.font.name = Pt(TABLE_SIZE), _FONT
        # Figures on the right, as numbers are read; the first column (a name, a customer) on the left.
        numeric = set(figure_columns(frame))
        right = [j for j, c in enumerate(frame.columns) if j and c in numeric]
        for i in range(rows):
            for j in right:
                for p in grid.cell(i, j).text_frame.paragraphs:
                    p.alignment = PP_ALIGN.RIGHT
        return grid

    def tables(title: str, frame: pd.DataFrame, widths: list[float], top: float = 1.7, **slide_options):
        """``frame`` on as many slides as its rows need, each titled «title (1/2)»…"""
        pages = table_pages(frame, widths, TABLE_BOTTOM - top)
        for i, part in enumerate(pages):
            name = title if len(pages) == 1 else _d("part", lang, title=title, i=i + 1, n=len(pages))
            table(slide(name, **slide_options), part, widths, top)

    drawn, missing = _left_out(analysis, lang)
    options = {name: {} for name in drawn}
    if whatif:
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
    box_w, box_h = Inches(12.3), Inches(PICTURE_BOTTOM - PICTURE_TOP)  # under the facts
    for name in drawn:
        width = int(SLIDE_CHART_WIDTH * chart(name).slide_width)  # a grid needs room for its column names
        drawing = build_chart(analysis, name, lang, width=width, **options[name])
        spec, chart_notes = slide_spec(drawing, lang)
        line = takeaway(analysis, name, lang, **options[name])
        sl = slide(t(f"ui.chart.{name}", lang), line=line, facts_at=FACTS_TOP, notes=chart_notes)
        png = vlc.vegalite_to_png(spec, scale=PNG_SCALE)
        flat = _png_aspect(png) / (box_h / box_w)
        if flat < FLAT:  # a chart of a few rows: its rows drawn taller, it fills the room under the facts
            png = vlc.vegalite_to_png(_taller(spec, min(TALLEST, 1 / flat)), scale=PNG_SCALE)
        picture = sl.shapes.add_picture(io.BytesIO(png), Inches(0.5), Inches(PICTURE_TOP))
        # Fit in the space under the facts, keeping the proportions.
        scale = min(box_w / picture.width, box_h / picture.height)
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
        picture.left = int(Inches(0.5) + (box_w - picture.width) / 2)
        if name == "segments":
            figures = segment_display(segment_table(st, lang), lang, compact=True)
            widths = [2.6] + [9.7 / (figures.shape[1] - 1)] * (figures.shape[1] - 1)
            tables(_d("segments_table", lang), figures, widths)
        step()

    # The customers to look after first: the one slide with people on it (pseudonyms on request).
    try:
        line, first = first_customers(analysis, lang, anonymous=anonymous)
    except LifecycleError as exc:
        missing.append((_d("first", lang), exc.message(lang)))
    else:
        widths = [12.3 / first.shape[1]] * first.shape[1]
        tables(_d("first", lang), first, widths, PICTURE_TOP, line=line, facts_at=FACTS_TOP)

    # 3. The KPIs and the definitions card as native tables.
    kpis = compute_kpis(st)
    frame = pd.DataFrame(
        {
            _d("col.kpi", lang): [k.label(lang) for k in kpis],
            _d("col.value", lang): [k.formatted(lang) for k in kpis],
            _d("col.definition", lang): [k.definition(lang) for k in kpis],
        }
    )
    tables(_d("kpis", lang), frame, [3.6, 1.6, 7.1])
    if s.has_history:  # the four indicators half-year by half-year, as a native table
        series = kpi_series(s, d, "half").tail(SERIES_ROWS)
        shown = kpi_series_display(series, lang)
        keep = ["period_end", "activity_rate", "repeat_purchase_rate", "average_basket", "purchase_frequency"]
        shown = shown[[kpi_series_headers(lang)[k] for k in keep if s.has_amount or k != "average_basket"]]
        widths = [12.3 / shown.shape[1]] * shown.shape[1]
        line = takeaway(analysis, "kpis", lang)
        tables(_d("series", lang), shown, widths, PICTURE_TOP, line=line, facts_at=FACTS_TOP)
    step()
    model = [why for title, why in missing if title == t("ui.chart.alive", lang)]
    # A model that cannot learn from this file is one line on this slide, not a slide: above
    # the table (a table's rows grow with their text, so nothing can sit safely below it).
    line = _d("no_model", lang, why=model[0].rstrip(".")) if model else None
    missing = [m for m in missing if m[0] != t("ui.chart.alive", lang)]
    defs = definitions_frame(analysis, lang)
    share = _w("share", lang)
    defs[share] = [
        fmt_share(x, v, lang) if v is not None and v == v else "" for x, v in zip(defs["stage"], defs[share])
    ]
    defs = defs.drop(columns="stage")
    count = _w("count", lang)
    defs[count] = [fmt_int(int(v), lang) for v in defs[count]]
    top, facts_at = (PICTURE_TOP, FACTS_TOP) if line else (1.7, 1.0)
    tables(_d("definitions", lang), defs, [1.7, 4.3, 1.0, 1.5, 3.8], top, line=line, facts_at=facts_at)
    step()

    # 4. What the data could not show, and why.
    if missing:
        why = {_d("col.chart", lang): [m[0] for m in missing], _d("col.why", lang): [m[1] for m in missing]}
        tables(_d("left_out", lang), pd.DataFrame(why), [4.0, 8.3])
        step()

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
