"""Nghị định 30/2020/NĐ-CP layout with python-docx: page setup, styles, body, appendix tables.

The functions take python-docx objects (a Document, a Section, or any block container with
`add_paragraph`/`add_table`: a document, a cell, a docxtpl Subdoc). `scripts/make_templates.py`
builds the templates with them, and `reportgen.render` fills documents with them, so both
always agree. Raw XML lives in `reportgen._oxml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.shared import Cm, Length, Mm, Pt

from reportgen import _oxml
from reportgen.doccontext import AppendixTable, Paragraph, Section, TableCell

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

# Headings: (bold, italic) per level; all 14 pt, black, Times New Roman.
HEADING_LOOK = {1: (True, False), 2: (True, False), 3: (True, True), 4: (False, True)}

PLACEHOLDER_STYLE = "Nội dung cần bổ sung"
PLACEHOLDER_STYLE_ID = "NoiDungCanBoSung"
PLACEHOLDER_PREFIX = "Nội dung cần bổ sung"

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_NUMBER = re.compile(r"^[+\-−]?\s*[\d.,  ]*\d[\d.,  ]*\s*%?‰?$")


# --- page setup --------------------------------------------------------------------------

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
    _compact(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
    for run in _oxml.add_field(paragraph, "PAGE", "2"):
        run.font.size = size
    first = section.first_page_header
    first.is_linked_to_previous = False
    for p in first.paragraphs:
        _compact(p, WD_ALIGN_PARAGRAPH.CENTER)


def add_landscape_section(document):
    """A new-page landscape section; it inherits the page-number header (shown on every page)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    setup_section(section, landscape=True)
    section.different_first_page_header_footer = False
    return section


# --- styles ------------------------------------------------------------------------------

def define_styles(document, *, only_missing: bool = False) -> None:
    """The styles reportgen writes with, defined on `document`.

    only_missing=False (making a template): docDefaults, Normal, Heading 1–4, Table Grid and
    the placeholder character style are (re)defined per Nghị định 30, and every theme font
    in styles.xml becomes Times New Roman.
    only_missing=True (rendering with a user's template): styles the user already has are
    left exactly as restyled; only absent ones are added.
    """
    styles = document.styles
    names = {s.name for s in styles}
    if not only_missing:
        _oxml.replace_theme_fonts_everywhere(styles.element, FONT)
        _oxml.set_theme_fonts(document, FONT)
        rPr = _oxml.doc_defaults_rpr(styles.element)
        _oxml.set_rpr_fonts(rPr, FONT)
        _oxml.set_rpr_size(rPr, BODY_SIZE)
        _oxml.set_rpr_lang(rPr, LANG)
        pPr = _oxml.doc_defaults_ppr(styles.element)
        for child in list(pPr):
            pPr.remove(child)
        _define_normal(styles["Normal"])
    for level in range(1, 5):
        name = f"Heading {level}"
        if name not in names:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            _define_heading(styles, style, level)
        elif not only_missing:
            _define_heading(styles, styles[name], level)
    if "Table Grid" not in names:
        table_style = styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
        table_style.base_style = None
    if PLACEHOLDER_STYLE not in names:
        style = styles.add_style(PLACEHOLDER_STYLE, WD_STYLE_TYPE.CHARACTER)
        style.style_id = PLACEHOLDER_STYLE_ID
        _define_placeholder(style)
    elif not only_missing:
        _define_placeholder(styles[PLACEHOLDER_STYLE])


def _define_normal(style) -> None:
    style.font.name = FONT
    _oxml.set_rpr_fonts(_oxml.style_rpr(style), FONT)
    _oxml.set_rpr_size(_oxml.style_rpr(style), BODY_SIZE)
    pf = style.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = FIRST_LINE_INDENT
    pf.left_indent = pf.right_indent = Cm(0)
    pf.space_before = Pt(0)
    pf.space_after = SPACE_AFTER
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = LINE_SPACING
    pf.widow_control = True


