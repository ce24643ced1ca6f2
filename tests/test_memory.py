"""Heavy reads take turns in arrival order; freed memory is handed back."""

import threading

import pytest

from lifecycle.ui import memory
from lifecycle.ui.memory import Turns

DEADLINE = 30  # seconds: a deadline against a hang, never a timing assert


def _reader(turns: Turns, name: str, log: list, release: threading.Event, waits: dict, waiting: threading.Event):
    def on_wait(ahead: int) -> None:
        waits.setdefault(name, []).append(ahead)
        waiting.set()

    def run() -> None:
        with turns.hold(on_wait):
            log.append(name)
            assert release.wait(DEADLINE)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _until(condition) -> None:
    event = threading.Event()
    for _ in range(DEADLINE * 100):
        if condition():
            return
        event.wait(0.01)
    raise AssertionError("condition not met before the deadline")


def test_one_slot_serves_in_arrival_order_and_says_how_many_are_ahead():
    turns = Turns(1, poll=0.01)
    log, waits = [], {}
    gates = {n: threading.Event() for n in "ABC"}
    waiting = {n: threading.Event() for n in "ABC"}
    a = _reader(turns, "A", log, gates["A"], waits, waiting["A"])
    _until(lambda: log == ["A"])
    b = _reader(turns, "B", log, gates["B"], waits, waiting["B"])
    assert waiting["B"].wait(DEADLINE)
    c = _reader(turns, "C", log, gates["C"], waits, waiting["C"])
    assert waiting["C"].wait(DEADLINE)
    assert (turns.busy, turns.waiting) == (1, 2)
    assert waits["B"][0] == 1  # A is reading
    assert waits["C"][0] == 2  # A reading, B waiting ahead
    assert "A" not in waits  # the first reader never waits
    gates["A"].set()
    _until(lambda: log == ["A", "B"])
    _until(lambda: waits["C"][-1] == 1)  # C is told it is next
    gates["B"].set()
    gates["C"].set()
    for t in (a, b, c):
        t.join(DEADLINE)
    assert log == ["A", "B", "C"]
    assert (turns.busy, turns.waiting) == (0, 0)


def test_a_reader_that_leaves_while_waiting_leaves_the_line():
    turns = Turns(1, poll=0.01)
    holder_in, holder_out = threading.Event(), threading.Event()

    def hold() -> None:
        with turns.hold():
            holder_in.set()
            assert holder_out.wait(DEADLINE)

    t = threading.Thread(target=hold)
    t.start()
    assert holder_in.wait(DEADLINE)

    class Left(Exception):
        pass

    def leave(ahead: int) -> None:  # Streamlit stops a script this way when its user goes
        raise Left

    with pytest.raises(Left), turns.hold(leave):
        pass
    assert (turns.busy, turns.waiting) == (1, 0)
    holder_out.set()
    t.join(DEADLINE)
    with turns.hold():  # the line is free again
        assert turns.busy == 1
    assert turns.busy == 0


def test_never_more_readers_than_slots_and_everyone_is_served():
    turns = Turns(2, poll=0.01)
    lock = threading.Lock()
    inside, most, served = [0], [0], []

    def read(k: int) -> None:
        with turns.hold():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            threading.Event().wait(0.01)
            with lock:
                inside[0] -= 1
                served.append(k)

    threads = [threading.Thread(target=read, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(DEADLINE)
    assert sorted(served) == list(range(8))
    assert most[0] <= 2


def test_an_error_while_holding_gives_the_turn_back():
    turns = Turns(1)
    with pytest.raises(ValueError), turns.hold():
        raise ValueError("the file could not be read")
    assert (turns.busy, turns.waiting) == (0, 0)


def test_slots_are_at_least_one():
    with pytest.raises(ValueError):
        Turns(0)
    assert memory.default_slots() >= 1
    assert memory.HEAVY_READS.slots == memory.default_slots()


def test_giving_memory_back_runs_in_the_background():
    memory.give_back()
    memory.give_back()  # twice: one trimming thread, woken again
    assert memory._trimmer is not None and memory._trimmer.daemon
    assert sum(t.name == "lifecycle-trim" for t in threading.enumerate()) == 1
    assert memory._malloc_trim() in (True, False)
    memory._release_arrow()


def test_the_libraries_are_frozen_out_of_collections_once_per_process():
    import gc

    from lifecycle.ui import shell

    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the imported libraries' objects: left out of Streamlit's collection after each run
    later = [[]]
    later[0].append(later)  # a cycle made after the freeze, as a session's data would be
    shell._freeze_what_every_session_shares()  # what a reload of the shell after an edit runs
    # Nothing made later is frozen: it stays collectable. (The count may fall: a frozen
    # object freed by another thread in the meantime leaves the permanent generation.)
    assert gc.get_freeze_count() <= frozen
