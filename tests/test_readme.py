"""The README stays true: it opens with the two set-up commands and the app's address, it
tells no history, and every ``python -m lifecycle`` example in its code blocks runs as written.

Each example runs in-process through ``lifecycle.cli.main`` in a fresh folder that holds
``sample_data`` (a link to the repository's), so the paths written in the README resolve as
they do for a reader at the repository's root, and the files it writes land there.
"""

from __future__ import annotations

import contextvars
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from lifecycle.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PREFIX = ["python", "-m", "lifecycle"]
WRITES = ("--out", "--rejected-csv", "--save-summary")  # options naming a file the command writes
# Words that date a sentence: the README says what the software does, never what it did.
HISTORY = re.compile(
    r"\b(now|no longer|used to|new in|since|formerly|previously|anymore|measured before|at commit"
    r"|sessions?|issues? #?\d+)\b",
    re.IGNORECASE,
)


def code_blocks(text: str) -> list[str]:
    """The bodies of the fenced code blocks, in order."""
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def logical_lines(block: str) -> list[str]:
    """A block's lines with the continuations (a line ending in ``\\``) joined."""
    lines, current = [], ""
    for line in block.splitlines():
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
        else:
            lines.append(current + line)
            current = ""
    if current:
        lines.append(current)
    return lines


def examples(text: str) -> list[list[str]]:
    """Every ``python -m lifecycle`` command of the code blocks, as its argument list."""
    found = []
    for block in code_blocks(text):
        for line in logical_lines(block):
            words = shlex.split(line, comments=True)
            if words[:3] == PREFIX:
                found.append(words[3:])
            else:
                assert "-m lifecycle" not in line, f"an example the test cannot run as written: {line!r}"
    return found


TEXT = README.read_text(encoding="utf-8")
EXAMPLES = examples(TEXT)


def test_readme_opens_with_the_two_setup_commands_and_the_address():
    first, second = (block.strip() for block in code_blocks(TEXT)[:2])
    assert "\n" not in first and first.endswith("streamlit run app.py")
    assert "\n" not in second and second.endswith("python -m pytest")
    before_the_sections = TEXT.split("\n## ", 1)[0]
    assert "http://localhost:8501" in before_the_sections
    assert "](docs/" in before_the_sections  # the screenshot


def test_readme_tells_no_history():
    found = [(n, m.group(0)) for n, line in enumerate(TEXT.splitlines(), 1) for m in HISTORY.finditer(line)]
    assert not found, f"words that date the README (line, word): {found}"


def test_readme_has_examples_of_every_command():
    assert {argv[0] for argv in EXAMPLES} == {"analyze", "value", "export"}


def test_continuation_lines_are_joined():
    block = 'python -m lifecycle analyze a.csv \\\n  --customer "N° client" \\\n  --json  # a comment\n'
    assert examples(f"```bash\n{block}```\n") == [["analyze", "a.csv", "--customer", "N° client", "--json"]]


@pytest.fixture
def at_repository_root(tmp_path, monkeypatch):
    """A working folder where ``sample_data/...`` resolves to the repository's samples."""
    try:
        (tmp_path / "sample_data").symlink_to(ROOT / "sample_data", target_is_directory=True)
    except OSError:  # no symbolic links on this system
        shutil.copytree(ROOT / "sample_data", tmp_path / "sample_data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("argv", EXAMPLES, ids=[" ".join(a) for a in EXAMPLES])
def test_example_runs_as_written(argv, at_repository_root, capsys):
    # Its own context: the currency a command sets stays with that command.
    assert contextvars.copy_context().run(main, argv) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    for option in WRITES:
        if option in argv:
            written = at_repository_root / argv[argv.index(option) + 1]
            assert written.is_file() and written.stat().st_size > 0, written.name
    if argv[0] in ("analyze", "value"):
        assert out.strip()
    if "--json" in argv:
        json.loads(out)
