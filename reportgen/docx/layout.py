"""Nghị định 30/2020/NĐ-CP layout with python-docx: page setup, styles, body, appendix tables.

The functions take python-docx objects (a Document, a Section, or any block container with
`add_paragraph`/`add_table`: a document, a cell, a docxtpl Subdoc). `scripts/make_templates.py`
builds the templates with them, and `reportgen.render` fills documents with them, so both
always agree. Raw XML lives in `reportgen._oxml`.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.shared import Cm, Length, Mm, Pt, Twips
from docx.table import Table as DocxTable
from docx.table import _Cell as DocxCell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun
from lxml import etree

from reportgen.docx import oxml as _oxml
from reportgen.documents.model import AppendixTable, Paragraph, Section, TableCell

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
    key = (int(size), align, int(space_before), int(space_after), line_spacing, bool(keep_with_next))
    pPr = _LINE_PPR.get(key)
    if pPr is None:  # the formatting of each kind of line is made once, then copied
        proto = DocxParagraph(_oxml.element("w:p"), None)
        _compact(proto, _ALIGN[align], space_before=space_before, space_after=space_after,
                 line_spacing=line_spacing)
        proto.paragraph_format.keep_with_next = keep_with_next
        _oxml.set_paragraph_rpr_size(proto, size)
        pPr = _LINE_PPR[key] = proto._p.pPr
    paragraph._p.insert(0, _oxml.clone(pPr))
    if text:
        r = _oxml.append_run(paragraph._p, text.upper() if upper else text,
                             rPr=_proto_rpr(size, bold, italic))
        if "  " in text or text != text.strip() or "{{" in text:
            for t in r.iterchildren(_oxml.W_T):
                t.set(_oxml.XML_SPACE, "preserve")
    return paragraph


_LINE_PPR: dict[tuple, object] = {}


def add_rule(container, length: Length, available: Length, *, space_after: Length = Pt(0),
             keep_with_next: bool = False):
    """A short centred horizontal rule: an empty paragraph whose bottom border is `length` long.

    `available` is the width the paragraph would have without indents (the text width or
    the cell width less its margins).
    """
    paragraph = container.add_paragraph()
    side = Length(max(0, int((available - length) / 2)))
    key = (int(side), int(space_after), bool(keep_with_next))
    pPr = _RULE_PPR.get(key)
    if pPr is None:  # made once per kind of rule, then copied
        proto = DocxParagraph(_oxml.element("w:p"), None)
        _compact(proto, WD_ALIGN_PARAGRAPH.CENTER, space_after=space_after)
        pf = proto.paragraph_format
        pf.left_indent = pf.right_indent = side
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(6)  # LibreOffice draws the line ~6 pt under the text above
        pf.keep_with_next = keep_with_next
        _oxml.set_paragraph_rpr_size(proto, Pt(2))
        _oxml.set_paragraph_bottom_border(proto)
        pPr = _RULE_PPR[key] = proto._p.pPr
    paragraph._p.insert(0, _oxml.clone(pPr))
    return paragraph


_RULE_PPR: dict[tuple, object] = {}


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
    The XML is what add_heading / add_paragraph write, made from prepared elements
    (python-docx looks every style up again for each paragraph, which dominated the time).
    """
    writer = _BodyWriter(container)
    headings: dict[str, object] = {}
    for paragraph in intro:
        writer.paragraph(paragraph)
    for section in sections:
        heading = writer.heading(section.heading, section.level)
        if section.id:
            headings[section.id] = heading
        for paragraph in section.paragraphs:
            writer.paragraph(paragraph)
    return headings


