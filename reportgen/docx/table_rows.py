"""Appendix tables as WordprocessingML text: the fast path of `tables.add_appendix_table`.

Measured by bench/build_speed.py (phase "appendix tables"): python-docx's `row.cells`/`merge`
per cell dominated a build, and its table and table-property calls cost about 1 ms a table;
writing the table as text from a few prepared pieces (table_start, TableRows) and splicing it
in at save time (DeferredTables) costs a fraction of it. The plain path
(`tables.fill_table_cells`, for header cells that overlap) writes the same cells: width, spans
(gridSpan/vMerge), one paragraph in the cell style of the table's size and the cell's alignment
("Bảng 12 - phải"), bold/italic runs, keepNext on group rows and on the row before the last,
repeated header rows and cantSplit on every row. The vertical centring of every cell is the
table style's ("Bảng phụ lục"), not repeated in each cell.
"""

from __future__ import annotations

import secrets

from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from lxml import etree

from reportgen.docx.oxml_tables import BORDER_SIDES
from reportgen.docx.styles import cell_style
from reportgen.documents.model import AppendixTable, TableCell

SUB_INDENT_TWIPS = {"sub": 170, "subsub": 340}  # 3 and 6 mm


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


_RPR = {(b, i): "<w:rPr>" + ("<w:b/>" if b else "") + ("<w:i/>" if i else "") + "</w:rPr>" if b or i else ""
        for b in (False, True) for i in (False, True)}


def runs_xml(text: str, bold: bool, italic: bool) -> str:
    """The runs of a cell's text: one per line, joined by line breaks; tabs as w:tab."""
    if not text:
        return ""
    rpr = _RPR[bold, italic]
    if "\n" not in text and "\t" not in text:  # perf: most cells, one run
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f"<w:r>{rpr}<w:t{space}>{_escape(text)}</w:t></w:r>"
    out = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        pieces = []
        for j, chunk in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if chunk:
                space = ' xml:space="preserve"' if chunk != chunk.strip() else ""
                pieces.append(f"<w:t{space}>{_escape(chunk)}</w:t>")
        if i < len(lines) - 1:
            pieces.append("<w:br/>")
        out.append(f"<w:r>{rpr}{''.join(pieces)}</w:r>")
    return "".join(out)


class TableRows:
    """Writes the rows of one appendix table as text (see the module's docstring)."""

    def __init__(self, twips: list[int], size_pt: float, *, valign: bool = False):
        """valign: centre each cell vertically itself (when the document has no usable
        «Bảng phụ lục» table style to do it for every cell)."""
        self.twips = twips
        self.size = size_pt
        self._valign = '<w:vAlign w:val="center"/>' if valign else ""
        self.out: list[str] = []
        self._tcpr: dict[tuple, str] = {}
        self._ppr: dict[tuple, str] = {}
        self._heads: dict[tuple, str] = {}

    def _cell_start(self, col: int, span: int, vmerge: str | None) -> str:
        key = (col, span, vmerge)
        text = self._tcpr.get(key)
        if text is None:
            width = sum(self.twips[col:col + span])
            text = f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            if span > 1:
                text += f'<w:gridSpan w:val="{span}"/>'
            if vmerge == "restart":
                text += '<w:vMerge w:val="restart"/>'
            elif vmerge == "continue":
                text += "<w:vMerge/>"
            text += self._valign + "</w:tcPr>"
            self._tcpr[key] = text
        return text

    def _ppr_xml(self, align: str, indent: int, keep: bool) -> str:
        key = (align, indent, keep)
        text = self._ppr.get(key)
        if text is None:
            style_id = cell_style(self.size, align)[1]
            text = f'<w:pPr><w:pStyle w:val="{style_id}"/>' + ("<w:keepNext/>" if keep else "")
            if indent:
                text += f'<w:ind w:left="{indent}"/>'
            text += "</w:pPr>"
            self._ppr[key] = text
        return text

    def _head(self, key: tuple) -> str:
        """The start of a cell up to its runs, for key (col, span, vmerge, align, indent, keep)."""
        col, span, vmerge, align, indent, keep = key
        head = self._heads[key] = (self._cell_start(col, span, vmerge) + "<w:p>"
                                   + self._ppr_xml(align, indent, keep))
        return head

    def cell(self, col: int, text: str, *, span: int = 1, vmerge: str | None = None,
             bold: bool = False, italic: bool = False, align: str = "left", indent: int = 0,
             keep: bool = False) -> None:
        key = (col, span, vmerge, align, indent, keep)
        head = self._heads.get(key) or self._head(key)  # ~3,000 cells a report, a few dozen kinds
        self.out.append(head + runs_xml(text, bold, italic) + "</w:p></w:tc>")

    def row(self, header: bool) -> None:
        if self.out:
            self.out.append("</w:tr>")
        self.out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
                        + "</w:trPr>")

    def write(self, appendix: AppendixTable, spans: list[tuple], label: int, align_of) -> str:
        """The XML of every row (header rows, the (1)(2)… row, the data rows).
        align_of(col, text) -> the body alignment of a plain cell."""
        ncols = len(self.twips)
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
            self.row(header=True)
            for c in range(ncols):
                if (r, c) in top:
                    p, height, width = top[(r, c)]
                    cell = p.cell
                    self.cell(c, cell.text, span=width, vmerge="restart" if height > 1 else None,
                              bold=True if not cell.italic else cell.bold, italic=cell.italic,
                              align=cell.align or "center")
                elif (r, c) in covered:
                    span = covered[(r, c)]
                    if span is not None:  # else swallowed into the span's left column
                        self.cell(c, "", span=span[2], vmerge="continue", align="center")
                else:
                    self.cell(c, "", align="center")
        if appendix.number_row:
            self.row(header=True)
            for c in range(ncols):
                self.cell(c, f"({c + 1})", italic=True, align="center")

        last = len(appendix.rows) - 1
        heads, head_of, append = self._heads, self._head, self.out.append  # perf: the cell loop
        for index, spec in enumerate(appendix.rows):
            style = spec.get("style", "item") or "item"
            group, sub = style == "group", style in ("sub", "subsub")
            # Group rows keep with the row after them; the last two rows share a page.
            keep = (group and index < last) or (index == last - 1)
            label_indent = SUB_INDENT_TWIPS.get(style, 0)
            self.row(header=False)
            c = 0
            for value in spec.get("cells", []):
                if c >= ncols:
                    break
                if isinstance(value, TableCell):
                    text, span = value.text, min(max(1, value.colspan), ncols - c)
                    bold, italic, align = value.bold or group, value.italic or sub, value.align
                    align = align or align_of(c, text)
                else:  # the plain cells: most of a table
                    text = "" if value is None else value if type(value) is str else str(value)
                    span, bold, italic, align = 1, group, sub, align_of(c, text)
                indent = label_indent if c == label and span == 1 and align == "left" else 0
                key = (c, span, None, align, indent, keep)
                append((heads.get(key) or head_of(key)) + runs_xml(text, bold, italic) + "</w:p></w:tc>")
                c += span
            for rest in range(c, ncols):
                self.cell(rest, "", align="center", keep=keep)
        if self.out:
            self.out.append("</w:tr>")
        return "".join(self.out)


