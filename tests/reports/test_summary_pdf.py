"""The one-page PDF summary read back: one A4 landscape page with the three facts, the funnel,
the bridge and the KPIs, in both languages; without history, the bridge's absence is said."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from lifecycle.cli import main
from lifecycle.locale.i18n import fmt_date, fmt_int, t
from lifecycle.model.kpis import compute_kpis
from lifecycle.reports.summary_pdf import A4_LANDSCAPE, summary_pdf_bytes
from tests.conftest import analyze_file

EXPORTED = dt.date(2026, 1, 15)


def _page(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, _plain(reader.pages[0].extract_text())


def _plain(text: str) -> str:
    """Text as extracted: one space for any run of spaces (the PDF's narrow no-break spaces too)."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_one_a4_page_with_the_three_facts_the_funnel_the_bridge_and_the_kpis(retail, lang):
    a = retail
    reader, text = _page(summary_pdf_bytes(a, lang, exported=EXPORTED))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=0.01)
    flat = text
    total = fmt_int(a.stages.clients_total, lang)
    assert _plain(t("chart.facts.headline", lang, n=total, date=fmt_date(a.summary.as_of, lang))) in flat
    assert "ventes_boutique.xlsx" in flat and fmt_date(EXPORTED, lang) in flat
    assert _plain(t("chart.funnel.title", lang)) in flat and _plain(t("chart.bridge.title", lang)) in flat
    for stage in ("active", "dormant", "lost"):
        assert _plain(fmt_int(a.stages.counts[stage], lang)) in flat
    b = a.balance().tail(12)
    assert _plain(fmt_int(int(b["clients_start"].iloc[0]), lang)) in flat  # the bridge starts a year back
    for k in compute_kpis(a.stages):
        assert _plain(k.label(lang)) in flat and _plain(k.formatted(lang)) in flat, k.key
    assert reader.metadata.title == t("deck.title", lang, file="ventes_boutique.xlsx")


def test_without_history_the_bridge_is_left_out_and_the_page_says_why(sample_dir):
    a = analyze_file(sample_dir / "clients_crm.csv")
    _, text = _page(summary_pdf_bytes(a, "fr", exported=EXPORTED))
    flat = text
    assert _plain(t("unavailable.history", "fr")) in flat and t("chart.bridge.title", "fr") not in flat
    assert _plain(fmt_int(a.stages.clients_total, "fr")) in flat


def test_the_command_line_writes_it(sample_dir, tmp_path):
    out = tmp_path / "one.pdf"
    assert main(["export", str(sample_dir / "factures_b2b.csv"), "--format", "summary", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and len(PdfReader(out).pages) == 1


@pytest.fixture(scope="module")
def shop(sample_dir):
    """The sample shop without its contacts list, analysed once."""
    return analyze_file(sample_dir / "ventes_boutique.xlsx")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_reads_at_arms_length_with_even_margins(shop, lang):
    """Every text of the page is at least 9 pt on A4; the drawing sits in the middle with the
    same margin left and right, top and bottom, and fills the page one way or the other."""
    import vl_convert as vlc

    from lifecycle.reports.summary_pdf import MARGIN, summary_chart, summary_layout
    from tests.reports.test_deck import _font_sizes

    summary_chart(shop, lang, exported=EXPORTED).to_dict()  # valid Vega-Lite: the export skips the check
    spec, scale = summary_layout(shop, lang, exported=EXPORTED)
    assert min(_font_sizes(vlc.vegalite_to_scenegraph(spec))) * scale >= 9
    pad = spec["padding"]
    assert pad["left"] == pad["right"] and pad["top"] == pad["bottom"]
    margins = (pad["left"] * scale, pad["top"] * scale)
    assert min(margins) == pytest.approx(MARGIN) and max(margins) < 130  # no empty third