def _define_heading(styles, style, level: int) -> None:
    bold, italic = HEADING_LOOK[level]
    style.base_style = styles["Normal"]
    style.next_paragraph_style = styles["Normal"]
    style.hidden = False
    style.unhide_when_used = False
    style.quick_style = True
    _oxml.remove_numbering(style)
    _oxml.set_style_outline_level(style, level - 1)
    font = style.font
    font.name = FONT
    rPr = _oxml.style_rpr(style)
    _oxml.set_rpr_fonts(rPr, FONT)
    _oxml.set_rpr_size(rPr, BODY_SIZE)
    _oxml.set_rpr_black(rPr)
    font.bold, font.italic = bold, italic
    font.all_caps = False
    pf = style.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = FIRST_LINE_INDENT
    pf.space_before = Pt(6)
    pf.space_after = SPACE_AFTER
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = LINE_SPACING
    pf.keep_with_next = True
    pf.keep_together = True
    # The linked character style ("Heading 1 Char") keeps theme colours: make it match.
    linked = _oxml.linked_style_id(style)
    for candidate in styles:
        if linked and candidate.style_id == linked:
            crPr = _oxml.style_rpr(candidate)
            _oxml.set_rpr_fonts(crPr, FONT)
            _oxml.set_rpr_black(crPr)
            _oxml.set_rpr_size(crPr, BODY_SIZE)


def _define_placeholder(style) -> None:
    style.hidden = False
    style.quick_style = True
    style.font.highlight_color = WD_COLOR_INDEX.YELLOW
    # LibreOffice ignores w:highlight in a character style; a yellow shading shows there.
    _oxml.set_rpr_shading(_oxml.style_rpr(style), "FFFF00")
    style.font.italic = True


# --- paragraphs --------------------------------------------------------------------------

