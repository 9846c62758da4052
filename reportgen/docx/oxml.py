"""The WordprocessingML that python-docx 1.2 has no API for: fonts, styles, paragraphs, runs.

Tables, rows and cells: reportgen.docx.oxml_tables.

Every function takes a python-docx proxy (or its element) and edits the XML directly.
Sizes come in as python-docx `Length` values (Mm, Pt, …), never as raw twips.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from lxml import etree

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
XML_SPACE = _XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Children of w:rPr in schema order (CT_RPr); used to insert new ones in place.
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
    "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
# Children of w:pPr in schema order (CT_PPr), enough for the ones we add.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)

# Children of w:tcPr in schema order (CT_TcPr).
_TCPR_ORDER = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)


def _twips(length: Length) -> str:
    return str(int(round(Length(length).twips)))


@lru_cache(maxsize=None)  # a handful of orders, each asked for thousands of times
def _ranks(order: tuple[str, ...]) -> dict[str, int]:
    return {qn(n): i for i, n in enumerate(order)}


def _insert_ordered(parent, child, order: tuple[str, ...]) -> None:
    """Insert `child` into `parent` before the first sibling that comes later in `order`."""
    ranks = _ranks(order)
    idx = ranks.get(child.tag, len(ranks))
    for i, existing in enumerate(parent):
        if ranks.get(existing.tag, -1) > idx:
            parent.insert(i, child)
            return
    parent.append(child)


def _replace_child(parent, tag: str, order: tuple[str, ...]):
    """Remove any `tag` child of `parent`, add a fresh one in schema order, return it."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    el = OxmlElement(tag)
    _insert_ordered(parent, el, order)
    return el


# --- fonts -----------------------------------------------------------------------------

def set_rpr_fonts(rPr, font_name: str) -> None:
    """Drop the four *Theme attributes of w:rFonts and name `font_name` for all scripts."""
    rFonts = rPr.find(qn("w:rFonts"))
    if rFonts is None:
        rFonts = OxmlElement("w:rFonts")
        _insert_ordered(rPr, rFonts, _RPR_ORDER)
    for attr in _THEME_ATTRS:
        rFonts.attrib.pop(qn(attr), None)
    for attr in _FONT_ATTRS:
        rFonts.set(qn(attr), font_name)


def set_rpr_size(rPr, size: Length) -> None:
    """Set w:sz and w:szCs (complex-script size) to `size`."""
    half_points = str(int(round(Length(size).pt * 2)))
    for tag in ("w:sz", "w:szCs"):
        _replace_child(rPr, tag, _RPR_ORDER).set(qn("w:val"), half_points)


def set_rpr_lang(rPr, lang: str) -> None:
    """Proofing language of the text (e.g. "vi-VN")."""
    el = _replace_child(rPr, "w:lang", _RPR_ORDER)
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)
    el.set(qn("w:bidi"), "ar-SA")


def set_rpr_black(rPr) -> None:
    """Plain black text: drop theme colours."""
    _replace_child(rPr, "w:color", _RPR_ORDER).set(qn("w:val"), "000000")


def set_rpr_shading(rPr, fill: str) -> None:
    """A solid background colour behind the text (w:shd), e.g. "FFFF00"."""
    shd = _replace_child(rPr, "w:shd", _RPR_ORDER)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def doc_defaults_rpr(styles_element):
    """The w:rPr of w:docDefaults/w:rPrDefault (created when missing)."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rPr = rpr_default.find(qn("w:rPr"))
    if rPr is None:
        rPr = OxmlElement("w:rPr")
        rpr_default.append(rPr)
    return rPr


def doc_defaults_ppr(styles_element):
    """The w:pPr of w:docDefaults/w:pPrDefault (created when missing)."""
    rPr = doc_defaults_rpr(styles_element)
    defaults = rPr.getparent().getparent()
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.append(ppr_default)
    pPr = ppr_default.find(qn("w:pPr"))
    if pPr is None:
        pPr = OxmlElement("w:pPr")
        ppr_default.append(pPr)
    return pPr


def style_rpr(style):
    """The w:rPr of a python-docx style (created when missing)."""
    return style.element.get_or_add_rPr()


def replace_theme_fonts_everywhere(styles_element, font_name: str) -> None:
    """Every w:rFonts in styles.xml that names a theme font now names `font_name`."""
    for rFonts in styles_element.iter(qn("w:rFonts")):
        if any(rFonts.get(qn(a)) is not None for a in _THEME_ATTRS):
            for attr in _THEME_ATTRS:
                rFonts.attrib.pop(qn(attr), None)
            for attr in _FONT_ATTRS:
                rFonts.set(qn(attr), font_name)


def set_theme_fonts(document, font_name: str) -> None:
    """Set the theme's major and minor Latin fonts, so styles made later in Word match."""
    theme_part = None
    for rel in document.part.rels.values():
        if rel.reltype == RT.THEME:
            theme_part = rel.target_part
    if theme_part is None:
        return
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    root = etree.fromstring(theme_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))  # user XML
    for latin in root.xpath("//a:majorFont/a:latin | //a:minorFont/a:latin", namespaces=ns):
        latin.set("typeface", font_name)
    theme_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)


