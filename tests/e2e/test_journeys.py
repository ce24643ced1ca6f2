"""A stranger's export through the real app in Chromium, page by page, without a contacts list.

Each journey uploads one file of the corpus (``tests/corpus.py``) on the Data page, then
opens every page and checks what a person sees: no error, the client total the engine
gives, and charts drawn at their height (the funnel's box holds 40 px per stage band; a
collapsed chart measured about 200 px in all). With ``LIFECYCLE_ARTIFACTS=DIR`` set, a
screenshot of each page is kept in ``DIR/journeys/`` to be looked at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lifecycle import analyze
from lifecycle.locale.i18n import fmt_int, t
from lifecycle.model.funnel import stages_shown
from tests.corpus import ALL as CORPUS
from tests.e2e.browser import READY, ROOT, _drawn, _settle, pytestmark  # noqa: F401

ARTIFACTS = Path(os.environ["LIFECYCLE_ARTIFACTS"]) / "journeys" if os.environ.get("LIFECYCLE_ARTIFACTS") else None
# A shop's CSV. Every other file of the corpus, the workbook of one sheet a year read
# together included, goes through every page in AppTest (tests/app/test_app.py): a journey
# in the browser costs some 20 s of the suite's five minutes.
JOURNEYS = ["orders.csv"]
PAGES = ["Funnel", "Balance", "What if", "Value", "Export", "Data"]


def _charts(page) -> list[dict]:
    """Each chart's drawn box on the page."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.vega-embed')].map(e => {
            const r = e.getBoundingClientRect(); return {width: r.width, height: r.height}; })"""
    )


def _shoot(page, path: Path) -> None:
    """The whole page: the window made as tall as the app's scrolling column, then put back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 9000)})
    page.wait_for_timeout(600)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def _upload(page, server: str, path: Path):
    """The file uploaded on the app's Data page, in ``page``."""
    page.goto(server)
    page.wait_for_selector(READY, timeout=90_000)
    page.get_by_role("link", name="Data").click()
    _settle(page)
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploaderDropzone']").first.click()
    chooser.value.set_files(str(path))
    _settle(page)


