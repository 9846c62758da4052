"""reportgen.hdnd: the People's Committee's report to the People's Council (`build hdnd`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from filling import INFO, fill_form
from reportgen.core.catalog import load_catalog
from reportgen.cli import cli
from reportgen.read.sheets import INFO_SHEET
from reportgen.documents.hdnd import council_info, is_committee, unit_level
from reportgen.core.model import Dataset, UnitInfo
from reportgen.documents.outline import load_outline
from reportgen.core.paths import data_dir
from reportgen.core.period import Period

CATALOG = load_catalog()
SAMPLE = data_dir() / "samples" / "son-ha-2025.xlsx"
NARRATIVE = {
    "A.I.3.1.a": "Trong năm xảy ra 12 vụ xâm hại trẻ em; cơ quan công an đã khởi tố 9 vụ.\n- Hỗ trợ tâm lý cho 12 em.",
    "A.I.1.2.tinh": "Các sở, ngành cấp tỉnh ban hành kế hoạch thực hiện công tác trẻ em.",
    "A.III.2": "Đề nghị Hội đồng nhân dân tỉnh bố trí kinh phí cho mô hình phòng, chống đuối nước.",
    "A.III.3": "Đề nghị Ủy ban nhân dân cấp xã bố trí cộng tác viên.",
    # the HĐND report's own rows (issue 12): the People's Committee writes them in its own voice
    "H.III.1": "Ủy ban nhân dân tỉnh chỉ đạo xử lý nghiêm các vụ xâm hại trẻ em.\n- Hỗ trợ tâm lý cho 12 em.",
    "H.VII": "Đề nghị Hội đồng nhân dân tỉnh bố trí kinh phí cho mô hình phòng, chống đuối nước.",
}


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def set_info(path: Path, values: dict[str, str]) -> None:
    wb = load_workbook(path)
    ws = wb[INFO_SHEET]
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value in values:
            ws.cell(r, 3).value = values[ws.cell(r, 1).value]
    wb.save(path)


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def recipients(document) -> list[str]:
    for table in document.tables:
        if table.cell(0, 0).text.startswith("Nơi nhận"):
            return [x for x in table.cell(0, 0).text.splitlines()[1:] if x.strip()]
    raise AssertionError("no Nơi nhận")


def signature(document) -> list[str]:
    table = [t for t in document.tables if t.cell(0, 0).text.startswith("Nơi nhận")][0]
    return [x for x in table.cell(0, 1).text.splitlines() if x.strip()]


def section_text(document, heading: str) -> list[str]:
    out, inside = [], False
    for p in document.paragraphs:
        if p.style.name.startswith("Heading"):
            inside = p.text == heading
        elif inside:
            out.append(p.text)
    return out


@pytest.fixture(scope="module")
def annual_form(tmp_path_factory) -> Path:
    """A fresh 2025 annual workbook of a provincial health department, filled like an officer."""
    out = tmp_path_factory.mktemp("a") / "phu-luc-2025.xlsx"
    assert invoke("forms", "--period", "2025", "--unit", "tỉnh Sơn Hà", "-o", out).exit_code == 0
    fill_form(out, CATALOG, seed=7, narrative=NARRATIVE)
    return out


@pytest.fixture(scope="module")
def documents(tmp_path_factory, annual_form):
    """documents("fresh" | "sample") -> (which, document, .docx path), built once."""
    cache = {}

    def get(which: str):
        if which not in cache:
            data = annual_form if which == "fresh" else SAMPLE
            out = tmp_path_factory.mktemp("h") / "bao-cao-hdnd.docx"
            result = invoke("build", "--draft", "hdnd", "--data", data, "-o", out)
            assert result.exit_code == 0, result.output + result.stderr
            cache[which] = (which, docx.Document(str(out)), out)
        return cache[which]

    return get


@pytest.fixture(params=["fresh", "sample"])
def built(request, documents):
    """A freshly generated and filled annual workbook, and data/samples/son-ha-2025.xlsx."""
    if request.param == "sample" and not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} is not generated yet (scripts/make_sample_data.py)")
    return documents(request.param)


@pytest.fixture
def fresh(documents):
    return documents("fresh")


def test_outline_headings_in_order(built):
    _, document, _ = built
    outline = load_outline("hdnd", Period(2025), CATALOG)
    assert headings(document) == [s.heading for s in outline.walk()]
    assert headings(document)[0] == "I. TÌNH HÌNH TRẺ EM TRÊN ĐỊA BÀN"
    assert "III. CÔNG TÁC PHÒNG, CHỐNG XÂM HẠI, BẠO LỰC TRẺ EM" in headings(document)
    assert "VI. NHIỆM VỤ, GIẢI PHÁP NĂM 2026" in headings(document)


def test_title_subject_and_council(built):
    _, document, _ = built
    paras = [p.text.replace("\n", " ") for p in document.paragraphs]  # trích yếu: balanced lines
    assert "BÁO CÁO" in paras
    assert ("Kết quả thực hiện quyền trẻ em, giải quyết các vấn đề về trẻ em trên địa bàn tỉnh Sơn Hà năm 2025"
            in paras)
    assert "Kính gửi: Hội đồng nhân dân tỉnh Sơn Hà" in paras
    after = paras[paras.index("Kính gửi: Hội đồng nhân dân tỉnh Sơn Hà") + 1:]
    intro = next(p for p in after if not p.startswith("["))  # after the draft notice, if any
    assert "Ủy ban nhân dân tỉnh Sơn Hà báo cáo Hội đồng nhân dân tỉnh Sơn Hà" in intro
    assert text_of(document).count("kính báo cáo Hội đồng nhân dân tỉnh Sơn Hà") == 1


def test_committee_letterhead_number_and_signature(built):
    _, document, _ = built
    letterhead = document.tables[0]
    assert letterhead.cell(0, 0).text.startswith("ỦY BAN NHÂN DÂN\nTỈNH SƠN HÀ")
    assert "SỞ Y TẾ" not in letterhead.cell(0, 0).text
    assert re.fullmatch(r"Số: +/BC-UBND", letterhead.cell(1, 0).text.strip())
    assert signature(document)[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_recipients_start_with_the_council(built):
    _, document, _ = built
    lines = recipients(document)
    assert lines[:3] == ["- Thường trực HĐND tỉnh Sơn Hà;", "- Ban Văn hóa - Xã hội HĐND tỉnh Sơn Hà;",
                         "- Các vị đại biểu HĐND tỉnh Sơn Hà;"]
    assert lines[-1] == "- Lưu: VT."
    assert not any(re.match(r"- (Ủy ban nhân dân|UBND) tỉnh( Sơn Hà)?[;.]", x) for x in lines)  # not to itself


def test_figures_sentences_and_appendices(built):
    kind, document, _ = built
    assert any(re.search(r"so với năm 2024 (tăng|giảm)|(tăng|giảm) .* so với năm 2024", p)
               for p in section_text(document, "I. TÌNH HÌNH TRẺ EM TRÊN ĐỊA BÀN"))
    assert re.match(r"Trong \d+ chỉ tiêu có kế hoạch năm 2025, \d+ chỉ tiêu đạt và vượt kế hoạch", section_text(
        document, "1. Kết quả thực hiện các chỉ tiêu so với năm trước và kế hoạch")[0])
    first, last = document.sections[0], document.sections[-1]
    assert first.orientation == WD_ORIENT.PORTRAIT and round(first.page_height.mm) == 297
    assert last.orientation == WD_ORIENT.LANDSCAPE and round(last.page_width.mm) == 297
    assert "(Kèm theo Báo cáo số" in text_of(document) and "của Ủy ban nhân dân tỉnh Sơn Hà)" in text_of(document)


def test_the_committee_writes_its_own_rows(fresh, annual_form):
    """The HĐND report is the People's Committee's: its text comes from its own rows of the form
    (headed «Báo cáo gửi Hội đồng nhân dân — …»), never from the department's sections."""
    from reportgen.documents.outline import COUNCIL_ROW_PREFIX
    from reportgen.read.sheets import NARRATIVE_SHEET
    ws = load_workbook(annual_form)[NARRATIVE_SHEET]
    rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(4, ws.max_row + 1)}
    assert rows["H.VII"] == COUNCIL_ROW_PREFIX + "VII. KIẾN NGHỊ, ĐỀ XUẤT"
    assert "A.III.2" in rows and "H.III.1" in rows
    kind, document, _ = fresh
    abuse = section_text(document, "1. Tình hình trẻ em bị xâm hại, bạo lực và kết quả xử lý, hỗ trợ, can thiệp")
    assert abuse[0].startswith("Ủy ban nhân dân tỉnh chỉ đạo xử lý nghiêm các vụ xâm hại trẻ em.")
    assert "- Hỗ trợ tâm lý cho 12 em." in abuse
    text = text_of(document)
    assert "Trong năm xảy ra 12 vụ xâm hại trẻ em" not in text  # the department's A.I.3.1.a
    assert "Các sở, ngành cấp tỉnh ban hành kế hoạch" not in text
    proposals = section_text(document, "VII. KIẾN NGHỊ, ĐỀ XUẤT")
    assert proposals[0] == NARRATIVE["H.VII"] and proposals[1].startswith("Trên đây")
    assert "Đề nghị Ủy ban nhân dân tỉnh" not in text  # the Committee does not ask itself
    inspections = section_text(document, "2. Công tác thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo về quyền trẻ em")
    assert inspections[0].startswith("[Nội dung cần bổ sung: số cuộc thanh tra")