class _BodyWriter:
    """Appends body paragraphs to `container` as copies of prepared `<w:p>` elements.

    The output equals `add_heading` / `add_paragraph`: each style name is looked up once
    (`_oxml.style_id`: python-docx's answer, errors included), the first paragraph is added
    by python-docx to find its place, each later one goes right after the previous one.
    """

    def __init__(self, container):
        self.container = container
        self._last = None
        self._style_ids: dict[tuple, str | None] = {}
        self._protos: dict[object, object] = {}

    def _style_id(self, name: str, style_type) -> str | None:
        key = (name, style_type)
        if key not in self._style_ids:
            self._style_ids[key] = _oxml.style_id(self.container.part, name, style_type)
        return self._style_ids[key]

    def _new_p(self, style_id: str | None):
        """An empty `<w:p>` with `<w:pPr>` (and pStyle when not the default style), placed."""
        proto = self._protos.get(style_id)
        if proto is None:
            proto = _oxml.element("w:p")
            pPr = _oxml.sub_element(proto, "w:pPr")
            if style_id is not None:
                _oxml.sub_element(pPr, "w:pStyle").set(_oxml.W_VAL, style_id)
            self._protos[style_id] = proto
        p = _oxml.clone(proto)
        if self._last is None:
            first = self.container.add_paragraph()._p
            first.getparent().replace(first, p)
        else:
            self._last.addnext(p)
        self._last = p
        return p

    def heading(self, text: str, level: int):
        level = min(max(int(level), 1), 4)
        p = self._new_p(self._style_id(f"Heading {level}", WD_STYLE_TYPE.PARAGRAPH))
        text = text.strip()
        if text:
            _oxml.append_run(p, text)
        return DocxParagraph(p, self.container)

    def paragraph(self, paragraph: Paragraph) -> None:
        kind = paragraph.kind
        normal = self._style_id("Normal", WD_STYLE_TYPE.PARAGRAPH)
        if kind == "placeholder":
            p = self._new_p(normal)
            char = self._style_id(PLACEHOLDER_STYLE, WD_STYLE_TYPE.CHARACTER)
            _oxml.append_run(p, placeholder_text(paragraph.text), styled=True, style_id=char)
            return
        for line in _lines(paragraph.text):
            if kind == "bullet":
                line = bullet_text(line)
            p = self._new_p(normal)
            _oxml.append_run(p, line, italic=kind == "note")


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
    return sum(max(1, c.colspan) if isinstance(c, TableCell) else 1 for c in cells)


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


def add_appendix_table(container, appendix: AppendixTable, width: Length = LANDSCAPE_TEXT_WIDTH,
                       *, deferred: DeferredRows | None = None):
    """The appendix table: repeated header rows with merges, the (1)(2)… row, the data rows.

    With `deferred`, the rows are kept as XML text there (see DeferredRows) instead of being
    added to the table now; the document must then be saved through `deferred.splice`.
    """
    placed, header_width = place_header_cells(appendix.header_rows)
    body_width = max((_row_width(r.get("cells", [])) for r in appendix.rows), default=0)
    ncols = max(header_width, body_width, len(appendix.col_widths_mm), 1)
    widths = column_widths(appendix, ncols, width)
    label = label_column(appendix, ncols)

    table = container.add_table(rows=0, cols=ncols)
    _style_table(table, widths, deferred.styles if deferred is not None else None)
    spans = _header_spans(placed, len(appendix.header_rows), ncols)
    if spans is not None:
        rows_xml = _TableRows(widths, table_font_size(ncols)).write(appendix, spans, label)
        if deferred is not None:
            deferred.add(table._tbl, rows_xml)
        else:
            _append_rows(table._tbl, rows_xml)
    else:  # header cells overlapping: python-docx's merge decides (or refuses) as it always did
        _fill_table_cells(table, appendix, placed, ncols, widths, label)
    return table


def _fill_table_cells(table, appendix: AppendixTable, placed: list[_Placed], ncols: int,
                      widths: list[Length], label: int) -> None:
    """The rows through python-docx's cell API (general but slow; see _TableRows)."""
    writer = _CellWriter(table_font_size(ncols))
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


def _header_spans(placed: list[_Placed], nrows: int, ncols: int) -> list[tuple] | None:
    """[(placed cell, height, width)] with spans clipped to the grid as python-docx merges them,
    or None when two header cells overlap."""
    covered: set[tuple[int, int]] = set()
    spans = []
    for p in placed:
        last_row = min(p.row + max(1, p.cell.rowspan), nrows) - 1
        last_col = min(p.col + max(1, p.cell.colspan), ncols) - 1
        if last_row < p.row or last_col < p.col:
            return None
        for r in range(p.row, last_row + 1):
            for c in range(p.col, last_col + 1):
                if (r, c) in covered:
                    return None
                covered.add((r, c))
        spans.append((p, last_row - p.row + 1, last_col - p.col + 1))
    return spans


# Prototype elements, built once per process with the same python-docx calls as the general
# path (so the XML is the same), then deep-copied for every cell.
_PROTO_PPR: dict[tuple, object] = {}
_PROTO_RPR: dict[tuple, object] = {}
_PROTO_TCPR: dict[int, object] = {}
_PROTO_TRPR: dict[bool, object] = {}