def _compact(paragraph, alignment=WD_ALIGN_PARAGRAPH.CENTER, *, space_before=Pt(0),
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


def add_line(container, text: str = "", *, size: Length = BODY_SIZE, bold: bool = False,
             italic: bool = False, align: str = "center", space_before: Length = Pt(0),
             space_after: Length = Pt(0), line_spacing: float = 1.0, upper: bool = False,
             keep_with_next: bool = False):
    """One directly formatted line (no indent), as in the letterhead and signature block."""
    paragraph = container.add_paragraph()
    _compact(paragraph, _ALIGN[align], space_before=space_before, space_after=space_after,
             line_spacing=line_spacing)
    paragraph.paragraph_format.keep_with_next = keep_with_next
    _oxml.set_paragraph_rpr_size(paragraph, size)
    if text:
        run = paragraph.add_run(text.upper() if upper else text)
        run.font.size = size
        run.font.bold = bold or None
        run.font.italic = italic or None
        if "  " in text or text != text.strip() or "{{" in text:
            _oxml.preserve_spaces(run)
    return paragraph


def add_rule(container, length: Length, available: Length, *, space_after: Length = Pt(0),
             keep_with_next: bool = False):
    """A short centred horizontal rule: an empty paragraph whose bottom border is `length` long.

    `available` is the width the paragraph would have without indents (the text width or
    the cell width less its margins).
    """
    paragraph = container.add_paragraph()
    side = Length(max(0, int((available - length) / 2)))
    _compact(paragraph, WD_ALIGN_PARAGRAPH.CENTER, space_after=space_after)
    pf = paragraph.paragraph_format
    pf.left_indent = pf.right_indent = side
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(6)  # LibreOffice draws the line ~6 pt under the text above
    pf.keep_with_next = keep_with_next
    _oxml.set_paragraph_rpr_size(paragraph, Pt(2))
    _oxml.set_paragraph_bottom_border(paragraph)
    return paragraph


# --- body --------------------------------------------------------------------------------

def placeholder_text(text: str) -> str:
    """"[Nội dung cần bổ sung: …]" unless the text is already bracketed."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return text
    return f"[{PLACEHOLDER_PREFIX}: {text}]" if text else f"[{PLACEHOLDER_PREFIX}]"


def bullet_text(text: str) -> str:
    text = text.strip()
    return text if text[:1] in ("-", "+", "•", "–", "*") else f"- {text}"


def add_heading(container, text: str, level: int):
    level = min(max(int(level), 1), 4)
    return container.add_paragraph(text.strip(), style=f"Heading {level}")


def add_paragraph(container, paragraph: Paragraph) -> list:
    """Write one body paragraph; a text with line breaks becomes several paragraphs."""
    kind = paragraph.kind
    if kind == "placeholder":
        p = container.add_paragraph(style="Normal")
        p.add_run(placeholder_text(paragraph.text), style=PLACEHOLDER_STYLE)
        return [p]
    out = []
    for line in _lines(paragraph.text):
        if kind == "bullet":
            line = bullet_text(line)
        p = container.add_paragraph(style="Normal")
        run = p.add_run(line)
        if kind == "note":
            run.font.italic = True
        out.append(p)
    return out


def write_body(container, intro: list[Paragraph], sections: list[Section]) -> dict[str, object]:
    """Intro paragraphs, then each section's heading and paragraphs.

    Returns {section id: heading paragraph} so comments can be anchored on headings.
    """
    headings: dict[str, object] = {}
    for paragraph in intro:
        add_paragraph(container, paragraph)
    for section in sections:
        heading = add_heading(container, section.heading, section.level)
        if section.id:
            headings[section.id] = heading
        for paragraph in section.paragraphs:
            add_paragraph(container, paragraph)
    return headings


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    return lines or [""]


# --- tables ------------------------------------------------------------------------------

def borderless_table(container, widths: list[Length], rows: int = 1):
    """A layout table without borders and fixed column widths (letterhead, signature)."""
    table = container.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _oxml.set_table_borders(table, "none")
    _oxml.set_table_width(table, Length(sum(widths)))
    _oxml.set_table_cell_margins(table, left=Mm(1), right=Mm(1), top=Mm(0), bottom=Mm(0))
    _oxml.set_table_look_none(table)
    for i, width in enumerate(widths):
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width
            _oxml.set_cell_borders(cell, "none")
    return table


def clear_cell(cell) -> None:
    """Remove the cell's paragraphs, leaving it empty (add at least one again)."""
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)


@dataclass
class _Placed:
    cell: TableCell
    row: int
    col: int


def place_header_cells(header_rows: list[list[TableCell]]) -> tuple[list[_Placed], int]:
    """Lay header cells on a grid like an HTML table; returns placements and the width."""
    occupied: set[tuple[int, int]] = set()
    placed: list[_Placed] = []
    width = 0
    for r, cells in enumerate(header_rows):
        c = 0
        for cell in cells:
            while (r, c) in occupied:
                c += 1
            placed.append(_Placed(cell, r, c))
            for dr in range(max(1, cell.rowspan)):
                for dc in range(max(1, cell.colspan)):
                    occupied.add((r + dr, c + dc))
            c += max(1, cell.colspan)
            width = max(width, c)
    if occupied:
        width = max(width, max(c for _, c in occupied) + 1)
    return placed, width


def _as_cell(value) -> TableCell:
    if isinstance(value, TableCell):
        return value
    return TableCell(text="" if value is None else str(value))


def _row_width(cells) -> int:
    return sum(max(1, _as_cell(c).colspan) for c in cells)


def column_widths(appendix: AppendixTable, ncols: int, total: Length) -> list[Length]:
    """Explicit column widths scaled to `total` (the landscape text width)."""
    given = [float(w) for w in appendix.col_widths_mm[:ncols] if w and float(w) > 0]
    if len(given) != ncols:
        label = label_column(appendix, ncols)
        given = [12.0 if c == 0 and ncols > 2 else 25.0 for c in range(ncols)]
        if ncols > 1:
            given[label] = max(60.0, 252.0 - sum(w for i, w in enumerate(given) if i != label))
    scale = total / sum(given)
    widths = [Length(int(w * scale)) for w in given]
    widths[-1] = Length(total - sum(widths[:-1]))
    return widths


