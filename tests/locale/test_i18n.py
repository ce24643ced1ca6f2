"""The catalogues: every key the code asks for exists, in each language with the same fields,
none is dead, the files read cleanly, and a new catalogue is a new language."""

import contextlib
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from lifecycle.locale import catalogues
from lifecycle.locale.i18n import fmt_date, fmt_int, fmt_money, fmt_pct
from lifecycle.model.history import BALANCE_COLUMNS
from lifecycle.model.kpis import KPI_KEYS
from lifecycle.model.value import COLUMNS as VALUE_COLUMNS
from lifecycle.reading.mapping import ROLE_SYNONYMS
from lifecycle.reading.platforms import PLATFORMS
from lifecycle.reading.prepare import REJECTED_COLUMNS
from lifecycle.reading.progress import STEPS
from lifecycle.reading.statuses import MEANINGS
from lifecycle.reports.charts import NAMES as CHARTS
from lifecycle.vocabulary import FLOWS, GROUP, STAGES, ZONE

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "lifecycle" / "locale"
TEXT = catalogues.CATALOGUES.texts
EN, FR = TEXT["en"], TEXT["fr"]

SOURCES = [*ROOT.glob("lifecycle/**/*.py"), *ROOT.glob("pages/*.py")]
# Helpers that prefix their key: tr("x") is ui.x, chart_text("x") chart.x, _w("x") export.x,
# _d("x") deck.x in deck.py;
# LifecycleError.of("error.x") and verbatim("punct.x") take the whole key.
PREFIX = {"t": "", "of": "", "verbatim": "", "tr": "ui.", "chart_text": "chart.", "_w": "export.", "_d": "deck."}
CALL = re.compile(r"\b(t|of|verbatim|tr|chart_text|_w|_d)\(\s*[\"']([a-z0-9_.]+)[\"']")
# Keys built at run time from a family of names.
from lifecycle.reading.scan import SCAN_REASONS  # noqa: E402

FAMILIES = {
    "stage.": STAGES,
    "rule.": STAGES,
    "action.": STAGES,
    "flow.": FLOWS,
    "group.": set(GROUP.values()),
    "zone.": set(ZONE.values()),
    "kpi.": [*KPI_KEYS, *(f"{k}.def" for k in KPI_KEYS)],
    "ui.role.": ROLE_SYNONYMS,
    "ui.chart.": CHARTS,
    "period.": ("month", "quarter", "year"),
    "scan.": SCAN_REASONS,
    "deck.unit.": ("month", "quarter", "year"),
    "which.": ("new_months", "active_months", "client_months"),
    "error.months.": ("new_months", "active_months", "client_months"),
    "export.col.": ("segment", *BALANCE_COLUMNS),
    "cli.balance.": ("end", "start", "new", "won_back", "lost", "clients", "quick"),
    "order.": ("dayfirst", "monthfirst", "iso"),
    "export.rows.": ("read", "used", "rejected", "after"),
    "ui.value.col.": VALUE_COLUMNS,
    "meaning.": MEANINGS,
    "source.": ("known", "platform", "chosen", "invoice", "unknown"),
    "platform.": {p.key for p in PLATFORMS},
    "why.": (
        "platform",
        "header",
        "header_fallback",
        "header_repeats",
        "email",
        "values_key",
        "name",
        "values_date",
        "values_order",
        "chosen",
        "row_ids",
        "amounts",
        "unique_per_row",
        "one_value",
        "mostly_blank",
    ),
    "understood.": (
        *MEANINGS,
        "orders",
        "payments",
        "deals",
        "invoices",
        "rows",
        "customers",
        "key_email",
        "key_column",
        "key_name",
        "key_values",
    ),
    "ui.data.status_col.": ("value", "rows", "meaning", "source"),
    "rejected.col.": REJECTED_COLUMNS,
    "progress.": STEPS,
}


def _used_literally() -> set[str]:
    keys = set()
    for path in SOURCES:
        for helper, key in CALL.findall(path.read_text(encoding="utf-8")):
            if helper == "_w" and path.name not in ("customers.py", "card.py", "workbook.py", "deck.py"):
                continue
            keys.add(PREFIX[helper] + key)
    return keys


