"""Exported bytes: annotated charts in both languages, the workbook reloaded, CSV and card, injection-safe."""

import datetime as dt
import io
import json
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from lifecycle import analyze
from lifecycle.cli import main
from lifecycle.locale.i18n import fmt_int, fmt_money, fmt_number
from lifecycle.reports.card import definitions_card
from lifecycle.reports.charts.facts import annotation_text
from lifecycle.reports.customers import customers_csv
from lifecycle.reports.export import annotated_chart, export
from lifecycle.reports.workbook import workbook_bytes
from tests.conftest import analyze_file, csv_bytes

EXPORTED = dt.date(2026, 1, 15)
HOSTILE = [
    ('=HYPERLINK("http://x","clic")', "2025-01-10", "10", "=1+1", "web"),
    ("+33612345678", "2025-03-01", "20", "@SUM(A1)", "-shop"),
    ("C3", "2023-01-05", "7", "\tTab", "web"),
]
HEADER = ("client", "date", "montant", "nom", "canal")


@pytest.fixture(scope="module")
def hostile():
    return analyze(csv_bytes(HOSTILE, HEADER), name="hostile.csv", today="2026-01-01")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_png_svg_pdf(retail, lang):
    png = export(retail, "png", lang, exported=EXPORTED)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
    width = int.from_bytes(png[16:20], "big")
    assert width >= 1400  # 2x scale
    svg = export(retail, "svg", lang, exported=EXPORTED).decode()
    total = "4,362" if lang == "en" else "4\u202f362"
    assert total in svg
    assert ("within the last 24 months" if lang == "en" else "moins de 24 mois") in svg
    assert ("2022-09-03" if lang == "en" else "03/09/2022") in svg and "ventes_boutique.xlsx" in svg
    pdf = export(retail, "pdf", lang, exported=EXPORTED)
    assert pdf[:5] == b"%PDF-" and len(pdf) > 5_000


@pytest.mark.parametrize("chart", ["balance", "flows", "money", "history", "transitions", "thresholds", "sensitivity"])
def test_every_chart_exports_with_its_facts(retail, chart):
    svg = export(retail, "svg", "fr", chart=chart, exported=EXPORTED).decode()
    assert "4\u202f362 clients au 31/12/2025" in svg and "Exporté le 15/01/2026" in svg


def test_workbook_sheets_and_values(retail):
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(retail, "en", exported=EXPORTED)))
    assert wb.sheetnames == [
        "Summary",
        "Customers",
        "Definitions",
        "KPIs",
        "Cohorts",
        "Won and lost",
        "KPIs over time",
        "Row check",
    ]
    summary = wb["Summary"]
    facts = {r[0].value: r[1].value for r in summary.iter_rows(min_row=3, max_row=12) if r[0].value}
    assert facts["Total clients"] == 4362 and "within the last 24 months" in facts["Definition of a client"]
    assert facts["Source"] == "ventes_boutique.xlsx"
    stages = {r[0].value: r[1].value for r in summary.iter_rows(min_row=10) if r[0].value}
    assert stages["active"] == retail.stages.counts["active"] and stages["suspect"] == 1190
    customers = wb["Customers"]
    assert customers.freeze_panes == "A2"
    assert [c.value for c in customers[1]][:5] == ["Customer id", "Name", "E-mail", "Segment", "Stage"]
    assert customers.max_row - 1 == retail.summary.n_customers + len(retail.stages.contacts)
    assert customers["A2"].value == "0000001"  # leading zeros kept as text
    assert customers["F2"].number_format == "YYYY-MM-DD"
    kpis = {r[0].value: (r[1].value, r[2].value) for r in wb["KPIs"].iter_rows(min_row=2)}
    assert kpis["Clients"] == (4362, 4362)
    assert kpis["Retention rate (still clients)"][0] == pytest.approx(0.8141, abs=1e-4)
    balance = wb["Won and lost"]
    assert balance.max_row - 1 == len(retail.balance())
    assert [c.value for c in balance[1]][:5] == ["Period end", "Clients at start", "New", "Won back", "Lost"]
    cohorts = wb["Cohorts"]
    assert cohorts["A2"].value == "2022-Q3" and cohorts["B2"].value == int(
        (retail.summary.customers["first"] <= "2022-09-30").sum()
    )
    series = [[c.value for c in r] for r in wb["KPIs over time"].iter_rows(min_row=2) if r[1].value is not None]
    assert len(series) == len(retail.balance())  # one row per month end, the as-of date last
    last = dict(zip([c.value for c in wb["KPIs over time"][1]], series[-1]))
    assert last["Activity rate"] == kpis["Activity rate"][0] and last["Clients"] == kpis["Clients"][0]
    assert last["Average basket"] == kpis["Average basket"][0]
    assert last["Purchase frequency"] == kpis["Purchase frequency"][0]
    defs = wb["Definitions"]
    assert defs["B4"].value.startswith("First purchase within the last 3 months")
    rows = {r[0].value: r[1].value for r in wb["Row check"].iter_rows(max_row=6)}
    assert rows["Rows read"] == retail.report.read and rows["Rows rejected"] == 8


