"""Directly formatted lines and short rules (letterhead, title, signature, appendix titles).

Each kind of line's formatting is built once with python-docx and copied (bench/build_speed.py
measured python-docx's property setters per line).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Length, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from reportgen.docx import oxml as _oxml
from reportgen.docx.page import ALIGN, BODY_SIZE, compact


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
        compact(proto, ALIGN[align], space_before=space_before, space_after=space_after,
                line_spacing=line_spacing)
        proto.paragraph_format.keep_with_next = keep_with_next
        _oxml.set_paragraph_rpr_size(proto, size)
        pPr = _LINE_PPR[key] = proto._p.pPr
    paragraph._p.insert(0, _oxml.clone(pPr))
    if text:
        r = _oxml.append_run(paragraph._p, text.upper() if upper else text,
                             rPr=run_rpr(size, bold, italic))
        if "  " in text or text != text.strip() or "{{" in text:
            for t in r.iterchildren(_oxml.W_T):
                t.set(_oxml.XML_SPACE, "preserve")
    return paragraph


_LINE_PPR: dict[tuple, object] = {}
_RUN_RPR: dict[tuple, object] = {}


def run_rpr(size: Length, bold: bool, italic: bool):
    """A prototype w:rPr with the size (and bold, italic), made once per kind."""
    key = (int(size), bool(bold), bool(italic))
    rPr = _RUN_RPR.get(key)
    if rPr is None:
        run = DocxRun(_oxml.element("w:r"), None)
        run.font.size = size
        run.font.bold = bold or None
        run.font.italic = italic or None
        rPr = _RUN_RPR[key] = run._r.rPr
    return rPr


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
        compact(proto, WD_ALIGN_PARAGRAPH.CENTER, space_after=space_after)
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
