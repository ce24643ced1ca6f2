"""Segments side by side: the five largest, the rest pooled, figures that add up to the whole."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle import Definition
from lifecycle.model.kpis import compute_kpis
from lifecycle.model.segments import segment_groups, segment_table
from lifecycle.reports.charts.funnel import funnel_chart
from lifecycle.reports.charts.segments import segments_chart
from lifecycle.reports.tables import segment_display, side_by_side
from tests.conftest import run

HEADER = ("client", "date", "montant", "segment")
AS_OF = "2025-12-31"


def _rows(sizes: dict[str, int], *, lost: set[str] = frozenset()) -> list[tuple]:
    """``sizes[segment]`` customers per segment, one purchase each: in December 2025 (active),
    or in 2022 for the segments in ``lost``."""
    rows = []
    for seg, n in sizes.items():
        for i in range(n):
            day = "2022-03-01" if seg in lost else "2025-12-01"
            rows.append((f"{seg}-{i}", day, 10, seg))
    return rows


def test_the_five_largest_segments_then_the_others_pooled():
    sizes = {"A": 9, "B": 8, "C": 7, "D": 6, "E": 5, "F": 4, "G": 3, "H": 2}
    a = run(_rows(sizes, lost={"B"}), header=HEADER, as_of=AS_OF)
    groups = segment_groups(a.stages)
    assert [g.label("en") for g in groups] == ["A", "B", "C", "D", "E", "Other segments (3)"]
    assert [g.label("fr") for g in groups][-1] == "Autres segments (3)"
    assert [int(g.mask.sum()) for g in groups] == [9, 8, 7, 6, 5, 4 + 3 + 2]
    table = segment_table(a.stages, "en")
    assert table["group"].tolist() == ["A", "B", "C", "D", "E", "Other segments (3)", "All buyers"]
    assert table["customers"].tolist() == [9, 8, 7, 6, 5, 9, 44]
    # B bought in 2022: its 8 customers are lost, none is a client.
    assert table["clients"].tolist() == [9, 0, 7, 6, 5, 9, 36]
    assert table["lost"].tolist() == [0, 8, 0, 0, 0, 0, 8]
    assert table["share_lost"].iloc[1] == 1.0 and table["share_lost"].iloc[-1] == pytest.approx(8 / 44)
    assert table["share_active"].iloc[1] != table["share_active"].iloc[1]  # no clients: no share (NaN)
    assert table["share_of_clients"].tolist() == pytest.approx([9 / 36, 0, 7 / 36, 6 / 36, 5 / 36, 9 / 36, 1])
    # The by-segment funnel: the same six groups, each named with its clients; three panels
    # a row on a slide, two on a page (three ran past the app's column).
    rows = funnel_chart(a.stages, "en", by_segment=True, width=1000).to_dict()["vconcat"]
    heads = [[c["title"]["text"] for c in r["hconcat"]] for r in rows]
    assert heads == [
        ["A: 9 clients", "B: 0 clients", "C: 7 clients"],
        ["D: 6 clients", "E: 5 clients", "Other segments (3): 9 clients"],
    ]
    rows = funnel_chart(a.stages, "en", by_segment=True).to_dict()["vconcat"]
    assert [[c["title"]["text"] for c in r["hconcat"]] for r in rows] == [
        ["A: 9 clients", "B: 0 clients"],
        ["C: 7 clients", "D: 6 clients"],
        ["E: 5 clients", "Other segments (3): 9 clients"],
    ]
    # The KPIs of a group are those of its customers alone.
    kpis = {k.key: k.value for k in compute_kpis(a.stages, groups[0].mask)}
    assert table["activity_rate"].iloc[0] == kpis["activity_rate"] == 1.0


def test_six_groups_are_all_shown_and_ties_go_by_name():
    a = run(_rows({"b": 2, "a": 2, "c": 3, "d": 1, "e": 1, "f": 1}), header=HEADER, as_of=AS_OF)
    assert [g.label("en") for g in segment_groups(a.stages)] == ["c", "a", "b", "d", "e", "f"]


def test_customers_without_a_segment_are_a_group_of_their_own():
    rows = [*_rows({"A": 3, "B": 1}), ("nobody-1", "2025-12-01", 10, ""), ("nobody-2", "2025-11-01", 10, "")]
    a = run(rows, header=HEADER, as_of=AS_OF)
    table = segment_table(a.stages, "fr")
    assert table["group"].tolist() == ["A", "(sans segment)", "B", "Tous les acheteurs"]
    assert table["clients"].tolist() == [3, 2, 1, 6]


def test_no_segment_column_no_table():
    a = run([("K1", "2025-12-01", 10)], as_of=AS_OF)
    assert segment_groups(a.stages) == [] and segment_table(a.stages).empty


@given(
    st.lists(st.sampled_from(["n", "o", "p", "q", "r", "s", "t", "u", ""]), min_size=1, max_size=40),
    st.lists(st.sampled_from(["2021-05-01", "2024-02-01", "2025-09-01", "2025-12-20"]), min_size=40, max_size=40),
    st.lists(st.sampled_from([5, 10, 40]), min_size=40, max_size=40),
    st.sampled_from(
        [Definition(active_months=6), Definition(min_amount=20.0), Definition(own_rhythm=True, rhythm_multiple=2.0)]
    ),
)
def test_groups_partition_the_customers_and_add_up(segments, days, amounts, definition):
    # Under each option (a minimum amount makes some customers «below the minimum»).
    rows = [(f"K{i}", days[i], amounts[i], seg) for i, seg in enumerate(segments)]
    a = run(rows, definition, header=HEADER, as_of=AS_OF)
    groups = segment_groups(a.stages)
    assert len(groups) <= 6
    cover = np.zeros(a.summary.n_customers, dtype=int)
    for g in groups:
        cover += g.mask
    assert (cover == 1).all()  # every customer in exactly one group
    table = segment_table(a.stages)
    parts, whole = table.iloc[:-1], table.iloc[-1]
    for col in ("customers", "clients", "new", "active", "dormant", "lost", "below_minimum"):
        assert parts[col].sum() == whole[col]
    assert whole["clients"] == a.stages.clients_total
    assert whole["active"] == a.stages.counts["active"]


def test_display_chart_and_funnel_panels_in_both_languages():
    sizes = {"Retail": 5, "Wholesale": 3}
    a = run([*_rows(sizes, lost={"Wholesale"}), ("W-new", "2025-12-10", 10, "Wholesale")], header=HEADER, as_of=AS_OF)
    shown = segment_display(segment_table(a.stages, "fr"), "fr")
    assert shown.columns[:4].tolist() == ["Segment", "Acheteurs", "Clients", "Part des clients"]
    assert shown["Clients"].tolist() == ["5", "1", "6"]
    assert shown["Client perdu (%)"].tolist() == ["0\u202f%", "75\u202f%", "33\u202f%"]
    turned = side_by_side(shown, "fr")
    assert turned.columns.tolist() == ["Indicateur", "Retail", "Wholesale", "Tous les acheteurs"]
    assert turned["Indicateur"].tolist() == shown.columns[1:].tolist()
    rows = turned.set_index("Indicateur")
    assert rows.loc["Clients"].tolist() == ["5", "1", "6"]
    assert rows.loc["Client perdu (%)"].tolist() == ["0\u202f%", "75\u202f%", "33\u202f%"]
    # A group named as another, or as the figures' column: the table stays unturned.
    same = shown.assign(Segment=["Indicateur", "Wholesale", "Tous les acheteurs"])
    assert side_by_side(same, "fr") is same
    compact = segment_display(segment_table(a.stages, "en"), "en", compact=True)
    assert "Buyers" not in compact.columns and compact["Lost (%)"].tolist() == ["0%", "75%", "33%"]
    spec = segments_chart(segment_table(a.stages, "en"), "en").to_dict()
    texts = [v["text"] for v in spec["datasets"][next(k for k in spec["datasets"] if "bold" in spec["datasets"][k][0])]]
    assert texts == [
        "5 clients · lost: 0% of buyers",
        "1 client · lost: 75% of buyers",
        "6 clients · lost: 33% of buyers",
    ]
    # The by-segment funnel names each panel with its clients.
    funnel = funnel_chart(a.stages, "fr", by_segment=True).to_dict()
    heads = [c["title"]["text"] for c in funnel["hconcat"]]
    assert heads == ["Retail\u202f: 5 clients", "Wholesale\u202f: 1 client"]


def test_groups_with_the_same_rounded_share_are_said_alike_not_from_a_share_to_itself():
    from lifecycle.reports.deck import takeaway

    a = run(_rows({"A": 5, "B": 4}), header=HEADER, as_of=AS_OF)  # every client new, none active
    assert takeaway(a, "segments", "fr") == (
        "Les 2 groupes ont à peu près la même part de clients actifs (0\u202f%)\u202f: aucun écart dont tirer une conclusion."
    )