def _proto_ppr(size: Length, align: str, indent: Length):
    key = (int(size), align, int(indent))
    pPr = _PROTO_PPR.get(key)
    if pPr is None:
        paragraph = DocxParagraph(_oxml.element("w:p"), None)
        _compact(paragraph, _ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT),
                 space_before=Pt(2), space_after=Pt(2))
        if indent:
            paragraph.paragraph_format.left_indent = indent
        _oxml.set_paragraph_rpr_size(paragraph, size)
        pPr = _PROTO_PPR[key] = paragraph._p.pPr
    return pPr


def _proto_rpr(size: Length, bold: bool, italic: bool):
    key = (int(size), bool(bold), bool(italic))
    rPr = _PROTO_RPR.get(key)
    if rPr is None:
        run = DocxRun(_oxml.element("w:r"), None)
        run.font.size = size
        run.font.bold = bold or None
        run.font.italic = italic or None
        rPr = _PROTO_RPR[key] = run._r.rPr
    return rPr


def _proto_tcpr(width: Length):
    twips = Length(width).twips
    tcPr = _PROTO_TCPR.get(twips)
    if tcPr is None:
        cell = DocxCell(CT_Tc.new(), None)
        cell.width = width
        _oxml.set_cell_borders(cell, "single")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        tcPr = _PROTO_TCPR[twips] = cell._tc.tcPr
    return tcPr


def _proto_trpr(header: bool):
    trPr = _PROTO_TRPR.get(header)
    if trPr is None:
        row = _RowShim(_oxml.element("w:tr"))
        if header:
            _oxml.set_repeat_header(row)
        _oxml.set_cant_split(row)
        trPr = _PROTO_TRPR[header] = row._tr.trPr
    return trPr


@dataclass
class _RowShim:
    _tr: object


