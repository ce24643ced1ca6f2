"""What-if A against B as a chart: both scenarios' counts, their difference, both definitions; in the deck."""

import datetime as dt
import io
import itertools

import pytest
from pptx import Presentation

from lifecycle import Definition
from lifecycle.cli import main
from lifecycle.locale.i18n import stage_label, t
from lifecycle.model.stages import classify
from lifecycle.reports.charts import build_chart, chart_inputs
from lifecycle.reports.charts.base import styled_spec
from lifecycle.reports.charts.facts import annotation_text
from lifecycle.reports.charts.whatif import scenario_b
from lifecycle.reports.deck import deck_bytes, takeaway
from lifecycle.reports.export import annotated_chart
from lifecycle.reports.tables import movers, movers_display
from tests.conftest import csv_bytes, run
from tests.reports.test_chart_layout import _drawn

AS_OF = "2025-12-31"
# K1 bought 10.7 months before the as-of date (active under 12 months, dormant under 9), K2
# came back after 16 months away (reactivated under both), K3 last bought 30 months ago
# (lost), K4 once three weeks ago (new).
ROWS = [
    ("K1", "2025-02-10", 10),
    ("K2", "2024-06-01", 10),
    ("K2", "2025-10-20", 10),
    ("K3", "2023-06-01", 10),
    ("K4", "2025-12-10", 10),
]


def _datasets(spec: dict) -> list[list[dict]]:
    return list(spec["datasets"].values())


@pytest.fixture(scope="module")
def tiny():
    return run(ROWS, as_of=AS_OF)


def test_both_scenarios_side_by_side_with_the_difference(tiny):
    spec = build_chart(tiny, "whatif", "en", b_active=9).to_dict()
    (table,) = _datasets(spec)  # one table: the bars, then the differences
    bars = [r for r in table if r["part"] == "bar"]
    side = [r for r in table if r["part"] == "diff"]
    assert len(bars) == 10 and len(side) == 5
    counts = {(r["stage_label"], r["scenario"]): r["count"] for r in bars}
    assert counts[("active", "A (current)")] == 1 and counts[("active", "B")] == 0
    assert counts[("dormant", "A (current)")] == 0 and counts[("dormant", "B")] == 1
    assert counts[("new", "B")] == counts[("reactivated", "B")] == counts[("lost", "B")] == 1
    assert {r["stage_label"]: r["text"] for r in side} == {
        "new": "0",
        "active": "\u22121",
        "reactivated": "0",
        "dormant": "+1",
        "lost": "0",
    }
    # The notes are rows of the same table (drawn above the bars), in order.
    notes = sorted((r["line"], r["text"]) for r in table if r["part"] == "note")
    assert [line for line, _ in notes] == list(range(len(notes)))
    assert notes[0][1] == "A (current): new 3 months · active 12 months · client window 24 months"
    assert notes[1][1] == "B: new 3 months · active 9 months · client window 24 months"
    assert notes[-1][1] == "Total clients: 3 under A, 3 under B (0)."
    assert spec["title"] == {"text": "Scenario A against scenario B", "anchor": "start", "fontSize": 16}


def test_annotated_in_french_with_the_three_facts_and_both_definitions(tiny):
    spec = annotated_chart(tiny, "whatif", "fr", b_client=10, b_active=10).to_dict()
    assert tiny.definition.text("fr", tiny.summary.as_of) in annotation_text(spec).replace("\n", " ")
    drawn = [text for _, _, text in _drawn_texts(spec)]
    assert "B\u202f: nouveau 3 mois · actif 10 mois · fenêtre client 10 mois" in drawn
    assert "Total des clients\u202f: 3 avec A, 2 avec B (\u22121)." in drawn


def _drawn_texts(spec: dict) -> list[tuple[float, float, str]]:
    """(x, y, text) of every text Vega draws for ``spec``, from the top left of the drawing."""
    return [(item["x"], item["y"], item["text"]) for m, item in _drawn(spec) if m.get("marktype") == "text"]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("exported", [False, True])
def test_the_notes_are_drawn_under_the_title_and_above_the_bars(tiny, lang, exported):
    # Drawn as text marks (a slider move then keeps the spec): they must read as the
    # subtitle did, from the title's left edge, one line under the other, above the bars.
    if exported:
        spec = annotated_chart(tiny, "whatif", lang, b_active=9).to_dict()
    else:
        spec = styled_spec(build_chart(tiny, "whatif", lang, b_active=9))
    texts = _drawn_texts(spec)
    title = t("chart.whatif.title", lang)
    title_x, title_y = next((x, y) for x, y, text in texts if text == title)
    (table,) = _datasets(spec)
    notes = [r["text"] for r in sorted((r for r in table if r["part"] == "note"), key=lambda r: r["line"])]
    drawn = [(x, y) for x, y, text in texts if text in notes]
    assert len(drawn) == len(notes) == 4
    assert [text for _, _, text in texts if text in notes] == notes  # in order
    assert all(abs(x - title_x) < 1 for x, _ in drawn)  # from where the title starts
    ys = [y for _, y in drawn]
    assert ys[0] > title_y and all(b - a >= 14 for a, b in itertools.pairwise(ys))  # apart, downwards
    bars = [item["y"] for m, item in _drawn(spec) if m.get("marktype") == "rect" and m.get("role") == "mark"]
    assert len(bars) == 10 and min(bars) > ys[-1] + 10  # the bars start under the last note


