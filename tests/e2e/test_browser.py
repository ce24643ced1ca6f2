"""Real-browser journeys: Debian's Chromium driven by Playwright against `streamlit run app.py`."""

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import analyze_file
from tests.e2e.browser import READY, ROOT, _free_port, _quiet, _settle, pytestmark  # noqa: F401


@pytest.fixture
def page(server, tab):
    """A tab on the app, its first page drawn."""
    tab.goto(server)
    tab.wait_for_selector(READY, timeout=90_000)
    return tab


def _total(page) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Total clients").first
    return metric.locator("[data-testid='stMetricValue']").inner_text()


def _uploader_words(page) -> list[str]:
    """What the Data page's first uploader shows on its button and beside it: Streamlit's own
    English words when they show, else the words drawn after them (``widgets.file_uploader``)."""
    return page.locator("[data-testid='stFileUploaderDropzone']").first.evaluate(
        """zone => ['button [data-testid=stMarkdownContainer] p', '[data-testid=stFileUploaderDropzoneInstructions] span']
            .map(sel => zone.querySelector(sel))
            .map(e => getComputedStyle(e).fontSize === '0px' ? getComputedStyle(e, '::after').content : e.innerText)"""
    )


def _upload(page, link: str, name: str, data: bytes, mime: str) -> list[str]:
    """Upload ``data`` as ``name`` on the Data page (named ``link`` in the page's language);
    what the uploader showed before (``_uploader_words``)."""
    page.get_by_role("link", name=link).click()
    _settle(page)
    words = _uploader_words(page)
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploaderDropzone']").first.click()
    chooser.value.set_files({"name": name, "mimeType": mime, "buffer": data})
    _settle(page)
    page.locator("[data-testid='stSidebar']").get_by_text(name).wait_for()  # the upload is in use
    return words


def test_upload_move_a_slider_and_download_the_chart(page, tmp_path):
    from lifecycle import Definition
    from lifecycle.locale.i18n import fmt_int

    # Upload the French workbook on the Data page.
    workbook = (ROOT / "sample_data" / "ventes_boutique.xlsx").read_bytes()
    words = _upload(page, "Data", "ventes_mars.xlsx", workbook, "application/octet-stream")
    assert words == ['"Upload"', '"Excel, CSV or Parquet · up to 200\u00a0MB"']
    page.get_by_text("Rows read").wait_for()
    page.get_by_role("link", name="Funnel").click()
    _settle(page)
    before = analyze_file(ROOT / "sample_data" / "ventes_boutique.xlsx").stages.clients_total
    assert _total(page) == fmt_int(before)

    page.wait_for_function("() => document.querySelector('.vega-embed svg')?.textContent.includes('(12.8% of buyers)')")

    # Move the client-window slider down with the keyboard: 24 -> 18 months.
    slider = page.locator("[data-testid='stSlider']").filter(has_text="Client window").get_by_role("slider")
    slider.focus()
    for _ in range(6):
        page.keyboard.press("ArrowLeft")
    _settle(page)
    after = analyze_file(
        ROOT / "sample_data" / "ventes_boutique.xlsx", Definition(client_months=18)
    ).stages.clients_total
    assert after != before
    page.wait_for_function(
        "expected => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText === expected)",
        arg=fmt_int(after),
        timeout=60_000,
    )
    assert "client=18" in page.url
    # The funnel drawn in the page shows the new counts: the chart's layout is unchanged by
    # this move, so Streamlit swaps the rows into the drawn chart (the same spec is sent).
    lost = analyze_file(ROOT / "sample_data" / "ventes_boutique.xlsx", Definition(client_months=18)).stages.counts[
        "lost"
    ]
    assert lost == 1127
    page.wait_for_function(
        "() => { const t = document.querySelector('.vega-embed svg').textContent;"
        " return t.includes('1,127') && t.includes('(22.5% of buyers)') && !t.includes('(12.8% of buyers)'); }",
        timeout=60_000,
    )

    # Download the annotated PNG from the Export page and check it.
    page.get_by_role("link", name="Export").click()
    _quiet(page)
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name="PNG", exact=True).click()
    path = tmp_path / "funnel.png"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") >= 1400


