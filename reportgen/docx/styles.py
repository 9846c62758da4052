"""The styles reportgen writes with: Normal, Heading 1–4, the placeholder character style, the
paragraph styles of appendix table cells and the appendix table style (formatting carried once
by a style, not by every cell: a commune's document.xml shrank from 2.2 MB to well under half,
and by another 13 % when the cells' vertical centring moved into the table style)."""

from __future__ import annotations

import re

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reportgen.docx import oxml as _oxml
from reportgen.docx.page import (ALIGN, BODY_SIZE, FIRST_LINE_INDENT, FONT, LANG, LINE_SPACING,
                                 SPACE_AFTER)

# Headings: (bold, italic) per level; all 14 pt, black, Times New Roman.
HEADING_LOOK = {1: (True, False), 2: (True, False), 3: (True, True), 4: (False, True)}

PLACEHOLDER_STYLE = "Nội dung cần bổ sung"
PLACEHOLDER_STYLE_ID = "NoiDungCanBoSung"
PLACEHOLDER_PREFIX = "Nội dung cần bổ sung"

# Table cell paragraphs: one style per font size and alignment ("Bảng 12 - phải").
TABLE_SIZES = (12, 11, 10, 9)
_ALIGN_NAMES = {"left": ("trái", "Trai"), "center": ("giữa", "Giua"), "right": ("phải", "Phai")}
CELL_SPACE = Pt(2)

# The table style of the Phụ lục tables: carries what every cell of them shares (vertical
# centring), so the cells don't repeat it; an officer can change it once in Word.
# LibreOffice honours a table style's cell properties (a page-for-page identical rendering),
# not its borders: the borders stay direct formatting on each table (reportgen.docx.tables).
APPENDIX_TABLE_STYLE = "Bảng phụ lục"
APPENDIX_TABLE_STYLE_ID = "BangPhuLuc"


def cell_style(size_pt: float, align: str) -> tuple[str, str]:
    """(name, style id) of the cell paragraph style for a size in TABLE_SIZES and an alignment."""
    name, ident = _ALIGN_NAMES.get(align, _ALIGN_NAMES["left"])
    size = int(size_pt)
    return f"Bảng {size} - {name}", f"Bang{size}{ident}"


def define_styles(document, *, only_missing: bool = False) -> None:
    """The styles reportgen writes with, defined on `document`.

    only_missing=False (making a template): docDefaults, Normal, Heading 1–4, Table Grid, the
    table cell styles and the placeholder character style are (re)defined per Nghị định 30,
    and every theme font in styles.xml becomes Times New Roman.
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
    if APPENDIX_TABLE_STYLE not in names:
        style = styles.add_style(APPENDIX_TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        style.style_id = APPENDIX_TABLE_STYLE_ID
        _define_appendix_table(styles, style)
    elif not only_missing:
        _define_appendix_table(styles, styles[APPENDIX_TABLE_STYLE])
    for size in TABLE_SIZES:
        for align in _ALIGN_NAMES:
            name, ident = cell_style(size, align)
            if name not in names:
                style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                style.style_id = ident
                _define_cell(styles, style, size, align)
            elif not only_missing:
                _define_cell(styles, styles[name], size, align)
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


# Styles a template keeps besides those define_styles writes and those its parts use.
_KEPT_STYLES = ("Header", "Footer")
_STYLE_REFS = re.compile(rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]+)"')
_STYLES_WITH_EFFECTS = ("http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")


def prune_styles(document) -> int:
    """Slim a template made from python-docx's default document: its styles.xml (350 KB)
    defines some 180 styles, and its stylesWithEffects.xml (440 KB, Word 2010's copy of them
    all) comes along; every document made from the template carried both, and serializing them
    cost more than the text of a report. Keeps the styles reportgen writes with, Header and
    Footer, the default style of each type, every style a part of the document refers to, and
    whatever those are based on, linked to or followed by; Word still offers every built-in
    style (w:latentStyles stays). Returns how many styles were removed."""
    styles_el = document.styles.element
    by_id = {s.styleId: s for s in styles_el.iterfind(qn("w:style"))}
    wanted = {cell_style(size, align)[0] for size in TABLE_SIZES for align in _ALIGN_NAMES}
    wanted |= {"Normal", "Table Grid", APPENDIX_TABLE_STYLE, PLACEHOLDER_STYLE, *_KEPT_STYLES}
    wanted |= {f"Heading {level}" for level in range(1, 5)}
    wanted = {name.lower() for name in wanted}  # styles.xml names built-ins "heading 1", "header"
    keep = {i for i, s in by_id.items() if s.default or (s.name_val or "").lower() in wanted}
    for part in document.part.package.iter_parts():
        if not part.partname.endswith(("/styles.xml", "/stylesWithEffects.xml")):
            keep |= {m.decode() for m in _STYLE_REFS.findall(part.blob or b"")}
    todo = list(keep)
    while todo:  # what the kept styles are based on, linked to, followed by
        style = by_id.get(todo.pop())
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag)) if style is not None else None
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                todo.append(ref.get(qn("w:val")))
    removed = [s for i, s in by_id.items() if i not in keep]
    for style in removed:
        styles_el.remove(style)
    for rId, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            document.part.drop_rel(rId)
    return len(removed)


def _define_appendix_table(styles, style) -> None:
    """Based on Table Grid; every cell vertically centred (w:tcPr/w:vAlign in the style)."""
    style.base_style = styles["Table Grid"]
    style.hidden = False
    style.quick_style = False
    style.unhide_when_used = False
    _oxml.set_style_cell_valign(style, "center")


def _define_cell(styles, style, size: int, align: str) -> None:
    """No indent, 2 pt before and after, single spacing, the size and alignment of the name."""
    style.base_style = styles["Normal"]
    style.hidden = False
    style.quick_style = False
    style.unhide_when_used = False
    _oxml.set_rpr_size(_oxml.style_rpr(style), Pt(size))
    pf = style.paragraph_format
    pf.alignment = ALIGN[align]
    pf.first_line_indent = Cm(0)
    pf.left_indent = pf.right_indent = Cm(0)
    pf.space_before = pf.space_after = CELL_SPACE
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = 1.0
    pf.widow_control = False


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
