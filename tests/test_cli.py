"""The `reportgen` command line: Vietnamese help for every command, errors as one line with a code.

Like sqlite-utils' tests/test_docs.py: every command (and every option) must have help.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reportgen import __version__
from reportgen.cli import cli

VIETNAMESE = re.compile(r"[À-ỹ]")  # a letter with a Vietnamese diacritic
COMMANDS = sorted(cli.commands)


def run(args: list[str]):
    return CliRunner().invoke(cli, args, prog_name="reportgen")


def test_commands_exist() -> None:
    assert {"forms", "check", "extract"} <= set(COMMANDS)


def test_group_help_is_vietnamese_and_lists_every_command() -> None:
    result = run(["--help"])
    assert result.exit_code == 0
    assert "lập báo cáo công tác trẻ em" in result.stdout
    assert "Cách dùng: reportgen" in result.stdout
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s+\S", result.stdout, re.M), name


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_vietnamese_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help and VIETNAMESE.search(command.help), f"{name} has no Vietnamese help"
    result = run([name, "--help"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(f"Cách dùng: reportgen {name}")
    first_line = command.help.strip().splitlines()[0]
    assert first_line[:40] in " ".join(out.split())
    words = [w for w in re.findall(r"\w+", out) if VIETNAMESE.search(w)]
    assert len(words) >= 5, f"{name} --help has too little Vietnamese: {out!r}"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_vietnamese_help(name: str) -> None:
    for param in cli.commands[name].params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            assert param.help and VIETNAMESE.search(param.help), f"{name} {param.opts} has no Vietnamese help"


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_short_help_flag(flag: str) -> None:
    assert run(["check", flag]).exit_code == 0


def test_version() -> None:
    result = run(["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"reportgen {__version__}"


@pytest.mark.parametrize("args, needle", [
    (["khong-co-lenh"], "Không có lệnh"),
    (["forms"], "--period"),
    (["forms", "--period", "2025"], "--output"),
    (["forms", "--period", "2025-H2", "-o", "x.xlsx"], "Kỳ báo cáo không hợp lệ: «2025-H2»"),
    (["check"], "INPUTS"),
    (["check", "khong-co-tep.xlsx"], "khong-co-tep.xlsx"),
    (["extract", "khong-co-tep.xlsx"], "khong-co-tep.xlsx"),
])
def test_misuse_exits_2_in_vietnamese(tmp_path: Path, monkeypatch, args: list[str], needle: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(args)
    assert result.exit_code == 2
    assert needle in result.output  # stderr, or the per-file lines `check` prints
    assert "Lỗi: " in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_unexpected_error_is_one_line_exit_1(monkeypatch, tmp_path: Path) -> None:
    from reportgen import api

    def boom(inputs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(api, "check_files", boom)
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"")
    result = run(["check", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Lỗi không mong đợi (RuntimeError): hỏng. Vui lòng gửi tệp đầu vào cho nhóm phát triển."]
    assert "Traceback" not in result.output


def test_reportgen_error_is_one_line_with_its_exit_code(monkeypatch, tmp_path: Path) -> None:
    from reportgen import api
    from reportgen.core.errors import InvalidDataError

    def bad(path):
        raise InvalidDataError("số âm không hợp lệ", file="a.xlsx", sheet="M01-TE", cell="F11")

    monkeypatch.setattr(api, "extract_file", bad)
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"")
    result = run(["extract", str(path)])
    assert result.exit_code == 1
    assert result.stderr == "Lỗi: a.xlsx M01-TE!F11: số âm không hợp lệ\n"
    assert result.stdout == ""


def test_python_m_reportgen() -> None:
    result = subprocess.run([sys.executable, "-m", "reportgen", "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert "Cách dùng:" in result.stdout and "forms" in result.stdout
