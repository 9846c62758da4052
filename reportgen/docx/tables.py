"""Tables: the borderless layout tables (letterhead, signature) and the Phụ lục tables.

An appendix table is centred, fixed-layout, with direct single borders on the table (its
inside lines included) and column widths from its content (reportgen.docx.widths). Its cells
carry only width and spans: the table style "Bảng phụ lục" centres them vertically, and their
text formatting is a paragraph style ("Bảng 12 - phải", reportgen.docx.styles) plus bold/italic
on the run.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.shared import Length, Mm, Pt
from docx.table import Table

from reportgen.docx import oxml_tables as _tbl
from reportgen.docx import table_rows, widths
from reportgen.docx.lines import add_line, add_rule
from reportgen.docx.page import LANDSCAPE_TEXT_WIDTH, add_landscape_section
from reportgen.docx.styles import APPENDIX_TABLE_STYLE, cell_style
from reportgen.documents.model import AppendixTable, TableCell

TABLE_BORDER_PT = 0.5
_ALIGNS = ("left", "center", "right")  # a column's given alignment (AppendixTable.col_align)


def borderless_table(container, widths_: list[Length], rows: int = 1):
    """A layout table without borders and fixed column widths (letterhead, signature)."""
    table = container.add_table(rows=rows, cols=len(widths_))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _tbl.set_table_borders(table, "none")
    _tbl.set_table_width(table, Length(sum(widths_)))
    _tbl.set_table_cell_margins(table, left=Mm(1), right=Mm(1), top=Mm(0), bottom=Mm(0))
    _tbl.set_table_look_none(table)
    for i, width in enumerate(widths_):
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width
            _tbl.set_cell_borders(cell, "none")
    return table


def clear_cell(cell) -> None:
    """Remove the cell's paragraphs, leaving it empty (add at least one again)."""
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)


@dataclass
class Placed:
    cell: TableCell
    row: int
    col: int


def place_header_cells(header_rows: list[list[TableCell]]) -> tuple[list[Placed], int]:
    """Lay header cells on a grid like an HTML table; returns placements and the width."""
    occupied: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    width = 0
    for r, cells in enumerate(header_rows):
        c = 0
        for cell in cells:
            while (r, c) in occupied:
                c += 1
            placed.append(Placed(cell, r, c))
            for dr in range(max(1, cell.rowspan)):
                for dc in range(max(1, cell.colspan)):
                    occupied.add((r + dr, c + dc))
            c += max(1, cell.colspan)
            width = max(width, c)
    if occupied:
        width = max(width, max(c for _, c in occupied) + 1)
    return placed, width


def header_spans(placed: list[Placed], nrows: int, ncols: int) -> list[tuple] | None:
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


def _row_width(cells) -> int:
    return sum(max(1, c.colspan) if isinstance(c, TableCell) else 1 for c in cells)


def body_align(appendix: AppendixTable, col: int, text: str, label: int) -> str:
    if col < len(appendix.col_align) and appendix.col_align[col] in _ALIGNS:
        return appendix.col_align[col]
    if text and widths.NUMBER.match(text.strip()):
        return "right"
    if col == label:
        return "left"
    return "center"


def _aligner(appendix: AppendixTable, ncols: int, label: int):
    """body_align as align_of(col, text) for TableRows, the columns' given alignments looked up once."""
    given = [a if a in _ALIGNS else None
             for a in list(appendix.col_align[:ncols]) + [None] * (ncols - len(appendix.col_align))]

    def align_of(col: int, text: str) -> str:
        return given[col] or body_align(appendix, col, text, label)
    return align_of


def _appendix_style(container, known: dict | None) -> tuple[bool, str | None]:
    """(usable, id) of the document's «Bảng phụ lục» table style (oxml_tables.table_style_ref);
    `known`: the answer for this document from an earlier table (DeferredTables keeps it)."""
    found = known.get(APPENDIX_TABLE_STYLE) if known is not None else None
    if found is None:
        found = _tbl.table_style_ref(container.part.styles.element, APPENDIX_TABLE_STYLE)
        if known is not None:
            known[APPENDIX_TABLE_STYLE] = found
    return found


def _insert_table(container, table_xml: str) -> Table:
    """Add a table written as text at the end of `container` (a document or a cell)."""
    placeholder = container.add_table(rows=0, cols=1)._tbl
    tbl = table_rows.parse_table(table_xml)
    placeholder.getparent().replace(placeholder, tbl)
    return Table(tbl, container)


