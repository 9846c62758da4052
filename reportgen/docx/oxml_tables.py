"""Raw table XML python-docx 1.2 has no API for: borders, widths, margins, look, rows, spans.

Every function takes a python-docx proxy (or its element) and edits the XML directly.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length

from reportgen.docx.oxml import _is_default, _replace_child, _twips, style_by_name

BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
# Children of w:tblPr in schema order (CT_TblPr).
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
    "w:tblCaption", "w:tblDescription",
)


def table_style_ref(styles_element, name: str) -> tuple[bool, str | None]:
    """(usable, id) of the table style named `name` for a w:tblStyle: usable is False when the
    document has no table style of that name; id is None for the default table style (which
    applies without a w:tblStyle, as python-docx writes `table.style = ` it)."""
    from docx.enum.style import WD_STYLE_TYPE
    style = style_by_name(styles_element, name)
    if style is None or style.type != WD_STYLE_TYPE.TABLE:
        return False, None
    return True, None if _is_default(styles_element, style, WD_STYLE_TYPE.TABLE) else style.styleId


def _tblPr(table):
    return table._tbl.tblPr


def _border_line(side: str, style: str, size_pt: float):
    """One border line (<w:top w:val="single" w:sz="4" …/>), or none ("nil")."""
    el = OxmlElement(f"w:{side}")
    if style == "none":
        el.set(qn("w:val"), "nil")
    else:
        el.set(qn("w:val"), style)
        el.set(qn("w:sz"), str(int(round(size_pt * 8))))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
    return el


def set_table_borders(table, style: str = "single", size_pt: float = 0.5) -> None:
    """Borders of the table as direct formatting: "single" lines or "none"."""
    tblPr = _tblPr(table)
    borders = _replace_child(tblPr, "w:tblBorders", _TBLPR_ORDER)
    for side in BORDER_SIDES:
        borders.append(_border_line(side, style, size_pt))


@lru_cache(maxsize=None)
def _cell_borders(style: str, size_pt: float):
    """The w:tcBorders of one kind of cell, made once and then copied (never changed itself)."""
    proto = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        proto.append(_border_line(side, style, size_pt))
    return proto


def set_cell_borders(cell, style: str = "single", size_pt: float = 0.5) -> None:
    """Borders of one cell (w:tcBorders); LibreOffice reads these most reliably."""
    tcPr = cell._tc.get_or_add_tcPr()
    for old in tcPr.findall(qn("w:tcBorders")):
        tcPr.remove(old)
    borders = copy.deepcopy(_cell_borders(style, size_pt))
    # CT_TcPr order: tcW, gridSpan, vMerge/hMerge, tcBorders, shd, noWrap, tcMar, ...
    anchor = None
    for tag in ("w:vMerge", "w:hMerge", "w:gridSpan", "w:tcW"):
        anchor = tcPr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is None:
        tcPr.insert(0, borders)
    else:
        anchor.addnext(borders)


def set_table_width(table, width: Length) -> None:
    """w:tblW as an absolute width."""
    tblW = _replace_child(_tblPr(table), "w:tblW", _TBLPR_ORDER)
    tblW.set(qn("w:w"), _twips(width))
    tblW.set(qn("w:type"), "dxa")


def set_table_indent(table, indent: Length) -> None:
    """w:tblInd: shift the table from the left margin (may be negative)."""
    tblInd = _replace_child(_tblPr(table), "w:tblInd", _TBLPR_ORDER)
    tblInd.set(qn("w:w"), _twips(indent))
    tblInd.set(qn("w:type"), "dxa")


def set_table_cell_margins(table, left: Length, right: Length,
                           top: Length | None = None, bottom: Length | None = None) -> None:
    """Default cell margins of the table (w:tblCellMar)."""
    mar = _replace_child(_tblPr(table), "w:tblCellMar", _TBLPR_ORDER)
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        if value is None:
            continue
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), _twips(value))
        el.set(qn("w:type"), "dxa")
        mar.append(el)


def set_table_look_none(table) -> None:
    """No conditional formatting from a table style (first row, banding)."""
    look = _replace_child(_tblPr(table), "w:tblLook", _TBLPR_ORDER)
    look.set(qn("w:val"), "0000")
    for attr in ("firstRow", "lastRow", "firstColumn", "lastColumn", "noHBand", "noVBand"):
        look.set(qn(f"w:{attr}"), "1" if attr in ("noHBand", "noVBand") else "0")


def set_repeat_header(row) -> None:
    """w:tblHeader: repeat this row at the top of each page."""
    trPr = row._tr.get_or_add_trPr()
    if trPr.find(qn("w:tblHeader")) is None:
        trPr.append(OxmlElement("w:tblHeader"))


def set_cant_split(row) -> None:
    """w:cantSplit: keep the row on one page."""
    trPr = row._tr.get_or_add_trPr()
    if trPr.find(qn("w:cantSplit")) is None:
        trPr.insert(0, OxmlElement("w:cantSplit"))


def is_repeat_header(row) -> bool:
    trPr = row._tr.trPr
    return trPr is not None and trPr.find(qn("w:tblHeader")) is not None


def table_border_values(table) -> dict[str, str]:
    """{side: w:val} of the table's direct borders (empty when none are set)."""
    borders = _tblPr(table).find(qn("w:tblBorders"))
    if borders is None:
        return {}
    return {el.tag.split("}")[1]: el.get(qn("w:val")) for el in borders}


def cell_border_values(cell) -> dict[str, str]:
    tcPr = cell._tc.tcPr
    borders = None if tcPr is None else tcPr.find(qn("w:tcBorders"))
    if borders is None:
        return {}
    return {el.tag.split("}")[1]: el.get(qn("w:val")) for el in borders}


def grid_span(cell) -> int:
    tcPr = cell._tc.tcPr
    span = None if tcPr is None else tcPr.find(qn("w:gridSpan"))
    return 1 if span is None else int(span.get(qn("w:val")))
