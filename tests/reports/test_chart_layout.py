"""Charts that hold on any data, drawn as the page draws them (``styled``, at the page's width)
and as they are exported: each stage band keeps its height, no two labels overprint.

The page's funnel once collapsed to ~40 px for every upload without a contacts list: left
alone, Streamlit sizes a single or layered chart with autosize "fit", which makes the
declared height the whole chart's. These tests render the Vega-Lite spec to SVG with
vl-convert and read the positions of the axis labels.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
import vl_convert as vlc

from lifecycle import Definition, analyze
from lifecycle.locale.i18n import stage_label
from lifecycle.model.stages import classify
from lifecycle.reports.charts import NAMES as CHARTS
from lifecycle.reports.charts import build_chart
from lifecycle.reports.charts.base import styled, styled_spec
from lifecycle.reports.charts.funnel import funnel_chart, nice_max
from lifecycle.vocabulary import STAGES
from tests.conftest import TODAY, analyze_file, csv_bytes

PAGE_WIDTH = 940  # the main column of a 1400 px wide window
_GROUP = re.compile(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', re.S)
_TEXT = re.compile(r'<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)</text>')


def _page_svg(chart) -> str:
    spec = styled_spec(chart)  # what the app sends
    spec["width"] = PAGE_WIDTH  # what Streamlit sets for width="stretch"
    return vlc.vegalite_to_svg(spec)


def _axes(svg: str) -> list[list[tuple[float, float, str]]]:
    """The labels of each axis: (x, y, text) relative to the axis."""
    return [[(float(x), float(y), t) for x, y, t in _TEXT.findall(g)] for g in _GROUP.findall(svg)]


def _band_axes(svg: str, lang: str) -> list[list[tuple[float, float, str]]]:
    names = {stage_label(s, lang) for s in STAGES}
    return [axis for axis in _axes(svg) if axis and all(t in names for _, _, t in axis)]


def _assert_bands_hold(svg: str, lang: str, expected_bands: int) -> None:
    axes = _band_axes(svg, lang)
    assert sum(len(a) for a in axes) == expected_bands, axes
    for axis in axes:
        ys = sorted(y for _, y, _ in axis)
        gaps = np.diff(ys)
        assert (gaps >= 30).all(), ys  # 40 px per band: a label each band, never overprinted


def _assert_numbers_apart(svg: str) -> None:
    """Number labels along an x axis never touch (12 px font: about 7 px a character)."""
    for axis in _axes(svg):
        if not axis or not all(re.fullmatch(r"[-−\d,.\s\u202f]+", t) for _, _, t in axis):
            continue
        if len({y for _, y, _ in axis}) != 1:  # a vertical axis
            continue
        xs = sorted((x, len(t) * 7.0) for x, _, t in axis)
        for (x0, w0), (x1, w1) in itertools.pairwise(xs):
            assert x1 - x0 >= (w0 + w1) / 2 + 2, xs


@pytest.fixture(scope="module")
def b2b(sample_dir):
    return analyze_file(sample_dir / "factures_b2b.csv")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_funnel_without_contacts_keeps_its_bands(b2b, lang):
    # Five customer stages, one of them empty (nobody reactivated): 40 px a band.
    assert b2b.stages.counts["reactivated"] == 0
    _assert_bands_hold(_page_svg(funnel_chart(b2b.stages, lang)), lang, 5)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_funnel_with_contacts_keeps_its_bands(retail, lang):
    shown = sum(1 for s in STAGES if s not in ("below_minimum",))  # suspects, prospects and buyers
    _assert_bands_hold(_page_svg(funnel_chart(retail.stages, lang)), lang, shown)


def test_funnel_of_a_single_customer():
    a = analyze(csv_bytes([("A", "2025-01-01", "10")]), name="one.csv", today=TODAY)
    svg = _page_svg(funnel_chart(a.stages, "en"))
    _assert_bands_hold(svg, "en", 5)
    _assert_numbers_apart(svg)


def test_funnel_split_by_long_segment_names():
    long = "Grands comptes de la région Auvergne-Rhône-Alpes et de la Bourgogne-Franche-Comté"
    rows = [(f"C{i}", f"2025-{1 + i % 12:02d}-01", "10", long if i % 2 else "Web") for i in range(40)]
    a = analyze(csv_bytes(rows, ("client", "date", "montant", "segment")), name="s.csv", today=TODAY)
    chart = funnel_chart(a.stages, "fr", by_segment=True)
    svg = _page_svg(chart)
    _assert_bands_hold(svg, "fr", 10)  # five bands in each of the two panels
    spec = styled(chart).to_dict()
    assert spec["autosize"]["type"] == "pad"  # side-by-side panels keep their own size


def test_funnel_axis_at_19_000_customers():
    # Counts of 18,520 and more: the x axis ends on a round tick and its labels never touch.
    n = 19_000
    rows = [(f"C{i}", "2025-11-01" if i % 3 else "2025-06-01", "10") for i in range(n)]
    a = analyze(csv_bytes(rows), name="big.csv", today=TODAY)
    for lang in ("en", "fr"):
        _assert_numbers_apart(_page_svg(funnel_chart(a.stages, lang)))
    assert nice_max(18_520 * 1.4) == 30_000


def testnice_max():
    assert [nice_max(x) for x in (0, 1, 7, 14, 451 * 1.4, 86_057 * 1.4)] == [1.0, 1.0, 7.0, 14.0, 700.0, 140_000.0]


@pytest.mark.parametrize("name", ["balance", "flows", "money", "history", "transitions", "thresholds", "sensitivity"])
def test_every_page_chart_fits_the_width_only(b2b, name):
    drawn = styled(build_chart(b2b, name, "en"))
    assert drawn.to_dict()["autosize"] == {"type": "fit-x", "contains": "padding"}
    _assert_numbers_apart(_page_svg(build_chart(b2b, name, "en")))


def test_the_first_client_window_is_shaded_on_time_charts(b2b):
    # The file starts on 2021-01-13; a client is lost after 24 months: no loss before 2023-01-13.
    for name in ("flows", "money", "history"):
        spec = build_chart(b2b, name, "en").to_dict()
        bands = [layer for layer in spec["layer"] if layer["mark"].get("type") == "rect"]
        assert len(bands) == 1, name
        values = spec["datasets"][bands[0]["data"]["name"]]
        assert values[0]["b"].startswith("2023-01-13"), (name, values)
        assert "no loss can show before 2023-01-13" in " ".join(spec["title"]["subtitle"]), name
        # The band is named where it lies: a slide carries the chart without its notes.
        names = [layer["encoding"]["text"]["value"] for layer in spec["layer"] if layer["mark"].get("type") == "text"]
        assert names == ["No loss can show yet"], name
    # The bridge of the last 12 months starts after that date: nothing to say there.
    bridge = build_chart(b2b, "balance", "en").to_dict()
    assert not any("no loss" in s for s in bridge["title"]["subtitle"])
    early = build_chart(b2b, "balance", "en", start="2021-06-30", end="2022-06-30").to_dict()
    assert any("no loss can show before 2023-01-13" in s for s in early["title"]["subtitle"])
    # A longer client window moves the date.
    longer = analyze(b2b.loaded.raw.file and "sample_data/factures_b2b.csv", Definition(client_months=36))
    spec = build_chart(longer, "flows", "fr").to_dict()
    assert "avant le 13/01/2024" in " ".join(spec["title"]["subtitle"])


def test_a_subset_of_a_large_base(b2b):
    # Classify a part of the base: the same chart code, counts of another magnitude.
    part = b2b.summary.subset(np.arange(b2b.summary.n_customers) % 3 == 0)
    _assert_bands_hold(_page_svg(funnel_chart(classify(part, Definition()), "fr")), "fr", 5)


def test_split_funnel_leaves_out_contacts_that_have_no_segment(retail):
    # Three segments; the contacts list (suspects, prospects) has no segment: no zero rows.
    svg = _page_svg(funnel_chart(retail.stages, "en", by_segment=True))
    _assert_bands_hold(svg, "en", 15)
    assert "suspect" not in {t for axis in _axes(svg) for _, _, t in axis}


def test_the_bridge_and_the_transitions_cover_the_same_year():
    from tests.corpus import ALL

    orders = ALL["orders.csv"]()
    a = analyze(orders.data, name=orders.name)  # as of 2025-11-01, not a month end
    assert str(a.summary.as_of.date()) == "2025-11-01"
    bridge = build_chart(a, "balance", "en").to_dict()
    labels = [row["label"] for row in bridge["datasets"][bridge["data"]["name"]]]
    assert labels[0] == "Clients on 2024-10-31" and labels[-1] == "Clients on 2025-11-01"
    spec = build_chart(a, "transitions", "en").to_dict()
    assert "2024-10-31 → 2025-11-01" in spec["title"]["text"]


@pytest.mark.parametrize(
    "name", ["funnel", "balance", "flows", "money", "history", "transitions", "thresholds", "sensitivity"]
)
def test_the_spec_the_app_sends_is_the_validated_styled_chart(b2b, name):
    # The app skips Altair's copies and validation on each slider move: same spec, to the key.
    for lang in ("en", "fr"):
        chart = build_chart(b2b, name, lang)
        assert styled_spec(chart) == styled(chart).to_dict()
    split = funnel_chart(b2b.stages, "en", by_segment=True)
    assert styled_spec(split) == styled(split).to_dict()


def _drawn(spec: dict):
    """(mark, item with x and y from the top left of the drawing) of every item Vega draws
    for ``spec``, groups opened."""

    def walk(m: dict, ox: float, oy: float):
        for item in m.get("items", []):
            if m.get("marktype") == "group":
                for child in item.get("items", []):
                    yield from walk(child, ox + item.get("x", 0), oy + item.get("y", 0))
            else:
                yield m, {**item, "x": ox + item.get("x", 0), "y": oy + item.get("y", 0)}

    return walk(vlc.vegalite_to_scenegraph(spec)["scenegraph"], 0, 0)


def _texts(spec: dict) -> list[tuple[str | None, float, object]]:
    """(role, y from the top of the drawing, text) of every text Vega draws for ``spec``."""
    return [
        (m.get("role"), item["y"], item["text"])
        for m, item in _drawn(spec)
        if m.get("marktype") == "text" and item.get("text") not in (None, "")
    ]


@pytest.mark.parametrize("name", CHARTS)
def test_an_exported_charts_legend_sits_under_its_own_title(retail, name):
    # It was drawn between the headline block and the chart's title (a top legend lifted to
    # the frame around the chart), reading as part of the definition.
    from lifecycle.reports.export import annotated_chart

    spec = annotated_chart(retail, name, "fr").to_dict()
    texts = _texts(spec)
    own_title = spec["vconcat"][0]["title"]["text"]
    title_y = next(y for role, y, text in texts if role == "title-text" and text == own_title)
    headline_y = next(y for role, y, text in texts if role == "title-text" and text == spec["title"]["text"])
    legend = [y for role, y, _ in texts if role == "legend-label"]
    assert headline_y < title_y
    assert all(y > title_y for y in legend), (title_y, sorted(legend))


def _marks(spec: dict, marktype: str) -> list[dict]:
    """Every item of the data marks of ``marktype`` (not a legend's) Vega draws for ``spec``."""
    return [item for m, item in _drawn(spec) if m.get("marktype") == marktype and m.get("role") == "mark"]


@pytest.mark.parametrize("current", [6, 12, 18])
def test_the_sensitivity_marker_stands_at_the_current_value(b2b, current):
    # The marker is read from the table (no parameter): the rule stands on the curve's point
    # for the current value, wherever the threshold is.
    from lifecycle.reports.charts.sensitivity import sensitivity_frame, sensitivity_plan

    d = b2b.definition.replace(active_months=current)
    plan = sensitivity_plan(b2b.summary, d, "active_months", "en")
    months = sorted(set(sensitivity_frame(b2b.summary, d, "active_months")["months"]))
    xs = sorted({round(p["x"], 3) for p in _marks(styled_spec(plan.chart()), "symbol")})
    assert len(xs) == len(months)
    (rule,) = _marks(styled_spec(plan.chart()), "rule")
    assert round(rule["x"], 3) == xs[months.index(current)]


@pytest.mark.parametrize("which", ["new_months", "active_months", "client_months"])
def test_the_sensitivity_axis_spans_the_values_slid_over(b2b, which):
    # Rounded out, the months axis began one month before the first point, with an empty «2».
    from lifecycle.reports.charts.sensitivity import sensitivity_frame, sensitivity_plan

    months = sorted(set(sensitivity_frame(b2b.summary, b2b.definition, which)["months"]))
    spec = styled_spec(sensitivity_plan(b2b.summary, b2b.definition, which, "en").chart())
    labels = [(y, text) for role, y, text in _texts(spec) if role == "axis-label"]
    bottom = max(y for y, _ in labels)  # the months axis, under the plot
    ticks = [int(text) for y, text in labels if y == bottom]
    assert min(ticks) == months[0] and max(ticks) == months[-1]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", ["funnel", "whatif"])
def test_a_count_axis_of_ones_reads_0_1(name, lang):
    # Four customers, one in each buyer stage: the count axis ends near 1.2. Vega ignored
    # the whole-number step where a chart sets a tick count and drew a tick at 0.5, printed
    # «0 1 1» (seen on the What if export of a two-customer file).
    from lifecycle.reports.export import annotated_chart
    from tests.conftest import run

    rows = [("K1", "2025-02-10", 10), ("K2", "2024-06-01", 10), ("K2", "2025-10-20", 10)]
    rows += [("K3", "2023-06-01", 10), ("K4", "2025-12-10", 10)]
    a = run(rows, as_of="2025-12-31")
    options = {"b_active": 9} if name == "whatif" else {}
    stages = {stage_label(s, lang) for s in STAGES}
    for spec in (
        annotated_chart(a, name, lang, **options).to_dict(),
        styled_spec(build_chart(a, name, lang, **options)),
    ):
        numbers = [text for role, _, text in _texts(spec) if role == "axis-label" and text not in stages]
        assert numbers == ["0", "1"]


def test_a_subtitle_line_longer_than_the_chart_is_wrapped_not_cut():
    from lifecycle.reports.charts.base import WIDTH, wrap_subtitles

    # The app fits a chart to the page, and Vega cuts a longer line with «…»: the model's
    # total error came last on its line and was never seen.
    long = "Le modèle apprend sur les achats du 03/09/2022 au 31/12/2024, puis prévoit les 12 mois " + (
        "suivants ; on compare avec ce qui s’est réellement passé. Écart total : 9,6 %."
    )
    spec = wrap_subtitles({"width": WIDTH, "title": {"text": "t", "subtitle": [long, "Court."]}})
    lines = spec["title"]["subtitle"]
    assert len(lines) == 3 and lines[-1] == "Court." and lines[1].endswith("Écart total : 9,6 %.")
    assert " ".join(lines[:2]) == long and all(len(x) <= WIDTH / 6.6 for x in lines)
    narrow = wrap_subtitles({"width": 400, "title": {"text": "t", "subtitle": long}})["title"]["subtitle"]
    assert len(narrow) == 3 and " ".join(narrow) == long
    assert wrap_subtitles({"title": "no subtitle"}) == {"title": "no subtitle"}