def test_workbook_has_a_native_chart(retail):
    z = zipfile.ZipFile(io.BytesIO(workbook_bytes(retail, "fr", exported=EXPORTED)))
    assert any(n.startswith("xl/charts/chart") for n in z.namelist())
    chart = z.read("xl/charts/chart1.xml").decode()
    assert "barChart" in chart and "Synthèse" in chart


def test_hostile_strings_stay_text(hostile):
    data = workbook_bytes(hostile, "en", exported=EXPORTED)
    z = zipfile.ZipFile(io.BytesIO(data))
    for name in z.namelist():
        if name.startswith("xl/worksheets/"):
            assert not re.search(r"<f[ >]", z.read(name).decode()), name
    ws = openpyxl.load_workbook(io.BytesIO(data), read_only=True)["Customers"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert '=HYPERLINK("http://x","clic")' in values and "=1+1" in values and "@SUM(A1)" in values


def test_csv_protected_against_formula_injection(hostile):
    text = customers_csv(hostile, "en")
    assert "'=HYPERLINK" in text and "'+33612345678" in text and "'@SUM(A1)" in text and "'-shop" in text
    assert "\n=" not in text and ",=" not in text


def test_csv_french_separators(hostile):
    lines = customers_csv(hostile, "fr").splitlines()
    assert lines[0].startswith("Identifiant client;Nom;Segment;Étape;Premier achat")
    # A leading tab is stripped on reading. C3 bought on 5 Jan 2023: lost (over 24 months), value within 36.
    # A French spreadsheet reads dd/mm/yyyy dates and decimal commas.
    assert lines[-1] == "C3;Tab;web;client perdu;05/01/2023;05/01/2023;1;7,00;0,00;0,00;7,00"
    assert (
        customers_csv(hostile, "en").splitlines()[-1] == "C3,Tab,web,lost,2023-01-05,2023-01-05,1,7.00,0.00,0.00,7.00"
    )


def test_definitions_card_in_both_languages(retail):
    en = definitions_card(retail, "en")
    fr = definitions_card(retail, "fr")
    assert "| new | First purchase within the last 3 months. | 485 | 11.1% |" in en
    assert (
        "| client dormant | Dernier achat il y a entre 12 et 24 mois\u202f: toujours client. | 1\u202f168 | 26,8\u202f% |"
        in fr
    )
    assert "**Nombre total de clients**\u202f: 4\u202f362" in fr
    assert "**Scope**: the customer file is not the whole customer base" in en
    assert "**Périmètre**\u202f: le fichier clients ne couvre pas toute la clientèle" in fr
    assert "**Période**\u202f: 03/09/2022 – 31/12/2025 (situation au 31/12/2025)" in fr
    assert "**Period**: 2022-09-03 – 2025-12-31 (as of 2025-12-31)" in en


def test_cli_export_and_errors(tmp_path, sample_dir, capsys):
    out = tmp_path / "funnel.png"
    assert main(["export", str(sample_dir / "factures_b2b.csv"), "--chart", "funnel", "--out", str(out)]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert (
        main(
            [
                "export",
                str(sample_dir / "factures_b2b.csv"),
                "--format",
                "xlsx",
                "--lang",
                "fr",
                "--out",
                str(tmp_path / "c.xlsx"),
            ]
        )
        == 0
    )
    assert openpyxl.load_workbook(tmp_path / "c.xlsx").sheetnames[0] == "Synthèse"
    capsys.readouterr()
    assert (
        main(["export", str(sample_dir / "clients_crm.csv"), "--chart", "history", "--out", str(tmp_path / "h.png")])
        == 2
    )
    err = capsys.readouterr().err
    assert err.startswith("error: The history chart needs purchase history") and err.count("\n") == 1
    assert main(["export", str(sample_dir / "clients_crm.csv"), "--out", str(tmp_path / "x.docx")]) == 2
    assert "Cannot tell the format" in capsys.readouterr().err


def test_a_segment_export_says_so(retail):
    from lifecycle import analyze_loaded

    web = retail.summary.subset((retail.summary.customers["segment"] == "Web").to_numpy())
    a = analyze_loaded(retail.loaded, retail.definition, summary=web, segment="Web")
    svg = export(a, "svg", "fr", exported=EXPORTED).decode()
    assert "Segment\u202f: Web seulement" in svg
    assert f"{a.stages.clients_total:,} clients au".replace(",", "\u202f") in svg
    assert "**Segment**\u202f: Web" in definitions_card(a, "fr")
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(a, "en", exported=EXPORTED)), read_only=True)
    facts = {r[0].value: r[1].value for r in wb["Summary"].iter_rows(min_row=3, max_row=14) if r[0].value}
    assert facts["Segment"] == "Web"


