"""The workshop deck read back with python-pptx: slides, titles, and numbers equal to the engine's."""

import datetime as dt
import io

import pytest
from pptx import Presentation

from lifecycle import analyze
from lifecycle.deck import deck_bytes, takeaway
from lifecycle.i18n import fmt_int, t
from lifecycle.kpis import compute_kpis
from lifecycle.segments import segment_table

EXPORTED = dt.date(2026, 1, 15)


def _texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def _table(slide) -> list[list[str]]:
    grid = next(sh for sh in slide.shapes if sh.has_table).table
    return [[grid.cell(i, j).text for j in range(len(grid.columns))] for i in range(len(grid.rows))]


@pytest.fixture(scope="module")
def retail(sample_dir):
    return analyze(sample_dir / "ventes_boutique.xlsx", contacts=sample_dir / "contacts_boutique.csv")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_deck_on_the_sample(retail, lang):
    prs = Presentation(io.BytesIO(deck_bytes(retail, lang, exported=EXPORTED)))
    slides = list(prs.slides)
    titles = [_texts(s)[0] for s in slides]
    charts = ["funnel", "segments", "balance", "flows", "money", "history", "transitions", "alive"]
    assert titles[0] == t("deck.title", lang, file="ventes_boutique.xlsx")
    chart_slides = [slides[1], slides[2], *slides[4:10]]  # the segments' figures follow their chart
    assert [_texts(s)[0] for s in chart_slides] == [t(f"ui.chart.{c}", lang) for c in charts]
    assert titles[3] == t("deck.segments_table", lang)
    assert titles[10:] == [
        t("deck.kpis_part", lang, i=1, n=2),
        t("deck.kpis_part", lang, i=2, n=2),
        t("deck.definitions", lang),
    ]
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    # The three facts in large type; each chart slide says its computed takeaway and holds a picture.
    assert fmt_int(retail.stages.clients_total, lang) in _texts(slides[0])
    for slide, name in zip(chart_slides, charts):
        assert _texts(slide)[2] == takeaway(retail, name, lang)
        assert any(sh.shape_type == 13 for sh in slide.shapes)  # a picture
    # The segments side by side as a native table: the engine's clients per group, adding up.
    seg = segment_table(retail.stages, lang)
    figures = _table(slides[3])
    assert [r[0] for r in figures[1:]] == seg["group"].tolist()
    assert [r[1] for r in figures[1:]] == [fmt_int(n, lang) for n in seg["clients"]]
    assert seg["clients"].iloc[:-1].sum() == seg["clients"].iloc[-1] == retail.stages.clients_total
    # The KPIs and the definitions card as native tables, with the engine's numbers.
    rows = _table(slides[10])[1:] + _table(slides[11])[1:]
    assert [r[1] for r in rows] == [k.formatted(lang) for k in compute_kpis(retail.stages)]
    card = {r[0]: r[2] for r in _table(slides[12])[1:]}
    from lifecycle.i18n import stage_label

    for stage, n in retail.stages.counts.items():
        if stage_label(stage, lang) in card:
            assert card[stage_label(stage, lang)] == fmt_int(n, lang)
    # Every slide states the definition in its footer; the notes hold the exact one.
    short = retail.definition.short_text(lang)
    assert all(any(short in x for x in _texts(s)) for s in slides)
    notes = slides[3].notes_slide.notes_text_frame.text
    assert retail.definition.text(lang, retail.summary.as_of) in notes and fmt_int(retail.report.read, lang) in notes


def test_takeaways_are_computed_from_the_data(retail):
    counts = retail.stages.counts
    assert takeaway(retail, "funnel", "en") == (
        f"{retail.stages.shares()['active']:.0%} of clients are active; {counts['dormant']:,} are dormant and "
        f"{counts['lost']:,} customers are lost."
    )
    b = retail.balance().tail(12)
    assert f"{int((b['lost'] > b['new']).sum())} of the last 12 periods" in takeaway(retail, "flows", "en")


def test_a_file_without_history_leaves_out_what_cannot_be_drawn_and_says_so(sample_dir):
    a = analyze(sample_dir / "clients_crm.csv")
    prs = Presentation(io.BytesIO(deck_bytes(a, "fr", exported=EXPORTED)))
    titles = [_texts(s)[0] for s in prs.slides]
    assert titles[1] == t("ui.chart.funnel", "fr") and titles[-1] == t("deck.left_out", "fr")
    left = _table(list(prs.slides)[-1])[1:]
    assert [r[0] for r in left] == [
        t(f"ui.chart.{c}", "fr") for c in ("balance", "flows", "money", "history", "transitions", "alive")
    ]
    assert all(r[1] for r in left)  # each with its reason


def test_the_command_line_writes_a_deck(tmp_path, sample_dir):
    from lifecycle.cli import main

    out = tmp_path / "atelier.pptx"
    assert (
        main(["export", str(sample_dir / "factures_b2b.csv"), "--format", "pptx", "--lang", "fr", "--out", str(out)])
        == 0
    )
    assert _texts(Presentation(str(out)).slides[0])[0] == t("deck.title", "fr", file="factures_b2b.csv")
