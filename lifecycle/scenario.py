"""A saved scenario (definition, options, reading settings, mapping) read from outside.

A scenario file comes from anybody: ``parse_scenario`` checks every value and converts it,
or raises one ``LifecycleError`` naming the field, in both languages. Nothing is applied
until all of it is valid (the app applies the returned ``Scenario`` in one go).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from .definition import Definition, shown_value
from .errors import LifecycleError
from .locale.i18n import languages, quoted
from .reading.mapping import ROLE_SYNONYMS
from .reading.statuses import MEANINGS

__all__ = ["MAX_SCENARIO_BYTES", "Scenario", "check_against", "parse_scenario"]

MAX_SCENARIO_BYTES = 100_000  # a scenario is a few hundred bytes
PERIODS = ("month", "quarter", "year")
_READ_KEYS = ("sheet", "header_row", "dayfirst", "decimal")
_MAX_TEXT = 300  # a sheet or column name, a status value
_MAX_STATUSES = 500
_MAX_SHEETS = 100
_KEYS = ("lifecycle_scenario", "file", "definition", "as_of", "period", "read", "mapping", "statuses", "lang")


@dataclass(frozen=True)
class Scenario:
    definition: Definition
    period: str = "month"
    lang: str = "en"
    as_of: dt.date | None = None
    read: dict = field(default_factory=dict)
    mapping: dict = field(default_factory=dict)
    statuses: dict = field(default_factory=dict)  # status value -> meaning, where the user chose


def _names(names: list[str]):
    """Names from the document, each in the reader's quotation marks, the first ten."""
    return lambda lang: quoted(names[:10], lang) + (" …" if len(names) > 10 else "")


def _bad(name: str, value) -> LifecycleError:
    return LifecycleError.of("error.scenario_value", name=name, value=shown_value(value))


def _text(name: str, value) -> str:
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        raise _bad(name, value)
    return value


def _read(doc) -> dict:
    if doc is None:
        return {}
    if not isinstance(doc, dict) or set(map(str, doc)) - set(_READ_KEYS):
        raise _bad("read", doc)
    out = {}
    sheet = doc.get("sheet")
    if isinstance(sheet, list):
        if len(sheet) > _MAX_SHEETS:
            raise _bad("read.sheet", sheet)
        out["sheet"] = [_text("read.sheet", s) for s in sheet] or None
    elif sheet is not None:
        out["sheet"] = _text("read.sheet", sheet) if not isinstance(sheet, int) or isinstance(sheet, bool) else sheet
    header = doc.get("header_row")
    if header is not None:
        if isinstance(header, bool) or not isinstance(header, int) or not 1 <= header <= 1_000_000:
            raise _bad("read.header_row", header)
        out["header_row"] = header
    if doc.get("dayfirst") not in (None, True, False):
        raise _bad("read.dayfirst", doc["dayfirst"])
    out["dayfirst"] = doc.get("dayfirst")
    if doc.get("decimal") not in (None, ",", "."):
        raise _bad("read.decimal", doc["decimal"])
    out["decimal"] = doc.get("decimal")
    return {k: v for k, v in out.items() if k in doc}


def parse_scenario(data: bytes | str) -> Scenario:
    """The scenario in ``data`` (a JSON document), every value checked, or the error."""
    if len(data) > MAX_SCENARIO_BYTES:
        raise LifecycleError.of("error.scenario_json")
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        doc = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # not text, not JSON, too deep
        raise LifecycleError.of("error.scenario_json") from exc
    if not isinstance(doc, dict) or "definition" not in doc:
        raise LifecycleError.of("error.scenario_kind")
    unknown = [str(k) for k in doc if k not in _KEYS]
    if unknown:
        raise LifecycleError.of("error.scenario_keys", keys=_names(unknown), known=", ".join(_KEYS))
    definition = Definition.from_dict(doc["definition"])
    period = doc.get("period", "month")
    if period not in PERIODS:
        raise _bad("period", period)
    lang = doc.get("lang", "en")
    if lang not in languages():
        raise _bad("lang", lang)
    as_of = doc.get("as_of")
    if as_of is not None:
        try:
            as_of = dt.date.fromisoformat(_text("as_of", as_of))
        except ValueError as exc:
            raise _bad("as_of", as_of) from exc
        if as_of > dt.date.today():
            raise _bad("as_of", doc["as_of"])
    mapping = doc.get("mapping") or {}
    if not isinstance(mapping, dict):
        raise _bad("mapping", mapping)
    roles = {}
    for role, column in mapping.items():
        if role not in ROLE_SYNONYMS:
            raise _bad("mapping", role)
        roles[role] = None if column is None or column == "" else _text(f"mapping.{role}", column)
    statuses = doc.get("statuses") or {}
    if not isinstance(statuses, dict) or len(statuses) > _MAX_STATUSES:
        raise _bad("statuses", statuses)
    meanings = {}
    for value, meaning in statuses.items():
        if meaning not in MEANINGS:
            raise _bad(f"statuses.{shown_value(value)}", meaning)
        meanings[_text("statuses", value)] = meaning
    return Scenario(definition, period, lang, as_of, _read(doc.get("read")), roles, meanings)


def check_against(sc: Scenario, columns: list[str], first_date: dt.date | None) -> None:
    """The scenario fits the file read with its reading settings: each column it maps is one
    of ``columns``, and its as-of date is not before the file's first date. Raises the
    ``LifecycleError`` that names what does not fit; the app applies nothing then."""
    missing = [c for c in sc.mapping.values() if c and c not in columns]
    if missing:
        raise LifecycleError.of("error.scenario_columns", columns=_names(missing))
    if sc.as_of is not None and first_date is not None and sc.as_of < first_date:
        raise LifecycleError.of("error.scenario_as_of", as_of=sc.as_of.isoformat(), first=first_date.isoformat())
