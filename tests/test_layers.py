"""The code's shape: layers that import only downwards, no import circle, an honest public
surface, thin pages, and one place that knows languages.

Layers, lowest first: errors, vocabulary and the language layer (``lifecycle/locale``); the
definition and the reading of files (``lifecycle/reading``); the model
(``lifecycle/model``); ``analysis``, which ties them together; what a person reads
(``lifecycle/reports``); and at the top the scenario files, the command line and the app
(``lifecycle/ui``). A module imports from its own layer or those below it.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lifecycle"
LAYERS = (
    ("lifecycle.errors", "lifecycle.vocabulary", "lifecycle.locale"),
    ("lifecycle.definition", "lifecycle.reading"),
    ("lifecycle.model",),
    ("lifecycle.analysis",),
    ("lifecycle.reports",),
    ("lifecycle.scenario", "lifecycle.cli", "lifecycle.ui", "lifecycle.__main__", "lifecycle"),
)


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py")}


def _layer(module: str) -> int:
    best = None
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            inside = module == prefix or module.startswith(prefix + ".")
            if inside and (best is None or len(prefix) > best[1]):
                best = (rank, len(prefix))
    assert best is not None, module
    return best[0]


def _type_only(tree: ast.Module) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:`` (for annotations, never run)."""
    out = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {n.lineno for n in ast.walk(node) if isinstance(n, ast.stmt)}
    return out


@functools.cache
def _tree(path: Path) -> ast.Module:
    """A file's syntax tree, parsed once per test process."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(path: Path):
    """(imported module, names, line, at run time) for each ``from ... import`` of a file."""
    me = _name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    tree = _tree(path)
    typing = _type_only(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target, [a.name for a in node.names], node.lineno, node.lineno not in typing
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, [], node.lineno, node.lineno not in typing


def _edges() -> dict[str, set[str]]:
    edges = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for target, names, _, run_time in _imports(path):
            if not run_time:
                continue
            for t in [target, *(f"{target}.{n}" for n in names)]:
                if t in MODULES and t != module:
                    edges[module].add(t)
    return edges


def test_each_layer_imports_only_from_itself_and_those_below():
    upward = [
        (module, target)
        for module, targets in _edges().items()
        for target in targets
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_no_import_circle():
    edges, seen, stack, circles = _edges(), set(), [], []

    def visit(m: str) -> None:
        if m in stack:
            circles.append([*stack[stack.index(m) :], m])
            return
        if m in seen:
            return
        seen.add(m)
        stack.append(m)
        for t in sorted(edges[m]):
            visit(t)
        stack.pop()

    for m in sorted(edges):
        visit(m)
    assert circles == []


def _sources() -> list[Path]:
    skip = {".venv", ".git", "test-artifacts"}
    return [p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts)]


def _declared(path: Path) -> list[str] | None:
    for node in _tree(path).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return [e.value for e in node.value.elts]
    return None


def test_a_name_another_module_imports_is_public_and_in_its_all():
    wrong = []
    for path in _sources():
        for target, names, line, _ in _imports(path):
            if target not in MODULES or _name(path) == target:
                continue
            declared = _declared(MODULES[target])
            for n in names:
                if f"{target}.{n}" in MODULES or n == "*":
                    continue
                where = f"{path.relative_to(ROOT)}:{line} {target}.{n}"
                if n.startswith("_"):
                    wrong.append(f"private: {where}")
                elif MODULES[target].name != "__init__.py" and (declared is None or n not in declared):
                    wrong.append(f"not in __all__: {where}")
    assert wrong == []


def test_every_name_in_all_exists():
    missing = []
    for module, path in MODULES.items():
        tree = _tree(path)
        top = {id(node) for node in tree.body}
        defined = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and id(node) in top:
                defined.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and id(node) in top:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                defined |= {t.id for t in targets if isinstance(t, ast.Name)}
            elif isinstance(node, (ast.ImportFrom, ast.Import)):
                defined |= {(a.asname or a.name).split(".")[0] for a in node.names}
        missing += [f"{module}.{n}" for n in _declared(path) or [] if n not in defined]
    assert missing == []


def test_only_the_app_imports_streamlit():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for module, path in MODULES.items()
        if not module.startswith("lifecycle.ui")
        for target, _, line, _ in _imports(path)
        if target.split(".")[0] == "streamlit"
    ]
    assert found == []


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_a_page_reads_widgets_calls_the_engine_and_draws(page):
    # No data library on a page: the tables it shows come formatted from lifecycle.reports.
    libraries = {t.split(".")[0] for t, _, _, _ in _imports(page)} - {"lifecycle", "streamlit", "__future__"}
    assert libraries <= {"contextlib", "time", "urllib"}, libraries


LANGUAGE_BRANCH = re.compile(r"""\blang(uage)?\s*(==|!=|in)\s*\(?["'](en|fr)["']""")


def test_no_language_branch_outside_the_language_layer():
    found = [
        f"{path.relative_to(ROOT)}:{i}"
        for path in [*PACKAGE.rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
        if "locale" not in path.relative_to(PACKAGE.parent).parts
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LANGUAGE_BRANCH.search(line)
    ]
    assert found == []
