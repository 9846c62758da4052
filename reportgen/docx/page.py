"""Page setup per Nghị định 30/2020/NĐ-CP: A4, margins, page numbers, landscape sections.

Also the measures every other layout module shares (font, sizes, widths) and `compact`, the
no-indent paragraph formatting of letterhead, table and header lines.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Cm, Length, Mm, Pt

from reportgen.docx import oxml as _oxml

FONT = "Times New Roman"
LANG = "vi-VN"

# Page (Nghị định 30, Phụ lục I): A4, margins top/bottom 20, left 30, right 15 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP_MARGIN = BOTTOM_MARGIN = Mm(20)
LEFT_MARGIN, RIGHT_MARGIN = Mm(30), Mm(15)
HEADER_DISTANCE = FOOTER_DISTANCE = Mm(10)
TEXT_WIDTH = Length(PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN)            # 165 mm
LANDSCAPE_TEXT_WIDTH = Length(PAGE_HEIGHT - LEFT_MARGIN - RIGHT_MARGIN)  # 252 mm

# Body text.
BODY_SIZE = Pt(14)
FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)
LINE_SPACING = 1.2

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def compact(paragraph, alignment=WD_ALIGN_PARAGRAPH.CENTER, *, space_before=Pt(0),
            space_after=Pt(0), line_spacing: float = 1.0) -> None:
    """No first-line indent, given alignment and spacing (for letterhead, tables, headers)."""
    pf = paragraph.paragraph_format
    pf.alignment = alignment
    pf.first_line_indent = Cm(0)
    pf.left_indent = pf.right_indent = Cm(0)
    pf.space_before, pf.space_after = space_before, space_after
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = line_spacing
    pf.widow_control = False


def setup_section(section, *, landscape: bool = False) -> None:
    """A4 with the Nghị định 30 margins, portrait or landscape."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP_MARGIN, BOTTOM_MARGIN
    section.left_margin, section.right_margin = LEFT_MARGIN, RIGHT_MARGIN
    section.header_distance, section.footer_distance = HEADER_DISTANCE, FOOTER_DISTANCE
    section.gutter = Mm(0)


def add_page_number_header(section, size: Length = Pt(13)) -> None:
    """A centred PAGE field in the header; the first page has an empty header (titlePg)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    compact(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
    for run in _oxml.add_field(paragraph, "PAGE", "2"):
        run.font.size = size
    first = section.first_page_header
    first.is_linked_to_previous = False
    for p in first.paragraphs:
        compact(p, WD_ALIGN_PARAGRAPH.CENTER)


def add_landscape_section(document):
    """A new-page landscape section; it inherits the page-number header (shown on every page)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    setup_section(section, landscape=True)
    section.different_first_page_header_footer = False
    return section


def add_end_paragraph(document) -> None:
    """The final paragraph Word needs after a closing table: 1 pt, no spacing."""
    p = document.add_paragraph()
    compact(p, WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(1)
    _oxml.set_paragraph_rpr_size(p, Pt(1))
