"""Shared helpers: tiny hand-written tables go through the public API as a real file would."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from lifecycle import Definition, analyze

settings.register_profile(
    "lifecycle",
    deadline=None,  # no timing in tests: speed lives in benchmarks/
    # 25 examples a property keeps the suite near four minutes on 2 cores; HYPOTHESIS_EXAMPLES=500
    # searches harder before a release.
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "25")),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("lifecycle")

TODAY = "2026-06-30"


def csv_bytes(rows, header=("client", "date", "montant"), sep=";", encoding="utf-8") -> bytes:
    lines = [sep.join(header)] + [sep.join("" if v is None else str(v) for v in r) for r in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def run(
    rows,
    definition: Definition | None = None,
    *,
    header=("client", "date", "montant"),
    as_of=None,
    today=TODAY,
    period="month",
    **options,
):
    """Analyse a tiny table given as rows of (customer, ISO date, amount[, ...])."""
    return analyze(
        csv_bytes(rows, header),
        definition or Definition(),
        name="tiny.csv",
        as_of=as_of,
        today=today,
        period=period,
        **options,
    )


def stage_of(analysis) -> dict[str, str]:
    frame = analysis.stages.frame()
    return dict(zip(frame["customer"], frame["stage"]))


@pytest.fixture(scope="session")
def sample_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "sample_data"