def label_column(appendix: AppendixTable, ncols: int) -> int:
    """The column holding the indicator names: the first left-aligned one, else column 1."""
    for i, align in enumerate(appendix.col_align[:ncols]):
        if align == "left":
            return i
    return 1 if ncols > 1 else 0


def table_font_size(ncols: int) -> Length:
    return Pt(12) if ncols <= 8 else Pt(11)


class _CellWriter:
    """Writes table cells; the formatting of each kind of cell is built once and stamped."""

    def __init__(self, size: Length):
        self.size = size
        self._ppr: dict[tuple, object] = {}
        self._rpr: dict[tuple, object] = {}

    def fill(self, cell, text: str, *, bold: bool = False, italic: bool = False,
             align: str = "left", indent: Length = Mm(0)) -> None:
        paragraph = cell.paragraphs[0]
        key = (align, int(indent))
        if key in self._ppr:
            _oxml.stamp_paragraph_properties(paragraph, self._ppr[key])
        else:
            _compact(paragraph, _ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT),
                     space_before=Pt(2), space_after=Pt(2))
            if indent:
                paragraph.paragraph_format.left_indent = indent
            _oxml.set_paragraph_rpr_size(paragraph, self.size)
            self._ppr[key] = _oxml.copy_paragraph_properties(paragraph)
        lines = text.split("\n") if text else []
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            rkey = (bool(bold), bool(italic))
            if rkey in self._rpr:
                _oxml.stamp_run_properties(run, self._rpr[rkey])
            else:
                run.font.size = self.size
                run.font.bold = bold or None
                run.font.italic = italic or None
                self._rpr[rkey] = _oxml.copy_run_properties(run)
            if i < len(lines) - 1:
                run.add_break(WD_BREAK.LINE)


def add_appendix_table(container, appendix: AppendixTable, width: Length = LANDSCAPE_TEXT_WIDTH):
    """The appendix table: repeated header rows with merges, the (1)(2)… row, the data rows."""
    placed, header_width = place_header_cells(appendix.header_rows)
    body_width = max((_row_width(r.get("cells", [])) for r in appendix.rows), default=0)
    ncols = max(header_width, body_width, len(appendix.col_widths_mm), 1)
    widths = column_widths(appendix, ncols, width)
    writer = _CellWriter(table_font_size(ncols))
    label = label_column(appendix, ncols)

    table = container.add_table(rows=0, cols=ncols)
    _style_table(table, widths)

    # Header rows: fill each placed cell, then merge its span.
    header_rows = [table.add_row() for _ in appendix.header_rows]
    grid = [list(row.cells) for row in header_rows]
    for row in header_rows:
        _prepare_row(row, widths, header=True)
    for p in placed:
        cell = grid[p.row][p.col]
        writer.fill(cell, p.cell.text, bold=True if not p.cell.italic else p.cell.bold,
                    italic=p.cell.italic, align=p.cell.align or "center")
    for p in placed:
        rs, cs = max(1, p.cell.rowspan), max(1, p.cell.colspan)
        if rs > 1 or cs > 1:
            last_row = min(p.row + rs, len(grid)) - 1
            last_col = min(p.col + cs, ncols) - 1
            grid[p.row][p.col].merge(grid[last_row][last_col])
    for row in header_rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    if appendix.number_row:
        row = table.add_row()
        _prepare_row(row, widths, header=True)
        for c, cell in enumerate(row.cells):
            writer.fill(cell, f"({c + 1})", italic=True, align="center")

    protos: dict[int, object] = {}
    for spec in appendix.rows:
        style = spec.get("style", "item") or "item"
        row = table.add_row()
        cells = _prepare_row(row, widths, header=False, protos=protos)
        c = 0
        merges = []
        for value in spec.get("cells", []):
            if c >= ncols:
                break
            tc = _as_cell(value)
            span = min(max(1, tc.colspan), ncols - c)
            bold = tc.bold or style == "group"
            italic = tc.italic or style in ("sub", "subsub")
            align = tc.align or _body_align(appendix, c, tc.text, label)
            indent = Mm(0)
            if c == label and span == 1 and align == "left":
                indent = {"sub": Mm(3), "subsub": Mm(6)}.get(style, Mm(0))
            writer.fill(cells[c], tc.text, bold=bold, italic=italic, align=align, indent=indent)
            if span > 1:
                merges.append((c, c + span - 1))
            c += span
        for first, last in merges:
            cells[first].merge(cells[last])
    return table


