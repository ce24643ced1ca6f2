"""`streamlit run app.py` with a memory probe, for the room benchmark only.

    python -m benchmarks.room_server PROBE.jsonl [streamlit options...]

Runs the real server in this process and, every two seconds, appends one JSON line to
PROBE.jsonl: the resident set (what the system sees), the bytes the C allocator has handed
out and not taken back (``mallinfo2``: numpy and pandas buffers live there), the bytes in
CPython's own small-object arenas, and object counts that say whether a session's data is
still reachable (sessions alive, DataFrames alive and their size). Freed memory that the
allocator keeps shows as resident but not in use; data still held shows in use.
Writing ``gc`` into PROBE.jsonl.cmd makes the probe run a full collection first.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import re
import sys
import threading
import time
from pathlib import Path


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _libc():
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    return libc


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _pymalloc_mb() -> float:
    """Bytes in CPython's small-object arenas (``sys._debugmallocstats`` writes them to stderr)."""
    import os
    import tempfile

    with tempfile.TemporaryFile(mode="w+") as f:
        saved = os.dup(2)
        os.dup2(f.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        f.seek(0)
        text = f.read()
    m = re.search(r"# bytes in allocated blocks\s*=\s*([\d,]+)", text)
    return int(m.group(1).replace(",", "")) / 2**20 if m else float("nan")


def sample(collect: bool = False) -> dict:
    if collect:
        gc.collect()
    info = _libc().mallinfo2()
    frames = sessions = 0
    frame_mb = 0.0
    import pandas as pd
    from streamlit.runtime.app_session import AppSession

    for obj in gc.get_objects():
        if isinstance(obj, pd.DataFrame):
            frames += 1
            with contextlib.suppress(Exception):
                frame_mb += obj.memory_usage(deep=False).sum() / 2**20
        elif isinstance(obj, AppSession):
            sessions += 1
    import pyarrow as pa

    return {
        "t": time.time(),
        "arrow_mb": round(pa.total_allocated_bytes() / 2**20, 1),
        "trimmer": any(t.name == "lifecycle-trim" for t in threading.enumerate()),
        "rss_mb": round(_rss_mb(), 1),
        "malloc_in_use_mb": round((info.uordblks + info.hblkhd) / 2**20, 1),
        "malloc_free_mb": round(info.fordblks / 2**20, 1),
        "pymalloc_mb": round(_pymalloc_mb(), 1),
        "sessions_alive": sessions,
        "frames_alive": frames,
        "frames_mb": round(frame_mb, 1),
        "collected": collect,
    }


def _probe(path: Path, interval: float) -> None:
    cmd = path.with_suffix(path.suffix + ".cmd")
    while True:
        order = cmd.read_text().strip() if cmd.exists() else ""
        collect = order in ("gc", "trim")
        if order == "trim":  # what lifecycle.ui.memory does when a session ends, asked by hand
            from lifecycle.ui import memory

            gc.collect()
            memory._release_arrow()
            memory._malloc_trim()
        if order:
            cmd.unlink()
        try:
            line = json.dumps(sample(collect))
        except Exception as exc:  # a probe must not stop the server
            line = json.dumps({"t": time.time(), "error": repr(exc)})
        with path.open("a") as f:
            f.write(line + "\n")
        time.sleep(interval)


def main() -> None:
    path = Path(sys.argv[1])
    threading.Thread(target=_probe, args=(path, 2.0), daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", "app.py", *sys.argv[2:]]
    cli.main()


if __name__ == "__main__":
    main()