def table_start(style_id: str | None, twips: list[int], border_pt: float, margin_twips: int) -> str:
    """A Phụ lục table's <w:tbl> up to its first row: the table style (none when `style_id` is
    None), its width, centred, single borders outside and inside, fixed layout, left and right
    cell margins, no conditional formatting from the style, and the grid of column widths."""
    size = int(round(border_pt * 8))
    borders = "".join(f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'
                      for side in BORDER_SIDES)
    style = f'<w:tblStyle w:val="{_escape(style_id).replace(chr(34), "&quot;")}"/>' if style_id else ""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    return (f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{margin_twips}" w:type="dxa"/>'
            f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{margin_twips}" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            'w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid>')


def parse_table(table_xml: str):
    """The w:tbl element of a table written as text (table_start + rows + "</w:tbl>")."""
    return parse_xml(table_xml.replace("<w:tbl>", f"<w:tbl {nsdecls('w')}>", 1))


class DeferredTables:
    """Appendix tables kept as XML text until the document part is serialized (render's save).

    Building thousands of cells as lxml elements, then serializing them, cost more than the
    rest of the document; so did python-docx's table and table-property calls. `add` puts a
    marker comment at the end of the document's body where the table goes; `splice(blob)`
    swaps each marker in the serialized part for its table. One per document: it also
    remembers the document's table style for the next tables (`styles`).
    """

    def __init__(self):
        self.token = secrets.token_hex(8)
        self.chunks: list[str] = []
        self.styles: dict[str, tuple] = {}

    def add(self, document, table_xml: str) -> None:
        """`document`: a python-docx Document; the table goes at the end of its body."""
        marker = etree.Comment(f"reportgen-table {self.token} {len(self.chunks)}")
        document.element.body.insert_element_before(marker, "w:sectPr")
        self.chunks.append(table_xml)

    def splice(self, blob: bytes) -> bytes:
        if not self.chunks:
            return blob
        pieces = blob.split(f"<!--reportgen-table {self.token} ".encode())
        if len(pieces) != len(self.chunks) + 1:
            raise ValueError("appendix tables: markers missing or repeated in the document")
        out = [pieces[0]]
        for piece in pieces[1:]:
            number, rest = piece.split(b"-->", 1)
            out.append(self.chunks[int(number)].encode("utf-8"))
            out.append(rest)
        return b"".join(out)
