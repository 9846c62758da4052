"""The document context: plain values the report builders fill and `render_document` prints.

Nothing here knows about Word. The builders (read → check → compare → wording) produce a
`Document`; `reportgen.render.render_document` lays it out per Nghị định 30/2020/NĐ-CP.
All text is printed literally: it is never treated as template code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal, Union

ParagraphKind = Literal["body", "placeholder", "bullet", "note"]
DocumentKind = Literal["report", "plan", "hdnd"]
Align = Literal["left", "center", "right"]
RowStyle = Literal["group", "item", "sub", "subsub"]

PARAGRAPH_KINDS = ("body", "placeholder", "bullet", "note")
DOCUMENT_KINDS = ("report", "plan", "hdnd")
ALIGNS = ("left", "center", "right")
ROW_STYLES = ("group", "item", "sub", "subsub")


@dataclass
class DocInfo:
    """Letterhead and signature data (thể thức văn bản).

    `doc_number` "" prints "Số:      /BC-SYT"; `date` None prints blanks for day and month
    ("ngày     tháng     năm 2025"), the year taken from `year` or else today.
    """

    parent_agency: str
    issuer: str
    doc_code: str
    doc_number: str = ""
    place: str = ""
    date: datetime.date | None = None
    signer: str = ""
    authority: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    year: int | None = None


@dataclass
class Paragraph:
    """One paragraph of the body.

    kind: "body" (Normal), "placeholder" (highlighted "[Nội dung cần bổ sung: …]"),
    "bullet" (a "- …" line), "note" (italic).
    sources: where the figures came from, e.g. [(file, sheet, cell)]; not printed yet.
    """

    text: str
    kind: ParagraphKind = "body"
    sources: list[tuple] = field(default_factory=list)


@dataclass
class Section:
    """A heading (Heading 1–4) and its paragraphs; subsections follow in `Document.sections`."""

    level: int
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    id: str = ""


@dataclass
class TableCell:
    """A cell of an appendix table; spans apply to header rows and body rows alike."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    italic: bool = False
    align: Align | None = None  # None: centred in header rows, the column's alignment in body rows


@dataclass
class AppendixTable:
    """A PHỤ LỤC table, printed in its own landscape section after the signature.

    rows: [{"cells": [str | TableCell, ...], "style": "group" | "item" | "sub" | "subsub"}]
    col_widths_mm: relative widths, scaled to the landscape text width.
    col_align: "left" | "center" | "right" per column (numbers "right").
    """

    number: str
    title: str
    attached_line: str = ""
    unit_note: str = ""
    header_rows: list[list[TableCell]] = field(default_factory=list)
    number_row: bool = True
    rows: list[dict] = field(default_factory=list)
    col_widths_mm: list[float] = field(default_factory=list)
    col_align: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class Document:
    """A whole document: letterhead, title, trích yếu, body, closing, signature, appendices.

    Keyword-only. kind: "report" (báo cáo), "plan" (kế hoạch), "hdnd" (báo cáo gửi HĐND,
    with `recipient_line` "Kính gửi: …"). `subject` may contain "\n" for line breaks.
    """

    kind: DocumentKind
    title: str
    subject: str
    recipient_line: str = ""
    intro: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: str = ""
    info: DocInfo
    appendices: list[AppendixTable] = field(default_factory=list)
    # `build --draft`: the errors `check` found; the first page then says it is a draft and lists them
    draft: list[str] = field(default_factory=list)


def draft_paragraphs(doc: Document) -> list[Paragraph]:
    """The draft notice printed before the body (page 1) when `doc.draft` holds findings."""
    if not doc.draft:
        return []
    # bracketed: a highlighted placeholder printed as it is
    head = Paragraph("[DỰ THẢO — văn bản lập từ số liệu chưa đạt kiểm tra (reportgen build --draft); "
                     "không ban hành trước khi sửa các lỗi sau:]", kind="placeholder")
    return [head] + [Paragraph(f"[- {line}]", kind="placeholder") for line in doc.draft]


@dataclass
class Comment:
    """A Word comment anchored on the heading of the section whose `id` is `target`."""

    target: str
    text: str
    author: str = "reportgen"
    initials: str = "RG"


CellValue = Union[str, TableCell]
