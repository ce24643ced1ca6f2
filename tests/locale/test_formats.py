"""Every formatter by hand, in both languages: money with its currency, numbers, percents,
dates, plurals at 0, 1 and 2, and French typography."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle.locale import formats
from lifecycle.locale.formats import NARROW as N
from lifecycle.locale.i18n import fmt_money, t


@pytest.mark.parametrize(
    ("value", "lang", "digits", "code", "expected"),
    [
        (1465.23, "en", 2, "EUR", "€1,465.23"),
        (1465.23, "fr", 2, "EUR", f"1{N}465,23{N}€"),
        (23378, "en", 0, "EUR", "€23,378"),
        (23378.4, "fr", 0, "EUR", f"23{N}378{N}€"),
        (347, "fr", 2, "EUR", f"347,00{N}€"),
        (1465.23, "en", 2, "USD", "$1,465.23"),
        (1465.23, "fr", 2, "USD", f"1{N}465,23{N}$US"),
        (99.5, "en", 2, "GBP", "£99.50"),
        (-5.5, "fr", 2, "EUR", f"-5,50{N}€"),
        (0, "en", 0, "CHF", "CHF0"),
        (None, "fr", 2, "EUR", "–"),
        (float("nan"), "en", 2, "EUR", "–"),
    ],
)
def test_money(value, lang, digits, code, expected):
    assert formats.money(value, lang, digits, code) == expected


def test_money_follows_the_currency_of_the_work():
    assert fmt_money(10, "fr") == f"10,00{N}€"  # euros by default
    with formats.using_currency("USD"):
        assert fmt_money(10, "en") == "$10.00" and fmt_money(10, "fr") == f"10,00{N}$US"
    assert fmt_money(10, "en") == "€10.00"


@pytest.mark.parametrize(
    ("fn", "args", "en", "fr"),
    [
        (formats.integer, (1234567,), "1,234,567", f"1{N}234{N}567"),
        (formats.integer, (2.5,), "3", "3"),  # half away from zero, as a spreadsheet shows it
        (formats.decimal, (2.456, 1), "2.5", "2,5"),
        (formats.decimal, (12345.678, 2), "12,345.68", f"12{N}345,68"),
        (formats.percent, (0.1234,), "12.3%", f"12,3{N}%"),
        (formats.percent, (0.5, 0), "50%", f"50{N}%"),
        (formats.percent, (1.0,), "100.0%", f"100,0{N}%"),
        (formats.date, (dt.date(2026, 9, 4),), "2026-09-04", "04/09/2026"),
        (formats.date, (None,), "–", "–"),
    ],
)
def test_numbers_percents_and_dates(fn, args, en, fr):
    assert (fn(*args[:1], "en", *args[1:]), fn(*args[:1], "fr", *args[1:])) == (en, fr)


@pytest.mark.parametrize(("n", "en", "fr"), [(0, "other", "one"), (1, "one", "one"), (2, "other", "other")])
def test_plural_categories(n, en, fr):
    assert (formats.plural(n, "en"), formats.plural(n, "fr")) == (en, fr)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clients : 12", f"Clients{N}: 12"),
        ("un ; deux", f"un{N}; deux"),
        ("Vraiment ? Oui !", f"Vraiment{N}? Oui{N}!"),
        ("voir « ici »", f"voir «{N}ici{N}»"),
        ("Prix : 12 €", f"Prix{N}: 12 €"),  # spaces inside a number are the formatters'
        ("12:30 http://x.fr a:b", "12:30 http://x.fr a:b"),  # no space: not a French colon
        ("90 % des délais, (50 % ou plus)", f"90{N}% des délais, (50{N}% ou plus)"),
        ("taux % mensuel", "taux % mensuel"),  # a percent sign after a word is left alone
    ],
)
def test_french_typography(text, expected):
    assert formats.typeset(text, "fr") == expected
    assert formats.typeset(text, "en") == text


def test_texts_in_french_never_break_before_a_colon():
    # «: 1 − rétention» must not start a line: every French text takes the narrow space.
    fr = t("kpi.churn_rate.def", "fr", active=12)
    assert " :" not in fr and " ;" not in fr and "« " not in fr and " »" not in fr


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["12,50 €", "3,00 €"], "EUR"),
        (["Amount (USD)", "usd", "eur"], "USD"),
        (["£12.00"], "GBP"),
        (["12.50", "3"], None),
    ],
)
def test_the_files_currency_is_guessed_from_its_own_texts(texts, expected):
    assert formats.guess_currency(texts) == expected


@pytest.mark.parametrize(("period", "en", "fr"), [("2024Q1", "2024-Q1", "T1 2024"), ("2023-Q4", "2023-Q4", "T4 2023")])
def test_quarters_are_named_as_each_language_names_them(period, en, fr):
    assert (formats.quarter(period, "en"), formats.quarter(period, "fr")) == (en, fr)


def test_forms_read_from_the_locale():
    # What the spreadsheets, the charts and the date fields are given, in each language.
    assert (formats.excel_money("en"), formats.excel_money("fr")) == ('"€"#,##0.00', '#,##0.00 "€"')
    assert (formats.date_pattern("en"), formats.date_pattern("fr")) == ("YYYY-MM-DD", "DD/MM/YYYY")
    assert (formats.csv_separators("en"), formats.csv_separators("fr")) == ((",", "."), (";", ","))
    assert (formats.plain(2.5, "en"), formats.plain(2.5, "fr"), formats.plain(3, "fr", ".2f")) == ("2.5", "2,5", "3,00")
    en, fr = formats.vega_locale("en"), formats.vega_locale("fr")
    assert (en["number"]["percent"], fr["number"]["percent"]) == ("%", f"{N}%")
    assert (en["time"]["date"], fr["time"]["date"]) == ("%Y-%m-%d", "%d/%m/%Y")
    assert fr["time"]["shortMonths"][8] == "sept."


def test_values_from_a_file_in_each_languages_quotes():
    from lifecycle.locale.i18n import colon, quoted

    assert quoted(["A1 ", "b"], "en") == "“A1 ”, “b”"
    assert quoted(["A1 ", "b"], "fr") == f"«{N}A1 {N}», «{N}b{N}»"
    assert (colon("en"), colon("fr")) == (": ", " : ")


def test_figures_round_half_away_from_zero_as_a_spreadsheet_shows_them():
    # A purchase frequency of 4.025 read «4,02» on a slide and «4,03» in Excel.
    assert formats.decimal(4.025, "fr", 2) == "4,03"
    assert formats.decimal(-4.025, "en", 2) == "-4.03"
    assert (
        formats.integer(2.5, "en") == "3" and formats.integer(-2.5, "fr") == "-3" and formats.integer(2.4, "en") == "2"
    )
    assert formats.money(2.675, "en") == "€2.68" and formats.money(0.125, "fr", 2) == f"0,13{N}€"
    assert formats.percent(0.1245, "fr") == f"12,5{N}%" and formats.percent(0.0125, "en", 0) == "1%"


@given(st.integers(-(10**9), 10**9))
def test_a_tie_rounds_like_the_decimal_text_half_up(k):
    from decimal import ROUND_HALF_UP, Decimal

    x = k / 1000  # three decimals, many of them ties at two
    expected = Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert formats.decimal(x, "en", 2) == f"{expected:,}"
