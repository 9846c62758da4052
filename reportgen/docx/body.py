"""The body: intro paragraphs, headings (Heading 1–4) and paragraphs (Normal, bullets, notes,
highlighted placeholders) into any block container (a document, a cell, a docxtpl Subdoc).

`add_heading` / `add_paragraph` are the plain versions; `write_body` is their measured fast path
(`_BodyWriter`, bench/build_speed.py phase "body": python-docx looked every style up again for
each paragraph), writing the same XML.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.text.paragraph import Paragraph as DocxParagraph

from reportgen.docx import oxml as _oxml
from reportgen.docx.styles import PLACEHOLDER_PREFIX, PLACEHOLDER_STYLE
from reportgen.documents.model import Paragraph, Section


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
