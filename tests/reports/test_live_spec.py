"""Charts redrawn on a slider move: a template per layout, then only the data swapped
(``charts.live_spec``). Whatever was drawn before, the spec must equal the chart built afresh."""

import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lifecycle import Definition
from lifecycle.errors import LifecycleError
from lifecycle.reports.charts import plan_or_chart
from lifecycle.reports.charts.base import LIVE_TABLE, Plan, live_spec, styled_spec
from lifecycle.reports.charts.funnel import funnel_plan
from tests.conftest import examples, run
from tests.test_properties import definitions

HEADER = ("client", "date", "montant", "segment")
DATES = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2025, 12, 31))
rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h"]),
        DATES.map(dt.date.isoformat),
        st.sampled_from([-20, 5, 10, 35, 100]),
        st.sampled_from(["", "Nord", "Sud", "Île-de-France", 'O\'Brien & "fils"', "a.b"]),
    ),
    min_size=1,
    max_size=30,
)


def _fresh(plan: Plan) -> dict:
    """The chart built afresh by Altair, its top table named as ``live_spec`` names it."""
    spec = styled_spec(plan.chart())
    name = spec["data"]["name"]
    assert name != LIVE_TABLE
    return json.loads(json.dumps(spec).replace(json.dumps(name), json.dumps(LIVE_TABLE)))


def _same(x: dict, y: dict) -> bool:
    # As JSON: a stage without clients has no share (NaN), which equals nothing in Python.
    return json.dumps(x, sort_keys=True) == json.dumps(y, sort_keys=True)


def _funnels_from_templates(rows, first, second, lang, by_segment):
    """A, then B, then A again: each funnel from the templates equals the one built afresh."""
    a = run(rows, first, header=HEADER, as_of="2025-12-31")
    b = a if first == second else run(rows, second, header=HEADER, as_of="2025-12-31")
    templates = {}
    for analysis in (a, b, a):
        plan = funnel_plan(analysis.stages, lang, by_segment=by_segment)
        assert _same(live_spec(plan, templates), _fresh(plan))
        assert plan.layout in templates  # drawn once, kept for the next move


@pytest.mark.parametrize("lang", ["en", "fr"])
@settings(max_examples=examples(5))  # two analyses and three funnels an example
@given(rows_strategy, definitions(), definitions())
def test_a_funnel_from_a_template_is_the_funnel_built_afresh(lang, rows, first, second):
    _funnels_from_templates(rows, first, second, lang, by_segment=False)


# A panel a segment: an example with six segments costs several seconds. Its examples are
# spread over two tests a language (the simplest and a random one each), each short.
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("part", [1, 2])
@settings(max_examples=examples(2))
@given(rows_strategy, definitions(), definitions())
def test_a_funnel_by_segment_from_a_template_is_the_funnel_built_afresh(part, lang, rows, first, second):
    _funnels_from_templates(rows, first, second, lang, by_segment=True)


@pytest.mark.parametrize("name", ["whatif", "history", "kpis", "transitions", "sensitivity"])
@settings(max_examples=examples(3))  # two analyses and six charts an example, five charts: 15 examples
@given(rows_strategy, definitions(), definitions(), st.sampled_from(["en", "fr"]), st.integers(1, 24))
def test_the_other_charts_a_slider_redraws_from_a_template_are_those_built_afresh(
    name, rows, first, second, lang, b_active
):
    a = run(rows, first, header=HEADER, as_of="2025-12-31")
    b = run(rows, second, header=HEADER, as_of="2025-12-31")
    options = {"b_active": max(b_active, first.new_months)} if name == "whatif" else {}
    options.update({"b_client": max(b_active, first.client_months)} if name == "whatif" else {})
    templates = {}
    for analysis in (a, b, a):
        drawn = len(templates)
        try:
            plan = plan_or_chart(analysis, name, lang, **options)
        except LifecycleError:  # a history of one day has no transitions: the page says so
            assume(False)
        assert isinstance(plan, Plan)
        assert _same(live_spec(plan, templates), _fresh(plan))
        assert len(templates) <= drawn + 1 and plan.layout in templates  # a template, kept


def test_a_move_that_keeps_the_layout_reuses_the_template_with_the_new_counts():
    # Five customers; moving «active» from 12 to 6 months makes c and d dormant: same stages
    # shown, same panels, new counts and a new scale end.
    rows = [
        ("a", "2025-12-01", 10),
        ("b", "2025-11-01", 10),
        ("c", "2025-03-01", 10),
        ("d", "2025-02-01", 10),
        ("e", "2024-11-01", 10),
        ("f", "2022-01-01", 10),
    ]
    templates = {}
    specs = []
    for active in (12, 6):
        a = run(rows, Definition(new_months=1, active_months=active, client_months=18), as_of="2025-12-31")
        plan = funnel_plan(a.stages, "en")
        specs.append(live_spec(plan, templates))
        assert specs[-1] == _fresh(plan)
    assert len(templates) == 1  # drawn once by Altair
    counts = [{r["stage"]: r["count"] for r in s["datasets"][s["data"]["name"]]} for s in specs]
    assert counts[0] == {"new": 1, "active": 3, "reactivated": 0, "dormant": 1, "lost": 1}
    assert counts[1] == {"new": 1, "active": 1, "reactivated": 0, "dormant": 3, "lost": 1}
    # Only the rows differ (the largest bar holds 3 both times, so the scale's end is the
    # same): the browser swaps the rows into the chart it has drawn.
    same = [{k: v for k, v in x.items() if k != "datasets"} for x in specs]
    assert same[0] == same[1] and specs[0]["data"] == {"name": LIVE_TABLE}
    assert specs[0]["datasets"] != specs[1]["datasets"]
    # The template holds the layout, not the rows: no count label of the file in it.
    (template,) = [json.loads(x) for x in templates.values()]
    assert template["datasets"] == {} and "3 (60.0%)" not in json.dumps(template)


