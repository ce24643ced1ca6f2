"""A read runs in a child process within its budget: a slow, greedy or crashing reader ends
there, with a message naming the file, and the calling process goes on."""

from __future__ import annotations

import os
import time

import pytest

from lifecycle import LifecycleError
from lifecycle.reading import bounded
from lifecycle.reading.ingest import read_and_propose
from tests import hostile


def sleeper(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def glutton(mb: int) -> int:
    block = bytearray(mb << 20)
    for i in range(0, len(block), 4096):  # touch every page: resident, not only reserved
        block[i] = 1
    time.sleep(5)
    return len(block)


def aborter() -> None:
    os.abort()


def refuser() -> None:
    raise LifecycleError.of("error.not_text", file="x.csv")


def test_a_result_comes_back_whole():
    raw, proposal = bounded.call(
        read_and_propose, hostile.HEADER.encode() + hostile.ROW.encode(), "a.csv", file="a.csv", size=40
    )
    assert list(raw.frame.columns) == ["client", "date", "montant"]
    assert raw.frame.iloc[0].tolist() == ["C1", "2024-01-05", "12,50"]
    assert (proposal.mapping.customer, proposal.mapping.date, proposal.mapping.amount) == ("client", "date", "montant")


def test_a_read_past_its_time_is_stopped_and_named():
    start = time.monotonic()
    with pytest.raises(LifecycleError) as err:
        bounded.call(sleeper, 30, file="slow.csv", size=10, budget=bounded.Budget(1.0, 1 << 30))
    assert time.monotonic() - start < 10
    assert err.value.key == "error.read_time"
    assert str(err.value).startswith("slow.csv: reading it took more than 1 s, so it was stopped")
    assert err.value.message("fr").startswith("slow.csv\u202f: sa lecture a dépassé 1 s")


def test_a_read_past_its_memory_is_stopped_and_named():
    with pytest.raises(LifecycleError) as err:
        bounded.call(glutton, 600, file="big.xlsx", size=10, budget=bounded.Budget(60, 300 << 20))
    assert err.value.key == "error.read_memory"
    assert "big.xlsx: reading it needed more than 300 MB of memory" in str(err.value)


def test_a_reader_that_aborts_ends_its_child_only():
    with pytest.raises(LifecycleError) as err:
        bounded.call(aborter, file="crash.xlsx", size=10)
    assert err.value.key == "error.read_died"
    assert "crash.xlsx: the reader stopped abruptly on this file (code -6)" in str(err.value)
    assert bounded.call(sleeper, 0, file="next.csv", size=10) == "woke"  # and the next read works


def test_a_refusal_in_the_child_keeps_both_languages_and_its_key():
    with pytest.raises(LifecycleError) as err:
        bounded.call(refuser, file="x.csv", size=10)
    assert err.value.key == "error.not_text"
    assert str(err.value).startswith("x.csv: this is not a text file")
    assert err.value.message("fr").startswith("x.csv\u202f: ce n’est pas un fichier texte")


def test_the_budget_grows_with_the_file_and_reads_its_settings(monkeypatch):
    assert (bounded.budget_for(0).seconds, bounded.budget_for(0).memory) == (8, 2048 << 20)
    assert bounded.budget_for(40_000_000).seconds == 28
    monkeypatch.setenv("LIFECYCLE_READ_SECONDS", "3")
    monkeypatch.setenv("LIFECYCLE_READ_MEMORY_MB", "nonsense")
    assert (bounded.budget_for(0).seconds, bounded.budget_for(0).memory) == (3, 2048 << 20)


def test_a_child_that_ends_as_its_result_arrives_is_no_error():
    # The parent stops a child still running once it has its answer; a child that ended in
    # between must not make the call fail (a race the size fuzzing found).
    assert [bounded.call(sleeper, 0, file="quick.csv", size=10) for _ in range(40)] == ["woke"] * 40
