"""The workshop deck read back with python-pptx: slides, titles, and numbers equal to the engine's."""

import datetime as dt
import io

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.text import PP_ALIGN

from lifecycle import analyze
from lifecycle.locale.i18n import fmt_date, fmt_int, fmt_money, t
from lifecycle.model.kpis import compute_kpis
from lifecycle.model.segments import segment_table
from lifecycle.reports.deck import deck_bytes, takeaway
from tests.conftest import analyze_file

EXPORTED = dt.date(2026, 1, 15)


def _texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def _table(slide) -> list[list[str]]:
    grid = next(sh for sh in slide.shapes if sh.has_table).table
    return [[grid.cell(i, j).text for j in range(len(grid.columns))] for i in range(len(grid.rows))]


@pytest.fixture(scope="module")
def deck(retail):
    """The sample's deck in a language, built once for the tests that read it back."""
    built = {}

    def bytes_in(lang: str) -> bytes:
        if lang not in built:
            built[lang] = deck_bytes(retail, lang, exported=EXPORTED)
        return built[lang]

    return bytes_in


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_deck_on_the_sample(retail, deck, lang):
    prs = Presentation(io.BytesIO(deck(lang)))
    slides = list(prs.slides)
    titles = [_texts(s)[0] for s in slides]
    charts = ["funnel", "segments", "balance", "flows", "money", "history", "transitions", "alive"]
    assert titles[0] == t("deck.title", lang, file="ventes_boutique.xlsx")
    chart_slides = [slides[1], slides[2], *slides[4:10]]  # the segments' figures follow their chart
    assert [_texts(s)[0] for s in chart_slides] == [t(f"ui.chart.{c}", lang) for c in charts]
    assert titles[3] == t("deck.segments_table", lang)

    # The KPI table at 14 pt takes three slides, each titled with its part.
    # The definitions card takes one slide in English, two in French (longer words).
    def parts(key: str, n: int) -> list[str]:
        return (
            [t(key, lang)] if n == 1 else [t("deck.part", lang, title=t(key, lang), i=i, n=n) for i in range(1, n + 1)]
        )

    card_slides = 1 if lang == "en" else 2
    assert titles[10:] == [
        t("deck.first", lang),
        *parts("deck.kpis", 3),
        t("deck.series", lang),
        *parts("deck.definitions", card_slides),
    ]
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    # The three facts in large type; each chart slide says its computed takeaway and holds a picture.
    assert fmt_int(retail.stages.clients_total, lang) in _texts(slides[0])
    for slide, name in zip(chart_slides, charts):
        assert _texts(slide)[1] == takeaway(retail, name, lang)
        assert any(sh.shape_type == 13 for sh in slide.shapes)  # a picture
    # The segments side by side as a native table: the engine's clients per group, adding up.
    seg = segment_table(retail.stages, lang)
    figures = _table(slides[3])
    assert [r[0] for r in figures[1:]] == seg["group"].tolist()
    assert [r[1] for r in figures[1:]] == [fmt_int(n, lang) for n in seg["clients"]]
    assert seg["clients"].iloc[:-1].sum() == seg["clients"].iloc[-1] == retail.stages.clients_total
    # Money in whole units, so that it fits its column on one line; figures on the right, names on the left.
    basket = figures[0].index(t("kpi.average_basket", lang))
    assert [r[basket] for r in figures[1:]] == [fmt_money(v, lang, 0) for v in seg["average_basket"]]
    grid = next(sh for sh in slides[3].shapes if sh.has_table).table
    align = [grid.cell(1, j).text_frame.paragraphs[0].alignment for j in range(len(grid.columns))]
    assert align[0] is None and all(a == PP_ALIGN.RIGHT for a in align[1:])
    # The KPIs and the definitions card as native tables, with the engine's numbers.
    rows = _table(slides[11])[1:] + _table(slides[12])[1:] + _table(slides[13])[1:]
    assert [r[1] for r in rows] == [k.formatted(lang) for k in compute_kpis(retail.stages)]
    card = {r[0]: r[2] for s in slides[15:] for r in _table(s)[1:]}
    # The four indicators half-year by half-year: the last row is the KPI table's.
    series = _table(slides[14])
    assert series[-1][0] == fmt_date(retail.summary.as_of, lang)
    kpis = {k.key: k.formatted(lang) for k in compute_kpis(retail.stages)}
    assert series[-1][1:] == [kpis[k] for k in ("activity_rate", "repeat_purchase_rate", "average_basket")] + [
        kpis["purchase_frequency"]
    ]
    from lifecycle.locale.i18n import stage_label

    for stage, n in retail.stages.counts.items():
        if stage_label(stage, lang) in card:
            assert card[stage_label(stage, lang)] == fmt_int(n, lang)
    # Every slide states the definition once: in full on the first, with the facts on the
    # others (no footer repeats it); the notes hold the exact one.
    short, full = retail.definition.short_text(lang), retail.definition.text(lang, retail.summary.as_of)
    assert sum(full in x for x in _texts(slides[0])) == 1
    assert all(sum(short in x for x in _texts(s)) == 1 for s in slides[1:])
    notes = slides[3].notes_slide.notes_text_frame.text
    assert retail.definition.text(lang, retail.summary.as_of) in notes and fmt_int(retail.report.read, lang) in notes