def remove_numbering(style) -> None:
    """No automatic numbering on a paragraph style (the numbers are in the text)."""
    pPr = style.element.pPr
    if pPr is not None:
        for numPr in pPr.findall(qn("w:numPr")):
            pPr.remove(numPr)


def linked_style_id(style) -> str | None:
    """The styleId named by w:link (e.g. "Heading1Char"), or None."""
    link = style.element.find(qn("w:link"))
    return None if link is None else link.get(qn("w:val"))


def set_style_outline_level(style, level: int) -> None:
    """w:outlineLvl (0-based) so the navigation pane lists the heading."""
    pPr = style.element.get_or_add_pPr()
    _replace_child(pPr, "w:outlineLvl", _PPR_ORDER).set(qn("w:val"), str(level))


# --- paragraphs and runs ---------------------------------------------------------------

W_VAL = qn("w:val")
W_T = qn("w:t")
# Children of w:style in schema order (CT_Style).
_STYLE_ORDER = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
    "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal",
    "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr",
    "w:tcPr", "w:tblStylePr",
)


def set_style_cell_valign(style, value: str) -> None:
    """w:tcPr/w:vAlign of a table style: the vertical alignment of every cell of its tables."""
    tcPr = style.element.find(qn("w:tcPr"))
    if tcPr is None:
        tcPr = OxmlElement("w:tcPr")
        _insert_ordered(style.element, tcPr, _STYLE_ORDER)
    vAlign = _replace_child(tcPr, "w:vAlign", _TCPR_ORDER)
    vAlign.set(qn("w:val"), value)


_W_R, _W_T, _W_BR, _W_TAB, _W_RPR, _W_RSTYLE, _W_I = (
    qn(t) for t in ("w:r", "w:t", "w:br", "w:tab", "w:rPr", "w:rStyle", "w:i"))


def element(tag: str):
    """A new python-docx element (its custom class, e.g. CT_P), to build prototypes from."""
    return OxmlElement(tag)


def sub_element(parent, tag: str):
    """A new `tag` child appended to `parent` (same element classes as python-docx's)."""
    return etree.SubElement(parent, qn(tag))


def clone(el):
    """A deep copy of a prototype element (lxml's own copy, without copy.deepcopy's memo)."""
    return el.__deepcopy__(None)


_W_NSDECL = ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def fragment(el) -> str:
    """`el` serialized as it reads inside a document part (where the w: prefix is declared
    on the root), for elements that use no namespace other than w: and xml:."""
    text = etree.tostring(el, encoding="unicode")
    head, sep, rest = text.partition(">")
    if _W_NSDECL not in head or "xmlns" in head.replace(_W_NSDECL, "", 1) or "xmlns" in rest:
        raise ValueError("fragment(): element with other namespace declarations")
    return head.replace(_W_NSDECL, "", 1) + sep + rest


def append_text(r, text: str) -> None:
    """Run content for `text`, as python-docx's `Run.text = text` writes it: a `<w:t>` per
    stretch of characters (xml:space="preserve" when it has outer whitespace), `<w:tab/>`
    for a tab, `<w:br/>` for "\n" or "\r"."""
    SubElement = etree.SubElement
    if "\t" not in text and "\n" not in text and "\r" not in text:
        if text:
            t = SubElement(r, _W_T)
            t.text = text
            if len(text.strip()) < len(text):
                t.set(_XML_SPACE, "preserve")
        return
    buf: list[str] = []

    def flush():
        if buf:
            chunk = "".join(buf)
            t = SubElement(r, _W_T)
            t.text = chunk
            if len(chunk.strip()) < len(chunk):
                t.set(_XML_SPACE, "preserve")
            buf.clear()

    for char in text:
        if char == "\t":
            flush()
            SubElement(r, _W_TAB)
        elif char in "\r\n":
            flush()
            SubElement(r, _W_BR)
        else:
            buf.append(char)
    flush()


def append_run(p, text: str, *, italic: bool = False, styled: bool = False,
               style_id: str | None = None, rPr=None):
    """Append `<w:r>` with `text` to `p`, as `p.add_run(text[, style])` (+ `font.italic = True`)
    writes it; `rPr`: a prototype w:rPr to copy in instead."""
    r = etree.SubElement(p, _W_R)
    if rPr is not None:
        r.append(copy.deepcopy(rPr))
    elif styled or italic:
        props = etree.SubElement(r, _W_RPR)
        if styled and style_id is not None:
            etree.SubElement(props, _W_RSTYLE).set(W_VAL, style_id)
        if italic:
            etree.SubElement(props, _W_I)
    append_text(r, text)
    return r


