"""Hostile files (``tests/hostile.py``): each is answered, read or refused with a message that
names what is wrong, and what is read is read right."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifecycle import LifecycleError, analyze, load, read_table
from lifecycle.reading.mapping import cached_header_score, header_score
from tests import hostile
from tests.conftest import examples

ROOT = Path(__file__).resolve().parents[1]
SMALL = [c for c in hostile.CASES if c[1] not in ("50 MB without a newline", "a 50 MB amount")]
HEAVY = {
    "xlsx of 1,000,000 one-cell rows",
    "an inline cell of 1.1 GB",
    "a shared string of 300 MB",
    "2,000 columns × 1,000 rows (accepted)",
}  # measured by the benchmark only


@pytest.mark.parametrize(
    ("family", "case", "name", "make"),
    [c for c in SMALL if c[1] not in HEAVY],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_hostile_file_is_answered_with_a_result_or_a_message(family, case, name, make):
    _answered(name, make(), ("error.read_failed", "error.read_died"))  # a reader's own failure is a bug


def _answered(name: str, data: bytes, not_answers: tuple[str, ...]) -> None:
    """Read, with a row report that adds up, or refused with a short message naming the
    file in both languages and none of ``not_answers``."""
    try:
        loaded = load(data, name, bounded=True)
    except LifecycleError as exc:
        assert exc.key not in not_answers, str(exc)
        for lang in ("en", "fr"):
            text = exc.message(lang)
            assert text.startswith(name) and len(text) < 1_000, text[:300]
    else:
        report = loaded.report
        assert report.read == report.used + report.rejected + report.after_as_of


def test_a_csv_wider_than_the_limit_is_refused_with_its_count():
    with pytest.raises(LifecycleError) as err:
        read_table(hostile.csv_wide(2_001), "wide.csv")
    assert "wide.csv: its first line has 2,001 columns; a file of more than 2,000 columns is refused" in str(err.value)


def test_a_sheet_whose_cells_carry_no_reference_is_measured_once_read():
    with pytest.raises(LifecycleError) as err:
        read_table(hostile.xlsx_many_cells_row(2_500), "wide.xlsx")
    assert str(err.value).startswith("wide.xlsx, sheet “S1”: it has 2,500 columns; a table of more than 2,000")
    assert (
        err.value.message("fr").replace("\u202f", " ").startswith("wide.xlsx, feuille « S1 » : le tableau compte 2 500")
    )


def test_a_file_of_one_endless_line_is_refused_as_no_header():
    with pytest.raises(LifecycleError) as err:
        read_table(hostile.one_line(1_000_000), "line.csv")
    assert err.value.key == "error.long_header"
    assert "line.csv: the column names on line 1 include a cell of 1,000,000 characters" in str(err.value)


def test_a_huge_cell_is_cut_and_its_row_set_aside_with_its_length():
    a = analyze(hostile.huge_cell(1_000_000), name="cell.csv")
    report = a.report
    assert (report.read, report.used, report.rejected) == (3, 2, 1)
    row = report.rejected_frame().iloc[0]
    assert (row["row"], row["column"]) == (3, "montant")
    assert row["reason"] == "a cell of more than 32,767 characters (Excel's own limit), cut in the table"
    assert row["value"].startswith("999") and row["value"].endswith("… (1,000,000 characters)")
    assert len(row["value"]) < 250
    assert a.summary.customers["customer"].tolist() == ["C1"]


def test_a_header_score_is_not_computed_nor_kept_for_a_cell_of_a_paragraph():
    cached_header_score.cache_clear()
    assert header_score("x" * 10_000) == 0
    assert header_score("Date de commande") > 0
    assert cached_header_score.cache_info().currsize == 1


def test_lines_of_two_encodings_are_each_read_in_their_own():
    a = analyze(hostile.mixed_encoding(300), name="mixed.csv")
    assert a.summary.customers["customer"].tolist() == ["Société Générale"]
    note = next(w for w in a.report.warnings if w.code == "mixed_encoding")
    assert (note.count, note.fields["first"]) == (100, 2)
    assert note.text("en").startswith("100 lines are written in Windows-1252 (the first: line 2), the others in UTF-8")


def test_a_plain_windows_1252_file_reads_as_such_without_a_note():
    data = "client;date;montant\nSociété;2024-01-05;10\nZoë;2024-02-05;10\n".encode("cp1252")
    raw = read_table(data, "w.csv")
    assert raw.encoding == "cp1252" and raw.cp1252_lines is None
    assert raw.frame["client"].tolist() == ["Société", "Zoë"]


def test_invisible_characters_leave_ids_and_look_alikes_are_said_and_kept_apart():
    data = (
        "client;date;montant\nC1;2024-01-05;10\nC1\u200b;2024-02-05;10\n\u202eC2;2024-03-01;5\n"
        "\uff23\uff11;2024-03-02;7\nC2;2024-03-05;1\n"
    ).encode()
    a = analyze(data, name="ids.csv")
    customers = a.summary.customers.set_index("customer")
    assert sorted(customers.index) == ["C1", "C2", "Ｃ１"]
    assert customers.loc["C1", "occasions"] == 2 and customers.loc["C2", "occasions"] == 2
    said = {w.code: w for w in a.report.warnings}
    assert said["ids_invisible"].count == 2
    assert "“C1⟨U+200B⟩”, “⟨U+202E⟩C2” (rows: 2; 3, 4)" in said["ids_invisible"].text("en")
    assert "“Ｃ１ / C1” (ids: 1; rows: 1): kept apart" in said["ids_lookalike"].text("en")
    assert "•••" in said["ids_lookalike"].text("en", hide=True)


def test_no_usable_row_carries_its_row_report_with_counts_in_the_readers_format():
    data = ("client;date;montant\n" + "A;never;4\n" * 1_500).encode()
    with pytest.raises(LifecycleError) as err:
        load(data, "never.csv")
    assert "never.csv: no usable row (1,500 read, 1,500 rejected, 0 after" in str(err.value)
    assert "(1 500 lues, 1 500 rejetées" in err.value.message("fr").replace("\u202f", " ")
    report = err.value.report
    assert (report.read, report.rejected) == (1_500, 1_500)
    assert report.rejected_frame()["reason"].unique().tolist() == ["unreadable date"]


def test_the_command_line_writes_the_rejected_rows_even_when_none_is_usable(tmp_path):
    path = tmp_path / "vide.csv"
    path.write_text("client;date;montant\n;2024-01-01;3\nA;never;4\n", encoding="utf-8")
    out = tmp_path / "rejected.csv"
    done = subprocess.run(
        [sys.executable, "-m", "lifecycle", "analyze", str(path), "--rejected-csv", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 2
    assert "vide.csv: no usable row (2 read, 2 rejected" in done.stderr
    assert out.read_text(encoding="utf-8").splitlines() == [
        "row,reason,column,value",
        "2,no customer id,client,",
        "3,unreadable date,date,never",
    ]


def test_a_damaged_parquet_file_is_named_without_the_servers_path(tmp_path):
    path = tmp_path / "noise.parquet"
    path.write_bytes(b"PAR1" + b"x" * 500)
    with pytest.raises(LifecycleError) as err:
        read_table(path)
    text = str(err.value)
    assert text.startswith("noise.parquet: cannot be read as Parquet (") and str(tmp_path) not in text
    assert "/" not in text


def test_an_excel_cell_of_a_megabyte_is_cut_and_its_row_set_aside():
    a = analyze(hostile.xlsx_big_cell(1_000_000), name="b.xlsx")
    row = a.report.rejected_frame().iloc[0]
    assert (row["row"], row["column"]) == (3, "client") and row["value"].endswith("… (1,000,000 characters)")


SIZES = st.one_of(
    st.integers(1, 6_000).map(lambda n: ("wide.csv", hostile.csv_wide(n))),
    st.integers(1, 3_000_000).map(lambda n: ("line.csv", hostile.one_line(n))),
    st.integers(1, 3_000_000).map(lambda n: ("cell.csv", hostile.huge_cell(n))),
    st.integers(1, 3_000_000).map(lambda n: ("quoted.csv", hostile.huge_quoted_cell(n))),
    st.integers(1, 6_000).map(lambda n: ("wide.xlsx", hostile.xlsx_many_cells_row(n))),
    st.integers(1, 300_000).map(lambda n: ("deep.xlsx", hostile.xlsx_deep(n))),
    st.integers(1, 30_000_000).map(lambda n: ("bomb.xlsx", hostile.xlsx_big_cell(n))),
)


@settings(max_examples=examples(8), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(SIZES)
def test_files_of_any_size_are_answered_within_the_reads_budget(monkeypatch, case):  # a few seconds an example
    # A read that hangs or takes the memory fails here: the budget stops it (10 s), and a
    # budget's message is not an answer.
    monkeypatch.setenv("LIFECYCLE_READ_SECONDS", "10")
    name, data = case
    _answered(name, data, ("error.read_time", "error.read_memory", "error.read_died", "error.read_failed"))


def test_a_file_of_blank_rows_says_so():
    with pytest.raises(LifecycleError) as err:
        load(hostile.many_short_rows(30_000), "rows.csv")
    assert str(err.value) == "rows.csv: under its column names there are only blank rows (10,000): no row to read."
    assert err.value.report.blank == 10_000
