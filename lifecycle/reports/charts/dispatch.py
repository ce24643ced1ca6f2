"""Which chart a name draws, with which options: the page, the export, the deck and the one-page summary draw a chart through ``build_chart``."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ...analysis import Analysis
from ...errors import LifecycleError
from ...model.history import balance, stage_history, transitions
from ...vocabulary import CHARTS, VALUE_CHARTS
from . import (
    WIDTH,
    Plan,
    balance_bridge_chart,
    balance_flows_chart,
    balance_money_chart,
    balance_notes,
    bridge_since,
    default_bridge_start,
    funnel_plan,
    history_plan,
    no_loss_before,
    sensitivity_plan,
    thresholds_chart,
    transitions_plan,
)

# Charts drawn from client status alone (the balance): the new and active thresholds do not
# change them (``history.balance``), so a page may keep them while those sliders move.
CLIENT_STATUS_CHARTS = ("balance", "flows", "money")


def chart_inputs(analysis: Analysis, name: str, options: dict) -> str:
    """Everything ``build_chart(analysis, name, **options)`` depends on besides the data and
    the language, as text: equal texts, equal charts."""
    d = analysis.definition
    if name in CLIENT_STATUS_CHARTS:
        d = d.replace(new_months=1, active_months=1)
    return f"{name}|{analysis.period}|{sorted(options.items())!r}|{d.to_json()}"


def build_chart(analysis: Analysis, name: str, lang: str = "en", **options) -> alt.TopLevelMixin:
    """One of ``CHARTS`` for an analysis (not yet annotated), as a page shows it: the same
    function draws the page's chart and its export, so both have the same span, dates,
    segment split and period.

    ``start``/``end``: the span of the balance bridge, or the two dates of the transitions
    (default: the last 12 months); ``which``: the threshold the sensitivity slides;
    ``period``: month, quarter or year for the flows, money and history (default: the analysis');
    ``width``: the plot's width in pixels (a slide's chart is wider than a page's);
    ``b_new``, ``b_active``, ``b_client``: scenario B's thresholds for "whatif" (default: A's).
    """
    drawn = plan_or_chart(analysis, name, lang, **options)
    return drawn.chart() if isinstance(drawn, Plan) else drawn


def plan_or_chart(
    analysis: Analysis,
    name: str,
    lang: str = "en",
    *,
    by_segment: bool = False,
    start=None,
    end=None,
    which: str = "active_months",
    period: str | None = None,
    horizon: int = 12,
    discount: float = 0.0,
    margin: float = 1.0,
    width: int = WIDTH,
    b_new: int | None = None,
    b_active: int | None = None,
    b_client: int | None = None,
) -> Plan | alt.TopLevelMixin:
    """What ``build_chart`` draws (its options are this function's); as a ``charts.Plan`` (its data apart from its layout) for
    the charts a slider redraws on every move (the funnel, A against B, the stage history and
    the transitions), so that a page can redraw them without Altair (``charts.live_spec``)."""
    s, d = analysis.summary, analysis.definition
    period = period or analysis.period
    if name == "funnel":
        return funnel_plan(analysis.stages, lang, by_segment=by_segment, width=width)
    if name == "whatif":
        from ...model.stages import classify
        from . import whatif_plan

        db = scenario_b(d, b_new, b_active, b_client)
        return whatif_plan(analysis.stages, classify(s, db), lang, width=width)
    if name == "segments":
        from ...model.segments import segment_table
        from . import segments_chart

        table = segment_table(analysis.stages, lang)
        if table.empty:
            raise LifecycleError.of("unavailable.segment")
        return segments_chart(table, lang, width=width)
    if name in ("thresholds", "sensitivity"):
        if name == "thresholds":
            return thresholds_chart(s, d, lang, width=width)
        return sensitivity_plan(s, d, which, lang, width=width)
    if name in VALUE_CHARTS:
        from ...model.value import by_stage, calibration_of, value_of
        from . import alive_chart, calibration_chart, value_note

        v = value_of(s, horizon_months=horizon, discount=discount, margin=margin)
        if name == "alive":
            return alive_chart(by_stage(v, analysis.stages), value_note(v, lang), lang, width=width)
        return calibration_chart(calibration_of(s), s.first_date, lang, width=width)
    if not s.has_history:
        raise LifecycleError.of("error.chart_history", chart=name)
    if name in ("balance", "transitions"):
        start, end = _span(s, start, end)
    notes = balance_notes(s, d, lang)
    until = no_loss_before(s, d)
    if name == "balance":
        b = balance(s, d, period)
        since = bridge_since(b, start, end)
        plain = balance_notes(s, d, lang, shaded=False, since=since)
        return balance_bridge_chart(b, lang, start=start, end=end, notes=plain, width=width)
    if name == "flows":
        b = balance(s, d, period, by_segment=by_segment and s.has_segment)
        return balance_flows_chart(b, lang, period, notes=notes, shade_until=until, width=width)
    if name == "money":
        if not s.has_amount:
            raise LifecycleError.of("unavailable.amount")
        return balance_money_chart(balance(s, d, period), lang, period, notes=notes, shade_until=until, width=width)
    if name == "history":
        h = stage_history(s, d, period, by_segment=by_segment and s.has_segment)
        return history_plan(h, lang, period, notes=notes, shade_until=until, width=width)
    if name == "kpis":
        from ...model.kpis import SERIES_PERIODS, kpi_series
        from . import kpi_series_chart

        every = period if period in SERIES_PERIODS else "month"  # the half-year or the month
        series = kpi_series(s, d, every)
        return kpi_series_chart(series, lang, every, width=width, has_amount=s.has_amount)
    if name == "transitions":
        end_ts = pd.Timestamp(end) if end is not None else s.as_of
        if start is not None:
            start_ts = pd.Timestamp(start)
        elif end is None:  # the bridge's year: both charts of the page start on the same day
            start_ts = default_bridge_start(balance(s, d, period)["period_end"])
        else:
            start_ts = end_ts - pd.DateOffset(months=12)
        matrix = transitions(s, d, start_ts, end_ts)
        return transitions_plan(matrix, lang, start=start_ts, end=end_ts, width=width * 520 // WIDTH)
    raise LifecycleError.of("error.chart", chart=name, charts=", ".join(CHARTS))


def _span(s, start, end) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The two dates of a bridge or of the transitions, checked: each a date within the
    file's period (its first date to the as-of date), the first before the second."""
    first, last = s.first_date.normalize(), s.as_of.normalize()
    out = []
    for option, value in (("--start", start), ("--end", end)):
        if value is None:
            out.append(None)
            continue
        try:
            ts = pd.Timestamp(value).normalize()
        except (ValueError, TypeError) as exc:
            raise LifecycleError.of("error.option_date", option=option, value=str(value)[:40]) from exc
        if not first <= ts <= last:
            raise LifecycleError.of(
                "error.option_outside",
                option=option,
                value=ts.date().isoformat(),
                first=first.date().isoformat(),
                last=last.date().isoformat(),
            )
        out.append(ts)
    if out[0] is not None and out[1] is not None and out[0] >= out[1]:
        raise LifecycleError.of("error.option_order", start=out[0].date().isoformat(), end=out[1].date().isoformat())
    return out[0], out[1]


def scenario_b(definition, b_new: int | None = None, b_active: int | None = None, b_client: int | None = None):
    """Scenario B: the definition with the thresholds given replaced (checked like any definition)."""
    return definition.replace(
        new_months=definition.new_months if b_new is None else int(b_new),
        active_months=definition.active_months if b_active is None else int(b_active),
        client_months=definition.client_months if b_client is None else int(b_client),
    )
