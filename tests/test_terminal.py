"""The command line's progress bar: drawn in place on a terminal and wiped at the end, plain
lines when asked off a terminal, silent otherwise, in the chosen language."""

import io
import multiprocessing
import re

import pytest

from lifecycle import terminal
from lifecycle.terminal import ProgressBar

SECONDS = re.compile(r" \(\d+[.,]\d[ \u00a0]s\)$")  # the time since the start, which the tests do not read


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(bar: ProgressBar) -> None:
    with bar:
        bar("read", None)
        bar("read", 1.0)
        bar("summary", None)  # the step starts
        bar("summary", 0.0)  # its first query starts: no news
        bar("summary", 0.05)
        bar("summary", 0.14)
        bar("summary", 0.5)
        bar("summary", 0.9)
        bar("summary", 1.0)
        bar("summary", 1.0)  # the query's end, then the step's: one line


def test_plain_lines_when_asked_off_a_terminal():
    out = io.StringIO()
    _run(ProgressBar(out, "en", "on"))
    assert [SECONDS.sub("", line) for line in out.getvalue().splitlines()] == [
        "Reading the file",
        "Reading the file 100%",
        "Grouping purchases by customer",
        "Grouping purchases by customer 10%",
        "Grouping purchases by customer 50%",
        "Grouping purchases by customer 90%",
        "Grouping purchases by customer 100%",
    ]


def test_the_plain_lines_speak_french():
    out = io.StringIO()
    _run(ProgressBar(out, "fr", "on"))
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("Lecture du fichier 100\u202f% (") and lines[1].endswith("\u00a0s)")
    assert SECONDS.sub("", lines[-1]) == "Regroupement des achats par fiche 100\u202f%"


@pytest.mark.parametrize(("stream", "mode"), [(io.StringIO(), "auto"), (io.StringIO(), "off"), (Terminal(), "off")])
def test_silent_unless_on_a_terminal_or_asked(stream, mode):
    _run(ProgressBar(stream, "en", mode))
    assert stream.getvalue() == ""


def test_a_quick_run_stays_silent_on_a_terminal(monkeypatch):
    monkeypatch.setattr(terminal, "SHOW_AFTER", 60.0)
    stream = Terminal()
    _run(ProgressBar(stream, "en", "auto"))
    assert stream.getvalue() == ""


def test_on_a_terminal_the_bar_is_drawn_in_place_then_wiped():
    stream = Terminal()
    bar = ProgressBar(stream, "en", "on")
    with bar:
        bar("summary", 0.5)
        drawn = stream.getvalue().split("\r")[-1]
    assert re.fullmatch(r"Grouping purchases by customer +50% ▕█{10} {10}▏ \d+\.\d s", drawn.rstrip()), drawn
    assert re.search(r"\r {40,}\r$", stream.getvalue())  # wiped: what the command prints starts on a clean line
    assert "\n" not in stream.getvalue()


def test_a_step_of_unknown_pace_shows_a_moving_block():
    stream = Terminal()
    with ProgressBar(stream, "en", "on") as bar:
        bar("read", None)
    drawn = stream.getvalue().split("\r")[1]
    assert drawn.startswith("Reading the file") and "███" in drawn and "%" not in drawn


def _report_in_child(bar: ProgressBar) -> None:
    bar("read", 0.5)


def test_a_child_forked_from_the_command_line_draws_nothing(tmp_path):
    # The command line reads the file in a child forked from itself (lifecycle.reading.bounded):
    # the child inherits the bar, and must neither draw nor wait on the drawing thread's lock.
    path = tmp_path / "stderr.txt"
    with open(path, "w", encoding="utf-8") as stream:
        bar = ProgressBar(stream, "en", "on")
        with bar:
            child = multiprocessing.get_context("fork").Process(target=_report_in_child, args=(bar,))
            child.start()
            child.join(30)
            bar("read", 1.0)
    assert child.exitcode == 0
    assert [SECONDS.sub("", line) for line in path.read_text(encoding="utf-8").splitlines()] == [
        "Reading the file 100%"
    ]