def add_appendix_table(container, appendix: AppendixTable, width: Length = LANDSCAPE_TEXT_WIDTH,
                       *, deferred: table_rows.DeferredTables | None = None) -> Table | None:
    """The appendix table: repeated header rows with merges, the (1)(2)… row, the data rows.

    Centred, fixed layout, direct single borders, the «Bảng phụ lục» table style (which
    centres the cells vertically; without it in the document, each cell does). With
    `deferred`, the table is kept as XML text there (see DeferredTables) and None is returned;
    the document (`container`) must then be saved through `deferred.splice`.
    """
    placed, header_width = place_header_cells(appendix.header_rows)
    body_width = max((_row_width(r.get("cells", [])) for r in appendix.rows), default=0)
    ncols = max(header_width, body_width, len(appendix.col_widths_mm), 1)
    spans = header_spans(placed, len(appendix.header_rows), ncols)
    measured = [(p.cell.text, p.col, w, True if not p.cell.italic else p.cell.bold, p.cell.italic)
                for p, _, w in spans] if spans is not None else \
        [(p.cell.text, p.col, max(1, p.cell.colspan), True, p.cell.italic) for p in placed]
    plan = widths.plan_widths(appendix, ncols, Length(width) / Mm(1), measured)
    twips = [int(round(w * 1440 / 25.4)) for w in plan.widths_mm]
    twips[-1] += int(Length(width).twips) - sum(twips)  # the columns sum to the text width exactly
    label = widths.label_column(appendix, ncols)

    has_style, style_id = _appendix_style(container, deferred.styles if deferred is not None else None)
    start = table_rows.table_start(style_id, twips, TABLE_BORDER_PT,
                                   int(round(Mm(widths.CELL_MARGIN_MM).twips)))
    if spans is None:  # header cells overlapping: python-docx's merge decides (or refuses) as it always did
        table = _insert_table(container, start + "</w:tbl>")
        fill_table_cells(table, appendix, placed, ncols, [Length(t * 635) for t in twips], label,
                         plan.size_pt, valign=not has_style)  # 635 EMU a twip
        return table
    rows_xml = table_rows.TableRows(twips, plan.size_pt, valign=not has_style).write(
        appendix, spans, label, _aligner(appendix, ncols, label))
    table_xml = start + rows_xml + "</w:tbl>"
    if deferred is not None:
        deferred.add(container, table_xml)
        return None
    return _insert_table(container, table_xml)


def _fill(cell, text: str, size: float, *, bold=False, italic=False, align="left",
          indent: Length = Mm(0), keep: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = cell.part.document.styles[cell_style(size, align)[0]]
    if indent:
        paragraph.paragraph_format.left_indent = indent
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    lines = text.split("\n") if text else []
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.bold = bold or None
        run.font.italic = italic or None
        if i < len(lines) - 1:
            run.add_break()


def fill_table_cells(table, appendix: AppendixTable, placed: list[Placed], ncols: int,
                     col_widths: list[Length], label: int, size: float, *, valign: bool = False) -> None:
    """The rows through python-docx's cell API: the plain version of table_rows.TableRows.
    valign: centre each cell vertically itself (no «Bảng phụ lục» style in the document)."""
    def prepare(row, header):
        cells = list(row.cells)
        for cell, w in zip(cells, col_widths):
            cell.width = w
            if valign:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if header:
            _tbl.set_repeat_header(row)
        _tbl.set_cant_split(row)
        return cells

    header_rows = [table.add_row() for _ in appendix.header_rows]
    grid = [prepare(row, True) for row in header_rows]
    for p in placed:
        _fill(grid[p.row][p.col], p.cell.text, size, bold=True if not p.cell.italic else p.cell.bold,
              italic=p.cell.italic, align=p.cell.align or "center")
    for p in placed:
        rs, cs = max(1, p.cell.rowspan), max(1, p.cell.colspan)
        if rs > 1 or cs > 1:
            last_row = min(p.row + rs, len(grid)) - 1
            last_col = min(p.col + cs, ncols) - 1
            grid[p.row][p.col].merge(grid[last_row][last_col])
    if appendix.number_row:
        for c, cell in enumerate(prepare(table.add_row(), True)):
            _fill(cell, f"({c + 1})", size, italic=True, align="center")
    last = len(appendix.rows) - 1
    for index, spec in enumerate(appendix.rows):
        style = spec.get("style", "item") or "item"
        keep = (style == "group" and index < last) or index == last - 1
        cells = prepare(table.add_row(), False)
        c, merges = 0, []
        for value in spec.get("cells", []):
            if c >= ncols:
                break
            tc = value if isinstance(value, TableCell) else TableCell("" if value is None else str(value))
            span = min(max(1, tc.colspan), ncols - c)
            align = tc.align or body_align(appendix, c, tc.text, label)
            indent = Mm(widths.SUB_INDENT_MM.get(style, 0.0)) if c == label and span == 1 \
                and align == "left" else Mm(0)
            _fill(cells[c], tc.text, size, bold=tc.bold or style == "group",
                  italic=tc.italic or style in ("sub", "subsub"), align=align, indent=indent, keep=keep)
            if span > 1:
                merges.append((c, c + span - 1))
            c += span
        for first, last_col in merges:
            cells[first].merge(cells[last_col])


def add_appendix(document, appendix: AppendixTable, *, deferred=None) -> None:
    """A new landscape section: "Phụ lục …", the title, the attached line, a rule, the unit
    line, the table. `deferred`: see add_appendix_table."""
    add_landscape_section(document)
    add_line(document, appendix.number, size=Pt(14), bold=True, keep_with_next=True)
    for line in [t.strip() for t in appendix.title.splitlines() if t.strip()] or [""]:
        add_line(document, line, size=Pt(14), bold=True, upper=True, keep_with_next=True)
    if appendix.attached_line:
        add_line(document, appendix.attached_line, size=Pt(13), italic=True, keep_with_next=True)
    add_rule(document, Mm(40), LANDSCAPE_TEXT_WIDTH, space_after=Pt(6), keep_with_next=True)
    if appendix.unit_note:
        add_line(document, appendix.unit_note, size=Pt(12), italic=True, align="right",
                 space_after=Pt(3), keep_with_next=True)
    add_appendix_table(document, appendix, LANDSCAPE_TEXT_WIDTH, deferred=deferred)