def test_takeaways_are_computed_from_the_data(retail, sample_dir):
    counts = retail.stages.counts
    # The activity rate of the KPI table: new, reactivated and active among the clients.
    fresh = counts["new"] + counts["reactivated"] + counts["active"]
    assert takeaway(retail, "funnel", "en") == (
        f"{fresh / retail.stages.clients_total:.0%} of clients bought within 12 months (new, reactivated or active); "
        f"{counts['dormant']:,} clients are dormant and {counts['lost']:,} former clients are lost."
    )
    b = retail.balance()
    b = b[b["period_end"] > "2024-12-31"]  # the deck's one "year ago": the bridge's start
    assert len(b) == 12
    # In no month of the sample's last year did the lost outnumber the new: said that way
    # round, not «in 0 of the 12 months».
    assert int((b["lost"] > b["new"]).sum()) == 0
    assert takeaway(retail, "flows", "en") == (
        "New clients were at least as many as lost ones in each of the 12 months from 2024-12-31 to 2025-12-31."
    )
    b2b = analyze_file(sample_dir / "factures_b2b.csv")
    flows = b2b.balance()
    flows = flows[flows["period_end"] > "2024-12-31"]
    more_lost = int((flows["lost"] > flows["new"]).sum())
    assert more_lost == 1 and takeaway(b2b, "flows", "fr") == (
        "Les clients perdus ne sont plus nombreux que les nouveaux qu’au cours d’un seul des 12 mois,"
        " du 31/12/2024 au 31/12/2025."
    )


def test_every_slide_takes_a_year_ago_at_the_same_date(retail):
    for name in ("balance", "money", "history", "transitions"):
        for lang, day in (("en", "2024-12-31"), ("fr", "31/12/2024")):
            assert day in takeaway(retail, name, lang), (name, lang)


def test_a_gap_between_segments_is_a_finding_only_when_it_is_large_and_beyond_chance():
    from lifecycle.reports.charts.segments import apart as _apart

    assert not _apart(0.50, 16, 0.51, 18)  # one point between 16 and 18 clients
    assert not _apart(0.50, 20, 0.60, 20)  # ten points, but twenty clients each: chance
    assert _apart(0.50, 400, 0.60, 400)
    assert not _apart(0.500, 100_000, 0.520, 100_000)  # beyond chance, but two points: not worth a headline


