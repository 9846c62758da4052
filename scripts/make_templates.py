"""Regenerate templates/docx/*.docx: the Nghị định 30/2020/NĐ-CP layouts docxtpl fills.

    python scripts/make_templates.py [OUTDIR]

Each template is an ordinary Word document an officer can open and restyle: a borderless
letterhead table with docxtpl tags, the title and trích yếu, a `{{p body }}` placeholder for
the sections, the closing, the Nơi nhận / signature table, a page number in the header (not
on the first page), and the styles Normal, Heading 1–4, Table Grid and the yellow
placeholder character style. The tags read the context that `reportgen.render` passes:

    info.parent_agency, info.issuer, info.authority, info.signer, info.place, …
    number_line, date_line, title, subject, recipient_line, body, closing, recipient_lines
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.docx import oxml as _oxml  # noqa: E402
from reportgen.docx import layout as L  # noqa: E402

# Letterhead and signature columns: together exactly the 165 mm text width.
LETTERHEAD_WIDTHS = [Mm(65), Mm(100)]
SIGNATURE_WIDTHS = [Mm(75), Mm(90)]
CELL_PADDING = Mm(2)        # left + right cell margins of the layout tables
ISSUER_RULE = Mm(20)        # 1/3 – 1/2 of a typical issuer line ("SỞ Y TẾ" is ~20 mm)
MOTTO_RULE = Mm(61)         # as long as "Độc lập - Tự do - Hạnh phúc" in bold 13 pt
SUBJECT_RULE = Mm(40)

TEMPLATES = {
    # file name: (document type shown in Word's properties, "Kính gửi" line)
    "bao-cao.docx": ("Báo cáo", "optional"),
    "ke-hoach.docx": ("Kế hoạch", "optional"),
    "bao-cao-hdnd.docx": ("Báo cáo gửi Hội đồng nhân dân", "always"),
}


def letterhead(doc) -> None:
    table = L.borderless_table(doc, LETTERHEAD_WIDTHS, rows=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    for cell in (left, right):
        L.clear_cell(cell)
    L.add_line(left, "{%p if info.parent_agency %}", size=Pt(13))
    L.add_line(left, "{{ info.parent_agency|upper }}", size=Pt(13))
    L.add_line(left, "{%p endif %}", size=Pt(13))
    L.add_line(left, "{{ info.issuer|upper }}", size=Pt(13), bold=True)
    L.add_rule(left, ISSUER_RULE, LETTERHEAD_WIDTHS[0] - CELL_PADDING)

    L.add_line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=Pt(12), bold=True)
    L.add_line(right, "Độc lập - Tự do - Hạnh phúc", size=Pt(13), bold=True)
    L.add_rule(right, MOTTO_RULE, LETTERHEAD_WIDTHS[1] - CELL_PADDING)

    number, date = table.cell(1, 0), table.cell(1, 1)
    for cell in (number, date):
        L.clear_cell(cell)
    L.add_line(number, "{{ number_line }}", size=Pt(13), space_before=Pt(6))
    L.add_line(date, "{{ date_line }}", size=Pt(13), italic=True, space_before=Pt(6))


def title_block(doc, recipient: str) -> None:
    L.add_line(doc, "{{ title }}", size=Pt(14), bold=True, space_before=Pt(18),
               keep_with_next=True)
    L.add_line(doc, "{{ subject }}", size=Pt(14), bold=True, keep_with_next=True)
    L.add_rule(doc, SUBJECT_RULE, L.TEXT_WIDTH, space_after=Pt(12))
    if recipient == "optional":
        L.add_line(doc, "{%p if recipient_line %}")
    L.add_line(doc, "{{ recipient_line }}", size=Pt(14), space_after=Pt(12))
    if recipient == "optional":
        L.add_line(doc, "{%p endif %}")


def body_and_closing(doc) -> None:
    doc.add_paragraph("{{p body }}", style="Normal")
    doc.add_paragraph("{%p if closing %}", style="Normal")
    doc.add_paragraph("{{ closing }}", style="Normal")
    doc.add_paragraph("{%p endif %}", style="Normal")


def signature(doc) -> None:
    table = L.borderless_table(doc, SIGNATURE_WIDTHS, rows=1)
    _oxml.set_cant_split(table.rows[0])  # the signature block never splits across pages
    left, right = table.cell(0, 0), table.cell(0, 1)
    for cell in (left, right):
        L.clear_cell(cell)
    L.add_line(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True, align="left",
               space_before=Pt(6))
    L.add_line(left, "{%p for line in recipient_lines %}", size=Pt(11), align="left")
    L.add_line(left, "{{ line }}", size=Pt(11), align="left")
    L.add_line(left, "{%p endfor %}", size=Pt(11), align="left")

    L.add_line(right, "{%p for line in info.authority %}", size=Pt(14), space_before=Pt(6))
    L.add_line(right, "{{ line|upper }}", size=Pt(14), bold=True)
    L.add_line(right, "{%p endfor %}", size=Pt(14))
    for _ in range(5):  # room for the signature and the seal (~3 cm)
        L.add_line(right, "", size=Pt(14))
    L.add_line(right, "{{ info.signer }}", size=Pt(14), bold=True)


def build(doc_type: str, recipient: str):
    doc = docx.Document()
    L.define_styles(doc)
    section = doc.sections[0]
    L.setup_section(section)
    L.add_page_number_header(section)
    letterhead(doc)
    title_block(doc, recipient)
    body_and_closing(doc)
    signature(doc)
    props = doc.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.title = f"Mẫu {doc_type.lower()} (Nghị định 30/2020/NĐ-CP)"
    props.subject = doc_type
    props.comments = "Tạo bởi scripts/make_templates.py; có thể sửa kiểu chữ trong Word."
    props.language = "vi-VN"
    return doc


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "templates" / "docx"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (doc_type, recipient) in TEMPLATES.items():
        path = out_dir / name
        build(doc_type, recipient).save(str(path))
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