def test_summary_appendices_only(fresh):
    """Only the appendices listed under `appendices:` in bao-cao-hdnd.yaml, numbered I, II, III."""
    kind, document, _ = fresh
    meta = load_outline("hdnd", Period(2025), CATALOG).meta
    titles = [p.text for p in document.paragraphs if p.text.startswith("PHỤ LỤC") or p.text.startswith("Phụ lục")]
    assert len(meta["appendices"]) == 3
    assert [t.split()[-1] for t in titles if len(t.split()) == 3][:3] == ["I", "II", "III"]
    assert not any(t.endswith(" IV") for t in titles)


def test_commune_committee_keeps_its_own_signature(tmp_path, annual_form):
    data = tmp_path / "xa.xlsx"
    shutil.copyfile(annual_form, data)
    set_info(data, {"unit_name": "xã Tân Lập", "level": "xã", "parent_agency": "", "issuer": "ỦY BAN NHÂN DÂN",
                    "issuer_short": "UBND", "issuer_name": "Ủy ban nhân dân xã Tân Lập", "doc_number": "45",
                    "date": "10/11/2025", "signer": "Lê Văn Cường", "authority": "TM. ỦY BAN NHÂN DÂN",
                    "position": "CHỦ TỊCH", "council": "Hội đồng nhân dân xã Tân Lập",
                    "recipients": "Ủy ban nhân dân tỉnh Sơn Hà;\nSở Y tế;\nLưu: VT, VHXH."})
    out = tmp_path / "xa.docx"
    assert invoke("build", "--draft", "hdnd", "--data", data, "-o", out).exit_code == 0
    document = docx.Document(str(out))
    assert document.tables[0].cell(0, 0).text.startswith("ỦY BAN NHÂN DÂN\nXÃ TÂN LẬP")
    assert document.tables[0].cell(1, 0).text.strip() == "Số: 45/BC-UBND"
    assert "ngày 10 tháng 11 năm 2025" in document.tables[0].cell(1, 1).text
    assert signature(document) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Cường"]
    lines = recipients(document)
    assert lines[0] == "- Thường trực HĐND xã Tân Lập;"
    assert "- Ủy ban nhân dân tỉnh Sơn Hà;" in lines and lines[-1] == "- Lưu: VT, VHXH."
    assert section_text(document, "VII. KIẾN NGHỊ, ĐỀ XUẤT")[:2] == [
        NARRATIVE["H.VII"], "Trên đây là báo cáo kết quả thực hiện quyền trẻ em, giải quyết các vấn đề về trẻ em "
        "trên địa bàn xã Tân Lập năm 2025, Ủy ban nhân dân xã Tân Lập kính báo cáo Hội đồng nhân dân xã Tân Lập xem xét./."]
    assert "Kính gửi: Hội đồng nhân dân xã Tân Lập" in [p.text for p in document.paragraphs]