def test_balance_frame_headers_in_french(retail):
    from lifecycle.reports.tables import balance_display

    f = balance_display(retail.balance(), "fr")
    assert list(f.columns)[:6] == [
        "Fin de période",
        "Clients au début",
        "Nouveaux",
        "Reconquis",
        "Perdus",
        "Clients à la fin",
    ]
    assert f["Fin de période"].iloc[-1] == "31/12/2025"
    # figures as a French reader writes them; no quick ratio while nobody is lost
    last = retail.balance().iloc[-1]
    assert f["Clients à la fin"].iloc[-1] == fmt_int(last["clients_end"], "fr")
    assert f["CA des nouveaux clients"].iloc[-1] == fmt_money(last["new_revenue"], "fr")
    first = retail.balance().iloc[0]
    assert first["lost"] == 0 and f["Ratio gagnés / perdus"].iloc[0] == "–"
    assert f["Ratio gagnés / perdus"].iloc[-1] == fmt_number(last["quick_ratio"], "fr", 2)


OPTIONS = {
    "min_amount": {"min_amount": 200.0},
    "opt_out": {"opt_out_lost": True},
    "own_rhythm": {"own_rhythm": True, "rhythm_multiple": 1.5},
    "all": {"min_amount": 150.0, "own_rhythm": True, "opt_out_lost": True},
}


@pytest.mark.parametrize("option", list(OPTIONS), ids=list(OPTIONS))
def test_every_export_states_one_client_total_under_an_option(sample_dir, option):
    from lifecycle import Definition
    from lifecycle.reports.charts.balance import bridge_frame
    from lifecycle.reports.export import annotated_chart

    a = analyze_file(
        sample_dir / "ventes_boutique.xlsx",
        Definition(**OPTIONS[option]),
        contacts=sample_dir / "contacts_boutique.csv",
    )
    total = a.stages.clients_total
    assert total < 4362 or option == "own_rhythm"  # the option changes the count...
    # ...and the balance ends at the funnel's total: the bridge's last bar reads the same number.
    assert a.balance()["clients_end"].iloc[-1] == total
    assert bridge_frame(a.balance(), lang="en")["value"].iloc[-1] == total
    for chart in ("funnel", "balance", "history"):
        subtitle = annotation_text(annotated_chart(a, chart, "en", exported=EXPORTED).to_dict())
        assert f"{total:,} clients on" in subtitle, chart
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(a, "en", exported=EXPORTED)), read_only=True)
    facts = {r[0].value: r[1].value for r in wb["Summary"].iter_rows(min_row=3, max_row=14) if r[0].value}
    assert facts["Total clients"] == total
    assert {r[0].value: r[1].value for r in wb["KPIs"].iter_rows(min_row=2)}["Clients"] == total
    assert list(wb["Won and lost"].iter_rows(values_only=True))[-1][5] == total
    assert f"**Total clients**: {total:,}" in definitions_card(a, "en")
    stages_in_csv = [line.split(",")[4] for line in customers_csv(a, "en").splitlines()[1:]]
    assert sum(s in ("new", "reactivated", "active", "dormant") for s in stages_in_csv) == total
    doc = a.to_dict()
    assert doc["clients_total"] == doc["balance"][-1]["clients_end"] == total


