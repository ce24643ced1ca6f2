"""The one text table: every key the code asks for exists, in both languages, and none is dead."""

import re
import string
from pathlib import Path

import pytest

from lifecycle.locale.i18n import TEXT, fmt_date, fmt_int, fmt_money, fmt_pct
from lifecycle.model.history import BALANCE_COLUMNS
from lifecycle.model.kpis import KPI_KEYS
from lifecycle.model.value import COLUMNS as VALUE_COLUMNS
from lifecycle.reading.mapping import ROLE_SYNONYMS
from lifecycle.reading.platforms import PLATFORMS
from lifecycle.reading.statuses import MEANINGS
from lifecycle.reports.charts import NAMES as CHARTS
from lifecycle.vocabulary import FLOWS, GROUP, STAGES, ZONE

ROOT = Path(__file__).resolve().parents[2]

SOURCES = [p for p in [*ROOT.glob("lifecycle/**/*.py"), *ROOT.glob("pages/*.py")] if p.name != "i18n.py"]
# Helpers that prefix their key: tr("x") is ui.x, chart_text("x") chart.x, _w("x") export.x,
# _d("x") deck.x in deck.py;
# LifecycleError.of("error.x") takes the whole key.
PREFIX = {"t": "", "of": "", "tr": "ui.", "chart_text": "chart.", "_w": "export.", "_d": "deck."}
CALL = re.compile(r"\b(t|of|tr|chart_text|_w|_d)\(\s*[\"']([a-z0-9_.]+)[\"']")
# Keys built at run time from a family of names.
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
    "deck.unit.": ("month", "quarter", "year"),
    "which.": ("new_months", "active_months", "client_months"),
    "error.months.": ("new_months", "active_months", "client_months"),
    "export.col.": ("segment", *BALANCE_COLUMNS),
    "cli.balance.": ("end", "start", "new", "won_back", "lost", "clients", "quick"),
    "order.": ("dayfirst", "monthfirst", "iso"),
    "export.rows.": ("read", "used", "rejected", "after"),
    "ui.value.col.": VALUE_COLUMNS,
    "meaning.": MEANINGS,
    "source.": ("known", "platform", "chosen", "unknown"),
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
        "unique_per_row",
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
    missing = sorted(k for k in _used_literally() if k not in TEXT)
    missing += sorted(f"{p}{n}" for p, names in FAMILIES.items() for n in names if f"{p}{n}" not in TEXT)
    assert not missing


def test_no_text_is_dead():
    used = _used_literally() | {f"{p}{n}" for p, names in FAMILIES.items() for n in names}
    sources = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)

    def alive(k: str) -> bool:
        if k.endswith(".1"):  # the singular of a text with a count n (see ``t``)
            return k[:-2] in TEXT and alive(k[:-2])
        return k in used or (k.split(".")[0] in ("reason", "warn", "unavailable") and _mentioned(k, sources))

    assert not [k for k in TEXT if not alive(k)]


def test_a_count_of_one_takes_the_singular():
    from lifecycle.locale.i18n import t

    for key in (k for k in TEXT if k.endswith(".1")):
        assert key[:-2] in TEXT and "{n}" not in "".join(TEXT[key]), key  # a plural to stand for; 1 written out
    assert t("warn.returns_only", "en", n=1) == TEXT["warn.returns_only.1"][0]
    assert t("warn.returns_only", "fr", n=2).startswith("2 fiches n'ont")


@pytest.mark.parametrize("key", sorted(TEXT))
def test_both_languages_with_the_same_fields(key):
    en, fr = TEXT[key]
    assert en.strip() and fr.strip()
    fields = [{f for _, f, _, _ in string.Formatter().parse(x) if f} for x in (en, fr)]
    assert fields[0] == fields[1]


def test_french_words_for_the_two_returns():
    # «réactivé» is the funnel stage, «reconquis» the balance flow: never the other way round.
    assert TEXT["stage.reactivated"] == ("reactivated", "client réactivé")
    assert TEXT["flow.won_back"] == ("won back", "reconquis")
    stages = [v[1] for k, v in TEXT.items() if k.startswith(("stage.", "rule.", "def."))]
    assert not any("reconqu" in s for s in stages)


def test_number_and_date_formats():
    assert (fmt_int(12345, "en"), fmt_int(12345, "fr")) == ("12,345", "12\u202f345")
    assert (fmt_pct(0.1234, "en"), fmt_pct(0.1234, "fr")) == ("12.3%", "12,3\u202f%")
    assert fmt_money(1234.5, "fr") == "1\u202f234,50\u202f€"
    assert (fmt_date("2025-12-31", "en"), fmt_date("2025-12-31", "fr")) == ("2025-12-31", "31/12/2025")


def test_each_language_quotes_its_own_way():
    # English quotes with “…”, French with « … »: a guillemet in an English text (or a curly
    # English quote in a French one) reads as a slip in front of a room.
    english = sorted(k for k, (en, _fr) in TEXT.items() if "«" in en or "»" in en)
    french = sorted(k for k, (_en, fr) in TEXT.items() if "“" in fr or "”" in fr)
    assert english == []
    assert french == []