class _TableRows:
    """The rows of an appendix table as WordprocessingML text, from prepared cells.

    The XML equals what `_fill_table_cells` gets from python-docx (cell widths, borders,
    vertical centring, repeated header rows, cantSplit, merges as gridSpan/vMerge with summed
    widths), without python-docx's per-cell grid walks and without an lxml element per cell:
    each kind of cell of a column (span, merge, alignment, indent, bold, italic) is built
    once with python-docx and serialized by lxml; a cell is then that text around its own
    escaped text. Texts lxml would write differently (line breaks, tabs, other control or
    separator characters) are built as elements and serialized the same way.
    """

    def __init__(self, widths: list[Length], size: Length):
        self.size = size
        self.widths = widths
        self.tcprs = [_proto_tcpr(w) for w in widths]
        self.twips = [Length(w).twips for w in widths]
        self._parts: dict[tuple, tuple[str, str]] = {}  # _CELL_TEXT entries by column
        self.out: list[str] = []

    def _element(self, col: int, span: int, vmerge: str | None, fmt: tuple | None, run: bool):
        """A `<w:tc>`: properties, then `<w:p/>` (fmt None: never filled) or a paragraph with
        the cell paragraph's properties and, with `run`, one run with an empty `<w:t>`."""
        tc = _oxml.element("w:tc")
        tcPr = _oxml.clone(self.tcprs[col])
        if span > 1 or vmerge is not None:
            if span > 1:
                tcPr.width = Twips(sum(self.twips[col:col + span]))
                tcPr.grid_span = span
            tcPr.vMerge_val = vmerge
        tc.append(tcPr)
        p = _oxml.sub_element(tc, "w:p")
        if fmt is not None:
            align, indent, bold, italic = fmt
            p.append(_oxml.clone(_proto_ppr(self.size, align, Length(indent))))
            if run:
                r = _oxml.sub_element(p, "w:r")
                r.append(_oxml.clone(_proto_rpr(self.size, bold, italic)))
                _oxml.sub_element(r, "w:t")
        return tc

    def _text(self, col: int, span: int, vmerge: str | None, fmt: tuple | None, run: str):
        """(before, after) the cell's escaped text; run: "" (no run), "t" or "preserve"."""
        local = (col, span, vmerge, fmt, run)
        parts = self._parts.get(local)
        if parts is not None:
            return parts
        key = (int(self.size), tuple(self.twips[col:col + span]), vmerge, fmt, run)
        parts = _CELL_TEXT.get(key)
        if parts is None:
            if len(_CELL_TEXT) > 5_000:  # kinds of cells are few; only odd widths pile up
                _CELL_TEXT.clear()
            tc = self._element(col, span, vmerge, fmt, bool(run))
            if run:
                t = tc[-1][-1][-1]
                t.text = _SLOT
                if run == "preserve":
                    t.set(_oxml.XML_SPACE, "preserve")
            parts = _CELL_TEXT[key] = tuple(_oxml.fragment(tc).split(_SLOT)) if run else \
                (_oxml.fragment(tc), "")
        self._parts[local] = parts
        return parts

    def empty(self, col: int, span: int = 1, vmerge: str | None = None) -> None:
        self.out.append(self._text(col, span, vmerge, None, "")[0])

    def filled(self, col: int, text: str, *, span: int = 1, vmerge: str | None = None,
               bold: bool = False, italic: bool = False, align: str = "left",
               indent: int = 0) -> None:
        """As _CellWriter.fill: the paragraph's properties, one run per line, line breaks.
        `indent`: the left indent of the label column in EMU."""
        fmt = (align, indent, bool(bold), bool(italic))
        if not text:
            self.out.append(self._text(col, span, vmerge, fmt, "")[0])
        elif text.isprintable():  # no control characters: one run, one w:t
            run = "preserve" if len(text.strip()) < len(text) else "t"
            before, after = self._text(col, span, vmerge, fmt, run)
            if "&" in text or "<" in text or ">" in text:
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            self.out.append(before + text + after)
        else:
            tc = self._element(col, span, vmerge, fmt, False)
            p = tc[-1]
            rPr = _proto_rpr(self.size, bold, italic)
            lines = text.split("\n")
            last = len(lines) - 1
            for i, line in enumerate(lines):
                r = _oxml.append_run(p, line, rPr=rPr)
                if i < last:
                    _oxml.sub_element(r, "w:br")
            self.out.append(_oxml.fragment(tc))

    def _row(self, header: bool) -> None:
        if self.out:
            self.out.append("</w:tr>")
        self.out.append(_ROW_START[header] or _row_start(header))

    def write(self, appendix: AppendixTable, spans: list[tuple], label: int) -> str:
        """The XML of every row (header rows, the (1)(2)… row, the data rows)."""
        ncols = len(self.widths)
        nrows = len(appendix.header_rows)
        # Header: each grid slot is a placed cell, covered by one (dropped, or a vMerge
        # continuation at the span's left column) or an empty cell.
        top: dict[tuple[int, int], tuple] = {}
        covered: dict[tuple[int, int], object] = {}
        for p, height, width in spans:
            top[(p.row, p.col)] = (p, height, width)
            for r in range(p.row, p.row + height):
                for c in range(p.col, p.col + width):
                    if (r, c) != (p.row, p.col):
                        covered[(r, c)] = (p, height, width) if c == p.col else None
        for r in range(nrows):
            self._row(header=True)
            for c in range(ncols):
                if (r, c) in top:
                    p, height, width = top[(r, c)]
                    cell = p.cell
                    self.filled(c, cell.text, span=width, vmerge="restart" if height > 1 else None,
                                bold=True if not cell.italic else cell.bold, italic=cell.italic,
                                align=cell.align or "center")
                elif (r, c) in covered:
                    span = covered[(r, c)]
                    if span is not None:  # else swallowed into the span's left column
                        self.empty(c, span[2], "continue")
                else:
                    self.empty(c)

        if appendix.number_row:
            self._row(header=True)
            for c in range(ncols):
                self.filled(c, f"({c + 1})", italic=True, align="center")

        sub_indent = {"sub": int(Mm(3)), "subsub": int(Mm(6))}
        for spec in appendix.rows:
            style = spec.get("style", "item") or "item"
            group, sub = style == "group", style in ("sub", "subsub")
            label_indent = sub_indent.get(style, 0)
            self._row(header=False)
            c = 0
            for value in spec.get("cells", []):
                if c >= ncols:
                    break
                if isinstance(value, TableCell):
                    text, span = value.text, min(max(1, value.colspan), ncols - c)
                    bold, italic, align = value.bold or group, value.italic or sub, value.align
                else:  # as _as_cell(value): a plain cell
                    text, span = "" if value is None else str(value), 1
                    bold, italic, align = group, sub, None
                align = align or _body_align(appendix, c, text, label)
                indent = label_indent if c == label and span == 1 and align == "left" else 0
                self.filled(c, text, span=span, bold=bold, italic=italic, align=align, indent=indent)
                c += span
            for rest in range(c, ncols):
                self.empty(rest)
        if self.out:
            self.out.append("</w:tr>")
        return "".join(self.out)


