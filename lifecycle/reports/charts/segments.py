"""Stages by segment: each segment's share of customers in each stage."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ...errors import LifecycleError
from ...locale.i18n import fmt_int, fmt_pct, stage_label, t
from ...model.segments import segment_table
from ...vocabulary import CLIENT_STAGES
from .base import WIDTH, Chart, Options, chart_text, stage_scale

__all__ = ["apart", "segments_chart"]


def segments_chart(table: pd.DataFrame, lang: str = "en", *, width: int = WIDTH) -> alt.TopLevelMixin:
    """Segments side by side (``segments.segment_table``): for each group, its clients split by
    stage (a 100% bar, the funnel's shares) and, right of it, its clients and the share of its
    customers lost; all customers last, as the reference."""
    stages = list(CLIENT_STAGES)
    order = table["group"].tolist()
    rows = []
    for rec in table.to_dict(orient="records"):
        for st in stages:
            share = rec[f"share_{st}"]
            rows.append(
                {
                    "group": rec["group"],
                    "stage_label": stage_label(st, lang),
                    "order": stages.index(st),
                    "share": 0.0 if share is None or share != share else float(share),
                    "count_label": fmt_int(rec[st], lang),
                    "share_label": fmt_pct(share, lang, 0) if share is not None and share == share else "–",
                }
            )
    data = pd.DataFrame(rows)
    data["text"] = np.where(data["share"] >= 0.07, data["share_label"], "")
    side = pd.DataFrame(
        {
            "group": order,
            "text": [
                chart_text(
                    "segments.side",
                    lang,
                    n=fmt_int(r["clients"], lang),
                    lost=fmt_pct(r["share_lost"], lang, 0) if r["share_lost"] == r["share_lost"] else "–",
                )
                for r in table.to_dict(orient="records")
            ],
            "bold": [k == "all" for k in table["kind"]],
        }
    )
    # The column of texts right of the bars is as wide as its longest (about 7 px a character
    # of 12.5 px bold type), the bars take the rest: the chart keeps its width.
    side_width = max(200, 7 * int(side["text"].str.len().max()))
    bar_width = max(300, width - side_width - 30)
    y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=200, minExtent=120))
    tooltip = [
        alt.Tooltip("group:N", title=chart_text("segment", lang)),
        alt.Tooltip("stage_label:N", title=chart_text("stage", lang)),
        alt.Tooltip("count_label:N", title=chart_text("funnel.count", lang)),
        alt.Tooltip("share_label:N", title=chart_text("funnel.share", lang)),
    ]
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=alt.X(
            "share:Q",
            stack="normalize",
            title=chart_text("segments.x", lang),
            axis=alt.Axis(
                format="%",
                tickCount=5,
                # the chart's locale writes «12 %» in French
            ),
        ),
        color=alt.Color(
            "stage_label:N",
            scale=stage_scale(stages, lang),
            legend=alt.Legend(orient="bottom", title=None, direction="horizontal"),
        ),
        order=alt.Order("order:Q"),
        tooltip=tooltip,
    )
    labels = base.mark_text(color="white", fontSize=12, fontWeight="bold").encode(
        x=alt.X("share:Q", stack="normalize", bandPosition=0.5),
        detail="stage_label:N",
        order=alt.Order("order:Q"),
        text="text:N",
    )
    left = alt.layer(bars, labels, width=bar_width, height=34 * len(order))
    side_base = alt.Chart(side).encode(y=alt.Y("group:N", sort=order, axis=None), x=alt.value(0), text="text:N")
    right = alt.layer(
        side_base.transform_filter(~alt.datum.bold).mark_text(align="left", fontSize=12.5, color="#333333"),
        side_base.transform_filter(alt.datum.bold).mark_text(
            align="left", fontSize=12.5, color="#333333", fontWeight="bold"
        ),
        width=side_width,
        height=34 * len(order),
    )
    return alt.hconcat(
        left,
        right,
        spacing=8,
        title=alt.TitleParams(
            chart_text("segments.title", lang),
            subtitle=[chart_text("segments.note", lang), chart_text("segments.note2", lang)],
            anchor="start",
            fontSize=16,
        ),
    )


SEGMENT_GAP = 0.05  # a gap between two segments' shares of active clients worth a headline


def _draw(analysis, lang: str, o: Options) -> alt.TopLevelMixin:
    table = segment_table(analysis.stages, lang)
    if table.empty:
        raise LifecycleError.of("unavailable.segment")
    return segments_chart(table, lang, width=o.width)


def apart(a_share: float, a_n: int, b_share: float, b_n: int) -> bool:
    """Whether two groups' shares differ enough to say so: at least ``SEGMENT_GAP`` apart and
    beyond chance (a two-proportion z-test at 5 %; with 16 and 18 clients a 1-point gap is not)."""
    if abs(a_share - b_share) < SEGMENT_GAP or min(a_n, b_n) == 0:
        return False
    pooled = (a_share * a_n + b_share * b_n) / (a_n + b_n)
    spread = (pooled * (1 - pooled) * (1 / a_n + 1 / b_n)) ** 0.5
    return spread > 0 and abs(a_share - b_share) / spread >= 1.96


def _takeaway(analysis, lang: str, o: Options) -> str:
    table = segment_table(analysis.stages, lang)
    groups = table[(table["kind"] != "all") & table["share_active"].notna()]
    if len(groups) < 2:  # one group with clients: say how it compares with everybody
        row, every = table.iloc[0], table.iloc[-1]
        return t(
            "deck.take.segments_one",
            lang,
            group=row["group"],
            share=fmt_pct(row["share_active"], lang, 0),
            all=fmt_pct(every["share_active"], lang, 0),
        )
    most = groups.loc[groups["share_active"].idxmax()]
    least = groups.loc[groups["share_active"].idxmin()]
    if apart(most["share_active"], int(most["clients"]), least["share_active"], int(least["clients"])):
        return t(
            "deck.take.segments",
            lang,
            most=most["group"],
            most_share=fmt_pct(most["share_active"], lang, 0),
            least=least["group"],
            least_share=fmt_pct(least["share_active"], lang, 0),
        )
    low, high = fmt_pct(least["share_active"], lang, 0), fmt_pct(most["share_active"], lang, 0)
    if low == high:  # «61 % to 61 %» says nothing
        return t("deck.take.segments_equal", lang, n=len(groups), share=low)
    return t("deck.take.segments_same", lang, n=len(groups), low=low, high=high)


CHART = Chart("segments", _draw, needs=("segments",), takeaway=_takeaway, slide=True)