def test_scenario_b_is_checked_and_keyed(tiny):
    assert scenario_b(Definition(), b_active=9) == Definition(active_months=9)
    with pytest.raises(Exception, match="new ≤ active ≤ client window"):
        scenario_b(Definition(), b_active=30)
    # The app keeps charts by what they depend on: another B, another chart.
    assert chart_inputs(tiny, "whatif", {"b_active": 9}) != chart_inputs(tiny, "whatif", {"b_active": 10})


def _slide_texts(tiny, **kw) -> list[list[str]]:
    prs = Presentation(io.BytesIO(deck_bytes(tiny, "en", exported=dt.date(2026, 1, 1), **kw)))
    return [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in prs.slides]


def test_the_deck_leaves_out_the_comparison_when_b_is_a(tiny):
    assert t("ui.chart.whatif", "en") not in [s[0] for s in _slide_texts(tiny, whatif={"b_active": 12})]


def test_the_deck_adds_the_comparison_when_b_differs(tiny):
    slides = _slide_texts(tiny, whatif={"b_active": 9, "b_new": None})
    assert slides[2][0] == t("ui.chart.whatif", "en")  # right after the funnel
    assert slides[2][1] == takeaway(tiny, "whatif", "en", b_active=9)
    assert (
        takeaway(tiny, "whatif", "en", b_active=9) == "Under B: active (\u22121), dormant (+1); 3 clients in all (±0)"
    )
    b = classify(tiny.summary, Definition(active_months=9))
    assert b.counts["dormant"] == 1


def test_the_command_line_draws_it_and_refuses_an_impossible_b(tmp_path, capsys):
    path = tmp_path / "tiny.csv"
    path.write_bytes(csv_bytes(ROWS))
    out = tmp_path / "ab.svg"
    assert main(["export", str(path), "--as-of", AS_OF, "--chart", "whatif", "--b-active", "9", "--out", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "B: new 3 months · active 9 months · client window 24 months" in svg
    assert main(["export", str(path), "--chart", "whatif", "--b-new", "30", "--out", str(out), "--lang", "fr"]) == 2
    assert "nouveau ≤ actif" in capsys.readouterr().err


def test_an_impossible_b_is_said_in_the_deck_not_raised(tiny):
    # B's active threshold beyond A's client window: the deck names the reason instead of failing.
    prs = Presentation(io.BytesIO(deck_bytes(tiny, "en", exported=dt.date(2026, 1, 1), whatif={"b_active": 30})))
    slides = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in prs.slides]
    assert t("ui.chart.whatif", "en") not in [s[0] for s in slides]
    left = next(s for s in prs.slides if s.shapes[0].text_frame.text == t("deck.left_out", "en"))
    grid = next(sh for sh in left.shapes if sh.has_table).table
    rows = {grid.cell(i, 0).text: grid.cell(i, 1).text for i in range(1, len(grid.rows))}
    assert "new ≤ active ≤ client window" in rows[t("ui.chart.whatif", "en")]


def test_who_moves_from_a_to_b_by_hand():
    # As of 2025-12-31. A: new 3, active 12, client 24 months; B: active 6, client 12.
    rows = [
        ("a", "2025-12-01", 10),  # new under both
        ("b", "2024-01-01", 10),
        ("b", "2025-11-01", 10),  # active under both
        ("c", "2024-01-01", 10),
        ("c", "2025-03-01", 10),  # 10 months: active -> dormant
        ("d", "2024-01-01", 10),
        ("d", "2025-02-01", 10),  # 11 months: active -> dormant
        ("e", "2023-06-01", 10),
        ("e", "2024-11-01", 10),  # 14 months: dormant -> lost
        ("f", "2022-01-01", 10),  # lost under both
        ("g", "2025-06-15", 10),  # one purchase 6.5 months ago: active -> dormant
    ]
    a = run(rows, Definition(new_months=3, active_months=12, client_months=24), as_of="2025-12-31")
    b = classify(a.summary, Definition(new_months=3, active_months=6, client_months=12))
    for lang in ("en", "fr"):
        labels = [stage_label(x, lang) for x in ("active", "dormant", "lost")]
        table, people = movers(a.stages, b, lang)
        assert table.index.tolist() == labels[:2] and table.columns.tolist() == labels[1:]
        assert (table.index.name, table.columns.name) == ("A", "B")
        assert table.to_numpy().tolist() == [[3, 0], [0, 1]]
        shown = movers_display(table, lang)
        b_col = "B: {}" if lang == "en" else "B\u202f: {}"
        assert shown.columns.tolist() == [t("ui.whatif.from_to", lang), *(b_col.format(x) for x in labels[1:])]
        assert shown.to_numpy().tolist() == [[labels[0], "3", "0"], [labels[1], "0", "1"]]
        moved = people.sort_values("customer")
        assert moved["customer"].tolist() == ["c", "d", "e", "g"]
        assert moved["A"].tolist() == [labels[0], labels[0], labels[1], labels[0]]
        assert moved["B"].tolist() == [labels[1], labels[1], labels[2], labels[1]]
    # Nobody moves: an empty table and no one listed.
    table, people = movers(a.stages, a.stages)
    assert table.empty and people.empty
