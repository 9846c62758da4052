"""The README's commands run as written, so the README cannot drift from the program.

Rules (what "as written" means here):

* Every line of every ```bash block of README.md is one command. They run in order, each in its
  own `bash -c`, from the root of a copy of the repository (tmp_path), with `reportgen` and
  `python` on PATH meaning this test's interpreter (`sys.executable`, with PYTHONPATH at the copy).
* Lines that make or enter a virtual environment (`python3 -m venv`, `. .venv/bin/activate`),
  install packages (`pip install`, `apt-get`) or run the test suite itself (`python -m pytest`) are
  not run: the test must not change this machine or call itself. `.ci/run` runs the README's test
  command (checked below), and tests/test_install.py does `pip install .` into a fresh venv and
  runs `reportgen demo` from an empty folder.
* `export NAME=VALUE` sets NAME for the lines after it, as in one terminal session.
* A command that starts a server (`reportgen web ...`) runs with `--help` appended: its options are
  checked, no server is left running.
* A command must exit 0, unless its comment says `mã thoát N` (exit code N).
* A command with `--pdf` needs LibreOffice; without `soffice` it must exit 2 naming LibreOffice.
* `reportgen forms|build|aggregate|demo|init-config` and redirections (`> FILE`) must create files.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from repocopy import ROOT, copy_repository

README = ROOT / "README.md"
NOT_RUN = re.compile(r"^(sudo |apt-get |apt )|^(python3?|py) -m (venv|pip|pytest)\b|^pip3? install\b"
                     r"|^(\.|source) \S*activate\b|^\S*activate(\.bat)?\b")
MAKES_FILES = {"forms", "build", "aggregate", "demo", "init-config"}
TEST_COMMAND = re.compile(r"^python -m pytest\b.*$")


def readme_commands(text: str) -> list[str]:
    """The lines of the ```bash blocks, without comments-only and blank lines."""
    out = []
    for block in re.findall(r"^```bash\n(.*?)^```", text, re.S | re.M):
        for line in block.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                out.append(line.strip())
    return out


def _split(line: str) -> tuple[str, str]:
    """(command, comment) of a README line; the comment starts at an unquoted ' #'."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and i > 0 and line[i - 1] == " ":
            return line[:i].rstrip(), line[i + 1:].strip()
    return line, ""


def _subcommand(words: list[str]) -> str:
    """The reportgen subcommand of a command line ("build"), skipping group options like --config DIR."""
    rest = words[1:]
    while rest and rest[0].startswith("-"):
        rest = rest[2:] if rest[0] in ("--config",) else rest[1:]
    return rest[0] if rest else ""


@pytest.fixture(scope="module")
def bin_dir(tmp_path_factory) -> Path:
    """`reportgen` and `python` commands that run this interpreter."""
    folder = tmp_path_factory.mktemp("bin")
    for name, args in (("reportgen", "-m reportgen"), ("python", ""), ("python3", "")):
        script = folder / name
        script.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {args} "$@"\n', encoding="utf-8")
        script.chmod(0o755)
    return folder


def _files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_readme_commands_run_as_written(tmp_path, bin_dir):
    commands = readme_commands(README.read_text(encoding="utf-8"))
    assert len(commands) >= 15, "the README's code blocks hold the guide's commands"
    repo = copy_repository(tmp_path / "repo")
    env = {**os.environ, "PYTHONPATH": str(repo), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("REPORTGEN_CONFIG", None)
    env.pop("REPORTGEN_CATALOG", None)
    has_soffice = bool(shutil.which("soffice") or shutil.which("libreoffice"))
    ran = 0
    for line in commands:
        command, comment = _split(line)
        if NOT_RUN.search(command):
            continue
        words = shlex.split(command)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            env[name] = value
            continue
        if words[0] == "reportgen" and _subcommand(words) == "web":
            command += " --help"
        expected = int(m.group(1)) if (m := re.search(r"mã thoát (\d+)", comment)) else 0
        needs_lo = "--pdf" in words and not has_soffice
        before = _files(repo)
        done = subprocess.run(["bash", "-c", command], cwd=repo, env=env, capture_output=True, text=True,
                              timeout=300)
        said = f"README: {line}\nexit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, said
        if needs_lo:
            assert done.returncode == 2 and "LibreOffice" in done.stderr, said
        else:
            assert done.returncode == expected, said
        made = _files(repo) - before
        if (words[0] == "reportgen" and _subcommand(words) in MAKES_FILES) or ">" in words:
            assert made, f"{said}\nno file was created"
        if "-o" in words:  # the named output, with the extension reportgen adds when it has none
            target = words[words.index("-o") + 1]
            assert any((repo / (target + ext)).exists() for ext in ("", ".docx", ".xlsx")), f"{said}\nno {target}"
        ran += 1
    assert ran >= 15


def test_readme_names_real_sample_files():
    """Every data/samples path in the README's commands exists (a typo fails here, clearly)."""
    for line in readme_commands(README.read_text(encoding="utf-8")):
        for word in shlex.split(_split(line)[0]):
            if word.startswith("data/"):
                assert (ROOT / word).exists(), f"README: {line}: {word} does not exist"


def test_ci_runs_the_readme_test_command():
    commands = [c for c in readme_commands(README.read_text(encoding="utf-8")) if TEST_COMMAND.match(_split(c)[0])]
    assert len(commands) == 1, "the quick start names one test command"
    test_command = _split(commands[0])[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in [line.strip() for line in ci], f".ci/run must run «{test_command}» as the README says"


@pytest.mark.parametrize("line,rule", [
    ("python3 -m venv .venv", "not run"), (". .venv/bin/activate", "not run"), ('pip install ".[test]"', "not run"),
    ("python -m pytest", "not run"), ("sudo apt-get install poppler-utils", "not run"),
    ("reportgen demo", "run"), ("python scripts/make_sample_data.py", "run"),
])
def test_which_lines_are_not_run(line, rule):
    assert ("not run" if NOT_RUN.search(line) else "run") == rule


@pytest.mark.parametrize("line,command,comment", [
    ('reportgen forms --unit "xã #1" -o a.xlsx', 'reportgen forms --unit "xã #1" -o a.xlsx', ""),
    ("reportgen check x/          # kiểm tra", "reportgen check x/", "kiểm tra"),
    ("reportgen aggregate x/ -o t.xlsx  # mã thoát 1: thiếu", "reportgen aggregate x/ -o t.xlsx", "mã thoát 1: thiếu"),
])
def test_comment_split(line, command, comment):
    assert _split(line) == (command, comment)