@contextlib.contextmanager
def _plain_streamlit_run():
    """``streamlit run app.py`` as the README writes it, on a free port: its URL, once it has
    said where it listens, and its output (read when it has stopped)."""
    port = _free_port()
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "streamlit"), "run", "app.py", "--server.port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    said = []
    try:
        deadline = time.time() + 90
        while time.time() < deadline:  # the start-up lines, up to the one giving the address
            line = proc.stdout.readline()
            said.append(line)
            if "URL:" in line or not line:
                break
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        yield f"http://127.0.0.1:{port}/", said
    finally:
        proc.terminate()
        rest, _ = proc.communicate(timeout=20)
        said.append(rest)


def test_a_plain_streamlit_run_listens_on_loopback_only_and_a_first_shared_link_keeps_its_settings(tab):
    from playwright.sync_api import Error as PlaywrightError

    # No --server.address: the project's config keeps the server on 127.0.0.1 and asks
    # nobody outside for the machine's address.
    # A consultant starts the app and opens a shared link first: French, a minimum amount.
    # Through the navigation every page keeps both, the first change of page included, when
    # the link opens the server's first session (the case where a language could fall back).
    with _plain_streamlit_run() as (url, said):
        tab.goto(url + "?lang=Fran%C3%A7ais&min_amount=200.0")
        tab.wait_for_selector(READY, timeout=90_000)
        for link, heading in (
            ("Gains et pertes", "Bilan du portefeuille clients"),
            ("Et si…", "Et si…"),
            ("Données", "Vos données"),
        ):
            tab.get_by_role("link", name=link).click()
            _settle(tab)
            tab.wait_for_timeout(1500)  # the page's own reruns
            _settle(tab)
            tab.get_by_role("heading", name=heading).wait_for(timeout=5_000)
            # The browser writes the widgets' values into the address once the page has run
            # them: on a loaded machine, a moment after the heading.
            with contextlib.suppress(PlaywrightError):  # the assertion below names the address
                tab.wait_for_function("() => location.search.includes('min_amount=200')", timeout=15_000)
            assert "lang=Fran" in tab.url and "min_amount=200" in tab.url, tab.url
        tab.get_by_role("link", name="Cycle de vie").click()
        _settle(tab)
        tab.get_by_text("sous le montant minimum").first.wait_for()
        # Reloaded, the page is still in French with the same minimum (the address keeps them).
        tab.reload()
        tab.wait_for_selector(READY, timeout=90_000)
        _settle(tab)
        tab.get_by_text("sous le montant minimum").first.wait_for()
        tab.close()
    out = "".join(said)
    assert f"URL: {url.rstrip('/')}" in out
    assert "Network URL" not in out and "External URL" not in out and "external IP" not in out


def test_a_file_name_shows_no_link_icon_emoji_or_reversed_text(page):
    # A Markdown image, addresses, e-mails, shortcodes and a right-to-left override in a name
    # (no disk allows it: sent as a payload): all shown as written, on the Data page, in the
    # sidebar and in the definitions card, and the browser never asks for the image's address
    # (a tracking pixel).
    name = "![x](http://127.0.0.1:9/x.png) http://evil.example/x :material/warning: :streamlit: www.evil.example a@b.fr \u202eabc.csv"
    data = (ROOT / "sample_data" / "factures_b2b.csv").read_bytes()
    asked = []
    page.on("request", lambda request: asked.append(request.url) if ":9/" in request.url else None)
    page.get_by_role("link", name="Data").click()
    _settle(page)
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploaderDropzone']").first.click()
    chooser.value.set_files({"name": name, "mimeType": "text/csv", "buffer": data})
    _settle(page)
    page.get_by_text("Rows read").wait_for()
    shown = name.replace("\u202e", "⟨U+202E⟩")
    for where in ("[data-testid='stSidebar']", "[data-testid='stMain']"):
        text = page.locator(where).inner_text().replace("\u2060", "")
        assert shown in text, text[:500]
    page.get_by_role("link", name="Export").click()
    _settle(page)
    page.get_by_text("Definitions card (text file, .md)").last.click()
    page.wait_for_timeout(800)
    markdown = "[data-testid='stMarkdownContainer'], [data-testid='stCaptionContainer']"
    hrefs = page.locator(f":is({markdown}) a").evaluate_all("links => links.map(a => a.href)")
    assert not [h for h in hrefs if "evil" in h or "a@b" in h], hrefs  # the app's own links only
    assert page.locator(f":is({markdown}) :is(img, [data-testid='stIconMaterial'])").count() == 0
    assert "\u202e" not in page.evaluate("document.body.innerText")
    assert shown in page.evaluate("document.body.innerText").replace("\u2060", "")  # the card too
    assert asked == []