def _body_align(appendix: AppendixTable, col: int, text: str, label: int) -> str:
    if col < len(appendix.col_align) and appendix.col_align[col] in _ALIGN:
        return appendix.col_align[col]
    if text and _NUMBER.match(text.strip()):
        return "right"
    if col == label:
        return "left"
    return "center"


def _style_table(table, widths: list[Length]) -> None:
    if "Table Grid" in {s.name for s in table.part.styles}:
        table.style = table.part.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _oxml.set_table_width(table, Length(sum(widths)))
    _oxml.set_table_borders(table, "single")
    _oxml.set_table_cell_margins(table, left=Mm(1.2), right=Mm(1.2), top=Mm(0), bottom=Mm(0))
    _oxml.set_table_look_none(table)
    for i, w in enumerate(widths):
        table.columns[i].width = w


def _prepare_row(row, widths: list[Length], *, header: bool,
                 protos: dict | None = None) -> list:
    """Width, borders and vertical centring of every cell; returns the row's cells.

    `protos` caches the finished w:tcPr of each column so later rows just copy it.
    """
    cells = list(row.cells)
    for i, (cell, w) in enumerate(zip(cells, widths)):
        if protos is not None and i in protos:
            _oxml.stamp_cell_properties(cell, protos[i])
            continue
        cell.width = w
        _oxml.set_cell_borders(cell, "single")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if protos is not None:
            protos[i] = _oxml.copy_cell_properties(cell)
    if header:
        _oxml.set_repeat_header(row)
    _oxml.set_cant_split(row)
    return cells


def add_appendix(document, appendix: AppendixTable) -> None:
    """A new landscape section: "Phụ lục …", the title, the attached line, a rule, the table."""
    add_landscape_section(document)
    width = LANDSCAPE_TEXT_WIDTH
    add_line(document, appendix.number, size=Pt(14), bold=True, keep_with_next=True)
    for line in _lines(appendix.title):
        add_line(document, line, size=Pt(14), bold=True, upper=True, keep_with_next=True)
    if appendix.attached_line:
        add_line(document, appendix.attached_line, size=Pt(13), italic=True,
                 keep_with_next=True)
    add_rule(document, Mm(40), width, space_after=Pt(6), keep_with_next=True)
    if appendix.unit_note:
        add_line(document, appendix.unit_note, size=Pt(12), italic=True, align="right",
                 space_after=Pt(3), keep_with_next=True)
    add_appendix_table(document, appendix, width)


def add_end_paragraph(document) -> None:
    """The final paragraph Word needs after a closing table: 1 pt, no spacing."""
    p = document.add_paragraph()
    _compact(p, WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(1)
    _oxml.set_paragraph_rpr_size(p, Pt(1))


__all__ = [
    "FONT", "TEXT_WIDTH", "LANDSCAPE_TEXT_WIDTH", "PLACEHOLDER_STYLE", "setup_section",
    "add_page_number_header", "add_landscape_section", "define_styles", "add_line",
    "add_rule", "add_heading", "add_paragraph", "write_body", "borderless_table",
    "clear_cell", "add_appendix_table", "add_appendix", "add_end_paragraph",
    "placeholder_text", "bullet_text",
]