def set_paragraph_bottom_border(paragraph, size_pt: float = 0.75, space_pt: int = 1) -> None:
    """A single black line under the paragraph (its width follows the indents)."""
    pPr = paragraph._p.get_or_add_pPr()
    pBdr = _replace_child(pPr, "w:pBdr", _PPR_ORDER)
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(int(round(size_pt * 8))))  # eighths of a point
    bottom.set(qn("w:space"), str(space_pt))
    bottom.set(qn("w:color"), "000000")
    pBdr.append(bottom)


def set_paragraph_rpr_size(paragraph, size: Length) -> None:
    """Size of the paragraph mark itself (keeps empty paragraphs as small as their text)."""
    pPr = paragraph._p.get_or_add_pPr()
    rPr = pPr.find(qn("w:rPr"))
    if rPr is None:
        rPr = OxmlElement("w:rPr")
        _insert_ordered(pPr, rPr, _PPR_ORDER)
    set_rpr_size(rPr, size)


def _copy(props):
    return None if props is None else copy.deepcopy(props)


def _restamp(element, current, props) -> None:
    """Replace `element`'s properties child `current` (w:pPr, w:rPr, w:tcPr) by a copy of `props`."""
    if current is not None:
        element.remove(current)
    if props is not None:
        element.insert(0, copy.deepcopy(props))


def copy_paragraph_properties(paragraph):
    """A copy of the paragraph's w:pPr (or None), to stamp onto many paragraphs."""
    return _copy(paragraph._p.pPr)


def stamp_paragraph_properties(paragraph, pPr) -> None:
    """Give `paragraph` a copy of `pPr` (from copy_paragraph_properties) instead of its own."""
    _restamp(paragraph._p, paragraph._p.pPr, pPr)


def copy_run_properties(run):
    return _copy(run._r.rPr)


def stamp_run_properties(run, rPr) -> None:
    _restamp(run._r, run._r.rPr, rPr)


def copy_cell_properties(cell):
    return _copy(cell._tc.tcPr)


def stamp_cell_properties(cell, tcPr) -> None:
    _restamp(cell._tc, cell._tc.tcPr, tcPr)


def preserve_spaces(run) -> None:
    """xml:space="preserve" on the run's text, so runs of spaces survive."""
    for t in run._r.findall(qn("w:t")):
        t.set(_XML_SPACE, "preserve")


def add_field(paragraph, instr: str, placeholder: str = "1"):
    """A complex field (begin / instrText / separate / result / end) as runs; returns them."""
    runs = []

    def run_with(child):
        run = paragraph.add_run()
        run._r.append(child)
        runs.append(run)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr_el = OxmlElement("w:instrText")
    instr_el.set(_XML_SPACE, "preserve")
    instr_el.text = f" {instr} "
    run_with(instr_el)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    runs.append(paragraph.add_run(placeholder))
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)
    return runs


def field_instructions(element) -> list[str]:
    """The instructions of every field under `element` (simple and complex fields)."""
    out = [f.get(qn("w:instr")) or "" for f in element.iter(qn("w:fldSimple"))]
    out += [(t.text or "") for t in element.iter(qn("w:instrText"))]
    return [s.strip() for s in out]


# --- style lookups -----------------------------------------------------------------------

_ON = ("1", "true", "on")


_NSMAP = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_STYLE_NAMED = etree.XPath("w:style[w:name/@w:val=$name]", namespaces=_NSMAP)
_DEFAULT_TABLE_STYLES = etree.XPath('w:style[@w:type="table"][@w:default]', namespaces=_NSMAP)


def style_by_name(styles_element, name: str):
    """The w:style named `name` in styles.xml (python-docx's `styles[name]` for names that are
    not BabelFish aliases such as "Table Grid"), or None."""
    found = _STYLE_NAMED(styles_element, name=name)
    return found[0] if found else None


_DEFAULT_STYLES = etree.XPath("w:style[@w:type=$type][@w:default]", namespaces=_NSMAP)


def _is_default(styles_element, style, style_type) -> bool:
    """python-docx's `style == styles.default(style_type)`: the last w:style of that type
    marked w:default (on)."""
    defaults = [s for s in _DEFAULT_STYLES(styles_element, type=style_type.xml_value)
                if s.get(qn("w:default")) in _ON]
    return bool(defaults) and defaults[-1] is style


def style_id(part, name: str, style_type) -> str | None:
    """`part.get_style_id(name, style_type)` (None for the default style of the type) without
    python-docx's walk over every style; python-docx itself answers the odd cases (no such
    style, another type, a name that is really an id) with its usual errors and warnings."""
    from docx.styles import BabelFish
    styles_element = part.styles.element
    style = style_by_name(styles_element, BabelFish.ui2internal(name))
    if style is None or style.type != style_type:
        return part.get_style_id(name, style_type)
    return None if _is_default(styles_element, style, style_type) else style.styleId