def _mentioned(key: str, sources: str) -> bool:
    """A reason or warning code appears as a string in the code (reject(..., "bad_date", ...))."""
    code = key.split(".", 1)[1]
    return f'"{code}"' in sources


def test_every_key_the_code_asks_for_exists():
    missing = sorted(k for k in _used_literally() if k not in EN)
    missing += sorted(f"{p}{n}" for p, names in FAMILIES.items() for n in names if f"{p}{n}" not in EN)
    assert not missing


def test_no_text_is_dead():
    used = _used_literally() | {f"{p}{n}" for p, names in FAMILIES.items() for n in names}
    sources = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)

    def alive(k: str) -> bool:
        if k.endswith(".1"):  # the singular of a text with a count n (see ``t``)
            return k[:-2] in EN and alive(k[:-2])
        return k in used or (k.split(".")[0] in ("reason", "warn", "unavailable") and _mentioned(k, sources))

    assert not [k for k in EN if not alive(k)]


def test_a_count_of_one_takes_the_singular():
    from lifecycle.locale.i18n import t

    for key in (k for k in EN if k.endswith(".1")):
        assert key[:-2] in EN and "{n}" not in EN[key] + FR[key], key  # a plural to stand for; 1 written out
    assert t("warn.returns_only", "en", n=1) == EN["warn.returns_only.1"]
    assert t("warn.returns_only", "fr", n=2).startswith("2 fiches n’ont")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_catalogue_holds_the_same_keys():
    assert set(catalogues.languages()) >= {"en", "fr"}
    for lang, texts in TEXT.items():
        assert set(texts) == set(EN), lang


@pytest.mark.parametrize("key", sorted(EN))
def test_every_language_with_the_same_fields(key):
    for lang, texts in TEXT.items():
        assert texts[key].strip(), (lang, key)
        assert _fields(texts[key]) == _fields(EN[key]), (lang, key)


