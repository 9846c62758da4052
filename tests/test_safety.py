"""reportgen.safety: every bad input of tests/badfiles.py refused (or flagged) before parsing."""

from __future__ import annotations

import hashlib
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import badfiles
from reportgen.read import safety
from reportgen.core.errors import UnreadableInputError
from reportgen.read.safety import WorkbookCheck, inspect_workbook, is_within, safe_filename

VIETNAMESE = re.compile(r"[À-ỹ]")  # at least one accented Vietnamese letter
TIME_LIMIT = 30.0  # generous guard against hangs (a loaded 2-core machine); most checks take well under a second


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


@pytest.mark.parametrize("bad", badfiles.CORPUS, ids=[b.key for b in badfiles.CORPUS])
def test_corpus(bad: badfiles.BadInput, tmp_path: Path) -> None:
    path = bad.build(tmp_path)
    before = _sha256(path)
    start = time.monotonic()
    if bad.exit_code:
        with pytest.raises(UnreadableInputError) as info:
            inspect_workbook(path)
        err = info.value
        assert err.exit_code == bad.exit_code == 2
        assert err.file == str(path)
        line = err.format_message()
        assert line.startswith(str(path) + ": ")
        assert bad.needle in err.message
        assert VIETNAMESE.search(err.message)
        assert "\n" not in line
    else:
        check = inspect_workbook(path)
        assert isinstance(check, WorkbookCheck)
        assert all(VIETNAMESE.search(w) and "\n" not in w for w in check.warnings)
        if bad.needle:
            assert any(bad.needle in w for w in check.warnings)
    assert time.monotonic() - start < TIME_LIMIT
    assert _sha256(path) == before  # inspection never writes


def test_valid_workbook_has_no_warnings(tmp_path: Path) -> None:
    check = inspect_workbook(badfiles.valid_workbook(tmp_path))
    assert check.warnings == [] and check.external_links == []
    assert check.members > 3 and check.uncompressed_size > 0


def test_external_link_recorded_not_followed(tmp_path: Path) -> None:
    check = inspect_workbook(badfiles.external_link(tmp_path))
    assert check.external_links == [badfiles.EXTERNAL_TARGET]
    (warning,) = check.warnings
    assert "chỉ dùng giá trị đã lưu, không mở tệp ngoài" in warning
    assert badfiles.EXTERNAL_TARGET in warning


def test_million_rows_accepted_with_warning(tmp_path: Path) -> None:
    start = time.monotonic()
    path = badfiles.million_rows(tmp_path)
    check = inspect_workbook(path)
    assert time.monotonic() - start < TIME_LIMIT
    assert any("rất lớn" in w for w in check.warnings)


