"""`streamlit run app.py` on a free loopback port, for the browser tests, the screenshots and
the room benchmark (the project's config keeps it on 127.0.0.1)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_app(
    timeout: float = 60,
    launcher: list[str] | None = None,
    env: dict[str, str] | None = None,
    log: Path | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app's URL and its server process, once the port answers; stopped on exit.

    ``launcher`` replaces ``streamlit run app.py`` (the room benchmark's probed server);
    ``env`` adds to the environment (``MALLOC_ARENA_MAX``); ``log`` receives the server's
    output (the browser tests read it)."""
    port = free_port()
    command = launcher or [str(Path(sys.executable).parent / "streamlit"), "run", "app.py"]
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [*command, "--server.headless", "true", "--server.port", str(port)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=out,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    try:
        yield f"http://127.0.0.1:{port}/", proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if log:
            out.close()