@pytest.mark.parametrize("path", sorted(FOLDER.glob("*.po")), ids=lambda p: p.name)
def test_the_catalogues_read_with_babel_without_a_warning(path):
    printed = io.StringIO()
    with path.open("rb") as fh, contextlib.redirect_stdout(printed):
        catalogue = read_po(fh, abort_invalid=True)  # raises on a line it cannot read
    assert printed.getvalue() == ""  # Babel prints what it would skip
    entries = [m for m in catalogue if m.id]
    written = re.findall(r'^msgid "(.+)"$', path.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(entries) == len(written) == len(set(written))  # each key once
    assert not [m.id for m in entries if m.fuzzy or not m.string]
    assert catalogue.locale is not None  # the Language header names the CLDR locale


def test_the_french_catalogue_shows_the_english_text_above_each_entry():
    with (FOLDER / "fr.po").open("rb") as fh:
        catalogue = read_po(fh)
    for m in (m for m in catalogue if m.id):
        assert " ".join(m.auto_comments) == " ".join(EN[m.id].split()), m.id


def test_french_words_for_the_two_returns():
    # «réactivé» is the funnel stage, «reconquis» the balance flow: never the other way round.
    assert (EN["stage.reactivated"], FR["stage.reactivated"]) == ("reactivated", "client réactivé")
    assert (EN["flow.won_back"], FR["flow.won_back"]) == ("won back", "reconquis")
    stages = [v for k, v in FR.items() if k.startswith(("stage.", "rule.", "def."))]
    assert not any("reconqu" in s for s in stages)


def test_number_and_date_formats():
    assert (fmt_int(12345, "en"), fmt_int(12345, "fr")) == ("12,345", "12\u202f345")
    assert (fmt_pct(0.1234, "en"), fmt_pct(0.1234, "fr")) == ("12.3%", "12,3\u202f%")
    assert fmt_money(1234.5, "fr") == "1\u202f234,50\u202f€"
    assert (fmt_date("2025-12-31", "en"), fmt_date("2025-12-31", "fr")) == ("2025-12-31", "31/12/2025")


def test_each_language_quotes_its_own_way():
    # English quotes with “…”, French with « … »: a guillemet in an English text (or a curly
    # English quote in a French one) reads as a slip in front of a room.
    english = sorted(k for k, en in EN.items() if "«" in en or "»" in en)
    french = sorted(k for k, fr in FR.items() if "“" in fr or "”" in fr)
    assert english == []
    assert french == []


def test_french_writes_its_apostrophe_as_printers_do():
    # «l’e-mail», not «l'e-mail»: the typewriter's straight mark looks out of place on a
    # slide or a printed page set in French.
    straight = sorted(k for k, fr in FR.items() if re.search(r"\w'\w|\w'[{«]", fr))
    assert straight == []
    assert "l’e-mail de la colonne" in FR["warn.key_email"]


GERMAN = """msgid ""
msgstr ""
"Language: de_DE\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "language.name"
msgstr "Deutsch"

msgid "stage.new"
msgstr "Neukunde"

msgid "understood.orders"
msgstr "{n} Bestellungen"

msgid "understood.orders.1"
msgstr "1 Bestellung"

msgid "error.scenario_value"
msgstr "Das Feld „{name}“ des Szenarios ist unbrauchbar ({value}); nichts wurde geändert."
"""


@pytest.fixture
def with_german(tmp_path, monkeypatch):
    """The catalogues of the repository and a third one, ``de.po``, in a folder of their own."""
    for path in FOLDER.glob("*.po"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "de.po").write_text(GERMAN, encoding="utf-8")
    monkeypatch.setattr(catalogues, "CATALOGUES", catalogues.load(tmp_path))


def test_a_third_catalogue_is_a_third_language(with_german):
    from lifecycle.cli import build_parser
    from lifecycle.errors import LifecycleError
    from lifecycle.locale import formats
    from lifecycle.locale.i18n import fmt_number, fmt_signed, language_name, language_named, languages, quoted, t

    assert languages() == ("en", "de", "fr")
    assert language_name("de") == "Deutsch"
    assert language_named("Deutsch") == language_named("German") == language_named("allemand") == "de"
    assert language_named("french") == "fr" and language_named("Klingon") is None
    assert catalogues.language_of_locale("de-AT") == "de"
    assert t("stage.new", "de") == "Neukunde"
    assert t("understood.orders", "de", n=3) == "3 Bestellungen" and t("understood.orders", "de", n=1) == "1 Bestellung"
    assert t("stage.lost", "de") == "lost"  # a text the catalogue lacks is the English one
    assert quoted("A1", "de") == "“A1”"
    # Numbers, money, percents and dates by the CLDR's German, with no line of code for it.
    assert fmt_int(1234567, "de") == "1.234.567"
    assert fmt_number(2.46, "de", 1) == "2,5" and fmt_signed(-3, "de") == "\u22123"
    assert fmt_pct(0.1234, "de") == f"12,3{formats.NARROW}%"
    assert fmt_money(1234.5, "de") == f"1.234,50{formats.NARROW}€"
    assert fmt_date("2025-12-31", "de") == "31.12.2025" and formats.date_pattern("de") == "DD.MM.YYYY"
    assert formats.quarter("2024Q1", "de") == "Q1 2024"
    assert formats.excel_money("de") == '#,##0.00 "€"' and formats.csv_separators("de") == (";", ",")
    assert formats.typeset("Achtung: ja", "de") == "Achtung: ja"  # French spacing stays French
    assert formats.vega_locale("de")["number"]["decimal"] == ","
    # Offered by the command line and written in errors.
    assert build_parser().parse_args(["analyze", "x.csv", "--lang", "de"]).lang == "de"
    err = LifecycleError.of("error.scenario_value", name="lang", value="x")
    assert err.message("de").startswith("Das Feld „lang“") and err.message("fr").startswith("Le champ")


def test_english_and_french_stay_as_they_were_beside_a_third(with_german):
    assert (fmt_int(12345, "en"), fmt_int(12345, "fr")) == ("12,345", "12\u202f345")
    assert (fmt_date("2025-12-31", "en"), fmt_date("2025-12-31", "fr")) == ("2025-12-31", "31/12/2025")
