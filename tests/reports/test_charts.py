"""Chart specs checked through to_dict(): order of stages, colours by zone, labels, the three facts."""

import datetime as dt
import json

import pytest

from lifecycle import Definition, balance, stage_history, transitions
from lifecycle.reports.charts.balance import balance_bridge_chart, bridge_frame
from lifecycle.reports.charts.facts import Facts, annotate, annotation_text
from lifecycle.reports.charts.flows import balance_flows_chart
from lifecycle.reports.charts.funnel import funnel_chart, funnel_frame
from lifecycle.reports.charts.history import history_chart
from lifecycle.reports.charts.sensitivity import sensitivity_frame
from lifecycle.reports.charts.thresholds import thresholds_chart
from lifecycle.reports.charts.transitions import transitions_chart
from lifecycle.vocabulary import COLORS
from tests.conftest import run

ROWS = [
    ("A", "2025-01-10", 10),
    ("A", "2025-04-20", 20),
    ("B", "2025-02-05", 5),
    ("C", "2025-01-31", 7),
    ("C", "2025-05-15", 11),
    ("D", "2022-01-01", 1234),
]


@pytest.fixture(scope="module")
def tiny():
    return run(ROWS, as_of="2025-05-31")


def _walk(spec):
    """Every dict in a spec (layers, concatenations, facets)."""
    if isinstance(spec, dict):
        yield spec
        for v in spec.values():
            yield from _walk(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from _walk(v)


def _datasets(spec):
    return {k: v for d in _walk(spec) for k, v in d.get("datasets", {}).items()}


def test_funnel_frame_order_counts_and_labels(tiny):
    f = funnel_frame(tiny.stages, "fr")
    # No contacts list, no minimum amount: customers only.
    assert f["stage"].tolist() == ["new", "active", "reactivated", "dormant", "lost"]
    got = dict(zip(f["stage"], f["label"]))
    # As of 31 May the new cut-off is 28 Feb: A, B and C bought within 12 months -> active; D is lost.
    assert got["active"] == "3  (100,0\u202f%)" and got["new"] == "0  (0,0\u202f%)"
    assert got["lost"] == "1  (25,0\u202f% des acheteurs)"  # lost customers are not clients: a share of buyers
    # Of the three active clients, B bought on one day only.
    once = dict(zip(f["stage"], f["once_label"]))
    assert once["active"] == "dont 1 n’ayant acheté qu’une fois" and once["lost"] == "" and once["dormant"] == ""


def test_funnel_with_a_minimum_shows_who_is_below_it_apart(tiny):
    a = run(ROWS, Definition(min_amount=15), as_of="2025-05-31")
    f = funnel_frame(a.stages, "en")
    # Within 24 months: A 30, B 5, C 18 -> B is below the minimum (neither a client nor lost).
    assert f["stage"].tolist() == ["below_minimum", "new", "active", "reactivated", "dormant", "lost"]
    assert dict(zip(f["stage"], f["count"])) == {
        "below_minimum": 1,
        "new": 0,
        "active": 2,
        "reactivated": 0,
        "dormant": 0,
        "lost": 1,
    }
    assert f.set_index("stage").loc["below_minimum", "group"] == "Not clients (yet)"
    text = json.dumps(funnel_chart(a.stages, "en").to_dict())
    assert "Not clients (yet)" in text and "below the minimum spend" in text and "vconcat" in text


def test_funnel_colours_by_zone(tiny):
    spec = funnel_chart(tiny.stages, "en").to_dict()
    scales = [d["scale"] for d in _walk(spec) if isinstance(d.get("scale"), dict) and "range" in d["scale"]]
    scale = scales[0]
    mapping = dict(zip(scale["domain"], scale["range"]))
    assert mapping["new"] == COLORS["new"] and mapping["lost"] == COLORS["lost"]
    warm = {COLORS["dormant"], COLORS["lost"]}
    cool = {COLORS["new"], COLORS["active"], COLORS["reactivated"]}
    assert warm.isdisjoint(cool) and all(c.startswith("#") for c in warm | cool)
    # Without a contacts list, suspects and prospects are not drawn.
    assert "suspect" not in json.dumps(_datasets(spec))
    # Tooltips on the marks.
    assert any("tooltip" in d.get("encoding", {}) for d in _walk(spec))


def test_funnel_with_contacts_is_drawn_apart(retail):
    spec = funnel_chart(retail.stages, "fr").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "Pas encore clients" in text and "suspect" in text
    assert "vconcat" in text


def test_bridge_frame_by_hand(tiny):
    b = balance(tiny.summary, tiny.definition)
    f = bridge_frame(b, "2025-01-31", "2025-05-31", "en")
    # From clients on 31 Jan to clients on 31 May (default definition: window 24 months).
    assert f["step"].tolist() == ["start", "new", "won_back", "lost", "end"]
    # Clients on 31 Jan: A and C (D's 2022 purchase is out of the 24-month window); B joins in February.
    assert f["value"].tolist() == [2, 1, 0, 0, 3]
    assert f["label"].iloc[0] == "Clients on 2025-01-31" and f["label"].iloc[-1] == "Clients on 2025-05-31"
    assert (f["y1"].iloc[3], f["value"].iloc[-1]) == (3, 3)


def test_bridge_chart_french_labels(tiny):
    b = balance(tiny.summary, tiny.definition)
    text = json.dumps(balance_bridge_chart(b, "fr").to_dict(), ensure_ascii=False)
    assert "+ nouveaux" in text and "+ reconquis" in text and "Clients au 31/05/2025" in text
    assert "réactivé" not in text  # a balance flow, not the funnel stage


def test_flows_chart_has_quick_ratio_and_french_axes(tiny):
    b = balance(tiny.summary, tiny.definition)
    spec = balance_flows_chart(b, "fr").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "quick_ratio" in text and "reconquis" in text and "(nouveaux + reconquis) ÷ perdus" in text


def test_the_ratio_line_breaks_where_a_month_has_no_loss_and_is_named_in_the_legend(tiny):
    import re

    import pandas as pd
    import vl_convert as vlc

    # Six months; no loss in January, March and April: no ratio there.
    b = pd.DataFrame(
        {
            "period_end": pd.to_datetime(
                ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"]
            ),
            "new": [1, 3, 1, 1, 2, 2],
            "won_back": [0, 0, 0, 0, 0, 0],
            "lost": [0, 2, 0, 0, 1, 4],
        }
    )
    b["quick_ratio"] = (b["new"] + b["won_back"]) / b["lost"].where(b["lost"] > 0)
    spec = balance_flows_chart(b, "fr").to_dict()
    line = next(d for d in _walk(spec) if isinstance(d.get("mark"), dict) and d["mark"].get("type") == "line")
    rows = _datasets(spec)[line["data"]["name"]]
    # From the first loss on: February 1.5, no ratio in March and April, May 2, June 0.5.
    assert [r["quick_ratio"] for r in rows] == [1.5, None, None, 2.0, 0.5]
    assert line["mark"]["invalid"] == "break-paths-filter-domains" and line["mark"]["strokeJoin"] == "round"
    assert line["encoding"]["strokeDash"]["legend"]["orient"] == "top"
    # An export keeps it in the chart, beside the bars' legend, not lifted above the chart's title.
    facts = Facts.from_stages(tiny.stages, "achats.csv", "fr", dt.date(2026, 1, 15))
    framed = annotate(balance_flows_chart(b, "fr"), facts, "fr").to_dict()
    assert framed["resolve"]["legend"]["strokeDash"] == "independent"
    svg = vlc.vegalite_to_svg(spec)
    assert "ratio gagnés / perdus (échelle de droite)" in svg
    # Drawn as two runs: February alone, then May to June; never a stroke across March and April.
    dashed = [d for d in re.findall(r'<path[^>]*stroke-dasharray="4,3"[^>]*d="([^"]+)"', svg)]
    dashed += [d for d in re.findall(r'<path[^>]*d="([^"]+)"[^>]*stroke-dasharray="4,3"', svg)]
    assert dashed and max(len(re.findall("M", d)) for d in dashed) == 2


@pytest.mark.parametrize(
    ("period", "first", "last", "width", "expected"),
    [
        # 60 months on a slide's 860 px: 14.3 px a month, labels need 100 px: one a year.
        ("month", "2021-01-31", "2025-12-31", 860, ["2021-01", "2022-01", "2023-01", "2024-01", "2025-01"]),
        # 40 months on 720 px: 18 px a month, every 6 months (108 px); none before the first
        # bar's month (Sep 2022) or after the last.
        ("month", "2022-09-30", "2025-12-31", 720, ["2023-01", "2023-07", "2024-01", "2024-07", "2025-01", "2025-07"]),
        # 8 quarters (24 months) on 720 px: 30 px a month, a quarter's 90 px too little: half-years.
        ("quarter", "2024-03-31", "2025-12-31", 720, ["2024-01", "2024-07", "2025-01", "2025-07"]),
        # 3 months on 720 px: every month.
        ("month", "2025-10-31", "2025-12-31", 720, ["2025-10", "2025-11", "2025-12"]),
    ],
)
def test_time_axes_of_bars_label_evenly_spaced_months_within_the_bars(period, first, last, width, expected):
    import pandas as pd

    from lifecycle.reports.charts.base import period_ticks, period_x

    freq = {"month": "ME", "quarter": "QE"}[period]
    ends = pd.date_range(first, last, freq=freq)
    assert [m.strftime("%Y-%m") for m in period_ticks(ends, period, width)] == expected
    axis = period_x(period, "fr", ends, width).to_dict()["axis"]
    assert [(v["year"], v["month"]) for v in axis["values"]] == [(int(e[:4]), int(e[5:])) for e in expected]
    assert axis["labelFlush"] is False
    assert axis["format"] == "%b %Y"  # «janv. 2025»


def test_a_bar_a_year_is_labelled_with_its_year_alone(tiny):
    import re

    from lifecycle.reports.charts.flows import balance_flows_chart

    b = balance(tiny.summary, tiny.definition, "year")
    spec = balance_flows_chart(b, "fr", "year").to_dict()
    x = next(d["encoding"]["x"] for d in _walk(spec) if "encoding" in d and "period_end" in d["encoding"]["x"]["field"])
    assert x["axis"]["format"] == "%Y"
    # Under the middle of each year's bar (1 July), the last year cut short at the as-of date too.
    assert [(v["year"], v["month"]) for v in x["axis"]["values"]] == [(y, 7) for y in (2022, 2023, 2024, 2025)]
    from lifecycle.reports.export import export

    svg = export(tiny, "svg", "fr", chart="flows", exported=dt.date(2026, 1, 15), period="year").decode()
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert {"2022", "2023", "2024", "2025"} <= set(labels) and "janv. 2024" not in labels


@pytest.mark.parametrize(
    ("lang", "month", "other"), [("en", "Jul 2024", "juil. 2024"), ("fr", "juil. 2024", "Jul 2024")]
)
def test_exported_axes_write_months_and_numbers_in_the_readers_language(tiny, lang, month, other):
    import re

    from lifecycle.reports.export import export

    svg = export(tiny, "svg", lang, chart="flows", exported=dt.date(2026, 1, 15)).decode()
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert month in labels and other not in labels


def test_history_and_transitions(tiny):
    h = history_chart(stage_history(tiny.summary, tiny.definition), "en").to_dict()
    assert "lost" not in {r.get("stage") for rows in _datasets(h).values() for r in rows}
    m = transitions(tiny.summary, tiny.definition, "2025-02-28", "2025-05-31")
    spec = transitions_chart(m, "fr", start="2025-02-28", end="2025-05-31").to_dict()
    rows = [r for rows in _datasets(spec).values() for r in rows]
    # New on 28 Feb (first purchases after 30 Nov), all active on 31 May.
    cell = next(r for r in rows if r["from"] == "nouveau client" and r["to"] == "client actif")
    assert cell["count"] == 3 and cell["share_label"] == "100,0\u202f%"


def test_thresholds_and_sensitivity(tiny):
    spec = thresholds_chart(tiny.summary, tiny.definition, "en").to_dict()
    text = json.dumps(spec)
    assert "active: 12 months" in text and "client window: 24 months" in text
    f = sensitivity_frame(tiny.summary, tiny.definition, "client_months", values=[12, 24, 48])
    lost = f[f["stage"] == "lost"].set_index("months")["count"].to_dict()
    # D last bought on 2022-01-01: lost under 12 or 24 months, a client under 48.
    assert lost == {12: 1, 24: 1, 48: 0}
    # Kept per file and the other settings: moving the swept threshold gives the same curve,
    # and a change of another setting gives a new one.
    moved = sensitivity_frame(tiny.summary, tiny.definition.replace(client_months=36), "client_months", [12, 24, 48])
    assert moved.equals(f)
    shorter = tiny.definition.replace(active_months=1, new_months=1)
    other = sensitivity_frame(tiny.summary, shorter, "client_months", values=[12, 24, 48])
    assert not other.equals(f)
    assert other[(other["stage"] == "dormant") & (other["months"] == 24)]["count"].sum() > 0


def test_annotation_states_the_three_facts(tiny):
    facts = Facts.from_stages(tiny.stages, "achats.csv", "fr", dt.date(2026, 1, 15))
    spec = annotate(funnel_chart(tiny.stages, "fr"), facts, "fr").to_dict()
    subtitle = annotation_text(spec)
    assert spec["vconcat"][0]["title"]["text"] == "Cycle de vie client"
    assert "moins de 24 mois (au 31/05/2025)" in subtitle
    # The client total is the headline, in large bold type of its own.
    head = spec["title"]
    assert head["text"] == "3 clients au 31/05/2025" and head["fontSize"] > spec["vconcat"][0]["title"]["fontSize"]
    assert head["fontWeight"] == "bold"
    assert "Achats du 01/01/2022 au 15/05/2025 · situation au 31/05/2025" in subtitle
    assert "Source\u202f: achats.csv · Exporté le 15/01/2026" in subtitle


def test_money_axes_name_their_currency(retail):
    from lifecycle.locale.formats import using_currency
    from lifecycle.reports.charts import build_chart

    money = build_chart(retail, "money", "fr").to_dict()
    y_titles = {layer["encoding"]["y"].get("title") for layer in money["layer"] if "y" in layer.get("encoding", {})}
    assert "Montant (€)" in y_titles
    with using_currency("USD"):
        panels = build_chart(retail, "kpis", "en").to_dict()["vconcat"]
    titles = [p["title"]["text"] for p in panels]
    assert titles == ["Activity rate", "Repeat-purchase rate", "Average basket ($)", "Purchase frequency"]


def test_the_still_buying_axis_has_five_labels_and_keeps_100_percent(retail):
    from lifecycle.reports.charts import build_chart, chart

    spec = build_chart(retail, "alive", "fr").to_dict()
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["values"] == [0, 0.25, 0.5, 0.75, 1] and axis["labelFlush"] is True
    assert chart("alive").slide_width > 1  # its long row names leave the plot room on a slide


def test_the_two_dates_moves_and_the_monthly_balance_agree_on_their_net(retail):
    # The deck's move matrix showed dormant → lost 571 and lost → active 3 where the balance
    # said 587 lost and 19 won back: 16 clients were lost and won back within the year. The
    # nets agree, and the chart says why the two differ.
    from lifecycle.model.history import transitions
    from lifecycle.reports.charts import build_chart

    m = transitions(retail.summary, retail.definition, "2024-12-31", "2025-12-31")
    clients = ["new", "reactivated", "active", "dormant"]
    b = retail.balance()
    b = b[b["period_end"] > "2024-12-31"]
    assert m.loc["not_yet", clients].sum() == b["new"].sum() == 1859
    to_lost, from_lost = m.loc[clients, "lost"].sum(), m.loc["lost", clients].sum()
    assert (to_lost, from_lost, b["lost"].sum(), b["won_back"].sum()) == (571, 3, 587, 19)
    assert to_lost - from_lost == b["lost"].sum() - b["won_back"].sum()
    subtitle = build_chart(retail, "transitions", "en").to_dict()["title"]["subtitle"]
    assert subtitle[-1].startswith("Two dates compared: a client lost then won back between them")


def test_a_written_part_writes_what_the_chart_object_writes_and_is_copied_by_reference():
    import altair as alt
    import pandas as pd

    from lifecycle.reports.charts.base import written

    data = pd.DataFrame({"stage": ["new", "lost"], "count": [3, 1], "segment": ["Nord", "Sud"]})

    def part(segment):
        base = alt.Chart().transform_filter(alt.FieldEqualPredicate(field="segment", equal=segment))
        bars = base.mark_bar().encode(y="stage:N", x="count:Q")
        text = base.mark_text(dx=5).encode(y="stage:N", x="count:Q", text="count:Q")
        return alt.vconcat(alt.layer(bars, text, width=200), title=segment)

    plain = alt.hconcat(part("Nord"), part("Sud"), data=data, title="Funnel").to_dict()
    parts = [written(part("Nord")), written(part("Sud"))]
    kept = alt.hconcat(*parts, data=data, title="Funnel")
    assert kept.to_dict() == plain  # no "$schema", "config" or empty table of its own inside
    assert kept.copy(deep=True).hconcat == parts and kept.copy().hconcat[0] is parts[0]


def test_the_calibration_tooltip_counts_purchases_not_money():
    import pandas as pd

    from lifecycle.reports.charts.calibration import calibration_chart

    cal = {
        "by_repeat_purchases": pd.DataFrame(
            {"repeat_purchases": ["0", "1"], "actual": [0.5, 3.54], "predicted": [0.62, 3.1], "customers": [120, 1234]}
        ),
        "error": 0.12,
        "fit_end": pd.Timestamp("2024-12-31"),
        "holdout_months": 12,
    }
    values = calibration_chart(cal, pd.Timestamp("2022-01-01"), "fr").to_dict()["datasets"]
    rows = next(iter(values.values()))
    assert [r["value_label"] for r in rows] == ["0,50", "0,62", "3,54", "3,10"]
    assert [r["customers"] for r in rows[2:]] == ["1\u202f234", "1\u202f234"]
