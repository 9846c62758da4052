"""Outputs (core/outputs.py) and the CLI's error handling: what cannot be simulated by a real file
(a full disk, a read-only folder when tests run as root, a second run racing for the same name)
is simulated here by monkeypatching, as issue 14 and 15 ask."""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen import api
from reportgen.cli import cli, terminal_safe
from reportgen.core import outputs
from reportgen.core.errors import OutputExistsError
from reportgen.core.findings import ERROR, WARNING, Finding
from reportgen.core.period import Period


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_output_gets_the_users_umask(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        with outputs.atomic_output(tmp_path / "a.txt") as tmp:
            tmp.write_text("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o666 & ~mask


def test_forms_output_is_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = api.make_forms(Period.parse("2025"), tmp_path / "f.xlsx")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_second_writer_does_not_win_silently(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    with pytest.raises(OutputExistsError):
        with outputs.atomic_output(target) as tmp:
            tmp.write_text("mine")
            target.write_text("theirs")  # another run finished first
    assert target.read_text() == "theirs"
    assert _leftovers(tmp_path) == ["a.txt"]


def test_force_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with outputs.atomic_output(target, force=True) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new" and _leftovers(tmp_path) == ["a.txt"]


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "ổ đĩa đã đầy"), (errno.EROFS, "chỉ cho phép đọc"),
                                         (errno.EACCES, "không có quyền ghi"), (errno.EIO, "lỗi đọc/ghi")])
def test_os_errors_while_writing_are_user_errors(tmp_path: Path, code: int, words: str) -> None:
    with pytest.raises(outputs.OutputError) as info:
        with outputs.atomic_output(tmp_path / "a.txt") as tmp:
            tmp.write_text("part")
            raise OSError(code, os.strerror(code))
    assert words in info.value.message and info.value.exit_code == 2
    assert _leftovers(tmp_path) == []  # no truncated output, no temporary file


def test_full_disk_during_build_exit_2(tmp_path: Path, make_form, monkeypatch) -> None:
    data = make_form(tmp_path, period="2025")
    from reportgen.docx import render

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(render, "_save", full)
    before = set(_leftovers(tmp_path))
    result = CliRunner().invoke(cli, ["build", "annual", "--draft", "--data", str(data), "-o", str(tmp_path / "bc.docx")])
    assert result.exit_code == 2, result.output
    assert "ổ đĩa đã đầy" in result.stderr and "Traceback" not in result.output
    assert set(_leftovers(tmp_path)) == before


