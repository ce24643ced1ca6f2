"""No figure depends on what was clicked before: random sequences of page visits, segment
toggles, segment filters and exports, then every figure of the Funnel and Balance pages
against a fresh session's."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifecycle.model.kpis import compute_kpis
from tests.app.test_app import PAGES, SAMPLES, _app, _deferred_downloads, _read
from tests.conftest import analyze_file, examples

SEGMENTS = ("Magasin", "Marketplace", "Web")
EXPORTS = (".xlsx", ".csv", "_summary.pdf", "_workshop.pptx", "_en.png")


def _figures(at) -> dict:
    """Every figure the Funnel and Balance pages show with the whole file in view."""
    at.sidebar.selectbox(key="segment").set_value(at.sidebar.selectbox(key="segment").options[0]).run()
    out = {}
    for page in ("pages/funnel.py", "pages/balance.py"):
        at.switch_page(page).run()
        if page == "pages/funnel.py" and at.toggle(key="funnel.by_segment").value:
            at.toggle(key="funnel.by_segment").set_value(False).run()
        if page == "pages/funnel.py":  # the stage listed is a choice, not a figure: the same one
            at.selectbox(key="funnel.stage").set_value("active").run()
        assert not at.exception, at.exception
        out[page] = {
            "metrics": [(m.label, m.value) for m in at.metric],
            "tables": [frame.value.astype(str).to_numpy().tolist() for frame in [*at.dataframe, *at.table]],
            "text": [_read(m) for m in at.markdown] + [c.value for c in at.caption],
        }
    return out


@pytest.fixture(scope="module")
def fresh():
    return _figures(_app())


KINDS = {
    "page": st.sampled_from(PAGES),
    "split": st.booleans(),
    "segment": st.sampled_from(SEGMENTS),
    "export": st.sampled_from(EXPORTS),
}
STEP = st.one_of(*(st.tuples(st.just(kind), values) for kind, values in KINDS.items()))


# One test for each kind of first step, each a few seconds: together they draw from every
# sequence of two to five steps, and every kind of step comes first in some example.
@pytest.mark.parametrize("first", list(KINDS))
@settings(max_examples=examples(2), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_figure_depends_on_what_was_clicked_before(fresh, first, data):
    steps = [(first, data.draw(KINDS[first])), *data.draw(st.lists(STEP, min_size=1, max_size=4))]
    at = _app()
    for kind, what in steps:
        if kind == "page":
            at.switch_page(what).run()
        elif kind == "split":
            at.switch_page("pages/funnel.py").run()
            at.toggle(key="funnel.by_segment").set_value(what).run()
        elif kind == "segment":
            at.sidebar.selectbox(key="segment").set_value(what).run()
        else:
            at.switch_page("pages/export.py").run()
            made = [e for e in _deferred_downloads("ventes_boutique") if e["filename"].endswith(what)]
            assert made, what
            made[-1]["callable"]()
        assert not at.exception, (kind, what, at.exception)
    assert _figures(at) == fresh


def test_the_first_twelve_months_stay_after_a_segment_view():
    """The Funnel's «value of the first 12 months» once vanished after a segment view: a
    cached array was narrowed in place. Kept results are read-only now."""
    a = analyze_file(SAMPLES / "ventes_boutique.xlsx", contacts=SAMPLES / "contacts_boutique.csv")

    def first_12() -> tuple:
        k = next(k for k in compute_kpis(a.stages) if k.key == "first_value_12_mean")
        return k.value, k.base

    before = first_12()
    assert before[0] is not None and before[1] > 0
    web = (a.summary.customers["segment"] == "Web").to_numpy()
    compute_kpis(a.stages, web)
    assert first_12() == before


def test_kept_results_refuse_a_change_in_place():
    a = analyze_file(SAMPLES / "ventes_boutique.xlsx")
    compute_kpis(a.stages)  # fills the file's kept values
    kept = [v for v in a.summary.timeline._data.values() if isinstance(v, tuple)]
    arrays = [x for v in kept for x in v if isinstance(x, np.ndarray)]
    assert arrays
    for array in [*arrays, a.stages.codes, a.summary.first_day, a.summary.p_day]:
        with pytest.raises(ValueError, match="read-only"):
            array[...] = 0