_SLOT = "\ue000reportgen-text\ue000"  # where a cell's text goes in its serialized prototype
_CELL_TEXT: dict[tuple, tuple[str, str]] = {}  # serialized cells around _SLOT, per kind of cell
_ROW_START: dict[bool, str] = {True: "", False: ""}


def _row_start(header: bool) -> str:
    tr = _oxml.element("w:tr")
    tr.append(_oxml.clone(_proto_trpr(header)))
    text = _oxml.fragment(tr)
    assert text.endswith("</w:tr>")
    _ROW_START[header] = text[:-len("</w:tr>")]
    return _ROW_START[header]


class DeferredRows:
    """Appendix rows kept as XML text until the document part is serialized (render's save).

    Building thousands of cells as lxml elements, then serializing them, cost more than the
    rest of the document. `add_appendix_table(..., deferred=rows)` puts a marker comment where
    the rows go; `splice(blob)` swaps each marker in the serialized part for its rows.
    One per document: it also remembers the document's table style for the next tables.
    """

    def __init__(self):
        self.token = secrets.token_hex(8)
        self.chunks: list[str] = []
        self.styles: dict[str, tuple] = {}

    def add(self, tbl, rows_xml: str) -> None:
        tbl.append(etree.Comment(f"reportgen-rows {self.token} {len(self.chunks)}"))
        self.chunks.append(rows_xml)

    def splice(self, blob: bytes) -> bytes:
        if not self.chunks:
            return blob
        pieces = blob.split(f"<!--reportgen-rows {self.token} ".encode())
        if len(pieces) != len(self.chunks) + 1:
            raise ValueError("appendix rows: markers missing or repeated in the document")
        out = [pieces[0]]
        for piece in pieces[1:]:
            number, rest = piece.split(b"-->", 1)
            out.append(self.chunks[int(number)].encode("utf-8"))
            out.append(rest)
        return b"".join(out)


def _append_rows(tbl, rows_xml: str) -> None:
    """Parse rows written by _TableRows into `tbl` (when no DeferredRows collects them)."""
    if not rows_xml:
        return
    wrapper = parse_xml(f"<w:tbl {nsdecls('w')}>{rows_xml}</w:tbl>")
    for tr in list(wrapper):
        tbl.append(tr)


def _body_align(appendix: AppendixTable, col: int, text: str, label: int) -> str:
    if col < len(appendix.col_align) and appendix.col_align[col] in _ALIGN:
        return appendix.col_align[col]
    if text and _NUMBER.match(text.strip()):
        return "right"
    if col == label:
        return "left"
    return "center"


def _style_table(table, widths: list[Length], known: dict | None = None) -> None:
    """Table Grid style (when the document has it), centred, fixed layout, borders, margins.
    `known`: the document's "Table Grid" lookup from an earlier table (DeferredRows keeps it)."""
    found = known.get("Table Grid") if known is not None else None
    if found is None:
        style = _oxml.style_by_name(table.part.styles.element, "Table Grid")
        found = (style is not None, _oxml.table_style_id(table, style) if style is not None else None)
        if known is not None:
            known["Table Grid"] = found
    key = (*found, Length(sum(widths)).twips)
    has_style, style_id = found
    tblPr = _TABLE_PPR.get(key)
    if tblPr is None:  # the table properties, made once per style and width, then copied
        proto = DocxTable(CT_Tbl.new_tbl(0, len(widths), Length(sum(widths))), None)
        if has_style:
            proto._tbl.tblStyle_val = style_id
        proto.alignment = WD_TABLE_ALIGNMENT.CENTER
        proto.autofit = False
        _oxml.set_table_width(proto, Length(sum(widths)))
        _oxml.set_table_borders(proto, "single")
        _oxml.set_table_cell_margins(proto, left=Mm(1.2), right=Mm(1.2), top=Mm(0), bottom=Mm(0))
        _oxml.set_table_look_none(proto)
        tblPr = _TABLE_PPR[key] = proto._tbl.tblPr
    table._tbl.replace(table._tbl.tblPr, _oxml.clone(tblPr))
    for gridCol, w in zip(table._tbl.tblGrid.gridCol_lst, widths):
        gridCol.w = w  # table.columns[i].width = w


_TABLE_PPR: dict[tuple, object] = {}


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


def add_appendix(document, appendix: AppendixTable, *, deferred: DeferredRows | None = None) -> None:
    """A new landscape section: "Phụ lục …", the title, the attached line, a rule, the table.

    `deferred`: see add_appendix_table."""
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
    add_appendix_table(document, appendix, width, deferred=deferred)


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
