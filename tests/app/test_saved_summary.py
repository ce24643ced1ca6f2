"""A summary saved by the command line, uploaded in the app: the Data page says what it
summarises instead of offering to remap its columns, and every page and slider gives the
figures the command line gives on the original file, in English and in French."""

import io
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lifecycle.analysis import analyze_loaded, saved_source
from lifecycle.definition import Definition
from lifecycle.locale.i18n import fmt_date, fmt_int, stage_label, t
from lifecycle.model.saved import write_summary
from lifecycle.reports.tables import kpi_display
from lifecycle.ui.texts import tr
from tests.conftest import analyze_file

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["pages/funnel.py", "pages/balance.py", "pages/whatif.py", "pages/value.py", "pages/export.py"]
STAGES = ("suspect", "prospect", "new", "reactivated", "active", "dormant", "lost")


@pytest.fixture(scope="module")
def saved(retail) -> bytes:
    """The sample shop with its contacts list, saved as ``analyze --save-summary`` saves it."""
    out = io.BytesIO()
    source = saved_source(retail.loaded, retail.contacts, "contacts_boutique.csv")
    write_summary(out, retail.summary, retail.loaded.report, source)
    return out.getvalue()


def _upload(saved: bytes, lang: str) -> AppTest:
    """The app opened on the Data page in ``lang`` (through the link), the summary dropped."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "Français" if lang == "fr" else "English"
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value(("boutique.parquet", saved, "application/octet-stream")).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _read(element) -> str:
    """A Markdown element's text as the reader sees it, without the escapes of file names."""
    return re.sub(r"\\(.)", r"\1", element.value).replace("\u2060", "")


def _funnel(at: AppTest, lang: str) -> tuple[str, dict[str, str], list]:
    total = next(m.value for m in at.metric if m.label == tr("facts.clients", lang))
    table = at.dataframe[0].value
    return total, dict(zip(table.iloc[:, 0], table.iloc[:, 1])), at.table[0].value


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_saved_summary_shows_the_command_lines_figures_on_every_page(saved, retail, lang):
    at = _upload(saved, lang)
    # The Data page: what it summarises, no mapping to edit, the original file's row report.
    note = next(_read(i) for i in at.info if "boutique.parquet" in _read(i))
    assert note == tr(
        "data.saved",
        lang,
        name="boutique.parquet",
        file="ventes_boutique.xlsx",
        sheet=t("cli.sheet", lang, sheet="Ventes"),
        as_of=fmt_date(retail.summary.as_of, lang),
        n=fmt_int(retail.summary.people_in_file, lang),
    )
    assert not [s for s in at.selectbox if s.key and s.key.startswith("data.map.")]
    read = next(m.value for m in at.metric if m.label == tr("data.read", lang))
    assert read == fmt_int(retail.report.read, lang)
    assert at.sidebar.date_input(key="as_of").disabled

    for active, client in ((12, 24), (6, 12)):
        at.sidebar.slider(key="client").set_value(client).run()
        at.sidebar.slider(key="active").set_value(active).run()
        at.switch_page("pages/funnel.py").run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        st = analyze_loaded(
            retail.loaded, Definition(active_months=active, client_months=client), summary=retail.summary
        )
        total, table, kpis = _funnel(at, lang)
        assert total == fmt_int(st.stages.clients_total, lang)
        for stage in STAGES:
            assert table[stage_label(stage, lang)] == fmt_int(st.stages.counts[stage], lang), stage
        assert kpis.reset_index(drop=True).equals(kpi_display(st.stages, lang).reset_index(drop=True))
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])


def test_its_statuses_scenarios_and_as_of_date_stay_as_it_was_saved(sample_dir):
    import json

    from lifecycle.locale.i18n import fmt_date as date

    a = analyze_file(sample_dir / "opportunites_crm.csv")
    out = io.BytesIO()
    write_summary(out, a.summary, a.loaded.report, saved_source(a.loaded))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data.upload_file").set_value(("crm.parquet", out.getvalue(), "application/octet-stream"))
    at.run()
    assert not at.exception and not at.error
    # The statuses with the meanings they were saved with: a table to read, none to edit.
    assert not at.get("arrow_data_editor")
    statuses = next(d.value for d in at.dataframe if "Meaning" in d.value.columns)
    assert dict(zip(statuses["Status"], statuses["Meaning"])) == {
        v.value: t(f"meaning.{v.meaning}", "en") for v in a.loaded.report.statuses
    }
    assert at.sidebar.text_input(key="status").disabled  # nothing chosen: nothing to choose
    # A scenario made on the original file with its own settings applies; one that reads it
    # otherwise applies nothing and says why.
    at.switch_page("pages/export.py").run()
    same = {"definition": {"new_months": 2, "active_months": 5, "client_months": 18}, "read": {"dayfirst": None}}
    at.file_uploader(key="export.scenario_file").set_value(("a.json", json.dumps(same).encode(), "application/json"))
    at.run()
    assert at.sidebar.slider(key="active").value == 5 and not at.error
    other = {**same, "definition": {**same["definition"], "active_months": 7}, "mapping": {"amount": None}}
    at.file_uploader(key="export.scenario_file").set_value(("b.json", json.dumps(other).encode(), "application/json"))
    at.run()
    assert at.sidebar.slider(key="active").value == 5
    assert [_read(e) for e in at.error] == [
        "This scenario reads the file otherwise than crm.parquet was saved (mapping.amount), and a saved summary"
        " cannot be read again; nothing was changed. Load the scenario on the original file."
    ]
    # The as-of date is the summary's own: the sidebar says so instead of offering another.
    assert at.sidebar.date_input(key="as_of").disabled
    assert date(a.summary.as_of, "en") in at.sidebar.date_input(key="as_of").help
    # Status meanings that a link brings cannot apply: said on the page, until cleared.
    at.session_state["status"] = "Négociation=achat"
    at.switch_page("pages/funnel.py").run()
    assert [_read(e) for e in at.error] == [
        "crm.parquet is a saved summary: its statuses keep the meanings they had when it was saved. Clear the"
        " status meanings in the options of the sidebar, or analyse the original file to change them."
    ]
    assert not at.sidebar.text_input(key="status").disabled
    at.sidebar.text_input(key="status").input("Gagnée=achat").run()  # the meaning it has in the summary
    assert not at.error and not at.exception, [_read(e) for e in at.error]
