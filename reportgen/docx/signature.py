"""The end of a document in the template: body placeholder, closing sentence, Nơi nhận and the
signature block, kept together on one page.

The closing ("Trên đây là …") keeps with the next paragraph, and the Nơi nhận / signature table
is one row that never splits, so the closing, Nơi nhận and the signature share a page.
"""

from __future__ import annotations

from docx.shared import Mm, Pt

from reportgen.docx import oxml_tables as _tbl
from reportgen.docx.lines import add_line
from reportgen.docx.tables import borderless_table, clear_cell

SIGNATURE_WIDTHS = [Mm(75), Mm(90)]


def body_and_closing(doc) -> None:
    doc.add_paragraph("{{p body }}", style="Normal")
    doc.add_paragraph("{%p if closing %}", style="Normal")
    closing = doc.add_paragraph("{{ closing }}", style="Normal")
    closing.paragraph_format.keep_with_next = True  # with Nơi nhận and the signature
    doc.add_paragraph("{%p endif %}", style="Normal")


def signature(doc) -> None:
    table = borderless_table(doc, SIGNATURE_WIDTHS, rows=1)
    _tbl.set_cant_split(table.rows[0])  # the signature block never splits across pages
    left, right = table.cell(0, 0), table.cell(0, 1)
    for cell in (left, right):
        clear_cell(cell)
    add_line(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True, align="left",
             space_before=Pt(6))
    add_line(left, "{%p for line in recipient_lines %}", size=Pt(11), align="left")
    add_line(left, "{{ line }}", size=Pt(11), align="left")
    add_line(left, "{%p endfor %}", size=Pt(11), align="left")

    add_line(right, "{%p for line in info.authority %}", size=Pt(14), space_before=Pt(6))
    add_line(right, "{{ line|upper }}", size=Pt(14), bold=True)
    add_line(right, "{%p endfor %}", size=Pt(14))
    for _ in range(5):  # room for the signature and the seal (~3 cm)
        add_line(right, "", size=Pt(14))
    add_line(right, "{{ info.signer }}", size=Pt(14), bold=True)
