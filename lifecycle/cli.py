"""Command line: ``python -m lifecycle analyze FILE [options]``.

Exit 0 on success; on bad input, one clear line on stderr and exit 2 (never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

from .analysis import ENGINES, Analysis, analyze, analyze_spark, describe_period, saved_source
from .definition import Definition
from .errors import LifecycleError
from .locale.formats import known_currency, set_currency
from .locale.i18n import (
    colon,
    fmt_date,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_plain,
    languages,
    stage_label,
    t,
)
from .model.calendar import to_day
from .model.funnel import stages_shown
from .model.kpis import compute_kpis
from .model.saved import is_saved_summary, write_summary
from .model.value import by_stage, calibration, fit_value, save_first
from .reading.mapping import Mapping
from .reading.progress import in_step, listening
from .reading.statuses import MEANINGS, parse_meanings
from .reports.charts import NAMES
from .reports.explain import rejected_csv
from .terminal import ProgressBar
from .vocabulary import FORMATS

# The export stack (Altair, vl-convert) is imported by the ``export`` command only: ``analyze``
# and ``--help`` start without it.

__all__ = ["build_parser", "main"]

_ROLES = tuple(f.name for f in fields(Mapping))  # every role of the mapping, one option each
_RULE_HELP = {
    "min_amount": "a client must have bought at least this within the window",
    "own_rhythm": "respect each customer's own rhythm",
    "opt_out_lost": "a customer who opted out counts as lost",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, as for bad input
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_analysis_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the export: .xlsx, .xlsm, .xls, .csv, .txt or .parquet")
    src = p.add_argument_group("reading the file")
    src.add_argument(
        "--sheet",
        action="append",
        help="sheet name or 0-based index (default: the one that looks like data); repeat it to read"
        " several sheets with the same columns as one table (one sheet per year)",
    )
    src.add_argument(
        "--all-sheets", action="store_true", help="read every sheet with data as one table (one sheet per year)"
    )
    src.add_argument("--header-row", type=int, help="1-based row holding the column names (default: detected)")
    src.add_argument("--include-hidden", action="store_true", help="consider hidden sheets too")
    order = src.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True, help="dates are dd/mm/yyyy")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False, help="dates are mm/dd/yyyy")
    src.add_argument("--decimal", choices=[",", "."], help="decimal separator when values like 1,234 are ambiguous")
    src.add_argument("--contacts", help="a contacts list (prospects, suspects, opt-outs) to join")
    src.add_argument(
        "--engine",
        choices=(*ENGINES, "spark"),
        default="auto",
        help="duckdb: read the rows inside DuckDB (Parquet files, folders and globs, CSV, a DuckDB database);"
        " pandas: row by row; auto (default): DuckDB for Parquet, databases and CSV over 128 MB;"
        " spark: Parquet transactions (a file, folder or glob) summarised on Spark, with fewer checks of"
        " the rows (needs Java and pyspark)",
    )
    src.add_argument("--spark-master", default="local[2]", metavar="URL", help="the Spark master (default local[2])")
    src.add_argument("--table", help="the table to read from a DuckDB database file")
    src.add_argument(
        "--memory-limit",
        metavar="SIZE",
        help="memory DuckDB may use before it spills to a temporary folder, e.g. 2GB (default: 1500MB)",
    )
    cols = p.add_argument_group("columns (override the proposed mapping; an empty string unsets a role)")
    for role in _ROLES:
        cols.add_argument(f"--{role.replace('_', '-')}", dest=f"col_{role}", metavar="COLUMN")
    cols.add_argument(
        "--status-meaning",
        action="append",
        default=[],
        metavar="VALUE=MEANING",
        help=f"what a value of the status column means: {', '.join(MEANINGS)} (repeat it; e.g."
        ' "Closed won=purchase"); the others are proposed from the platforms\' own words',
    )
    rules = p.add_argument_group("client definition")
    rules.add_argument("--as-of", help="as-of date YYYY-MM-DD (default: the last purchase date)")
    for f in fields(Definition):  # one option per rule of the definition, with its default
        option = f"--{f.name.replace('_', '-')}"
        if isinstance(f.default, bool):
            rules.add_argument(option, action="store_true", help=_RULE_HELP.get(f.name))
        else:
            kind = int if isinstance(f.default, int) else float
            rules.add_argument(option, type=kind, default=f.default, help=_RULE_HELP.get(f.name))
    rules.add_argument("--definition", help="a JSON file holding the definition (overrides the options above)")
    out = p.add_argument_group("output")
    out.add_argument("--period", choices=["month", "quarter", "year"], default="month")
    out.add_argument("--lang", choices=languages(), default="en")
    out.add_argument(
        "--currency",
        type=_currency_code,
        help="ISO code money is written in (EUR, USD, GBP…; default: the file's own, else EUR); nothing is converted",
    )
    shown = out.add_mutually_exclusive_group()
    shown.add_argument(
        "--progress",
        dest="progress",
        action="store_const",
        const="on",
        default="auto",
        help="show the progress of long steps on standard error, even when it is not a terminal (then as"
        " plain lines); by default a bar shows on a terminal once a run takes over a second",
    )
    shown.add_argument(
        "--no-progress", dest="progress", action="store_const", const="off", help="show no progress on standard error"
    )
    out.add_argument(
        "--save-summary",
        metavar="OUT.parquet",
        help="also write the per-customer summary (with the row report) as one Parquet file, which the app"
        " and this command open like the file itself",
    )


def _currency_code(text: str) -> str:
    code = text.strip().upper()
    if not known_currency(code):
        raise argparse.ArgumentTypeError(f"not a currency code: {text!r} (ISO 4217, e.g. EUR, USD, GBP)")
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m lifecycle", description="Customer life-cycle map from a customer export.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    a = sub.add_parser("analyze", help="definition, clients, stages, KPIs and balance")
    _add_analysis_options(a)
    a.add_argument("--json", action="store_true", help="print the machine-readable document")
    a.add_argument("--rejected-csv", metavar="PATH", help="write the rejected rows (row, reason, column, value)")
    e = sub.add_parser("export", help="an annotated chart (png/svg/pdf), the workbook, the customers CSV or the card")
    _add_analysis_options(e)
    e.add_argument("--chart", choices=NAMES, default="funnel", help="which chart (for png, svg, pdf)")
    e.add_argument("--format", choices=FORMATS, help="default: from the --out suffix")
    e.add_argument("--out", required=True, help="the file to write")
    e.add_argument("--by-segment", action="store_true", help="split the chart by segment")
    e.add_argument(
        "--with-value",
        action="store_true",
        help="add the value model's columns to the customers (csv, xlsx): probability alive, expected purchases and value",
    )
    e.add_argument("--start", help="first date: transitions, or the start of the balance bridge")
    e.add_argument("--end", help="second date: transitions, or the end of the balance bridge")
    e.add_argument(
        "--threshold",
        choices=["new_months", "active_months", "client_months"],
        default="active_months",
        help="the threshold the sensitivity chart slides",
    )
    e.add_argument(
        "--anonymise",
        action="store_true",
        help="pptx: customer ids as pseudonyms and no names, for a deck that travels",
    )
    wb = e.add_argument_group("scenario B (the whatif chart, and the deck's A-against-B slide when it differs)")
    wb.add_argument("--b-new", type=int, metavar="MONTHS", help="scenario B's new threshold (default: A's)")
    wb.add_argument("--b-active", type=int, metavar="MONTHS", help="scenario B's active threshold (default: A's)")
    wb.add_argument("--b-client", type=int, metavar="MONTHS", help="scenario B's client window (default: A's)")
    v = sub.add_parser(
        "value", help="customer value ahead: probability alive, expected purchases and value (BG/NBD, Gamma-Gamma)"
    )
    _add_analysis_options(v)
    v.add_argument("--horizon", type=int, default=12, help="months ahead for the expected purchases (default 12)")
    v.add_argument("--discount", type=float, default=0.0, help="yearly discount rate, e.g. 0.1 (default 0)")
    v.add_argument("--margin", type=float, default=1.0, help="margin applied to the spend, e.g. 0.3 (default 1)")
    v.add_argument(
        "--calibration-end",
        help="fit on the purchases up to this date, then compare the prediction with what happened after it",
    )
    v.add_argument("--json", action="store_true", help="print the machine-readable document")
    return parser


def value_document(analysis: Analysis, args) -> dict:
    """The ``value`` command's result: the fitted parameters, the fit period, per-stage figures."""

    s = analysis.summary
    with in_step("value"):
        v = fit_value(s, horizon_months=args.horizon, discount=args.discount, margin=args.margin)
    stages = by_stage(v, analysis.stages)
    doc = {
        "file": analysis.loaded.raw.file,
        "as_of": s.as_of.date().isoformat(),
        "fit_period": {"start": v.fit_start.date().isoformat(), "end": v.fit_end.date().isoformat()},
        "horizon_months": v.horizon_months,
        "discount": v.discount,
        "margin": v.margin,
        "bgnbd": v.bgnbd.to_dict(),
        "gamma_gamma": v.gamma_gamma.to_dict() if v.gamma_gamma else None,
        "by_stage": stages.to_dict("records"),
        "lost_likely_alive": int(stages.loc[stages["stage"] == "lost", "likely_alive"].sum()),
        "active_doubtful": int(
            (
                stages.loc[stages["stage"] == "active", "customers"]
                - stages.loc[stages["stage"] == "active", "likely_alive"]
            ).sum()
        ),
        "save_first": save_first(v, analysis.stages, s, 20).to_dict("records"),
    }
    if args.calibration_end:
        try:
            end = to_day(args.calibration_end)
        except (ValueError, TypeError) as exc:
            raise LifecycleError.of(
                "error.option_date", option="--calibration-end", value=args.calibration_end[:40]
            ) from exc
        if not to_day(s.first_date) < end < to_day(s.as_of):
            raise LifecycleError.of(
                "value.bad_calibration_end",
                value=args.calibration_end[:40],
                first=s.first_date.date().isoformat(),
                as_of=s.as_of.date().isoformat(),
            )
        months = max(1, round((to_day(s.as_of) - end) / (365.25 / 12)))
        with in_step("value"):
            cal = calibration(s, holdout_months=months)
        doc["calibration"] = {
            "fit_end": cal["fit_end"].date().isoformat(),
            "holdout_months": cal["holdout_months"],
            "total_actual": cal["total_actual"],
            "total_predicted": cal["total_predicted"],
            "error": cal["error"],
            "by_repeat_purchases": cal["by_repeat_purchases"].to_dict("records"),
        }
    return doc