def test_read_only_folder_exit_2(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = CliRunner().invoke(cli, ["forms", "--period", "2025", "-o", str(tmp_path / "f.xlsx")])
    assert result.exit_code == 2 and "chỉ cho phép đọc" in result.stderr, result.output
    assert _leftovers(tmp_path) == []


def test_output_under_a_file_and_output_a_folder(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x")
    under = CliRunner().invoke(cli, ["forms", "--period", "2025", "-o", str(tmp_path / "x.txt" / "f.xlsx")])
    assert under.exit_code == 2 and "không phải thư mục" in under.stderr, under.output
    (tmp_path / "d.xlsx").mkdir()
    folder = CliRunner().invoke(cli, ["forms", "--period", "2025", "-o", str(tmp_path / "d.xlsx"), "--force"])
    assert folder.exit_code == 2 and "Traceback" not in folder.output


def test_output_may_not_be_an_input(tmp_path: Path, make_form) -> None:
    data = make_form(tmp_path, period="2025")
    before = data.read_bytes()
    for args in (["build", "annual", "--data", str(data), "-o", str(data), "--force"],
                 ["aggregate", str(data), "-o", str(data), "--force"],
                 ["forms", "--period", "2026", "--plan-from", str(data), "-o", str(data), "--force"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2 and "trùng với tệp đầu vào" in result.stderr, (args, result.output)
    assert data.read_bytes() == before


def test_existing_pdf_or_sidecar_kept_without_force(tmp_path: Path, make_form) -> None:
    data = make_form(tmp_path, period="2025")
    pdf = tmp_path / "bc.pdf"
    pdf.write_bytes(b"%PDF old")
    result = CliRunner().invoke(cli, ["build", "annual", "--data", str(data), "-o", str(tmp_path / "bc.docx"), "--pdf"])
    assert result.exit_code == 2 and "đã tồn tại" in result.stderr
    assert pdf.read_bytes() == b"%PDF old" and not (tmp_path / "bc.docx").exists()


def test_keep_text_writes_formulas_from_users_as_strings(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook
    wb = Workbook()
    ws = wb.active
    for k, text in enumerate(["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "bình thường"], start=1):
        ws.cell(k, 1, text)
    outputs.keep_text(wb)
    wb.save(tmp_path / "a.xlsx")
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    back = load_workbook(tmp_path / "a.xlsx")
    assert back.active["A1"].value == "=cmd|' /C calc'!A0" and back.active["A1"].data_type == "s"


@pytest.mark.parametrize("value, shown", [("=1+1", "'=1+1"), ("+7", "'+7"), ("-x", "'-x"), ("@a", "'@a"),
                                          ("35.402", "35.402"), (7, 7)])
def test_csv_text(value, shown) -> None:
    assert outputs.csv_text(value) == shown


@pytest.mark.parametrize("raw, shown", [("a\x1b[2Jb", "a\\x1b[2Jb"), ("x\ny", "x\\ny"), ("\u202eabc", "\\u202eabc"),
                                        ("Xã Hương Phùng", "Xã Hương Phùng"), ("\x9b31m", "\\x9b31m")])
def test_terminal_safe(raw: str, shown: str) -> None:
    assert terminal_safe(raw) == shown


def test_finding_lines_are_capped_per_file() -> None:
    findings = [Finding(WARNING, f"w{k}", "a.xlsx") for k in range(500)] + \
               [Finding(WARNING, "w", "b.xlsx")] + [Finding(ERROR, f"e{k}", "a.xlsx") for k in range(150)]
    lines = api.finding_lines(findings)
    assert len([x for x in lines if x.startswith("a.xlsx: Cảnh báo: w")]) == api.WARNINGS_PER_FILE
    assert "a.xlsx: Cảnh báo: … và 480 cảnh báo khác của tệp này (không in hết)" in lines
    assert "a.xlsx: Lỗi: … và 50 lỗi khác của tệp này (không in hết)" in lines
    assert "b.xlsx: Cảnh báo: w" in lines
    assert api.finding_lines(findings, quiet=True)[-1].startswith("a.xlsx: Lỗi: … và 50")


def test_build_refuses_what_check_refuses_with_the_same_lines(tmp_path: Path, make_form) -> None:
    data = make_form(tmp_path, period="2025", fill={"tre_em_duoi_16": 100, "tre_em_duoi_6": 500})
    check = CliRunner().invoke(cli, ["check", "-q", str(data)])
    build = CliRunner().invoke(cli, ["build", "annual", "--data", str(data), "-o", str(tmp_path / "bc.docx")])
    assert check.exit_code == 1 and build.exit_code == 1
    assert [x for x in check.stdout.splitlines() if "Lỗi:" in x] == \
           [x for x in build.stdout.splitlines() if "Lỗi:" in x]
    assert "--draft" in build.stderr and not (tmp_path / "bc.docx").exists()
    draft = CliRunner().invoke(cli, ["build", "annual", "--draft", "--data", str(data), "-o", str(tmp_path / "bc.docx")])
    assert draft.exit_code == 0, draft.output
    import docx
    first = [p.text for p in docx.Document(str(tmp_path / "bc.docx")).paragraphs if p.text.strip()][:12]
    assert any("DỰ THẢO" in p for p in first) and any("lớn hơn" in p for p in first)


def test_district_rows_read_for_periods_before_july_2025(catalog, make_form, tmp_path: Path) -> None:
    from reportgen.read.workbook import read_workbook
    district = [r.indicator for a in catalog.annexes if a.layout == "list" for r in a.rows
                if r.indicator and r.level == "huyen"]
    assert district and not catalog.active_level("huyen")  # the catalog without a period: no district
    assert catalog.for_period(Period.parse("2025-H1")).active_level("huyen")
    assert not catalog.for_period(Period.parse("2025")).active_level("huyen")
    data = make_form(tmp_path, period="2025-H1", fill={district[0]: 7})
    assert read_workbook(data, catalog).get(district[0]) == 7


def test_units_file_encodings(tmp_path: Path) -> None:
    import badfiles
    from reportgen.read.textfile import read_units_file
    text = "# danh sách\nxã Hương Phùng\ntỉnh Sơn Hà\n"
    for name, data in {"utf8": text.encode(), "bom": b"\xef\xbb\xbf" + text.encode(),
                       "utf16": text.encode("utf-16"), "utf16le": text.encode("utf-16-le"),
                       "cp1258": badfiles.cp1258(text)}.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        assert read_units_file(path) == ["xã Hương Phùng", "tỉnh Sơn Hà"], name