def test_definitions_list_below_the_minimum_only_with_a_minimum(sample_dir, retail):
    from lifecycle import Definition
    from lifecycle.reports.card import definitions_frame

    assert "below_minimum" not in definitions_frame(retail)["stage"].tolist()
    a = analyze_file(sample_dir / "ventes_boutique.xlsx", Definition(min_amount=200))
    f = definitions_frame(a, "fr").set_index("stage")
    assert f.loc["below_minimum", "Règle"] == (
        "A acheté moins de 200,00\u202f€ (net) sur les 24 derniers mois\u202f: ni client, ni perdu."
    )
    assert f.loc["below_minimum", "Nombre"] == a.stages.counts["below_minimum"] > 0
    card = definitions_card(a, "fr")
    assert "| sous le montant minimum |" in card and "compté à part, sous le montant minimum" in card


def test_an_exported_chart_keeps_the_span_and_dates_the_page_chose(retail):
    from lifecycle.reports.export import annotated_chart

    spec = annotated_chart(retail, "balance", "en", start="2024-06-30", end="2025-06-30").to_dict()
    text = json.dumps(spec)
    assert "Clients on 2024-06-30" in text and "Clients on 2025-06-30" in text
    spec = annotated_chart(retail, "transitions", "fr", start="2025-01-15", end="2025-09-30").to_dict()
    assert "Ce que sont devenus les acheteurs\u202f: 15/01/2025 → 30/09/2025" in json.dumps(spec, ensure_ascii=False)
    spec = annotated_chart(retail, "history", "en", period="quarter").to_dict()
    assert "quarter by quarter" in json.dumps(spec)


def test_balance_charts_say_when_undated_opt_outs_fall_in_the_last_period(sample_dir, retail):
    from lifecycle import Definition
    from lifecycle.reports.export import annotated_chart

    with_option = analyze_file(
        sample_dir / "ventes_boutique.xlsx",
        Definition(opt_out_lost=True),
        contacts=sample_dir / "contacts_boutique.csv",
    )
    n = with_option.summary.undated_opt_outs
    assert n == int((with_option.summary.opt_out_day == with_option.summary.timeline.t_day).sum()) > 0
    # They are all lost in the last month, on top of the usual flow.
    b = with_option.balance()
    assert b["lost"].iloc[-1] - retail.balance()["lost"].iloc[-1] > 0
    for chart in ("balance", "flows", "money", "history"):
        subtitle = annotation_text(annotated_chart(with_option, chart, "en").to_dict()).replace("\n", " ")
        assert f"{n:,} customers opted out without a date" in subtitle, chart
        plain = annotation_text(annotated_chart(retail, chart, "en").to_dict())
        assert "opted out without a date" not in plain, chart


def test_the_card_keeps_file_text_as_text(sample_dir):
    from lifecycle import analyze_loaded, load

    data = (sample_dir / "factures_b2b.csv").read_bytes()
    loaded = load(data, "![x](http://127.0.0.1:9/x.png)<script>.csv")
    a = analyze_loaded(loaded)
    card = definitions_card(a, "en")
    assert "![x](" not in card and "<script>" not in card
    assert "\\!\\[x\\]\\(http\\:\u2060//127\\.0\\.0\\.1\\:\u20609/x\\.png\\)\\<script\\>\\.csv" in card
    web = a.summary.subset((a.summary.customers["segment"] == "Grands comptes").to_numpy())
    segment = analyze_loaded(loaded, summary=web, segment=":red[Grands] comptes")
    assert "\\:\u2060red\\[Grands\\] comptes" in definitions_card(segment, "fr")


