"""Shared helpers: tiny hand-written tables go through the public API as a real file would."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from lifecycle import Definition, analyze
from lifecycle.analysis import analyze_loaded, load, load_contacts

# Two profiles, chosen with HYPOTHESIS_PROFILE: "quick" (the default, 15 examples a property)
# keeps the whole suite within five minutes on 2 cores; "thorough" (500) searches harder
# before a release. No deadline in either: speed lives in benchmarks/.
QUICK = 15
settings.register_profile("quick", deadline=None, max_examples=QUICK, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", settings.get_profile("quick"), max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


def examples(quick: int) -> int:
    """A property that runs ``quick`` examples in the quick profile runs as many more in the
    profile loaded as every other property does (33 times more in "thorough"): one whose
    example costs several analyses, or a run of the app through AppTest, stays in proportion."""
    return max(1, round(quick * settings.default.max_examples / QUICK))


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


@functools.lru_cache(maxsize=8)
def _loaded(path: str):
    return load(path)


@functools.lru_cache(maxsize=4)
def _contacts(path: str):
    return load_contacts(path)


def analyze_file(path, definition: Definition | None = None, *, contacts=None, period: str = "month"):
    """``analyze(path, definition, contacts=...)`` with each file read once per test process:
    the tests that check the app or an export against the engine ask for the same few sample
    files under many definitions (the shop's workbook takes 0.6 s to read)."""
    people = _contacts(str(Path(contacts).resolve())) if contacts is not None else None
    return analyze_loaded(_loaded(str(Path(path).resolve())), definition, contacts=people, period=period)


def stage_of(analysis) -> dict[str, str]:
    frame = analysis.stages.frame()
    return dict(zip(frame["customer"], frame["stage"]))


@pytest.fixture(scope="session")
def sample_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "sample_data"


@pytest.fixture(scope="session")
def retail(sample_dir):
    """The sample shop with its contacts list, analysed once for every test that only reads it."""
    return analyze(sample_dir / "ventes_boutique.xlsx", contacts=sample_dir / "contacts_boutique.csv")
