"""The rendered sample as LibreOffice prints it: page sizes, unwrapped letterhead, page
numbers, fonts, tables inside the page. Needs soffice and poppler-utils (marked `render`)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.docx.pdf import PdfExportError, find_soffice, to_pdf
from reportgen.docx.render import render_document

sys.path.insert(0, str(Path(__file__).parent))
from test_render import sample_document  # noqa: E402

A4_PORTRAIT = (595.3, 841.9)
A4_LANDSCAPE = (841.9, 595.3)
MM = 72 / 25.4

needs_lo = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler-utils missing: "
           "apt-get install libreoffice-writer-nogui poppler-utils fonts-liberation2")


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    docx_path = folder / "bao-cao.docx"
    render_document(sample_document(), docx_path)
    return to_pdf(docx_path, folder / "bao-cao.pdf")


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))
    return [_run("pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-")
            for i in range(1, count + 1)]


def _sizes(pdf: Path) -> list[tuple[float, float]]:
    info = _run("pdfinfo", "-f", "1", "-l", "999", str(pdf))
    return [(round(float(w), 1), round(float(h), 1))
            for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


@pytest.mark.render
@needs_lo
def test_portrait_pages_then_landscape_appendix_pages(pdf, pages):
    sizes = _sizes(pdf)
    assert len(sizes) == len(pages) >= 5
    portrait = [i for i, s in enumerate(sizes) if s == A4_PORTRAIT]
    landscape = [i for i, s in enumerate(sizes) if s == A4_LANDSCAPE]
    assert portrait and landscape and len(portrait) + len(landscape) == len(sizes)
    assert max(portrait) < min(landscape)            # the appendices come last
    assert len(landscape) >= 3                       # the long appendix spans pages
    assert "Phụ lục I" in pages[min(landscape)]
    assert any("Phụ lục II" in pages[i] for i in landscape)


@pytest.mark.render
@needs_lo
@pytest.mark.parametrize("line", [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Quảng Trị, ngày 05 tháng 6 năm 2025",
    "BÁO CÁO",
])
def test_letterhead_lines_do_not_wrap(pages, line):
    assert any(line in text_line for text_line in pages[0].splitlines())


@pytest.mark.render
@needs_lo
def test_page_numbers_from_page_two_on(pages):
    def first_line(text: str) -> str:
        return next(line.strip() for line in text.splitlines() if line.strip())

    assert not first_line(pages[0]).isdigit()
    for number, text in enumerate(pages[1:], start=2):
        assert first_line(text) == str(number)       # centred in the header, also landscape


@pytest.mark.render
@needs_lo
def test_only_liberation_serif_is_used(pdf):
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    fonts = {row.split()[0].split("+")[-1] for row in rows if row.strip()}
    assert fonts and all(f.startswith("LiberationSerif") for f in fonts), fonts


@pytest.mark.render
@needs_lo
def test_text_stays_inside_the_margins(pdf):
    """No table or line runs into the right margin (15 mm), on any page."""
    sizes = _sizes(pdf)
    xml = _run("pdftotext", "-bbox", str(pdf), "-")
    for number, page in enumerate(re.findall(r"<page .*?</page>", xml, re.S)):
        width = sizes[number][0]
        right_edge = max((float(x) for x in re.findall(r'xMax="([\d.]+)"', page)), default=0)
        left_edge = min((float(x) for x in re.findall(r'xMin="([\d.]+)"', page)), default=width)
        assert right_edge <= width - 15 * MM + 1, f"page {number + 1}"
        assert left_edge >= 20 * MM, f"page {number + 1}"


@pytest.mark.render
@needs_lo
def test_the_long_appendix_repeats_its_header(pages, pdf):
    landscape = [i for i, s in enumerate(_sizes(pdf)) if s == A4_LANDSCAPE]
    continued = [pages[i] for i in landscape if "Phụ lục" not in pages[i]]
    assert continued
    for text in continued:
        assert "Đánh giá kết quả" in text and "(9)" in text  # the header wraps in its columns


@pytest.mark.render
@needs_lo
def test_nothing_reads_none_or_a_leftover_tag(pages):
    text = "\n".join(pages)
    assert "None" not in text
    assert "{%p" not in text and "{{ info" not in text and "{{p" not in text


# --- to_pdf errors (no LibreOffice needed) -------------------------------------------------

def test_missing_soffice_gives_the_install_hint(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_SOFFICE", str(tmp_path / "khong-co-soffice"))
    with pytest.raises(PdfExportError) as info:
        to_pdf(tmp_path / "a.docx", tmp_path / "a.pdf")
    assert info.value.message == ("Không tìm thấy LibreOffice (soffice) để xuất PDF; cài bằng: "
                                  "apt-get install libreoffice-writer-nogui")
    assert info.value.exit_code == 2


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return script


def test_soffice_that_writes_nothing_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_SOFFICE", str(_fake_soffice(tmp_path, "exit 0")))
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(PdfExportError, match="không tạo được PDF"):
        to_pdf(tmp_path / "a.docx", tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()


def test_soffice_timeout_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_SOFFICE", str(_fake_soffice(tmp_path, "sleep 30")))
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(PdfExportError, match="sau 1 giây"):
        to_pdf(tmp_path / "a.docx", tmp_path / "a.pdf", timeout=1)