@pytest.mark.parametrize("options", [{}, {"period": "quarter"}])
def test_charts_of_client_status_do_not_move_with_new_and_active(retail, options):
    # The app keeps these charts while the new and active sliders move (``chart_inputs``):
    # it may, because they are the same chart for every value of those two thresholds.
    from lifecycle import analyze_loaded
    from lifecycle.reports.charts import build_chart, chart_inputs, charts
    from lifecycle.reports.charts.base import styled_spec

    d = retail.definition
    other = analyze_loaded(
        retail.loaded, d.replace(new_months=1, active_months=d.client_months), summary=retail.summary
    )
    client_status = [c.name for c in charts() if c.client_status_only]
    assert client_status == ["balance", "flows", "money"]
    for name in client_status:
        assert chart_inputs(retail, name, options) == chart_inputs(other, name, options)
        assert styled_spec(build_chart(retail, name, "fr", **options)) == styled_spec(
            build_chart(other, name, "fr", **options)
        )
    for name in ("funnel", "history", "transitions"):  # these move: they are rebuilt
        assert chart_inputs(retail, name, options) != chart_inputs(other, name, options)
        assert styled_spec(build_chart(retail, name, "fr", **options)) != styled_spec(
            build_chart(other, name, "fr", **options)
        )


def test_a_stage_list_cut_to_its_first_rows_is_the_head_of_the_whole_list(retail):
    # The Funnel page shows the first rows of a stage and downloads the whole list: the same
    # columns and the same first rows, contacts included for suspects and prospects.
    from lifecycle.reports.customers import customers_frame

    a = retail
    for stage in ("active", "lost", "prospect", "suspect"):
        whole = customers_frame(a, "fr", stage=stage)
        assert len(whole) == a.stages.counts[stage] > 0
        for limit in (3, len(whole) + 5):
            cut = customers_frame(a, "fr", stage=stage, limit=limit)
            pd.testing.assert_frame_equal(cut, whole.head(limit))


@pytest.mark.parametrize("which", ["retail", "hostile"])
def test_the_customers_sheet_built_as_xml_equals_xlsxwriters_own(which, retail, hostile, monkeypatch):
    # The customers' rows after the first are spliced in as XML built a column at a time;
    # XlsxWriter writing every cell itself is the reference: same values, same formats.
    import lifecycle.reports.workbook as ex

    a = {"retail": retail, "hostile": hostile}[which]

    def customers(data: bytes) -> list[tuple]:
        ws = openpyxl.load_workbook(io.BytesIO(data), read_only=True)["Customers"]
        return [(c.value, c.number_format, c.data_type) for row in ws.iter_rows() for c in row]

    fast = workbook_bytes(a, "en", exported=EXPORTED)
    monkeypatch.setattr(ex, "_rows_xml_possible", lambda kinds: False)
    reference = workbook_bytes(a, "en", exported=EXPORTED)
    assert customers(fast) == customers(reference)
    assert len(customers(fast)) > 12


def test_text_xml_cannot_hold_is_written_by_xlsxwriter():
    # A control character, or «_x0041_» (which Excel would read as an escaped «A»): the sheet
    # goes through XlsxWriter, which escapes them the way Excel decodes them (openpyxl reads
    # back «_x0001_» for the control character, and the literal text as it was).
    rows = [("Ann\x01e", "2025-01-05", 10), ("_x0041_", "2025-02-05", 20), ("Bob", "2025-03-05", 30)]
    a = analyze(csv_bytes(rows, header=("nom du client", "date", "montant")), name="x.csv")
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(a, "en", exported=EXPORTED)), read_only=True)["Customers"]
    ids = [r[0].value for r in ws.iter_rows(min_row=2)]
    assert sorted(ids) == sorted(["Ann_x0001_e", "_x0041_", "Bob"])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_long_segment_name_wraps_in_the_header(retail, lang):
    # A 95-character segment name made one header line wider than the chart: the PNG grew
    # from 1,720 to 1,884 px (a hostile review's file). It wraps like the definition.
    from lifecycle import analyze_loaded

    web = retail.summary.subset((retail.summary.customers["segment"] == "Web").to_numpy())
    long = "Grands comptes industriels de la région Auvergne-Rhône-Alpes, contrats pluriannuels"
    widths, texts = [], []
    for name in ("Web", long):
        a = analyze_loaded(retail.loaded, retail.definition, summary=web, segment=name)
        png = export(a, "png", lang, exported=EXPORTED)
        widths.append(int.from_bytes(png[16:20], "big"))
        texts.append(annotation_text(annotated_chart(a, "funnel", lang, exported=EXPORTED).to_dict()))
    assert widths[1] == widths[0]
    assert long in " ".join(texts[1].split("\n"))


