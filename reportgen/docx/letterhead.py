"""Letterhead and title: the template's letterhead table and title block, and where their
lines break.

The issuer's lines break only between whole names ("ỦY BAN NHÂN DÂN" / "XÃ TÂN LẬP"), chosen
by measuring the text; the size shrinks only when one name alone is wider than the column.
The trích yếu is broken into balanced lines, none holding a single word.
"""

from __future__ import annotations

import re

from docx.shared import Mm, Pt

from reportgen.docx import measure
from reportgen.docx.lines import add_line, add_rule
from reportgen.docx.page import TEXT_WIDTH
from reportgen.docx.tables import borderless_table, clear_cell

# Letterhead and signature columns: together exactly the 165 mm text width.
LETTERHEAD_WIDTHS = [Mm(65), Mm(100)]
CELL_PADDING = Mm(2)        # left + right cell margins of the layout tables
ISSUER_RULE = Mm(20)        # 1/3 – 1/2 of a typical issuer line ("SỞ Y TẾ" is ~20 mm)
MOTTO_RULE = Mm(61)         # as long as "Độc lập - Tự do - Hạnh phúc" in bold 13 pt
SUBJECT_RULE = Mm(40)
LETTERHEAD_SIZE = 13.0
SUBJECT_SIZE = 14.0
_SAFETY_MM = 2.0            # measured text against LibreOffice's line: keep this much spare

# Where a new name starts inside an agency's name: the bodies (whole names in themselves),
# the administrative units and the offices. "XÃ HỘI" is a word, not a commune.
_BODIES = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "UBND", "HĐND")
_STARTS = ("THÀNH PHỐ", "TỈNH", "THỊ XÃ", "THỊ TRẤN", "XÃ", "PHƯỜNG", "ĐẶC KHU", "HUYỆN", "QUẬN",
           "SỞ", "PHÒNG", "TRUNG TÂM", "CHI CỤC", "BAN", "VĂN PHÒNG")
_NOT_STARTS = ("XÃ HỘI",)


def agency_names(text: str) -> list[str]:
    """An agency line cut into whole names: "UBND TỈNH SƠN HÀ" -> ["UBND", "TỈNH SƠN HÀ"]."""
    words = text.split()
    upper = [w.upper() for w in words]
    names: list[list[str]] = []
    i = 0
    while i < len(words):
        body = next((b for b in _BODIES if upper[i:i + len(b.split())] == b.split()), None)
        if body is not None:
            n = len(body.split())
            names.append(words[i:i + n])
            names.append([])
            i += n
            continue
        starts = any(upper[i:i + len(s.split())] == s.split() for s in _STARTS) and not any(
            upper[i:i + len(s.split())] == s.split() for s in _NOT_STARTS)
        if starts and names and names[-1]:
            names.append([])
        if not names:
            names.append([])
        names[-1].append(words[i])
        i += 1
    return [" ".join(n) for n in names if n]


def agency_lines(text: str, width_mm: float, *, bold: bool) -> tuple[list[str], float]:
    """(lines, size in pt) of an agency line in the letterhead column `width_mm` wide."""
    names = agency_names(text)
    if not names:
        return [], LETTERHEAD_SIZE
    return measure.name_lines(names, width_mm - _SAFETY_MM, LETTERHEAD_SIZE, bold=bold)


def letterhead_width_mm() -> float:
    return (LETTERHEAD_WIDTHS[0] - CELL_PADDING) / Mm(1)


_KEEP = re.compile(r"\b(năm|tháng|ngày|số|Mẫu|Phụ lục|Quý|giai đoạn) (\S)", re.IGNORECASE)


def subject_lines(text: str, width_mm: float | None = None) -> str:
    """The trích yếu with "\\n" between balanced lines ("năm 2026" never split); a text that
    already has line breaks is kept as written."""
    if "\n" in text or not text.strip():
        return text
    width = (width_mm if width_mm is not None else TEXT_WIDTH / Mm(1)) - _SAFETY_MM
    joined = _KEEP.sub(lambda m: f"{m.group(1)}{measure.JOINER}{m.group(2)}", text.strip())
    lines = measure.balanced_lines(joined, width, SUBJECT_SIZE, bold=True)
    return "\n".join(line.replace(measure.JOINER, " ") for line in lines)


# --- the template's letterhead and title ----------------------------------------------------

def letterhead(doc) -> None:
    """Issuer (left) and national motto (right), then the number and the place and date."""
    table = borderless_table(doc, LETTERHEAD_WIDTHS, rows=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    for cell in (left, right):
        clear_cell(cell)
    size = Pt(LETTERHEAD_SIZE)
    add_line(left, "{%p for line in parent_lines %}", size=size)
    add_line(left, "{{ line }}", size=size)
    add_line(left, "{%p endfor %}", size=size)
    add_line(left, "{%p for line in issuer_lines %}", size=size, bold=True)
    add_line(left, "{{ line }}", size=size, bold=True)
    add_line(left, "{%p endfor %}", size=size, bold=True)
    add_rule(left, ISSUER_RULE, LETTERHEAD_WIDTHS[0] - CELL_PADDING)

    add_line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=Pt(12), bold=True)
    add_line(right, "Độc lập - Tự do - Hạnh phúc", size=size, bold=True)
    add_rule(right, MOTTO_RULE, LETTERHEAD_WIDTHS[1] - CELL_PADDING)

    number, date = table.cell(1, 0), table.cell(1, 1)
    for cell in (number, date):
        clear_cell(cell)
    add_line(number, "{{ number_line }}", size=size, space_before=Pt(6))
    add_line(date, "{{ date_line }}", size=size, italic=True, space_before=Pt(6))


def title_block(doc, recipient: str) -> None:
    """Title, trích yếu and its rule; "Kính gửi" always, optionally, or (plan) when given."""
    add_line(doc, "{{ title }}", size=Pt(14), bold=True, space_before=Pt(18),
             keep_with_next=True)
    add_line(doc, "{{ subject }}", size=Pt(14), bold=True, keep_with_next=True)
    add_rule(doc, SUBJECT_RULE, TEXT_WIDTH, space_after=Pt(12))
    if recipient == "optional":
        add_line(doc, "{%p if recipient_line %}")
    add_line(doc, "{{ recipient_line }}", size=Pt(14), space_after=Pt(12))
    if recipient == "optional":
        add_line(doc, "{%p endif %}")


def shrink_letterhead(document, sizes: dict[str, float]) -> None:
    """After the template is filled: lines of the letterhead whose name alone is wider than the
    column get the smaller size `sizes[text]` (the rare case; most lines keep 13 pt)."""
    if not sizes or not document.tables:
        return
    cell = document.tables[0].cell(0, 0)
    for paragraph in cell.paragraphs:
        size = sizes.get(paragraph.text)
        if size is not None:
            for run in paragraph.runs:
                run.font.size = Pt(size)