def _columns(rows: list[list[str]]) -> list[str]:
    """A text table: the first column to the left, the others to the right, each as wide as
    its widest cell and two spaces apart, so that no heading runs into the next."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        for row in rows
    ]


def render_value(doc: dict, lang: str = "en") -> str:
    """The readable summary printed by ``value``."""
    bg, gg = doc["bgnbd"], doc["gamma_gamma"]
    lines = [
        t("cli.value.title", lang, file=doc["file"], start=doc["fit_period"]["start"], end=doc["fit_period"]["end"]),
        t(
            "cli.value.bgnbd",
            lang,
            r=f"{bg['r']:.3f}",
            alpha=f"{bg['alpha']:.3f}",
            a=f"{bg['a']:.3f}",
            b=f"{bg['b']:.3f}",
            ll=f"{bg['log_likelihood']:.1f}",
        )
        if bg["p"] is None  # else every buyer has the same chance of stopping after a purchase: p, not a and b
        else t(
            "cli.value.bgnbd_same",
            lang,
            r=f"{bg['r']:.3f}",
            alpha=f"{bg['alpha']:.3f}",
            p=fmt_pct(bg["p"], lang),
            ll=f"{bg['log_likelihood']:.1f}",
        ),
    ]
    if gg:
        lines.append(t("cli.value.gg", lang, p=f"{gg['p']:.2f}", q=f"{gg['q']:.2f}", gamma=f"{gg['gamma']:.2f}"))
    lines.append(
        t(
            "cli.value.settings",
            lang,
            horizon=doc["horizon_months"],
            discount=fmt_pct(doc["discount"], lang),
            margin=fmt_pct(doc["margin"], lang),
        )
    )
    lines.append("")
    head = [
        t("cli.value.stage", lang),
        t("cli.value.customers", lang),
        t("cli.value.alive", lang),
        t("cli.value.likely", lang),
        t("cli.value.purchases", lang),
    ]
    rows = [
        [
            stage_label(r["stage"], lang),
            fmt_int(r["customers"], lang),
            fmt_pct(r["p_alive_mean"], lang),
            fmt_int(r["likely_alive"], lang),
            fmt_number(r["expected_purchases"], lang, 0),
        ]
        for r in doc["by_stage"]
    ]
    lines += _columns([head, *rows])
    lines.append("")
    lines.append(t("cli.value.lost_alive", lang, n=fmt_int(doc["lost_likely_alive"], lang)))
    lines.append(t("cli.value.active_doubt", lang, n=fmt_int(doc["active_doubtful"], lang)))
    cal = doc.get("calibration")
    if cal:
        lines.append(
            t(
                "cli.value.calibration",
                lang,
                end=fmt_date(cal["fit_end"], lang),
                months=cal["holdout_months"],
                predicted=fmt_number(cal["total_predicted"], lang, 0),  # purchases, not money
                actual=fmt_int(cal["total_actual"], lang),
                error=fmt_pct(cal["error"], lang) if cal["error"] is not None else "–",
            )
        )
    return "\n".join(lines) + "\n"


def _definition(args) -> Definition:
    if args.definition:
        try:
            with open(args.definition, encoding="utf-8-sig") as fh:
                text = fh.read(1_000_001)  # a definition is a few hundred bytes
        except OSError as exc:
            raise LifecycleError.of("error.cannot_read", file=args.definition, why=exc.strerror) from exc
        except UnicodeDecodeError as exc:  # a binary file, or another encoding than UTF-8
            raise LifecycleError.of("error.definition_text", file=args.definition) from exc
        if len(text) > 1_000_000:
            raise LifecycleError.of("error.definition_text", file=args.definition)
        return Definition.from_json(text)
    return Definition(**{f.name: getattr(args, f.name) for f in fields(Definition)})


def _meanings(items: list[str]) -> dict[str, str] | None:
    try:
        return parse_meanings(items) or None
    except ValueError as exc:
        raise LifecycleError.of("error.status_meaning", item=str(exc), meanings=", ".join(MEANINGS)) from exc


def _reading_options(args) -> list[str]:
    """The options given that say how to read the file: a saved summary cannot take them."""
    given = [
        ("--sheet", args.sheet),
        ("--all-sheets", args.all_sheets),
        ("--header-row", args.header_row is not None),
        ("--include-hidden", args.include_hidden),
        ("--dayfirst" if args.dayfirst else "--monthfirst", args.dayfirst is not None),
        ("--decimal", args.decimal),
        *((f"--{role.replace('_', '-')}", getattr(args, f"col_{role}") is not None) for role in _ROLES),
        ("--status-meaning", args.status_meaning),
    ]
    return [option for option, value in given if value]


def run_analysis(args) -> Analysis:
    if is_saved_summary(args.file):
        refused = _reading_options(args)
        if refused:
            raise LifecycleError.of("error.saved_options", file=Path(args.file).name, options=", ".join(refused))
    overrides = {role: getattr(args, f"col_{role}") for role in _ROLES if getattr(args, f"col_{role}") is not None}
    meanings = _meanings(args.status_meaning)
    sheet = args.sheet[0] if args.sheet and len(args.sheet) == 1 else args.sheet
    if args.engine == "spark":
        analysis = analyze_spark(
            args.file,
            _definition(args),
            master=args.spark_master,
            overrides=overrides or None,
            meanings=meanings,
            as_of=args.as_of,
            period=args.period,
            contacts=args.contacts,
        )
        set_currency(args.currency)
        return analysis
    analysis = analyze(
        args.file,
        _definition(args),
        contacts=args.contacts,
        period=args.period,
        sheet=sheet,
        header_row=args.header_row,
        include_hidden=args.include_hidden,
        all_sheets=args.all_sheets,
        overrides=overrides or None,
        dayfirst=args.dayfirst,
        decimal=args.decimal,
        as_of=args.as_of,
        meanings=meanings,
        bounded="fork",  # the command line runs no other thread: its readers are copied, not imported again
        engine=args.engine,
        table=args.table,
        memory_limit=args.memory_limit,
    )
    set_currency(args.currency or analysis.summary.currency)
    return analysis


def save_summary(analysis: Analysis, args, lang: str) -> None:
    """Write the analysis's summary to ``--save-summary`` (through a file beside it, renamed
    once complete: an interrupted save leaves no half-written summary under the name)."""
    out = Path(args.save_summary)
    contacts = Path(args.contacts).name if args.contacts else None
    source = saved_source(analysis.loaded, analysis.contacts, contacts)
    partial = out.with_name(f".{out.name}.partial")
    try:
        write_summary(partial, analysis.summary, analysis.loaded.report, source)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    print(
        t(
            "cli.saved",
            lang,
            file=args.save_summary,
            size=fmt_int(out.stat().st_size, lang),
            n=fmt_int(analysis.summary.n_customers, lang),
        ),
        file=sys.stderr,
    )


def render_text(analysis: Analysis, lang: str = "en") -> str:
    """The readable summary printed by ``analyze``."""
    doc = analysis.to_dict(lang)
    s, st, rep = analysis.summary, analysis.stages, analysis.report
    lines = []
    sheet = t("cli.sheet", lang, sheet=doc["sheet"]) if doc["sheet"] else ""
    lines.append(t("cli.title", lang, file=doc["file"], sheet=sheet, header=doc["header_row"]))
    if analysis.loaded.saved is not None:
        lines.append(t("cli.opened_saved", lang, file=analysis.loaded.saved.file))
    if rep.platform:
        lines.append(t("understood.recognised", lang, platform=t(f"platform.{rep.platform}", lang)))
    if rep.understood:
        lines.append(rep.understood_text(lang))
    for v in rep.statuses:
        lines.append(
            "  "
            + t(
                "cli.status",
                lang,
                value=v.value or "∅",
                meaning=t(f"meaning.{v.meaning}", lang),
                n=fmt_int(v.rows, lang),
                source=t(f"source.{v.source}", lang),
            )
        )
    reasons = ", ".join(f"{k}{colon(lang)}{fmt_int(v, lang)}" for k, v in rep.reasons_text(lang).items())
    lines.append(
        t(
            "cli.rows",
            lang,
            read=fmt_int(rep.read, lang),
            used=fmt_int(rep.used, lang),
            rejected=fmt_int(rep.rejected, lang),
            why=f" ({reasons})" if reasons else "",
            after=fmt_int(rep.after_as_of, lang),
        )
    )
    for w in rep.warnings:
        lines.append(f"  ! {w.text(lang)}")
    lines.append("")
    lines.append(t("cli.definition", lang, text=analysis.definition.text(lang, s.as_of)))
    lines.append(t("cli.period", lang, text=describe_period(s, lang)))
    lines.append(t("cli.clients", lang, n=fmt_int(st.clients_total, lang)))
    lines.append("")
    counts, shares = st.counts, st.shares()
    shown = stages_shown(st)
    width = max(len(stage_label(x, lang)) for x in shown) + 2
    lines.append(f"  {t('cli.stage', lang):<{width}}{t('cli.count', lang):>10}{t('cli.share', lang):>10}")
    for stage in shown:
        share = shares.get(stage)
        share_text = fmt_pct(share, lang) if share is not None else ""
        lines.append(f"  {stage_label(stage, lang):<{width}}{fmt_int(counts[stage], lang):>10}{share_text:>10}")
    if st.unclassified:
        lines.append("  " + t("cli.unclassified", lang, n=fmt_int(st.unclassified, lang)))
    if not s.has_history:
        lines.append("  " + doc["unavailable"]["reactivated"])
    lines.append("")
    lines.append(t("cli.kpis", lang))
    for k in compute_kpis(st):
        lines.append(f"  {k.label(lang):<40}{k.formatted(lang):>12}  {k.definition(lang)}")
    lines.append("")
    lines.append(t("cli.suggested", lang, text=analysis.suggestion.text(lang)))
    lines.append("")
    bal = analysis.balance()
    if bal is None:
        lines.append(t("cli.no_balance", lang, text=doc["unavailable"]["balance"]))
    else:
        head = [t(f"cli.balance.{c}", lang) for c in ("end", "start", "new", "won_back", "lost", "clients", "quick")]
        lines.append(t("cli.balance", lang, period=t(f"period.{analysis.period}", lang)))
        rows = [
            [
                fmt_date(r.period_end, lang),
                fmt_int(r.clients_start, lang),
                fmt_int(r.new, lang),
                fmt_int(r.won_back, lang),
                fmt_int(r.lost, lang),
                fmt_int(r.clients_end, lang),
                "–"
                if r.quick_ratio is None or r.quick_ratio != r.quick_ratio
                else fmt_plain(r.quick_ratio, lang, ".2f"),
            ]
            for r in bal.itertuples()
        ]
        lines += _columns([head, *rows])
    return "\n".join(lines) + "\n"


def _json(doc: dict, **options) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, **options) + "\n"


def _run(args, lang: str) -> tuple[str, str]:
    """The command's work: what it prints on standard output, and a line for standard error."""
    if args.command == "analyze":
        analysis = run_analysis(args)
        if args.save_summary:
            save_summary(analysis, args, lang)
        if args.rejected_csv:
            with open(args.rejected_csv, "w", encoding="utf-8", newline="") as fh:
                fh.write(rejected_csv(analysis.report, lang))
        return (_json(analysis.to_dict(lang)) if args.json else render_text(analysis, lang)), ""
    if args.command == "value":
        analysis = run_analysis(args)
        if args.save_summary:
            save_summary(analysis, args, lang)
        doc = value_document(analysis, args)
        return (_json(doc, default=str) if args.json else render_value(doc, lang)), ""
    from .reports.export import export

    fmt = args.format or Path(args.out).suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise LifecycleError.of("error.out_format", out=args.out, formats=", ".join(FORMATS))
    analysis = run_analysis(args)
    if args.save_summary:
        save_summary(analysis, args, lang)
    with in_step("export"):
        data = export(
            analysis,
            fmt,
            lang,
            chart=args.chart,
            by_segment=args.by_segment,
            start=args.start,
            end=args.end,
            which=args.threshold,
            with_value=args.with_value,
            b_new=args.b_new,
            b_active=args.b_active,
            b_client=args.b_client,
            anonymous=args.anonymise,
        )
        Path(args.out).write_bytes(data)
    return "", t("cli.written", lang, file=args.out, size=fmt_int(len(data), lang))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", "en")
    try:
        # The bar is wiped when the work ends, well or not, before anything else is written.
        with ProgressBar(sys.stderr, lang, args.progress) as bar, listening(bar if bar.shown else None):
            out, note = _run(args, lang)
        sys.stdout.write(out)
        if note:
            print(note, file=sys.stderr)
        return 0
    except LifecycleError as exc:
        print(t("cli.error", lang, message=exc.message(lang)), file=sys.stderr)
        if exc.report is not None and getattr(args, "rejected_csv", None):  # no usable row: each row's reason
            with open(args.rejected_csv, "w", encoding="utf-8", newline="") as fh:
                fh.write(rejected_csv(exc.report, lang))
        return 2
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        return 0
    except OSError as exc:
        where = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
        print(t("cli.error", lang, message=where), file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback for a user; the type says where to look
        print(
            f"error: unexpected {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", file=sys.stderr
        )
        return 1