@pytest.mark.parametrize("chart", ["history", "flows"])
def test_a_chart_of_more_than_five_thousand_rows_draws(chart):
    # A row dated 1900-01-01 (an Excel placeholder) gives 126 years of months: 6,000 rows of
    # history, which Altair's default guard refused.
    from tests.conftest import run

    a = run([("A", "1900-01-01", 5), ("A", "2025-01-01", 5), ("B", "2024-06-01", 7)], today="2026-01-01")
    svg = export(a, "svg", "en", chart=chart, by_segment=False).decode()
    assert svg.startswith("<svg") and "1900" in svg  # drawn, with the period's start written on it


def test_markdown_text_leaves_no_link_shortcode_or_direction_mark():
    from lifecycle.reports.export_safety import markdown_text

    shown = markdown_text("http://x.fr www.x.fr a@b.fr :streamlit: :material/home: \u202eabc")
    assert "http://" not in shown and "www." not in shown and ":streamlit:" not in shown
    assert "\u202e" not in shown and "⟨U\\+202E⟩abc" in shown
    # what remains once Markdown has read its escapes, and the word joiners are put aside
    import re

    read = re.sub(r"\\(.)", r"\1", shown).replace("\u2060", "")
    assert read == "http://x.fr www.x.fr a@b.fr :streamlit: :material/home: ⟨U+202E⟩abc"


def test_cells_shown_on_screen_are_cut_and_short_tables_left_alone():
    import pandas as pd

    from lifecycle.reports.tables import screen_cells

    frame = pd.DataFrame({"id": ["a" * 500, "b"], "n": [1, 2], 3: ["x", "y"]})
    shown = screen_cells(frame)
    assert shown["id"].tolist() == ["a" * 199 + "… (500 characters)", "b"]
    assert shown["n"].tolist() == [1, 2] and shown[3].tolist() == ["x", "y"]
    assert frame["id"].iloc[0] == "a" * 500  # the data itself is not touched
    short = pd.DataFrame({"id": ["a", "b"]})
    assert screen_cells(short) is short


def test_a_csv_leaves_a_missing_date_blank_in_both_languages():
    import datetime as dt

    import pandas as pd

    from lifecycle.reports.customers import csv_text

    frame = pd.DataFrame({"id": ["A", "B"], "day": [dt.date(2025, 3, 4), pd.NaT], "amount": [1234.5, None]})
    assert csv_text(frame, "fr").splitlines() == ["id;day;amount", "A;04/03/2025;1234,50", "B;;"]
    assert csv_text(frame, "en").splitlines() == ["id,day,amount", "A,2025-03-04,1234.50", "B,,"]


def test_the_definitions_list_suspects_only_with_a_contacts_list_and_prospects_only_when_someone_is_one(
    sample_dir, retail
):
    from lifecycle.reports.card import definition_stages
    from tests.corpus import ALL

    clients = ("new", "active", "reactivated", "dormant", "lost")
    assert definition_stages(analyze_file(sample_dir / "ventes_boutique.xlsx")) == clients
    assert definition_stages(retail) == ("suspect", "prospect", *clients)
    shop = ALL["orders_export_1.csv"]()  # cancelled and open orders: the file's own prospects
    own = analyze(shop.data, name=shop.name, **shop.expected["load_options"][0])
    assert own.summary.file_prospects > 0 and definition_stages(own) == ("prospect", *clients)


def test_a_customer_with_returns_only_is_said_so_in_the_list_not_left_blank():
    from lifecycle.locale.i18n import t
    from lifecycle.reports.customers import customers_frame
    from tests.conftest import run

    a = run([("A", "2025-01-10", 10), ("B", "2025-02-01", -5)], as_of="2025-03-31")
    for lang in ("en", "fr"):
        frame = customers_frame(a, lang).set_index(t("export.customer", lang))
        assert frame.loc["B", t("export.stage", lang)] == t("export.returns_only", lang)


