"""Every hostile file of ``tests/hostile.py`` through the command line: time to an answer
and peak memory, by family.

    python -m benchmarks.bench_hostile [--only FAMILY]

Each file is written to a temporary folder and given to ``python -m lifecycle analyze
--json`` in its own process; the peak is the largest memory of that process and its
children together, shared pages counted once (sampled every 20 ms from ``/proc``). The answer is the first line
the command wrote: the JSON's first key on success, the message otherwise.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.hostile import CASES

ROOT = Path(__file__).resolve().parents[1]


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _resident(pids: list[int]) -> int:
    """The processes' memory together, each page shared between them counted once (the sum
    of their proportional set sizes: a forked child shares its parent's pages)."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:")) * 1024
        except (OSError, ValueError, IndexError, StopIteration):
            pass
    return total


def run(path: Path, timeout: float = 300) -> tuple[float, int, int, str]:
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lifecycle", "analyze", str(path), "--json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _resident(_tree(proc.pid)))
        if time.monotonic() - start > timeout:
            proc.kill()
            break
        time.sleep(0.02)
    out, err = proc.communicate()
    took = time.monotonic() - start
    said = (err or out).decode(errors="replace").strip().splitlines()
    first = said[0] if said else ""
    if proc.returncode == 0:
        first = "read: " + " ".join(out.decode()[:80].split())
    return took, peak, proc.returncode, first[:150]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="one family")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for family, case, name, make in CASES:
            if args.only and family != args.only:
                continue
            data = make()
            path = Path(tmp) / name
            path.write_bytes(data)
            took, peak, code, first = run(path)
            path.unlink()
            rows.append((family, case, len(data), took, peak, code, first))
            print(
                f"| {family} | {case} | {len(data):,} | {took:.1f} s | {peak / 1e6:,.0f} MB | {code} | {first} |",
                flush=True,
            )
    print()
    print("| family | cases | worst time to an answer | worst peak memory |")
    print("|---|---:|---:|---:|")
    for family in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == family]
        print(f"| {family} | {len(mine)} | {max(r[3] for r in mine):.1f} s | {max(r[4] for r in mine) / 1e6:,.0f} MB |")


if __name__ == "__main__":
    main()
