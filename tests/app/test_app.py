"""The app through AppTest, always from app.py: pages, uploads, sliders, language, errors, anonymise."""

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lifecycle import Definition, analyze
from lifecycle.locale.i18n import fmt_int, fmt_money
from lifecycle.model.stages import STAGE_CODE
from tests.conftest import analyze_file
from tests.corpus import ALL as CORPUS

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_data"
PAGES = ["pages/funnel.py", "pages/balance.py", "pages/whatif.py", "pages/value.py", "pages/export.py", "pages/data.py"]


def _app(lang: str = "en", page: str | None = None) -> AppTest:
    """The app from app.py, in ``lang`` (through the link, as a shared link does), on ``page``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if lang == "fr":
        at.query_params["lang"] = "Français"
    at.run()
    assert not at.exception, at.exception
    if page is not None:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def _read(element) -> str:
    """What the reader sees of a Markdown element: its text without the backslash escapes
    that keep file text literal (AppTest gives the Markdown source)."""
    return re.sub(r"\\(.)", r"\1", element.value).replace("\u2060", "")  # escapes and word joiners


def _total(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label in ("Total clients",))


def _stage_table(at: AppTest) -> dict[str, str]:
    table = at.dataframe[0].value
    return dict(zip(table.iloc[:, 0], table.iloc[:, 1]))


def test_every_page_renders_on_the_sample(retail):
    at = _app()
    assert _total(at) == fmt_int(retail.stages.clients_total)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])
        assert at.title, page


def test_threshold_slider_gives_the_engine_numbers():
    at = _app()
    at.sidebar.slider(key="client").set_value(12).run()
    at.sidebar.slider(key="active").set_value(6).run()
    expected = analyze_file(
        SAMPLES / "ventes_boutique.xlsx",
        Definition(active_months=6, client_months=12),
        contacts=SAMPLES / "contacts_boutique.csv",
    ).stages
    assert _total(at) == fmt_int(expected.clients_total)
    table = _stage_table(at)
    for stage in ("new", "reactivated", "active", "dormant", "lost", "suspect", "prospect"):
        assert table[stage] == fmt_int(expected.counts[stage]), stage


def test_invalid_thresholds_give_a_clear_error_and_no_exception():
    at = _app()
    at.sidebar.slider(key="client").set_value(6).run()  # active 12 > client 6
    assert not at.exception
    assert any("new ≤ active ≤ client window" in e.value for e in at.error)


def test_language_switch_changes_labels():
    # Through the URL, as a shared link does (clicking the switch is covered by tests/e2e; AppTest
    # does not re-find a sidebar widget drawn before st.navigation after a click).
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "Français"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Répartition des clients par étape du cycle de vie"
    assert any(m.label == "Nombre total de clients" for m in at.metric)
    assert "client actif" in _stage_table(at)
    assert "4\u202f362" in [m.value for m in at.metric]


def test_state_survives_page_switches():
    at = _app()
    at.sidebar.slider(key="active").set_value(9).run()
    at.switch_page("pages/balance.py").run()
    assert at.sidebar.slider(key="active").value == 9
    at.switch_page("pages/funnel.py").run()
    assert at.sidebar.slider(key="active").value == 9
    assert any("within 9 months" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("factures_b2b.csv", "text/csv"),
        ("clients_crm.csv", "text/csv"),
        ("ventes_boutique.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_uploading_each_sample(name, mime):
    at = _app()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value((name, (SAMPLES / name).read_bytes(), mime)).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    expected = analyze_file(SAMPLES / name)
    read = next(m.value for m in at.metric if m.label == "Rows read")
    assert read == fmt_int(expected.report.read)
    at.switch_page("pages/funnel.py").run()
    assert _total(at) == fmt_int(expected.stages.clients_total)


def test_an_upload_is_read_prepared_and_summarised_under_a_progress_bar(monkeypatch):
    # AppTest cannot see a bar that is wiped at the end; the indicator is told each step, and
    # its drawing thread draws at once (no wait before showing, a short tick) in French.
    import threading

    from lifecycle.ui import progress

    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(progress, "_TICK", 0.005)
    told, drawn, failed = [], [], []
    tell, draw = progress.Indicator.__call__, progress.Indicator.draw

    def told_too(self, step, fraction):
        told.append((step, fraction))
        tell(self, step, fraction)

    def drawn_too(self):
        drawn.append(self.label())
        draw(self)

    monkeypatch.setattr(progress.Indicator, "__call__", told_too)
    monkeypatch.setattr(progress.Indicator, "draw", drawn_too)
    monkeypatch.setattr(threading, "excepthook", failed.append)
    since, made = [], progress.Indicator.__init__

    def made_too(self, lang, text=None, since_=None, **kwargs):
        since.append(kwargs.get("since", since_))
        made(self, lang, text, kwargs.get("since", since_))

    monkeypatch.setattr(progress.Indicator, "__init__", made_too)
    at = _app("fr", "pages/data.py")
    told.clear()
    drawn.clear()
    lines = ["client;date;montant"] + [
        f"K{i % 3000:04d};2025-{1 + i % 12:02d}-{1 + i % 28:02d};{10 + i % 90}" for i in range(30_000)
    ]
    at.file_uploader(key="data.upload_file").set_value(("achats.csv", "\n".join(lines).encode(), "text/csv")).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert failed == []  # the drawing thread drew without an error
    steps = [step for step, _ in told]
    assert steps.index("read") < steps.index("prepare") < steps.index("summary")
    assert [f for s, f in told if s == "read"] == [None, 1.0]  # the child tells nothing: its start and end
    summary = [f for s, f in told if s == "summary" and f is not None]
    assert summary == sorted(summary) and summary[-1] == 1.0
    assert any(text.startswith("Lecture du fichier… (") for text in drawn), drawn
    assert next(m.value for m in at.metric if m.label == "Lignes lues") == fmt_int(30_000, "fr")
    # The bars of one file's turn (prepared, then summarised) count their seconds from the
    # turn's start, not each from 0.
    assert len(since) >= 2 and None not in since[-2:] and since[-1] == since[-2], since


def test_a_bar_counts_its_seconds_from_the_start_of_the_work(monkeypatch):
    from lifecycle.ui import progress

    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    later = progress.Indicator("fr", since=58.0)  # the work began 42 s before this bar
    later("summary", 0.5)
    alone = progress.Indicator("en")
    alone("summary", 0.5)
    clock[0] += 3
    assert later.label() == "Regroupement des achats par fiche… 50\u202f% (45\xa0s)"
    assert alone.label() == "Grouping purchases by customer… 50% (3 s)"


def test_a_bad_file_gives_an_error_message_and_no_exception():
    at = _app()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value(
        ("ventes.xlsx", b"not a workbook", "application/octet-stream")
    ).run()
    assert not at.exception
    assert any("ventes.xlsx: the content is not a workbook" in _read(e) for e in at.error)
    at.switch_page("pages/funnel.py").run()
    assert not at.exception and at.error


def test_a_file_without_usable_rows_explains_itself():
    at = _app()
    at.switch_page("pages/data.py").run()
    data = b"client;date;montant\n;2024-01-01;3\nA;never;4\n"
    at.file_uploader(key="data.upload_file").set_value(("vide.csv", data, "text/csv")).run()
    assert not at.exception
    assert any("vide.csv: no usable row (2 read, 2 rejected" in _read(e) for e in at.error)
    # and the row report is drawn under it: each row's reason
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Rows read"], metrics["Used"], metrics["Rejected"]) == ("2", "0", "2")
    rejected = at.dataframe[-1].value
    assert rejected.iloc[:, 0].tolist() == [2, 3]
    assert rejected.iloc[:, 1].tolist() == ["no customer id", "unreadable date"]
    assert not [c.value for c in at.caption if "by meaning" in c.value]  # no empty list of meanings


def test_a_refused_file_is_read_once_and_its_message_given_again_on_every_page(monkeypatch):
    from lifecycle.reading import bounded

    reads = []
    real = bounded.call

    def counted(fn, *args, **kw):
        reads.append(kw["file"])
        return real(fn, *args, **kw)

    monkeypatch.setattr(bounded, "call", counted)
    at = _app()
    at.switch_page("pages/data.py").run()
    data = b"client;date;montant\n" + b"9" * 200_000  # a header over the limit of a line
    at.file_uploader(key="data.upload_file").set_value(("hostile.csv", data, "text/csv")).run()
    said = [_read(e) for e in at.error]
    for page in ["pages/funnel.py", "pages/balance.py", "pages/data.py"]:
        at.switch_page(page).run()
        assert not at.exception
        assert [_read(e) for e in at.error][:1] == said[:1]
    assert reads.count("hostile.csv") == 1


def test_long_cells_reach_the_screen_cut_with_their_length():
    # Ids and notes of 30,000 characters (under the reader's limit, so kept whole): the
    # preview and the customers of a stage show 200 characters and the whole length.
    long_id = "C" * 30_000
    rows = [f"{long_id}{i};2025-0{i}-01;10;{'n' * 30_000}" for i in range(1, 4)]
    data = ("client;date;montant;note\n" + "\n".join(rows) + "\n").encode()
    at = _app()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value(("long.csv", data, "text/csv")).run()
    assert not at.exception and not at.error, [_read(e) for e in at.error]
    preview = at.dataframe[0].value
    assert preview["note"].str.len().max() < 230 and preview["note"].iloc[0].endswith("… (30,000 characters)")
    at.switch_page("pages/funnel.py").run()
    listing = next(d.value for d in at.dataframe if "Customer id" in d.value.columns)
    assert listing["Customer id"].str.len().max() < 230
    assert listing["Customer id"].iloc[0].endswith("… (30,001 characters)")


def test_mapping_can_be_corrected():
    at = _app()
    at.switch_page("pages/data.py").run()
    data = b"Ref;Quand;Valeur\nA;2025-01-01;3\nB;2025-02-01;4\n"
    at.file_uploader(key="data.upload_file").set_value(("odd.csv", data, "text/csv")).run()
    assert any("no column was recognised as the customer" in e.value for e in at.error)
    # Not recognised from the names: the user says which column is which.
    boxes = {s.key.rsplit(".", 1)[1]: s for s in at.selectbox if s.key and s.key.startswith("data.map.")}
    boxes["customer"].set_value("Ref").run()
    boxes = {s.key.rsplit(".", 1)[1]: s for s in at.selectbox if s.key and s.key.startswith("data.map.")}
    boxes["date"].set_value("Quand").run()
    boxes = {s.key.rsplit(".", 1)[1]: s for s in at.selectbox if s.key and s.key.startswith("data.map.")}
    boxes["amount"].set_value("Valeur").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert next(m.value for m in at.metric if m.label == "Used") == "2"


def _listing(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if list(d.value.columns)[:1] == ["Customer id"])


def test_the_kpi_table_shows_every_indicator_with_its_whole_definition(retail):
    from lifecycle.reports.tables import kpi_display

    at = _app()
    (table,) = at.table  # a static table: long definitions wrap instead of being cut
    expected = kpi_display(retail.stages, "en")
    assert table.value.reset_index(drop=True).equals(expected.reset_index(drop=True))
    assert any(len(d) > 90 for d in table.value["Definition"])  # longer than a grid column shows


def test_the_customer_list_follows_a_slider_move():
    # The list is kept between reruns; a move that changes who is dormant must change it.
    at = _app()
    at.selectbox(key="funnel.stage").set_value("dormant").run()
    for active, client in ((12, 24), (6, 24), (6, 12), (12, 24)):
        at.sidebar.slider(key="client").set_value(client).run()
        at.sidebar.slider(key="active").set_value(active).run()
        a = analyze_file(
            SAMPLES / "ventes_boutique.xlsx",
            Definition(active_months=active, client_months=client),
            contacts=SAMPLES / "contacts_boutique.csv",
        )
        dormant = a.summary.customers.loc[a.stages.codes == STAGE_CODE["dormant"], "customer"]
        listing = _listing(at)
        assert listing["Customer id"].tolist() == dormant.tolist()[:1000], (active, client)
        assert set(listing["Stage"]) == {"dormant"}
    # The switch changes the list too.
    at.sidebar.toggle(key="anon").set_value(True).run()
    assert _listing(at)["Customer id"].str.fullmatch(r"C-\d{6}").all()


def test_anonymise_hides_ids_and_names():
    at = _app()
    at.selectbox(key="funnel.stage").set_value("active").run()
    listing = _listing(at)
    assert listing.iloc[0, 0].isdigit()  # real ids (leading zeros) by default
    at.sidebar.toggle(key="anon").set_value(True).run()
    listing = _listing(at)
    assert listing.iloc[:, 0].str.fullmatch(r"C-\d{6}").all()
    assert (listing["Name"] == "•••").all() and (listing["E-mail"] == "•••").all()


def test_anonymise_covers_the_data_page():
    at = _app()
    at.sidebar.toggle(key="anon").set_value(True).run()
    at.switch_page("pages/data.py").run()
    frames = [d.value for d in at.dataframe]
    rejected = next(f for f in frames if isinstance(f, pd.DataFrame) and "Row" in f.columns)
    assert set(rejected["Value"]) <= {"", "•••"} and "•••" in set(rejected["Value"])
    assert not any(isinstance(f, pd.DataFrame) and "N° client" in f.columns for f in frames)  # no raw preview


def test_suggestion_button_applies_the_thresholds(retail):
    at = _app()
    at.sidebar.button(key="sidebar.apply_suggestion").click().run()
    sd = retail.suggestion.definition
    assert at.sidebar.slider(key="active").value == sd.active_months
    assert at.sidebar.slider(key="client").value == sd.client_months


def test_segment_filter(retail):
    at = _app()
    at.sidebar.selectbox(key="segment").set_value("Web").run()
    web = (retail.summary.customers["segment"] == "Web").to_numpy()
    from lifecycle import classify

    expected = classify(retail.summary.subset(web), retail.definition).clients_total
    assert _total(at) == fmt_int(expected)


def test_the_customer_list_keeps_its_stage_through_a_segment_and_back():
    # Contacts have no segment: «suspect» and «prospect» leave the list's choices while a
    # segment is picked, and come back with the stage the reader had when it is cleared.
    at = _app()
    first = at.selectbox(key="funnel.stage").value
    assert first == "suspect" and set(_listing(at)["Stage"]) == {"suspect"}
    for chosen in (None, "prospect"):
        if chosen:
            at.selectbox(key="funnel.stage").set_value(chosen).run()
        shown = chosen or first
        at.sidebar.selectbox(key="segment").set_value("Web").run()
        assert at.selectbox(key="funnel.stage").value == "new" and set(_listing(at)["Stage"]) == {"new"}
        at.sidebar.selectbox(key="segment").set_value("All segments").run()
        assert at.selectbox(key="funnel.stage").value == shown and set(_listing(at)["Stage"]) == {shown}


def test_scenario_round_trip():
    at = _app()
    at.sidebar.slider(key="active").set_value(7).run()
    at.switch_page("pages/export.py").run()
    assert not at.exception
    scenario = '{"definition": {"new_months": 2, "active_months": 5, "client_months": 18}, "lang": "fr"}'
    at.file_uploader(key="export.scenario_file").set_value(("s.json", scenario.encode(), "application/json")).run()
    assert not at.exception
    assert at.sidebar.slider(key="active").value == 5
    assert at.sidebar.slider(key="client").value == 18
    assert at.sidebar.radio(key="lang").value == "Français"
    assert any(_read(s) == "Scénario chargé." for s in at.success)
    at.file_uploader(key="export.scenario_file").set_value(("bad.json", b"{nope", "application/json")).run()
    assert not at.exception


@pytest.mark.parametrize(
    ("scenario", "said"),
    [
        ({"mapping": {"customer": "Missing column"}}, "maps columns this file does not have (“Missing column”)"),
        ({"read": {"sheet": "No such sheet"}}, "No such sheet"),
        ({"read": {"header_row": 1_000_000}}, "1,000,000"),
        ({"as_of": "1900-01-01"}, "as-of date (1900-01-01) comes before this file's first date"),
    ],
    ids=["missing-column", "missing-sheet", "header-row", "early-as-of"],
)
def test_a_scenario_that_does_not_fit_the_file_applies_nothing(scenario, said):
    import json

    at = _app()
    at.sidebar.slider(key="active").set_value(7).run()
    at.switch_page("pages/export.py").run()
    doc = {"definition": {"new_months": 2, "active_months": 5, "client_months": 18}, **scenario}
    at.file_uploader(key="export.scenario_file").set_value(
        ("s.json", json.dumps(doc).encode(), "application/json")
    ).run()
    assert not at.exception
    assert any(said in _read(e) for e in at.error), [_read(e) for e in at.error]
    assert at.sidebar.slider(key="active").value == 7 and at.sidebar.slider(key="client").value != 18
    for page in PAGES:  # and every page still works on the file as it was
        at.switch_page(page).run()
        assert not at.exception and not at.error, (page, [_read(e) for e in at.error])


def test_one_row_per_customer_file_on_the_balance_page():
    at = _app()
    at.switch_page("pages/data.py").run()
    at.selectbox(key="data.sample_pick").set_value("clients_crm.csv").run()
    at.switch_page("pages/balance.py").run()
    assert not at.exception
    assert any("one row per customer" in i.value for i in at.info)


def test_rejected_rows_are_listed(retail):
    at = _app()
    at.switch_page("pages/data.py").run()
    frames = [d.value for d in at.dataframe]
    rejected = next(f for f in frames if isinstance(f, pd.DataFrame) and "Row" in f.columns)
    assert len(rejected) == retail.report.rejected == 8


def _set_option(at: AppTest, option: str) -> None:
    if option == "min_amount":
        at.sidebar.number_input(key="min_amount").set_value(200.0).run()
    elif option == "opt_out":
        at.sidebar.toggle(key="opt_out").set_value(True).run()
    else:
        at.sidebar.toggle(key="rhythm").set_value(True).run()
        at.sidebar.number_input(key="multiple").set_value(1.5).run()


@pytest.mark.parametrize("option", ["min_amount", "opt_out", "own_rhythm"])
def test_every_page_shows_one_client_total_under_an_option(option):
    options = {
        "min_amount": {"min_amount": 200.0},
        "opt_out": {"opt_out_lost": True},
        "own_rhythm": {"own_rhythm": True, "rhythm_multiple": 1.5},
    }[option]
    expected = analyze_file(
        SAMPLES / "ventes_boutique.xlsx", Definition(**options), contacts=SAMPLES / "contacts_boutique.csv"
    )
    total = fmt_int(expected.stages.clients_total)
    at = _app()
    _set_option(at, option)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _total(at) == total
    at.switch_page("pages/balance.py").run()
    assert not at.exception and not at.error
    assert _total(at) == total
    table = next(d.value for d in at.dataframe if "Clients at end" in d.value.columns)
    assert table["Clients at end"].iloc[-1] == total
    at.switch_page("pages/whatif.py").run()
    assert next(m.value for m in at.metric if m.label == "Total clients A") == total
    at.switch_page("pages/export.py").run()
    assert not at.exception and not at.error
    assert any(f"**Total clients**: {total}" in m.value for m in at.markdown)


def test_below_the_minimum_is_a_row_of_its_own():
    at = _app()
    at.sidebar.number_input(key="min_amount").set_value(200.0).run()
    expected = analyze_file(
        SAMPLES / "ventes_boutique.xlsx", Definition(min_amount=200.0), contacts=SAMPLES / "contacts_boutique.csv"
    ).stages.counts
    table = _stage_table(at)
    assert table["below the minimum spend"] == fmt_int(expected["below_minimum"])
    assert table["lost"] == fmt_int(expected["lost"]) == "638"  # the minimum makes nobody lost


def test_the_export_page_exports_the_chart_the_page_showed(retail):
    at = _app()
    at.switch_page("pages/balance.py").run()
    at.select_slider(key="balance.span.month").set_value((dt.date(2024, 6, 30), dt.date(2025, 6, 30))).run()
    views = at.session_state["lc.views"]
    assert views["balance"]["start"] == dt.date(2024, 6, 30) and views["balance"]["end"] == dt.date(2025, 6, 30)
    assert views["transitions"]["end"] == dt.date(2025, 12, 31)
    at.switch_page("pages/export.py").run()
    assert not at.exception and not at.error
    assert at.session_state["lc.views"]["balance"] == views["balance"]
    # The preview is that chart annotated, with the page's span.
    import json

    from lifecycle.reports.export import annotated_chart

    at.selectbox(key="export.chart").set_value("balance").run()
    shown = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    expected = annotated_chart(retail, "balance", "en", **views["balance"]).to_dict()
    assert shown["title"] == expected["title"] and shown["vconcat"] == expected["vconcat"]
    assert expected["vconcat"] != annotated_chart(retail, "balance", "en").to_dict()["vconcat"]  # not the default span


@pytest.mark.parametrize("name", list(CORPUS))
def test_every_page_on_a_strangers_export(name):
    # Real export shapes without a contacts list: every page draws, no error, and the
    # total shown is the engine's.
    export = CORPUS[name]()
    options = export.expected["load_options"][0]
    at = _app()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value((export.name, export.data, "application/octet-stream")).run()
    if options.get("sheet"):  # one sheet per year: take them together, as the page offers
        assert any("have the same columns" in i.value for i in at.info)
        at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("data.together."))).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    expected = analyze(export.data, name=export.name, **options)
    assert next(m.value for m in at.metric if m.label == "Rows read") == fmt_int(expected.report.read)
    total = fmt_int(expected.stages.clients_total)
    shown = {
        "pages/funnel.py": lambda: _total(at),
        "pages/balance.py": lambda: _total(at),
        "pages/whatif.py": lambda: next(m.value for m in at.metric if m.label == "Total clients A"),
        "pages/export.py": lambda: total if any(f"**Total clients**: {total}" in m.value for m in at.markdown) else "?",
    }
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])
        if page in shown:
            assert shown[page]() == total, page


def test_the_sample_box_does_not_claim_the_sample_while_an_upload_is_in_use():
    at = _app()
    at.switch_page("pages/data.py").run()
    assert at.selectbox(key="data.sample_pick").value == "ventes_boutique.xlsx"
    data = (SAMPLES / "factures_b2b.csv").read_bytes()
    at.file_uploader(key="data.upload_file").set_value(("mes_factures.csv", data, "text/csv")).run()
    assert at.selectbox(key="data.sample_pick").value == "(your file)"


def test_thresholds_at_the_engines_limits_never_break_the_session():
    # A saved scenario at new 50, active 60, client 120 (the engine accepts them): every page
    # draws; the sliders hold the values.
    at = _app()
    at.switch_page("pages/export.py").run()
    scenario = b'{"definition": {"new_months": 50, "active_months": 60, "client_months": 120}}'
    at.file_uploader(key="export.scenario_file").set_value(("s.json", scenario, "application/json")).run()
    assert not at.exception, at.exception
    assert [at.sidebar.slider(key=k).value for k in ("new", "active", "client")] == [50, 60, 120]
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    # A bad scenario changes nothing: the message names the field, the sliders stay.
    at.switch_page("pages/export.py").run()
    bad = b'{"definition": {"new_months": 2, "active_months": "x"}, "lang": "fr"}'
    at.file_uploader(key="export.scenario_file").set_value(("bad.json", bad, "application/json")).run()
    assert not at.exception
    assert any("The “active” threshold must be a whole number" in _read(e) for e in at.error)
    assert [at.sidebar.slider(key=k).value for k in ("new", "active", "client")] == [50, 60, 120]
    assert at.sidebar.radio(key="lang").value == "English"


def test_a_links_unusable_values_are_said_until_dismissed():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["new"] = "200"
    at.query_params["multiple"] = "Infinity"
    at.query_params["active"] = "9"
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.sidebar.warning]
    assert len(warnings) == 2 and "(200)" in warnings[0] and "(Infinity)" in warnings[1]
    assert at.sidebar.slider(key="active").value == 9  # the good value of the link is used
    at.run()
    assert len(at.sidebar.warning) == 2  # not gone with the next rerun
    at.sidebar.button(key="sidebar.link_dismiss").click().run()
    assert not at.sidebar.warning


def test_a_link_may_say_fr_and_what_it_holds_besides_settings_is_said():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "fr"
    at.query_params["active"] = ["6", "9"]
    at.query_params["period"] = "decade"
    at.query_params["utm_source"] = "newsletter"
    at.query_params["colour"] = "blue"
    at.run()
    assert not at.exception
    assert at.sidebar.radio(key="lang").value == "Français"
    assert at.sidebar.slider(key="active").value == 12  # neither of the two values
    warnings = [_read(w) for w in at.sidebar.warning]
    assert warnings == [
        "Le lien indique «\u202fActif\u202f: dernier achat il y a moins de … mois\u202f» plusieurs fois (6 / 9)\u202f: aucune de ces valeurs "
        "n’est retenue, c’est la valeur affichée qui est utilisée.",
        "La valeur du lien pour «\u202fRegrouper par\u202f» est inutilisable (decade)\u202f: la valeur affichée est utilisée à la place.",
        "Le lien contient des mots qui ne sont pas des réglages de l’application (utm_source, colour)\u202f: ils sont ignorés.",
    ], warnings


HOSTILE_NAMES = [
    "![x](http://127.0.0.1:9/x.png).csv",
    ":red[boom] :material/home:.csv",
    "<script>alert(1)</script>.csv",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_file_name_is_text_never_markup(name):
    # An upload's name reaches the sidebar, the Data page, messages and the definitions card:
    # each place that renders Markdown gets it escaped (AppTest shows the Markdown source).
    from lifecycle.reports.export_safety import markdown_text

    at = _app()
    at.switch_page("pages/data.py").run()
    data = (SAMPLES / "factures_b2b.csv").read_bytes()
    at.file_uploader(key="data.upload_file").set_value((name, data, "text/csv")).run()
    shown = []
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, at.exception
        for kind in ("markdown", "caption", "info", "warning", "error", "success"):
            shown += [e.value for e in getattr(at, kind)] + [e.value for e in getattr(at.sidebar, kind)]
    with_name = [v for v in shown if markdown_text(name) in v]
    assert with_name  # the name is shown: on the Data page, in the sidebar and in the card
    stem = name.rsplit(".", 1)[0]
    for raw in ("![x](", ":red[", ":material/", "<script>", stem):
        unescaped = re.compile(r"(?<!\\)" + re.escape(raw))
        assert not any(unescaped.search(v) for v in shown), (raw, [v for v in shown if unescaped.search(v)])


def _everything_shown(at: AppTest) -> str:
    """All the text of the page and its sidebar: Markdown, messages, metrics, tables."""
    parts = []
    for where in (at, at.sidebar):
        for kind in ("markdown", "caption", "info", "warning", "error", "success", "text", "code"):
            parts += [str(e.value) for e in getattr(where, kind)]
        parts += [f"{m.label} {m.value}" for m in where.metric]
    for d in at.dataframe:
        frame = d.value if isinstance(d.value, pd.DataFrame) else pd.DataFrame(d.value)
        parts.append(frame.astype(str).to_csv())
    return "\n".join(parts)


def test_anonymise_hides_every_id_on_every_page():
    # The sample has ids with spaces around them (a warning gives examples) and e-mails:
    # with the switch on, none of the file's ids, names or e-mails is anywhere on screen.
    from lifecycle import load

    loaded = load(SAMPLES / "ventes_boutique.xlsx")
    f = loaded.data.frame
    secrets = set(f["customer"]) | set(f["email"].dropna()) | set(f["name"].dropna())
    secrets = {s for s in secrets if len(s) >= 5}  # «0001405», not «A»
    at = _app()
    at.sidebar.toggle(key="anon").set_value(True).run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception
        text = _everything_shown(at)
        words = set(re.findall(r"[\w.@+'-]+", text))  # «0001405» as a word, not inside «1.10000001»
        leaked = sorted(s for s in secrets if (s in text if " " in s else s in words))
        assert not leaked, (page, leaked[:5])
    # Without the switch the same scan finds them: the test can see a leak.
    at.sidebar.toggle(key="anon").set_value(False).run()
    at.switch_page("pages/funnel.py").run()
    at.selectbox(key="funnel.stage").set_value("active").run()
    words = set(re.findall(r"[\w.@+'-]+", _everything_shown(at)))
    assert any(s in words for s in secrets)


def _deferred_downloads(stem: str) -> list[dict]:
    """The download buttons' callables Streamlit keeps for this file (its media manager)."""
    import gc

    from streamlit.runtime.media_file_manager import MediaFileManager

    managers = [o for o in gc.get_objects() if isinstance(o, MediaFileManager)]
    return [e for m in managers for e in m._deferred_callables.values() if str(e["filename"]).startswith(stem)]