def test_the_workbook_writes_money_with_its_currency_and_every_date_as_a_date():
    import datetime as dt
    import io

    import openpyxl

    from lifecycle.locale.i18n import t
    from lifecycle.reports.workbook import workbook_bytes
    from tests.corpus import ALL

    shop = ALL["orders_export_1.csv"]()  # the file's own prospects carry a first-contact date
    a = analyze(shop.data, name=shop.name, **shop.expected["load_options"][0])
    for lang, money, day in (("fr", '#,##0.00 "€"', "DD/MM/YYYY"), ("en", '"€"#,##0.00', "YYYY-MM-DD")):
        ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(a, lang)), read_only=True).worksheets[1]
        head = [c.value for c in ws[1]]
        contact = head.index(t("export.first_contact", lang))
        amount = head.index(t("export.amount", lang))
        cells = list(ws.iter_rows(min_row=2))
        dated = [r[contact] for r in cells if r[contact].value is not None]
        assert dated and all(isinstance(c.value, dt.datetime) and c.number_format == day for c in dated)
        assert {r[amount].number_format for r in cells if r[amount].value is not None} == {money}


def test_the_workbook_prints_one_page_wide_and_its_wrapped_rows_are_tall_enough(retail):
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(retail, "fr", exported=EXPORTED)))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9, ws.title
        setup = ws.page_setup  # a width of 1 is the default, left unwritten
        assert (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["Indicateurs"].print_title_rows == "$1:$1" and wb["Fiches clients"].print_title_rows == "$1:$1"
    kpis = wb["Indicateurs"]
    width = kpis.column_dimensions["D"].width
    for row in range(2, kpis.max_row + 1):
        definition = kpis.cell(row, 4).value
        lines = -(-len(definition) // int(width))  # at least this many lines at the column's width
        height = kpis.row_dimensions[row].height
        assert (height or 15) >= 15 * min(lines, 2), (definition, height)
    # The definition in one cell, whole (copied in one piece), wrapped over the columns B to H
    # in a row tall enough for its lines.
    summary = wb["Synthèse"]
    assert summary.cell(3, 1).value == "Définition d’un client" and "B3:H3" in {
        str(m) for m in summary.merged_cells.ranges
    }
    assert summary.cell(3, 2).value == retail.definition.text("fr", retail.summary.as_of)
    assert summary.cell(3, 2).alignment.wrap_text and summary.row_dimensions[3].height >= 15 * 4
    assert summary.cell(4, 1).value != "Définition d’un client" and summary.cell(4, 2).value is not None
    # The stage table's lost share says its base, in a column wide enough for it.
    lost = next(r for r in range(1, 40) if summary.cell(r, 1).value == "client perdu")
    assert summary.cell(lost, 3).number_format == '0.0 %" des acheteurs"'
    assert summary.column_dimensions["C"].width >= len("24,8 % des acheteurs")


def test_the_row_check_sheet_wraps_its_notes_and_labels_them(tmp_path):
    from tests.corpus import shopify_orders

    shop = shopify_orders()
    a = analyze(shop.data, name=shop.name)
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(a, "fr", exported=EXPORTED)))["Contrôle des lignes"]
    labels = [ws.cell(r, 1).value for r in range(1, 40)]
    assert "!" not in labels and labels.count("Remarque") == len(a.report.warnings) >= 2
    merged = {str(m) for m in ws.merged_cells.ranges}
    for r in (r + 1 for r, label in enumerate(labels) if label == "Remarque"):
        assert f"B{r}:D{r}" in merged
        if len(ws.cell(r, 2).value) > 100:  # wider than the three columns: two lines at least
            assert (ws.row_dimensions[r].height or 15) >= 30
        assert ws.cell(r, 2).alignment.wrap_text
    assert "A1:D1" in merged and ws.cell(1, 1).alignment.wrap_text  # what the file was understood as


def test_the_columns_of_figures_are_those_written_as_numbers():
    from lifecycle.reports.tables import figure_columns

    frame = pd.DataFrame(
        {
            "Étape": ["nouveau client", "client perdu"],
            "Nombre": ["1\u202f190", "638"],
            "Part": ["11,1\u00a0%", "12,8\u00a0% des acheteurs"],
            "Dont un seul achat": ["338 (70\u00a0%)", "–"],
            "CA": ["16\u202f552,41\u00a0€", "-€12.50"],
            "Fin de période": ["31/10/2025", "30/11/2025"],
            "Period end": ["2025-10-31", "2025-11-30"],
            "Ratio": ["–", "–"],
            "Client": ["C0001", "0042"],
            "Count": [1, 2],
        }
    )
    assert figure_columns(frame) == ["Nombre", "Part", "Dont un seul achat", "CA"]
