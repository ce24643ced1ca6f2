"""The engine's progress reports: a DuckDB query told as it runs, steps told at their start
and end, nothing when nobody listens, and the steps' words from the catalogues."""

import pytest

from lifecycle.reading import progress
from lifecycle.reading.prepare import duckdb_connection
from lifecycle.reading.progress import STEPS, in_step, listening, report, run_query, words

# Long enough for DuckDB to be asked several times how far it has gone (0.4 s on two cores).
N = 100_000_000
LONG = f"SELECT sum(i % 7)::BIGINT AS s FROM range({N}) t(i)"
SUM = N // 7 * 21 + sum(range(N % 7))  # 0 + 1 + ... + 6 per seven numbers


@pytest.fixture
def often(monkeypatch):
    monkeypatch.setattr(progress, "POLL_SECONDS", 0.01)


def _setting(con, name: str):
    return con.execute(f"SELECT current_setting('{name}')").fetchone()[0]


def test_a_long_query_reports_increasing_fractions_ending_at_one(often, capfd):
    told = []
    con = duckdb_connection()
    with listening(lambda step, fraction: told.append((step, fraction))):
        total = run_query(con, LONG, step="summary").fetchone()[0]
    assert total == SUM
    assert {step for step, _ in told} == {"summary"}
    fractions = [f for _, f in told]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions) and all(0.0 <= f <= 1.0 for f in fractions)
    assert any(0.0 < f < 1.0 for f in fractions), fractions  # DuckDB's own count, read while it runs
    # DuckDB counts only with its progress bar on; it draws nothing all the same.
    assert _setting(con, "enable_progress_bar_print") is False
    assert capfd.readouterr().out == ""


def test_a_query_is_one_part_of_its_step(often):
    told = []
    con = duckdb_connection()
    with listening(lambda step, fraction: told.append(fraction)):
        out = run_query(con, LONG, step="summary", span=(0.5, 0.8), fetch=lambda r: r.fetchnumpy())
    assert int(out["s"][0]) == SUM
    assert told[0] == 0.5 and told[-1] == 0.8 and all(0.5 <= f <= 0.8 for f in told)
    assert _setting(con, "enable_progress_bar") is False  # the result fetched: DuckDB's counting is off again


def test_nothing_is_reported_and_nothing_counted_when_nobody_listens(often):
    told = []
    con = duckdb_connection()
    with listening(lambda step, fraction: told.append((step, fraction))), listening(None):
        assert run_query(con, "SELECT 42").fetchone() == (42,)
        report("read", 0.5)
        with in_step("prepare"):
            pass
    assert told == []
    report("read", 0.5)  # nobody at all: a no-op
    assert run_query(con, "SELECT 1", fetch=lambda r: r.fetchall()) == [(1,)]
    assert _setting(con, "enable_progress_bar") is False


def test_a_step_reports_its_start_unknown_and_its_end():
    told = []
    with listening(lambda step, fraction: told.append((step, fraction))):
        with in_step("read"):
            report("read", 0.25)
        with pytest.raises(ValueError), in_step("prepare"):
            raise ValueError("a failure ends no step")
    assert told == [("read", None), ("read", 0.25), ("read", 1.0), ("prepare", None)]


def test_a_listener_that_fails_stops_the_query_and_the_connection_goes_on(often):
    def fail(step, fraction):
        if fraction and fraction > 0:
            raise KeyboardInterrupt

    con = duckdb_connection()
    with listening(fail), pytest.raises(KeyboardInterrupt):
        run_query(con, LONG.replace(str(N), "5000000000"))
    assert con.execute("SELECT 7").fetchone() == (7,)


def test_each_step_has_its_words_in_each_language():
    assert [words(s, "en") for s in STEPS] == [
        "Reading the file",
        "Reading the contacts list",
        "Checking the rows",
        "Grouping purchases by customer",
        "Computing the portfolio balance",
        "Fitting the value model",
        "Writing the file",
    ]
    assert [words(s, "fr") for s in STEPS] == [
        "Lecture du fichier",
        "Lecture de la liste de contacts",
        "Vérification des lignes",
        "Regroupement des achats par fiche",
        "Calcul du bilan du portefeuille",
        "Calcul du modèle de valeur",
        "Écriture du fichier",
    ]


def test_a_failing_query_raises_as_it_would_unwatched(often):
    import duckdb

    con = duckdb_connection()
    with listening(lambda step, fraction: None), pytest.raises(duckdb.CatalogException):
        run_query(con, "SELECT * FROM no_such_table")
    assert con.execute("SELECT 7").fetchone() == (7,)
