"""Write what the software shows for every corpus file and bundled sample into one folder.

    python scripts/snapshot_outputs.py OUT_DIR

For each file, in English and French: the ``analyze --json`` document, the text report, the
workbook's cells (value and number format of every cell of every sheet), the customers CSV,
the definitions card, every slide's text of the deck and the Vega-Lite spec of every chart.
Two folders written by two versions of the code compare with ``diff -r``: a change that only
moves or names things leaves no difference.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from pptx import Presentation  # noqa: E402

from lifecycle import analyze  # noqa: E402
from lifecycle.cli import main  # noqa: E402
from lifecycle.reports.charts import NAMES  # noqa: E402
from tests import corpus  # noqa: E402

EXPORTED = "2026-01-02"  # the date the exports are stamped with
CHART_NAMES = NAMES  # every chart of the registry


def _cases(folder: Path) -> list[tuple[str, Path, list[str]]]:
    """(label, file, command-line options) for every corpus file and sample."""
    out = []
    for name, make in sorted(corpus.ALL.items()):
        export = make()
        path = corpus.write(export, folder)
        for i, options in enumerate(export.expected["load_options"]):
            args = []
            for key, value in options.items():
                if key == "as_of":
                    args += ["--as-of", value]
                elif key == "sheet":
                    for sheet in value if isinstance(value, list | tuple) else [value]:
                        args += ["--sheet", str(sheet)]
                elif key == "all_sheets":
                    args += ["--all-sheets"]
                else:
                    raise SystemExit(f"{name}: option {key} has no command-line form here")
            out.append((f"{name}.{i}", Path(path), args))
    samples = ROOT / "sample_data"
    out.append(
        ("sample.shop", samples / "ventes_boutique.xlsx", ["--contacts", str(samples / "contacts_boutique.csv")])
    )
    out.append(("sample.shop.rhythm", samples / "ventes_boutique.xlsx", ["--own-rhythm", "--active-months", "9"]))
    out.append(("sample.b2b", samples / "factures_b2b.csv", []))
    out.append(("sample.crm", samples / "opportunites_crm.csv", []))
    out.append(("sample.clients", samples / "clients_crm.csv", []))
    return out


_LONG_FLOAT = re.compile(r"-?\d+\.\d{7,}")
_SIZE = re.compile(r"^(.*out\.\w+)\W*: [\d,\u202f\u00a0 ]+ (bytes|octets)$", re.M)


def steady(text: str) -> str:
    """The text without what changes from run to run: the last bits of a sum DuckDB adds up
    in parallel (floats kept to 9 significant digits) and the size of a zipped file."""
    text = _LONG_FLOAT.sub(lambda m: f"{float(m.group(0)):.9g}", text)
    return _SIZE.sub(r"\1: (size)", text)


def _run(argv: list[str]) -> str:
    buffer, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(errors):
        try:
            code = main(argv)
        except SystemExit as stop:
            code = stop.code
    return f"exit {code}\n{buffer.getvalue()}{errors.getvalue()}"


def _cells(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    lines = []
    for ws in wb.worksheets:
        lines.append(f"## {ws.title}")
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    lines.append(f"{c.coordinate}\t{c.value!r}\t{c.number_format}")
    return "\n".join(lines) + "\n"


def _slides(path: Path) -> str:
    lines = []
    for i, slide in enumerate(Presentation(path).slides, 1):
        lines.append(f"## slide {i}")
        for shape in slide.shapes:
            if shape.has_text_frame:
                lines.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    lines.append(" | ".join(c.text for c in row.cells))
            if shape.shape_type == 13:  # a picture: its size tells which chart layout it has
                lines.append(f"picture {shape.width}x{shape.height}")
    return "\n".join(lines) + "\n"


def _specs(file: Path, args: list[str], lang: str) -> dict:
    try:
        from lifecycle.reports.charts import build_chart
    except ImportError:
        from lifecycle.reports.charts import build_chart

    kw = {}
    if "--as-of" in args:
        kw["as_of"] = args[args.index("--as-of") + 1]
    sheets = [args[i + 1] for i, a in enumerate(args) if a == "--sheet"]
    if sheets:
        kw["sheet"] = sheets
    if "--all-sheets" in args:
        kw["all_sheets"] = True
    if "--contacts" in args:
        kw["contacts"] = args[args.index("--contacts") + 1]
    try:
        analysis = analyze(str(file), **kw)
    except Exception as error:
        return {"error": str(error)}
    specs = {}
    for name in CHART_NAMES:
        for by_segment in (False, True):
            try:
                spec = build_chart(analysis, name, lang, by_segment=by_segment).to_dict()
            except Exception as error:
                spec = {"error": f"{type(error).__name__}: {error}"}
            specs[f"{name}{'.segment' if by_segment else ''}"] = spec
    return specs


def main_(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    # One fixed folder for the inputs: file paths appear in some outputs, so two runs must share it.
    tmp = Path(tempfile.gettempdir()) / "lifecycle-snapshot-inputs"
    tmp.mkdir(exist_ok=True)
    for label, file, args in _cases(tmp):
        for lang in ("en", "fr"):
            base = [str(file), *args, "--lang", lang]
            stem = out / f"{label}.{lang}"
            Path(f"{stem}.json").write_text(steady(_run(["analyze", *base, "--json"])))
            Path(f"{stem}.txt").write_text(steady(_run(["analyze", *base])))
            Path(f"{stem}.value.txt").write_text(steady(_run(["value", *base])))
            for fmt in ("xlsx", "csv", "md", "pptx"):
                target = tmp / f"out.{fmt}"
                target.unlink(missing_ok=True)
                status = _run(["export", *base, "--format", fmt, "--out", str(target)])
                text = status
                if target.exists() and status.startswith("exit 0"):
                    if fmt == "xlsx":
                        text += _cells(target)
                    elif fmt == "pptx":
                        text += _slides(target)
                    else:
                        text += target.read_text(encoding="utf-8-sig")
                Path(f"{stem}.{fmt}.txt").write_text(steady(text))
            specs = _specs(file, args, lang)
            Path(f"{stem}.charts.json").write_text(steady(json.dumps(specs, indent=1, sort_keys=True, default=str)))
        print(label, flush=True)


if __name__ == "__main__":
    main_(Path(sys.argv[1]))