def test_downloads_build_their_files_and_the_session_lets_go_of_its_data_when_it_ends():
    # Streamlit keeps a disconnected session, and its download buttons, for a reconnection;
    # what it clears at once is the session's cache. The tables must go with it, whatever
    # the buttons or the pages' variables held.
    import gc

    from streamlit.runtime.caching.cache_resource_api import clear_session_cache

    from lifecycle.analysis import Analysis
    from lifecycle.errors import LifecycleError
    from lifecycle.reading.ingest import RawTable

    export = CORPUS["grand_livre_ventes.xlsx"]()  # title and total rows: a rejected-rows file too
    assert export.expected["rejected"]
    name = "leave_no_trace_" + export.name
    stem = name.rsplit(".", 1)[0]
    at = _app()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value((name, export.data, "application/octet-stream")).run()
    entries = []
    for page in PAGES:  # each run drops the previous page's buttons: gather them as we go
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        entries += _deferred_downloads(stem) + _deferred_downloads("rejected_rows")
    by_suffix = {}
    for e in entries:
        assert e["callable"].__qualname__ == "on_click.<locals>.data", e["filename"]  # no page lambda
        by_suffix[str(e["filename"]).rsplit(".", 1)[-1]] = e
    assert {"png", "svg", "pdf", "xlsx", "csv"} <= set(by_suffix)
    magic = {"png": b"\x89PNG", "pdf": b"%PDF", "xlsx": b"PK", "pptx": b"PK"}
    for suffix, e in by_suffix.items():
        made = e["callable"]()
        made = made.encode() if isinstance(made, str) else made
        if suffix == "svg":
            assert b"<svg" in made
        elif suffix == "csv":
            assert made.count(b"\n") >= 2  # a header and rows
        else:
            assert made.startswith(magic[suffix]), suffix

    def held() -> int:
        gc.collect()
        return sum(
            1
            for o in gc.get_objects()
            if (isinstance(o, RawTable) and o.file == name) or (isinstance(o, Analysis) and o.loaded.raw.file == name)
        )

    assert held() > 0
    clear_session_cache(entries[0]["session_id"])  # what Streamlit does when the browser goes
    assert held() == 0
    with pytest.raises(LifecycleError, match="reload the page"):
        by_suffix["xlsx"]["callable"]()