def test_a_file_without_history_leaves_out_what_cannot_be_drawn_and_says_so(sample_dir):
    a = analyze_file(sample_dir / "clients_crm.csv")
    prs = Presentation(io.BytesIO(deck_bytes(a, "fr", exported=EXPORTED)))
    titles = [_texts(s)[0] for s in prs.slides]
    assert titles[1] == t("ui.chart.funnel", "fr") and titles[-1] == t("deck.left_out", "fr")
    left = _table(list(prs.slides)[-1])[1:]
    assert [r[0] for r in left] == [
        *(t(f"ui.chart.{c}", "fr") for c in ("balance", "flows", "money", "history", "transitions")),
        t("deck.first", "fr"),
    ]
    assert all(r[1] for r in left)  # each with its reason
    # The value model that cannot learn from this file is one line on the definitions slide.
    (defs,) = [s for s in prs.slides if _texts(s)[0] == t("deck.definitions", "fr")]
    assert any(x.startswith(t("deck.no_model", "fr", why="")[:30]) for x in _texts(defs))
    # No contacts list and no cancelled or open rows: no suspect or prospect row.
    stages = [r[0] for r in _table(defs)[1:]]
    assert stages and not {t("stage.suspect", "fr"), t("stage.prospect", "fr")} & set(stages)


def test_the_command_line_writes_a_deck(tmp_path, sample_dir):
    from lifecycle.cli import main

    out = tmp_path / "atelier.pptx"
    assert (
        main(["export", str(sample_dir / "factures_b2b.csv"), "--format", "pptx", "--lang", "fr", "--out", str(out)])
        == 0
    )
    assert _texts(Presentation(str(out)).slides[0])[0] == t("deck.title", "fr", file="factures_b2b.csv")


def _all_text(prs) -> str:
    """Every piece of text in a deck: shapes, table cells and speaker notes."""
    parts = []
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_text_frame:
                parts.append(sh.text_frame.text)
            if sh.has_table:
                parts += [c.text for row in sh.table.rows for c in row.cells]
        parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def test_the_look_after_first_slide_and_its_anonymised_version(retail, deck):
    from lifecycle.model.value import save_first, value_of
    from lifecycle.reports.deck import first_customers
    from lifecycle.reports.tables import pseudonyms

    first = save_first(value_of(retail.summary), retail.stages, retail.summary, 10)
    named = Presentation(io.BytesIO(deck("en")))
    slide = next(s for s in named.slides if _texts(s)[0] == t("deck.first", "en"))
    rows = _table(slide)
    assert [r[0] for r in rows[1:]] == first["customer"].tolist()  # the model's save-first list, in its order
    line, _ = first_customers(retail, "en")
    assert _texts(slide)[1] == line and line.endswith(f"{first['risk'].sum():,.0f} at stake")
    customers = retail.summary.customers.set_index("customer")
    assert [r[1] for r in rows[1:]] == customers.loc[first["customer"], "name"].tolist()

    anon = Presentation(io.BytesIO(deck_bytes(retail, "en", exported=EXPORTED, anonymous=True)))
    text = _all_text(anon)
    slide = next(s for s in anon.slides if _texts(s)[0] == t("deck.first", "en"))
    rows = _table(slide)
    assert [r[0] for r in rows[1:]] == pseudonyms(retail.summary, first["customer"])
    assert "Name" not in rows[0]
    # No id, name or e-mail of the file anywhere in the deck; every slide says so.
    c = retail.summary.customers
    for column in ("customer", "name", "email"):
        values = [str(v) for v in c[column].dropna().unique() if len(str(v)) >= 4]
        assert values and not [v for v in values if v in text], column
    assert all(any(t("deck.anonymous", "en") in x for x in _texts(s)) for s in anon.slides)


def test_pseudonyms_are_stable_distinct_and_do_not_follow_the_id_order(retail):
    from lifecycle.reports.tables import pseudonyms

    ids = retail.summary.customers["customer"]
    names = pseudonyms(retail.summary, ids)
    assert len(set(names)) == len(ids) and names == pseudonyms(retail.summary, ids)
    # The sample's ids are 0000001, 0000002, ...: the id order would give them away.
    assert sum(n[2:] == i for n, i in zip(names, ids)) < 10
    assert pseudonyms(retail.summary, ["not a customer", None, "not a customer"]) == [
        "P-000001",
        "P-000002",
        "P-000001",
    ]
    # Contacts known by their e-mail alone: each person a pseudonym of their own
    assert pseudonyms(retail.summary, [None, None, "x"]) == ["P-000001", "P-000002", "P-000003"]