def test_each_spec_is_the_callers_own():
    rows = [("a", "2025-12-01", 10), ("b", "2024-01-01", 10)]
    a = run(rows, as_of="2025-12-31")
    templates = {}
    plan = funnel_plan(a.stages, "fr")
    first = live_spec(plan, templates)
    first["params"][0]["value"] = -1
    first["title"] = "changed"
    assert _same(live_spec(plan, templates), _fresh(plan))


# Every dtype a plan's table may hold, missing values included.
_COLUMNS = {
    "int": st.lists(st.integers(-(2**53), 2**53)).map(lambda v: pd.Series(v, dtype="int64")),
    "float": st.lists(st.floats(allow_nan=True, allow_infinity=True)).map(lambda v: pd.Series(v, dtype="float64")),
    "float32": st.lists(st.floats(-1e6, 1e6, width=32)).map(lambda v: pd.Series(v, dtype="float32")),
    "bool": st.lists(st.booleans()).map(lambda v: pd.Series(v, dtype=bool)),
    "str": st.lists(st.one_of(st.none(), st.text(max_size=5))).map(lambda v: pd.Series(v, dtype="str")),
    # (Nothing missing among objects: there Altair sends NaN, a quirk of pandas 3's
    # ``where(..., None)``, where ours sends None; our tables hold text as ``str``, where
    # missing is None for both.)
    "object": st.lists(st.one_of(st.text(max_size=5), st.integers(-5, 5))).map(lambda v: pd.Series(v, dtype=object)),
    "category": st.lists(st.one_of(st.none(), st.sampled_from(["Nord", "Sud", "Île"]))).map(
        lambda v: pd.Series(v, dtype="category")
    ),
    "Int64": st.lists(st.one_of(st.none(), st.integers(-99, 99))).map(lambda v: pd.Series(v, dtype="Int64")),
    "datetime": st.lists(st.one_of(st.none(), st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)))).map(
        lambda v: pd.Series(pd.to_datetime(v), dtype="datetime64[ns]")
    ),
    "date_s": st.lists(DATES).map(lambda v: pd.Series(pd.to_datetime(v), dtype="datetime64[s]")),
}


@st.composite
def _frames(draw):
    kinds = draw(st.lists(st.sampled_from(sorted(_COLUMNS)), max_size=5))
    n = draw(st.integers(0, 6))
    columns = {}
    for i, kind in enumerate(kinds):
        series = draw(_COLUMNS[kind].filter(lambda s: len(s) >= n))
        columns[f"{kind}_{i}"] = series.iloc[:n].set_axis(pd.RangeIndex(n) * 3)  # any index: rows only
    return pd.DataFrame(columns, index=pd.RangeIndex(n) * 3)


@given(_frames())
def test_a_plans_rows_are_those_altair_would_send(frame):
    import altair.utils.data as altair_data

    from lifecycle.reports.charts.base import json_records

    ours = json_records(frame)
    altairs = altair_data.to_values(frame)["values"]
    assert json.dumps(ours) == json.dumps(altairs)  # same values, same types, same order
    assert [type(v) for row in ours for v in row.values()] == [type(v) for row in altairs for v in row.values()]


def test_rows_by_hand():
    from lifecycle.reports.charts.base import json_records

    frame = pd.DataFrame(
        {
            "stage": pd.Series(["active", None], dtype="str"),
            "count": [3, 0],
            "share": [0.75, float("nan")],
            "end": pd.to_datetime(["2025-01-31", None]),
        }
    )
    assert json_records(frame) == [
        {"stage": "active", "count": 3, "share": 0.75, "end": "2025-01-31T00:00:00"},
        {"stage": None, "count": 0, "share": None, "end": ""},
    ]


def test_a_what_if_move_sends_the_same_spec_with_the_new_rows():
    # Moving A's or B's «active» changes both notes (the definitions, the totals) and the
    # counts, not the chart's layout: the spec stays, only the rows differ.
    rows = [("a", "2025-12-01", 10), ("b", "2025-03-01", 10), ("c", "2025-02-01", 10), ("d", "2022-01-01", 10)]
    templates = {}
    specs = []
    for a_active, b_active in ((12, 12), (12, 9), (9, 6)):
        a = run(rows, Definition(new_months=1, active_months=a_active, client_months=24), as_of="2025-12-31")
        plan = plan_or_chart(a, "whatif", "en", b_active=b_active)
        specs.append(live_spec(plan, templates))
        assert _same(specs[-1], _fresh(plan))
    assert len(templates) == 1
    same = [{k: v for k, v in x.items() if k != "datasets"} for x in specs]
    assert same[0] == same[1] == same[2]
    notes = [[r["text"] for r in s["datasets"][LIVE_TABLE] if r["part"] == "note"] for s in specs]
    assert notes[1][:2] == [
        "A (current): new 1 months · active 12 months · client window 24 months",
        "B: new 1 months · active 9 months · client window 24 months",
    ]
    assert notes[2][0] == "A (current): new 1 months · active 9 months · client window 24 months"
    assert len({json.dumps(s["datasets"]) for s in specs}) == 3