def test_an_upload_waits_its_turn_behind_another_sessions_read_and_then_shows_its_numbers(monkeypatch):
    import threading

    from lifecycle.ui import memory

    told = []

    class Recorded(memory.Turns):
        def _take(self, on_wait):
            def said(ahead):
                told.append(ahead)
                on_wait(ahead)  # the page's message, drawn in the script's thread

            return super()._take(said)

    turns = Recorded(1, poll=0.05)
    monkeypatch.setattr(memory, "HEAVY_READS", turns)
    at = _app()  # the sample is read and kept: from now on only the upload needs a turn
    other_in, other_out = threading.Event(), threading.Event()

    def other_session() -> None:
        with turns.hold():
            other_in.set()
            assert other_out.wait(120)

    def let_go_when_someone_waits() -> None:
        while not told:
            threading.Event().wait(0.05)
        other_out.set()

    threading.Thread(target=other_session).start()
    assert other_in.wait(30)
    threading.Thread(target=let_go_when_someone_waits, daemon=True).start()
    export = CORPUS["orders.csv"]()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value((export.name, export.data, "text/csv")).run()
    assert not at.exception and not at.error
    assert told and told[0] == 1  # one read ahead of it
    assert (turns.busy, turns.waiting) == (0, 0)
    expected = analyze(export.data, name=export.name, **export.expected["load_options"][0])
    assert next(m.value for m in at.metric if m.label == "Rows read") == fmt_int(expected.report.read)
    assert not any("reading other files" in i.value or "reading another file" in i.value for i in at.info)