def test_without_amounts_the_deck_says_why_nobody_is_listed(tmp_path):
    from tests.conftest import csv_bytes

    rows = [(f"K{i}", f"2025-{1 + i % 12:02d}-0{1 + i % 9}") for i in range(40)]
    a = analyze(csv_bytes(rows, ("client", "date")), name="no_amount.csv")
    prs = Presentation(io.BytesIO(deck_bytes(a, "en", exported=EXPORTED)))
    left = _table(next(s for s in prs.slides if _texts(s)[0] == t("deck.left_out", "en")))
    assert [t("deck.first", "en"), t("unavailable.amount", "en")] in left


def test_nobody_to_look_after_is_said_not_drawn_as_an_empty_table():
    from tests.conftest import run

    # Four customers: too few for the model; nobody dormant under the default rules.
    a = run([("K1", "2025-02-10", 10), ("K2", "2025-10-20", 10), ("K3", "2023-06-01", 10)], as_of="2025-12-31")
    assert a.stages.counts["dormant"] == 0
    prs = Presentation(io.BytesIO(deck_bytes(a, "fr", exported=EXPORTED)))
    left = _table(next(s for s in prs.slides if _texts(s)[0] == t("deck.left_out", "fr")))
    assert [t("deck.first", "fr"), t("deck.no_dormant", "fr")] in left


def test_a_room_reads_every_text_of_the_deck(retail, deck):
    """The three facts are slide text of 14 pt or more on every chart and table slide; every
    text drawn inside a chart's picture is at least 12 pt at the picture's size on the slide;
    the first slide says the file may not be the whole customer base."""
    import vl_convert as vlc
    from PIL import Image

    from lifecycle.reports.charts import build_chart
    from lifecycle.reports.charts.facts import slide_spec
    from lifecycle.reports.deck import PNG_SCALE, SLIDE_CHART_WIDTH

    prs = Presentation(io.BytesIO(deck("fr")))
    slides = list(prs.slides)
    assert t("ui.funnel.database_not_base", "fr") in _texts(slides[0])  # the Funnel's own words
    by_title = {t(f"ui.chart.{c}", "fr"): c for c in ("funnel", "segments", "balance", "flows", "money", "history")}
    by_title |= {t(f"ui.chart.{c}", "fr"): c for c in ("transitions", "alive")}
    checked = 0
    for slide in slides[1:]:
        sizes = {
            r.text: r.font.size.pt
            for sh in slide.shapes
            if sh.has_text_frame
            for p in sh.text_frame.paragraphs
            for r in p.runs
        }
        facts = [text for text in sizes if text.startswith(fmt_int(retail.stages.clients_total, "fr") + " clients")]
        assert facts and all(sizes[x] >= 14 for x in facts), _texts(slide)[0]
        name = by_title.get(_texts(slide)[0])
        if name is None:
            continue
        (picture,) = [sh for sh in slide.shapes if sh.shape_type == 13]
        width = SLIDE_CHART_WIDTH * (3 if name == "transitions" else 2) // 2
        spec, _ = slide_spec(build_chart(retail, name, "fr", width=width), "fr")
        pixels = Image.open(io.BytesIO(picture.image.blob)).size[0] / PNG_SCALE
        points_per_pixel = picture.width.pt / pixels
        smallest = min(_font_sizes(vlc.vegalite_to_scenegraph(spec)))
        assert smallest * points_per_pixel >= 12, (name, smallest, points_per_pixel)
        checked += 1
    assert checked == 8


def _font_sizes(node):
    if isinstance(node, dict):
        if node.get("marktype") == "text":
            yield from (i["fontSize"] for i in node.get("items", []) if i.get("text") not in (None, "", []))
        for value in node.values():
            yield from _font_sizes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _font_sizes(value)


def test_the_transitions_takeaway_counts_the_active_who_bought_again_reactivated_too(retail):
    from lifecycle.locale.i18n import fmt_pct
    from lifecycle.model.history import transitions

    row = transitions(retail.summary, retail.definition, "2024-12-31", retail.summary.as_of).loc["active"]
    share = (row["active"] + row.get("reactivated", 0)) / row.sum()
    assert takeaway(retail, "transitions", "en") == (
        f"Of the clients active on 2024-12-31, {fmt_pct(share, 'en', 0)} bought again since (still active, or reactivated)."
    )