def _funnel_figures(page) -> tuple[list[str], str]:
    """The Funnel's metrics and its KPI table as the page writes them."""
    page.get_by_role("link", name="Cycle de vie").click()
    _settle(page)
    main = page.locator("[data-testid='stMain']")
    return main.locator("[data-testid='stMetricValue']").all_inner_texts(), main.locator(
        "[data-testid='stTable']"
    ).first.inner_text()


def _pick_segment(page, label: str, name: str) -> None:
    """Choose ``name`` in the sidebar's segment list (labelled ``label``)."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text=label)
    option = page.get_by_role("option", name=name, exact=True)
    for _ in range(3):  # a list opened while the page still draws may close again: open it anew
        box.get_by_role("combobox").click()
        page.keyboard.press("ArrowDown")
        try:
            option.wait_for(timeout=5_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    option.click()
    _settle(page)


def test_a_consultant_leaves_with_the_deck_and_the_one_page_summary_in_french(page, tmp_path):
    import io

    from pptx import Presentation
    from pypdf import PdfReader

    from lifecycle import analyze
    from lifecycle.locale.i18n import fmt_int, t
    from lifecycle.reports.deck import takeaway

    # A stranger's export without a contacts list, in French.
    page.get_by_text("Français", exact=True).click()
    _settle(page)
    data = (ROOT / "sample_data" / "factures_b2b.csv").read_bytes()
    words = _upload(page, "Données", "factures_2025.csv", data, "text/csv")
    # Streamlit's uploader writes «Upload» and «200MB per file»: the French page shows French.
    assert words == ['"Parcourir"', '"Excel, CSV ou Parquet · 200\u00a0Mo au plus"']
    # The empty as-of field asks for «jj / mm / aaaa», not Streamlit's «dd / mm / yyyy».
    field = page.locator("[data-testid='stSidebar'] [data-testid='stDateInputField']").first
    shown = field.evaluate(
        """f => [...f.querySelectorAll('[data-placeholder=true]')]
            .map(e => getComputedStyle(e).fontSize === '0px' ? getComputedStyle(e, '::after').content : e.innerText)"""
    )
    assert shown == ['"jj"', '"mm"', '"aaaa"'], shown

    # The Funnel in French: euros, decimal commas, narrow spaces; the engine's figures.
    from lifecycle.locale.formats import NARROW
    from lifecycle.model.kpis import compute_kpis

    before = _funnel_figures(page)
    a = analyze(data, name="factures_2025.csv")
    kpis = {k.key: k.formatted("fr") for k in compute_kpis(a.stages)}
    assert before[0][0] == fmt_int(a.stages.clients_total, "fr")
    for key in ("activity_rate", "average_basket", "purchase_frequency", "first_value_12_mean"):
        assert kpis[key] in before[1], key
    assert kpis["average_basket"].endswith(f"{NARROW}€") and "," in kpis["purchase_frequency"]
    # Split by segment, look at one segment, then another page and the whole base again.
    page.locator("[data-testid='stMain']").get_by_text(t("ui.funnel.by_segment", "fr")).click()
    _settle(page)
    _pick_segment(page, t("ui.side.segment", "fr"), "Grands comptes")
    assert _funnel_figures(page)[0][0] != before[0][0]  # the segment's own total
    page.get_by_role("link", name="Gains et pertes").click()
    _settle(page)
    _pick_segment(page, t("ui.side.segment", "fr"), t("ui.side.all", "fr"))

    # Scenario B on the What if page: active at 9 months instead of 12.
    page.get_by_role("link", name="Et si…").click()
    _settle(page)
    box = page.locator("[data-testid='stMain'] [data-testid='stSlider']").filter(has_text=t("ui.side.active", "fr"))
    box.get_by_role("slider").focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
        _settle(page)
    assert box.locator("[data-testid='stSliderThumbValue']").inner_text() == "9"

    # The deck and the one-page summary from the Export page.
    page.get_by_role("link", name="Exporter et partager").click()
    _quiet(page)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name=t("ui.export.deck", "fr")).click()
    assert download.value.suggested_filename == "factures_2025_atelier.pptx"
    prs = Presentation(io.BytesIO(Path(download.value.path()).read_bytes()))
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in prs.slides]
    assert texts[0][0] == t("deck.title", "fr", file="factures_2025.csv")
    assert fmt_int(a.stages.clients_total, "fr") in texts[0]
    assert texts[2][0] == t("ui.chart.whatif", "fr")  # B differs from A: the comparison follows the funnel
    assert texts[2][1] == takeaway(a, "whatif", "fr", b_active=9)
    assert texts[3][0] == t("ui.chart.segments", "fr")
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name=t("ui.export.summary", "fr")).click()
    pdf = PdfReader(download.value.path())
    assert len(pdf.pages) == 1 and "factures_2025.csv" in pdf.pages[0].extract_text()

    # After the segment views, a scenario B and both exports: every figure as first seen.
    assert _funnel_figures(page) == before
    page.locator("[data-testid='stMain']").get_by_text(t("ui.funnel.by_segment", "fr")).click()  # split off
    _settle(page)
    assert _funnel_figures(page) == before


def test_links_scenarios_and_suggestions_leave_nothing_in_the_server_log(server, server_said, tab):
    # A link in French, a shared link with every setting, a saved scenario loaded, the
    # suggestion applied, the language switched: the server's log says nothing (Streamlit
    # writes a warning with a stack trace when a widget gets a default and a value set
    # through the Session State API).
    import json
    from urllib.parse import urlparse

    # A link may say the language as scenarios and the command line do; the tab's icon is
    # the app's own (the ``tab`` fixture checks every other request).
    tab.goto(server + "?lang=fr&active=8")
    tab.wait_for_selector(READY, timeout=90_000)
    tab.get_by_text("a acheté il y a moins de 8 mois").first.wait_for()
    assert not tab.locator("[data-testid='stSidebar'] [data-testid='stAlert']").count()
    icon = tab.evaluate("document.querySelector('link[rel*=icon]').href")
    assert urlparse(icon).hostname == "127.0.0.1" or icon.startswith("data:")
    # The address now names the language as the switch does, so that a reload stays in French.
    tab.wait_for_function("() => location.search.includes('lang=Fran')", timeout=15_000)
    tab.reload()
    tab.wait_for_selector(READY, timeout=90_000)
    tab.get_by_text("a acheté il y a moins de 8 mois").first.wait_for()

    scenario = {
        "lifecycle_scenario": 1,
        "definition": {"new_months": 4, "active_months": 10, "client_months": 30, "min_amount": 20.0},
        "lang": "fr",
    }
    tab.goto(server + "?new=5&active=9&client=20&min_amount=30.0&rhythm=true&multiple=4.0&opt_out=true")
    tab.wait_for_selector(READY, timeout=90_000)
    tab.get_by_role("link", name="Export").click()
    _settle(tab)
    with tab.expect_file_chooser() as chooser:
        tab.locator("[data-testid='stFileUploaderDropzone']").last.click()
    chooser.value.set_files(
        {"name": "scenario.json", "mimeType": "application/json", "buffer": json.dumps(scenario).encode()}
    )
    _settle(tab)
    tab.get_by_text("Scénario chargé").first.wait_for(timeout=30_000)
    assert "new=4" in tab.url and "active=10" in tab.url and "min_amount=20" in tab.url, tab.url
    tab.get_by_role("button", name="Appliquer la suggestion").click()
    _settle(tab)
    tab.get_by_text("English", exact=True).click()
    _settle(tab)
    tab.get_by_role("link", name="Funnel").click()
    _settle(tab)
    tab.close()
    said = server_said()
    assert "WARNING" not in said and "Traceback" not in said and "Session State API" not in said, said[-3000:]