def test_a_large_workbook_is_written_on_request_with_a_progress_bar_then_offered(monkeypatch):
    # Above LARGE_WORKBOOK customers the workbook takes over a second: a button writes it
    # (with a progress bar), then a download button offers those bytes; they hold every
    # customer. The threshold is lowered here to keep the file small.
    from lifecycle.reports import workbook

    monkeypatch.setattr(workbook, "LARGE_WORKBOOK", 20_000)
    import gc
    import io

    import openpyxl

    from lifecycle.ui.data import Store

    n = 20_050
    lines = ["client;date;montant"] + [f"K{i:05d};2025-{1 + i % 12:02d}-15;{10 + i % 90}" for i in range(n)]
    at = _app()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value(("big.csv", "\n".join(lines).encode(), "text/csv")).run()
    at.switch_page("pages/export.py").run()
    assert not at.exception, at.exception
    prepare = at.button(key="export.prepare_xlsx")
    assert prepare.label == f"Prepare the workbook ({fmt_int(n, 'en')} customers)"
    prepare.click().run()
    assert not at.exception, at.exception
    assert any(c.value.startswith("Workbook ready (") for c in at.caption)
    assert not [b for b in at.button if b.key == "export.prepare_xlsx"]  # ready: no second writing
    offered = [e for e in at.get("download_button") if e.proto.label == "Workbook (Excel)"]
    assert len(offered) == 1 and offered[0].proto.url  # the bytes themselves, not a deferred build
    gc.collect()
    built = [v for o in gc.get_objects() if isinstance(o, Store) for v in o.results.get("workbook", {}).values()]
    assert len(built) == 1
    wb = openpyxl.load_workbook(io.BytesIO(built[0][0]), read_only=True)
    assert sum(1 for _ in wb["Customers"].iter_rows()) == n + 1