def test_a_deck_leaves_the_pages_charts_as_they_were(retail):
    # A slide's texts are made larger in place: on a config every chart shared, one deck made
    # the app's axis labels 177 px and the next deck 2,612 px.
    from lifecycle.reports.charts import build_chart
    from lifecycle.reports.charts.base import styled_spec

    before = styled_spec(build_chart(retail, "funnel", "en"))
    deck_bytes(retail, "fr", exported=EXPORTED)
    after = styled_spec(build_chart(retail, "funnel", "en"))
    assert after == before
    assert after["config"]["axis"]["labelFontSize"] == 12


def test_table_rows_are_measured_and_cut_into_slides_of_even_parts():
    from lifecycle.reports.deck import TABLE_SIZE, row_heights, table_pages

    line = TABLE_SIZE * 1.2 / 72  # inches a line of 14 pt takes
    short = pd.DataFrame({"Stage": ["new", "active"], "N": ["1", "2"]})
    assert row_heights(short, [3.0, 2.0]) == [0.36, 0.36, 0.36]  # header and two rows of one line
    # Twelve words in a cell of 1.2 inches: several lines, a whole number of them.
    tall = pd.DataFrame({"Rule": ["bought within the last twelve months and again before that, twice"]})
    header, row = row_heights(tall, [1.2])
    lines = (row - 0.1) / line
    assert header == 0.36 and lines >= 4 and abs(lines - round(lines)) < 1e-9
    assert row_heights(tall, [12.0])[1] == 0.36  # the same text on one line of a wide cell
    # Twenty rows of one line in 4.4 inches: 11 fit under the header (12 × 0.36 = 4.32), so
    # two slides, cut evenly: 10 and 10, not 11 and 9.
    rows = pd.DataFrame({"Customer": [f"C{i}" for i in range(20)]})
    assert [p["Customer"].tolist() for p in table_pages(rows, [3.0], 4.4)] == [
        [f"C{i}" for i in range(10)],
        [f"C{i}" for i in range(10, 20)],
    ]
    assert [len(p) for p in table_pages(rows, [3.0], 8.0)] == [20]  # all on one slide
    assert [len(p) for p in table_pages(rows, [3.0], 0.5)] == [1] * 20  # a row a slide at least


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_table_is_at_14_pt_and_ends_on_the_slide(deck, lang):
    from pptx.util import Emu

    from lifecycle.reports.deck import TABLE_BOTTOM, TABLE_SIZE

    tables = 0
    for slide in Presentation(io.BytesIO(deck(lang))).slides:
        for shape in (sh for sh in slide.shapes if sh.has_table):
            tables += 1
            grid = shape.table
            sizes = {
                r.font.size.pt for row in grid.rows for c in row.cells for p in c.text_frame.paragraphs for r in p.runs
            }
            assert sizes == {TABLE_SIZE}, _texts(slide)[0]
            bottom = Emu(shape.top + sum(row.height for row in grid.rows)).inches
            below = [sh for sh in slide.shapes if sh.top > shape.top]
            assert bottom <= TABLE_BOTTOM <= 7.5 - 0.3 and not below, (_texts(slide)[0], bottom)
    assert tables >= 7  # segments, customers, three of indicators, the series, the definitions card


def test_a_chart_of_a_few_rows_fills_the_room_under_the_facts(deck):
    """The segments side by side (four rows) and the model's five stages are drawn with
    taller rows on a slide: their picture fills at least 70 % of the room under the facts,
    where at their page's size it filled about half, text as large."""
    from pptx.util import Inches

    from lifecycle.reports.deck import PICTURE_BOTTOM, PICTURE_TOP

    prs = Presentation(io.BytesIO(deck("en")))
    room = Inches(PICTURE_BOTTOM - PICTURE_TOP)
    wanted = {t("ui.chart.segments", "en"), t("ui.chart.alive", "en")}
    heights = {
        _texts(slide)[0]: next(sh for sh in slide.shapes if sh.shape_type == 13).height / room
        for slide in prs.slides
        if _texts(slide)[0] in wanted
    }
    assert set(heights) == wanted and min(heights.values()) >= 0.7, heights