def _metric(page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text()


@pytest.mark.parametrize("name", JOURNEYS)
def test_a_strangers_export_page_by_page(server, tab, name, tmp_path):
    export = CORPUS[name]()
    options = export.expected["load_options"][0]
    path = tmp_path / export.name
    path.write_bytes(export.data)
    expected = analyze(export.data, name=export.name, **options)
    total = fmt_int(expected.stages.clients_total)
    bands = len(stages_shown(expected.stages))
    shots = ARTIFACTS / Path(name).stem if ARTIFACTS else None
    try:  # what the Value page must show: the model's figures, or why it cannot fit
        from lifecycle.model.value import by_stage, value_of

        table = by_stage(value_of(expected.summary), expected.stages)
        value = ("figures", fmt_int(int(table.loc[table["stage"] == "lost", "likely_alive"].sum())))
    except Exception as exc:
        value = ("refused", exc.message("en"))

    page = tab
    _upload(page, server, path)
    # The sample's row report is there before the upload's: wait for the file's name.
    page.locator("[data-testid='stSidebar']").get_by_text(export.name).wait_for(timeout=90_000)
    # The metric (a status table's column may be called «Rows read» too).
    page.locator("[data-testid='stMetric']").filter(has_text="Rows read").first.wait_for()
    assert _metric(page, "Rows read") == fmt_int(expected.report.read)
    assert page.locator("[data-testid='stException']").count() == 0

    for link in PAGES:
        page.get_by_role("link", name=link).click()
        _settle(page)
        _drawn(page)
        assert page.locator("[data-testid='stException']").count() == 0, link
        assert page.locator("[data-testid='stAlertContentError']").count() == 0, link
        charts = _charts(page)
        if link == "Funnel":
            assert _metric(page, "Total clients") == total
            # Title, three notes and the axis take ~130 px; each band gets 40.
            assert charts[0]["height"] >= 40 * bands + 100, (charts, bands)
        if link == "Balance":
            assert _metric(page, "Total clients") == total
            assert len(charts) >= 4 and all(c["height"] >= 300 for c in charts), charts
        if link == "What if":
            assert _metric(page, "Total clients A") == total
            assert all(c["height"] >= 300 for c in charts), charts
        if link == "Value":
            if value[0] == "figures":
                assert _metric(page, "Lost, yet likely still buying") == value[1]
                assert len(charts) == 2 and all(c["height"] >= 300 for c in charts), charts
            else:
                # The reason, and the model-free tables still shown below it.
                said = page.locator("[data-testid='stAlertContentWarning']").inner_text()
                assert said == t("ui.value.model_missing", "en", reason=value[1])
        if link == "Export":
            # In the definitions card, folded: in the page's text, not on screen.
            assert f"Total clients: {total}" in page.evaluate("document.body.textContent")
        if shots:
            _shoot(page, shots / f"{PAGES.index(link) + 1}_{link.replace(' ', '_').lower()}.png")


def _stage_count(page, stage: str) -> str:
    """The count of ``stage`` in the Funnel's per-stage table (its accessible grid)."""
    row = page.locator("[data-testid='stDataFrame'] [role='row']").filter(has_text=stage).first
    return row.locator("[role='gridcell']").nth(1).inner_text()


def test_a_deals_export_follows_one_status_meaning_changed_in_its_table(server, tab, tmp_path):
    """Upload a HubSpot deals export, read it as HubSpot writes it, then say on the Data page
    that a lost deal is a purchase: the funnel's clients and prospects and the row report
    follow, as the engine gives them with the same meaning."""
    export = CORPUS["hubspot-crm-exports-all-deals.csv"]()
    path = tmp_path / export.name
    path.write_bytes(export.data)
    before = analyze(export.data, name=export.name)
    after = analyze(export.data, name=export.name, meanings={"Closed lost": "purchase"})
    assert after.stages.clients_total != before.stages.clients_total
    page = tab
    _upload(page, server, path)
    page.locator("[data-testid='stSidebar']").get_by_text(export.name).wait_for(timeout=90_000)
    _settle(page)
    page.get_by_text("Recognised: a HubSpot deals export").wait_for()
    page.get_by_text(before.report.understood_text("en")).wait_for()
    page.get_by_role("link", name="Funnel").click()
    _settle(page)
    assert _metric(page, "Total clients") == fmt_int(before.stages.clients_total)
    assert _stage_count(page, "prospect") == fmt_int(before.stages.counts["prospect"])

    page.get_by_role("link", name="Data").click()
    _settle(page)
    editor = page.locator(".st-key-data-status_table [data-testid='stDataFrame']")
    editor.scroll_into_view_if_needed()
    rows = editor.locator("[role='row']")
    rows.filter(has_text="Closed lost").first.wait_for(state="attached")
    at = next(i for i in range(rows.count()) if rows.nth(i).inner_text().startswith("Closed lost"))
    box = editor.bounding_box()
    choice = page.get_by_role("option", name="purchase", exact=True)
    for _ in range(3):  # the grid takes keys once it has drawn: try again if no list opened
        # Rows are 35 px under a 35 px header: focus the row's first cell, move to «Meaning».
        page.mouse.click(box["x"] + 20, box["y"] + 35 * at + 17)
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        try:
            choice.wait_for(timeout=3_000)
            break
        except Exception:
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)
    choice.click()
    page.wait_for_timeout(500)
    _settle(page)
    page.get_by_text(after.report.understood_text("en")).wait_for(timeout=30_000)
    cells = editor.locator("[role='row']").filter(has_text="Closed lost").first.locator("[role='gridcell']")
    assert [cells.nth(i).inner_text() for i in range(4)] == ["Closed lost", "11", "purchase", "your choice"]
    purchases = fmt_int(after.report.meanings["purchase"])
    assert page.get_by_text(f"Rows used, by meaning: {purchases} purchases").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0

    page.get_by_role("link", name="Funnel").click()
    _settle(page)
    assert _metric(page, "Total clients") == fmt_int(after.stages.clients_total)
    assert _stage_count(page, "prospect") == fmt_int(after.stages.counts["prospect"])