def test_unreadable_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = badfiles.valid_workbook(tmp_path)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safety, "open", refuse, raising=False)  # works even as root
    with pytest.raises(UnreadableInputError, match="không có quyền đọc tệp") as info:
        inspect_workbook(path)
    assert info.value.file == str(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "ong.xlsx"
    os.mkfifo(pipe)
    with pytest.raises(UnreadableInputError, match="không phải tệp thông thường"):
        inspect_workbook(pipe)


def test_small_compressible_part_is_not_a_bomb(tmp_path: Path) -> None:
    """4 MB of zeros compresses 1000:1 but stays under the 5 MB floor."""
    path = badfiles.valid_workbook(tmp_path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/blank.bin", bytes(4 << 20))
    assert inspect_workbook(path).warnings == []


@pytest.mark.parametrize("limit, value, needle", [
    ("MAX_TOTAL", 10_000, "tổng dung lượng giải nén"),
    ("MAX_XML_PART", 2_000, "phần XML xl/"),
    ("MAX_MEMBERS", 5, "mục (tối đa 5)"),
])
def test_directory_limits(limit: str, value: int, needle: str, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = badfiles.valid_workbook(tmp_path)
    monkeypatch.setattr(safety, limit, value)
    with pytest.raises(UnreadableInputError, match=re.escape(needle)):
        inspect_workbook(path)


def test_streamed_read_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even past the directory checks, no part is inflated beyond the cap."""
    path = badfiles.million_rows(tmp_path)
    monkeypatch.setattr(safety, "MAX_XML_PART", 1 << 20)
    with zipfile.ZipFile(path) as archive:
        with pytest.raises(UnreadableInputError, match="giải nén vượt giới hạn"):
            safety._check_parts(path, archive, archive.infolist(), WorkbookCheck(path=path))


def test_duplicate_member_names(tmp_path: Path) -> None:
    path = badfiles.valid_workbook(tmp_path)
    with pytest.warns(UserWarning, match="Duplicate name"):
        with zipfile.ZipFile(path, "a") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableInputError, match="trùng tên"):
        inspect_workbook(path)


@pytest.mark.parametrize("member", ["[Content_Types].xml", "xl/_rels/workbook.xml.rels",
                                    "xl/drawings/vmlDrawing1.vml", "xl/custom.bin"])
def test_dtd_refused_in_any_xml_part(member: str, tmp_path: Path) -> None:
    path = badfiles.valid_workbook(tmp_path)
    xml = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    badfiles.rewrite_zip(path, path, {member: xml})
    with pytest.raises(UnreadableInputError, match=re.escape(member)):
        inspect_workbook(path)


# --- safe_filename ------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("Xã Hương Phùng", "xa-huong-phung"),
    ("Huyện Đắk Hà", "huyen-dak-ha"),
    ("THÀNH PHỐ HỒ CHÍ MINH", "thanh-pho-ho-chi-minh"),
    ("Xa\u0303 Hu\u031bo\u031b\u0300ng Phu\u0300ng", "xa-huong-phung"),  # NFD, as from macOS
    ("../../etc/passwd", "etc-passwd"),
    ("..\\..\\Windows\\win.ini", "windows-win-ini"),
    ("Phường 1/Quận 3", "phuong-1-quan-3"),
    ("C:Xã A", "c-xa-a"),
    ("Xã\x00A\x1f\x7f", "xa-a"),
    ("CON", "don-vi-con"),
    ("nul", "don-vi-nul"),
    ("LPT1", "don-vi-lpt1"),
    ("", "don-vi"),
    ("   ", "don-vi"),
    (badfiles.TRICKY_TEXT, "7-7-for"),
])
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_safe_filename_long_and_foreign_names_stay_distinct() -> None:
    long_a, long_b = "Đ" * 300, "Đ" * 299 + "E"
    a, b = safe_filename(long_a), safe_filename(long_b)
    assert len(a) <= 80 and len(b) <= 80 and a != b
    assert re.fullmatch(r"d+-[0-9a-f]{8}", a)
    assert safe_filename(long_a) == a  # stable
    assert safe_filename("市政府") != safe_filename("省政府")
    assert safe_filename("市政府").startswith("don-vi-")


def test_safe_filename_max_len() -> None:
    assert len(safe_filename("Xã Hương Phùng huyện Hướng Hóa tỉnh Quảng Trị", max_len=20)) <= 20
    with pytest.raises(ValueError):
        safe_filename("x", max_len=3)


@settings(max_examples=300, deadline=None, database=None)  # no .hypothesis/ folder
@given(st.text(max_size=400), st.integers(min_value=16, max_value=120))
def test_safe_filename_property(name: str, max_len: int) -> None:
    out = safe_filename(name, max_len=max_len)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", out)
    assert len(out) <= max(max_len, len("don-vi-00000000"))
    assert out not in {"con", "prn", "aux", "nul"}
    assert safe_filename(name, max_len=max_len) == out


# --- is_within ----------------------------------------------------------------------------

def test_is_within(tmp_path: Path) -> None:
    root = tmp_path / "out"
    (root / "a").mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "link").symlink_to(outside)
    assert is_within(root / "a" / "x.docx", root)
    assert is_within(root, root)
    assert is_within(str(root / "a" / ".." / "y.docx"), str(root))
    assert not is_within(root / ".." / "x.docx", root)
    assert not is_within(root / "link" / "x.docx", root)  # symlink escapes
    assert not is_within(tmp_path / "out2" / "x.docx", root)  # prefix is not containment
    assert not is_within(root / safe_filename("../../x"), tmp_path / "nowhere")
    assert is_within(root / (safe_filename("../../etc/passwd") + ".docx"), root)


def test_is_within_needs_no_existing_files(tmp_path: Path) -> None:
    assert is_within(tmp_path / "new" / "deeper" / "f.docx", tmp_path)
    assert not os.path.exists(tmp_path / "new")