def test_the_upload_is_held_once_the_session_shares_the_uploaders_bytes():
    # The session keeps the uploaded file to read it again with other options; it must be the
    # uploader's bytes object itself, not a second copy of a file that may be 190 MB.
    import gc

    from streamlit.runtime.uploaded_file_manager import UploadedFile

    from lifecycle.ui import state

    at = _app()
    at.switch_page("pages/data.py").run()
    data = (SAMPLES / "factures_b2b.csv").read_bytes()
    at.file_uploader(key="data.upload_file").set_value(("once.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    kept = at.session_state[state.UPLOAD]["data"]
    assert kept == data
    gc.collect()
    uploads = [o for o in gc.get_objects() if isinstance(o, UploadedFile) and o.name == "once.csv"]
    assert uploads and all(u.getvalue() is kept for u in uploads)  # one bytes object, not two


def test_the_value_page_shows_the_engines_figures_and_moves_with_its_horizon(retail):
    from lifecycle.model.value import by_stage, value_of

    at = _app()
    at.switch_page("pages/value.py").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    for horizon in (12, 24):
        if horizon != 12:
            at.slider(key="value.horizon").set_value(horizon).run()
            assert not at.exception, at.exception
            metrics = {m.label: m.value for m in at.metric}
        table = by_stage(value_of(retail.summary, horizon_months=horizon), retail.stages)
        likely = dict(zip(table["stage"], table["likely_alive"]))
        assert metrics["Lost, yet likely still buying"] == fmt_int(likely["lost"], "en")
        expected = f"{table['expected_purchases'].sum():,.0f}"
        assert metrics[f"Purchases expected in {horizon} months"] == expected
    assert len(at.dataframe) == 6  # by stage, by segment, save first, cohort shares and values, month by month
    # By stage: a column a stage, a row a figure (nine figures as columns were wider than the page).
    stages = at.dataframe[0].value.set_index("Indicator")
    assert stages.columns.tolist() == ["new", "active", "reactivated", "dormant", "lost"]
    assert stages.loc["Likely still buying", "lost"] == fmt_int(likely["lost"], "en")
    first = at.dataframe[2].value
    assert list(first.columns)[:4] == ["Customer id", "Stage", "Purchases, last 24 months (net)", "P(still buying)"]
    from lifecycle.model.value import save_first

    engine = save_first(value_of(retail.summary, horizon_months=24), retail.stages, retail.summary, 100)
    assert list(first["Customer id"]) == list(engine["customer"]) and len(first) == 100
    assert list(first["P(still buying)"])[:3] == [f"{p:.0%}" for p in engine["p_alive"][:3]]


def test_the_value_page_says_why_it_cannot_fit_a_file_without_history_in_french():
    at = _app("fr", "pages/data.py")
    data = (SAMPLES / "clients_crm.csv").read_bytes()
    at.file_uploader(key="data.upload_file").set_value(("clients_crm.csv", data, "text/csv")).run()
    at.switch_page("pages/value.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "La valeur client à venir"
    assert [_read(w) for w in at.warning] == [
        "La valeur client nécessite l’historique des achats (ce fichier a une ligne par client)\u202f: les modèles "
        "apprennent des dates de chaque achat."
    ]
    assert [m.label for m in at.metric] == ["Nombre total de clients"]  # the three facts, no model figure


def test_the_export_page_adds_the_models_columns_on_request():
    at = _app()
    at.switch_page("pages/export.py").run()
    at.toggle(key="export.with_value").set_value(True).run()
    assert not at.exception, at.exception
    assert not at.warning
    entries = [e for e in _deferred_downloads("ventes_boutique_customers") if str(e["filename"]).endswith(".csv")]
    head = entries[-1]["callable"]().decode("utf-8-sig").splitlines()[0]
    assert head.endswith(
        "Probability of still buying (model),Purchases expected in the next 12 months (model),"
        "Value expected over the next 12 months (model)"
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_link_to_share_names_the_language_it_was_made_in(lang):
    """The link names the language as the switch does, the form a reload keeps: once."""
    from urllib.parse import parse_qs, urlparse

    at = _app(lang, "pages/export.py")
    link = at.code[0].value
    assert parse_qs(urlparse(link).query) == {"lang": [{"en": "English", "fr": "Français"}[lang]]}, link


def test_the_export_page_offers_the_deck():
    from pptx import Presentation

    at = _app()
    at.switch_page("pages/export.py").run()
    assert not at.exception, at.exception
    decks = [e for e in _deferred_downloads("ventes_boutique_workshop") if str(e["filename"]).endswith(".pptx")]
    import io

    prs = Presentation(io.BytesIO(decks[-1]["callable"]()))
    texts = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame]
    assert texts[0] == "Customer life cycle — ventes_boutique.xlsx" and "4,362" in texts


def test_the_funnel_compares_the_five_largest_segments_and_pools_the_rest():
    from lifecycle.model.segments import segment_table
    from tests.conftest import csv_bytes

    sizes = {"Nord": 9, "Sud": 8, "Est": 7, "Ouest": 6, "Centre": 5, "Corse": 4, "Outre-mer": 3, "Web": 2}
    rows = [(f"{seg}-{i}", f"2025-{1 + i % 12:02d}-15", 10 + i, seg) for seg, n in sizes.items() for i in range(n)]
    data = csv_bytes(rows, ("client", "date", "montant", "segment"))
    at = _app("fr", "pages/data.py")
    at.file_uploader(key="data.upload_file").set_value(("regions.csv", data, "text/csv")).run()
    at.switch_page("pages/funnel.py").run()
    at.toggle(key="funnel.by_segment").set_value(True).run()
    assert not at.exception and not at.error, at.exception
    expected = segment_table(analyze(data, name="regions.csv").stages, "fr")
    # The groups side by side as columns: seven of them and the figures' names fit the page.
    table = next(d.value for d in at.dataframe if "Indicateur" in d.value.columns)
    groups = ["Nord", "Sud", "Est", "Ouest", "Centre", "Autres segments (3)", "Tous les acheteurs"]
    assert table.columns.tolist() == ["Indicateur", *groups]
    clients = table.set_index("Indicateur").loc["Clients"]
    assert clients.tolist() == [fmt_int(n, "fr") for n in expected["clients"]]
    assert "segments" in at.session_state["lc.views"]  # the chart drawn, so exportable as the page showed it
    # Another page and back: the funnel is still split.
    at.switch_page("pages/balance.py").run()
    at.switch_page("pages/funnel.py").run()
    assert at.toggle(key="funnel.by_segment").value
    assert any("Indicateur" in d.value.columns for d in at.dataframe)


def test_the_what_if_chart_follows_b_and_the_deck_carries_it():
    import io

    from pptx import Presentation

    at = _app()
    at.switch_page("pages/whatif.py").run()
    at.slider(key="b_active").set_value(9).run()
    assert not at.exception and not at.error, at.exception
    assert at.session_state["lc.views"]["whatif"] == {"b_new": 3, "b_active": 9, "b_client": 24}
    at.switch_page("pages/export.py").run()
    assert "What if: A against B" in at.selectbox(key="export.chart").options
    decks = [e for e in _deferred_downloads("ventes_boutique_workshop") if str(e["filename"]).endswith(".pptx")]
    prs = Presentation(io.BytesIO(decks[-1]["callable"]()))
    slide = prs.slides[2]
    texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
    assert texts[0] == "What if: A against B" and texts[1].startswith("Under B: active (\u2212419), dormant (+382)")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_who_moves_names_both_scenarios_stages(lang):
    # The count table of who moves had a bare index column headed «A» (stage names cut) and
    # nothing saying its columns were B's: a static table now, both named.
    from lifecycle.model.stages import classify
    from lifecycle.reports.tables import movers, movers_display

    at = _app()
    if lang == "fr":
        at.sidebar.radio(key="lang").set_value("Français").run()
    at.switch_page("pages/whatif.py").run()
    at.slider(key="b_active").set_value(9).run()
    at.slider(key="b_client").set_value(18).run()
    assert not at.exception and not at.error, at.exception
    a = analyze_file(SAMPLES / "ventes_boutique.xlsx", contacts=SAMPLES / "contacts_boutique.csv")
    b = classify(a.summary, Definition(active_months=9, client_months=18))
    expected = movers_display(movers(a.stages, b, lang)[0], lang)
    (table,) = at.table
    pd.testing.assert_frame_equal(table.value.reset_index(drop=True), expected)
    first = "Under A ↓, under B →" if lang == "en" else "Étape A ↓, étape B →"
    assert table.value.columns[0] == first and (lang == "fr") == table.value.columns[1].startswith("B\u202f: ")


def test_an_impossible_scenario_b_keeps_the_sensitivity_of_a():
    # B's client window under its active threshold: said once, and the rest of the page
    # (the sensitivity, which slides A's thresholds) still shown, instead of a page stopped.
    at = _app()
    at.switch_page("pages/whatif.py").run()
    at.slider(key="b_client").set_value(6).run()
    assert not at.exception
    assert [e.value for e in at.error] and all("new ≤ active ≤ client window" in e.value for e in at.error)
    assert "What a threshold changes" in [h.value for h in at.subheader]
    assert at.segmented_control(key="whatif.sensitivity_which").value == "active_months"
    assert not [m for m in at.metric if m.label == "Total clients B"]  # nothing of B drawn


def test_the_anonymise_switch_gives_the_deck_the_screens_pseudonyms(retail):
    import io

    from pptx import Presentation

    at = _app()
    at.sidebar.toggle(key="anon").set_value(True).run()
    at.switch_page("pages/value.py").run()
    assert not at.exception and not at.error, at.exception
    save_first = next(d.value for d in at.dataframe if d.value.columns[0] == "Customer id")
    at.switch_page("pages/export.py").run()
    assert any("Anonymised: customer ids are pseudonyms" in c.value for c in at.caption)
    decks = [e for e in _deferred_downloads("ventes_boutique_workshop_anonyme") if str(e["filename"]).endswith(".pptx")]
    prs = Presentation(io.BytesIO(decks[-1]["callable"]()))
    slide = next(s for s in prs.slides if s.shapes[0].text_frame.text == "Clients to contact first")
    grid = next(sh for sh in slide.shapes if sh.has_table).table
    ids = [grid.cell(i, 0).text for i in range(1, len(grid.rows))]
    # The deck's pseudonyms are the ones the Value page shows for the same customers.
    assert ids == save_first["Customer id"].head(len(ids)).tolist()
    assert all(i.startswith("C-") for i in ids)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_balance_page_gives_each_stages_mean_months_under_one_heading(retail, lang):
    from lifecycle.locale.i18n import fmt_number, stage_label
    from lifecycle.model.history import durations
    from lifecycle.vocabulary import CLIENT_STAGES

    at = _app(lang, "pages/balance.py")
    heading = {
        "en": "**Mean months spent in each stage so far, by every customer who has been in it**",
        "fr": "**Nombre moyen de mois passés jusqu’ici dans chaque étape, par tous ceux qui y sont passés**",
    }
    assert heading[lang] in [m.value for m in at.markdown]
    metrics = {m.label: m.value for m in at.metric}
    dur = durations(retail.summary, retail.definition).iloc[0]
    shown = {stage: metrics[stage_label(stage, lang)] for stage in CLIENT_STAGES}
    assert shown == {stage: fmt_number(dur[f"{stage}_mean_months"], lang, 1) for stage in CLIENT_STAGES}
    assert all(re.fullmatch(r"\d+[.,]\d", v) for v in shown.values()), shown  # a figure for every stage


def _same_dropout_export(customers: int = 2000, seed: int = 2) -> bytes:
    """A French sales export drawn from BG/NBD with one dropout probability for everyone
    (35 % after each repeat purchase), purchase rates λ ~ Gamma(1.5, 25 weeks), first
    purchases over 2023, seen until the end of 2025."""
    import numpy as np

    rng = np.random.default_rng(seed)
    start, end = pd.Timestamp("2023-01-01"), pd.Timestamp("2025-12-31")
    lines = ["N° client;Date facture;Montant TTC"]
    for i in range(customers):
        rate = rng.gamma(1.5, 1 / 25)  # purchases per week
        basket = rng.gamma(4.0, 15.0)  # each customer's usual spend
        day = start + pd.Timedelta(days=int(rng.integers(0, 365)))
        while day <= end:
            lines.append(f"K{i:05d};{day:%d/%m/%Y};{basket * rng.uniform(0.7, 1.3):.2f}".replace(".", ","))
            day += pd.Timedelta(days=1 + int(rng.exponential(7 / rate)))
            if len(lines) > 2 and lines[-2].startswith(f"K{i:05d};") and rng.uniform() < 0.35:
                break
    return ("\n".join(lines) + "\n").encode()


def test_the_value_page_gives_figures_for_a_base_with_one_dropout_probability():
    # Such a base once got no figure at all («did not converge»): BG/NBD's fit ran along the
    # ridge where a and b grow together. It is now fitted in its limit, and the page says so.
    from lifecycle.locale.i18n import fmt_pct
    from lifecycle.model.value import value_of

    data = _same_dropout_export()
    engine = value_of(analyze(data, name="ventes_2023_2025.csv").summary)
    assert engine.bgnbd.p is not None and abs(engine.bgnbd.p - 0.35) < 0.06
    at = _app()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value(("ventes_2023_2025.csv", data, "text/csv")).run()
    at.switch_page("pages/value.py").run()
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]
    note = f"same chance of stopping after a purchase ({fmt_pct(engine.bgnbd.p, 'en', 1)})"
    assert any(note in c.value for c in at.caption), [c.value for c in at.caption]
    metrics = {m.label: m.value for m in at.metric}
    expected = engine.customers["expected_purchases"].sum()
    assert metrics["Purchases expected in 12 months"] == f"{expected:,.0f}"


def test_a_deals_export_is_read_as_its_platform_writes_it_and_its_statuses_can_be_changed():
    from tests.reading.test_platforms import plain_stages

    export = CORPUS["hubspot-crm-exports-all-deals.csv"]()
    at = _app()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value((export.name, export.data, "text/csv")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Recognised: a HubSpot deals export" in _read(s) for s in at.success)
    expected = analyze(export.data, name=export.name)
    assert any(_read(i) == expected.report.understood_text("en") for i in at.info)
    roles = next(t.value for t in at.table if "Why" in t.value.columns)
    unescaped = roles["Role"].str.replace(r"\\(.)", r"\1", regex=True)
    assert dict(zip(unescaped, roles["Column"].str.strip("`"))) == {
        "Customer id": "Associated Company",
        "Date": "Close Date",
        "Amount": "Amount",
        "Order / invoice no.": "Record ID",
        "Contact or creation date": "Create Date",
        "Status": "Deal Stage",
    }
    raw = pd.read_csv(pd.io.common.BytesIO(export.data), dtype=str)["Associated Company"].dropna()
    first_three = " · ".join(f"`{v}`" for v in raw.drop_duplicates().head(3))
    assert roles["Sample values"].iloc[0] == first_three  # three of its values, as code: never a link
    statuses = next(d.value for d in at.dataframe if "Meaning" in d.value.columns)
    assert dict(zip(statuses["Status"], statuses["Meaning"]))["Closed lost"] == "cancelled"
    at.switch_page("pages/funnel.py").run()
    want = plain_stages(export.expected)
    table = _stage_table(at)
    assert table["prospect"] == fmt_int(want["prospect"]) and _total(at) == fmt_int(expected.stages.clients_total)
    # A meaning chosen by the user (the Data page's table writes it into this sidebar field,
    # which the link carries): every page follows.
    at.sidebar.text_input(key="status").input("Closed won=open").run()
    assert not at.exception
    assert any("no row is a purchase" in _read(e) for e in at.error)
    at.sidebar.text_input(key="status").input("Contract sent=cancelled").run()
    assert _total(at) == fmt_int(expected.stages.clients_total)
    at.switch_page("pages/data.py").run()
    statuses = next(d.value for d in at.dataframe if "Meaning" in d.value.columns)
    row = statuses[statuses["Status"] == "Contract sent"].iloc[0]
    assert (row["Meaning"], row["Origin"]) == ("cancelled", "your choice")
    assert at.session_state["status"] == "Contract sent=cancelled"
    # A saved scenario brings its meanings back.
    at.switch_page("pages/export.py").run()
    doc = '{"definition": {}, "statuses": {"Closed lost": "open"}}'
    at.file_uploader(key="export.scenario_file").set_value(("s.json", doc.encode(), "application/json")).run()
    assert not at.exception
    assert at.session_state["status"] == "Closed lost=open"
    at.switch_page("pages/data.py").run()
    statuses = next(d.value for d in at.dataframe if "Meaning" in d.value.columns)
    assert dict(zip(statuses["Status"], statuses["Meaning"]))["Closed lost"] == "open"


def test_a_link_carries_the_status_meanings_and_says_a_bad_one():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["status"] = "Closed lost=open; Contract sent=purchase"
    at.run()
    assert not at.exception
    assert at.sidebar.text_input(key="status").value == "Closed lost=open; Contract sent=purchase"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["status"] = "Closed lost=bought"
    at.run()
    assert not at.exception
    assert any("“Closed lost=bought” is not VALUE=MEANING" in _read(e) for e in at.sidebar.error)
    assert _total(at)  # the pages go on with the proposed meanings


def test_file_text_in_a_markdown_table_is_a_code_span():
    from lifecycle.ui.texts import code

    assert code("anne@x.fr") == "`anne@x.fr`"
    assert code("a `b` c") == "``a `b` c``" and code("`x`") == "`` `x` ``"
    assert code("line\nbreak") == "`line break`" and code("") == ""


def test_the_reading_choices_keep_their_choice_in_the_other_language():
    at = _app()
    at.switch_page("pages/data.py").run()
    at.sidebar.radio(key="lang").set_value("Français").run()
    radios = {
        r.key.split(".")[1]: r for r in at.radio if r.key and r.key.startswith(("data.dayfirst.", "data.decimal."))
    }
    assert radios["dayfirst"].key.endswith(".fr") and radios["dayfirst"].value == "auto"
    assert radios["decimal"].value == "auto"
    radios["dayfirst"].set_value("monthfirst").run()
    assert at.session_state["lc.read"]["dayfirst"] is False


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("customer database", "whole customer base")),
        ("fr", ("votre fichier clients", "toute votre clientèle")),
    ],
)
def test_the_funnel_says_the_file_may_not_be_the_whole_customer_base(lang, words):
    at = _app(lang)
    captions = [_read(c) for c in at.caption]
    assert any(all(w in c for w in words) for c in captions), captions


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_balance_page_says_what_the_cycle_lengths_rest_on(retail, lang):
    from lifecycle.model.history import durations

    at = _app(lang, "pages/balance.py")
    dur = durations(retail.summary, retail.definition).iloc[0]
    cycles, once = fmt_int(dur["completed_cycles"], lang), fmt_int(dur["one_purchase_cycles"], lang)
    assert dur["completed_cycles"] > 0 and dur["one_purchase_cycles"] > 0
    said = {
        "en": (f"are measured on {cycles} completed cycles", f"{once} lost customers who bought once are left out"),
        "fr": (f"reposent sur {cycles} cycles terminés", f"{once} fiches perdues après un seul achat"),
    }[lang]
    captions = [_read(c) for c in at.caption]
    assert any(all(w in c for w in said) for c in captions), captions


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_value_page_shows_its_model_free_tables_when_the_model_refuses_the_file(lang):
    # Ten buyers over six months, two of whom came back: too few for the model, enough for cohorts.
    lines = ["client;date;montant"]
    lines += [f"C{i};2024-{1 + i % 6:02d}-10;{10 + i}" for i in range(10)]
    lines += ["C0;2024-05-20;15", "C1;2024-06-20;25"]
    at = _app(lang, "pages/data.py")
    at.file_uploader(key="data.upload_file").set_value(("peu.csv", "\n".join(lines).encode(), "text/csv")).run()
    at.switch_page("pages/value.py").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    said = {
        "en": "No model figures for this file. Too few buyers came back for the model to learn from: 2 bought again, "
        "50 are needed. The tables below need no model.",
        "fr": "Pas de chiffres du modèle pour ce fichier. Trop peu d’acheteurs sont revenus pour calibrer le modèle"
        "\u202f: 2 ont racheté, il en faut 50. Les tableaux ci-dessous n’utilisent pas le modèle.",
    }[lang]
    assert [_read(w) for w in at.warning] == [said]
    headings = {
        "en": ("Cohorts over time", "Month by month (the last 24 months)"),
        "fr": ("Les cohortes dans le temps", "Mois par mois (les 24 derniers mois)"),
    }
    assert set(headings[lang]) <= {h.value for h in at.subheader}
    # The first quarter's six buyers (C0-C2, C6-C8); the second quarter is not a month old at T
    # (C5 came on 10 June, T = 20 June). Ages 0 to 2 are over for all six; nobody bought again
    # in them. Net amount per buyer by then: (10 + 11 + 12 + 16 + 17 + 18) / 6 = 14.
    share, value, monthly = (d.value for d in at.dataframe)
    pct = {"en": ["100%", "0%", "0%"], "fr": ["100 %", "0 %", "0 %"]}[lang]
    assert share.loc[{"en": "2024-Q1", "fr": "T1 2024"}[lang]].tolist() == ["6", *pct]
    assert value.loc[{"en": "2024-Q1", "fr": "T1 2024"}[lang]].tolist()[1:] == [fmt_money(14, lang, 0)] * 3
    # Clients at each month end: two more each month, then C4 in May and C5 in June.
    assert monthly.iloc[:, 1].tolist() == ["2", "4", "6", "8", "9", "10"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_balance_page_draws_the_four_indicators_month_by_month_or_by_half_year(retail, lang):
    from lifecycle.model.kpis import kpi_series
    from lifecycle.reports.tables import kpi_series_display

    at = _app(lang, "pages/balance.py")
    heading = {"en": "The four indicators over time", "fr": "Les quatre indicateurs dans le temps"}[lang]
    assert heading in [h.value for h in at.subheader]

    def shown():
        columns = list(kpi_series_display(kpi_series(retail.summary, retail.definition), lang).columns)
        return next(d.value for d in at.dataframe if list(d.value.columns) == columns)

    for every in ("month", "half"):
        if every == "half":
            at.segmented_control(key="balance.kpi_series_period").set_value("half").run()
            assert not at.exception, at.exception
        expected = kpi_series_display(kpi_series(retail.summary, retail.definition, every), lang)
        pd.testing.assert_frame_equal(shown().reset_index(drop=True), expected)
    half = shown()
    assert half.iloc[-2, 0] == {"en": "2025-06-30", "fr": "30/06/2025"}[lang]  # then the as-of date


def test_the_data_page_shows_a_workbooks_numbers_with_the_readers_decimal_sign():
    at = _app("fr", "pages/data.py")
    preview = next(d.value for d in at.dataframe if "Montant TTC" in d.value.columns)
    assert preview["Montant TTC"].head(3).tolist() == ["111,73", "53,04", "28,6"]
    at = _app("en", "pages/data.py")
    preview = next(d.value for d in at.dataframe if "Montant TTC" in d.value.columns)
    assert preview["Montant TTC"].head(3).tolist() == ["111.73", "53.04", "28.6"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_data_pages_notes_are_sentences_with_their_full_stop(lang):
    at = _app(lang, "pages/data.py")
    notes = [_read(w) for w in [*at.warning, *at.info]]
    assert len(notes) >= 4  # the sample's duplicates, order lines, trimmed ids, returns...
    assert all(n.rstrip()[-1] in ".!?…" for n in notes), notes


def test_the_bundled_sample_is_read_once_per_process_and_shared_by_sessions():
    from lifecycle.ui import data as ui_data

    raw, proposal = ui_data._sample_read("ventes_boutique.xlsx", None, None)
    assert ui_data._sample_read("ventes_boutique.xlsx", None, None)[0] is raw
    assert (raw.file, raw.header_row, proposal.mapping.customer) == ("ventes_boutique.xlsx", 3, "N° client")
    assert ui_data._sample_contacts("contacts_boutique.csv") is ui_data._sample_contacts("contacts_boutique.csv")


def test_figures_sit_on_the_right_and_words_dates_and_ids_on_the_left():
    import json

    def alignments(at) -> dict[str, str | None]:
        out = {}
        for d in at.dataframe:
            config = json.loads(d.proto.columns or "{}")
            out.update({str(c): (config.get(str(c)) or {}).get("alignment") for c in d.value.columns})
        return out

    at = _app("fr")
    funnel = alignments(at)
    assert [funnel[c] for c in ("Nombre", "Part", "Dont un seul achat", "Valeur moyenne sur 12 mois")] == ["right"] * 4
    assert funnel["Étape"] is None
    at.switch_page("pages/balance.py").run()
    balance = alignments(at)
    assert [balance[c] for c in ("Nouveaux", "Perdus", "Ratio gagnés / perdus", "CA des nouveaux clients")] == [
        "right"
    ] * 4
    assert balance["Fin de période"] is None
    at.switch_page("pages/value.py").run()
    value = alignments(at)
    assert value["Montant en jeu"] == "right" and value["Identifiant client"] is None  # «0000332» is an id
