"""render_document: the Nghị định 30 layout, checked on the .docx with python-docx."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from reportgen.docx import oxml as _oxml
from reportgen.docx import oxml_tables as _tbl
from reportgen.documents.model import (AppendixTable, Comment, DocInfo, Document, Paragraph,
                                  Section, TableCell)
from reportgen.core.errors import TemplateError
from reportgen.docx.render import (atomic_write_path, date_line, default_template, number_line,
                              recipient_lines, render_document)

TRICKY = 'Phường A & B <c> "d" {{ 7*7 }} {% for %}'


def sample_document(*, tricky: str = TRICKY, long_rows: int = 60) -> Document:
    """A realistic six-month report of a provincial health department, with 2 appendices."""
    info = DocInfo(
        parent_agency="Ủy ban nhân dân tỉnh Quảng Trị",
        issuer="Sở Y tế",
        doc_code="BC-SYT",
        doc_number="",
        place="Quảng Trị",
        date=datetime.date(2025, 6, 5),
        signer="Nguyễn Văn An",
        authority=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        recipients=["Bộ Y tế (Cục Bà mẹ và Trẻ em)", "UBND tỉnh (để b/c)",
                    "Các sở, ban, ngành cấp tỉnh", "UBND các xã, phường, đặc khu",
                    "Lưu: VT, P.BTXH"],
    )
    sections = [
        Section(1, "A. KẾT QUẢ THỰC HIỆN CÔNG TÁC TRẺ EM 6 THÁNG ĐẦU NĂM 2025", [], "A"),
        Section(2, "I. Tổ chức thực hiện quản lý nhà nước về trẻ em", [], "A.I"),
        Section(3, "1. Công tác tham mưu lãnh đạo, chỉ đạo và triển khai thực hiện", [
            Paragraph("Sở Y tế đã tham mưu UBND tỉnh ban hành Kế hoạch số 112/KH-UBND ngày "
                      "20/02/2025 về thực hiện công tác trẻ em năm 2025; hướng dẫn các xã, "
                      "phường triển khai Tháng hành động vì trẻ em với chủ đề “Hành động vì "
                      "một thế giới an toàn cho trẻ em”."),
            Paragraph(f"Tổ chức truyền thông tại {tricky} với 1.250 lượt người tham gia."),
            Paragraph("Kết quả phối hợp liên ngành trong 6 tháng đầu năm", "placeholder"),
        ], "A.I.1"),
        Section(3, "2. Công tác tuyên truyền, phổ biến giáo dục pháp luật về trẻ em", [
            Paragraph("Tổ chức 45 lớp tập huấn cho 1.320 lượt cán bộ, cộng tác viên."),
            Paragraph("Phát sóng 24 chương trình trên Đài Phát thanh - Truyền hình tỉnh;",
                      "bullet"),
            Paragraph("Đăng tải 56 tin, bài trên Cổng thông tin điện tử.", "bullet"),
        ], "A.I.2"),
        Section(4, "a) Cấp tỉnh", [
            Paragraph("(Phần số liệu theo các phụ lục I, II đính kèm)", "note"),
        ], "A.I.2.a"),
        Section(2, "II. Đánh giá kết quả đạt được", [
            Paragraph("Tổng số trẻ em toàn tỉnh là 187.432 em, tăng 1,2% so với cùng kỳ năm "
                      "trước; tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp đạt 98,5%."),
        ], "A.II"),
        Section(1, "B. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025", [
            Paragraph("Tiếp tục triển khai các chương trình, đề án về bảo vệ, chăm sóc trẻ em."),
        ], "B"),
    ]
    appendix_1 = AppendixTable(
        number="Phụ lục I",
        title="Kết quả thực hiện các chỉ tiêu về trẻ em 6 tháng đầu năm 2025",
        attached_line="(Kèm theo Báo cáo số      /BC-SYT ngày 05 tháng 6 năm 2025 của Sở Y tế)",
        unit_note="",
        header_rows=[
            [TableCell("TT", rowspan=2), TableCell("Chỉ tiêu", rowspan=2),
             TableCell("ĐVT", rowspan=2), TableCell("Kế hoạch năm 2025", rowspan=2),
             TableCell("Kết quả 6 tháng", rowspan=2),
             TableCell("Đánh giá kết quả thực hiện", colspan=3),
             TableCell("Ghi chú", rowspan=2)],
            [TableCell("Đạt KH"), TableCell("Không đạt KH"), TableCell("Vượt KH")],
        ],
        number_row=True,
        rows=[{"cells": ["I", "Trẻ em có hoàn cảnh đặc biệt", "", "", "", "", "", "", ""],
               "style": "group"}]
        + [{"cells": [str(i), f"Chỉ tiêu số {i} về bảo vệ, chăm sóc trẻ em tại {tricky}",
                      "Người", f"{1000 + i * 37:,}".replace(",", "."),
                      f"{900 + i * 41:,}".replace(",", "."), "x" if i % 3 == 0 else "",
                      "x" if i % 3 == 1 else "", "x" if i % 3 == 2 else "", ""],
            "style": "item"} for i in range(1, long_rows + 1)]
        + [{"cells": ["-", "Trong đó: trẻ em gái", "Người", "410", "395", "", "x", "", ""],
            "style": "sub"},
           {"cells": ["+", "Dưới 6 tuổi", "Người", "120", "118", "", "x", "", ""],
            "style": "subsub"}],
        col_widths_mm=[12, 90, 20, 25, 25, 18, 20, 18, 24],
        col_align=["center", "left", "center", "right", "right", "center", "center",
                   "center", "left"],
    )
    appendix_2 = AppendixTable(
        number="Phụ lục II",
        title="Kinh phí thực hiện công tác trẻ em",
        attached_line="(Kèm theo Báo cáo số      /BC-SYT ngày 05 tháng 6 năm 2025 của Sở Y tế)",
        unit_note="Đơn vị tính: 1000đ",
        header_rows=[[TableCell("TT"), TableCell("Nguồn kinh phí"), TableCell("Năm 2024"),
                      TableCell("6 tháng đầu năm 2025"), TableCell("So sánh (%)")]],
        number_row=True,
        rows=[
            {"cells": ["1", "Ngân sách cấp tỉnh", "1.250.000", "640.000", "51,2"]},
            {"cells": ["2", "Ngân sách cấp xã", "830.500", "410.000", "49,4"]},
            {"cells": ["3", "Nguồn vận động", "215.000", "98.000", "45,6"]},
            {"cells": [TableCell("Tổng cộng", colspan=2, bold=True), "2.295.500",
                       "1.148.000", "50,0"], "style": "group"},
        ],
        col_widths_mm=[15, 100, 45, 45, 40],
        col_align=["center", "left", "right", "right", "right"],
    )
    return Document(
        kind="report",
        title="BÁO CÁO",
        subject="Kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2025\n"
                "và phương hướng, nhiệm vụ 6 tháng cuối năm 2025",
        intro=[Paragraph("Thực hiện Công văn số 1234/BYT-BMTE ngày 15/5/2025 của Bộ Y tế về "
                         "việc báo cáo kết quả thực hiện công tác trẻ em, Sở Y tế báo cáo "
                         "như sau:")],
        sections=sections,
        closing="Trên đây là báo cáo kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2025 "
                "của Sở Y tế tỉnh Quảng Trị./.",
        info=info,
        appendices=[appendix_1, appendix_2],
    )


# --- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, docx.document.Document]:
    out = tmp_path_factory.mktemp("render") / "bao-cao.docx"
    render_document(sample_document(), out)
    return out, docx.Document(str(out))


@pytest.fixture(scope="module")
def document(rendered):
    return rendered[1]


def _mm(length) -> float:
    return round(length / 36000, 1)


def _text(cell_or_doc) -> str:
    return "\n".join(p.text for p in cell_or_doc.paragraphs)


def _para(doc, text: str):
    for p in doc.paragraphs:
        if p.text == text:
            return p
    raise AssertionError(f"no paragraph {text!r}")


# --- page setup -----------------------------------------------------------------------------

def test_portrait_then_one_landscape_section_per_appendix(document):
    sections = document.sections
    assert len(sections) == 1 + 2
    first = sections[0]
    assert (_mm(first.page_width), _mm(first.page_height)) == (210.0, 297.0)
    assert first.orientation == WD_ORIENT.PORTRAIT
    for section in sections[1:]:
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert (_mm(section.page_width), _mm(section.page_height)) == (297.0, 210.0)
        assert section.start_type == 2  # WD_SECTION.NEW_PAGE


@pytest.mark.parametrize("index", [0, 1, 2])
def test_margins_per_section(document, index):
    s = document.sections[index]
    assert (_mm(s.top_margin), _mm(s.bottom_margin), _mm(s.left_margin),
            _mm(s.right_margin)) == (20.0, 20.0, 30.0, 15.0)


def test_page_number_in_header_but_not_on_first_page(document):
    first = document.sections[0]
    assert first.different_first_page_header_footer  # w:titlePg
    assert "PAGE" in _oxml.field_instructions(first.header._element)
    assert first.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not first.first_page_header.is_linked_to_previous
    assert _oxml.field_instructions(first.first_page_header._element) == []
    assert first.first_page_header.paragraphs[0].text == ""
    for landscape in document.sections[1:]:
        # inherits the numbered header and shows it on its first page too
        assert landscape.header.is_linked_to_previous
        assert not landscape.different_first_page_header_footer


# --- fonts and styles -----------------------------------------------------------------------

def test_times_new_roman_everywhere_without_theme_fonts(rendered):
    path, doc = rendered
    with zipfile.ZipFile(path) as z:
        styles = z.read("word/styles.xml").decode()
        body = z.read("word/document.xml").decode()
    from docx.oxml.ns import qn
    rpr = _oxml.doc_defaults_rpr(doc.styles.element)
    fonts = rpr.find(qn("w:rFonts"))
    assert {a: fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        a: "Times New Roman" for a in ("ascii", "hAnsi", "eastAsia", "cs")}
    for name in ["Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4"]:
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:ascii")) == rfonts.get(qn("w:cs")) == "Times New Roman"
        assert rfonts.get(qn("w:asciiTheme")) is None
    assert "asciiTheme" not in styles and "majorHAnsi" not in styles
    assert "w:rFonts" not in body or "Arial" not in body


def test_normal_style_is_body_text(document):
    normal = document.styles["Normal"]
    pf = normal.paragraph_format
    assert normal.font.size == Pt(14)
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert pf.first_line_indent == Cm(1.27)
    assert pf.space_after >= Pt(6)
    assert 1.15 <= pf.line_spacing <= 1.5


@pytest.mark.parametrize("level,bold,italic", [(1, True, False), (2, True, False),
                                               (3, True, True), (4, False, True)])
def test_heading_styles(document, level, bold, italic):
    from docx.oxml.ns import qn
    style = document.styles[f"Heading {level}"]
    assert style.font.size == Pt(14)
    assert (bool(style.font.bold), bool(style.font.italic)) == (bold, italic)
    assert str(style.font.color.rgb) == "000000"
    assert style.element.pPr.find(qn("w:numPr")) is None
    assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)


def test_sections_use_heading_styles(document):
    doc = sample_document()
    for section in doc.sections:
        assert _para(document, section.heading).style.name == f"Heading {section.level}"


def test_body_paragraphs_are_normal_and_inherit_the_layout(document):
    intro = _para(document, sample_document().intro[0].text)
    assert intro.style.name == "Normal"
    assert intro.paragraph_format.first_line_indent is None   # from the style
    assert intro.paragraph_format.alignment is None
    bullet = _para(document, "- Đăng tải 56 tin, bài trên Cổng thông tin điện tử.")
    assert bullet.style.name == "Normal"
    note = _para(document, "(Phần số liệu theo các phụ lục I, II đính kèm)")
    assert note.runs[0].font.italic


def test_placeholder_is_a_highlighted_character_style(document):
    from docx.enum.text import WD_COLOR_INDEX
    from reportgen.docx.layout import PLACEHOLDER_STYLE
    p = _para(document, "[Nội dung cần bổ sung: Kết quả phối hợp liên ngành trong 6 tháng đầu năm]")
    assert p.runs[0].style.name == PLACEHOLDER_STYLE
    assert document.styles[PLACEHOLDER_STYLE].font.highlight_color == WD_COLOR_INDEX.YELLOW


# --- letterhead, title, signature -----------------------------------------------------------

def _no_borders(table) -> bool:
    values = set(_tbl.table_border_values(table).values())
    for row in table.rows:
        for cell in row.cells:
            values |= set(_tbl.cell_border_values(cell).values())
    return values <= {"nil", "none"}


def test_letterhead_is_a_borderless_two_column_table(document):
    table = document.tables[0]
    assert len(table.columns) == 2
    assert _no_borders(table)
    widths = [_mm(c.width) for c in table.columns]
    assert 60 <= widths[0] <= 70 and 95 <= widths[1] <= 105
    assert sum(widths) <= 165.0


@pytest.mark.parametrize("row,col,text,size,bold,italic", [
    (0, 0, "ỦY BAN NHÂN DÂN", 13, False, False),      # broken between whole names
    (0, 0, "TỈNH QUẢNG TRỊ", 13, False, False),
    (0, 0, "SỞ Y TẾ", 13, True, False),
    (0, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False),
    (0, 1, "Độc lập - Tự do - Hạnh phúc", 13, True, False),
    (1, 0, "Số:      /BC-SYT", 13, False, False),
    (1, 1, "Quảng Trị, ngày 05 tháng 6 năm 2025", 13, False, True),
])
def test_letterhead_lines(document, row, col, text, size, bold, italic):
    cell = document.tables[0].cell(row, col)
    paragraph = next(p for p in cell.paragraphs if p.text == text)
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.runs[0]
    assert run.font.size == Pt(size)
    assert bool(run.font.bold) == bold and bool(run.font.italic) == italic


@pytest.mark.parametrize("row,col,after", [(0, 0, "SỞ Y TẾ"),
                                           (0, 1, "Độc lập - Tự do - Hạnh phúc")])
def test_letterhead_rules_are_short_centred_bottom_borders(document, row, col, after):
    from docx.oxml.ns import qn
    paragraphs = document.tables[0].cell(row, col).paragraphs
    index = [p.text for p in paragraphs].index(after)
    rule = paragraphs[index + 1]
    assert rule.text == ""
    assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert rule.paragraph_format.left_indent == rule.paragraph_format.right_indent > 0


def test_title_and_subject(document):
    title = _para(document, "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.bold and title.runs[0].font.size == Pt(14)
    subject = next(p for p in document.paragraphs
                   if p.text.startswith("Kết quả thực hiện công tác trẻ em 6 tháng"))
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.font.bold for r in subject.runs if r.text)
    assert "\n" in subject.text  # the "\n" of the trích yếu became a line break
    from docx.oxml.ns import qn
    rule = subject._p.getnext()          # the short rule under the trích yếu
    assert DocxParagraph(rule, None).text == ""
    assert rule.pPr.find(qn("w:pBdr")) is not None


def test_closing_then_signature_block(document):
    closing = _para(document, sample_document().closing)
    assert closing.style.name == "Normal"
    table = document.tables[1]
    assert closing._p.getnext() is table._tbl
    assert _no_borders(table) and len(table.columns) == 2
    left, right = table.cell(0, 0), table.cell(0, 1)
    heading = left.paragraphs[0]
    assert heading.text == "Nơi nhận:"
    assert heading.runs[0].font.bold and heading.runs[0].font.italic
    assert heading.runs[0].font.size == Pt(12)
    items = [p for p in left.paragraphs[1:] if p.text]
    assert [p.text for p in items] == [
        "- Bộ Y tế (Cục Bà mẹ và Trẻ em);", "- UBND tỉnh (để b/c);",
        "- Các sở, ban, ngành cấp tỉnh;", "- UBND các xã, phường, đặc khu;",
        "- Lưu: VT, P.BTXH."]
    assert all(p.runs[0].font.size == Pt(11) for p in items)
    texts = [p.text for p in right.paragraphs]
    assert texts[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert texts[-1] == "Nguyễn Văn An"
    assert texts[2:-1] == [""] * len(texts[2:-1]) and len(texts[2:-1]) >= 3
    for p in (right.paragraphs[0], right.paragraphs[1], right.paragraphs[-1]):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert p.runs[0].font.bold and p.runs[0].font.size == Pt(14)


# --- appendices -----------------------------------------------------------------------------

def _appendix_tables(document):
    return document.tables[2:]


def test_each_appendix_starts_its_section_with_its_title(document):
    from docx.oxml.ns import qn
    body = document.element.body
    breaks = [p for p in body.iter(qn("w:p")) if p.pPr is not None
              and p.pPr.find(qn("w:sectPr")) is not None]
    assert len(breaks) == 2
    for brk, number in zip(breaks, ["Phụ lục I", "Phụ lục II"]):
        first = brk.getnext()
        assert first.tag == qn("w:p") and DocxParagraph(first, None).text == number


def test_nothing_after_the_last_appendix(document):
    from docx.oxml.ns import qn
    body = list(document.element.body)
    assert body[-1].tag == qn("w:sectPr")
    last_table = _appendix_tables(document)[-1]._tbl
    after = body[body.index(last_table) + 1:-1]
    assert len(after) <= 1 and all(DocxParagraph(e, None).text == "" for e in after)


def test_appendix_header_rows_repeat_and_merge(document):
    table = _appendix_tables(document)[0]
    repeated = [_tbl.is_repeat_header(r) for r in table.rows]
    assert repeated[:3] == [True, True, True]      # 2 header rows + the (1)(2)… row
    assert not any(repeated[3:])
    top = table.rows[0].cells
    group = next(c for c in top if c.text == "Đánh giá kết quả thực hiện")
    assert _tbl.grid_span(group) == 3
    assert [c.text for c in table.rows[1].cells][5:8] == ["Đạt KH", "Không đạt KH", "Vượt KH"]
    assert table.cell(1, 0)._tc is table.cell(0, 0)._tc   # "TT" spans both header rows
    assert table.cell(1, 0).text == "TT"
    assert [c.text for c in table.rows[2].cells] == [f"({i})" for i in range(1, 10)]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].font.bold


def _alignment(paragraph):
    return paragraph.alignment or paragraph.style.paragraph_format.alignment


def test_appendix_rows_styles_and_alignment(document):
    table = _appendix_tables(document)[0]
    group = table.rows[3]
    assert group.cells[1].text == "Trẻ em có hoàn cảnh đặc biệt"
    assert group.cells[1].paragraphs[0].runs[0].font.bold
    assert group.cells[1].paragraphs[0].paragraph_format.keep_with_next  # group keeps with next
    item = table.rows[4]
    assert item.cells[3].text == "1.037"
    # formatting from the cell paragraph styles, not repeated on every cell
    number, label = item.cells[3].paragraphs[0], item.cells[1].paragraphs[0]
    assert number.style.name.startswith("Bảng ") and number._p.pPr.jc is None
    assert _alignment(number) == WD_ALIGN_PARAGRAPH.RIGHT
    assert _alignment(label) == WD_ALIGN_PARAGRAPH.LEFT
    assert label.style.font.size in (Pt(9), Pt(10), Pt(11), Pt(12))
    assert label.runs[0].font.size is None
    assert table.rows[-2].cells[1].paragraphs[0].paragraph_format.keep_with_next  # last two together
    assert not table.rows[-1].cells[1].paragraphs[0].paragraph_format.keep_with_next
    sub, subsub = table.rows[-2], table.rows[-1]
    assert sub.cells[1].paragraphs[0].runs[0].font.italic
    assert subsub.cells[1].paragraphs[0].runs[0].font.italic
    assert (sub.cells[1].paragraphs[0].paragraph_format.left_indent
            < subsub.cells[1].paragraphs[0].paragraph_format.left_indent)
    total = _appendix_tables(document)[1].rows[-1]
    assert total.cells[0].text == total.cells[1].text == "Tổng cộng"   # colspan 2
    assert _tbl.grid_span(total.cells[0]) == 2


@pytest.mark.parametrize("index", [0, 1])
def test_appendix_tables_fit_the_landscape_text_width(document, index):
    from docx.oxml.ns import qn
    table = _appendix_tables(document)[index]
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    # the table style centres every cell vertically; the cells don't repeat it
    assert table.style.name == "Bảng phụ lục" and table.style.base_style.name == "Table Grid"
    assert table.style.element.find(qn("w:tcPr")).find(qn("w:vAlign")).get(qn("w:val")) == "center"
    assert not table._tbl.xpath(".//w:tcPr/w:vAlign")
    assert all(c.width for row in table.rows for c in row.cells)  # Word sizes columns by tcW
    widths = [c.width for c in table.columns]
    assert abs(_mm(sum(widths)) - 252.0) <= 0.5
    # direct borders on the table, inside lines included (LibreOffice ignores table styles);
    # the cells repeat nothing of it
    borders = _tbl.table_border_values(table)
    assert set(borders.values()) == {"single"} and {"insideH", "insideV"} <= set(borders)
    assert _tbl.cell_border_values(table.rows[-1].cells[0]) == {}


def _styled_document(*, style_kind=None):
    """A blank document with reportgen's styles; style_kind: what «Bảng phụ lục» is in it
    (None: the table style define_styles adds; "paragraph": a user's paragraph style of that name)."""
    from docx.enum.style import WD_STYLE_TYPE
    from reportgen.docx import styles as st
    doc = docx.Document()
    if style_kind == "paragraph":
        doc.styles.add_style(st.APPENDIX_TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    st.define_styles(doc, only_missing=style_kind is not None)
    return doc


_OVERLAPPING = AppendixTable(  # "Con" spans into the cell under «B», which spans two rows
    number="Phụ lục", title="Chồng ô",
    header_rows=[[TableCell("A"), TableCell("B", rowspan=2), TableCell("C")],
                 [TableCell("Con", colspan=2), TableCell("D")]],
    rows=[{"cells": ["1", "Trẻ em", "12"]}])


@pytest.mark.parametrize("appendix,style_kind,cells_centred", [
    (sample_document().appendices[0], None, False),
    (sample_document().appendices[1], None, False),
    (_OVERLAPPING, None, False),                 # python-docx's merge path
    (sample_document().appendices[0], "paragraph", True),  # no usable table style: each cell
    (_OVERLAPPING, "paragraph", True),
])
def test_appendix_table_written_now_or_deferred_is_the_same(appendix, style_kind, cells_centred):
    from docx.oxml.ns import qn
    from reportgen.docx import layout as L
    now = _styled_document(style_kind=style_kind)
    table = L.add_appendix_table(now, appendix)
    later = _styled_document(style_kind=style_kind)
    tables = L.DeferredTables()
    written_now = L.add_appendix_table(later, appendix, deferred=tables)
    # deferred unless python-docx has to merge overlapping header cells
    assert (written_now is None) == (appendix is not _OVERLAPPING)
    if style_kind is None:
        assert table.style.name == "Bảng phụ lục"
    else:
        assert table._tbl.tblPr.find(qn("w:tblStyle")) is None
    cells = table._tbl.xpath(".//w:tc")
    assert len(table._tbl.xpath(".//w:tc/w:tcPr/w:vAlign")) == (len(cells) if cells_centred else 0)
    assert all(c.width for row in table.rows for c in row.cells)
    saved = etree.fromstring(tables.splice(later.part.blob))
    [later_tbl] = saved.iter(qn("w:tbl"))
    c14n = dict(method="c14n", exclusive=True)
    assert etree.tostring(later_tbl, **c14n) == etree.tostring(table._tbl, **c14n)
    expected = [c.text if isinstance(c, TableCell) else str(c) for c in appendix.rows[-1]["cells"]
                for _ in range(c.colspan if isinstance(c, TableCell) else 1)]
    assert [c.text for c in table.rows[-1].cells] == expected


def test_appendix_titles(document):
    number = _para(document, "Phụ lục I")
    assert number.runs[0].font.bold and number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    title = _para(document, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU VỀ TRẺ EM 6 THÁNG ĐẦU NĂM 2025")
    assert title.runs[0].font.bold
    attached = next(p for p in document.paragraphs if p.text.startswith("(Kèm theo Báo cáo"))
    assert attached.runs[0].font.italic
    unit = _para(document, "Đơn vị tính: 1000đ")
    assert unit.alignment == WD_ALIGN_PARAGRAPH.RIGHT and unit.runs[0].font.italic


# --- escaping and the sandbox ---------------------------------------------------------------

def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def test_body_and_table_text_is_printed_literally(document):
    text = _all_text(document)
    assert f"Tổ chức truyền thông tại {TRICKY} với 1.250 lượt người tham gia." in text
    assert f"Chỉ tiêu số 1 về bảo vệ, chăm sóc trẻ em tại {TRICKY}" in text
    assert "None" not in text


def test_template_fields_are_escaped_not_evaluated(tmp_path):
    import dataclasses
    doc = sample_document(long_rows=2)
    info = dataclasses.replace(doc.info, parent_agency=TRICKY, issuer=TRICKY, signer=TRICKY,
                               place="A & B", recipients=[TRICKY, "Lưu: VT"])
    doc = dataclasses.replace(doc, info=info, subject=TRICKY, closing=TRICKY)
    out = tmp_path / "tricky.docx"
    render_document(doc, out)
    result = docx.Document(str(out))
    letterhead = _text(result.tables[0].cell(0, 0))
    assert TRICKY.upper() in letterhead
    assert _text(result.tables[0].cell(1, 1)) == "A & B, ngày 05 tháng 6 năm 2025"
    assert _para(result, TRICKY).runs[0].font.bold           # the trích yếu
    assert _para(result, TRICKY).alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert TRICKY in [p.text for p in result.paragraphs]     # the closing
    signature = _text(result.tables[1].cell(0, 1)).splitlines()
    assert signature[-1] == TRICKY
    assert f"- {TRICKY};" in _text(result.tables[1].cell(0, 0))


def _template_with(tmp_path: Path, text: str, *, header: bool = False) -> Path:
    tpl = docx.Document(str(default_template("report")))
    if header:
        tpl.sections[0].header.paragraphs[0].add_run(text)
    else:
        tpl.add_paragraph("Đoạn thêm vào mẫu:")
        tpl.add_paragraph(f"Xin ghi {text} ở đây")
    path = tmp_path / "mau-cua-toi.docx"
    tpl.save(str(path))
    return path


@pytest.mark.parametrize("tag,words", [
    ("{{ ''.__class__.__mro__ }}", "nội bộ"),
    ("{{ info.issuer.__class__ }}", "nội bộ"),
    ("{{ title|attr('__globals__') }}", "nội bộ"),
    ("{{ info.issuer }", "sai cú pháp"),
    ("{{ info..issuer }}", "sai cú pháp"),
    ("{% if title %}", "sai cú pháp"),          # never closed
    ("{{ info.fax_number }}", "không có trong dữ liệu"),
    ("{{ unknown_name }}", "không có trong dữ liệu"),
])
def test_bad_templates_raise_template_error_naming_file_and_tag(tmp_path, tag, words):
    template = _template_with(tmp_path, tag)
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError) as info:
        render_document(sample_document(long_rows=2), out, template=template)
    err = info.value
    assert err.file == str(template)
    assert "mau-cua-toi.docx" in err.message and "mau-cua-toi.docx" in str(err)
    assert f"«{tag}»" in err.message
    assert words in err.message
    assert "Traceback" not in err.message
    assert not out.exists()
    assert err.exit_code == 2


def test_unsafe_tag_in_the_header_is_caught_too(tmp_path):
    template = _template_with(tmp_path, "{{ ''.__class__ }}", header=True)
    with pytest.raises(TemplateError, match=r"«\{\{ ''\.__class__ \}\}»"):
        render_document(sample_document(long_rows=2), tmp_path / "o.docx", template=template)


def test_a_tag_split_across_runs_by_word_still_renders(tmp_path):
    tpl = docx.Document(str(default_template("report")))
    p = tpl.add_paragraph()
    p.add_run("Người ký: {{ info.")
    p.add_run("signer").bold = True
    p.add_run(" }}")
    template = tmp_path / "split.docx"
    tpl.save(str(template))
    out = tmp_path / "o.docx"
    render_document(sample_document(long_rows=2), out, template=template)
    assert "Người ký: Nguyễn Văn An" in [q.text for q in docx.Document(str(out)).paragraphs]


@pytest.mark.parametrize("content", [None, b"not a zip", b"PK\x03\x04broken"])
def test_missing_or_broken_template(tmp_path, content):
    template = tmp_path / "hong.docx"
    if content is not None:
        template.write_bytes(content)
    with pytest.raises(TemplateError) as info:
        render_document(sample_document(long_rows=2), tmp_path / "o.docx", template=template)
    assert "hong.docx" in info.value.message


def test_a_minimal_user_template_gets_the_missing_styles(tmp_path):
    plain = docx.Document()
    plain.add_paragraph("{{ title }}")
    plain.add_paragraph("{{p body }}")
    template = tmp_path / "toi-gian.docx"
    plain.save(str(template))
    out = tmp_path / "o.docx"
    render_document(sample_document(long_rows=2), out, template=template)
    result = docx.Document(str(out))
    assert _para(result, "I. Đánh giá kết quả đạt được".replace("I.", "II.")).style.name == \
        "Heading 2"


# --- templates ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["report", "plan", "hdnd"])
def test_shipped_templates_declare_only_context_names(kind):
    from docxtpl import DocxTemplate
    from reportgen.docx.render import ENV
    tpl = DocxTemplate(str(default_template(kind)))
    names = tpl.get_undeclared_template_variables(jinja_env=ENV)
    assert names <= {"info", "title", "subject", "recipient_line", "closing", "number_line",
                     "date_line", "recipient_lines", "body", "kind", "parent_lines", "issuer_lines"}
    assert {"info", "body", "title", "subject", "number_line", "date_line"} <= names
    styles = {s.name for s in tpl.get_docx().styles}
    assert {"Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Table Grid",
            "Bảng phụ lục", "Nội dung cần bổ sung"} <= styles


@pytest.mark.parametrize("kind", ["report", "plan", "hdnd"])
def test_shipped_templates_carry_only_the_styles_they_use(kind, rendered):
    """prune_styles: no Word 2010 stylesWithEffects copy, python-docx's ~180 styles cut to those
    used; every style a part (or a rendered report) names, and what it is based on, is there."""
    import re
    path = default_template(kind)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        styles = z.read("word/styles.xml")
        used = set()
        for name in names:
            if name.endswith(".xml") and "styles" not in name:
                used |= set(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', z.read(name)))
    with zipfile.ZipFile(rendered[0]) as z:
        used |= set(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', z.read("word/document.xml")))
    assert "word/stylesWithEffects.xml" not in names
    assert len(styles) < 60_000
    ids = set(re.findall(rb'w:styleId="([^"]+)"', styles))
    based = set(re.findall(rb'<w:(?:basedOn|link|next) w:val="([^"]+)"', styles))
    assert {b"BangPhuLuc", b"Bang12Phai", b"Heading1", b"Header"} <= used
    assert used | based <= ids
    assert len(ids) < 45 and b"<w:latentStyles" in styles  # Word still offers its built-in styles


@pytest.mark.parametrize("kind,title,recipient", [
    ("plan", "KẾ HOẠCH", ""),
    ("hdnd", "BÁO CÁO", "Kính gửi: Hội đồng nhân dân tỉnh Quảng Trị"),
    ("report", "BÁO CÁO", "Kính gửi: Bộ Y tế"),
])
def test_every_kind_renders_with_its_template(tmp_path, kind, title, recipient):
    import dataclasses
    doc = dataclasses.replace(sample_document(long_rows=2), kind=kind, title=title,
                              recipient_line=recipient, appendices=[])
    out = tmp_path / f"{kind}.docx"
    render_document(doc, out)
    result = docx.Document(str(out))
    texts = [p.text for p in result.paragraphs]
    assert title in texts
    if recipient:
        assert _para(result, recipient).alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert len(result.sections) == 1
    assert "{{" not in _all_text(result).replace(TRICKY, "")


def test_no_parent_agency_leaves_no_empty_line(tmp_path):
    import dataclasses
    doc = sample_document(long_rows=2)
    doc = dataclasses.replace(doc, info=dataclasses.replace(doc.info, parent_agency=""))
    out = tmp_path / "o.docx"
    render_document(doc, out)
    assert docx.Document(str(out)).tables[0].cell(0, 0).paragraphs[0].text == "SỞ Y TẾ"


# --- comments and writing -------------------------------------------------------------------

def test_comments_are_anchored_on_section_headings(tmp_path):
    out = tmp_path / "o.docx"
    render_document(sample_document(long_rows=2), out,
                    comments=[Comment("A.I.1", "Nguồn: PL6!E12"), ("B", "Kiểm tra lại")])
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode()
        body = z.read("word/document.xml").decode()
    assert "Nguồn: PL6!E12" in comments and "Kiểm tra lại" in comments
    assert body.count("<w:commentReference") == 2
    with pytest.raises(ValueError):
        render_document(sample_document(long_rows=2), tmp_path / "x.docx",
                        comments=[("khong-co", "?")])


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path):
    out = tmp_path / "bao-cao.docx"
    out.write_bytes(b"old")
    with pytest.raises(TemplateError):
        render_document(sample_document(long_rows=2), out,
                        template=_template_with(tmp_path, "{{ nope }}"))
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.docx", "mau-cua-toi.docx"]
    render_document(sample_document(long_rows=2), out)
    assert zipfile.is_zipfile(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.docx", "mau-cua-toi.docx"]


def test_atomic_write_path_replaces_only_on_success(tmp_path):
    out = tmp_path / "a.txt"
    with atomic_write_path(out) as tmp:
        assert tmp.parent == tmp_path and tmp != out
        tmp.write_text("new")
        assert not out.exists()
    assert out.read_text() == "new"
    with pytest.raises(RuntimeError), atomic_write_path(out) as tmp:
        tmp.write_text("half")
        raise RuntimeError
    assert out.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_control_characters_and_none_never_reach_the_file(tmp_path):
    import dataclasses
    doc = sample_document(long_rows=2)
    doc = dataclasses.replace(
        doc, closing=None, info=dataclasses.replace(doc.info, parent_agency=None,
                                                    issuer="Sở\x0bY tế\x01"))
    out = tmp_path / "o.docx"
    render_document(doc, out)
    text = _all_text(docx.Document(str(out)))
    assert "None" not in text and "\x01" not in text


# --- the small formatting helpers -----------------------------------------------------------

def _info(**kw) -> DocInfo:
    base = dict(parent_agency="", issuer="Sở Y tế", doc_code="BC-SYT")
    base.update(kw)
    return DocInfo(**base)


@pytest.mark.parametrize("number,code,expected", [
    ("245", "BC-SYT", "Số: 245/BC-SYT"),
    ("", "BC-SYT", "Số:      /BC-SYT"),
    ("245/BC-UBND", "BC-UBND", "Số: 245/BC-UBND"),
])
def test_number_line(number, code, expected):
    assert number_line(_info(doc_number=number, doc_code=code)) == expected


@pytest.mark.parametrize("place,date,year,expected", [
    ("Hương Hóa", datetime.date(2020, 5, 27), None, "Hương Hóa, ngày 27 tháng 5 năm 2020"),
    ("Quảng Trị", datetime.date(2025, 2, 5), None, "Quảng Trị, ngày 05 tháng 02 năm 2025"),
    ("Quảng Trị", datetime.date(2025, 1, 10), None, "Quảng Trị, ngày 10 tháng 01 năm 2025"),
    ("Quảng Trị", datetime.date(2025, 12, 9), None, "Quảng Trị, ngày 09 tháng 12 năm 2025"),
    ("Quảng Trị", None, 2025, "Quảng Trị, ngày     tháng     năm 2025"),
    ("", None, 2026, "Ngày     tháng     năm 2026"),
])
def test_date_line(place, date, year, expected):
    assert date_line(_info(place=place, date=date, year=year)) == expected


def test_date_line_without_year_uses_today():
    assert date_line(_info(place="Huế"), today=datetime.date(2031, 3, 3)).endswith("năm 2031")


@pytest.mark.parametrize("given,expected", [
    (["Bộ Y tế", "Lưu: VT, P.BTXH"], ["- Bộ Y tế;", "- Lưu: VT, P.BTXH."]),
    (["- UBND tỉnh (b/c);", "Lưu: VT."], ["- UBND tỉnh (b/c);", "- Lưu: VT."]),
    (["", "Lưu: VT"], ["- Lưu: VT."]),
    ([], []),
])
def test_recipient_lines(given, expected):
    assert recipient_lines(given) == expected


def test_committed_templates_match_the_generator(tmp_path):
    """templates/docx/*.docx are what scripts/make_templates.py writes (regenerate if not)."""
    import importlib.util
    script = Path(__file__).resolve().parent.parent / "scripts" / "make_templates.py"
    spec = importlib.util.spec_from_file_location("make_templates", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["make_templates.py", str(tmp_path)])
    for kind in ("report", "plan", "hdnd"):
        committed = default_template(kind)
        with zipfile.ZipFile(committed) as a, zipfile.ZipFile(tmp_path / committed.name) as b:
            for part in ("word/document.xml", "word/styles.xml", "word/header1.xml",
                         "word/header2.xml"):
                assert a.read(part) == b.read(part), f"{committed.name} {part}: run " \
                                                     "python scripts/make_templates.py"