@pytest.mark.parametrize("authority, position, lines", [
    ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ("", "", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
])
def test_committee_authority(authority, position, lines):
    info = UnitInfo({"unit_name": "tỉnh Sơn Hà", "authority": authority, "position": position})
    meta = load_outline("hdnd", Period(2025), CATALOG).meta
    assert council_info(info, meta, Dataset(period=Period(2025))).authority == lines


@pytest.mark.parametrize("fields, level", [
    ({"level": "tỉnh"}, "tinh"), ({"level": "cấp xã"}, "xa"), ({"level": "xa"}, "xa"),
    ({"unit_name": "xã Tân Lập"}, "xa"), ({"unit_name": "tỉnh Sơn Hà"}, "tinh"), ({}, None),
])
def test_unit_level_from_the_info_sheet(fields, level):
    assert unit_level(UnitInfo(fields), CATALOG) == level


@pytest.mark.parametrize("issuer, own", [
    ("ỦY BAN NHÂN DÂN", True), ("Uỷ ban nhân dân", True), ("UBND XÃ TÂN LẬP", True), ("SỞ Y TẾ", False), ("", False),
])
def test_is_committee(issuer, own):
    assert is_committee(UnitInfo({"issuer": issuer})) is own


def test_six_month_data_says_six_months(tmp_path):
    data = tmp_path / "h1.xlsx"
    assert invoke("forms", "--period", "2025-H1", "--unit", "tỉnh Sơn Hà", "-o", data).exit_code == 0
    fill_form(data, CATALOG, seed=2)
    out = tmp_path / "h1.docx"
    assert invoke("build", "--draft", "hdnd", "--data", data, "-o", out).exit_code == 0
    assert "trên địa bàn tỉnh Sơn Hà 6 tháng đầu năm 2025" in text_of(docx.Document(str(out)))


def test_info_of_the_filled_form_is_a_department():
    assert INFO["issuer"] == "SỞ Y TẾ" and INFO["authority"].startswith("KT.")  # what the fixtures rely on


@pytest.mark.render
def test_renders_to_pdf(tmp_path, annual_form):
    from reportgen.docx.pdf import find_soffice, to_pdf
    if not find_soffice():
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "hdnd.docx"
    assert invoke("build", "--draft", "hdnd", "--data", annual_form, "-o", out).exit_code == 0
    pdf = to_pdf(out, tmp_path / "hdnd.pdf")  # a private LibreOffice profile per call
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if shutil.which("pdfinfo"):
        import subprocess
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
        assert float(sizes[0][0]) < float(sizes[0][1]) and float(sizes[-1][0]) > float(sizes[-1][1])
