"""Reading a file in a child process, within a budget of time and memory.

A file is read by libraries that can take a long time or a lot of memory on a hostile file
(a sheet that claims a million rows, a line of fifty million characters), and one of them
(the Rust Excel reader) stops the whole process when it cannot allocate. In the app, that
process is the server every user shares. So a read runs in a child process: its crash ends
the child only, the parent stops it once it passes its time or memory budget, and its
memory goes back to the system when it ends, whatever the readers kept.

The child is forked from a small server process that has already imported the readers
(``multiprocessing``'s ``forkserver``: no copy of the parent's threads or sessions, a start
in a few milliseconds). The budgets grow with the file's size, each a named setting:

* ``LIFECYCLE_READ_SECONDS`` (default 8) plus ``LIFECYCLE_READ_SECONDS_PER_MB`` (0.5);
* ``LIFECYCLE_READ_MEMORY_MB`` (default 2,048) plus ``LIFECYCLE_READ_MEMORY_PER_MB`` (20)
  times the file's size in MB, measured as the child's resident memory;
* ``LIFECYCLE_READ_IN_PROCESS=1`` reads in the calling process instead (no budget), for
  debugging a reader.

The library's ``load`` and ``analyze`` read in the calling process unless asked
(``bounded=True``), as a library should: the command line and the app ask.

Nothing here keeps data: the file's bytes go to the child through a pipe and its table
comes back the same way.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import pickle
import resource
import time
from collections.abc import Callable
from multiprocessing import context, forkserver, popen_forkserver, spawn, util
from typing import TypeVar

from ..errors import LifecycleError
from ..locale.i18n import fmt_int

__all__ = ["Budget", "budget_for", "call", "warm"]

T = TypeVar("T")
_PRELOAD = [
    "lifecycle.reading.ingest",
    "lifecycle.reading.mapping",
    "lifecycle.reading.prepare",
    "fastexcel",
    "pyarrow.csv",
]
_context = None
_START_SECONDS = 120  # for the forkserver to import the readers, on a machine under load


def _setting(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(f"LIFECYCLE_{name}", default))
    except ValueError:
        return default
    return value if value > 0 else default


class Budget:
    """What one read may take: wall time in seconds, resident memory in bytes."""

    def __init__(self, seconds: float, memory: int) -> None:
        self.seconds = seconds
        self.memory = memory

    def __repr__(self) -> str:
        return f"Budget(seconds={self.seconds:.1f}, memory={self.memory >> 20} MB)"


def budget_for(size: int) -> Budget:
    """The budget of a read of a file of ``size`` bytes."""
    mb = size / 1e6
    seconds = _setting("READ_SECONDS", 8) + _setting("READ_SECONDS_PER_MB", 0.5) * mb
    memory = _setting("READ_MEMORY_MB", 2048) + _setting("READ_MEMORY_PER_MB", 20) * mb
    return Budget(seconds, int(memory * (1 << 20)))


def _get_context():
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        _context = ctx
    return _context


def warm() -> None:
    """Start the forkserver now (it imports the readers in its own process, in a second or
    two), so that the first file read does not wait for it."""
    _get_context()
    forkserver.ensure_running()


class _Popen(popen_forkserver.Popen):
    """The forkserver's start, less one step: multiprocessing has each child import its
    parent's main script again, and under ``streamlit run`` that script is the app itself,
    which would run once more in the child. A read needs nothing from it: the function it
    runs is named by its module (``lifecycle.reading.ingest``). Written after Python's own
    ``popen_forkserver.Popen._launch``, which gives no way to leave the main script out."""

    def _launch(self, process_obj) -> None:
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        context.set_spawning_popen(self)
        try:
            context.reduction.dump(prep_data, buf)
            context.reduction.dump(process_obj, buf)
        finally:
            context.set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Process(context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj):
        return _Popen(process_obj)


def _child(conn, fn: Callable, args: tuple, memory: int) -> None:
    # A hard ceiling on address space, well above the budget, so that one huge allocation
    # fails here at once instead of taking the machine's memory before the parent looks.
    ceiling = max(memory * 4, 16 << 30)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    conn.send(("started", None))  # the budget runs from here, not from the forkserver's own start
    try:
        outcome = ("ok", fn(*args))
    except LifecycleError as exc:
        outcome = ("error", exc)
    except MemoryError:
        outcome = ("memory", None)
    except Exception as exc:  # a reader's own failure: the parent names the file
        outcome = ("failed", f"{type(exc).__name__}: {str(exc)[:300]}")
    try:
        _send(conn, outcome)
    except Exception as exc:  # a result that cannot be pickled
        _send(conn, ("failed", f"{type(exc).__name__}: {str(exc)[:300]}"))
    conn.close()


def _send(conn, outcome) -> None:
    """``outcome`` pickled with its arrays' buffers out of band (pickle protocol 5): the
    columns go down the pipe as they lie in memory, without being copied into the pickle
    (a 1,000,000-row table: 11 ms to pickle instead of 150–400 ms)."""
    buffers = []
    head = pickle.dumps(outcome, protocol=5, buffer_callback=buffers.append)
    conn.send_bytes(head)
    conn.send_bytes(str(len(buffers)).encode())
    for buffer in buffers:
        conn.send_bytes(buffer.raw())


def _receive(conn):
    head = conn.recv_bytes()
    buffers = [conn.recv_bytes() for _ in range(int(conn.recv_bytes()))]
    return pickle.loads(head, buffers=buffers)


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _seconds(value: float):
    return lambda lang: fmt_int(round(value), lang)


def call(fn: Callable[..., T], *args, file: str, size: int, budget: Budget | None = None, fork: bool = False) -> T:
    """``fn(*args)`` in a child process within ``budget`` (``budget_for(size)`` by default).

    ``fn`` must be a module-level function and its arguments and result picklable. A
    ``LifecycleError`` raised by ``fn`` is raised here; a read that passes its budget, or a
    child that dies, raises one naming ``file``. ``fork``: the child is a copy of this
    process, started at once with the readers it has imported (for a process that runs no
    other thread, such as the command line); a server uses the forkserver instead, since
    forking a process that runs threads can copy a lock another thread holds."""
    if os.environ.get("LIFECYCLE_READ_IN_PROCESS") == "1":
        return fn(*args)
    budget = budget or budget_for(size)
    ctx = multiprocessing.get_context("fork") if fork else _get_context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process if fork else _Process
    child = process(target=_child, args=(send, fn, args, budget.memory), daemon=True)
    start = time.monotonic()
    child.start()
    send.close()
    peak = 0
    started = False
    try:
        while True:
            if receive.poll(0.05):
                try:
                    kind, value = _receive(receive) if started else receive.recv()
                except EOFError:  # the child ended without a word: it was killed or aborted
                    kind, value = "died", None
                if kind == "started":  # the first child of a process waits for the readers' import
                    start, started = time.monotonic(), True
                    continue
                break
            if not child.is_alive():
                if receive.poll(0):
                    continue
                kind, value = "died", None
                break
            peak = max(peak, _resident(child.pid))
            if peak > budget.memory:
                kind, value = "memory", None
                break
            if time.monotonic() - start > (budget.seconds if started else budget.seconds + _START_SECONDS):
                kind, value = "time", None
                break
    finally:
        child.kill()  # a child still running past its budget; one that has just ended is left alone
        child.join()
        receive.close()
    if kind == "ok":
        return value
    if kind == "error":
        raise value
    if kind == "time":
        raise LifecycleError.of("error.read_time", file=file, seconds=_seconds(budget.seconds))
    if kind == "memory":
        raise LifecycleError.of("error.read_memory", file=file, mb=_seconds(budget.memory / (1 << 20)))
    if kind == "failed":
        raise LifecycleError.of("error.read_failed", file=file, why=value)
    raise LifecycleError.of("error.read_died", file=file, code=str(child.exitcode))
