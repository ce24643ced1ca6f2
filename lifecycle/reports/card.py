"""The definitions card: the definition in words, the clients, the period and the source, a table of the stages with their rules, counts, shares and actions, and what each status value means (Markdown)."""

from __future__ import annotations

import pandas as pd

from ..analysis import Analysis
from ..locale.formats import typeset
from ..locale.i18n import colon, fmt_date, fmt_int, fmt_money, fmt_plain, fmt_share, stage_label, t
from ..vocabulary import FUNNEL_ORDER
from .export_safety import markdown_text

__all__ = ["definition_stages", "definitions_card", "definitions_frame"]


def _w(key: str, lang: str, **kw) -> str:
    return t(f"export.{key}", lang, **kw)


def definition_stages(analysis: Analysis) -> tuple[str, ...]:
    """The stages the definitions card lists: every stage of the funnel, below the minimum
    only when a minimum amount is set, prospects only when someone can be one (a contacts
    list, or the file's own cancelled or open rows), suspects only with a contacts list."""
    listed = len(analysis.summary.contacts)  # a contacts list's people and the file's own prospects
    can_be = {"prospect": listed > 0, "suspect": listed > analysis.summary.file_prospects}
    return tuple(
        s
        for s in FUNNEL_ORDER
        if (s != "below_minimum" or analysis.definition.min_amount is not None) and can_be.get(s, True)
    )


def definitions_frame(analysis: Analysis, lang: str = "en") -> pd.DataFrame:
    """One row per stage: the rule in words with the current thresholds, count, share, action."""
    d, st = analysis.definition, analysis.stages
    counts, shares = st.counts, st.shares()
    amount = fmt_money(d.min_amount, lang) if d.min_amount is not None else ""
    rows = []
    for stage in definition_stages(analysis):
        rule = t(f"rule.{stage}", lang, new=d.new_months, active=d.active_months, client=d.client_months, amount=amount)
        if stage == "lost":
            extra = []
            if d.own_rhythm:
                extra.append(t("def.own_rhythm", lang, multiple=_multiple(d.rhythm_multiple, lang)))
            if d.opt_out_lost:
                extra.append(t("def.opt_out", lang))
            rule = " ".join([rule, *extra])
        rows.append(
            {
                "stage": stage,
                _w("stage", lang): stage_label(stage, lang),
                _w("rule", lang): rule,
                _w("count", lang): counts[stage],
                _w("share", lang): shares.get(stage),
                _w("action", lang): t(f"action.{stage}", lang),
            }
        )
    return pd.DataFrame(rows)


def _multiple(x: float, lang: str) -> str:
    return fmt_plain(x, lang)


def definitions_card(analysis: Analysis, lang: str = "en") -> str:
    """The definitions card as Markdown: the three facts, then one line per stage."""
    d, s, st = analysis.definition, analysis.summary, analysis.stages
    sep = typeset(colon(lang), lang)  # the card is read as it is written: the colon's space holds
    lines = [
        f"# {_w('card.title', lang)}",
        "",
        _w("card.intro", lang, new=d.new_months, active=d.active_months, client=d.client_months),
        "",
        f"- **{_w('definition', lang)}**{sep}{d.text(lang, s.as_of)}",
        f"- **{_w('clients', lang)}**{sep}{fmt_int(st.clients_total, lang)}",
        f"- **{_w('period', lang)}**{sep}"
        + t(
            "cli.period_text",
            lang,
            a=fmt_date(s.first_date, lang),
            b=fmt_date(s.last_date, lang),
            c=fmt_date(s.as_of, lang),
        ),
        f"- **{_w('source', lang)}**{sep}{markdown_text(analysis.loaded.raw.file)}",
        *([f"- **{_w('segment', lang)}**{sep}{markdown_text(analysis.segment)}"] if analysis.segment else []),
        f"- **{_w('scope', lang)}**{sep}{_w('card.scope', lang)}",
        "",
        f"| {_w('stage', lang)} | {_w('rule', lang)} | {_w('count', lang)} | {_w('share', lang)} | {_w('action', lang)} |",
        "|---|---|---:|---:|---|",
    ]
    for r in definitions_frame(analysis, lang).itertuples(index=False):
        share = "" if r[4] is None else fmt_share(r[0], r[4], lang)
        cells = [str(r[1]), str(r[2]), fmt_int(r[3], lang), share, str(r[5])]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    rep = analysis.report
    if rep.statuses:  # the statuses the whole team reads the same way
        column = markdown_text(analysis.loaded.mapping.status)
        lines += ["", f"## {_w('card.statuses', lang, column=column)}", ""]
        lines += [
            f"| {_w('status.value', lang)} | {_w('status.meaning', lang)} | {_w('status.rows', lang)} |",
            "|---|---|---:|",
        ]
        for v in rep.statuses:
            meaning = t(f"meaning.{v.meaning}", lang) + (
                f" ({t('source.chosen', lang)})" if v.source == "chosen" else ""
            )
            lines.append(f"| {markdown_text(v.value or '∅')} | {meaning} | {fmt_int(v.rows, lang)} |")
    return "\n".join(lines) + "\n"
