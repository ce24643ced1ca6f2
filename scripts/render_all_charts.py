"""Render every chart, annotated, in English and French, for a look before a release.

    python -m scripts.render_all_charts sample_data/factures_b2b.csv out/charts [--contacts FILE]
    python -m scripts.render_all_charts sample_data/ventes_boutique.xlsx out/charts --definition '{"min_amount": 200}'

Writes one PNG per chart and language (and the by-segment variants when a segment is mapped).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lifecycle import Definition, LifecycleError, analyze
from lifecycle.reports.charts import NAMES as CHARTS
from lifecycle.reports.export import export


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("out")
    ap.add_argument("--contacts")
    ap.add_argument("--definition", help="the definition as JSON, e.g. with options on")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    definition = Definition.from_json(args.definition) if args.definition else Definition()
    analysis = analyze(args.file, definition, contacts=args.contacts)
    stem = Path(args.file).stem
    for lang in ("en", "fr"):
        for chart in CHARTS:
            variants = (
                [False, True] if analysis.summary.has_segment and chart in ("funnel", "flows", "history") else [False]
            )
            for by_segment in variants:
                name = f"{stem}_{chart}{'_segments' if by_segment else ''}_{lang}.png"
                try:
                    data = export(analysis, "png", lang, chart=chart, by_segment=by_segment)
                except LifecycleError as exc:  # e.g. a history chart for a one-row-per-customer file
                    print(f"{name}: not drawn: {exc.message(lang)}")
                    continue
                (out / name).write_bytes(data)
                print(out / name)


if __name__ == "__main__":
    main()
